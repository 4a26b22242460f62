"""`qt export`: the fact base as tidy tables for pandas, spreadsheets and Datasette.

Five tables, one row per record: observations (with subject, metric, year,
period, value as printed and normalised to the metric's unit, qualifier, source,
quote and whether it conflicts), entities, facts, metrics and sources. The
format follows OUT's name unless --format says otherwise: `x.db`/`x.sqlite` is
one SQLite database, `x.jsonl` one JSON Lines file (each row with its `table`),
`-` the same on stdout, anything else a folder of CSV files.

Writing is all or nothing and never through someone else's file: everything is
written into a fresh private folder created beside OUT (so no planted link or
guessed temporary name is ever followed) and renamed into place once every
table is complete. An existing file, or a folder that is not empty, is replaced
only with --force (and a folder only if it holds nothing but a previous export);
a link, device, FIFO or socket never. Any failure leaves OUT as it was, removes
the temporary folder and ends in one `CannotWrite` sentence (exit 5).

Values are the same in every format: booleans are true/false in CSV and JSON
Lines and 1/0 (SQLite's TRUE/FALSE) in SQLite; empty is an empty CSV cell and
null elsewhere. CSV cells that a spreadsheet would run as a formula (starting
with = + - @, tab or CR) get a leading apostrophe, as OWASP recommends; SQLite
and JSON keep the text as it is.

Full-text search in the SQLite file follows Datasette's conventions: each of
entities, facts, observations, metrics and sources has `<table>_fts`, an FTS5
index with `content="<table>"`, so `datasette qt.db` offers `?_search=` on them;
`search` indexes names and texts of every kind in one table. SQLite's trigram
tokenizer cannot find two-character Chinese names (中策, 钱塘) and unicode61
reads a whole Chinese clause as one word, so the index is built with unicode61
over every run of Chinese characters spelled out as all its substrings of up to
MAX_GRAM characters (after the word itself): `MATCH '中策'`, `'中策橡胶'` and Datasette's quoted
`"中策"` all find 中策橡胶. An observation's index holds what it says (quote and notes), not
the names of its metric and subject: those are indexed where they are defined (metrics_fts,
entities_fts, search), and repeating them in a million observations took half the export's time.
(The index holds those substrings while the columns
read back hold the text as written: rebuild it by exporting again, not with
FTS5's 'rebuild'.) Each table and its index are written together, a batch of rows at a
time, each distinct text worked out once (see _Terms); for a large base the batches are made
by a forked process while this one writes them (_Apart). tests/test_export_sqlite.py checks
that the file holds exactly what the rows and search_terms() say, made either way.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from qtcli.errors import CannotWrite, UsageError
from qtcli.factbase.model import Fact, Metric, Source
from qtcli.files import open_new
from qtcli.index.store import Store
from qtcli.present.wording import UNITS

FORMATS = ("csv", "jsonl", "sqlite")
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
STDOUT = "-"
# A cell a spreadsheet would evaluate (OWASP, CSV injection); full-width signs too, which some
# spreadsheets in East Asian locales accept as formula starts.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
MAX_GRAM = 16  # longest run of Chinese characters a search word can be
FTS_COLUMNS = {
    "entities": (
        "id",
        "name_zh",
        "name_en",
        "aliases",
        "sector_zh",
        "sector_en",
        "note_zh",
        "note_en",
    ),
    "facts": ("key", "text_zh", "text_en", "quote", "note_zh", "note_en"),
    "observations": ("quote", "note_zh", "note_en"),
    "metrics": ("id", "name_zh", "name_en", "aliases", "definition_zh", "definition_en"),
    "sources": ("id", "title_zh", "title_en", "authors_zh", "authors_en"),
}


def _join(values: Any) -> str:
    return "; ".join(values) if values else ""


def normalised(value: float, unit: str, target: str | None) -> float | int | None:
    """`value` in `unit` expressed in `target` (the metric's unit): 3500万元 → 0.35亿元.

    None when the units do not convert (亿美元 into 亿元 needs an exchange rate). Scaled in
    decimal, so 55.3万元 is 0.00553亿元, not 0.0055299999."""
    source, goal = UNITS.get(unit), UNITS.get(target or "")
    if source is None or goal is None or target is None:
        return None
    same_kind = source.currency == goal.currency and (
        bool(source.currency) or source.en == goal.en or source.countable == goal.countable
    )
    if not same_kind:
        return None
    if unit == target:
        return value
    result = Decimal(repr(value)) * source.scale / goal.scale
    return int(result) if result == result.to_integral_value() else float(result)


COLUMNS = {
    "observations": (
        "key",
        "metric_id",
        "metric_zh",
        "metric_en",
        "subject_id",
        "subject_kind",
        "subject_zh",
        "subject_en",
        "year",
        "period",
        "status",
        "value",
        "unit",
        "value_normalised",
        "unit_normalised",
        "qualifier",
        "printed",
        "misprint",
        "conflict",
        "source_id",
        "quote",
        "note_zh",
        "note_en",
    ),
    "entities": (
        "id",
        "kind",
        "name_zh",
        "name_en",
        "en_source",
        "aliases",
        "level_or_type",
        "sector_zh",
        "sector_en",
        "focus_zh",
        "focus_en",
        "park_id",
        "region_id",
        "parent_id",
        "source_id",
        "quote",
        "note_zh",
        "note_en",
    ),
    "facts": (
        "key",
        "subject_id",
        "about",
        "topic",
        "text_zh",
        "text_en",
        "year",
        "date",
        "period",
        "source_id",
        "quote",
        "note_zh",
        "note_en",
    ),
    "metrics": (
        "id",
        "name_zh",
        "name_en",
        "unit",
        "kind",
        "aliases",
        "definition_zh",
        "definition_en",
    ),
    "sources": (
        "id",
        "file",
        "sha256",
        "title_zh",
        "title_en",
        "authors_zh",
        "authors_en",
        "date",
        "not_before",
        "date_basis_zh",
        "date_basis_en",
    ),
}
Row = dict[str, Any]
Values = tuple[Any, ...]  # a row's values in the order of its table's COLUMNS


class Rows:
    """A table's rows, read afresh from the index each time they are iterated: an export holds
    one row at a time, not the fact base. Made as tuples (what SQLite and CSV write); iterating
    gives dicts by column."""

    def __init__(
        self,
        columns: Sequence[str],
        make: Callable[[], Iterator[Values]],
        size: int = 0,
        apart: Callable[[], Iterator[Values]] | None = None,
    ) -> None:
        self.columns = columns
        self.make = make
        self.size = size  # how many rows the index holds, when it says (0: not said)
        self.apart = apart  # the same rows, read through a connection of their own (_Apart)

    def tuples(self) -> Iterator[Values]:
        return self.make()

    def __iter__(self) -> Iterator[Row]:
        columns = self.columns
        return (dict(zip(columns, values, strict=True)) for values in self.make())


Tables = dict[str, Rows]


def tables(store: Store) -> Tables:
    """Each table as rows of flat values (no nested ones), in fact-base order."""
    out = {name: Rows(COLUMNS[name], make) for name, make in _makers(store).items()}
    if store.file():  # an index in memory cannot be read by another process
        counts = store.counts()
        opened: list[Store] = []  # the store a forked process reads through, opened there once
        said = store.meta("fingerprint")

        def own() -> Store:
            if not opened:
                other = store.reopened()  # by name: a lookup may have put a new index there
                if other.meta("fingerprint") != said:
                    raise ValueError("the fact base changed during the export; export again")
                opened.append(other)
            return opened[0]

        for name, rows in out.items():
            rows.size = int(counts.get(name, 0))
            rows.apart = lambda name=name: _makers(own())[name]()
    return out


def _makers(store: Store) -> dict[str, Callable[[], Iterator[Values]]]:
    return {
        "observations": lambda: _observations(store),
        "entities": lambda: (_entity(e) for e in store.each_entity_doc()),
        "facts": lambda: (_fact(f) for f in store.each_fact()),
        "metrics": lambda: (_metric(m) for m in store.each_metric()),
        "sources": lambda: (_source(s) for s in store.each_source()),
    }


def _observations(store: Store) -> Iterator[Values]:
    conflicts = store.conflicting_keys()
    # What an observation shows of its metric and its subject: a million rows name the same
    # thousand metrics and hundred thousand entities (small tuples).
    metrics = {m.id: (m.name.zh, m.name.en, m.unit) for m in store.each_metric()}
    subjects = {id_: (kind, zh, en) for id_, kind, zh, en in store.each_entity_name()}
    no_metric: tuple[str, str, str | None] = ("", "", None)
    no_subject = ("", "", "")
    for key, metric, subject, year, source, unit, o in store.each_observation():
        value, get = o["value"], o.get
        metric_zh, metric_en, target = metrics.get(metric, no_metric)
        kind, zh, en = subjects.get(subject, no_subject)
        note = get("note")
        yield (
            key,
            metric,
            metric_zh,
            metric_en,
            subject,
            kind,
            zh,
            en,
            year,
            get("period"),
            get("status", "actual"),
            value,
            unit,
            value if unit == target and unit in UNITS else normalised(value, unit, target),
            target,
            get("qualifier", "exact"),
            get("printed"),
            get("misprint", False),
            key in conflicts,
            source,
            o["quote"],
            note["zh"] if note else None,
            note["en"] if note else None,
        )


def _entity(d: dict[str, Any]) -> Values:
    """An entity's row from the dict its record is made from (codec.entity_from_dict's defaults)."""
    name, sector, note = d["name"], d.get("sector"), d.get("note")
    focus = d.get("focus", ())
    return (
        d["id"],
        d["kind"],
        name["zh"],
        name["en"],
        name.get("en_source", "established"),
        _join(d.get("aliases", ())),
        d.get("level") or d.get("type"),
        sector["zh"] if sector else None,
        sector["en"] if sector else None,
        _join([t["zh"] for t in focus]),
        _join([t["en"] for t in focus]),
        d.get("park"),
        d.get("region"),
        d.get("parent"),
        d["source"],
        d["quote"],
        note["zh"] if note else None,
        note["en"] if note else None,
    )


def _fact(f: Fact) -> Values:
    return (
        f.key,
        f.subject,
        _join(f.about),
        f.topic,
        f.text.zh,
        f.text.en,
        f.year,
        f.date,
        f.period,
        f.source,
        f.quote,
        f.note.zh if f.note else None,
        f.note.en if f.note else None,
    )


def _metric(m: Metric) -> Values:
    return (
        m.id,
        m.name.zh,
        m.name.en,
        m.unit,
        m.kind,
        _join(m.aliases),
        m.definition.zh,
        m.definition.en,
    )


def _source(s: Source) -> Values:
    return (
        s.id,
        s.file,
        s.sha256,
        s.title.zh,
        s.title.en,
        _join([a.zh for a in s.authors]),
        _join([a.en for a in s.authors]),
        s.date,
        s.not_before,
        s.date_basis.zh,
        s.date_basis.en,
    )


def choose_format(out: str, fmt: str | None) -> str:
    """The format asked for, else the one OUT's name implies (x.db → sqlite, x.jsonl → jsonl)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(
                f"--format is '{fmt}'; use one of {', '.join(FORMATS)}",
                f"--format 为“{fmt}”;请用 {'、'.join(FORMATS)} 之一",
            )
        return fmt
    if out == STDOUT:
        return "jsonl"
    suffix = Path(out).suffix.lower()
    if suffix in SQLITE_SUFFIXES:
        return "sqlite"
    return "jsonl" if suffix == ".jsonl" else "csv"


def one_file(fmt: str, out: Path) -> bool:
    """SQLite and `x.jsonl` are one file; csv and jsonl to any other name are a folder."""
    return fmt == "sqlite" or (fmt == "jsonl" and out.suffix.lower() == ".jsonl")


# ----------------------------------------------------------------- cells per format


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: true/false, and text a spreadsheet would run defused."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def jsonl_lines(data: Tables) -> Iterator[str]:
    """Every row of every table as one JSON object per line, naming its `table`."""
    for name, rows in data.items():
        columns = ("table", *rows.columns)
        for values in rows.tuples():
            yield (
                json.dumps(dict(zip(columns, (name, *values), strict=True)), ensure_ascii=False)
                + "\n"
            )


def write_stream(data: Tables, stream: IO[str]) -> None:
    """`qt export -`: JSON Lines on a stream (the caller's stdout)."""
    for line in jsonl_lines(data):
        stream.write(line)


def _write_csv(rows: Rows, handle: IO[str]) -> None:
    writer = csv.writer(handle)
    writer.writerow(rows.columns)
    writer.writerows([csv_cell(v) for v in values] for values in rows.tuples())


def _write_table_jsonl(rows: Rows, handle: IO[str]) -> None:
    columns = rows.columns
    for values in rows.tuples():
        handle.write(json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False) + "\n")


# --------------------------------------------------------------------- full-text


_WORD = re.compile(r"[^\W_]+")  # what unicode61 reads as one token: letters and digits
_HAN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=65536)  # names, metrics and quotes repeat row after row
def search_terms(text: str | None) -> str:
    """`text` as the index sees it: a word holding Chinese is followed by all its substrings of
    up to MAX_GRAM characters ('中策橡胶' → 中策橡胶 中 中策 中策橡 策 …); other words stay
    whole. The word comes first so that a quoted phrase of whole words ("R&D经费投入强度",
    read as 'r' then 'd经费投入强度') still finds its tokens side by side."""
    return " ".join([_word_terms(word) for word in _WORD.findall(text or "")])


@lru_cache(maxsize=1 << 18)  # a quote's words are names and numbers met again and again
def _word_terms(word: str) -> str:
    """One word of search_terms: itself, then (if it holds Chinese) its substrings."""
    if not _HAN.search(word):
        return word
    n = len(word)
    terms = [word]
    for i in range(n):
        last = min(n, i + MAX_GRAM)
        if i == 0 and last == n:
            last -= 1  # the word itself is already there
        terms += [word[i:j] for j in range(i + 1, last + 1)]
    return " ".join(terms)


class _Terms:
    """What the full-text indexes are filled with, each distinct text worked out once.

    A cell's tokens are those of search_terms(cell). ASCII text goes in as it is: unicode61
    reads from it the same words, in the same places (its letters and digits are _WORD's, the
    rest separates), so the index is the same without building a second string a million
    times. `exact` is search_terms itself, for `search`, which stores its terms."""

    LIMIT = 1 << 17  # distinct texts remembered per column (a million quotes would not fit)

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def __call__(self, text: str | None) -> str:
        if not text or text.isascii():
            return text or ""
        return self.exact(text)

    def exact(self, text: str | None) -> str:
        if not text:
            return ""
        known = self.known
        found = known.get(text)
        if found is None:
            if len(known) >= self.LIMIT:
                known.clear()
            found = known[text] = " ".join([_word_terms(w) for w in _WORD.findall(text)])
        return found


_TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"
# Bytes of new index entries FTS5 keeps in memory before writing a segment (default 1 MB): a
# few large segments instead of hundreds of small ones merged again and again (a third of the
# time at 100,000 entities). Set for the export only: the setting is taken out again at the end.
HASH_SIZE = 64 << 20
BATCH = 10_000  # rows written per executemany: the table's, then its index's


def _fts(conn: sqlite3.Connection, data: Tables) -> None:
    """The full-text tables, made empty: each table's is filled along with it (_fill)."""
    for table, columns in FTS_COLUMNS.items():
        fts = f"{table}_fts"
        cols = ", ".join(_quote(c) for c in columns)
        conn.execute(
            f'CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content="{table}", {_TOKENIZE})'
        )
    shown = ", ".join(f"{c} UNINDEXED" for c in SEARCH_SHOWN)
    conn.execute(f"CREATE VIRTUAL TABLE search USING fts5({shown}, terms, {_TOKENIZE})")
    for fts in (*(f"{table}_fts" for table in FTS_COLUMNS), "search"):
        conn.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', ?)", (HASH_SIZE,))


Batch = tuple[list[Values], list[Values]]  # rows, and their full-text entries (rowid first)


def _batches(table: str, rows: Rows, values: Iterator[Values]) -> Iterator[Batch]:
    """A table's rows, a batch at a time, each with its full-text index's entries, in rowid
    order (each column remembers its own texts: a column of names repeats, one of quotes
    does not)."""
    pick = itemgetter(*(rows.columns.index(c) for c in FTS_COLUMNS[table]))
    terms = [_Terms() for _ in FTS_COLUMNS[table]]
    rowid = 0
    while batch := list(islice(values, BATCH)):
        cells = zip(*map(pick, batch), strict=True)  # column by column, each with its memory
        ids = range(rowid + 1, rowid + len(batch) + 1)
        indexed_cells = (map(t, c) for t, c in zip(terms, cells, strict=True))
        yield batch, list(zip(ids, *indexed_cells, strict=True))
        rowid += len(batch)


def _insert(table: str, width: int, columns: str = "") -> str:
    """The statement that inserts a row of `width` values (into `columns`, if named)."""
    into = f" ({columns})" if columns else ""
    return f"INSERT INTO {table}{into} VALUES ({', '.join('?' * width)})"


def _fill(conn: sqlite3.Connection, table: str, rows: Rows, batches: Iterable[Batch]) -> None:
    """A table's rows and their full-text index, written a batch at a time."""
    insert = _insert(table, len(rows.columns))
    indexed = FTS_COLUMNS[table]
    cols = ", ".join(_quote(c) for c in indexed)
    index = _insert(f"{table}_fts", len(indexed) + 1, f"rowid, {cols}")
    for batch, entries in batches:
        conn.executemany(insert, batch)
        conn.executemany(index, entries)


def _search_rows(conn: sqlite3.Connection) -> Iterator[list[Values]]:
    """`search`'s rows, a batch at a time: names and texts of every kind read from the tables
    written (SEARCH_ROWS), each row with its terms (stored, so exact)."""
    exact = _Terms().exact
    for select in SEARCH_ROWS:
        found = conn.execute(f"SELECT kind, id, name_zh, name_en, text_zh, text_en FROM ({select})")
        while batch := found.fetchmany(BATCH):
            yield [
                (*row, f"{exact(row[2])} {exact(row[3])} {exact(row[4])} {exact(row[5])}")
                for row in batch
            ]


def _search(conn: sqlite3.Connection, batches: Iterable[list[Values]]) -> None:
    insert = _insert("search", len(SEARCH_SHOWN) + 1)
    for batch in batches:
        conn.executemany(insert, batch)


SEARCH_SHOWN = ("kind", "id", "name_zh", "name_en", "text_zh", "text_en")
SEARCHED = ("entities", "metrics", "facts")  # the tables SEARCH_ROWS reads
# What `search` holds of each kind: names and, as text, aliases and notes or definitions.
SEARCH_ROWS = (
    "SELECT kind, id, name_zh, name_en, "
    "CASE WHEN aliases != '' AND note_zh IS NOT NULL THEN aliases || '; ' || note_zh "
    "ELSE coalesce(nullif(aliases, ''), note_zh, '') END AS text_zh, "
    "coalesce(note_en, '') AS text_en FROM entities ORDER BY rowid",
    "SELECT 'metric' AS kind, id, name_zh, name_en, definition_zh AS text_zh, "
    "definition_en AS text_en FROM metrics ORDER BY rowid",
    "SELECT 'fact' AS kind, key AS id, '' AS name_zh, '' AS name_en, text_zh, text_en "
    "FROM facts ORDER BY rowid",
)


def _steps(data: Tables) -> list[str]:
    """The order tables are filled in: those `search` reads, then `search`, then the others.
    Made apart (_Apart), the search rows are ready while this process writes the tables they
    come from, and the largest table (observations) is made while `search` is written."""
    first = [name for name in data if name in SEARCHED]
    return [*first, "search", *(name for name in data if name not in SEARCHED)]


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


# ------------------------------------------------------------------------ writers


def _write_sqlite(data: Tables, path: Path) -> None:
    open_new(path, "utf-8").close()  # sqlite opens by name: the name is ours, and empty
    apart = _Apart.start(data)  # forked before this process opens the file
    conn = sqlite3.connect(path)
    try:
        # The file is temporary until renamed into place, so no journal is needed.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        for name, rows in data.items():
            conn.execute(f"CREATE TABLE {name} ({', '.join(_quote(c) for c in rows.columns)})")
        _fts(conn, data)
        for name in _steps(data):
            if apart is not None:
                for chunk in apart.received(name):
                    _take(conn, name, chunk, data.get(name))
            elif name == "search":
                _search(conn, _search_rows(conn))
            else:
                rows = data[name]
                _fill(conn, name, rows, _batches(name, rows, rows.tuples()))
            conn.commit()  # writes out the index entries still held in memory
        for fts in (*(f"{table}_fts" for table in FTS_COLUMNS), "search"):
            conn.execute(f"DELETE FROM {fts}_config WHERE k = 'hashsize'")
        conn.commit()
    finally:
        conn.close()
        if apart is not None:
            apart.stop()


PARALLEL_ROWS = 50_000  # rows in all from which they are made by a process of their own
CHUNK = "chunk"  # the schema a chunk made apart is attached as (_take)


def _take(conn: sqlite3.Connection, table: str, chunk: str, rows: Rows | None) -> None:
    """A batch made apart (_made_apart), then its file deleted. An SQLite chunk holds its rows
    (table `r`) and, for a table with a full-text index, that index's entries (`f`), copied
    in SQL; a marshal chunk holds them as values, which this process inserts."""
    if chunk.endswith(".marshal"):
        import marshal

        with open(chunk, "rb") as handle:
            batch, entries = marshal.loads(handle.read())
        if rows is None:  # search: its terms are in its rows
            _search(conn, [batch])
        else:
            _fill(conn, table, rows, [(batch, entries)])
        os.unlink(chunk)
        return
    conn.execute(f"ATTACH ? AS {CHUNK}", (chunk,))
    try:
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM {CHUNK}.r ORDER BY rowid")
        if table in FTS_COLUMNS:
            cols = ", ".join(_quote(c) for c in FTS_COLUMNS[table])
            conn.execute(
                f"INSERT INTO main.{table}_fts (rowid, {cols}) "
                f"SELECT * FROM {CHUNK}.f ORDER BY rowid"
            )
    finally:
        conn.commit()
        conn.execute(f"DETACH {CHUNK}")
    os.unlink(chunk)


class _Apart:
    """Rows made by a forked process while this one writes them: making them (each row's
    values from the index, its full-text terms) was half an export's time, and writing them
    (SQLite's inserts and full-text index) the other half, on one core of two.

    The process writes each batch (_batches: the same rows, the same terms as made here) as a
    small SQLite file, a chunk, in a folder of the export's own (mkdtemp: new, private), and
    sends its name; an empty message ends a table. This process copies a chunk in SQL (_take),
    where binding a million rows' values from Python took it as long as the process takes to
    write them; and the process never waits for it: it makes the largest table's rows while
    this one writes `search` (_steps)."""

    def __init__(self, process: Any, pipe: Any, folder: Any) -> None:
        self.process = process
        self.pipe = pipe
        self.folder = folder

    @classmethod
    def start(cls, data: Tables) -> _Apart | None:
        if not hasattr(os, "fork") or any(rows.apart is None for rows in data.values()):
            return None
        if sum(rows.size for rows in data.values()) < PARALLEL_ROWS:
            return None  # a fork costs more than it saves
        import multiprocessing
        import tempfile

        context = multiprocessing.get_context("fork")
        folder = tempfile.TemporaryDirectory(prefix="qt-export-")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_made_apart, args=(data, send, folder.name), daemon=True)
        process.start()
        send.close()
        return cls(process, receive, folder)

    def received(self, table: str) -> Iterator[str]:
        """The chunks of `table`, as the process makes them (tables come in _steps's order)."""
        while True:
            try:
                message = self.pipe.recv_bytes()
            except EOFError:
                message = b"!the process making them stopped"
            if message.startswith(b"!"):
                raise sqlite3.OperationalError(f"{table}: {message[1:].decode('utf-8', 'replace')}")
            if not message:
                return
            yield os.path.join(self.folder.name, message.decode())

    def stop(self) -> None:
        self.pipe.close()
        self.process.join(1)
        if self.process.is_alive():  # an export stopped early: what it was making is not needed
            self.process.kill()
            self.process.join()
        self.folder.cleanup()


AHEAD = 6  # chunks waiting for the writer from which the maker writes SQLite (1: 33 s at 100k; 2-8: 24-30 s)


def _chunk(folder: str, number: int, rows: list[Values], entries: list[Values] | None) -> str:
    """A batch written as a new file in `folder`, its name returned. Which of the two
    processes binds its values into SQLite, the slower of the two's work, is shared out as
    they go: when the writer has chunks waiting (it is the slower), an SQLite file (rows in
    `r`, full-text entries in `f`), which it copies in SQL; else (the maker is the slower)
    the values, marshalled, which it inserts itself."""
    from qtcli.index.compile import scratch, write_rows

    waiting = sum(1 for n in os.listdir(folder) if not n.startswith("."))
    if waiting < AHEAD:
        import marshal

        name = f"{number}.marshal"
        with open(os.path.join(folder, name), "xb") as handle:
            handle.write(marshal.dumps((rows, entries)))
        return name
    name = f"{number}.sqlite"
    db = scratch(os.path.join(folder, name))
    try:
        write_rows(db, "r", rows)
        write_rows(db, "f", entries or ())
        db.commit()
    finally:
        db.close()
    return name


def _made_apart(data: Tables, send: Any, folder: str) -> None:
    """In the forked process: every table's chunks, each table's followed by an empty
    message, `search`'s read by SEARCH_ROWS from a copy in memory of the tables it reads
    (as the parent would from the file); b'!…' if it fails."""
    try:
        held = sqlite3.connect(":memory:")
        number = 0
        for name in _steps(data):
            if name == "search":
                for found in _search_rows(held):
                    number += 1
                    send.send_bytes(_chunk(folder, number, found, None).encode())
                send.send_bytes(b"")
                # What the names and texts needed is not what the largest table needs (it
                # comes after every table search reads): its memory is that table's now.
                held.close()
                _word_terms.cache_clear()
                continue
            rows = data[name]
            assert rows.apart is not None
            read = name in SEARCHED
            if read:
                held.execute(f"CREATE TABLE {name} ({', '.join(map(_quote, rows.columns))})")
            insert = _insert(name, len(rows.columns))
            for batch, entries in _batches(name, rows, rows.apart()):
                number += 1
                send.send_bytes(_chunk(folder, number, batch, entries).encode())
                if read:
                    held.executemany(insert, batch)
            send.send_bytes(b"")
    except BaseException as exc:  # said to the parent, which stops the export in one sentence
        send.send_bytes(b"!" + (str(exc) or type(exc).__name__).encode("utf-8", "replace"))


def _writer(fmt: str, single: bool, excel: bool) -> Callable[[Tables, Path], None]:
    """What fills the private folder: one file named `payload`, or one file per table."""
    encoding = "utf-8-sig" if excel else "utf-8"

    def tables_as_files(data: Tables, folder: Path) -> None:
        write = _write_csv if fmt == "csv" else _write_table_jsonl
        for name, rows in data.items():
            with open_new(folder / f"{name}.{fmt}", encoding) as handle:
                write(rows, handle)

    def one_file(data: Tables, folder: Path) -> None:
        if fmt == "sqlite":
            _write_sqlite(data, folder / PAYLOAD)
        else:
            with open_new(folder / PAYLOAD, encoding) as handle:
                write_stream(data, handle)

    return one_file if single else tables_as_files


PAYLOAD = "export"


def export(
    store: Store, fmt: str | None, out: Path, force: bool = False, excel: bool = False
) -> list[Path]:
    """Write the fact base to `out` (see the module docstring); return what was written."""
    fmt = choose_format(str(out), fmt)
    if excel and fmt != "csv":
        raise UsageError(
            "--excel writes CSV; leave out --format or give --format csv",
            "--excel 只写 CSV;请去掉 --format 或用 --format csv",
        )
    single = one_file(fmt, out)
    _check_target(out, single, force)
    data = tables(store)
    names = [out] if single else [out / f"{name}.{fmt}" for name in data]
    _publish(out, single, force, lambda folder: _writer(fmt, single, excel)(data, folder))
    return names


# ----------------------------------------------------------------- the target


def _check_target(out: Path, single: bool, force: bool) -> None:
    """Refuse, before any work, what must not be replaced."""
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        if not os.path.isdir(out.parent or "."):
            raise CannotWrite(
                f"cannot write '{out}': the folder '{out.parent}' does not exist",
                f"无法写入“{out}”:文件夹“{out.parent}”不存在",
            ) from None
        return
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        raise CannotWrite(
            f"'{out}' is a symbolic link; qt writes only to a real path",
            f"“{out}”是符号链接;qt 只写入真实路径",
        )
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise CannotWrite(
            f"'{out}' is not a regular file or folder; qt never replaces it",
            f"“{out}”不是普通文件或文件夹;qt 绝不替换它",
        )
    if single and stat.S_ISDIR(mode):
        raise CannotWrite(
            f"'{out}' is a folder; give a file name for this format",
            f"“{out}”是文件夹;此格式请给出文件名",
        )
    if not single and stat.S_ISREG(mode):
        raise CannotWrite(
            f"'{out}' is a file; this format writes a folder", f"“{out}”是文件;此格式写入文件夹"
        )
    if stat.S_ISDIR(mode) and not os.listdir(out):
        return
    if not force:
        if single:
            raise _exists(out)
        raise CannotWrite(
            f"'{out}' is a folder that is not empty; add --force to replace it",
            f"“{out}”是非空文件夹;加 --force 才会替换",
        )
    if not single and not _previous_export(out):
        raise CannotWrite(
            f"'{out}' holds files that are not a qt export; --force replaces only an export",
            f"“{out}”中有不是 qt 导出的文件;--force 只替换以前的导出",
        )


def _exists(out: Path) -> CannotWrite:
    return CannotWrite(
        f"'{out}' exists; add --force to replace it", f"“{out}”已存在;加 --force 才会替换"
    )


def _previous_export(folder: Path) -> bool:
    """True when `folder` holds only regular files named like the tables of an export."""
    names = {f"{t}.{ext}" for t in FTS_COLUMNS for ext in ("csv", "jsonl")}
    with os.scandir(folder) as entries:
        return all(e.name in names and e.is_file(follow_symlinks=False) for e in entries)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _publish(out: Path, single: bool, force: bool, fill: Callable[[Path], None]) -> None:
    """Fill a fresh private folder beside `out`, then rename it (or its one file) into place."""
    parent = out.parent if str(out.parent) else Path(".")
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".qt-export", dir=parent))
    except OSError as exc:
        raise _cannot_write(out, exc) from exc
    try:
        fill(work)
        if single:
            _place_file(work / PAYLOAD, out, force)
        else:
            os.chmod(work, 0o777 & ~_umask())
            _place_folder(work, out, force)
    except (OSError, sqlite3.Error) as exc:
        raise _cannot_write(out, exc, unchanged=True) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cannot_write(out: Path, exc: BaseException, unchanged: bool = False) -> CannotWrite:
    """The OS's reason stays as the OS words it (strerror follows the locale, not --lang)."""
    reason = _reason(exc)
    return CannotWrite(
        f"cannot write '{out}': {reason}" + ("; nothing was changed" if unchanged else ""),
        f"无法写入“{out}”:{reason}" + (";未做任何改动" if unchanged else ""),
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _place_file(temp: Path, out: Path, force: bool) -> None:
    if force:
        os.replace(temp, out)  # replaces a link itself, never what it points to
        return
    try:
        os.link(temp, out)  # atomic, and fails if `out` appeared meanwhile
    except FileExistsError:
        raise _exists(out) from None
    except OSError:  # a file system without hard links
        if os.path.lexists(out):
            raise _exists(out) from None
        os.rename(temp, out)


def _place_folder(work: Path, out: Path, force: bool) -> None:
    if not (force and os.path.isdir(out) and os.listdir(out)):
        os.rename(work, out)  # onto nothing or an empty folder; a non-empty one fails
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".qt-old", dir=out.parent))
    os.rename(out, aside)
    try:
        os.rename(work, out)
    except OSError:
        os.rename(aside, out)
        raise
    for entry in os.scandir(aside):  # only export tables: _previous_export checked
        os.unlink(entry.path)
    os.rmdir(aside)
