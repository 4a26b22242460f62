"""Reading text with the lexicon: the same for a question, a metric's name and a fact.

A text is cut into units — each Chinese character, each Latin word or number
(folded: NFKC, case, traditional → simplified) — and the lexicon's phrases are
found in it, longest first, never overlapping. A phrase is a facet (what kind of
figure: growth, rank, new…), a concept (研发 = R&D) or a stop word. What no
phrase covers becomes plain terms: pairs of Chinese characters, English word
stems. So '2021年研发投入强度在全市排第几' reads as the concept rd, the terms
投入 入强 强度, and the facets kind=rank, among=city; and 'R&D intensity rank
in Hangzhou' meets it in c_rd, the facet rank and the concept of intensity.

The lexicon's data is facts/lexicon.toml (validated by `qt check`); the index
stores it, so a lookup never parses TOML.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from qtcli.factbase.codec import lexicon_entry_from_dict, to_dict
from qtcli.factbase.model import LexiconEntry as Entry
from qtcli.factbase.numbers import CN_CHARS
from qtcli.index.normalize import translate_table
from qtcli.records import record, replace

FACET_DIMENSIONS = (
    "kind",
    "scope",
    "status",
    "per",
    "among",
    "tier",
    "role",
    "answer",
    "entity",
    "unit",
    "place",
    "cites",
    "points",
)
# The dimensions a metric is checked on (find/metrics.py): a refusal may name any of their
# facets ('the base holds X, not its growth rate'), so each says how it is named (`says`).
NAMED_DIMENSIONS = ("kind", "scope", "per", "among", "tier", "role")
# A growth rate and a change are one family: 'how much did it rise' may mean either, and the
# unit tells them apart (% or percentage points).
FAMILY = {"growth": "change"}


def family(values: frozenset[str]) -> frozenset[str]:
    return frozenset(FAMILY.get(v, v) for v in values)


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def stem(word: str) -> str:
    """A light English stem, the same for a question and a name: 'enterprises' and
    'enterprise', 'ranked' and 'rank', 'factories' and 'factory' meet; so do British and
    American spellings ('specialised' and 'specialized', 'organisation' and 'organization')."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _british(_stem_of(word))


def _british(word: str) -> str:
    """-ize, -ization and -yze spelt as -ise, -isation and -yse."""
    if word.endswith(("iz", "yz")) and len(word) > 4:
        return word[:-1] + "s"
    if word.endswith(("ize", "yze")) and len(word) > 5:
        return word[:-2] + "se"
    return word.replace("izat", "isat") if "izat" in word else word


def _stem_of(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("ings") and len(word) > 6:  # 'filings' meets 'filing', 'rankings' 'rank'
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
        return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        word = word[:-2]
        return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word
    if word.endswith("ment") and len(word) > 8:  # 'deployment' and 'deployed' meet
        return word[:-4]
    if word.endswith("ly") and len(word) > 5 and not word.endswith(("ply", "bly", "ily", "lly")):
        # An adverb meets its adjective or noun: 'directly' and 'direct', 'monthly' and 'month'
        # ('supply', 'assembly', 'daily' and 'only' are words of their own; so is 'nationally',
        # which the lexicon reads as 'among the nation', not as 'national').
        return _no_final_e(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _no_final_e(word)


def _no_final_e(word: str) -> str:
    """'recognise' and 'recognised' (→ 'recognis') meet: a final e is dropped."""
    return word[:-1] if len(word) > 4 and word.endswith("e") and not word.endswith("ee") else word


class Unit(NamedTuple):
    """One Chinese character or one Latin word/number of a folded text (a named tuple: a
    text has one per character, and reading the documents of a build makes tens of
    thousands)."""

    text: str  # as folded
    key: str  # what matches: the character, or the word's stem
    start: int  # offsets in the folded text
    end: int
    cjk: bool


def _first_difference(a: str, b: str) -> int:
    return next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))


def one_slip(a: str, b: str) -> bool:
    """Whether two different words are one keystroke apart (left out, added, changed, or two
    letters swapped)."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) - len(short) != 1:
        return False
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


def fold_text(text: str, t2s: Mapping[str, str] | None = None) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    if t2s:
        text = text.translate(translate_table(t2s))
    return text


_PIECES: re.Pattern[str] | None = None  # compiled when first read with (a few ms)


def units(text: str, t2s: Mapping[str, str] | None = None) -> tuple[str, list[Unit]]:
    """The folded text and its units; punctuation and spaces only separate, but a per cent
    sign standing as a word is the word it is read as ('as % of' is 'as percent of'); after
    a number it is the number's unit (15.5%), as before."""
    global _PIECES
    if _PIECES is None:
        _PIECES = re.compile(r"([\u3400-\u9fff\uf900-\ufaff])|[^\W_\u3400-\u9fff\uf900-\ufaff]+|%")
    folded = fold_text(text, t2s)
    out: list[Unit] = []
    for match in _PIECES.finditer(folded):
        piece = match.group()
        if match.group(1):
            out.append(Unit(piece, piece, match.start(), match.end(), True))
        elif piece == "%":
            if not folded[max(0, match.start() - 1) : match.start()].isdigit():
                out.append(Unit(piece, "percent", match.start(), match.end(), False))
        else:
            out.append(Unit(piece, _stem(piece), match.start(), match.end(), False))
    return folded, out


_stems: dict[str, str] = {}


def _stem(word: str) -> str:
    """stem(word), remembered: the same words come back in every text of a build."""
    found = _stems.get(word)
    if found is None:
        if len(_stems) >= 100_000:
            _stems.clear()
        found = _stems[word] = stem(word)
    return found


class Found(NamedTuple):
    """A lexicon phrase found in a text, by unit positions."""

    first: int  # index of the first unit
    last: int  # index after the last unit
    entry: Entry
    length: int  # folded characters covered: longer phrases win
    loose: bool = False  # a phrase of several senses (see LexiconEntry.loose)


AS_WRITTEN = "="  # before an English word of a phrase: that form only ('=planned')


def _strands(hit: Found, rival: Found, hits: Sequence[Found]) -> bool:
    """Whether taking `hit` over an overlapping `rival` of the same length leaves a unit of
    the rival that no other phrase reads."""
    return any(
        not any(
            h.first <= i < h.last and (h.last <= hit.first or h.first >= hit.last)
            for h in hits
            if h is not rival
        )
        for i in range(rival.first, rival.last)
        if not hit.first <= i < hit.last
    )


NAME_SLOT = "{name}"  # in a phrase: the name of a record the text gives ('what does {name} make')


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """What a phrase's units must be: Chinese characters, English word stems, or a word
    marked '=' as written ('=planned' is not 'plan', a plan being no target); a {name} slot
    is the key NAME_SLOT, met by the units of a name the text gives."""
    if NAME_SLOT in phrase:
        before, _, after = phrase.partition(NAME_SLOT)
        return (*phrase_keys(before), NAME_SLOT, *phrase_keys(after))
    folded, found = units(phrase)
    return tuple(
        AS_WRITTEN + u.text
        if not u.cjk and u.start and folded[u.start - 1] == AS_WRITTEN
        else u.key
        for u in found
    )


def _respelt(
    entry: Entry,
    spellings: Sequence[tuple[str, Sequence[str]]],
    slots: Mapping[str, Sequence[str]],
) -> list[tuple[tuple[str, ...], bool]]:
    """The keys of an entry's phrases in each other spelling of a word they hold, and with
    each {concept} slot they hold filled (see filled), with whether the phrase is loose;
    none for entries that are not read in texts."""
    if entry.kind in ("contrast", "variant"):
        return []
    respelt = [
        (phrase_keys(phrase.replace(word, spelt)), phrase in entry.loose)
        for phrase in entry.phrases
        for word, spelt_as in spellings
        if word in phrase
        for spelt in spelt_as
    ]
    return respelt + [
        (phrase_keys(written), phrase in entry.loose)
        for phrase in entry.phrases
        for written in filled(phrase, slots)
    ]


SLOT = re.compile(r"\{([a-z0-9-]+)\}")


def filled(phrase: str, slots: Mapping[str, Sequence[str]]) -> list[str]:
    """A phrase written with a {concept} slot, once with each of the concept's phrases in
    the phrase's script: 'machine replacing {worker}' is also 'machine replacing labour' and
    'machine replacing staff', so a phrase need not be listed once per synonym. No slot:
    nothing; a slot naming no concept fills with nothing (qt check says so)."""
    slot = SLOT.search(phrase)
    if slot is None:
        return []
    chinese = any(is_cjk(c) for c in SLOT.sub("", phrase))
    out: list[str] = []
    for word in slots.get(slot.group(1), ()):
        if any(is_cjk(c) for c in word) != chinese or SLOT.search(word):
            continue
        written = phrase[: slot.start()] + word + phrase[slot.end() :]
        out += filled(written, slots) if SLOT.search(written) else [written]
    return out


class Lexicon:
    """The lexicon compiled for reading: phrases by their first unit, longest first."""

    def __init__(
        self,
        entries: Sequence[Entry],
        cut: Sequence[Sequence[tuple[str, ...]]] | None = None,
        spelt: Sequence[Sequence[tuple[tuple[str, ...], bool]]] | None = None,
    ) -> None:
        """`cut`: each entry's phrases already cut into keys, and `spelt` the keys (and
        looseness) of their other spellings, as to_json keeps them: a lookup cuts nothing."""
        self.entries = list(entries)
        self.memo: dict[str, Reading] = {}  # texts read already (read_text)
        self._latin: dict[int, set[str]] | None = None  # latin_words, when first asked
        self._by_first: dict[str, list[tuple[tuple[str, ...], Entry, int, bool]]] = {}
        self._cut: list[list[tuple[str, ...]]] = []
        self._spelt: list[list[tuple[tuple[str, ...], bool]]] = []
        # Colloquial spellings of a word the phrases are written with (啥 for 什么): each
        # phrase holding the word is read in each spelling too ('主攻啥' as '主攻什么').
        spellings = [(e.name, e.phrases) for e in self.entries if e.kind == "variant"]
        slots = {e.name: e.phrases for e in self.entries if e.kind == "concept"}
        for n, entry in enumerate(self.entries):
            keyed = [tuple(k) for k in cut[n]] if cut is not None else None
            self._cut.append(keyed or [phrase_keys(phrase) for phrase in entry.phrases])
            if spelt is not None:
                self._spelt.append([(tuple(keys), loose) for keys, loose in spelt[n]])
            else:
                self._spelt.append(_respelt(entry, spellings, slots))
            if entry.kind in ("contrast", "variant"):
                continue  # characters compared in names, or spellings: never phrases read
            own = [
                (keys, phrase in entry.loose)
                for phrase, keys in zip(entry.phrases, self._cut[-1], strict=True)
            ]
            seen: set[tuple[str, ...]] = set()
            for keys, loose in own + self._spelt[-1]:
                if keys and keys not in seen:
                    seen.add(keys)
                    length = sum(len(k.removeprefix(AS_WRITTEN)) for k in keys)
                    self._by_first.setdefault(keys[0], []).append((keys, entry, length, loose))
        for options in self._by_first.values():
            options.sort(key=lambda o: -o[2])
        # Whether any phrase holds a word marked as written ('=planned'): only then does find
        # look a word up as written too.
        self._as_written = any(k.startswith(AS_WRITTEN) for k in self._by_first)

    def says(self, dimension: str, value: str, lang: str) -> str | None:
        """How a refusal names a facet value ('增速', 'a growth rate'), from its `says`."""
        for entry in self.entries:
            if entry.kind == "facet" and entry.name == f"{dimension}={value}" and entry.says:
                return entry.says[0] if lang == "zh" else entry.says[1]
        return None

    @classmethod
    def from_json(cls, raw: str | None) -> Lexicon:
        data: list[dict[str, Any]] = json.loads(raw) if raw else []
        entries = [lexicon_entry_from_dict(d) for d in data]
        cut = [d["keys"] for d in data] if all("keys" in d for d in data) else None
        spelt = [d["spelt"] for d in data] if all("spelt" in d for d in data) else None
        return cls(entries, cut, spelt)

    def to_json(self) -> str:
        data = [
            {
                **to_dict(replace(e, origin="")),
                "keys": [list(k) for k in keys],
                "spelt": [[list(k), loose] for k, loose in spelt],
            }
            for e, keys, spelt in zip(self.entries, self._cut, self._spelt, strict=True)
        ]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @property
    def events(self) -> frozenset[str]:
        """The terms of concepts that happen in a period (签约, 推荐…): a question naming one
        that a metric's name holds asks about those in the period, new ones."""
        return frozenset(concept_term(e.name) for e in self.entries if e.event)

    @property
    def scenes(self) -> frozenset[str]:
        """The terms of concepts that set a scene (a programme) and narrow no figure."""
        return frozenset(concept_term(e.name) for e in self.entries if e.scene)

    def starts(self, key: str) -> bool:
        """Whether a phrase of the lexicon starts with this unit's key."""
        return key in self._by_first

    @property
    def latin_words(self) -> dict[int, set[str]]:
        """The Latin words the lexicon's phrases are made of, by length (as folded)."""
        if self._latin is None:
            self._latin = {}
            for entry in self.entries:
                for phrase in entry.phrases:
                    for word in re.findall(r"[a-z]+", fold_text(phrase)):
                        self._latin.setdefault(len(word), set()).add(word)
        return self._latin

    def respelt(self, text: str) -> str:
        """A text with each colloquial spelling of a word written as the word (啥 as 什么)."""
        for entry in self.entries:
            if entry.kind == "variant":
                for spelling in entry.phrases:
                    text = text.replace(spelling, entry.name)
        return text

    def spelled(self, word: str) -> str | None:
        """The one word of the lexicon a word of six letters or more is a slip of (one letter
        left out, added, changed or two swapped: 'universites'), or None. A word that differs
        only in its last letter is another form of a word, not a slip ('produced' is no
        'producer')."""
        if len(word) < 6 or word in self.latin_words.get(len(word), ()):
            return None
        # A plural is read as its word's plural ('staions': stations), as phrases match.
        forms = [word, word[:-1]] if word.endswith("s") and not word.endswith("ss") else [word]
        near = {
            w
            for typed in forms
            for n in (len(typed) - 1, len(typed), len(typed) + 1)
            for w in self.latin_words.get(n, ())
            if one_slip(typed, w) and _first_difference(typed, w) < min(len(typed), len(w)) - 1
        }
        return near.pop() if len(near) == 1 else None

    def measuring(self, units: Iterable[str]) -> list[str]:
        """The concepts measured in any of these unit facets (mu: c_area), as terms."""
        wanted = set(units)
        return [
            concept_term(e.name)
            for e in self.entries
            if e.kind == "concept" and wanted & set(e.units)
        ]

    def measured_in(self, term: str) -> frozenset[str]:
        """The unit facets the concept of a term is measured in (c_area: square-metre, mu)."""
        return frozenset(
            u
            for e in self.entries
            if e.kind == "concept" and concept_term(e.name) == term
            for u in e.units
        )

    @property
    def contrasts(self) -> frozenset[str]:
        """Characters that set sibling names apart (南/北, 一/二): one in place of another is
        another name, never a slip of the keyboard."""
        return frozenset(p for e in self.entries if e.kind == "contrast" for p in e.phrases)

    def units_of(self, text: str) -> frozenset[str]:
        """The unit facets a unit as stored says ('亿元' → money, '万平方米' → square-metre)."""
        hits = self.find(units(text)[1])
        return frozenset(h.entry.value for h in hits if h.entry.dimension == "unit")

    def find(self, found: Sequence[Unit], masked: Iterable[int] = ()) -> list[Found]:
        """Every phrase in the units, longest first, none overlapping, none on a masked unit.
        A Latin phrase matches whole words only, so 'ic' is not in 'economic'."""
        blocked = set(masked)
        hits: list[Found] = []
        across: set[tuple[int, int, str]] = set()  # hits whose {name} slot spans a name
        text = tuple(u.key for u in found)
        written = tuple(AS_WRITTEN + u.text for u in found) if self._as_written else text
        by_first = self._by_first
        for i, key in enumerate(text):
            options = by_first.get(key, ())
            if self._as_written and not found[i].cjk and written[i] in by_first:
                options = [*options, *by_first[written[i]]]
            for keys, entry, length, loose in options:
                if NAME_SLOT in keys:
                    end = _across_name(keys, text, written, i, blocked)
                    if end is not None:
                        hits.append(Found(i, end, entry, length, loose))
                        across.add((i, end, entry.name))
                    continue
                j = i + len(keys)
                if text[i:j] == keys or (
                    j <= len(text)
                    and all(
                        k in (t, w) for k, t, w in zip(keys, text[i:j], written[i:j], strict=True)
                    )
                ):
                    hits.append(Found(i, j, entry, length, loose))
        hits.sort(key=lambda f: (-f.length, f.first))
        taken: set[int] = set(blocked)
        chosen: list[Found] = []
        for hit in hits:
            span = set(range(hit.first, hit.last))
            if (hit.first, hit.last, hit.entry.name) in across:
                span -= blocked  # its {name} slot spans a name, as it must
            if span & taken:
                continue
            rival = next(
                (
                    r
                    for r in hits
                    if r.length == hit.length
                    and hit.first < r.first < hit.last
                    and not set(range(r.first, r.last)) & taken
                ),
                None,
            )
            if rival and _strands(hit, rival, hits) and not _strands(rival, hit, hits):
                continue  # '多少亩产业': 亩|产业 reads every character, 亩产|业 strands 业
            taken |= span
            chosen.append(hit)
        return sorted(chosen, key=lambda f: f.first)


def _across_name(
    keys: tuple[str, ...], text: tuple[str, ...], written: tuple[str, ...], i: int, names: set[int]
) -> int | None:
    """Where a phrase with a {name} slot ends when it starts at i, the slot met by a run of
    units that are a name (`names`: the masked units); None when it does not match."""
    j = i
    for key in keys:
        if key == NAME_SLOT:
            if j not in names:
                return None
            while j in names:
                j += 1
        elif j < len(text) and key in (text[j], written[j]):
            j += 1
        else:
            return None
    return j


@record
class Reading:
    """What a text says, as the lexicon reads it."""

    facets: dict[str, frozenset[str]]  # dimension → values
    concepts: tuple[str, ...]
    terms: tuple[str, ...]  # concepts as 'c_<id>', then plain terms, in order
    counted: tuple[str, ...] = ()  # what a 'how many…' counts: the term right after it
    reference: tuple[str, ...] = ()  # what a share is measured against: GDP in 'R&D占GDP比重'
    measured: tuple[str, ...] = ()  # what '…是多少' measures: the term right before it
    loose: frozenset[str] = frozenset()  # concepts named only by phrases of several senses
    classifier: str = ""  # the measure word a count is asked in: 宗 in '多少宗地' (parcels)
    # The terms of the clause that asks, when others set the scene: '15家智能工厂/数字化车间
    # 中,智能工厂有几家' names both kinds, and asks for one.
    asking: tuple[str, ...] = ()
    # Whether `counted` ends an English noun phrase, and so is its head ('how many vehicle
    # makers': makers); a Chinese count is read from the term right after it (多少家企业).
    counted_head: bool = False

    def has(self, dimension: str, value: str) -> bool:
        return value in self.facets.get(dimension, frozenset())


def concept_term(concept: str) -> str:
    return "c_" + concept.replace("-", "_")


def read(
    lexicon: Lexicon,
    found: Sequence[Unit],
    masked: Iterable[int] = (),
    in_quotes: Iterable[int] = (),
) -> Reading:
    """Facets, concepts and plain terms of a text's units (masked units are names and dates
    the caller has read already)."""
    blocked = set(masked)
    hits = lexicon.find(found, blocked)
    classifier = _classifier(lexicon, found, hits)
    if classifier is not None:
        # The measure word may begin a word of what is counted too ('多少宗地': 宗地, land):
        # then the counting phrase keeps its asking part, and the text after it is read again.
        asking = classifier[2]
        asking = asking._replace(last=asking.last - 1, length=asking.length - 1)
        again = lexicon.find(found, blocked | set(range(asking.first, asking.last)))
        if any(h.first == classifier[1] and h.last > h.first + 1 for h in again):
            hits = sorted([asking, *again], key=lambda h: h.first)
    quoted = set(in_quotes)
    facets: dict[str, set[str]] = {}
    concepts: list[str] = []
    loose: set[str] = set()
    strict: set[str] = set()
    covered = set(blocked)
    placed: list[tuple[int, str]] = []
    for hit in hits:
        covered.update(range(hit.first, hit.last))
        if hit.entry.kind == "facet":
            if hit.first in quoted and hit.entry.dimension != "tier":
                continue  # in quotation marks: a name or slogan ('change the bird'), not asked
            facets.setdefault(hit.entry.dimension, set()).add(hit.entry.value)
        elif hit.entry.kind == "concept":
            concepts.append(hit.entry.name)
            placed.append((hit.first, concept_term(hit.entry.name)))
            (loose if hit.loose else strict).add(concept_term(hit.entry.name))
    placed += plain_terms_at(found, covered)
    placed.sort(key=lambda p: p[0])
    _field_of_rank(hits, facets)
    facets.pop("unit", None)
    units_asked = _asked_units(hits, found)
    if units_asked:
        facets["unit"] = set(units_asked)
    counted = _counted(found, hits, covered)
    measured = _measured(found, hits, placed)
    reference = _reference(hits, placed)
    return Reading(
        {d: frozenset(v) for d, v in facets.items()},
        tuple(concepts),
        tuple(t for _, t in placed),
        counted,
        reference,
        measured,
        frozenset(loose - strict),
        classifier=classifier[0] if classifier else "",
        counted_head=bool(counted) and _english_count(found, hits),
    )


ASKS_HOW_MANY = ("answer=count", "answer=quantity")


# The field a rank is among, said by the government level before it.
TIER_FIELD = {"provincial": "province", "municipal": "city", "national": "nation"}


def _field_of_rank(hits: Sequence[Found], facets: dict[str, set[str]]) -> None:
    """'provincial ranking', '省级排名': a level right before a rank says the field it is
    among (the province), not the level of a title."""
    starts = {h.first: h for h in hits}
    levels = [h for h in hits if h.entry.dimension == "tier" and h.entry.value in TIER_FIELD]
    fields = [
        h for h in levels if (after := starts.get(h.last)) and after.entry.name == "kind=rank"
    ]
    if not fields:
        return
    facets.setdefault("among", set()).update(TIER_FIELD[h.entry.value] for h in fields)
    titles = {h.entry.value for h in hits if h.entry.dimension == "tier" and h not in fields}
    if titles:
        facets["tier"] = titles
    else:
        facets.pop("tier", None)


def _classifier(
    lexicon: Lexicon, found: Sequence[Unit], hits: Sequence[Found]
) -> tuple[str, int, Found] | None:
    """The Chinese measure word a count is asked in: the last character of a counting phrase
    whose other characters are themselves an asking phrase (多少宗 = 多少 + 宗; 几位 = 几 +
    位), where it is and the phrase it ends. It says what kind of thing is counted (parcels,
    people, firms); 家数 says nothing."""
    for hit in hits:
        if hit.entry.name != "answer=count" or hit.last - hit.first < 2:
            continue
        if not found[hit.last - 1].cjk:
            continue
        rest = lexicon.find(found[hit.first : hit.last - 1])
        if len(rest) == 1 and rest[0].entry.name in ASKS_HOW_MANY:
            if (rest[0].first, rest[0].last) == (0, hit.last - 1 - hit.first):
                return found[hit.last - 1].text, hit.last - 1, hit
    return None


QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "《": "》"}


def units_quoted(
    text: str, found: Sequence[Unit], keep: Callable[[str], bool] | None = None
) -> set[int]:
    """The units of `text` (folded) that lie inside quotation marks; with `keep`, not those
    of a quoted phrase `keep` accepts (a measure's own name: “亩均税收” asks tax per mu)."""
    spans = [(s, e) for s, e in quoted_spans(text) if keep is None or not keep(text[s + 1 : e])]
    return {n for n, u in enumerate(found) for s, e in spans if s < u.start and u.end <= e}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of each quoted stretch of a folded text."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, char in enumerate(text):
        if stack and char == stack[-1][0]:
            spans.append((stack.pop()[1], i))
        elif char in QUOTE_PAIRS:
            stack.append((QUOTE_PAIRS[char], i))
        elif char in "'\"" and (not stack or stack[-1][0] != char):
            before = text[i - 1] if i else " "
            if not before.isalnum():  # an opening mark, not an apostrophe (Qiantang's)
                stack.append((char, i))
    return spans


def _reference(hits: Sequence[Found], placed: Sequence[tuple[int, str]]) -> tuple[str, ...]:
    """The terms a share is taken of, when something is said before it: GDP in 'R&D经费占GDP
    比重' and 'R&D share of GDP' (a question about GDP is not one about R&D intensity), but
    nothing in 'share of Hangzhou's vehicle output', which says what it measures after."""
    out: list[str] = []
    for n, hit in enumerate(hits):
        if hit.entry.name != "kind=share" or not any(p < hit.first for p, _ in placed):
            continue
        end = next((h.first for h in hits[n + 1 :] if h.entry.kind == "facet"), 1 << 30)
        out += [t for p, t in placed if hit.last <= p < end]
    return tuple(out)


# Words that ask (a question's asking clause holds one; a count phrase that holds one asks,
# as 多少个 does and 数量 does not).
ASKING = re.compile(
    r"多少|几|哪|什么|吗|是否|\b(how|what|which|where|when|who|whose|whether)\b", re.I
)


def _plural(unit: Unit) -> bool:
    """An English word that looks plural (factories, makers; not business)."""
    return not unit.cjk and unit.text.endswith("s") and not unit.text.endswith(("ss", "us"))


JOINING = frozenset({"and", "or", "&"})


def _counted(found: Sequence[Unit], hits: Sequence[Found], covered: set[int]) -> tuple[str, ...]:
    """What a 'how many…' question counts: in Chinese the term right after it (多少家企业:
    firms), in English the last term of the words that follow, up to a stop word ('how many
    complete-vehicle makers are there': makers). A facet after the first term ends the run;
    a run ending in a kind of entity ('organisations') gives no term to check."""
    count = _count_hit(hits)
    if count is None:
        return ()
    starts = {h.first: h for h in hits}
    run: list[str] = []
    plural: list[str] = []  # English: the nouns of the run that say several
    unknown: int | None = None
    i = count.last
    while i < len(found):
        hit = starts.get(i)
        if hit is not None and hit.entry.kind == "concept":
            run.append(concept_term(hit.entry.name))
            if _plural(found[hit.last - 1]):
                plural.append(run[-1])
            i = hit.last
        elif hit is not None and hit.entry.dimension == "entity":
            return ()
        elif hit is not None and hit.entry.kind == "facet":
            i = hit.last  # 'provincial', '100亿元级': said of what is counted
            continue
        elif run and not plural and not found[i].cjk and found[i].key in JOINING:
            i += 1  # 'how many key and difficult problems': modifiers joined; go on
            continue
        elif hit is not None or i in covered:
            break
        elif found[i].cjk:
            nxt = i + 1 < len(found) and (i + 1) not in covered and found[i + 1].cjk
            run.append(found[i].text + found[i + 1].text if nxt else found[i].text)
            i += 2 if nxt else 1
        else:
            if len(found[i].key) > 1:
                run.append(found[i].key)
                if _plural(found[i]):
                    plural.append(run[-1])
            i += 1
        if run and found[i - 1].cjk:
            # Chinese: the noun after the measure word, to the head of its run of concepts
            # ('多少家制造业企业' counts firms, not manufacturing); a verb (an event) ends it.
            after = starts.get(i)
            if not run[-1].startswith("c_"):
                unknown = i  # characters the lexicon does not know: see below
                break
            if not (after and after.entry.kind == "concept"):
                break
            if after.entry.event:
                break
    if plural and plural[0] != run[-1]:
        # 'how many students study in…': the noun counted is plural, the verb after it not;
        # the run's last word is kept as a second reading ('how many students graduate').
        return (plural[0], run[-1])
    head = _head_after_de(found, hits, count.last)
    if head is not None:
        return (head,)
    if unknown is not None:
        # '多少个生物大分子复合型人才': the phrase may go on past what the lexicon does not
        # know to a concept that ends it, its head, read as well (a second reading: the
        # concept may be a verb's object). After a concept, unknown words are a verb's
        # ('多少位博士走进企业' counts PhDs, not firms), and end the phrase.
        head = _concept_ending(found, hits, covered, unknown)
        if head is not None:
            return (run[-1], head)
    asking = ASKING.search("".join(u.text for u in found[count.first : count.last]))
    if not run and asking and _ends(found, count.last):
        before = _noun_before(found, hits, covered, count.first)
        return (before,) if before else ()
    return (run[-1],) if run else ()


def _concept_ending(
    found: Sequence[Unit], hits: Sequence[Found], covered: set[int], at: int
) -> str | None:
    """The last concept of the run of Chinese characters from `at` that ends the clause or
    comes before a verb (an event) or 的: the head of a noun phrase whose first characters
    the lexicon does not know. None when the run ends in unknown characters, or holds
    anything else the lexicon reads (a facet, a name)."""
    starts = {h.first: h for h in hits}
    head = None
    i = at
    while i < len(found) and found[i].cjk and found[i].text != "的":
        hit = starts.get(i)
        if hit is None:
            if i in covered:
                break  # a name the question gives
            if head is not None:
                return None  # the concept was not the end: unknown words follow it
            i += 1
            continue
        if hit.entry.kind != "concept" or hit.entry.event:
            break
        head = concept_term(hit.entry.name)
        i = hit.last
    return head


def _count_hit(hits: Sequence[Found]) -> Found | None:
    """The phrase that asks how many (多少家, 'how many'), if any."""
    return next((h for h in hits if h.entry.name == "answer=count"), None)


def _english_count(found: Sequence[Unit], hits: Sequence[Found]) -> bool:
    """Whether a 'how many' is English: the word after it is (not 几个500亿级…'s digits)."""
    count = _count_hit(hits)
    if count is None or count.last >= len(found):
        return False
    word = found[count.last].text
    return word.isascii() and word[:1].isalpha()


def _ends(found: Sequence[Unit], at: int) -> bool:
    """Whether nothing but punctuation follows `at` ('…项目多少个？', not '…项目多少个在建'). Only
    an asking count (多少, 几) is read so: 数量 ending a clause of an article is a noun."""
    return not any(u.cjk or u.key.isalnum() for u in found[at:])


def _noun_before(
    found: Sequence[Unit], hits: Sequence[Found], covered: set[int], at: int
) -> str | None:
    """The noun right before a count that ends the question ('世界500强项目多少个': 项目): a
    concept that ends there, or the two Chinese characters before it; a copula between
    them joins the two ('智能工厂有几家': 智能工厂)."""
    copula = next((h for h in hits if h.last == at and h.entry.name == "copula"), None)
    if copula is not None:
        at = copula.first
    for hit in hits:
        if hit.last == at and hit.entry.kind == "concept":
            # A verb (an event: 入选几项) says what happened to them, not what they are.
            return None if hit.entry.event else concept_term(hit.entry.name)
    if at >= 2 and all(found[i].cjk and i not in covered for i in (at - 2, at - 1)):
        return found[at - 2].text + found[at - 1].text
    return None


def _head_after_de(found: Sequence[Unit], hits: Sequence[Found], start: int) -> str | None:
    """A Chinese noun phrase ends in its head: in '多少名生物大分子领域技术领先的复合型人才' what
    is counted follows the last 的 before the clause goes on (a facet, a verb's stop word,
    or its end). None when no 的 comes first."""
    starts = {h.first: h for h in hits}
    de = None
    i = start
    while i < len(found) and found[i].cjk:
        hit = starts.get(i)
        if hit is not None and hit.entry.kind == "facet":
            break
        if found[i].text == "的":
            de = i
        i = hit.last if hit is not None else i + 1
    if de is None or de + 1 >= i:
        return None
    last: str | None = None  # the head's last word: a concept, or two characters
    plain: list[str] = []
    j = de + 1
    while j < i:
        hit = starts.get(j)
        if hit is not None and hit.entry.kind == "concept":
            last, plain = concept_term(hit.entry.name), []
            j = hit.last
        elif hit is not None:
            j = hit.last
        else:
            plain.append(found[j].text)
            last = "".join(plain[-2:])
            j += 1
    return last


def _measured(
    found: Sequence[Unit], hits: Sequence[Found], placed: Sequence[tuple[int, str]]
) -> tuple[str, ...]:
    """What a Chinese question measures or names: the noun right after 多少 or 哪个
    ('多少税收'), or, when 多少 or 谁 ends it, the noun its 是/有/为 follows ('产业工人的平均
    工资是多少': 工资, not the workers; '工厂的厂长是谁': a director). A verb right before
    多少 ('完成多少') is not a noun: nothing is read then."""
    if found and not found[0].cjk:
        return _measured_of(found, hits, placed)
    # 谁 and 哪个 ask for a name as 是什么 does: '厂长是谁' asks for a director, whom a fact
    # about the chairman does not name.
    asking = ("answer=quantity", "answer=amount", "answer=what", "answer=name")
    ask = next((h for h in hits if h.entry.name in asking), None)
    if ask is None or ask.first == 0 or not found[ask.first - 1].cjk:
        return ()
    if found[ask.first - 1].text == "了":
        return ()  # '投资了多少建未来工厂': how much was invested; what follows is what for
    after = [(p, t) for p, t in placed if p >= ask.last]
    if after and after[0][0] == ask.last and found[ask.last].cjk:
        head = _noun_run_head(found, hits, after)
        return (head,) if head else ()
    if after:
        return ()
    before = [(p, t) for p, t in placed if p < ask.first]
    if not before:
        return ()
    last = before[-1]
    between = [h for h in hits if last[0] < h.first < ask.first]
    # Only a copula (是, 有: stop words marked so in the lexicon) joins the noun to 多少; a
    # verb between (做到, 完成), or a verb's 了 ('投资搞了多少'), says the word before it is
    # no noun asked ('核心产业要做到多大规模').
    if any(h.entry.name != "copula" for h in between):
        return ()
    if not between and ask.entry.name != "answer=what":  # 是 is in 是什么, not in 多少
        return ()
    return (last[1],)


def _noun_run_head(
    found: Sequence[Unit], hits: Sequence[Found], after: Sequence[tuple[int, str]]
) -> str:
    """The head of the Chinese noun phrase that starts at the first of `after`: its last
    term, the terms following one another with nothing between ('多少高校学生': 学生, not
    the universities; '多少税收': 税收). A lone character is no head: a measure word ('多少分',
    points) or a verb before 的 ('多大一块闲置用地改的': the land); '' when nothing else is."""
    ends = {h.first: h.last for h in hits if h.entry.kind == "concept"}
    at = dict(after)
    p = after[0][0]
    heads: list[str] = []
    while p in at and p < len(found) and found[p].cjk:
        heads.append(at[p])
        p = ends.get(p, p + len(at[p]))
    nouns = [h for h in heads if h.startswith("c_") or len(h) > 1]
    return nouns[-1] if nouns else ""


def _measured_of(
    found: Sequence[Unit], hits: Sequence[Found], placed: Sequence[tuple[int, str]]
) -> tuple[str, ...]:
    """What an English question measures: the head of 'what is the X of Y' (or of a bare
    'X of Y?', or of 'what is Y's X'), the last word of the first words it names when 'of'
    follows them ('what is the average monthly wage of its workers', 'average wage of
    workers?': a wage, not the workers), or the noun 'what' asks for ('what total investment have the projects…': an
    investment). Nothing when another word stands between (the whole of 2022, investing in
    the second phase of)."""
    ends = {h.first: h.last for h in hits if h.entry.kind == "concept"}
    at = placed[0][0] if placed else None
    head, run = None, 0
    for p, term in placed:
        if p != at:
            break
        head, at, run = term, ends.get(p, p + 1), run + 1
    if head is None or at is None:
        return ()
    if at < len(found) and found[at].key == "of":
        return (head,)
    what = next((i for i, u in enumerate(found) if u.key == "what"), None)
    first = placed[0][0]
    if what is not None and at == len(found) and first > 0 and found[first - 1].key == "s":
        return (head,)  # 'what is Qiantang's carbon emission intensity': the run ending it
    # 'what total investment have…': a short noun run after 'what' that a stop word ends
    # ('have', 'did'); a longer one may run on into a verb ('what slogan sums up…').
    stops = {h.first for h in hits if h.entry.kind == "stop"}
    if what is not None and run <= 2 and at in stops and _facets_only(hits, what + 1, placed[0][0]):
        return (head,)
    return ()


def _facets_only(hits: Sequence[Found], start: int, end: int) -> bool:
    """Whether the units from start to end are all facets ('total', 'new'), or none."""
    i = start
    by_first = {h.first: h for h in hits}
    while i < end:
        hit = by_first.get(i)
        if hit is None or hit.entry.kind != "facet":
            return False
        i = hit.last
    return i == end


def _asked_units(hits: Sequence[Found], found: Sequence[Unit]) -> frozenset[str]:
    """A unit asked for: one right after 多少/how many ('多少亩', 'how many mu'), or one the
    answer is asked 'in' ('output in US dollars'). A unit elsewhere describes something
    ('100亿元级集群'), and one right after a number states a figure ('plots above 200 mu -
    how many'): neither asks anything."""
    names = ("answer=count", "answer=amount", "answer=quantity")
    asking = {h.last for h in hits if h.entry.name in names}
    asking |= {h.first for h in hits if h.entry.name in names}
    asking |= {i + 1 for i, u in enumerate(found) if u.key == "in"}
    return frozenset(
        h.entry.value
        for h in hits
        if h.entry.kind == "facet"
        and h.entry.dimension == "unit"
        and (h.first in asking or h.last in asking)
        and not (h.first > 0 and found[h.first - 1].text[-1:].isdigit())
    )


def plain_terms_at(found: Sequence[Unit], covered: set[int]) -> list[tuple[int, str]]:
    """Terms of what no phrase covers, with the unit each starts at: Chinese runs as
    character pairs (a lone character as itself), Latin words as stems (one-letter words
    left out)."""
    out: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            out.append(run[0])
        out.extend((a[0], a[1] + b[1]) for a, b in zip(run, run[1:], strict=False))
        run.clear()

    for i, unit in enumerate(found):
        if i in covered:
            flush()
            continue
        if unit.cjk:
            run.append((i, unit.text))
            continue
        flush()
        if len(unit.key) > 1 or unit.key.isdigit():
            out.append((i, unit.key))
    flush()
    return out


def measured_terms(reading: Reading) -> list[str]:
    """The terms of what a name measures: its terms without those a share is taken of (the
    last occurrence of each, since the reference comes after what is measured)."""
    out = list(reading.terms)
    for term in reading.reference:
        for i in range(len(out) - 1, -1, -1):
            if out[i] == term:
                del out[i]
                break
    return out


def read_text(lexicon: Lexicon, text: str, t2s: Mapping[str, str] | None = None) -> Reading:
    """A text read with the lexicon (remembered by the lexicon: a build reads the same
    names and quotes for several documents and checks)."""
    memo = lexicon.memo
    if t2s is None and text in memo:
        return memo[text]
    folded, found = units(text, t2s)
    reading = read(lexicon, found, in_quotes=units_quoted(folded, found))
    if t2s is None:
        if len(memo) >= 50_000:
            memo.clear()
        memo[text] = reading
    return reading


# ----------------------------------------------------------------- weights
# A term no document holds: it cannot tell metrics apart, but it may be what the question is
# about (平均工资, GDP of a place that has none): it weighs as a term held by a few documents.
UNKNOWN_WEIGHT = 2.0


class Weights:
    """How telling each term is: rarer among the metric documents, heavier (an IDF)."""

    def __init__(
        self, df: Mapping[str, int], documents: int, unheld: frozenset[str] = frozenset()
    ) -> None:
        self.df = df
        self.documents = max(1, documents)
        self.unheld = unheld  # unknown terms that weigh as the rarest held (see unheld_words)

    def __call__(self, term: str) -> float:
        n = self.df.get(term, 0)
        if n <= 0:
            return 1.0 + math.log(self.documents) if term in self.unheld else UNKNOWN_WEIGHT
        return 1.0 + math.log(self.documents / n)

    def holding(self, terms: Iterable[str], but: Iterable[str] = ()) -> Weights:
        """These weights, with the whole words among `terms` that no document holds (but those
        in `but`) as heavy as a word one document holds: what a question says that nothing in
        the base says ('to Shanghai', '在宁波') is what an answer must account for, not noise."""
        return Weights(self.df, self.documents, unheld_words(self.df, terms) - set(but))

    def mass(self, terms: Iterable[str]) -> float:
        # fsum: exact whatever the order a set gives (it changes with the hash seed), so
        # equal covers compare equal in every run
        return math.fsum(self(t) for t in set(terms))


def unheld_words(df: Mapping[str, int], terms: Iterable[str]) -> frozenset[str]:
    """The terms no document holds that are words of their own: a Latin word, or Chinese
    characters (a pair, or one standing alone: 治 in 是治什么病) none of which is part of
    another term (a pair straddling two held words, 工用 in 开工用了, is an accident of
    reading by pairs), and not a numeral (十 of 十年前 is a number, which facts write 10)."""
    terms = list(dict.fromkeys(terms))
    unheld = [t for t in terms if df.get(t, 0) <= 0 and "=" not in t and not t.startswith("c_")]
    chars = {t: set(t) for t in terms if not t.isascii()}
    words = set()
    for term in unheld:
        if term.isascii():
            words.add(term)
        elif (len(term) > 1 or term not in CN_CHARS) and not any(
            chars[term] & chars[o] for o in chars if o != term
        ):
            words.add(term)
    return frozenset(words)


def covered_share(weights: Weights, wanted: Iterable[str], held: Iterable[str]) -> float:
    """How much of `wanted` (weighted) `held` accounts for: 0–1."""
    want = set(wanted)
    if not want:
        return 0.0
    have = set(held)
    return math.fsum(weights(t) for t in want & have) / weights.mass(want)


def term_counts(readings: Iterable[Reading]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for r in readings:
        counts.update(set(r.terms))
    return counts
