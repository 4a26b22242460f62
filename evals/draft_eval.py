"""How well `qt draft` proposes what a curator recorded: each article drafted blind.

For each source, the fact base is copied without that article's file
(facts/articles/NNN-*.toml), so nothing is copied from the records measured; the
article is drafted against the copy and the drafts are compared with the curated
observations of that article:

- recall: a curated observation is found when a draft has its value, unit and
  qualifier, at its place (the draft's figure lies inside the observation's quote
  in the article) or in its words (the draft's printed form is in that quote: a
  figure printed twice, in the text and in a data box, is the same figure);
- precision: drafts that match a curated observation so, or an uncovered.toml
  entry of that article (the figure inside the entry's context);
- year/period: for each found observation, the draft paired with it (placed ones
  first; among a streak's drafts at one place, the one of the same year) has its
  year and its period;
- subject top-1 and metric top-1 / top-3 on the same pairs ('new' is a miss).

    python -m evals.draft_eval [--misses] [--facts DIR] [--seeds DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts"
SEEDS = ROOT.parent / "shared" / "seeds"
TARGETS = {"recall": 0.95, "precision": 0.80, "time": 0.90, "subject": 0.80, "metric3": 0.70}


@dataclass
class Score:
    source: str
    curated: int = 0
    found: int = 0
    drafts: int = 0
    correct: int = 0
    time: int = 0
    subject: int = 0
    metric1: int = 0
    metric3: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "curated",
            "found",
            "drafts",
            "correct",
            "time",
            "subject",
            "metric1",
            "metric3",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    def rates(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        return {
            "recall": ratio(self.found, self.curated),
            "precision": ratio(self.correct, self.drafts),
            "time": ratio(self.time, self.found),
            "subject": ratio(self.subject, self.found),
            "metric1": ratio(self.metric1, self.found),
            "metric3": ratio(self.metric3, self.found),
        }


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    q = re.sub(r"\s+", "", quote)
    return [(m.start(), m.start() + len(q)) for m in re.finditer(re.escape(q), text)] if q else []


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def score_article(facts: Path, seeds: Path, source_id: str, cache: Path) -> Score:
    """Draft one article against a copy of `facts` without its file; compare."""
    from qtcli.draft.propose import draft
    from qtcli.factbase.load import read_factbase
    from qtcli.factbase.validate import article_text
    from qtcli.index.build import open_store

    fb, _ = read_factbase(facts)
    source = fb.sources[source_id]
    curated = [o for o in fb.observations if o.source == source_id]
    own_files = {Path(o.origin.rsplit(":", 1)[0]).name for o in curated}
    raw = (seeds / source.file).read_text(encoding="utf-8")
    text = article_text(raw)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "facts"
        shutil.copytree(facts, copy)
        for name in own_files:
            (copy / "articles" / name).unlink()
        os.environ["QT_CACHE_DIR"] = str(cache)
        store = open_store(copy)
        year, month = _date(source.date)
        drafted = draft(store, raw, source_id, year, month).observations
    score = Score(source_id, curated=len(curated), drafts=len(drafted))
    uncovered = [u for u in fb.uncovered if u.source == source_id]

    def placed(d: object, o: object) -> bool:
        return any(
            lo <= d.start and d.end <= hi  # type: ignore[attr-defined]
            for quote in (o.quote, *o.also_quoted)  # type: ignore[attr-defined]
            for lo, hi in _spans(text, quote)
        )

    def worded(d: object, o: object) -> bool:
        printed = text[d.start : d.end]  # type: ignore[attr-defined]
        return any(printed in re.sub(r"\s+", "", q) for q in (o.quote, *o.also_quoted))  # type: ignore[attr-defined]

    def agrees(d: object, o: object) -> bool:
        return (
            d.unit == o.unit  # type: ignore[attr-defined]
            and d.qualifier == o.qualifier  # type: ignore[attr-defined]
            and _same(float(d.value), float(o.value))  # type: ignore[attr-defined]
        )

    for d in drafted:
        if any(agrees(d, o) and (placed(d, o) or worded(d, o)) for o in curated) or any(
            any(lo <= d.start and d.end <= hi for lo, hi in _spans(text, u.context))
            for u in uncovered
        ):
            score.correct += 1
        else:
            score.misses.append(
                f"  extra  {source_id}: {text[d.start : d.end]} → {d.value} {d.unit} {d.qualifier} ({d.metric})"
            )
    for o in curated:
        at_place = [d for d in drafted if agrees(d, o) and placed(d, o)]
        in_words = [d for d in drafted if agrees(d, o) and worded(d, o)]
        matches = at_place or in_words
        if not matches:
            score.misses.append(
                f"  missed {source_id}: {o.value} {o.unit} {o.qualifier} “{o.quote}” ({o.metric})"
            )
            continue
        score.found += 1
        pair = next((d for d in matches if (d.year, d.period) == (o.year, o.period)), matches[0])
        if (pair.year, pair.period) == (o.year, o.period):
            score.time += 1
        else:
            score.misses.append(
                f"  time   {source_id}: {o.metric} {o.value}: {pair.year} {pair.period} for {o.year} {o.period} (dated by {pair.dated_by})"
            )
        if pair.subject == o.subject:
            score.subject += 1
        else:
            score.misses.append(
                f"  subj   {source_id}: {o.metric} {o.value}: {pair.subject} for {o.subject} {[s for s, _ in pair.subjects]}"
            )
        top = [m for m, _ in pair.metrics[:3]] if pair.metric != "new" else []
        score.metric1 += bool(top) and top[0] == o.metric
        if o.metric in top:
            score.metric3 += 1
        else:
            score.misses.append(
                f"  metric {source_id}: {o.metric} {o.value}: {top or pair.metric_name}"
            )
    return score


def _date(date: str) -> tuple[int | None, int | None]:
    parts = date.split("-")
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else None


def evaluate(facts: Path = FACTS, seeds: Path = SEEDS) -> list[Score]:
    """One score per source, then the overall score (source '*')."""
    from qtcli.factbase.load import read_factbase

    fb, _ = read_factbase(facts)
    scores = []
    old = os.environ.get("QT_CACHE_DIR")
    try:
        with tempfile.TemporaryDirectory() as cache:
            for source_id in fb.sources:
                scores.append(score_article(facts, seeds, source_id, Path(cache)))
    finally:
        if old is None:
            os.environ.pop("QT_CACHE_DIR", None)
        else:
            os.environ["QT_CACHE_DIR"] = old
    total = Score("overall")
    for s in scores:
        total.add(s)
    return [*scores, total]


def table(scores: list[Score]) -> str:
    head = "| article | curated | drafts | recall | precision | year/period | subject top-1 | metric top-1 | metric top-3 |"
    rows = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in scores:
        r = s.rates()
        rows.append(
            f"| {s.source} | {s.curated} | {s.drafts} | {r['recall']:.1%} | {r['precision']:.1%} | "
            f"{r['time']:.1%} | {r['subject']:.1%} | {r['metric1']:.1%} | {r['metric3']:.1%} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--facts", type=Path, default=FACTS)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args(argv)
    scores = evaluate(args.facts, args.seeds)
    print(table(scores))
    if args.misses:
        print("\n".join(scores[-1].misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
