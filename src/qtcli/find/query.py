"""Answers to what users ask: an entity's profile, a metric's observations, a search.

Each function takes a `Store` and plain arguments and returns a record of
model objects, or raises NotFound / UsageError with a sentence fit for a user.
Rendering (tables, JSON) is done elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

from qtcli.errors import NotFound, UsageError
from qtcli.factbase.lexicon import Reading
from qtcli.factbase.model import ENTITY_KINDS, Entity, Fact, Metric, Observation, Source, Text
from qtcli.find.search import FOUND, Match, Matcher, Query, read_query, split_found
from qtcli.index.normalize import fold, fold_words, has_cjk, holds_words
from qtcli.index.store import ObservationRow, Store
from qtcli.present.wording import period_years, when_text, with_article
from qtcli.records import record, replace

if TYPE_CHECKING:
    from qtcli.factbase.lexicon import Unit
    from qtcli.find.mentions import Mention
    from qtcli.find.metrics import Fit

MAX_QUERY = 200  # characters; longer input is not a name
MAX_QUESTION = 500  # characters; a question may set the scene, within reason
MAX_CHAIN = 12  # places in a location chain; a longer one would be a cycle in hand-edited facts
KIND_WORDS = {
    "region": "region",
    "park": "park or platform",
    "company": "company",
    "org": "organisation",
    "metric": "metric",
}
KIND_WORDS_ZH = {
    "region": "地区",
    "park": "园区或平台",
    "company": "企业",
    "org": "机构",
    "metric": "指标",
    "entity": "地点",
}
# What a cleaned text is, in Chinese (clean_query's `what`).
WHAT_ZH = {
    "--sector value": "--sector 的值",
    "key": "键",
    "query": "查询",
    "question": "问题",
    "source id": "来源 ID",
    "--region value": "--region 的值",
}


def clean_query(query: str, what: str = "query") -> str:
    """Reject queries that cannot be names: empty, blank, too long, or only control characters.
    A question may be longer than a name (MAX_QUESTION), but not without bound."""
    # Any space (an ideographic one from a Chinese keyboard, a no-break space) separates
    # words as a space does; other characters that print nothing are dropped.
    text = "".join(" " if ch.isspace() else ch for ch in query if ch.isprintable() or ch.isspace())
    text = text.encode("utf-8", errors="ignore").decode("utf-8").strip()
    what_zh = WHAT_ZH.get(what, what)
    if not text:
        if what == "question":
            raise UsageError(
                "the question is empty; ask, e.g., What was Qiantang's R&D intensity in 2021?",
                "问题为空;可以这样问:钱塘区2021年R&D经费投入强度是多少?",
            )
        raise UsageError(
            f"the {what} is empty; give a name, e.g. 中策橡胶 or Zhongce Rubber",
            f"{what_zh}为空;请给出名称,如 中策橡胶 或 Zhongce Rubber",
        )
    limit, kind = (MAX_QUESTION, "questions") if what == "question" else (MAX_QUERY, "names")
    if len(text) > limit:
        raise UsageError(
            f"the {what} is {len(text)} characters long; {kind} are at most {limit}",
            f"{what_zh}长 {len(text)} 个字符;{what_zh}最多 {limit} 个字符",
        )
    return text


def _did_you_mean(
    store: Store, matches: Sequence[Match], query: Query, spaces: Sequence[str]
) -> list[str]:
    """Up to five names to suggest, one per record, from weak matches or, failing that, loose
    fuzzy ones; a metric is named with its id, which is what `qt metric` takes best."""
    found: dict[str, str] = {}
    for m in matches:
        found.setdefault(m.id, m.text)
    if len(found) < 5:
        for id, text in _loose_suggestions(store, query, spaces, 5 - len(found), set(found)):
            found.setdefault(id, text)
    if spaces == ("metric",):
        return [f"{text} ({id})" for id, text in list(found.items())[:5]]
    return list(found.values())[:5]


def _loose_suggestions(
    store: Store, query: Query, spaces: Sequence[str], limit: int, exclude: set[str]
) -> list[tuple[str, str]]:
    from rapidfuzz import fuzz, process

    if not query.key or store.large:
        return []
    rows = store.names(spaces)
    choices = [row[2] for row in rows]
    found = process.extract(
        query.key, choices, scorer=fuzz.WRatio, limit=limit * 6, score_cutoff=45
    )
    out: dict[str, str] = {}
    for _, _, index in found:
        target, text = rows[index][0], rows[index][3]
        if target not in exclude:
            out.setdefault(target, text)
    return list(out.items())[:limit]


SURE_OF_ANOTHER_KIND = 92.0  # a name of another kind matched this well is named in the hint
# Kinds of figure a typed name need not say: a quote tells what an amount, count, area or
# duration is of, but a share, growth or rank is a kind of figure the words must ask for.
PLAIN_KINDS = frozenset({"amount", "area", "count", "duration"})
WRITTEN_AS = ("name", "en", "id", "alias", "stripped")  # ways a name is matched as written
SHORTENED = ("prefix", "abbreviation")  # a name cut short, its characters kept in order
SURE_SHORT = 80.0  # a short form of another kind's name matched this well is that record


def not_found(
    store: Store,
    query: Query,
    kind: str,
    matches: Sequence[Match],
    spaces: Sequence[str],
    refused: Sequence[tuple[str, str]] = (),
) -> NotFound:
    """The exit-1 error: say nothing matched, name close candidates, point to another kind if
    it fits. `refused`: metrics (id, name) whose words fit but which measure another kind of
    figure."""
    elsewhere = elsewhere_zh = ""
    other_spaces = [k for k in (*ENTITY_KINDS, "metric") if k not in spaces]
    if other_spaces:
        best, _ = split_found(Matcher(store).find(query, other_spaces))
        if best is not None and best.score >= SURE_OF_ANOTHER_KIND:
            try_it = f"'qt {best.space} {best.text}'"
            elsewhere = f"; '{best.text}' is {with_article(KIND_WORDS[best.space])}: try {try_it}"
            elsewhere_zh = f";“{best.text}”是{KIND_WORDS_ZH[best.space]}:请试 {try_it}"
    if refused:
        ids = list(dict.fromkeys(id for id, _ in refused))
        metrics = store.metrics(ids)
        held = [metrics[i] for i in ids if i in metrics]
        return NotFound(
            f"no metric measures what '{query.text}' asks for; nearest, measuring another "
            f"kind of figure: {'; '.join(f'{m.name.en} ({m.id})' for m in held)}",
            f"没有指标衡量“{query.text}”所问的内容;最接近的是另一类数据:"
            f"{'、'.join(f'{m.name.zh} ({m.id})' for m in held)}",
            ids,
        )
    candidates = _did_you_mean(store, matches, query, spaces)
    names = ", ".join(candidates)
    hint = f"; did you mean: {names}?" if candidates and not elsewhere else ""
    hint_zh = f";你是不是要找:{'、'.join(candidates)}?" if candidates and not elsewhere else ""
    return NotFound(
        f"no {KIND_WORDS.get(kind, kind)} matches '{query.text}'{elsewhere}{hint}",
        f"没有与“{query.text}”匹配的{KIND_WORDS_ZH.get(kind, kind)}{elsewhere_zh}{hint_zh}",
        candidates,
    )


# --------------------------------------------------------------------- entities
@record
class EntityAnswer:
    query: str
    match: Match
    entity: Entity
    other_matches: list[Match]
    facts: list[Fact]
    observations: list[ObservationRow]
    members: list[tuple[Entity, str]]  # (entity, relation: park, region, parent, related)
    chain: list[Entity]  # where it is: park, parent park, region, parent regions…
    entities: dict[str, Entity]  # every entity the answer mentions, by id
    metrics: dict[str, Metric]
    sources: dict[str, Source]


def spaces_for(kind: str) -> tuple[str, ...]:
    return ENTITY_KINDS if kind == "entity" else (kind,)


def resolve_entity(
    store: Store, text: str, kind: str, what: str = "query"
) -> tuple[Match, list[Match]]:
    spaces = spaces_for(kind)
    query = read_query(clean_query(text, what), store.t2s)
    matches = Matcher(store).find(query, spaces, best=True)
    best, close = split_found(matches)
    if best is None:
        raise not_found(store, query, kind, matches, spaces)
    return best, close


def _chain(store: Store, entity: Entity) -> list[Entity]:
    """Where the entity sits, as one path outward, as the fact base states containment: its
    park, that park's parent park and so on; then the region the innermost place is in (the
    park's, or the entity's own when the park names none, or a park's or region's own), and
    that region's parents. 矽力杰: 萧山特别合作园 › 杭州高新区(滨江) › 萧山区 › 杭州市 › …: the
    parent park lies in 滨江区, but the chain never leaves the path of the place it started from.
    A firm's innermost place is its park; a park's is the park itself."""
    out: list[Entity] = []
    seen = {entity.id}

    def step(id: str | None) -> Entity | None:
        found = store.entity(id) if id and id not in seen and len(out) < MAX_CHAIN else None
        if found is not None:
            seen.add(found.id)
            out.append(found)
        return found

    park = step(entity.park or (entity.parent if entity.kind == "park" else None))
    innermost = park if park is not None and entity.park else entity
    while park is not None:
        park = step(park.parent)
    region_id = entity.parent if entity.kind == "region" else innermost.region or entity.region
    region = step(region_id)
    while region is not None:
        region = step(region.parent)
    return out


def lookup_entity(store: Store, kind: str, query: str, by_id: bool = False) -> EntityAnswer:
    """The profile of the entity best matching `query`, or (by_id) of the one with that id."""
    if by_id:
        match, close = Match(query, kind, 100.0, "id", query), list[Match]()
    else:
        try:
            match, close = resolve_entity(store, query, kind)
        except NotFound as missing:
            other = _of_another_kind(store, query, kind)
            if other is None:
                raise missing from None
            match, close = other
    entity = store.entity(match.id)
    assert entity is not None  # the index only matches ids it holds
    facts = store.facts_about(entity.id)
    observations = store.observations_of(entity.id)
    member_rows = store.members_of(entity.id)
    chain = _chain(store, entity)
    wanted = {m for m, _ in member_rows} | {x for f in facts for x in (f.subject, *f.about)}
    wanted |= {r.id for r in entity.related} | {m.id for m in close}
    entities = store.entities(wanted)
    entities.update({e.id: e for e in chain})
    entities[entity.id] = entity
    members = [(entities[m], rel) for m, rel in member_rows if m in entities]
    metrics = store.metrics({o.observation.metric for o in observations})
    source_ids = (
        {f.source for f in facts} | {o.observation.source for o in observations} | {entity.source}
    )
    return EntityAnswer(
        query=query,
        match=match,
        entity=entity,
        other_matches=close,
        facts=facts,
        observations=sorted(observations, key=lambda r: _obs_order(r, metrics)),
        members=members,
        chain=chain,
        entities=entities,
        metrics=metrics,
        sources=store.sources(source_ids),
    )


def _of_another_kind(store: Store, text: str, kind: str) -> tuple[Match, list[Match]] | None:
    """The record a name surely names when it is of another kind than the one asked: the
    line between a company, an organisation and a park is not the user's to know (联想新视界
    工业互联网研究院, asked as a company, is an institute). Its profile says its kind. Sure
    means the name as written, one of its names or aliases (corporate suffixes aside), or
    one cut short, its characters in order, matched well (钱塘低空智谷): a pinyin reading, a
    slip or a looser part of another kind's name is a guess across kinds, and the not-found
    error names it instead."""
    query = read_query(clean_query(text), store.t2s)
    others = [k for k in ENTITY_KINDS if k not in spaces_for(kind)]
    best, close = split_found(Matcher(store).find(query, others))
    if best is None:
        return None
    if best.how in WRITTEN_AS or (best.how in SHORTENED and best.score >= SURE_SHORT):
        return best, close
    return None


def another_kind(answer: EntityAnswer, kind: str) -> Text:
    """What stderr says when a name asked as one kind is shown as another."""
    e, text = answer.entity, answer.match.text
    try_it = f"qt {e.kind} {text}"
    return Text(
        zh=f"“{text}”是{KIND_WORDS_ZH[e.kind]},不是{KIND_WORDS_ZH.get(kind, kind)},按{KIND_WORDS_ZH[e.kind]}显示({try_it})",
        en=f"'{text}' is {with_article(KIND_WORDS[e.kind])}, not {with_article(KIND_WORDS.get(kind, kind))}: shown as one ({try_it})",
    )


def _obs_order(row: ObservationRow, metrics: dict[str, Metric]) -> tuple[str, int, str, str]:
    o = row.observation
    metric = metrics.get(o.metric)
    return (
        metric.name.en if metric else o.metric,
        o.year if o.year is not None else 9999,
        o.period or "",
        o.key,
    )


# ----------------------------------------------------------------------- metrics
@record
class MetricAnswer:
    query: str
    match: Match
    metric: Metric
    other_matches: list[Match]
    observations: list[ObservationRow]
    year: int | None
    place: Entity | None
    year_fallback: bool  # no observation for `year`; these are the undated ones
    entities: dict[str, Entity]
    sources: dict[str, Source]
    available_years: tuple[int, ...] = ()
    period: str | None = None  # the months or quarter a typed name gives ('1-8月')


def no_figure(answer: MetricAnswer) -> NotFound:
    """Why a metric that matched shows no figure (or only undated ones): none for that place,
    year or period."""
    metric = answer.metric
    where = f" for {answer.place.name.en}" if answer.place else ""
    where_zh = answer.place.name.zh if answer.place else ""
    when = when_text(answer.year, answer.period, "actual", "en")
    when = f" for {when}" if when else ""
    when_zh = when_text(answer.year, answer.period, "actual", "zh")
    years = ", ".join(map(str, answer.available_years))
    has = f"; it has figures for {years}" if years else ""
    has_zh = f";已有年份:{'、'.join(map(str, answer.available_years))}" if years else ""
    if answer.year_fallback:
        has += "; its undated figures are shown"
        has_zh += ";以下为未注明年份的数据"
    return NotFound(
        f"'{metric.name.en}' ({metric.id}) has no figure{where}{when}{has}",
        f"“{metric.name.zh}”({metric.id})没有{where_zh}{when_zh}的数据{has_zh}",
    )


def resolve_place(store: Store, place: str) -> Entity:
    match, _ = resolve_entity(store, place, "entity", "--region value")
    entity = store.entity(match.id)
    assert entity is not None
    return entity


def _in_year(row: ObservationRow, year: int) -> bool:
    span = period_years(row.observation.year, row.observation.period)
    return span is not None and span[0] <= year <= span[1]


def _filtered(
    rows: list[ObservationRow],
    year: int | None,
    period: str | None = None,
    published: dict[str, str] | None = None,
) -> tuple[list[ObservationRow], bool]:
    """The rows of `year` (of `period` only, when a name gives one: a figure for the whole
    year does not answer for its first quarter); else the undated ones of articles published
    that year (a stock or share told as it stands is of the year it was printed, by
    `published`, each source's date); else the other undated ones as a fallback."""
    if period is not None:
        return [r for r in rows if r.observation.period == period], False
    if year is None:
        return rows, False
    dated = [r for r in rows if _in_year(r, year)]
    if dated:
        return dated, False
    undated = [r for r in rows if r.observation.year is None and r.observation.period is None]
    printed = [
        r for r in undated if published_year((published or {}).get(r.observation.source)) == year
    ]
    if printed:
        return printed, False
    return undated, bool(undated)


def published_year(date: str | None) -> int | None:
    """The year of a source's date ('2022-06-10', '2022'), if it says one."""
    return int(date[:4]) if date and date[:4].isdigit() else None


def source_dates(store: Store, rows: Sequence[ObservationRow]) -> dict[str, str]:
    """The date of each source these figures cite, by its id."""
    return {id: s.date for id, s in store.sources({r.observation.source for r in rows}).items()}


EXACT = 97.0  # an exact name, alias or id
SURE = 90.0  # below this, close runner-ups make a typed name ambiguous


# How a name matches when the typed text sounds as it does without being its words (a slip
# of another character, as 增束 for 增速, is not among them: it may mean something else).
SPELT_OTHERWISE = ("homophone", "mixed", "pinyin", "initials", "acronym")
TYPOS = ("homophone", "fuzzy")


def _metric_candidates(
    store: Store,
    query: Query,
    held: dict[str, float] | None = None,
    theirs: Collection[str] = (),
) -> tuple[list[Match], dict[str, set[str]]]:
    """Metrics a typed name asks for, best first. An exact name, alias or id settles it.
    Otherwise a metric is a candidate when its name matches (a part of it, a typo, a short
    form) or its words fit the typed ones (find/metrics.py), and in either case only when
    the kind of figure the name asks for is the kind the metric is: 规上工业产值增长率 is
    not the output itself, 外贸进出口额 not a share of it. Places in the name are read as
    places (在杭州排名: a rank within the city); a unit named must be the metric's.
    `held` favours metrics recorded for --region. Several close candidates and none sure:
    the name is ambiguous."""
    from qtcli.find.metrics import NAME_FIT, fits, tier_unsaid

    by_name = Matcher(store).find(query, ("metric",))
    exact = [m for m in by_name if m.score >= EXACT]
    parts = None if exact else _parts(store, query.text)
    if parts is not None and (rest := _unnamed(parts, store.t2s)):
        # '松下马达研发项目': a firm's, and the rest is a metric's own name.
        exact = [m for m in Matcher(store).find(rest, ("metric",)) if m.score >= EXACT]
    if exact:
        return exact, {}
    asked, implied = _read_name(store, query.text, parts)
    units = store.lexicon.units_of(query.text)
    named = [m for m in by_name[:40] if m.score >= FOUND]
    readings = store.metric_readings(m.id for m in named)
    metrics = store.metrics(m.id for m in named)
    scored: dict[str, Match] = {}
    refused: list[tuple[str, str]] = []
    context: dict[str, set[str]] = {}  # the keys of the figures a longer name's words select
    unsaid_tier: set[str] = set()  # named but for the tier its name says
    for m in named:
        metric, reading = metrics.get(m.id), readings.get(m.id)
        if metric is None or reading is None:
            continue
        said = {d: frozenset(v) for d, v in reading["said"].items()}
        # A name typed with a slip or spelt in pinyin (增束 for 增速, 基占 for 基站, zengsu)
        # asks what the name it stands for says: its facets are read from that name, not from
        # the slip (占 alone is 'share').
        read, read_implied = (
            _read_name(store, m.text) if m.how in SPELT_OTHERWISE else (asked, implied)
        )
        mismatch, tier = tier_unsaid(read.facets, said, metric.facets(), read_implied)
        if mismatch is not None:
            refused.append((metric.id, metric.name.en))
            continue
        if tier:
            unsaid_tier.add(m.id)
        # Found inside the longer text typed, whole or with characters between (an expansion,
        # 省级未来工厂 in 省级未来工厂培育上报企业).
        inside = m.how == "contains" or (
            m.how == "abbreviation"
            and bool(query.keys)
            and len(fold(m.text, store.t2s)) < len(query.keys[0])
        )
        if inside and not _named_whole(read, reading):
            # A name inside a longer one that names more than the metric says: the other
            # words must say which of its figures ('特殊物品监管联动部门': the departments
            # of the mechanism whose record says special goods), else it is another figure.
            selected = _saying(store, store.observations_for(m.id), _unsaid(read, reading))
            if not selected:
                continue
            context[m.id] = {r.observation.key for r in selected}
        scored[m.id] = replace(m, score=m.score + (held or {}).get(m.id, 0.0))
    fitting = fits(store, asked, implied=implied, names_only=True)
    head = name_head(asked.terms, store.lexicon.events)
    naming = [f for f in fitting if f.fits(NAME_FIT) or _its_own(f, theirs)]
    saying = store.metric_readings(f.metric.id for f in naming)
    for fit in fitting:
        if fit.mismatch is not None and fit.name_cover >= NAME_FIT[0]:
            refused.append((fit.metric.id, fit.metric.name.en))
        if fit not in naming:
            continue
        # A name ends in what it measures (in Chinese and English alike): a metric whose names
        # and definition do not say that last word is not named ('5G基站密度', '制造业投资增束';
        # 'R&D强度全市排名年数' asks for a number of years, not the rank). A unit named says it
        # instead ('低效用地整治亩数': land in mu), and must be the metric's (below).
        reading = saying.get(fit.metric.id, {})
        own = {t for n in reading.get("names", ()) for t in n} | set(reading.get("core", ()))
        if head is not None and head not in own and not units:
            continue
        if fit.unsaid_tier:
            unsaid_tier.add(fit.metric.id)
        score = fit.score + (held or {}).get(fit.metric.id, 0.0)
        if fit.metric.id not in scored or scored[fit.metric.id].score < score:
            scored[fit.metric.id] = Match(
                fit.metric.id, "metric", score, "words", fit.metric.name.zh
            )
    if units:  # '低效用地整治亩数' is land in mu, not a count of parcels
        kept = store.metrics(scored)
        for id in list(scored):
            if id not in kept:
                continue
            metric = kept[id]
            names = (metric.name.zh, metric.name.en, *metric.aliases)
            named_units = set().union(*(store.lexicon.units_of(n) for n in names))
            asked_units = units - named_units  # '100亩以上连片地块' names mu, asks plots
            if asked_units and not asked_units & store.lexicon.units_of(metric.unit):
                refused.append((id, metric.name.en))
                del scored[id]
    ranked = sorted(scored.values(), key=Match.sort_key)
    best, close = split_found(ranked)
    if best is None:
        raise not_found(store, query, "metric", ranked, ("metric",), refused)
    if best.score < SURE and close:
        raise _ambiguous(store, query, [best, *close])
    if best.id in unsaid_tier:
        # A tier unsaid: any other metric the name fits, of another tier or none, may be
        # the one meant (钱塘未来工厂: the provincial ones or the municipal ones?).
        tiers = {id: m.tier for id, m in store.metrics(m.id for m in ranked).items()}
        rivals = [m for m in ranked[1:] if tiers.get(m.id) != tiers.get(best.id)]
        if rivals:
            raise _ambiguous(store, query, [best, *rivals[:5]])
    return [best, *close], {m.id: context[m.id] for m in (best, *close) if m.id in context}


def _its_own(fit: Fit, theirs: Collection[str]) -> bool:
    """'Panasonic Motor R&D growth': a record named narrows the metrics to its own; one of
    them whose names say every word typed (and half of whose best name is typed) is named,
    as a question's words name a metric (find/metrics.QUESTION_FIT)."""
    from qtcli.find.metrics import QUESTION_FIT

    return (
        fit.metric.id in theirs
        and fit.mismatch is None
        and fit.text_cover >= 1.0
        and fit.name_cover >= QUESTION_FIT[0] - 0.1
    )


def _dated(store: Store, text: str, year: int | None) -> tuple[str, int | None, str | None]:
    """A typed name without the dates it gives, with the year and period they say ('' when
    the name is nothing but a date). Months or a quarter without a year are of `year`
    (--year): '制造业投资额 1-8月' with --year 2022 asks for January to August 2022."""
    from qtcli.factbase.lexicon import units
    from qtcli.find.dates import read_when

    folded, found = units(text, store.t2s)
    when = read_when(folded, found)
    if when.year is None and year is not None:
        folded, found = units(f"{year}年 {text}", store.t2s)
        when = read_when(folded, found)
    if not when.dated or when.year is None:
        return text, None, None
    # Each run of date units is cut whole, with what stands between them ('1-8月') and the 年
    # of a year; the rest of the name is kept as written.
    cut = set(when.dated)
    cut |= {i for i in range(1, len(found)) if i - 1 in when.dated and found[i].text == "年"}
    kept, at = [], 0
    for i in sorted(cut):
        if i - 1 in cut:
            continue
        last = i
        while last + 1 in cut:
            last += 1
        kept.append(folded[at : found[i].start])
        at = found[last].end
    kept.append(folded[at:])
    return " ".join("".join(kept).split()), when.year, when.period


def _named_whole(asked: Reading, reading: dict[str, Any]) -> bool:
    """Whether a metric says every word typed (places and dates aside), as a name found
    inside a longer one must: 'R&D投资' holds 投资 and asks R&D investment; '5G基站密度'
    holds 5G基站 and asks a density; '制造业投资增束' may be a growth rate mistyped."""
    core = set(reading.get("core", ()))
    return all(t in core or t in asked.loose for t in asked.terms)


def _unsaid(asked: Reading, reading: dict[str, Any]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words typed (but loose ones), in order, and those a metric's names and definition
    say."""
    core = set(reading.get("core", ()))
    typed = tuple(t for t in asked.terms if t in core or t not in asked.loose)
    return typed, frozenset(typed) & core


def _saying(
    store: Store,
    rows: list[ObservationRow],
    words: tuple[tuple[str, ...], frozenset[str]],
    texts_of: Callable[[ObservationRow], list[str]] | None = None,
) -> list[ObservationRow]:
    """The figures whose own record (quote, note, subject's names) says each typed word the
    metric does not. A pair of characters between two words said ('物品监管': 品监) is where
    they meet, not a word."""
    from qtcli.factbase.lexicon import read_text

    typed, said = words
    if name_head(typed, store.lexicon.events) not in said:
        return []  # a name ends in what it measures, which the metric must say itself
    entities = store.entities({r.observation.subject for r in rows})
    kept = []
    for r in rows:
        texts = (texts_of or row_texts)(r)
        subject = entities.get(r.observation.subject)
        if subject is not None:
            texts += [subject.name.zh, subject.name.en, *subject.aliases]
        own = said | {t for text in texts for t in read_text(store.lexicon, text).terms}
        if all(
            t in own
            or 0 < i < len(typed) - 1
            and _joint(typed, i)
            and {typed[i - 1], typed[i + 1]} <= own
            for i, t in enumerate(typed)
        ):
            kept.append(r)
    return kept


def name_head(terms: Sequence[str], events: frozenset[str]) -> str | None:
    """What a typed name measures: its last word, but for events that end it ('未来工厂培育
    名单入选': the list's firms, selected; '高新企业推荐认定': the firms)."""
    i = len(terms) - 1
    while i > 0 and terms[i] in events:
        i -= 1
    return terms[i] if terms else None


def row_texts(row: ObservationRow) -> list[str]:
    """What a figure's own record says in words: its quotes and its note."""
    o = row.observation
    texts = [o.quote, *o.also_quoted]
    if o.note:
        texts += [o.note.zh, o.note.en]
    return texts


CLAUSE_BREAKS = re.compile(r"[，,；;。：:、？！?!（）()]")


def figure_clause(row: ObservationRow) -> list[str]:
    """The clause of each quote that prints the figure: what a quote says around another
    figure is not said of this one ('技改投资51.41亿元,占工业投资的50.1%': the 51.41 is no
    industrial investment). A figure printed in words, or not at all, has no clause."""
    o = row.observation
    if not isinstance(o.value, (int, float)):
        return []
    printed = f"{o.value:g}"
    digits = re.compile(rf"(?<![0-9.]){re.escape(printed)}(?![0-9])")
    return [
        clause
        for quote in (o.quote, *o.also_quoted)
        for clause in CLAUSE_BREAKS.split(quote)
        if digits.search(clause)
    ]


def _joint(terms: tuple[str, ...], i: int) -> bool:
    """Whether terms[i] is the pair of characters where the words beside it meet."""
    before, here, after = terms[i - 1], terms[i], terms[i + 1]
    return len(here) == 2 and has_cjk(here) and before[-1:] == here[0] and after[:1] == here[1]


def _named_in(store: Store, query: Query) -> Entity | None:
    """The one place, park, firm or organisation a typed metric name names ('中策橡胶投资',
    'Qiantang R&D intensity'), whose own figures it asks for; None when it
    names none or several, or is a metric's own name or id (read no further: the common case,
    kept as fast as it was)."""
    if query.keys and store.keys_equal(query.keys[0], ("metric",)):
        return None
    return named_record(store, query.text, regions=True)


def named_record(store: Store, text: str, regions: bool = False) -> Entity | None:
    """The one firm, park or organisation (or region, with `regions`) a typed text names, or
    None (a region is a field, as --region is, unless asked for)."""
    from qtcli.factbase.lexicon import units
    from qtcli.find.mentions import capitals, mentions

    cleaned = clean_query(text)
    _, found = units(cleaned, store.t2s)
    named = {
        m.entity.id: m.entity
        for m in mentions(store, found, capitals(cleaned))
        if regions or m.entity.kind != "region"
    }
    return next(iter(named.values())) if len(named) == 1 else None


Parts = tuple[str, list["Unit"], list["Mention"]]  # a text folded, its units, records it names


def _parts(store: Store, text: str) -> Parts:
    """A typed text folded, its units, and the places, firms and parks it names (read once
    for both _read_name and _unnamed)."""
    from qtcli.factbase.lexicon import units
    from qtcli.find.mentions import capitals, mentions

    folded, found = units(text, store.t2s)
    return folded, found, mentions(store, found, capitals(text))


def _read_name(
    store: Store, text: str, parts: Parts | None = None
) -> tuple[Reading, dict[str, frozenset[str]]]:
    """A typed metric name read as a question's words are, with the places and dates it
    names set apart and what naming the places implies (杭州: within the city)."""
    from qtcli.factbase.lexicon import read, units_quoted
    from qtcli.find.dates import date_units
    from qtcli.find.mentions import implied_by_governments

    folded, found, named = parts if parts is not None else _parts(store, text)
    masked = {i for m in named for i in range(m.first, m.last)} | date_units(folded, found)
    reading = read(store.lexicon, found, masked, units_quoted(folded, found))
    return reading, implied_by_governments(named, None, None)


def _unnamed(parts: Parts, t2s: dict[str, str]) -> Query | None:
    """A typed name (its parts) without the places, firms and parks it names, when it names
    one and something is left."""
    folded, found, named = parts
    if not named:
        return None
    rest, at = [], 0
    for m in sorted(named, key=lambda m: m.first):
        start, end = found[m.first].start, found[m.last - 1].end
        if start >= at:
            rest.append(folded[at:start])
            at = end
    rest.append(folded[at:])
    left = " ".join(" ".join(rest).split())
    return read_query(left, t2s) if left else None


def _ambiguous(store: Store, query: Query, matches: list[Match]) -> NotFound:
    metrics = store.metrics(m.id for m in matches)
    held = [metrics[m.id] for m in matches if m.id in metrics]
    return NotFound(
        f"'{query.text}' fits {len(held)} metrics; name one: "
        + "; ".join(f"{m.name.en} ({m.id})" for m in held),
        f"“{query.text}”符合{len(held)}个指标,请指明其一:"
        + "、".join(f"{m.name.zh} ({m.id})" for m in held),
        [m.id for m in matches],
    )


def lookup_metric(
    store: Store, text: str, year: int | None = None, place: str | None = None
) -> MetricAnswer:
    """Observations of the best-matching metric, for a year and a place if given.

    When several metrics match about equally well, the one that has observations
    for the requested year and place wins: 'investment in Qiantang' should land
    on the metric Qiantang has figures for.
    """
    query = read_query(clean_query(text), store.t2s)
    typed, period = query.text, None
    if query.keys and not store.keys_equal(query.keys[0], ("metric",)):
        # 'R&D intensity ranking 2024', '制造业投资额 1-8月': the time a name gives is when
        # its figure is asked for (unless --year says), not a word of the metric's name.
        named, said, period = _dated(store, query.text, year)
        if said is not None and said != year and year is not None:
            period = None  # --year says when; the name's date gives way
        year = year if year is not None else said
        query = read_query(named, store.t2s) if named else query
    where = resolve_place(store, place) if place else _named_in(store, query)
    # --region is a field to look in (Hangzhou: its districts' and firms' figures too); a place
    # the name itself names is whose figure is asked ('杭州市R&D强度' is not Qiantang's).
    subjects = ({where.id} if not place else store.within(where.id)) if where else None
    held = dict.fromkeys(store.metric_ids_with([where.id]), 6.0) if where else None
    scored = []
    # The record the name names ('Panasonic Motor R&D growth'), --region or not: its figures
    # are asked (within --region, if it lies there), and its own metrics may be named by less.
    record = where if where is not None and not place else _named_in(store, query)
    inside = store.within(record.id) if record is not None else set()  # 松下: its Hangzhou firm
    if record is not None and subjects is not None and record.id in subjects:
        subjects = inside & subjects
    theirs = set(store.metric_ids_with(sorted(inside))) if record is not None else set()
    if place and held:
        # --region narrows the metrics to its own figures as a record named does: one of them
        # whose document says every word typed is named by less of its name.
        theirs |= set(held)
    if place and where is not None:
        query = _without_place(store, query, where)
    try:
        candidates, context = _metric_candidates(store, query, held, theirs)
    except NotFound:
        holders = {e.id for e in (where, record) if e is not None}
        own = _held_saying(store, query, holders) if holders else None
        if own is None:
            raise
        candidates, context = [own[0]], {own[0].id: own[1]}
    for rank, candidate in enumerate(candidates):
        rows = store.observations_for(candidate.id, subjects)
        if candidate.id in context:
            rows = [r for r in rows if r.observation.key in context[candidate.id]]
        kept, fallback = _filtered(rows, year, period, source_dates(store, rows))
        scored.append(
            (
                0 if kept and not fallback else 1 if kept else 2,
                rank,
                candidate,
                rows,
                kept,
                fallback,
            )
        )
    scored.sort(key=lambda s: (s[0], s[1]))
    _, _, match, rows, kept, fallback = scored[0]
    metric = store.metric(match.id)
    assert metric is not None
    others = [s[2] for s in scored[1:]]
    ids = {r.observation.subject for r in kept}
    if where:
        ids.add(where.id)
    return MetricAnswer(
        query=typed,
        match=match,
        metric=metric,
        other_matches=others,
        observations=sorted(kept, key=_series_order),
        year=year,
        place=where,
        year_fallback=fallback,
        period=period,
        entities=store.entities(ids),
        sources=store.sources({r.observation.source for r in kept}),
        available_years=tuple(
            sorted({r.observation.year for r in rows if r.observation.year is not None})
        ),
    )


def _without_place(store: Store, query: Query, where: Entity) -> Query:
    """A typed name without a word of it (between spaces) that is part of a name of the place
    --region gives or of a place holding it: '新增产业空间 智慧城北园区' with --region
    钱塘智慧城北园区 asks for new floor space, and 智慧城北园区 says where, as --region does."""
    words = query.text.split()
    if len(words) < 2:
        return query
    names = [
        fold(name, store.t2s)
        for entity in store.entities(store.ancestors(where.id) | {where.id}).values()
        for name in (entity.name.zh, entity.name.en, *entity.aliases)
    ]
    kept = [
        w
        for w in words
        if not (
            len(k := fold(w, store.t2s)) > 1 and any(k in n and 2 * len(k) >= len(n) for n in names)
        )
    ]
    return read_query(" ".join(kept), store.t2s) if kept and len(kept) < len(words) else query


def _held_saying(store: Store, query: Query, holders: set[str]) -> tuple[Match, set[str]] | None:
    """The one metric of the figures `holders` themselves hold (--region's place, the record
    a name names) whose own record says every word typed, when no metric's names do: with
    --region 杭州尚深小微园, '闲置工业用地' is the park's land, whose quote says 闲置的工业用地.
    The kind of figure typed must be the metric's, as for a name (tier_unsaid), and a quote
    says what a figure is about, not what kind it is: a share, growth or rank comes only when
    the words typed ask for that kind ('地区生产总值' is not R&D's share of it)."""
    from qtcli.find.metrics import answer_mismatch, tier_unsaid

    asked, implied = _read_name(store, query.text)
    if not asked.terms:
        return None
    ids = sorted(store.metric_ids_with(sorted(holders)))
    readings, metrics = store.metric_readings(ids), store.metrics(ids)
    found: dict[str, set[str]] = {}
    for id in ids:
        reading, metric = readings.get(id), metrics.get(id)
        if reading is None or metric is None:
            continue
        if metric.kind not in PLAIN_KINDS and not asked.facets.get("kind"):
            continue
        if answer_mismatch(asked, metric) is not None:
            continue
        said = {d: frozenset(v) for d, v in reading["said"].items()}
        if tier_unsaid(asked.facets, said, metric.facets(), implied)[0] is not None:
            continue
        unsaid = _unsaid(asked, reading)
        if set(unsaid[0]) <= unsaid[1]:
            continue  # the metric's own words say it all, and the names found it no fit
        rows = store.observations_for(id, holders)  # read only for a metric still in the running
        kept = _saying(store, rows, unsaid, figure_clause)
        if kept:
            found[id] = {r.observation.key for r in kept}
    if len(found) != 1:
        return None
    id, keys = found.popitem()
    return Match(id, "metric", FOUND, "quote", metrics[id].name.zh), keys


def _series_order(row: ObservationRow) -> tuple[str, int, str, str, str]:
    o = row.observation
    return (o.subject, o.year if o.year is not None else 9999, o.period or "", o.as_of or "", o.key)


# ------------------------------------------------------------------------ search
@record
class SearchHit:
    kind: str  # region, park, company, org, metric, fact, source
    id: str
    name: tuple[str, str]  # zh, en
    score: float
    how: str


# What `qt search --kind` may ask for, and what a hit can be.
SEARCH_KINDS = (*ENTITY_KINDS, "metric", "fact", "observation", "source")
# A passage hit's base score by what it matched; more of the text covered adds up to 10.
# A sector says what a firm is, as a name does; a fact's text or a quote only mentions the
# words, so it ranks below a record named by them (a name hit scores 60 or more).
PASSAGE_SCORES = {"sector": 72.0, "focus": 68.0, "text": 54.0, "quote": 52.0}


def search_all(
    store: Store, text: str, limit: int = 20, kinds: Sequence[str] = SEARCH_KINDS
) -> list[SearchHit]:
    """Entities, metrics, facts, observations and sources matching `text`, best first: by
    name, by sector or focus industry, by a fact's text, by a phrase of a quote, by a
    source's title. A Latin word must start where a word starts ('tyre' finds 'tyres', not
    'intensity reached'); Chinese matches anywhere. Typo matches only when nothing else is
    found. Each record appears once, at its best."""
    query = read_query(clean_query(text), store.t2s)
    words = fold_words(query.text, store.t2s).strip()
    hits = _name_hits(store, query, words, kinds)
    if len(words) >= 2:
        hits += _passage_hits(store, words, kinds)
        if "source" in kinds:
            hits += _source_hits(store, words)
    # A typo match is a fallback: when the words typed were found as they are, it is noise
    # ('GDP' is one letter from 'GDD', the initials of a park, and found in a metric's name).
    if any(h.how not in TYPOS for h in hits):
        hits = [h for h in hits if h.how not in TYPOS]
    best: dict[tuple[str, str], SearchHit] = {}
    for h in hits:
        key = (h.kind, h.id)
        if key not in best or h.score > best[key].score:
            best[key] = h
    ranked = sorted(best.values(), key=lambda h: (-h.score, h.kind, h.id))
    return ranked[:limit]


def _name_hits(store: Store, query: Query, words: str, kinds: Sequence[str]) -> list[SearchHit]:
    spaces = [k for k in (*ENTITY_KINDS, "metric") if k in kinds]
    if not spaces:
        return []
    matches = [
        m
        for m in Matcher(store).find(query, spaces, words=True)
        if m.score >= FOUND - 10 and _at_a_word(m, words, store.t2s)
    ]
    entities = store.entities(m.id for m in matches if m.space != "metric")
    metrics = store.metrics([m.id for m in matches if m.space == "metric"]) if matches else {}
    hits: list[SearchHit] = []
    for m in matches:
        record = metrics.get(m.id) if m.space == "metric" else entities.get(m.id)
        if record is not None:
            name = (record.name.zh, record.name.en)
            hits.append(SearchHit(m.space, m.id, name, round(m.score, 1), m.how))
    return hits


def _at_a_word(m: Match, words: str, t2s: dict[str, str]) -> bool:
    """A name found inside another, or inside the query, meets it where a word starts."""
    if not words or has_cjk(words[0]):
        return True
    if m.how == "substring":
        return holds_words(fold_words(m.text, t2s), words)
    if m.how == "contains":
        return holds_words(f" {words} ", fold_words(m.text, t2s).strip())
    return True


def _passage_hits(store: Store, words: str, kinds: Sequence[str]) -> list[SearchHit]:
    wanted = [k for k in kinds if k in (*ENTITY_KINDS, "fact", "observation")]
    if not wanted:
        return []
    found: dict[tuple[str, str], tuple[float, str]] = {}
    for kind, target, field, text in store.passages_holding(words, wanted):
        if not holds_words(text, words):
            continue
        score = PASSAGE_SCORES[field] + 10 * min(1.0, len(words) / max(8, len(text) / 4))
        if (kind, target) not in found or score > found[(kind, target)][0]:
            found[(kind, target)] = (score, field)
    return _named_hits(store, found)


def _named_hits(store: Store, found: dict[tuple[str, str], tuple[float, str]]) -> list[SearchHit]:
    """Passage hits with the names of what they found, fetched once per kind."""
    entities = store.entities(t for k, t in found if k in ENTITY_KINDS)
    facts = store.facts_keyed(t for k, t in found if k == "fact")
    rows = store.observations_keyed(t for k, t in found if k == "observation")
    subjects = store.entities(r.observation.subject for r in rows.values())
    metrics = store.metrics({r.observation.metric for r in rows.values()}) if rows else {}
    hits: list[SearchHit] = []
    for (kind, target), (score, field) in found.items():
        name: tuple[str, str] | None = None
        if kind in ENTITY_KINDS and target in entities:
            name = (entities[target].name.zh, entities[target].name.en)
        elif kind == "fact" and target in facts:
            name = (facts[target].text.zh, facts[target].text.en)
        elif kind == "observation" and target in rows:
            o = rows[target].observation
            name = _observation_name(o, metrics.get(o.metric), subjects.get(o.subject))
        if name is not None:
            hits.append(SearchHit(kind, target, name, round(score, 1), field))
    return hits


def _observation_name(
    o: Observation, metric: Metric | None, subject: Entity | None
) -> tuple[str, str]:
    """'钱塘区 · R&D经费投入强度 · 2021年' / 'Qiantang District · R&D intensity · 2021'."""
    parts = []
    for lang in ("zh", "en"):
        words = [
            subject.name.get(lang) if subject else o.subject,
            metric.name.get(lang) if metric else o.metric,
            when_text(o.year, o.period, o.status, lang),
        ]
        parts.append(" · ".join(w for w in words if w))
    return parts[0], parts[1]


def _source_hits(store: Store, words: str) -> list[SearchHit]:
    hits = []
    for s in store.sources().values():
        title = fold_words(f"{s.title.zh} | {s.title.en} | {s.id} | {s.file}", store.t2s)
        if holds_words(title, words):
            hits.append(SearchHit("source", s.id, (s.title.zh, s.title.en), 65.0, "title"))
    return hits


# --------------------------------------------------------------------------- keys
@record
class KeyAnswer:
    """`qt show KEY` for a fact or an observation: the record and what it names."""

    key: str
    fact: Fact | None
    row: ObservationRow | None
    entities: dict[str, Entity]
    metrics: dict[str, Metric]
    sources: dict[str, Source]


def key_kind(store: Store, key: str) -> str | None:
    """What a key shown in some output names: an entity's kind, 'metric', 'source', 'fact'
    or 'observation'; None when nothing has it. Ids are unique across entities, and metric
    and source ids never carry a fact key's '#'."""
    entity = store.entity(key)
    if entity is not None:
        return entity.kind
    if "#" in key:
        return "fact" if store.fact(key) else "observation" if store.observation(key) else None
    if store.metric(key) is not None:
        return "metric"
    return "source" if key in store.sources([key]) else None


def lookup_key(store: Store, key: str) -> KeyAnswer:
    """A fact or an observation by its key ('000-zhizao-2022#f1', '…#o3')."""
    fact, row = store.fact(key), store.observation(key)
    if fact is None and row is None:
        raise no_key(store, key)
    if fact is not None:
        ids = {fact.subject, *fact.about}
        source, metric_ids = fact.source, set()
    else:
        assert row is not None
        ids = {row.observation.subject}
        source, metric_ids = row.observation.source, {row.observation.metric}
    return KeyAnswer(
        key=key,
        fact=fact,
        row=row,
        entities=store.entities(ids),
        metrics=store.metrics(metric_ids) if metric_ids else {},
        sources=store.sources([source]),
    )


def no_key(store: Store, key: str) -> NotFound:
    from qtcli.find.complete import keys_starting

    near = list(keys_starting(store, key.rsplit("#", 1)[0] if "#" in key else key[:3]))[:5]
    hint = f"; keys starting alike: {', '.join(near)}" if near else ""
    hint_zh = f";相近的键:{'、'.join(near)}" if near else ""
    return NotFound(
        f"nothing has the key '{key}' (an id or key as shown in any output){hint}",
        f"没有键为“{key}”的记录(键即任何输出中显示的 ID){hint_zh}",
        near,
    )


# ------------------------------------------------------------------------ sources
@record
class SourceAnswer:
    source: Source
    facts: list[Fact]
    observations: list[ObservationRow]
    entities: dict[str, Entity]
    metrics: dict[str, Metric]


def find_source(store: Store, query: str) -> Source:
    """A source by id, by article file name (or its number, '000'), or by a phrase of its title."""
    query = clean_query(query, "source id")
    sources = store.sources()
    if query in sources:
        return sources[query]
    key = fold(query)
    for s in sources.values():
        if s.file == query or s.file.startswith(query) or fold(s.id) == key:
            return s
    titled = [
        s for s in sources.values() if len(key) >= 2 and key in fold(s.title.zh + " " + s.title.en)
    ]
    if len(titled) == 1:
        return titled[0]
    names = ", ".join(sorted(sources))
    raise NotFound(
        f"no source matches '{query}'; the sources are: {names}",
        f"没有与“{query}”匹配的来源;现有来源:{names}",
        sorted(sources),
    )


def lookup_source(store: Store, query: str) -> SourceAnswer:
    source = find_source(store, query)
    facts = store.facts_from(source.id)
    observations = store.observations_from(source.id)
    ids = {f.subject for f in facts} | {r.observation.subject for r in observations}
    return SourceAnswer(
        source=source,
        facts=facts,
        observations=observations,
        entities=store.entities(ids),
        metrics=store.metrics({r.observation.metric for r in observations}),
    )


# -------------------------------------------------------------------------- list
LIST_KINDS = {"companies": "company", "parks": "park", "regions": "region", "orgs": "org"}


@record
class ListAnswer:
    """`qt list KIND`: the records of a kind, those within a place if one is given."""

    kind: str  # companies, parks, regions, orgs, metrics or sources
    place: Entity | None
    entities: list[Entity]
    names: dict[str, Entity]  # the parks and regions the entities are in
    metrics: list[Metric]
    sources: list[Source]
    sector: str | None = None  # --sector, as given

    @property
    def rows(self) -> list[Entity] | list[Metric] | list[Source]:
        return self.entities or self.metrics or self.sources


def list_records(
    store: Store, kind: str, within: str | None, sector: str | None = None
) -> ListAnswer:
    if sector is not None and kind not in SECTOR_KINDS:
        raise UsageError(
            f"--sector applies to {' and '.join(SECTOR_KINDS)}, not {kind}",
            f"--sector 只适用于 {'、'.join(SECTOR_KINDS)},不适用于 {kind}",
        )
    if kind in LIST_KINDS:
        rows, place = list_entities(store, LIST_KINDS[kind], within)
        if sector is not None:
            rows = _in_sector(store, rows, LIST_KINDS[kind], sector)
        names = store.entities({x for e in rows for x in (e.park, e.region) if x})
        return ListAnswer(kind, place, rows, names, [], [], sector)
    if within:
        raise UsageError(
            f"--park and --region do not apply to {kind}",
            f"--park 和 --region 不适用于 {kind}",
        )
    if kind == "metrics":
        return ListAnswer(kind, None, [], {}, list(store.metrics().values()), [])
    return ListAnswer(kind, None, [], {}, [], list(store.sources().values()))


SECTOR_KINDS = ("companies", "parks")  # a firm's sector, a park's focus industries


def _in_sector(store: Store, rows: list[Entity], kind: str, sector: str) -> list[Entity]:
    """Those whose sector or focus industries hold `sector` as words ('汽车', 'tyre')."""
    words = fold_words(clean_query(sector, "--sector value"), store.t2s).strip()
    held = {
        target
        for _, target, field, text in store.passages_holding(words, [kind], limit=100_000)
        if field in ("sector", "focus") and holds_words(text, words)
    }
    return [e for e in rows if e.id in held]


def list_entities(
    store: Store, kind: str, within: str | None = None
) -> tuple[list[Entity], Entity | None]:
    """Entities of a kind, optionally only those located in a park or region."""
    place = resolve_place(store, within) if within else None
    if place is None:
        return store.entities_of(kind), None
    inside = store.within(place.id) - {place.id}
    # Decode only the members, not every entity of the kind: a park in a large fact base.
    return sorted(store.entities(inside, kind).values(), key=lambda e: e.id), place
