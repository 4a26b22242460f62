"""Drafts awaiting review: records `qt draft` proposed, which a person accepts or rejects.

A record with `review = "pending"` is checked like any other by `qt check` (its
references, its quote against the article, its value against its printed form)
and listed as awaiting review, but lookups never see it: the loader keeps it in
`FactBase.drafts`, out of the index. A reviewer corrects it, or marks it
`review = "rejected"`, then runs `qt draft --accept FILE`, which removes the
rejected ones and the `review` mark from the rest (see qtcli.draft.accept).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from qtcli.errors import Problem
from qtcli.factbase.model import Draft, Entity, FactBase, Observation

REVIEWS = ("pending", "rejected")


def label(draft: Draft) -> str:
    record = draft.record
    if isinstance(record, Observation):
        return f"draft observation of '{record.metric}' for '{record.subject}'"
    if isinstance(record, Entity):
        return f"draft {record.kind} '{record.id}'"
    return f"draft fact about '{record.subject}'"


def with_drafts(fb: FactBase) -> FactBase:
    """The fact base as it would be with its pending drafts accepted (rejected ones gone)."""
    out = copy.copy(fb)  # every field, so a new one is never left behind
    out.entities = dict(fb.entities)
    out.observations, out.facts = list(fb.observations), list(fb.facts)
    for draft in fb.drafts:
        if draft.review != "pending":
            continue
        if isinstance(draft.record, Observation):
            out.observations.append(draft.record)
        elif isinstance(draft.record, Entity):
            out.entities.setdefault(draft.record.id, draft.record)
        else:
            out.facts.append(draft.record)
    return out


def check_drafts(fb: FactBase) -> Iterator[Problem]:
    """Each draft named, as awaiting review or rejected, with the command that settles it."""
    taken = {e.id: e.origin for e in fb.entities.values()}
    for draft in fb.drafts:
        where = draft.record.origin
        file = where.rsplit(":", 1)[0]
        if draft.review not in REVIEWS:
            yield Problem(
                where,
                f"{label(draft)}: review must be pending or rejected (an accepted record has no review)",
            )
        elif draft.review == "pending":
            yield Problem(
                where,
                f"{label(draft)}: awaiting review; correct or reject it, then run 'qt draft --accept {file}'",
            )
        else:
            yield Problem(where, f"{label(draft)}: rejected; 'qt draft --accept {file}' removes it")
        record = draft.record
        if isinstance(record, Entity):
            if record.id in taken:
                yield Problem(
                    where,
                    f"{label(draft)}: id '{record.id}' is taken (first defined at {taken[record.id]})",
                )
            else:
                taken[record.id] = where
