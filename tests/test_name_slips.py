"""Which one-character differences are slips and which are other names (find/search.py).

A homophone is a slip in any name; another character in a long name too, unless the two
are characters that set sibling names apart (the lexicon's contrasts: 南/北). A place's name
followed by more than suffixes names a place within it, and a name that says another
district where the target's own full name says its district names another place.
"""

from __future__ import annotations

import pytest

from qtcli.errors import NotFound
from qtcli.find.query import lookup_entity
from qtcli.index.store import Store

FOUND: list[tuple[str, str, str]] = [
    ("company", "中策像胶", "zhongce-rubber"),  # a homophone
    (
        "company",
        "摩根土丹利乐坤杭州仁和",
        "morgan-stanley-lekun",
    ),  # 土 for 士 in a long name: a slip
    ("park", "杭州综合保锐区", "hangzhou-bonded-zone"),  # 锐 for 税, past the place
    ("park", "杭州高新区(滨江)萧山特别合作园", "xiaoshan-coop-park"),
    ("company", "浙江零跑科技股份有限公司", "leapmotor"),  # a legal name around the brand
    ("company", "可口可乐(中国)饮料有限公司", "coca-cola"),
    ("park", "East Bay new town", "east-bay-new-city"),  # 新城 rendered the other way (issue 11)
]

NOT_FOUND: list[tuple[str, str, str]] = [
    ("park", "钱塘智慧城南园区"),  # 南 for 北: the south park, not the north one
    ("park", "杭州高新区(滨江)富阳特别合作园"),  # 富阳 where the name says 萧山
    # Words before a park's name that are no place holding it name another one.
    ("park", "上海自贸区"),
    ("park", "宁波综保区"),
    ("park", "萧山国际产业园"),  # the international park lies in the Qianjiang zone
    ("park", "下沙综保区"),  # the articles never say where 下沙 is
    ("park", "下沙高教园区"),
]


@pytest.mark.parametrize(("kind", "query", "expected"), FOUND)
def test_slips_are_forgiven(store: Store, kind: str, query: str, expected: str) -> None:
    assert lookup_entity(store, kind, query).entity.id == expected


@pytest.mark.parametrize(("kind", "query"), NOT_FOUND)
def test_other_names_are_not_slips(store: Store, kind: str, query: str) -> None:
    with pytest.raises(NotFound):
        lookup_entity(store, kind, query)


def test_contrasts_are_data_checked_by_qt_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qtcli.factbase.model import FactBase, LexiconEntry
    from qtcli.factbase.validate import check_lexicon

    fb = FactBase(tmp_path)
    fb.lexicon.append(
        LexiconEntry("contrast", "contrast", ("南", "north"), origin="lexicon.toml:1")
    )
    problems = [p.message for p in check_lexicon(fb)]
    assert any("'north' is not one Chinese character" in p for p in problems)
    assert not any("'南'" in p for p in problems)


@pytest.mark.parametrize(
    ("kind", "query", "expected"),
    [
        ("park", "QEDZ", "qiankai"),  # Qianjiang Economic Development Zone, 'Hangzhou' left off
        ("park", "hqedz", "qiankai"),  # with it
        ("park", "HCBZ", "hangzhou-bonded-zone"),  # Hangzhou Comprehensive Bonded Zone
    ],
)
def test_an_english_name_is_found_by_its_initials(
    store: Store, kind: str, query: str, expected: str
) -> None:
    found = lookup_entity(store, kind, query)
    assert (found.entity.id, found.match.how) == (expected, "acronym")


@pytest.mark.parametrize(
    ("kind", "query", "expected"),
    [
        ("park", "Hangzhou Pharma Port", "hangzhou-medicine-port"),  # Pharmaceutical cut short
        ("park", "China Pharma Port", "china-medicine-port"),
        ("company", "Wolei Tech", "wolei-tech"),
    ],
)
def test_an_english_word_cut_to_four_letters_or_more_stands_for_it(
    store: Store, kind: str, query: str, expected: str
) -> None:
    assert lookup_entity(store, kind, query).entity.id == expected


def test_a_word_cut_shorter_than_four_letters_stands_for_nothing(store: Store) -> None:
    with pytest.raises(NotFound):
        lookup_entity(store, "park", "Hangzhou Pha Port")


@pytest.mark.parametrize(
    ("kind", "query", "expected"),
    [
        ("company", "CNP pumps", "nanfang-pump"),  # an alias and its sector's word
        ("company", "Zhongce tyres", "zhongce-rubber"),  # pinyin and its sector's word
        ("park", "Qiantang FTZ area", "ftz-qiantang"),  # an alias and a word names share
        # an alias and words of its other names, in another order
        ("company", "GAC passenger cars", "gac-passenger"),
        ("park", "FTZ Qiantang area", "ftz-qiantang"),
    ],
)
def test_a_name_with_words_that_describe_it_is_found(
    store: Store, kind: str, query: str, expected: str
) -> None:
    found = lookup_entity(store, kind, query)
    assert (found.entity.id, found.match.how) == (expected, "described")


@pytest.mark.parametrize(
    ("kind", "query", "expected"),
    [
        # ZJU is Zhejiang University's alias: the centre's English name, spelt out.
        ("org", "ZJU advanced electrical equipment innovation center", "zju-electrical-center"),
        ("org", "ZJU Advanced Electrical Equipment Innovation Center", "zju-electrical-center"),
    ],
)
def test_a_name_written_with_another_records_short_name_is_found(
    store: Store, kind: str, query: str, expected: str
) -> None:
    found = lookup_entity(store, kind, query)
    assert found.entity.id == expected and found.match.score < 97


@pytest.mark.parametrize("query", ["Zhongce Chemical", "Geely Bank", "West Lake BYD"])
def test_a_name_with_words_its_record_does_not_say_is_another_name(
    store: Store, query: str
) -> None:
    with pytest.raises(NotFound):
        lookup_entity(store, "company", query)
