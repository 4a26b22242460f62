"""The example lookups users type (../shared/queries-sample.jsonl) return what the articles say."""

from __future__ import annotations

import re
from typing import Any

import pytest

from qtcli.query import lookup_entity, lookup_metric

from .conftest import ROOT, read_jsonl

SAMPLES = read_jsonl(ROOT / "tests" / "data" / "queries-sample.jsonl")


def accepted_names(case: dict[str, Any]) -> set[str]:
    names = {case["expect_entity"]}
    match = re.search(r"accept: ([^.]+)", case.get("note") or "")
    if match:
        names |= {n.strip() for n in match.group(1).split("|")}
    return names


@pytest.mark.parametrize(
    "case", [c for c in SAMPLES if c["kind"] == "metric"], ids=lambda c: c["id"]
)
def test_metric_samples(store, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    answer = lookup_metric(store, case["query"], year=case["year"], place=case["region"])
    got = [
        (r.observation.value, r.observation.unit, r.observation.qualifier)
        for r in answer.observations
    ]
    assert (case["expect_value"], case["expect_unit"], case["qualifier"]) in got, (
        answer.metric.id,
        got,
    )


@pytest.mark.parametrize(
    "case", [c for c in SAMPLES if c["kind"] in ("company", "park")], ids=lambda c: c["id"]
)
def test_entity_samples(store, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    answer = lookup_entity(store, case["kind"], case["query"])
    names = {answer.entity.name.zh, answer.entity.name.en, *answer.entity.aliases}
    assert names & accepted_names(case), answer.entity.id
    quotes = " ".join(
        [f.quote for f in answer.facts] + [r.observation.quote for r in answer.observations]
    )
    texts = " ".join([f.text.zh for f in answer.facts]) + quotes
    for mention in case["expect_mentions"]:
        assert mention in texts, mention
