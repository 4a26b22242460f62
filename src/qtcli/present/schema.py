"""The shape of every JSON output (schema 1), for `qt schema [COMMAND]`.

A shape is written the way the output looks: an object is a dict of its keys (a key ending
in '?' may be absent), a list is `[shape of each item]`, `{"oneOf": [...]}` is one of
several shapes, and a leaf is a type: 'string', 'integer', 'number', 'boolean', 'null', a
quoted literal ("'figure'"), a number literal ('1'), or several joined by '|'. Tests check real outputs against
these shapes both ways: every key written is documented here, every key here is written.
"""

from __future__ import annotations

from typing import Any

Shape = Any  # a dict, list or str as described above

BOTH = {"zh": "string", "en": "string"}
BOTH_OR_NULL = {"oneOf": [BOTH, "null"]}
NAME = {"zh": "string", "en": "string", "en_source": "'established'|'pinyin'|'translated'"}
ENTITY_KIND = "'region'|'park'|'company'|'org'"
REF = {"id": "string", "kind": ENTITY_KIND, "name": NAME}
# A reference to an entity the fact base names but does not hold (never in the shipped base).
REF_OR_ID = {"oneOf": [REF, {"id": "string", "kind": "null", "name": "null"}]}
SOURCE_REF = {
    "id": "string",
    "title": BOTH_OR_NULL,
    "file": "string|null",
    "date": "string|null",
}
METRIC_REF = {"id": "string", "name": {"oneOf": [BOTH, "null"]}}
MATCH = {"how": "string", "how_text": BOTH, "score": "number", "text": "string"}
OTHER_MATCH = {
    "id": "string",
    "kind": "string",
    "name": {"oneOf": [NAME, BOTH, "null"]},
    "score": "number",
    "how": "string",
    "text": "string",
}
OBSERVATION = {
    "key": "string",
    "metric": METRIC_REF,
    "subject": REF_OR_ID,
    "year": "integer|null",
    "period": "string|null",
    "as_of": "string|null",
    "status": "'actual'|'target'|'plan'|'forecast'|'recurring'",
    "when": BOTH,
    "value": "number",
    "unit": "string",
    "qualifier": "'exact'|'about'|'over'|'nearly'|'at_least'|'at_most'",
    "printed": "string|null",
    "misprint": "boolean",
    "value_text": BOTH,
    "source": SOURCE_REF,
    "quote": "string",
    "note": BOTH_OR_NULL,
    "conflict": "boolean",
    "conflicts_with": ["string"],
}
FACT = {
    "key": "string",
    "subject": REF_OR_ID,
    "about": [REF_OR_ID],
    "topic": "string|null",
    "text": BOTH,
    "year": "integer|null",
    "date": "string|null",
    "period": "string|null",
    "when": BOTH,
    "source": SOURCE_REF,
    "quote": "string",
    "note": BOTH_OR_NULL,
}
ENTITY = {
    "id": "string",
    "kind": ENTITY_KIND,
    "name": NAME,
    "aliases": ["string"],
    "level": "string|null",
    "type": "string|null",
    "sector": BOTH_OR_NULL,
    "focus": [BOTH],
    "park": {"oneOf": [REF_OR_ID, "null"]},
    "region": {"oneOf": [REF_OR_ID, "null"]},
    "region_note": BOTH_OR_NULL,
    "parent": {"oneOf": [REF_OR_ID, "null"]},
    "located_in": [REF],
    "related": [{"oneOf": [{**REF, "relation": "string"}, {**REF_OR_ID, "relation": "string"}]}],
    "note": BOTH_OR_NULL,
    "source": SOURCE_REF,
    "quote": "string",
}
METRIC = {
    "id": "string",
    "name": BOTH,
    "unit": "string",
    "kind": "string",
    "definition": BOTH,
    "aliases": ["string"],
}
SOURCE = {
    "id": "string",
    "file": "string",
    "sha256": "string",
    "title": BOTH,
    "kicker": BOTH_OR_NULL,
    "authors": [NAME],
    "date": "string",
    "not_before": "string|null",
    "date_basis": BOTH,
}
CITATIONS = [{"source": "string", "style": "'gbt7714'|'apa'", "text": "string"}]

ENTITY_PAYLOAD = {
    "schema": "1",
    "query": "string",
    "match": MATCH,
    "entity": ENTITY,
    "facts": [FACT],
    "observations": [OBSERVATION],
    "members": [{**REF, "relation": "'park'|'region'|'parent'|'related'"}],
    "other_matches": [OTHER_MATCH],
    "citations?": CITATIONS,
}
METRIC_PAYLOAD = {
    "schema": "1",
    "query": "string",
    "match": MATCH,
    "metric": METRIC,
    "filters": {
        "year": "integer|null",
        "period": "string|null",
        "region": {"oneOf": [REF, "null"]},
    },
    "year_fallback": "boolean",
    "available_years": ["integer"],
    "observations": [OBSERVATION],
    "other_matches": [OTHER_MATCH],
    "citations?": CITATIONS,
}
SOURCE_PAYLOAD = {
    "schema": "1",
    "source": SOURCE,
    "facts": [FACT],
    "observations": [OBSERVATION],
    "citations?": CITATIONS,
}
FACT_PAYLOAD = {"schema": "1", "fact": FACT, "citations?": CITATIONS}
OBSERVATION_PAYLOAD = {"schema": "1", "observation": OBSERVATION, "citations?": CITATIONS}
SEARCH_PAYLOAD = {
    "schema": "1",
    "query": "string",
    "results": [
        {
            "kind": "'region'|'park'|'company'|'org'|'metric'|'fact'|'observation'|'source'",
            "id": "string",
            "name": BOTH,
            "score": "number",
            "how": "string",
        }
    ],
}
LISTED_ENTITY = {
    **REF,
    "park": {"oneOf": [REF_OR_ID, "null"]},
    "region": {"oneOf": [REF_OR_ID, "null"]},
    "sector": BOTH_OR_NULL,
    "type": "string|null",
}
LIST_PAYLOAD = {
    "schema": "1",
    "kind": "'companies'|'parks'|'regions'|'orgs'|'metrics'|'sources'",
    "filters": {"within": {"oneOf": [REF, "null"]}, "sector": "string|null"},
    "results": [{"oneOf": [LISTED_ENTITY, METRIC, SOURCE]}],
}
ASK_ANSWER = {
    "oneOf": [
        {"sentence": BOTH, "kind": "'figure'", **OBSERVATION},
        {"sentence": BOTH, "kind": "'fact'", **FACT},
        {
            "sentence": BOTH,
            "kind": "'name'",
            "source": SOURCE_REF,
            "quote": "string",
            "entity": REF,
        },
        {"sentence": BOTH, "kind": "'name'", **FACT, "entity": REF},
    ]
}
ASK_PAYLOAD = {
    "schema": "1",
    "question": "string",
    "reading": {
        "lang": "'zh'|'en'",
        "asks_for": "'figure'|'fact'|'name'|'date'|'place'",
        "subject": {"oneOf": [REF, "null"]},
        "mentions": [REF],
        "metric": {"oneOf": [{"id": "string", "name": BOTH}, "null"]},
        "year": "integer|null",
        "period": "string|null",
        "period_label": BOTH_OR_NULL,
    },
    "answer": {"oneOf": [ASK_ANSWER, "null"]},
    "alternatives": [ASK_ANSWER],
    "refusal": "string|null",
    "nearest": ["string"],
    "refusal_text": BOTH_OR_NULL,
    "nearest_text": [BOTH],
    "citations?": CITATIONS,
}
CHECK_PAYLOAD = {
    "schema": "1",
    "facts": "string",
    "counts": {
        "sources": "integer",
        "regions": "integer",
        "parks": "integer",
        "companies": "integer",
        "orgs": "integer",
        "metrics": "integer",
        "observations": "integer",
        "facts": "integer",
        "uncovered": "integer",
    },
    "coverage?": {
        "numbers": "integer",
        "covered_by_quotes": "integer",
        "reasoned_in_uncovered_toml": "integer",
        "uncovered": [{"source": "string", "number": "string", "context": "string"}],
    },
    "ok": "boolean",
    "problems": [{"location": "string", "message": "string"}],
}
NOTE = {"note_zh": "string|null", "note_en": "string|null"}
EXPORT_ROW = {
    "oneOf": [
        {
            "table": "'observations'",
            "key": "string",
            "metric_id": "string",
            "metric_zh": "string",
            "metric_en": "string",
            "subject_id": "string",
            "subject_kind": ENTITY_KIND,
            "subject_zh": "string",
            "subject_en": "string",
            "year": "integer|null",
            "period": "string|null",
            "status": "string",
            "value": "number",
            "unit": "string",
            "value_normalised": "number|null",
            "unit_normalised": "string",
            "qualifier": "string",
            "printed": "string|null",
            "misprint": "boolean",
            "conflict": "boolean",
            "source_id": "string",
            "quote": "string",
            **NOTE,
        },
        {
            "table": "'entities'",
            "id": "string",
            "kind": ENTITY_KIND,
            "name_zh": "string",
            "name_en": "string",
            "en_source": "string",
            "aliases": "string",
            "level_or_type": "string|null",
            "sector_zh": "string|null",
            "sector_en": "string|null",
            "focus_zh": "string",
            "focus_en": "string",
            "park_id": "string|null",
            "region_id": "string|null",
            "parent_id": "string|null",
            "source_id": "string",
            "quote": "string",
            **NOTE,
        },
        {
            "table": "'facts'",
            "key": "string",
            "subject_id": "string",
            "about": "string",
            "topic": "string|null",
            "text_zh": "string",
            "text_en": "string",
            "year": "integer|null",
            "date": "string|null",
            "period": "string|null",
            "source_id": "string",
            "quote": "string",
            **NOTE,
        },
        {
            "table": "'metrics'",
            "id": "string",
            "name_zh": "string",
            "name_en": "string",
            "unit": "string",
            "kind": "string",
            "aliases": "string",
            "definition_zh": "string",
            "definition_en": "string",
        },
        {
            "table": "'sources'",
            "id": "string",
            "file": "string",
            "sha256": "string",
            "title_zh": "string",
            "title_en": "string",
            "authors_zh": "string",
            "authors_en": "string",
            "date": "string",
            "not_before": "string|null",
            "date_basis_zh": "string",
            "date_basis_en": "string",
        },
    ]
}
ERROR_PAYLOAD = {
    "schema": "1",
    "query?": "string",
    "error": {
        "message": "string",
        "text": BOTH,
        "exit_code": "integer",
        "candidates": ["string"],
    },
}

# Each command's JSON (--json; `export -` writes one row per line); `error` is what any
# command writes under --json when it fails.
SHAPES: dict[str, Shape] = {
    "company": ENTITY_PAYLOAD,
    "park": ENTITY_PAYLOAD,
    "region": ENTITY_PAYLOAD,
    "org": ENTITY_PAYLOAD,
    "metric": METRIC_PAYLOAD,
    "search": SEARCH_PAYLOAD,
    "list": LIST_PAYLOAD,
    "source": SOURCE_PAYLOAD,
    "show": {
        "oneOf": [ENTITY_PAYLOAD, METRIC_PAYLOAD, SOURCE_PAYLOAD, FACT_PAYLOAD, OBSERVATION_PAYLOAD]
    },
    "ask": ASK_PAYLOAD,
    "check": CHECK_PAYLOAD,
    "export": EXPORT_ROW,
    "error": ERROR_PAYLOAD,
}


def shape_document(command: str | None) -> dict[str, Any]:
    """What `qt schema [COMMAND]` prints: one command's shape, or all of them."""
    notation = (
        "objects list their keys ('?' marks one that may be absent); [x] is a list of x; "
        "oneOf is one of several shapes; leaves are types (string, integer, number, boolean, "
        "null), quoted literals, number literals, or several joined by |"
    )
    chosen = SHAPES if command is None else {command: SHAPES[command]}
    return {"schema": 1, "notation": notation, "shapes": chosen}


def conforms(value: Any, shape: Shape, path: str = "$") -> list[str]:
    """Where `value` departs from `shape` (empty when it conforms): a key written but not
    documented, a key documented but not written, or a value of another type."""
    if isinstance(shape, dict) and set(shape) == {"oneOf"}:
        tries = [conforms(value, option, path) for option in shape["oneOf"]]
        return [] if any(not t for t in tries) else min(tries, key=len)
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        keys = {k.rstrip("?"): k.endswith("?") for k in shape}
        problems = [f"{path}.{k}: not documented" for k in value if k not in keys]
        problems += [
            f"{path}.{k}: missing" for k, opt in keys.items() if not opt and k not in value
        ]
        for key, item in shape.items():
            name = key.rstrip("?")
            if name in value:
                problems += conforms(value[name], item, f"{path}.{name}")
        return problems
    if isinstance(shape, list):
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [p for n, item in enumerate(value) for p in conforms(item, shape[0], f"{path}[{n}]")]
    return [] if any(_leaf(value, t) for t in str(shape).split("|")) else [f"{path}: not {shape}"]


def _leaf(value: Any, kind: str) -> bool:
    if kind.startswith("'"):
        return isinstance(value, str) and value == kind.strip("'")
    if kind.isdigit():
        return isinstance(value, int) and value == int(kind)
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    return bool(checks[kind](value))
