"""Reading a question: the entities it names, the time it gives, and what it asks.

The question is folded once (NFKC, case, traditional → simplified, as names are)
and cut into units (factbase/lexicon.py). The entities it names are found among
its units by the name index; the dates by find/dates.py, which is grammar, not
vocabulary; the rest is read with the lexicon into facets (what kind of
figure or answer is asked) and terms (what it is about). Entities written in a
list of examples ('吉利、福特、零跑……钱塘一共集聚了几家整车企业') are context,
not the subject asked about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qtcli.factbase.lexicon import (
    ASKING,
    Reading,
    Unit,
    is_cjk,
    read,
    stem,
    units,
    units_quoted,
)
from qtcli.factbase.model import YEAR_RANGE, Entity
from qtcli.find.dates import read_when
from qtcli.find.mentions import Mention, capitals, implied_by_governments, mentions
from qtcli.index.store import Store
from qtcli.records import record, replace

CLAUSE_BREAK = re.compile(r"[，,；;。！!？?：:]|\.\s")
# A remark in brackets that cites where a figure is printed ('(per the 2022 feature)', '（据
# 2022年的报道）': the lexicon's `cites` words) is a clause of its own; other brackets hold part
# of a name (数字化车间) or a year.
ASIDE = re.compile(r"[（(]([^（）()]*)[）)]")
# A question that opens with an auxiliary verb asks yes or no: 'Was Zhongce among…', 'Is…'.
YES_NO = re.compile(
    r"^\s*(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b", re.I
)
# Before or after a name given as an example: 'such as the Baoyi Group', '如吉利', '零跑等'.
EXAMPLE_BEFORE = re.compile(
    r"(?:such as|including|like|e\.?g\.?|for example|for instance|after|before|following|"
    r"例如|比如|包括|诸如|如|像|继)\s*(?:the\s+)?$",
    re.I,
)
EXAMPLE_AFTER = re.compile(r"^\s*(?:等|……|…)")
# Between two names of a list: 吉利、福特、零跑 / Geely, Ford and Leapmotor.
LIST_JOINER = re.compile(r"^\s*(?:[、,，/]|和|与|及|以及|and|or)\s*$|^\s*,?\s*(?:and|or)\s*$", re.I)


@record
class Question:
    text: str
    lang: str  # zh or en
    folded: str
    units: tuple[Unit, ...]
    mentions: tuple[Mention, ...]
    year: int | None
    period: str | None
    report_year: int | None
    whole_year: bool
    reading: Reading  # facets and terms of what is left once names and dates are read
    clause: Question | None = None  # the asking clause alone, when others set the scene
    stated: tuple[float, ...] = ()  # figures other clauses state: context, not the answer
    also_asks: frozenset[str] = frozenset()  # what clauses before the asking one ask too

    def implied(self, subject: Entity, ancestors: set[str]) -> dict[str, frozenset[str]]:
        """Facets said by naming the government a list or a rank belongs to."""
        return implied_by_governments(self.mentions, subject, ancestors)

    def asks(self, value: str) -> bool:
        """Whether the question asks for this kind of answer ('called' is a kind of 'name')."""
        if value == "yesno" and YES_NO.match(self.folded):
            return True
        if value == "name" and self.reading.has("answer", "called"):
            return True
        return self.reading.has("answer", value)

    @property
    def subjects(self) -> list[Entity]:
        """The entities asked about (not examples), in the order written, each once."""
        out: dict[str, Entity] = {}
        for m in self.mentions:
            if not m.context:
                out.setdefault(m.entity.id, m.entity)
        return list(out.values())


def read_question(store: Store, text: str) -> Question:
    """See _read_question; then a field (全市) with no comparison asked of a place the
    question names is that place whole ('杭州…2022年全市这笔经费'), not a rank's field."""
    q = _read_question(store, text)
    if q.clause is not None:
        q = replace(q, clause=_field_is_the_place(q.clause))
    return _field_is_the_place(q)


def _field_is_the_place(q: Question) -> Question:
    facets = q.reading.facets
    if "among" not in facets or facets.get("kind", frozenset()) & COMPARISONS or not q.subjects:
        return q
    kept = {d: v for d, v in facets.items() if d != "among"}
    return replace(q, reading=replace(q.reading, facets=kept))


def _unit_named(store: Store, q: Question) -> Question:
    """'How many mu is the Shangshen park?': a unit asked of a question that names nothing
    else says what it measures (mu: an area), as the lexicon's concepts measured in it say.
    (A bare asking clause, '一共多少亩?', asks of the clause before it: not read so.)"""
    units = q.reading.facets.get("unit")
    if not units or q.reading.terms:
        return q
    terms = tuple(store.lexicon.measuring(units))
    return replace(q, reading=replace(q.reading, terms=terms))


def _read_question(store: Store, text: str) -> Question:
    """The question read whole and, when other clauses set the scene, its asking clause.

    A clause that does not ask ('省级“未来工厂”数量居全省第一的杭州,', 'Panasonic
    launched 32 projects in 2022.') describes; the clause that asks says what kind of
    figure is wanted, of what status and when. So the kind, status and time asked come
    from the asking clause; names, qualifiers (provincial, per mu) and words from the
    whole; and the figures the question states are context, never the answer."""
    whole = _unit_named(store, _read(store, text))
    clauses = split_clauses(text, lambda aside: _cites(store, aside))
    asking = [c for c in clauses if ASKING.search(c)]
    if len(clauses) < 2 or not asking:
        # A figure the question states is what it knows, never what it asks: 'the combined
        # output of the five pillar industries' is not answered by 5.
        return replace(whole, stated=tuple(stated_values(text)))
    # A clause that names the report a figure is printed in ('2023年那篇报道提到', 'according
    # to the 2025 report') and asks nothing.
    cited = [c for c in clauses if _cites(store, c) and not ASKING.search(c)]
    if cited and len(cited) < len(clauses):
        # '2023年那篇杭州制造业报道提到,…': a clause that names the report says where the
        # figure is printed, not what it is; its words are left out, its dates kept.
        rest = "，".join(c for c in clauses if c not in cited)
        whole = replace(
            _read(store, rest),
            text=text,
            year=whole.year,
            period=whole.period,
            report_year=whole.report_year,
        )
    part = _read(store, asking[-1])
    # The field of a comparison (全省 in '在全省排第几') goes with the comparison: where the
    # asking clause compares nothing, a field in another clause names a scene (按全省…报告).
    in_clause: tuple[str, ...] = ASKED_IN_CLAUSE
    if not part.reading.facets.get("kind", frozenset()) & COMPARISONS:
        in_clause += ("among",)
    if not part.reading.terms and "status" not in part.reading.facets:
        # A bare asking clause ('一共多少亩?') asks about the figure the clause before it
        # describes, with its status: '临空经济示范区计划腾出产业空间' is a plan.
        in_clause = tuple(d for d in in_clause if d != "status")
    facets = dict(whole.reading.facets)
    for dimension in in_clause:
        facets.pop(dimension, None)
        if dimension in part.reading.facets:
            facets[dimension] = part.reading.facets[dimension]
    reading = replace(
        whole.reading,
        facets=facets,
        counted=part.reading.counted,
        counted_head=part.reading.counted_head,
        measured=part.reading.measured,
        asking=part.reading.terms,
    )
    stated = tuple(v for c in clauses for v in stated_values(c))
    # The asking clause alone keeps the qualifiers the whole question gives (省级 in
    # '除了已经认定的省级“未来工厂”,还有几家正在培育?').
    own = dict(part.reading.facets)
    for dimension, values in whole.reading.facets.items():
        if dimension not in in_clause:
            own[dimension] = own.get(dimension, frozenset()) | values
    clause = replace(
        part,
        reading=replace(part.reading, facets=own),
        mentions=part.mentions or whole.mentions,
        year=part.year or whole.year,
        period=part.period or whole.period,
        whole_year=part.whole_year or whole.whole_year,
        stated=stated,
    )
    # Every clause that asks asks something: '哪个区县R&D投入强度全省第一?是多少?' asks which
    # county as well as how much.
    also = frozenset(
        a for c in asking[:-1] for a in _read(store, c).reading.facets.get("answer", ())
    )
    return replace(
        whole,
        reading=reading,
        also_asks=also,
        stated=stated,
        year=part.year or whole.year,
        period=part.period or whole.period,
        clause=clause,
    )


ASKED_IN_CLAUSE = ("kind", "status", "answer")
# A place in an order, said with a verb of ranking: 排第二, 居全省第一位, 列全市第3.
RANK_STATED = re.compile(r"[排居列](?:在|于)?(?:全[市省国]|[市省国]内)?第[一二三四五六七八九十\d]+")
# The place itself, stated with a verb of ranking or a field (居全市第二, 全省第一, 首位;
# 'ranked second', 'No. 2'); not 第一批 or 'the first batch', which say no place in an order.
PLACE_STATED = re.compile(
    r"(?:[排居列](?:在|于)?|全[市省国区]|[市省国区]内|杭州|浙江)(?:全[市省国区]|[市省国区]内)?"
    r"第([一二三四五六七八九十]|\d+)(?![批个次届期轮代家项])|(首位|榜首|居首)"
    r"|\b(?:ranked|ranks|ranking|rank|placed|came|finished)\s+(?:no\.\s*)?"
    r"(first|second|third|fourth|fifth|\d+)(?:st|nd|rd|th)?\b|\b(topped|tops)\b",
    re.IGNORECASE,
)
PLACES_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def places_stated(text: str) -> set[int]:
    """The places in an order a text states (居全市第二: 2; 'topped': 1)."""
    found: set[int] = set()
    for m in PLACE_STATED.finditer(text):
        number, first, english, top = m.groups()
        if first or top:
            found.add(1)
        elif number:
            if number.isdigit():
                found.add(int(number))
            else:
                from qtcli.factbase.numbers import cn_value  # the number reader's numerals

                found.add(int(cn_value(number) or 0))
        elif english:
            found.add(int(english) if english.isdigit() else PLACES_EN[english.casefold()])
    return found


COMPARISONS = frozenset({"rank", "share", "multiple"})  # the kinds of figure that have a field
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|「[^」]*」|\"[^\"]*\"|(?<![a-z])'[^']*'(?![a-z])", re.I)


def split_clauses(text: str, cites: Callable[[str], bool] = lambda aside: False) -> list[str]:
    """The clauses of a question, split at commas, semicolons, colons and stops, but never
    inside quotation marks ('the slogan 'cars, drugs, chips'' is one clause); a remark in
    brackets that `cites` is a clause of its own."""
    text = ASIDE.sub(lambda m: f"，{m[1]}，" if cites(m[1]) else m[0], text)
    protected = QUOTED.sub(lambda m: m.group().replace(",", "\x00").replace("，", "\x01"), text)
    # An English comma inside a noun phrase ('high-consumption, low-efficiency firms') joins:
    # it parts clauses only between stretches of four words or more.
    protected = re.sub(
        r"(?<=[A-Za-z]),(?=\s)",
        lambda m: "," if _words_around(protected, m.start()) else "\x00",
        protected,
    )
    parts = [c.strip() for c in CLAUSE_BREAK.split(protected) if c.strip()]
    return [c.replace("\x00", ",").replace("\x01", "，") for c in parts]


def _cites(store: Store, clause: str) -> bool:
    """Whether a clause says where a figure is printed (the lexicon's `cites` words)."""
    _, found = units(clause, store.t2s)
    return any(h.entry.dimension == "cites" for h in store.lexicon.find(found))


def _words_around(text: str, at: int) -> bool:
    before = re.split(r"[,;:.?!，。？！]", text[:at])[-1].split()
    after = re.split(r"[,;:.?!，。？！]", text[at + 1 :])[0].split()
    return len(before) >= 4 and len(after) >= 4


EN_AMOUNT = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)*)(?![\w.])\s*(trillion|billion|million|thousand|%|per ?cent)?",
    re.I,
)
EN_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half)\b", re.I
)
WORD_VALUES = {
    w: n
    for n, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), 1
    )
}
EN_SCALE = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3, "k": 1e3}


def stated_values(clause: str) -> list[float]:
    """The numbers a clause states, as values and in base units (3700亿元 and 370 billion are
    one figure), years left out: figures the question gives, not asks."""
    from qtcli.factbase.numbers import values
    from qtcli.present.wording import UNITS

    out: list[float] = []
    for q in values(clause):
        out.append(float(q.value))
        unit = UNITS.get(q.unit)
        if unit is not None:
            out.append(float(q.value) * unit.scale)
    for m in EN_AMOUNT.finditer(clause):
        number = float(m.group(1).replace(",", ""))
        if YEAR_RANGE[0] <= number <= YEAR_RANGE[1] and not m.group(2):
            continue
        out.append(number)
        if m.group(2) and m.group(2).lower() in EN_SCALE:
            out.append(number * EN_SCALE[m.group(2).lower()])
    for m in EN_WORDS.finditer(clause):
        out.append(0.5 if m.group(1).lower() == "half" else float(WORD_VALUES[m.group(1).lower()]))
    return out


def _read(store: Store, text: str) -> Question:
    folded, found = units(text, store.t2s)
    lang = "zh" if any(is_cjk(c) for c in folded) else "en"
    named = mentions(store, found, capitals(text))
    found = _slips_read(store, found, {i for m in named for i in range(m.first, m.last)})
    when = read_when(folded, found)
    # The words are read without the dates (read above): a date inside a phrase ('Zhejiang's
    # first 2022 batch', 'the 2021 R&D intensity') does not break it.
    kept = [i for i in range(len(found)) if i not in when.dated]
    at = {old: new for new, old in enumerate(kept)}
    spans = {i for m in named for i in range(m.first, m.last)} | _name_words(store, found, named)
    masked = {at[i] for i in spans if i in at}
    quoted = units_quoted(folded, found, keep=lambda phrase: _names_a_metric(store, phrase))
    reading = read(
        store.lexicon, [found[i] for i in kept], masked, {at[i] for i in quoted if i in at}
    )
    if RANK_STATED.search(folded) and not reading.has("kind", "rank"):
        # '连续几年排第二': a place in an order, stated, is a rank, whichever number it is.
        kinds = reading.facets.get("kind", frozenset()) | {"rank"}
        reading = replace(reading, facets={**reading.facets, "kind": kinds})
    return Question(
        text,
        lang,
        folded,
        tuple(found),
        tuple(_mark_lists(folded, found, named)),
        when.year,
        when.period,
        when.report,
        when.whole_year,
        reading,
    )


LINKS = frozenset({"of", "the", "a"})  # words inside an English name ('block of the zone')


def _name_words(store: Store, found: Sequence[Unit], named: list[Mention]) -> set[int]:
    """English words next to a name the question gives that are words of that record's own
    names: 'the Qiantang block of the pilot free trade zone' names the FTZ block with
    'block' and 'pilot', which ask for no figure. Read outwards from each name, through
    linking words, while the words are the record's and begin no phrase of one sense in the
    lexicon (the 'smart factory' of 'the Yokohama Rubber smart factory' is what is asked
    about; 'the Qiantang area' asks no area)."""
    out: set[int] = set()
    for m in named:
        e = m.entity
        words = {
            u.key
            for text in (e.name.en, *e.aliases)
            if text and text.isascii()
            for u in units(text)[1]
            if u.key not in LINKS
        }
        for step, start in ((-1, m.first - 1), (1, m.last)):
            i, run = start, list[int]()
            while 0 <= i < len(found) and not found[i].cjk:
                if found[i].key in words and not _begins_a_phrase(store, found, i):
                    out.update(run + [i])
                    run = []
                elif found[i].key in LINKS:
                    run.append(i)
                else:
                    break
                i += step
    return out


def _begins_a_phrase(store: Store, found: Sequence[Unit], i: int) -> bool:
    """Whether a lexicon phrase of one sense begins at found[i] ('smart factory'; not 'area',
    which has several)."""
    hits = store.lexicon.find(found[i : i + 4])
    return any(h.first == 0 and not h.loose for h in hits)


def _slips_read(store: Store, found: list[Unit], named: set[int]) -> list[Unit]:
    """English words typed with a slip read as the lexicon word they stand for ('how many
    universites'), where nothing the base says holds them as typed; names are left alone."""
    held = store.weights.df
    out = list(found)
    for i, unit in enumerate(found):
        if unit.cjk or i in named or len(unit.text) < 6 or store.lexicon.starts(unit.key):
            continue
        if held.get(unit.key) or store.fact_weights.df.get(unit.key):
            continue
        word = store.lexicon.spelled(unit.text)
        if word is not None:
            out[i] = unit._replace(key=stem(word))
    return out


def _names_a_metric(store: Store, phrase: str) -> bool:
    """A quoted phrase that is a measure's name or alias names what is asked (“亩均税收”);
    any other is a name or slogan (“腾笼换鸟”), whose words ask nothing."""
    from qtcli.find.search import read_query

    keys = read_query(phrase, store.t2s).keys
    return bool(keys) and bool(store.keys_equal(keys[0], ("metric",)))


# ------------------------------------------------------------------ names
def _mark_lists(folded: str, found: Sequence[Unit], mentions: list[Mention]) -> list[Mention]:
    """Names written as examples are context: a list of two or more joined by 、 , and…, or
    one introduced by 'such as'/如 or followed by 等."""
    listed: set[int] = set()
    for n in range(len(mentions) - 1):
        a, b = mentions[n], mentions[n + 1]
        between = folded[found[a.last - 1].end : found[b.first].start]
        if LIST_JOINER.match(between):
            listed |= {n, n + 1}
    for n, m in enumerate(mentions):
        before = folded[max(0, found[m.first].start - 16) : found[m.first].start]
        after = folded[found[m.last - 1].end : found[m.last - 1].end + 3]
        if EXAMPLE_BEFORE.search(before) or EXAMPLE_AFTER.match(after):
            listed.add(n)
    out = []
    for n, m in enumerate(mentions):
        out.append(Mention(m.entity, m.text, m.first, m.last, context=n in listed))
    return out


# ------------------------------------------------------------------ dates
