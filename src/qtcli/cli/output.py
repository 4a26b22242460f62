"""Writing answers: JSON for scripts, tables for a terminal, plain text for a pipe.

Kept free of Typer and Rich so the common lookups run without importing either
(see fastpath.py). Data goes to stdout, messages to stderr.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import Any


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


def emit_json(payload: Any) -> None:
    from qtcli.present.payload import dumps

    sys.stdout.write(dumps(payload, ascii_only=ascii_only()) + "\n")


def emit_line(payload: Any) -> None:
    """One JSON object on one line (a stdin batch answers each line so)."""
    sys.stdout.write(json_line(payload))


def json_line(payload: Any) -> str:
    from qtcli.present.payload import dumps_line

    return dumps_line(payload, ascii_only=ascii_only()) + "\n"


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


def pipe_closed() -> int:
    """The reader went away (`qt … | head -1`): stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0
