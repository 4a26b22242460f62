"""Proof of completeness: every number in the articles is covered by a quote or reasoned away.

A number is an Arabic numeral (2661.28, 5G, 415X, 25万) or a run of Chinese
numerals (五大, 两大, 千余家, 近千家). Chinese numerals inside set phrases
(四通八达, 一以贯之 …) are not numbers, and a lone 一 ('one', as in 一批, 一个)
is too common to count unless it is an ordinal (第一). A number is covered when
some record's quote of that article spans it, or reasoned when
facts/uncovered.toml lists it with its context and a reason.
"""

from __future__ import annotations

import re

from qtcli.factbase.model import FactBase, Uncovered
from qtcli.factbase.validate import squeeze
from qtcli.records import record

NUMBER_RE = re.compile(r"\d+(?:\.\d+)?[十百千万亿]*|[〇零一二两三四五六七八九十百千万亿]+")
# Set phrases whose numerals are not numbers; masked before tokenising.
SET_PHRASES = (
    "四通八达",
    "四梁八柱",
    "一以贯之",
    "一站式",
    "一体化",
    "十分",
    "十足",
    "零部件",
    "两端",
    "第一步",
    "第一资源",
)
CONTEXT = 10  # characters shown either side of an uncovered number


@record
class Number:
    source: str
    text: str
    start: int
    end: int
    context: str


class Coverage:
    """The coverage report: counts, and the numbers nothing covers."""

    def __init__(self) -> None:
        self.found = 0
        self.covered = 0
        self.reasoned = 0
        self.uncovered: list[Number] = []
        self.stale: list[Uncovered] = []  # uncovered.toml entries that match nothing


def _is_number(text: str, token: str, start: int) -> bool:
    if token == "一":
        return start > 0 and text[start - 1] == "第"
    return True


def numbers_in(source: str, text: str) -> list[Number]:
    masked = text
    for phrase in SET_PHRASES:
        masked = masked.replace(phrase, "□" * len(phrase))
    out = []
    for match in NUMBER_RE.finditer(masked):
        if _is_number(masked, match.group(), match.start()):
            lo, hi = max(0, match.start() - CONTEXT), match.end() + CONTEXT
            out.append(Number(source, match.group(), match.start(), match.end(), text[lo:hi]))
    return out


def _spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    spans = []
    for quote in quotes:
        q = squeeze(quote)
        if not q:
            continue
        start = text.find(q)
        while start != -1:
            spans.append((start, start + len(q)))
            start = text.find(q, start + 1)
    return spans


def _inside(n: Number, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= n.start and n.end <= hi for lo, hi in spans)


def quotes_by_source(fb: FactBase) -> dict[str, list[str]]:
    quotes: dict[str, list[str]] = {}
    for e in fb.entities.values():
        quotes.setdefault(e.source, []).append(e.quote)
    for o in fb.observations:
        quotes.setdefault(o.source, []).extend((o.quote, *o.also_quoted))
    for f in fb.facts:
        quotes.setdefault(f.source, []).extend((f.quote, *f.also_quoted))
    return quotes


def coverage(fb: FactBase, texts: dict[str, str]) -> Coverage:
    """Numbers of each article: covered by a quote, reasoned in uncovered.toml, or neither."""
    report = Coverage()
    quotes = quotes_by_source(fb)
    used: set[int] = set()
    for source, text in texts.items():
        covered = _spans(text, quotes.get(source, []))
        reasons = [(n, u) for n, u in enumerate(fb.uncovered) if u.source == source]
        for number in numbers_in(source, text):
            report.found += 1
            if _inside(number, covered):
                report.covered += 1
                continue
            hit = next(
                (
                    n
                    for n, u in reasons
                    if u.number == number.text and _inside(number, _spans(text, [u.context]))
                ),
                None,
            )
            if hit is None:
                report.uncovered.append(number)
            else:
                report.reasoned += 1
                used.add(hit)
    report.stale = [u for n, u in enumerate(fb.uncovered) if n not in used and u.source in texts]
    return report
