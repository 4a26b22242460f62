"""The common lookups without importing Typer: start-up is most of a lookup's cost.

`qt company 中策橡胶 --json` would spend more time importing Typer (~40 ms)
than answering. For the plain forms of company/park/region/org/metric/show/ask — one
query and the options in OPTIONS, each once — this module reads argv itself,
checks every value with the same checks as the Typer app (options.py), and
calls the same command function (commands.py). Anything else (help,
completion, an unknown, repeated or bad option) returns None and the Typer app
reads the command line, so usage errors come from one place. Tests generate
command lines from the Typer app's own parameters and require identical
stdout, stderr and exit code from both roads.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from qtcli.cli import options
from qtcli.errors import QtError

ENTITY_COMMANDS = ("company", "park", "region", "org")
# The options each command takes on this road: every one is a parameter of the Typer command.
SHARED = ("--json", "--lang", "--facts", "--cite", "--color", "--no-pager")
OPTIONS = {
    **dict.fromkeys(ENTITY_COMMANDS, (*SHARED, "--all", "--section", "--limit")),
    "show": SHARED,
    "metric": (*SHARED, "--year", "--region"),
    "ask": SHARED,
}
FLAGS = ("--json", "--no-pager", "--all")


def parse(argv: list[str]) -> dict[str, Any] | None:
    """The parsed command line, or None when it is not a plain lookup with valid values."""
    if not argv or argv[0] not in OPTIONS:
        return None
    allowed = OPTIONS[argv[0]]
    values: dict[str, Any] = {}
    positional: list[str] = []
    rest = iter(argv[1:])
    for token in rest:
        if not token.startswith("-") or token == "-":
            positional.append(token)
            continue
        name, eq, value = token.partition("=")
        if name not in allowed or name in values or (name in FLAGS and eq):
            return None
        if name in FLAGS:
            values[name] = True
            continue
        if not eq:
            value = next(rest, None)  # type: ignore[assignment]
            if value is None or value.startswith("-"):
                return None
        values[name] = value
    if len(positional) != 1:
        return None
    try:
        return {
            "command": argv[0],
            "query": positional[0],
            "settings": options.Settings(
                json=values.get("--json", False),
                lang=options.check_lang(values.get("--lang")),
                facts=options.check_facts(values.get("--facts")),
                cite=options.check_cite(values.get("--cite")),
                color=options.check_color(values.get("--color")),
                pager="--no-pager" not in values,
            ),
            "year": options.check_year(values.get("--year")),
            "region": values.get("--region"),
            "rows": options.check_rows(
                values.get("--all", False), values.get("--section"), values.get("--limit")
            ),
        }
    except QtError:
        return None  # a bad value: the Typer app says so, in its words


def run(argv: list[str]) -> int | None:
    """Answer a plain lookup and return its exit code; None means 'let Typer do it'."""
    parsed = parse(argv)
    if parsed is None:
        return None
    from qtcli.cli import commands

    settings: options.Settings = parsed["settings"]
    if parsed["command"] == "ask":  # answers in the question's language: no display mode
        answer = partial(commands.ask, lang=settings.lang, cite=settings.cite)
        return commands.run(settings, answer, parsed["query"])
    mode = options.display_mode(settings.lang)
    if parsed["command"] == "metric":
        answer = partial(
            commands.metric,
            year=parsed["year"],
            region=parsed["region"],
            mode=mode,
            cite=settings.cite,
            lang=settings.lang,
        )
    elif parsed["command"] == "show":
        answer = partial(commands.show, mode=mode, cite=settings.cite)
    else:
        answer = partial(
            commands.entity,
            kind=parsed["command"],
            mode=mode,
            cite=settings.cite,
            rows=parsed["rows"],
            lang=settings.lang,
        )
    return commands.run(settings, answer, parsed["query"])


def main() -> None:
    """The `qt` entry point: the fast path if it applies, else the Typer app; one boundary."""
    import sys

    from qtcli.cli.boundary import guard
    from qtcli.cli.output import make_streams_safe

    make_streams_safe()
    argv = options.hoist(sys.argv[1:], options.COMMANDS)
    sys.exit(guard(argv, lambda: _fast_or_typer(argv)))


def _fast_or_typer(argv: list[str]) -> int:
    code = run(argv)
    if code is None:
        from qtcli.cli.app import main as typer_main

        return typer_main(argv)
    return code
