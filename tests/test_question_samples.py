"""The example questions users ask (../shared/questions-sample.jsonl, copied into tests/data)
get the article's figure or fact from `qt ask`, or a refusal where the articles are silent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from qtcli.ask import ask, result_dict

from .conftest import ROOT, read_jsonl

SAMPLES = read_jsonl(ROOT / "tests" / "data" / "questions-sample.jsonl")


def _shown(answer: dict[str, Any]) -> str:
    """Everything an answer shows a reader, as one string to look for names in."""
    return json.dumps(answer, ensure_ascii=False)


@pytest.mark.parametrize("case", SAMPLES, ids=lambda c: c["id"])
def test_question_sample(store, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    result = result_dict(ask(store, case["question"]))
    answer = result["answer"]
    if not case["answerable"]:
        assert answer is None, answer
        assert result["refusal"]
        return
    assert answer is not None, result["refusal"]
    if case["expect_value"] is not None:
        # The figure is the answer's, or, where articles disagree, one shown beside it.
        shown = [answer, *result["alternatives"]]
        values = [a.get("value") for a in shown]
        wanted = {case["expect_value"], *case.get("alt_values", [])}
        if answer.get("value") is None:  # a fact that states the figure: 近5亿元 holds 5亿元
            number = f"{case['expect_value']:g}"
            assert f"{number}{case['expect_unit']}" in _shown(answer), answer
        else:
            assert wanted & set(values), values
            assert answer["value"] in wanted, answer["value"]
            assert answer.get("unit") == case["expect_unit"], answer.get("unit")
    if case["expect_text"]:
        assert case["expect_text"] in _shown(answer)
