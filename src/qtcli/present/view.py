"""Answers laid out for people: a list of neutral blocks (heading, fields, table, note).

Both the plain-text renderer (pipes, NO_COLOR) and the terminal renderer
(render_term: a screen's width, colour) draw these same blocks, so they never
disagree on content; only render_term imports Rich (its cell widths).
"""

from __future__ import annotations

from typing import Any

from qtcli.factbase.model import Entity, Fact, Metric, Name, Source, Text
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
from qtcli.present.i18n import (
    entity_class,
    how_text,
    label,
    labels,
    lang_of,
    name_text,
    term,
    text_of,
)
from qtcli.present.payload import quantity
from qtcli.present.wording import as_of_text, fact_when, unit_text, value_text, when_text
from qtcli.records import record


@record
class Heading:
    text: str
    sub: str = ""


@record
class Fields:
    rows: list[tuple[str, str]]


@record
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    warn_rows: frozenset[int] = frozenset()  # rows to highlight (conflicts)
    bar_column: int | None = None  # a column holding bar lengths in [0, 1] as text
    # Columns of running text (names, facts, quotes, notes), which may fold; the others
    # hold values, dates, ids and sources, which a reader scans and which keep their width.
    prose: frozenset[int] = frozenset()


@record
class Note:
    text: str
    warn: bool = False


Block = Heading | Fields | Table | Note


def _name(e: Entity | None, id: str | None, mode: str) -> str:
    if e is None:
        return id or ""
    return name_text(e.name, mode)


def _source_cell(source_id: str, sources: dict[str, Source], mode: str) -> str:
    s = sources.get(source_id)
    if s is None:
        return source_id
    return f"{source_id} ({s.date})"


def _note(note: Text | None, mode: str) -> str:
    """A note in the display language ('both' shows the Chinese, like a fact text)."""
    return text_of(note, mode) if note else ""


def _matched(m: Match, lang: str) -> str:
    return (
        f"{label('matched', lang)}: {how_text(m.how, lang)} “{m.text}” ({min(100.0, m.score):.0f})"
    )


def _kind_word(kind: str, lang: str) -> str:
    return label(kind, lang)


def facts_table(facts: list[Fact], sources: dict[str, Source], mode: str) -> Table:
    lang = lang_of(mode)
    rows = [
        [
            fact_when(f.date, f.year, f.period, lang) or "—",
            text_of(f.text, mode),
            _source_cell(f.source, sources, mode),
            f"“{f.quote}”",
        ]
        for f in facts
    ]
    columns = labels(lang, "when", "fact", "source", "quote")
    return Table(f"{label('facts', lang)} ({len(facts)})", columns, rows, prose=frozenset({1, 3}))


def observation_cells(row: ObservationRow, metric: Metric | None, lang: str) -> tuple[str, str]:
    o = row.observation
    value = value_text(quantity(row, metric), lang)
    if row.conflict:
        value = f"{value}\n{label('conflict', lang)}"  # the mark on a line of its own
    when = when_text(o.year, o.period, o.status, lang) or label("undated", lang)
    if o.as_of:
        when = f"{when} ({as_of_text(o.as_of, lang)})"
    return when, value


def observations_table(
    rows: list[ObservationRow],
    metrics: dict[str, Metric],
    entities: dict[str, Entity],
    sources: dict[str, Source],
    mode: str,
    by: str,
    bars: list[float] | None = None,
) -> Table:
    """by='metric' for an entity's figures, by='subject' for a metric's series."""
    lang = lang_of(mode)
    out: list[list[str]] = []
    warn: set[int] = set()
    for n, row in enumerate(rows):
        o = row.observation
        metric = metrics.get(o.metric)
        when, value = observation_cells(row, metric, lang)
        first = (
            name_text(metric.name, mode)
            if by == "metric" and metric
            else _name(entities.get(o.subject), o.subject, mode)
        )
        cells = [first, when, value]
        if bars is not None:
            cells.append(f"{bars[n]:.4f}")
        cells += [_source_cell(o.source, sources, mode), f"“{o.quote}”", _note(o.note, mode)]
        out.append(cells)
        if row.conflict:
            warn.add(n)
    first_label = label("metric", lang) if by == "metric" else label("subject", lang)
    columns = [first_label, label("when", lang), label("value", lang)]
    if bars is not None:
        columns.append(label("bar", lang))
    columns += labels(lang, "source", "quote", "note")
    return Table(
        f"{label('observations', lang)} ({len(rows)})",
        columns,
        out,
        warn_rows=frozenset(warn),
        bar_column=3 if bars is not None else None,
        prose=frozenset({0, len(columns) - 2, len(columns) - 1}),
    )


def _other_matches(
    matches: list[Match], records: dict[str, Entity] | dict[str, Metric], mode: str
) -> list[Block]:
    if not matches:
        return []
    lang = lang_of(mode)
    names = []
    for m in matches:
        record = records.get(m.id)
        shown = name_text(record.name, mode) if record is not None else m.text
        names.append(f"{shown} [{m.id}, {min(100.0, m.score):.0f}]")
    return [Note(f"{label('other_matches', lang)}: " + "; ".join(names))]


def entity_view(
    a: EntityAnswer,
    mode: str,
    section: str | None = None,
    limit: int | None = None,
    again: str = "qt",
) -> list[Block]:
    """A profile; only `section` (facts, figures or members) if given, at most `limit` rows
    of each, with "… N more: {again} --section facts" where rows were left out."""
    lang = lang_of(mode)
    e = a.entity
    blocks: list[Block] = [
        Heading(f"{name_text(e.name, mode)}  [{_kind_word(e.kind, lang)}]", _matched(a.match, lang))
    ]
    fields: list[tuple[str, str]] = [(label("id", lang), e.id)]
    if mode != "zh" and e.name.en_source in ("pinyin", "translated"):
        fields.append((label("en_name", lang), f"{e.name.en} ({label(e.name.en_source, lang)})"))
    if e.aliases:
        fields.append((label("aliases", lang), ", ".join(e.aliases)))
    if e.level or e.type:
        shown = entity_class(e.kind, e.level, e.type, lang)
        fields.append((label("level" if e.level else "type", lang), shown))
    if e.sector:
        fields.append((label("sector", lang), name_text(e.sector, mode)))
    if e.focus:
        fields.append((label("focus", lang), ", ".join(name_text(t, mode) for t in e.focus)))
    if a.chain:
        fields.append(
            (label("located", lang), " › ".join(name_text(x.name, mode) for x in a.chain))
        )
    if e.region_note:
        fields.append(("", _note(e.region_note, mode)))
    for rel in e.related:
        fields.append(
            (
                label("related", lang),
                f"{_name(a.entities.get(rel.id), rel.id, mode)}: {rel.relation}",
            )
        )
    if e.note:
        fields.append((label("note", lang), _note(e.note, mode)))
    fields.append((label("source", lang), f"{_source_cell(e.source, a.sources, mode)} “{e.quote}”"))
    if section is None:
        blocks.append(Fields(fields))
    for name, table in _sections(a, mode):
        if section in (None, name) and (table.rows or section):
            blocks += _first_rows(table, limit, f"{again} --section {name}", lang)
    blocks += _other_matches(a.other_matches, a.entities, mode)
    return blocks


def _sections(a: EntityAnswer, mode: str) -> list[tuple[str, Table]]:
    """A profile's sections by their --section names: facts, figures, members."""
    lang = lang_of(mode)
    members = [
        [name_text(m.name, mode), _kind_word(m.kind, lang), m.id, term("relation", rel, lang)]
        for m, rel in a.members
    ]
    return [
        ("facts", facts_table(a.facts, a.sources, mode)),
        (
            "figures",
            observations_table(a.observations, a.metrics, a.entities, a.sources, mode, by="metric"),
        ),
        (
            "members",
            Table(
                f"{label('members', lang)} ({len(members)})",
                labels(lang, "name", "kind", "id", "relation"),
                members,
                prose=frozenset({0}),
            ),
        ),
    ]


def _first_rows(table: Table, limit: int | None, again: str, lang: str) -> list[Block]:
    """The table's first `limit` rows, and what to type to see the others."""
    if limit is None or len(table.rows) <= limit:
        return [table]
    first = Table(
        table.title,
        table.columns,
        table.rows[:limit],
        frozenset(n for n in table.warn_rows if n < limit),
        table.bar_column,
        table.prose,
    )
    more = len(table.rows) - limit
    if lang == "en":
        return [first, Note(f"… {more} more: {again}")]
    return [first, Note(f"… 另有 {more} 条:{again}")]


# Kinds of metric whose values are quantities counted up from zero, so that a bar twice as long
# means twice as much. Not ranks (No. 1 is the best and the shortest), nor growth, change or an
# index, which can be negative or have no zero.
BAR_KINDS = frozenset({"amount", "count", "area", "duration", "share", "ratio", "multiple"})


def series_bars(rows: list[ObservationRow], kind: str) -> list[float] | None:
    """Bar lengths for a time series of a quantity: only when every row shares one subject
    and unit and no value is negative."""
    if kind not in BAR_KINDS or len(rows) < 2:
        return None
    if len({(r.observation.subject, r.observation.unit) for r in rows}) != 1:
        return None
    values = [float(r.observation.value) for r in rows]
    if min(values) < 0 or max(values) == 0:
        return None
    return [v / max(values) for v in values]


def metric_view(
    a: MetricAnswer, others: dict[str, Metric], mode: str, bars: bool = False
) -> list[Block]:
    lang = lang_of(mode)
    m = a.metric
    blocks: list[Block] = [
        Heading(
            f"{name_text(m.name, mode)}  [{label('metric', lang)}: {m.id}]", _matched(a.match, lang)
        )
    ]
    fields = [
        (label("unit", lang), unit_text(m.unit, lang, m.kind)),
        (label("definition", lang), text_of(m.definition, mode)),
    ]
    if m.aliases:
        fields.append((label("aliases", lang), ", ".join(m.aliases)))
    filters = []
    if a.period is not None:
        filters.append(when_text(a.year, a.period, "actual", lang))
    elif a.year is not None:
        filters.append(f"{label('year', lang)} {a.year}")
    if a.place is not None:
        filters.append(f"{label('located', lang)} {name_text(a.place.name, mode)}")
    if filters:
        fields.append((label("filters", lang), ", ".join(filters)))
    blocks.append(Fields(fields))
    if a.year_fallback:
        blocks.append(Note(label("no_year_data", lang), warn=True))
    metrics = {m.id: m}
    bar_values = series_bars(a.observations, m.kind) if bars else None
    blocks.append(
        observations_table(
            a.observations, metrics, a.entities, a.sources, mode, by="subject", bars=bar_values
        )
    )
    if any(r.conflict for r in a.observations):
        blocks.append(Note(_conflict_note(lang), warn=True))
    blocks += _other_matches(a.other_matches, others, mode)
    return blocks


def _conflict_note(lang: str) -> str:
    if lang == "en":
        return (
            "⚠ Sources disagree on rows marked so; all are shown, each with its source and quote."
        )
    return "⚠ 标记的数据各来源说法不一,均予列出,并注明出处与原文。"


def search_view(query: str, hits: list[SearchHit], mode: str) -> list[Block]:
    lang = lang_of(mode)
    rows = [
        [
            _kind_word(h.kind, lang),
            name_text(Text(*h.name), mode),
            h.id,
            f"{h.score:.0f}",
            how_text(h.how, lang),
        ]
        for h in hits
    ]
    columns = labels(lang, "kind", "name", "id", "score", "how")
    return [
        Heading(f"{label('results', lang)}: “{query}”"),
        Table(f"{label('results', lang)} ({len(rows)})", columns, rows, prose=frozenset({1, 4})),
    ]


def source_view(a: SourceAnswer, mode: str) -> list[Block]:
    lang = lang_of(mode)
    s = a.source
    authors = ", ".join(name_text(Name(x.zh, x.en, x.en_source), mode) for x in s.authors)
    fields = [
        (label("id", lang), s.id),
        (
            label("title", lang),
            text_of(s.title, mode) if mode != "both" else f"{s.title.zh}\n{s.title.en}",
        ),
        (label("authors", lang), authors),
        (label("date", lang), s.date + (f" (≥ {s.not_before})" if s.not_before else "")),
        (label("date_basis", lang), _note(s.date_basis, mode)),
        (label("file", lang), s.file),
        (label("sha256", lang), s.sha256),
    ]
    blocks: list[Block] = [Heading(text_of(s.title, mode), s.id), Fields(fields)]
    sources = {s.id: s}
    if a.facts:
        blocks.append(facts_table(a.facts, sources, mode))
    if a.observations:
        table = observations_table(
            a.observations, a.metrics, a.entities, sources, mode, by="subject"
        )
        for cells, row in zip(table.rows, a.observations, strict=True):
            metric = a.metrics.get(row.observation.metric)
            cells[0] = (
                f"{cells[0]} · {name_text(metric.name, mode) if metric else row.observation.metric}"
            )
        blocks.append(table)
    return blocks


def key_view(a: KeyAnswer, mode: str) -> list[Block]:
    """`qt show KEY` for a fact or an observation: one record, every field labelled."""
    lang = lang_of(mode)
    if a.fact is not None:
        f = a.fact
        about = ", ".join(_name(a.entities.get(x), x, mode) for x in f.about)
        fields = [
            (label("subject", lang), _name(a.entities.get(f.subject), f.subject, mode)),
            (label("related", lang), about),
            (label("when", lang), fact_when(f.date, f.year, f.period, lang) or "—"),
            (label("fact", lang), text_of(f.text, mode)),
        ]
        source, quote, note, kind = f.source, f.quote, f.note, "fact"
    else:
        assert a.row is not None
        o = a.row.observation
        metric = a.metrics.get(o.metric)
        when, value = observation_cells(a.row, metric, lang)
        fields = [
            (label("subject", lang), _name(a.entities.get(o.subject), o.subject, mode)),
            (label("metric", lang), name_text(metric.name, mode) if metric else o.metric),
            (label("when", lang), when),
            (label("value", lang), value),
        ]
        source, quote, note, kind = o.source, o.quote, o.note, "observation"
    fields += [
        (label("source", lang), _source_cell(source, a.sources, mode)),
        (label("quote", lang), f"“{quote}”"),
        (label("note", lang), _note(note, mode)),
    ]
    heading = Heading(f"{label(kind, lang)} {a.key}")
    return [heading, Fields([(k, v) for k, v in fields if v])]


def list_view(a: ListAnswer, mode: str) -> list[Block]:
    lang = lang_of(mode)
    if a.kind == "metrics":
        rows = [
            [
                m.id,
                name_text(m.name, mode),
                unit_text(m.unit, lang, m.kind),
                term("metric_kind", m.kind, lang),
            ]
            for m in a.metrics
        ]
        columns = labels(lang, "id", "name", "unit", "kind")
        prose = frozenset({1})
    elif a.kind == "sources":
        rows = [[s.id, s.date, s.file, name_text(s.title, mode)] for s in a.sources]
        columns = labels(lang, "id", "date", "file", "title")
        prose = frozenset({3})
    else:
        rows = [
            [
                e.id,
                name_text(e.name, mode),
                name_text(a.names[e.park].name, mode) if e.park in a.names else "",
                name_text(a.names[e.region].name, mode) if e.region in a.names else "",
                name_text(e.sector, mode)
                if e.sector
                else entity_class(e.kind, e.level, e.type, lang),
            ]
            for e in a.entities
        ]
        last = {"companies": "sector", "regions": "level"}.get(a.kind, "type")
        columns = labels(lang, "id", "name", "park", "region", last)
        prose = frozenset({1, 2, 3, 4})
    return [Table(f"{label(a.kind, lang)} ({len(rows)})", columns, rows, prose=prose)]


def references_blocks(refs: list[dict[str, str]], mode: str) -> list[Block]:
    """The formatted references --cite asked for."""
    title = "References" if mode == "en" else "参考文献"
    return [Heading(title), Fields([(r["source"], r["text"]) for r in refs])]


def ask_view(result: Any, lang: str) -> list[Block]:
    """An answer to a question: the sentence to paste, what it was read as, and the quote."""
    answer = result.answer
    sentence = answer.sentence_en if lang == "en" else answer.sentence_zh
    reading = result.reading
    read: list[str] = []
    if reading.subject is not None:
        read.append(name_text(reading.subject.name, lang))
    if reading.metric is not None:
        read.append(name_text(reading.metric.name, lang))
    if reading.year is not None:
        read.append(when_text(reading.year, reading.period, "actual", lang))
    fields = [
        (label("understood", lang), " · ".join(read) or "—"),
        (label("quote", lang), f"“{answer.quote}”"),
        (
            label("source", lang),
            f"{answer.source.id} ({answer.source.date}) {text_of(answer.source.title, lang)}",
        ),
    ]
    blocks: list[Block] = [Heading(sentence), Fields(fields)]
    if answer.row is not None and answer.row.conflict:
        blocks.append(Note(_conflict_note(lang), warn=True))
    if result.alternatives:
        rows = [
            [a.sentence_en if lang == "en" else a.sentence_zh, a.source.id, f"“{a.quote}”"]
            for a in result.alternatives
        ]
        columns = labels(lang, "alternatives", "source", "quote")
        title = f"{label('alternatives', lang)} ({len(rows)})"
        blocks.append(Table(title, columns, rows, prose=frozenset({0, 2})))
    return blocks
