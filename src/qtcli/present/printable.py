"""Text from a fact base made safe to write to a terminal.

A name holding ESC can clear the screen (`\\e[2J`), plant a hyperlink (OSC 8) or
retitle the window (OSC 0); U+202E turns the rest of a line around so that
'exe.txt' reads 'txt.exe'. `qt check` rejects such characters in every text
field (CONTROL_RE is its definition too), and every writer to a terminal —
plain text, drawn tables and the messages on stderr — passes text through
`printable` anyway, for a fact base that was never checked. JSON is left as it
is: it is data, and its readers escape what they show.
"""

from __future__ import annotations

import re

# C0 controls other than tab and newline, DEL, C1 controls (U+0080–U+009F: U+009B is a
# one-byte CSI on some terminals), and the marks that reorder text: LRM/RLM, ALM, the
# embeddings and overrides U+202A–U+202E, and the isolates U+2066–U+2069.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def printable(text: str) -> str:
    """`text` with every control or reordering character replaced by a visible stand-in."""
    return CONTROL_RE.sub(_visible, text) if CONTROL_RE.search(text) else text


def control_characters(text: str) -> list[str]:
    """The control characters in `text`, named as U+XXXX, in order of first appearance."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in CONTROL_RE.findall(text)))
