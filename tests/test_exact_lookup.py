"""A name matched exactly, as written, settles a lookup without looking for it inside other
names (find/search.py, Matcher.find with best=True): the answer and the close runner-ups
shown beside it are the same as when every kind of match is looked for."""

from __future__ import annotations

from qtcli.factbase.model import ENTITY_KINDS
from qtcli.find.search import CLOSE, INEXACT_MAX, Matcher, read_query, split_found
from qtcli.index.store import Store


def _queries(store: Store) -> list[tuple[str, str]]:
    """Every name, English name, id and alias of the shipped entities, and each Chinese name
    with a character dropped (no longer exact: the full search runs either way)."""
    out = []
    for kind in ENTITY_KINDS:
        for e in store.entities_of(kind):
            names = [e.name.zh, e.name.en, e.id, *e.aliases]
            out += [(kind, n) for n in names] + [(kind, e.name.zh[:-1])]
    return out


def test_an_exact_name_settles_the_lookup_as_the_full_search_would(store: Store) -> None:
    matcher = Matcher(store)
    settled = 0
    for kind, text in _queries(store):
        query = read_query(text, store.t2s)
        quick = matcher.find(query, (kind,), best=True)
        full = matcher.find(query, (kind,))
        assert split_found(quick) == split_found(full), (kind, text)
        settled += len(quick) < len(full)
    assert settled > 40  # the shortcut was taken, not only allowed


def test_no_inexact_match_scores_near_an_exact_one(store: Store) -> None:
    """The bound the shortcut rests on, over every match the full search finds."""
    matcher = Matcher(store)
    scores: dict[str, list[float]] = {"prefix": [], "substring": [], "contains": []}
    for kind, text in _queries(store):
        for m in matcher.find(read_query(text, store.t2s), (kind,)):
            scores.get(m.how, []).append(m.score)
    assert all(scores.values()), {how: len(s) for how, s in scores.items()}
    assert max(max(s) for s in scores.values()) < INEXACT_MAX <= 100 - CLOSE
