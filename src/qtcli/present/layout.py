"""Where text may break, and how wide each column of a table gets: layout without Rich.

Line breaking follows the reader, not the character count. Chinese may break
between any two characters; a Latin word, an id (`jingxin-2022`), a number
with its unit and qualifier (`近5亿元`, `2022年3月`, `4.54%`, `about CNY 5.53
billion`, `第2位`) never breaks inside, and punctuation stays with its word: a
line never starts with `)`, `”` or `,`, nor ends with `(` or `“`. Only a unit
wider than the whole line is cut, as a last resort.

Columns come in two sorts. Key columns (a value, a date, an id, a source) keep
their natural width; prose columns (names, facts, quotes, notes) share what
is left and fold. A column of long text (its average cell wider than
PROSE_MIN: facts, quotes, notes, long names) is readable at PROSE_MIN cells; a
column of short names or labels when its average cell takes at most FOLD_LINES
lines; neither narrower than its longest word. When the screen cannot give
every prose column that much, the table is unreadable at that width and
`plan_columns` returns None: the renderer then draws each row as a card.

Widths are terminal cells (a Chinese character takes two); the caller passes
the measure its renderer uses, so the two never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from qtcli.present.wording import QUALIFIER_EN, QUALIFIER_ZH, UNITS

Measure = Callable[[str], int]

# Long text needs this much: about eight Chinese characters or two English words a line.
# Narrower, it reads as a column of fragments.
PROSE_MIN = 16
# Short names and labels may fold into this many lines ('Qiantang' over 'District').
FOLD_LINES = 3

_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
# Punctuation that closes (never starts a line) and that opens (never ends one).
CLOSING = set(",.;:!?%)]}”’»、，。；：！？）］｝」』》〉】〕…")
OPENING = set("([{“‘«（［｛「『《〈【〔")
# Separators between items (`钱塘区 › 杭州市`, `钱塘区 · R&D intensity`) end a line, never start one.
SEPARATORS = ("›", "·")


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted({w for w in words if w}, key=len, reverse=True))


NUMBER = r"\d[\d.,]*\d%?|\d%?"
_ZH_UNITS = _alternation([u for u in UNITS if u and not u.isascii()] + ["月", "日", "季度"])


def _number_phrase() -> str:
    """A number as wording.py writes it, with its qualifier and unit, in either language:
    近5亿元, 2022年3月, 第2位, No. 2, about CNY 5.53 billion, over 100 firms."""
    number, zh_units = NUMBER, _ZH_UNITS
    zh_quals = _alternation([*QUALIFIER_ZH.values(), "第"])
    en_quals = _alternation([q.strip() for q in QUALIFIER_EN.values()])
    en_units = _alternation([u.en for u in UNITS.values()])
    zh_tail = rf"(?:{zh_units})(?:(?:{number})(?:{zh_units}))*"
    en_tail = rf"(?: (?:million|billion|trillion))?(?: (?:{en_units})\b)?"
    return (
        rf"No\. \d+"
        rf"|(?:{zh_quals}|(?:{en_quals}) )?(?:(?:CNY|USD) )?(?:{number})(?:{zh_tail}|{en_tail})"
    )


def _zh_number() -> str:
    """Where a number phrase starts inside a Latin run, to end the run there: `,2022年`,
    `“No. 2`."""
    return rf"(?:{NUMBER})(?:{_ZH_UNITS})|No\. \d"


@lru_cache(maxsize=1)
def _token() -> re.Pattern[str]:
    """Spaces and number phrases, compiled when first drawn with (about 2 ms: not on a --json
    lookup). Chinese characters and Latin runs are told apart in Python (_tokens): a character
    class of the CJK ranges alone costs sre 6 ms to compile, three of them 11 ms a run."""
    return re.compile(rf"(?P<space>\s+)|(?P<number>{_number_phrase()})")


@lru_cache(maxsize=1)
def _latin() -> re.Pattern[str]:
    """A run of non-space up to a space or a Chinese number phrase (`,2022年`), which
    _tokens then ends at its first Chinese character."""
    return re.compile(rf"\S+?(?=\s|{_zh_number()}|$)")


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, token): runs of space, number phrases, single Chinese characters, and Latin runs,
    which end before a space, a Chinese character or a Chinese number phrase."""
    token, latin = _token(), _latin()
    i, n = 0, len(text)
    while i < n:
        found = token.match(text, i)
        if found is not None and found.end() > i:
            yield str(found.lastgroup), found.group()
            i = found.end()
            continue
        if _is_cjk(text[i]):
            yield "cjk", text[i]
            i += 1
            continue
        run = latin.match(text, i)
        end = run.end() if run is not None else n
        cut = next((j for j in range(i + 1, end) if _is_cjk(text[j])), end)
        yield "latin", text[i:cut]
        i = cut


_CJK_RANGES = sorted(
    (ord(piece[0]), ord(piece[-1])) for piece in re.findall(r".-.", _CJK)
)  # a test of one character, without compiling a character class (≈ 6 ms at start-up)
_CJK_STARTS = [low for low, _ in _CJK_RANGES]


def _is_cjk(char: str) -> bool:
    code = ord(char)
    at = bisect_right(_CJK_STARTS, code) - 1  # the last range starting at or before it
    return at >= 0 and code <= _CJK_RANGES[at][1]  # the ranges do not overlap


def cells(text: str) -> int:
    """Terminal cells of `text` by Unicode's East Asian Width (Rich passes its own measure)."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def units(text: str) -> list[tuple[str, str]]:
    """`text` as unbreakable units, each with the space that stands before it.

    Two tokens with no space between them stay together unless one side of the joint is
    a Chinese character or closing punctuation (so `zhizao-2022#f1` or `“454%”)` is one
    unit, `GDP比重` two), and punctuation holds on to its word (`(读`, `4.54%)。`)."""
    out: list[tuple[str, str]] = []
    space = ""
    for kind, token in _tokens(text):
        if kind == "space":
            space = token
            continue
        if out and not space and _joined(out[-1][0], token):
            out[-1] = (out[-1][0] + token, out[-1][1])
        elif out and token in SEPARATORS:
            out[-1] = (out[-1][0] + space + token, out[-1][1])  # a line ends "District ›"
        else:
            out.append((token, space if out else ""))
        space = ""
    return out


def _joined(before: str, after: str) -> bool:
    last, first = before[-1], after[0]
    if last in OPENING or first in CLOSING:
        return True
    if last in CLOSING:
        return False  # `4.54%` | `(读作`, `近5亿元,` | `2022年`
    return not (_is_cjk(last) or _is_cjk(first))


def _cut(unit: str, width: int, measure: Measure) -> list[str]:
    """The last resort: a unit wider than the line, cut between characters."""
    pieces, piece = [], ""
    for char in unit:
        if piece and measure(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def fold(text: str, width: int, measure: Measure = cells) -> list[str]:
    """`text` in lines of at most `width` cells, broken only where a reader allows."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for unit, space in units(paragraph):
            joined = f"{line}{space}{unit}" if line else unit
            if measure(joined) <= width:
                line = joined
                continue
            if line:
                lines.append(line)
            pieces = _cut(unit, width, measure) if measure(unit) > width else [unit]
            lines += pieces[:-1]
            line = pieces[-1]
        lines.append(line)
    return lines


def longest_unit(text: str, measure: Measure = cells) -> int:
    """The width below which `text` cannot fold without cutting a word, number or id."""
    return max((measure(u) for u, _ in units(text)), default=0)


def natural(text: str, measure: Measure = cells) -> int:
    """The width of `text` unfolded: its longest line."""
    return max((measure(line) for line in text.split("\n")), default=0)


def plan_columns(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    prose: frozenset[int],
    fixed: dict[int, int],
    room: int,
    measure: Measure = cells,
) -> list[int] | None:
    """Each column's width when the cells may take `room` in all (the screen less the
    table's rules and padding), or None when the table cannot be read in that room.

    Key columns get their natural width (`fixed` ones, such as a bar, exactly theirs);
    prose columns get at least what makes them readable (see the module's docstring), then
    share what is left: first whole to those that need little, then by how much they hold."""
    count = len(columns)
    texts = [[columns[c], *(row[c] for row in rows)] for c in range(count)]
    want = [fixed.get(c) or max(natural(t, measure) for t in texts[c]) for c in range(count)]
    floor = [
        _readable(texts[c], want[c], measure) if c in prose and c not in fixed else want[c]
        for c in range(count)
    ]
    if sum(floor) > room:
        return None
    return _share(floor, want, [c for c in range(count) if c in prose], texts, room, measure)


def _readable(texts: list[str], want: int, measure: Measure) -> int:
    """The narrowest a prose column (heading first) can be and still be read."""
    widths = [natural(t, measure) for t in texts[1:]] or [want]
    average = sum(widths) / len(widths)
    need = PROSE_MIN if average > PROSE_MIN else -(-int(average) // FOLD_LINES)
    return max(min(want, need), max(longest_unit(t, measure) for t in texts))


def _share(
    floor: list[int],
    want: list[int],
    prose: list[int],
    texts: list[list[str]],
    room: int,
    measure: Measure,
) -> list[int]:
    """Spare room for the prose columns: first whole to those that need no more than an
    equal share (a short name stays on one line), then the rest by how much text each holds."""
    widths = list(floor)
    spare = room - sum(widths)
    hungry = [c for c in prose if want[c] > widths[c]]
    while hungry:
        fits = [c for c in hungry if want[c] - widths[c] <= spare // len(hungry)]
        if not fits:
            break
        for c in fits:
            spare -= want[c] - widths[c]
            widths[c] = want[c]
        hungry = [c for c in hungry if c not in fits]
    weight = {c: sum(natural(t, measure) for t in texts[c]) for c in hungry}
    total = sum(weight.values())
    for c in hungry:
        widths[c] += spare * weight[c] // total
    left = room - sum(widths)
    for c in hungry[:left]:
        widths[c] += 1  # what rounding left over
    return widths
