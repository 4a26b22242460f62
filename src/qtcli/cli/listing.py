"""`qt list`: browse companies, parks, regions, organisations, metrics and sources."""

from __future__ import annotations

from typing import Any

from qtcli.find.query import list_entities
from qtcli.index.store import Store
from qtcli.present.i18n import entity_class, label, labels, lang_of, name_text, term
from qtcli.present.payload import entity_ref, list_payload, metric_dict, source_dict
from qtcli.present.view import Block, Table
from qtcli.present.wording import unit_text

KINDS = {"companies": "company", "parks": "park", "regions": "region", "orgs": "org"}


def listing(
    store: Store, kind: str, within: str | None, mode: str
) -> tuple[dict[str, Any], list[Block]]:
    """The JSON payload and the table for one `qt list` call."""
    lang = lang_of(mode)
    if kind in KINDS:
        rows, place = list_entities(store, KINDS[kind], within)
        names = store.entities({x for e in rows for x in (e.park, e.region) if x})
        results = [
            {
                **(entity_ref(e) or {}),
                "park": entity_ref(names.get(e.park), e.park) if e.park else None,
                "region": entity_ref(names.get(e.region), e.region) if e.region else None,
                "sector": e.sector.to_dict() if e.sector else None,
                "type": e.type or e.level,
            }
            for e in rows
        ]
        table_rows = [
            [
                e.id,
                name_text(e.name, mode),
                name_text(names[e.park].name, mode) if e.park in names else "",
                name_text(names[e.region].name, mode) if e.region in names else "",
                name_text(e.sector, mode)
                if e.sector
                else entity_class(e.kind, e.level, e.type, lang),
            ]
            for e in rows
        ]
        last = {"companies": "sector", "regions": "level"}.get(kind, "type")
        columns = labels(lang, "id", "name", "park", "region", last)
        return list_payload(kind, results, place), [
            Table(f"{label(kind, lang)} ({len(rows)})", columns, table_rows)
        ]
    if within:
        from qtcli.errors import UsageError

        raise UsageError(f"--park and --region do not apply to {kind}")
    if kind == "metrics":
        metrics = store.metrics()
        results = [metric_dict(m) for m in metrics.values()]
        table_rows = [
            [
                m.id,
                name_text(m.name, mode),
                unit_text(m.unit, lang, m.kind),
                term("metric_kind", m.kind, lang),
            ]
            for m in metrics.values()
        ]
        columns = labels(lang, "id", "name", "unit", "kind")
        return list_payload(kind, results, None), [
            Table(f"{label(kind, lang)} ({len(results)})", columns, table_rows)
        ]
    sources = store.sources()
    results = [source_dict(s) for s in sources.values()]
    table_rows = [[s.id, s.date, s.file, name_text(s.title, mode)] for s in sources.values()]
    columns = labels(lang, "id", "date", "file", "title")
    return list_payload(kind, results, None), [
        Table(f"{label(kind, lang)} ({len(results)})", columns, table_rows)
    ]
