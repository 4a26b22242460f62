"""Many lookups for the price of one start-up: one query per stdin line, JSON Lines out.

Each input line yields exactly one output line, in order, whatever happens: the
answer as in `--json`, or {"query": …, "error": {…}} when that query fails, when
the line is not UTF-8, or when answering it hit an unexpected error. The exit code is
0 when every query was answered, 1 when any was not.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterable
from typing import Any

from qtcli.errors import ExitCode, NotFound, QtError
from qtcli.find.query import lookup_entity, lookup_metric
from qtcli.index.store import Store
from qtcli.present.payload import dumps_line, entity_payload, error_payload, metric_payload


def answer_one(
    store: Store, kind: str, query: str, year: int | None, region: str | None
) -> dict[str, Any]:
    if kind == "metric":
        answer = lookup_metric(store, query, year=year, place=region)
        others = store.metrics([m.id for m in answer.other_matches]) if answer.other_matches else {}
        return metric_payload(answer, others)
    return entity_payload(lookup_entity(store, kind, query))


def _decoded(number: int, line: bytes | str) -> tuple[str, str | None]:
    """The query on a line, and why it cannot be asked (bytes that are not UTF-8), if so.

    stdin is read as bytes so that the locale does not decide: one bad line is that line's
    error, where a text stream would have aborted the whole batch."""
    if isinstance(line, str):
        return line.rstrip("\r\n"), None
    raw = line.rstrip(b"\r\n")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        shown = raw.decode("utf-8", errors="replace")
        return shown, f"line {number} is not valid UTF-8 (bad byte at offset {exc.start})"


def run_batch(
    store: Store,
    kind: str,
    lines: Iterable[bytes | str],
    year: int | None = None,
    region: str | None = None,
    ascii_only: bool = False,
    recover: Callable[[], Store] | None = None,
) -> int:
    """Answer each line; `recover` gives a fresh store when the cached index turns out corrupt."""
    failed = False
    for number, line in enumerate(lines, start=1):
        query, undecodable = _decoded(number, line)
        if undecodable:
            payload = {"query": query, **error_payload(undecodable, ExitCode.USAGE)}
        else:
            payload, store = _answer(store, kind, query, year, region, recover)
        failed = failed or "error" in payload
        sys.stdout.write(dumps_line(payload, ascii_only) + "\n")
    sys.stdout.flush()
    return ExitCode.NOT_FOUND if failed else ExitCode.OK


def _answer(
    store: Store,
    kind: str,
    query: str,
    year: int | None,
    region: str | None,
    recover: Callable[[], Store] | None,
) -> tuple[dict[str, Any], Store]:
    """One line's answer or its error object, whatever happens: every input line gets exactly
    one output line, in order. A corrupt index is reopened once (`recover`); any other
    unexpected error becomes that line's error, not the end of the batch."""
    try:
        try:
            return answer_one(store, kind, query, year, region), store
        except sqlite3.DatabaseError:
            if recover is None:
                raise
            store = recover()
            return answer_one(store, kind, query, year, region), store
    except NotFound as exc:
        return {"query": query, **error_payload(exc.message, exc.exit_code, exc.candidates)}, store
    except QtError as exc:
        return {"query": query, **error_payload(exc.message, exc.exit_code)}, store
    except Exception as exc:  # a bug or a damaged index, reported on its own line
        message = f"internal error ({type(exc).__name__}) while answering this line"
        return {"query": query, **error_payload(message, ExitCode.INTERNAL)}, store
