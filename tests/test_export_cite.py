"""Exports round-trip every record; citations are built from the source records."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.factbase.load import read_factbase
from qtcli.present.cite import apa, gbt7714

from .conftest import FACTS

runner = CliRunner()


@pytest.fixture(scope="module")
def factbase():  # type: ignore[no-untyped-def]
    fb, problems = read_factbase(FACTS)
    assert not problems
    return fb


def _keys(fb) -> set[str]:  # type: ignore[no-untyped-def]
    return {o.key for o in fb.observations}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "sqlite"])
def test_export_round_trips_every_observation(tmp_path: Path, factbase, fmt: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / ("qt.db" if fmt == "sqlite" else "out")
    done = runner.invoke(app, ["export", "--format", fmt, str(out)])
    assert done.exit_code == 0, done.stderr
    if fmt == "csv":
        with (out / "observations.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        entities = list(csv.DictReader((out / "entities.csv").open(encoding="utf-8", newline="")))
    elif fmt == "jsonl":
        rows = [
            json.loads(line)
            for line in (out / "observations.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        entities = [
            json.loads(line)
            for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()
        ]
    else:
        conn = sqlite3.connect(out)
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM observations")]
        entities = [dict(r) for r in conn.execute("SELECT * FROM entities")]
        hits = conn.execute("SELECT id FROM search WHERE search MATCH ?", ("中策橡胶",)).fetchall()
        assert ("zhongce-rubber",) in [tuple(h) for h in hits]
    assert {r["key"] for r in rows} == _keys(factbase)
    assert len(entities) == len(factbase.entities)
    by_key = {r["key"]: r for r in rows}
    zhongce = next(
        o
        for o in factbase.observations
        if o.subject == "zhongce-rubber" and o.metric == "investment"
    )
    assert float(by_key[zhongce.key]["value"]) == 5 and by_key[zhongce.key]["qualifier"] == "nearly"


def test_export_refuses_a_bad_format(tmp_path: Path) -> None:
    assert runner.invoke(app, ["export", "--format", "xml", str(tmp_path)]).exit_code == 2


def test_citations(factbase) -> None:  # type: ignore[no-untyped-def]
    source = factbase.sources["zhizao-2022"]
    assert gbt7714(source) == "糜利萍, 刘健. 杭州钱塘区:擦亮“钱塘智造”金名片[N]. 2022."
    assert apa(source).startswith(
        "Mi, L., & Liu, J. (2022). 杭州钱塘区:擦亮“钱塘智造”金名片 [Hangzhou's Qiantang District"
    )


def test_cite_option_adds_references() -> None:
    done = runner.invoke(app, ["company", "中策橡胶", "--cite", "gbt7714"])
    assert done.exit_code == 0 and "参考文献" in done.stdout and "[N]. 2022." in done.stdout
    data = json.loads(
        runner.invoke(app, ["metric", "rd-intensity", "--cite", "apa", "--json"]).stdout
    )
    assert {c["source"] for c in data["citations"]} == {"zhizao-2022", "jingxin-2022", "xinqu-2025"}


def test_ask_cites_the_sources_of_its_alternatives_too() -> None:
    done = runner.invoke(
        app, ["ask", "What was Qiantang's R&D intensity in 2021?", "--cite", "apa", "--json"]
    )
    data = json.loads(done.stdout)
    assert data["alternatives"][0]["source"]["id"] == "jingxin-2022"
    assert {c["source"] for c in data["citations"]} == {"zhizao-2022", "jingxin-2022"}


def test_series_view_draws_bars_for_one_subject() -> None:
    from qtcli.find.query import lookup_metric
    from qtcli.index.build import open_store
    from qtcli.present.render_term import draw
    from qtcli.present.view import metric_view

    store = open_store(FACTS)
    answer = lookup_metric(store, "rd-intensity", place="钱塘区")
    blocks = metric_view(answer, {}, "zh", bars=True)
    text = draw(blocks, 200)
    assert "█" in text and "⚠ 来源不一致" in text and "5.25%" in text
