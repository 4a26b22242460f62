"""Drafts as a TOML file in the fact base's own schema, or as JSON.

Every table carries `review = "pending"`, so the file can sit in facts/articles/
while it is reviewed: lookups ignore it and `qt check` lists it. The drafter's
reasons (scores, alternatives, what dated a figure) are comment lines beginning
'# draft:', which `qt draft --accept` removes with the review marks.
"""

from __future__ import annotations

import json
import re
from typing import Any

from qtcli.draft.propose import Drafts, Proposal
from qtcli.draft.suggest import Candidate
from qtcli.index.store import Store

NOTE = "# draft: "
PARK_TYPES = {"小镇": "town", "基地": "project", "新城": "new-city", "科学城": "science-city"}
ORG_TYPES: tuple[tuple[str, str], ...] = (
    ("大学", "university"),
    ("学院", "university"),
    ("联盟", "alliance"),
)
ORG_TYPES += (
    ("协会", "alliance"),
    ("商会", "alliance"),
    ("研究", "institute"),
    ("中心", "institute"),
)
EN_WORDS = (
    ("股份有限公司", " Co., Ltd."),
    ("有限公司", " Co., Ltd."),
    ("集团", " Group"),
    ("科技", " Technology"),
    ("研究院", " Research Institute"),
    ("大学", " University"),
    ("学院", " College"),
    ("中心", " Centre"),
    ("产业园", " Industrial Park"),
    ("园区", " Park"),
    ("小镇", " Town"),
    ("基地", " Base"),
)


def _value(v: Any) -> str:
    """A TOML value: strings as TOML basic strings (JSON escapes are valid TOML)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_value(x)}" for k, x in v.items()) + " }"
    return json.dumps(v, ensure_ascii=False)


def _table(kind: str, fields: dict[str, Any], notes: list[str]) -> str:
    lines = [f"[[{kind}]]", 'review = "pending"']
    lines += [f"{k} = {_value(v)}" for k, v in fields.items() if v is not None]
    lines += [NOTE + n for n in notes]
    return "\n".join(lines)


def _ranked(pairs: tuple[tuple[str, float], ...]) -> str:
    return ", ".join(f"{i} ({s:g})" for i, s in pairs) or "none"


def observation_fields(p: Proposal) -> dict[str, Any]:
    """The record as an observation in a fact file (defaults left out, as curators write)."""
    return {
        "metric": p.metric,
        "subject": p.subject or "new",
        "year": p.year,
        "period": p.period,
        "status": p.status if p.status != "actual" else None,
        "value": p.value,
        "unit": p.unit,
        "qualifier": p.qualifier if p.qualifier != "exact" else None,
        "printed": p.printed,
        "quote": p.quote,
    }


def observation_notes(p: Proposal, year: int | None) -> list[str]:
    notes = []
    if p.metric == "new":
        notes.append(
            f"no metric fits; add one to metrics.toml, e.g. “{p.metric_name}”; nearest: {_ranked(p.metrics[:3])}"
        )
    else:
        notes.append(f"metric {_ranked(p.metrics[:1])}; or: {_ranked(p.metrics[1:])}")
    notes.append(f"subject {_ranked(p.subjects[:1])}; or: {_ranked(p.subjects[1:])}")
    if p.dated_by:
        notes.append(f"dated by “{p.dated_by}” (the article is of {year})")
    else:
        notes.append("no date found: give year or period if the article implies one")
    return notes


def entity_fields(
    store: Store, c: Candidate, source: str, taken: set[str]
) -> tuple[str, dict[str, Any]]:
    """A candidate name as an entity record of its kind, with a pinyin id and English."""
    core = c.name
    for suffix, _ in EN_WORDS:
        if core.endswith(suffix) and len(core) > len(suffix) + 1:
            core, english_suffix = core[: -len(suffix)], dict(EN_WORDS)[suffix]
            break
    else:
        english_suffix = ""
    syllables = _pinyin(core)
    base = "-".join(syllables) or "new"
    ident, n = base, 2
    while ident in taken or store.entity(ident) is not None:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    english = " ".join(s.capitalize() for s in syllables) + english_suffix
    fields: dict[str, Any] = {
        "id": ident,
        "name": {"zh": c.name, "en": english.strip(), "en_source": "pinyin"},
    }
    if c.kind == "park":
        fields["type"] = next(
            (t for s, t in PARK_TYPES.items() if c.name.endswith(s)), "industrial-park"
        )
    elif c.kind == "org":
        fields["type"] = next((t for s, t in ORG_TYPES if s in c.name), "other")
    fields.update({"source": source, "quote": c.quote})
    return c.kind, fields


def _pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    words = lazy_pinyin(text)
    return [
        re.sub(r"[^a-z0-9]", "", w.lower()) for w in words if re.sub(r"[^a-z0-9]", "", w.lower())
    ]


def to_toml(store: Store, drafts: Drafts, article: str, sha256: str) -> str:
    """The drafts as a fact file: a header, then observations, then candidate entities."""
    dated = f"{drafts.year}" + (f"-{drafts.month:02d}" if drafts.month else "")
    header = [
        f'# Observations from {article} (source "{drafts.source}", {dated}), drafted by `qt draft`.',
        "# Check with: qt check --sources DIR (quotes against the article, references, values).",
        "# draft:",
        '# draft: Nothing here is a record yet: each table carries review = "pending", so',
        "# draft: lookups ignore it and `qt check --sources DIR` lists it (and checks its quote,",
        "# draft: references and value). Check each against the article: correct metric,",
        '# draft: subject, year, period or status; set review = "rejected" on what should not',
        '# draft: be kept; a metric "new" needs a [[metric]] in metrics.toml, and new names',
        "# draft: need their English checked. Then `qt draft --accept THIS_FILE` makes the rest",
        "# draft: records; it removes these '# draft:' lines and the review marks.",
        f"# draft: The article's sha256 is {sha256}.",
        f'default_source = "{drafts.source}"',
    ]
    tables = [
        _table("observation", observation_fields(p), observation_notes(p, drafts.year))
        for p in drafts.observations
    ]
    taken: set[str] = set()
    for c in drafts.candidates:
        kind, fields = entity_fields(store, c, drafts.source, taken)
        tables.append(
            _table(kind, fields, [f"a name the fact base does not hold, from: “{c.quote}”"])
        )
    return "\n".join(header) + "\n\n" + "\n\n".join(tables) + "\n"


def to_json(store: Store, drafts: Drafts) -> dict[str, Any]:
    """The drafts as one JSON object: every proposed observation with its suggestions."""
    taken: set[str] = set()
    return {
        "schema": 1,
        "source": drafts.source,
        "date": {"year": drafts.year, "month": drafts.month},
        "observations": [_observation_json(p) for p in drafts.observations],
        "entities": [
            {"kind": kind, **fields}
            for kind, fields in (
                entity_fields(store, c, drafts.source, taken) for c in drafts.candidates
            )
        ],
    }


def _observation_json(p: Proposal) -> dict[str, Any]:
    return {
        "value": p.value,
        "unit": p.unit,
        "qualifier": p.qualifier,
        "year": p.year,
        "period": p.period,
        "status": p.status,
        "printed": p.printed,
        "quote": p.quote,
        "subject": p.subject,
        "subject_score": p.subjects[0][1] if p.subjects else None,
        "subject_alternatives": [{"id": i, "score": s} for i, s in p.subjects[1:]],
        "metric": p.metric,
        "metric_score": p.metrics[0][1] if p.metrics and p.metric != "new" else None,
        "metric_name": p.metric_name,
        "alternatives": [
            {"id": i, "score": s}
            for i, s in (p.metrics[1:] if p.metric != "new" else p.metrics[:3])
        ],
        "dated_by": p.dated_by,
        "offset": p.start,
    }
