"""The sentences an answer is given in: one a journalist could paste, in each language.

A figure's sentence names its subject, when, the metric as the fact base names
it (so 'new', 'recommended', 'provincial' are never dropped), the value with its
qualifier, and the source; a fact's sentence is its text with its source.
"""

from __future__ import annotations

from qtcli.factbase.lexicon import units
from qtcli.factbase.model import Entity, Fact, Metric, Source
from qtcli.index.store import ObservationRow
from qtcli.present.wording import (
    Quantity,
    date_text,
    predicate_zh,
    value_en,
    value_zh,
    when_text,
)

VERBS = {
    "target": "is targeted at",
    "plan": "is planned at",
    "forecast": "is expected to be",
    "recurring": "is",
}


def figure_sentences(
    row: ObservationRow, metric: Metric, subject: Entity, source: Source
) -> tuple[str, str]:
    o = row.observation
    q = Quantity(o.value, o.unit, o.qualifier, o.printed, o.misprint, metric.kind, metric.noun)
    when_zh = when_text(o.year, o.period, o.status, "zh")
    when_en = when_text(o.year, o.period, o.status, "en")
    zh = (
        f"据《{source.title.zh}》({source.date}),"
        f"{subject.name.zh}{when_zh}{metric.name.zh}{predicate_zh(value_zh(q))}。"
    )
    value = value_en(q)
    if o.status == "actual" and metric.kind == "count" and _noun_names(metric):
        clause = f"{subject.name.en} had {value}"  # 'Qiantang District had 1,913 5G base stations'
    else:
        verb = VERBS.get(o.status, "was" if o.year else "is")
        clause = f"{subject.name.en}'s {metric.name.en} {verb} {value}"
    lead = f"In {when_en}, " if when_en and o.status == "actual" else ""
    tail = f" ({when_en})" if when_en and o.status != "actual" else ""
    en = f"{lead}{clause}{tail}, according to “{source.title.en}” ({source.date})."
    if o.year is None and o.status == "actual":
        zh = zh[:-1] + "(原文未注明年份)。"
        en = en[:-1] + " (the article gives no year)."
    return zh, en[0].upper() + en[1:]


def _noun_names(metric: Metric) -> bool:
    """'had 1,913 5G base stations' says all the metric's name does only when the count's
    noun holds every word of the name; 'had 250 firms' would drop 'recommended national
    high-tech' and must not be said."""
    if not metric.noun:
        return False
    noun = {u.key for u in units(metric.noun)[1]}
    name = {u.key for u in units(metric.name.en)[1]}
    return name <= noun


def fact_sentences(fact: Fact, source: Source, entity: Entity | None = None) -> tuple[str, str]:
    when_zh = date_text(fact.date, "zh") if fact.date else ""
    text_zh = fact.text.zh  # the fact's own date, unless its text already states it
    if when_zh and when_zh not in text_zh:
        text_zh = f"{when_zh},{text_zh}"
    zh = f"{text_zh}(据《{source.title.zh}》,{source.date})"
    en = f"{fact.text.en} (according to “{source.title.en}”, {source.date})"
    if entity is not None:
        zh = f"{entity.name.zh}:{zh}"
        en = f"{entity.name.en}: {en}"
    return zh, en


def record_sentences(entity: Entity, source: Source, gloss: bool) -> tuple[str, str]:
    """An entity's record as an answer: the sector or focus industries it gives, after the
    name as a gloss when the name is what was asked ('钱塘芯谷(半导体)'), else as what the
    entity does ('钱塘芯谷:半导体')."""
    what = [*entity.focus, *([entity.sector] if entity.sector else [])]
    zh_what, en_what = "、".join(t.zh for t in what), ", ".join(t.en for t in what)
    zh_said = f"({zh_what})" if gloss else f":{zh_what}"
    en_said = f" ({en_what})" if gloss else f": {en_what}"
    if not what:  # a record that says nothing of what it does: its name alone
        zh_said = en_said = ""
    zh = f"{entity.name.zh}{zh_said}(据《{source.title.zh}》,{source.date})"
    en = f"{entity.name.en}{en_said} (according to “{source.title.en}”, {source.date})"
    return zh, en


def place_sentences(subject: Entity, place: Entity, source: Source) -> tuple[str, str]:
    zh = (
        f"{place.name.zh}:{subject.name.zh}位于{place.name.zh}"
        f"(据《{source.title.zh}》,{source.date})"
    )
    en = (
        f"{place.name.en}: {subject.name.en} is in {place.name.en} "
        f"(according to “{source.title.en}”, {source.date})"
    )
    return zh, en
