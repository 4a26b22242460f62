"""The `qt` command: a Typer app whose commands are one line each.

Each command checks its options (options.py, the same checks as the fast
path) and hands a command function (commands.py) to `commands.run`, which the
fast path calls too. Click's usage errors become QtErrors here, so that the one
boundary (boundary.guard) reports every error the same way.
"""

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup, TyperOption

from qtcli import __version__
from qtcli.cli import commands, helptext, options
from qtcli.cli.options import Settings
from qtcli.errors import ExitCode, QtError, UsageError

if TYPE_CHECKING:
    from qtcli.index.store import Store


def _help_lang(ctx: click.Context) -> str:
    """The language of help: the command line's (main() puts it in the root context's obj)."""
    obj = ctx.find_root().obj
    lang = obj.get("lang") if isinstance(obj, dict) else None
    return lang if lang in options.LANGS else options.message_lang([])


def _rows(
    command: str, params: list[click.Parameter], ctx: click.Context, lang: str
) -> tuple[list[helptext.Row], list[helptext.Row]]:
    """(arguments, options) of a help page: each parameter's name and its help in `lang`."""
    arguments: list[helptext.Row] = []
    opts: list[helptext.Row] = []
    for param in params:
        text = helptext.param_help(command, param.name or "", lang)
        choices = getattr(param.type, "choices", None)
        listed = f" ({', '.join(map(str, choices))})" if choices else ""
        if param.param_type_name == "argument":
            need = helptext.word("required" if param.required else "optional", lang)
            arguments.append((_metavar(param), f"{text}{listed}  [{need}]"))
            continue
        if isinstance(param, TyperOption):
            param.help = text
        record = param.get_help_record(ctx)
        if record is None:
            continue
        default = param.default
        shown = not getattr(param, "is_flag", False) and default not in (None, False, ())
        extra = f"  [{helptext.word('default', lang)}: {default}]" if shown else ""
        listed = listed if "|" not in record[0] else ""  # a metavar <zh|en> lists them
        opts.append((record[0], f"{text}{listed}{extra}"))
    return arguments, opts


def _metavar(param: click.Parameter) -> str:
    name = (param.name or "").upper()
    return name if param.required else f"[{name}]"


class QtCommand(TyperCommand):
    """A command whose help page is helptext's, in the language of the command line."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = _help_lang(ctx)
        name = self.name or ""
        params = self.get_params(ctx)
        arguments, opts = _rows(name, params, ctx, lang)
        usage = " ".join(
            [ctx.command_path, helptext.word("OPTIONS", lang), *(a for a, _ in arguments)]
        )
        page = helptext.PAGES[name]
        formatter.write(helptext.render(lang, formatter.width, usage, page, arguments, opts))


class QtGroup(TyperGroup):
    """Typer's group, reading global options written before the command too, with a help
    page in the language of the command line."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = _help_lang(ctx)
        _, opts = _rows("", self.get_params(ctx), ctx, lang)
        names = self.list_commands(ctx)
        listed = [(n, helptext.PAGES[n].summary.get(lang)) for n in names]
        usage = (
            f"{ctx.command_path} {helptext.word('OPTIONS', lang)} {helptext.word('COMMAND', lang)}"
        )
        page = helptext.PAGES[""]
        formatter.write(
            helptext.render(lang, formatter.width, usage, page, options=opts, commands=listed)
        )

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


@cache
def command() -> click.Command:
    """The app as a click command, built once per process: Typer builds it anew on every call,
    which costs a batch of in-process calls (a test run, an embedding program) 13 ms each."""
    return typer.main.get_command(app)


def main(argv: list[str]) -> int:
    """Run the app on `argv`; click's ways of ending become exit codes or QtErrors."""
    try:
        hoisted = options.hoist(argv, options.COMMANDS)
        lang = options.message_lang(argv)
        result = command()(hoisted, "qt", standalone_mode=False, obj={"lang": lang})
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        return ExitCode.USAGE
    except click.exceptions.UsageError as exc:
        if exc.message.startswith("Missing command") and exc.ctx is not None:
            click.echo(exc.ctx.get_help(), err=True)
            return ExitCode.USAGE
        raise _usage(exc) from None
    except click.exceptions.ClickException as exc:
        message = exc.format_message()
        raise UsageError(message, message) from None
    except typer.Abort:
        raise KeyboardInterrupt from None
    return result if isinstance(result, int) else ExitCode.OK


def _usage(exc: click.exceptions.UsageError) -> UsageError:
    """Click's usage errors, reduced to one sentence and a pointer to help. Click words them
    in English; the Chinese message says what kind of error it is and keeps Click's words."""
    message = " ".join(exc.format_message().split()).rstrip(".")
    command = exc.ctx.command_path if exc.ctx is not None else "qt"
    first = message[0].lower() + message[1:] if message else "bad usage"
    return UsageError(f"{first} (see '{command} -h')", f"用法有误:{first}(见 '{command} -h')")


def run() -> None:
    """The Typer road alone, through the same boundary (tests compare it with the fast path)."""
    from qtcli.cli.boundary import guard
    from qtcli.cli.output import make_streams_safe

    make_streams_safe()
    argv = sys.argv[1:]
    sys.exit(guard(argv, lambda: main(argv)))


# ----------------------------------------------------------------- completion
Offer = Callable[["Store", dict[str, Any], str], Iterable[str]]


def _completer(offer: Offer) -> Callable[[typer.Context, str], Iterator[str]]:
    """A Typer completion callback reading the index (of --facts, if already typed) through
    one of find/complete.py's functions; `ctx.params` holds what was typed before."""

    def complete(ctx: typer.Context, incomplete: str) -> Iterator[str]:
        try:
            store = commands.Index(ctx.params.get("facts")).store()
            words = list(offer(store, _typed(ctx), incomplete))
        except QtError:
            return
        # bash inserts a completion as it is: a space would split a name into two words, so
        # it is escaped, unless the word typed has one (quoted: Typer keeps only completions
        # that start with what was typed, as typed).
        escape = os.environ.get("_QT_COMPLETE") == "complete_bash" and " " not in incomplete
        yield from (w.replace(" ", "\\ ") if escape else w for w in words)

    return complete


def _typed(ctx: typer.Context) -> dict[str, Any]:
    """What was typed before the word being completed. An option still waiting for its value
    (`qt metric rd-intensity --year <TAB>`) stops Click's resilient parse, leaving the
    argument unread in ctx.args: it is the query all the same."""
    typed = dict(ctx.params)
    unread = iter(a for a in ctx.args if not a.startswith("-"))
    for param in ctx.command.params:
        if param.param_type_name == "argument" and typed.get(param.name or "") is None:
            typed[param.name or ""] = next(unread, None)
    return typed


def _complete(kind: str) -> Callable[[typer.Context, str], Iterator[str]]:
    """Names of an entity kind or of metrics: `qt company 中<TAB>`, `qt metric 研发<TAB>`."""

    def offer(store: "Store", _: dict[str, Any], typed: str) -> Iterable[str]:
        from qtcli.find import complete

        return complete.names_starting(store, kind, typed)

    return _completer(offer)


def _complete_places(*kinds: str) -> Callable[[typer.Context, str], Iterator[str]]:
    """Places for --park and --region: names of these kinds, in this order."""

    def offer(store: "Store", _: dict[str, Any], typed: str) -> Iterable[str]:
        from qtcli.find import complete

        return complete.places_starting(store, kinds, typed)

    return _completer(offer)


def _years(store: "Store", params: dict[str, Any], typed: str) -> list[str]:
    """`--year<TAB>`: the years held (of the metric typed before it, when it names one)."""
    from qtcli.find import complete

    return complete.years(store, params.get("query"), typed)


def _source_ids(store: "Store", _: dict[str, Any], typed: str) -> list[str]:
    from qtcli.find import complete

    return complete.source_ids(store, typed)


def _keys(store: "Store", _: dict[str, Any], typed: str) -> list[str]:
    from qtcli.find import complete

    return complete.keys_starting(store, typed)


def _sectors(store: "Store", params: dict[str, Any], typed: str) -> list[str]:
    from qtcli.find import complete

    listed = params.get("kind")
    kind = "park" if getattr(listed, "value", listed) == "parks" else "company"
    return complete.sectors_starting(store, kind, typed)


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


JsonOpt = Annotated[bool, typer.Option("--json", help=helptext.english("", "json"))]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=helptext.english("", "lang"),
    ),
]
FactsOpt = Annotated[
    str | None,
    typer.Option(
        "--facts",
        help=helptext.english("", "facts"),
        metavar="DIR",
        callback=_checked(options.check_facts),
    ),
]
CiteOpt = Annotated[
    Cite | None,
    typer.Option(
        "--cite",
        help=helptext.english("", "cite"),
    ),
]
ColorOpt = Annotated[
    str | None,
    typer.Option(
        "--color",
        help=helptext.english("", "color"),
        metavar="<auto|always|never>",
        callback=_checked(options.check_color),
        autocompletion=lambda incomplete: [c for c in options.COLORS if c.startswith(incomplete)],
    ),
]
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help=helptext.english("", "no_pager"),
    ),
]
YearOpt = Annotated[
    str | None,
    typer.Option(
        "--year",
        help=helptext.english("", "year"),
        metavar="YEAR",
        autocompletion=_completer(_years),
    ),
]


def _settings(
    json: bool,
    lang: Lang | None,
    facts: str | None,
    cite: Cite | None = None,
    color: str | None = None,
    no_pager: bool = False,
) -> Settings:
    return Settings(
        json=json,
        lang=lang.value if lang is not None else None,
        facts=facts,
        cite=cite.value if cite is not None else None,
        color=options.check_color(color),
        pager=not no_pager,
    )


# ----------------------------------------------------------------------- the app

app = typer.Typer(
    name="qt",
    cls=QtGroup,
    help=helptext.PAGES[""].summary.en,
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
            line += f"; fact base unusable: {exc.en}"
        click.echo(line)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help=helptext.english("", "version"),
            callback=_version,
            is_eager=True,
        ),
    ] = False,
    lang: LangOpt = None,
) -> None:
    """The options of `qt` itself (its help page: helptext.PAGES[""])."""


def _command(name: str) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """`@app.command` with the help page of helptext.PAGES[name]."""
    return app.command(name, cls=QtCommand, help=helptext.PAGES[name].summary.en)


ENTITY_KINDS = ("company", "park", "region", "org")


def _entity_command(kind: str) -> Callable[..., int]:
    def command(
        query: Annotated[
            str,
            typer.Argument(
                help=helptext.english(kind, "query"),
                metavar="QUERY",
                autocompletion=_complete(kind),
            ),
        ],
        all: Annotated[bool, typer.Option("--all", help=helptext.english("", "all"))] = False,
        section: Annotated[
            str | None,
            typer.Option(
                "--section",
                help=helptext.english("", "section"),
                metavar="<facts|figures|members>",
                callback=_checked(options.check_section),
                autocompletion=lambda incomplete: [
                    s for s in options.SECTIONS if s.startswith(incomplete)
                ],
            ),
        ] = None,
        limit: Annotated[
            str | None,
            typer.Option(
                "--limit",
                help=helptext.english(kind, "limit"),
                metavar="N",
                callback=_checked(options.check_limit),
            ),
        ] = None,
        json: JsonOpt = False,
        lang: LangOpt = None,
        cite: CiteOpt = None,
        color: ColorOpt = None,
        no_pager: NoPagerOpt = False,
        facts: FactsOpt = None,
    ) -> int:
        settings = _settings(json, lang, facts, cite, color, no_pager)
        mode = options.display_mode(settings.lang)
        rows = options.check_rows(all, section, limit)
        answer = partial(
            commands.entity,
            kind=kind,
            mode=mode,
            cite=settings.cite,
            rows=rows,
            lang=settings.lang,
        )
        return commands.run(settings, answer, query)

    return command


for _kind in ENTITY_KINDS:
    _command(_kind)(_entity_command(_kind))


@_command("metric")
def metric_command(
    query: Annotated[
        str,
        typer.Argument(
            help=helptext.english("metric", "query"),
            metavar="QUERY",
            autocompletion=_complete("metric"),
        ),
    ],
    year: YearOpt = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help=helptext.english("metric", "region"),
            metavar="PLACE",
            autocompletion=_complete_places("region", "park"),
        ),
    ] = None,
    json: JsonOpt = False,
    lang: LangOpt = None,
    cite: CiteOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Figures of a metric, for every subject that has one, each with its source."""
    settings = _settings(json, lang, facts, cite, color, no_pager)
    answer = partial(
        commands.metric,
        year=options.check_year(year),
        region=region,
        mode=options.display_mode(settings.lang),
        cite=settings.cite,
        lang=settings.lang,
    )
    return commands.run(settings, answer, query)


class SearchKind(str, Enum):
    region = "region"
    park = "park"
    company = "company"
    org = "org"
    metric = "metric"
    fact = "fact"
    observation = "observation"
    source = "source"


@_command("search")
def search_command(
    query: Annotated[
        str,
        typer.Argument(help=helptext.english("search", "query"), metavar="TEXT"),
    ],
    kind: Annotated[
        list[SearchKind] | None,
        typer.Option("--kind", help=helptext.english("search", "kind"), metavar="KIND"),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", min=1, max=200, metavar="N", help=helptext.english("search", "limit")
        ),
    ] = 20,
    json: JsonOpt = False,
    lang: LangOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Search everything, ranked."""
    from qtcli.find.query import SEARCH_KINDS

    settings = _settings(json, lang, facts, None, color, no_pager)
    kinds = tuple(dict.fromkeys(k.value for k in kind)) if kind else SEARCH_KINDS
    mode = options.display_mode(settings.lang)
    answer = partial(commands.search, limit=limit, kinds=kinds, mode=mode)
    return commands.run(settings, answer, query)


class ListKind(str, Enum):
    companies = "companies"
    parks = "parks"
    regions = "regions"
    orgs = "orgs"
    metrics = "metrics"
    sources = "sources"


@_command("list")
def list_command(
    kind: Annotated[
        ListKind, typer.Argument(help=helptext.english("list", "kind"), metavar="KIND")
    ],
    park: Annotated[
        str | None,
        typer.Option(
            "--park",
            help=helptext.english("list", "park"),
            metavar="PARK",
            autocompletion=_complete_places("park"),
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help=helptext.english("list", "region"),
            metavar="PLACE",
            autocompletion=_complete_places("region"),
        ),
    ] = None,
    sector: Annotated[
        str | None,
        typer.Option(
            "--sector",
            help=helptext.english("list", "sector"),
            metavar="SECTOR",
            autocompletion=_completer(_sectors),
        ),
    ] = None,
    json: JsonOpt = False,
    lang: LangOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Browse companies, parks, regions, organisations, metrics or sources."""
    if park and region:
        raise UsageError("give --park or --region, not both", "--park 与 --region 只能给一个")
    settings = _settings(json, lang, facts, None, color, no_pager)
    mode = options.display_mode(settings.lang)
    return commands.run_once(
        settings, lambda store: commands.listing(store, kind.value, park or region, mode, sector)
    )


@_command("source")
def source_command(
    id: Annotated[
        str,
        typer.Argument(
            help=helptext.english("source", "id"),
            metavar="ID",
            autocompletion=_completer(_source_ids),
        ),
    ],
    json: JsonOpt = False,
    lang: LangOpt = None,
    cite: CiteOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """A source article: title, authors, date, and every fact and figure citing it."""
    settings = _settings(json, lang, facts, cite, color, no_pager)
    mode = options.display_mode(settings.lang)
    return commands.run(settings, partial(commands.source, mode=mode, cite=settings.cite), id)


@_command("show")
def show_command(
    key: Annotated[
        str,
        typer.Argument(
            help=helptext.english("show", "key"),
            metavar="KEY",
            autocompletion=_completer(_keys),
        ),
    ],
    json: JsonOpt = False,
    lang: LangOpt = None,
    cite: CiteOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Look up any id or key shown in an output: an entity, metric, source, fact or observation."""
    settings = _settings(json, lang, facts, cite, color, no_pager)
    mode = options.display_mode(settings.lang)
    return commands.run(settings, partial(commands.show, mode=mode, cite=settings.cite), key)


@_command("check")
def check_command(
    sources: Annotated[
        str | None,
        typer.Option(
            "--sources",
            help=helptext.english("check", "sources"),
            metavar="DIR",
            callback=_checked(lambda v: options.check_dir(v, "--sources")),
        ),
    ] = None,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help=helptext.english("check", "coverage"),
        ),
    ] = False,
    json: JsonOpt = False,
    lang: LangOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Validate the fact base; exit 3 listing every problem, each with file and line."""
    from qtcli.cli.checking import run_check
    from qtcli.cli.output import ascii_only

    del color, no_pager  # accepted as on every command: check writes plain lines, unpaged

    language = options.messages_in(lang.value if lang is not None else None)
    return run_check(facts, sources, coverage, json, ascii_only=ascii_only(), lang=language)


@_command("draft")
def draft_command(
    article: Annotated[
        Path | None,
        typer.Argument(help=helptext.english("draft", "article"), metavar="ARTICLE"),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help=helptext.english("draft", "source"), metavar="ID"),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help=helptext.english("draft", "date"), metavar="YYYY[-MM]"),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help=helptext.english("draft", "json"))] = False,
    out: Annotated[
        Path | None,
        typer.Option("-o", "--output", help=helptext.english("draft", "out"), metavar="FILE"),
    ] = None,
    accept: Annotated[
        Path | None,
        typer.Option("--accept", help=helptext.english("draft", "accept"), metavar="FILE"),
    ] = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Propose records for a new article, for a curator to review; accept them when reviewed."""
    from qtcli.cli.drafting import run_draft
    from qtcli.cli.output import ascii_only

    del color, no_pager  # accepted as on every command: drafts are TOML or JSON, unpaged

    language = options.messages_in(lang.value if lang is not None else None)
    facts_path = Path(facts) if facts else None
    return run_draft(article, source, date, json, out, accept, facts_path, ascii_only(), language)


@_command("ask")
def ask_command(
    question: Annotated[
        str,
        typer.Argument(help=helptext.english("ask", "question"), metavar="QUESTION"),
    ],
    json: JsonOpt = False,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help=helptext.english("ask", "lang")),
    ] = None,
    cite: CiteOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Answer a question in plain words from one recorded figure or fact, with its source."""
    settings = _settings(json, lang, facts, cite, color, no_pager)
    answer = partial(commands.ask, lang=settings.lang, cite=settings.cite)
    return commands.run(settings, answer, question)


class SchemaOf(str, Enum):
    """What `qt schema` describes: a command's JSON, or the error object any command writes."""

    company = "company"
    park = "park"
    region = "region"
    org = "org"
    metric = "metric"
    search = "search"
    list = "list"
    source = "source"
    show = "show"
    ask = "ask"
    check = "check"
    export = "export"
    error = "error"


@_command("schema")
def schema_command(
    command: Annotated[
        SchemaOf | None,
        typer.Argument(help=helptext.english("schema", "command"), metavar="COMMAND"),
    ] = None,
    json: JsonOpt = False,
    lang: LangOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Print the shape of a command's JSON output (schema 1), as JSON."""
    from qtcli.cli.output import emit_json
    from qtcli.present.schema import shape_document

    # The global options are accepted here as everywhere: the output is JSON anyway, the
    # same in both languages and for any fact base, never coloured or paged; --lang chooses
    # the messages' language.
    del json, lang, color, no_pager, facts
    emit_json(shape_document(command.value if command is not None else None))
    return ExitCode.OK


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    sqlite = "sqlite"


@_command("export")
def export_command(
    out: Annotated[
        str,
        typer.Argument(
            help=helptext.english("export", "out"),
            metavar="OUT",
        ),
    ],
    format: Annotated[
        Format | None,
        typer.Option("--format", help=helptext.english("export", "format")),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help=helptext.english("export", "force")),
    ] = False,
    excel: Annotated[
        bool, typer.Option("--excel", help=helptext.english("export", "excel"))
    ] = False,
    json: JsonOpt = False,
    lang: LangOpt = None,
    color: ColorOpt = None,
    no_pager: NoPagerOpt = False,
    facts: FactsOpt = None,
) -> int:
    """Write observations, entities, facts, metrics and sources as tidy tables."""
    # --lang chooses the language of messages and --json makes an error a JSON object too:
    # the error boundary reads both from argv. Tables are files: never coloured or paged.
    del json, lang, color, no_pager
    from qtcli.present import export as exporting

    store = commands.Index(facts).store()  # validated, and read a row at a time
    fmt = format.value if format is not None else None
    if out == exporting.STDOUT:
        if fmt not in (None, "jsonl") or excel:
            raise UsageError(
                "'-' writes JSON Lines; leave out --format and --excel",
                "'-' 写出 JSON Lines;请去掉 --format 和 --excel",
            )
        exporting.write_stream(exporting.tables(store), sys.stdout)
        return ExitCode.OK
    for path in exporting.export(store, fmt, Path(out), force=force, excel=excel):
        sys.stdout.write(f"{path}\n")
    return ExitCode.OK
