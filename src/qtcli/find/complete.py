"""Shell completion of entity names (`qt company 中<TAB>`), read from the index."""

from __future__ import annotations

from collections.abc import Iterator

from qtcli.index.normalize import fold
from qtcli.index.store import Store

LIMIT = 50


def names_starting(store: Store, kind: str, incomplete: str) -> Iterator[str]:
    """Names and aliases of `kind` whose folded form starts with what was typed so far."""
    key = fold(incomplete, store.t2s)
    for text in store.names_starting(key, kind, LIMIT):
        if text.startswith(incomplete) or not incomplete or fold(text).startswith(key):
            yield text
