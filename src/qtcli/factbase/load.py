"""Read a facts directory of TOML files into a `FactBase`.

Every file may hold any record kind ([[source]], [[region]], [[park]],
[[company]], [[org]], [[metric]], [[observation]], [[fact]], [[uncovered]]);
a file's top-level `default_source` names the source of its facts and
observations that do not name one. A record with a `review` field is a draft
(`qt draft`): it goes to `FactBase.drafts`, never into the index, until accepted. Loading checks each record's shape (unknown
keys, missing or mistyped fields) and collects every problem with its file and
line; cross-record checks (references, duplicates, quotes) live in validate.py.
Nothing here prints.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# tomli, not the standard library's copy of it: its compiled wheels read TOML three times faster.
import tomli as tomllib

from qtcli.errors import FactBaseInvalid, Problem
from qtcli.factbase.codec import (
    entity_from_dict,
    fact_from_dict,
    metric_from_dict,
    observation_from_dict,
    source_from_dict,
)
from qtcli.factbase.model import Draft, Entity, FactBase, LexiconEntry, Observation, Uncovered
from qtcli.records import replace

# Field specs: name -> (type, required). Types are checked by `_check_type`.
_ENTITY_COMMON = {
    "review": ("str", False),
    "id": ("str", True),
    "name": ("name", True),
    "aliases": ("strs", False),
    "source": ("str", True),
    "quote": ("str", True),
    "note": ("text", False),
}
SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    "source": {
        "id": ("str", True),
        "file": ("str", True),
        "sha256": ("str", True),
        "title": ("text", True),
        "kicker": ("text", False),
        "authors": ("names", True),
        "date": ("str", True),
        "date_basis": ("text", True),
        "not_before": ("str", False),
        "note": ("text", False),
    },
    "region": {**_ENTITY_COMMON, "level": ("str", True), "parent": ("str", False)},
    "park": {
        **_ENTITY_COMMON,
        "type": ("str", True),
        "region": ("str", False),
        "region_note": ("text", False),
        "parent": ("str", False),
        "focus": ("texts", False),
    },
    "company": {
        **_ENTITY_COMMON,
        "sector": ("text", False),
        "park": ("str", False),
        "region": ("str", False),
        "region_note": ("text", False),
        "parent": ("str", False),
        "related": ("related", False),
    },
    "org": {
        **_ENTITY_COMMON,
        "type": ("str", True),
        "park": ("str", False),
        "region": ("str", False),
        "parent": ("str", False),
    },
    "metric": {
        "id": ("str", True),
        "name": ("text", True),
        "aliases": ("strs", False),
        "unit": ("str", True),
        "kind": ("str", True),
        "noun": ("str", False),
        "definition": ("text", True),
        "of": ("str", False),
        "base": ("str", False),
        "scope": ("str", False),
        "per": ("str", False),
        "among": ("str", False),
        "tier": ("str", False),
        "role": ("str", False),
    },
    "observation": {
        "review": ("str", False),
        "metric": ("str", True),
        "subject": ("str", True),
        "value": ("number", True),
        "unit": ("str", False),
        "qualifier": ("str", False),
        "year": ("int", False),
        "period": ("str", False),
        "status": ("str", False),
        "printed": ("str", False),
        "misprint": ("bool", False),
        "reading": ("str", False),
        "source": ("str", False),
        "quote": ("str", True),
        "also_quoted": ("strs", False),
        "note": ("text", False),
        "as_of": ("str", False),
    },
    "fact": {
        "review": ("str", False),
        "subject": ("str", True),
        "about": ("strs", False),
        "topic": ("str", False),
        "text": ("text", True),
        "year": ("int", False),
        "date": ("str", False),
        "period": ("str", False),
        "source": ("str", False),
        "quote": ("str", True),
        "also_quoted": ("strs", False),
        "note": ("text", False),
    },
    "facet": {
        "dimension": ("str", True),
        "value": ("str", True),
        "zh": ("strs", False),
        "en": ("strs", False),
        "says": ("text", False),
    },
    "concept": {
        "id": ("str", True),
        "event": ("bool", False),
        "scene": ("bool", False),
        "zh": ("strs", False),
        "en": ("strs", False),
        "zh_loose": ("strs", False),
        "en_loose": ("strs", False),
        "units": ("strs", False),
    },
    "stop": {"copula": ("bool", False), "zh": ("strs", False), "en": ("strs", False)},
    "contrast": {"zh": ("strs", True)},
    "variant": {"reads": ("str", True), "zh": ("strs", True)},
    "uncovered": {
        "source": ("str", True),
        "number": ("str", True),
        "context": ("str", True),
        "reason": ("str", True),
    },
}
TOP_LEVEL_KEYS = set(SCHEMA) | {"default_source"}
LEXICON_KINDS = ("facet", "concept", "stop", "contrast", "variant")
DRAFTS = "drafts"  # read_file's key for the records marked `review`
UNIT_FROM_METRIC = "\x00"  # placeholder until all metrics are loaded
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TABLE_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z_]+)\s*\]\]")


def _check_type(kind: str, value: Any) -> str | None:
    """None if `value` has shape `kind`, else what was expected."""
    if kind == "str":
        return None if isinstance(value, str) else "a string"
    if kind == "int":
        return None if isinstance(value, int) and not isinstance(value, bool) else "an integer"
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        # TOML reads nan and inf as floats; no article states either, and JSON cannot carry them.
        return None if ok and math.isfinite(value) else "a finite number"
    if kind == "bool":
        return None if isinstance(value, bool) else "true or false"
    if kind == "strs":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else "a list of strings"
    if kind == "text":
        ok = isinstance(value, dict) and set(value) == {"zh", "en"}
        ok = ok and all(isinstance(v, str) for v in value.values())
        return None if ok else 'a table { zh = "…", en = "…" }'
    if kind == "name":
        ok = isinstance(value, dict) and {"zh", "en"} <= set(value) <= {"zh", "en", "en_source"}
        ok = ok and all(isinstance(v, str) for v in value.values())
        return None if ok else 'a table { zh = "…", en = "…", en_source = "…" }'
    if kind == "names":
        bad = not isinstance(value, list) or any(_check_type("name", v) for v in value)
        return "a list of names" if bad else None
    if kind == "texts":
        bad = not isinstance(value, list) or any(_check_type("text", v) for v in value)
        return "a list of { zh, en } tables" if bad else None
    if kind == "related":
        ok = isinstance(value, list) and all(
            isinstance(v, dict)
            and set(v) == {"id", "relation"}
            and all(isinstance(x, str) for x in v.values())
            for v in value
        )
        return None if ok else 'a list of { id = "…", relation = "…" }'
    raise ValueError(kind)  # pragma: no cover - schema typo


def display_path(path: Path) -> str:
    """A path as a user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def walk_fact_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The TOML files of a facts directory in a stable order, and every folder that could not
    be listed: a folder nobody can read would otherwise be skipped as if empty."""
    problems: list[Problem] = []

    def unreadable_folder(exc: OSError) -> None:
        where = display_path(Path(exc.filename)) if exc.filename else display_path(root)
        problems.append(
            Problem(
                where, f"a folder that cannot be read ({exc.strerror or exc}); fix its permissions"
            )
        )

    files = [
        Path(folder, name)
        for folder, _, names in os.walk(root, onerror=unreadable_folder)
        for name in names
        if name.endswith(".toml")
    ]
    return sorted(p for p in files if p.is_file()), sorted(problems, key=lambda p: p.location)


def fact_files(root: Path) -> list[Path]:
    """The TOML files of a facts directory, in a stable order."""
    return walk_fact_files(root)[0]


def content_hash(root: Path) -> str:
    """sha256 over every fact file's path and bytes: the fact base's version."""
    digest = hashlib.sha256()
    for path in fact_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def header_lines(text: str) -> dict[str, list[int]]:
    """Line numbers of each [[kind]] header, so record n of a kind maps to a line."""
    lines: dict[str, list[int]] = {}
    # TOML ends lines with \n only; str.splitlines also splits at U+2028, U+0085 and others,
    # which may sit inside a string and would shift every later record's line.
    for number, line in enumerate(text.split("\n"), start=1):
        match = _TABLE_HEADER.match(line)
        if match:
            lines.setdefault(match.group(1), []).append(number)
    return lines


class _FileReader:
    """Turns one parsed file into model objects, collecting problems."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path = path
        self.shown = display_path(path)
        self.data = data
        self.headers = header_lines(text)
        self.problems: list[Problem] = []
        self.default_source = data.get("default_source")

    def where(self, kind: str, index: int) -> str:
        lines = self.headers.get(kind, [])
        return f"{self.shown}:{lines[index]}" if index < len(lines) else self.shown

    def records(self, kind: str) -> Iterator[tuple[str, dict[str, Any], int]]:
        value = self.data.get(kind, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problems.append(
                Problem(self.shown, f"'{kind}' must be an array of [[{kind}]] tables")
            )
            return
        for index, record in enumerate(value):
            yield self.where(kind, index), record, index

    def shape_ok(self, kind: str, where: str, record: dict[str, Any]) -> bool:
        spec = SCHEMA[kind]
        label = f"{kind} '{record['id']}'" if isinstance(record.get("id"), str) else kind
        ok = True
        for key in record:
            if key not in spec:
                self.problems.append(Problem(where, f"{label}: unknown field '{key}'"))
                ok = False
        for key, (type_name, required) in spec.items():
            if key not in record:
                missing_source = key == "source" and kind in ("fact", "observation")
                if required or (missing_source and not self.default_source):
                    self.problems.append(Problem(where, f"{label}: missing field '{key}'"))
                    ok = False
                continue
            expected = _check_type(type_name, record[key])
            if expected:
                self.problems.append(Problem(where, f"{label}: field '{key}' must be {expected}"))
                ok = False
        return ok


def _entity(kind: str, r: dict[str, Any], origin: str) -> Entity:
    """An entity record as read from TOML has the shape the index stores it in."""
    return entity_from_dict({**r, "kind": kind, "origin": origin})


def _build(kind: str, r: dict[str, Any], origin: str, key: str, source: str) -> tuple[Any, Any]:
    """One record → model object, and the dict it was made from (what the index stores);
    its shape has been checked. A TOML record has the shape the index stores, so the codec
    builds it, given what the file adds: where it came from, its key, its source (or the
    file's default) and, for a figure, its unit."""
    if kind == "source":
        return source_from_dict({**r, "origin": origin}), r
    if kind == "metric":
        return metric_from_dict({**r, "origin": origin}), r
    if kind == "observation":
        data = {**r, "key": key, "source": source}
        unit = r.get("unit", UNIT_FROM_METRIC)
        return observation_from_dict({**data, "unit": unit, "origin": origin}), data
    if kind == "fact":
        data = {**r, "key": key, "source": source}
        return fact_from_dict({**data, "origin": origin}), data
    if kind in LEXICON_KINDS:
        names = {
            "facet": f"{r.get('dimension')}={r.get('value')}",
            "concept": str(r.get("id")),
            "variant": str(r.get("reads")),
        }
        loose = (*r.get("zh_loose", ()), *r.get("en_loose", ()))
        phrases = (*r.get("zh", ()), *r.get("en", ()), *loose)
        event = bool(r.get("event", False))
        name = names.get(kind, "copula" if r.get("copula") else kind)
        units = tuple(r.get("units", ()))
        says = r.get("says")
        named = (says["zh"], says["en"]) if isinstance(says, dict) else ()
        entry = LexiconEntry(
            kind,
            name,
            tuple(phrases),
            event,
            tuple(loose),
            origin,
            units,
            named,
            scene=bool(r.get("scene", False)),
        )
        return entry, r
    if kind == "uncovered":
        return Uncovered(r["source"], r["number"], r["context"], r["reason"], origin=origin), r
    return _entity(kind, r, origin), {**r, "kind": kind}


def parse_file(
    path: Path, raw: bytes | None = None
) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Read and parse one TOML file (or its bytes, already read); a broken file yields a
    problem with line and column."""
    shown = display_path(path)
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, "", [Problem(shown, f"cannot be read ({exc.strerror or exc})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, "", [Problem(shown, f"is not UTF-8 (bad byte at offset {exc.start})")]
    return parse_text(path, text)


def parse_text(path: Path, text: str) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Parse a fact file's text (read from `path`, or about to be written there)."""
    shown = display_path(path)
    try:
        return tomllib.loads(text), text, []
    except RecursionError:  # `a = [[[[…]]]]` nested thousands deep: the parser recurses per level
        return None, text, [Problem(shown, f"{NESTED_TOO_DEEP} to be read")]
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match:
            where = f"{shown}:{match.group(1)}:{match.group(2)}"
            message = message[: match.start()]
        else:  # pragma: no cover - every tomllib error names a position
            where = shown
        return None, text, [Problem(where, f"TOML syntax error: {message}")]


def read_file(
    path: Path,
    raw: bytes | None = None,
    docs: dict[str, list[Any]] | None = None,
    parsed: tuple[dict[str, Any], str] | None = None,
    only: set[tuple[str, int]] | None = None,
) -> tuple[dict[str, list[Any]], list[Problem]]:
    """One file's records by kind, in file order, and every problem of their shape; with
    `docs`, each record's dict as the index stores it, alongside. Records marked `review`
    (drafts) come apart, under DRAFTS. `parsed`: the file's data and text, parsed already;
    `only`: the (kind, place in the file) of the records to read, the others left out.

    Units left to the metric stay UNIT_FROM_METRIC; duplicates and references are
    cross-record matters (read_factbase, validate.py, the index build)."""
    records: dict[str, list[Any]] = {kind: [] for kind in (*SCHEMA, DRAFTS)}
    data, text, problems = (*parsed, []) if parsed is not None else parse_file(path, raw)
    if data is None:
        return records, problems
    reader = _FileReader(path, text, data)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            reader.problems.append(Problem(reader.shown, f"unknown top-level key '{key}'"))
    if "default_source" in data and not isinstance(data["default_source"], str):
        reader.problems.append(Problem(reader.shown, "'default_source' must be a string"))
        reader.default_source = None
    for kind in SCHEMA:
        for where, record, index in reader.records(kind):
            if only is not None and (kind, index) not in only:
                continue
            if not reader.shape_ok(kind, where, record):
                continue
            source: str = record.get("source") or reader.default_source or ""
            prefix = "o" if kind == "observation" else "f"
            obj, data = _build(kind, record, where, f"{path.stem}#{prefix}{index + 1}", source)
            if "review" in record:  # a draft: kept out of lookups until accepted
                records[DRAFTS].append(Draft(kind, obj, record["review"]))
                continue
            records[kind].append(obj)
            if docs is not None:
                docs.setdefault(kind, []).append(data)
    return records, problems + reader.problems


def _add(fb: FactBase, kind: str, obj: Any) -> None:
    if kind == "source":
        fb.sources.setdefault(obj.id, obj)
    elif kind == "metric":
        fb.metrics.setdefault(obj.id, obj)
    elif kind == "observation":
        fb.observations.append(obj)
    elif kind == "fact":
        fb.facts.append(obj)
    elif kind == "uncovered":
        fb.uncovered.append(obj)
    elif kind in LEXICON_KINDS:
        fb.lexicon.append(obj)
    else:
        fb.entities.setdefault(obj.id, obj)


def read_factbase(
    root: Path, instead: tuple[Path, str] | None = None
) -> tuple[FactBase, list[Problem]]:
    """Load every file under `root`; return what loaded and every problem found.

    `instead` is (a file, its new text): the base as it would be with that file
    written, whether or not it lies under `root` (`qt draft --accept` checks its
    result before writing it). Duplicate ids keep their first record here;
    validate.py reports them.
    """
    fb = FactBase(root=str(root))
    shown = display_path(root)
    if not root.exists():
        return fb, [Problem(shown, "the facts directory does not exist")]
    if not root.is_dir():
        return fb, [Problem(shown, "is not a directory")]
    files, problems = walk_fact_files(root)
    if not files and not problems:
        return fb, [Problem(shown, "the facts directory holds no .toml files")]
    if instead is not None and all(not p.samefile(instead[0]) for p in files):
        files.append(instead[0])
    seen_ids: dict[tuple[str, str], str] = {}
    for path in files:
        text = instead[1] if instead is not None and path.samefile(instead[0]) else None
        raw = text.encode("utf-8") if text is not None else None
        records, file_problems = read_file(path, raw)
        fb.files.append(display_path(path))
        fb.drafts += records.pop(DRAFTS)
        for kind, objs in records.items():
            for obj in objs:
                _note_duplicate(kind, obj, obj.origin, seen_ids, file_problems)
                _add(fb, kind, obj)
        problems.extend(file_problems)
    _resolve_units(fb)
    return fb, problems


def _resolve_units(fb: FactBase) -> None:
    """An observation that states no unit is in its metric's unit."""
    for index, obs in enumerate(fb.observations):
        if obs.unit == UNIT_FROM_METRIC:
            metric = fb.metrics.get(obs.metric)
            fb.observations[index] = replace(obs, unit=metric.unit if metric else "")
    for index, draft in enumerate(fb.drafts):
        if isinstance(draft.record, Observation) and draft.record.unit == UNIT_FROM_METRIC:
            metric = fb.metrics.get(draft.record.metric)
            unit = metric.unit if metric else ""
            fb.drafts[index] = replace(draft, record=replace(draft.record, unit=unit))


def _note_duplicate(
    kind: str, obj: Any, where: str, seen: dict[tuple[str, str], str], out: list[Problem]
) -> None:
    """Ids are unique per namespace; entities of all kinds share one namespace."""
    if kind in ("observation", "fact", "uncovered", *LEXICON_KINDS):
        return
    space = "entity" if kind in ("region", "park", "company", "org") else kind
    first = seen.get((space, obj.id))
    if first:
        out.append(Problem(where, f"duplicate id '{obj.id}' (first defined at {first})"))
    else:
        seen[(space, obj.id)] = where


def unreadable(problems: list[Problem]) -> bool:
    """True if some file could not be parsed at all: cross-record checks would only add noise."""
    return any(p.message.startswith(UNREADABLE) for p in problems)


NESTED_TOO_DEEP = "TOML nested too deeply"
UNREADABLE = (
    "TOML syntax error",
    "is not UTF-8",
    "cannot be read",
    "the facts directory",
    NESTED_TOO_DEEP,
    "a folder that cannot be read",
)


def load_factbase(root: Path, check: Callable[[FactBase], list[Problem]] | None = None) -> FactBase:
    """Load and (optionally) validate; raise FactBaseInvalid listing every problem."""
    fb, problems = read_factbase(root)
    if not unreadable(problems) and check is not None:
        problems += check(fb)
    if problems:
        raise FactBaseInvalid(problems)
    return fb
