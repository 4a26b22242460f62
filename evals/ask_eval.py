"""`qt ask` evaluation: how many questions get the right recorded answer, and that none is invented.

Run with `python -m evals.ask_eval` (add --misses to see the failures). The set is
evals/tuned/ask_eval.jsonl: questions in Chinese and English with the observation,
entity or fact that answers them, or null when the fact base cannot answer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from qtcli.ask.ask import AskResult, ask
from qtcli.errors import QtError
from qtcli.index.store import Store

DATA = Path(__file__).parent / "tuned" / "ask_eval.jsonl"
FACTS = Path(__file__).resolve().parents[1] / "facts"


def load_cases(path: Path = DATA) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def expect_type(case: dict[str, Any]) -> str:
    expect = case["expect"]
    if expect is None:
        return "unanswerable"
    if "metric" in expect:
        return "figure"
    return "name" if "entity" in expect else "fact"


def correct(case: dict[str, Any], result: AskResult | None) -> bool:
    answer = result.answer if result else None
    expect = case["expect"]
    if expect is None:
        return answer is None
    if answer is None:
        return False
    if "metric" in expect:
        if answer.row is None:
            return False
        o = answer.row.observation
        values = {expect["value"], *case.get("alt_values", [])}
        same_year = (
            expect["year"] is None
            or o.year == expect["year"]
            or o.value in case.get("alt_values", [])
        )
        return (
            (o.metric, o.subject, o.unit) == (expect["metric"], expect["subject"], expect["unit"])
            and o.value in values
            and same_year
        )
    if "entity" in expect:
        return answer.entity is not None and answer.entity.id == expect["entity"]
    fact = answer.fact
    return (
        fact is not None
        and fact.subject == expect["fact_subject"]
        and expect["fact_contains"] in fact.text.zh
    )


def evaluate(store: Store, cases: list[dict[str, Any]]) -> dict[str, Any]:
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case in cases:
        try:
            result: AskResult | None = ask(store, case["question"])
        except QtError:
            result = None
        ok = correct(case, result)
        for key in (
            (case["lang"], expect_type(case)),
            ("all", expect_type(case)),
            (case["lang"], "all"),
            ("all", "all"),
        ):
            table[key][0] += ok
            table[key][1] += 1
        if not ok:
            misses.append((case, result))
    return {"table": dict(table), "misses": misses}


def render(result: dict[str, Any]) -> str:
    lines = ["| language | asks for | questions | right | rate |", "|---|---|---:|---:|---:|"]
    for (lang, kind), (ok, n) in sorted(result["table"].items()):
        lines.append(f"| {lang} | {kind} | {n} | {ok} | {100 * ok / n:.1f}% |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument(
        "--set", type=Path, default=DATA, help="a question file (default: the tuning set)"
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_CACHE_DIR", tempfile.mkdtemp(prefix="qt-eval-"))
    from qtcli.index.build import open_store

    result = evaluate(open_store(FACTS), load_cases(args.set))
    print(render(result))
    if args.misses:
        for case, got in result["misses"]:
            answer = got.answer if got else None
            shown = (
                "REFUSED"
                if answer is None
                else (answer.sentence_zh if case["lang"] == "zh" else answer.sentence_en)[:110]
            )
            reading = got.reading if got else None
            metric = reading.metric.id if reading and reading.metric else None
            subject = reading.subject.id if reading and reading.subject else None
            print(
                f"{case['id']} [{expect_type(case)}] {case['question']}\n   expect={json.dumps(case['expect'], ensure_ascii=False)}\n   got: {shown} | metric={metric} subject={subject}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    main()
