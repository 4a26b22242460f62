"""Which metric a free-text phrase or question asks for.

Shared by `qt metric` (after the name matcher) and `qt ask`. Scores are 0–100
and up: how well the text's words cover a metric's names (rare words weigh
more), plus or minus what the text says about the kind of figure wanted (a
rank, a growth rate, a share, a change; within the city or the province), the
measure asked for (a wage is not a headcount), the industry (aerospace is not
integrated circuits), what a 'how many' question counts, and whether the metric
is recorded for the place the text names (`held`).
"""

from __future__ import annotations

import math
import weakref
from collections import Counter

from qtcli.factbase.model import Metric
from qtcli.find.vocabulary import (
    FIRM_WORDS,
    asked_noun,
    asked_unit,
    coverage,
    cue_adjustment,
    cues,
    level_conflict,
    level_unasked,
    matched_measures,
    missing_measures,
    only_reference,
    reference_tokens,
    scope,
    scope_adjustment,
    sector_conflict,
    sector_unasked,
    sector_unnamed,
    tokens,
    unit_group,
    weighted,
    without_levels,
)
from qtcli.index.store import Store

_WEIGHTS: weakref.WeakKeyDictionary[
    Store, tuple[dict[str, list[tuple[str, Counter[str]]]], dict[str, float]]
] = weakref.WeakKeyDictionary()


def metric_weights(
    store: Store,
) -> tuple[dict[str, list[tuple[str, Counter[str]]]], dict[str, float]]:
    """Each metric's names as token counts, and each token's weight: rarer among metrics,
    heavier. Computed once per open store: `qt ask` reads a question up to three ways."""
    if store not in _WEIGHTS:
        _WEIGHTS[store] = _metric_weights(store)
    return _WEIGHTS[store]


def _metric_weights(
    store: Store,
) -> tuple[dict[str, list[tuple[str, Counter[str]]]], dict[str, float]]:
    names: dict[str, list[tuple[str, Counter[str]]]] = {}
    for target, text in sorted({(r[0], r[3]) for r in store.names(("metric",))}):
        names.setdefault(target, []).append((text, tokens(without_levels(text))))
    df: Counter[str] = Counter()
    for entries in names.values():
        df.update({t for _, c in entries for t in c})
    total = max(1, len(names))
    weight = {t: 1.0 + math.log(total / n) for t, n in df.items()}
    return names, weight


def metric_scores(
    store: Store,
    text: str,
    full: str,
    held: dict[str, float],
    beta: float = 1.5,
    floor: float = 0.0,
) -> list[tuple[float, Metric]]:
    """Metrics by how well the question's words cover their names (rare words weigh more),
    adjusted for what kind of figure is asked (rank, growth, share, change), the scope of a
    rank, measures or industries the metric does not cover, and for metrics recorded for the
    entities the question names (`held`: metric id → bonus)."""
    stripped, whole = tokens(without_levels(text)), tokens(without_levels(full))
    if not stripped and not whole:
        return []
    wanted, scopes, counted = cues(full), scope(full), asked_noun(full, text)
    unit_asked = asked_unit(full)
    names, weight = metric_weights(store)
    best: dict[str, float] = {}
    for target, entries in names.items():
        for name, counts in entries:
            refs = reference_tokens(name)
            usable = [q for q in (stripped, whole) if not only_reference(q, counts, refs)]
            score = 100 * max(
                (weighted(q, counts, weight, beta, floor) for q in usable), default=0.0
            )
            best[target] = max(best.get(target, 0.0), score)
    metrics = store.metrics([i for i, v in best.items() if v > 20 or i in held])
    ranked = []
    for m in metrics.values():
        if not _kind_fits(m.kind, wanted):
            continue
        every = " ".join([m.name.zh, m.name.en, *m.aliases])
        defined = m.definition.zh + " " + m.definition.en
        defined_tokens = tokens(defined)
        definition = (
            0.0
            if only_reference(stripped, defined_tokens, reference_tokens(defined))
            else 85 * weighted(stripped, defined_tokens, weight, beta, floor)
        )
        score = max(best.get(m.id, 0.0), definition) + held.get(m.id, 0.0)
        score += cue_adjustment(wanted, m.kind) + scope_adjustment(
            scopes, m.name.zh + " " + m.name.en, m.kind
        )
        described = every + " " + m.definition.zh + " " + m.definition.en
        if missing_measures(text, described) or sector_conflict(text, every):
            continue  # it asks for a wage, a revenue, another industry… that this metric is not
        if level_conflict(full, every):
            continue  # municipal, not provincial
        score += 15 * min(1, matched_measures(text, every))
        score -= 10 if sector_unnamed(text, every) else 0
        score -= 10 if sector_unasked(full, every) else 0
        score -= 10 if level_unasked(full, m.name.zh + " " + m.name.en) else 0
        if unit_asked is not None and unit_group(m.unit) is not None:
            # '多少亩' is an area, not a count of parcels; 'how many firms' is not an amount
            score += 6 if unit_group(m.unit) == unit_asked else -10
        if counted:  # what a 'how many' question counts should be what the metric counts
            fit = max(coverage(counted, c) for _, c in names.get(m.id, [("", Counter())]))
            score += 25 * fit - 10 * (1 - fit)
            if fit < 0.5 and _counts_firms(full) and not _counts_firms(every):
                continue  # '多少家企业' is not answered by a count of teachers and students
        score += _magnitude(full, m.kind)
        ranked.append((score, m))
    ranked.sort(key=lambda p: (-p[0], p[1].id))
    return ranked


def _counts_firms(text: str) -> bool:
    folded = text.casefold()
    return any(w in folded for w in FIRM_WORDS)


def _magnitude(question: str, kind: str) -> float:
    """'how much' asks for an amount, 'how many' for a count."""
    lowered = question.casefold()
    if "how much" in lowered or "多少钱" in question or "金额" in question:
        return 6.0 if kind == "amount" else -6.0 if kind == "count" else 0.0
    if "how many" in lowered:
        return 4.0 if kind == "count" else 0.0
    return 0.0


def _kind_fits(kind: str, wanted: set[str]) -> bool:
    """A growth rate answers only a question about growth, a rank only one about rank; a
    question about a rank or a share is answered only by that kind of figure."""
    if kind in ("growth", "rank") and kind not in wanted:
        return False
    if "rank" in wanted:
        return kind == "rank"  # a rank by a share ('rank by R&D as a share of GDP') is a rank
    if "share" in wanted and kind not in ("share", "change"):
        return False
    return True
