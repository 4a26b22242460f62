"""Name-matching evaluation: top-1 accuracy per query form, false positives on negatives.

Run it with `python -m evals.matching_eval` (add --misses to list the failures).
The labelled set is evals/tuned/match_eval.jsonl: each line is a query a user might
type, its kind (company, park, region, org, metric), its form (exact-zh, pinyin,
typo-zh, negative …) and the id a person typing it means (null for negatives:
names the fact base does not hold). test_matching_eval.py asserts the floors.
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

from qtcli.cli.commands import metric_asked
from qtcli.errors import QtError
from qtcli.find.query import resolve_entity
from qtcli.index.store import Store

DATA = Path(__file__).parent / "tuned" / "match_eval.jsonl"
FACTS = Path(__file__).resolve().parents[1] / "facts"


def load_cases(path: Path = DATA) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def predict(store: Store, kind: str, query: str) -> str | None:
    """What `qt <kind> <query>` answers with, or None when it says nothing matches."""
    try:
        if kind == "metric":
            return metric_asked(store, query, None, None).metric.id  # as the command does
        return resolve_entity(store, query, kind)[0].id
    except QtError:
        return None


def evaluate(store: Store, cases: list[dict[str, Any]]) -> dict[str, Any]:
    by_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[dict[str, Any]] = []
    false_positives = negatives = 0
    for case in cases:
        got = predict(store, case["kind"], case["query"])
        if case["expect"] is None:
            negatives += 1
            if got is not None:
                false_positives += 1
                misses.append({**case, "got": got})
            continue
        ok = got == case["expect"]
        for table, key in ((by_form, case["form"]), (by_kind, case["kind"])):
            table[key][0] += ok
            table[key][1] += 1
        if not ok:
            misses.append({**case, "got": got})
    correct = sum(c for c, _ in by_form.values())
    total = sum(t for _, t in by_form.values())
    return {
        "overall": (correct, total),
        "by_form": dict(by_form),
        "by_kind": dict(by_kind),
        "negatives": negatives,
        "false_positives": false_positives,
        "misses": misses,
    }


def table(result: dict[str, Any]) -> str:
    lines = ["| form | queries | top-1 correct | accuracy |", "|---|---:|---:|---:|"]
    for form, (ok, n) in sorted(result["by_form"].items(), key=lambda kv: -kv[1][1]):
        lines.append(f"| {form} | {n} | {ok} | {100 * ok / n:.1f}% |")
    ok, n = result["overall"]
    lines.append(f"| **all positives** | {n} | {ok} | {100 * ok / n:.1f}% |")
    for kind, (k_ok, k_n) in sorted(result["by_kind"].items()):
        lines.append(f"| kind: {kind} | {k_n} | {k_ok} | {100 * k_ok / k_n:.1f}% |")
    fp, neg = result["false_positives"], result["negatives"]
    lines.append(f"| **negatives: false positives** | {neg} | {fp} | {100 * fp / neg:.1f}% |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    parser.add_argument(
        "--set", type=Path, default=None, help="a query file (default: the tuning set)"
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_CACHE_DIR", tempfile.mkdtemp(prefix="qt-eval-"))
    from qtcli.index.build import open_store

    result = evaluate(open_store(FACTS), load_cases(args.set) if args.set else load_cases())
    print(table(result))
    if args.misses:
        for miss in result["misses"]:
            print(
                f"{miss['id']} {miss['kind']:8} {miss['form']:14} {miss['query']!r:40} expect={miss['expect']} got={miss['got']}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    main()
