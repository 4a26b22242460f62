"""Normalising names and queries so that spelling variants meet.

`fold` is applied to every name, alias and query alike: Unicode NFKC (full-width
letters and digits become ASCII), case folding, traditional → simplified Chinese
through a character table, and removal of whitespace, punctuation and symbols.
`strip_suffixes` drops corporate suffixes (有限公司, Co., Ltd. …) for matching
only. Pinyin keys are computed when the index is built (`PinyinKeys`), never on a
lookup; the traditional→simplified table and each character's readings ship
prebuilt in data/ (made from OpenCC and pypinyin by `write_tables`).
"""

from __future__ import annotations

import os
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


# Letters and digits of any script survive; punctuation, symbols, marks and spaces go. \W is
# what str.isalnum() refuses, and str.isalnum() is Unicode's L* and N* categories.
_DROP = re.compile(r"[\W_]+")
_TABLES: dict[int, tuple[Mapping[str, str], dict[int, str]]] = {}


def translate_table(t2s: Mapping[str, str]) -> dict[int, str]:
    """`t2s` as str.translate wants it (made once per table)."""
    made = _TABLES.get(id(t2s))
    if made is None or made[0] is not t2s:
        made = (t2s, {ord(k): v for k, v in t2s.items()})
        _TABLES[id(t2s)] = made
    return made[1]


def _keep(char: str) -> bool:
    """Letters and digits of any script survive; punctuation, symbols, marks and spaces go
    (what fold's _DROP removes, a character at a time)."""
    return char.isalnum()


def fold(text: str, t2s: Mapping[str, str] | None = None) -> str:
    """The matching form of a text: '中策橡膠 (Ｚhongce)' → '中策橡胶zhongce'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if t2s:
        text = text.translate(translate_table(t2s))
    return _DROP.sub("", text)


def fold_words(text: str, t2s: Mapping[str, str] | None = None) -> str:
    """`fold` that keeps word breaks, for searching texts: every run of punctuation, symbols
    and spaces becomes one space, and the result is padded with one on each side:
    'R&D intensity reached' → ' r d intensity reached '. Folding the spaces away as `fold`
    does would let 'tyre' match inside 'intensi*ty re*ached'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if t2s:
        text = text.translate(translate_table(t2s))
    return " " + " ".join(_DROP.sub(" ", text).split()) + " "


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
    changed = key.endswith(CORPORATE_SUFFIXES)  # most keys end in none: one test says so
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
    changed = key.startswith(PLACE_WORDS) or key.endswith(PLACE_WORDS)
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
    from pypinyin import Style, lazy_pinyin, pinyin  # heavy: index build only

    usual = lazy_pinyin(text, style=Style.NORMAL)
    options = [o[:2] for o in pinyin(text, style=Style.NORMAL, heteronym=True)]
    return _combine(text, usual, options, limit)


def _combine(
    text: str, usual: list[str], options: list[list[str]], limit: int
) -> list[tuple[str, str]]:
    """The keys of the usual reading and of its variants (`variants`)."""
    keys: list[tuple[str, str]] = []
    for items in variants(usual, options, limit):
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


def variants(usual: list[str], options: list[list[str]], limit: int) -> list[list[str]]:
    """The usual reading of a name, then each reading that differs from it in one character,
    by one of that character's first two readings (rare readings add noise), up to `limit`.

    The usual reading is wrong in one character when it is wrong (长三角 is chang-, not
    zhang-); a reading wrong in two is a guess no one types, and a key each: every combination
    of readings took six keys in ten at 100k entities, and past the limit it kept combinations
    of the first characters' readings rather than a change of the last character."""
    readings = [usual]
    if len(options) != len(usual):
        return readings
    for i, (said, choices) in enumerate(zip(usual, options, strict=True)):
        for choice in choices[:2]:
            if choice != said and len(readings) < limit:
                readings.append([*usual[:i], choice, *usual[i + 1 :]])
    return readings


class PinyinKeys:
    """`pinyin_keys` for many names, sharing the work.

    A name seen before (in `memo`: the shipped names, or a file's names as the last
    build read them) costs nothing. A name of Chinese characters that holds none of the
    pypinyin phrases whose reading the characters alone do not give (data/phrases.txt) reads
    as each character's own readings, which the shipped table gives without importing
    pypinyin (pypinyin does exactly this for it: tests/test_index.py).
    Only a name holding a phrase (长三角) or other scripts goes through pypinyin.
    """

    def __init__(self, memo: dict[str, list[tuple[str, str]]] | None = None) -> None:
        self.memo = memo if memo is not None else {}
        # For a file compiled again: what each record made its name keys from last time, by id,
        # and the ids whose keys stay as they are (build._replace_names, compile.name_keys).
        self.names: dict[str, tuple[object, ...]] = {}
        self.kept: set[str] = set()
        self._readings: dict[str, str] | None = None
        self._phrases: frozenset[str] | None = None
        self._starts: frozenset[str] = frozenset()  # the phrases' first two characters

    def __call__(self, text: str) -> list[tuple[str, str]]:
        if not has_cjk(text):
            return []
        keys = self.memo.get(text)
        if keys is None:
            keys = self._by_characters(text)
            if keys is None:
                keys = pinyin_keys(text)
        return keys

    def _by_characters(self, text: str, limit: int = 8) -> list[tuple[str, str]] | None:
        if self._readings is None:
            self._readings = char_readings()
        options = [self._readings.get(c, "").split()[:2] for c in text]
        if not all(options) or self._holds_phrase(text):
            return None
        # _combine for readings that are already folded and never part of the text.
        keys: list[tuple[str, str]] = []
        for items in variants([o[0] for o in options], options, limit):
            for key, form in (
                ("".join(items), "pinyin"),
                ("".join(i[0] for i in items), "initials"),
            ):
                if (key, form) not in keys and not (form == "initials" and len(items) < 2):
                    keys.append((key, form))
        return keys

    def _holds_phrase(self, text: str) -> bool:
        if self._phrases is None:
            self._phrases = frozenset(_data("phrases.txt").split())
            self._starts = frozenset(p[:2] for p in self._phrases)
        longest = 10
        return any(
            text[i:j] in self._phrases
            for i in range(len(text) - 1)
            if text[i : i + 2] in self._starts  # a phrase has two characters or more
            for j in range(i + 2, min(len(text), i + longest) + 1)
        )


DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _data(name: str) -> str:
    with open(os.path.join(DATA, name), encoding="utf-8") as handle:
        return handle.read()


def char_readings() -> dict[str, str]:
    """Toneless pinyin readings of every Chinese character pypinyin knows: '长' → 'chang zhang'.

    Stored in the index so a lookup can tell a homophone typo (中策像胶 for
    中策橡胶) from a different name (临安区 is not 临平区) without pypinyin. Read from
    data/readings.tsv, made by `pypinyin_readings` (write_tables).
    """
    table: dict[str, str] = {}
    for line in _data("readings.tsv").splitlines():
        char, _, readings = line.partition("\t")
        table[char] = readings
    return table


def t2s_table() -> dict[str, str]:
    """Traditional → simplified for single characters: data/t2s.txt, made by `opencc_t2s`
    (write_tables): each line a traditional character and its simplified form."""
    return {line[0]: line[1] for line in _data("t2s.txt").splitlines() if len(line) == 2}


def shipped_pinyin() -> dict[str, list[tuple[str, str]]]:
    """`pinyin_keys` of the shipped fact base's names, computed ahead (data/pinyin.tsv), so
    its first build needs no pypinyin."""
    memo: dict[str, list[tuple[str, str]]] = {}
    for line in _data("pinyin.tsv").splitlines():
        text, *keys = line.split("\t")
        memo[text] = [(k.partition(" ")[2], k.partition(" ")[0]) for k in keys]
    return memo


def pypinyin_phrases() -> list[str]:
    """The phrases of pypinyin's dictionary whose keys the characters alone do not give (a
    reading the phrase fixes: 银行 is yinhang, never yinxing): a name holding one goes through
    pypinyin; any other is read by characters, without importing it (data/phrases.txt)."""
    from pypinyin.phrases_dict import phrases_dict  # heavy: regenerating the table only

    by_characters = PinyinKeys()
    by_characters._phrases = frozenset()
    return sorted(
        phrase
        for phrase in phrases_dict
        if by_characters._by_characters(phrase) != pinyin_keys(phrase)
    )


def pypinyin_readings() -> dict[str, str]:
    """char_readings, computed from pypinyin's own table."""
    from pypinyin.pinyin_dict import pinyin_dict  # heavy: regenerating the table only

    table: dict[str, str] = {}
    for code, readings in pinyin_dict.items():
        plain = [  # ü is v and ê stays, as pypinyin writes them, whatever the tone: lǚ → lv
            unicodedata.normalize(
                "NFC",
                "".join(
                    c
                    for c in unicodedata.normalize("NFD", r)
                    .replace("u\u0308", "v")
                    .replace("e\u0302", "\x00")
                    if not unicodedata.combining(c)
                ).replace("\x00", "ê"),
            )
            for r in readings.split(",")
        ]
        table[chr(code)] = " ".join(dict.fromkeys(plain))  # commonest reading first
    return table


def opencc_t2s(chars: Iterable[str] | None = None) -> dict[str, str]:
    """t2s_table, computed from OpenCC's t2s tables: the CJK unified ideographs (and
    extension A) plus compatibility ideographs; only characters that change are kept."""
    from opencc import OpenCC  # heavy: regenerating the table only

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


def write_tables(names: Iterable[str], folder: str = DATA) -> None:
    """Regenerate data/: `python -c 'from qtcli.index.normalize import write_tables as w;
    from qtcli.index.build import shipped_names as n; w(n())'`."""
    os.makedirs(folder, exist_ok=True)
    files = {
        "t2s.txt": "".join(f"{t}{s}\n" for t, s in sorted(opencc_t2s().items())),
        "readings.tsv": "".join(f"{c}\t{r}\n" for c, r in sorted(pypinyin_readings().items())),
        "phrases.txt": "".join(f"{phrase}\n" for phrase in pypinyin_phrases()),
        "pinyin.tsv": "".join(
            "\t".join([text, *(f"{form} {key}" for key, form in pinyin_keys(text))]) + "\n"
            for text in sorted(set(names))
            if has_cjk(text)
        ),
    }
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
