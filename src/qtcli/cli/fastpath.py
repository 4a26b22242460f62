"""The common lookups without importing Typer: start-up is most of a lookup's cost.

`qt company 中策橡胶 --json` spends more time importing Typer (~40 ms) than
answering. For the plain forms of company/park/region/org/metric — one query,
and only the options --json, --lang, --facts, --year, --region with valid
values — this module parses argv itself and calls the same command bodies
(commands.py) as the Typer app. Anything else (help, completion, a bad or
unknown option, a repeated option) returns None and the Typer app handles it,
so error messages for bad usage come from one place. A test runs a table of
command lines through both paths and requires identical output.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from qtcli.errors import ExitCode, NotFound, QtError

ENTITY_COMMANDS = ("company", "park", "region", "org")
VALUE_OPTIONS = {"--lang", "--facts", "--year", "--region"}


def parse(argv: list[str]) -> dict[str, Any] | None:
    """The parsed command line, or None when it is not a plain lookup."""
    if not argv or argv[0] not in (*ENTITY_COMMANDS, "metric"):
        return None
    command, rest = argv[0], argv[1:]
    allowed = {"--json", "--lang", "--facts"} | (
        {"--year", "--region"} if command == "metric" else set()
    )
    options: dict[str, Any] = {}
    positional: list[str] = []
    i = 0
    while i < len(rest):
        token = rest[i]
        if token.startswith("-") and token != "-":
            name, eq, value = token.partition("=")
            if name not in allowed or name in options:
                return None
            if name == "--json":
                if eq:
                    return None
                options[name] = True
            else:
                if not eq:
                    i += 1
                    if i >= len(rest):
                        return None
                    value = rest[i]
                options[name] = value
        else:
            positional.append(token)
        i += 1
    if len(positional) != 1:
        return None
    lang = options.get("--lang")
    if lang is not None and lang not in ("zh", "en"):
        return None
    year = options.get("--year")
    if year is not None:
        if not (year.isascii() and year.isdigit() and 1949 <= int(year) <= 2100):
            return None
        year = int(year)
    return {
        "command": command,
        "query": positional[0],
        "json": options.get("--json", False),
        "lang": lang,
        "facts": options.get("--facts"),
        "year": year,
        "region": options.get("--region"),
    }


def run(argv: list[str]) -> int | None:
    """Answer a plain lookup and return its exit code; None means 'let Typer do it'."""
    parsed = parse(argv)
    if parsed is None:
        return None
    from . import commands
    from .boundary import pipe_closed, report

    try:
        if parsed["command"] == "metric":
            return commands.metric(
                parsed["query"],
                parsed["year"],
                parsed["region"],
                parsed["json"],
                parsed["lang"],
                parsed["facts"],
            )
        return commands.entity(
            parsed["command"], parsed["query"], parsed["json"], parsed["lang"], parsed["facts"]
        )
    except NotFound as exc:
        return report(exc.message, exc.exit_code, argv, exc.candidates)
    except QtError as exc:
        return report(exc.message, exc.exit_code, argv)
    except KeyboardInterrupt:
        return report("interrupted", ExitCode.INTERRUPTED, argv)
    except BrokenPipeError:
        return pipe_closed()
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        return pipe_closed()


def main() -> None:
    """Entry point: the fast path if it applies, else the full Typer app."""
    from .boundary import make_streams_safe, pipe_closed

    make_streams_safe()
    try:
        code = run(sys.argv[1:])
    except Exception as exc:  # the last resort, as in cli.run: never a traceback unless asked
        if os.environ.get("QT_DEBUG"):
            raise
        sys.stderr.write(
            f"qt: internal error ({type(exc).__name__}: {exc}); set QT_DEBUG=1 for details\n"
        )
        code = ExitCode.INTERNAL
    if code is None:
        from .app import run as run_typer

        run_typer()
        return
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        pipe_closed()
    sys.exit(code)
