"""Both languages, all the way: vocabulary labels, units and wording in each language."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from qtcli.ask.ask import ask
from qtcli.ask.sentences import fact_sentences
from qtcli.cli.app import app
from qtcli.factbase.load import read_factbase
from qtcli.factbase.model import ENTITY_KINDS, METRIC_KINDS, Fact, FactBase, Source, Text
from qtcli.factbase.validate import ORG_TYPES, PARK_TYPES, REGION_LEVELS
from qtcli.index.build import members
from qtcli.present.i18n import VOCABULARY, entity_class, term
from qtcli.present.wording import UNITS, predicate_zh, unit_text, with_article

from .conftest import FACTS

runner = CliRunner()
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def fb() -> FactBase:
    base, problems = read_factbase(FACTS)
    assert not problems
    return base


def qt(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


# --- vocabulary labels -------------------------------------------------------------------

ALLOWED = [
    ("level", REGION_LEVELS),
    ("park_type", PARK_TYPES),
    ("org_type", ORG_TYPES),
    ("kind", ENTITY_KINDS),
    ("metric_kind", METRIC_KINDS),
]


@pytest.mark.parametrize(("field", "allowed"), ALLOWED, ids=[a[0] for a in ALLOWED])
def test_every_allowed_value_has_a_label_in_both_languages(
    field: str, allowed: tuple[str, ...]
) -> None:
    table = VOCABULARY[field]
    assert set(table) == set(allowed)  # none missing, none stale
    for value in allowed:
        zh, en = table[value]
        assert HAN.search(zh), (value, zh)
        assert en.strip() and not HAN.search(en), (value, en)


def test_every_member_relation_the_index_records_has_a_label(fb: FactBase) -> None:
    relations = {relation for _, _, relation in members(fb)}
    assert relations and relations <= set(VOCABULARY["relation"])


@pytest.mark.parametrize(
    ("field", "value", "lang", "expected"),
    [
        ("level", "district", "zh", "区"),
        ("level", "district", "en", "district"),
        ("level", "county-city", "zh", "县级市"),
        ("park_type", "development-zone", "zh", "开发区"),
        ("park_type", "development-zone", "en", "development zone"),
        ("park_type", "science-city", "zh", "科学城"),
        ("org_type", "university", "zh", "高校"),
        ("org_type", "agency", "en", "government agency"),
        ("kind", "region", "zh", "地区"),
        ("metric_kind", "rank", "zh", "排名"),
        ("relation", "region", "zh", "位于该地区"),
        ("relation", "parent", "en", "part of it"),
        ("level", "galaxy", "zh", "galaxy"),  # unknown values pass through as they are
    ],
)
def test_term(field: str, value: str, lang: str, expected: str) -> None:
    assert term(field, value, lang) == expected


@pytest.mark.parametrize(
    ("kind", "level", "type", "lang", "expected"),
    [
        ("region", "city", None, "zh", "市"),
        ("park", None, "platform", "zh", "平台"),
        ("org", None, "platform", "en", "platform"),
        ("org", None, "other", "zh", "其他"),
        ("company", None, None, "zh", ""),
    ],
)
def test_entity_class(
    kind: str, level: str | None, type: str | None, lang: str, expected: str
) -> None:
    assert entity_class(kind, level, type, lang) == expected


# --- units and wording -------------------------------------------------------------------


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_every_unit_has_an_english_label(unit: str) -> None:
    en = unit_text(unit, "en")
    assert en.strip() and not HAN.search(en), (unit, en)
    assert unit_text(unit, "zh") == (unit or "—")


@pytest.mark.parametrize(
    ("unit", "kind", "expected"),
    [
        ("亿元", "amount", "CNY 100 million"),
        ("万元", "amount", "CNY 10,000"),
        ("万亿元", "amount", "CNY 1 trillion"),
        ("元", "amount", "CNY"),
        ("亿美元", "amount", "USD 100 million"),
        ("万平方米", "area", "10,000 square metres"),
        ("万人", "count", "10,000 people"),
        ("位", "rank", "rank"),
        ("位", "count", "people"),
        ("个", "count", "count"),
        ("%", "share", "%"),
        ("", "index", "—"),
    ],
)
def test_unit_in_english(unit: str, kind: str, expected: str) -> None:
    assert unit_text(unit, "en", kind) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("高达5.25%", "高达5.25%"),
        ("突破3700亿元", "突破3700亿元"),
        ("超过3500万元", "超过3500万元"),
        ("近5亿元", "为近5亿元"),
        ("4.43%", "为4.43%"),
        ("第2位", "为第2位"),
        ("全省第一", "为全省第一"),
    ],
)
def test_predicate_zh_never_doubles_the_verb(value: str, expected: str) -> None:
    assert predicate_zh(value) == expected


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("org", "an org"),
        ("organisation", "an organisation"),
        ("company", "a company"),
        ("university", "a university"),
        ("park or platform", "a park or platform"),
        ("region", "a region"),
    ],
)
def test_with_article(noun: str, expected: str) -> None:
    assert with_article(noun) == expected


def test_a_figure_sentence_does_not_say_wei_gaoda(store) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, "钱塘区2024年R&D经费投入强度是多少").answer
    assert answer is not None and answer.row is not None
    assert answer.row.observation.printed == "高达5.25%"
    assert "强度高达5.25%" in answer.sentence_zh and "为高达" not in answer.sentence_zh


SOURCE = Source(
    "s1", "a.txt", "0" * 64, Text("标题", "Title"), (), "2022", Text("依据。", "Basis.")
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年3月,某公司上市。", "2022年3月,某公司上市。(据《标题》,2022)"),
        ("某公司上市。", "2022年3月,某公司上市。(据《标题》,2022)"),
    ],
)
def test_a_fact_sentence_states_its_date_once(text: str, expected: str) -> None:
    fact = Fact("k#f1", "c1", Text(text, "A firm listed."), "s1", "上市", date="2022-03")
    assert fact_sentences(fact, SOURCE)[0] == expected


def test_profile_help_and_hints_use_an_before_a_vowel() -> None:
    assert "Profile of an organisation:" in qt("org", "--help", "--lang", "en")
    result = runner.invoke(app, ["org", "中策橡胶", "--lang", "en"])
    assert "is a company" in result.stderr
    result = runner.invoke(app, ["company", "浙江理工大学", "--lang", "en"])
    assert "is an organisation" in result.stderr


# --- the screen --------------------------------------------------------------------------


def test_list_parks_heads_the_type_column_type_and_shows_labels() -> None:
    zh = qt("list", "parks").splitlines()
    assert zh[1].split(" | ")[-1] == "类型"
    cells = [line.split(" | ")[-1] for line in zh[2:] if " | " in line]
    assert cells and all(HAN.search(c) for c in cells)
    assert not set(cells) & set(PARK_TYPES)
    en = qt("list", "parks", "--lang", "en").splitlines()
    assert en[1].split(" | ")[-1] == "type"
    assert "development zone" in [line.split(" | ")[-1] for line in en[2:]]


def test_list_regions_heads_its_column_level() -> None:
    assert qt("list", "regions").splitlines()[1].split(" | ")[-1] == "级别"


def test_profile_shows_the_type_and_members_in_chinese() -> None:
    out = qt("park", "钱开区")
    assert "类型: 开发区" in out and "development-zone" not in out
    region = qt("region", "钱塘区")
    rows = [line.split(" | ") for line in region.split("== 所属/下辖")[1].splitlines()[2:] if line]
    assert rows and {r[-1] for r in rows} <= {"位于该园区", "位于该地区", "下属", "关联"}


def test_english_units_in_english_mode() -> None:
    out = qt("metric", "investment", "--lang", "en")
    assert "unit: CNY 100 million" in out
    assert "unit: rank" in qt("metric", "rd-intensity-rank-city", "--lang", "en")
    assert "单位: 亿元" in qt("metric", "investment")
    listed = qt("list", "metrics", "--lang", "en")
    assert "亿元" not in listed and "CNY 100 million" in listed
