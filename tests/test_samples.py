"""The example lookups and questions users type (../shared/queries-sample.jsonl and
questions-sample.jsonl, copied into tests/data) get what the articles say."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ROOT
from .sample_checks import check_query, check_question, read_jsonl

DATA = ROOT / "tests" / "data"
QUERIES = read_jsonl(DATA / "queries-sample.jsonl")
QUESTIONS = read_jsonl(DATA / "questions-sample.jsonl")


@pytest.mark.parametrize("case", QUERIES, ids=lambda c: c["id"])
def test_query_sample(store, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    assert check_query(store, case) is None, check_query(store, case)


@pytest.mark.parametrize("case", QUESTIONS, ids=lambda c: c["id"])
def test_question_sample(store, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    assert check_question(store, case) is None, check_question(store, case)
