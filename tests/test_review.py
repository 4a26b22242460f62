"""Drafts (records marked `review`) are checked and listed by `qt check`, never shown by lookups."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from qtcli.cli.app import app

from .test_broken_factbase import append, edit, make_base

runner = CliRunner()

DRAFTS = """
[[observation]]
review = "pending"
metric = "investment"
subject = "r1"
value = 5
qualifier = "nearly"
quote = "中策橡胶投资近5亿元"

[[company]]
review = "pending"
id = "c9"
name = { zh = "新星工厂", en = "Xinxing Factory", en_source = "pinyin" }
source = "s1"
quote = "钱塘区的工厂很好"
"""


def region_json(facts: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["region", "钱塘区", "--json", "--facts", str(facts)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_lookups_never_show_drafts(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    append("articles/a.toml", DRAFTS)(facts)
    assert region_json(facts)["observations"] == []
    assert runner.invoke(app, ["company", "新星工厂", "--facts", str(facts)]).exit_code == 1


def test_check_lists_each_draft_with_its_line_and_the_way_out(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    append("articles/a.toml", DRAFTS)(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 3
    pending = sorted(line for line in result.stderr.splitlines() if "awaiting review" in line)
    assert len(pending) == 2, result.stderr
    obs, company = _draft_lines(facts)
    assert (
        f"a.toml:{obs}: draft observation of 'investment' for 'r1': awaiting review" in pending[0]
    )
    assert "then run 'qt draft --accept " in pending[0]
    assert f"a.toml:{company}: draft company 'c9': awaiting review" in pending[1]


def _draft_lines(facts: Path) -> tuple[int, int]:
    """The lines of the drafted [[observation]] and [[company]] headers in articles/a.toml."""
    lines = (facts / "articles" / "a.toml").read_text(encoding="utf-8").splitlines()
    start = len(lines) - len(DRAFTS.strip("\n").splitlines())
    obs = next(n for n in range(start, len(lines)) if lines[n] == "[[observation]]") + 1
    company = next(n for n in range(start, len(lines)) if lines[n] == "[[company]]") + 1
    return obs, company


def test_drafts_are_checked_like_records(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    append("articles/a.toml", DRAFTS.replace('"investment"', '"new"').replace("很好", "很大"))(
        facts
    )
    result = runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(seeds)])
    obs, _ = _draft_lines(facts)
    assert (
        f"a.toml:{obs}: observation of 'new' for 'r1': metric 'new' does not exist" in result.stderr
    )
    assert "company 'c9': quote not found in 'a.txt'" in result.stderr


def test_rejected_drafts_and_unknown_reviews(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    drafts = DRAFTS.replace('review = "pending"', 'review = "rejected"', 1)
    append("articles/a.toml", drafts.replace('review = "pending"', 'review = "ok"'))(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert (
        "draft observation of 'investment' for 'r1': rejected; 'qt draft --accept" in result.stderr
    )
    assert "draft company 'c9': review must be pending or rejected" in result.stderr


def test_a_draft_entity_may_not_take_an_id(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    append("articles/a.toml", DRAFTS.replace('id = "c9"', 'id = "c1"'))(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert "draft company 'c1': id 'c1' is taken" in result.stderr
    # …and lookups are not disturbed by it.
    assert runner.invoke(app, ["company", "中策", "--facts", str(facts)]).exit_code == 0


def test_without_the_mark_they_are_records(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    append("articles/a.toml", DRAFTS.replace('review = "pending"\n', ""))(facts)
    edit("articles/a.toml", "[[observation]]\nmetric", "[[observation]]\nmetric")(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 0, result.stderr
    assert len(region_json(facts)["observations"]) == 1
    assert runner.invoke(app, ["company", "新星工厂", "--facts", str(facts)]).exit_code == 0
