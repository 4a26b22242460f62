"""The shipped fact base is valid, complete and proven against the articles."""

from __future__ import annotations

import pytest

from qtcli.factbase.coverage import coverage
from qtcli.factbase.load import read_factbase
from qtcli.factbase.validate import iter_problems, read_articles

from .conftest import FACTS, SEEDS

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")


@pytest.fixture(scope="module")
def factbase():  # type: ignore[no-untyped-def]
    fb, problems = read_factbase(FACTS)
    assert problems == []
    return fb


def test_shipped_facts_have_no_problems(factbase) -> None:  # type: ignore[no-untyped-def]
    assert list(iter_problems(factbase)) == []


@needs_seeds
def test_every_quote_is_verbatim_in_its_article(factbase) -> None:  # type: ignore[no-untyped-def]
    assert list(iter_problems(factbase, SEEDS)) == []


@needs_seeds
def test_every_number_in_the_articles_is_covered_or_reasoned(factbase) -> None:  # type: ignore[no-untyped-def]
    texts, problems = read_articles(factbase, SEEDS)
    assert problems == []
    report = coverage(factbase, texts)
    assert [(n.source, n.text, n.context) for n in report.uncovered] == []
    assert report.stale == []
    assert report.found > 250  # the five articles hold about 300 numbers


def test_every_file_opens_with_a_header_comment() -> None:
    for path in sorted(FACTS.rglob("*.toml")):
        assert path.read_text(encoding="utf-8").startswith("# "), path


def test_counts_are_substantial(factbase) -> None:  # type: ignore[no-untyped-def]
    counts = factbase.counts()
    assert counts["sources"] == 5
    assert counts["companies"] >= 50
    assert counts["parks"] >= 25
    assert counts["observations"] >= 150
    assert counts["facts"] >= 100


@pytest.mark.parametrize(
    ("metric", "subject", "year", "value", "qualifier"),
    [
        ("rd-intensity", "qiantang", 2021, 4.43, "exact"),
        ("rd-intensity", "qiantang", 2021, 4.54, "exact"),
        ("rd-intensity", "qiantang", 2024, 5.25, "exact"),
        ("investment", "zhongce-rubber", None, 5, "nearly"),
        ("industrial-output", "qiantang", 2024, 3700, "over"),
        ("land-area", "i-mab", None, 150, "about"),
        ("foreign-invested-enterprises", "qiantang", 2025, 1600, "over"),
        ("leading-talents", "i-mab", None, 10, "at_least"),
    ],
)
def test_hard_cases_are_recorded_as_printed(
    factbase, metric, subject, year, value, qualifier
) -> None:  # type: ignore[no-untyped-def]
    found = [
        o
        for o in factbase.observations
        if (o.metric, o.subject, o.year, o.value, o.qualifier)
        == (metric, subject, year, value, qualifier)
    ]
    assert found, (metric, subject, year, value)


def test_the_454_misprint_keeps_what_was_printed(factbase) -> None:  # type: ignore[no-untyped-def]
    (o,) = [o for o in factbase.observations if o.printed == "454%"]
    assert o.misprint and o.value == 4.54


def test_yokohama_is_one_company_with_its_chinese_brand(factbase) -> None:  # type: ignore[no-untyped-def]
    yokohama = factbase.entities["yokohama-rubber"]
    assert "优科豪马" in yokohama.aliases and yokohama.name.en == "Yokohama Rubber"


def test_byd_and_xihu_byd_are_linked_not_merged(factbase) -> None:  # type: ignore[no-untyped-def]
    assert factbase.entities["xihu-byd"].related[0].id == "byd"
    note = factbase.entities["byd"].note
    assert note is not None and "different legal entity" in note.en and "不同法人" in note.zh
