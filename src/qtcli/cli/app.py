"""The `qt` command: thin Typer commands over the library.

Each command parses its arguments, calls one library function, and hands the
answer to `emit`, which writes JSON (--json), a Rich table (a terminal) or
plain text (a pipe, NO_COLOR, TERM=dumb). The one error boundary is
`QtGroup.main`: library errors, usage errors, Ctrl-C and closed pipes all end
there as one sentence on stderr and a documented exit code.
"""

import errno
import os
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from qtcli import __version__
from qtcli.errors import ExitCode, NotFound, QtError, UsageError

from . import commands
from .boundary import emit_blocks, emit_json, make_streams_safe, pipe_closed, report

# ------------------------------------------------------------------ the boundary


class QtGroup(TyperGroup):
    """Typer's group with qt's single error boundary around every command."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            result = super().main(
                argv, prog_name or "qt", complete_var, standalone_mode=False, **extra
            )
            code = result if isinstance(result, int) else 0
        except NotFound as exc:
            code = report(exc.message, exc.exit_code, argv, exc.candidates)
        except QtError as exc:
            code = report(exc.message, exc.exit_code, argv)
        except click.exceptions.UsageError as exc:
            code = _usage_error(exc, argv)
        except click.exceptions.ClickException as exc:
            code = report(exc.format_message(), ExitCode.USAGE, argv)
        except (typer.Abort, KeyboardInterrupt):
            code = report("interrupted", ExitCode.INTERRUPTED, argv)
        except BrokenPipeError:
            code = pipe_closed()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            code = pipe_closed()
        if standalone_mode:
            sys.exit(code)
        return code


def _usage_error(exc: click.exceptions.UsageError, argv: list[str]) -> int:
    """Click's usage errors, reduced to one sentence and a pointer to help."""
    message = exc.format_message().strip().rstrip(".")
    command = exc.ctx.command_path if exc.ctx is not None else "qt"
    if isinstance(exc, click.exceptions.NoArgsIsHelpError) or message.startswith("Missing command"):
        assert exc.ctx is not None
        click.echo(exc.ctx.get_help(), err=True)
        return ExitCode.USAGE
    first = message[0].lower() + message[1:] if message else "bad usage"
    return report(f"{first} (see '{command} -h')", ExitCode.USAGE, argv)


def run() -> None:
    """The `qt` entry point: make output encodable, then run the app."""
    make_streams_safe()
    try:
        app(prog_name="qt")
    except Exception as exc:  # the last resort: never a traceback unless asked for
        if os.environ.get("QT_DEBUG"):
            raise
        click.echo(
            f"qt: internal error ({type(exc).__name__}: {exc}); set QT_DEBUG=1 for details",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL)
    finally:
        try:
            sys.stdout.flush()
        except (BrokenPipeError, OSError, ValueError):
            pipe_closed()


# ----------------------------------------------------------------- shared options


class Lang(str, Enum):
    zh = "zh"
    en = "en"


JsonOpt = Annotated[
    bool, typer.Option("--json", help="Write stable JSON (see README) instead of a table.")
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of labels, names and number words: zh or en. Default: $QT_LANG, else Chinese with English names.",
    ),
]
FactsOpt = Annotated[
    Path | None,
    typer.Option(
        "--facts",
        help="Use the fact base in DIR (same schema). Default: $QT_FACTS, else the shipped one.",
        metavar="DIR",
    ),
]
YearOpt = Annotated[
    int | None,
    typer.Option("--year", help="Only figures for this year (1949–2100).", min=1949, max=2100),
]


class Cite(str, Enum):
    gbt7714 = "gbt7714"
    apa = "apa"


CiteOpt = Annotated[
    Cite | None,
    typer.Option(
        "--cite",
        help="Add the formatted reference of each source: gbt7714 (GB/T 7714-2015) or apa (APA 7).",
    ),
]


def _lang(lang: Lang | None) -> str | None:
    return lang.value if lang is not None else None


def _cite(cite: Cite | None) -> str | None:
    return cite.value if cite is not None else None


def _store(facts: Path | None) -> Any:
    return commands.open_store(facts)


def _complete(kind: str) -> Callable[[typer.Context, str], Iterator[str]]:
    """Shell completion of names: `qt company 中<TAB>`."""

    def complete(ctx: typer.Context, incomplete: str) -> Iterator[str]:
        from qtcli.find.complete import names_starting

        facts = ctx.params.get("facts")
        try:
            yield from names_starting(_store(facts), kind, incomplete)
        except QtError:
            return

    return complete


# ----------------------------------------------------------------------- the app

app = typer.Typer(
    name="qt",
    cls=QtGroup,
    help="Answers about manufacturing in Hangzhou's Qiantang district, each with its source. 杭州钱塘制造业事实查询。",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from qtcli.paths import facts_dir

        line = f"qt {__version__}"
        try:
            store = _store(None)
            digest = store.meta("content_hash") or "?"
            counts = store.counts()
            line += f"; fact base {digest[:12]} at {facts_dir(None)} ({counts.get('companies', 0)} companies, {counts.get('observations', 0)} observations)"
        except QtError as exc:
            line += f"; fact base unusable: {exc.message}"
        click.echo(line)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the tool's and the fact base's version.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Answers about manufacturing in Hangzhou's Qiantang district, each with its source.

    杭州钱塘区制造业事实查询:企业、园区/平台、经济指标,均注明出处。
    """


def _entity_command(kind: str, example: str) -> Callable[..., None]:
    def command(
        query: Annotated[
            str,
            typer.Argument(
                help="A name in any form: Chinese, English, pinyin, initials; '-' reads one per line from stdin.",
                autocompletion=_complete(kind),
            ),
        ],
        json: JsonOpt = False,
        lang: LangOpt = None,
        cite: CiteOpt = None,
        facts: FactsOpt = None,
    ) -> None:
        raise typer.Exit(commands.entity(kind, query, json, _lang(lang), facts, _cite(cite)))

    command.__doc__ = f"Profile of a {kind}: names, place, facts and figures, each with its source.\n\nExample: {example}"
    return command


app.command("company")(
    _entity_command(
        "company", "qt company 中策橡胶   (or: qt company zhongce, qt company 'Zhongce Rubber')"
    )
)
app.command("park")(
    _entity_command("park", "qt park 钱开区   (or: qt park 医药港, qt park 'Qianjiang EDZ')")
)
app.command("region")(_entity_command("region", "qt region 钱塘   (or: qt region Qiantang)"))
app.command("org")(
    _entity_command("org", "qt org 浙江理工大学   (universities, institutes, agencies)")
)


@app.command("metric")
def metric_command(
    query: Annotated[
        str,
        typer.Argument(
            help="A metric's id, Chinese or English name or alias; '-' reads one per line from stdin."
        ),
    ],
    year: YearOpt = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="Only figures for this place and what lies in it (a region, park or company).",
        ),
    ] = None,
    json: JsonOpt = False,
    lang: LangOpt = None,
    cite: CiteOpt = None,
    facts: FactsOpt = None,
) -> None:
    """Figures of a metric, for every subject that has one, each with its source.

    Without --year, a terminal shows the series with a bar per value.

    Example: qt metric rd-intensity --year 2021   (or: qt metric 研发强度 --region 钱塘)
    """
    raise typer.Exit(commands.metric(query, year, region, json, _lang(lang), facts, _cite(cite)))


@app.command("search")
def search_command(
    query: Annotated[
        str,
        typer.Argument(
            help="Any word or name: finds companies, parks, regions, metrics, facts and sources."
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=200, help="At most this many results.")
    ] = 20,
    json: JsonOpt = False,
    lang: LangOpt = None,
    facts: FactsOpt = None,
) -> None:
    """Search everything, ranked.

    Example: qt search 医药
    """
    mode = commands.display_mode(_lang(lang))
    from qtcli.find.query import search_all

    hits = commands.with_store(facts, lambda store: search_all(store, query, limit=limit))
    if not hits:
        raise NotFound(f"nothing matches '{query.strip()}'")
    if json:
        from qtcli.present.payload import search_payload

        emit_json(search_payload(query.strip(), hits))
    else:
        from qtcli.present.view import search_view

        emit_blocks(search_view(query.strip(), hits, mode))


class ListKind(str, Enum):
    companies = "companies"
    parks = "parks"
    regions = "regions"
    orgs = "orgs"
    metrics = "metrics"
    sources = "sources"


@app.command("list")
def list_command(
    kind: Annotated[ListKind, typer.Argument(help="What to list.")],
    park: Annotated[
        str | None, typer.Option("--park", help="Only those in this park or platform.")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="Only those in this region (or place).")
    ] = None,
    json: JsonOpt = False,
    lang: LangOpt = None,
    facts: FactsOpt = None,
) -> None:
    """Browse companies, parks, regions, organisations, metrics or sources.

    Example: qt list companies --park 前进智造园
    """
    from .listing import listing

    mode = commands.display_mode(_lang(lang))
    if park and region:
        raise UsageError("give --park or --region, not both")
    payload, blocks = commands.with_store(
        facts, lambda store: listing(store, kind.value, park or region, mode)
    )
    if not payload["results"]:
        raise NotFound(f"no {kind.value} found there")
    if json:
        emit_json(payload)
    else:
        emit_blocks(blocks)


@app.command("source")
def source_command(
    id: Annotated[
        str,
        typer.Argument(
            help="A source id (see 'qt list sources'), its article file name or number (000), or a phrase of its title."
        ),
    ],
    json: JsonOpt = False,
    lang: LangOpt = None,
    cite: CiteOpt = None,
    facts: FactsOpt = None,
) -> None:
    """A source article: title, authors, date, and every fact and figure citing it.

    Example: qt source zhizao-2022   (or: qt source 000 --cite apa)
    """
    mode = commands.display_mode(_lang(lang))
    from qtcli.find.query import lookup_source

    answer = commands.with_store(facts, lambda store: lookup_source(store, id))
    refs = commands.references([answer.source], _cite(cite))
    if json:
        from qtcli.present.payload import source_payload

        emit_json(commands.with_citations(source_payload(answer), refs, cite))
    else:
        from qtcli.present.view import source_view

        emit_blocks(commands.with_references(source_view(answer, mode), refs, mode))


@app.command("check")
def check_command(
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            help="Also prove every quote verbatim against the article texts in DIR.",
            metavar="DIR",
        ),
    ] = None,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="With --sources: list every number in the articles that no quote covers.",
        ),
    ] = False,
    json: JsonOpt = False,
    facts: FactsOpt = None,
) -> None:
    """Validate the fact base; exit 3 listing every problem, each with file and line.

    Example: qt check --sources ../shared/seeds --coverage
    """
    from .boundary import ascii_only
    from .checking import run_check

    raise typer.Exit(run_check(facts, sources, coverage, json, ascii_only=ascii_only()))


@app.command("draft")
def draft_command(
    article: Annotated[
        Path | None,
        typer.Argument(help="A new article's text (UTF-8), not yet in the fact base."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="The article's source id (its [[source]] in sources.toml)."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="When it was written, YYYY or YYYY-MM (default: its source's date), to read 去年, 今年1-8月 …",
        ),
    ] = None,
    json: Annotated[
        bool, typer.Option("--json", help="Write the drafts as one JSON object instead of TOML.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to FILE instead of stdout.", metavar="FILE"),
    ] = None,
    accept: Annotated[
        Path | None,
        typer.Option(
            "--accept",
            help="Turn the reviewed drafts in FILE into records (after checking them).",
            metavar="FILE",
        ),
    ] = None,
    facts: FactsOpt = None,
) -> None:
    """Propose records for a new article, for a curator to review; accept them when reviewed.

    Every figure with its unit, qualifier, year or period and quote, a suggested subject and
    metric with alternatives, and names the fact base does not hold; all marked
    review = "pending" until accepted.

    Example: qt draft article.txt --source xinqu-2025 -o facts/articles/005-xinqu.toml   (then: qt draft --accept facts/articles/005-xinqu.toml)
    """
    from .boundary import ascii_only
    from .drafting import run_draft

    raise typer.Exit(
        run_draft(article, source, date, json, out, accept, facts, ascii_only=ascii_only())
    )


@app.command("ask")
def ask_command(
    question: Annotated[
        str, typer.Argument(help="A question in Chinese or English, in plain words.")
    ],
    json: JsonOpt = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang", help="Language of the answer: zh or en. Default: the question's language."
        ),
    ] = None,
    cite: CiteOpt = None,
    facts: FactsOpt = None,
) -> None:
    """Answer a question in plain words from one recorded figure or fact, with its source.

    Exits 1, naming the nearest things held, when the fact base cannot answer.

    Example: qt ask "钱塘区2021年R&D经费投入强度是多少？"   (or: qt ask "What was Qiantang's R&D intensity in 2021?")
    """
    from qtcli.ask.ask import ask, result_dict

    result = commands.with_store(facts, lambda store: ask(store, question))
    out_lang = lang.value if lang is not None else result.reading.lang
    # Every source shown: the answer's and those of the alternatives (a conflicting value).
    shown = [result.answer, *result.alternatives] if result.answer else []
    sources = list({a.source.id: a.source for a in shown}.values())
    refs = commands.references(sources, _cite(cite))
    if json:
        emit_json(commands.with_citations(result_dict(result), refs, cite))
    elif result.answer is not None:
        from qtcli.present.view import ask_view

        emit_blocks(commands.with_references(ask_view(result, out_lang), refs, out_lang))
    if result.answer is None:
        from .boundary import report

        report(_refusal(result), ExitCode.NOT_FOUND, [])
        raise typer.Exit(ExitCode.NOT_FOUND)


def _refusal(result: Any) -> str:
    near = "; ".join(result.nearest)
    if result.reading.lang == "en":
        return f"{result.refusal}" + (f"; the nearest held: {near}" if near else "")
    return f"{result.refusal}" + (f";最接近的:{near}" if near else "")


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    sqlite = "sqlite"


@app.command("export")
def export_command(
    out: Annotated[
        Path,
        typer.Argument(help="A directory (csv, jsonl) or a database file (sqlite).", metavar="OUT"),
    ],
    format: Annotated[Format, typer.Option("--format", help="csv, jsonl or sqlite.")] = Format.csv,
    facts: FactsOpt = None,
) -> None:
    """Write observations, entities, facts, metrics and sources as tidy tables.

    Opens in pandas, a spreadsheet or Datasette (SQLite, with full-text search that works for Chinese).

    Example: qt export --format sqlite qt.db   (then: datasette qt.db)
    """
    from qtcli.index.build import load_valid
    from qtcli.paths import facts_dir
    from qtcli.present.export import export

    fb = load_valid(facts_dir(str(facts) if facts else None))
    written = export(fb, format.value, out)
    for path in written:
        sys.stdout.write(f"{path}\n")
