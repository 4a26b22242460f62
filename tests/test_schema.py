"""`qt schema`: the JSON shapes the installed tool documents are the shapes it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.present.schema import SHAPES, conforms

from .conftest import ROOT, SEEDS

runner = CliRunner()

SAMPLES = [
    ["company", "中策橡胶"],
    ["company", "中策橡胶", "--cite", "apa"],
    ["company", "优科豪马"],
    ["park", "钱开区"],
    ["park", "医药港"],  # close runner-ups in other_matches
    ["region", "钱塘"],
    ["org", "浙江理工大学"],
    ["metric", "rd-intensity"],
    ["metric", "rd-intensity", "--year", "2021", "--region", "钱塘", "--cite", "gbt7714"],
    ["metric", "investment", "--year", "2022"],
    ["metric", "R&D"],
    ["search", "医药"],
    ["search", "中策", "--limit", "200"],
    ["search", "tyre"],
    *(["list", kind] for kind in ("companies", "parks", "regions", "orgs", "metrics", "sources")),
    ["list", "companies", "--park", "前进智造园"],
    ["list", "parks", "--sector", "医药"],
    ["source", "000"],
    ["source", "zhizao-2022", "--cite", "apa"],
    ["show", "000-zhizao-2022#f1"],
    ["show", "000-zhizao-2022#o20"],
    ["show", "zhongce-rubber"],
    ["show", "rd-intensity"],
    ["show", "xinqu-2025", "--cite", "apa"],
    ["ask", "钱塘区2021年R&D经费投入强度是多少？"],
    ["ask", "What was Qiantang's R&D intensity in 2021?", "--cite", "apa"],
    ["ask", "中策橡胶投资了多少建未来工厂"],
    ["ask", "钱塘区2021年GDP是多少？"],
    ["ask", "Which company in Qiantang makes tyres?"],
    ["check"],
]


@pytest.mark.parametrize("args", SAMPLES, ids=" ".join)
def test_every_output_has_the_documented_shape(args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.stderr
    payload = json.loads(result.stdout)
    shape = SHAPES["error"] if "error" in payload else SHAPES[args[0]]
    assert conforms(payload, shape) == []


@pytest.mark.parametrize(
    "args",
    [
        ["company", "海康威视"],
        ["metric", "rd-intensity", "--year", "2019"],
        ["export", "-", "--excel"],
        ["check", "--coverage"],
        ["show", "nope#f1"],
    ],
    ids=" ".join,
)
def test_every_error_has_the_documented_shape(args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code != 0
    assert conforms(json.loads(result.stdout), SHAPES["error"]) == []


def test_a_batch_error_line_has_the_documented_shape() -> None:
    result = runner.invoke(app, ["company", "-"], input="海康威视\n")
    line = json.loads(result.stdout)
    assert "query" in line and conforms(line, SHAPES["error"]) == []


def test_every_export_row_has_the_documented_shape() -> None:
    result = runner.invoke(app, ["export", "-"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["table"] for r in rows} == {"observations", "entities", "facts", "metrics", "sources"}
    problems = [p for row in rows for p in conforms(row, SHAPES["export"])]
    assert problems == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_check_with_coverage_has_the_documented_shape() -> None:
    result = runner.invoke(app, ["check", "--sources", str(SEEDS), "--coverage", "--json"])
    assert conforms(json.loads(result.stdout), SHAPES["check"]) == []


@pytest.mark.slow
def test_every_tuned_question_has_the_documented_shape(store) -> None:  # type: ignore[no-untyped-def]
    from qtcli.ask.ask import ask
    from qtcli.present.payload import ask_payload

    path = ROOT / "evals" / "tuned" / "ask_eval.jsonl"
    questions = [json.loads(line)["question"] for line in path.read_text().splitlines() if line]
    assert len(questions) > 100
    for question in questions:
        assert conforms(ask_payload(ask(store, question)), SHAPES["ask"]) == [], question


@pytest.mark.parametrize(
    ("value", "shape", "problems"),
    [
        ({"a": 1}, {"a": "integer"}, []),
        ({"a": 1, "b": 2}, {"a": "integer"}, ["$.b: not documented"]),
        ({}, {"a": "integer"}, ["$.a: missing"]),
        ({}, {"a?": "integer"}, []),
        ({"a": True}, {"a": "integer"}, ["$.a: not integer"]),
        ({"a": None}, {"a": "integer|null"}, []),
        ([1, "x"], ["integer"], ["$[1]: not integer"]),
        ("fact", "'figure'|'fact'", []),
        (2, "1", ["$: not 1"]),
        ({"a": 1}, {"oneOf": [{"b": "integer"}, {"a": "integer"}]}, []),
    ],
)
def test_conforms(value: object, shape: object, problems: list[str]) -> None:
    assert conforms(value, shape) == problems


@pytest.mark.parametrize("command", [None, "company", "error", "export"])
def test_qt_schema_prints_the_shapes(command: str | None) -> None:
    result = runner.invoke(app, ["schema", *([command] if command else [])])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    expected = SHAPES if command is None else {command: SHAPES[command]}
    assert document["shapes"] == expected and document["notation"]


def test_qt_schema_refuses_an_unknown_command() -> None:
    assert runner.invoke(app, ["schema", "frobnicate"]).exit_code == 2


def test_the_readme_points_to_qt_schema() -> None:
    assert "qt schema" in (Path(ROOT) / "README.md").read_text(encoding="utf-8")
