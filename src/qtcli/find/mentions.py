"""Entities a text names: found among its units by the name index, longest names first.

Used by `qt ask` to read a question and by `qt metric` to set the places in a
typed name apart ('研发强度在杭州排名': Hangzhou is the field of the rank, not a
word of the metric's name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qtcli.factbase.lexicon import Unit, one_slip
from qtcli.factbase.model import Entity
from qtcli.index.store import Store
from qtcli.records import record

ENTITY_SPACES = ("region", "park", "company", "org")
# A region's government, as a tier of titles and as the field of a rank.
TIER_OF_LEVEL = {
    "city": ("municipal", "city"),
    "province": ("provincial", "province"),
    "country": ("national", "nation"),
}


@record
class Mention:
    entity: Entity
    text: str  # the name as written in the fact base
    first: int  # unit positions
    last: int
    context: bool = False  # one of a list of examples, not what is asked about


def capitals(text: str) -> frozenset[str]:
    """The words of three letters or more written in capitals ('QEDZ', 'MIIT'), folded."""
    return frozenset(w.casefold() for w in CAPITALS.findall(text))


CAPITALS = re.compile(r"(?<![A-Za-z])[A-Z]{3,}(?![A-Za-z])")


def mentions(
    store: Store, found: Sequence[Unit], written: frozenset[str] = frozenset()
) -> list[Mention]:
    """Entities named in the units, longest names first, none overlapping. Chinese names
    match any run of characters; Latin names whole words (pinyin names six letters at least:
    'Zhongce' names 中策, 'ce' nothing); a Latin run made only of the lexicon's words is not a
    name ('industrial investment' is not Hangzhou Industrial Investment Group). An acronym
    of an English name names its record only where it was `written` in capitals (see
    capitals: 'QEDZ' is the Qianjiang zone; 'vim' or 'mem' in lower case may be a word)."""
    longest = store.longest_key(ENTITY_SPACES)
    spans: dict[str, tuple[int, int]] = {}
    for i in range(len(found)):
        key = ""
        for j in range(i, len(found)):
            key += found[j].text
            if len(key) > longest:
                break
            if len(key) >= 2:
                spans.setdefault(key, (i, j + 1))
    forms = ("name", "en", "alias", "stripped", "pinyin", *(("acronym",) if written else ()))
    rows = store.keys_among(sorted(spans), ENTITY_SPACES, forms)
    rows = [r for r in rows if r[5] != "acronym" or r[2] in written]
    words = {i for h in store.lexicon.find(found) for i in range(h.first, h.last)}
    hits = []
    for target, _, key, name, _, form in rows:
        first, last = spans[key]
        latin = not any(u.cjk for u in found[first:last])
        if latin and len(key) < (6 if form == "pinyin" else 3):
            continue
        if latin and form not in ("name", "en") and all(i in words for i in range(first, last)):
            continue
        hits.append((first, last, target, name))
    hits.sort(key=lambda h: (-(found[h[1] - 1].end - found[h[0]].start), h[0], h[2]))
    taken: set[int] = set()
    chosen: list[tuple[int, int, str, str]] = []
    for first, last, target, name in hits:
        span = set(range(first, last))
        if span & taken:
            continue
        taken |= span
        chosen.append((first, last, target, name))  # a name written twice is read twice
    chosen = [_slipped_longer(store, found, c, taken, words) for c in chosen]
    entities = store.entities(t for _, _, t, _ in chosen)
    out = [Mention(entities[t], n, f, la) for f, la, t, n in chosen if t in entities]
    out = [_described(store, m, found, taken) for m in out]
    return sorted(out, key=lambda m: m.first)


def _slipped_longer(
    store: Store,
    found: Sequence[Unit],
    hit: tuple[int, int, str, str],
    taken: set[int],
    words: set[int],
) -> tuple[int, int, str, str]:
    """A name found exactly, and right after it the rest of a longer name typed with one
    slip: 'Panasonic Moter' is Panasonic Motor (Hangzhou), not Panasonic; '松下马打' is
    松下马达. The words after it must be no word the lexicon reads and no other name's, and
    the longer name one typo away from them all (see Matcher.fuzzy); the shorter name is
    kept otherwise."""
    from qtcli.find.search import FOUND, Matcher

    first, last, target, name = hit
    for more in (1, 2):
        end = last + more
        if end > len(found) or any(i in taken or i in words for i in range(last, end)):
            break
        rest = found[last:end]
        if any(u.text.isdigit() for u in rest) or {u.cjk for u in rest} != {found[last - 1].cjk}:
            break
        key = "".join(u.text for u in found[first:end])
        typed = [u.text for u in found[first:end]]
        matches = [
            m
            for m in Matcher(store).fuzzy(key, ENTITY_SPACES)
            if m.id != target
            and m.score >= FOUND
            and (rest[0].cjk or _one_word_slipped(typed, m.text))
        ]
        if matches:
            best = max(matches, key=lambda m: m.score)
            taken.update(range(last, end))
            return first, end, best.id, best.text
    return hit


def _one_word_slipped(typed: list[str], name: str) -> bool:
    """Whether the words of a name are the words typed, word for word, but one typed with a
    slip ('panasonic moter' for Panasonic Motor; not 'hangzhou want' for the pinyin
    'Hangzhouwan')."""
    words = re.findall(r"[a-z0-9]+", name.casefold())
    if len(words) != len(typed):
        return False
    slips = [(a, b) for a, b in zip(typed, words, strict=True) if a != b]
    return len(slips) == 1 and one_slip(*slips[0])


def _described(store: Store, m: Mention, found: Sequence[Unit], taken: set[int]) -> Mention:
    """'What does CNP pumps make?': English words right after a name that its record's sector
    or focus industries say ('pumps') describe what it names, as in a typed name
    (search.described): they belong to the mention, not to what the question asks about."""
    from qtcli.factbase.lexicon import read_text

    held = sector_terms(store, m.entity)
    if not held or found[m.last - 1].cjk:
        return m
    last = m.last
    while last < len(found) and last not in taken and not found[last].cjk:
        terms = set(read_text(store.lexicon, found[last].text).terms)
        if not terms or not terms <= held:
            break
        last += 1
    return Mention(m.entity, m.text, m.first, last, m.context) if last != m.last else m


def sector_terms(store: Store, entity: Entity) -> set[str]:
    """The terms of what a record's sector and focus industries say in English ('pumps',
    'passenger cars'): words that describe it after its name."""
    from qtcli.factbase.lexicon import read_text

    said = " ".join([entity.sector.en if entity.sector else "", *(t.en for t in entity.focus)])
    return set(read_text(store.lexicon, said).terms) if said.strip() else set()


def implied_by_governments(
    named: Sequence[Mention], subject: Entity | None, ancestors: set[str] | None
) -> dict[str, frozenset[str]]:
    """Facets a text says by naming a government rather than in words: a list or a rank of
    杭州市 (a city the subject lies in) is municipal, within the city. With no subject, any
    city or province named says so."""
    out: dict[str, set[str]] = {}
    for m in named:
        e = m.entity
        if subject is not None and (e.id == subject.id or e.id not in (ancestors or set())):
            continue
        level = TIER_OF_LEVEL.get(e.level or "") if e.kind == "region" else None
        if level:
            out.setdefault("tier", set()).add(level[0])
            out.setdefault("among", set()).add(level[1])
    return {d: frozenset(v) for d, v in out.items()}
