"""The compiled index: a SQLite file in the user's cache, built from the fact base.

A lookup must not parse TOML, validate, or compute pinyin: it opens this index
and runs a few indexed queries. The file is named by a fingerprint of the fact
files (path, size and modification time of each, plus the index format and
tool version), so an edited fact file yields a new name and the next lookup
rebuilds. Builds happen in memory and are copied to a temporary file that is
renamed into place, so concurrent first runs never see a half-written index.
A cache that cannot be written (read-only, missing or full) is not an error:
the lookup answers from the in-memory index. An unreadable or garbage index
file is ignored and rebuilt.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from qtcli import __version__
from qtcli.factbase.codec import to_dict
from qtcli.factbase.conflicts import find_conflicts
from qtcli.factbase.lexicon import Lexicon
from qtcli.factbase.model import FactBase
from qtcli.index import documents
from qtcli.index.normalize import (
    char_readings,
    fold,
    fold_words,
    has_cjk,
    pinyin_keys,
    strip_places,
    strip_suffixes,
    t2s_table,
)
from qtcli.index.store import Store
from qtcli.paths import cache_dir
from qtcli.records import record

INDEX_FORMAT = "16"
SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE entity (id TEXT PRIMARY KEY, kind TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE metric (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE source (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE name_key (key TEXT NOT NULL, target TEXT NOT NULL, space TEXT NOT NULL,
                       form TEXT NOT NULL, text TEXT NOT NULL, weight REAL NOT NULL);
CREATE TABLE observation (n INTEGER PRIMARY KEY, metric TEXT NOT NULL, subject TEXT NOT NULL,
                          year INTEGER, source TEXT NOT NULL, doc TEXT NOT NULL, key TEXT NOT NULL);
CREATE TABLE fact (n INTEGER PRIMARY KEY, subject TEXT NOT NULL, source TEXT NOT NULL,
                   doc TEXT NOT NULL, key TEXT NOT NULL);
CREATE TABLE passage (kind TEXT NOT NULL, target TEXT NOT NULL, field TEXT NOT NULL,
                      text TEXT NOT NULL, words TEXT NOT NULL);
CREATE TABLE fact_about (fact INTEGER NOT NULL, entity TEXT NOT NULL);
CREATE TABLE member (container TEXT NOT NULL, member TEXT NOT NULL, relation TEXT NOT NULL);
CREATE TABLE reading (char TEXT PRIMARY KEY, pinyin TEXT NOT NULL) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX name_key_key ON name_key (key, space);
CREATE INDEX name_key_length ON name_key (space, length(key));
CREATE VIRTUAL TABLE key_fts USING fts5(key, content='name_key', content_rowid='rowid', tokenize='trigram');
INSERT INTO key_fts (rowid, key) SELECT rowid, key FROM name_key;
CREATE INDEX observation_metric ON observation (metric, year);
CREATE INDEX observation_subject ON observation (subject);
CREATE INDEX observation_source ON observation (source);
CREATE UNIQUE INDEX observation_key ON observation (key);
CREATE UNIQUE INDEX fact_key ON fact (key);
CREATE INDEX fact_subject ON fact (subject);
CREATE INDEX fact_source ON fact (source);
CREATE INDEX fact_about_entity ON fact_about (entity);
CREATE INDEX member_container ON member (container);
CREATE INDEX member_member ON member (member);
"""


def _walk(root: str) -> Iterator[os.DirEntry[str]]:
    """The .toml files under root (os.scandir: cheaper than Path.rglob on every lookup)."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif entry.name.endswith(".toml") and entry.is_file():
            yield entry


def fingerprint(root: str) -> str:
    """Identifies this exact state of the fact files without reading them.

    The full string (format, version, every file's path, size and mtime) is
    stored in the index and compared exactly; only the file name uses a checksum.
    """
    parts = [INDEX_FORMAT, __version__, os.path.realpath(root)]
    for entry in _walk(root):
        stat = entry.stat()
        parts.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _index_name(fp: str) -> str:
    data = fp.encode("utf-8", "surrogateescape")
    return f"index-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.sqlite"


@record
class NameKey:
    key: str
    target: str
    space: str  # region, park, company, org or metric
    form: str  # name, en, id, alias, stripped, pinyin, initials
    text: str  # the name or alias as written


def _variants(
    text: str, form: str, t2s: dict[str, str], placeless: bool = False
) -> Iterator[tuple[str, str]]:
    key = fold(text, t2s)
    if not key:
        return
    yield key, form
    stripped = strip_suffixes(key)
    if stripped != key:
        yield stripped, "stripped"
    bare = strip_places(stripped)
    if placeless and bare not in (key, stripped) and _specific(bare):
        yield bare, "stripped"  # 'Shangshen Small and Micro Enterprise Park' without 'Hangzhou'

    yield from pinyin_keys(text)


GENERIC = {
    "city",
    "district",
    "province",
    "zone",
    "park",
    "area",
    "port",
    "county",
    "region",
    "newarea",
}


def _specific(key: str) -> bool:
    """A name left after dropping its place word still names something: '医药港', not '市'."""
    if has_cjk(key):
        return len(key) >= 4
    return len(key) >= 8 and key not in GENERIC


def name_keys(fb: FactBase, t2s: dict[str, str]) -> Iterator[NameKey]:
    """Every way each entity and metric can be named, folded for matching."""
    for e in fb.entities.values():
        names = [(e.name.zh, "name"), (e.name.en, "en"), (e.id, "id")]
        names += [(alias, "alias") for alias in e.aliases]
        for text, form in names:
            # Companies and parks wear a place word as decoration (杭州…); for a region or an
            # agency it is the name (杭州市统计局 is not 国家统计局).
            for key, how in _variants(text, form, t2s, placeless=e.kind in ("company", "park")):
                yield NameKey(key, e.id, e.kind, how, text)
    for m in fb.metrics.values():
        names = [(m.name.zh, "name"), (m.name.en, "en"), (m.id, "id")]
        names += [(alias, "alias") for alias in m.aliases]
        for text, form in names:
            for key, how in _variants(text, form, t2s):
                yield NameKey(key, m.id, "metric", how, text)


def prominence(fb: FactBase) -> dict[str, float]:
    """A tie-breaker in [0, 1]: how much the fact base says about each entity and metric.

    When two names match a query equally well ('医药港' is in both 杭州医药港
    and 中国医药港), the better-documented one ranks first; both are shown.
    """
    counts: dict[str, int] = {}
    for o in fb.observations:
        for id in (o.subject, o.metric):
            counts[id] = counts.get(id, 0) + 1
    for f in fb.facts:
        for id in (f.subject, *f.about):
            counts[id] = counts.get(id, 0) + 1
    return {id: min(1.0, n / 40) for id, n in counts.items()}


def members(fb: FactBase) -> Iterator[tuple[str, str, str]]:
    """(container, member, relation): what sits in each region and park."""
    for e in fb.entities.values():
        if e.park:
            yield e.park, e.id, "park"
        if e.region and e.kind != "region":
            yield e.region, e.id, "region"
        if e.parent:
            yield e.parent, e.id, "parent"
        for rel in e.related:
            yield rel.id, e.id, "related"


def passages(fb: FactBase, t2s: dict[str, str]) -> Iterator[tuple[str, str, str, str, str]]:
    """(kind, target, field, text, words): the texts `qt search` reads besides names, as
    written and folded with their word breaks kept (fold_words): an entity's sector, focus
    industries and quote, a fact's text and quotes, an observation's quotes."""
    for e in fb.entities.values():
        labelled = [("sector", e.sector)] if e.sector else []
        labelled += [("focus", focus) for focus in e.focus]
        for field, text in labelled:
            for written in (text.zh, text.en):
                yield e.kind, e.id, field, written, fold_words(written, t2s)
        yield e.kind, e.id, "quote", e.quote, fold_words(e.quote, t2s)
    for f in fb.facts:
        for written in (f.text.zh, f.text.en):
            yield "fact", f.key, "text", written, fold_words(written, t2s)
        for quote in (f.quote, *f.also_quoted):
            yield "fact", f.key, "quote", quote, fold_words(quote, t2s)
    for o in fb.observations:
        for quote in (o.quote, *o.also_quoted):
            yield "observation", o.key, "quote", quote, fold_words(quote, t2s)


def _vocabulary_chars(fb: FactBase) -> set[str]:
    """Every character a question can meet in the fact base: names, the lexicon, metric
    definitions, quotes and fact texts (so 錢塘區研發強度 reads as 钱塘区研发强度)."""
    chars: set[str] = set()
    for e in fb.entities.values():
        chars.update(e.name.zh, *e.aliases)
    for m in fb.metrics.values():
        chars.update(m.name.zh, m.definition.zh, *m.aliases)
    for entry in fb.lexicon:
        chars.update(*entry.phrases)
    for o in fb.observations:
        chars.update(o.quote)
    for f in fb.facts:
        chars.update(f.text.zh, f.quote)
    return chars


def build(fb: FactBase, conn: sqlite3.Connection, content: str) -> None:
    """Write the whole index for `fb` into an empty database."""
    table = t2s_table()
    # Keep only conversions that can land on a character the fact base uses.
    used = _vocabulary_chars(fb)
    t2s = {t: s for t, s in table.items() if s in used}
    conflicts = find_conflicts(fb.observations)
    conn.executescript(SCHEMA)
    conn.executemany(
        "INSERT INTO entity VALUES (?, ?, ?)",
        ((e.id, e.kind, _json(to_dict(e))) for e in fb.entities.values()),
    )
    conn.executemany(
        "INSERT INTO metric VALUES (?, ?)", ((m.id, _json(to_dict(m))) for m in fb.metrics.values())
    )
    conn.executemany(
        "INSERT INTO source VALUES (?, ?)", ((s.id, _json(to_dict(s))) for s in fb.sources.values())
    )
    weight = prominence(fb)
    conn.executemany(
        "INSERT INTO name_key VALUES (?, ?, ?, ?, ?, ?)",
        _unique(
            (k.key, k.target, k.space, k.form, k.text, weight.get(k.target, 0.0))
            for k in name_keys(fb, t2s)
        ),
    )
    conn.executemany(
        "INSERT INTO observation (metric, subject, year, source, doc, key) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                o.metric,
                o.subject,
                o.year,
                o.source,
                _json({**to_dict(o), "conflicts_with": conflicts.get(o.key, [])}),
                o.key,
            )
            for o in fb.observations
        ),
    )
    for n, f in enumerate(fb.facts, start=1):
        conn.execute(
            "INSERT INTO fact VALUES (?, ?, ?, ?, ?)",
            (n, f.subject, f.source, _json(to_dict(f)), f.key),
        )
        conn.executemany("INSERT INTO fact_about VALUES (?, ?)", ((n, about) for about in f.about))
    conn.executemany("INSERT INTO passage VALUES (?, ?, ?, ?, ?)", passages(fb, t2s))
    conn.executemany("INSERT INTO member VALUES (?, ?, ?)", members(fb))
    lexicon = Lexicon(fb.lexicon)
    documents.write(conn, fb, lexicon, list(range(1, len(fb.facts) + 1)))
    conn.executemany("INSERT INTO reading VALUES (?, ?)", char_readings().items())
    conn.executescript(INDEXES)
    meta = {
        "format": INDEX_FORMAT,
        "tool_version": __version__,
        "content_hash": content,
        "counts": _json(fb.counts()),
        "t2s": _json(t2s),
        "lexicon": lexicon.to_json(),
        "root": fb.root,
        "keys": str(conn.execute("SELECT count(*) FROM name_key").fetchone()[0]),
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    conn.commit()


def _unique(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    seen: set[tuple[Any, ...]] = set()
    for row in rows:
        if row[:4] not in seen:  # (key, target, space, form)
            seen.add(row[:4])
            yield row


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _readable(path: str, expected: str) -> sqlite3.Connection | None:
    """Open an existing index read-only; None if it is missing, truncated, garbage or stale."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return None
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        row = conn.execute("SELECT v FROM meta WHERE k = 'fingerprint'").fetchone()
        if row and row[0] == expected and size >= pages * page_size:
            return conn
    except sqlite3.Error:
        pass
    if conn is not None:
        conn.close()
    return None


def _save(memory: sqlite3.Connection, directory: str, final: str) -> None:
    """Copy the in-memory index to a temporary file and rename it into place."""
    import tempfile  # only when writing

    fd, temp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        disk = sqlite3.connect(temp)
        try:
            memory.backup(disk)
        finally:
            disk.close()
        os.replace(temp, final)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    for name in os.listdir(directory):
        stale = os.path.join(directory, name)
        if name.startswith("index-") and name.endswith(".sqlite") and stale != final:
            try:
                os.unlink(stale)
            except OSError:
                pass


def open_store(root: str | os.PathLike[str]) -> Store:
    """The index for the facts at `root`, built (after validation) if it is missing or stale."""
    return Store(open_index(os.fspath(root)))


def discard(store: Store) -> None:
    """Forget a cached index found to be corrupt, so the next open rebuilds it."""
    rows = store.conn.execute("PRAGMA database_list").fetchall()
    store.conn.close()
    for _, name, path in rows:
        if name == "main" and path:
            try:
                os.unlink(path)
            except OSError:
                pass


def load_valid(root: str) -> FactBase:
    from pathlib import Path

    from qtcli.factbase.load import load_factbase  # only needed on a rebuild
    from qtcli.factbase.validate import problems_of

    return load_factbase(Path(root), check=problems_of)


def open_index(root: str, load: Any = load_valid) -> sqlite3.Connection:
    """A connection to the index for the facts at `root`, building it if needed.

    `load(root)` must return a validated FactBase (or raise FactBaseInvalid);
    it is only called when the index has to be rebuilt.
    """
    fp = fingerprint(root)
    directory = cache_dir()
    final = os.path.join(directory, _index_name(fp)) if directory else None
    if final is not None:
        conn = _readable(final, fp)
        if conn is not None:
            return conn
    from pathlib import Path

    from qtcli.factbase.load import content_hash  # only needed on a rebuild

    fb = load(root)
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    build(fb, memory, content_hash(Path(root)))
    memory.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fp,))
    memory.commit()
    if directory is not None and final is not None:
        try:
            _save(memory, directory, final)
        except (OSError, sqlite3.Error):
            pass  # a full or read-only disk: answer from memory this time
    return memory
