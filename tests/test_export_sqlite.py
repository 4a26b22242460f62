"""The SQLite export holds exactly what the rows and search_terms() say, however it is written
(issue 13 made the writer fast; these keep it honest): every table row for row in rowid order,
the same as JSON Lines; every full-text index the tokens of search_terms() of each cell, in
place, as an index built the simple way (one INSERT … SELECT search_terms(…)) holds them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.present import export as exporting

from .test_broken_factbase import edit, make_base

runner = CliRunner()
# Texts that tell a careless tokenizer shortcut: full-width letters and digits, diacritics,
# underscores, kana, Han glued to Latin and digits, a run longer than MAX_GRAM, a formula.
TRICKY_ZH = (
    "ＲＤ经费２０２２年增长5亿元 R&D经费投入强度 Café_x カタカナ中策 "
    + "中策橡胶集团有限公司新能源汽车零部件研发中心"
)
TRICKY_EN = "naïve co-op_x 'quoted' R&D =SUM(1) Ⅻ ½ x²"


def _export(out: Path, *args: str) -> sqlite3.Connection:
    done = runner.invoke(app, ["export", str(out), *args])
    assert done.exit_code == 0, done.stderr
    return sqlite3.connect(out)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    return _export(tmp_path_factory.mktemp("db") / "qt.db")


def _apart(factory: pytest.TempPathFactory, ahead: int) -> sqlite3.Connection:
    """The shipped base exported with its rows made by a forked process, 50 at a time
    (export._Apart: what a base of a million observations gets), each batch handed over as
    an SQLite chunk (ahead 0) or as marshalled values (ahead never reached)."""
    started: list[str] = []
    taken: set[str] = set()
    start, take = exporting._Apart.start, exporting._take

    def spied(data: exporting.Tables) -> exporting._Apart | None:
        made = start(data)
        started.append("apart" if made is not None else "here")
        return made

    def took(conn: sqlite3.Connection, table: str, chunk: str, rows: object) -> None:
        taken.add(chunk.rpartition(".")[2])
        take(conn, table, chunk, rows)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exporting, "PARALLEL_ROWS", 0)
        patch.setattr(exporting, "BATCH", 50)
        patch.setattr(exporting, "AHEAD", ahead)
        patch.setattr(exporting._Apart, "start", staticmethod(spied))
        patch.setattr(exporting, "_take", took)
        conn = _export(factory.mktemp("db") / "qt.db")
    assert started == ["apart"]
    assert taken == {"sqlite" if ahead == 0 else "marshal"}
    return conn


@pytest.fixture(scope="module")
def apart(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    return _apart(tmp_path_factory, 1 << 30)


@pytest.fixture(scope="module")
def apart_sqlite(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    return _apart(tmp_path_factory, 0)


def test_an_index_replaced_during_the_export_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forked process opens the index by name: when an edit's build has replaced it since
    the export began, the rows would mix two fact bases. The export stops, writing nothing."""
    from qtcli.index.store import Store

    reopened = Store.reopened

    def replaced(self: Store) -> Store:
        other = reopened(self)
        other.meta = lambda key: "another" if key == "fingerprint" else Store.meta(other, key)  # type: ignore[method-assign]
        return other

    monkeypatch.setattr(exporting, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(Store, "reopened", replaced)
    out = tmp_path / "qt.db"
    done = runner.invoke(app, ["export", str(out)])
    assert done.exit_code == 5, done.stderr
    assert "changed during the export" in done.stderr and not out.exists()


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    root = tmp_path_factory.mktemp("tricky")
    facts, _ = make_base(root)
    edit(
        "entities.toml",
        'level = "district"',
        f'level = "district"\nnote = {{ zh = "{TRICKY_ZH}", en = "{TRICKY_EN}" }}',
    )(facts)
    return _export(root / "qt.db", "--facts", str(facts))


def _typed(row: tuple[object, ...]) -> list[tuple[str, object]]:
    """A row with each value's type (SQLite's 1 and 0 are JSON's true and false)."""
    return [("int" if isinstance(v, bool) else type(v).__name__, v) for v in row]


@pytest.mark.parametrize("base", ["shipped", "apart", "apart_sqlite"])
def test_tables_hold_the_json_lines_rows_in_order(
    base: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    shipped: sqlite3.Connection = request.getfixturevalue(base)
    lines = tmp_path / "x.jsonl"
    assert runner.invoke(app, ["export", str(lines)]).exit_code == 0
    want: dict[str, list[list[tuple[str, object]]]] = {}
    for line in lines.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        table = row.pop("table")
        assert list(row) == list(exporting.COLUMNS[table])
        want.setdefault(table, []).append(_typed(tuple(row.values())))
    for table, columns in exporting.COLUMNS.items():
        cursor = shipped.execute(f"SELECT * FROM {table} ORDER BY rowid")
        assert tuple(d[0] for d in cursor.description) == columns
        assert [_typed(r) for r in cursor] == want[table], table


def _instances(conn: sqlite3.Connection, schema: str, fts: str) -> list[tuple[object, ...]]:
    name = f"v_{schema}_{fts}"
    conn.execute(f"CREATE VIRTUAL TABLE temp.{name} USING fts5vocab({schema}, {fts}, 'instance')")
    return conn.execute(
        f"SELECT term, doc, col, offset FROM temp.{name} ORDER BY 1, 2, 3, 4"
    ).fetchall()


@pytest.mark.parametrize("base", ["shipped", "apart", "apart_sqlite", "tricky"])
def test_each_index_holds_the_search_terms_of_each_cell(
    base: str, request: pytest.FixtureRequest
) -> None:
    conn: sqlite3.Connection = request.getfixturevalue(base)
    conn.create_function("search_terms", 1, exporting.search_terms)
    for table, columns in exporting.FTS_COLUMNS.items():
        cols = ", ".join(exporting._quote(c) for c in columns)
        terms = ", ".join(f"search_terms({exporting._quote(c)})" for c in columns)
        ref = f"ref_{table}"
        conn.execute(
            f"CREATE VIRTUAL TABLE temp.{ref} USING fts5({cols}, content='', {exporting._TOKENIZE})"
        )
        conn.execute(f"INSERT INTO temp.{ref} (rowid, {cols}) SELECT rowid, {terms} FROM {table}")
        got = _instances(conn, "main", f"{table}_fts")
        assert got and got == _instances(conn, "temp", ref), table
    search = conn.execute("SELECT * FROM search ORDER BY rowid").fetchall()
    want = []
    for select in exporting.SEARCH_ROWS:
        want += conn.execute(
            "SELECT kind, id, name_zh, name_en, text_zh, text_en, "
            "search_terms(name_zh) || ' ' || search_terms(name_en) || ' ' || "
            f"search_terms(text_zh) || ' ' || search_terms(text_en) FROM ({select})"
        ).fetchall()
    assert search == want


def test_the_tricky_texts_are_in_the_export(tricky: sqlite3.Connection) -> None:
    notes = [r[0] for r in tricky.execute("SELECT note_zh FROM entities")]
    assert TRICKY_ZH in notes
    hits = tricky.execute("SELECT rowid FROM entities_fts WHERE entities_fts MATCH '\"经费投入\"'")
    assert hits.fetchall()
