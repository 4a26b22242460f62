"""Model objects to plain dicts and back, for the index's stored documents.

The index stores each record as JSON (not pickle: a cache file is untrusted
input and may be garbage). Dicts leave out empty optional fields to keep the
index small; `*_from_dict` restore the defaults.
"""

from __future__ import annotations

from typing import Any

from qtcli.factbase.model import (
    Entity,
    Fact,
    LexiconEntry,
    Metric,
    Name,
    Observation,
    Related,
    Source,
    Text,
)
from qtcli.records import fields, is_record


def to_dict(obj: Any) -> Any:
    """A record as a dict without None, empty tuples or False flags; recursive."""
    if is_record(obj):
        out: dict[str, Any] = {}
        for name in fields(obj):
            value = getattr(obj, name)
            if value is None or value == () or value is False or value == "":
                if not (name == "unit" and value == ""):
                    continue
            out[name] = to_dict(value)
        return out
    if isinstance(obj, tuple):
        return [to_dict(v) for v in obj]
    return obj


def text_from_dict(d: dict[str, str] | None) -> Text | None:
    return Text(d["zh"], d["en"]) if d else None


def name_from_dict(d: dict[str, str]) -> Name:
    return Name(d["zh"], d["en"], d.get("en_source", "established"))


def entity_from_dict(d: dict[str, Any]) -> Entity:
    return Entity(
        kind=d["kind"],
        id=d["id"],
        name=name_from_dict(d["name"]),
        source=d["source"],
        quote=d["quote"],
        aliases=tuple(d.get("aliases", ())),
        note=text_from_dict(d.get("note")),
        level=d.get("level"),
        type=d.get("type"),
        region=d.get("region"),
        region_note=text_from_dict(d.get("region_note")),
        park=d.get("park"),
        parent=d.get("parent"),
        sector=text_from_dict(d.get("sector")),
        focus=tuple(Text(t["zh"], t["en"]) for t in d.get("focus", ())),
        related=tuple(Related(r["id"], r["relation"]) for r in d.get("related", ())),
        origin=d.get("origin", ""),
    )


def metric_from_dict(d: dict[str, Any]) -> Metric:
    return Metric(
        id=d["id"],
        name=Text(d["name"]["zh"], d["name"]["en"]),
        unit=d.get("unit", ""),
        kind=d["kind"],
        definition=Text(d["definition"]["zh"], d["definition"]["en"]),
        aliases=tuple(d.get("aliases", ())),
        noun=d.get("noun"),
        of=d.get("of"),
        base=d.get("base"),
        scope=d.get("scope"),
        per=d.get("per"),
        among=d.get("among"),
        tier=d.get("tier"),
        role=d.get("role"),
        origin=d.get("origin", ""),
    )


def source_from_dict(d: dict[str, Any]) -> Source:
    return Source(
        id=d["id"],
        file=d["file"],
        sha256=d["sha256"],
        title=Text(d["title"]["zh"], d["title"]["en"]),
        authors=tuple(name_from_dict(a) for a in d.get("authors", ())),
        date=d["date"],
        date_basis=Text(d["date_basis"]["zh"], d["date_basis"]["en"]),
        kicker=text_from_dict(d.get("kicker")),
        not_before=d.get("not_before"),
        note=text_from_dict(d.get("note")),
        origin=d.get("origin", ""),
    )


def observation_from_dict(d: dict[str, Any]) -> Observation:
    return Observation(
        key=d["key"],
        metric=d["metric"],
        subject=d["subject"],
        value=d["value"],
        unit=d.get("unit", ""),
        source=d["source"],
        quote=d["quote"],
        qualifier=d.get("qualifier", "exact"),
        year=d.get("year"),
        period=d.get("period"),
        status=d.get("status", "actual"),
        printed=d.get("printed"),
        misprint=d.get("misprint", False),
        reading=d.get("reading"),
        also_quoted=tuple(d.get("also_quoted", ())),
        note=text_from_dict(d.get("note")),
        as_of=d.get("as_of"),
        origin=d.get("origin", ""),
    )


def fact_from_dict(d: dict[str, Any]) -> Fact:
    return Fact(
        key=d["key"],
        subject=d["subject"],
        text=Text(d["text"]["zh"], d["text"]["en"]),
        source=d["source"],
        quote=d["quote"],
        about=tuple(d.get("about", ())),
        topic=d.get("topic"),
        year=d.get("year"),
        date=d.get("date"),
        period=d.get("period"),
        also_quoted=tuple(d.get("also_quoted", ())),
        note=text_from_dict(d.get("note")),
        origin=d.get("origin", ""),
    )


def lexicon_entry_from_dict(d: dict[str, Any]) -> LexiconEntry:
    """A lexicon entry as `to_dict` wrote it (its origin left out unless kept)."""
    return LexiconEntry(
        d["kind"],
        d["name"],
        tuple(d["phrases"]),
        d.get("event", False),
        tuple(d.get("loose", ())),
        d.get("origin", ""),
        tuple(d.get("units", ())),
        tuple(d.get("says", ())),
        d.get("scene", False),
    )
