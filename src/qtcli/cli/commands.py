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
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from qtcli.cli.options import Rows, Settings, chosen_lang, display_mode, messages_in
from qtcli.cli.output import emit_blocks, emit_json, emit_line, json_line, screen
from qtcli.errors import ExitCode, NotFound, QtError
from qtcli.records import record

if TYPE_CHECKING:
    from qtcli.factbase.model import Entity
    from qtcli.index.store import Store
    from qtcli.present.view import Block


@record
class Shown:
    """What a command shows: its JSON, its blocks for people, and how it exits. The blocks
    are asked for knowing whether they go to a screen (True) or to a pipe (False)."""

    payload: dict[str, Any]
    blocks: Callable[[bool], list[Block]] | None = None
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
        return batch(index, answer, _stdin_lines(), messages_in(settings.lang))
    shown = index.answer(lambda store: _answering(answer, store, query))
    return emit(shown, settings)


def run_once(settings: Settings, work: Callable[[Store], Shown]) -> int:
    """Answer a command that takes no query from stdin (list)."""
    return emit(Index(settings.facts).answer(work), settings)


def emit(shown: Shown, settings: Settings) -> int:
    if settings.json:
        emit_json(shown.payload)
    elif shown.blocks is not None:
        drawn = screen(settings.color)
        emit_blocks(shown.blocks(drawn is not None), drawn, settings.pager)
    if shown.message:  # it may quote the fact base: its text is shown, never obeyed
        from qtcli.present.printable import printable

        sys.stdout.flush()
        sys.stderr.write(f"qt: {printable(shown.message)}\n")
    return shown.code


def _answering(answer: Answer, store: Store, query: str) -> Shown:
    """The answer, with any error tagged with the query it answers."""
    try:
        return answer(store, query)
    except QtError as exc:
        exc.query = query
        raise


REMEMBERED = 4096  # answers a batch keeps for lines that repeat (an index does not change)


def batch(index: Index, answer: Answer, lines: Iterable[bytes | str], lang: str) -> int:
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
            empty = _line_error(
                ("the line is empty; give one query per line", "此行为空;每行给出一个查询"), ""
            )
            emit_line(error_payload(empty, lang))
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
            payload, code = error_payload(exc, lang), exc.exit_code
        except Exception as exc:  # a bug or a damaged index: that line's error, not the batch's
            name = type(exc).__name__
            error = _line_error(
                (
                    f"internal error ({name}) while answering this line",
                    f"回答此行时发生内部错误({name})",
                ),
                line,
            )
            error.exit_code = ExitCode.INTERNAL
            payload, code = error_payload(error, lang), error.exit_code
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


def _decoded(number: int, raw: bytes | str) -> tuple[str, tuple[str, str] | None]:
    """The query on a line, and why it cannot be asked (bytes that are not UTF-8), if so."""
    if isinstance(raw, str):
        return raw.rstrip("\r\n"), None
    raw = raw.rstrip(b"\r\n")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        shown = raw.decode("utf-8", errors="replace")
        return shown, (
            f"line {number} is not valid UTF-8 (bad byte at offset {exc.start})",
            f"第 {number} 行不是有效的 UTF-8(偏移 {exc.start} 处字节有误)",
        )


def _stdin_lines() -> Iterable[bytes | str]:
    return getattr(sys.stdin, "buffer", sys.stdin)  # bytes: the locale must not decide


def _line_error(message: tuple[str, str], query: str) -> QtError:
    """A batch line's own error; `message` is (English, Chinese)."""
    from qtcli.errors import UsageError

    error = UsageError(*message)
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
def entity(
    store: Store,
    query: str,
    *,
    kind: str,
    mode: str,
    cite: str | None,
    by_id: bool = False,
    rows: Rows | None = None,
    lang: str | None = None,
) -> Shown:
    from qtcli.find.query import another_kind, lookup_entity, spaces_for
    from qtcli.present.payload import entity_payload
    from qtcli.present.view import entity_view

    answer = lookup_entity(store, kind, query, by_id=by_id)
    # A name of another kind than asked is shown as what it is, and said so on stderr.
    message = None
    if answer.entity.kind not in spaces_for(kind):
        message = another_kind(answer, kind).get(messages_in(lang))
    refs = references(answer.sources.values(), cite)
    rows = rows or Rows()
    again = command_line(kind, query, mode)

    def blocks(on_screen: bool) -> list[Block]:
        shown = entity_view(answer, mode, rows.section, rows.shown(on_screen), again)
        return with_references(shown, refs, mode)

    return Shown(cited(entity_payload(answer), refs, cite), blocks, message=message)


def command_line(command: str, query: str, mode: str) -> str:
    """The command that asked, as a reader would type it again: `qt region 钱塘 --lang en`."""
    import re
    import shlex

    typed = shlex.quote(query) if re.search(r"[\s'\"\\$`!*?&;|<>(){}\[\]#~]|^$", query) else query
    return f"qt {command} {typed}" + (f" --lang {mode}" if mode != "both" else "")


def metric_asked(store: Store, query: str, year: int | None, region: str | None) -> Any:
    """The metric a typed name names. One that no metric's name matches, typed as a question
    ('有多少博士走进企业') or naming a firm, park or organisation whose figure its other words
    describe ('Zhongce future factory investment': the firm's investment, whose quote says
    the factory), is read as `qt ask` reads it, and the metric of the figure it would answer
    with is the one looked up: for the record it names, else that figure's subject, unless
    --region says (a record named outside --region is not found)."""
    from qtcli.ask.ask import ask
    from qtcli.factbase.lexicon import ASKING
    from qtcli.find.query import clean_query, lookup_metric, named_record, resolve_place
    from qtcli.records import replace

    try:
        return lookup_metric(store, query, year=year, place=region)
    except NotFound:
        named = named_record(store, query)
        if not ASKING.search(query.casefold()) and named is None:
            raise
        asked = ask(store, query).answer
        if asked is None or asked.row is None:
            raise
        o = asked.row.observation
        if named is not None and o.subject != named.id:
            raise
        if region and o.subject not in store.within(resolve_place(store, region).id):
            raise
    answer = lookup_metric(
        store, o.metric, year=year, place=o.subject if named else region or o.subject
    )
    said = clean_query(query)  # as the lookup and the question were read: nothing unprintable
    return replace(answer, query=said, match=replace(answer.match, how="question", text=said))


def metric(
    store: Store,
    query: str,
    *,
    year: int | None,
    region: str | None,
    mode: str,
    cite: str | None,
    lang: str | None = None,
) -> Shown:
    from qtcli.find.query import no_figure
    from qtcli.present.payload import metric_payload
    from qtcli.present.view import metric_view

    answer = metric_asked(store, query, year, region)
    if not answer.observations:
        raise no_figure(answer)
    others = store.metrics([m.id for m in answer.other_matches]) if answer.other_matches else {}
    refs = references(answer.sources.values(), cite)
    # The one rule for --year: exit 0 only when figures for that year were found. Undated
    # figures are still shown (and written as JSON, year_fallback true), with exit 1.
    code, message = ExitCode.OK, None
    if answer.year_fallback:
        code, message = ExitCode.NOT_FOUND, no_figure(answer).text(messages_in(lang))
    return Shown(
        cited(metric_payload(answer, others), refs, cite),
        lambda on_screen: with_references(
            metric_view(answer, others, mode, bars=on_screen and year is None), refs, mode
        ),
        code,
        message,
    )


def show(store: Store, key: str, *, mode: str, cite: str | None) -> Shown:
    """Any id or key shown in an output, looked up as exactly that: an entity, a metric, a
    source (each as its own command shows it), a fact or an observation."""
    from qtcli.factbase.model import ENTITY_KINDS
    from qtcli.find.query import clean_query, key_kind, lookup_key, no_key

    key = clean_query(key, "key")
    kind = key_kind(store, key)
    if kind in ENTITY_KINDS:
        return entity(store, key, kind=kind, mode=mode, cite=cite, by_id=True)
    if kind == "metric":
        return metric(store, key, year=None, region=None, mode=mode, cite=cite)
    if kind == "source":
        return source(store, key, mode=mode, cite=cite)
    if kind is None:
        raise no_key(store, key)
    from qtcli.present.payload import key_payload
    from qtcli.present.view import key_view

    answer = lookup_key(store, key)
    refs = references(answer.sources.values(), cite)
    return Shown(
        cited(key_payload(answer), refs, cite),
        lambda _: with_references(key_view(answer, mode), refs, mode),
    )


def search(store: Store, query: str, *, limit: int, kinds: Sequence[str], mode: str) -> Shown:
    from qtcli.find.query import search_all
    from qtcli.present.payload import search_payload
    from qtcli.present.view import search_view

    hits = search_all(store, query, limit=limit, kinds=kinds)
    if not hits:
        text = query.strip()
        raise NotFound(f"nothing matches '{text}'", f"没有与“{text}”匹配的结果")
    return Shown(
        search_payload(query.strip(), hits), lambda _: search_view(query.strip(), hits, mode)
    )


def source(store: Store, query: str, *, mode: str, cite: str | None) -> Shown:
    from qtcli.find.query import lookup_source
    from qtcli.present.payload import source_payload
    from qtcli.present.view import source_view

    answer = lookup_source(store, query)
    refs = references([answer.source], cite)
    return Shown(
        cited(source_payload(answer), refs, cite),
        lambda _: with_references(source_view(answer, mode), refs, mode),
    )


def listing(
    store: Store, kind: str, within: str | None, mode: str, sector: str | None = None
) -> Shown:
    from qtcli.find.query import list_records
    from qtcli.present.payload import list_payload
    from qtcli.present.view import list_view

    answer = list_records(store, kind, within, sector)
    if not answer.rows:
        raise _nothing_listed(kind, answer.place, sector)
    return Shown(list_payload(answer), lambda _: list_view(answer, mode))


def _nothing_listed(kind: str, place: Entity | None, sector: str | None) -> NotFound:
    from qtcli.present.i18n import label

    zh, en = label(kind, "zh"), label(kind, "en")
    in_en = f" in {place.name.en}" if place else ""
    in_zh = f"位于{place.name.zh}的" if place else ""
    of_en = f" in the sector '{sector}'" if sector else ""
    of_zh = f"属于“{sector}”行业的" if sector else ""
    return NotFound(f"the fact base holds no {en}{in_en}{of_en}", f"事实库中没有{in_zh}{of_zh}{zh}")


def ask(store: Store, question: str, *, lang: str | None, cite: str | None) -> Shown:
    """A question answered, or refused, in --lang, else QT_LANG, else the question's language."""
    from qtcli.ask.ask import ask as answer_question
    from qtcli.present.payload import ask_payload
    from qtcli.present.view import ask_view

    result = answer_question(store, question)
    out_lang = chosen_lang(lang) or result.reading.lang
    # Every source shown: the answer's and those of the alternatives (a conflicting value).
    shown = [result.answer, *result.alternatives] if result.answer else []
    refs = references({a.source.id: a.source for a in shown}.values(), cite)
    payload = cited(ask_payload(result), refs, cite)
    if result.answer is None:
        return Shown(payload, None, ExitCode.NOT_FOUND, _refusal(result, out_lang))
    return Shown(payload, lambda _: with_references(ask_view(result, out_lang), refs, out_lang))


def _refusal(result: Any, lang: str) -> str:
    """Why a question is not answered, and the nearest things held, in `lang`."""
    why = result.refusal_text.get(lang) if result.refusal_text else result.refusal
    near = "; ".join(n.get(lang) for n in result.nearest_text) or "; ".join(result.nearest)
    if lang == "en":
        return f"{why}" + (f"; the nearest held: {near}" if near else "")
    return f"{why}" + (f";最接近的:{near}" if near else "")


def mode_of(settings: Settings) -> str:
    return display_mode(settings.lang)
