"""How values, units, qualifiers and periods are worded in Chinese and English.

A value is never shown without its qualifier: '近5亿元' stays 'nearly CNY 500
million'. Chinese wording keeps the article's printed form where the record has
one; English wording is composed from the value, unit, qualifier and the
metric's noun. Scaling is done on the decimal digits (moving the point), so
55.3亿元 reads 'CNY 5.53 billion', never '5.529999 billion', without paying
for the decimal module on every lookup.
"""

from __future__ import annotations

import re

from qtcli.records import record


@record
class Unit:
    """A unit as the articles state it. `scale` turns a value into base units
    (亿元 → yuan); `en` is the English unit word, `currency` its prefix."""

    scale: int = 1
    en: str = ""
    currency: str = ""
    countable: bool = False


UNITS: dict[str, Unit] = {
    "亿元": Unit(100_000_000, currency="CNY"),
    "万元": Unit(10_000, currency="CNY"),
    "万亿元": Unit(1_000_000_000_000, currency="CNY"),
    "元": Unit(1, currency="CNY"),
    "亿美元": Unit(100_000_000, currency="USD"),
    "%": Unit(1, en="%"),
    "个百分点": Unit(1, en="percentage points"),
    "个点": Unit(1, en="points"),
    "家": Unit(1, en="firms", countable=True),
    "个": Unit(1, en="", countable=True),
    "项": Unit(1, en="items", countable=True),
    "所": Unit(1, en="institutions", countable=True),
    "位": Unit(1, en="people", countable=True),
    "名": Unit(1, en="people", countable=True),
    "人": Unit(1, en="people", countable=True),
    "万人": Unit(10_000, en="people", countable=True),
    "台": Unit(1, en="units", countable=True),
    "条": Unit(1, en="articles", countable=True),
    "宗": Unit(1, en="parcels", countable=True),
    "亩": Unit(1, en="mu"),
    "平方米": Unit(1, en="square metres"),
    "万平方米": Unit(10_000, en="square metres"),
    "万吨": Unit(10_000, en="tonnes"),
    "倍": Unit(1, en="times"),
    "分钟": Unit(1, en="minutes"),
    "年": Unit(1, en="years"),
    "轮": Unit(1, en="rounds", countable=True),
    "": Unit(1),
}

QUALIFIER_ZH = {
    "exact": "",
    "about": "约",
    "over": "超",
    "nearly": "近",
    "at_least": "不少于",
    "at_most": "不超过",
}
QUALIFIER_EN = {
    "exact": "",
    "about": "about ",
    "over": "over ",
    "nearly": "nearly ",
    "at_least": "at least ",
    "at_most": "at most ",
}

STATUS_ZH = {
    "actual": "",
    "target": "目标",
    "plan": "计划",
    "forecast": "预计",
    "recurring": "每年",
}
STATUS_EN = {
    "actual": "",
    "target": "target",
    "plan": "plan",
    "forecast": "expected",
    "recurring": "every year",
}

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUARTERS_ZH = ("一", "二", "三", "四")

PERIOD_RE = re.compile(
    r"^(?:(?P<y>\d{4})-(?P<m1>\d{2})/(?P=y)-(?P<m2>\d{2})"  # 2022-01/2022-08
    r"|(?P<qy>\d{4})-Q(?P<q>[1-4])"  # 2023-Q1
    r"|(?P<y1>\d{4})/(?P<y2>\d{4})"  # 2019/2022
    r"|(?P<my>\d{4})-(?P<m>\d{2}))$"  # 2024-11
)
DATE_RE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


def _digits(value: float | int) -> tuple[str, int]:
    """(digits, exponent) with value == ±int(digits) * 10**exponent, exactly as written."""
    text = repr(abs(value)) if isinstance(value, float) else str(abs(value))
    mantissa, _, power = text.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0") or "0"
    return digits, int(power or 0) - len(fraction)


def _plain(digits: str, exponent: int) -> str:
    """Digits and exponent as a plain decimal without trailing zeros: ('553', -1) → '55.3'."""
    if exponent >= 0:
        return digits + "0" * exponent if digits != "0" else "0"
    digits = digits.rjust(-exponent + 1, "0")
    whole, fraction = digits[:exponent], digits[exponent:].rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def plain_number(value: float | int) -> str:
    """A number without float noise or trailing zeros: 4.54, 3700, 0.5."""
    sign = "-" if value < 0 else ""
    return sign + _plain(*_digits(value))


def _grouped(text: str) -> str:
    whole, dot, fraction = text.partition(".")
    return f"{int(whole):,}{dot}{fraction}"


def english_amount(value: float | int, scale: int = 1) -> str:
    """value × scale in words: (55.3, 10**8) → '5.53 billion'; (32.5, 10**4) → '325,000'."""
    digits, exponent = _digits(value)
    exponent += len(str(scale)) - 1  # scale is a power of ten
    magnitude = len(digits) + exponent - 1 if digits != "0" else 0
    sign = "-" if value < 0 else ""
    for power, word in ((12, "trillion"), (9, "billion"), (6, "million")):
        if magnitude >= power:
            return f"{sign}{_plain(digits, exponent - power)} {word}"
    return sign + _grouped(_plain(digits, exponent))


def _singular(noun: str) -> str:
    head, _, tail = noun.rpartition(" ")
    word = tail or noun
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return f"{head} {word}" if head else word


@record
class Quantity:
    """What wording needs to know about one value."""

    value: float | int
    unit: str
    qualifier: str = "exact"
    printed: str | None = None
    misprint: bool = False
    kind: str = "count"  # the metric's kind
    noun: str | None = None  # the metric's English noun for counts


def value_zh(q: Quantity) -> str:
    """The value as a Chinese reader expects it, e.g. '近5亿元', '第2位'."""
    if q.kind == "rank":
        composed = f"第{plain_number(q.value)}位"
    elif q.kind == "ordinal":  # the third round: 第3轮
        composed = f"第{plain_number(q.value)}{q.unit}"
    else:
        composed = f"{QUALIFIER_ZH.get(q.qualifier, '')}{plain_number(q.value)}{q.unit}"
    if q.printed and q.misprint:
        return f"{composed}(原文作“{q.printed}”)"
    return q.printed or composed


def value_en(q: Quantity) -> str:
    """The value in English words, qualifier first: 'nearly CNY 500 million'."""
    unit = UNITS.get(q.unit, Unit(en=q.unit))
    amount = english_amount(q.value, unit.scale)
    qual = QUALIFIER_EN.get(q.qualifier, "")
    if q.kind == "rank":
        text = f"{qual}No. {plain_number(q.value)}"
    elif q.kind == "ordinal":  # the third round: 'round No. 3'
        noun = _singular(q.noun if q.noun is not None else unit.en)
        text = f"{qual}{noun} No. {plain_number(q.value)}".strip()
    elif unit.currency:
        text = f"{qual}{unit.currency} {amount}"
    elif q.unit == "%":
        text = f"{qual}{plain_number(q.value)}%"
    elif unit.countable:
        noun = q.noun if q.noun is not None else unit.en
        if amount == "1" and noun:
            noun = _singular(noun)
        text = f"{qual}{amount} {noun}".rstrip()
    else:
        text = f"{qual}{amount} {unit.en}".rstrip()
    if q.printed and q.misprint:
        text += f" (printed as “{q.printed}”)"
    return text


def value_text(q: Quantity, lang: str) -> str:
    return value_en(q) if lang == "en" else value_zh(q)


def unit_en(unit: str, kind: str = "count") -> str:
    """A unit named on its own in English, as one of it: 亿元 → 'CNY 100 million',
    万人 → '10,000 people'; a rank's 位 is a 'rank' (its values read 'No. 2')."""
    if kind == "rank":
        return "rank"
    spec = UNITS.get(unit, Unit(en=unit))
    amount = english_amount(1, spec.scale) if spec.scale > 1 else ""
    if spec.currency:
        return f"{spec.currency} {amount}".rstrip()
    word = spec.en or ("count" if spec.countable else "")
    return f"{amount} {word}".strip()


def unit_text(unit: str, lang: str, kind: str = "count") -> str:
    """A unit for a 'unit:' field or column; '—' when a figure has none (an index)."""
    text = unit_en(unit, kind) if lang == "en" else unit
    return text or "—"


# Printed forms that open with a verb ('高达5.25%', '突破3700亿元') already say 'is/reaches':
# a sentence puts them after the metric directly, where any other value takes '为'.
ZH_VERB_OPENINGS = (
    "高达",
    "达",
    "突破",
    "超过",
    "过",
    "接近",
    "提升",
    "增长",
    "持续",
    "位居",
    "居",
)


def predicate_zh(value: str) -> str:
    """'为4.43%' but '高达5.25%': the copula only where the value does not bring a verb."""
    return value if value.startswith(ZH_VERB_OPENINGS) else f"为{value}"


def with_article(noun: str) -> str:
    """'a company', 'an organisation', 'a university' (by sound: 'uni', 'eu', 'one' take 'a')."""
    lower = noun.lower()
    vowel = lower[:1] in ("a", "e", "i", "o", "u") and not lower.startswith(("uni", "eu", "one"))
    return f"{'an' if vowel else 'a'} {noun}"


def period_zh(year: int | None, period: str | None) -> str:
    match = PERIOD_RE.match(period) if period else None
    if match:
        if match["y"]:
            return f"{match['y']}年{int(match['m1'])}-{int(match['m2'])}月"
        if match["qy"]:
            return f"{match['qy']}年{QUARTERS_ZH[int(match['q']) - 1]}季度"
        if match["y1"]:
            return f"{match['y1']}—{match['y2']}年"
        return f"{match['my']}年{int(match['m'])}月"
    return f"{year}年" if year is not None else ""


def period_en(year: int | None, period: str | None) -> str:
    match = PERIOD_RE.match(period) if period else None
    if match:
        if match["y"]:
            first, last = MONTHS_EN[int(match["m1"]) - 1], MONTHS_EN[int(match["m2"]) - 1]
            return f"{first}–{last} {match['y']}"
        if match["qy"]:
            return f"Q{match['q']} {match['qy']}"
        if match["y1"]:
            return f"{match['y1']}–{match['y2']}"
        return f"{MONTHS_EN[int(match['m']) - 1]} {match['my']}"
    return str(year) if year is not None else ""


def when_text(year: int | None, period: str | None, status: str, lang: str) -> str:
    """'2022年1-8月', 'target for 2025', 'every year', or '' when undated."""
    if lang == "en":
        base = period_en(year, period)
        label = STATUS_EN.get(status, "")
        if label and base:
            return f"{label} for {base}" if status in ("target", "plan") else f"{label} {base}"
        return label or base
    base = period_zh(year, period)
    label = STATUS_ZH.get(status, "")
    if label and base:
        return f"{label}({base})" if status != "recurring" else label
    return label or base


def date_text(date: str | None, lang: str) -> str:
    """'2024-12' → '2024年12月' / 'Dec 2024'."""
    if not date:
        return ""
    parts = [int(p) for p in date.split("-")]
    if lang == "en":
        if len(parts) == 1:
            return str(parts[0])
        month = MONTHS_EN[parts[1] - 1]
        return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
    text = f"{parts[0]}年"
    if len(parts) > 1:
        text += f"{parts[1]}月"
    if len(parts) > 2:
        text += f"{parts[2]}日"
    return text


def as_of_text(as_of: str | None, lang: str) -> str:
    """'截至2022年9-12月' / 'as of Sep–Dec 2022': when a stock was counted."""
    if not as_of:
        return ""
    if PERIOD_RE.match(as_of):
        shown = period_en(None, as_of) if lang == "en" else period_zh(None, as_of)
    else:
        shown = date_text(as_of, lang)
    return f"as of {shown}" if lang == "en" else f"截至{shown}"


def fact_when(date: str | None, year: int | None, period: str | None, lang: str) -> str:
    """When a fact happened: its date if it has one, else its year or period."""
    return date_text(date, lang) if date else when_text(year, period, "actual", lang)


def period_years(year: int | None, period: str | None) -> tuple[int, int] | None:
    """The span of years an observation covers, for --year filtering."""
    match = PERIOD_RE.match(period) if period else None
    if match and match["y1"]:
        return int(match["y1"]), int(match["y2"])
    if year is not None:
        return year, year
    return None
