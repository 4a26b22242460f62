"""Which metric a phrase or a question asks for, and whether it asks for what the metric measures.

Two questions, kept apart. Retrieval: which metrics' documents (names, aliases,
definition, the words of their quotes, in both languages) the text's terms
fit, by BM25 in the index, then by how much of a metric's best name the text
covers and how much of the text the metric's document accounts for. Agreement:
whether the kind of figure asked is the kind the metric is. A metric whose name
says growth, rank, a share of new firms, a figure per mu or a provincial title
answers only a text that asks for that; a text that asks for a growth rate, a
rank or a contribution is answered only by a metric that is one. So a level
never answers a question about growth, nor a total a question about a part,
however well the other words fit: the nearest such metric is named instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from qtcli.factbase.lexicon import (
    NAMED_DIMENSIONS,
    Lexicon,
    Reading,
    Weights,
    covered_share,
    family,
    read_text,
)
from qtcli.factbase.model import Metric
from qtcli.index.store import Store
from qtcli.records import record, replace

# Dimensions whose facets a metric's name says and a text must then ask for too: a growth
# rate, a rank, a figure per mu, a provincial title, new firms. A rank's field (among the
# city's districts) and a total may go unsaid.
REQUIRED: Mapping[str, frozenset[str] | None] = {
    "kind": None,
    "per": None,
    "tier": None,
    "scope": frozenset({"new"}),
}
CHECKED = NAMED_DIMENSIONS
# How well the words must fit for a question (context words allowed) or a typed name.
# (share of the metric's name covered, share of the text its document accounts for); a
# question's answer must also account for half its words with what the observation says.
QUESTION_FIT = (0.6, 0.3)
ANSWER_COVER = 0.5
NAME_FIT = (0.75, 0.75)


@record
class Mismatch:
    """A facet the text and the metric disagree on: asked but not held, or held but unasked."""

    dimension: str
    how: str  # 'unasked': the metric is this and the text did not ask; 'not held': the reverse
    values: tuple[str, ...]


@record
class Fit:
    metric: Metric
    relevance: float  # BM25 over the metric documents, higher is better
    name_cover: float  # how much of its best name the text covers (0–1)
    text_cover: float  # how much of the text its document accounts for (0–1)
    mismatch: Mismatch | None
    unheld: int = 0  # facets the text says that the metric does not declare (let pass)
    unsaid_tier: tuple[str, ...] = ()  # the tier its name says and the text does not

    @property
    def score(self) -> float:
        """0–100: the words' fit, names weighing most."""
        return 100 * (0.6 * self.name_cover + 0.4 * self.text_cover)

    def fits(self, thresholds: tuple[float, float]) -> bool:
        return (
            self.mismatch is None
            and self.name_cover >= thresholds[0]
            and self.text_cover >= thresholds[1]
        )


def facet_mismatch(
    asked: Mapping[str, frozenset[str]],
    said: Mapping[str, frozenset[str]],
    declared: Mapping[str, frozenset[str]],
    implied: Mapping[str, frozenset[str]] | None = None,
) -> Mismatch | None:
    """How a text's facets disagree with a metric's (its names' `said`, its `declared`).
    `implied`: facets the text says without words for them (see ask/read.py), which meet
    what a metric's name says but are not asked of it."""
    d_kind = declared.get("kind", frozenset())
    for dimension in CHECKED:
        q = family(asked.get(dimension, frozenset()))
        q_or_implied = q | family((implied or {}).get(dimension, frozenset()))
        r = family(said.get(dimension, frozenset()))
        d = family(declared.get(dimension, frozenset())) | r
        required = REQUIRED.get(dimension, frozenset())
        need = r if required is None else r & required
        if need - q_or_implied:
            return Mismatch(dimension, "unasked", tuple(sorted(need - q_or_implied)))
        field = q or q_or_implied  # said in words, else implied by a government named
        if dimension == "among" and r and field and not r & field:
            return Mismatch(dimension, "not held", tuple(sorted(field)))
        extra = q - d
        if dimension == "scope" and not d & {"new"} and not (d_kind & {"count"}):
            extra -= {"new"}  # 'its new factory': new says what the thing is, not the figure
        if dimension == "scope" and "new" not in r and "share" not in d_kind:
            # 'in total' of a metric that is not new, or of events in a period (signed,
            # put forward) whose name does not say new: all of them. 累计 of 新认定: no.
            # A share, or a rank of one, has no total (经费投入总量 is not 投入强度).
            extra -= {"total"}
        if dimension == "per" and d:
            extra -= {"average"}  # an average is a figure per some unit: any per-unit figure
        if dimension == "role" and d_kind & {"share"}:
            extra -= {"contribution"}  # a part's share of the whole is what it contributes
        if extra:
            return Mismatch(dimension, "not held", tuple(sorted(extra)))
    return None


def tier_unsaid(
    asked: Mapping[str, frozenset[str]],
    said: Mapping[str, frozenset[str]],
    declared: Mapping[str, frozenset[str]],
    implied: Mapping[str, frozenset[str]] | None = None,
) -> tuple[Mismatch | None, tuple[str, ...]]:
    """facet_mismatch, but a tier the metric's name says and the text does not is no
    disagreement by itself: '未来工厂培育上报企业' names the municipal call, the only one held.
    The tier is returned, for the caller to refuse a text that metrics of two tiers fit
    alike (钱塘的未来工厂: provincial or municipal?)."""
    mismatch = facet_mismatch(asked, said, declared, implied)
    if mismatch is None or mismatch.dimension != "tier" or mismatch.how != "unasked":
        return mismatch, ()
    waived = {**asked, "tier": asked.get("tier", frozenset()) | frozenset(mismatch.values)}
    if facet_mismatch(waived, said, declared, implied) is not None:
        return mismatch, ()
    return None, mismatch.values


def fits(
    store: Store,
    asked: Reading,
    limit: int = 24,
    implied: Mapping[str, frozenset[str]] | None = None,
    names_only: bool = False,
) -> list[Fit]:
    """`names_only`: a typed name is compared with the metric's names alone (a question
    with its names, definition and quotes)."""
    """The metrics the text's words point to, best first, each with how it fits."""
    found = store.metric_documents_matching(asked.terms, limit)
    if not found:
        return []
    readings = store.metric_readings(id for id, _ in found)
    metrics = store.metrics(id for id, _ in found)
    weights = store.weights
    events = store.lexicon.events
    out = []
    for metric_id, relevance in found:
        metric, reading = metrics.get(metric_id), readings.get(metric_id)
        if metric is None or reading is None:
            continue
        if names_only:
            reading = {**reading, "terms": sorted({t for n in reading["names"] for t in n})}
        fit = _fit(metric, reading, relevance, asked, weights, implied, events, names_only)
        if fit.mismatch is None and asked.counted:
            fit = _part_of_a_pair(store.lexicon, fit, asked)
        out.append(fit)
    # Among metrics that fit, one that is all the text says comes first ('新建的标准厂房':
    # the new factory space before all of it).
    out.sort(key=lambda f: (f.unheld, -f.score, bool(f.unsaid_tier), -f.relevance, f.metric.id))
    return out


def _fit(
    metric: Metric,
    reading: dict[str, object],
    relevance: float,
    asked: Reading,
    weights: Weights,
    implied: Mapping[str, frozenset[str]] | None = None,
    events: frozenset[str] = frozenset(),
    typed: bool = False,
) -> Fit:
    names = reading["names"]
    assert isinstance(names, list)
    covers = [covered_share(weights, n, asked.terms) if n else 0.0 for n in names]
    name_cover = max(covers, default=0.0)
    defined = reading.get("defined")
    if isinstance(defined, list) and not typed:
        # A question that says most of what the definition says names the metric as well.
        said_so = max((covered_share(weights, d, asked.terms) for d in defined if d), default=0.0)
        name_cover = max(name_cover, said_so)
    terms = reading["terms"]
    assert isinstance(terms, list)
    text_cover = covered_share(weights, asked.terms, terms)
    raw = reading["said"]
    assert isinstance(raw, dict)
    said = {d: frozenset(v) for d, v in raw.items()}
    # The name the text comes closest to says what it asks (the least, among equals).
    by_name = reading.get("name_facets")
    if isinstance(by_name, list) and covers and name_cover > 0:
        best = [by_name[i] for i, c in enumerate(covers) if c == name_cover and i < len(by_name)]
        if best:
            least = min(best, key=lambda f: sum(len(v) for v in f.values()))
            for dimension, values in least.items():
                if dimension in ("kind", "per", "tier", "scope"):
                    said[dimension] = said.get(dimension, frozenset()) | frozenset(values)
    # A question naming the event a metric counts (推荐, 签约, 认定…) asks for those of the
    # period: it says 'new' as the metric's name does.
    events = events & set(asked.terms) & {t for n in names for t in n}
    if events and "total" not in asked.facets.get("scope", frozenset()):
        implied = {**(implied or {}), "scope": frozenset({"new"})}
    # A typed name may leave a tier unsaid (the caller refuses it when another tier fits
    # too); a question's other words may point to another tier's figure, so it may not.
    if typed:
        mismatch, unsaid = tier_unsaid(asked.facets, said, metric.facets(), implied)
    else:
        mismatch = facet_mismatch(_counting(asked, metric), said, metric.facets(), implied)
        unsaid = ()
    if mismatch is None:
        mismatch = answer_mismatch(asked, metric)
    if mismatch is None and asked.counted and not weights.df.get(asked.counted[0]):
        # 'How many postgraduates…': an English plural no metric's words name is counted by
        # none of them, however well its other words fit (graduates are not postgraduates).
        # (A Chinese count's noun is read from characters, and may be a verb's: '一行多少人'.)
        head = asked.counted[0]
        if head.isascii() and head.isalpha():
            mismatch = Mismatch("counted", "not held", asked.counted[:1])
    if mismatch is None and asked.counted and weights.df.get(asked.counted[0]):
        # 'how many firms' counts firms: a count of teachers and students does not answer it.
        # (English may give two readings, the plural noun and the word after it: 'how many
        # students graduate' is answered by a count of graduates.)
        if not any(c in n for c in asked.counted for n in names):
            mismatch = Mismatch("counted", "not held", asked.counted[:1])
        heads = reading.get("heads")
        if mismatch is None and asked.counted_head and isinstance(heads, list) and heads:
            # …and counts them as its things, not as what they are of: 'how many cars' is not
            # answered by a count of carmakers, nor 'how many firms' by the grids they form.
            if not any(c in heads for c in asked.counted):
                mismatch = Mismatch("counted", "not held", asked.counted[:1])
    declared = metric.facets()
    unheld = sum(
        len(family(asked.facets.get(d, frozenset())) - family(declared.get(d, frozenset())))
        for d in ("kind", "scope", "per", "tier")
    )
    return Fit(metric, relevance, name_cover, text_cover, mismatch, unheld, unsaid)


# Two plural nouns joined ('teachers and students', 'smart factories and digital workshops'):
# a count of both. 'Upstream and downstream auto firms' joins modifiers of one noun.
PAIR = re.compile(r"^(.*\b[a-z]{2,}s) (?:and|&) (.+)$", re.IGNORECASE)


def _part_of_a_pair(lexicon: Lexicon, fit: Fit, asked: Reading) -> Fit:
    """'How many university students' is not answered by a count of teachers and students:
    a metric counting two kinds of thing answers a count of one of them only when the
    question names both, in the clause that asks when it has one."""
    counted = asked.counted[0]
    terms = asked.asking or asked.terms
    for name in (fit.metric.name.en, *fit.metric.aliases):
        pair = PAIR.match(name.strip())
        if pair is None:
            continue
        heads = [read_text(lexicon, side).terms for side in pair.groups()]
        if not all(heads):
            continue
        last = [terms[-1] for terms in heads]
        if counted in last and not set(last) <= set(terms):
            missing = tuple(t for t in last if t not in terms)
            return replace(fit, mismatch=Mismatch("counted", "part", missing))
    return fit


COUNTS = ("count", "streak")  # the kinds of figure that say how many


def _counting(asked: Reading, metric: Metric) -> Mapping[str, frozenset[str]]:
    """The facets a question asks of a count. 'How many counties were ranked in the report'
    asks how many, and its rank (and the field of it) says which things are counted: a
    position is asked by 第几 or 'what rank', never by 'how many' alone ('how many places
    did it rise' asks a change)."""
    facets = asked.facets
    if (
        metric.kind == "count"
        and "count" in facets.get("answer", frozenset())
        and facets.get("kind") == frozenset({"rank"})
    ):
        return {d: v for d, v in facets.items() if d not in ("kind", "among")}
    return facets


def answer_mismatch(asked: Reading, metric: Metric) -> Mismatch | None:
    """'How many' is answered by a count of things (or of years running), not an amount, an
    area or a share; 'how much' by an amount, a share or a change, not a count of things
    (unless a unit or a kind of figure asked says otherwise: 'how many mu', 'how many
    more')."""
    answer = asked.facets.get("answer", frozenset())
    kind = asked.facets.get("kind", frozenset())
    if "count" in answer and {"rank", "change"} <= kind and metric.kind == "rank":
        # 'How many places' a rank moved ('排名比上年前进了几位') is a change of the rank,
        # which the rank itself does not say.
        return Mismatch("answer", "not held", ("count",))
    if ("ordinal" in answer) != (metric.kind == "ordinal"):
        # 第几轮 asks which one of a series, which only an ordinal says; an ordinal (the
        # third round) is no count (three rounds raised) nor any other figure.
        return Mismatch("answer", "not held" if "ordinal" in answer else "unasked", ("ordinal",))
    if asked.facets.get("unit") or asked.facets.get("kind"):
        return None
    if "count" in answer and "amount" not in answer and metric.kind not in COUNTS:
        return Mismatch("answer", "not held", ("count",))
    if "amount" in answer and "count" not in answer and metric.kind == "count":
        return Mismatch("answer", "not held", ("amount",))
    return None


def describe(mismatch: Mismatch, lang: str, lexicon: Lexicon) -> str:
    """'growth' / '增速': what was asked or held, in words for a refusal (a facet's `says` in
    the lexicon; a count of another thing, or another unit, as the reader found them)."""
    if mismatch.dimension in OTHER_WORDS:
        en, zh = OTHER_WORDS[mismatch.dimension]
        return en if lang == "en" else zh
    said = lexicon.says(mismatch.dimension, mismatch.values[0], lang)
    if said is not None:
        return said
    return "the figure asked" if lang == "en" else "所问的数据"


# Mismatches that name no facet: what is counted, and the unit a figure is given in.
OTHER_WORDS = {
    "counted": ("a count of what was asked", "那类对象的数量"),
    "unit": ("a figure in the unit asked", "所问单位的数据"),
}
