"""Which observations disagree with each other.

Two observations conflict when they measure the same metric for the same
subject and the same year and period, as of the same date, but state a
different value, unit or qualifier. A count taken at two dates of one year
(1 provincial future factory before August 2022, 2 after) is a time series,
not a conflict: each records its `as_of`. Both stay in the fact base; the tool marks them so a reader sees
the disagreement rather than one silently chosen number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from qtcli.factbase.model import Observation


def conflict_key(o: Observation) -> tuple[str, str, int | None, str | None, str, str | None]:
    return (o.metric, o.subject, o.year, o.period, o.status, o.as_of)


def find_conflicts(observations: Iterable[Observation]) -> dict[str, list[str]]:
    """observation key → keys of the observations that disagree with it."""
    groups: dict[tuple[str, str, int | None, str | None, str, str | None], list[Observation]] = (
        defaultdict(list)
    )
    for o in observations:
        if o.year is not None or o.period is not None:
            groups[conflict_key(o)].append(o)
    conflicts: dict[str, list[str]] = {}
    for group in groups.values():
        if len({(o.value, o.unit, o.qualifier) for o in group}) < 2:
            continue
        for o in group:
            others = [
                x.key
                for x in group
                if (x.value, x.unit, x.qualifier) != (o.value, o.unit, o.qualifier)
            ]
            conflicts[o.key] = others
    return conflicts
