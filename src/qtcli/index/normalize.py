"""Normalising names and queries so that spelling variants meet.

`fold` is applied to every name, alias and query alike: Unicode NFKC (full-width
letters and digits become ASCII), case folding, traditional → simplified Chinese
through a character table, and removal of whitespace, punctuation and symbols.
`strip_suffixes` drops corporate suffixes (有限公司, Co., Ltd. …) for matching
only. Pinyin keys and the traditional→simplified table are computed when the
index is built (`pinyin_keys`, `t2s_table`): pypinyin and OpenCC are imported
there, never on a lookup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Longest first, so 股份有限公司 goes before 有限公司. Folded forms (no spaces or dots).
CORPORATE_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份有限公司",
    "有限公司",
    "株式会社",
    "会社",
    "集团",
    "公司",
    "incorporated",
    "holdings",
    "holding",
    "corporation",
    "company",
    "limited",
    "coltd",
    "group",
    "corp",
    "ltd",
    "inc",
    "co",
)


def _keep(char: str) -> bool:
    """Letters and digits of any script survive; punctuation, symbols, marks and spaces go."""
    return unicodedata.category(char)[0] in "LN"


def fold(text: str, t2s: Mapping[str, str] | None = None) -> str:
    """The matching form of a text: '中策橡膠 (Ｚhongce)' → '中策橡胶zhongce'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if t2s:
        text = "".join(t2s.get(char, char) for char in text)
    return "".join(char for char in text if _keep(char))


def fold_words(text: str, t2s: Mapping[str, str] | None = None) -> str:
    """`fold` that keeps word breaks, for searching texts: every run of punctuation, symbols
    and spaces becomes one space, and the result is padded with one on each side:
    'R&D intensity reached' → ' r d intensity reached '. Folding the spaces away as `fold`
    does would let 'tyre' match inside 'intensi*ty re*ached'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if t2s:
        text = "".join(t2s.get(char, char) for char in text)
    kept = "".join(char if _keep(char) else " " for char in text)
    return " " + " ".join(kept.split()) + " "


def _latin(char: str) -> bool:
    return _keep(char) and not has_cjk(char)


def holds_words(text: str, piece: str) -> bool:
    """Whether `piece` occurs in `text` (both from fold_words, `piece` stripped) where a
    word starts: a Latin piece must begin at a word's start (after a space or a Chinese
    character), so 'tyre' finds 'tyres' but not 'intensity reached'; Chinese, which has no
    spaces between words, matches anywhere. The piece may end inside a word (a prefix)."""
    start = text.find(piece)
    while start >= 0:
        if not _latin(piece[0]) or start == 0 or not _latin(text[start - 1]):
            return True
        start = text.find(piece, start + 1)
    return False


def strip_suffixes(key: str) -> str:
    """Drop trailing corporate suffixes from a folded key, keeping at least two characters."""
    changed = True
    while changed:
        changed = False
        for suffix in CORPORATE_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                key = key[: -len(suffix)]
                changed = True
                break
    return key


PLACE_WORDS = ("浙江省", "杭州市", "浙江", "杭州", "中国", "hangzhou", "zhejiang", "china")


def strip_places(key: str) -> str:
    """Drop place words that legal names wrap around a brand: 杭州中欣晶圆 → 中欣晶圆,
    矽力杰半导体技术杭州 → 矽力杰半导体技术 (keeping at least two characters)."""
    changed = True
    while changed:
        changed = False
        for word in PLACE_WORDS:
            if key.startswith(word) and len(key) - len(word) >= 2:
                key, changed = key[len(word) :], True
            if key.endswith(word) and len(key) - len(word) >= 2:
                key, changed = key[: -len(word)], True
    return key


def latin_words(text: str) -> list[str]:
    """The Latin words and numbers of a text, folded (NFKC, case): word breaks kept, as
    whole-word matching needs ('Zhongce's' names 中策; 'Qianjiang Development Zone')."""
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).casefold())


def has_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def pinyin_keys(text: str, limit: int = 8) -> list[tuple[str, str]]:
    """(key, form) pairs: full pinyin ('zhongcexiangjiao', form 'pinyin') and initials
    ('zcxj', form 'initials') of a Chinese name.

    The usual reading comes first; characters with several readings add variants
    (up to `limit`), since pypinyin's choice is sometimes wrong (长三角 is chang-,
    not zhang-). Runs that are not Chinese ('SOM' in '美国SOM') stay whole.
    """
    if not has_cjk(text):
        return []
    from itertools import product

    from pypinyin import Style, lazy_pinyin, pinyin  # heavy: index build only

    usual = lazy_pinyin(text, style=Style.NORMAL)
    options = [
        o[:2] for o in pinyin(text, style=Style.NORMAL, heteronym=True)
    ]  # rare readings add noise
    readings = [usual]
    if len(options) == len(usual):
        for combo in product(*options):
            if len(readings) >= limit:
                break
            if list(combo) != usual:
                readings.append(list(combo))
    keys: list[tuple[str, str]] = []
    for items in readings:
        full: list[str] = []
        initials: list[str] = []
        for item in items:
            piece = fold(item)
            if not piece:
                continue
            full.append(piece)
            initials.append(piece if item in text else piece[0])
        for key, form in (("".join(full), "pinyin"), ("".join(initials), "initials")):
            if key and (key, form) not in keys and not (form == "initials" and len(full) < 2):
                keys.append((key, form))
    return keys


def char_readings() -> dict[str, str]:
    """Toneless pinyin readings of every Chinese character pypinyin knows: '长' → 'chang zhang'.

    Stored in the index so a lookup can tell a homophone typo (中策像胶 for
    中策橡胶) from a different name (临安区 is not 临平区) without pypinyin.
    """
    from pypinyin.pinyin_dict import pinyin_dict  # heavy: index build only

    table: dict[str, str] = {}
    for code, readings in pinyin_dict.items():
        plain = [
            "".join(
                c for c in unicodedata.normalize("NFD", r) if not unicodedata.combining(c)
            ).replace("ü", "v")
            for r in readings.split(",")
        ]
        table[chr(code)] = " ".join(dict.fromkeys(plain))  # commonest reading first
    return table


def t2s_table(chars: Iterable[str] | None = None) -> dict[str, str]:
    """Traditional → simplified for single characters, from OpenCC's t2s tables.

    Covers the CJK unified ideographs (and extension A) plus compatibility
    ideographs; only characters that change are kept.
    """
    from opencc import OpenCC  # heavy: index build only

    converter = OpenCC("t2s")
    if chars is None:
        ranges = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
        chars = (chr(code) for low, high in ranges for code in range(low, high + 1))
    table: dict[str, str] = {}
    for char in chars:
        simple = converter.convert(char)
        if simple != char and len(simple) == 1:
            table[char] = simple
    return table
