"""Cross-record checks of a loaded fact base: the linter behind `qt check`.

Each check is a generator of `Problem`s (python/peps' check-peps.py style), so
every problem is reported, not just the first. With the article texts at hand
(`sources_dir`), every quote is also proven verbatim and every article's sha256
is compared with the source record.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qtcli.errors import Problem
from qtcli.factbase.load import UNIT_FROM_METRIC
from qtcli.factbase.model import (
    EN_SOURCES,
    METRIC_KINDS,
    QUALIFIERS,
    STATUSES,
    YEAR_RANGE,
    Entity,
    FactBase,
    Name,
    Text,
)
from qtcli.index.normalize import fold
from qtcli.present.printable import CONTROL_RE, control_characters
from qtcli.present.wording import DATE_RE, PERIOD_RE, UNITS, period_years, with_article

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_QUOTE = 120  # characters; quotes are meant to be short (about 100 at most)
REGION_LEVELS = (
    "country",
    "province",
    "city",
    "district",
    "county-city",
    "subdistrict",
    "area",
    "river",
)
PARK_TYPES = (
    "development-zone",
    "sub-area",
    "project",
    "platform",
    "landmark",
    "town",
    "science-city",
    "industrial-park",
    "higher-education-park",
    "bonded-zone",
    "ftz-area",
    "pilot-zone",
    "new-city",
    "planning-belt",
    "industrial-building",
    "green-space",
)
ORG_TYPES = ("university", "institute", "agency", "alliance", "exchange", "platform", "other")


def article_text(raw: str) -> str:
    """An article as quotes are matched against it: HTML entities decoded, whitespace removed.

    The texts break lines mid-sentence (print layout), so whitespace cannot be
    part of what makes a quote verbatim.
    """
    return re.sub(r"\s+", "", html.unescape(raw))


def squeeze(quote: str) -> str:
    return re.sub(r"\s+", "", quote)


def _year(where: str, label: str, year: int | None) -> Iterator[Problem]:
    if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        yield Problem(where, f"{label}: year {year} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")


def _name(where: str, label: str, name: Name) -> Iterator[Problem]:
    if not name.zh.strip():
        yield Problem(where, f"{label}: the Chinese name is empty")
    if not name.en.strip():
        yield Problem(where, f"{label}: the English name is empty")
    if name.en_source not in EN_SOURCES:
        yield Problem(where, f"{label}: en_source must be one of {', '.join(EN_SOURCES)}")


def _both(where: str, label: str, field: str, text: Text | None) -> Iterator[Problem]:
    """A note (or other text meant for the reader) is written in both languages, or not at all."""
    if text is None:
        return
    if not text.zh.strip():
        yield Problem(where, f"{label}: the Chinese {field} is empty")
    if not text.en.strip():
        yield Problem(where, f"{label}: the English {field} is empty")


def _quote(where: str, label: str, quotes: tuple[str, ...]) -> Iterator[Problem]:
    for quote in quotes:
        if not quote.strip():
            yield Problem(where, f"{label}: the quote is empty")
        elif len(squeeze(quote)) > MAX_QUOTE:
            yield Problem(
                where, f"{label}: the quote is {len(quote)} characters; keep it under {MAX_QUOTE}"
            )


def check_sources(fb: FactBase) -> Iterator[Problem]:
    for s in fb.sources.values():
        label = f"source '{s.id}'"
        if not ID_RE.match(s.id):
            yield Problem(s.origin, f"{label}: ids are lower-case ASCII words joined by '-'")
        if not SHA256_RE.match(s.sha256):
            yield Problem(s.origin, f"{label}: sha256 must be 64 lower-case hex digits")
        for field, value in (("date", s.date), ("not_before", s.not_before)):
            if value is not None and not DATE_RE.match(value):
                yield Problem(s.origin, f"{label}: {field} must be YYYY, YYYY-MM or YYYY-MM-DD")
        if not s.title.en.strip() or not s.title.zh.strip():
            yield Problem(s.origin, f"{label}: the title needs both Chinese and English")
        for author in s.authors:
            yield from _name(s.origin, label, author)
        yield from _both(s.origin, label, "date_basis", s.date_basis)
        yield from _both(s.origin, label, "note", s.note)


def _entity_refs(fb: FactBase, e: Entity) -> Iterator[Problem]:
    label = f"{e.kind} '{e.id}'"
    refs: list[tuple[str, str | None, tuple[str, ...]]] = [
        ("region", e.region, ("region",)),
        ("park", e.park, ("park",)),
        (
            "parent",
            e.parent,
            (e.kind,) if e.kind != "org" else ("region", "park", "company", "org"),
        ),
    ]
    refs += [("related", r.id, ("company", "org", "park")) for r in e.related]
    for field, ref, kinds in refs:
        if ref is None:
            continue
        target = fb.entities.get(ref)
        if target is None:
            yield Problem(e.origin, f"{label}: {field} '{ref}' does not exist")
        elif target.kind not in kinds:
            yield Problem(
                e.origin,
                f"{label}: {field} '{ref}' is {with_article(target.kind)}, "
                f"not {with_article(' or '.join(kinds))}",
            )
    if e.source not in fb.sources:
        yield Problem(e.origin, f"{label}: source '{e.source}' does not exist")


def check_entities(fb: FactBase) -> Iterator[Problem]:
    vocab = {
        "region": ("level", REGION_LEVELS),
        "park": ("type", PARK_TYPES),
        "org": ("type", ORG_TYPES),
    }
    for e in fb.entities.values():
        label = f"{e.kind} '{e.id}'"
        if not ID_RE.match(e.id):
            yield Problem(e.origin, f"{label}: ids are lower-case ASCII words joined by '-'")
        yield from _name(e.origin, label, e.name)
        yield from _quote(e.origin, label, (e.quote,))
        yield from _both(e.origin, label, "note", e.note)
        yield from _both(e.origin, label, "region_note", e.region_note)
        if e.kind in vocab:
            field, allowed = vocab[e.kind]
            value = getattr(e, field)
            if value not in allowed:
                yield Problem(
                    e.origin, f"{label}: {field} '{value}' is not one of {', '.join(allowed)}"
                )
        for text in (*e.focus, *([e.sector] if e.sector else [])):
            if not text.zh.strip() or not text.en.strip():
                yield Problem(
                    e.origin, f"{label}: a sector or focus needs both Chinese and English"
                )


def check_references(fb: FactBase) -> Iterator[Problem]:
    """Every id a record names exists, and is of a kind that field allows (the index build
    runs the same checks in SQL, see index/crosscheck.py)."""
    for e in fb.entities.values():
        yield from _entity_refs(fb, e)
    for o in fb.observations:
        label = f"observation of '{o.metric}' for '{o.subject}'"
        if o.metric not in fb.metrics:
            yield Problem(o.origin, f"{label}: metric '{o.metric}' does not exist")
        if o.subject not in fb.entities:
            yield Problem(o.origin, f"{label}: subject '{o.subject}' does not exist")
        if o.source not in fb.sources:
            yield Problem(o.origin, f"{label}: source '{o.source}' does not exist")
    for f in fb.facts:
        for ref in (f.subject, *f.about):
            if ref not in fb.entities:
                yield Problem(f.origin, f"fact about '{f.subject}': entity '{ref}' does not exist")
        if f.source not in fb.sources:
            yield Problem(f.origin, f"fact about '{f.subject}': source '{f.source}' does not exist")
    for u in fb.uncovered:
        if u.source not in fb.sources:
            yield Problem(u.origin, f"uncovered '{u.number}': source '{u.source}' does not exist")


def check_aliases(fb: FactBase) -> Iterator[Problem]:
    """No two entities (or two metrics) may answer to the same name or alias."""
    for kind_label, records in (("entity", fb.entities.values()), ("metric", fb.metrics.values())):
        owners: dict[str, tuple[str, str]] = {}
        for record in records:
            names = [record.name.zh, record.name.en, *record.aliases]
            for text in names:
                key = fold(text)
                if not key:
                    yield Problem(
                        record.origin,
                        f"{kind_label} '{record.id}': name or alias '{text}' is empty once normalised",
                    )
                    continue
                owner = owners.get(key)
                if owner and owner[0] != record.id:
                    yield Problem(
                        record.origin,
                        f"{kind_label} '{record.id}': '{text}' is also a name or alias of '{owner[0]}' ({owner[1]})",
                    )
                else:
                    owners[key] = (record.id, record.origin)


def check_metrics(fb: FactBase) -> Iterator[Problem]:
    for m in fb.metrics.values():
        label = f"metric '{m.id}'"
        if not ID_RE.match(m.id):
            yield Problem(m.origin, f"{label}: ids are lower-case ASCII words joined by '-'")
        if m.kind not in METRIC_KINDS:
            yield Problem(
                m.origin, f"{label}: kind '{m.kind}' is not one of {', '.join(METRIC_KINDS)}"
            )
        if m.unit not in UNITS:
            yield Problem(m.origin, f"{label}: unknown unit '{m.unit}'")
        if m.kind == "rank" and m.unit != "位":
            yield Problem(m.origin, f"{label}: a rank is counted in '位'")
        for text in (m.name, m.definition):
            if not text.zh.strip() or not text.en.strip():
                yield Problem(
                    m.origin, f"{label}: name and definition need both Chinese and English"
                )


def check_observations(fb: FactBase) -> Iterator[Problem]:
    for o in fb.observations:
        label = f"observation of '{o.metric}' for '{o.subject}'"
        if o.unit != UNIT_FROM_METRIC and o.unit not in UNITS:  # a metric's own unit: its check
            yield Problem(o.origin, f"{label}: unknown unit '{o.unit}'")
        if o.qualifier not in QUALIFIERS:
            yield Problem(
                o.origin,
                f"{label}: unknown qualifier '{o.qualifier}' (use {', '.join(QUALIFIERS)})",
            )
        if o.status not in STATUSES:
            yield Problem(
                o.origin, f"{label}: unknown status '{o.status}' (use {', '.join(STATUSES)})"
            )
        yield from _year(o.origin, label, o.year)
        yield from _period(o.origin, label, o.year, o.period)
        if o.as_of is not None and not (DATE_RE.match(o.as_of) or PERIOD_RE.match(o.as_of)):
            yield Problem(
                o.origin,
                f"{label}: as_of '{o.as_of}' must be a date (2022-09) or a span (2022-01/2022-08)",
            )
        yield from _quote(o.origin, label, (o.quote, *o.also_quoted))
        yield from _both(o.origin, label, "note", o.note)
        if o.printed and not any(o.printed in q for q in (o.quote, *o.also_quoted)):
            yield Problem(o.origin, f"{label}: printed form '{o.printed}' is not in its quote")
        if o.misprint and not o.printed:
            yield Problem(o.origin, f"{label}: a misprint must keep the printed form in 'printed'")


def _period(where: str, label: str, year: int | None, period: str | None) -> Iterator[Problem]:
    if period is None:
        return
    if not PERIOD_RE.match(period):
        yield Problem(
            where,
            f"{label}: period '{period}' must look like 2022-01/2022-08, 2023-Q1, 2019/2022 or 2024-11",
        )
        return
    span = period_years(None, period) or (int(period[:4]), int(period[:4]))
    if year is not None and not span[0] <= year <= span[1]:
        yield Problem(where, f"{label}: year {year} is outside its period '{period}'")


def check_facts(fb: FactBase) -> Iterator[Problem]:
    for f in fb.facts:
        label = f"fact about '{f.subject}'"
        if not f.text.zh.strip() or not f.text.en.strip():
            yield Problem(f.origin, f"{label}: the text needs both Chinese and English")
        if f.date is not None and not DATE_RE.match(f.date):
            yield Problem(f.origin, f"{label}: date must be YYYY, YYYY-MM or YYYY-MM-DD")
        yield from _year(f.origin, label, f.year)
        yield from _period(f.origin, label, f.year, f.period)
        yield from _quote(f.origin, label, (f.quote, *f.also_quoted))
        yield from _both(f.origin, label, "note", f.note)


def check_uncovered(fb: FactBase) -> Iterator[Problem]:
    for u in fb.uncovered:
        if u.number not in u.context:
            yield Problem(u.origin, f"uncovered '{u.number}': the number is not in its context")
        if not u.reason.strip():
            yield Problem(u.origin, f"uncovered '{u.number}': give a reason")


MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # the articles are a few KB; /dev/zero is endless


def _article_bytes(sources_dir: Path, name: str) -> bytes | str:
    """An article's bytes, or why it was refused. `name` comes from a contribution, so it must
    be a plain file name whose real path stays in `sources_dir` ('../../etc/passwd',
    '/proc/self/environ' and a link leading out are refused unread), and a regular file under
    the size cap (a FIFO would block, /dev/zero never ends)."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        return "is not a plain file name in the sources folder"
    folder = os.path.realpath(sources_dir)
    real = os.path.realpath(os.path.join(folder, name))
    if os.path.dirname(real) != folder:
        return "leads out of the sources folder"
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        return f"is not in {sources_dir}"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return "is not a regular file"
    with os.fdopen(fd, "rb") as handle:
        raw = b"" if info.st_size > MAX_ARTICLE_BYTES else handle.read(MAX_ARTICLE_BYTES + 1)
    if info.st_size > MAX_ARTICLE_BYTES or len(raw) > MAX_ARTICLE_BYTES:
        return f"is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"is not UTF-8 (bad byte at offset {exc.start})"
    return raw


def read_articles(fb: FactBase, sources_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Each source's article text (as `article_text` shapes it), checking file and sha256.

    A source whose file is refused (see `_article_bytes`) has no text, and nothing of it is
    read beyond what the refusal needed."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for s in fb.sources.values():
        raw = _article_bytes(sources_dir, s.file)
        if isinstance(raw, str):
            problems.append(Problem(s.origin, f"source '{s.id}': article '{s.file}' {raw}"))
            continue
        if hashlib.sha256(raw).hexdigest() != s.sha256:
            problems.append(
                Problem(s.origin, f"source '{s.id}': '{s.file}' does not match its sha256")
            )
        texts[s.id] = article_text(raw.decode("utf-8"))
    return texts, problems


def check_quotes(fb: FactBase, texts: dict[str, str]) -> Iterator[Problem]:
    """Every quote (and every also_quoted) appears verbatim in its own article."""
    records: list[tuple[str, str, str, tuple[str, ...]]] = []
    records += [
        (e.origin, f"{e.kind} '{e.id}'", e.source, (e.quote,)) for e in fb.entities.values()
    ]
    records += [
        (o.origin, f"observation of '{o.metric}'", o.source, (o.quote, *o.also_quoted))
        for o in fb.observations
    ]
    records += [
        (f.origin, f"fact about '{f.subject}'", f.source, (f.quote, *f.also_quoted))
        for f in fb.facts
    ]
    records += [(u.origin, f"uncovered '{u.number}'", u.source, (u.context,)) for u in fb.uncovered]
    for where, label, source, quotes in records:
        text = texts.get(source)
        if text is None:
            continue
        for quote in quotes:
            if quote.strip() and squeeze(quote) not in text:
                yield Problem(
                    where, f"{label}: quote not found in '{fb.sources[source].file}': “{quote}”"
                )


def _strings(value: Any, field: str) -> Iterator[tuple[str, str]]:
    """Every string inside a record's field, with the field's dotted name (name.en, aliases)."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item, field)
    elif hasattr(value, "__slots__"):
        for name in value.__slots__:
            if name != "origin":
                yield from _strings(getattr(value, name), f"{field}.{name}" if field else name)


def _records(fb: FactBase) -> Iterator[tuple[str, Any]]:
    for s in fb.sources.values():
        yield f"source '{s.id}'", s
    for e in fb.entities.values():
        yield f"{e.kind} '{e.id}'", e
    for m in fb.metrics.values():
        yield f"metric '{m.id}'", m
    for o in fb.observations:
        yield f"observation of '{o.metric}' for '{o.subject}'", o
    for f in fb.facts:
        yield f"fact about '{f.subject}'", f
    for u in fb.uncovered:
        yield f"uncovered '{u.number}'", u


def check_control_characters(fb: FactBase) -> Iterator[Problem]:
    """No text may carry terminal escapes or reordering marks (see present/printable.py):
    a name holding ESC [2J would clear the screen of whoever looks it up."""
    for label, rec in _records(fb):
        for field, text in _strings(rec, ""):
            found = control_characters(text) if text != UNIT_FROM_METRIC else []
            if found:
                yield Problem(
                    rec.origin,
                    f"{label}: {field} holds control or bidi character(s) {', '.join(found)}",
                )


def check_lexicon(fb: FactBase) -> Iterator[Problem]:
    """Lexicon entries: known facet dimensions, unique names, and no phrase that two entries
    (or one, twice) claim: with longest-first reading a phrase means one thing only."""
    from qtcli.factbase.lexicon import (
        FACET_DIMENSIONS,
        NAMED_DIMENSIONS,
        SLOT,
        is_cjk,
        phrase_keys,
    )

    names: dict[str, str] = {}
    claimed: dict[tuple[str, ...], tuple[str, str]] = {}
    units = {e.value for e in fb.lexicon if e.kind == "facet" and e.dimension == "unit"}
    concepts = {e.name for e in fb.lexicon if e.kind == "concept"}
    for entry in fb.lexicon:
        label = f"{entry.kind} '{entry.name}'"
        for phrase in entry.phrases:
            for slot in SLOT.findall(phrase):
                if slot not in concepts and slot != "name":  # {name}: a name the text gives
                    yield Problem(
                        entry.origin, f"{label}: phrase '{phrase}': {{{slot}}} is not a concept"
                    )
        if entry.kind == "facet" and entry.dimension not in FACET_DIMENSIONS:
            yield Problem(
                entry.origin,
                f"{label}: dimension '{entry.dimension}' is not one of {', '.join(FACET_DIMENSIONS)}",
            )
        if entry.kind == "facet" and entry.dimension in NAMED_DIMENSIONS and not entry.says:
            yield Problem(
                entry.origin,
                f'{label}: a refusal may name it: give says = {{ zh = "…", en = "…" }}',
            )
        for unit in entry.units:
            if unit not in units:
                yield Problem(entry.origin, f"{label}: unit '{unit}' is not a unit facet")
        if entry.kind == "concept" and not ID_RE.match(entry.name):
            yield Problem(entry.origin, f"{label}: ids are lower-case ASCII words joined by '-'")
        if entry.kind == "contrast":
            for phrase in entry.phrases:
                if len(phrase) != 1 or not is_cjk(phrase):
                    yield Problem(entry.origin, f"{label}: '{phrase}' is not one Chinese character")
            continue
        if entry.kind == "variant":
            if not entry.name.strip() or not all(p.strip() for p in entry.phrases):
                yield Problem(entry.origin, f"{label}: a word and its spellings must not be empty")
            continue
        if entry.kind != "stop":
            if entry.name in names:
                yield Problem(entry.origin, f"{label}: also defined at {names[entry.name]}")
            names[entry.name] = entry.origin
        if not entry.phrases:
            yield Problem(entry.origin, f"{label}: no phrases")
        seen_here: set[str] = set()
        for phrase in entry.phrases:
            keys = phrase_keys(phrase)
            if not keys:
                yield Problem(entry.origin, f"{label}: phrase '{phrase}' is empty once folded")
                continue
            first = claimed.get(keys)
            if first is not None and (first[0] != label or phrase in seen_here):
                other, where = first
                yield Problem(
                    entry.origin,
                    f"{label}: phrase '{phrase}' reads the same as one of {other} ({where})",
                )
            elif first is None:
                claimed[keys] = (label, entry.origin)
            seen_here.add(phrase)


def check_metric_facets(fb: FactBase, lexicon: Any = None) -> Iterator[Problem]:
    """A metric's facets are lexicon values, and every facet its names say is declared: a
    name with 增速 is a growth rate, one with 全市排名 a rank among the city's districts, so
    that a question using the name is read as asking for what the metric measures."""
    from qtcli.factbase.lexicon import Lexicon, family, read_text

    lexicon = lexicon if lexicon is not None else Lexicon(fb.lexicon)
    values: dict[str, set[str]] = {}
    for entry in fb.lexicon:
        if entry.kind == "facet":
            values.setdefault(entry.dimension, set()).add(entry.value)
    for m in fb.metrics.values():
        label = f"metric '{m.id}'"
        if m.base is not None and (m.base == m.id or m.base not in fb.metrics):
            yield Problem(m.origin, f"{label}: base '{m.base}' is not another metric")
        elif m.base is not None and fb.metrics[m.base].base == m.id:
            yield Problem(m.origin, f"{label}: base '{m.base}' has this metric as its base")
        declared = m.facets()
        for dimension, field in (
            ("kind", "of"),
            *((d, d) for d in ("scope", "per", "among", "tier", "role")),
        ):
            raw = getattr(m, field)
            for value in [v.strip() for v in (raw or "").split(",") if v.strip()]:
                if value not in values.get(dimension, set()):
                    known = ", ".join(sorted(values.get(dimension, set())))
                    yield Problem(m.origin, f"{label}: {field} '{value}' is not one of {known}")
        named: set[str] = set()  # the kinds its names say (growth, share, rank…)
        for name in (m.name.zh, m.name.en):
            said = read_text(lexicon, name).facets
            named |= family(said.get("kind", frozenset()))
            for dimension in ("kind", "scope", "per", "among", "tier", "role"):
                missing = family(said.get(dimension, frozenset())) - family(
                    declared.get(dimension, frozenset())
                )
                if missing:
                    yield Problem(
                        m.origin,
                        f"{label}: its name '{name}' says {dimension} "
                        f"{', '.join(sorted(missing))}, which the metric does not declare",
                    )
        # An alias is the same figure named otherwise: one that drops the kind its name says
        # names another figure (汽车产量 is the output, not 汽车产量占全市比重, its share).
        for alias in m.aliases:
            dropped = named - family(read_text(lexicon, alias).facets.get("kind", frozenset()))
            if dropped:
                yield Problem(
                    m.origin,
                    f"{label}: its alias '{alias}' does not say {', '.join(sorted(dropped))}, "
                    "which its name says: it names another figure",
                )


# Checks that look at one record at a time: the index build runs them file by file.
LOCAL_CHECKS = (
    check_control_characters,
    check_sources,
    check_entities,
    check_metrics,
    check_observations,
    check_facts,
    check_uncovered,
)
# Checks across records: the index build runs them in SQL over its tables (crosscheck.py).
CROSS_CHECKS = (check_references, check_aliases)
# Checks of the lexicon and the metrics as wholes (a phrase claimed twice, a facet a metric's
# name says but it does not declare, a base): the index build runs them over those tables.
WHOLE_CHECKS = (check_lexicon, check_metric_facets)
CHECKS = LOCAL_CHECKS + CROSS_CHECKS + WHOLE_CHECKS


def iter_problems(
    fb: FactBase, sources_dir: Path | None = None, curation: bool = True
) -> Iterator[Problem]:
    """Every problem of the fact base; with `sources_dir`, quotes are proven verbatim too.

    `curation` adds what `qt check` asks of a curator but a lookup does not need: every
    value proven from its printed form or marked as a reading (proof.py), and drafts
    awaiting review, each checked like a record (review.py)."""
    if curation:
        from qtcli.factbase.review import check_drafts, with_drafts

        yield from check_drafts(fb)
        fb = with_drafts(fb)
    for check in CHECKS:
        yield from check(fb)
    if curation:
        from qtcli.factbase.proof import check_values

        yield from check_values(fb)
    if sources_dir is not None:
        texts, problems = read_articles(fb, sources_dir)
        yield from problems
        yield from check_quotes(fb, texts)


# How TOML writes a character that CONTROL_RE would find, other than raw: \b \f \r \e, \xHH,
# \uXXXX, \UXXXXXXXX (tab and newline are allowed).
_ESCAPED_CONTROL = re.compile(r"\\[bfreEuUx]")


def may_hold_controls(text: str) -> bool:
    """False when a file's text can yield no control character in any value: none raw, and
    no escape that could make one (then check_control_characters need not read its records)."""
    return bool(CONTROL_RE.search(text) or _ESCAPED_CONTROL.search(text))


def local_problems(fb: FactBase, controls: bool = True) -> list[Problem]:
    """The one-record-at-a-time checks (fb may hold a single file's records); `controls=False`
    leaves out the control-character check, for records from text that cannot hold any."""
    checks = [c for c in LOCAL_CHECKS if controls or c is not check_control_characters]
    return [p for check in checks for p in check(fb)]


def problems_of(fb: FactBase) -> list[Problem]:
    """The checks a lookup runs before it trusts a fact base (no article texts needed)."""
    return list(iter_problems(fb, curation=False))


def curation_problems(fb: FactBase, controls: bool = True, proofs: bool = True) -> list[Problem]:
    """What `qt check` asks of a curator but a lookup does not need, one file at a time (fb
    may hold a single file's records): drafts awaiting review, each checked like a record,
    and every value proven from its printed form (see iter_problems). `proofs=False` leaves
    the proofs out, for records whose units are still their metric's to give (the index
    proves those once units are known: build._proofs)."""
    from qtcli.factbase.proof import check_values
    from qtcli.factbase.review import check_drafts, with_drafts

    out = list(check_drafts(fb))
    whole = with_drafts(fb)
    if fb.drafts:
        known = set(local_problems(fb, controls))
        out += [p for p in local_problems(whole, controls) if p not in known]
    if proofs:
        out += list(check_values(whole))
    return out
