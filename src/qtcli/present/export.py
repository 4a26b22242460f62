"""`qt export`: the fact base as tidy tables for pandas, spreadsheets and Datasette.

Five tables, one row per record: observations (with subject, metric, year,
period, value, unit, qualifier, source, quote and whether it conflicts),
entities, facts, metrics and sources. CSV and JSON Lines write one file per
table into a directory; SQLite writes one database with the same tables plus a
full-text index over names and fact texts. The index uses SQLite's trigram
tokenizer, which finds Chinese by substring (three characters or more), where a
word tokenizer would see a whole Chinese sentence as one word.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qtcli.errors import UsageError
from qtcli.factbase.conflicts import find_conflicts
from qtcli.factbase.model import FactBase

FORMATS = ("csv", "jsonl", "sqlite")


def _join(values: Any) -> str:
    return "; ".join(values) if values else ""


def tables(fb: FactBase) -> dict[str, list[dict[str, Any]]]:
    """Each table as a list of flat rows (no nested values), in a stable order."""
    conflicts = find_conflicts(fb.observations)
    observations = []
    for o in fb.observations:
        metric = fb.metrics.get(o.metric)
        subject = fb.entities.get(o.subject)
        observations.append(
            {
                "key": o.key,
                "metric_id": o.metric,
                "metric_zh": metric.name.zh if metric else "",
                "metric_en": metric.name.en if metric else "",
                "subject_id": o.subject,
                "subject_kind": subject.kind if subject else "",
                "subject_zh": subject.name.zh if subject else "",
                "subject_en": subject.name.en if subject else "",
                "year": o.year,
                "period": o.period,
                "status": o.status,
                "value": o.value,
                "unit": o.unit,
                "qualifier": o.qualifier,
                "printed": o.printed,
                "misprint": o.misprint,
                "conflict": o.key in conflicts,
                "source_id": o.source,
                "quote": o.quote,
                "note_zh": o.note.zh if o.note else None,
                "note_en": o.note.en if o.note else None,
            }
        )
    entities = [
        {
            "id": e.id,
            "kind": e.kind,
            "name_zh": e.name.zh,
            "name_en": e.name.en,
            "en_source": e.name.en_source,
            "aliases": _join(e.aliases),
            "level_or_type": e.level or e.type,
            "sector_zh": e.sector.zh if e.sector else None,
            "sector_en": e.sector.en if e.sector else None,
            "focus_zh": _join([t.zh for t in e.focus]),
            "focus_en": _join([t.en for t in e.focus]),
            "park_id": e.park,
            "region_id": e.region,
            "parent_id": e.parent,
            "source_id": e.source,
            "quote": e.quote,
            "note_zh": e.note.zh if e.note else None,
            "note_en": e.note.en if e.note else None,
        }
        for e in fb.entities.values()
    ]
    facts = [
        {
            "key": f.key,
            "subject_id": f.subject,
            "about": _join(f.about),
            "topic": f.topic,
            "text_zh": f.text.zh,
            "text_en": f.text.en,
            "year": f.year,
            "date": f.date,
            "period": f.period,
            "source_id": f.source,
            "quote": f.quote,
            "note_zh": f.note.zh if f.note else None,
            "note_en": f.note.en if f.note else None,
        }
        for f in fb.facts
    ]
    metrics = [
        {
            "id": m.id,
            "name_zh": m.name.zh,
            "name_en": m.name.en,
            "unit": m.unit,
            "kind": m.kind,
            "aliases": _join(m.aliases),
            "definition_zh": m.definition.zh,
            "definition_en": m.definition.en,
        }
        for m in fb.metrics.values()
    ]
    sources = [
        {
            "id": s.id,
            "file": s.file,
            "sha256": s.sha256,
            "title_zh": s.title.zh,
            "title_en": s.title.en,
            "authors_zh": _join([a.zh for a in s.authors]),
            "authors_en": _join([a.en for a in s.authors]),
            "date": s.date,
            "not_before": s.not_before,
            "date_basis_zh": s.date_basis.zh,
            "date_basis_en": s.date_basis.en,
        }
        for s in fb.sources.values()
    ]
    return {
        "observations": observations,
        "entities": entities,
        "facts": facts,
        "metrics": metrics,
        "sources": sources,
    }


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(rows[0]) if rows else []


def write_csv(data: dict[str, list[dict[str, Any]]], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in data.items():
        path = out / f"{name}.csv"
        with _atomic(path, newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=_columns(rows))
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def write_jsonl(data: dict[str, list[dict[str, Any]]], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in data.items():
        path = out / f"{name}.jsonl"
        with _atomic(path) as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def write_sqlite(data: dict[str, list[dict[str, Any]]], out: Path) -> list[Path]:
    temp = out.with_name(out.name + ".tmp")
    if temp.exists():
        temp.unlink()
    conn = sqlite3.connect(temp)
    try:
        for name, rows in data.items():
            columns = _columns(rows)
            conn.execute(f"CREATE TABLE {name} ({', '.join(_quote(c) for c in columns)})")
            marks = ", ".join("?" * len(columns))
            conn.executemany(
                f"INSERT INTO {name} VALUES ({marks})", ([row[c] for c in columns] for row in rows)
            )
        conn.execute(
            "CREATE VIRTUAL TABLE search USING fts5(kind, id, name_zh, name_en, text_zh, text_en, tokenize='trigram')"
        )
        conn.executemany("INSERT INTO search VALUES (?, ?, ?, ?, ?, ?)", _search_rows(data))
        conn.commit()
    finally:
        conn.close()
    os.replace(temp, out)
    return [out]


def _search_rows(data: dict[str, list[dict[str, Any]]]) -> Iterator[tuple[Any, ...]]:
    for e in data["entities"]:
        text_zh = _join([t for t in (e["aliases"], e["note_zh"]) if t])
        yield (e["kind"], e["id"], e["name_zh"], e["name_en"], text_zh, e["note_en"] or "")
    for m in data["metrics"]:
        yield (
            "metric",
            m["id"],
            m["name_zh"],
            m["name_en"],
            m["definition_zh"],
            m["definition_en"],
        )
    for f in data["facts"]:
        yield ("fact", f["key"], "", "", f["text_zh"], f["text_en"])


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


class _atomic:
    """Write a file under a temporary name and rename it into place when done."""

    def __init__(self, path: Path, newline: str | None = None) -> None:
        self.path = path
        self.temp = path.with_name(path.name + ".tmp")
        self.newline = newline

    def __enter__(self) -> Any:
        self.handle = self.temp.open("w", encoding="utf-8", newline=self.newline)
        return self.handle

    def __exit__(self, kind: object, *rest: object) -> None:
        self.handle.close()
        if kind is None:
            os.replace(self.temp, self.path)
        else:
            self.temp.unlink(missing_ok=True)


def export(fb: FactBase, fmt: str, out: Path) -> list[Path]:
    """Write the fact base as `fmt` to `out` (a directory for csv/jsonl, a file for sqlite)."""
    if fmt not in FORMATS:
        raise UsageError(f"--format is '{fmt}'; use one of {', '.join(FORMATS)}")
    data = tables(fb)
    try:
        if fmt == "csv":
            return write_csv(data, out)
        if fmt == "jsonl":
            return write_jsonl(data, out)
        if out.is_dir():
            raise UsageError(f"'{out}' is a directory; give a file name for the SQLite database")
        return write_sqlite(data, out)
    except OSError as exc:
        raise UsageError(f"cannot write '{out}': {exc.strerror or exc}") from exc
