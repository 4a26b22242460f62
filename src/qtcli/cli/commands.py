"""The bodies of the lookup commands, free of Typer.

Both the Typer app (cli.py) and the fast path (fastpath.py) call these, so a
lookup behaves the same whichever parser read its arguments. Each returns an
exit code or raises a QtError.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from qtcli.errors import ExitCode, NotFound, UsageError
from qtcli.present.i18n import LANGS

from .boundary import ascii_only, emit_blocks, emit_json, plain_terminal

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")


def display_mode(lang: str | None) -> str:
    """'zh', 'en', or 'both' (Chinese with English names) when neither --lang nor QT_LANG says."""
    if lang is not None:
        if lang not in LANGS:
            raise UsageError(f"--lang is '{lang}'; use zh or en")
        return lang
    env = os.environ.get("QT_LANG", "").strip().lower()
    if not env:
        return "both"
    if env not in LANGS:
        raise UsageError(f"QT_LANG is '{env}'; set it to zh or en")
    return env


def open_store(facts: str | Path | None) -> Any:
    from qtcli.index.build import open_store as open_index_store
    from qtcli.paths import facts_dir

    return open_index_store(facts_dir(str(facts) if facts else None))


def with_store(facts: str | Path | None, work: Callable[[Any], T]) -> T:
    """Run `work` on the index; if the cached file turns out corrupt, rebuild it once and retry."""
    import sqlite3

    store = open_store(facts)
    try:
        return work(store)
    except sqlite3.DatabaseError:
        from qtcli.index.build import discard

        discard(store)
        return work(open_store(facts))


def references(sources: Iterable[Any], style: str | None) -> list[dict[str, str]]:
    """Each source formatted in the citation style, for --cite."""
    if style is None:
        return []
    from qtcli.present.cite import cite

    return [
        {"source": s.id, "style": style, "text": cite(s, style)}
        for s in sorted(sources, key=lambda s: s.id)
    ]


def with_citations(
    payload: dict[str, Any], refs: list[dict[str, str]], style: str | None
) -> dict[str, Any]:
    """The JSON payload, with `citations` when --cite asked for them (even if none)."""
    return {**payload, "citations": refs} if style else payload


def with_references(blocks: list[Any], refs: list[dict[str, str]], mode: str) -> list[Any]:
    if not refs:
        return blocks
    from qtcli.present.view import Fields, Heading

    title = "References" if mode == "en" else "参考文献"
    return [*blocks, Heading(title), Fields([(r["source"], r["text"]) for r in refs])]


def entity(
    kind: str,
    query: str,
    as_json: bool,
    lang: str | None,
    facts: str | Path | None,
    cite: str | None = None,
) -> int:
    mode = display_mode(lang)
    if query == "-":
        return with_store(facts, lambda store: batch(store, kind, None, None, facts))
    from qtcli.find.query import lookup_entity

    answer = with_store(facts, lambda store: lookup_entity(store, kind, query))
    refs = references(answer.sources.values(), cite)
    if as_json:
        from qtcli.present.payload import entity_payload

        emit_json(with_citations(entity_payload(answer), refs, cite))
    else:
        from qtcli.present.view import entity_view

        emit_blocks(with_references(entity_view(answer, mode), refs, mode))
    return ExitCode.OK


def metric(
    query: str,
    year: int | None,
    region: str | None,
    as_json: bool,
    lang: str | None,
    facts: str | Path | None,
    cite: str | None = None,
) -> int:
    mode = display_mode(lang)
    if query == "-":
        return with_store(facts, lambda store: batch(store, "metric", year, region, facts))
    from qtcli.find.query import lookup_metric

    def work(store: Any) -> Any:
        answer = lookup_metric(store, query, year=year, place=region)
        others = store.metrics([m.id for m in answer.other_matches]) if answer.other_matches else {}
        return answer, others

    answer, others = with_store(facts, work)
    if not answer.observations:
        raise NotFound(no_figure(answer, year))
    refs = references(answer.sources.values(), cite)
    if as_json:
        from qtcli.present.payload import metric_payload

        emit_json(with_citations(metric_payload(answer, others), refs, cite))
    else:
        from qtcli.present.view import metric_view

        blocks = metric_view(answer, others, mode, bars=year is None and not plain_terminal())
        emit_blocks(with_references(blocks, refs, mode))
    return ExitCode.OK


def no_figure(answer: Any, year: int | None) -> str:
    where = f" for {answer.place.name.zh}" if answer.place else ""
    when = f" in {year}" if year is not None else ""
    years = ", ".join(map(str, answer.available_years))
    has = f"; it has figures for {years}" if years else ""
    return f"'{answer.metric.name.en}' ({answer.metric.id}) has no figure{where}{when}{has}"


def batch(
    store: Any, kind: str, year: int | None, region: str | None, facts: str | Path | None = None
) -> int:
    """One query per stdin line → one JSON object per line, in order, errors included."""
    from .batch import run_batch

    def recover() -> Any:  # the cached index is corrupt: rebuild it, as with_store does
        from qtcli.index.build import discard

        discard(store)
        return open_store(facts)

    lines = getattr(sys.stdin, "buffer", sys.stdin)  # bytes: the locale must not decide
    return run_batch(
        store, kind, lines, year=year, region=region, ascii_only=ascii_only(), recover=recover
    )
