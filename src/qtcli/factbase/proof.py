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
    return o.unit in proof_units(o)


def proof_units(o: Observation) -> set[str]:
    """The units under which the reader reads this value and qualifier in its printed form or
    quotes: `o` is proven when its unit is one of them. (The index reads them while it
    compiles a file, before it knows the units observations take from their metrics.)"""
    texts = [o.printed] if o.printed else []
    units: set[str] = set()
    for text in (*texts, o.quote, *o.also_quoted):
        for q in values(text):
            ends = [(q.value, q.qualifier)] + ([(q.high, "at_most")] if q.high is not None else [])
            if q.unit not in units and any(
                _same(float(v), float(o.value)) and qualifier == o.qualifier
                for v, qualifier in ends
            ):
                units.add(q.unit)
    return units


def may_fail(o: Observation) -> tuple[bool, bool | None]:
    """What value_problems can say of `o` before its unit is known: (whether it has a problem
    whatever the unit, and the proof's outcome that would be a problem: True for a reading
    on a proven value, False for an unproven value with neither reading nor misprint, None
    when neither is)."""
    if o.qualifier not in QUALIFIERS:
        return False, None
    blank = o.reading is not None and not o.reading.strip()
    if o.reading is not None:
        return blank, True
    return False, None if o.misprint else False


def value_problems(o: Observation, is_proven: bool) -> list[str]:
    """What `qt check` says of `o`'s value, given whether its unit is among proof_units."""
    if o.qualifier not in QUALIFIERS:
        return []  # check_observations reports it; a proof would only repeat it
    label = f"observation of '{o.metric}' for '{o.subject}'"
    shown = f"{o.value} '{o.unit}' ({o.qualifier})"
    out = []
    if o.reading is not None and not o.reading.strip():
        out.append(f"{label}: 'reading' must say why the value is read so")
    if is_proven and o.reading is not None:
        out.append(
            f"{label}: {shown} is read from its printed form; drop 'reading', which is for interpretations"
        )
    elif not is_proven and o.reading is None and not o.misprint:
        out.append(
            f"{label}: {shown} is not what its printed form or quote says; "
            'correct it, or explain the interpretation with reading = "…"'
        )
    return out


def check_values(fb: FactBase) -> Iterator[Problem]:
    """Each value proven from its printed form, marked as a reading, or a kept misprint."""
    for o in fb.observations:
        if o.qualifier in QUALIFIERS:
            for message in value_problems(o, proven(o)):
                yield Problem(o.origin, message)
