"""validate.py's cross-record checks, in SQL over the index tables.

The whole fact base never sits in memory during a build, so the checks that
compare records (an id defined twice, a reference to nothing or to the wrong
kind, one name for two records) ask the tables instead. Given `spans` (the n
ranges of the files just compiled) they look only at those rows: enough when
the rest of the fact base was clean before and no id went away, since then any
new problem involves a new row (see build.py, `_narrow`).

Each problem is (n, line, message): n places it in the file of that rank.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from qtcli.index.store import NAME_FORMS, codes
from qtcli.present.wording import with_article

Found = tuple[int, int, str]
ENTITY_SPACES = ("region", "park", "company", "org")


def _within(spans: Sequence[tuple[int, int]] | None, column: str = "n") -> tuple[str, list[int]]:
    if spans is None:
        return "1", []
    clause = " OR ".join(f"{column} BETWEEN ? AND ?" for _ in spans) or "0"
    return f"({clause})", [bound for span in spans for bound in span]


def problems(
    conn: sqlite3.Connection,
    spans: Sequence[tuple[int, int]] | None,
    origin: Callable[[int, int], str],
    new_keys: set[tuple[str, bool]] | None = None,
) -> list[Found]:
    """Every cross-record problem among the rows in `spans` (all rows when None).
    `origin(n, line)` names where a record is, for 'first defined at'; `new_keys`, when the
    build knows them, are the only name keys (key, is-a-metric) that can be newly shared."""
    found: list[Found] = []
    for check in (_duplicates, _entity_references, _record_references):
        found += check(conn, spans, origin)
    found += _shared_names(conn, spans, origin, new_keys)
    return found


def _duplicates(
    conn: sqlite3.Connection,
    spans: Sequence[tuple[int, int]] | None,
    origin: Callable[[int, int], str],
) -> Iterator[Found]:
    for table in ("entity", "metric", "source"):
        where, args = _within(spans)
        rows = conn.execute(
            f"SELECT d.n, d.id, d.line, (SELECT n || ':' || line FROM {table} f "
            "WHERE f.id = d.id ORDER BY n LIMIT 1) "
            f"FROM {table} d WHERE d.id IN (SELECT id FROM {table} WHERE {where}) "
            f"AND d.n > (SELECT min(n) FROM {table} f WHERE f.id = d.id) ORDER BY d.n",
            args,
        )
        for n, id, line, first in rows:
            first_n, _, first_line = first.partition(":")
            at = origin(int(first_n), int(first_line))
            yield n, line, f"duplicate id '{id}' (first defined at {at})"


ALLOWED = {"region": ("region",), "park": ("park",), "related": ("company", "org", "park")}


def _entity_references(
    conn: sqlite3.Connection,
    spans: Sequence[tuple[int, int]] | None,
    origin: Callable[[int, int], str],
) -> Iterator[Found]:
    where, args = _within(spans, "m.n")
    rows = conn.execute(
        "SELECT m.n, m.line, m.kind, m.member, m.relation, m.container, "
        "(SELECT kind FROM entity e WHERE e.id = m.container ORDER BY e.n LIMIT 1) "
        f"FROM member m WHERE {where} ORDER BY m.n",
        args,
    )
    for n, line, kind, member, relation, ref, target in rows:
        label = f"{kind} '{member}'"
        if relation == "parent":
            kinds: tuple[str, ...] = (kind,) if kind != "org" else ENTITY_SPACES
        else:
            kinds = ALLOWED[relation]
        if target is None:
            yield n, line, f"{label}: {relation} '{ref}' does not exist"
        elif target not in kinds:
            yield (
                n,
                line,
                f"{label}: {relation} '{ref}' is {with_article(target)}, "
                f"not {with_article(' or '.join(kinds))}",
            )
    where, args = _within(spans, "e.n")
    rows = conn.execute(
        "SELECT e.n, e.line, e.kind, e.id, e.source FROM entity e "
        f"WHERE {where} AND NOT EXISTS (SELECT 1 FROM source s WHERE s.id = e.source) "
        "ORDER BY e.n",
        args,
    )
    for n, line, kind, id, source in rows:
        yield n, line, f"{kind} '{id}': source '{source}' does not exist"


def _record_references(
    conn: sqlite3.Connection,
    spans: Sequence[tuple[int, int]] | None,
    origin: Callable[[int, int], str],
) -> Iterator[Found]:
    where, args = _within(spans, "o.n")
    rows = conn.execute(
        "SELECT o.n, o.line, o.metric, o.subject, o.source, "
        "EXISTS (SELECT 1 FROM metric WHERE id = o.metric), "
        "EXISTS (SELECT 1 FROM entity WHERE id = o.subject), "
        "EXISTS (SELECT 1 FROM source WHERE id = o.source) "
        f"FROM observation o WHERE {where} AND NOT ("
        "EXISTS (SELECT 1 FROM metric WHERE id = o.metric) "
        "AND EXISTS (SELECT 1 FROM entity WHERE id = o.subject) "
        "AND EXISTS (SELECT 1 FROM source WHERE id = o.source)) ORDER BY o.n",
        args,
    )
    for n, line, metric, subject, source, has_metric, has_subject, has_source in rows:
        label = f"observation of '{metric}' for '{subject}'"
        if not has_metric:
            yield n, line, f"{label}: metric '{metric}' does not exist"
        if not has_subject:
            yield n, line, f"{label}: subject '{subject}' does not exist"
        if not has_source:
            yield n, line, f"{label}: source '{source}' does not exist"
    where, args = _within(spans, "f.n")
    rows = conn.execute(
        "SELECT f.n, f.line, f.subject, f.subject, 'entity' FROM fact f "
        f"WHERE {where} AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = f.subject) "
        "UNION ALL SELECT f.n, f.line, f.subject, a.entity, 'entity' FROM fact_about a "
        "JOIN fact f ON f.n = a.fact "
        f"WHERE {where} AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = a.entity) "
        "UNION ALL SELECT f.n, f.line, f.subject, f.source, 'source' FROM fact f "
        f"WHERE {where} AND NOT EXISTS (SELECT 1 FROM source s WHERE s.id = f.source) "
        "ORDER BY 1",
        args * 3,
    )
    for n, line, subject, ref, what in rows:
        yield n, line, f"fact about '{subject}': {what} '{ref}' does not exist"
    where, args = _within(spans, "u.n")
    rows = conn.execute(
        "SELECT u.n, u.line, u.number, u.source FROM uncovered u "
        f"WHERE {where} AND NOT EXISTS (SELECT 1 FROM source s WHERE s.id = u.source) "
        "ORDER BY u.n",
        args,
    )
    for n, line, number, source in rows:
        yield n, line, f"uncovered '{number}': source '{source}' does not exist"


def _shared_names(
    conn: sqlite3.Connection,
    spans: Sequence[tuple[int, int]] | None,
    origin: Callable[[int, int], str],
    new_keys: set[tuple[str, bool]] | None = None,
) -> Iterator[Found]:
    """No two entities (or two metrics) answer to the same name or alias (as folded)."""
    where, args = _within(spans)
    if new_keys is not None and spans is not None:
        keys: list[Any] = sorted(new_keys)
    elif spans is None:  # all at once: only the keys two records share
        keys = conn.execute(
            "SELECT key, space = ? FROM name_key WHERE form IN (?, ?, ?) "
            "GROUP BY key, space = ? HAVING count(DISTINCT target) > 1",
            (*codes(["metric"], NAME_FORMS), *codes(["metric"])),
        ).fetchall()
    else:  # the keys of the new rows, each compared with every other row
        keys = conn.execute(
            f"SELECT DISTINCT key, space = ? FROM name_key WHERE form IN (?, ?, ?) AND {where}",
            (*codes(["metric"], NAME_FORMS), *args),
        ).fetchall()
    for key, is_metric in sorted(keys):
        spaces = ("metric",) if is_metric else ENTITY_SPACES
        marks = ",".join("?" * len(spaces))
        rows = conn.execute(
            "SELECT k.n, k.target, k.text FROM name_key k INDEXED BY name_key_key "
            f"WHERE k.key = ? AND k.space IN ({marks}) AND k.form IN (?, ?, ?) ORDER BY k.n",
            (key, *codes(spaces, NAME_FORMS)),
        ).fetchall()
        if len({target for _, target, _ in rows}) < 2:
            continue
        owner = rows[0][1]
        table = "metric" if is_metric else "entity"
        owner_at = _record(conn, table, owner)
        for _, target, text in rows:
            if target != owner:
                at = _record(conn, table, target)
                yield (
                    at[0],
                    at[1],
                    f"{table} '{target}': '{text}' is also a name or alias of '{owner}' "
                    f"({origin(*owner_at)})",
                )


def _record(conn: sqlite3.Connection, table: str, id: str) -> tuple[int, int]:
    """(n, line) of the first record with this id."""
    row = conn.execute(f"SELECT n, line FROM {table} WHERE id = ? ORDER BY n LIMIT 1", (id,))
    found = row.fetchone()
    return (int(found[0]), int(found[1])) if found else (0, 0)
