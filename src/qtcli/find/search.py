"""Finding entities and metrics by any name a user may type, ranked and explained.

Stages, cheapest first: exact key (name, English name, id, alias, pinyin,
initials, suffix-stripped name), prefix, substring in either direction, then
fuzzy (RapidFuzz, imported only when the earlier stages did not settle it).
Every match says how it matched and scores 0–100; ties break on how, then on
the shorter name, then on id, so the same query always gives the same answer.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from qtcli.index.normalize import (
    CORPORATE_SUFFIXES,
    PLACE_WORDS,
    fold,
    has_cjk,
    latin_words,
    strip_places,
    strip_suffixes,
)
from qtcli.index.store import NAME_FORMS, KeyRow, Store
from qtcli.records import record, replace

# Score of an exact hit by the form of key it hit.
EXACT_SCORES = {
    "name": 100.0,
    "en": 100.0,
    "id": 100.0,
    "alias": 98.0,
    "stripped": 97.0,
    "pinyin": 96.0,
    "initials": 92.0,
    "acronym": 92.0,
}
HOW_ORDER = (
    "name",
    "en",
    "id",
    "alias",
    "stripped",
    "pinyin",
    "initials",
    "acronym",
    "prefix",
    "substring",
    "contains",
    "abbreviation",
    "described",
    "mixed",
    "homophone",
    "fuzzy",
    "words",
    "quote",
    "question",
)
# The lexicon's entries whose Chinese words say a kind of record (firm, park, organisation).
KIND_ENTRIES = {"firm": "company", "entity=park": "park", "entity=org": "org"}
_KNOWN: WeakKeyDictionary[Store, dict[str, Any]] = WeakKeyDictionary()  # see Matcher
KINDS = ("company", "park", "org")
KINDS_AND_PLACES = (*KINDS, "region")
FOUND = 70.0  # below this a match is only a suggestion ("did you mean")
CLOSE = 8.0  # runner-ups within this many points of the best are shown beside it
SETTLED = 90.0  # at or above this, fuzzy matching is not needed
# No prefix, substring or contained name scores this much (Matcher.partial, Matcher.contains:
# at most 75 + 15, 55 + 30 and 65 + 20 + 6 points, below their limits, and a weight below 1).
INEXACT_MAX = 92.0


@record
class Match:
    id: str
    space: str  # region, park, company, org or metric
    score: float
    how: str  # one of HOW_ORDER
    text: str  # the name or alias that matched, as written

    def sort_key(self) -> tuple[float, int, int, str]:
        return (-self.score, HOW_ORDER.index(self.how), len(self.text), self.id)


# Words a legal or long name wraps around a brand without naming anything else:
# 杭州中欣晶圆半导体股份有限公司 is 中欣晶圆; 紫光展锐 is not 紫光 (展锐 is a name).
WRAPPER_WORDS = (
    "科技",
    "技术",
    "半导体",
    "电子",
    "新材料",
    "材料",
    "生物",
    "医药",
    "制药",
    "药业",
    "汽车",
    "电机",
    "机械",
    "智能",
    "信息",
    "网络",
    "数据",
    "实业",
    "控股",
    "股份",
    "有限",
    "责任",
    "工业",
    "制造",
    "装备",
    "新能源",
    "能源",
    "发展",
    "投资",
    "工厂",
    "基地",
    "项目",
    "中心",
    "分公司",
    "电器",
    "产业",
    "环保",
    "仪表",
    "计算",
)


# Latin words a legal name adds around a brand ('Zhongce Rubber Group Co., Ltd.').
LATIN_WRAPPERS = (
    "hangzhou",
    "zhejiang",
    "china",
    "group",
    "company",
    "corporation",
    "corp",
    "limited",
    "ltd",
    "inc",
    "co",
    "holdings",
    "holding",
    "technology",
    "technologies",
    "tech",
    "the",
    "of",
    "and",
    # industry and place words that legal and long names carry
    "automobile",
    "automotive",
    "auto",
    "motors",
    "motor",
    "electronics",
    "electronic",
    "materials",
    "material",
    "pharmaceutical",
    "biotech",
    "semiconductor",
    "manufacturing",
    "industrial",
    "industries",
    "industry",
    "intelligent",
    "smart",
    "equipment",
    "energy",
    "new",
    "high",
    "hi",
    "zone",
    "park",
    "district",
    "development",
    "economic",
)


def _short(key: str) -> bool:
    """Too short to use for partial matching (one Chinese character, or < 3 letters)."""
    return len(key) < (2 if has_cjk(key) else 3)


@record
class Query:
    """A query as typed, folded once where it enters and carried in that form."""

    text: str  # as typed (cleaned)
    keys: tuple[str, ...]  # the folded text, then without corporate suffixes
    brand: str  # the last key without place words: 杭州中欣晶圆 → 中欣晶圆

    @property
    def key(self) -> str:
        return self.keys[0] if self.keys else ""


def read_query(text: str, t2s: Mapping[str, str]) -> Query:
    key = fold(text, t2s)
    keys = [key] if key else []
    stripped = strip_suffixes(key)
    if stripped and stripped not in keys:
        keys.append(stripped)
    return Query(text, tuple(keys), strip_places(keys[-1]) if keys else "")


class Matcher:
    """Scores names against a query. All it reads comes through the store's name-key
    methods, so a fake store with those methods can test the scoring alone."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # What the fact base's names and lexicon give, worked out when first asked and kept
        # with the store: a batch of lookups makes a Matcher a line (at 100k entities the
        # kind words alone were a seventh of each exact lookup).
        known = _KNOWN.get(store)
        if known is None:
            known = _KNOWN[store] = {}
        self._known: dict[str, Any] = known

    def exact(self, keys: Sequence[str], spaces: Sequence[str]) -> list[Match]:
        out = []
        for key in keys:
            rows = self.store.keys_equal(key, spaces)
            out += [Match(t, s, EXACT_SCORES[f] + w, f, text) for t, s, f, text, w in rows]
        return out

    def partial(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Names that start with, or hold, the query."""
        if _short(key):
            return []
        out = []
        rows = self.store.keys_with_prefix(key, spaces)
        out += [
            Match(t, s, 75 + 15 * len(key) / len(k) + w, "prefix", text)
            for t, s, k, text, w in rows
        ]
        out += [
            Match(t, s, 55 + 30 * len(key) / len(k) + w, "substring", text)
            for t, s, k, text, w in self.store.keys_containing(key, spaces)
            if k != key and not k.startswith(key)
        ]
        return out

    def contains(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Names found inside the query: '浙江零跑科技股份有限公司' contains 零跑."""
        if _short(key):
            return []
        # Every part of the query looked up exactly in the key index: no scan of all names.
        parts = sorted(
            {key[i:j] for i in range(len(key)) for j in range(i + 2, min(len(key), i + 40) + 1)}
            - {key}
        )
        rows = [r[:5] for r in self.store.keys_among(parts, spaces)]
        out = []
        out += [
            # In a Chinese compound the name at the end is the head: 钱江经济开发区国际产业园
            # is the international park, not the zone.
            Match(
                t,
                s,
                65
                + 20 * len(k) / len(key)
                + w
                + (6 if has_cjk(k) and key.endswith(k) else 0)
                - (0 if self._wrapped_only(key, k, s) else 20),
                "contains",
                text,
            )
            for t, s, k, text, w in rows
            if (
                not _short(k)
                and (len(k) >= 3 if has_cjk(k) else len(k) >= 4)
                or (has_cjk(k) and 2 * len(k) >= len(key))
            )
            and not self._another_kind(key, k, s)
        ]
        return [m for m in out if not self._contradicts(key, m) and self._placed(key, m)]

    def _placed(self, key: str, match: Match) -> bool:
        """What comes before a park's or place's name found inside a Chinese query must say
        where it is: a place that holds it (杭州综保区) or words of its own names. Any other
        word names another one: 上海自贸区 and 宁波综保区 are not the ones held, and the
        articles never say where 下沙 is."""
        if match.space not in PLACES or not has_cjk(key):
            return True
        name = fold(match.text, self.store.t2s)
        at = key.find(name)
        before = key[:at] if at > 0 else ""
        if not any(has_cjk(c) for c in before):
            return True
        holders = self.store.entities({match.id, *self.store.ancestors(match.id)})
        names = {fold(n, self.store.t2s) for e in holders.values() for n in (e.name.zh, *e.aliases)}
        for words in sorted(names | {strip_suffixes(n) for n in names}, key=len, reverse=True):
            if words and has_cjk(words):
                before = before.replace(words, " ")
        return sum(1 for c in before if has_cjk(c)) == 0

    def _another_kind(self, key: str, name: str, space: str) -> bool:
        """The rest of the query around a name it holds says it is another kind of thing:
        吉利汽车研究院 holds 吉利, but a research institute is no firm (the lexicon's words for
        firms, parks and organisations; a place or a corporate suffix says nothing of kind)."""
        if space not in KINDS or not has_cjk(key):
            return False
        rest = key.replace(name, " ", 1)
        return any(
            word in rest
            for kind, words in self._kind_words().items()
            if kind != space
            for word in words
        )

    def _kind_words(self) -> dict[str, list[str]]:
        kinds: dict[str, list[str]] | None = self._known.get("kinds")
        if kinds is None:
            kinds = self._known["kinds"] = {kind: [] for kind in KINDS}
            for entry in self.store.lexicon.entries:
                kind = KIND_ENTRIES.get(entry.name)
                if kind is not None:
                    kinds[kind] += [fold(p, self.store.t2s) for p in entry.phrases if has_cjk(p)]
        return kinds

    def _contradicts(self, key: str, match: Match) -> bool:
        """The query holds a short name of the target but is, character for character, one
        of its longer names with another place where that name says its place:
        杭州高新区(滨江)富阳特别合作园 holds 特别合作园, but says 富阳 where the target's full
        name says 萧山, two districts neither of which holds the other. It names another
        park. (A place within the name's, 下沙 for 杭州, is only more precise.)"""
        if match.space not in PLACES or not has_cjk(key):
            return False  # places nest; a firm's name inside a longer one is _wrapped_only's
        entity = self.store.entity(match.id)
        if entity is None:
            return False
        places = self._places()
        for name in (entity.name.zh, *entity.aliases):
            read = read_query(name, self.store.t2s)
            for k in {*read.keys[:1], read.brand}:  # the query may be either form
                if len(k) != len(key) or k == key:
                    continue
                diff = [n for n, (a, b) in enumerate(zip(key, k, strict=True)) if a != b]
                for place, said in places.items():
                    at = k.find(place)
                    if at < 0 or not all(at <= n < at + len(place) for n in diff):
                        continue
                    instead = places.get(key[at : at + len(place)])
                    if instead and self._apart(instead, said):
                        return True
        return False

    def _places(self) -> dict[str, str]:
        """Chinese names of the regions held (two characters or more) → region id."""
        places: dict[str, str] | None = self._known.get("places")
        if places is None:
            rows = self.store.names(("region",), ("name", "alias", "stripped"))
            places = {r[2]: r[0] for r in rows if has_cjk(r[2]) and len(r[2]) >= 2}
            self._known["places"] = places
        return places

    def _apart(self, a: str, b: str) -> bool:
        return a != b and a not in self.store.ancestors(b) and b not in self.store.ancestors(a)

    def _wrapped_only(self, key: str, name: str, space: str = "company") -> bool:
        """What the query adds around a name it contains is only places, corporate words and
        industry words. Around a short Chinese name, a leftover of two characters or more
        names something else (紫光展锐, 广汽丰田); a Chinese name of three characters or more
        is evidence enough (大地海洋环保股份有限公司), save for what follows a place's name. Around a Latin name, four letters left
        over are a word of their own ('inefficient enterprises rectified' is not 'enterprises')."""
        latin = not has_cjk(name)
        if not latin and len(name) > 2:
            if space not in PLACES:
                return True
            # Places nest, and a place's name followed by more than suffixes names a place
            # within it: 钱江经济开发区国际产业园 is a park in the zone, not the zone.
            after = key.split(name, 1)[1]
            for word in self._wrappers(latin):
                after = after.replace(word, " ")
            return sum(1 for c in after if has_cjk(c)) <= 1
        rest = key.replace(name, " ", 1)
        for word in self._wrappers(latin):
            rest = rest.replace(word, " ")
        if latin:
            return len(rest.replace(" ", "")) < 4
        return sum(1 for c in rest if has_cjk(c)) <= 1

    def _wrappers(self, latin: bool) -> list[str]:
        """The words `_wrapped_only` removes, longest first: the fixed lists and the names of
        the regions held (萧山, 钱塘区; binjiang, xiaoshan). Built once per store."""
        wrappers: list[str] | None = self._known.get(f"wrappers {latin}")
        if wrappers is None:
            rows = self.store.names(("region",), ("name", "en", "alias", "stripped"))
            places = {
                r[2] for r in rows if has_cjk(r[2]) != latin and len(r[2]) >= (4 if latin else 2)
            }
            fixed = LATIN_WRAPPERS if latin else (*PLACE_WORDS, *CORPORATE_SUFFIXES, *WRAPPER_WORDS)
            wrappers = sorted({*fixed, *places}, key=len, reverse=True)
            self._known[f"wrappers {latin}"] = wrappers
        return wrappers

    def fuzzy(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Keys one typo away: a wrong, missing or extra letter (two in long Latin names);
        in Chinese, a homophone for any character, or any one character in a long name."""
        cjk = has_cjk(key)
        if len(key) < (2 if cjk else 3):
            return []
        allowed = 1 if cjk or len(key) < 8 else 2
        homophones: list[Match] = []
        if self.store.large:
            rows = self._typo_candidates(key, spaces, allowed)
            if cjk:
                homophones = self._homophones(key, spaces)
        else:
            rows = self.store.keys_of_length(spaces, len(key) - allowed, len(key) + allowed)
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
        rows = self.store.keys_holding(halves, spaces, limit=5000)
        return [r for r in rows if abs(len(r[2]) - len(key)) <= allowed]

    def _homophones(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Chinese names read the same as the query (像 for 橡): their pinyin key is one of
        the query's readings, so an exact pinyin lookup finds them without a scan."""
        readings = self.store.readings(key)
        variants = {""}
        for char in key:
            variants = {v + r for v in variants for r in readings.get(char, [char])[:2]}
            if len(variants) > 16:
                variants = set(sorted(variants)[:16])
        found = self.exact(sorted(variants), spaces)
        base = 84 if len(key) > 2 else 78
        return [
            replace(m, score=base + m.score - EXACT_SCORES["pinyin"], how="homophone")
            for m in found
            if m.how == "pinyin"
        ]

    def _fuzzy_chinese(self, key: str, rows: list[tuple[str, str, str, str, float]]) -> list[Match]:
        """One character off. A homophone (像 for 橡, 帮 for 邦) is the usual typing slip and is
        accepted in any name; another character (土 for 士) only in names of 7+, where one
        character cannot make a different name (临安区 is a district, not a typo of 临平区),
        and never one of the lexicon's contrasts for another."""
        out = []
        pairs: list[tuple[tuple[str, str, str, str, float], str, str, int]] = []
        for row in rows:
            k = row[2]
            if len(k) == len(key):
                diff = [(n, a, b) for n, (a, b) in enumerate(zip(key, k, strict=True)) if a != b]
                if len(diff) == 1:
                    pairs.append((row, diff[0][1], diff[0][2], diff[0][0]))
            elif abs(len(k) - len(key)) == 1 and min(len(k), len(key)) >= 4 and _one_gap(key, k):
                target, space, _, text, weight = row
                out.append(Match(target, space, 88 - 48 / len(k) + weight, "fuzzy", text))
        if pairs:
            contrasts = self.store.lexicon.contrasts
            readings = self.store.readings(c for _, a, b, _ in pairs for c in (a, b))
            for (target, space, k, text, weight), a, b, at in pairs:
                if set(readings.get(a, ())) & set(readings.get(b, ())):
                    out.append(
                        Match(target, space, (84 if len(k) > 2 else 78) + weight, "homophone", text)
                    )
                elif len(k) >= 7 and at >= 2 and not {a, b} <= contrasts:
                    # Not in the first two characters, where names put their place:
                    # 温州经济技术开发区 is another zone, not a typo of 广州经济技术开发区; nor
                    # between characters that set siblings apart: 城南园区 is not 城北园区.
                    out.append(Match(target, space, 88 - 48 / len(k) + weight, "fuzzy", text))
        return out

    def _mixed(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """'钱塘 Science City': the Chinese part read as pinyin, then matched as Latin."""
        folded = fold(query, self.store.t2s)
        readings = self.store.readings(c for c in folded if has_cjk(c))
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
        kept: list[list[Match]] = []
        for part in (fold(cjk, self.store.t2s), fold(latin, self.store.t2s)):
            if len(part) < (2 if has_cjk(part) else 3):
                continue
            found = self.exact([part], spaces) + self.partial(part, spaces)
            if 1 <= len({(m.space, m.id) for m in found}) <= 2:
                kept.append(found)
        # Where both parts point to a name, that is the reading: 'Panasonic马达' is
        # Panasonic Motor (Hangzhou), which both name, not Panasonic, which one names.
        both = (
            {(m.space, m.id) for m in kept[0]} & {(m.space, m.id) for m in kept[1]}
            if len(kept) == 2
            else set()
        )
        return [
            Match(m.id, m.space, m.score - 8 + (12 if both else 0), "mixed", m.text)
            for found in kept
            for m in found
            if not both or (m.space, m.id) in both
        ]

    def dropped_words(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """English names with words left out or cut short, the rest in order: 'Qianjiang
        Development Zone' for Hangzhou Qianjiang Economic Development Zone, 'Hangzhou Pharma
        Port' for Hangzhou Pharmaceutical Port (a word's first four letters or more stand for
        it). Candidates hold the query's longest word (trigram index); two words at least,
        one of them not a place."""
        words = [_singular(w) for w in latin_words(query)]
        if len(words) < 2 or has_cjk(query):
            return []
        distinctive = [w for w in words if w not in GENERIC_EN and len(w) >= 4]
        if not distinctive:
            return []
        rows = self.store.keys_holding([max(distinctive, key=len)], spaces, limit=2000)
        out = []
        for target, space, _, text, weight in rows:
            name = [_singular(w) for w in latin_words(text)]
            if name != words and _in_order(words, name, _stands_for):
                out.append(
                    Match(
                        target,
                        space,
                        66 + 20 * len(words) / len(name) + weight,
                        "abbreviation",
                        text,
                    )
                )
        return out

    def described(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """An English name with words that say what it names: 'CNP pumps' (words of its
        sector), 'Qiantang FTZ area' (a word many names share). A run of the query's words is
        a name or alias as it stands; every other word is generic (GENERIC_EN) or said by
        the record's sector or focus industries ('pumps', 'passenger cars') or its other
        names. Other words ('West Lake BYD') make another name, which is not this one."""
        from qtcli.factbase.lexicon import read_text
        from qtcli.find.mentions import sector_terms

        words = latin_words(query)
        if len(words) < 2 or has_cjk(query):
            return []
        spans: dict[str, tuple[int, int]] = {}
        for i in range(len(words)):
            for j in range(i + 1, len(words) + (i > 0)):
                spans.setdefault(fold(" ".join(words[i:j]), self.store.t2s), (i, j))
        rows = [
            r
            for r in self.store.keys_among(sorted(spans), spaces, ("name", "en", "alias", "pinyin"))
            if r[5] != "pinyin" or len(r[2]) >= 6  # 'Zhongce tyres'; 'ce' names nothing
        ]
        if not rows:
            return []
        lexicon = self.store.lexicon
        records = self.store.entities({r[0] for r in rows})
        out = []
        for target, space, key, text, weight, _ in rows:
            record = records.get(target)
            if record is None:
                continue
            # Words of its other names say it too ('GAC passenger cars': GAC Passenger Vehicle).
            held = sector_terms(self.store, record) | {
                t
                for n in (record.name.en, *record.aliases)
                if not has_cjk(n)
                for t in read_text(lexicon, n).terms
            }
            first, last = spans[key]
            rest = words[:first] + words[last:]
            if all(
                _singular(w) in GENERIC_EN or set(read_text(lexicon, w).terms) <= held for w in rest
            ):
                out.append(Match(target, space, 80 + weight, "described", text))
        return out

    def spelt_out(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """An English name written with another record's short name in it: 'ZJU advanced
        electrical equipment innovation center' is Zhejiang University's centre. The short
        form (an alias of any record) is replaced by that record's English name, and the
        name so spelt out is matched as written or with words left out."""
        words = latin_words(query)
        if len(words) < 2 or has_cjk(query):
            return []
        spans = {
            " ".join(words[i:j]): (i, j)
            for i in range(len(words))
            for j in (i + 1, i + 2)
            if j <= len(words)
        }
        rows = self.store.keys_among(sorted(spans), KINDS_AND_PLACES, ("alias",))
        records = self.store.entities({r[0] for r in rows})
        out = []
        for target, _, key, _, _, _ in rows:
            record = records.get(target)
            if record is None or not record.name.en:
                continue
            first, last = spans[key]
            written = " ".join([*words[:first], record.name.en, *words[last:]])
            found = self.exact(read_query(written, self.store.t2s).keys, spaces)
            found += self.dropped_words(written, spaces)
            out += [replace(m, score=m.score - 6, how="abbreviation") for m in found]
        return out

    def expansion(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """A name whose characters all appear, in order, in a longer query: the full form
        中国(浙江)自由贸易试验区杭州片区钱塘区块 holds 自贸试验区钱塘区块. A place's name
        and the query end alike: places nest, the end of a Chinese name is its head, and a
        query ending in another (杭州高新区(滨江)富阳特别合作园, a park) names a place within
        the name's (the zone)."""
        if len(key) < 8 or not has_cjk(key):
            return []
        rows = self.store.keys_of_length(spaces, 6, len(key) - 1)
        return [
            Match(target, space, 68 + 15 * len(k) / len(key) + weight, "abbreviation", text)
            for target, space, k, text, weight in rows
            if has_cjk(k)
            and 3 * len(k) >= len(key)
            and (k[-1] == key[-1] or space not in PLACES)
            and _in_order(k, key)
        ]

    def abbreviation(self, key: str, spaces: Sequence[str]) -> list[Match]:
        """Chinese short forms keep the first character and drop some others, in order:
        钱江经开区 for 钱江经济开发区, 杭州电子科大 for 杭州电子科技大学."""
        if len(key) < 3 or not has_cjk(key):
            return []
        rows = self.store.keys_with_prefix(key[0], spaces, (len(key) + 1, int(len(key) * 2.5)))
        return [
            Match(target, space, 68 + 20 * len(key) / len(k) + weight, "abbreviation", text)
            for target, space, k, text, weight in rows
            if _in_order(key, k)
        ]

    def words(self, query: str, spaces: Sequence[str]) -> list[Match]:
        """Shared words with names and aliases: 'how many PhDs were placed in companies'."""
        from qtcli.factbase.lexicon import read_text

        lexicon = self.store.lexicon
        asked = set(read_text(lexicon, query, self.store.t2s).terms)
        if not asked:
            return []
        rows = (
            self._word_candidates(query, spaces) if self.store.large else self.store.names(spaces)
        )
        out = []
        for target, space, _, text, weight in rows:
            score = 90 * _f1(asked, set(read_text(lexicon, text).terms))
            if score >= 50:
                out.append(Match(target, space, score + weight, "words", text))
        return out

    def _word_candidates(self, query: str, spaces: Sequence[str]) -> list[KeyRow]:
        """In a large fact base, only names that hold a piece of one of the query's words
        (the trigram index finds them), not every name."""
        pieces = {w[:5] for w in re.findall(r"[a-z0-9]{4,}", fold(query, self.store.t2s))}
        for run in re.findall(r"[\u3400-\u9fff]{3,}", query):
            pieces.update(run[i : i + 3] for i in range(len(run) - 2))
        return self.store.keys_holding(sorted(pieces)[:24], spaces, limit=2000, forms=NAME_FORMS)

    def find(
        self, query: Query, spaces: Sequence[str], words: bool = False, best: bool = False
    ) -> list[Match]:
        """All matches of `query` in the given spaces, best first, one per target; with
        `best`, only those split_found needs (the best and the close ones): a name matched
        exactly, as written, is not looked for inside other names or them inside it, which
        can score no nearer to it than CLOSE (at 100k entities, half of an exact lookup)."""
        keys = list(query.keys)
        if len(keys) > 1 and any(space != "company" for space in spaces):
            # A corporate suffix says a firm (钱塘芯谷投资公司 is no park): the name without it
            # is looked for among firms alone, the name as typed everywhere asked.
            plain = replace(query, keys=(keys[0],), brand=strip_places(keys[0]))
            found = self.find(plain, [s for s in spaces if s != "company"], words, best)
            if "company" in spaces:
                found += self.find(query, ["company"], words, best)
            return best_per_target(found)
        matches = self.exact(keys, spaces)
        if best and max((m.score for m in matches), default=0.0) >= INEXACT_MAX + CLOSE:
            return best_per_target(matches)
        for key in keys:
            matches += self.partial(key, spaces)
        # A legal name wraps the brand in place words: 杭州中欣晶圆半导体… contains 中欣晶圆.
        for key in dict.fromkeys([*keys, query.brand]):
            matches += self.contains(key, spaces)
        if not matches or max(m.score for m in matches) < SETTLED:
            for key in keys[:1]:
                matches += self.fuzzy(key, spaces)
                matches += self.abbreviation(key, spaces)
                matches += self.expansion(key, spaces)
            matches += self.dropped_words(query.text, spaces)
            matches += self.described(query.text, spaces)
            matches += self.spelt_out(query.text, spaces)
            if has_cjk(query.text) and re.search(r"[A-Za-z]", query.text):
                matches += self._mixed(query.text, spaces)
            if words:
                matches += self.words(query.text, spaces)
        return best_per_target(matches)


PLACES = ("park", "region")  # the spaces whose names nest: a park within a zone
# Words that many names share; a name with words left out must keep one that is not.
GENERIC_EN = set(
    """hangzhou zhejiang china chinese city district province national provincial municipal
    development economic zone park industrial industry technology tech high new area
    international science innovation center centre base group company corporation co ltd
    limited holdings port town bay smart manufacturing medical medicine university institute
    research bureau factory plant""".split()
)


def _singular(word: str) -> str:
    """'optoelectronics' and 'optoelectronic' are one word to a reader."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _in_order(
    short: Sequence[str],
    long: Sequence[str],
    same: Callable[[str, str], bool] = operator.eq,
) -> bool:
    """Every item of `short` appears in `long` (is `same` as one), in the same order."""
    rest = iter(long)
    return all(any(same(item, other) for other in rest) for item in short)


def _stands_for(short: str, word: str) -> bool:
    """A word, or its first four letters or more ('pharma', 'tech', 'intl' is not one)."""
    return short == word or (len(short) >= 4 and word.startswith(short))


def _one_gap(a: str, b: str) -> bool:
    """`a` and `b` differ by one inserted or deleted character."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long)):
        if long[:i] + long[i + 1 :] == short:
            return True
    return False


def _f1(asked: set[str], name: set[str]) -> float:
    """The F-score of shared terms: 1 when both say the same, low when either says much more."""
    shared = len(asked & name)
    if not shared:
        return 0.0
    precision, recall = shared / len(asked), shared / len(name)
    return 2 * precision * recall / (precision + recall)


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
