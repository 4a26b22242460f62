"""From an article to proposed records: every figure with its unit, qualifier, time,
status, quote, a suggested subject and a suggested metric; and the names of
companies, parks and organisations the fact base does not hold.

Nothing here is specific to one article. The figures are what the number reader
(`factbase/numbers.py`) reads as values; the rules that date, attribute and
classify them are these:

- Time: the nearest date before the figure in its clause, else in its sentence,
  else the first dated word after it in its clause; else the paragraph's last
  date (a data box headed '2021年' dates its points); else a word of holding
  (已, 累计, 拥有: a stock counted when the article was written); else none. A date
  after 较/比 is the base of a comparison, not the figure's time. '连续3年' gives
  one figure per year, ending in the year the context gives. Figures recurring
  every year (每年) carry no year unless their clause names one.
- Status: the nearest cue before the figure in its sentence (力争 target, 预计
  forecast, 计划 plan, 每年 recurring); a figure dated after the article is a target.
- Subject: see `suggest.subject_scores`. Metric: `suggest.suggest_metrics` on the
  figure's clause (and the clause before it when its own is too short to name
  anything), keeping metrics whose unit can hold the figure's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from qtcli.draft.article import Sentence, sentences
from qtcli.draft.suggest import (
    Candidate,
    Mention,
    candidate_names,
    known,
    mentions_in,
    subject_scores,
    suggest_metrics,
)
from qtcli.factbase.numbers import Quantity, When, dates, quantities, status_before
from qtcli.index.store import Store
from qtcli.records import record, replace

MAX_QUOTE = 100  # characters, as validate.MAX_QUOTE allows (120) with room to spare
SHORT_CLAUSE = 8  # characters of words (figures aside) below which a clause needs its neighbour
NEW_METRIC_BELOW = 30.0  # a metric scoring under this does not fit: propose a new one
ALTERNATIVES = 3
UNIT_FAMILIES = (
    frozenset({"元", "万元", "亿元", "万亿元", "美元", "万美元", "亿美元"}),
    frozenset({"亩", "万亩", "平方米", "万平方米", "平方公里", "公顷"}),
    frozenset({"吨", "万吨"}),
    frozenset({"万人", "人", "名", "位"}),
)
TIME_KINDS = ("date", "now", "span", "ago")
CARRIED_KINDS = ("date", "now", "span")
# A count or rank stated without a date is a stock as the article found it ('14所高校',
# '居全省第一'); an amount, share or growth rate without one cannot be dated.
STOCK_KINDS = ("count", "rank")  # '10年前' sets a scene, it does not date what follows


@record
class Proposal:
    """One proposed observation, in the fact base's own forms, with its suggestions."""

    value: int | float
    unit: str
    qualifier: str
    year: int | None
    period: str | None
    status: str
    printed: str | None
    quote: str
    subject: str | None
    metric: str  # a metric id, or "new"
    start: int  # offset of the figure in the whitespace-free article
    end: int
    subjects: tuple[tuple[str, float], ...] = ()  # best first, the suggestion included
    metrics: tuple[tuple[str, float], ...] = ()
    metric_name: str | None = None  # for a new metric: a Chinese name from the sentence
    dated_by: str | None = None  # the words that gave the year


@record
class Drafts:
    source: str
    year: int | None
    month: int | None
    observations: tuple[Proposal, ...]
    candidates: tuple[Candidate, ...]


def draft(store: Store, raw: str, source: str, year: int | None, month: int | None) -> Drafts:
    """Proposed records for an article's text (`raw`), dated `year` (and `month`)."""
    found = sentences(raw)
    reader = _Reader(store, found, year, month)
    proposals = [p for s in found for p in reader.proposals(s)]
    return Drafts(source, year, month, tuple(proposals), tuple(reader.candidates()))


class _Reader:
    def __init__(self, store: Store, found: list[Sentence], year: int | None, month: int | None):
        self.store, self.sentences, self.year, self.month = store, found, year, month
        plain = [mentions_in(store, s.text, None) for s in found]
        self.dominant = _dominant(m for ms in plain for m in ms)
        self.mentions = [mentions_in(store, s.text, self.dominant) for s in found]
        self.dates = [dates(s.text, year, month) for s in found]

    # ------------------------------------------------------------ figures
    def proposals(self, s: Sentence) -> list[Proposal]:
        found = quantities(s.text)
        return [p for q in found if q.role == "value" for p in self._figure(s, q, found)]

    def _figure(self, s: Sentence, q: Quantity, found: list[Quantity]) -> list[Proposal]:
        """The proposals for one figure: one, or one per year of a streak, or two for a range."""
        clause = s.clause(q.start)
        status = status_before(s.text[: q.start])
        year, period, dated_by, years = self._time(s, q, clause, status)
        if status == "actual" and year is not None and self.year and year > self.year:
            status = "target"  # a figure for a year still to come is aimed at
        subjects = self._subjects(s, q, clause)
        metrics, words = self._metrics(s, q, clause, found)
        metric = metrics[0][0] if metrics and metrics[0][1] >= NEW_METRIC_BELOW else "new"
        base = Proposal(
            value=q.value,
            unit=q.unit,
            qualifier=q.qualifier,
            year=year,
            period=period,
            status=status,
            printed=q.text if q.text != _plain(q) else None,
            quote=_quote(s, q),
            subject=subjects[0][0] if subjects else None,
            metric=metric,
            start=s.offsets[q.start],
            end=s.offsets[q.end - 1] + 1,
            subjects=tuple((i, round(score, 1)) for i, score in subjects[: ALTERNATIVES + 1]),
            metrics=tuple(metrics[: ALTERNATIVES + 1]),
            metric_name=_metric_name(words, self.mentions[s.index]) if metric == "new" else None,
            dated_by=dated_by,
        )
        out = [replace(base, year=y, period=None) for y in years] or [base]
        if q.high is not None:  # a range: at least its low end, at most its high end
            out += [replace(p, value=q.high, qualifier="at_most") for p in out]
        return out

    def _time(
        self, s: Sentence, q: Quantity, clause: tuple[int, int], status: str
    ) -> tuple[int | None, str | None, str | None, list[int]]:
        """(year, period, the words that dated it, the years of a streak)."""
        whens = self.dates[s.index]
        before = [w for w in whens if w.end <= q.start]
        pick = self._date_of(s, q, clause, status)
        streak = next(
            (w for w in reversed(before) if w.kind == "streak" and w.start >= clause[0]), None
        )
        if streak is not None:
            end = self._resolve(pick, s, before)[0] if pick and pick.kind != "held" else None
            end = end if end is not None else (self.year - 1 if self.year else None)
            if end is None:
                return None, None, streak.text, []
            return end, None, streak.text, list(range(end - streak.years + 1, end + 1))
        if pick is None and status == "actual" and q.kind in STOCK_KINDS and self.year:
            return self.year, None, "a count stated without a date, as the article found it", []
        year, period = self._resolve(pick, s, before)
        return year, period, pick.text if pick else None, []

    def _date_of(
        self, s: Sentence, q: Quantity, clause: tuple[int, int], status: str
    ) -> When | None:
        """The date that dates a figure (see the module's docstring), or None."""
        lo, hi = clause
        whens = self.dates[s.index]
        dated = [w for w in whens if w.end <= q.start and w.kind in TIME_KINDS]
        in_clause = [w for w in dated if w.start >= lo]
        after = [w for w in whens if w.start >= q.end and w.end <= hi and w.kind == "date"]
        if status != "actual":
            # A plan or forecast is dated by its own clause or by the future year it aims at,
            # not by what the sentence says happened ('今年三季度已实现投产,…预计…吸引10个').
            if status == "recurring" and not in_clause:
                return None
            future = [w for w in dated if w.year and self.year and w.year > self.year]
            return _nearest(in_clause or in_clause + future, after)
        found = _nearest(in_clause or dated, after)
        if found is None:
            found = self._carried(s)
        if found is None:
            held = [w for w in whens if w.kind in ("held", "now") and lo <= w.start < hi]
            found = held[0] if held else None
        return found

    def _resolve(
        self, w: When | None, s: Sentence, before: list[When]
    ) -> tuple[int | None, str | None]:
        if w is None:
            return None, None
        year = w.year
        if year is None:  # a bare '1-8月' is in the year its context gives
            known_years = [x.year for x in before if x.year is not None and x.kind == "date"]
            carried = self._carried(s)
            year = (
                known_years[-1]
                if known_years
                else carried.year
                if carried is not None and carried.year is not None
                else self.year
            )
        return year, w.period(year)

    def _carried(self, s: Sentence) -> When | None:
        """The last date of the earlier sentences of this paragraph."""
        for earlier in reversed(self.sentences[: s.index]):
            if earlier.paragraph != s.paragraph:
                return None
            dated = [w for w in self.dates[earlier.index] if w.kind in CARRIED_KINDS]
            if earlier.parallel:
                # Items in parallel ('在萧山,…今年…;在上城,…') keep their own times; only a
                # date that opens the series ('2022年,杭州…;工业投资…') dates the rest.
                dated = [
                    w
                    for w in dated
                    if w.start <= 1 and earlier.text[w.end : w.end + 1] in ("，", ",")
                ]
            if dated:
                return dated[-1]
        return None

    def _subjects(
        self, s: Sentence, q: Quantity, clause: tuple[int, int]
    ) -> list[tuple[str, float]]:
        before: list[tuple[str, list[Mention]]] = []
        after: list[tuple[str, list[Mention]]] = []
        for other in self.sentences:
            if other.paragraph != s.paragraph or other.index == s.index:
                continue
            side = before if other.index < s.index else after
            side.append((other.text, self.mentions[other.index]))
        return subject_scores(
            s.text, clause, (q.start, q.end), self.mentions[s.index], before, after, self.dominant
        )

    def _metrics(
        self, s: Sentence, q: Quantity, clause: tuple[int, int], found: list[Quantity]
    ) -> tuple[list[tuple[str, float]], str]:
        """Metrics whose unit can hold the figure, best first, and the words asked about."""
        words = _metric_words(s, q, clause, found)
        query = words + (" 排名" if q.kind == "rank" and "排名" not in words else "")
        fits = [
            (metric, round(score, 1))
            for metric, score in suggest_metrics(self.store, query)
            if _unit_fits(self.store, metric, q)
        ]
        return fits, words

    # ------------------------------------------------------------ new names
    def candidates(self) -> list[Candidate]:
        places = tuple(
            name
            for e in self.store.entities_of("region")
            for name in (e.name.zh, *e.aliases)
            if re.fullmatch(r"[\u4e00-\u9fff]{2,}", name)
        )
        seen: set[str] = set()
        out = []
        for s in self.sentences:
            for start, name, kind in candidate_names(s.text, places):
                if name in seen or known(self.store, name):
                    continue
                seen.add(name)
                lo, hi = s.clause(start)
                quote = s.text[lo:hi] if hi - lo <= MAX_QUOTE else name
                if not s.contiguous(lo, hi):
                    quote = name
                out.append(Candidate(kind, name, quote, s.offsets[start]))
        return out


def _nearest(before: list[When], after: list[When]) -> When | None:
    """The last date before the figure, else the first after it in its clause."""
    return before[-1] if before else after[0] if after else None


def _dominant(ms: Iterable[Mention]) -> str | None:
    """The region or park the article names most: the subject when nothing nearer is."""
    counts: Counter[str] = Counter()
    for m in ms:
        if m.kind in ("region", "park"):
            counts[m.id] += 1
    return counts.most_common(1)[0][0] if counts else None


def _plain(q: Quantity) -> str:
    return f"{q.value}{q.unit}"


def _without_figures(text: str, lo: int, hi: int, q: Quantity, found: list[Quantity]) -> str:
    """The words of text[lo:hi], other figures cut out, so they do not count as cues."""
    keep = []
    for i in range(lo, hi):
        if any(o.start <= i < o.end and o is not q and o.role == "value" for o in found):
            continue
        keep.append(text[i])
    return "".join(keep)


def _respectively(text: str, clause: tuple[int, int], q: Quantity, found: list[Quantity]) -> str:
    """'亩均税收和增加值分别达57.68万元和220.94万元': the i-th figure after 分别 is of the i-th
    thing named before it, the later ones sharing the first one's head ('亩均增加值')."""
    lo, hi = clause
    at = text.find("分别", lo, hi)
    figures = [f for f in found if f.role == "value" and at >= 0 and at < f.start < hi]
    if at < 0 or q not in figures:
        return ""
    parts = [p for p in re.split(r"和|与|及|、", text[lo:at]) if p]
    if len(parts) != len(figures):
        return ""
    i = figures.index(q)
    head = parts[0][:-2] if i and len(parts[0]) > 2 else ""
    return head + parts[i]


def _unit_fits(store: Store, metric_id: str, q: Quantity) -> bool:
    metric = store.metric(metric_id)
    if metric is None:
        return False
    if (q.kind == "rank") != (metric.kind == "rank"):
        return False
    if metric.unit == q.unit:
        return True
    return any(metric.unit in f and q.unit in f for f in UNIT_FAMILIES) or (
        q.kind == "count" and metric.kind == "count" and q.unit not in ("万人", "人", "名", "位")
    )


def _quote(s: Sentence, q: Quantity) -> str:
    """The figure's clause (with the one before when short), unbroken and at most MAX_QUOTE."""
    lo, hi = s.clause(q.start)
    if lo > 0 and hi - lo < 16:
        prev_lo, _ = s.clause(lo - 1)
        if hi - prev_lo <= MAX_QUOTE:
            lo = prev_lo
    if hi - lo > MAX_QUOTE:
        lo = max(lo, q.start - MAX_QUOTE // 2)
        hi = min(hi, lo + MAX_QUOTE)
    while not s.contiguous(lo, hi):  # never across a page break
        if not s.contiguous(lo, q.end):
            lo += 1
        else:
            hi -= 1
    return s.text[lo:hi].strip("，,：:；;")


def _metric_words(s: Sentence, q: Quantity, clause: tuple[int, int], found: list[Quantity]) -> str:
    """What a figure is of, in words: its clause (the two clauses before 分别 matched in
    order), with the clause before it when its own names too little ('同比增长58.7%'), other
    figures cut out so that they do not count."""
    lo, hi = clause
    words = _respectively(s.text, clause, q, found) or _without_figures(s.text, lo, hi, q, found)
    if len(re.sub(r"[^\u4e00-\u9fffA-Za-z]", "", words)) < SHORT_CLAUSE and lo > 0:
        prev_lo, _ = s.clause(lo - 1)
        words = _without_figures(s.text, prev_lo, hi, q, found)
    return words


def _metric_name(words: str, mentions: list[Mention]) -> str:
    """A Chinese name for a new metric from the words about the figure, less names, dates,
    the figure itself and verbs of stating ('全区新增技改备案项目131个' → '新增技改备案项目')."""
    for m in sorted(mentions, key=lambda m: -len(m.text)):
        words = words.replace(m.text, "")
    for q in quantities(words):
        words = words.replace(q.text, "")
    words = re.sub(r"\d{4}年|今年|去年|截至目前|目前|当前|其中|共计|累计|已经|已有|已", "", words)
    words = re.sub(r"^(完成|实现|达到|拥有|有)", "", re.sub(r"[^\u4e00-\u9fffA-Za-z&]", "", words))
    words = re.sub(r"(达到|达|为|是|完成|实现|超过|超|近|约|突破|共有|拥有|有)$", "", words)
    return words[:16]
