"""The compiled index: a SQLite file in the user's cache, kept up to date file by file.

A lookup must not parse TOML, validate, or compute pinyin: it opens this index
and runs a few indexed queries. Each fact base has one index, named by a hash of
its real path (cache.py says which files qt trusts, writes and deletes). The
index records every fact file's size, modification and change times and inode,
so the next lookup after an edit (even one that keeps size and mtime, as `touch
-r` does: the change time moves all the same) sees which files changed, and only
those are compiled again (compile.py); names keep their pinyin from the last build.

An update never touches the index in use: it works on a copy (a fresh build on a
new file) named `.index-….tmp`, under a lock so that eight lookups after an edit
make one build while the others wait for it, and renames it into place when it is
complete. A fact base with problems gets an index too, holding its problems, so a
lookup says what is wrong at once and the fix is compiled like any edit. A cache
that cannot be used (unsafe, read-only, missing or full) is not an error: the
lookup answers from an index built in memory. An unreadable or garbage index file
is ignored and rebuilt.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from qtcli import __version__
from qtcli.errors import ExitCode, FactBaseInvalid, Problem, QtError
from qtcli.index import cache
from qtcli.index.store import (
    FORM_OF,
    LARGE_BASE,
    OBSERVATION,
    SCANNED,
    SHIFT,
    SPACE_CODES,
    SPACE_OF,
    UNIT_SEP,
    Store,
    codes,
    span,
)
from qtcli.paths import cache_dir
from qtcli.records import replace

if TYPE_CHECKING:  # compiling is for builds: a lookup imports none of it (nor TOML, nor checks,
    # nor hashlib and pathlib, which cost a lookup milliseconds)
    from collections import Counter
    from pathlib import Path

    from qtcli.index.compile import Unit

OBSERVATION_COLUMNS = OBSERVATION.removeprefix("SELECT ")
INDEX_FORMAT = "40"
GAP = 1 << 10  # ranks of files are spaced by this much, so that new files fit between
SCHEMA = f"""
PRAGMA application_id = {cache.APPLICATION_ID};
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE file (path TEXT PRIMARY KEY, rank INTEGER NOT NULL, stat TEXT NOT NULL,
                   sha256 TEXT NOT NULL, problems TEXT NOT NULL, unreadable INTEGER NOT NULL,
                   curation TEXT NOT NULL, proofs TEXT NOT NULL DEFAULT '[]');
CREATE TABLE entity (n INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL,
                     source TEXT NOT NULL, line INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE metric (n INTEGER PRIMARY KEY, id TEXT NOT NULL, unit TEXT NOT NULL,
                     line INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE source (n INTEGER PRIMARY KEY, id TEXT NOT NULL, line INTEGER NOT NULL,
                     doc TEXT NOT NULL);
CREATE TABLE uncovered (n INTEGER PRIMARY KEY, source TEXT NOT NULL, number TEXT NOT NULL,
                        line INTEGER NOT NULL);
CREATE TABLE name_key (n INTEGER PRIMARY KEY, key TEXT NOT NULL, target TEXT NOT NULL,
                       space TEXT NOT NULL, form TEXT NOT NULL, text TEXT NOT NULL,
                       gram INTEGER NOT NULL);
CREATE TABLE observation (n INTEGER PRIMARY KEY, metric TEXT NOT NULL, subject TEXT NOT NULL,
                          year INTEGER, source TEXT NOT NULL, unit TEXT, line INTEGER NOT NULL,
                          doc TEXT NOT NULL, words TEXT NOT NULL);
CREATE TABLE fact (n INTEGER PRIMARY KEY, subject TEXT NOT NULL, source TEXT NOT NULL,
                   line INTEGER NOT NULL, doc TEXT NOT NULL, folded TEXT NOT NULL);
CREATE TABLE fact_about (n INTEGER PRIMARY KEY, fact INTEGER NOT NULL, entity TEXT NOT NULL);
CREATE TABLE member (n INTEGER PRIMARY KEY, container TEXT NOT NULL, member TEXT NOT NULL,
                     relation TEXT NOT NULL, kind TEXT NOT NULL, line INTEGER NOT NULL);
CREATE TABLE mention (id TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE lexicon (n INTEGER PRIMARY KEY, line INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE draft (n INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL,
                    line INTEGER NOT NULL);
CREATE TABLE passage (n INTEGER PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL,
                      field TEXT NOT NULL, text TEXT NOT NULL, words TEXT NOT NULL);
CREATE TABLE reading (char TEXT PRIMARY KEY, pinyin TEXT NOT NULL) WITHOUT ROWID;
"""
# Substrings of names, for a base too large to scan them (store.LARGE_BASE): trigrams of the
# keys marked `gram` (the names as written and their usual pinyin, not initials or other
# readings: compile.py), without the per-row sizes that only ranking would read.
FTS = """
CREATE VIRTUAL TABLE key_fts USING fts5(key, content='name_key', content_rowid='n',
                                        tokenize='trigram', columnsize=0);
INSERT INTO key_fts (rowid, key) SELECT n, key FROM name_key WHERE gram;
"""
# No index of observations by source: five sources share a million rows at 100k, so one
# source's observations are a fifth of the table, read as fast by a scan (and 23 MB saved).
INDEXES = """
CREATE INDEX entity_id ON entity (id);
CREATE INDEX metric_id ON metric (id);
CREATE INDEX source_id ON source (id);
CREATE INDEX name_key_key ON name_key (key);
CREATE INDEX observation_metric ON observation (metric, year);
CREATE INDEX observation_subject ON observation (subject);
CREATE INDEX fact_subject ON fact (subject);
CREATE INDEX fact_source ON fact (source);
CREATE INDEX fact_about_entity ON fact_about (entity);
CREATE INDEX member_container ON member (container);
CREATE INDEX member_member ON member (member);
""" + "".join(  # the names a lookup reads whole: regions, metrics (store.SCANNED)
    f"CREATE INDEX name_key_{space} ON name_key (length(key)) "
    f"WHERE space = '{SPACE_CODES[space]}';\n"
    for space in SCANNED
)


class OutOfMemory(QtError):
    """The fact base is too large to index in the memory this process may use."""

    exit_code = ExitCode.NO_MEMORY


# ------------------------------------------------------------------ scanning
FileStat = tuple[str, str]  # (path relative to the root, "size:mtime_ns:inode:ctime_ns")


def scan(root: str) -> tuple[list[FileStat], list[str]]:
    """The .toml files under root in the order the fact base reads them (path order, part by
    part), with what identifies each state of each; and the folders that cannot be listed."""
    files: list[tuple[list[str], FileStat]] = []
    errors: list[str] = []

    def walk(folder: str, rel: list[str]) -> None:
        try:
            with os.scandir(folder) as found:
                entries = list(found)
        except OSError as exc:
            errors.append(("/".join(rel) or ".") + "\t" + (exc.strerror or str(exc)))
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, [*rel, entry.name])
            elif entry.name.endswith(".toml") and entry.is_file():
                info = entry.stat()
                state = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_ctime_ns}"
                files.append(([*rel, entry.name], ("/".join([*rel, entry.name]), state)))

    walk(root, [])
    files.sort(key=lambda item: item[0])
    return [item[1] for item in files], sorted(errors)


def fingerprint(root: str, files: list[FileStat], errors: list[str]) -> str:
    """This exact state of the fact files, without reading them (format, version, real path,
    every file's path, size, times and inode; every folder that cannot be listed)."""
    parts = [INDEX_FORMAT, __version__, os.path.realpath(root)]
    parts += [f"{rel}:{state}" for rel, state in files]
    parts += [f"!{folder}" for folder in errors]
    return "\n".join(parts)


def index_name(root: str) -> str:
    data = os.path.realpath(root).encode("utf-8", "surrogateescape")
    return f"index-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.sqlite"


# ------------------------------------------------------------------ opening
def open_store(root: str | os.PathLike[str]) -> Store:
    """The index for the facts at `root`, built or brought up to date if needed."""
    return Store(open_index(os.fspath(root)))


def open_index(root: str) -> sqlite3.Connection:
    """A connection to the index of the facts at `root`; FactBaseInvalid if they have problems."""
    return _valid(_connection(root), root)


def checked(root: str) -> tuple[dict[str, int], list[Problem]]:
    """The counts of the fact base at `root` and every problem it has (`qt check`), from its
    index: brought up to date file by file like a lookup's, so a check after an edit reads
    only what changed."""
    try:
        conn = _connection(root)
    except FactBaseInvalid as exc:  # no fact files at all
        return {}, list(exc.problems)
    try:
        return json.loads(_get(conn, "counts") or "{}"), _problems(conn, root)
    finally:
        conn.close()


def _connection(root: str) -> sqlite3.Connection:
    files, errors = scan(root)
    if not files and (not errors or not os.path.isdir(root)):
        raise FactBaseInvalid(_no_files(root))
    fp = fingerprint(root, files, errors)
    folder = cache_dir()
    try:
        conn = _cached(root, fp, files, errors, folder) if folder else None
        if conn is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            _full(conn, root, files, errors)
            _meta(conn, {"fingerprint": fp})
    except MemoryError:
        raise OutOfMemory(
            f"not enough memory to index the fact base at {root}; "
            "allow this process more memory (ulimit -v) or split the fact base",
            f"内存不足,无法为 {root} 的事实库建立索引;请允许本进程使用更多内存(ulimit -v)或拆分事实库",
        ) from None
    return conn


def _cached(
    root: str, fp: str, files: list[FileStat], errors: list[str], folder: str
) -> sqlite3.Connection | None:
    """The cached index, brought up to date under its lock; None to build in memory instead."""
    final = os.path.join(folder, index_name(root))
    conn = _readable(final, fp)
    if conn is not None:
        cache.touch(final)
        return conn
    if os.path.lexists(final) and not cache.safe_file(final):
        return None  # someone else's file under qt's name: neither trusted nor replaced
    with cache.locked(final) as held:
        if not held:
            return None
        conn = _readable(final, fp)  # built by another process while this one waited
        if conn is not None:
            return conn
        cache.remove_stale_temps(final)
        try:
            _save(root, final, fp, files, errors)
        except (OSError, sqlite3.Error):
            return None  # a full or read-only disk: answer from memory this time
    cache.evict(final)
    return _readable(final, fp)


def _readable(path: str, expected: str) -> sqlite3.Connection | None:
    """Open an existing index read-only; None if it is not ours, missing, truncated, garbage
    or stale."""
    if not cache.safe_file(path):
        return None
    conn: sqlite3.Connection | None = None
    try:
        size = os.stat(path).st_size
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        row = conn.execute("SELECT v FROM meta WHERE k = 'fingerprint'").fetchone()
        if row and row[0] == expected and size >= pages * page_size and app == cache.APPLICATION_ID:
            return conn
    except (OSError, sqlite3.Error):
        pass
    if conn is not None:
        conn.close()
    return None


def _valid(conn: sqlite3.Connection, root: str) -> sqlite3.Connection:
    """`conn`, unless the fact base it indexes has problems: then FactBaseInvalid, all of them."""
    if not int(_get(conn, "problem_count") or 0):
        return conn
    problems = _problems(conn, root)
    conn.close()
    raise FactBaseInvalid(problems or [Problem(root, "unknown problem")])


def _problems(conn: sqlite3.Connection, root: str) -> list[Problem]:
    return [
        Problem(_where(root, rel, after), message)
        for rel, after, message in json.loads(_get(conn, "problems") or "[]")
    ]


def _where(root: str, rel: str, after: str) -> str:
    from pathlib import Path

    from qtcli.factbase.load import display_path

    return display_path(Path(root, rel)) + after if rel else display_path(Path(root)) + after


def _no_files(root: str) -> list[Problem]:
    from pathlib import Path

    from qtcli.factbase.load import read_factbase

    _, problems = read_factbase(Path(root))
    return problems or [Problem(root, "the facts directory holds no .toml files")]


def discard(store: Store) -> None:
    """Forget a cached index found to be corrupt, so the next open rebuilds it."""
    rows = store.conn.execute("PRAGMA database_list").fetchall()
    store.conn.close()
    for _, name, path in rows:
        if name == "main" and path:
            cache.discard(path)


# ------------------------------------------------------------------ building
def _save(root: str, final: str, fp: str, files: list[FileStat], errors: list[str]) -> None:
    """Bring a copy of the index (or a new one) up to date, then rename it into place."""
    import shutil
    import tempfile

    fd, temp = tempfile.mkstemp(
        prefix=cache.temp_prefix(final), suffix=".tmp", dir=os.path.dirname(final)
    )
    os.close(fd)
    import gc

    # An update makes a million short-lived objects and no cycles worth finding: the
    # collector's passes over the heap cost a 100k edit half a second (a whole build,
    # which forks, keeps it: its workers' memory is what the 1 GB limit is about).
    collecting = gc.isenabled()
    try:
        previous = _previous(final, root)
        if previous and collecting:
            gc.disable()
        early: dict[str, Compiled] = {}
        if previous:
            # The copy is the kernel's work (sendfile, the lock released): the files that
            # changed are compiled meanwhile, from the index in place, which it copies.
            early = _copied_while(lambda: shutil.copyfile(final, temp), final, root, files)
        else:
            previous = _seeded(temp, root)
        conn = sqlite3.connect(temp)
        try:
            generation = int(_get(conn, "generation") or 0) if previous else 0
            try:
                updated = previous and _update(conn, root, files, errors, early)
            except sqlite3.DatabaseError:
                # An update that fails on its own tables is rebuilt whole, once: falling back to
                # memory would fail again on every later lookup, each paying a whole build.
                updated = False
            if not updated:
                if collecting:
                    gc.enable()
                conn.close()
                os.truncate(temp, 0)
                conn = sqlite3.connect(temp)
                _full(conn, root, files, errors)
            # Builds of this index so far: how a benchmark counts them (eight lookups, one build).
            _meta(conn, {"fingerprint": fp, "generation": str(generation + 1)})
        finally:
            conn.close()
        os.replace(temp, final)
    finally:
        if collecting:
            gc.enable()
        if os.path.exists(temp):
            os.unlink(temp)


# The index of the shipped fact base, built ahead (python -m qtcli.index.prebuilt): the
# shipped base's first lookup brings it up to date, file by file, instead of building it.
PREBUILT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "shipped.sqlite.gz")


def _seeded(temp: str, root: str) -> bool:
    """Whether `temp` now holds the prebuilt index, to be brought up to date for `root` (the
    shipped fact base only: its files are the ones the prebuilt index was made from)."""
    import gzip
    import shutil

    from qtcli.paths import shipped_facts

    if os.path.realpath(root) != os.path.realpath(shipped_facts()):
        return False
    try:
        with gzip.open(PREBUILT, "rb") as packed, open(temp, "wb") as out:
            shutil.copyfileobj(packed, out)
        conn = sqlite3.connect(temp)
        try:
            usable = (
                _get(conn, "format") == INDEX_FORMAT
                and _get(conn, "tool_version") == __version__
                and _get(conn, "problem_count") == "0"
            )
            if usable:
                _meta(conn, {"root": os.path.realpath(root), "generation": "0"})
        finally:
            conn.close()
    except (OSError, EOFError, zlib.error, sqlite3.Error):  # missing, cut short or garbled
        usable = False
    if not usable:
        os.truncate(temp, 0)
    return usable


def write_prebuilt(path: str) -> None:
    """Build the index of the shipped fact base and write it, compressed, to `path`."""
    import gzip
    import tempfile

    from qtcli.paths import shipped_facts

    root = shipped_facts()
    files, errors = scan(root)
    with tempfile.TemporaryDirectory() as work:
        built = os.path.join(work, "index.sqlite")
        conn = sqlite3.connect(built)
        try:
            _full(conn, root, files, errors)
            _meta(conn, {"fingerprint": "", "generation": "0"})
            conn.execute("VACUUM")
        finally:
            conn.close()
        with open(built, "rb") as raw, open(path, "wb") as out:
            out.write(gzip.compress(raw.read(), compresslevel=9, mtime=0))


def _previous(final: str, root: str) -> bool:
    """Whether the index in place can be brought up to date (ours, this format, this base)."""
    if not cache.ours(final):
        return False
    try:
        conn = sqlite3.connect(f"file:{final}?mode=ro", uri=True)
        try:
            same = (
                _get(conn, "format") == INDEX_FORMAT and _get(conn, "tool_version") == __version__
            )
            return same and _get(conn, "root") == os.path.realpath(root)
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _pragmas(conn: sqlite3.Connection) -> None:
    # The file is private until renamed into place, and thrown away if the build stops.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB of pages; the build's other memory is small


def _full(conn: sqlite3.Connection, root: str, files: list[FileStat], errors: list[str]) -> None:
    """Write the whole index into an empty database, one file at a time."""
    from collections import Counter

    from qtcli.index.normalize import PinyinKeys, char_readings, shipped_pinyin, t2s_table

    _pragmas(conn)
    conn.executescript(SCHEMA)
    t2s = t2s_table()
    pinyin = PinyinKeys(shipped_pinyin())
    conn.executemany("INSERT INTO reading VALUES (?, ?)", char_readings().items())
    mentions: Counter[str] = Counter()
    jobs = [(root, rel, (i + 1) * GAP) for i, (rel, _) in enumerate(files)]
    units: dict[str, str] = {}  # each metric's unit, as the files read so far give it
    for (rel, state), (unit, sha) in zip(files, _compiled(jobs, t2s, pinyin), strict=True):
        _store(conn, rel, state, unit, sha, units)
        mentions.update(unit.mentions)
    # The facts' documents are read by another process while the indexes are made here.
    apart = _facts_apart(conn)
    try:
        conn.executescript(INDEXES)
        conn.executemany("INSERT INTO mention VALUES (?, ?)", mentions.items())
        _meta(conn, {"t2s": json.dumps(t2s, ensure_ascii=False)})
        _finish(conn, root, errors, None, apart=apart)
    finally:
        if apart is not None:
            apart.stop()


def _facts_apart(conn: sqlite3.Connection) -> Any:
    """A documents.FactsApart reading every fact's document, for a large base whose files
    all were read (none otherwise: _finish reads no documents of a base it cannot read)."""
    from qtcli.factbase.lexicon import Lexicon
    from qtcli.index import documents

    if conn.execute("SELECT 1 FROM file WHERE unreadable LIMIT 1").fetchone():
        return None
    lexicon = Lexicon([entry for _, _, entry in _lexicon_rows(conn)])
    return documents.FactsApart.start(conn, lexicon)


PARALLEL_BYTES = 8 << 20  # fact files larger than this in all are compiled by two processes
Job = tuple[str, str, int]  # (root, path relative to it, rank)


def _compile(
    job: Job,
    t2s: dict[str, str],
    pinyin: Any,
    raw: bytes | None = None,
    prove: bool = True,
    sink: sqlite3.Connection | None = None,
) -> tuple[Unit, str]:
    """One file compiled, and its sha256 ('' when it cannot be read); its values proven unless
    `prove` is False (an edit: `qt check` proves them when it asks, see curation); its largest
    tables written to `sink` as they are made, if given (compile._put)."""
    import hashlib
    from pathlib import Path

    from qtcli.index.compile import Unit, compile_file

    root, rel, rank = job
    path = Path(root, rel)
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError:
        raw = None
    if raw is None:
        from qtcli.factbase.load import parse_file

        unit = Unit()
        unit.rank = rank
        _, _, problems = parse_file(path)  # says why it cannot be read
        unit.problems = [("", p.message) for p in problems]
        unit.unreadable = True
        return unit, ""
    unit = compile_file(path, raw, rank, t2s, pinyin, prove, sink)
    return unit, hashlib.sha256(raw).hexdigest()


def _compiled(jobs: list[Job], t2s: dict[str, str], pinyin: Any) -> Iterator[tuple[Unit, str]]:
    """Each job's file compiled, in order: by two worker processes for a large fact base (the
    parent meanwhile writes what they return), else here. At most three files are in flight,
    so memory holds a few files' rows, not the fact base."""
    size = 0
    for root, rel, _ in jobs:
        try:
            size += os.stat(os.path.join(root, rel)).st_size
        except OSError:
            pass
    if size < PARALLEL_BYTES or (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        for job in jobs:
            yield _compile(job, t2s, pinyin)
        return
    import multiprocessing
    import tempfile
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _WORKER
    context = multiprocessing.get_context("fork")
    pending: deque[Future[tuple[Unit, str]]] = deque()
    # The workers' rows reach the parent as SQLite files in a folder of this build's own
    # (mkdtemp: new, private), which the parent attaches, copies from and deletes.
    with tempfile.TemporaryDirectory(prefix="qt-build-") as spill:
        _WORKER = (t2s, pinyin, spill)  # inherited by the forked workers
        try:
            with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
                for job in jobs:
                    pending.append(pool.submit(_work, job))
                    if len(pending) >= 3:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
        except BrokenProcessPool:  # a worker killed, as the kernel does when memory runs out
            raise MemoryError from None
        finally:
            _WORKER = None


_WORKER: tuple[dict[str, str], Any, str] | None = None


def _work(job: Job) -> tuple[Unit, str]:
    """A worker's file compiled, its rows (but the metrics') written to a new SQLite file, a
    table each, which the parent copies table to table in SQL (_store). A file of 20,000
    companies is 25 MB of pages there, where the same rows sent as Python tuples held 100 MB
    in the parent, and sent as one 25 MB string left its heap that much larger for good."""
    from qtcli.index.compile import scratch, write_rows

    assert _WORKER is not None
    t2s, pinyin, spill = _WORKER
    path = os.path.join(spill, f"{job[2]}.sqlite")
    db = scratch(path)
    try:
        unit, sha = _compile(job, t2s, pinyin, sink=db)
        unit.sink = None
        for table, found in unit.rows.items():
            if table != "metric":
                write_rows(db, table, found)
                unit.rows[table] = []
        db.commit()
    finally:
        db.close()
    unit.spilled = path
    return unit, sha


SPILLED = "spilled"  # the schema a worker's file is attached as (_store)


def _store(
    conn: sqlite3.Connection,
    rel: str,
    state: str,
    unit: Unit,
    sha: str,
    units: dict[str, str] | None = None,
    over: tuple[int, int] | None = None,
    keys: bool = True,
) -> None:
    """Write a compiled file's rows and its entry in the file table; what its values' proofs
    found is held in temporary tables until _proofs reads it. `units`: the unit of each
    metric stored so far, when files are stored in the order they are read (a whole build):
    a value whose unit is a metric's seen already is judged at once. `over`: the span of n
    the file held before an edit; only the rows that differ are deleted and written, so a
    one-record edit of a 20,000-record file rewrites a few rows, not 100,000 (`keys` False:
    its name keys are _replace_names's)."""
    from qtcli.index.compile import TABLES

    if unit.spilled:
        # Attached afresh for each file: two files have the same schema version, and a
        # statement prepared for one would read the other's tables at the first one's pages.
        conn.commit()
        conn.execute(f"ATTACH ? AS {SPILLED}", (unit.spilled,))
        held = {name for (name,) in conn.execute(f"SELECT name FROM {SPILLED}.sqlite_master")}
        for table in TABLES:
            if table in held:
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM {SPILLED}.{table}")
        conn.commit()
        conn.execute(f"DETACH {SPILLED}")
        os.unlink(unit.spilled)
    for table in TABLES:
        rows = unit.rows[table]
        if unit.replaced is not None:  # compiled record by record: these rows replace those
            ns = unit.replaced.get(table, ())
            conn.executemany(f"DELETE FROM {table} WHERE n = ?", [(n,) for n in ns])
        elif over is not None and (keys or table != "name_key"):
            rows = _differing(conn, table, over, rows)
        if rows:
            marks = ",".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    conn.execute(
        "INSERT OR REPLACE INTO file VALUES (?, ?, ?, ?, ?, ?, ?, '[]')",
        (
            rel,
            unit.rank,
            state,
            sha,
            json.dumps(unit.problems, ensure_ascii=False),
            unit.unreadable,
            json.dumps(unit.curation, ensure_ascii=False),
        ),
    )
    for create in PROOF_TABLES:
        conn.execute(create)
    if not unit.proven:
        conn.execute("INSERT OR IGNORE INTO temp.deferred VALUES (?)", (unit.rank,))
        return
    conn.execute("INSERT INTO temp.proved VALUES (?)", (unit.rank,))
    proofs, unproven = unit.proofs, unit.unproven
    if units is not None:
        for _, id, metric_unit, *_ in unit.rows["metric"]:
            units.setdefault(id, metric_unit or "")
        proofs = list(proofs)
        unproven = []
        for row in unit.unproven:
            if row[1] in units:
                proofs += _judged(conn, row, units[row[1]])
            else:
                unproven.append(row)
    conn.executemany("INSERT INTO temp.proof VALUES (?, ?, ?)", proofs)
    conn.executemany("INSERT INTO temp.unproven VALUES (?, ?, ?, ?, ?)", unproven)


def _differing(
    conn: sqlite3.Connection, table: str, over: tuple[int, int], rows: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """Of a table's rows in the span `over`, delete those the file no longer has as they were;
    return the rows it has that the table lacks."""
    held = set(conn.execute(f"SELECT * FROM {table} WHERE n BETWEEN ? AND ?", over))
    if not held:
        return rows
    wanted = set(rows)
    conn.executemany(f"DELETE FROM {table} WHERE n = ?", [(r[0],) for r in held - wanted])
    return [row for row in rows if row not in held]


def _judged(
    conn: sqlite3.Connection, row: tuple[int, str, str, int | None, bool], unit: str
) -> list[tuple[int, str, str]]:
    """What `qt check` says of a value whose unit is its metric's, `unit` (compile._prove):
    (n, location after the path, message)."""
    n, _, units, outcome, whatever = row
    is_proven = bool(units) and unit in units.split(UNIT_SEP)
    if not whatever and outcome != is_proven:
        return []  # the common case, a million times at 100k: nothing imported or read
    from qtcli.factbase.proof import value_problems

    line, *observation = conn.execute(
        f"SELECT o.line, {OBSERVATION_COLUMNS} WHERE o.n = ?", (n,)
    ).fetchone()
    o = Store(conn)._observation(tuple(observation))
    return [(n, f":{line}" if line else "", m) for m in value_problems(o, is_proven)]


# The proofs of the files compiled by this connection (compile._prove), until _proofs reads them.
PROOF_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS proved (rank INTEGER PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS deferred (rank INTEGER PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS proof (n INTEGER, after TEXT, message TEXT)",
    "CREATE TEMP TABLE IF NOT EXISTS unproven (n INTEGER PRIMARY KEY, metric TEXT, units TEXT, "
    "outcome INTEGER, whatever INTEGER)",
)


Compiled = tuple[Any, str, set[str]]  # a unit, its file's sha256, the ids whose keys it kept


def _copied_while(
    copy: Callable[[], object], final: str, root: str, files: list[FileStat]
) -> dict[str, Compiled]:
    """`copy()` run in a thread while the files that changed since the index `final` was
    built are compiled against it (_changed), as _update would; their units, by path."""
    import threading

    failed: list[BaseException] = []

    def run() -> None:
        try:
            copy()
        except BaseException as exc:  # raised again below, in the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        early = _changed(final, root, files)
    finally:
        thread.join()
    if failed:
        raise failed[0]
    return early


def _changed(final: str, root: str, files: list[FileStat]) -> dict[str, Compiled]:
    """The files whose bytes changed since `final` was built, compiled as _update compiles
    them; nothing when that cannot be told (then _update compiles them itself)."""
    out: dict[str, Compiled] = {}
    try:
        conn = sqlite3.connect(f"file:{final}?mode=ro", uri=True)
    except sqlite3.Error:
        return out
    try:
        old = {rel: (rank, state, sha) for rel, rank, state, sha in conn.execute(FILE_ROWS)}
        ranks = _ranks([rel for rel, _ in files], {rel: r for rel, (r, _, _) in old.items()})
        if ranks is None:
            return out
        for rel, _, raw, sha in _edits(root, old, files):
            if raw is not None and sha != old.get(rel, (0, "", ""))[2]:
                out[rel] = _compile_against(conn, root, rel, ranks[rel], old, raw, sha)
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    return out


FILE_ROWS = "SELECT path, rank, stat, sha256 FROM file"
Old = dict[str, tuple[int, str, str]]  # the file table as last built: path → rank, state, sha256


def _edits(
    root: str, old: Old, files: list[FileStat]
) -> Iterator[tuple[str, str, bytes | None, str]]:
    """Each file whose state differs from the index's record of it, with its state, its bytes
    (None: unreadable) and their sha256 ('' when unreadable)."""
    import hashlib
    from pathlib import Path

    for rel, state in files:
        if rel in old and old[rel][1] == state:
            continue
        raw = _read(Path(root, rel))
        yield rel, state, raw, hashlib.sha256(raw).hexdigest() if raw is not None else ""


def _compile_against(
    conn: sqlite3.Connection,
    root: str,
    rel: str,
    rank: int,
    old: Old,
    raw: bytes | None,
    digest: str,
) -> Compiled:
    """A changed file compiled for a lookup (its proofs left to `qt check`), reusing what the
    index holds of it: with a trigram index, the keys of each record whose names the edit left
    alone (_replace_names keeps them, and their trigrams); else the names' pinyin readings."""
    from qtcli.index.normalize import PinyinKeys

    pinyin = PinyinKeys()
    t2s = json.loads(_get(conn, "t2s") or "{}")
    fts = _get(conn, "fts") == "1"
    if rel in old and fts and raw is not None and rank == old[rel][0]:
        held = _held_entities(conn, rel, rank)
        if held is not None:
            from pathlib import Path

            from qtcli.index.compile import compile_changed

            unit = compile_changed(Path(root, rel), raw, rank, t2s, pinyin, held)
            if unit is not None:
                return unit, digest, pinyin.kept
            pinyin = PinyinKeys()
    if rel in old and fts:
        pinyin.names = _namings_of(conn, old[rel][0])
    elif rel in old:
        pinyin.memo = _readings_of(conn, old[rel][0])
    unit, sha = _compile((root, rel, rank), t2s, pinyin, raw, prove=False)
    return unit, sha, pinyin.kept


ENTITY_TABLES = ("entity", "member", "passage", "name_key")  # what a file of entities fills


def _held_entities(conn: sqlite3.Connection, rel: str, rank: int) -> list[Any] | None:
    """A file's entity rows as last built (kind, line, doc), when it held entities only and
    was clean: what compile_changed compiles an edit of it against; else None."""
    from qtcli.index.compile import TABLES

    clean = conn.execute(
        "SELECT 1 FROM file WHERE path = ? AND problems = '[]' AND curation = '[]' "
        "AND NOT unreadable",
        (rel,),
    ).fetchone()
    if clean is None:
        return None
    low, high = span(rank)
    for table in TABLES:
        if table not in ENTITY_TABLES:
            query = f"SELECT 1 FROM {table} WHERE n BETWEEN ? AND ? LIMIT 1"
            if conn.execute(query, (low, high)).fetchone():
                return None
    query = "SELECT kind, line, doc FROM entity WHERE n BETWEEN ? AND ? ORDER BY n"
    return conn.execute(query, (low, high)).fetchall()


def _update(
    conn: sqlite3.Connection,
    root: str,
    files: list[FileStat],
    errors: list[str],
    early: dict[str, Compiled] | None = None,
) -> bool:
    """Compile again only the files that changed (those in `early` compiled already, against
    the same index); False if a whole build is needed instead."""
    from collections import Counter

    _pragmas(conn)
    old = {rel: (rank, state, sha) for rel, rank, state, sha in conn.execute(FILE_ROWS)}
    ranks = _ranks([rel for rel, _ in files], {rel: r for rel, (r, _, _) in old.items()})
    if ranks is None:
        return False
    current = dict(files)
    gone = [rel for rel in old if rel not in current]
    fts = _get(conn, "fts") == "1"
    before: set[tuple[str, str, str]] = set()
    after: set[tuple[str, str, str]] = set()
    mentions: Counter[str] = Counter()
    spans: list[tuple[int, int]] = []
    new_keys: set[tuple[str, bool]] | None = set()  # names added, when told row by row
    longest: dict[str, int] = {}  # the longest key written, by space
    # What metric documents read of the rows gone, changed or added: the quotes of their
    # observations, in order; None when a metric or lexicon row is among them (every metric).
    quoted: tuple[set[Quoted], set[Quoted]] | None = (set(), set())
    for rel in gone:
        quoted = _also(quoted, _metric_inputs(conn, old[rel][0]), set())
        _forget(conn, old[rel][0], before, mentions, fts)
        conn.execute("DELETE FROM file WHERE path = ?", (rel,))
    changed = bool(gone)
    for rel, state, raw, digest in _edits(root, old, files):
        if raw is not None and rel in old and digest == old[rel][2]:
            conn.execute("UPDATE file SET stat = ? WHERE path = ?", (state, rel))
            continue  # touched, not changed
        changed = True
        ready = (early or {}).get(rel)
        if ready is None or raw is None or ready[1] != digest:  # not compiled, or changed since
            ready = _compile_against(conn, root, rel, ranks[rel], old, raw, digest)
        unit, sha, kept = ready
        over = None
        if rel in old:
            quoted = _also(quoted, _metric_inputs(conn, old[rel][0]), set())
            # Its rows stay; _store rewrites those that differ (with a trigram index, a
            # record whose names are unchanged keeps its name keys: _replace_names).
            _forget(conn, old[rel][0], before, mentions, fts=False, delete=False)
            over = span(old[rel][0])
        quoted = _also(quoted, set(), _unit_metric_inputs(unit))
        for row in unit.rows["name_key"]:  # (n, key, target, space, …): the keys written anew
            space = SPACE_OF[row[3]]
            longest[space] = max(longest.get(space, 0), len(row[1]))
        try:
            added = _replace_names(conn, unit, ranks[rel], kept) if fts else None
        except NoRoom:
            return False
        _store(conn, rel, state, unit, sha, over=over, keys=not fts)
        mentions.update(unit.mentions)
        after |= {(space, id, "") for space, id in unit.ids}
        spans.append(span(ranks[rel]))
        if added is not None and new_keys is not None:
            new_keys.update(added)
        else:
            new_keys = None
    for id, n in mentions.items():
        if n:
            conn.execute(
                "INSERT INTO mention VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = n + ?",
                (id, n, n),
            )
    if not changed and errors == _unlistable(_get(conn, "fingerprint") or ""):
        # Every byte as it was (a checkout, a touch, the prebuilt index of the shipped base):
        # what was derived from the files still holds; only where they are is new.
        _meta(conn, {"root": os.path.realpath(root)})
        return True
    gone_ids = {(space, id) for space, id, _ in before} - {(s, i) for s, i, _ in after}
    # The rows to check across records: those just compiled, when the rest was clean; when it
    # was not, the files the last problems were found in too (a duplicate name an edit makes
    # must not cost the next edit a whole check). Everything when an id went away.
    last = _get(conn, "cross_ranks")
    narrow = _get(conn, "cross_clean") == "1" or bool(last)
    narrow = narrow and not gone_ids and not gone
    checked = list(spans)
    if narrow and _get(conn, "cross_clean") != "1":
        held = set(ranks.values())
        checked += [span(rank) for rank in json.loads(last or "[]") if rank in held]
        new_keys = None  # names there may be shared still: every name of those files
    _finish(
        conn,
        root,
        errors,
        spans if narrow else None,
        new_keys if narrow else None,
        None if quoted is None else {metric for _, metric, _ in quoted[0] ^ quoted[1]},
        checked if narrow else None,
        longest,
    )
    return True


METRIC_INPUTS = ("metric", "observation", "lexicon")  # the tables metric documents read


Quoted = tuple[int, str, str | None]  # an observation's row, metric and quote


def _metric_inputs(conn: sqlite3.Connection, rank: int) -> set[Quoted] | None:
    """What metric documents read of a file's rows as last indexed: its observations' quotes,
    or None (every metric's document) when it holds a metric or lexicon row."""
    low, high = span(rank)
    for table in ("metric", "lexicon"):
        query = f"SELECT 1 FROM {table} WHERE n BETWEEN ? AND ? LIMIT 1"
        if conn.execute(query, (low, high)).fetchone():
            return None
    rows = conn.execute(
        "SELECT n, metric, json_extract(doc, '$.quote') FROM observation WHERE n BETWEEN ? AND ?",
        (low, high),
    )
    return set(rows)


def _unit_metric_inputs(unit: Any) -> set[Quoted] | None:
    """As _metric_inputs, for a file just compiled."""
    if unit.rows["metric"] or unit.rows["lexicon"]:
        return None
    return {(row[0], row[1], json.loads(row[7]).get("quote")) for row in unit.rows["observation"]}


def _also(
    quoted: tuple[set[Quoted], set[Quoted]] | None,
    before: set[Quoted] | None,
    after: set[Quoted] | None,
) -> tuple[set[Quoted], set[Quoted]] | None:
    """What metric documents read, before and after, with one file's rows added (None: every
    metric's document, once any file holds a metric or lexicon row)."""
    if quoted is None or before is None or after is None:
        return None
    quoted[0].update(before)
    quoted[1].update(after)
    return quoted


def _unlistable(fp: str) -> list[str]:
    """The folders a fingerprint says could not be listed (see fingerprint)."""
    return [line[1:] for line in fp.splitlines() if line.startswith("!")]


def _namings_of(conn: sqlite3.Connection, rank: int) -> dict[str, tuple[Any, ...]]:
    """What each record of a file made its name keys from, last time (kind, names, id,
    aliases), by id: a record that still has the same keeps its keys (compile.name_keys)."""
    from qtcli.index.compile import naming

    known: dict[str, tuple[Any, ...]] = {}
    for table, kind in (("entity", "kind"), ("metric", "'metric'")):
        # The names read by SQLite: parsing 20,000 documents in Python took 0.3 s.
        rows = conn.execute(
            f"SELECT {kind}, json_extract(doc, '$.name.zh'), json_extract(doc, '$.name.en'), "
            f"id, json_extract(doc, '$.aliases') FROM {table} WHERE n BETWEEN ? AND ?",
            span(rank),
        )
        for space, zh, en, id, aliases in rows:
            known[id] = naming(space, zh, en, id, json.loads(aliases) if aliases else ())
    return known


class NoRoom(Exception):
    """A file's span of n has no room left for its new name keys: a whole build renumbers."""


def _replace_names(
    conn: sqlite3.Connection, unit: Unit, rank: int, kept: set[str]
) -> set[tuple[str, bool]]:
    """Bring a file's name keys (and their trigrams) up to date record by record: the keys of
    `kept` records stay as they are, so the trigram index changes only where names did (at
    100k entities a file holds 400,000 keys, and re-indexing them all takes seconds). Returns
    the (key, is-a-metric) of the keys added, the only ones that can share a name anew."""
    low, high = span(rank)
    # The rows of records not kept, found by SQLite (a file has 400,000 keys at 100k).
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stale (n INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.stale")
    conn.execute(
        "INSERT INTO temp.stale SELECT n FROM name_key WHERE n BETWEEN ? AND ? "
        "AND target NOT IN (SELECT value FROM json_each(?))",
        (low, high, json.dumps(sorted(kept), ensure_ascii=False)),
    )
    conn.execute(
        "INSERT INTO key_fts (key_fts, rowid, key) "
        "SELECT 'delete', n, key FROM name_key WHERE n IN temp.stale AND gram"
    )
    conn.execute("DELETE FROM name_key WHERE n IN temp.stale")
    # New keys go after the last kept one.
    last = conn.execute("SELECT max(n) FROM name_key WHERE n BETWEEN ? AND ?", (low, high))
    top = last.fetchone()[0] or low - 1
    if top + len(unit.rows["name_key"]) > high:
        raise NoRoom
    added = [(top + 1 + i, *row[1:]) for i, row in enumerate(unit.rows["name_key"])]
    conn.executemany("INSERT INTO name_key VALUES (?, ?, ?, ?, ?, ?, ?)", added)
    conn.executemany(
        "INSERT INTO key_fts (rowid, key) VALUES (?, ?)", [r[:2] for r in added if r[-1]]
    )
    unit.rows["name_key"] = []
    return {(row[1], row[3] == SPACE_CODES["metric"]) for row in added}


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _ranks(paths: list[str], old: dict[str, int]) -> dict[str, int] | None:
    """Each file's rank: kept if it had one, else between its neighbours' (None: no room)."""
    ranks: dict[str, int] = {}
    previous = 0
    for i, rel in enumerate(paths):
        if rel in old:
            if old[rel] <= previous:
                return None
            ranks[rel] = previous = old[rel]
            continue
        following = next((old[p] for p in paths[i + 1 :] if p in old), previous + 2 * GAP)
        if following - previous < 2:
            return None
        ranks[rel] = previous = (previous + following) // 2
    return ranks


def _readings_of(conn: sqlite3.Connection, rank: int) -> dict[str, list[tuple[str, str]]]:
    """The pinyin keys of a file's names as its last build computed them, reused for every name
    the edit left alone. Only each record's first name is taken: its keys are all there, while
    an alias's may be missing one its name already gave (a key is kept once per record)."""
    memo: dict[str, list[tuple[str, str]]] = {}
    first = {
        text
        for (text,) in conn.execute(
            "SELECT text FROM name_key WHERE n BETWEEN ? AND ? AND form = ?",
            (*span(rank), *codes(forms=["name"])),
        )
    }
    rows = conn.execute(
        "SELECT text, key, form FROM name_key WHERE n BETWEEN ? AND ? "
        "AND form IN (?, ?) ORDER BY n",
        (*span(rank), *codes(forms=["pinyin", "initials"])),
    )
    for text, key, form in rows:
        if text in first:
            memo.setdefault(text, []).append((key, FORM_OF[form]))
    return memo


def _forget(
    conn: sqlite3.Connection,
    rank: int,
    ids: set[tuple[str, str, str]],
    mentions: Counter[str],
    fts: bool,
    delete: bool = True,
) -> None:
    """Delete a file's rows (unless not `delete`), noting the ids it defined and the mentions
    it counted."""
    low, high = span(rank)
    bounds = (low, high)
    for id, kind in conn.execute("SELECT id, kind FROM entity WHERE n BETWEEN ? AND ?", bounds):
        ids.add(("entity", id, kind))
    for table in ("metric", "source"):
        for (id,) in conn.execute(f"SELECT id FROM {table} WHERE n BETWEEN ? AND ?", bounds):
            ids.add((table, id, ""))
    for subject, metric in conn.execute(
        "SELECT subject, metric FROM observation WHERE n BETWEEN ? AND ?", bounds
    ):
        mentions[subject] -= 1
        mentions[metric] -= 1
    for (subject,) in conn.execute("SELECT subject FROM fact WHERE n BETWEEN ? AND ?", bounds):
        mentions[subject] -= 1
    for (entity,) in conn.execute("SELECT entity FROM fact_about WHERE n BETWEEN ? AND ?", bounds):
        mentions[entity] -= 1
    if not delete:
        return
    if fts:
        conn.execute(
            "INSERT INTO key_fts (key_fts, rowid, key) "
            "SELECT 'delete', n, key FROM name_key WHERE n BETWEEN ? AND ? AND gram",
            bounds,
        )
    from qtcli.index.compile import TABLES

    for table in TABLES:
        conn.execute(f"DELETE FROM {table} WHERE n BETWEEN ? AND ?", bounds)


def _finish(
    conn: sqlite3.Connection,
    root: str,
    errors: list[str],
    spans: list[tuple[int, int]] | None,
    new_keys: set[tuple[str, bool]] | None = None,
    metrics: set[str] | None = None,
    checked: list[tuple[int, int]] | None = None,
    written: dict[str, int] | None = None,
    apart: Any = None,
) -> None:
    """Cross-record checks (over `checked`, else `spans`, or everything), counts and the
    problem list; the documents of `metrics` (every metric's when None) made again (the
    facts' read by `apart`, a documents.FactsApart, when given)."""
    from qtcli.factbase.load import UNREADABLE
    from qtcli.index import crosscheck, documents

    files = conn.execute(
        "SELECT path, rank, problems, unreadable FROM file ORDER BY rank"
    ).fetchall()
    by_rank = {rank: rel for rel, rank, _, _ in files}
    problems: list[tuple[str, str, str]] = []
    whole_problems = cross_ranks = ""  # none kept when the checks were not run
    for error in errors:
        folder, _, reason = error.partition("\t")
        where = "" if folder == "." else folder
        problems.append(
            (where, "", f"a folder that cannot be read ({reason}); fix its permissions")
        )
    for rel, _, found, _ in files:
        problems += [(rel, after, message) for after, message in json.loads(found)]
    unreadable = bool(errors) or any(u for _, _, _, u in files)
    unreadable = unreadable or any(m.startswith(UNREADABLE) for _, _, m in problems)
    cross_count = 0
    if not unreadable:

        def origin(n: int, line: int) -> str:
            return _where(root, by_rank.get(n >> SHIFT, ""), f":{line}" if line else "")

        from qtcli.factbase.lexicon import Lexicon

        lexicon = Lexicon([entry for _, _, entry in _lexicon_rows(conn)])
        # A whole build's metrics are read while the records are checked (documents.py).
        if spans is None and apart is None:
            apart = documents.FactsApart.start(conn, lexicon)
        apart_metrics = (
            documents.FactsApart.start_metrics(conn, lexicon, apart) if spans is None else None
        )
        try:
            found = crosscheck.problems(conn, checked or spans, origin, new_keys)
            cross_ranks = json.dumps(sorted({n >> SHIFT for n, _, _ in found}))
            # The lexicon's and the metrics' checks read only their rows: kept while they are.
            kept = (
                _get(conn, "whole_problems") if spans is not None and metrics is not None else None
            )
            whole = (
                [tuple(p) for p in json.loads(kept)]
                if kept
                else _whole_problems(conn, lexicon, origin)
            )
            whole_problems = json.dumps(whole, ensure_ascii=False)
            found += whole
            cross = [
                (by_rank.get(n >> SHIFT, ""), f":{line}" if line else "", m) for n, line, m in found
            ]
            cross_count = len(cross)
            problems += cross
            _documents(conn, spans, lexicon, metrics, apart, apart_metrics)
        finally:
            for process in (apart, apart_metrics):
                if process is not None:
                    process.stop()
        _proofs(conn, spans, by_rank)
    keys = int(conn.execute("SELECT count(*) FROM name_key").fetchone()[0])
    fts = _get(conn, "fts") == "1"
    if keys > LARGE_BASE and not fts:
        conn.executescript(FTS)
    elif keys <= LARGE_BASE and fts:
        conn.execute("DROP TABLE key_fts")
    _meta(
        conn,
        {
            "format": INDEX_FORMAT,
            "fts": "1" if keys > LARGE_BASE else "0",
            "longest": json.dumps(_longest(conn, spans, written)),
            "tool_version": __version__,
            "root": os.path.realpath(root),
            "cross_clean": "1" if not unreadable and not cross_count else "0",
            "problem_count": str(len(problems)),
            "problems": json.dumps(problems, ensure_ascii=False),
            "counts": json.dumps(_counts(conn)),
            "keys": str(keys),
            "content_hash": _content_hash(conn),
            "whole_problems": whole_problems,
            "cross_ranks": cross_ranks,
        },
    )
    conn.commit()


def _lexicon_rows(conn: sqlite3.Connection) -> list[tuple[int, int, Any]]:
    """The lexicon entries in fact-base order, as (n, line, entry)."""
    from qtcli.factbase.codec import lexicon_entry_from_dict

    out = []
    for n, line, doc in conn.execute("SELECT n, line, doc FROM lexicon ORDER BY n"):
        entry = lexicon_entry_from_dict({**json.loads(doc), "origin": f"@{n}"})
        out.append((n, line, entry))
    return out


def _whole_problems(
    conn: sqlite3.Connection, lexicon: Any, origin: Callable[[int, int], str]
) -> list[tuple[int, int, str]]:
    """The checks of the lexicon and the metrics as wholes (validate.WHOLE_CHECKS), over
    their tables: (n, line, message) as crosscheck gives them, a record the message names
    told by `origin` (file and line)."""
    import re

    from qtcli.factbase.codec import metric_from_dict
    from qtcli.factbase.model import FactBase
    from qtcli.factbase.validate import check_lexicon, check_metric_facets

    fb = FactBase(root="")
    lines: dict[int, int] = {}
    for n, line, entry in _lexicon_rows(conn):
        fb.lexicon.append(entry)
        lines[n] = line
    for n, line, doc in conn.execute("SELECT n, line, doc FROM metric ORDER BY n"):
        metric = metric_from_dict({**json.loads(doc), "origin": f"@{n}"})
        fb.metrics.setdefault(metric.id, metric)
        lines[n] = line
    out = []
    for problem in [*check_lexicon(fb), *check_metric_facets(fb, lexicon)]:  # WHOLE_CHECKS
        n = int(problem.location[1:]) if problem.location.startswith("@") else 0
        message = re.sub(
            r"@(\d+)", lambda m: origin(int(m[1]), lines.get(int(m[1]), 0)), problem.message
        )
        out.append((n, lines.get(n, 0), message))
    return out


def _documents(
    conn: sqlite3.Connection,
    spans: list[tuple[int, int]] | None,
    lexicon: Any,
    metrics: set[str] | None = None,
    made: Any = None,
    made_metrics: Any = None,
) -> None:
    """The lexicon, and the documents questions are matched against (documents.py): those of
    `metrics` (every metric's when None: read apart by `made_metrics`, if given), the facts
    of `spans` (all, when None: read apart by `made`, a documents.FactsApart, if given)."""
    from qtcli.index import documents

    documents.refresh(conn, lexicon, spans, metrics, made, made_metrics)
    _meta(conn, {"lexicon": lexicon.to_json()})


PROOF_CHUNK = 10_000  # observations proven at a time
PENDING = "pending"  # a file's proofs, when `qt check` is to work them out (see _proofs)


def _proofs(
    conn: sqlite3.Connection, spans: list[tuple[int, int]] | None, by_rank: dict[int, str]
) -> None:
    """Each value of the observations in `spans` (all, when None) proven from its printed
    form (proof.py), units resolved through their metrics: kept per file for `qt check`.
    Files this connection compiled were proven as they were (compile._prove): what is left
    is to resolve the units their observations take from metrics. Files compiled for a
    lookup after an edit are left PENDING, for `qt check` to prove (curation). Others are
    read again."""
    ranks = {low >> SHIFT for low, _ in spans} if spans is not None else set(by_rank)
    for create in PROOF_TABLES:
        conn.execute(create)
    proved = {r for (r,) in conn.execute("SELECT rank FROM temp.proved")} & ranks
    deferred = {r for (r,) in conn.execute("SELECT rank FROM temp.deferred")} & ranks
    conn.executemany(
        "UPDATE file SET proofs = ? WHERE rank = ?", [(PENDING, r) for r in sorted(deferred)]
    )
    ranks -= deferred
    found: dict[int, list[tuple[int, str, str]]] = {rank: [] for rank in ranks}
    store = Store(conn)
    for n, after, message in conn.execute("SELECT n, after, message FROM temp.proof"):
        if n >> SHIFT in proved:
            found[n >> SHIFT].append((n, after, message))
    metric_unit: dict[str, str] = {}
    for id, unit in conn.execute("SELECT id, coalesce(unit, '') FROM metric ORDER BY n"):
        metric_unit.setdefault(id, unit)
    rows = conn.execute("SELECT n, metric, units, outcome, whatever FROM temp.unproven")
    for row in rows.fetchall():
        if row[0] >> SHIFT in proved:
            found[row[0] >> SHIFT] += _judged(conn, row, metric_unit.get(row[1], ""))
    others = sorted(ranks - proved)
    if others:
        _prove_again(conn, store, [span(rank) for rank in others], found)
    for rank, listed in found.items():
        listed.sort(key=lambda item: item[0])  # stable: an observation's messages in order
        conn.execute(
            "UPDATE file SET proofs = ? WHERE rank = ?",
            (json.dumps([item[1:] for item in listed], ensure_ascii=False), rank),
        )
    for table in ("proved", "deferred", "proof", "unproven"):
        conn.execute(f"DELETE FROM temp.{table}")


def _prove_again(
    conn: sqlite3.Connection,
    store: Store,
    spans: list[tuple[int, int]],
    found: dict[int, list[tuple[int, str, str]]],
) -> None:
    """The proofs of the observations in `spans`, read again from their rows."""
    from qtcli.factbase.model import FactBase
    from qtcli.factbase.proof import check_values

    where = " OR ".join("o.n BETWEEN ? AND ?" for _ in spans)
    args = [bound for s in spans for bound in s]
    rows = conn.execute(f"SELECT o.line, {OBSERVATION_COLUMNS} WHERE {where}", args)
    while chunk := rows.fetchmany(PROOF_CHUNK):  # a million observations are never all held
        fb = FactBase(root="")
        lines: dict[int, int] = {}
        for line, *row in chunk:
            o = store._observation(tuple(row))
            n = int(row[0])
            fb.observations.append(replace(o, origin=f"@{n}"))
            lines[n] = line
        for problem in check_values(fb):
            n = int(problem.location[1:])
            line = lines.get(n, 0)
            found[n >> SHIFT].append((n, f":{line}" if line else "", problem.message))


def _pending_proven(
    conn: sqlite3.Connection, rows: list[tuple[str, str, str]], by_rank: dict[int, str]
) -> list[tuple[str, str, str]]:
    """`rows` (path, curation, proofs), the proofs an edit left PENDING worked out now."""
    ranks = {path: rank for rank, path in by_rank.items()}
    pending = [ranks[path] for path, _, proofs in rows if proofs == PENDING]
    if not pending:
        return rows
    found: dict[int, list[tuple[int, str, str]]] = {rank: [] for rank in pending}
    _prove_again(conn, Store(conn), [span(rank) for rank in pending], found)
    worked = {
        by_rank[rank]: json.dumps([item[1:] for item in sorted(listed, key=lambda i: i[0])])
        for rank, listed in found.items()
    }
    return [(path, cur, worked.get(path, proofs)) for path, cur, proofs in rows]


def curation(root: str) -> list[Problem]:
    """What `qt check` asks of a curator beyond what a lookup needs (drafts awaiting review,
    values not proven from their printed form), from the index of the facts at `root`."""
    conn = _connection(root)
    try:
        rows = conn.execute("SELECT path, curation, proofs FROM file ORDER BY rank").fetchall()
        by_rank = dict(conn.execute("SELECT rank, path FROM file").fetchall())
        rows = _pending_proven(conn, rows, by_rank)
        # A draft entity may not take an id a record (or an earlier draft) has.
        taken = conn.execute(
            "SELECT d.n, d.kind, d.id, d.line, coalesce("
            "(SELECT e.n || ':' || e.line FROM entity e WHERE e.id = d.id ORDER BY e.n LIMIT 1),"
            "(SELECT f.n || ':' || f.line FROM draft f WHERE f.id = d.id AND f.n < d.n "
            "ORDER BY f.n LIMIT 1)) FROM draft d ORDER BY d.n"
        ).fetchall()
        twice = _recorded_twice(conn)
    finally:
        conn.close()
    out = [
        Problem(_where(root, rel, after), message)
        for rel, *lists in rows
        for listed in lists
        for after, message in json.loads(listed)
    ]
    for n, kind, id, line, first in taken:
        if first is None:
            continue
        first_n, _, first_line = first.partition(":")
        at = _where(root, by_rank.get(int(first_n) >> SHIFT, ""), f":{first_line}")
        where = _where(root, by_rank.get(n >> SHIFT, ""), f":{line}")
        message = f"draft {kind} '{id}': id '{id}' is taken (first defined at {at})"
        out.append(Problem(where, message))
    for n, line, metric, subject, first_n, first_line in twice:
        at = _where(root, by_rank.get(first_n >> SHIFT, ""), f":{first_line}")
        where = _where(root, by_rank.get(n >> SHIFT, ""), f":{line}")
        message = (
            f"observation of '{metric}' for '{subject}': the same figure from the same quote "
            f"is recorded already (at {at})"
        )
        out.append(Problem(where, message))
    return out


def _recorded_twice(conn: sqlite3.Connection) -> list[tuple[int, int, str, str, int, int]]:
    """Observations that repeat an earlier one: the same metric, subject, year and source, and
    the same value, period and quote (its note aside), with where the first is recorded.
    Worked out only when `qt check` asks, so an index build pays nothing for it."""
    groups = conn.execute(
        "SELECT min(n), group_concat(n) FROM observation GROUP BY metric, subject, year, "
        "source, json_remove(doc, '$.note') HAVING count(*) > 1"
    ).fetchall()
    out = []
    for first, ns in groups:  # few: a group per figure recorded twice
        rows = conn.execute(
            "SELECT n, line, metric, subject FROM observation WHERE n IN "
            f"({', '.join('?' for _ in ns.split(','))}) ORDER BY n",
            [int(n) for n in ns.split(",")],
        ).fetchall()
        out += [
            (n, line, metric, subject, first, rows[0][1]) for n, line, metric, subject in rows[1:]
        ]
    return out


def _longest(
    conn: sqlite3.Connection,
    spans: list[tuple[int, int]] | None,
    written: dict[str, int] | None = None,
) -> dict[str, int]:
    """The longest name key of each space (after an edit, at least as long as any: a bound,
    raised by the keys the edit `written`, when told, else by every key of `spans`)."""
    longest: dict[str, int] = json.loads(_get(conn, "longest") or "{}") if spans else {}
    if spans and written is not None:
        for space, length in written.items():
            longest[space] = max(longest.get(space, 0), length)
        return longest
    where = " OR ".join("n BETWEEN ? AND ?" for _ in spans or ()) or "1"
    args = [bound for span in spans or () for bound in span]
    rows = conn.execute(
        f"SELECT space, max(length(key)) FROM name_key WHERE {where} GROUP BY space", args
    )
    for code, length in rows:
        space = SPACE_OF[code]
        longest[space] = max(longest.get(space, 0), int(length))
    return longest


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = {"sources": _count(conn, "source")}
    kinds = dict(conn.execute("SELECT kind, count(*) FROM entity GROUP BY kind").fetchall())
    for kind, plural in (("region", "regions"), ("park", "parks"), ("company", "companies")):
        counts[plural] = int(kinds.get(kind, 0))
    counts["orgs"] = int(kinds.get("org", 0))
    counts["metrics"] = _count(conn, "metric")
    counts["observations"] = _count(conn, "observation")
    counts["facts"] = _count(conn, "fact")
    counts["uncovered"] = _count(conn, "uncovered")
    return counts


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _content_hash(conn: sqlite3.Connection) -> str:
    """sha256 over every fact file's path and sha256: the fact base's version."""
    import hashlib

    digest = hashlib.sha256()
    for rel, sha in conn.execute("SELECT path, sha256 FROM file ORDER BY rank"):
        digest.update(f"{rel}\0{sha}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _meta(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())
    conn.commit()


def _get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
    return str(row[0]) if row else None


# ------------------------------------------------------------------ helpers for others
def load_valid(root: str) -> Any:
    """The whole fact base as records, validated (export and tests; never on a lookup)."""
    from pathlib import Path

    from qtcli.factbase.load import load_factbase  # only needed on a rebuild
    from qtcli.factbase.validate import problems_of

    return load_factbase(Path(root), check=problems_of)


def members(fb: Any) -> Iterator[tuple[str, str, str]]:
    """(container, member, relation): what sits in each region and park."""
    from qtcli.index.compile import members as of

    return of(list(fb.entities.values()))


def shipped_names() -> list[str]:
    """Every name and alias of the shipped fact base (for normalize.write_tables)."""
    from qtcli.paths import shipped_facts

    fb = load_valid(shipped_facts())
    names: list[str] = []
    for record in [*fb.entities.values(), *fb.metrics.values()]:
        names += [record.name.zh, record.name.en, *record.aliases]
    return names
