"""Shell completion of what a user types: names, metric names and ids, places, years,
source ids, sectors and the keys `qt show` takes, read from the index through the store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from qtcli.index.normalize import fold
from qtcli.index.store import Store

LIMIT = 50


def names_starting(store: Store, kind: str, incomplete: str) -> Iterator[str]:
    """Names and aliases of `kind` (an entity kind or 'metric'; for a metric, its id too)
    whose folded form starts with what was typed so far: `qt metric 研发<TAB>`, `rd<TAB>`."""
    key = fold(incomplete, store.t2s)
    for text in store.names_starting(key, kind, LIMIT):
        if text.startswith(incomplete) or not incomplete or fold(text).startswith(key):
            yield text


def places_starting(store: Store, kinds: Sequence[str], incomplete: str) -> list[str]:
    """Names of places of these kinds (--region: regions, then parks), without repeats."""
    found: dict[str, None] = {}
    for kind in kinds:
        found.update(dict.fromkeys(names_starting(store, kind, incomplete)))
    return list(found)[:LIMIT]


def years(store: Store, metric: str | None, incomplete: str) -> list[str]:
    """The years figures are held for: of the metric already typed when its id or a name
    names one exactly (`qt metric rd-intensity --year <TAB>`), else of any metric."""
    metric_id = _metric_named(store, metric) if metric else None
    return [str(y) for y in store.years_held(metric_id) if str(y).startswith(incomplete)]


def _metric_named(store: Store, text: str) -> str | None:
    if store.metric(text) is not None:
        return text
    targets = {row[0] for row in store.keys_equal(fold(text, store.t2s), ["metric"])}
    return targets.pop() if len(targets) == 1 else None


def source_ids(store: Store, incomplete: str) -> list[str]:
    return [id for id in store.sources() if id.startswith(incomplete)]


def sectors_starting(store: Store, kind: str, incomplete: str) -> list[str]:
    """Sectors (companies) or focus industries (parks) as written, Chinese and English."""
    return store.sectors(kind, incomplete, LIMIT)


def keys_starting(store: Store, incomplete: str) -> list[str]:
    """Every id or key an output shows (entities, metrics, sources, facts, observations)."""
    return store.keys_starting(incomplete, LIMIT)
