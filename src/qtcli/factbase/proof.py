"""Every stored value proven from the words it was read from, or marked as a reading.

An observation's value, unit and qualifier must be what the number reader
(numbers.py) reads from its `printed` form or its quote: 近5亿元 proves
5 '亿元' nearly, 千余家 proves 1000 '家' over, 全省第二 proves 2 '位'. A value that
interpretation produced instead (两位数增长 → at least 10 %, 全覆盖 → 100 %, 持续
领跑全省 → rank 1) carries `reading = "…why…"`, and a misprint keeps what was
printed (`misprint = true`). `qt check` reports any value that is neither, and any
`reading` on a value the reader proves (the mark would hide a real number).
"""

from __future__ import annotations

from collections.abc import Iterator

from qtcli.errors import Problem
from qtcli.factbase.model import QUALIFIERS, FactBase, Observation
from qtcli.factbase.numbers import values


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def proven(o: Observation) -> bool:
    """True if the reader reads this value, unit and qualifier in its printed form or quotes."""
    texts = [o.printed] if o.printed else []
    for text in (*texts, o.quote, *o.also_quoted):
        for q in values(text):
            ends = [(q.value, q.qualifier)] + ([(q.high, "at_most")] if q.high is not None else [])
            if q.unit == o.unit and any(
                _same(float(v), float(o.value)) and qualifier == o.qualifier
                for v, qualifier in ends
            ):
                return True
    return False


def check_values(fb: FactBase) -> Iterator[Problem]:
    """Each value proven from its printed form, marked as a reading, or a kept misprint."""
    for o in fb.observations:
        if o.qualifier not in QUALIFIERS:
            continue  # check_observations reports it; a proof would only repeat it
        label = f"observation of '{o.metric}' for '{o.subject}'"
        shown = f"{o.value} '{o.unit}' ({o.qualifier})"
        if o.reading is not None and not o.reading.strip():
            yield Problem(o.origin, f"{label}: 'reading' must say why the value is read so")
        is_proven = proven(o)
        if is_proven and o.reading is not None:
            yield Problem(
                o.origin,
                f"{label}: {shown} is read from its printed form; drop 'reading', which is for interpretations",
            )
        elif not is_proven and o.reading is None and not o.misprint:
            yield Problem(
                o.origin,
                f"{label}: {shown} is not what its printed form or quote says; "
                'correct it, or explain the interpretation with reading = "…"',
            )
