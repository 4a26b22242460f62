"""Finding entities and metrics by any name a user may type, ranked and explained.

Stages, cheapest first: exact key (name, English name, id, alias, pinyin,
initials, suffix-stripped name), prefix, substring in either direction, then
fuzzy (RapidFuzz, imported only when the earlier stages did not settle it).
Every match says how it matched and scores 0–100; ties break on how, then on
the shorter name, then on id, so the same query always gives the same answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from .normalize import fold, has_cjk, strip_suffixes
from .records import record
from .store import Store

# Score of an exact hit by the form of key it hit.
EXACT_SCORES = {
    "name": 100.0,
    "en": 100.0,
    "id": 100.0,
    "alias": 98.0,
    "stripped": 97.0,
    "pinyin": 96.0,
    "initials": 92.0,
}
HOW_ORDER = (
    "name",
    "en",
    "id",
    "alias",
    "stripped",
    "pinyin",
    "initials",
    "prefix",
    "substring",
    "contains",
    "fuzzy",
    "words",
)
FOUND = 70.0  # below this a match is only a suggestion ("did you mean")
CLOSE = 8.0  # runner-ups within this many points of the best are shown beside it
SETTLED = 90.0  # at or above this, fuzzy matching is not needed


@record
class Match:
    id: str
    space: str  # region, park, company, org or metric
    score: float
    how: str  # name, en, id, alias, stripped, pinyin, initials, prefix, substring, contains, fuzzy, words
    text: str  # the name or alias that matched, as written

    def sort_key(self) -> tuple[float, int, int, str]:
        return (-self.score, HOW_ORDER.index(self.how), len(self.text), self.id)


def _short(key: str) -> bool:
    """Too short to use for partial matching (one Chinese character, or < 3 letters)."""
    return len(key) < (2 if has_cjk(key) else 3)


def _words(text: str) -> str:
    """Lower-case words of a text, punctuation as spaces: for token-based metric matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


class Matcher:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def query_keys(self, query: str) -> list[str]:
        key = fold(query, self.store.t2s)
        keys = [key] if key else []
        stripped = strip_suffixes(key)
        if stripped and stripped != key:
            keys.append(stripped)
        return keys

    def _in(self, spaces: Sequence[str]) -> str:
        return ",".join("?" * len(spaces))

    def exact(self, keys: Sequence[str], spaces: Sequence[str]) -> list[Match]:
        out = []
        for key in keys:
            rows = self.conn.execute(
                f"SELECT target, space, form, text, weight FROM name_key WHERE key = ? AND space IN ({self._in(spaces)})",
                (key, *spaces),
            )
            out += [Match(t, s, EXACT_SCORES[f] + w, f, text) for t, s, f, text, w in rows]
        return out

    def partial(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Prefix, substring and contains matches of a folded key."""
        if _short(key):
            return []
        marks = self._in(spaces)
        out = []
        rows = self.conn.execute(
            f"SELECT target, space, key, text, weight FROM name_key WHERE key > ? AND key < ? AND space IN ({marks})",
            (key, key + "\U0010ffff", *spaces),
        )
        out += [
            Match(t, s, 75 + 15 * len(key) / len(k) + w, "prefix", text)
            for t, s, k, text, w in rows
        ]
        rows = self.conn.execute(
            f"SELECT target, space, key, text, weight FROM name_key WHERE instr(key, ?) > 1 AND space IN ({marks})",
            (key, *spaces),
        )
        out += [
            Match(t, s, 65 + 20 * len(key) / len(k) + w, "substring", text)
            for t, s, k, text, w in rows
        ]
        rows = self.conn.execute(
            f"SELECT target, space, key, text, weight FROM name_key WHERE instr(?, key) > 0 AND key != ? "
            f"AND length(key) >= 2 AND space IN ({marks})",
            (key, key, *spaces),
        )
        out += [
            Match(t, s, 65 + 20 * len(k) / len(key) + w, "contains", text)
            for t, s, k, text, w in rows
            if not _short(k) and (has_cjk(k) or len(k) >= 4)
        ]
        return out

    def fuzzy(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Keys within one or two edits (a wrong, missing or extra letter or character)."""
        from rapidfuzz.distance import Levenshtein  # only when cheaper stages failed

        if len(key) < 3:
            return []
        cjk = has_cjk(key)
        allowed = 1 if cjk or len(key) < 8 else 2
        rows = self.conn.execute(
            f"SELECT target, space, key, text, weight FROM name_key WHERE space IN ({self._in(spaces)}) "
            f"AND length(key) BETWEEN ? AND ?",
            (*spaces, len(key) - allowed, len(key) + allowed),
        )
        out = []
        for target, space, k, text, weight in rows:
            if has_cjk(k) != cjk:
                continue
            distance = Levenshtein.distance(key, k, score_cutoff=allowed)
            if distance <= allowed:
                per_edit = 12.0 if cjk else 18.0 / max(1.0, len(key) / 6)
                out.append(Match(target, space, 88 - per_edit * distance + weight, "fuzzy", text))
        return out

    def words(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """Token overlap with names and aliases: 'municipal future factories being cultivated'."""
        from rapidfuzz import fuzz

        q = _words(query)
        if len(q) < 4:
            return []
        rows = self.conn.execute(
            f"SELECT target, space, text, weight FROM name_key WHERE space IN ({self._in(spaces)}) "
            f"AND form IN ('name', 'en', 'alias')",
            tuple(spaces),
        )
        out = []
        for target, space, text, weight in rows:
            score = fuzz.token_set_ratio(q, _words(text))
            if has_cjk(query) or has_cjk(text):
                score = max(score, fuzz.partial_ratio(fold(query), fold(text)) * 0.95)
            if score >= 60:
                out.append(Match(target, space, 0.9 * score + weight, "words", text))
        return out

    def find(self, query: str, spaces: Sequence[str], words: bool = False) -> list[Match]:
        """All matches of `query` in the given spaces, best first, one per target."""
        keys = self.query_keys(query)
        matches = self.exact(keys, spaces)
        for key in keys:
            matches += self.partial(key, spaces)
        if not matches or max(m.score for m in matches) < SETTLED:
            for key in keys[:1]:
                matches += self.fuzzy(key, spaces)
            if words:
                matches += self.words(query, spaces)
        return best_per_target(matches)


def best_per_target(matches: Iterable[Match]) -> list[Match]:
    best: dict[tuple[str, str], Match] = {}
    for m in sorted(matches, key=Match.sort_key):
        best.setdefault((m.space, m.id), m)
    return sorted(best.values(), key=Match.sort_key)


def split_found(matches: list[Match]) -> tuple[Match | None, list[Match]]:
    """The answer (if good enough) and the close runner-ups shown beside it."""
    if not matches or matches[0].score < FOUND:
        return None, []
    best = matches[0]
    close = [m for m in matches[1:] if m.score >= FOUND and best.score - m.score <= CLOSE]
    return best, close[:5]
