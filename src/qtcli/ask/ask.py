"""`qt ask`: questions in plain Chinese or English, answered only from the fact base.

No language model and no network. A question is read (ask/read.py) into the
entities it names, the time it gives, and, with the lexicon, what it asks: a
figure of some kind (a level, a growth rate, a rank, new firms, a figure per
mu…), a name ('which company…'), a place, a date, or a fact. The answer is one
recorded observation or fact, given only when everything the question asks
agrees with it:

- the metric's words fit the question's, and the kind of figure asked is the
  kind the metric is (find/metrics.py): a level never answers a growth question;
- its subject is what the question asks about: the most specific entity named
  (the others locating it), never a place the question does not name, never a
  whole when a part is named;
- its year and period are those asked, and a target answers only a question
  about targets.

Otherwise the answer is a refusal that says what the fact base holds nearest
("the base holds Qiantang's 2024 industrial output, not its growth rate").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from qtcli.ask.read import WORD_VALUES, Question, places_stated, read_question
from qtcli.ask.sentences import (
    fact_sentences,
    figure_sentences,
    place_sentences,
    record_sentences,
)
from qtcli.factbase.lexicon import (
    Found,
    Lexicon,
    Weights,
    concept_term,
    covered_share,
    read_text,
)
from qtcli.factbase.lexicon import Reading as TextReading
from qtcli.factbase.model import Entity, Fact, Metric, Source, Text
from qtcli.find.metrics import ANSWER_COVER, QUESTION_FIT, Fit, Mismatch, describe, fits
from qtcli.find.query import clean_query, published_year, row_texts, source_dates
from qtcli.index.normalize import fold, strip_places, strip_suffixes
from qtcli.index.store import ObservationRow, Store
from qtcli.present.i18n import label
from qtcli.present.wording import (
    MONTHS_EN,
    UNITS,
    period_en,
    period_years,
    period_zh,
    value_en,
    value_zh,
    when_text,
)
from qtcli.records import record, replace

# A demonstrative with a measure word points to one thing: 那块 (地), 这个 (园区), 该.
# (English 'that' and 'this' are too often a relative pronoun or 'this year' to tell.)
POINTING = re.compile(r"[那这该]一?[块个家座所片条项处]")
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
FACT_FIT = 0.5  # share of a question's terms a fact must account for
RECORD_FIT = 0.3  # the same, for the one entity whose record holds every concept asked
FACT_FIT_NAMED = 0.35  # the same, for a fact about an entity the question names
YES_NO_FIT = 0.75  # a yes-or-no question is answered only by a fact that says nearly all of it
LISTED = 12  # at most this many records named as the answer to a 'which ones' question
CAUSE = "c_cause"  # the concept of the words that give a reason (因为, due to)
PLANNED = ("target", "plan", "forecast")


@record
class Reading:
    """What the question was understood to ask."""

    lang: str
    kind: str  # figure, name, place, date or fact
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
    refusal_text: Text | None = None  # the refusal in both languages (--lang chooses)
    nearest_text: tuple[Text, ...] = ()  # the nearest things held, in both languages


def ask(store: Store, text: str) -> AskResult:
    """Read a question and answer it from one recorded observation or fact, or refuse."""
    q = read_question(store, clean_query(text, "question"))
    result = _ask(store, q)
    places = _places_elsewhere(store, q)
    if result.answer is not None and places and not _says_places(result.answer, places):
        # 'What was Shanghai's R&D intensity?' is not answered by Qiantang's: an answer says
        # every place the question names, and no record is of a place the base does not hold.
        return _refuse(q.text, result.reading, _elsewhere(), ())
    return result


def _ask(store: Store, q: Question) -> AskResult:
    base = Reading(q.lang, "figure", None, tuple(q.subjects), None, q.year, q.period)
    if _asks_a_figure(q):  # 'where did it rank', 'how many … are located in Hangzhou'
        figure = _figure(store, q, base)
        if figure.answer is not None or figure.reading.metric is not None:
            return figure
    if q.asks("sector"):  # what a firm makes: asked with no figure found
        activity = _answer_activity(store, q, replace(base, kind="name"))
        if activity is not None:
            return activity
    asked_kind = _asked_kind(q, store)
    where = q.asks("place") or (q.asks("name") and asked_kind in ("park", "region"))
    if where and q.subjects:  # 'where is X', 'which park is X in'
        placed = _answer_place(store, q, base)
        if placed is not None:
            return placed
    if q.asks("name") or q.asks("place"):
        kind = asked_kind if q.asks("name") or asked_kind != "company" else "place"
        return _answer_name(store, q, replace(base, kind="name", asked_kind=kind))
    if (q.asks("date") or q.asks("span")) and not (
        q.asks("count") or q.asks("amount") or q.asks("quantity")
    ):
        return _answer_fact(store, q, replace(base, kind="date"), dated=True)
    if q.asks("yesno"):  # a fact that says so, nearly word for word
        return _answer_fact(store, q, replace(base, kind="fact"), floor=YES_NO_FIT)
    if q.asks("reason"):  # 'why': a fact that says what happened does not say why
        return _answer_fact(store, q, replace(base, kind="fact"), because=True)
    figure = _figure(store, q, base)
    if figure.answer is not None or _asks_a_figure(q) or _measures_a_figure(store, q):
        return figure
    if figure.reading.metric is not None:
        # Words of a metric's name, but no figure asked and no metric's whole name said ('what
        # niche does Wolei lead in' is not 'how many leading industries'; 'what is the total
        # investment of…' names one): a fact answers if it is about what the question names,
        # else only if it says all the question says.
        if _names_a_metric(store, q):
            return figure
        floor = 0.0 if _focus(store, q) else YES_NO_FIT
        said = _answer_fact(store, q, replace(base, kind="fact"), floor=floor)
        return said if said.answer is not None else figure
    fact = _answer_fact(store, q, replace(base, kind="fact"))
    return fact if fact.answer is not None else _nearest_from(figure, fact)


def _figure(store: Store, q: Question, base: Reading) -> AskResult:
    """The figure the whole question asks for, or the one its asking clause alone asks for
    when other clauses set the scene."""
    figure = _answer_figure(store, q, base)
    if q.clause is not None and q.clause.reading.terms:
        clause = _answer_figure(store, q.clause, base)
        if clause.answer is not None and (figure.answer is None or _better(clause, figure)):
            return clause
    return figure


def _names_a_metric(store: Store, q: Question) -> bool:
    """Whether the question says the whole of some metric's name (a figure is what it asks,
    however it asks)."""
    return any(c.name_cover >= 1.0 for c in fits(store, q.reading)[:3])


def _measures_a_figure(store: Store, q: Question) -> bool:
    """Whether what the question measures is the noun a metric's name ends in ('What is
    Qiantang's carbon emission intensity?': an intensity, as 'R&D intensity' is): a figure
    is asked, however it asks, and a fact that merely says the word does not answer it."""
    if not q.reading.measured or q.stated:
        return False  # 'what are the four parts of…' says how many: it asks what they are
    head = q.reading.measured[0]
    readings = store.metric_readings(c.metric.id for c in fits(store, q.reading)[:8])
    return any(n and n[-1] == head for r in readings.values() for n in r.get("names", ()))


def _better(clause: AskResult, whole: AskResult) -> bool:
    """The asking clause read alone names another metric than the whole question: what it
    asks is the question ('…缩短了一半,那生产效率提升了多少?' asks for efficiency)."""
    return clause.reading.metric != whole.reading.metric


def _asks_a_figure(q: Question) -> bool:
    """Whether a figure is asked: a count or an amount, a unit to give it in ('in yuan',
    '多少亩'), or a kind of figure (a growth, a rank) when no name is asked ('钱塘哪个平台负责
    提升新材料产业' asks for a platform; 提升 says what it does)."""
    facets = q.reading.facets
    if q.asks("count") or q.asks("amount") or q.asks("quantity") or facets.get("unit"):
        return True
    if q.asks("name") or q.asks("sector"):
        return False
    return bool(facets.get("kind") or facets.get("per"))


# ------------------------------------------------------------------ figures
def _answer_figure(store: Store, q: Question, base: Reading) -> AskResult:
    implied = None
    if q.subjects:
        first = min(q.subjects, key=_specificity)
        implied = q.implied(first, store.ancestors(first.id))
    candidates = fits(store, q.reading, implied=implied)
    if any(c.name_cover >= QUESTION_FIT[0] and c.text_cover >= ANSWER_COVER for c in candidates):
        # It names a metric, and the metric accounts for what it says: a figure question,
        # never answered with a fact that merely mentions the words.
        base = replace(base, metric=candidates[0].metric)
    fitting = [f for f in candidates if f.fits(QUESTION_FIT)]
    if fitting and q.clause is not None and q.clause.reading.terms:
        # What the asking clause names comes first: '除了已经认定的…,还有几家正在培育?'
        readings = store.metric_readings(f.metric.id for f in fitting)
        fitting.sort(key=lambda f: -_clause_cover(store, q, readings.get(f.metric.id, {})))
    if fitting:
        reasons: list[Text] = []
        for fit in fitting:  # best first; each must pass every check on its own
            found = _figure_rows(store, q, fit.metric)
            if isinstance(found, Text):
                reasons.append(found)
                continue
            subject, rows = found
            if _accounted(store, q, fit, subject, rows) < ANSWER_COVER:
                reasons.append(_unaccounted(fit.metric))
                continue
            rival = _rival(store, q, fitting, fit, rows)
            if rival is not None:
                return _refuse(q.text, replace(base, metric=fit.metric), rival, ())
            return _figure_result(store, q, base, fit.metric, subject, rows)
        refused = replace(base, metric=fitting[0].metric)
        return _refuse(q.text, refused, reasons[0], _near_metrics(candidates))
    near = _nearest_held(store, q, candidates)
    reason = near or _no_metric()
    return _refuse(q.text, base, reason, _near_metrics(candidates))


def _rival(
    store: Store, q: Question, fitting: list[Fit], chosen: Fit, rows: list[ObservationRow]
) -> Text | None:
    """Another metric that the question's words fit exactly as well, and that would answer
    with another figure: the question does not say which it asks ('培育最后入库了几家' fits
    the cultivation list and the pool admitted alike), so neither is the answer."""
    values = {(r.observation.value, r.observation.unit) for r in rows}
    named = _names_cover(store, q, [chosen, *fitting])
    for other in fitting:
        if (
            other is chosen
            or other.metric.kind != chosen.metric.kind  # a count and an amount: 'how many' says
            or (other.name_cover, other.text_cover, other.unheld, named[other.metric.id])
            != (chosen.name_cover, chosen.text_cover, chosen.unheld, named[chosen.metric.id])
        ):
            continue
        found = _figure_rows(store, q, other.metric)
        if isinstance(found, Text) or _accounted(store, q, other, *found) < ANSWER_COVER:
            continue
        if values & {(r.observation.value, r.observation.unit) for r in found[1]}:
            continue
        names = (chosen.metric.name, other.metric.name)
        return Text(
            zh="问题同样符合" + "与".join(f"“{n.zh}”" for n in names) + ",未说明问的是哪一个",
            en="the question fits "
            + " and ".join(f"'{n.en}'" for n in names)
            + " equally well and does not say which it asks",
        )
    return None


def _names_cover(store: Store, q: Question, fits: list[Fit]) -> dict[str, float]:
    """How much of the question each metric's best name accounts for: of two metrics whose
    documents fit alike, the one whose own name says more of what is asked is meant."""
    readings = store.metric_readings(f.metric.id for f in fits)
    return {
        f.metric.id: _name_share(store, q.reading.terms, readings.get(f.metric.id, {}))
        for f in fits
    }


def _clause_cover(store: Store, q: Question, reading: dict[str, object]) -> float:
    assert q.clause is not None
    return _name_share(store, q.clause.reading.terms, reading)


def _name_share(store: Store, terms: Sequence[str], reading: dict[str, Any]) -> float:
    """How much of `terms` the metric's best name (of its reading's) accounts for."""
    names = reading.get("names", [])
    assert isinstance(names, list)
    return max((covered_share(store.weights, terms, n) for n in names if n), default=0.0)


def _near_metrics(candidates: list[Fit]) -> tuple[Text, ...]:
    return tuple(
        Text(zh=f"{f.metric.name.zh} ({f.metric.id})", en=f"{f.metric.name.en} ({f.metric.id})")
        for f in candidates[:3]
    )


def _figure_rows(
    store: Store, q: Question, metric: Metric
) -> tuple[Entity, list[ObservationRow]] | Text:
    """The subject and its observations that answer the question, or why none do."""
    asked = q.subjects
    rows = store.observations_for(metric.id)
    held = {r.observation.subject for r in rows}
    published = source_dates(store, rows)
    if asked:
        measure = _metric_name_terms(store, metric) if POINTING.search(q.text) else None
        subject = _subject(store, asked, held, rows, q.reading.terms, measure)
        if isinstance(subject, str):
            return _why_not(q, metric, subject, rows, store)
    elif q.asks("name") or "name" in q.also_asks:
        # '哪个区县R&D投入强度全省第一?是多少?': which one is asked too, and that the one
        # holder of the figure is the one the question describes, nothing here says.
        return Text(
            zh=f"问题还问是哪一个,事实库中的“{metric.name.zh}”数据没有说明哪一个符合所述",
            en=f"the question also asks which one, and the fact base's '{metric.name.en}' "
            "figures do not say which one fits what it describes",
        )
    else:
        timely = [r for r in rows if _in_time(r, q, published)]
        subjects = {r.observation.subject for r in timely} or held
        if len(subjects) != 1:
            names = store.entities(subjects).values()
            return Text(
                zh=f"问题未指明对象,事实库中的“{metric.name.zh}”数据分属:"
                + "、".join(sorted(e.name.zh for e in names)),
                en=f"the question names no place, and '{metric.name.en}' is held for "
                + ", ".join(sorted(e.name.en for e in names)),
            )
        (only,) = subjects
        entity = store.entity(only)
        assert entity is not None
        subject = entity
    pointed = _pointed_past(q, subject)
    if pointed is not None:
        return pointed
    own = [r for r in rows if r.observation.subject == subject.id]
    own = [r for r in own if not _stated(store, r, q)]
    timely = [
        r
        for r in own
        if _in_time(r, q, published) and _status_fits(r, q, published.get(r.observation.source))
    ]
    timely = [r for r in timely if _ranks_agree(q, row_texts(r))]
    timely = _from_report_cited(store, q, timely, published)
    fitting = [r for r in timely if _unit_fits(store, r, q)]
    if timely and not fitting:  # held when asked, in another unit: 626家 for '多少宗地'
        key = "counted" if q.reading.classifier else "unit"
        return _held_not(store, metric, Mismatch(key, "not held", (key,)), timely[0])
    if not fitting:
        return _why_not(q, metric, subject.id, own, store)
    totals = [r for r in fitting if not _new_in_one_year(r, q, metric)]
    if not totals:  # 2022年又评定58家 is 2022's new ones, not how many there are in all
        return _held_not(store, metric, Mismatch("scope", "not held", ("total",)), fitting[0])
    return subject, totals


def _new_in_one_year(row: ObservationRow, q: Question, metric: Metric) -> bool:
    """Whether a figure of things new in a period, asked as a total (累计, in all) of no
    year, is only one year's: a total of what is new each year is held only as a run over
    years ('3年来'). Of a year asked, the year's total is its figure (2022年一共盘活)."""
    if q.year is not None or "new" not in metric.facets().get("scope", frozenset()):
        return False
    if "total" not in q.reading.facets.get("scope", ()):
        return False
    span = period_years(row.observation.year, row.observation.period)
    return span is not None and span[0] == span[1]


def _subject(
    store: Store,
    asked: list[Entity],
    held: set[str],
    rows: list[ObservationRow],
    terms: Sequence[str] = (),
    measure: set[str] | None = None,
) -> Entity | str:
    """The entity asked about: the most specific one named that holds the figure, when each
    other one named locates it (Qiantang in 'Qiantang's Zhongce Rubber') or is named in its
    figure's own record and is not a part of it (the German delegation that visited East
    Bay New City; the fund Hangzhou Industrial Investment set up in China Vision Valley).
    A figure is never borrowed from a place that holds the one named, nor from a whole
    when a part is named. Otherwise the id of the entity that has no figure: why not."""
    ordered = sorted(asked, key=_specificity)
    # A district bureau's work is recorded as its district's.
    for e in ordered:
        if e.kind == "org" and e.type == "agency" and e.region and e.id not in held:
            if e.region in held:
                region = store.entity(e.region)
                if region is not None:
                    return region
    for candidate in ordered:
        if candidate.id not in held:
            continue
        around = store.ancestors(candidate.id)
        own = [r for r in rows if r.observation.subject == candidate.id]
        if all(
            other.id in around
            or (_named_in(other, own) and candidate.id not in store.ancestors(other.id))
            for other in ordered
            if other.id != candidate.id
        ):
            return candidate
    described = _described_within(store, ordered, held, terms, rows, measure)
    if described is not None:
        return described
    context = _context_of(store, ordered, held, rows)
    return context if context is not None else ordered[0].id


def _metric_name_terms(store: Store, metric: Metric) -> set[str]:
    """The terms of a metric's names, as the index reads them."""
    reading = store.metric_readings([metric.id]).get(metric.id, {})
    return {t for n in reading.get("names", ()) for t in n}


def _context_of(
    store: Store, named: list[Entity], held: set[str], rows: list[ObservationRow]
) -> Entity | None:
    """'德国考察团一行多少人': no record named holds the figure, none is a part or a parent of
    a record that does, and one holder's figure names every one of them in its own words
    (the German delegation that visited East Bay New City): the places named are that
    figure's stated context, and it is the one meant. None otherwise."""
    if any(e.id in held for e in named):
        return None
    for e in named:
        if store.within(e.id) & held or store.ancestors(e.id) & held:
            return None
    naming = [
        h
        for h in sorted(held)
        if all(_named_in(e, [r for r in rows if r.observation.subject == h]) for e in named)
    ]
    return store.entity(naming[0]) if len(naming) == 1 else None


def _pointed_past(q: Question, subject: Entity) -> Text | None:
    """'钱塘那家企业的产值是多少': a demonstrative with a kind of record (那家企业, 'that
    company': the lexicon's `points` facet) points to one record of that kind; the place that
    holds it (the district) does not answer for it, and the question does not say which one it
    is. None when the subject is of the kind pointed to."""
    kinds = q.reading.facets.get("points", frozenset())
    if not kinds or subject.kind in kinds:
        return None
    kind = min(kinds)
    return Text(
        zh=f"问题指的是某一{label(kind, 'zh')},但没有说明是哪一个;事实库中的是{subject.name.zh}的数据",
        en=f"the question points to one {label(kind, 'en')} without naming it; the fact base "
        f"holds {subject.name.en}'s figure",
    )


def _described_within(
    store: Store,
    places: list[Entity],
    held: set[str],
    terms: Sequence[str],
    rows: Sequence[ObservationRow] = (),
    measure: set[str] | None = None,
) -> Entity | None:
    """'建德那个小微园…': no record named holds the figure, but within the place named one
    holder's own name says two or more of the question's other words, and no other
    holder's does: that record is the one meant. Only what sets a name apart counts,
    without its places and corporate suffixes (公司 says no firm). A question that points
    to one thing (那块, 这个: then `measure` is given) may say it in the words of its
    figure's own record instead ('建德那块长期闲置的工业用地': the quote of the park's 115
    mu), in words other than `measure`'s (the metric's names: every holder's quote says
    投资 of an investment); without a pointer, '建德的工业用地' asks the county's, not one
    plot's.
    None otherwise."""
    inside = set().union(*(store.within(p.id) for p in places if p.kind in ("region", "park")))
    said = set(terms)
    naming = []
    for entity in store.entities(held & inside).values():
        words: set[str] = set()
        for name in (entity.name.zh, entity.name.en, *entity.aliases):
            own = strip_places(strip_suffixes(fold(name, store.t2s)))
            words.update(read_text(store.lexicon, own).terms)
        if measure is not None:
            own_rows = [r for r in rows if r.observation.subject == entity.id]
            for said_there in (t for r in own_rows for t in row_texts(r)):
                words.update(set(read_text(store.lexicon, said_there).terms) - measure)
        if len(said & words) >= 2:
            naming.append(entity)
    return naming[0] if len(naming) == 1 else None


def _named_in(entity: Entity, rows: list[ObservationRow]) -> bool:
    """Whether a figure's own record (its quote or note) names the entity."""
    names = {n.casefold() for n in (entity.name.zh, entity.name.en, *entity.aliases) if len(n) > 1}
    texts = [t.casefold() for r in rows for t in row_texts(r)]
    return any(n in t for n in names for t in texts)


def _in_time(row: ObservationRow, q: Question, published: dict[str, str] | None = None) -> bool:
    """Whether a figure is of the time asked. One its article gives no date of, told as it
    stands (a stock, a share), is of the year the article was published, by `published`
    (each source's date), as an undated fact is (_dated_fits)."""
    o = row.observation
    if q.whole_year and o.period is not None:
        return False
    if q.year is None:
        return True
    if o.year is None and o.period is None and q.period is None and published:
        return published_year(published.get(o.source)) == q.year
    if q.period is not None and o.period != q.period:
        # A month asked of a figure dated by its year: only when its own record says that
        # month (the June 2021 signing of a figure for 2021).
        return o.period is None and o.year == q.year and _says_month(row, q.period)
    span = period_years(o.year, o.period)
    if span is None:
        return False
    if span[0] != span[1]:  # a running total over years answers for its last year only
        return q.year == span[1]
    return span[0] <= q.year <= span[1]


def _says_month(row: ObservationRow, period: str) -> bool:
    """Whether a figure's quote or note names the month of `period` ('2021-06')."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if match is None:
        return False
    year, month = int(match.group(1)), int(match.group(2))
    said = (f"{year}年{month}月", f"{MONTHS_EN[month - 1]} {year}")
    return any(s in text for text in row_texts(row) for s in said)


def _stated(store: Store, row: ObservationRow, q: Question) -> bool:
    """A figure the question itself states in a clause that sets the scene is its context:
    'output topped 370 billion in 2024; how much came from…' is not answered by 370 billion."""
    if not q.stated:
        return False
    o = row.observation
    unit = UNITS.get(o.unit)
    own = {float(o.value)} | ({float(o.value) * unit.scale} if unit else set())
    return any(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a in own for b in q.stated)


def _from_report_cited(
    store: Store, q: Question, rows: list[ObservationRow], published: dict[str, str]
) -> list[ObservationRow]:
    """'What was Qiantang's innovation index in the 2022 report?': of a report the base
    holds (an article of that year), only the figures it prints answer; the 2025 article's
    score is not what the 2022 one said. A year no article of the base was published in
    cites nothing held, and the rows stand."""
    cited = q.report_year
    if cited is None or not any(published_year(s.date) == cited for s in store.sources().values()):
        return rows
    return [r for r in rows if published_year(published.get(r.observation.source)) == cited]


def _unit_fits(store: Store, row: ObservationRow, q: Question) -> bool:
    """'多少亩' asks for land in mu, not a count of parcels: a unit the question names is the
    observation's (both read with the lexicon). '多少宗地' asks a count of parcels, not of
    firms: a measure word asked counts what the observation's unit counts (位 and 人 both
    people), unless either is the general 个."""
    asked = q.reading.facets.get("unit")
    if asked and not asked & store.lexicon.units_of(row.observation.unit):
        return False
    said, held = UNITS.get(q.reading.classifier), UNITS.get(row.observation.unit)
    if said is None or held is None or not (said.countable and held.countable):
        return True
    return "" in (said.en, held.en) or said.en == held.en


def _accounted(
    store: Store, q: Question, fit: Fit, subject: Entity, rows: list[ObservationRow]
) -> float:
    """How much of the question's words the answer accounts for: the metric's document and
    what the observation's record says (its quote and note, its subject's names and sector,
    the facts the same article states about the subject). Concepts the question names (a
    sector, R&D, future factories) must be what the metric is or what its figure's own
    record says: 生物医药产值 is not the district's output."""
    if not q.reading.terms:
        return 1.0
    lexicon = store.lexicon
    reading = store.metric_readings([fit.metric.id]).get(fit.metric.id, {})
    own = [o for r in rows for o in row_texts(r)]
    if subject.kind == "company":  # a firm's record says what it is (tyres, chips)
        own += _entity_texts(subject)
    close = set(reading.get("core", ()))
    for text in own:
        close.update(read_text(lexicon, text).terms)
    sources = {r.observation.source for r in rows}
    scene = [f for f in store.facts_about(subject.id) if f.source in sources]
    # A programme the same article says the subject ran in the figure's year sets its scene
    # ('2021年,钱塘区实施“新制造业计划”' for the 44 projects landed that year); a scene
    # concept narrows no figure, unlike a sector a fact may also name.
    years = {r.observation.year for r in rows} - {None}
    for f in scene:
        if f.year in years:
            for text in (f.text.zh, f.text.en):
                close.update(set(read_text(lexicon, text).terms) & lexicon.scenes)
    # One event per figure: when the question names the event the metric records (签约),
    # other events it names describe the things counted ('引进项目的签约总投资').
    named_events = store.lexicon.events & set(q.reading.terms) & close
    lenient = q.reading.loose | (store.lexicon.events if named_events else frozenset())
    if any(t.startswith("c_") and t not in close and t not in lenient for t in q.reading.terms):
        return 0.0
    named = {t for n in reading.get("names", ()) for t in n}
    units = {u for r in rows for u in lexicon.units_of(r.observation.unit)}
    if any(t not in named and not lexicon.measured_in(t) & units for t in q.reading.measured):
        # '平均工资是多少': a wage, which the metric's names (workers) do not say. A measure
        # the figure's unit gives is said (多大面积 of a figure in square metres).
        return 0.0
    context = [t for f in scene for t in (f.text.zh, f.text.en)]
    held = close | set(reading.get("terms", ()))
    for text in context:
        held.update(read_text(lexicon, text).terms)
    # A word of several senses need not be accounted for ('the Qiantang area' is no size).
    terms = [t for t in q.reading.terms if t in held or t not in q.reading.loose]
    return covered_share(store.weights, terms, held) if terms else 1.0


def _entity_texts(entity: Entity) -> list[str]:
    texts = [entity.name.zh, entity.name.en, *entity.aliases]
    if entity.sector:
        texts += [entity.sector.zh, entity.sector.en]
    if entity.note:
        texts += [entity.note.zh, entity.note.en]
    return texts


def _unaccounted(metric: Metric) -> Text:
    return Text(
        zh=f"问题所问超出了事实库中“{metric.name.zh}”数据的内容",
        en=f"the question asks about more than the fact base's '{metric.name.en}' says",
    )


def _status_fits(row: ObservationRow, q: Question, published: str | None = None) -> bool:
    """A target answers only a question about targets, and a result only one about results.
    A year asked that is later than the report was written can only be a plan in it: 'what
    size should the ecosystem reach by 2025', asked of a report of 2023."""
    planned = row.observation.status in PLANNED
    year = published_year(published)
    later = bool(q.year and year and q.year > year)
    return planned == (q.reading.has("status", "target") or later)


def _why_not(
    q: Question, metric: Metric, subject_id: str, rows: list[ObservationRow], store: Store
) -> Text:
    """Which figure is missing, and what the fact base holds instead: the subject's years
    or periods, or else the places and firms it holds the figure for."""
    subject = store.entity(subject_id)
    own = [r for r in rows if r.observation.subject == subject_id]
    dated = sorted({(o.year, o.period or "") for r in own if (o := r.observation).year is not None})
    others = store.entities({r.observation.subject for r in rows} - {subject_id}).values()
    planned = [r for r in own if r.observation.status in PLANNED]
    only_targets = bool(own) and len(planned) == len(own) and not q.reading.has("status", "target")

    def say(lang: str) -> str:
        who = subject.name.get(lang) if subject else subject_id
        sep = ", " if lang == "en" else "、"
        span = period_en if lang == "en" else period_zh
        held = sep.join(dict.fromkeys(span(y, p or None) for y, p in dated))
        holders = sep.join(sorted(e.name.get(lang) for e in others))
        asked = span(q.year, q.period)
        if lang == "en":
            when = f" in {asked}" if asked else ""
            tail = f"; it has figures for {held}" if held else ""
            tail += " (targets, not results)" if only_targets else ""
            if not own and holders:
                tail = f"; it holds the figure for {holders}"
            return f"the fact base has no '{metric.name.en}' for {who}{when}{tail}"
        tail = f";已有:{held}" if held else (f";只有:{holders}" if holders else "")
        tail += "(均为目标,不是实绩)" if only_targets else ""
        return f"事实库中没有{who}{asked}的“{metric.name.zh}”数据{tail}"

    return Text(zh=say("zh"), en=say("en"))


def _figure_result(
    store: Store,
    q: Question,
    base: Reading,
    metric: Metric,
    subject: Entity,
    rows: list[ObservationRow],
) -> AskResult:
    sources = store.sources({r.observation.source for r in rows})
    rows = sorted(rows, key=lambda r: _preference(r, sources, q))
    answers = [_figure_answer(r, metric, subject, sources[r.observation.source]) for r in rows[:6]]
    reading = replace(base, subject=subject, metric=metric)
    return AskResult(q.text, reading, answers[0], tuple(answers[1:]), None)


def _preference(
    row: ObservationRow, sources: dict[str, Source], q: Question
) -> tuple[int, int, str, int, str, str]:
    """Best first: the report the question cites; the latest year and count; a reading that
    is not a misprint; the later source."""
    o = row.observation
    source = sources.get(o.source)
    cited = bool(q.report_year and source and source.date.startswith(str(q.report_year)))
    return (
        0 if cited or not q.report_year else 1,
        -(o.year or 0),
        _inverse(o.as_of or ""),
        1 if o.misprint else 0,
        _inverse(source.date) if source else "",
        o.key,
    )


def _inverse(text: str) -> str:
    return "".join(chr(0x7F - ord(c)) if c.isdigit() else c for c in text)


def _figure_answer(row: ObservationRow, metric: Metric, subject: Entity, source: Source) -> Answer:
    zh, en = figure_sentences(row, metric, subject, source)
    return Answer(zh, en, source, row.observation.quote, row=row, metric=metric, subject=subject)


def _nearest_held(store: Store, q: Question, candidates: list[Fit]) -> Text | None:
    """When the words fit a metric but the kind of figure asked is not what it is: say what
    is held ('the base holds Qiantang's 2024 industrial output, CNY 370 billion, not its
    growth rate')."""
    for fit in candidates[:4]:
        if fit.mismatch is None or fit.name_cover < QUESTION_FIT[0]:
            continue
        found = _figure_rows(store, q, fit.metric)
        rows = found[1] if not isinstance(found, Text) else []
        if not rows:
            rows = [r for r in store.observations_for(fit.metric.id) if _in_time(r, q)]
            subjects = {s.id for s in q.subjects}
            rows = [r for r in rows if not subjects or r.observation.subject in subjects] or rows
        if not rows:
            continue
        return _held_not(store, fit.metric, fit.mismatch, rows[0])
    return None


def _held_not(store: Store, metric: Metric, mismatch: Mismatch | None, row: ObservationRow) -> Text:
    """What is held instead of what was asked: 'the base holds X's <metric> (when), <value>,
    not <what the mismatch says was asked>'."""
    from qtcli.present.payload import quantity

    o = row.observation
    subject = store.entity(o.subject)
    value = quantity(row, metric)

    def say(lang: str) -> str:
        who = subject.name.get(lang) if subject else o.subject
        asked = _asked_words(mismatch, lang, store.lexicon) if mismatch else ""
        when = when_text(o.year, o.period, o.status, lang)
        if lang == "en":
            held = f"{who}'s {metric.name.en}{f' ({when})' if when else ''}, {value_en(value)}"
            return f"the fact base holds {held}, not {asked}"
        held = f"{who}{when}的“{metric.name.zh}”({value_zh(value)})"
        return f"事实库中有{held},没有所问的{asked}"

    return Text(zh=say("zh"), en=say("en"))


def _asked_words(mismatch: Mismatch, lang: str, lexicon: Lexicon) -> str:
    if mismatch.how == "unasked":  # the metric is this; the question asked something plainer
        return "the figure asked" if lang == "en" else "数据"
    return describe(mismatch, lang, lexicon)


# ------------------------------------------------------------------ names and places
# Concepts that name a kind of entity: 'which university' asks for an organisation.
CONCEPT_KINDS = {"university": "org", "firm": "company", "platform": "park"}
# The kinds of record a kind asked admits, where more than itself: 'actor' (机构, 'body') is
# any firm or organisation; a 'where' that names no kind ('“一核”是哪里') any park or region.
ADMITS = {"actor": ("company", "org"), "place": ("park", "region")}


def _kinds_admitted(asked: str | None) -> tuple[str, ...]:
    """The kinds of record that answer a question asking for `asked` (a firm when None)."""
    kind = asked or "company"
    return ADMITS.get(kind, (kind,))


def _admits(asked: str | None, kind: str) -> bool:
    """Whether a record of `kind` is of the kind a question asks for."""
    return kind in _kinds_admitted(asked)


# Concepts that, as the last noun of the phrase a 'which' begins, say the kind it asks for.
HEAD_KINDS = {**CONCEPT_KINDS, "start-up": "company"}


def _asked_kind(q: Question, store: Store) -> str:
    """The kind of record a 'which' asks for: the kind its noun names (see _head_kind), else
    the most specific kind the question names."""
    head = _head_kind(store, q)
    if head is not None:
        return head
    kinds = set(q.reading.facets.get("entity", frozenset()))
    kinds |= {CONCEPT_KINDS[c] for c in q.reading.concepts if c in CONCEPT_KINDS}
    for kind in ("org", "actor", "park", "region", "company"):
        if kind in kinds:
            return kind
    return "company"


def _which(store: Store, q: Question) -> tuple[list[Found], Found | None]:
    """The lexicon's phrases in the question outside the names it gives, and the one among
    them that asks for a name ('which', 哪些), if any."""
    hits = store.lexicon.find(q.units, {i for m in q.mentions for i in range(m.first, m.last)})
    return hits, next((h for h in hits if h.entry.name in ("answer=name", "answer=called")), None)


def _head_kind(store: Store, q: Question) -> str | None:
    """The kind of the noun a 'which' asks about: in Chinese the kind word right after the
    last 的 that follows it ('哪些高校师生创办的企业': firms, not universities), else the one
    right after it ('哪所高校的校友': a university); in English the first within three words
    ('which Japanese company'). None when no kind word stands there."""
    hits, asking = _which(store, q)
    if asking is None:
        return None
    kinds = {
        h.first: h.entry.value if h.entry.kind == "facet" else CONCEPT_KINDS[h.entry.name]
        for h in hits
        if _names_a_kind(h)
    }
    at = _head_positions(q, hits, asking)
    if q.lang == "zh":
        kinds |= {
            h.first: HEAD_KINDS[h.entry.name]
            for h in hits
            if h.entry.kind == "concept" and h.entry.name in HEAD_KINDS and h.first not in kinds
        }
        return next((kinds[i] for i in at if i in kinds), None)
    # English noun phrases end in their head: 'which university spin-off' asks for a firm.
    end = asking.last + len(at)
    heads = [
        HEAD_KINDS[h.entry.name]
        for h in hits
        if asking.last < h.first < end
        and h.entry.kind == "concept"
        and h.entry.name in HEAD_KINDS
        and not q.units[h.last - 1].text.endswith("ed")  # 'which university founded…': a verb
    ]
    if heads and any(i in kinds for i in range(asking.last, end)):
        return heads[-1]
    return next((kinds[i] for i in range(asking.last, asking.last + 3) if i in kinds), None)


def _compound_head(q: Question, hits: list[Found], first: int) -> int:
    """Where the head of a Chinese compound noun starting at `first` stands: a noun phrase
    ends in its head, so of kind words in a row, the last ('哪家高校师生创业企业入选了…':
    a start-up, not a university), the words between them naming no other thing (a concept
    that is no kind, a stop word or 的 ends the phrase)."""
    starts = {h.first: h for h in hits}
    head, i = first, first
    if i not in starts or not _heads_a_phrase(starts[i]):
        return first
    while i < len(q.units):
        hit = starts.get(i)
        if hit is None:
            if q.units[i].text == "的":
                break
            i += 1
            continue
        if not _heads_a_phrase(hit):
            break
        head, i = hit.first, hit.last
    return head


def _heads_a_phrase(hit: Found) -> bool:
    return _names_a_kind(hit) or (hit.entry.kind == "concept" and hit.entry.name in HEAD_KINDS)


def _head_positions(q: Question, hits: list[Found], asking: Found) -> list[int]:
    """Where the noun a 'which' asks about may stand: in Chinese right after the last 的
    that follows it, then right after it; in English within the first four words of its
    phrase."""
    if q.lang == "zh":
        des = [i for i, u in enumerate(q.units) if u.text == "的" and i >= asking.last]
        return [des[-1] + 1, asking.last] if des else [_compound_head(q, hits, asking.last)]
    return list(range(asking.last, min(_phrase_end(q, hits, asking), asking.last + 4)))


def _answer_place(store: Store, q: Question, base: Reading) -> AskResult | None:
    """'横滨橡胶的新工厂建在哪个园区?': the park or region the entity's record places it in,
    cited from a fact that names both where there is one."""
    kinds = q.reading.facets.get("entity", frozenset())
    wanted = "park" if "park" in kinds else "region"
    for subject in sorted(q.subjects, key=_specificity):
        # 'Where is X?' the record answers; 'where is X headquartered / was X founded' it
        # does not: what else the question says must be what the record says of X.
        record: set[str] = set()
        for text in (subject.name.zh, subject.name.en, *subject.aliases):
            record.update(read_text(store.lexicon, text).terms)
        asked = q.reading.terms
        if any(t.startswith("c_") and t not in record for t in asked):
            continue  # 总部, 成立, 上市: where something happened, not where X is
        if asked and covered_share(store.fact_weights, asked, record) < 0.5:
            continue
        place_id = subject.park if wanted == "park" else subject.region or subject.park
        place = store.entity(place_id) if place_id else None
        if place is None:
            continue
        linking = [f for f in store.facts_about(subject.id) if place.id in (f.subject, *f.about)]
        if linking:
            fact = linking[0]
            source = store.sources([fact.source])[fact.source]
            zh, en = fact_sentences(fact, source, place)
            answer = Answer(zh, en, source, fact.quote, fact=fact, entity=place)
        else:
            source = store.sources([subject.source])[subject.source]
            zh, en = place_sentences(subject, place, source)
            answer = Answer(zh, en, source, subject.quote, entity=place)
        reading = replace(base, kind="place", subject=subject, asked_kind=place.kind)
        return AskResult(q.text, reading, answer, (), None)
    return None


def _answer_name(store: Store, q: Question, base: Reading) -> AskResult:
    """The entity a question asks for, of the kind asked and not one the question names
    (examples included): the one whose own record accounts for the question ('which
    platform focuses on semiconductors'), else the one a fitting fact singles out (its only
    entity of that kind, the quote or record carrying it)."""
    # A record is picked for what it says of itself only when the question says which kind
    # of record it asks for: 'who is the plant's director' asks no company, and a company
    # whose record mentions plants is no answer.
    ranked = _facts_ranked(store, q, everywhere=True)
    by_record = _name_from_records(store, q, base) if _kind_stated(q) else None
    if by_record is not None and not _said_by_another_fact(store, q, by_record, ranked):
        return by_record
    named = {m.entity.id for m in q.mentions}
    asked = _focus(store, q)
    pinned = set().union(*(store.within(i) for i in asked)) if asked else set()
    for score, fact in _dated_first(ranked, q):
        involved = {fact.subject, *fact.about}
        if asked and not pinned & involved:
            continue
        # A fact about what the question names may say less of it, when the question says
        # the kind of record it asks for or the fact is a named firm's own: a zone's fact
        # naming one firm is no answer to 'the name of the ZJU centre that opened in the
        # zone…' unless it says most of what is asked (a place has many facts).
        lenient = asked & involved and (_kind_stated(q) or _actor_of(store, fact, asked))
        if score < (FACT_FIT_NAMED if lenient else FACT_FIT):
            continue
        if not _dated_fits(store, fact, q) or not _facets_said(store, fact, q):
            continue
        if not _ranks_agree(q, (fact.text.zh, fact.text.en, fact.quote)):
            continue
        options = store.entities(i for i in involved if i not in named)
        of_kind = [e for e in options.values() if _admits(base.asked_kind, e.kind)]
        if not of_kind and score >= YES_NO_FIT and _tells_the_noun(store, q, fact):
            # '钱塘入选了杭州市哪个培育名单': what is asked is no kind of record (a list), and
            # a fact that says all the question says, the noun asked too (…培育名单), of
            # nothing else it names, tells which.
            source = store.sources([fact.source])[fact.source]
            zh, en = fact_sentences(fact, source)
            return AskResult(q.text, base, Answer(zh, en, source, fact.quote, fact=fact), (), None)
        wanted = _described(store, q, of_kind, fact)
        if len(wanted) > 1 and (
            _asks_several(store, q) or (base.asked_kind == "place" and score >= YES_NO_FIT)
        ):
            # '钱塘有哪些高校师生创办的企业?': all the fact names are the answer; and a 'where'
            # the fact says all of ('“一核”是哪里'), of several places it names, is answered
            # in its words (以钱塘的杭州医药港为核心), not by one place picked.
            source = store.sources([fact.source])[fact.source]
            zh, en = fact_sentences(fact, source)
            return AskResult(q.text, base, Answer(zh, en, source, fact.quote, fact=fact), (), None)
        if len(wanted) != 1:
            continue  # none, or several the fact names alike: it does not single one out
        entity = wanted[0]
        source = store.sources([fact.source])[fact.source]
        zh, en = fact_sentences(fact, source, entity)
        answer = Answer(zh, en, source, fact.quote, fact=fact, entity=entity)
        return AskResult(q.text, base, answer, (), None)
    if _one_actor(store, q) and not _kind_stated(q):
        # 'Who is Yokohama Rubber's chairman?', '和顺科技在哪个板上市?': a person or a place of
        # the one firm named, which no record of the kind holds: a fact about that firm that
        # accounts for the question answers (it is about what the question names).
        said = _answer_fact(store, q, replace(base, kind="fact"), floor=FACT_FIT, happened=True)
        if said.answer is not None:
            return said
    elif q.asks("name") and not _kind_stated(q):
        # 'Which elevated road…', 'who is the chairman…', 'what part of the C919…': what is asked
        # is no kind of record the base keeps, so the answer can only be a fact that says all
        # the question says (as a yes-or-no question needs), the asked name among its words.
        # What something is called is answered only by a fact that gives a name (“钱塘校融”):
        # '管委会主任叫什么名字' is not answered by where the committee's building stands.
        called = q.asks("called")
        said = _answer_fact(
            store,
            q,
            replace(base, kind="fact"),
            floor=2.0 if called else YES_NO_FIT,
            named_floor=FACT_FIT if called else None,
        )
        if said.answer is not None:
            return _who(store, q, said)
    elif q.asks("name") and _one_actor(store, q):
        # '顾家哪个工厂进了首批名单': a thing of the one firm named (its plant, its drug), which
        # no record of the kind holds: a fact about the firm that says it answers.
        said = _answer_fact(store, q, replace(base, kind="fact"), floor=FACT_FIT)
        if said.answer is not None:
            return said
    elif q.asks("called"):
        # '钱塘那个高校一站式服务平台叫什么': no record of the kind fits; a fact that gives the
        # thing's name (“钱塘校融”) and accounts for the question answers, and no other.
        said = _answer_fact(store, q, replace(base, kind="fact"), floor=2.0, named_floor=FACT_FIT)
        if said.answer is not None:
            return said
    together = _named_by_its_facts(store, q, base, ranked)
    if together is not None:
        return together
    if _kind_stated(q) and _head_concept(store, q):
        # 'Which Xiaoshan cluster is on the collaborative-zone list?': no record of the kind a
        # word elsewhere names (zone) answers, and the noun the 'which' asks about is a thing
        # of no kind of record: read as a name of no record, a fact that says all the rest.
        said = _answer_fact(store, q, replace(base, kind="fact"), floor=YES_NO_FIT)
        if said.answer is not None:
            return _who(store, q, said)
    return _refuse(q.text, base, _no_fact(), _near_facts(store, q, ranked))


def _tells_the_noun(store: Store, q: Question, fact: Fact) -> bool:
    """Whether a fact says the noun a 'which' asks for, which is no kind of record: it then
    names the one meant (入选…人工智能创新发展区培育名单). Not '主任是谁' (no noun asked) nor
    a name asked (叫什么名字), which a fact saying no name does not give."""
    heads = _wh_heads(store, q.text)
    if not heads or _kind_stated(q) or q.asks("called"):
        return False
    return heads <= set(_fact_terms(store, fact, q.lang).terms)


def _said_by_another_fact(
    store: Store, q: Question, by_record: AskResult, ranked: list[tuple[float, Fact]]
) -> bool:
    """Whether a fact says nearly all the question says and is not about the record its own
    words picked: '钱开区推动哪些骨干企业开展工厂物联网建设' is answered by the fact that says
    so and names the firms, not by a firm whose record shares a few of its words."""
    answers = [*([by_record.answer] if by_record.answer else []), *by_record.alternatives]
    ids = {a.entity.id for a in answers if a.entity is not None}
    if not ids or not ranked or ranked[0][0] < YES_NO_FIT:
        return False
    involved = {ranked[0][1].subject, *ranked[0][1].about}
    # It is about what the question names, the narrowest place named too (a zone's fact is
    # not about its Northern Block's firms).
    named = {e.id for e in q.subjects}
    narrowest = {i for i in named if not any(i in store.ancestors(j) for j in named - {i})}
    around = involved | {a for i in involved for a in store.ancestors(i)}
    return not ids & involved and narrowest <= around


def _named_by_its_facts(
    store: Store, q: Question, base: Reading, ranked: list[tuple[float, Fact]]
) -> AskResult | None:
    """'Which Zhejiang University centre opened in the Qianjiang zone in 2021 and was
    recognised as a provincial new-type R&D centre?': no one fact says it all, but the facts
    the base holds about one record do together (it opened in 2021; it was recognised).
    The record, a firm or an organisation (of the kind the question asks, if it says one,
    as in 'which university spin-off became a little giant'), must be one a
    fitting fact (of `ranked`, _facts_ranked's) is about, not one the question names; what
    its facts and own record say together must account for nearly all the question says
    (as a yes-or-no answer must), every concept asked among it, the year asked among their
    dates, every record the question names among what they are about or around it; and no
    other record's facts may account for as much."""
    if not q.reading.terms:
        return None
    kinds = {"company", "org"}
    if _kind_stated(q):
        kinds = {k for k in kinds if _admits(base.asked_kind, k)}
    named = {m.entity.id for m in q.mentions}
    # Leads: facts that say part of it (what they say together is the test, below).
    leads = [f for score, f in ranked[:5] if score >= FACT_FIT_NAMED]
    asked, weights = _question_weights(store, q)
    concepts = {t for t in q.reading.terms if t.startswith("c_")} - q.reading.loose
    # The kind asked is the record's own ('which company'), not something its facts must say.
    concepts -= {concept_term(c) for c, k in CONCEPT_KINDS.items() if k in kinds}
    scored: list[tuple[float, Entity, Fact]] = []
    candidates = store.entities({i for f in leads for i in (f.subject, *f.about)} - named)
    for id, entity in sorted(candidates.items()):
        if entity.kind not in kinds:
            continue  # a place's facts, many, say much of anything: not evidence of one thing
        facts = [f for f in store.facts_about(id) if _status_of_fact(store, f, q)]
        if not any(_dated_fits(store, f, q) for f in facts):
            continue
        around = {i for f in facts for i in (f.subject, *f.about)} | store.ancestors(id)
        if not named <= around:
            continue
        words = {t for f in facts for t in _words(_fact_terms(store, f, q.lang))}
        words |= _record_terms(store, entity)
        if not concepts <= words:
            continue
        lead = next(f for f in leads if id in (f.subject, *f.about))
        scored.append((covered_share(weights, asked, words), entity, lead))
    scored.sort(key=lambda s: (-s[0], s[1].id))
    if not scored or scored[0][0] < YES_NO_FIT:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    _, entity, fact = scored[0]
    source = store.sources([fact.source])[fact.source]
    zh, en = fact_sentences(fact, source, entity)
    answer = Answer(zh, en, source, fact.quote, fact=fact, entity=entity)
    return AskResult(q.text, base, answer, (), None)


def _asks_several(store: Store, q: Question) -> bool:
    """Whether a 'which' asks for several: 哪些, 哪几家; 'which companies'."""
    hits, asking = _which(store, q)
    if asking is None:
        return False
    said = "".join(u.text for u in q.units[asking.first : asking.last])
    if q.lang == "zh":
        return "些" in said or "几" in said
    after = [u.text.casefold() for u in q.units[asking.last : asking.last + 2]]
    if after and (after[0].isdigit() or WORD_VALUES.get(after[0], 1) > 1):
        return True  # 'which three universities'
    word = after[0] if after else ""
    if word.endswith("s") and not word.endswith("ss"):
        return True  # a plural noun after 'which'
    # The kind of thing asked, plural, further on in the phrase 'which' begins (a stop word,
    # 'did', 'is', ends it): 'which benchmark "aircraft carrier" platforms did…', not 'which
    # carmaker is named among the vehicle manufacturers'.
    end = _phrase_end(q, hits, asking)
    kinds = [h for h in hits if asking.last <= h.first < end and _names_a_kind(h)]
    if not kinds:
        return False
    said = "".join(u.text for u in q.units[kinds[0].first : kinds[0].last]).casefold()
    return said.endswith("s") and not said.endswith("ss")


def _phrase_end(q: Question, hits: list[Found], asking: Found) -> int:
    """Where the phrase a 'which' begins ends: at the first stop word after it ('did', 'is'),
    else at the question's end."""
    ends = [h.first for h in hits if h.first >= asking.last and h.entry.kind == "stop"]
    return min(ends, default=len(q.units))


def _names_a_kind(hit: Found) -> bool:
    """Whether a lexicon phrase found in a question names a kind of record (park, company)."""
    entry = hit.entry
    if entry.kind == "facet" and entry.dimension == "entity":
        return True
    return entry.kind == "concept" and entry.name in CONCEPT_KINDS


def _actor_of(store: Store, fact: Fact, asked: set[str]) -> bool:
    """Whether the fact's subject is a firm or an organisation the question names."""
    subject = store.entity(fact.subject) if fact.subject in asked else None
    return subject is not None and subject.kind in ("company", "org")


def _one_actor(store: Store, q: Question) -> bool:
    """Whether the question is about one firm or organisation and nothing else."""
    focus = [store.entity(i) for i in _focus(store, q)]
    return len(focus) == 1 and focus[0] is not None and focus[0].kind in ("company", "org")


def _who(store: Store, q: Question, said: AskResult) -> AskResult:
    """A fact given as the answer to a 'which' question, with the one company or organisation
    it involves and the question does not name as the answer's entity (a place it involves is
    where it happened), named first where the fact's text does not say it ('The centre has
    been recognised…' is about the ZJU electrical centre)."""
    fact = said.answer.fact if said.answer else None
    if fact is None or said.answer is None:
        return said
    named = {m.entity.id for m in q.mentions}  # the subjects among them
    involved = store.entities(i for i in (fact.subject, *fact.about) if i not in named)
    actors = [e for e in involved.values() if e.kind in ("company", "org")]
    if len(involved) != 1 or len(actors) != 1:
        return said
    who = actors[0]
    zh, en = said.answer.sentence_zh, said.answer.sentence_en
    named_zh, named_en = fact_sentences(fact, said.answer.source, who)
    if not any(n and n in fact.text.zh for n in (who.name.zh, *who.aliases)):
        zh = named_zh
    if not (who.name.en and who.name.en in fact.text.en):
        en = named_en
    return replace(said, answer=replace(said.answer, sentence_zh=zh, sentence_en=en, entity=who))


def _kind_stated(q: Question) -> bool:
    """Whether the question says what kind of record it asks for ('which company', 'which
    park', 'which university'), rather than something the base keeps no records of."""
    return bool(q.reading.facets.get("entity")) or any(
        c in CONCEPT_KINDS for c in q.reading.concepts
    )


def _head_concept(store: Store, q: Question) -> bool:
    """Whether the noun a 'which' asks about (where _head_kind looks for a kind word) is a
    concept of the lexicon that names no kind of record (集群, cluster; 产业, industry)."""
    hits, asking = _which(store, q)
    if asking is None:
        return False
    at = _head_positions(q, hits, asking)
    heads = [h for h in hits if h.first in at]
    if any(_names_a_kind(h) for h in heads):
        return False
    return any(h.entry.kind == "concept" for h in heads)


def _described(
    store: Store, q: Question, entities: list[Entity], fact: Fact | None = None
) -> list[Entity]:
    """Of several entities a fact names, the one whose own record holds more of the concepts
    the question names than any other ('which carmaker's project': of 吉利, 矽力杰 and 先临三维,
    the one whose sector is cars), then, of those alike in that, the one that lies in more
    of the places it names ('which American design firm': of SOM and 日建设计, the one whose
    region is the United States). Before both, the one whose own name says more of the
    question's plain words that the fact says nowhere but in names ('the microelectronics
    firm among the key projects': 百星微电子, though another's record says 'project'; not
    设计, which the fact says of all four design firms). All of them when none stands out."""
    if len(entities) < 2:
        return entities
    concepts = {t for t in q.reading.terms if t.startswith("c_")} - q.reading.loose
    places = {m.entity.id for m in q.mentions if m.entity.kind in ("region", "park")}
    unnamed = _words_beside_names(store, fact, entities) if fact is not None else set()
    held = [
        (
            len(_named_words(store, q, e) - unnamed),
            len(concepts & _record_terms(store, e)),
            len(places & store.ancestors(e.id)),
        )
        for e in entities
    ]
    best = max(held)
    chosen = [e for e, n in zip(entities, held, strict=True) if n == best]
    return chosen if any(best) and len(chosen) == 1 else entities


def _words_beside_names(store: Store, fact: Fact, entities: list[Entity]) -> set[str]:
    """The terms of a fact's text once the names of `entities` are taken out of it."""
    texts = [fact.text.zh, fact.text.en]
    names = sorted(
        {n for e in entities for n in (e.name.zh, e.name.en, *e.aliases) if n},
        key=len,
        reverse=True,
    )
    for name in names:
        texts = [t.replace(name, " ") for t in texts]
    return set(read_text(store.lexicon, " ".join(texts)).terms)


def _named_words(store: Store, q: Question, entity: Entity) -> set[str]:
    """The question's plain words (no concept) that the entity's own names say: 'the
    microelectronics firm' names 百星微电子 (Baixing Microelectronics) by its name."""
    words: set[str] = set()
    for name in (entity.name.zh, entity.name.en, *entity.aliases):
        words.update(read_text(store.lexicon, strip_suffixes(name)).terms)
    return {t for t in q.reading.terms if not t.startswith("c_")} & words


def _name_from_records(store: Store, q: Question, base: Reading) -> AskResult | None:
    """'钱塘哪个平台主攻半导体产业?': the one entity of the kind asked, within what the
    question names, whose own record (names, sector, focus, note) accounts for what it
    asks: every concept it names (半导体), whatever verbs carry them (专门做, tasked with
    building), or, with no concept, most of its words. Two that fit equally: no answer,
    since either might be meant."""
    if not q.reading.terms:
        return None
    named = {e.id for e in q.subjects}
    # A place named with the place it lies in ('the Northern Block of QEDZ') is where to look.
    within = {i for i in named if not any(i in store.ancestors(j) for j in named - {i})}
    inside = set().union(*(store.within(i) for i in within)) - named if named else None
    mentioned = {m.entity.id for m in q.mentions}
    weights = store.fact_weights
    kind_words = {concept_term(c) for c, k in CONCEPT_KINDS.items() if k == base.asked_kind}
    concepts = {t for t in q.reading.terms if t.startswith("c_")} - q.reading.loose - kind_words
    scored = []
    for entity in (e for k in _kinds_admitted(base.asked_kind) for e in store.entities_of(k)):
        if (inside is not None and entity.id not in inside) or entity.id in mentioned:
            continue
        # Every record of the kind asked is what the kind word says ('哪家企业': each firm is
        # one, whether or not its record says 集团).
        record = _record_terms(store, entity) | kind_words
        if concepts and not concepts <= record:
            continue
        scored.append((covered_share(weights, q.reading.terms, record), entity))
    scored.sort(key=lambda p: (-p[0], p[1].id))
    # The only one holding every concept asked needs less of the other words than one of
    # several does.
    floor = RECORD_FIT if concepts and len(scored) == 1 else FACT_FIT
    if not scored or scored[0][0] < floor:
        return None
    if scored[0][0] < FACT_FIT and _named_elsewhere(store, q, scored[0][1], base, inside):
        return None  # another record of the kind is named by the question's own words
    tied = [e for score, e in scored if score == scored[0][0]]
    if 1 < len(tied) <= LISTED and _asks_several(store, q):
        return _listed(store, q, base, tied)  # '北部区块有哪些企业?': all that fit are asked
    if len(tied) > 1:  # several fit alike: say which, and answer none
        why = Text(
            zh="符合的不止一个:" + "、".join(e.name.zh for e in tied),
            en="more than one fits: " + ", ".join(e.name.en for e in tied),
        )
        return _refuse(q.text, base, why, tuple(Text(zh=e.name.zh, en=e.name.en) for e in tied))
    entity = scored[0][1]
    source = store.sources([entity.source])[entity.source]
    zh, en = record_sentences(entity, source, gloss=True)
    answer = Answer(zh, en, source, entity.quote, entity=entity)
    return AskResult(q.text, base, answer, (), None)


def _listed(store: Store, q: Question, base: Reading, entities: list[Entity]) -> AskResult:
    """The answer to a question that asks for several ('哪些', 'which companies') that
    several records fit alike: all of them, named in one sentence, each with its own
    record and source (the first as the answer, the others as other answers)."""
    sources = store.sources({e.source for e in entities})
    answers = []
    for entity in entities:
        zh, en = record_sentences(entity, sources[entity.source], gloss=True)
        answers.append(Answer(zh, en, sources[entity.source], entity.quote, entity=entity))
    first = entities[0]
    source = sources[first.source]
    zh = "、".join(e.name.zh for e in entities) + f"(据《{source.title.zh}》等,{source.date})"
    en = "; ".join(e.name.en for e in entities) + f" (according to “{source.title.en}” and others)"
    if len(sources) == 1:
        zh = "、".join(e.name.zh for e in entities) + f"(据《{source.title.zh}》,{source.date})"
        en = (
            "; ".join(e.name.en for e in entities)
            + f" (according to “{source.title.en}”, {source.date})"
        )
    answer = replace(answers[0], sentence_zh=zh, sentence_en=en)
    return AskResult(q.text, base, answer, tuple(answers[1:]), None)


def _named_elsewhere(
    store: Store, q: Question, chosen: Entity, base: Reading, inside: set[str] | None
) -> bool:
    """Whether a record of the kind asked, within what the question names, has in its own
    name a plain word of the question that the chosen record's names lack ('name the
    microelectronics firm among the key projects': Baixing Microelectronics, though another
    firm's record says 'project'). Only within a place the question names: the base's
    every firm is not read for each question."""
    if inside is None:
        return False
    own = _named_words(store, q, chosen)
    kinds = _kinds_admitted(base.asked_kind)
    return any(
        e.kind in kinds and _named_words(store, q, e) - own
        for e in store.entities(inside - {chosen.id}).values()
    )


def _answer_activity(store: Store, q: Question, base: Reading) -> AskResult | None:
    """'兆奕科技生产什么产品?', 'which industries does the Qianjin park develop?': the sector
    or focus industries the record of the one entity asked about gives, when the record also
    holds every concept the question names (an industry fund asked of a chip park is no
    industry)."""
    asked = [store.entity(i) for i in sorted(_focus(store, q))]
    held = [e for e in asked if e is not None and (e.sector or e.focus)]
    if len(held) != 1 or len(asked) != 1:
        return None
    entity = held[0]
    concepts = {t for t in q.reading.terms if t.startswith("c_")} - q.reading.loose
    if not concepts <= _record_terms(store, entity):
        return None
    source = store.sources([entity.source])[entity.source]
    zh, en = record_sentences(entity, source, gloss=False)
    answer = Answer(zh, en, source, entity.quote, entity=entity)
    return AskResult(q.text, base, answer, (), None)


def _record_terms(store: Store, entity: Entity) -> set[str]:
    """The terms of what an entity's own record says (see _record_texts)."""
    record: set[str] = set()
    for text in _record_texts(entity):
        record.update(read_text(store.lexicon, text).terms)
    return record


def _record_texts(entity: Entity) -> list[str]:
    texts = _entity_texts(entity)
    for t in entity.focus:
        texts += [t.zh, t.en]
    return texts


def _carried(fact: Fact, entity: Entity) -> int:
    """Whether the fact's own words name the entity (its quote or text), as 2, 1 or 0."""
    names = (entity.name.zh, entity.name.en, *entity.aliases)
    if any(n and n in fact.quote for n in names):
        return 2
    return 1 if any(n and (n in fact.text.zh or n in fact.text.en) for n in names) else 0


# ------------------------------------------------------------------ facts
def _answer_fact(
    store: Store,
    q: Question,
    base: Reading,
    dated: bool = False,
    floor: float = 0.0,
    because: bool = False,
    named_floor: float | None = None,
    happened: bool = False,
) -> AskResult:
    """The fact that best accounts for the question, about all it names (`_says_all`); one
    that gives a date (`dated`), or a cause (`because`: the lexicon's concept 'cause').
    `named_floor`, when given, is the floor for a fact that gives a name the question does not
    say (in quotation marks: “钱塘校融”), which is what a 'what is it called' asks for.
    `happened`: of the event asked (上市), only a fact telling that it happened answers, not
    one saying it is expected."""
    named = _focus(store, q)
    # What happened, as the question names it (签约, listed, 获批): a fact telling of another
    # event (落户, settled) does not answer when it was signed.
    events = store.lexicon.events & set(q.reading.terms) - q.reading.loose
    holding = {id: store.within(id) for id in named}  # read once, not once a fact
    # What the question measures, unless 'what' asks for one (an instance answers that: the
    # slogan itself, not the word 'slogan'), or the question says how many there are ('what
    # are the four parts of…' asks what they are: the parts themselves answer).
    # '最高荣誉是什么' likewise: the honour answers it.
    instance = q.stated or q.asks("what")
    measured = set() if instance else set(q.reading.measured) - _wh_heads(store, q.text)
    asked, weights = _question_weights(store, q)
    for score, fact in _dated_first(_facts_ranked(store, q, everywhere=not named), q):
        involved = {fact.subject, *fact.about}
        if named and not _says_all(store, fact, holding):
            continue
        said = _fact_terms(store, fact, q.lang)
        terms = said.terms
        if because and CAUSE not in terms:
            continue
        if not events <= set(terms) or not _facets_said(store, fact, q):
            continue
        if not measured <= set(terms):
            continue  # what it measures, the fact must say: 'the plant's annual capacity'
        lowest = floor
        if named_floor is not None and _gives_a_name(fact, q, store):
            lowest = named_floor
        if score < max(lowest, FACT_FIT_NAMED if named & involved else FACT_FIT):
            continue
        if _beyond_its_name(store, q, fact, said, asked, weights) < FACT_FIT:
            continue
        if dated and not (fact.date or fact.year or fact.period or _states_a_span(fact, q)):
            continue
        if not _dated_fits(store, fact, q) or not _status_of_fact(store, fact, q):
            continue
        if not _ranks_agree(q, (fact.text.zh, fact.text.en, fact.quote)):
            continue
        if happened and events and _expected(store, fact, q):
            continue
        source = store.sources([fact.source])[fact.source]
        zh, en = fact_sentences(fact, source)
        answer = Answer(zh, en, source, fact.quote, fact=fact)
        return AskResult(q.text, base, answer, (), None)
    return _refuse(q.text, base, _no_fact(), _near_facts(store, q))


QUOTED_NAME = re.compile(r"“([^”]{2,24})”")


CAPITALISED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+")


def _beyond_its_name(
    store: Store, q: Question, fact: Fact, said: TextReading, asked: list[str], weights: Weights
) -> float:
    """How much of what the question asks beyond a name the fact quotes and the question
    repeats (“达伯乐”) the fact accounts for: the name says which thing, as a record's name
    does, not what is asked of it ('达伯乐是治什么病的' is not answered by its approval). 1.0
    when no such name is shared, or nothing but the name is asked ('钱塘校融是什么')."""
    shared = [n for n in QUOTED_NAME.findall(fact.text.zh) if n in q.folded]
    if not shared:
        return 1.0
    naming = set(read_text(store.lexicon, " ".join(shared)).terms)
    rest = [t for t in asked if t not in naming]
    if not rest or not weights.mass(rest):
        return 1.0
    return covered_share(weights, rest, _words(said))


def _gives_a_name(fact: Fact, q: Question, store: Store) -> bool:
    """Whether a fact gives a name the question does not say: in quotation marks in its
    Chinese text (“钱塘校融”), or as a capitalised word within its English text that no
    record it is about is named with (Dr Liang Suxia, of the lab of the Zhongneng firm the
    question names)."""
    if any(name not in q.folded for name in QUOTED_NAME.findall(fact.text.zh)):
        return True
    records = store.entities({fact.subject, *fact.about}).values()
    known = " ".join(n for e in records for n in (e.name.en, *e.aliases)).casefold()
    asked = q.text.casefold()
    return any(
        w.casefold() not in known and w.casefold() not in asked
        for w in CAPITALISED.findall(fact.text.en)
    )


def _says_all(store: Store, fact: Fact, named: dict[str, set[str]]) -> bool:
    """Whether a fact is about everything the question names (`named`: each id with what it
    holds): each is its subject or among what it is about, holds one of those (a district its
    firms), or is named in its words ('when did Huibo Yuntong list on ChiNext' is not answered
    by another firm's listing in Huibo's zone: what holds a thing does not answer for it)."""
    involved = {fact.subject, *fact.about}
    for id in named.keys() - involved:
        if involved & named[id]:
            continue
        entity = store.entity(id)
        if entity is None or not _carried(fact, entity):
            return False
    return True


def _dated_fits(store: Store, fact: Fact, q: Question) -> bool:
    """Whether a fact is of the year asked: its own date, else (a fact the article tells as it
    stands, undated) the year the article was published, which says no month."""
    if q.year is None:
        return True
    if _says_year(fact, q.year):
        return True  # '…入选《2022年工业互联网APP优秀解决方案名单》', told in 2023
    year = fact.year or (int(fact.date[:4]) if fact.date else None)
    if year is None and fact.period is None and q.period is None:
        year = published_year(store.sources([fact.source])[fact.source].date)
    span = period_years(year, fact.period)
    return span is not None and span[0] <= q.year <= span[1]


def _facets_said(store: Store, fact: Fact, q: Question) -> bool:
    """Whether a fact says the rank (最高, highest) and the field of it (全市, within the
    province) that the question asks, as a rank's metric must: '哪个区的R&D强度全市第一' or
    'which district has the highest R&D intensity' is not answered by a fact that R&D
    intensity hit a record. (Other facets may describe what is asked about: requiring every
    facet lost answers.)"""
    said = _fact_terms(store, fact, q.lang).facets
    if q.reading.has("kind", "rank") and "rank" not in said.get("kind", frozenset()):
        return False
    return q.reading.facets.get("among", frozenset()) <= said.get("among", frozenset())


SPAN = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[—–~\-至到]\s*(?:19|20)\d{2}(?!\d)")


def _states_a_span(fact: Fact, q: Question) -> bool:
    """Whether a question asks a span of years (哪几年, 'what period') and the fact's own
    words state one ('规划期是哪几年' of the plan for 2021—2035): that span answers it,
    though the base records no date of the fact itself (it was approved 'recently').
    A single year in its words says no date of what it tells."""
    return q.asks("span") and any(SPAN.search(t) for t in (fact.text.zh, fact.text.en))


def _ranks_agree(q: Question, texts: Iterable[str]) -> bool:
    """Whether the places in an order that the question states (全市第一, 'topped') are
    among those the answer's own words state, when they state any: '入选企业数全市第一的是哪个
    区' is not answered by a fact that Qiantang came second, nor '连续3年位居全市第一吗' by the
    years it ranked second."""
    asked = places_stated(q.text)
    if not asked:
        return True
    said = set().union(*(places_stated(t) for t in texts))
    return not said or bool(asked & said)


def _says_year(fact: Fact, year: int) -> bool:
    """Whether a fact's own words (its text or quote) say the year: a fact names the year of
    what it tells, whenever its article was printed."""
    said = re.compile(rf"(?<!\d){year}(?!\d)")
    return any(said.search(t) for t in (fact.text.zh, fact.text.en, fact.quote, *fact.also_quoted))


def _dated_first(ranked: list[tuple[float, Fact]], q: Question) -> list[tuple[float, Fact]]:
    """With a year asked, the facts that give a date of their own come before those dated only
    by their article (see _dated_fits), each group best first: a date the fact states is
    better evidence than the day it was printed."""
    if q.year is None:
        return ranked
    return sorted(ranked, key=lambda p: not (p[1].year or p[1].date or p[1].period))


def _expected(store: Store, fact: Fact, q: Question) -> bool:
    """Whether a fact's own words say what is expected or planned ('预计不久后也将上市') of a
    question that asks no target: it tells what has not happened."""
    said = _fact_terms(store, fact, q.lang).facets.get("status", frozenset())
    return "target" in said and not q.reading.has("status", "target")


PLAN = concept_term("plan-document")  # a plan as a document, the thing itself


def _status_of_fact(store: Store, fact: Fact, q: Question) -> bool:
    """A plan, forecast or target answers a question about targets, or one about the plan
    itself ('国土空间总体规划的规划期限'): the question names a plan the fact names."""
    planned = fact.topic in ("forecast", "plan", "target")
    if not planned or q.reading.has("status", "target"):
        return True
    if PLAN not in q.reading.terms:
        return False
    # A plan is what '怎么规划的' asks about; a target or forecast only when it names the plan.
    return fact.topic == "plan" or PLAN in _fact_terms(store, fact, q.lang).terms


def _facts_ranked(store: Store, q: Question, everywhere: bool) -> list[tuple[float, Fact]]:
    """Facts by how much of the question's terms each accounts for (0–1), with a little
    more for facts about what the question names."""
    named = {e.id for e in q.subjects}
    mentioned = [m.entity for m in q.mentions]
    candidates: dict[str, Fact] = {}
    if everywhere or not named:
        candidates.update((f.key, f) for f, _ in store.facts_matching(q.reading.terms))
    for i in named:
        candidates.update((f.key, f) for f in store.facts_about(i))
    asked, weights = _question_weights(store, q)
    ranked = []
    for fact in candidates.values():
        words = _words(_fact_terms(store, fact, q.lang))
        share = covered_share(weights, asked, words) if asked else 0.0
        bonus = 0.05 * len(named & {fact.subject, *fact.about})
        ranked.append((share + bonus, fact))
    # Of facts that say as much, the one whose own words also name the places and firms the
    # question names ('Zhejiang's first…': 浙江首个省级新区) comes first; it scores no more.
    carried = {f.key: sum(1 for e in mentioned if _carried(f, e)) for _, f in ranked}
    ranked.sort(key=lambda p: (-round(p[0], 9), -carried[p[1].key], p[1].key))
    return ranked


# The noun a 'which'/'what' asks for: what answers it is an instance ('中机身' for 哪个部位),
# which never says the noun itself.
WH_HEAD = re.compile(
    r"(?:哪一?[个家些所座位项条]?|什么)(\w{1,2})|\b(?:which|what)\s+([a-z]+)", re.IGNORECASE
)


def _wh_heads(store: Store, text: str) -> set[str]:
    heads: set[str] = set()
    for found in WH_HEAD.finditer(store.lexicon.respelt(text)):
        heads.update(read_text(store.lexicon, found.group(1) or found.group(2)).terms)
    return heads


NOT_WORDS = (
    "answer",
    "entity",
    "unit",
    "cites",
    "points",
)  # what is asked back, not what it is about


def _words(reading: TextReading) -> list[str]:
    """A text's terms and its facets as words ('provincial-level new area' keeps 'provincial'
    and 'new' when matched against facts, which say them too)."""
    facets = [f"{d}={v}" for d, vs in reading.facets.items() if d not in NOT_WORDS for v in vs]
    return [*reading.terms, *facets]


def _fact_terms(store: Store, fact: Fact, lang: str) -> TextReading:
    text = " ".join((fact.text.zh, fact.text.en, fact.quote, *fact.also_quoted))
    return read_text(store.lexicon, text)


def _question_weights(store: Store, q: Question) -> tuple[list[str], Weights]:
    """The question's words as facts are read, and how much each weighs (the noun a 'which'
    asks for weighs nothing: its answer is an instance, which never says it)."""
    asked = _words(q.reading)
    return asked, store.fact_weights.holding(asked, but=_wh_heads(store, q.text))


def _near_facts(
    store: Store, q: Question, ranked: list[tuple[float, Fact]] | None = None
) -> tuple[Text, ...]:
    if ranked is None:
        ranked = _facts_ranked(store, q, everywhere=True)
    return tuple(f.text for _, f in ranked[:2])


# ------------------------------------------------------------------ refusals
def _refuse(question: str, reading: Reading, reason: Text, near: Iterable[Text]) -> AskResult:
    """A refusal in the question's language (`refusal`, `nearest`) and in both (`*_text`), so
    that --lang can choose."""
    near = tuple(near)
    names = tuple(n.get(reading.lang) for n in near)
    return AskResult(question, reading, None, (), reason.get(reading.lang), names, reason, near)


def _nearest_from(refusal: AskResult, other: AskResult) -> AskResult:
    if refusal.nearest or not other.nearest:
        return refusal
    return replace(refusal, nearest=other.nearest, nearest_text=other.nearest_text)


def _no_metric() -> Text:
    return Text(
        zh="事实库中没有这个问题所问的数据",
        en="the fact base holds no figure that this question asks for",
    )


def _places_elsewhere(store: Store, q: Question) -> list[str]:
    """The places the question names that the base keeps no record of (the lexicon's
    place=elsewhere: 上海, Shenzhen), as its folded text says them where the lexicon read them:
    none inside a name the question gives of a record (深圳证券交易所, 浙江西部's 江西)."""
    if not q.reading.has("place", "elsewhere"):
        return []
    hits, _ = _which(store, q)
    return [
        q.folded[q.units[h.first].start : q.units[h.last - 1].end]
        for h in hits
        if h.entry.name == "place=elsewhere"
    ]


def _says_places(answer: Answer, places: list[str]) -> bool:
    """Whether a fact given as an answer says each place (a figure or a record is of a place
    the base holds, so it never does)."""
    if answer.fact is None:
        return False
    fact = answer.fact
    said = " ".join((fact.text.zh, fact.text.en, fact.quote, *fact.also_quoted)).casefold()
    return all(p in said for p in places)


def _elsewhere() -> Text:
    return Text(
        zh="问题问到的地方,事实库中没有它的记录",
        en="the question names a place the fact base holds no record of",
    )


def _no_fact() -> Text:
    return Text(
        zh="事实库中没有能回答这个问题的事实",
        en="the fact base holds no fact that answers this question",
    )


def _focus(store: Store, q: Question) -> set[str]:
    """What the question asks about: the entities it names but those that only locate another
    ('横滨橡胶杭州工厂': Yokohama Rubber; Hangzhou says where it is)."""
    ids = {e.id for e in q.subjects}
    return {i for i in ids if not any(j != i and j in store.within(i) for j in ids)}


def _specificity(e: Entity) -> tuple[int, int]:
    depth = REGION_DEPTH.get(e.level or "", 2) if e.kind == "region" else 0
    return (SPECIFICITY[e.kind], depth)
