"""The fact base as frozen value records.

One `Entity` class serves regions, parks, companies and organisations: they
share names, aliases and evidence, and the query code treats them alike; the
kind-specific fields (level, type, sector, focus…) are simply empty where they
do not apply. Every fact and observation carries its source id and a verbatim
quote; `origin` ("file:line") locates the record for error messages and is left
out of comparisons.
"""

from __future__ import annotations

from typing import Any

from qtcli.records import record

ENTITY_KINDS = ("region", "park", "company", "org")
# The years a figure, a fact or a question may be about: the People's Republic to the century's end.
YEAR_RANGE = (1949, 2100)
PLURALS = {"region": "regions", "park": "parks", "company": "companies", "org": "orgs"}
EN_SOURCES = ("established", "pinyin", "translated")
QUALIFIERS = ("exact", "about", "over", "nearly", "at_least", "at_most")
STATUSES = ("actual", "target", "plan", "forecast", "recurring")
METRIC_KINDS = (
    "amount",
    "count",
    "share",
    "growth",
    "rank",
    "index",
    "ratio",
    "duration",
    "area",
    "multiple",
    "change",
    "streak",
    "ordinal",  # which one of a series: the third funding round
)


@record
class Text:
    """A short text in both languages."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


@record
class Name:
    """A name in Chinese and English; `en_source` says whether the English is
    the entity's established name or our pinyin/translated rendering."""

    zh: str
    en: str
    en_source: str = "established"

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en, "en_source": self.en_source}


@record
class Related:
    id: str
    relation: str


@record
class Source:
    id: str
    file: str
    sha256: str
    title: Text
    authors: tuple[Name, ...]
    date: str
    date_basis: Text
    kicker: Text | None = None
    not_before: str | None = None
    note: Text | None = None
    origin: str = ""  # "file:line"; not compared


@record
class Entity:
    kind: str
    id: str
    name: Name
    source: str
    quote: str
    aliases: tuple[str, ...] = ()
    note: Text | None = None
    level: str | None = None  # regions: country, province, city, district…
    type: str | None = None  # parks and orgs: development-zone, university…
    region: str | None = None  # where it is (for a region: None; see parent)
    region_note: Text | None = None
    park: str | None = None
    parent: str | None = None  # region of a region, park of a park, company of a company
    sector: Text | None = None
    focus: tuple[Text, ...] = ()
    related: tuple[Related, ...] = ()
    origin: str = ""  # "file:line"; not compared


@record
class Metric:
    """What a figure measures. `kind` and the facets say what kind of figure it is, in the
    lexicon's words (facts/lexicon.toml): a growth rate, a rank among the cities of a
    province, a count of new firms, a figure per mu, a provincial title."""

    id: str
    name: Text
    unit: str
    kind: str
    definition: Text
    aliases: tuple[str, ...] = ()
    noun: str | None = None
    of: str | None = None  # the kind of figure a rank or share is taken of: 'growth'
    base: str | None = None  # the metric this one ranks, grows or changes: rd-intensity
    scope: str | None = None  # new (in the period) or total
    per: str | None = None  # mu, worker
    among: str | None = None  # city, province, nation (a rank's field)
    tier: str | None = None  # national, provincial, municipal
    role: str | None = None  # contribution
    origin: str = ""  # "file:line"; not compared

    def facets(self) -> dict[str, frozenset[str]]:
        """The facets it declares, by dimension (kind holds `of` too). A dimension may hold
        several values, comma-separated: 市级以上 is tier "municipal, provincial, national"."""

        def values(raw: str | None) -> list[str]:
            return [v.strip() for v in (raw or "").split(",") if v.strip()]

        out = {"kind": frozenset((self.kind, *values(self.of)))}
        for dimension in ("scope", "per", "among", "tier", "role"):
            if held := values(getattr(self, dimension)):
                out[dimension] = frozenset(held)
        return out


@record
class Observation:
    """One value of a metric for a subject, as one source states it."""

    key: str  # stable id: "<file stem>#o<n>"
    metric: str
    subject: str
    value: int | float
    unit: str
    source: str
    quote: str
    qualifier: str = "exact"
    year: int | None = None
    period: str | None = None
    status: str = "actual"
    printed: str | None = None
    misprint: bool = False
    reading: str | None = None  # why a value is an interpretation (两位数增长 → at least 10%)
    also_quoted: tuple[str, ...] = ()
    note: Text | None = None
    as_of: str | None = None  # a stock counted at this date ('2022-09') or span ('2022-01/2022-08')
    origin: str = ""  # "file:line"; not compared


@record
class Fact:
    """A qualitative fact about an entity (an award, a listing, an order…)."""

    key: str  # stable id: "<file stem>#f<n>"
    subject: str
    text: Text
    source: str
    quote: str
    about: tuple[str, ...] = ()
    topic: str | None = None
    year: int | None = None
    date: str | None = None
    period: str | None = None
    also_quoted: tuple[str, ...] = ()
    note: Text | None = None
    origin: str = ""  # "file:line"; not compared


@record
class Uncovered:
    """A number in an article that no quote covers, with the reason why."""

    source: str
    number: str
    context: str
    reason: str
    origin: str = ""  # "file:line"; not compared


@record
class LexiconEntry:
    """One entry of facts/lexicon.toml: a facet value, a concept, or stop words."""

    kind: str  # facet, concept, stop or contrast
    name: str  # 'kind=growth' for a facet, the id of a concept, 'stop', 'copula', 'contrast'
    phrases: tuple[str, ...]
    event: bool = False  # a concept that happens in a period: 签约, 推荐, 认定 (see metrics.py)
    # Phrases (among `phrases`) with other senses too: 'cover' is an area in 'covers 150 mu'
    # and not in 'firms covered by the clean-up'. They point to the concept; an answer
    # need not account for a concept that only they name.
    loose: tuple[str, ...] = ()
    origin: str = ""  # "file:line"; not compared
    # The unit facets a concept is measured in: an area in square metres or mu. A question
    # measuring it (多大面积) is answered by a figure in one of them.
    units: tuple[str, ...] = ()
    # How a refusal names a facet value, (Chinese, English): 'the base holds X, not 增速'.
    says: tuple[str, ...] = ()
    # A concept that sets a figure's scene and never narrows what it measures: a programme
    # (新制造业计划) under which the projects landed. An answer accounts for it when a fact
    # the same article dates to the figure's year says it of the figure's subject.
    scene: bool = False

    @property
    def dimension(self) -> str:
        return self.name.partition("=")[0]

    @property
    def value(self) -> str:
        return self.name.partition("=")[2]


@record
class Draft:
    """A record proposed by `qt draft`, kept out of lookups until a person accepts it."""

    kind: str  # observation, fact, region, park, company or org
    record: Observation | Fact | Entity
    review: str  # pending or rejected (see review.py)


class FactBase:
    """Everything loaded from a facts directory (built up by the loader, so mutable)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.sources: dict[str, Source] = {}
        self.entities: dict[str, Entity] = {}
        self.metrics: dict[str, Metric] = {}
        self.observations: list[Observation] = []
        self.facts: list[Fact] = []
        self.uncovered: list[Uncovered] = []
        self.lexicon: list[LexiconEntry] = []
        self.drafts: list[Draft] = []  # records marked `review`: not in the index
        self.files: list[str] = []

    def entities_of(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]

    def counts(self) -> dict[str, Any]:
        """How much the fact base holds, by kind (for `qt check` and `--version`)."""
        counts: dict[str, Any] = {"sources": len(self.sources)}
        for kind in ENTITY_KINDS:
            counts[PLURALS[kind]] = len(self.entities_of(kind))
        counts["metrics"] = len(self.metrics)
        counts["observations"] = len(self.observations)
        counts["facts"] = len(self.facts)
        counts["uncovered"] = len(self.uncovered)
        return counts
