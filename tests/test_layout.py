"""Where lines break and how wide columns get (present/layout.py), without Rich."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qtcli.present.layout import (
    _CJK,
    PROSE_MIN,
    _is_cjk,
    cells,
    fold,
    longest_unit,
    plan_columns,
    units,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ids and Latin words are one unit, however they are punctuated
        ("zhizao-2022 (2022)", ["zhizao-2022", "(2022)"]),
        ("000-zhizao-2022#f1", ["000-zhizao-2022#f1"]),
        ("R&D经费占GDP比重", ["R&D", "经", "费", "占", "GDP", "比", "重"]),
        # numbers keep their qualifier and unit, in Chinese and in English
        ("投资近5亿元打造", ["投", "资", "近5亿元", "打", "造"]),
        ("2022年3月起", ["2022年3月", "起"]),
        ("位居第2位", ["位", "居", "第2位"]),
        ("about CNY 5.53 billion", ["about CNY 5.53 billion"]),
        ("over 100 firms and No. 2", ["over 100 firms", "and", "No. 2"]),
        ("up 3 percentage points", ["up", "3 percentage points"]),
        # punctuation holds on to its word: no line starts with ” ) , or ends with “ (
        ("印作454%(读作4.54%)。", ["印", "作", "454%", "(读", "作", "4.54%)。"]),
        ("近5亿元,2022年3月", ["近5亿元,", "2022年3月"]),
        ("以“保税+”为支撑,积极", ["以", "“保", "税", "+”", "为", "支", "撑,", "积", "极"]),
        ("“R&D经费占GDP比重(即R&D经费投入强度)454%”", None),
        # a separator ends a line
        ("钱塘区 › 杭州市", ["钱", "塘", "区 ›", "杭", "州", "市"]),
    ],
)
def test_units_never_split_what_a_reader_reads_as_one(
    text: str, expected: list[str] | None
) -> None:
    found = [u for u, _ in units(text)]
    if expected is not None:
        assert found == expected
    assert "".join(found).replace(" ", "") == text.replace(" ", "")


def test_a_character_is_chinese_exactly_when_the_class_says_so() -> None:
    """_is_cjk tests ranges in Python (no class compiled at start-up): the same answer as the
    character class it is read from, for every character up to the supplementary ideographs."""
    pattern = re.compile(f"[{_CJK}]")
    differ = [c for c in map(chr, range(0x30000)) if _is_cjk(c) != bool(pattern.match(c))]
    assert not differ, differ[:5]


def test_fold_breaks_chinese_between_characters_and_english_at_spaces() -> None:
    note = "本文写于2022年,“去年”即2021年。jingxin-2022 对同一年印作454%(读作4.54%)。"
    assert fold(note, 20) == [
        "本文写于2022年,“去",
        "年”即2021年。",
        "jingxin-2022 对同一",
        "年印作454%(读作",
        "4.54%)。",
    ]
    assert fold("Printed '454%', a misprint (a share of GDP cannot be 454%)", 16) == [
        "Printed '454%',",
        "a misprint (a",
        "share of GDP",
        "cannot be 454%)",
    ]


def test_fold_keeps_spacing_and_explicit_lines() -> None:
    assert fold("钱塘区  [地区]\n⚠ 来源不一致", 40) == ["钱塘区  [地区]", "⚠ 来源不一致"]


def test_only_a_unit_wider_than_the_line_is_cut() -> None:
    assert fold("a-very-long-identifier-2022", 10) == ["a-very-lon", "g-identifi", "er-2022"]


# Text made of the things that must never break, with or without spaces between them.
PROTECTED = ["zhizao-2022", "近5亿元", "4.54%", "2022年3月", "R&D", "GDP", "No. 2", "约300亿元"]
PIECES = st.sampled_from([*PROTECTED, "钱", "塘", "区", "的", "。", ",", "“", "”", "the", "of"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PIECES, st.booleans()), min_size=1, max_size=40), st.integers(12, 60))
def test_folded_lines_fit_and_keep_every_protected_token(
    parts: list[tuple[str, bool]], width: int
) -> None:
    text = ""
    for piece, spaced in parts:
        # Two Latin pieces run together would be one other word: a writer puts a space there.
        if spaced or (text[-1:].isascii() and text[-1:] not in " “" and piece[0].isascii()):
            text += " "
        text += piece
    text = text.strip()
    lines = fold(text, width)
    assert all(cells(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    shown = "\n".join(lines)
    for piece, _ in parts:
        if piece in PROTECTED and width >= longest_unit(text):
            assert piece in shown, (piece, lines)


def test_key_columns_keep_their_width_and_prose_folds() -> None:
    columns = ["对象", "时间", "数值", "来源", "原文"]
    rows = [
        ["钱塘区", "2021年", "4.43%", "zhizao-2022 (2022)", "“去年全社会研究与试验发展经费" * 3]
    ]
    widths = plan_columns(columns, rows, frozenset({0, 4}), {}, 66)
    assert widths is not None
    assert widths[1:4] == [cells("2021年"), cells("4.43%"), cells("zhizao-2022 (2022)")]
    assert sum(widths) == 66  # the long prose column takes the rest


def test_a_short_prose_column_is_not_folded_to_feed_a_long_one() -> None:
    rows = [["钱塘区 (Qiantang District)", "2021年", "长" * 200]]
    widths = plan_columns(["对象", "时间", "说明"], rows, frozenset({0, 2}), {}, 100)
    assert widths is not None and widths[0] == cells("钱塘区 (Qiantang District)")


def test_too_narrow_for_the_prose_means_cards() -> None:
    columns = ["subject", "when", "value", "source", "quote", "note"]
    row = ["Qiantang District", "2021", "4.54% (printed as “454%”)", "jingxin-2022 (2022)"]
    rows = [[*row, "a long quote " * 5, "a long note " * 8]] * 2
    assert plan_columns(columns, rows, frozenset({0, 4, 5}), {}, 63) is None  # 80 columns
    wide = plan_columns(columns, rows, frozenset({0, 4, 5}), {}, 143)  # 160 columns
    assert wide is not None and min(wide[c] for c in (4, 5)) >= PROSE_MIN


def test_a_column_of_short_names_may_be_narrower_than_one_of_notes() -> None:
    rows = [["Qiantang Area", "a long note " * 8]] * 3
    widths = plan_columns(["region", "note"], rows, frozenset({0, 1}), {}, 8 + PROSE_MIN)
    assert widths == [8, PROSE_MIN]  # "Qiantang" over "Area"
    assert plan_columns(["region", "note"], rows, frozenset({0, 1}), {}, 8 + PROSE_MIN - 1) is None


def test_a_prose_column_is_never_narrower_than_its_longest_unit() -> None:
    rows = [["see provincial-future-factories-rank-province", "x"]]
    widths = plan_columns(["note", "id"], rows, frozenset({0}), {}, 60)
    assert widths is not None
    assert widths[0] >= longest_unit(rows[0][0]) == len("provincial-future-factories-rank-province")


def test_a_fixed_column_gets_exactly_its_width() -> None:
    widths = plan_columns(["when", "chart"], [["2021", "0.5"]], frozenset(), {1: 16}, 60)
    assert widths == [4, 16]
