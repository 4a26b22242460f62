"""The JSON contract: answers as plain dicts with a top-level schema version.

Stable for scripts (documented in the README, JSON output). Both languages are
always present ({"zh", "en"}); the chosen language only affects the terminal.
Written with the json module, never through Rich.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from qtcli.errors import QtError
from qtcli.factbase.model import Entity, Fact, Metric, Observation, Source, Text
from qtcli.present.i18n import how_text
from qtcli.present.wording import Quantity, as_of_text, fact_when, value_en, value_zh, when_text

if TYPE_CHECKING:  # types only: a company lookup need not import the question reader (≈ 20 ms)
    from qtcli.ask.ask import Answer, AskResult
    from qtcli.find.query import (
        EntityAnswer,
        KeyAnswer,
        ListAnswer,
        MetricAnswer,
        SearchHit,
        SourceAnswer,
    )
    from qtcli.find.search import Match
    from qtcli.index.store import ObservationRow

SCHEMA_VERSION = 1


def dumps(payload: Any, ascii_only: bool = False) -> str:
    return _escaped(json.dumps(payload, ensure_ascii=ascii_only, indent=2))


def dumps_line(payload: Any, ascii_only: bool = False) -> str:
    return _escaped(json.dumps(payload, ensure_ascii=ascii_only, separators=(",", ":")))


SURROGATE = re.compile("[\ud800-\udfff]")


def _escaped(text: str) -> str:
    """JSON whose strings may hold a lone surrogate (a query of bytes that are no UTF-8, or
    any string passed in), written as the escape JSON has for it: a surrogate cannot be
    encoded, and writing it would fail."""
    return SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def both(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def both_or_none(text: Text | None) -> dict[str, str] | None:
    """A note in both languages, or null when there is none."""
    return text.to_dict() if text else None


def entity_ref(e: Entity | None, id: str | None = None) -> dict[str, Any] | None:
    if e is None:
        return {"id": id, "kind": None, "name": None} if id else None
    return {"id": e.id, "kind": e.kind, "name": e.name.to_dict()}


def source_ref(s: Source | None, id: str) -> dict[str, Any]:
    return {
        "id": id,
        "title": s.title.to_dict() if s else None,
        "file": s.file if s else None,
        "date": s.date if s else None,
    }


def match_dict(m: Match) -> dict[str, Any]:
    return {
        "how": m.how,
        "how_text": both(how_text(m.how, "zh"), how_text(m.how, "en")),
        "score": round(min(100.0, m.score), 1),
        "text": m.text,
    }


def other_match(m: Match, entities: dict[str, Any]) -> dict[str, Any]:
    record = entities.get(m.id)
    name = record.name.to_dict() if record is not None else None
    return {
        "id": m.id,
        "kind": m.space,
        "name": name,
        "score": round(min(100.0, m.score), 1),
        "how": m.how,
        "text": m.text,
    }


def quantity(row: ObservationRow, metric: Metric | None) -> Quantity:
    o = row.observation
    return Quantity(
        value=o.value,
        unit=o.unit,
        qualifier=o.qualifier,
        printed=o.printed,
        misprint=o.misprint,
        kind=metric.kind if metric else "count",
        noun=metric.noun if metric else None,
    )


def observation_dict(
    row: ObservationRow, metric: Metric | None, subject: Entity | None, source: Source | None
) -> dict[str, Any]:
    o = row.observation
    q = quantity(row, metric)
    return {
        "key": o.key,
        "metric": {"id": o.metric, "name": metric.name.to_dict() if metric else None},
        "subject": entity_ref(subject, o.subject),
        "year": o.year,
        "period": o.period,
        "status": o.status,
        "when": both(_when(o, "zh"), _when(o, "en")),
        "as_of": o.as_of,
        "value": o.value,
        "unit": o.unit,
        "qualifier": o.qualifier,
        "printed": o.printed,
        "misprint": o.misprint,
        "value_text": both(value_zh(q), value_en(q)),
        "source": source_ref(source, o.source),
        "quote": o.quote,
        "note": both_or_none(o.note),
        "conflict": row.conflict,
        "conflicts_with": list(row.conflicts_with),
    }


def _when(o: Observation, lang: str) -> str:
    """When a figure is for, and as of when it was counted if the record says."""
    when = when_text(o.year, o.period, o.status, lang)
    as_of = as_of_text(o.as_of, lang)
    return f"{when} ({as_of})" if when and as_of else when or as_of


def fact_dict(f: Fact, entities: dict[str, Entity], sources: dict[str, Source]) -> dict[str, Any]:
    return {
        "key": f.key,
        "subject": entity_ref(entities.get(f.subject), f.subject),
        "about": [entity_ref(entities.get(a), a) for a in f.about],
        "topic": f.topic,
        "text": f.text.to_dict(),
        "year": f.year,
        "date": f.date,
        "period": f.period,
        "when": both(
            fact_when(f.date, f.year, f.period, "zh"), fact_when(f.date, f.year, f.period, "en")
        ),
        "source": source_ref(sources.get(f.source), f.source),
        "quote": f.quote,
        "note": both_or_none(f.note),
    }


def entity_dict(
    e: Entity, entities: dict[str, Entity], sources: dict[str, Source], chain: list[Entity]
) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "name": e.name.to_dict(),
        "aliases": list(e.aliases),
        "level": e.level,
        "type": e.type,
        "sector": e.sector.to_dict() if e.sector else None,
        "focus": [t.to_dict() for t in e.focus],
        "park": entity_ref(entities.get(e.park), e.park) if e.park else None,
        "region": entity_ref(entities.get(e.region), e.region) if e.region else None,
        "region_note": both_or_none(e.region_note),
        "parent": entity_ref(entities.get(e.parent), e.parent) if e.parent else None,
        "located_in": [entity_ref(x) for x in chain],
        "related": [
            {**(entity_ref(entities.get(r.id), r.id) or {}), "relation": r.relation}
            for r in e.related
        ],
        "note": both_or_none(e.note),
        "source": source_ref(sources.get(e.source), e.source),
        "quote": e.quote,
    }


def entity_payload(a: EntityAnswer) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "query": a.query,
        "match": match_dict(a.match),
        "entity": entity_dict(a.entity, a.entities, a.sources, a.chain),
        "facts": [fact_dict(f, a.entities, a.sources) for f in a.facts],
        "observations": [
            observation_dict(
                r,
                a.metrics.get(r.observation.metric),
                a.entity,
                a.sources.get(r.observation.source),
            )
            for r in a.observations
        ],
        "members": [{**(entity_ref(e) or {}), "relation": rel} for e, rel in a.members],
        "other_matches": [other_match(m, a.entities) for m in a.other_matches],
    }


def metric_dict(m: Metric) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name.to_dict(),
        "unit": m.unit,
        "kind": m.kind,
        "definition": m.definition.to_dict(),
        "aliases": list(m.aliases),
    }


def metric_payload(a: MetricAnswer, others: dict[str, Metric]) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "query": a.query,
        "match": match_dict(a.match),
        "metric": metric_dict(a.metric),
        "filters": {"year": a.year, "period": a.period, "region": entity_ref(a.place)},
        "year_fallback": a.year_fallback,
        "available_years": a.available_years,
        "observations": [
            observation_dict(
                r,
                a.metric,
                a.entities.get(r.observation.subject),
                a.sources.get(r.observation.source),
            )
            for r in a.observations
        ],
        "other_matches": [other_match(m, others) for m in a.other_matches],
    }


def search_payload(query: str, hits: list[SearchHit]) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "query": query,
        "results": [
            {
                "kind": h.kind,
                "id": h.id,
                "name": both(*h.name),
                "score": min(100.0, h.score),
                "how": h.how,
            }
            for h in hits
        ],
    }


def source_dict(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "file": s.file,
        "sha256": s.sha256,
        "title": s.title.to_dict(),
        "kicker": s.kicker.to_dict() if s.kicker else None,
        "authors": [a.to_dict() for a in s.authors],
        "date": s.date,
        "not_before": s.not_before,
        "date_basis": s.date_basis.to_dict(),
    }


def source_payload(a: SourceAnswer) -> dict[str, Any]:
    sources = {a.source.id: a.source}
    return {
        "schema": SCHEMA_VERSION,
        "source": source_dict(a.source),
        "facts": [fact_dict(f, a.entities, sources) for f in a.facts],
        "observations": [
            observation_dict(
                r,
                a.metrics.get(r.observation.metric),
                a.entities.get(r.observation.subject),
                a.source,
            )
            for r in a.observations
        ],
    }


def key_payload(a: KeyAnswer) -> dict[str, Any]:
    """`qt show KEY` for a fact or an observation: {schema, fact} or {schema, observation}."""
    if a.fact is not None:
        return {"schema": SCHEMA_VERSION, "fact": fact_dict(a.fact, a.entities, a.sources)}
    assert a.row is not None
    o = a.row.observation
    record = observation_dict(
        a.row, a.metrics.get(o.metric), a.entities.get(o.subject), a.sources.get(o.source)
    )
    return {"schema": SCHEMA_VERSION, "observation": record}


def listed_entity(e: Entity, names: dict[str, Entity]) -> dict[str, Any]:
    return {
        **(entity_ref(e) or {}),
        "park": entity_ref(names.get(e.park), e.park) if e.park else None,
        "region": entity_ref(names.get(e.region), e.region) if e.region else None,
        "sector": e.sector.to_dict() if e.sector else None,
        "type": e.type or e.level,
    }


def list_payload(a: ListAnswer) -> dict[str, Any]:
    rows: list[dict[str, Any]]
    if a.kind == "metrics":
        rows = [metric_dict(m) for m in a.metrics]
    elif a.kind == "sources":
        rows = [source_dict(s) for s in a.sources]
    else:
        rows = [listed_entity(e, a.names) for e in a.entities]
    return {
        "schema": SCHEMA_VERSION,
        "kind": a.kind,
        "filters": {"within": entity_ref(a.place), "sector": a.sector},
        "results": rows,
    }


def error_payload(error: QtError, lang: str) -> dict[str, Any]:
    """The JSON of an error; with the query it answers, as a stdin batch line writes it too.
    `message` is the sentence stderr shows (in `lang`); `text` holds it in both languages."""
    out: dict[str, Any] = {"schema": SCHEMA_VERSION}
    if error.query is not None:
        out["query"] = error.query
    out["error"] = {
        "message": error.text(lang).replace("\n", " "),
        "text": both(error.zh, error.en),
        "exit_code": int(error.exit_code),
        "candidates": list(error.candidates),
    }
    return out


def ask_answer_dict(a: Answer) -> dict[str, Any]:
    """One answer to a question: its sentence, and the figure, fact or name it rests on,
    each built by the same function as everywhere else (a misprint shows here too)."""
    out: dict[str, Any] = {"sentence": both(a.sentence_zh, a.sentence_en)}
    if a.row is not None:
        out.update(kind="figure", **observation_dict(a.row, a.metric, a.subject, a.source))
    elif a.fact is not None:
        entities = {e.id: e for e in (a.subject, a.entity) if e is not None}
        out.update(kind="fact", **fact_dict(a.fact, entities, {a.source.id: a.source}))
    else:
        out.update(source=source_ref(a.source, a.source.id), quote=a.quote)
    if a.entity is not None:
        out.update(kind="name", entity=entity_ref(a.entity))
    return out


def ask_payload(r: AskResult) -> dict[str, Any]:
    reading = r.reading
    return {
        "schema": SCHEMA_VERSION,
        "question": r.question,
        "reading": {
            "lang": reading.lang,
            "asks_for": reading.kind,
            "subject": entity_ref(reading.subject),
            "mentions": [entity_ref(e) for e in reading.mentions],
            "metric": {"id": reading.metric.id, "name": reading.metric.name.to_dict()}
            if reading.metric
            else None,
            "year": reading.year,
            "period": reading.period,
            "period_label": both(
                when_text(reading.year, reading.period, "actual", "zh"),
                when_text(reading.year, reading.period, "actual", "en"),
            )
            if reading.year
            else None,
        },
        "answer": ask_answer_dict(r.answer) if r.answer else None,
        "alternatives": [ask_answer_dict(a) for a in r.alternatives],
        "refusal": r.refusal,
        "nearest": list(r.nearest),
        "refusal_text": both(r.refusal_text.zh, r.refusal_text.en) if r.refusal_text else None,
        "nearest_text": [both(n.zh, n.en) for n in r.nearest_text],
    }
