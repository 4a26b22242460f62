"""Documents for retrieval: one bilingual document per metric and per fact, as lexicon terms.

A metric's document is what a question about it may say: its names and aliases
(both languages), its definition, and the words of the quotes its figures rest
on. Each is read with the lexicon (factbase/lexicon.py), so a document and a
question meet in the same terms: concepts shared by both languages (c_rd),
Chinese character pairs, English stems. SQLite's FTS5 ranks documents by BM25
over these terms; the reader also keeps, per metric, the terms of each name
(how much of a name a question covers) and the facets its names say (what a
question must ask for this metric to answer it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from qtcli.factbase.lexicon import Lexicon, Reading, measured_terms, read_text
from qtcli.factbase.model import Metric

SCHEMA = """
CREATE VIRTUAL TABLE metric_doc USING fts5(metric UNINDEXED, names, about, quotes,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'");
CREATE TABLE metric_reading (metric TEXT PRIMARY KEY, doc TEXT NOT NULL, made TEXT NOT NULL);
CREATE VIRTUAL TABLE fact_doc USING fts5(text, quotes,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'");
CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE fact_term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""
MAX_QUOTES = 40  # quotes read into one metric's document: enough for its words, bounded


def _join(readings: Iterable[Reading]) -> str:
    return " ".join(t for r in readings for t in r.terms)


def metric_reading(
    lexicon: Lexicon, m: Metric, quotes: list[str], base: Metric | None = None
) -> dict[str, Any]:
    """What the index keeps of a metric for reading questions (see find/metrics.py). A
    metric with a `base` (a rank, growth or change of another) is also named by the base's
    names, saying this metric's facets: 'rank of R&D spending as a share of GDP'."""
    names = [read_text(lexicon, n) for n in (m.name.zh, m.name.en, *m.aliases)]
    said: dict[str, set[str]] = {}
    for r in names[:2]:  # the names proper say the facets; aliases are ways of asking
        for dimension, values in r.facets.items():
            said.setdefault(dimension, set()).update(values)
    inherited = []
    if base is not None:
        inherited = [read_text(lexicon, n) for n in (base.name.zh, base.name.en, *base.aliases)]
    about = [read_text(lexicon, m.definition.zh), read_text(lexicon, m.definition.en)]
    quoted = [read_text(lexicon, q) for q in quotes[:MAX_QUOTES]]
    every = {t for r in (*names, *inherited, *about, *quoted) for t in r.terms}
    core = {t for r in (*names, *inherited, *about) for t in r.terms}
    own_facets = {d: sorted(v) for d, v in said.items()}
    # What a count counts: the head of each of its names and of its noun, read against a
    # 'how many'. A noun phrase ends in it (整车企业, 'vehicle makers'), but for what follows
    # an English head ('companies hosting PhDs' counts companies: see head_phrase). Two nouns
    # joined count both ('teachers and students').
    joined = [side for n in (m.name.en, *m.aliases, m.noun or "") for side in JOINED.split(n)[:-1]]
    named = [names[0], *_read(lexicon, [head_phrase(n) for n in (m.name.en, *m.aliases)])]
    heads = sorted(
        {
            r.terms[-1]
            for r in (*named, *_read(lexicon, [head_phrase(m.noun or ""), *joined]))
            if r.terms
        }
    )
    return {
        "names": [measured_terms(r) for r in (*names, *inherited)],
        "said": own_facets,
        # What each alias says too: a question asked in an alias's words ('R&D spending as
        # a share of GDP') asks what that alias says (a share); a base's name says what
        # this metric's names say (a rank).
        "name_facets": [{d: sorted(v) for d, v in r.facets.items()} for r in names]
        + [own_facets for _ in inherited],
        "terms": sorted(every),
        "core": sorted(core),
        "heads": heads if m.kind == "count" else [],
        # What the definition says it measures: a question in other words than the names'
        # ('spending on research as a share of GDP') may say what it says.
        "defined": [measured_terms(r) for r in about],
        "fts": (_join([*names, *inherited]), _join(about), _join(quoted)),
    }


JOINED = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
# What begins an English noun phrase's post-modifiers: a preposition, or a participle right
# after a plural noun ('PhDs placed in…', 'firms taking part'; not 'digital engineering…').
# 'of' is not one: in 'number of firms' what is counted comes after it.
POST_MODIFIER = re.compile(
    r"(?<=\w)\s+(?:in|for|with|at|on|from|by|into|under|above|below|across|through|per)\b"
    r"|(?<=[a-z][a-z]s)\s+[a-z]+(?:ing|ed)\b",
    re.IGNORECASE,
)


def head_phrase(name: str) -> str:
    """An English name up to what modifies its head after it: 'companies hosting PhDs' →
    'companies', 'clusters on the coordination-zone list' → 'clusters'. A Chinese name
    (its head is last) as it is."""
    if not name.isascii():
        return name
    cut = POST_MODIFIER.search(name)
    return name[: cut.start()] if cut else name


def _read(lexicon: Lexicon, texts: list[str]) -> list[Reading]:
    return [read_text(lexicon, t) for t in texts if t.strip()]


METRIC_TABLES = ("metric_doc", "metric_reading", "term_df")
FACT_TABLES = ("fact_doc", "fact_term_df")


def refresh(
    conn: sqlite3.Connection,
    lexicon: Lexicon,
    spans: list[tuple[int, int]] | None,
    metrics: set[str] | None = None,
    made: FactsApart | None = None,
    made_metrics: FactsApart | None = None,
) -> None:
    """Bring the documents of an index up to date from its tables: those of `metrics`, the
    metrics whose inputs may have changed, or of every metric when None (a few thousand at
    most, each with at most MAX_QUOTES quotes; one whose inputs are unchanged is kept as it
    was read; every metric's made apart when `made_metrics` is given), and the facts whose
    rows lie in `spans` (every fact when None: made apart, when `made` is given), their
    term counts adjusted."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fact_doc'").fetchone()
    if spans is None or not exists:
        spans = None
        for table in (*METRIC_TABLES, *FACT_TABLES):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.executescript(SCHEMA)
    if spans is None:
        _refresh_metrics(conn, lexicon, made=made_metrics)
    elif metrics is None or metrics:
        _refresh_metrics(conn, lexicon, metrics)
    # No spans: every fact; an empty list: none (files touched but unchanged).
    where = " OR ".join("{0} BETWEEN ? AND ?" for _ in spans or ()) or (
        "1" if spans is None else "0"
    )
    args = [bound for span in spans or () for bound in span]
    change: Counter[str] = Counter()  # each term's count of fact documents, as it changes
    touched = spans is None  # whether any fact's document went or came
    if spans:
        old = conn.execute(
            f"SELECT text, quotes FROM fact_doc WHERE {where.format('rowid')}", args
        ).fetchall()
        for text, quotes in old:
            change.subtract(set(f"{text} {quotes}".split()))
            touched = True
        conn.execute(f"DELETE FROM fact_doc WHERE {where.format('rowid')}", args)
    if made is None or spans is not None:
        rows = conn.execute(f"SELECT n, doc FROM fact WHERE {where.format('n')}", args)
        docs = fact_docs(lexicon, rows)
    else:
        docs = made.taken(lexicon)
    for n, text, quotes, terms in docs:
        change.update(terms)
        touched = True
        conn.execute(
            "INSERT INTO fact_doc (rowid, text, quotes) VALUES (?, ?, ?)", (n, text, quotes)
        )
    if touched:  # else the counts stand as they are (an edit of a file that holds no fact)
        fact_df: Counter[str] = Counter(
            dict(conn.execute("SELECT term, df FROM fact_term_df").fetchall()) if spans else {}
        )
        fact_df.update(change)
        conn.execute("DELETE FROM fact_term_df")
        conn.executemany(
            "INSERT INTO fact_term_df VALUES (?, ?)", ((t, c) for t, c in fact_df.items() if c > 0)
        )
    facts = conn.execute("SELECT count(*) FROM fact").fetchone()[0]
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('fact_documents', ?)", (str(facts),))


def fact_docs(
    lexicon: Lexicon, rows: Iterable[tuple[int, str]]
) -> Iterator[tuple[int, str, str, set[str]]]:
    """Each fact row's document: (n, the terms of its text, of its quotes, all its terms)."""
    from qtcli.factbase.codec import fact_from_dict

    for n, doc in rows:
        f = fact_from_dict(json.loads(doc))
        text = [read_text(lexicon, f.text.zh), read_text(lexicon, f.text.en)]
        quotes_read = [read_text(lexicon, q) for q in (f.quote, *f.also_quoted)]
        yield (
            n,
            _join(text),
            _join(quotes_read),
            {t for r in (*text, *quotes_read) for t in r.terms},
        )


PARALLEL_FACTS = 10_000  # facts from which a whole build reads their documents apart


class FactsApart:
    """The documents of every metric and every fact, read by a forked process while this one
    checks the records across files (crosscheck: a few seconds of SQL at 100,000 entities,
    as reading 40,000 facts' words is, and a thousand metrics' quotes): it writes them to an
    SQLite file of a folder of the build's own (mkdtemp: new, private), which
    `metrics_taken` and `taken` read back. If the process fails, they are read here."""

    def __init__(
        self,
        process: Any,
        folder: Any,
        path: str,
        rows: list[tuple[int, str]],
        inputs: list[MetricInput],
    ) -> None:
        self.process = process
        self.folder = folder
        self.path = path
        self.rows = rows
        self.inputs = inputs

    @classmethod
    def start(cls, conn: sqlite3.Connection, lexicon: Lexicon) -> FactsApart | None:
        """Every fact's document, read apart (for a large base: PARALLEL_FACTS)."""
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            return None
        rows = conn.execute("SELECT n, doc FROM fact").fetchall()
        if not rows or len(rows) < PARALLEL_FACTS:
            return None
        return cls._started(lexicon, rows, [])

    @classmethod
    def start_metrics(
        cls, conn: sqlite3.Connection, lexicon: Lexicon, facts: FactsApart | None
    ) -> FactsApart | None:
        """Every metric's document, read apart, when the facts' are (a large base)."""
        if facts is None:
            return None
        return cls._started(lexicon, [], metric_inputs(conn, lexicon))

    @classmethod
    def _started(
        cls, lexicon: Lexicon, rows: list[tuple[int, str]], inputs: list[MetricInput]
    ) -> FactsApart:
        import multiprocessing
        import tempfile

        folder = tempfile.TemporaryDirectory(prefix="qt-build-")
        context = multiprocessing.get_context("fork")
        path = os.path.join(folder.name, "documents.sqlite")
        process = context.Process(
            target=_facts_apart, args=(lexicon, rows, inputs, path), daemon=True
        )
        process.start()
        return cls(process, folder, path, rows, inputs)

    def metrics_taken(self, lexicon: Lexicon) -> tuple[set[str], list[MetricRow]]:
        """Every metric's id, and its document (metric_rows), as the process made them."""
        ids = {id for id, *_ in self.inputs}
        self.process.join()
        if self.process.exitcode != 0:
            return ids, metric_rows(lexicon, self.inputs)
        db = sqlite3.connect(self.path)
        try:
            held = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'm'").fetchone()
            found = db.execute("SELECT * FROM m ORDER BY rowid").fetchall() if held else []
        finally:
            db.close()
        rows = [
            (id, (names, about, quotes), reading, key, terms.split())
            for id, names, about, quotes, reading, key, terms in found
        ]
        return ids, rows

    def taken(self, lexicon: Lexicon) -> Iterator[tuple[int, str, str, set[str]]]:
        self.process.join()
        if self.process.exitcode != 0:
            yield from fact_docs(lexicon, self.rows)
            return
        db = sqlite3.connect(self.path)
        try:
            for n, text, quotes, terms in db.execute("SELECT * FROM d ORDER BY rowid"):
                yield n, text, quotes, set(terms.split())
        finally:
            db.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.folder.cleanup()


def _facts_apart(
    lexicon: Lexicon, rows: list[tuple[int, str]], inputs: list[MetricInput], path: str
) -> None:
    from qtcli.index.compile import scratch, write_rows

    db = scratch(path)
    try:
        made = metric_rows(lexicon, inputs)
        write_rows(db, "m", ((id, *fts, r, key, " ".join(t)) for id, fts, r, key, t in made))
        docs = fact_docs(lexicon, rows)
        write_rows(db, "d", ((n, t, q, " ".join(sorted(ts))) for n, t, q, ts in docs))
        db.commit()
    finally:
        db.close()


MetricInput = tuple[str, str, str, list[str], str]  # id, record, base's record, quotes, key
MetricRow = tuple[str, tuple[str, str, str], str, str, list[str]]  # id, fts, reading, key, terms


def _refresh_metrics(
    conn: sqlite3.Connection,
    lexicon: Lexicon,
    only: set[str] | None = None,
    made: FactsApart | None = None,
) -> None:
    """The documents of the metrics `only` names (every metric's when None: read apart by
    `made`, when given), and the term counts over all of them (see refresh)."""
    if only is None:
        kept = dict(conn.execute("SELECT metric, made FROM metric_reading").fetchall())
    else:
        kept = {
            id: key
            for id in only
            for (key,) in conn.execute("SELECT made FROM metric_reading WHERE metric = ?", (id,))
        }
    if made is not None and only is None:
        ids, rows = made.metrics_taken(lexicon)
    else:
        inputs = metric_inputs(conn, lexicon, only)
        ids = {id for id, *_ in inputs}
        rows = metric_rows(lexicon, [i for i in inputs if kept.get(i[0]) != i[4]])
    df_change: Counter[str] = Counter()
    for id, fts, reading, key, terms in rows:
        if only is not None:
            df_change.subtract(_terms(conn, id))
        conn.execute("DELETE FROM metric_doc WHERE metric = ?", (id,))
        conn.execute("INSERT INTO metric_doc VALUES (?, ?, ?, ?)", (id, *fts))
        conn.execute("INSERT OR REPLACE INTO metric_reading VALUES (?, ?, ?)", (id, reading, key))
        df_change.update(terms)
    if only is not None:
        # Metrics only read again: the others' terms are counted as they were.
        for term, change in df_change.items():
            if change:
                conn.execute(
                    "INSERT INTO term_df VALUES (?, ?) ON CONFLICT (term) DO UPDATE "
                    "SET df = df + excluded.df",
                    (term, change),
                )
        conn.execute("DELETE FROM term_df WHERE df <= 0")
        return
    for gone in kept.keys() - ids:
        conn.execute("DELETE FROM metric_doc WHERE metric = ?", (gone,))
        conn.execute("DELETE FROM metric_reading WHERE metric = ?", (gone,))
    df: Counter[str] = Counter()
    for (doc,) in conn.execute("SELECT doc FROM metric_reading"):
        df.update(json.loads(doc)["terms"])
    conn.execute("DELETE FROM term_df")
    conn.executemany("INSERT INTO term_df VALUES (?, ?)", df.items())
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('metric_documents', ?)", (str(len(ids)),))


def metric_inputs(
    conn: sqlite3.Connection, lexicon: Lexicon, only: set[str] | None = None
) -> list[MetricInput]:
    """What each metric's document is made of (of `only`, or of every metric): the lexicon,
    its record, its base's, its quotes; and a key of them all, so that one whose inputs are
    unchanged is kept as it was read."""

    def first(id: str) -> str | None:
        row = conn.execute("SELECT doc FROM metric WHERE id = ? ORDER BY n LIMIT 1", (id,))
        found = row.fetchone()
        return found[0] if found else None

    if only is None:
        rows = [doc for (doc,) in conn.execute("SELECT doc FROM metric ORDER BY n")]
    else:
        rows = [doc for doc in map(first, sorted(only)) if doc is not None]
    raw: dict[str, str] = {}
    bases: dict[str, str | None] = {}
    for doc in rows:
        found = json.loads(doc)
        if found["id"] not in raw:
            raw[found["id"]], bases[found["id"]] = doc, found.get("base")
    lexicon_made = hashlib.sha256(lexicon.to_json().encode()).hexdigest()
    out: list[MetricInput] = []
    for id, doc in raw.items():
        quotes = [
            q
            for (q,) in conn.execute(
                "SELECT json_extract(doc, '$.quote') FROM observation WHERE metric = ? "
                "ORDER BY n LIMIT ?",
                (id, MAX_QUOTES),
            )
            if q
        ]
        # A base is read with the metrics, or on its own when only some are read again.
        base = bases[id]
        base_raw = (raw.get(base) or first(base) or "") if base else ""
        key = hashlib.sha256("\x00".join([lexicon_made, doc, base_raw, *quotes]).encode())
        out.append((id, doc, base_raw, quotes, key.hexdigest()))
    return out


def metric_rows(lexicon: Lexicon, inputs: Iterable[MetricInput]) -> list[MetricRow]:
    """Each metric's document made from its inputs: (id, its text for FTS, its reading as
    JSON, the key of its inputs, its terms)."""
    from qtcli.factbase.codec import metric_from_dict

    out: list[MetricRow] = []
    for id, raw, base_raw, quotes, key in inputs:
        m = metric_from_dict(json.loads(raw))
        base = metric_from_dict(json.loads(base_raw)) if base_raw else None
        doc = metric_reading(lexicon, m, quotes, base)
        fts = doc.pop("fts")
        reading = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        out.append((id, fts, reading, key, doc["terms"]))
    return out


def _terms(conn: sqlite3.Connection, metric: str) -> list[str]:
    """The terms of a metric's document as last made (none if it has none)."""
    row = conn.execute("SELECT doc FROM metric_reading WHERE metric = ?", (metric,)).fetchone()
    return json.loads(row[0])["terms"] if row else []
