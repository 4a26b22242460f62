"""Finding entities and metrics by any name a user may type, ranked and explained.

Stages, cheapest first: exact key (name, English name, id, alias, pinyin,
initials, suffix-stripped name), prefix, substring in either direction, then
fuzzy (RapidFuzz, imported only when the earlier stages did not settle it).
Every match says how it matched and scores 0–100; ties break on how, then on
the shorter name, then on id, so the same query always gives the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Sized

from .normalize import fold, has_cjk, strip_places, strip_suffixes
from .records import record, replace
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
    "abbreviation",
    "mixed",
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
    how: str  # one of HOW_ORDER
    text: str  # the name or alias that matched, as written

    def sort_key(self) -> tuple[float, int, int, str]:
        return (-self.score, HOW_ORDER.index(self.how), len(self.text), self.id)


def _short(key: str) -> bool:
    """Too short to use for partial matching (one Chinese character, or < 3 letters)."""
    return len(key) < (2 if has_cjk(key) else 3)


class Matcher:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self._keys: int | None = None

    def query_keys(self, query: str) -> list[str]:
        """The folded query, then without corporate suffixes (…有限公司, Co., Ltd.)."""
        key = fold(query, self.store.t2s)
        keys = [key] if key else []
        stripped = strip_suffixes(key)
        if stripped and stripped not in keys:
            keys.append(stripped)
        return keys

    def _in(self, values: Sized) -> str:
        """Placeholders for an SQL `IN (...)` list of this many values."""
        return ",".join("?" * len(values))

    def exact(self, keys: Sequence[str], spaces: Sequence[str]) -> list[Match]:
        out = []
        for key in keys:
            rows = self.conn.execute(
                f"SELECT target, space, form, text, weight FROM name_key INDEXED BY name_key_key WHERE key = ? AND space IN ({self._in(spaces)})",
                (key, *spaces),
            )
            out += [Match(t, s, EXACT_SCORES[f] + w, f, text) for t, s, f, text, w in rows]
        return out

    def partial(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Names that start with, or hold, the query."""
        if _short(key):
            return []
        marks = self._in(spaces)
        out = []
        rows = self.conn.execute(
            f"SELECT target, space, key, text, weight FROM name_key INDEXED BY name_key_key WHERE key > ? AND key < ? AND space IN ({marks})",
            (key, key + "\U0010ffff", *spaces),
        )
        out += [
            Match(t, s, 75 + 15 * len(key) / len(k) + w, "prefix", text)
            for t, s, k, text, w in rows
        ]
        out += [
            Match(t, s, 55 + 30 * len(key) / len(k) + w, "substring", text)
            for t, s, k, text, w in self._holding(key, spaces)
            if k != key and not k.startswith(key)
        ]
        return out

    def _holding(self, key: str, spaces: Sequence[str]) -> list[tuple[str, str, str, str, float]]:
        """Keys that hold `key` somewhere. Three characters or more use the trigram index, so
        this stays fast with a hundred thousand entities; shorter keys scan, and only in a
        small fact base."""
        marks = self._in(spaces)
        if len(key) >= 3:
            return self._rows_holding([key], spaces)
        if self._key_count() > 50_000:
            return []
        return self.conn.execute(
            f"SELECT target, space, key, text, weight FROM name_key WHERE instr(key, ?) > 0 AND space IN ({marks})",
            (key, *spaces),
        ).fetchall()

    def _key_count(self) -> int:
        if self._keys is None:
            self._keys = int(self.store.meta("keys") or 0)
        return self._keys

    def contains(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Names found inside the query: '浙江零跑科技股份有限公司' contains 零跑."""
        if _short(key):
            return []
        # Every part of the query looked up exactly in the key index: no scan of all names.
        parts = sorted(
            {key[i:j] for i in range(len(key)) for j in range(i + 2, min(len(key), i + 40) + 1)}
            - {key}
        )
        rows: list[tuple[str, str, str, str, float]] = []
        marks = self._in(spaces)
        for start in range(0, len(parts), 400):
            chunk = parts[start : start + 400]
            rows += self.conn.execute(
                f"SELECT target, space, key, text, weight FROM name_key INDEXED BY name_key_key WHERE key IN ({self._in(chunk)}) "
                f"AND space IN ({marks})",
                (*chunk, *spaces),
            ).fetchall()
        out = []
        out += [
            # In a Chinese compound the name at the end is the head: 钱江经济开发区国际产业园
            # is the international park, not the zone.
            Match(
                t,
                s,
                65 + 20 * len(k) / len(key) + w + (6 if has_cjk(k) and key.endswith(k) else 0),
                "contains",
                text,
            )
            for t, s, k, text, w in rows
            if not _short(k)
            and (len(k) >= 3 if has_cjk(k) else len(k) >= 4)
            or (has_cjk(k) and 2 * len(k) >= len(key))
        ]
        return out

    def fuzzy(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Keys one typo away: a wrong, missing or extra letter (two in long Latin names);
        in Chinese, a homophone for any character, or any one character in a long name."""
        cjk = has_cjk(key)
        if len(key) < (2 if cjk else 3):
            return []
        allowed = 1 if cjk or len(key) < 8 else 2
        homophones: list[Match] = []
        if self._key_count() > 50_000:
            rows = self._typo_candidates(key, spaces, allowed)
            if cjk:
                homophones = self._homophones(key, spaces)
        else:
            rows = self.conn.execute(
                f"SELECT target, space, key, text, weight FROM name_key INDEXED BY name_key_length "
                f"WHERE space IN ({self._in(spaces)}) AND length(key) BETWEEN ? AND ?",
                (*spaces, len(key) - allowed, len(key) + allowed),
            ).fetchall()
        if cjk:
            return homophones + self._fuzzy_chinese(key, [r for r in rows if has_cjk(r[2])])
        from rapidfuzz.distance import OSA  # only when cheaper stages failed

        out = []
        per_edit = 18.0 / max(1.0, len(key) / 6)
        for target, space, k, text, weight in rows:
            if has_cjk(k):
                continue
            distance = OSA.distance(
                key, k, score_cutoff=allowed
            )  # a swap of two letters is one edit
            if distance <= allowed:
                out.append(Match(target, space, 90 - per_edit * distance + weight, "fuzzy", text))
        return out

    def _typo_candidates(
        self, key: str, spaces: Sequence[str], allowed: int
    ) -> list[tuple[str, str, str, str, float]]:
        """In a large fact base, typo candidates without reading every key: one typo leaves
        one half of the name intact, so keys holding either half (halves of three characters
        or more: shorter keys are too short to guess at among 100,000 names)."""
        half = len(key) // 2
        halves = [part for part in (key[:half], key[half:]) if len(part) >= 3]
        rows = self._rows_holding(halves, spaces, limit=5000)
        return [r for r in rows if abs(len(r[2]) - len(key)) <= allowed]

    def _homophones(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Chinese names read the same as the query (像 for 橡): their pinyin key is one of
        the query's readings, so an exact pinyin lookup finds them without a scan."""
        readings = self._readings(key)
        variants = {""}
        for char in key:
            variants = {v + r for v in variants for r in readings.get(char, [char])[:2]}
            if len(variants) > 16:
                variants = set(sorted(variants)[:16])
        found = self.exact(sorted(variants), spaces)
        base = 84 if len(key) > 2 else 78
        return [
            replace(m, score=base + m.score - EXACT_SCORES["pinyin"], how="fuzzy")
            for m in found
            if m.how == "pinyin"
        ]

    def _readings(self, chars: Iterable[str]) -> dict[str, list[str]]:
        """Readings of each character, commonest first."""
        wanted = sorted(set(chars))
        rows = self.conn.execute(
            f"SELECT char, pinyin FROM reading WHERE char IN ({','.join('?' * len(wanted))})",
            wanted,
        )
        return {char: pinyin.split() for char, pinyin in rows}

    def _fuzzy_chinese(self, key: str, rows: list[tuple[str, str, str, str, float]]) -> list[Match]:
        """One character off. A homophone (像 for 橡, 帮 for 邦) is the usual typing slip and is
        accepted in any name; another character only in names of 7+, where one character
        cannot make a different name (临安区 is a district, not a typo of 临平区)."""
        out = []
        pairs: list[tuple[tuple[str, str, str, str, float], str, str]] = []
        for row in rows:
            k = row[2]
            if len(k) == len(key):
                diff = [(a, b) for a, b in zip(key, k, strict=True) if a != b]
                if len(diff) == 1:
                    pairs.append((row, *diff[0]))
            elif abs(len(k) - len(key)) == 1 and min(len(k), len(key)) >= 4 and _one_gap(key, k):
                target, space, _, text, weight = row
                out.append(Match(target, space, 88 - 48 / len(k) + weight, "fuzzy", text))
        if pairs:
            readings = self._readings(c for _, a, b in pairs for c in (a, b))
            for (target, space, k, text, weight), a, b in pairs:
                if set(readings.get(a, ())) & set(readings.get(b, ())):
                    out.append(
                        Match(target, space, (84 if len(k) > 2 else 78) + weight, "fuzzy", text)
                    )
                elif len(k) >= 7:
                    out.append(Match(target, space, 88 - 48 / len(k) + weight, "fuzzy", text))
        return out

    def _mixed(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """'钱塘 Science City': the Chinese part read as pinyin, then matched as Latin."""
        folded = fold(query, self.store.t2s)
        readings = self._readings(c for c in folded if has_cjk(c))
        options = [readings.get(c, [c]) if has_cjk(c) else [c] for c in folded]
        variants = {""}
        for choices in options:
            variants = {v + c for v in variants for c in choices[:2]}
            if len(variants) > 16:
                variants = set(sorted(variants)[:16])
        out: list[Match] = []
        for variant in sorted(variants):
            found = (
                self.exact([variant], spaces)
                + self.partial(variant, spaces)
                + self.fuzzy(variant, spaces)
            )
            out += [Match(m.id, m.space, m.score - 4, "mixed", m.text) for m in found]
        return out + self._script_parts(query, spaces)

    def _script_parts(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """'葆元 Therapeutics', 'BYD汽车': a name in one script with a word in the other. Each
        script's part is matched alone; a part that fits many names (汽车, park) is a generic
        word, not a name, and is dropped. Not for metrics, whose names are all generic words
        (人均 of 人均GDP is not 人均产出)."""
        spaces = [s for s in spaces if s != "metric"]
        if not spaces:
            return []
        cjk = "".join(re.findall(r"[\u3400-\u9fff]+", query))
        latin = re.sub(r"[\u3400-\u9fff]+", " ", query)
        out: list[Match] = []
        for part in (fold(cjk, self.store.t2s), fold(latin, self.store.t2s)):
            if len(part) < (2 if has_cjk(part) else 3):
                continue
            found = self.exact([part], spaces) + self.partial(part, spaces)
            if 1 <= len({(m.space, m.id) for m in found}) <= 2:
                out += [Match(m.id, m.space, m.score - 8, "mixed", m.text) for m in found]
        return out

    def expansion(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """A name whose characters all appear, in order, in a longer query: the full form
        中国(浙江)自由贸易试验区杭州片区钱塘区块 holds 自贸试验区钱塘区块."""
        if len(key) < 8 or not has_cjk(key):
            return []
        rows = self.conn.execute(
            f"SELECT target, space, key, text, weight FROM name_key WHERE space IN ({self._in(spaces)}) "
            f"AND length(key) >= 6 AND length(key) < ?",
            (*spaces, len(key)),
        )
        return [
            Match(target, space, 68 + 15 * len(k) / len(key) + weight, "abbreviation", text)
            for target, space, k, text, weight in rows
            if has_cjk(k) and 3 * len(k) >= len(key) and _in_order(k, key)
        ]

    def abbreviation(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Chinese short forms keep the first character and drop some others, in order:
        钱江经开区 for 钱江经济开发区, 杭州电子科大 for 杭州电子科技大学."""
        if len(key) < 3 or not has_cjk(key):
            return []
        rows = self.conn.execute(
            f"SELECT target, space, key, text, weight FROM name_key INDEXED BY name_key_key WHERE key > ? AND key < ? "
            f"AND length(key) > ? AND length(key) <= ? AND space IN ({self._in(spaces)})",
            (key[0], key[0] + "\U0010ffff", len(key), int(len(key) * 2.5), *spaces),
        )
        return [
            Match(target, space, 68 + 20 * len(key) / len(k) + weight, "abbreviation", text)
            for target, space, k, text, weight in rows
            if _in_order(key, k)
        ]

    def words(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """Shared words with names and aliases: 'how many PhDs were placed in companies'."""
        from .vocabulary import similarity, tokens

        asked = tokens(query)
        if not asked:
            return []
        if self._key_count() > 50_000:
            rows = self._word_candidates(query, spaces)
        else:
            rows = self.conn.execute(
                f"SELECT target, space, text, weight FROM name_key WHERE space IN ({self._in(spaces)}) "
                f"AND form IN ('name', 'en', 'alias')",
                tuple(spaces),
            ).fetchall()
        out = []
        for target, space, text, weight in rows:
            score = 90 * similarity(asked, tokens(text))
            if score >= 50:
                out.append(Match(target, space, score + weight, "words", text))
        return out

    def _word_candidates(
        self, query: str, spaces: Sequence[str]
    ) -> list[tuple[str, str, str, float]]:
        """In a large fact base, only names that hold a piece of one of the query's words
        (the trigram index finds them), not every name."""
        pieces = {w[:5] for w in re.findall(r"[a-z0-9]{4,}", fold(query, self.store.t2s))}
        for run in re.findall(r"[\u3400-\u9fff]{3,}", query):
            pieces.update(run[i : i + 3] for i in range(len(run) - 2))
        rows = self._rows_holding(
            sorted(pieces)[:24], spaces, limit=2000, forms=("name", "en", "alias")
        )
        return [(target, space, text, weight) for target, space, _, text, weight in rows]

    def _rows_holding(
        self,
        pieces: Iterable[str],
        spaces: Sequence[str],
        limit: int | None = None,
        forms: Sequence[str] = (),
    ) -> list[tuple[str, str, str, str, float]]:
        """Name keys that hold any of `pieces` (three characters or more), through the
        trigram index: fast with a hundred thousand entities. Two steps, rowids first:
        in one query SQLite plans a scan of every name of the kind."""
        rowids: set[int] = set()
        cap = f" LIMIT {int(limit)}" if limit else ""
        for piece in pieces:
            phrase = '"' + piece.replace('"', '""') + '"'
            found = self.conn.execute(
                f"SELECT rowid FROM key_fts WHERE key_fts MATCH ?{cap}", (phrase,)
            )
            rowids.update(r for (r,) in found)
        ordered = sorted(rowids)
        form_filter = f" AND form IN ({self._in(forms)})" if forms else ""
        rows: list[tuple[str, str, str, str, float]] = []
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            rows += self.conn.execute(
                f"SELECT target, space, key, text, weight FROM name_key "
                f"WHERE rowid IN ({self._in(chunk)}){form_filter}",
                [*chunk, *forms],
            ).fetchall()
        return [r for r in rows if r[1] in spaces]  # filtered here: in SQL it costs a scan

    def find(self, query: str, spaces: Sequence[str], words: bool = False) -> list[Match]:
        """All matches of `query` in the given spaces, best first, one per target."""
        keys = self.query_keys(query)
        matches = self.exact(keys, spaces)
        for key in keys:
            matches += self.partial(key, spaces)
        # A legal name wraps the brand in place words: 杭州中欣晶圆半导体… contains 中欣晶圆.
        brand = strip_places(keys[-1]) if keys else ""
        for key in dict.fromkeys([*keys, brand]):
            matches += self.contains(key, spaces)
        if not matches or max(m.score for m in matches) < SETTLED:
            for key in keys[:1]:
                matches += self.fuzzy(key, spaces)
                matches += self.abbreviation(key, spaces)
                matches += self.expansion(key, spaces)
            if has_cjk(query) and re.search(r"[A-Za-z]{2}", query):
                matches += self._mixed(query, spaces)
            if words:
                matches += self.words(query, spaces)
        return best_per_target(matches)


def _in_order(short: str, long: str) -> bool:
    """Every character of `short` appears in `long`, in the same order."""
    rest = iter(long)
    return all(char in rest for char in short)


def _one_gap(a: str, b: str) -> bool:
    """`a` and `b` differ by one inserted or deleted character."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long)):
        if long[:i] + long[i + 1 :] == short:
            return True
    return False


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
