"""The `qt` command: a Typer app whose commands are one line each.

Each command checks its options (options.py, the same checks as the fast
path) and hands a command function (commands.py) to `commands.run`, which the
fast path calls too. Click's usage errors become QtErrors here, so that the one
boundary (boundary.guard) reports every error the same way.
"""

import sys
from collections.abc import Callable, Iterator
from enum import Enum
from functools import partial
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from qtcli import __version__
from qtcli.cli import commands, options
from qtcli.cli.options import Settings
from qtcli.errors import ExitCode, QtError, UsageError


class QtGroup(TyperGroup):
    """Typer's group, reading global options written before the command too."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            return super().main(argv, prog_name or "qt", complete_var, False, **extra)
        from qtcli.cli.boundary import guard

        sys.exit(guard(argv, lambda: main(argv)))


def main(argv: list[str]) -> int:
    """Run the app on `argv`; click's ways of ending become exit codes or QtErrors."""
    try:
        result = app(options.hoist(argv, options.COMMANDS), "qt", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        return ExitCode.USAGE
    except click.exceptions.UsageError as exc:
        if exc.message.startswith("Missing command") and exc.ctx is not None:
            click.echo(exc.ctx.get_help(), err=True)
            return ExitCode.USAGE
        raise _usage(exc) from None
    except click.exceptions.ClickException as exc:
        raise UsageError(exc.format_message()) from None
    except typer.Abort:
        raise KeyboardInterrupt from None
    return result if isinstance(result, int) else ExitCode.OK


def _usage(exc: click.exceptions.UsageError) -> UsageError:
    """Click's usage errors, reduced to one sentence and a pointer to help."""
    message = exc.format_message().strip().rstrip(".")
    command = exc.ctx.command_path if exc.ctx is not None else "qt"
    first = message[0].lower() + message[1:] if message else "bad usage"
    return UsageError(f"{first} (see '{command} -h')")


def run() -> None:
    """The Typer road alone, through the same boundary (tests compare it with the fast path)."""
    from qtcli.cli.boundary import guard
    from qtcli.cli.output import make_streams_safe

    make_streams_safe()
    argv = sys.argv[1:]
    sys.exit(guard(argv, lambda: main(argv)))


# ----------------------------------------------------------------- shared options


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Cite(str, Enum):
    gbt7714 = "gbt7714"
    apa = "apa"


def _checked(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A Typer callback that runs one of options.py's checks."""
    return lambda value: check(value)


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
    str | None,
    typer.Option(
        "--facts",
        help="Use the fact base in DIR (same schema). Default: $QT_FACTS, else the shipped one.",
        metavar="DIR",
        callback=_checked(options.check_facts),
    ),
]
CiteOpt = Annotated[
    Cite | None,
    typer.Option(
        "--cite",
        help="Add the formatted reference of each source: gbt7714 (GB/T 7714-2015) or apa (APA 7).",
    ),
]
YearOpt = Annotated[
    str | None,
    typer.Option(
        "--year",
        help="Only figures for this year (1949–2100).",
        metavar="YEAR",
    ),
]


def _settings(
    json: bool, lang: Lang | None, facts: str | None, cite: Cite | None = None
) -> Settings:
    return Settings(
        json=json,
        lang=lang.value if lang is not None else None,
        facts=facts,
        cite=cite.value if cite is not None else None,
    )


def _complete(kind: str) -> Callable[[typer.Context, str], Iterator[str]]:
    """Shell completion of names: `qt company 中<TAB>`."""

    def complete(ctx: typer.Context, incomplete: str) -> Iterator[str]:
        from qtcli.find.complete import names_starting

        try:
            store = commands.Index(ctx.params.get("facts")).store()
            yield from names_starting(store, kind, incomplete)
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
            store = commands.Index(None).store()
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


ENTITY_EXAMPLES = {
    "company": "qt company 中策橡胶   (or: qt company zhongce, qt company 'Zhongce Rubber')",
    "park": "qt park 钱开区   (or: qt park 医药港, qt park 'Qianjiang EDZ')",
    "region": "qt region 钱塘   (or: qt region Qiantang)",
    "org": "qt org 浙江理工大学   (universities, institutes, agencies)",
}
ENTITY_WORDS = {
    "company": "a company",
    "park": "a park",
    "region": "a region",
    "org": "an organisation",
}


def _entity_command(kind: str) -> Callable[..., int]:
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
    ) -> int:
        settings = _settings(json, lang, facts, cite)
        mode = options.display_mode(settings.lang)
        answer = partial(commands.entity, kind=kind, mode=mode, cite=settings.cite)
        return commands.run(settings, answer, query)

    command.__doc__ = (
        f"Profile of {ENTITY_WORDS[kind]}: names, place, facts and figures, each with its source."
        f"\n\nExample: {ENTITY_EXAMPLES[kind]}"
    )
    return command


for _kind in ENTITY_EXAMPLES:
    app.command(_kind)(_entity_command(_kind))


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
) -> int:
    """Figures of a metric, for every subject that has one, each with its source.

    Without --year, a terminal shows the series with a bar per value.

    Example: qt metric rd-intensity --year 2021   (or: qt metric 研发强度 --region 钱塘)
    """
    from qtcli.cli.output import plain_terminal

    settings = _settings(json, lang, facts, cite)
    answer = partial(
        commands.metric,
        year=options.check_year(year),
        region=region,
        mode=options.display_mode(settings.lang),
        cite=settings.cite,
        bars=not plain_terminal(),
    )
    return commands.run(settings, answer, query)


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
) -> int:
    """Search everything, ranked.

    Example: qt search 医药
    """
    settings = _settings(json, lang, facts)
    answer = partial(commands.search, limit=limit, mode=options.display_mode(settings.lang))
    return commands.run(settings, answer, query)


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
) -> int:
    """Browse companies, parks, regions, organisations, metrics or sources.

    Example: qt list companies --park 前进智造园
    """
    if park and region:
        raise UsageError("give --park or --region, not both")
    settings = _settings(json, lang, facts)
    mode = options.display_mode(settings.lang)
    return commands.run_once(
        settings, lambda store: commands.listing(store, kind.value, park or region, mode)
    )


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
) -> int:
    """A source article: title, authors, date, and every fact and figure citing it.

    Example: qt source zhizao-2022   (or: qt source 000 --cite apa)
    """
    settings = _settings(json, lang, facts, cite)
    mode = options.display_mode(settings.lang)
    return commands.run(settings, partial(commands.source, mode=mode, cite=settings.cite), id)


@app.command("check")
def check_command(
    sources: Annotated[
        str | None,
        typer.Option(
            "--sources",
            help="Also prove every quote verbatim against the article texts in DIR.",
            metavar="DIR",
            callback=_checked(lambda v: options.check_dir(v, "--sources")),
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
) -> int:
    """Validate the fact base; exit 3 listing every problem, each with file and line.

    Example: qt check --sources ../shared/seeds --coverage
    """
    from qtcli.cli.checking import run_check
    from qtcli.cli.output import ascii_only

    return run_check(facts, sources, coverage, json, ascii_only=ascii_only())


@app.command("ask")
def ask_command(
    question: Annotated[
        str,
        typer.Argument(
            help="A question in Chinese or English, in plain words; '-' reads one per line from stdin."
        ),
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
) -> int:
    """Answer a question in plain words from one recorded figure or fact, with its source.

    Exits 1, naming the nearest things held, when the fact base cannot answer.

    Example: qt ask "钱塘区2021年R&D经费投入强度是多少？"   (or: qt ask "What was Qiantang's R&D intensity in 2021?")
    """
    settings = _settings(json, lang, facts, cite)
    answer = partial(commands.ask, lang=settings.lang, cite=settings.cite)
    return commands.run(settings, answer, question)


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    sqlite = "sqlite"


@app.command("export")
def export_command(
    out: Annotated[
        str,
        typer.Argument(
            help="A folder (CSV), x.db or x.sqlite (SQLite), x.jsonl (JSON Lines), or '-' for JSON Lines on stdout.",
            metavar="OUT",
        ),
    ],
    format: Annotated[
        Format | None,
        typer.Option("--format", help="csv, jsonl or sqlite. Default: from OUT's name."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing file, or a folder holding an export."),
    ] = False,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV with a byte-order mark, for Excel on Windows.")
    ] = False,
    facts: FactsOpt = None,
) -> int:
    """Write observations, entities, facts, metrics and sources as tidy tables.

    Opens in pandas, a spreadsheet or Datasette (SQLite, with full-text search that works for Chinese).
    Never replaces an existing file or folder without --force; exit 5 if OUT cannot be written.

    Example: qt export qt.db   (then: datasette qt.db; or: qt export - | jq)
    """
    from pathlib import Path

    from qtcli.present import export as exporting

    store = commands.Index(facts).store()  # validated, and read a row at a time
    fmt = format.value if format is not None else None
    if out == exporting.STDOUT:
        if fmt not in (None, "jsonl") or excel:
            raise UsageError("'-' writes JSON Lines; leave out --format and --excel")
        exporting.write_stream(exporting.tables(store), sys.stdout)
        return ExitCode.OK
    for path in exporting.export(store, fmt, Path(out), force=force, excel=excel):
        sys.stdout.write(f"{path}\n")
    return ExitCode.OK
