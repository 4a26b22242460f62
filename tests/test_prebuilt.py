"""The prebuilt index of the shipped fact base (index/data/shipped.sqlite.gz): current, and
brought up to date file by file when the shipped facts differ from it."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from qtcli import __version__
from qtcli.index import build

from .conftest import spy_compiles

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts"
REMAKE = "run `python -m qtcli.index.prebuilt` and commit the result"


def prebuilt(tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "prebuilt.sqlite"
    path.write_bytes(gzip.decompress(Path(build.PREBUILT).read_bytes()))
    return sqlite3.connect(path)


def test_the_prebuilt_index_is_that_of_the_shipped_facts(tmp_path: Path) -> None:
    conn = prebuilt(tmp_path)
    meta = dict(conn.execute("SELECT k, v FROM meta").fetchall())
    assert (meta["format"], meta["tool_version"]) == (build.INDEX_FORMAT, __version__), REMAKE
    held = dict(conn.execute("SELECT path, sha256 FROM file").fetchall())
    shipped = {
        p.relative_to(FACTS).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in FACTS.rglob("*.toml")
    }
    assert held == shipped, REMAKE
    assert meta["problem_count"] == "0"


def test_a_first_lookup_brings_the_prebuilt_index_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shipped facts edited after the index was prebuilt: the edited file is compiled, no other,
    and the index is the one a whole build makes."""
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    path = facts / "orgs.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("# ", "#  ", 1), encoding="utf-8")
    monkeypatch.setattr("qtcli.paths.shipped_facts", lambda: str(facts))

    def tables(cache: Path) -> dict[str, list[tuple[object, ...]]]:
        monkeypatch.setenv("QT_CACHE_DIR", str(cache))
        conn = build.open_index(str(facts))
        try:
            names = ("entity", "metric", "observation", "fact", "name_key", "fact_doc")
            return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in names}
        finally:
            conn.close()

    compiled = spy_compiles(monkeypatch)
    seeded = tables(tmp_path / "cache")
    assert compiled == ["orgs.toml"]
    monkeypatch.setattr(build, "PREBUILT", str(tmp_path / "none.gz"))
    assert seeded == tables(tmp_path / "whole")
    assert len(compiled) > 1  # the whole build compiled every file


def test_a_fact_base_other_than_the_shipped_one_is_never_seeded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    monkeypatch.setenv("QT_CACHE_DIR", str(tmp_path / "cache"))
    real = build._seeded
    seeded: list[bool] = []
    monkeypatch.setattr(build, "_seeded", lambda *a: seeded.append(real(*a)) or seeded[-1])
    build.open_index(str(facts)).close()
    assert seeded == [False]  # the same files elsewhere are another fact base


@pytest.mark.parametrize(
    "damage",
    [
        b"not gzip at all",
        gzip.compress(b"SQLite format 3\x00" + bytes(100)),  # gzip of garbage
        b"",
        gzip.compress(b"x" * 10_000)[:12] + bytes(40) + gzip.compress(b"x" * 10_000)[52:],
    ],
    ids=["not-gzip", "not-sqlite", "empty", "garbled"],
)
def test_a_damaged_prebuilt_index_is_built_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    bad = tmp_path / "shipped.sqlite.gz"
    bad.write_bytes(damage)
    monkeypatch.setattr(build, "PREBUILT", str(bad))
    monkeypatch.setattr("qtcli.paths.shipped_facts", lambda: str(facts))
    monkeypatch.setenv("QT_CACHE_DIR", str(tmp_path / "cache"))
    store = build.open_store(str(facts))
    assert store.entity("zhongce-rubber") is not None
