"""Which readings of a Chinese name become its pinyin keys (index/normalize.py): the usual
one and those that differ from it in one character, so a name is found when pypinyin's
choice for one character is wrong, without a key for every combination of readings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qtcli.index.normalize import PinyinKeys, pinyin_keys, variants


@pytest.mark.parametrize(
    ("usual", "options", "limit", "expected"),
    [
        (["a", "b"], [["a"], ["b"]], 8, ["ab"]),  # no character with two readings
        (["a", "b"], [["a", "x"], ["y", "b"]], 8, ["ab", "xb", "ay"]),  # never "xy"
        (
            ["a", "b", "c", "d"],
            [["a", "w"], ["b", "x"], ["c", "y"], ["d", "z"]],
            8,
            ["abcd", "wbcd", "axcd", "abyd", "abcz"],
        ),  # the last character varies too
        (["a", "b", "c"], [["a", "w", "v"], ["b", "x"], ["c", "y"]], 3, ["abc", "wbc", "axc"]),
        (["a", "b"], [["a", "x"]], 8, ["ab"]),  # readings that do not line up: the usual one
    ],
)
def test_variants_change_one_character_of_the_usual_reading(
    usual: list[str], options: list[list[str]], limit: int, expected: list[str]
) -> None:
    assert ["".join(r) for r in variants(usual, options, limit)] == expected


@pytest.mark.parametrize("keys_of", [pinyin_keys, PinyinKeys()])
def test_a_names_keys_are_its_reading_and_those_one_character_away(
    keys_of: Callable[[str], list[tuple[str, str]]],
) -> None:
    keys = keys_of("乐长重行")
    assert keys[:2] == [("lezhangchongxing", "pinyin"), ("lzcx", "initials")]
    assert ("yuezhangchongxing", "pinyin") in keys and ("lechangchongxing", "pinyin") in keys
    assert ("yuechangchongxing", "pinyin") not in keys  # two characters from the usual
