"""Writing answers: JSON for scripts, tables for a terminal, plain text for a pipe.

Kept free of Typer and Rich so the common lookups run without importing either
(see fastpath.py). Data goes to stdout, messages to stderr.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import Any

from qtcli.records import record


def ascii_only() -> bool:
    """True when stdout cannot carry Chinese, so JSON must escape it."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return True
    return name not in ("utf-8", "utf-16", "utf-32", "utf-8-sig", "gb18030")


@record
class Screen:
    """A terminal to draw tables on: its size, and whether to colour them."""

    width: int
    height: int
    colour: bool
    tty: bool  # stdout itself is the terminal (not FORCE_COLOR into a pipe): a pager may run


def screen(color: str = "auto") -> Screen | None:
    """Where answers go, as a Screen for tables, or None for plain text (a pipe, TERM=dumb).

    `--color never` and NO_COLOR remove colour only; the tables stay. FORCE_COLOR (any
    non-empty value) and `--color always` draw coloured tables even into a pipe."""
    isatty = getattr(sys.stdout, "isatty", None)
    tty = bool(isatty and isatty())
    terminal = tty and os.environ.get("TERM") != "dumb"
    if color == "always":
        terminal = colour = True
    else:
        terminal = terminal or bool(os.environ.get("FORCE_COLOR"))
        colour = terminal and color == "auto" and not os.environ.get("NO_COLOR")
    if not terminal:
        return None
    columns, lines = terminal_size()
    return Screen(max(20, columns), max(1, lines), colour, tty)


def terminal_size() -> tuple[int, int]:
    """Columns and lines: COLUMNS and LINES first, then the terminal's, else 80x24, as
    shutil.get_terminal_size says (whose import, with bz2 and lzma, cost 6 ms a table)."""
    said = [_positive(os.environ.get(name)) for name in ("COLUMNS", "LINES")]
    if all(said):
        return said[0], said[1]
    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
        told = (size.columns, size.lines)
    except (AttributeError, ValueError, OSError):
        told = (0, 0)
    return said[0] or told[0] or 80, said[1] or told[1] or 24


def _positive(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def emit_json(payload: Any) -> None:
    from qtcli.present.payload import dumps

    sys.stdout.write(dumps(payload, ascii_only=ascii_only()) + "\n")


def emit_line(payload: Any) -> None:
    """One JSON object on one line (a stdin batch answers each line so)."""
    sys.stdout.write(json_line(payload))


def json_line(payload: Any) -> str:
    from qtcli.present.payload import dumps_line

    return dumps_line(payload, ascii_only=ascii_only()) + "\n"


def emit_blocks(blocks: list[Any], screen: Screen | None, pager: bool = True) -> None:
    """Blocks as plain text, or drawn for the screen and paged when longer than it."""
    if screen is None:
        from qtcli.present.render_plain import render

        sys.stdout.write(render(blocks))
        return
    from qtcli.present.render_term import draw

    text = draw(blocks, screen.width, screen.colour)
    if pager and screen.tty and text.count("\n") >= screen.height:
        from qtcli.cli.pager import page

        if page(text):
            return
    sys.stdout.write(text)


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
