"""Blocks as plain text: for pipes, NO_COLOR and dumb terminals.

No colour codes, no control characters (see printable.py), no truncation, no hard wrapping: one table row per line with
cells joined by ' | ', so `grep` and `cut -d'|'` work on the output.
"""

from __future__ import annotations

from collections.abc import Iterable

from qtcli.present.printable import printable
from qtcli.present.view import Block, Fields, Heading, Note, Table

BAR_WIDTH = 20


def bar(fraction: str) -> str:
    return "█" * max(1, round(float(fraction) * BAR_WIDTH))


def render(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(block.text)
            if block.sub:
                out.append(block.sub)
        elif isinstance(block, Fields):
            out += [f"{name}: {value}" if name else f"  {value}" for name, value in block.rows]
        elif isinstance(block, Table):
            out.append(f"== {block.title}")
            out.append(" | ".join(block.columns))
            for row in block.rows:
                cells = list(row)
                if block.bar_column is not None:
                    cells[block.bar_column] = bar(cells[block.bar_column])
                # A cell's lines (a value, then its conflict mark) stay on the row's line.
                out.append(" | ".join(c.replace("\n", "  ") for c in cells))
        elif isinstance(block, Note):
            out.append(block.text)
        out.append("")
    # One pass over the whole text: nothing from the fact base reaches the terminal raw.
    return printable("\n".join(out).rstrip("\n") + "\n")
