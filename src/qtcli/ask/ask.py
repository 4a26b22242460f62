"""`qt ask`: questions in plain Chinese or English, answered only from the fact base.

No language model and no network. A question is read with the fact base's own
vocabulary: the places, parks, companies and organisations it names (matched
by name, English name or alias, most specific first), the year or period it
gives, and what it asks for — a figure (a metric, matched on its names'
words), a name ('which company…', '哪个园区'), or a fact. The answer is one
recorded observation or fact with its source and quote. When nothing recorded
fits the subject, metric and year together, the answer is a refusal that names
the nearest things the fact base does hold; a figure is never borrowed from
another year, another subject or another metric.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qtcli.factbase.model import Entity, Fact, Metric, Name, Source, Text
from qtcli.find.metric_match import metric_scores
from qtcli.find.query import clean_query
from qtcli.find.vocabulary import COUNTERS, asked_unit, coverage, cues, missing_measures, tokens
from qtcli.index.normalize import fold, has_cjk, latin_words
from qtcli.index.store import ObservationRow, Store
from qtcli.present.wording import (
    Quantity,
    date_text,
    period_years,
    predicate_zh,
    value_en,
    value_zh,
    when_text,
)
from qtcli.records import record, replace

SPECIFICITY = {"company": 0, "org": 1, "park": 2, "region": 3}
REGION_DEPTH = {
    "subdistrict": 0,
    "district": 1,
    "county-city": 1,
    "city": 2,
    "province": 3,
    "area": 3,
    "river": 3,
    "country": 4,
}
METRIC_FLOOR = 58.0  # how well a question's words must cover a metric's name (0–100)
METRIC_TIE = 4.0  # metrics within this many points of the best are read as the same question
FACT_FLOOR = 0.45  # share of a question's words (names and years aside) a fact must account for
ASKING_CLAUSE_DISCOUNT = 14.0  # the asking clause alone is read a little less surely
HELD_SLACK = 10.0  # how far below the floor a metric's words may fit, if recorded for the place
NAME_NAMED_EASING = 0.12  # how much less a fact about a named entity must share
NAME_FLOOR = 0.30  # the same, for a fact that names the entity asked for
FIGURE_FACT_FLOOR = 0.55  # a figure question falls back to a fact only when it fits this well
METRIC_SURE = 80.0  # a question not phrased as a figure question takes a figure only this clear
METRIC_CONFIDENT = 65.0  # at or above this, a figure question is answered by that metric or refused
YES_NO = re.compile(
    r"吗[?？]?\s*$|是否|有没有|^\s*(is|are|was|were|does|do|did|has|have|can)\b", re.IGNORECASE
)
# Where a firm began, listed or has its head office is not where its record places it (the
# Qiantang factory of Yokohama Rubber): only a fact answers that.
EVENT_PLACE_QUESTION = re.compile(
    r"成立|创立|创办|起家|诞生|发源|最早|原来|总部|上市|挂牌|"
    r"\b(founded|established|started|set up|originally|began|begin|headquarter\w*|head office|hq|"
    r"list|listed|listing|ipo)\b",
    re.IGNORECASE,
)
LOCATION_QUESTION = re.compile(
    r"在哪个(区|园区|平台|城市|街道|地方|县市|县|市|省)|在哪里|位于哪|建在哪|落户在哪|落在哪|"
    r"\bwhere (is|are|was|were)\b|\bin which (district|park|zone|city|area|platform)\b|which (park|district|zone|city) is .* (in|located)",
    re.IGNORECASE,
)
DATE_QUESTION = re.compile(
    r"哪天|哪一天|什么时候|何时|哪年|哪一年|几月|when\b|what date|what year|which year|what month",
    re.IGNORECASE,
)
HOW_MANY = re.compile(rf"how many|how much|多少|几(?:{COUNTERS}|亩|倍)", re.IGNORECASE)
WHOLE_YEAR = re.compile(
    r"全年|整年|whole of|full year|full-year|entire year|for the year", re.IGNORECASE
)
NUMERAL = re.compile(r"[0-9〇零一二两三四五六七八九十百千万亿半]")

ENTITY_QUESTION = re.compile(
    r"\b(which|what)\s+(?!(?:proportion|share|percentage|percent|portion|fraction|number|amount|"
    r"value|level|rate|ratio|much|many|size|sum|total)\b)"
    r"(?:(?!(?:is|are|was|were|do|does|did|has|have|had)\b)[\w'-]+\s+){0,3}?(company|companies|firm|firms|maker|makers|park|platform|zone|"
    r"organisation|organization|institute|university|body|agency|regulator|ministry|bureau|authority|"
    r"group|exchange|district|city|area|start-up|startup|project|provider|providers|subsidiary|carmaker|"
    r"carmakers|automaker|manufacturer|producer|developer|drugmaker|brand)(?:e?s)?\b"
    r"|\bwho\b|\bwhose\b|what is it called|what is the name|called what"
    r"|哪家|哪个|哪些|哪一家|哪一个|哪所|哪座|哪几(?![年天月])|哪里的|谁|叫什么|名称是|什么(企业|公司|园区|平台|机构|单位|项目)",
    re.IGNORECASE,
)
NUMBER_QUESTION = re.compile(
    r"how (many|much|large|big|fast|long|high|far)|what (share|percentage|proportion|rank|ranking|size|value|score|"
    r"amount|level|number|figure|was the|is the|were the|are the)|by how much|where did .* rank|"
    r"^\s*what(?:'s| is| was| are| were)\b|\brank(?:s|ed)?\b|"
    rf"多少|几(?:{COUNTERS}|亩|倍|成|大)|多大|多快|多高|多长|多久|排第|排名|比重|占比|增速|增长|规模",
    re.IGNORECASE,
)
MONTH_RANGE = re.compile(r"(\d{1,2})\s*[-–—至到~]\s*(\d{1,2})\s*月")
EN_MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH = "|".join(m[:3] for m in EN_MONTHS)
EN_MONTH_RANGE = re.compile(
    rf"({_MONTH})[a-z]*\s*(?:-|–|—|to|through)\s*({_MONTH})[a-z]*", re.IGNORECASE
)
QUARTER = re.compile(
    r"([一二三四1-4])季度|\bq([1-4])\b|(first|second|third|fourth) quarter", re.IGNORECASE
)
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d)")
REPORT_YEAR = re.compile(
    r"(?<!\d)(20\d\d)年(?:初|底|末|中)?的?(?:报道|说法|报告|文章|统计)|"
    r"\b(?:report|article)s? (?:from|in|of) (?:early |late |mid-)?(20\d\d)\b",
    re.IGNORECASE,
)
SINCE_YEAR = re.compile(
    r"\bsince (?:its )?(?:\w+ )?(20\d\d)\b|(20\d\d)年以来|自(20\d\d)年", re.IGNORECASE
)
TARGET_QUESTION = re.compile(
    r"计划|目标|下一步|力争|预计|将要|到20\d\d年|target|aim|plan|goal|expect|by 20\d\d|will",
    re.IGNORECASE,
)
ASKED_KIND = (
    (
        "org",
        (
            "university",
            "institute",
            "agency",
            "organisation",
            "organization",
            "exchange",
            "regulator",
            "ministry",
            "bureau",
            "authority",
            "body",
            "机构",
            "大学",
            "高校",
            "研究院",
            "部门",
            "交易所",
        ),
    ),
    ("park", ("park", "platform", "zone", "园区", "平台", "园", "港", "城")),
    ("region", ("district", "city", "county", "area", "街道", "区", "城市", "县", "县市", "省")),
    (
        "company",
        (
            "company",
            "firm",
            "maker",
            "group",
            "subsidiary",
            "manufacturer",
            "producer",
            "developer",
            "brand",
            "企",
            "公司",
            "厂",
        ),
    ),
)


@record
class Mention:
    entity: Entity
    text: str
    start: int
    end: int


@record
class Reading:
    """What the question was understood to ask."""

    lang: str
    kind: str  # figure, name or fact
    subject: Entity | None
    mentions: tuple[Entity, ...]
    metric: Metric | None
    year: int | None
    period: str | None
    asked_kind: str | None = None


@record
class Answer:
    """The one recorded observation or fact that answers the question."""

    sentence_zh: str
    sentence_en: str
    source: Source
    quote: str
    row: ObservationRow | None = None
    fact: Fact | None = None
    entity: Entity | None = None
    metric: Metric | None = None
    subject: Entity | None = None


@record
class AskResult:
    question: str
    reading: Reading
    answer: Answer | None
    alternatives: tuple[Answer, ...]
    refusal: str | None  # why there is no answer, in the question's language
    nearest: tuple[str, ...] = ()
    refusal_text: Text | None = None  # the refusal in both languages
    nearest_text: tuple[Name | Text, ...] = ()  # the nearest things held, in both languages


# --------------------------------------------------------------------- reading
def mentions(store: Store, question: str) -> list[Mention]:
    """Entities named in the question, longest names first, without overlaps.

    Chinese names match anywhere in the folded question; Latin names, ids and
    pinyin match whole words ('Zhongce's' names 中策 by its pinyin, 'Zhongce
    Xiangjiao' by the joined pinyin of 中策橡胶)."""
    folded = fold(question, store.t2s)
    words = latin_words(question)
    joined: dict[str, tuple[int, int]] = {}
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 10) + 1):
            joined.setdefault("".join(words[i:j]), (i, j))
    longest = _longest_key(store)
    pieces = {
        folded[i:j]
        for i in range(len(folded))
        for j in range(i + 2, min(len(folded), i + longest) + 1)
    }
    candidates = [p for p in pieces if has_cjk(p)] + list(joined)
    found: list[tuple[int, int, str, str]] = []
    for target, key, text, form in _names_with_keys(store, candidates):
        if has_cjk(key):
            start = folded.find(key)
            found.append((start, start + len(key), target, text))
        elif len(key) >= (6 if form == "pinyin" else 3):
            i, j = joined[key]
            found.append(
                (100_000 + i, 100_000 + j, target, text)
            )  # word positions, apart from characters
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], f[2]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, str, str]] = []
    for start, end, target, text in found:
        if any(start < e and s < end for s, e in taken) or any(
            t == target for _, _, t, _ in chosen
        ):
            continue
        taken.append((start, end))
        chosen.append((start, end, target, text))
    entities = store.entities(t for _, _, t, _ in chosen)
    out = [Mention(entities[t], text, s, e) for s, e, t, text in chosen if t in entities]
    return sorted(out, key=lambda m: m.start)


ENTITY_SPACES = ("region", "park", "company", "org")


def _longest_key(store: Store) -> int:
    """The longest entity name key: no longer piece of a question can name anything."""
    return store.longest_key(ENTITY_SPACES)


def _names_with_keys(store: Store, keys: list[str]) -> list[tuple[str, str, str, str]]:
    """Entity names whose key is one of `keys`: pieces of the question are looked up in the
    index, so reading a question costs the same with 100 names or 100,000."""
    forms = ("name", "en", "alias", "stripped", "pinyin")
    rows = {(r[0], r[2], r[3], r[5]) for r in store.keys_among(keys, ENTITY_SPACES, forms)}
    return sorted(rows)


def _specificity(e: Entity) -> tuple[int, int]:
    depth = REGION_DEPTH.get(e.level or "", 2) if e.kind == "region" else 0
    return (SPECIFICITY[e.kind], depth)


def when(question: str) -> tuple[int | None, str | None]:
    """The year and period a question names: '2022年1-8月' → (2022, '2022-01/2022-08')."""
    # '2025年初的报道说…去年': 2025 dates the report, and 去年 is 2024. 'Since 2019' and
    # '2019年以来' start a span that runs to the report, so they name no year asked.
    report = REPORT_YEAR.search(question)
    dated = REPORT_YEAR.sub(" ", SINCE_YEAR.sub(" ", question))
    years = [int(y) for y in YEAR.findall(dated)]
    if not years and report is not None:
        shift = -1 if re.search(r"去年|last year", question) else 0
        if shift or re.search(r"今年|this year", question):
            years = [int(report.group(1) or report.group(2)) + shift]
    year = years[0] if len(set(years)) == 1 else None
    if year is None:
        return None, None
    months = MONTH_RANGE.search(question)
    if months:
        return year, f"{year}-{int(months.group(1)):02d}/{year}-{int(months.group(2)):02d}"
    en = EN_MONTH_RANGE.search(question)
    if en:
        first = [m[:3] for m in EN_MONTHS].index(en.group(1).lower()[:3]) + 1
        last = [m[:3] for m in EN_MONTHS].index(en.group(2).lower()[:3]) + 1
        return year, f"{year}-{first:02d}/{year}-{last:02d}"
    quarter = QUARTER.search(question)
    if quarter:
        raw = quarter.group(1) or quarter.group(2) or quarter.group(3)
        number = {
            "一": 1,
            "二": 2,
            "三": 3,
            "四": 4,
            "first": 1,
            "second": 2,
            "third": 3,
            "fourth": 4,
        }.get(raw.lower(), None)
        return year, f"{year}-Q{number or int(raw)}"
    return year, None


def _strip(question: str, found: Iterable[Mention]) -> str:
    """The question without the names it mentions and its years: what is left names the metric."""
    text = question
    for m in found:
        text = re.sub(re.escape(m.text), " ", text, flags=re.IGNORECASE)
    text = ENUMERATION.sub(" ", text)
    stripped: str = YEAR.sub(" ", text)
    return stripped


# 'A、B、C这五大主导产业' lists what the noun after it sums up: the noun is asked about, not
# each item (the output of the five leading industries, not of smart cars).
ENUMERATION = re.compile(r"(?:[\u4e00-\u9fff]{2,10}、)+[\u4e00-\u9fff]{2,10}(?=这|等)")


KIND_WORD = re.compile(
    "|".join(
        sorted(
            {
                re.escape(w) if has_cjk(w) else rf"\b{re.escape(w)}s?\b"
                for _, words in ASKED_KIND
                for w in words
                if len(w) >= 2
            },
            key=len,
            reverse=True,
        )
    ),
    re.IGNORECASE,
)


def _asked_kind(question: str) -> str | None:
    """'which park…' → park; '哪家药企' → company; None when no entity is asked for."""
    lowered = question.casefold()
    match = ENTITY_QUESTION.search(lowered)
    if not match:
        return None
    start = max(0, match.start() - 8)
    window = lowered[start : match.end() + 12]
    # The kind word nearest the question word wins (哪家企业是…钱塘区: a firm, not a district),
    # then the longest (哪个城市: 城市, a region, not 城, a science city).
    best: tuple[tuple[float, int, int], str] | None = None
    for n, (kind, words) in enumerate(ASKED_KIND):
        for word in words:
            for hit in re.finditer(re.escape(word), window):
                at, end = start + hit.start(), start + hit.end()
                if at >= match.end():
                    distance = float(at - match.end())
                elif end <= match.start():
                    distance = match.start() - end + 0.5
                else:
                    distance = 0.0
                key = (distance, -len(word), n)
                if best is None or key < best[0]:
                    best = (key, kind)
    return best[1] if best else "company"


# ------------------------------------------------------------------- answering
def _covers(row: ObservationRow, year: int, period: str | None) -> bool:
    """The observation is for the year (and period) asked. A total over several years
    (2019–2022) answers for its last year, as a running total, not for one inside it:
    the projects signed in 2021 alone are not the 2019–2022 total."""
    o = row.observation
    if period is not None and o.period is not None and o.period != period:
        return False
    span = period_years(o.year, o.period)
    if span is not None and span[0] != span[1]:
        return year == span[1]
    return span is not None and span[0] <= year <= span[1]


def _rows_for(
    store: Store,
    metric: Metric,
    subjects: list[Entity],
    year: int | None,
    period: str | None,
    whole_year: bool,
    locators: frozenset[str] = frozenset(),
) -> list[ObservationRow]:
    """Observations of the metric for the first named subject that has any, most specific
    first. A figure is never borrowed from a place the question does not name: Hangzhou's R&D
    intensity is not Qiantang's. With no subject named, only a metric recorded for a single
    subject answers. A place that only locates a subject it is written against
    ('Yokohama Rubber's Qiantang factory', '钱塘区的中策橡胶') is not a subject of its own
    (`locators`): Qiantang's figure does not answer for the factory."""
    pools = [store.observations_for(metric.id, [s.id]) for s in subjects if s.id not in locators]
    for s in subjects:  # a district bureau's work is recorded as the district's
        if s.kind == "org" and s.type == "agency" and s.region:
            pools.append(store.observations_for(metric.id, [s.region]))
    if not subjects:
        everything = store.observations_for(metric.id)
        if len({r.observation.subject for r in everything}) == 1:
            pools.append(everything)
    for rows in pools:
        if rows and year is not None:
            rows = [r for r in rows if _covers(r, year, period)]
        if rows and whole_year:
            rows = [r for r in rows if r.observation.period is None]
        if rows:
            return rows
    return []


def _prefer(
    rows: list[ObservationRow], sources: dict[str, Source], future: bool
) -> list[ObservationRow]:
    """Best first: a target when the question asks about plans, else a recorded figure; then
    the latest year; a reading that is not a misprint; the later source."""

    def key(r: ObservationRow) -> tuple[int, int, int, str, str]:
        o = r.observation
        planned = o.status in ("target", "plan", "forecast")
        source = sources.get(o.source)
        return (
            0 if planned == future else 1,
            -(o.year or 0),
            1 if o.misprint else 0,
            _inverse(source.date) if source else "",
            o.key,
        )

    return sorted(rows, key=key)


def _inverse(date: str) -> str:
    return "".join(chr(0x7F - ord(c)) if c.isdigit() else c for c in date)


def _figure_answer(row: ObservationRow, metric: Metric, subject: Entity, source: Source) -> Answer:
    """One sentence a journalist could paste, in each language, with the source named."""
    o = row.observation
    q = Quantity(o.value, o.unit, o.qualifier, o.printed, o.misprint, metric.kind, metric.noun)
    when_zh = when_text(o.year, o.period, o.status, "zh")
    when_en = when_text(o.year, o.period, o.status, "en")
    zh = f"据《{source.title.zh}》({source.date}),{subject.name.zh}{when_zh}{metric.name.zh}{predicate_zh(value_zh(q))}。"
    value = value_en(q)
    if o.status == "actual" and metric.kind == "count" and metric.noun:
        clause = f"{subject.name.en} had {value}"  # 'Qiantang District had 1,913 5G base stations'
    else:
        verbs = {
            "target": "is targeted at",
            "plan": "is planned at",
            "forecast": "is expected to be",
            "recurring": "is",
        }
        clause = f"{subject.name.en}'s {metric.name.en} {verbs.get(o.status, 'was' if o.year else 'is')} {value}"
    lead = f"In {when_en}, " if when_en and o.status == "actual" else ""
    tail = f" ({when_en})" if when_en and o.status != "actual" else ""
    en = f"{lead}{clause}{tail}, according to “{source.title.en}” ({source.date})."
    if o.year is None and o.status == "actual":
        zh = zh[:-1] + "(原文未注明年份)。"
        en = en[:-1] + " (the article gives no year)."
    return Answer(
        zh, en[0].upper() + en[1:], source, o.quote, row=row, metric=metric, subject=subject
    )


def _fact_answer(fact: Fact, source: Source, entity: Entity | None = None) -> Answer:
    when_zh = date_text(fact.date, "zh") if fact.date else ""
    text_zh = fact.text.zh  # the fact's own date, unless its text already states it
    if when_zh and when_zh not in text_zh:
        text_zh = f"{when_zh},{text_zh}"
    zh = f"{text_zh}(据《{source.title.zh}》,{source.date})"
    en = f"{fact.text.en} (according to “{source.title.en}”, {source.date})"
    if entity is not None:
        zh = f"{entity.name.zh}:{zh}"
        en = f"{entity.name.en}: {en}"
    return Answer(zh, en, source, fact.quote, fact=fact, entity=entity)


def _facts_ranked(
    store: Store, question: str, lang: str, found: list[Mention], everywhere: bool
) -> list[tuple[float, float, Fact]]:
    """(coverage, rank score, fact): the share of the question's own words (names and years
    aside) that a fact accounts for, and that share plus a little for facts about the
    entities the question names, which decides ties."""
    asked = tokens(_strip(question, found))
    ids = {m.entity.id for m in found}
    if ids and not everywhere:
        facts = list({f.key: f for id in ids for f in store.facts_about(id)}.values())
    else:
        facts = store.all_facts()
    ranked = []
    for f in facts:
        text = (
            f.text.en + " " + f.text.zh
            if lang == "en"
            else f.text.zh + f.quote + " ".join(f.also_quoted)
        )
        share = coverage(asked, tokens(text))
        involved = {f.subject, *f.about}
        ranked.append((share, share + 0.06 * len(ids & involved), f))
    ranked.sort(key=lambda p: (-p[1], p[2].key))
    return ranked


def ask(store: Store, question: str) -> AskResult:
    """Read a question and answer it from one recorded observation or fact, or refuse."""
    question = clean_query(question, "question")
    lang = "zh" if has_cjk(question) else "en"
    found = mentions(store, question)
    year, period = when(question)
    focus = focus_clause(question)
    if focus is not None and when(focus)[0] is not None:
        year, period = when(focus)  # '继2021年评定48家、2022年评定58家之后,2023年评了多少家
    subjects = sorted((m.entity for m in found), key=_specificity)
    asked_kind = _asked_kind(question)
    # 'When Qiantang called for candidates, how many firms were admitted?' asks a number.
    dated = bool(DATE_QUESTION.search(question)) and not HOW_MANY.search(question)
    yes_no = bool(YES_NO.search(question))
    asking = asking_clause(question) or question
    numeric = bool(NUMBER_QUESTION.search(question) or NUMBER_QUESTION.search(asking)) and not (
        asked_kind or dated or yes_no
    )
    kind = "name" if asked_kind else "figure" if numeric else "fact"
    reading = Reading(
        lang,
        kind,
        subjects[0] if subjects else None,
        tuple(subjects),
        None,
        year,
        period,
        asked_kind,
    )
    if (
        LOCATION_QUESTION.search(question)
        and subjects
        and not EVENT_PLACE_QUESTION.search(question)
    ):
        placed = _answer_location(store, question, reading, subjects)
        if placed is not None:
            return placed
    if asked_kind:
        return _answer_name(store, question, reading, found)
    if dated or yes_no:
        return _answer_fact(store, question, reading, found, FACT_FLOOR)
    figure = _answer_figure(store, question, reading, found, subjects)
    if not numeric:
        # Not phrased as a figure question: a clear metric match wins, else a fact, else nothing.
        if figure.answer is not None and figure.score >= METRIC_SURE:
            return figure.result
        fact = _answer_fact(store, question, reading, found, FACT_FLOOR)
        if fact.answer is not None:
            return fact
        return _nearest_from(figure.result, fact) if figure.score >= METRIC_SURE else fact
    if figure.answer is not None or figure.score >= METRIC_CONFIDENT:
        return figure.result  # answered, or the metric is ours but not for this subject or year
    fact = _answer_fact(store, question, reading, found, FIGURE_FACT_FLOOR, numeric)
    return fact if fact.answer is not None else _nearest_from(figure.result, fact)


def _nearest_from(refusal: AskResult, other: AskResult) -> AskResult:
    """A refusal that found no near metric still names the nearest facts held, so the
    user learns what the fact base does say ('上市公司' → the ChiNext listing)."""
    if refusal.nearest or not other.nearest:
        return refusal
    return replace(refusal, nearest=other.nearest, nearest_text=other.nearest_text)


def _answer_location(
    store: Store, question: str, reading: Reading, subjects: list[Entity]
) -> AskResult | None:
    """'横滨橡胶的新工厂建在哪个园区?': the park or region the entity's record places it in,
    cited from a fact that names both where there is one."""
    wanted = (
        "park" if re.search(r"园区|平台|park|platform|zone", question, re.IGNORECASE) else "region"
    )
    for subject in subjects:
        place_id = subject.park if wanted == "park" else subject.region
        if not place_id:
            continue
        place = store.entity(place_id)
        if place is None:
            continue
        linking = [f for f in store.facts_about(subject.id) if place_id in (f.subject, *f.about)]
        if linking:
            fact = linking[0]
            source = store.sources([fact.source])[fact.source]
            answer = _fact_answer(fact, source, place)
        else:
            source = store.sources([subject.source])[subject.source]
            zh = f"{place.name.zh}:{subject.name.zh}位于{place.name.zh}(据《{source.title.zh}》,{source.date})"
            en = f"{place.name.en}: {subject.name.en} is in {place.name.en} (according to “{source.title.en}”, {source.date})"
            answer = Answer(zh, en, source, subject.quote, entity=place)
        resolved = Reading(
            reading.lang,
            "name",
            subject,
            reading.mentions,
            None,
            reading.year,
            reading.period,
            wanted,
        )
        return AskResult(question, resolved, answer, (), None)
    return None


@record
class _Figure:
    result: AskResult
    score: float

    @property
    def answer(self) -> Answer | None:
        return self.result.answer


def _locators(store: Store, found: list[Mention]) -> frozenset[str]:
    """Places written right against a subject inside them, to locate it: 'Yokohama Rubber's
    Qiantang factory', '钱塘区的中策橡胶', '优科豪马钱塘智能工厂'. A place named apart from
    the firms it lists ('吉利、福特、零跑…钱塘一共集聚了几家') is a subject of its own."""
    out = set()
    for place in found:
        for inner in found:
            if inner is place or inner.entity.id not in store.within(place.entity.id):
                continue
            latin = place.start >= 100_000  # word positions; characters otherwise
            after = place.start - inner.end
            before = inner.start - place.end
            if (latin and 0 <= after <= 1) or (not latin and (0 <= after <= 1 or 0 <= before <= 1)):
                out.add(place.entity.id)
    return frozenset(out)


def _answer_figure(
    store: Store, question: str, reading: Reading, found: list[Mention], subjects: list[Entity]
) -> _Figure:
    lang = reading.lang
    locators = _locators(store, found)
    held: dict[str, float] = {}
    for n, subject in enumerate(subjects[:2]):
        for metric_id in store.metric_ids_with(
            [subject.id] + ([subject.region] if subject.kind == "org" and subject.region else [])
        ):
            held[metric_id] = max(held.get(metric_id, 0.0), 12.0 if n == 0 else 6.0)
    # Three readings, the best score of each metric kept: the whole question; without the
    # clauses that state figures of their own; and the asking clause alone, a little less
    # trusted, since other clauses may qualify what it asks ('Of the firms in the pool,
    # how many…') but a long preamble should not drown it.
    readings = [(question, 0.0)]
    focus = focus_clause(question)
    if focus is not None:
        readings.append((focus, 0.0))
    asking = asking_clause(question)
    if asking is not None:
        readings.append((asking, ASKING_CLAUSE_DISCOUNT))
    by_id: dict[str, tuple[float, Metric]] = {}
    for text, discount in readings:
        for s, m in metric_scores(store, _strip(text, found), text, held):
            if s - discount > by_id.get(m.id, (-1e9, m))[0]:
                by_id[m.id] = (s - discount, m)
    ranked = sorted(by_id.values(), key=lambda p: (-p[0], p[1].id))
    given = _stated_numbers(question)
    if given:
        # 'It launched 32 projects; how much did it spend?': a metric whose every figure
        # for these subjects the question already states is its context, not its question.
        ids = [s.id for s in subjects]

        def stated(m: Metric) -> bool:
            rows = store.observations_for(m.id, ids) if ids else store.observations_for(m.id)
            return bool(rows) and all(r.observation.value in given for r in rows)

        ranked = [(s, m) for s, m in ranked if not stated(m)]
    # Being recorded for the place named helps choose among metrics the words fit; it does
    # not make words fit that do not.
    candidates = [
        (s, m)
        for s, m in ranked[:8]
        if s >= METRIC_FLOOR and s - held.get(m.id, 0.0) >= METRIC_FLOOR - HELD_SLACK
    ]
    if not candidates:
        near = tuple(m.name for _, m in ranked[:3])
        return _Figure(_refuse(question, reading, _no_metric(), near), 0.0)
    future = bool(TARGET_QUESTION.search(question))
    whole_year = bool(WHOLE_YEAR.search(question))
    reported = _report_year(question)
    top = candidates[0][0]
    for score, metric in candidates:
        if score < top - METRIC_TIE:
            break
        rows = _rows_for(
            store, metric, subjects, reading.year, reading.period, whole_year, locators
        )
        rows = [r for r in rows if r.observation.value not in given]  # a target it quotes
        if reported and reading.year is None:  # '按2022年的报道': that year's article first
            dated = store.sources({r.observation.source for r in rows})
            rows = [
                r for r in rows if dated[r.observation.source].date.startswith(reported)
            ] or rows
        if not rows:
            continue
        sources = store.sources({r.observation.source for r in rows})
        rows = _prefer(rows, sources, future)
        entities = store.entities({r.observation.subject for r in rows})
        first = rows[0].observation
        answer = _figure_answer(rows[0], metric, entities[first.subject], sources[first.source])
        others = tuple(
            _figure_answer(
                r, metric, entities[r.observation.subject], sources[r.observation.source]
            )
            for r in rows[1:6]
        )
        resolved = Reading(
            lang,
            "figure",
            entities[first.subject],
            reading.mentions,
            metric,
            reading.year,
            reading.period,
        )
        return _Figure(AskResult(question, resolved, answer, others, None), score)
    best_score, best = candidates[0]
    recorded = (
        store.observations_for(best.id, [subjects[0].id])
        if subjects
        else store.observations_for(best.id)
    )
    years = sorted({r.observation.year for r in recorded if r.observation.year is not None})
    reason = _no_figure(best, subjects[0] if subjects else None, reading.year, years)
    near = tuple(m.name for _, m in candidates[:3])
    refused = Reading(
        lang, "figure", reading.subject, reading.mentions, best, reading.year, reading.period
    )
    return _Figure(_refuse(question, refused, reason, near), best_score)


BACK_REFERENCE = re.compile(
    r"\b(it|its|they|them|their|that|this|these|those)\b|其|它|这些|那些", re.IGNORECASE
)
CLAUSE_BREAK = re.compile(r"[，,；;。！!？?：:]|\.\s")
ASKING = re.compile(
    r"多少|几|哪|是否|吗|\b(how|what|which|where|when|who|whose|whether)\b", re.IGNORECASE
)


MONEY = re.compile(r"[0-9〇零一二两三四五六七八九十百千万亿.]+\s*(?:万|亿|千万|百万)?(?:元|美元)")
COUNT_QUESTION = re.compile(
    rf"how many|(?:多少|几)(?:{COUNTERS}|座)",
    re.IGNORECASE,
)
COUNTED = re.compile(
    rf"[0-9〇零一二两三四五六七八九十百千万]+\s*(?:余|多)?(?:{COUNTERS}|座|批|人|款)"
)
STATED_COUNT = re.compile(
    r"[一二两三四五六七八九十]+(?:个|家|项|所|位|名|条|大)|一半|半数|翻番|翻倍"
)
STATED_WORDS = {"一半": 50.0, "半数": 50.0, "翻番": 100.0, "翻倍": 100.0}


def _report_year(question: str) -> str | None:
    """The year of the report a question cites ('按2022年的报道'), as text, or None."""
    match = REPORT_YEAR.search(question)
    return (match.group(1) or match.group(2)) if match else None


def asking_clause(question: str) -> str | None:
    """The last clause that asks ('what was Qiantang's R&D intensity in 2021' after a long
    preamble), or None for a question of one clause."""
    clauses = [c.strip() for c in CLAUSE_BREAK.split(question) if c.strip()]
    asking = [c for c in clauses if ASKING.search(c)]
    if len(clauses) < 2 or not asking or BACK_REFERENCE.search(asking[-1]):
        return None  # 'How many did it add?' leans on what came before
    return asking[-1]


def focus_clause(question: str) -> str | None:
    """The question without the clauses that state figures of their own to set the scene:
    'It launched 32 projects. How much did it spend on R&D?' asks about spending, and
    '生命健康、集成电路、新材料这三个产业里,钱塘的新材料产业…多少亿元' about new materials.
    A clause without a figure ('Of the firms in the 2022 cultivation pool, how many…')
    qualifies what is asked and stays. None when nothing is set apart."""
    clauses = [c.strip() for c in CLAUSE_BREAK.split(question) if c.strip()]
    kept = [
        c for c in clauses if ASKING.search(c) or not (_stated_numbers(c) or STATED_COUNT.search(c))
    ]
    if len(kept) == len(clauses) or not kept:
        return None
    return ",".join(kept)


def _stated_numbers(question: str) -> set[float]:
    """Numbers a question states as given (not years): a figure it already quotes is
    context, and the metric it belongs to is not the one asked for."""
    out = {value for word, value in STATED_WORDS.items() if word in question}
    for match in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])", question.replace(",", "")):
        number = float(match.group(1))
        after = question.replace(",", "")[match.end() : match.end() + 1]
        if after == "年" or (number.is_integer() and 1949 <= number <= 2100):
            continue
        out.add(number)
    return out


def _answer_name(store: Store, question: str, reading: Reading, found: list[Mention]) -> AskResult:
    """The entity a question asks for: named in a fact that fits the question, of the kind
    asked, and not one the question itself names."""
    lang = reading.lang
    mentioned = {m.entity.id for m in found}
    # What the question names pins the answer down: the fact must involve it, or something
    # located in it ('钱开区哪家企业…' is answered by a fact about a firm in the zone).
    pinned = set().union(*(store.within(m.entity.id) for m in found)) if found else set()
    # The words naming the kind of answer (哪个城市, which company) say nothing of the fact.
    ranked = _facts_ranked(store, KIND_WORD.sub(" ", question), lang, found, everywhere=True)
    if found:
        ranked = [r for r in ranked if pinned & {r[2].subject, *r[2].about}]
    ranked.sort(
        key=lambda p: (
            -(p[0] + (0.3 if mentioned & {p[2].subject, *p[2].about} else 0.0)),
            p[2].key,
        )
    )
    best: tuple[float, Fact, Entity] | None = None
    for score, _, fact in ranked[:12]:
        # A fact about what the question names needs fewer shared words to fit it.
        about_named = bool(mentioned & {fact.subject, *fact.about})
        if score < NAME_FLOOR - (NAME_NAMED_EASING if about_named else 0.0):
            continue
        options = [i for i in (fact.subject, *fact.about) if i not in mentioned]
        entities = store.entities(options)
        wanted = [
            entities[i] for i in options if i in entities and entities[i].kind == reading.asked_kind
        ]
        if wanted:
            fitting = _best_fitting(question, wanted)
            if best is None or score > best[0]:
                best = (score, fact, fitting)
            break
    if best is None:
        by_figure = _name_from_figure(store, question, reading, found, pinned)
        if by_figure is not None:
            return by_figure
    if best is not None:
        _, fact, entity = best
        source = store.sources([fact.source])[fact.source]
        answer = _fact_answer(fact, source, entity)
        resolved = Reading(
            lang,
            "name",
            reading.subject,
            reading.mentions,
            None,
            reading.year,
            reading.period,
            reading.asked_kind,
        )
        return AskResult(question, resolved, answer, (), None)
    near = tuple(f.text for _, _, f in ranked[:2])
    return _refuse(question, reading, _no_fact(), near)


def _name_from_figure(
    store: Store, question: str, reading: Reading, found: list[Mention], pinned: set[str]
) -> AskResult | None:
    """'Which district sets aside 2% of its land-sale revenue…': the one subject of the kind
    asked whose recorded figure for the metric the question describes is the number it
    states. The number must be in the question, so nothing is guessed."""
    numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", question.replace(",", ""))}
    if not numbers:
        return None
    mentioned = {m.entity.id for m in found}
    for score, metric in metric_scores(store, _strip(question, found), question, {})[:3]:
        if score < METRIC_FLOOR:
            break
        rows = [
            r
            for r in store.observations_for(metric.id)
            if r.observation.value in numbers
            and r.observation.subject not in mentioned
            and (not found or r.observation.subject in pinned)
        ]
        subjects = store.entities({r.observation.subject for r in rows}, reading.asked_kind)
        if len(subjects) != 1:
            continue
        (subject,) = subjects.values()
        row = next(r for r in rows if r.observation.subject == subject.id)
        source = store.sources([row.observation.source])[row.observation.source]
        figure = _figure_answer(row, metric, subject, source)
        answer = replace(
            figure,
            sentence_zh=f"{subject.name.zh}:{figure.sentence_zh}",
            sentence_en=f"{subject.name.en}: {figure.sentence_en}",
            entity=subject,
        )
        resolved = replace(reading, kind="name", metric=metric)
        return AskResult(question, resolved, answer, (), None)
    return None


def _best_fitting(question: str, entities: list[Entity]) -> Entity:
    """Among entities a fact names, the one whose sector or focus the question speaks of."""
    if len(entities) == 1:
        return entities[0]
    asked = tokens(question)

    def fit(e: Entity) -> float:
        words = " ".join(
            [
                e.name.zh,
                e.name.en,
                *(t.zh + " " + t.en for t in e.focus),
                *([e.sector.zh, e.sector.en] if e.sector else []),
            ]
        )
        return coverage(asked, tokens(words))

    return max(entities, key=lambda e: (fit(e), -entities.index(e)))


def _fact_fits(fact: Fact, question: str, year: int | None, numeric: bool, named: set[str]) -> bool:
    """A fact answers only a question it can answer: it involves what the question names;
    one about a year needs a fact of that year; one about a date a dated fact; one about a
    quantity a fact with a number for what is asked (a contract's worth is not a contract);
    a forecast or plan answers only a question about plans."""
    if named and not named & {fact.subject, *fact.about}:
        return False
    if fact.topic in ("forecast", "plan", "target") and not TARGET_QUESTION.search(question):
        return False
    dated = fact.year is not None or fact.date is not None or fact.period is not None
    if year is not None and dated:
        span = period_years(fact.year or int((fact.date or str(fact.year))[:4]), fact.period)
        if span is not None and not span[0] <= year <= span[1]:
            return False
    if year is not None and not dated:
        return False
    if DATE_QUESTION.search(question) and not dated:
        return False
    if numeric:
        text = (
            fact.quote + " " + " ".join(fact.also_quoted) + " " + fact.text.zh + " " + fact.text.en
        )
        if not NUMERAL.search(fact.quote + fact.text.zh) or missing_measures(question, text):
            return False
        if "share" in cues(question) and not re.search(r"[%％]|百分|比重|占比", text):
            return False  # 'what share…' wants a share; 'five leading industries' is not one
        if COUNT_QUESTION.search(question) and not COUNTED.search(fact.quote + fact.text.zh):
            return False  # 'how many projects' wants a count; 'USD 500 million' is not one
        if asked_unit(question) == "money" and not MONEY.search(fact.quote + fact.text.zh):
            return False  # '融了多少钱' wants an amount; 'its third round' is not one
    return True


def _answer_fact(
    store: Store,
    question: str,
    reading: Reading,
    found: list[Mention],
    floor: float,
    numeric: bool = False,
) -> AskResult:
    lang = reading.lang
    ranked = _facts_ranked(store, question, lang, found, everywhere=not found)
    named = {m.entity.id for m in found}
    fitting = [
        (c, r, f)
        for c, r, f in ranked
        if c >= floor and _fact_fits(f, question, reading.year, numeric, named)
    ]
    if fitting:
        _, top, fact = fitting[0]
        source = store.sources([fact.source])[fact.source]
        answer = _fact_answer(fact, source)
        others = tuple(
            _fact_answer(f, store.sources([f.source])[f.source])
            for _, r, f in fitting[1:3]
            if r >= top - 0.05
        )
        return AskResult(question, reading, answer, others, None)
    near = tuple(f.text for _, _, f in ranked[:2])
    return _refuse(question, reading, _no_fact(), near)


def _refuse(
    question: str, reading: Reading, reason: Text, near: tuple[Name | Text, ...]
) -> AskResult:
    """A refusal: in the question's language (`refusal`, `nearest`) and in both (`*_text`),
    so that --lang can choose."""
    lang = reading.lang
    names = tuple(n.get(lang) for n in near)
    return AskResult(question, reading, None, (), reason.get(lang), names, reason, near)


def _no_metric() -> Text:
    return Text(
        zh="事实库中没有这个问题所问的数据",
        en="the fact base holds no figure that this question asks for",
    )


def _no_fact() -> Text:
    return Text(
        zh="事实库中没有能回答这个问题的事实",
        en="the fact base holds no fact that answers this question",
    )


def _no_figure(metric: Metric, subject: Entity | None, year: int | None, years: list[int]) -> Text:
    held = ", ".join(map(str, years))
    who_en = f" for {subject.name.en}" if subject else ""
    yr_en = f" in {year}" if year is not None else ""
    has_en = f"; it has figures for {held}" if held else ""
    who_zh = subject.name.zh if subject else ""
    yr_zh = f"{year}年" if year is not None else ""
    has_zh = f";已有年份:{held}" if held else ""
    return Text(
        zh=f"事实库中没有{who_zh}{yr_zh}的“{metric.name.zh}”数据{has_zh}",
        en=f"the fact base has no '{metric.name.en}'{who_en}{yr_en}{has_en}",
    )
