"""Dates in a text: the year or period it gives, a report's year, and the units that say them.

Grammar, not vocabulary: years (2021, 2021年), month ranges (1-8月, January to
August), the first months (前8个月), one month (2024年11月), quarters, 去年/今年
against a report's year ('2025年的报道说…去年': 2024), and 'since 2019' (a span to the
report, which names no year asked). Questions (ask/read.py) and typed metric names
(find/query.py) are read with the same patterns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qtcli.factbase.lexicon import Unit
from qtcli.factbase.model import YEAR_RANGE
from qtcli.records import record

YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# A year written with two digits ('钱塘22年亩均税收': 2022); not a number of years (连续22年,
# 近22年, 22年来, 22年间).
SHORT_YEAR = re.compile(
    r"(?<![\d.])(?<!连续)(?<!近)(?<!过去)(?<!前)(?<!后)(?<!这)(?<!那)(?<!成立)(?<!第)"
    r"(\d{2})年(?!来|间|内|以来|前|后|多|左右)"
)
MONTH_RANGE = re.compile(r"(\d{1,2})\s*[-–—至到~]\s*(\d{1,2})\s*月")
FIRST_MONTHS = re.compile(
    r"前\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*个?月|"
    r"first (\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven) months",
    re.I,
)
NUMBERS = {
    **{w: n for n, w in enumerate("一二三四五六七八九十", start=1)},
    "十一": 11,
    **{
        w: n for n, w in enumerate("two three four five six seven eight nine ten eleven".split(), 2)
    },
}
EN_MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH = "|".join(m[:3] for m in EN_MONTHS)
EN_MONTH_RANGE = re.compile(
    rf"\b({_MONTH})[a-z]*\s*(?:-|–|—|to|through|and)\s*({_MONTH})[a-z]*", re.IGNORECASE
)
# One month of a year: '2024年11月', 'November 2024'. Not 'as of' a month (截至2022年8月,
# by the end of August): that ends a running period, and names no month's figure.
ONE_MONTH = re.compile(
    r"(?<!截至)(?<!截止)(?<!\d)\d{4}\s*年\s*(\d{1,2})\s*月(?!\s*(?:[-–—至到~]\s*\d|[底末]))|"
    rf"(?<!as of )(?<!by )(?<!end of )\b({_MONTH})[a-z]*\.?\s+(?:of\s+)?\d{{4}}\b",
    re.IGNORECASE,
)
QUARTER = re.compile(
    r"([一二三四1-4])季度|\bq([1-4])\b|\b(first|second|third|fourth) quarter", re.I
)
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}
# '2025年初的报道说…去年': 2025 dates the report, and 去年 is 2024.
REPORT_YEAR = re.compile(
    r"(\d{4})年(?:初|底|末|中)?的?(?:报道|说法|报告|文章|统计)|"
    r"\b(?:report|article)s? (?:from|in|of|published in) (?:early |late |mid-)?(\d{4})\b|"
    r"\b(?:the|a|its) (\d{4}) (?:report|article|feature|story)\b",
    re.IGNORECASE,
)
# 'Since 2019', '2019年以来': a span that runs to the report; it names no year asked.
SINCE_YEAR = re.compile(r"\bsince (?:its )?(?:\w+ )?(\d{4})\b|(\d{4})年以来|自(\d{4})年", re.I)
LAST_YEAR = re.compile(r"去年|上一年|last year|the previous year|the year before", re.I)
THIS_YEAR = re.compile(r"今年|本年|this year", re.I)
WHOLE_YEAR = re.compile(r"全年|整年|whole of|full year|full-year|entire year|for the year", re.I)


@record
class When:
    """The time a text gives."""

    year: int | None
    period: str | None  # as observations write periods: 2022-01/2022-08, 2023-Q1, 2024-11
    report: int | None  # the year of the report the text cites (2025年的报道)
    dated: frozenset[int]  # the units that state them
    whole_year: bool  # 全年, the full year


def read_when(folded: str, found: Sequence[Unit]) -> When:
    """The time a folded text gives, read from its units."""
    year, period, report, dated = _when(folded, found)
    return When(year, period, report, frozenset(dated), bool(WHOLE_YEAR.search(folded)))


def date_units(folded: str, found: Sequence[Unit]) -> frozenset[int]:
    """Every unit that says a time, 去年 and 今年 too when no report dates them: a typed
    metric name's words, less its dates (--year says the year)."""
    spans = [m.span() for p in (LAST_YEAR, THIS_YEAR, WHOLE_YEAR) for m in p.finditer(folded)]
    relative = {i for i, u in enumerate(found) if any(s <= u.start < e for s, e in spans)}
    return read_when(folded, found).dated | relative


def _when(
    folded: str, found: Sequence[Unit]
) -> tuple[int | None, str | None, int | None, set[int]]:
    """(year, period, the report's year, the units that state them)."""
    spans: list[tuple[int, int]] = []
    report_match = REPORT_YEAR.search(folded)
    report = int(next(g for g in report_match.groups() if g)) if report_match else None
    if report_match:
        spans.append(report_match.span())
    for since in SINCE_YEAR.finditer(folded):
        spans.append(since.span())
    years = []
    written = [(m, int(m.group(1))) for m in YEAR.finditer(folded)]
    written += [(m, 2000 + int(m.group(1))) for m in SHORT_YEAR.finditer(folded)]
    for match, value in sorted(written, key=lambda w: w[0].start()):
        if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            continue
        spans.append(match.span())
        if not any(s <= match.start() < e for s, e in spans[:-1]):
            years.append(value)
    if not years and report is not None:
        previous, current = LAST_YEAR.search(folded), THIS_YEAR.search(folded)
        if previous:
            years = [report - 1]
            spans.append(previous.span())
        elif current:
            years = [report]
            spans.append(current.span())
    year = years[0] if len(set(years)) == 1 else None
    period = None
    if year is not None:
        months = MONTH_RANGE.search(folded)
        en = EN_MONTH_RANGE.search(folded)
        quarter = QUARTER.search(folded)
        first_months = FIRST_MONTHS.search(folded)
        if first_months:  # 前8个月, the first eight months: January to the eighth
            raw = first_months.group(1) or first_months.group(2)
            last = int(raw) if raw.isdigit() else NUMBERS.get(raw, 0)
            if 1 <= last <= 12:
                period = f"{year}-01/{year}-{last:02d}"
                spans.append(first_months.span())
        elif months:
            period = f"{year}-{int(months.group(1)):02d}/{year}-{int(months.group(2)):02d}"
            spans.append(months.span())
        elif en:
            names = [m[:3] for m in EN_MONTHS]
            first = names.index(en.group(1).lower()[:3]) + 1
            last = names.index(en.group(2).lower()[:3]) + 1
            period = f"{year}-{first:02d}/{year}-{last:02d}"
            spans.append(en.span())
        elif quarter:
            raw = (quarter.group(1) or quarter.group(2) or quarter.group(3)).lower()
            period = f"{year}-Q{QUARTERS.get(raw) or int(raw)}"
            spans.append(quarter.span())
        elif month := ONE_MONTH.search(folded):
            if month.group(1):
                number = int(month.group(1))
            else:
                number = [m[:3] for m in EN_MONTHS].index(month.group(2).lower()[:3]) + 1
            if 1 <= number <= 12:
                period = f"{year}-{number:02d}"
                spans.append(month.span())
    else:
        # A quarter or months with no year, and 今年 or 去年 of no report, say a time all
        # the same, not what is asked ('今年一季度新建标准厂房多少': Q1, of a year not given).
        for pattern in (QUARTER, MONTH_RANGE, FIRST_MONTHS, LAST_YEAR, THIS_YEAR):
            spans += [m.span() for m in pattern.finditer(folded)]
    dated = {i for i, u in enumerate(found) if any(s <= u.start < e for s, e in spans)}
    return year, period, report, dated
