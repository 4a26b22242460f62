"""Notes in both languages: in the fact base, on the screen in the display language, in JSON and exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.factbase.load import read_factbase
from qtcli.factbase.model import FactBase, Text

from .conftest import FACTS

runner = CliRunner()
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def fb() -> FactBase:
    base, problems = read_factbase(FACTS)
    assert not problems
    return base


def qt(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


# --- notes -------------------------------------------------------------------------------


def _notes_shown(fb: FactBase, entity_id: str) -> list[Text]:
    """Every note a profile of this entity shows: its own, its region note, its figures'."""
    e = fb.entities[entity_id]
    notes = [n for n in (e.note, e.region_note) if n]
    notes += [o.note for o in fb.observations if o.subject == entity_id and o.note]
    return notes


@pytest.mark.parametrize(
    ("command", "entity_id"),
    [("company", "zhongce-rubber"), ("company", "yokohama-rubber"), ("park", "qiankai")],
)
@pytest.mark.parametrize("mode", ["zh", "en", "both"])
def test_notes_follow_the_display_language(
    fb: FactBase, command: str, entity_id: str, mode: str
) -> None:
    notes = _notes_shown(fb, entity_id)
    assert notes
    args = [command, fb.entities[entity_id].name.zh]
    out = qt(*args, *(["--lang", mode] if mode != "both" else []))
    shown, hidden = ("en", "zh") if mode == "en" else ("zh", "en")
    for note in notes:
        assert getattr(note, shown) in out
        assert getattr(note, hidden) not in out


def test_zhongce_in_chinese_shows_the_chinese_note() -> None:
    out = qt("company", "中策橡胶", "--lang", "zh")
    assert "其未来工厂的成效。" in out
    assert "Effect of its future factory" not in out


def test_source_date_basis_in_the_display_language(fb: FactBase) -> None:
    basis = fb.sources["zhizao-2022"].date_basis
    assert f"日期依据: {basis.zh}" in qt("source", "zhizao-2022")
    assert f"how dated: {basis.en}" in qt("source", "zhizao-2022", "--lang", "en")


def test_json_notes_are_both_languages_or_null(fb: FactBase) -> None:
    data = json.loads(qt("park", "钱开区", "--json"))
    entity = fb.entities["qiankai"]
    assert entity.note is not None and entity.region_note is not None
    assert data["entity"]["note"] == {"zh": entity.note.zh, "en": entity.note.en}
    assert data["entity"]["region_note"]["zh"] == entity.region_note.zh
    zhongce = json.loads(qt("company", "中策橡胶", "--json"))
    assert zhongce["entity"]["note"] is None
    assert all(set(o["note"]) == {"zh", "en"} for o in zhongce["observations"])


def test_every_note_in_the_fact_base_is_in_both_languages(fb: FactBase) -> None:
    notes = [e.note for e in fb.entities.values()] + [e.region_note for e in fb.entities.values()]
    notes += [o.note for o in fb.observations] + [f.note for f in fb.facts]
    written = [n for n in notes if n is not None]
    assert len(written) >= 140
    for note in written:
        assert HAN.search(note.zh), note
        assert note.en.strip(), note


def test_export_has_note_columns_in_both_languages(tmp_path: Path) -> None:
    runner.invoke(app, ["export", "--format", "jsonl", str(tmp_path / "out")])
    rows = [
        json.loads(line)
        for line in (tmp_path / "out" / "observations.jsonl").read_text("utf-8").splitlines()
    ]
    noted = [r for r in rows if r["note_en"]]
    assert noted and all(HAN.search(r["note_zh"]) for r in noted)
    assert "note" not in rows[0]
