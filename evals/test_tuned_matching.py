"""Name matching on the labelled sets written earlier, which have been tuned on: regression
floors, not measures of generalisation (blind sets in evals/blind measure that)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.matching_eval import evaluate, load_cases

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def result(store):  # type: ignore[no-untyped-def]
    return evaluate(store, load_cases())


def test_the_labelled_set_is_large_enough() -> None:
    cases = load_cases()
    positives = [c for c in cases if c["expect"] is not None]
    assert len(positives) >= 300
    assert len(cases) - len(positives) >= 60
    assert {c["kind"] for c in cases} == {"company", "park", "region", "org", "metric"}


def test_overall_top1_accuracy_is_at_least_97_percent(result) -> None:  # type: ignore[no-untyped-def]
    correct, total = result["overall"]
    assert correct / total >= 0.97, result["misses"][:20]


def test_every_form_with_20_queries_is_at_least_97_percent(result) -> None:  # type: ignore[no-untyped-def]
    weak = {
        form: ok / n for form, (ok, n) in result["by_form"].items() if n >= 20 and ok / n < 0.97
    }
    assert weak == {}, [m for m in result["misses"] if m["form"] in weak][:20]


def test_false_positives_on_names_the_base_lacks_are_at_most_2_percent(result) -> None:  # type: ignore[no-untyped-def]
    assert result["false_positives"] / result["negatives"] <= 0.02, [
        m for m in result["misses"] if m["expect"] is None
    ]


HOLDOUT = Path(__file__).parent / "tuned"


@pytest.mark.parametrize(
    ("name", "top1", "fp"),
    [
        # Written blind. First runs: 81.8% top-1 and 4.4% false positives (holdout),
        # 95.5% and 7.3% (holdout2). What their fixes reached is held here.
        ("match_holdout.jsonl", 0.96, 0.02),
        # 0.96 → 0.95: questions typed as metric names ('项目能引来多少领军人才') are refused
        # since a name found inside a longer one must account for every word typed.
        ("match_holdout2.jsonl", 0.95, 0.02),
    ],
)
def test_held_out_queries(store, name: str, top1: float, fp: float) -> None:  # type: ignore[no-untyped-def]
    held = evaluate(store, load_cases(HOLDOUT / name))
    correct, total = held["overall"]
    assert correct / total >= top1, held["misses"][:20]
    assert held["false_positives"] / held["negatives"] <= fp
