"""Blocks as Rich tables for a terminal: the only module that imports Rich.

Imported only when a table is actually drawn, so JSON and piped output never
pay Rich's start-up cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from qtcli.present.printable import printable
from qtcli.present.view import Block, Fields, Heading, Note, Table

BAR_WIDTH = 16


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    # No emoji codes or markup: text from the fact base is printed as written (a "[N]" in a
    # citation is not a style tag), and Rich skips loading its emoji table.
    return Console(
        file=file, width=width, highlight=False, soft_wrap=False, emoji=False, markup=False
    )


def _text(text: str, style: str = "") -> Text:
    """Rich strips only BEL, BS and CR itself; everything else is made visible first."""
    return Text(printable(text), style=style)


def _bar(fraction: str) -> Text:
    return Text("█" * max(1, round(float(fraction) * BAR_WIDTH)), style="cyan")


def _table(block: Table) -> RichTable:
    table = RichTable(
        title=_text(block.title), title_justify="left", show_lines=False, expand=False
    )
    for name in block.columns:
        table.add_column(_text(name), overflow="fold")
    for n, row in enumerate(block.rows):
        cells: list[Text | str] = [_text(c) for c in row]
        if block.bar_column is not None:
            cells[block.bar_column] = _bar(row[block.bar_column])
        table.add_row(*cells, style="yellow" if n in block.warn_rows else None)
    return table


def draw(blocks: Iterable[Block], console: Console) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            console.print(_text(block.text, "bold"))
            if block.sub:
                console.print(_text(block.sub, "dim"))
        elif isinstance(block, Fields):
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="bold")
            grid.add_column(overflow="fold")
            for name, value in block.rows:
                grid.add_row(_text(name), _text(value))
            console.print(grid)
        elif isinstance(block, Table):
            console.print(_table(block))
        elif isinstance(block, Note):
            console.print(_text(block.text, "yellow" if block.warn else "dim"))
        console.print()
