"""Blocks drawn for a terminal of a given width: the only module that imports Rich.

Imported only when a table is actually drawn, so JSON and piped output never
pay Rich's start-up cost. Rich draws the boxes and the colours; where lines
break and how wide each column is comes from layout.py, measured with Rich's
own cell widths, so that an id, a number with its unit or a Latin word never
breaks inside and a table never wraps past the screen. A table that cannot be
read at the width (its prose columns would be too narrow) is drawn as cards,
one block of `label  value` lines per row. Bars have a fixed width and never
wrap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from qtcli.present.layout import fold, plan_columns
from qtcli.present.printable import printable
from qtcli.present.view import Block, Fields, Heading, Note, Table

BAR_WIDTH = 16
GAP = "  "  # between a label and its value, in fields and cards
CARD_BULLET = "• "  # marks where each card (one row of a table too wide for columns) starts


def make_console(
    file: IO[str] | None = None, width: int | None = None, colour: bool = False
) -> Console:
    """A console that writes exactly what it is given: no markup, no emoji codes (a "[N]" in
    a citation is not a style tag), no colour unless asked, whatever the environment says."""
    return Console(
        file=file,
        width=width,
        color_system="standard" if colour else None,
        force_terminal=colour,
        no_color=not colour,
        highlight=False,
        soft_wrap=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )


def _fold(text: str, width: int) -> list[str]:
    """Rich strips only BEL, BS and CR itself; everything else is made visible first."""
    return fold(printable(text), max(1, width), cell_len)


def _lines(text: str, width: int, style: str = "") -> Text:
    return Text("\n".join(_fold(text, width)), style=style)


def _bar(fraction: str) -> Text:
    return Text("█" * max(1, round(float(fraction) * BAR_WIDTH)), style="cyan")


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def _labelled(
    rows: Sequence[tuple[str, str | Text]], width: int, style: str = "", bullet: str = ""
) -> Text:
    """`label  value` lines, each value folded beside its label (a Text is drawn as it is);
    a bullet, if given, marks the first line and indents the others."""
    label_width = max((cell_len(printable(name)) for name, _ in rows), default=0)
    indent = cell_len(bullet)
    room = max(10, width - indent - label_width - len(GAP))
    out = Text()
    for name, value in rows:
        lines = [value] if isinstance(value, Text) else [Text(s, style) for s in _fold(value, room)]
        for n, line in enumerate(lines):
            out.append("\n" if out else "")
            out.append(" " * indent if out else bullet, style="bold")
            out.append(_pad(printable(name) if n == 0 else "", label_width), style="bold")
            out.append(GAP)
            out.append_text(line)
    return out


def _table(block: Table, widths: list[int]) -> RichTable:
    table = RichTable(box=box.MINIMAL_HEAVY_HEAD, show_edge=False, show_lines=False, expand=False)
    for name, width in zip(block.columns, widths, strict=True):
        table.add_column(_lines(name, width), width=width, no_wrap=True)
    for n, row in enumerate(block.rows):
        cells = [_lines(cell, width) for cell, width in zip(row, widths, strict=True)]
        if block.bar_column is not None:
            cells[block.bar_column] = _bar(row[block.bar_column])
        table.add_row(*cells, style="yellow" if n in block.warn_rows else None)
    return table


def _cards(block: Table, width: int) -> Text:
    """Each row as its own block of `label  value` lines, for a screen too narrow for columns:
    a bullet where each starts, a blank line between them, empty cells left out."""
    out = Text()
    for n, row in enumerate(block.rows):
        fields: list[tuple[str, str | Text]] = []
        for c, (name, cell) in enumerate(zip(block.columns, row, strict=True)):
            if c == block.bar_column:
                fields.append((name, _bar(cell)))
            elif cell.strip():
                fields.append((name, cell))
        if n:
            out.append("\n\n")
        style = "yellow" if n in block.warn_rows else ""
        out.append_text(_labelled(fields, width, style, bullet=CARD_BULLET))
    return out


def _filled(block: Table) -> Table:
    """The table without the columns empty in every row (parks listed have no park above)."""
    keep = [c for c in range(len(block.columns)) if any(row[c].strip() for row in block.rows)]
    if not block.rows or len(keep) == len(block.columns):
        return block
    return Table(
        block.title,
        [block.columns[c] for c in keep],
        [[row[c] for c in keep] for row in block.rows],
        block.warn_rows,
        keep.index(block.bar_column) if block.bar_column in keep else None,
        frozenset(keep.index(c) for c in block.prose if c in keep),
    )


def _frame(columns: int) -> int:
    """Cells a table spends on its frame: a space either side of each cell, a rule between."""
    return 3 * columns - 1


def _draw_table(block: Table, console: Console, width: int) -> None:
    console.print(_lines(block.title, width, "bold"))
    block = _filled(block)
    fixed = {block.bar_column: BAR_WIDTH} if block.bar_column is not None else {}
    room = width - _frame(len(block.columns))
    widths = plan_columns(block.columns, block.rows, block.prose, fixed, room, cell_len)
    if widths is None:
        console.print(_cards(block, width))
    else:
        console.print(_table(block, widths))


def draw(blocks: Iterable[Block], console: Console) -> None:
    width = console.width
    for block in blocks:
        if isinstance(block, Heading):
            console.print(_lines(block.text, width, "bold"))
            if block.sub:
                console.print(_lines(block.sub, width, "dim"))
        elif isinstance(block, Fields):
            console.print(_labelled(block.rows, width))
        elif isinstance(block, Table):
            _draw_table(block, console, width)
        elif isinstance(block, Note):
            console.print(_lines(block.text, width, "yellow" if block.warn else "dim"))
        console.print()
