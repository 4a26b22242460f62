"""Read access to the compiled index: records by id, facts and observations by subject.

Every method is one or two indexed SQLite queries returning model objects, so a
lookup costs the same whether the fact base holds a hundred entities or a
hundred thousand.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, TypeVar

from qtcli.factbase.codec import (
    entity_from_dict,
    fact_from_dict,
    metric_from_dict,
    observation_from_dict,
    source_from_dict,
)
from qtcli.factbase.lexicon import Lexicon, Weights
from qtcli.factbase.model import ENTITY_KINDS, Entity, Fact, Metric, Observation, Source
from qtcli.records import record

T = TypeVar("T")
# A name key as the matchers read it: (target id, space, folded key, name as written, weight).
KeyRow = tuple[str, str, str, str, float]
# Above this many name keys a scan of every key is too slow for a lookup: matching uses the
# trigram index only (typo candidates by halves, words by pieces).
LARGE_BASE = 50_000
NAME_FORMS = ("name", "en", "alias")  # the forms a person wrote, not derived keys
# Every key an output shows, by table: what `qt show KEY` looks up and completes (facts and
# observations are keyed '<file stem>#f<place>' and '#o<place>', told by where their row is).
KEYED = (("entity", "id"), ("metric", "id"), ("source", "id"))
CACHED = 20_000  # decoded entities a store keeps (a batch of lookups meets the same ones)
# Spaces whose names a lookup reads whole however large the base (places a query wraps around
# a name; metrics to match a question against): each has a partial index (build.py).
SCANNED = ("region", "metric")
# A name key's space and form are one letter each in the index (SPACE_CODES, FORM_CODES): with
# a million and a half keys at 100k entities, 'company' and 'initials' written out were a
# twentieth of the cache. Only this module and those that write the keys see the letters,
# which sort as the spaces' names do (ORDER BY space).
SPACE_CODES = {"region": "r", "park": "p", "company": "c", "org": "o", "metric": "m"}
FORM_CODES = {
    "name": "n",
    "en": "e",
    "id": "i",
    "alias": "a",
    "stripped": "s",
    "pinyin": "p",
    "initials": "j",
    "acronym": "x",
}
SPACE_OF = {code: space for space, code in SPACE_CODES.items()}
FORM_OF = {code: form for form, code in FORM_CODES.items()}


def codes(spaces: Iterable[str] = (), forms: Iterable[str] = ()) -> tuple[str, ...]:
    """The letters the index writes for these spaces, then these forms (an unknown one as
    itself, which no key has)."""
    return (
        *(SPACE_CODES.get(s, s) for s in spaces),
        *(FORM_CODES.get(f, f) for f in forms),
    )


def _spelt(rows: Iterable[tuple[Any, ...]]) -> list[KeyRow]:
    """KeyRows (target, space, key, text, weight) with the space spelt out."""
    return [(t, SPACE_OF[s], k, x, w) for t, s, k, x, w in rows]


@record
class ObservationRow:
    """An observation with what the index knows about it: who it conflicts with."""

    observation: Observation
    conflicts_with: tuple[str, ...] = ()

    @property
    def conflict(self) -> bool:
        return bool(self.conflicts_with)


# An observation's columns hold what its document leaves out; a unit left to the metric is the
# metric's (resolved here, so an edit of the metric needs no update of its observations).
OBSERVATION = (
    "SELECT o.n, o.doc, o.metric, o.subject, o.year, o.source, coalesce(o.unit, "
    "(SELECT m.unit FROM metric m WHERE m.id = o.metric ORDER BY m.n LIMIT 1), '') "
    "FROM observation o"
)
# A name's weight: how much the fact base says about what it names (build.py counts mentions).
WEIGHT = "min(1.0, coalesce((SELECT p.n FROM mention p WHERE p.id = target), 0) / 40.0)"


SHIFT = 24  # a row's n is its file's rank << SHIFT | its place in the file (compile.py)
UNIT_SEP = "\x1f"  # between the units that prove a value (compile._prove; no unit holds it)
POSITION = (1 << SHIFT) - 1


def _observation_key(stems: dict[int, str], n: int) -> str:
    """The key of the observation in row `n` ('<file stem>#o<place>'): told by where it is."""
    return f"{stems.get(n >> SHIFT, '')}#o{(n & POSITION) + 1}"


def span(rank: int) -> tuple[int, int]:
    """The range of n that a file of this rank owns."""
    return rank << SHIFT, ((rank + 1) << SHIFT) - 1


def _with_conflicts(observations: list[Observation]) -> list[ObservationRow]:
    """Rows that say which others disagree with them (computed over whole groups: every
    observation of the same metric, subject, year, period and status is among `observations`)."""
    from qtcli.factbase.conflicts import find_conflicts

    conflicts = find_conflicts(observations)
    return [ObservationRow(o, tuple(conflicts.get(o.key, ()))) for o in observations]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class TermCounts(Mapping[str, int]):
    """A table of term → document count, read a term at a time as a question needs it: a
    large base holds hundreds of thousands of terms, and a question asks about a dozen."""

    def __init__(self, conn: sqlite3.Connection, table: str) -> None:
        self.conn, self.table = conn, table
        self._read: dict[str, int | None] = {}

    def __getitem__(self, term: str) -> int:
        if term not in self._read:
            row = self.conn.execute(
                f"SELECT df FROM {self.table} WHERE term = ?", (term,)
            ).fetchone()
            self._read[term] = row[0] if row else None
        found = self._read[term]
        if found is None:
            raise KeyError(term)
        return found

    def __iter__(self) -> Iterator[str]:
        return (term for (term,) in self.conn.execute(f"SELECT term FROM {self.table}"))

    def __len__(self) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])


class Store:
    """The index behind one fact base."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._entities: dict[str, Entity] = {}
        self._small: dict[str, dict[str, Any]] = {}

    def file(self) -> str:
        """The index's file, or '' when it is held in memory."""
        row = self.conn.execute("PRAGMA database_list").fetchone()
        return str(row[2] or "") if row else ""

    def reopened(self) -> Store:
        """The same index through a connection of its own, read-only: for a process forked from
        this one (a connection must not cross a fork). Only for an index in a file."""
        path = self.file()
        if not path:
            raise ValueError("an index in memory cannot be opened again")
        from urllib.parse import quote

        return Store(sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True))

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    @cached_property
    def t2s(self) -> dict[str, str]:
        raw = self.meta("t2s")
        return json.loads(raw) if raw else {}

    def counts(self) -> dict[str, Any]:
        raw = self.meta("counts")
        return json.loads(raw) if raw else {}

    # ------------------------------------------------------------------ records
    def entity(self, id: str) -> Entity | None:
        return self.entities([id]).get(id)

    def entities(self, ids: Iterable[str], kind: str | None = None) -> dict[str, Entity]:
        """The entities with these ids (of this kind, if given), decoding no others (and each
        once: a batch meets the same parks and regions again and again)."""
        wanted = set(ids)
        known = self._entities
        missing = sorted(id for id in wanted if id not in known)
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            query = f"SELECT id, doc FROM entity WHERE id IN ({_marks(len(chunk))}) ORDER BY n"
            for id, doc in self.conn.execute(query, chunk):
                known.setdefault(id, entity_from_dict(json.loads(doc)))
        if len(known) > CACHED:
            found = {id: known[id] for id in wanted if id in known}
            known.clear()
            known.update(found)
        kinds = ENTITY_KINDS if kind is None else (kind,)
        return {id: known[id] for id in sorted(wanted) if id in known and known[id].kind in kinds}

    def entities_of(self, kind: str) -> list[Entity]:
        rows = self.conn.execute("SELECT doc FROM entity WHERE kind = ? ORDER BY id", (kind,))
        return [entity_from_dict(json.loads(doc)) for (doc,) in rows]

    def metric(self, id: str) -> Metric | None:
        row = self.conn.execute("SELECT doc FROM metric WHERE id = ?", (id,)).fetchone()
        return metric_from_dict(json.loads(row[0])) if row else None

    def metrics(self, ids: Iterable[str] | None = None) -> dict[str, Metric]:
        return self._by_id("metric", ids, metric_from_dict)

    def sources(self, ids: Iterable[str] | None = None) -> dict[str, Source]:
        return self._by_id("source", ids, source_from_dict)

    def _by_id(
        self, table: str, ids: Iterable[str] | None, decode: Callable[[dict[str, Any]], T]
    ) -> dict[str, T]:
        """Records of a small table (metrics, sources) by id; all of them when `ids` is None.
        Decoded once each: a batch asks for the same few again and again."""
        known: dict[str, Any] = self._small.setdefault(table, {})
        if ids is None:
            rows = self.conn.execute(f"SELECT id, doc FROM {table} ORDER BY id").fetchall()
            return {id: known.setdefault(id, decode(json.loads(doc))) for id, doc in rows}
        wanted = sorted(set(ids))
        missing = [id for id in wanted if id not in known]
        if missing:
            query = f"SELECT id, doc FROM {table} WHERE id IN ({_marks(len(missing))})"
            for id, doc in self.conn.execute(query, missing).fetchall():
                known[id] = decode(json.loads(doc))
        return {id: known[id] for id in wanted if id in known}

    # ---------------------------------------------------------------- name keys
    def key_count(self) -> int:
        return self._key_count

    @cached_property
    def _key_count(self) -> int:
        return int(self.meta("keys") or 0)

    @property
    def large(self) -> bool:
        """Too many names to scan on a lookup (see LARGE_BASE)."""
        return self.key_count() > LARGE_BASE

    def keys_equal(self, key: str, spaces: Sequence[str]) -> list[tuple[str, str, str, str, float]]:
        """(target, space, form, text, weight) of the names whose key is exactly `key`."""
        rows = self.conn.execute(
            f"SELECT target, space, form, text, {WEIGHT} FROM name_key INDEXED BY name_key_key "
            f"WHERE key = ? AND space IN ({_marks(len(spaces))})",
            (key, *codes(spaces)),
        )
        return [(t, SPACE_OF[s], FORM_OF[f], x, w) for t, s, f, x, w in rows]

    def keys_among(
        self, keys: Sequence[str], spaces: Sequence[str], forms: Sequence[str] = ()
    ) -> list[tuple[str, str, str, str, float, str]]:
        """(target, space, key, text, weight, form) of the names whose key is one of `keys`."""
        rows: list[tuple[str, str, str, str, float, str]] = []
        form_filter = f" AND form IN ({_marks(len(forms))})" if forms else ""
        for start in range(0, len(keys), 400):
            chunk = list(keys[start : start + 400])
            rows += [
                (t, SPACE_OF[s], k, x, w, FORM_OF[f])
                for t, s, k, x, w, f in self.conn.execute(
                    f"SELECT target, space, key, text, {WEIGHT}, form FROM name_key "
                    f"INDEXED BY name_key_key WHERE key IN ({_marks(len(chunk))}) "
                    f"AND space IN ({_marks(len(spaces))}){form_filter}",
                    (*chunk, *codes(spaces, forms)),
                )
            ]
        return rows

    def keys_with_prefix(
        self, prefix: str, spaces: Sequence[str], lengths: tuple[int, int] | None = None
    ) -> list[KeyRow]:
        """Names whose key starts with `prefix` (and is not it), of a length in `lengths`."""
        length = " AND length(key) BETWEEN ? AND ?" if lengths else ""
        return _spelt(
            self.conn.execute(
                f"SELECT target, space, key, text, {WEIGHT} FROM name_key INDEXED BY name_key_key "
                f"WHERE key > ? AND key < ?{length} AND space IN ({_marks(len(spaces))})",
                (prefix, prefix + "\U0010ffff", *(lengths or ()), *codes(spaces)),
            )
        )

    def keys_of_length(self, spaces: Sequence[str], low: int, high: int) -> list[KeyRow]:
        """Names whose key is `low` to `high` characters long (a scan: small bases only)."""
        rows = self.conn.execute(
            f"SELECT target, space, key, text, {WEIGHT} FROM name_key "
            f"WHERE space IN ({_marks(len(spaces))}) AND length(key) BETWEEN ? AND ? "
            "ORDER BY space, length(key), n",  # shorter names first among equals
            (*codes(spaces), low, high),
        )
        return _spelt(rows)

    def keys_containing(self, piece: str, spaces: Sequence[str]) -> list[KeyRow]:
        """Names whose key holds `piece` anywhere: the trigram index for three characters or
        more; shorter pieces scan every key, so only in a small base (else nothing)."""
        if len(piece) >= 3:
            return self.keys_holding([piece], spaces)
        if self.large:
            return []
        return _spelt(
            self.conn.execute(
                f"SELECT target, space, key, text, {WEIGHT} FROM name_key "
                f"WHERE instr(key, ?) > 0 AND space IN ({_marks(len(spaces))})",
                (piece, *codes(spaces)),
            )
        )

    def keys_holding(
        self,
        pieces: Iterable[str],
        spaces: Sequence[str],
        limit: int | None = None,
        forms: Sequence[str] = (),
    ) -> list[KeyRow]:
        """Names whose key holds any of `pieces` (three characters or more), through the
        trigram index: fast with a hundred thousand entities. Two steps, rowids first: in one
        query SQLite plans a scan of every name of the kind."""
        rowids: set[int] = set()
        cap = f" LIMIT {int(limit)}" if limit else ""
        for piece in pieces:
            if not self.large:  # no trigram index: a few thousand keys are scanned as fast
                found = self.conn.execute(
                    f"SELECT n FROM name_key WHERE instr(key, ?) > 0{cap}", (piece,)
                )
            else:
                phrase = '"' + piece.replace('"', '""') + '"'
                found = self.conn.execute(
                    f"SELECT rowid FROM key_fts WHERE key_fts MATCH ?{cap}", (phrase,)
                )
            rowids.update(r for (r,) in found)
        ordered = sorted(rowids)
        form_filter = f" AND form IN ({_marks(len(forms))})" if forms else ""
        rows: list[KeyRow] = []
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            rows += self.conn.execute(
                f"SELECT target, space, key, text, {WEIGHT} FROM name_key "
                f"WHERE n IN ({_marks(len(chunk))}){form_filter}",
                [*chunk, *codes(forms=forms)],
            ).fetchall()
        wanted = codes(spaces)  # filtered here: in SQL it costs a scan
        return _spelt(r for r in rows if r[1] in wanted)

    def names(self, spaces: Sequence[str], forms: Sequence[str] = NAME_FORMS) -> list[KeyRow]:
        """Every name of these spaces as written, shorter first among equals (a scan: small
        bases; or the regions or metrics alone, which have an index of their own)."""
        if len(spaces) == 1 and spaces[0] in SCANNED:  # a literal, so the partial index applies
            return _spelt(
                self.conn.execute(
                    f"SELECT target, space, key, text, {WEIGHT} FROM name_key "
                    f"INDEXED BY name_key_{spaces[0]} WHERE space = '{SPACE_CODES[spaces[0]]}' "
                    f"AND form IN ({_marks(len(forms))}) ORDER BY length(key), n",
                    codes(forms=forms),
                )
            )
        rows = self.conn.execute(
            f"SELECT target, space, key, text, {WEIGHT} FROM name_key "
            f"WHERE space IN ({_marks(len(spaces))}) AND form IN ({_marks(len(forms))}) "
            "ORDER BY space, length(key), n",
            codes(spaces, forms),
        )
        return _spelt(rows)

    def names_starting(self, key: str, space: str, limit: int) -> list[str]:
        """Names and aliases of a space whose key starts with `key`, names first (completion)."""
        rows = self.conn.execute(
            "SELECT DISTINCT text FROM name_key INDEXED BY name_key_key WHERE space = ? "
            "AND form IN (?, ?, ?, ?) AND key >= ? AND key < ? "
            "ORDER BY form = ? DESC, text LIMIT ?",
            (*codes([space], ["name", "en", "alias", "id"]), key, key + "\U0010ffff")
            + (*codes(forms=["name"]), limit),
        )
        return [text for (text,) in rows]

    def keys_starting(self, prefix: str, limit: int) -> list[str]:
        """Ids and keys that start with `prefix`: entities, metrics, sources, then facts and
        observations ('000-zhizao-2022#f1') of the files whose stem the prefix begins."""
        out: list[str] = []
        for table, column in KEYED:
            if len(out) >= limit:
                break
            rows = self.conn.execute(
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} >= ? AND {column} < ? "
                f"ORDER BY {column} LIMIT ?",
                (prefix, prefix + "\U0010ffff", limit - len(out)),
            )
            out += [key for (key,) in rows]
        stem = prefix.split("#", 1)[0]
        for rank, name in sorted(self._stems.items()):
            if len(out) >= limit or not (name.startswith(stem) or stem.startswith(name)):
                continue
            low, high = span(rank)
            for table, mark in (("fact", "f"), ("observation", "o")):
                rows = self.conn.execute(
                    f"SELECT n FROM {table} WHERE n BETWEEN ? AND ? ORDER BY n", (low, high)
                )
                keys = (f"{name}#{mark}{(n & POSITION) + 1}" for (n,) in rows)
                out += [k for k in keys if k.startswith(prefix)][: limit - len(out)]
        return out

    def _n_of(self, key: str, mark: str) -> int | None:
        """The row number a fact ('f') or observation ('o') key names, if its file is held."""
        stem, _, place = key.rpartition(f"#{mark}")
        if not stem or not place.isdigit() or int(place) < 1:
            return None
        rank = next((r for r, name in self._stems.items() if name == stem), None)
        return None if rank is None else (rank << SHIFT) + int(place) - 1

    def years_held(self, metric: str | None = None) -> list[int]:
        """The years figures are recorded for (of one metric, if given), newest first."""
        where, args = ("AND metric = ? ", (metric,)) if metric else ("", ())
        rows = self.conn.execute(
            f"SELECT DISTINCT year FROM observation WHERE year IS NOT NULL {where}"
            "ORDER BY year DESC",
            args,
        )
        return [int(year) for (year,) in rows]

    def sectors(self, kind: str, prefix: str, limit: int) -> list[str]:
        """Sectors (of companies) or focus industries (of parks) as written, in Chinese and
        English, starting with `prefix` (completion of --sector)."""
        rows = self.conn.execute(
            "SELECT DISTINCT text FROM passage WHERE kind = ? AND field IN ('sector', 'focus') "
            "AND text >= ? AND text < ? ORDER BY text LIMIT ?",
            (kind, prefix, prefix + "\U0010ffff", limit),
        )
        return [text for (text,) in rows]

    def longest_key(self, spaces: Sequence[str]) -> int:
        """The longest name key of these spaces: no longer piece of a text can name anything."""
        longest = self._longest
        return max((longest.get(space, 0) for space in spaces), default=0)

    @cached_property
    def _longest(self) -> dict[str, int]:
        raw = self.meta("longest")
        return json.loads(raw) if raw else {}

    def readings(self, chars: Iterable[str]) -> dict[str, list[str]]:
        """Pinyin readings of each character, commonest first (homophone typos)."""
        wanted = sorted(set(chars))
        rows = self.conn.execute(
            f"SELECT char, pinyin FROM reading WHERE char IN ({_marks(len(wanted))})", wanted
        )
        return {char: pinyin.split() for char, pinyin in rows}

    # ---------------------------------------------------------------- retrieval
    @cached_property
    def lexicon(self) -> Lexicon:
        """The lexicon (facts/lexicon.toml) as the index holds it."""
        return Lexicon.from_json(self.meta("lexicon"))

    @cached_property
    def weights(self) -> Weights:
        """How telling each term is among the metric documents (an IDF)."""
        return Weights(TermCounts(self.conn, "term_df"), int(self.meta("metric_documents") or 0))

    @cached_property
    def fact_weights(self) -> Weights:
        """How telling each term is among the facts (an IDF): 达伯乐 is rare there."""
        counts = TermCounts(self.conn, "fact_term_df")
        return Weights(counts, int(self.meta("fact_documents") or 0))

    def metric_documents_matching(
        self, terms: Iterable[str], limit: int = 30
    ) -> list[tuple[str, float]]:
        """Metrics whose document holds any of the terms, best first by BM25 (names weigh
        most, then the definition, then the quotes): (metric id, score, higher is better)."""
        query = _fts_any(terms)
        if not query:
            return []
        rows = self.conn.execute(
            "SELECT metric, -bm25(metric_doc, 0.0, 4.0, 1.5, 1.0) FROM metric_doc "
            "WHERE metric_doc MATCH ? ORDER BY bm25(metric_doc, 0.0, 4.0, 1.5, 1.0) LIMIT ?",
            (query, limit),
        )
        return [(metric, float(score)) for metric, score in rows]

    def metric_readings(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Per metric: the terms of each name, the facets its names say, every term of its
        document (see index/documents.py)."""
        return {
            id: json.loads(doc) for id, doc in self._rows("metric_reading", "metric", ids, "doc")
        }

    def facts_matching(self, terms: Iterable[str], limit: int = 40) -> list[tuple[Fact, float]]:
        """Facts whose text or quotes hold any of the terms, best first by BM25."""
        query = _fts_any(terms)
        if not query:
            return []
        rows = self.conn.execute(
            "SELECT f.doc, -bm25(fact_doc, 2.0, 1.0) FROM fact_doc JOIN fact f ON f.n = fact_doc.rowid "
            "WHERE fact_doc MATCH ? ORDER BY bm25(fact_doc, 2.0, 1.0) LIMIT ?",
            (query, limit),
        )
        return [(fact_from_dict(json.loads(doc)), float(score)) for doc, score in rows]

    def _rows(self, table: str, key: str, ids: Iterable[str], column: str) -> list[tuple[str, str]]:
        wanted = sorted(set(ids))
        out: list[tuple[str, str]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            out += self.conn.execute(
                f"SELECT {key}, {column} FROM {table} WHERE {key} IN ({_marks(len(chunk))})", chunk
            ).fetchall()
        return out

    # ------------------------------------------------------- facts, observations
    def _observation(self, row: tuple[Any, ...]) -> Observation:
        """An observation from its row: the columns hold what the document leaves out, and its
        key ('<file stem>#o<place>') is where it is."""
        n, doc, metric, subject, year, source, unit = row
        data = json.loads(doc)
        key = _observation_key(self._stems, n)
        data.update(key=key, metric=metric, subject=subject, year=year, source=source, unit=unit)
        return observation_from_dict(data)

    @cached_property
    def _stems(self) -> dict[int, str]:
        rows = self.conn.execute("SELECT rank, path FROM file")
        return {rank: os.path.splitext(os.path.basename(path))[0] for rank, path in rows}

    def facts_about(self, id: str) -> list[Fact]:
        """Facts whose subject is `id` or that name it among what they are about."""
        rows = self.conn.execute(
            "SELECT doc FROM fact WHERE subject = ? "
            "UNION SELECT f.doc FROM fact f JOIN fact_about a ON a.fact = f.n WHERE a.entity = ?",
            (id, id),
        )
        facts = [fact_from_dict(json.loads(doc)) for (doc,) in rows]
        return sorted(facts, key=lambda f: _fact_order(f, id))

    def all_facts(self) -> list[Fact]:
        rows = self.conn.execute("SELECT doc FROM fact ORDER BY n")
        return [fact_from_dict(json.loads(doc)) for (doc,) in rows]

    def passages_holding(
        self, piece: str, kinds: Sequence[str], limit: int = 500
    ) -> list[tuple[str, str, str, str]]:
        """(kind, target, field, words) of the searchable texts (sectors, focus industries,
        fact texts, quotes: see compile.passages and compile.quote_words) of these kinds whose
        words hold `piece` anywhere; the caller decides where a word may start
        (normalize.holds_words)."""
        found: list[tuple[str, str, str, str]] = self.conn.execute(
            "SELECT kind, target, field, words FROM passage "
            f"WHERE instr(words, ?) > 0 AND kind IN ({_marks(len(kinds))}) LIMIT ?",
            (piece, *kinds, limit),
        ).fetchall()
        if "observation" in kinds and len(found) < limit:
            rows = self.conn.execute(
                "SELECT n, words FROM observation WHERE instr(words, ?) > 0 ORDER BY n LIMIT ?",
                (piece, limit - len(found)),
            )
            stems = self._stems
            found += [
                ("observation", _observation_key(stems, n), "quote", w)
                for n, words in rows
                for w in words.split("\n")
            ]
        return found

    def fact(self, key: str) -> Fact | None:
        """The fact with this key ('000-zhizao-2022#f1')."""
        return self.facts_keyed([key]).get(key)

    def facts_keyed(self, keys: Iterable[str]) -> dict[str, Fact]:
        out: dict[str, Fact] = {}
        for key in sorted(set(keys)):
            n = self._n_of(key, "f")
            row = self.conn.execute("SELECT doc FROM fact WHERE n = ?", (n,)).fetchone()
            if n is not None and row:
                out[key] = fact_from_dict(json.loads(row[0]))
        return out

    def observation(self, key: str) -> ObservationRow | None:
        """The observation with this key ('000-zhizao-2022#o1'), with its conflicts."""
        return self.observations_keyed([key]).get(key)

    def observations_keyed(self, keys: Iterable[str]) -> dict[str, ObservationRow]:
        out: dict[str, ObservationRow] = {}
        for key in sorted(set(keys)):
            n = self._n_of(key, "o")
            row = self.conn.execute(f"{OBSERVATION} WHERE o.n = ?", (n,)).fetchone()
            if n is None or not row:
                continue
            o = self._observation(row)
            for r in self.observations_for(o.metric, [o.subject]):
                if r.observation.key == key:
                    out[key] = r
        return out

    def facts_from(self, source: str) -> list[Fact]:
        rows = self.conn.execute("SELECT doc FROM fact WHERE source = ? ORDER BY n", (source,))
        return [fact_from_dict(json.loads(doc)) for (doc,) in rows]

    def observations_of(self, subject: str) -> list[ObservationRow]:
        rows = self.conn.execute(f"{OBSERVATION} WHERE o.subject = ? ORDER BY o.n", (subject,))
        return _with_conflicts([self._observation(r) for r in rows])

    def observations_for(
        self, metric: str, subjects: Iterable[str] | None = None
    ) -> list[ObservationRow]:
        if subjects is None:
            rows = self.conn.execute(f"{OBSERVATION} WHERE o.metric = ? ORDER BY o.n", (metric,))
        else:
            wanted = sorted(set(subjects))
            rows = self.conn.execute(
                f"{OBSERVATION} WHERE o.metric = ? AND o.subject IN ({_marks(len(wanted))}) "
                "ORDER BY o.n",
                (metric, *wanted),
            )
        return _with_conflicts([self._observation(r) for r in rows])

    def observations_from(self, source: str) -> list[ObservationRow]:
        """A source's observations, each with the conflicts it has with any other source's."""
        rows = self.conn.execute(f"{OBSERVATION} WHERE o.source = ? ORDER BY o.n", (source,))
        mine = [self._observation(r) for r in rows]
        subjects = sorted({o.subject for o in mine if o.year is not None or o.period is not None})
        others: list[Observation] = []
        for start in range(0, len(subjects), 500):
            chunk = subjects[start : start + 500]
            found = self.conn.execute(
                f"{OBSERVATION} WHERE o.subject IN ({_marks(len(chunk))}) AND o.source != ? "
                "ORDER BY o.n",
                (*chunk, source),
            )
            others += [self._observation(r) for r in found]
        keys = {o.key for o in mine}
        return [r for r in _with_conflicts(mine + others) if r.observation.key in keys]

    # ------------------------------------------------- every record, one at a time (export)
    def each_observation(self) -> Iterator[tuple[str, str, str, int | None, str, str, Any]]:
        """Every observation in fact-base order as (key, metric, subject, year, source, unit,
        the dict its record is made from), its unit its metric's when it names none (export: no
        record built, a million times; the metrics' units looked up in Python, not per row)."""
        stems = self._stems
        units: dict[str, str] = dict(
            self.conn.execute("SELECT id, unit FROM metric ORDER BY n DESC")
        )
        loads = json.loads
        for n, doc, metric, subject, year, source, unit in self.conn.execute(
            "SELECT n, doc, metric, subject, year, source, unit FROM observation ORDER BY n"
        ):
            key = _observation_key(stems, n)
            if unit is None:
                unit = units.get(metric, "")
            yield key, metric, subject, year, source, unit, loads(doc)

    def each_entity(self) -> Iterator[Entity]:
        for (doc,) in self.conn.execute("SELECT doc FROM entity ORDER BY n"):
            yield entity_from_dict(json.loads(doc))

    def each_entity_doc(self) -> Iterator[dict[str, Any]]:
        """Every entity in fact-base order as the dict its record is made from (export: no
        record built, a hundred thousand times)."""
        for (doc,) in self.conn.execute("SELECT doc FROM entity ORDER BY n"):
            yield json.loads(doc)

    def each_entity_name(self) -> Iterator[tuple[str, str, str, str]]:
        """(id, kind, Chinese name, English name) of every entity, read in SQL (export)."""
        return self.conn.execute(
            "SELECT id, kind, json_extract(doc, '$.name.zh'), json_extract(doc, '$.name.en') "
            "FROM entity ORDER BY n"
        )

    def each_fact(self) -> Iterator[Fact]:
        for (doc,) in self.conn.execute("SELECT doc FROM fact ORDER BY n"):
            yield fact_from_dict(json.loads(doc))

    def each_metric(self) -> Iterator[Metric]:
        for (doc,) in self.conn.execute("SELECT doc FROM metric ORDER BY n"):
            yield metric_from_dict(json.loads(doc))

    def each_source(self) -> Iterator[Source]:
        for (doc,) in self.conn.execute("SELECT doc FROM source ORDER BY n"):
            yield source_from_dict(json.loads(doc))

    def conflicting_keys(self) -> set[str]:
        """Keys of the observations that disagree with another (export): the same metric,
        subject, year, period and status, another value, unit or qualifier (as find_conflicts
        says), read a subject at a time without building records. Only observations that share
        their subject, metric and year with another can disagree: those few are found first, in
        one pass over the table (reading every document in subject order took seconds a
        hundred thousand times)."""
        from itertools import groupby

        rows = self.conn.execute(
            "SELECT o.n, o.subject, o.metric, o.year, json_extract(o.doc, '$.period'), "
            "coalesce(json_extract(o.doc, '$.status'), 'actual'), json_extract(o.doc, '$.value'), "
            "coalesce(o.unit, (SELECT m.unit FROM metric m WHERE m.id = o.metric "
            "ORDER BY m.n LIMIT 1), ''), coalesce(json_extract(o.doc, '$.qualifier'), 'exact') "
            "FROM (SELECT subject, metric, year FROM observation NOT INDEXED "
            "GROUP BY subject, metric, year HAVING count(*) > 1) AS shared "
            "JOIN observation o INDEXED BY observation_subject ON o.subject = shared.subject "
            "AND o.metric = shared.metric AND o.year IS shared.year ORDER BY o.subject, o.n"
        )
        found: set[str] = set()
        stems = self._stems
        for _, same in groupby(rows, key=lambda row: row[1]):
            groups: dict[tuple[Any, ...], list[tuple[int, tuple[Any, ...]]]] = {}
            for n, _, metric, year, period, status, value, unit, qualifier in same:
                if year is not None or period is not None:
                    group = groups.setdefault((metric, year, period, status), [])
                    group.append((n, (value, unit, qualifier)))
            for group in groups.values():
                if len({said for _, said in group}) > 1:
                    found.update(_observation_key(stems, n) for n, _ in group)
        return found

    def metric_ids_with(self, subjects: Iterable[str]) -> set[str]:
        wanted = sorted(set(subjects))
        query = f"SELECT DISTINCT metric FROM observation WHERE subject IN ({_marks(len(wanted))})"
        return {m for (m,) in self.conn.execute(query, wanted)}

    def members_of(self, container: str) -> list[tuple[str, str]]:
        """(member id, relation) for what sits in a region or park, or hangs off an entity."""
        rows = self.conn.execute(
            "SELECT member, relation FROM member WHERE container = ? ORDER BY member", (container,)
        )
        return list(rows)

    def ancestors(self, id: str, depth: int = 8) -> set[str]:
        """What `id` lies in, transitively: its parks, regions and parents."""
        found: set[str] = set()
        frontier = [id]
        for _ in range(depth):
            if not frontier:
                break
            rows = self.conn.execute(
                f"SELECT container FROM member WHERE relation IN ('park', 'region', 'parent') "
                f"AND member IN ({_marks(len(frontier))})",
                frontier,
            )
            frontier = [c for (c,) in rows if c not in found and c != id]
            found.update(frontier)
        return found

    def within(self, place: str, depth: int = 6) -> set[str]:
        """`place` and everything located in it, transitively (regions, parks, firms)."""
        found = {place}
        frontier = [place]
        for _ in range(depth):
            if not frontier:
                break
            rows = self.conn.execute(
                f"SELECT member FROM member WHERE relation IN ('park', 'region', 'parent') "
                f"AND container IN ({_marks(len(frontier))})",
                frontier,
            )
            frontier = [m for (m,) in rows if m not in found]
            found.update(frontier)
        return found


def _fts_any(terms: Iterable[str]) -> str:
    """An FTS5 query matching any of the terms, each quoted (no query syntax gets through)."""
    quoted = sorted({'"' + t.replace('"', '""') + '"' for t in terms if t.strip()})
    return " OR ".join(quoted)


def _fact_order(fact: Fact, subject: str) -> tuple[int, str, str]:
    when = fact.date or (str(fact.year) if fact.year else "") or (fact.period or "")
    return (0 if fact.subject == subject else 1, when, fact.key)
