"""Checks for the sample formats in ../shared: lookups (queries-sample.jsonl) and questions
(questions-sample.jsonl). Used by the tests and, for other files in the same formats, by

    python -m evals.sample_checks --queries FILE --questions FILE [--misses]

which prints how many pass. Each check returns a reason when it fails, None when it passes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from qtcli.errors import QtError
from qtcli.index.store import Store

FACTS = Path(__file__).resolve().parents[1] / "facts"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def accepted_names(case: dict[str, Any]) -> set[str]:
    names = {case["expect_entity"]}
    match = re.search(r"accept: ([^.]+)", case.get("note") or "")
    if match:
        names |= {n.strip() for n in match.group(1).split("|")}
    return names


def check_query(store: Store, case: dict[str, Any]) -> str | None:
    """A lookup: the metric's figures include the expected one, or the entity found is the
    expected one and its facts mention what the case lists; a name expecting nothing (no
    value, no entity) is not found."""
    from qtcli.find.query import lookup_entity, lookup_metric

    held = case.get("expect_value") is not None or case.get("expect_entity") is not None
    try:
        if case["kind"] == "metric":
            answer = lookup_metric(store, case["query"], year=case["year"], place=case["region"])
            got = [
                (r.observation.value, r.observation.unit, r.observation.qualifier)
                for r in answer.observations
            ]
            if not held:
                return f"{answer.metric.id}: {got[:4]}" if got else None
            wanted = (case["expect_value"], case["expect_unit"], case["qualifier"])
            return None if wanted in got else f"{answer.metric.id}: {got[:4]}"
        entity_answer = lookup_entity(store, case["kind"], case["query"])
    except QtError as error:
        return f"error: {error}" if held else None
    entity = entity_answer.entity
    if not held:
        return f"found {entity.id}"
    if not {entity.name.zh, entity.name.en, *entity.aliases} & accepted_names(case):
        return f"found {entity.id}"
    texts = " ".join(
        [f.text.zh + f.quote for f in entity_answer.facts]
        + [r.observation.quote for r in entity_answer.observations]
    )
    missing = [m for m in case["expect_mentions"] if m not in texts]
    return f"{entity.id} lacks {missing}" if missing else None


def check_question(store: Store, case: dict[str, Any]) -> str | None:
    """A question: the answer has the expected figure (or states it), or the expected name;
    an unanswerable one is refused."""
    from qtcli.ask.ask import ask
    from qtcli.present.payload import ask_payload

    try:
        result = ask_payload(ask(store, case["question"]))
    except QtError as error:
        return f"error: {error}"
    answer = result["answer"]
    if not case["answerable"]:
        return None if answer is None else f"answered: {answer['sentence']['en'][:100]}"
    if answer is None:
        return f"refused: {result['refusal']}"
    shown = json.dumps(answer, ensure_ascii=False)
    if case["expect_value"] is not None:
        wanted = {case["expect_value"], *case.get("alt_values", [])}
        if answer.get("value") is None:  # a fact that states the figure: 近5亿元 holds 5亿元
            if f"{case['expect_value']:g}{case['expect_unit']}" not in shown:
                return f"fact without the figure: {answer['sentence']['zh'][:80]}"
        elif answer["value"] not in wanted or answer.get("unit") != case["expect_unit"]:
            return f"got {answer['value']} {answer.get('unit')} ({answer['sentence']['en'][:80]})"
    if case["expect_text"] and case["expect_text"] not in shown:
        return f"lacks {case['expect_text']!r}: {answer['sentence']['zh'][:80]}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, action="append", default=[])
    parser.add_argument("--questions", type=Path, action="append", default=[])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("QT_CACHE_DIR", tempfile.mkdtemp(prefix="qt-eval-"))
    from qtcli.index.build import open_store

    store = open_store(FACTS)
    for paths, check in ((args.queries, check_query), (args.questions, check_question)):
        for path in paths:
            cases = read_jsonl(path)
            failures = [(c, why) for c in cases if (why := check(store, c)) is not None]
            print(f"{path.name}: {len(cases) - len(failures)}/{len(cases)} pass")
            if args.misses:
                for case, why in failures:
                    text = case.get("query") or case.get("question")
                    print(f"  {case['id']} {text!r}: {why}", file=sys.stderr)


if __name__ == "__main__":
    main()
