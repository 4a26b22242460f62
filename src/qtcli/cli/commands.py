"""One function per command: the answer as a JSON payload and as blocks for people.

Every road into a command calls the same function here — the Typer app, the
fast path, and each line of a stdin batch — so one query gives the same JSON,
the same error and the same exit code whichever road it took. A function takes
the open index and the query and returns what to show (`Shown`), or raises a
QtError; `run` opens the index, answers one query or a batch, and writes the
result. Free of Typer and Rich.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from qtcli.cli.options import Settings, display_mode
from qtcli.cli.output import emit_blocks, emit_json, emit_line, json_line
from qtcli.errors import ExitCode, NotFound, QtError
from qtcli.records import record

if TYPE_CHECKING:
    from qtcli.index.store import Store
    from qtcli.present.view import Block


@record
class Shown:
    """What a command shows: its JSON, its blocks for a terminal, and how it exits."""

    payload: dict[str, Any]
    blocks: Callable[[], list[Block]] | None = None
    code: int = ExitCode.OK
    message: str | None = None  # said on stderr: why a question was not answered


Answer = Callable[["Store", str], Shown]


# ------------------------------------------------------------------ the index
class Index:
    """The fact base's index, opened on first use. A cached file found corrupt while
    answering is discarded and rebuilt, and that one answer is tried again."""

    def __init__(self, facts: str | None) -> None:
        self.facts = facts
        self._store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            from qtcli.index.build import open_store
            from qtcli.paths import facts_dir

            try:
                self._store = open_store(facts_dir(self.facts))
            finally:
                _say_cache_notices()
        return self._store

    def answer(self, work: Callable[[Store], Any]) -> Any:
        import sqlite3

        try:
            return work(self.store())
        except sqlite3.DatabaseError:
            from qtcli.index.build import discard

            discard(self.store())
            self._store = None
            return work(self.store())


def _say_cache_notices() -> None:
    """What the cache set aside (a folder others can write), said once per process."""
    from qtcli.index.cache import notices

    for notice in notices():
        sys.stderr.write(f"qt: {notice}\n")


# ------------------------------------------------------------------ running
def run(settings: Settings, answer: Answer, query: str) -> int:
    """Answer `query` (for '-', each line of stdin) and write the answer out."""
    index = Index(settings.facts)
    if query == "-":
        return batch(index, answer, _stdin_lines())
    shown = index.answer(lambda store: _answering(answer, store, query))
    return emit(shown, settings)


def run_once(settings: Settings, work: Callable[[Store], Shown]) -> int:
    """Answer a command that takes no query from stdin (list)."""
    return emit(Index(settings.facts).answer(work), settings)


def emit(shown: Shown, settings: Settings) -> int:
    if settings.json:
        emit_json(shown.payload)
    elif shown.blocks is not None:
        emit_blocks(shown.blocks())
    if shown.message:
        sys.stdout.flush()
        sys.stderr.write(f"qt: {shown.message}\n")
    return shown.code


def _answering(answer: Answer, store: Store, query: str) -> Shown:
    """The answer, with any error tagged with the query it answers."""
    try:
        return answer(store, query)
    except QtError as exc:
        exc.query = query
        raise


REMEMBERED = 4096  # answers a batch keeps for lines that repeat (an index does not change)


def batch(index: Index, answer: Answer, lines: Iterable[bytes | str]) -> int:
    """One query per line → one JSON object per line, in order, whatever happens: each the
    same object `--json` writes for that query alone, or that line's error (a failed query,
    bytes that are not UTF-8, a bug). Blank lines at the end are ignored; a blank line
    before others gets its error object, to keep lines aligned. stdin is read as bytes, so
    that the locale does not decide: one bad line is that line's error."""
    from qtcli.present.payload import error_payload

    failed = False
    blanks = 0
    said: dict[str, tuple[str, int]] = {}  # a query asked again gets the answer it got before
    for number, raw in enumerate(lines, start=1):
        line, undecodable = _decoded(number, raw)
        if undecodable is None and not line.strip():
            blanks += 1
            continue
        for _ in range(blanks):
            failed = True
            emit_line(error_payload(_line_error("the line is empty; give one query per line", "")))
        blanks = 0
        if undecodable is None and line in said:
            text, code = said[line]
            failed = failed or code != ExitCode.OK
            sys.stdout.write(text)
            continue
        try:
            if undecodable is not None:
                raise _line_error(undecodable, line)
            shown = _answer_line(index, answer, line)
            payload, code = shown.payload, shown.code
        except QtError as exc:
            payload, code = error_payload(exc), exc.exit_code
        except Exception as exc:  # a bug or a damaged index: that line's error, not the batch's
            error = _line_error(
                f"internal error ({type(exc).__name__}) while answering this line", line
            )
            error.exit_code = ExitCode.INTERNAL
            payload, code = error_payload(error), error.exit_code
        failed = failed or code != ExitCode.OK
        text = json_line(payload)
        if undecodable is None and code in (ExitCode.OK, ExitCode.NOT_FOUND):
            if len(said) >= REMEMBERED:
                said.clear()
            said[line] = (text, code)
        sys.stdout.write(text)
    sys.stdout.flush()
    return ExitCode.NOT_FOUND if failed else ExitCode.OK


def _answer_line(index: Index, answer: Answer, query: str) -> Shown:
    result: Shown = index.answer(lambda store: _answering(answer, store, query))
    return result


def _decoded(number: int, raw: bytes | str) -> tuple[str, str | None]:
    """The query on a line, and why it cannot be asked (bytes that are not UTF-8), if so."""
    if isinstance(raw, str):
        return raw.rstrip("\r\n"), None
    raw = raw.rstrip(b"\r\n")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        shown = raw.decode("utf-8", errors="replace")
        return shown, f"line {number} is not valid UTF-8 (bad byte at offset {exc.start})"


def _stdin_lines() -> Iterable[bytes | str]:
    return getattr(sys.stdin, "buffer", sys.stdin)  # bytes: the locale must not decide


def _line_error(message: str, query: str) -> QtError:
    from qtcli.errors import UsageError

    error = UsageError(message)
    error.query = query
    return error


# ------------------------------------------------------------------ citations
def references(sources: Iterable[Any], style: str | None) -> list[dict[str, str]]:
    """Each source formatted in the citation style, for --cite."""
    if style is None:
        return []
    from qtcli.present.cite import cite

    return [
        {"source": s.id, "style": style, "text": cite(s, style)}
        for s in sorted(sources, key=lambda s: s.id)
    ]


def cited(payload: dict[str, Any], refs: list[dict[str, str]], style: str | None) -> dict[str, Any]:
    """The JSON payload, with `citations` when --cite asked for them (even if none)."""
    return {**payload, "citations": refs} if style else payload


def with_references(blocks: list[Block], refs: list[dict[str, str]], mode: str) -> list[Block]:
    if not refs:
        return blocks
    from qtcli.present.view import references_blocks

    return [*blocks, *references_blocks(refs, mode)]


# ------------------------------------------------------------------ the commands
def entity(store: Store, query: str, *, kind: str, mode: str, cite: str | None) -> Shown:
    from qtcli.find.query import lookup_entity
    from qtcli.present.payload import entity_payload
    from qtcli.present.view import entity_view

    answer = lookup_entity(store, kind, query)
    refs = references(answer.sources.values(), cite)
    return Shown(
        cited(entity_payload(answer), refs, cite),
        lambda: with_references(entity_view(answer, mode), refs, mode),
    )


def metric(
    store: Store,
    query: str,
    *,
    year: int | None,
    region: str | None,
    mode: str,
    cite: str | None,
    bars: bool,
) -> Shown:
    from qtcli.find.query import lookup_metric, no_figure
    from qtcli.present.payload import metric_payload
    from qtcli.present.view import metric_view

    answer = lookup_metric(store, query, year=year, place=region)
    if not answer.observations:
        raise NotFound(no_figure(answer, year))
    others = store.metrics([m.id for m in answer.other_matches]) if answer.other_matches else {}
    refs = references(answer.sources.values(), cite)
    return Shown(
        cited(metric_payload(answer, others), refs, cite),
        lambda: with_references(
            metric_view(answer, others, mode, bars=bars and year is None), refs, mode
        ),
    )


def search(store: Store, query: str, *, limit: int, mode: str) -> Shown:
    from qtcli.find.query import search_all
    from qtcli.present.payload import search_payload
    from qtcli.present.view import search_view

    hits = search_all(store, query, limit=limit)
    if not hits:
        raise NotFound(f"nothing matches '{query.strip()}'")
    return Shown(
        search_payload(query.strip(), hits), lambda: search_view(query.strip(), hits, mode)
    )


def source(store: Store, query: str, *, mode: str, cite: str | None) -> Shown:
    from qtcli.find.query import lookup_source
    from qtcli.present.payload import source_payload
    from qtcli.present.view import source_view

    answer = lookup_source(store, query)
    refs = references([answer.source], cite)
    return Shown(
        cited(source_payload(answer), refs, cite),
        lambda: with_references(source_view(answer, mode), refs, mode),
    )


def listing(store: Store, kind: str, within: str | None, mode: str) -> Shown:
    from qtcli.find.query import list_records
    from qtcli.present.payload import list_payload
    from qtcli.present.view import list_view

    answer = list_records(store, kind, within)
    if not answer.rows:
        raise NotFound(f"no {kind} found there")
    return Shown(list_payload(answer), lambda: list_view(answer, mode))


def ask(store: Store, question: str, *, lang: str | None, cite: str | None) -> Shown:
    from qtcli.ask.ask import ask as answer_question
    from qtcli.present.payload import ask_payload
    from qtcli.present.view import ask_view

    result = answer_question(store, question)
    out_lang = lang or result.reading.lang
    # Every source shown: the answer's and those of the alternatives (a conflicting value).
    shown = [result.answer, *result.alternatives] if result.answer else []
    refs = references({a.source.id: a.source for a in shown}.values(), cite)
    payload = cited(ask_payload(result), refs, cite)
    if result.answer is None:
        return Shown(payload, None, ExitCode.NOT_FOUND, _refusal(result))
    return Shown(payload, lambda: with_references(ask_view(result, out_lang), refs, out_lang))


def _refusal(result: Any) -> str:
    near = "; ".join(result.nearest)
    if result.reading.lang == "en":
        return f"{result.refusal}" + (f"; the nearest held: {near}" if near else "")
    return f"{result.refusal}" + (f";最接近的:{near}" if near else "")


def mode_of(settings: Settings) -> str:
    return display_mode(settings.lang)
