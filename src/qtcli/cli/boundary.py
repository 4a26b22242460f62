"""Output and error reporting shared by the Typer app and the fast path.

Kept free of Typer and Rich so the common lookups can run without importing
either (see fastpath.py). Data goes to stdout, messages to stderr.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import Any

from qtcli.errors import ExitCode


def json_requested(argv: list[str]) -> bool:
    return "--json" in argv


def ascii_only() -> bool:
    """True when stdout cannot carry Chinese, so JSON must escape it."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return True
    return name not in ("utf-8", "utf-16", "utf-32", "utf-8-sig", "gb18030")


def plain_terminal() -> bool:
    """Plain text unless stdout is a terminal that may have colour (or FORCE_COLOR asks for it)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return True
    if os.environ.get("FORCE_COLOR"):
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return not (isatty and isatty())


def report(message: str, code: int, argv: list[str], candidates: tuple[str, ...] = ()) -> int:
    """An error as one line on stderr (and a JSON error object on stdout under --json)."""
    from qtcli.present.printable import printable

    message = message.encode("utf-8", "backslashreplace").decode("utf-8").replace("\n", " ")
    sys.stderr.write(f"qt: {printable(message)}\n")
    sys.stderr.flush()
    if json_requested(argv) and code != ExitCode.INTERRUPTED:
        from qtcli.present.payload import dumps, error_payload

        sys.stdout.write(
            dumps(error_payload(message, code, candidates), ascii_only=ascii_only()) + "\n"
        )
    return code


def pipe_closed() -> int:
    """The reader went away (`qt … | head -1`): stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return ExitCode.OK


def emit_json(payload: Any) -> None:
    from qtcli.present.payload import dumps

    sys.stdout.write(dumps(payload, ascii_only=ascii_only()) + "\n")


def emit_blocks(blocks: list[Any]) -> None:
    if plain_terminal():
        from qtcli.present.render_plain import render

        sys.stdout.write(render(blocks))
    else:
        from qtcli.present.render_rich import draw, make_console

        draw(blocks, make_console())


def make_streams_safe() -> None:
    """Never fail to encode: characters the terminal cannot show are escaped."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
