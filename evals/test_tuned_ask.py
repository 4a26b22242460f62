"""`qt ask` on the question sets written earlier, which have been tuned on.

These sets shaped the code (their misses were fixed one by one), so they are
regression floors, not measures of how `qt ask` generalises: that is measured
on blind sets (evals/blind, scored by evals/score.py).
"""

from __future__ import annotations

import pytest

from evals.ask_eval import DATA, correct, evaluate, load_cases

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def result(store):  # type: ignore[no-untyped-def]
    return evaluate(store, load_cases())


def test_the_question_set_is_large_and_balanced() -> None:
    cases = load_cases()
    assert len(cases) >= 150
    zh = sum(c["lang"] == "zh" for c in cases)
    assert abs(zh - (len(cases) - zh)) <= len(cases) * 0.1
    assert sum(not c["answerable"] for c in cases) >= 30


# Floors are what the code reaches now, less nothing: a drop is a regression. They fell
# (90% → 89%, 90% → 78%, 80% → 67%) when answers had to account for every facet and
# concept asked (issue 11): questions once answered with a neighbouring figure that
# happened to be labelled right are now refused, and none is answered wrongly.
def test_at_least_89_percent_of_answerable_questions_get_the_right_fact(result) -> None:  # type: ignore[no-untyped-def]
    right = sum(
        ok
        for (lang, kind), (ok, n) in result["table"].items()
        if lang == "all" and kind != "unanswerable" and kind != "all"
    )
    total = sum(
        n
        for (lang, kind), (ok, n) in result["table"].items()
        if lang == "all" and kind != "unanswerable" and kind != "all"
    )
    assert right / total >= 0.89, [c["id"] for c, _ in result["misses"]]


def test_no_question_is_answered_with_a_wrong_figure(result) -> None:  # type: ignore[no-untyped-def]
    """Confidently wrong (an answer that is not the one expected) is worse than a refusal."""
    wrong = [c["id"] for c, r in result["misses"] if r is not None and r.answer is not None]
    assert wrong == []


def test_every_unanswerable_question_is_refused(result) -> None:  # type: ignore[no-untyped-def]
    ok, n = result["table"][("all", "unanswerable")]
    assert ok == n, [(c["id"], c["question"]) for c, r in result["misses"] if c["expect"] is None]


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        # First run: 86.7% right, one invented answer. The fixes it prompted are held here.
        ("ask_holdout.jsonl", 0.78),
        # First run: 63.8% right, four invented answers (questions that set the scene with
        # figures of their own). Now about 68% of the answerable ones; none invented.
        ("ask_holdout2.jsonl", 0.67),
    ],
)
def test_held_out_questions(store, name: str, floor: float) -> None:  # type: ignore[no-untyped-def]
    """Sets written blind by someone who never ran `qt ask`: every unanswerable question is
    refused, and the answerable ones stay above the floor."""
    cases = load_cases(DATA.parent / name)
    result = evaluate(store, cases)
    table = result["table"]
    ok, n = table[("all", "unanswerable")]
    assert ok == n
    assert [c["id"] for c, r in result["misses"] if r is not None and r.answer is not None] == []
    right = sum(
        ok
        for (lang, kind), (ok, _) in table.items()
        if lang == "all" and kind not in ("all", "unanswerable")
    )
    total = sum(
        n
        for (lang, kind), (_, n) in table.items()
        if lang == "all" and kind not in ("all", "unanswerable")
    )
    assert right / total >= floor


def test_correct_is_strict_about_refusals() -> None:
    case = {"expect": None, "lang": "en"}
    assert correct(case, None)
