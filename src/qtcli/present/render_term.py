"""Blocks drawn for a terminal of a given width, as lines of text with ANSI colours.

Imported only when a table is actually drawn, so JSON and piped output never pay
for it. Where lines break and how wide each column is comes from layout.py,
measured in terminal cells by Rich's `cell_len` (the one piece of Rich imported:
its console, tables and styles cost 50 ms of every drawn answer, a quarter of
it, for what this module does in a few lines). So an id, a number with its unit
or a Latin word never breaks inside and a table never wraps past the screen. A
table that cannot be read at the width (its prose columns would be too narrow)
is drawn as cards, one block of `label  value` lines per row. Bars have a fixed
width and never wrap. Colours are the eight standard ones, and only when asked
(Screen.colour): output.screen decides, from --color, NO_COLOR and FORCE_COLOR.

A table has no outer frame: a space either side of each cell, `│` between columns
and a heavy rule under the header (Rich's MINIMAL_HEAVY_HEAD, which this module
once drew through Rich and draws the same).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len

from qtcli.present.layout import fold, plan_columns
from qtcli.present.printable import printable
from qtcli.present.view import Block, Fields, Heading, Note, Table

BAR_WIDTH = 16
GAP = "  "  # between a label and its value, in fields and cards
MIN_VALUE = 10  # cells a value needs beside its label; on a narrower screen it goes under it
CARD_BULLET = "• "  # marks where each card (one row of a table too wide for columns) starts
SGR = {"bold": "1", "dim": "2", "yellow": "33", "cyan": "36"}  # the styles a screen uses
RULE, CROSS, BAR_CELL, DIVIDER = "━", "┿", "█", "│"

Run = tuple[str, str]  # text and its style ('' for none)
Line = list[Run]


class Bar:
    """A bar's value in a card: drawn as long as it says, or as the room beside its label."""

    __slots__ = ("fraction",)

    def __init__(self, fraction: str) -> None:
        self.fraction = fraction


def draw(blocks: Iterable[Block], width: int, colour: bool = False) -> str:
    """The blocks as the screen shows them: each followed by a blank line, no line wider
    than `width` cells, coloured only when `colour`."""
    lines: list[Line] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines += _lines(block.text, width, "bold")
            if block.sub:
                lines += _lines(block.sub, width, "dim")
        elif isinstance(block, Fields):
            lines += _labelled(block.rows, width)
        elif isinstance(block, Table):
            lines += _draw_table(block, width)
        elif isinstance(block, Note):
            lines += _lines(block.text, width, "yellow" if block.warn else "dim")
        lines.append([])
    return "".join(_written(line, colour) + "\n" for line in lines)


def _written(line: Line, colour: bool) -> str:
    """A line's text; in colour, each run of one style between its SGR code and a reset."""
    if not colour:
        return "".join(text for text, _ in line)
    runs: list[Run] = []
    for text, style in line:
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + text, style)
        elif text:
            runs.append((text, style))
    return "".join(f"\x1b[{SGR[style]}m{text}\x1b[0m" if style else text for text, style in runs)


def _fold(text: str, width: int) -> list[str]:
    """Text made visible (printable) and folded to the width; a tab is a space."""
    return fold(printable(text).replace("\t", " "), max(1, width), cell_len)


def _lines(text: str, width: int, style: str = "") -> list[Line]:
    return [[(line, style)] for line in _fold(text, width)]


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def _bar(fraction: str, room: int = BAR_WIDTH) -> str:
    return BAR_CELL * max(1, min(room, round(float(fraction) * BAR_WIDTH)))


def _labelled(
    rows: Sequence[tuple[str, str | Bar]], width: int, style: str = "", bullet: str = ""
) -> list[Line]:
    """`label  value` lines, each value folded beside its label (a bar as long as it fits);
    a bullet, if given, marks the first line and indents the others. On a screen too
    narrow to leave a value ten cells beside its label, each value goes under its label."""
    label_width = max((cell_len(printable(name)) for name, _ in rows), default=0)
    indent = cell_len(bullet)
    room = width - indent - label_width - len(GAP)
    under = room < MIN_VALUE
    if under:
        room = max(1, width - indent)
    out: list[Line] = []
    for name, value in rows:
        if isinstance(value, Bar):
            values = [[(_bar(value.fraction, room), "cyan")]]
        else:
            values = _lines(value, room, style)
        label = printable(name)
        if under:
            out.append([(" " * indent if out else bullet, "bold"), (label, "bold")])
            out += [[(" " * indent, "bold"), *shown] for shown in values]
            continue
        for n, shown in enumerate(values):
            lead = " " * indent if out else bullet
            out.append([(lead, "bold"), (_pad(label if n == 0 else "", label_width), "bold")])
            out[-1] += [(GAP, ""), *shown]
    return out


def _draw_table(block: Table, width: int) -> list[Line]:
    lines = _lines(block.title, width, "bold")
    block = _filled(block)
    fixed = {block.bar_column: BAR_WIDTH} if block.bar_column is not None else {}
    room = width - _frame(len(block.columns))
    widths = plan_columns(block.columns, block.rows, block.prose, fixed, room, cell_len)
    return lines + (_cards(block, width) if widths is None else _table(block, widths))


def _frame(columns: int) -> int:
    """Cells a table spends on its frame: a space either side of each cell, a rule between."""
    return 3 * columns - 1


def _table(block: Table, widths: list[int]) -> list[Line]:
    """The header (bold, each name at the foot of its cell), a heavy rule, then each row as
    tall as its tallest cell (a row whose figures disagree in yellow); cells padded to their
    column's width."""
    header = [_fold(name, width) for name, width in zip(block.columns, widths, strict=True)]
    tallest = max(len(lines) for lines in header)
    header = [[""] * (tallest - len(lines)) + lines for lines in header]
    out = _row(header, widths, "bold")
    out.append([(CROSS.join(RULE * (w + 2) for w in widths), "")])
    for n, row in enumerate(block.rows):
        cells = [_fold(cell, width) for cell, width in zip(row, widths, strict=True)]
        bar = block.bar_column
        if bar is not None:
            cells[bar] = [_bar(row[bar], widths[bar])]
        out += _row(cells, widths, "yellow" if n in block.warn_rows else "", bar)
    return out


def _row(
    cells: list[list[str]], widths: list[int], style: str, bar: int | None = None
) -> list[Line]:
    height = max((len(c) for c in cells), default=1)
    lines: list[Line] = []
    for i in range(height):
        line: Line = []
        for c, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            text = cell[i] if i < len(cell) else ""
            if c:
                line.append((DIVIDER, ""))
            drawn = "cyan" if c == bar and i < len(cell) else style
            line += [(" ", style), (_pad(text, width), drawn), (" ", style)]
        lines.append(line)
    return lines


def _cards(block: Table, width: int) -> list[Line]:
    """Each row as its own block of `label  value` lines, for a screen too narrow for columns:
    a bullet where each starts, a blank line between them, empty cells left out."""
    out: list[Line] = []
    for n, row in enumerate(block.rows):
        fields: list[tuple[str, str | Bar]] = []
        for c, (name, cell) in enumerate(zip(block.columns, row, strict=True)):
            if c == block.bar_column:
                fields.append((name, Bar(cell)))
            elif cell.strip():
                fields.append((name, cell))
        if n:
            out.append([])
        style = "yellow" if n in block.warn_rows else ""
        out += _labelled(fields, width, style, bullet=CARD_BULLET)
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
