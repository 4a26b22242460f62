"""Score a blind evaluation set through the installed `qt`, as a user would run it.

    python evals/score.py evals/blind/set-a [--qt .venv/bin/qt] [--out run.json]

A set is a folder of JSON Lines files in the formats of ../shared's samples:
questions.jsonl (`qt ask`), queries.jsonl (`qt metric/company/park`) and
misses.jsonl (names not in the fact base). Every item runs as its own `qt`
process with --json, so any version of `qt` can be scored the same way. Prints
one table: answerable questions answered right, unanswerable ones refused, and
answers given with exit 0 that are wrong ("confidently wrong"), counted apart.
It only measures: nothing here knows how `qt` works inside.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

# Units as printed: a multiplier and a base, so 30万人 and 300000人 are one quantity. Measure
# words of a count are one base: '4个' and '4家' both count four things.
SCALES = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
COUNTERS = set("个家项所位名人台条宗座款批次户")


def quantity(value: Any, unit: str | None) -> tuple[float, str] | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    unit = (unit or "").strip()
    scale = 1.0
    for prefix, factor in SCALES.items():
        if unit.startswith(prefix):
            scale, unit = factor, unit[len(prefix) :]
            break
    if unit in COUNTERS:
        unit = "count"
    return round(float(value) * scale, 6), unit


def same(got_value: Any, got_unit: str | None, want_value: Any, want_unit: str | None) -> bool:
    """One quantity: 30万人 is 300000人. An expected unit that says no base (none, as a
    writer may give for a rank, or a bare scale: 30万) compares the numbers alone."""
    a, b = quantity(got_value, got_unit), quantity(want_value, want_unit)
    if a is None or b is None:
        return False
    return a == b or (not b[1] and a[0] == b[0])


def run_qt(qt: str, args: list[str], env: dict[str, str]) -> tuple[int, Any]:
    done = subprocess.run(
        [qt, *args, "--json"], capture_output=True, text=True, env=env, timeout=120
    )
    try:
        payload = json.loads(done.stdout) if done.stdout.strip() else None
    except json.JSONDecodeError:
        payload = None
    return done.returncode, payload


def score_question(qt: str, case: dict[str, Any], env: dict[str, str]) -> str:
    code, payload = run_qt(qt, ["ask", case["question"]], env)
    answer = (payload or {}).get("answer") if code == 0 else None
    if code not in (0, 1):
        return "error"
    if not case["answerable"]:
        return "refused" if answer is None else "wrong"
    if answer is None:
        return "refused"
    shown = json.dumps(answer, ensure_ascii=False)
    if case.get("expect_value") is not None:
        wanted = [case["expect_value"], *case.get("alt_values", [])]
        if answer.get("value") is not None:
            if not any(
                same(answer["value"], answer.get("unit"), w, case["expect_unit"]) for w in wanted
            ):
                return "wrong"
        elif not any(f"{w:g}{case['expect_unit'] or ''}" in shown for w in wanted):
            return "wrong"
    if case.get("expect_text") and case["expect_text"] not in shown:
        return "wrong"
    return "right"


def accepted_names(case: dict[str, Any]) -> set[str]:
    names = {case["expect_entity"]}
    note = case.get("note") or ""
    if "accept:" in note:
        names |= {n.strip(" .") for n in note.split("accept:", 1)[1].split(".")[0].split("|")}
    return {n for n in names if n}


def score_query(qt: str, case: dict[str, Any], env: dict[str, str]) -> str:
    args = [case["kind"], case["query"]]
    if case["kind"] == "metric":
        if case.get("year") is not None:
            args += ["--year", str(case["year"])]
        if case.get("region"):
            args += ["--region", case["region"]]
    code, payload = run_qt(qt, args, env)
    if code not in (0, 1):
        return "error"
    found = code == 0 and payload is not None and "error" not in payload
    if case.get("expect_entity") is None and case.get("expect_value") is None:
        return "wrong" if found else "refused"  # a name not in the fact base
    if not found:
        return "refused"
    if case["kind"] == "metric":
        wanted = [case["expect_value"], *case.get("alt_values", [])]  # figures printed twice
        for o in payload.get("observations", []):
            if any(same(o["value"], o["unit"], w, case["expect_unit"]) for w in wanted) and (
                case.get("qualifier") in (None, o.get("qualifier"))
            ):
                return "right"
        return "wrong"
    entity = payload["entity"]
    names = {entity["name"]["zh"], entity["name"]["en"], *entity.get("aliases", [])}
    if not names & accepted_names(case):
        return "wrong"
    texts = json.dumps(payload, ensure_ascii=False)
    return "right" if all(m in texts for m in case.get("expect_mentions", [])) else "wrong"


def read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--qt", default=str(Path(sys.executable).with_name("qt")))
    parser.add_argument("--out", type=Path, help="write each item's outcome here (JSON)")
    args = parser.parse_args()
    env = {**os.environ, "QT_CACHE_DIR": tempfile.mkdtemp(prefix="qt-eval-")}
    env.pop("QT_LANG", None)
    subprocess.run(
        [args.qt, "company", "中策橡胶", "--json"], capture_output=True, env=env
    )  # build
    jobs: list[tuple[str, dict[str, Any]]] = [
        ("question", c) for c in read(args.set / "questions.jsonl")
    ]
    jobs += [("query", c) for c in read(args.set / "queries.jsonl")]
    jobs += [("miss", c) for c in read(args.set / "misses.jsonl")]

    def one(job: tuple[str, dict[str, Any]]) -> str:
        kind, case = job
        return (
            score_question(args.qt, case, env)
            if kind == "question"
            else score_query(args.qt, case, env)
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(one, jobs))
    groups: dict[str, Counter[str]] = {}
    for (kind, case), outcome in zip(jobs, outcomes, strict=True):
        if kind == "question":
            group = "questions, answerable" if case["answerable"] else "questions, unanswerable"
        elif kind == "miss":
            group = "names not in the base"
        else:
            group = "metric lookups" if case["kind"] == "metric" else "company and park lookups"
        groups.setdefault(group, Counter())[outcome] += 1
    print(f"{'set':<28} {'items':>5} {'right':>6} {'refused':>8} {'conf. wrong':>11} {'errors':>6}")
    for group, c in groups.items():
        total = sum(c.values())
        good = c["refused"] if "unanswerable" in group or "not in" in group else c["right"]
        print(
            f"{group:<28} {total:>5} {good / total:>6.1%} {c['refused']:>8} {c['wrong']:>11} {c['error']:>6}"
        )
    if args.out:
        items = [
            {"id": case["id"], "kind": kind, "outcome": outcome}
            for (kind, case), outcome in zip(jobs, outcomes, strict=True)
        ]
        args.out.write_text(
            json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
