"""Shell completion of entity names (`qt company 中<TAB>`), read from the index."""

from __future__ import annotations

from collections.abc import Iterator

from qtcli.index.normalize import fold
from qtcli.index.store import Store

LIMIT = 50


def names_starting(store: Store, kind: str, incomplete: str) -> Iterator[str]:
    """Names and aliases of `kind` whose folded form starts with what was typed so far."""
    key = fold(incomplete, store.t2s)
    rows = store.conn.execute(
        "SELECT DISTINCT text FROM name_key INDEXED BY name_key_key WHERE space = ? AND form IN ('name', 'en', 'alias', 'id') "
        "AND key >= ? AND key < ? ORDER BY form = 'name' DESC, text LIMIT ?",
        (kind, key, key + "\U0010ffff", LIMIT),
    )
    for (text,) in rows:
        if text.startswith(incomplete) or not incomplete or fold(text).startswith(key):
            yield text
