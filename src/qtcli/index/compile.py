"""One fact file → the rows it puts in the index, with the problems found in it alone.

A file is compiled on its own, so a build holds one file's records at a time and an
edit recompiles only the files that changed. Rows carry `n`, their rank in the
whole fact base: the file's rank (its place in path order, spaced so that new
files fit between) times 2**24 plus the record's place in the file. So `ORDER BY
n` is the order in which the fact base reads, whichever files were recompiled
last, and a file's rows are one range of n in every table.

Cross-record matters (duplicate ids, references, names shared by two records) are
left to crosscheck.py, which runs them in SQL over the tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from qtcli.errors import Problem
from qtcli.factbase.codec import to_dict
from qtcli.factbase.load import DRAFTS, LEXICON_KINDS, UNIT_FROM_METRIC, display_path, read_file
from qtcli.factbase.model import ENTITY_KINDS, Entity, Fact, FactBase, Metric, Observation
from qtcli.factbase.proof import may_fail, proof_units, value_problems
from qtcli.index.normalize import (
    PinyinKeys,
    fold,
    fold_words,
    has_cjk,
    strip_places,
    strip_suffixes,
)
from qtcli.index.store import FORM_CODES, SHIFT, SPACE_CODES, UNIT_SEP
from qtcli.records import replace


class Unit:
    """A compiled file: rows per table, name mentions counted, problems as (line, message)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
        self.mentions: Counter[str] = Counter()
        self.problems: list[tuple[str, str]] = []  # (location after the path, message)
        # What `qt check` asks of a curator but a lookup need not (drafts awaiting review)
        self.curation: list[tuple[str, str]] = []
        self.unreadable = False
        self.ids: set[tuple[str, str]] = set()  # (space, id) defined here
        self.rank = 0
        # Values proven here (proof.py), in the workers of a large build: what `qt check` says
        # of them as (n, location after the path, message), and, for an observation whose
        # unit is its metric's, what the index needs to say it once units are known: (n,
        # metric, units proving it joined by UNIT_SEP, the outcome that is a problem (1: proven,
        # 0: not, None: neither), whether it has a problem whatever its unit).
        self.proofs: list[tuple[int, str, str]] = []
        self.unproven: list[tuple[int, str, str, int | None, bool]] = []
        # False when compiled for a lookup after an edit: its values are proven when `qt check`
        # asks (build.curation), not on the way to an answer.
        self.proven = True
        # Compiled record by record (compile_changed): rows only of the records that changed,
        # and the n of the rows they replace, by table; the file's other rows stay.
        self.replaced: dict[str, list[int]] | None = None
        # Made by a worker of a large build (build._work): the path of an SQLite file holding
        # its rows, table for table, which the parent copies in SQL; `rows` then holds only
        # the metrics' (build._store reads their units).
        self.spilled = ""
        # Where the worker writes its largest tables as they are made (_put), if anywhere.
        self.sink: Any = None


TABLES = (
    "entity",
    "metric",
    "source",
    "uncovered",
    "name_key",
    "observation",
    "fact",
    "fact_about",
    "member",
    "lexicon",
    "passage",
    "draft",
)


def compile_file(
    path: Path,
    raw: bytes,
    rank: int,
    t2s: Mapping[str, str],
    pinyin: PinyinKeys,
    prove: bool = True,
    sink: Any = None,
) -> Unit:
    from qtcli.factbase.load import unreadable
    from qtcli.factbase.validate import curation_problems, local_problems, may_hold_controls

    unit = Unit()
    unit.rank = rank
    unit.sink = sink
    unit.proven = prove
    docs: dict[str, list[Any]] = {}
    records, problems = read_file(path, raw, docs)
    one = FactBase(root=str(path.parent))
    # Keyed by position: duplicates are crosscheck's to find, not a dict's to hide.
    one.entities = {f"{kind}{i}": e for kind in ENTITY_KINDS for i, e in enumerate(records[kind])}
    one.metrics = {f"{i}": m for i, m in enumerate(records["metric"])}
    one.sources = {f"{i}": s for i, s in enumerate(records["source"])}
    one.observations = records["observation"]
    one.facts = records["fact"]
    one.uncovered = records["uncovered"]
    one.lexicon = [e for kind in LEXICON_KINDS for e in records[kind]]
    one.drafts = records[DRAFTS]
    controls = may_hold_controls(raw.decode("utf-8", "replace"))
    problems += local_problems(one, controls)
    shown = display_path(path)
    unit.problems = [(_after(p, shown), p.message) for p in problems]
    if not unreadable(problems):
        unit.curation = [
            (_after(p, shown), p.message) for p in curation_problems(one, controls, proofs=False)
        ]
    unit.unreadable = unreadable(problems)
    _rows(unit, one, docs, rank, shown, t2s, pinyin)
    return unit


def _after(problem: Problem, shown: str) -> str:
    """A problem's location without the file's path (':12', ':5:9' or '')."""
    where = problem.location
    return where[len(shown) :] if where.startswith(shown) else ""


def _line(origin: str, shown: str) -> int:
    rest = origin[len(shown) + 1 :] if origin.startswith(shown + ":") else ""
    return int(rest) if rest.isdigit() else 0


def _doc(data: dict[str, Any], *drop: str) -> str:
    if drop:
        data = {k: v for k, v in data.items() if k not in drop}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _rows(
    unit: Unit,
    fb: FactBase,
    docs: dict[str, list[Any]],
    rank: int,
    shown: str,
    t2s: Mapping[str, str],
    pinyin: PinyinKeys,
) -> None:
    base = rank << SHIFT
    rows = unit.rows
    # By kind, then in file order: the order a fact base has always been read in.
    pairs = [
        (e, d)
        for kind in ENTITY_KINDS
        for e, d in zip(_of(fb, kind), docs.get(kind, ()), strict=True)
    ]
    entities = [e for e, _ in pairs]
    for i, (e, doc) in enumerate(pairs):
        line = _line(e.origin, shown)
        rows["entity"].append((base + i, e.id, e.kind, e.source, line, _doc(doc)))
        unit.ids.add(("entity", e.id))
    for e in entities:
        line = _line(e.origin, shown)
        for container, member, relation in members([e]):
            row = (base + len(rows["member"]), container, member, relation, e.kind, line)
            rows["member"].append(row)
    for i, (m, doc) in enumerate(zip(fb.metrics.values(), docs.get("metric", ()), strict=True)):
        rows["metric"].append((base + i, m.id, m.unit, _line(m.origin, shown), _doc(doc)))
        unit.ids.add(("metric", m.id))
    for i, (s, doc) in enumerate(zip(fb.sources.values(), docs.get("source", ()), strict=True)):
        rows["source"].append((base + i, s.id, _line(s.origin, shown), _doc(doc)))
        unit.ids.add(("source", s.id))
    for i, u in enumerate(fb.uncovered):
        rows["uncovered"].append((base + i, u.source, u.number, _line(u.origin, shown)))
    _put(unit, "name_key", _name_rows(base, entities, fb.metrics.values(), t2s, pinyin))
    # Kept in columns, or (the key) told by where the row is: n holds the record's place.
    drop = ("metric", "subject", "year", "source", "unit", "key")
    for o, doc in zip(fb.observations, docs.get("observation", ()), strict=True):
        unit.mentions.update((o.subject, o.metric))
        unit_of = None if o.unit == UNIT_FROM_METRIC else o.unit
        place = int(o.key.rpartition("#o")[2]) - 1
        if unit.proven:
            _prove(unit, o, base + place, unit_of, shown)
        rows["observation"].append(
            (
                base + place,
                o.metric,
                o.subject,
                o.year,
                o.source,
                unit_of,
                _line(o.origin, shown),
                _doc(doc, *drop),
                quote_words(o, t2s),
            )
        )
    for i, entry in enumerate(fb.lexicon):
        data = to_dict(replace(entry, origin=""))
        rows["lexicon"].append((base + i, _line(entry.origin, shown), _doc(data)))
    drafted = [d.record for d in fb.drafts if isinstance(d.record, Entity)]
    for i, record in enumerate(r for r in drafted if isinstance(r, Entity)):
        rows["draft"].append((base + i, record.kind, record.id, _line(record.origin, shown)))
    _put(
        unit,
        "passage",
        (
            (base + i, kind, target, field, _kept(field, text), fold_words(text, t2s))
            for i, (kind, target, field, text) in enumerate(passages(entities, fb.facts))
        ),
    )
    about = 0
    for i, (f, doc) in enumerate(zip(fb.facts, docs.get("fact", ()), strict=True)):
        unit.mentions.update((f.subject, *f.about))
        folded = fold(f.text.zh + f.text.en, t2s)
        rows["fact"].append(
            (base + i, f.subject, f.source, _line(f.origin, shown), _doc(doc), folded)
        )
        for entity in f.about:
            rows["fact_about"].append((base + about, base + i, entity))
            about += 1


def _put(unit: Unit, table: str, rows: Iterator[tuple[Any, ...]]) -> None:
    """A table's rows, kept in the unit or, when it has a sink (a worker's file), written
    there as they are made: a file of 20,000 companies makes 400,000 name keys, which as
    Python tuples would double the worker's memory."""
    if unit.sink is None:
        unit.rows[table] += rows
    else:
        write_rows(unit.sink, table, rows)


def scratch(path: str) -> sqlite3.Connection:
    """A new SQLite file that hands rows from one process to another: private and thrown away
    once read, so kept without a journal or syncs."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    return db


def write_rows(db: Any, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Rows into a new table of their own width in `db` (an SQLite connection), one at a
    time; no table when there are none."""
    rows = iter(rows)
    first = next(rows, None)
    if first is not None:
        width = len(first)
        db.execute(f"CREATE TABLE {table} ({', '.join(f'c{i}' for i in range(width))})")
        db.executemany(
            f"INSERT INTO {table} VALUES ({','.join('?' * width)})", chain([first], rows)
        )


def _name_rows(
    base: int,
    entities: list[Entity],
    metrics: Any,
    t2s: Mapping[str, str],
    pinyin: PinyinKeys,
) -> Iterator[tuple[Any, ...]]:
    """The name_key rows of these records, numbered from `base`."""
    # A key is kept once per record (key, space, form); a record's keys come together, so
    # what was seen is forgotten at the next record (a file of 20,000 companies has 400,000).
    seen: set[tuple[str, str, str]] = set()
    usual: set[str] = set()  # names of this record whose usual pinyin is marked already
    last = None
    count = 0
    for key, target, space, form, text in name_keys(entities, metrics, t2s, pinyin):
        if (target, space) != last:
            seen, usual, last = set(), set(), (target, space)
        if (key, space, form) not in seen:
            seen.add((key, space, form))
            # Trigrams for the names as written and their usual pinyin (the first reading):
            # initials and other readings are found whole, which is what they are typed as.
            gram = form not in ("pinyin", "initials", "acronym")
            if form == "pinyin" and text not in usual:
                usual.add(text)
                gram = True
            yield (base + count, key, target, SPACE_CODES[space], FORM_CODES[form], text, gram)
            count += 1


Held = list[tuple[str, int, str]]  # a file's entity rows as the index holds them: kind, line, doc


def compile_changed(
    path: Path,
    raw: bytes,
    rank: int,
    t2s: Mapping[str, str],
    pinyin: PinyinKeys,
    held: Held,
    most: float = 0.25,
) -> Unit | None:
    """A file of entities only, edited, compiled record by record against `held`, its rows as
    last built (when it was clean): only the records whose TOML differs are checked and made
    into rows; the others' rows stay in the index as they are (unit.replaced says which rows
    the new ones replace, and pinyin.kept holds the ids whose name keys stay). A 20,000-company
    file with one name edited costs its parse, not 20,000 records' checks and rows.

    None when that cannot be told record by record: another kind of record, records added,
    removed, moved or with other lines, ids given twice, text that may hold control
    characters, a changed record with more or fewer member or search rows than before, or
    more than `most` of the records changed (then the whole file is compiled)."""
    from qtcli.factbase.load import display_path, header_lines, parse_file, read_file
    from qtcli.factbase.validate import curation_problems, local_problems, may_hold_controls

    data, text, problems = parse_file(path, raw)
    if data is None or problems or set(data) - set(ENTITY_KINDS) or may_hold_controls(text):
        return None
    lists = [(kind, data.get(kind, [])) for kind in ENTITY_KINDS]
    if not all(isinstance(v, list) and all(isinstance(r, dict) for r in v) for _, v in lists):
        return None
    records = [(kind, i, r) for kind, v in lists for i, r in enumerate(v)]
    ids = [r.get("id") for _, _, r in records]
    if len(records) != len(held) or len(set(ids)) != len(ids):
        return None
    headers = header_lines(text)
    changed: list[int] = []
    docs: list[str] = []
    for j, ((kind, i, r), (kind_held, line_held, doc_held)) in enumerate(
        zip(records, held, strict=True)
    ):
        lines = headers.get(kind, [])
        doc = _doc({**r, "kind": kind})
        if kind != kind_held or i >= len(lines) or (doc == doc_held and lines[i] != line_held):
            return None
        if doc != doc_held:
            changed.append(j)
        docs.append(doc)
    if len(changed) > most * len(records):
        return None
    # Where each record's member and search rows start: the same before and after, since the
    # records not changed are the same, and each changed one must give as many as it did.
    counts = [_derived(kind, r) for kind, _, r in records]
    old_names: dict[str, tuple[Any, ...]] = {}
    try:  # the index is a cache, read as untrusted: a document not as written compiles whole
        for j in changed:
            old = json.loads(held[j][2])
            if _derived(old["kind"], old) != counts[j]:
                return None
            name = old["name"]
            old_names[old["id"]] = naming(
                old["kind"], name["zh"], name["en"], old["id"], old.get("aliases", ())
            )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    starts, m, p = [], 0, 0
    for members_of, passages_of in counts:
        starts.append((m, p))
        m, p = m + members_of, p + passages_of

    unit = Unit()
    unit.rank = rank
    unit.proven = False
    unit.ids = {("entity", id) for id in ids if isinstance(id, str)}
    only = {records[j][:2] for j in changed}
    got, problems = read_file(path, None, None, parsed=(data, text), only=only)
    one = FactBase(root=str(path.parent))
    one.entities = {f"{kind}{i}": e for kind in ENTITY_KINDS for i, e in enumerate(got[kind])}
    built = [e for kind in ENTITY_KINDS for e in got[kind]]
    if got[DRAFTS] or len(built) != len(changed):
        return None  # a draft, or a record of the wrong shape: the whole file's rows tell
    problems += local_problems(one, controls=False)
    shown = display_path(path)
    unit.problems = [(_after(pr, shown), pr.message) for pr in problems]
    unit.curation = [
        (_after(pr, shown), pr.message) for pr in curation_problems(one, False, proofs=False)
    ]
    base = rank << SHIFT
    rows = unit.rows
    replaced: dict[str, list[int]] = {"entity": [], "member": [], "passage": []}
    for j, e in zip(changed, built, strict=True):
        line = _line(e.origin, shown)
        rows["entity"].append((base + j, e.id, e.kind, e.source, line, docs[j]))
        replaced["entity"].append(base + j)
        m, p = starts[j]
        for k, (container, member, relation) in enumerate(members([e])):
            rows["member"].append((base + m + k, container, member, relation, e.kind, line))
        replaced["member"] += range(base + m, base + m + counts[j][0])
        for k, (kind, target, field, written) in enumerate(passages([e], [])):
            words = fold_words(written, t2s)
            kept = _kept(field, written)
            rows["passage"].append((base + p + k, kind, target, field, kept, words))
        replaced["passage"] += range(base + p, base + p + counts[j][1])
    pinyin.names = old_names  # a changed record whose names are as they were keeps its keys
    rows["name_key"] += _name_rows(base, built, (), t2s, pinyin)
    changed_ids = {records[j][2].get("id") for j in changed}
    pinyin.kept.update(id for id in ids if id not in changed_ids)
    unit.replaced = replaced
    return unit


def _derived(kind: str, r: Mapping[str, Any]) -> tuple[int, int]:
    """How many member rows and search passages an entity record gives (see members and
    passages)."""
    related = r.get("related", ())
    members_of = sum(bool(r.get(f)) for f in ("park", "parent")) + len(related)
    members_of += bool(r.get("region")) and kind != "region"
    passages_of = 2 * bool(r.get("sector")) + 2 * len(r.get("focus", ())) + 1
    return members_of, passages_of


def _prove(unit: Unit, o: Observation, n: int, unit_of: str | None, shown: str) -> None:
    """`o`'s value proven from its printed form (proof.py): what `qt check` says of it, or,
    when its unit is its metric's, what it will say once the unit is known (build._proofs)."""
    whatever, failing = may_fail(o)
    if not whatever and failing is None:
        return  # nothing to say of it whatever it reads
    units = proof_units(o)
    if unit_of is not None:
        line = _line(o.origin, shown)
        after = f":{line}" if line else ""
        unit.proofs += [(n, after, m) for m in value_problems(o, unit_of in units)]
    else:
        outcome = None if failing is None else int(failing)
        unit.unproven.append((n, o.metric, UNIT_SEP.join(sorted(units)), outcome, whatever))


SHOWN_FIELDS = ("sector", "focus")  # passages whose text is read back (store.sectors)


def _kept(field: str, text: str) -> str:
    """A passage's text as the index keeps it: a sector or focus industry as written, for
    --sector's completion; of any other only its words are searched, and the record holds
    the text (a million observations' quotes, twice, were a fifth of the cache)."""
    return text if field in SHOWN_FIELDS else ""


def passages(entities: list[Entity], facts: list[Fact]) -> Iterator[tuple[str, str, str, str]]:
    """(kind, target, field, text): the texts `qt search` reads besides names: an entity's
    sector, focus industries and quote, a fact's text and quotes. An observation's quotes
    are searched in its own row (quote_words)."""
    for e in entities:
        labelled = [("sector", e.sector)] if e.sector else []
        labelled += [("focus", focus) for focus in e.focus]
        for field, text in labelled:
            for written in (text.zh, text.en):
                yield e.kind, e.id, field, written
        yield e.kind, e.id, "quote", e.quote
    for f in facts:
        for written in (f.text.zh, f.text.en):
            yield "fact", f.key, "text", written
        for quote in (f.quote, *f.also_quoted):
            yield "fact", f.key, "quote", quote


def quote_words(o: Observation, t2s: Mapping[str, str]) -> str:
    """The words of an observation's quotes, as `qt search` reads them: one line each
    (a piece searched for holds no line break, so it never spans two quotes). Kept in the
    observation's row, not as passages: a million passage rows, each naming its kind, field
    and key, were a seventh of the cache at 100k."""
    return "\n".join(fold_words(quote, t2s) for quote in (o.quote, *o.also_quoted))


def _of(fb: FactBase, kind: str) -> list[Entity]:
    return [e for e in fb.entities.values() if e.kind == kind]


def members(entities: list[Entity]) -> Iterator[tuple[str, str, str]]:
    """(container, member, relation): what sits in each region and park."""
    for e in entities:
        if e.park:
            yield e.park, e.id, "park"
        if e.region and e.kind != "region":
            yield e.region, e.id, "region"
        if e.parent:
            yield e.parent, e.id, "parent"
        for rel in e.related:
            yield rel.id, e.id, "related"


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


def _variants(
    text: str,
    form: str,
    t2s: Mapping[str, str],
    pinyin: PinyinKeys,
    placeless: bool = False,
    entity: bool = False,
) -> Iterator[tuple[str, str]]:
    """Every key a name is found by: folded, suffixes and place words stripped, the initials
    of an entity's English name (QEDZ), pinyin and its initials."""
    key = fold(text, t2s)
    if not key:
        return
    yield key, form
    stripped = strip_suffixes(key)
    if stripped != key:
        yield stripped, "stripped"
    if form == "en" and text.endswith(")") and " (" in text:
        # 'Northern Block (Qianjiang EDZ)': the bracket says where, and the name stands
        # without it ('the Northern Block of QEDZ').
        plain = fold(text[: text.rindex(" (")], t2s)
        if plain and _specific(plain):
            yield plain, "stripped"
    bare = strip_places(stripped)
    if placeless and bare not in (key, stripped) and _specific(bare):
        yield bare, "stripped"  # 'Shangshen Small and Micro Enterprise Park' without 'Hangzhou'
    if entity and form in ("en", "alias") and text.isascii():  # QEDZ: Qianjiang Economic …
        words = [w for w in text.casefold().replace("-", " ").split() if w not in LINKING]
        acronyms = [words, words[1:]] if placeless and bare != stripped else [words]
        for these in acronyms:  # with and without the place word it wears ('Hangzhou …')
            if len(these) >= 3 and all(w.isalpha() for w in these):
                yield "".join(w[0] for w in these), "acronym"
    yield from pinyin(text)


LINKING = frozenset({"of", "and", "the", "for", "in", "on", "at", "a", "an", "to", "&"})


def naming(space: str, zh: str, en: str, id: str, aliases: Iterable[str]) -> tuple[Any, ...]:
    """What a record's name keys are made from: a record whose naming an edit left as it was
    keeps its keys (name_keys, build._replace_names)."""
    return (space, zh, en, id, *aliases)


def name_keys(
    entities: list[Entity], metrics: Any, t2s: Mapping[str, str], pinyin: PinyinKeys
) -> Iterator[tuple[str, str, str, str, str]]:
    """(key, target, space, form, text): every way each entity and metric can be named,
    folded for matching; none for a record whose names an edit left alone, when the build
    keeps its keys (pinyin.names, pinyin.kept: see build._replace_names)."""
    known, kept = pinyin.names, pinyin.kept
    for e in entities:
        if known and known.get(e.id) == naming(e.kind, e.name.zh, e.name.en, e.id, e.aliases):
            kept.add(e.id)  # its keys are in the index already
            continue
        names = [(e.name.zh, "name"), (e.name.en, "en"), (e.id, "id")]
        names += [(alias, "alias") for alias in e.aliases]
        for text, form in names:
            # Companies and parks wear a place word as decoration (杭州…); for a region or an
            # agency it is the name (杭州市统计局 is not 国家统计局).
            placeless = e.kind in ("company", "park")
            for key, how in _variants(text, form, t2s, pinyin, placeless, entity=True):
                yield key, e.id, e.kind, how, text
    m: Metric
    for m in metrics:
        if known and known.get(m.id) == naming("metric", m.name.zh, m.name.en, m.id, m.aliases):
            kept.add(m.id)
            continue
        names = [(m.name.zh, "name"), (m.name.en, "en"), (m.id, "id")]
        names += [(alias, "alias") for alias in m.aliases]
        for text, form in names:
            for key, how in _variants(text, form, t2s, pinyin):
                yield key, m.id, "metric", how, text
