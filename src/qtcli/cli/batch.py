"""Many lookups for the price of one start-up: one query per stdin line, JSON Lines out.

Each input line yields exactly one output line, in order: the answer as in
`--json`, or {"query": …, "error": {…}} when that query fails. The exit code is
0 when every query was answered, 1 when any was not.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
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


def run_batch(
    store: Store,
    kind: str,
    lines: Iterable[str],
    year: int | None = None,
    region: str | None = None,
    ascii_only: bool = False,
) -> int:
    failed = False
    for line in lines:
        query = line.rstrip("\r\n")
        try:
            payload = answer_one(store, kind, query, year, region)
        except NotFound as exc:
            payload = {"query": query, **error_payload(exc.message, exc.exit_code, exc.candidates)}
            failed = True
        except QtError as exc:
            payload = {"query": query, **error_payload(exc.message, exc.exit_code)}
            failed = True
        sys.stdout.write(dumps_line(payload, ascii_only) + "\n")
    sys.stdout.flush()
    return ExitCode.NOT_FOUND if failed else ExitCode.OK
