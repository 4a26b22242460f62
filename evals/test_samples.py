"""The example lookups and questions users type (../shared/queries-sample.jsonl and
questions-sample.jsonl, copied into evals/tuned) get what the articles say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evals.sample_checks import check_query, check_question, read_jsonl

DATA = Path(__file__).parent / "tuned"

pytestmark = pytest.mark.eval
QUERIES = read_jsonl(DATA / "queries-sample.jsonl")
QUESTIONS = read_jsonl(DATA / "questions-sample.jsonl")


@pytest.mark.parametrize("case", QUERIES, ids=lambda c: c["id"])
def test_query_sample(store, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    assert check_query(store, case) is None, check_query(store, case)


@pytest.mark.parametrize("case", QUESTIONS, ids=lambda c: c["id"])
def test_question_sample(store, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    assert check_question(store, case) is None, check_question(store, case)


@pytest.mark.parametrize(
    ("name", "check", "floor"),
    [
        # Written blind in the samples' formats. First runs: 74/80 lookups, 54/60 questions
        # (three of the 15 unanswerable ones answered); the fixes they prompted hold here.
        ("queries_holdout.jsonl", check_query, 0.97),
        # 0.95 → 0.88 when answers had to account for every concept asked (issue 11).
        ("questions_holdout.jsonl", check_question, 0.88),
    ],
)
def test_held_out_sets_in_the_sample_formats(store, name: str, check: Any, floor: float) -> None:  # type: ignore[no-untyped-def]
    cases = read_jsonl(DATA / name)
    failures = {c["id"]: why for c in cases if (why := check(store, c)) is not None}
    invented = [
        i
        for i, c in ((c["id"], c) for c in cases)
        if not c.get("answerable", True) and i in failures
    ]
    assert not invented, {i: failures[i] for i in invented}
    assert 1 - len(failures) / len(cases) >= floor, failures
