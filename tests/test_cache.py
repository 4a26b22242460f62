"""The cache folder (issue 12, cases 5, 8, 10, 16 and the cache's part of 9), each case built
from its reproduction: a forged index in a shared folder, files the cache does not own, two
paths to one fact base, two fact bases, edits that keep size and mtime, killed builds,
concurrent lookups after an edit, and a build that runs out of memory."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.errors import ExitCode
from qtcli.index import build, cache

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts"
QT = shutil.which("qt", path=os.path.dirname(sys.executable))
runner = CliRunner()
NOBODY = 65534
RD_2021 = ["metric", "rd-intensity", "--year", "2021", "--json"]


# Each case builds the shipped index from an empty cache, or several: the slow tier.
pytestmark = pytest.mark.slow


def run(args: list[str], cache_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "QT_CACHE_DIR": str(cache_dir), **env}
    return subprocess.run(
        [str(QT), *args], capture_output=True, text=True, env=full, timeout=300, cwd=env.get("CWD")
    )


def indexes(folder: Path) -> list[Path]:
    return sorted(folder.glob("index-*.sqlite"))


def values(done: subprocess.CompletedProcess[str]) -> list[float]:
    assert done.returncode == 0, done.stderr
    return [o["value"] for o in json.loads(done.stdout)["observations"]]


def forged_index(tmp_path: Path) -> tuple[Path, str]:
    """A real index of the shipped facts whose R&D intensity was rewritten to 99.9."""
    private = tmp_path / "private"
    assert run(RD_2021, private).returncode == 0
    (index,) = indexes(private)
    conn = sqlite3.connect(index)
    changed = conn.execute(
        "UPDATE observation SET doc = json_set(doc, '$.value', 99.9) WHERE metric = 'rd-intensity'"
    ).rowcount
    conn.commit()
    conn.close()
    assert changed
    assert 99.9 in values(run(RD_2021, private))  # the forgery works where it is trusted
    return index, index.name


# ------------------------------------------------------------------ case 5: forged index
def test_a_forged_index_in_a_world_writable_cache_is_not_trusted(tmp_path: Path) -> None:
    forged, name = forged_index(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    planted = shared / name
    shutil.copy(forged, planted)
    os.chown(planted, NOBODY, NOBODY)
    done = run(RD_2021, shared)
    assert 99.9 not in values(done)
    assert "can be written by others" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1  # said once
    private = shared / f"qt-{os.getuid()}"
    assert (private.stat().st_mode & 0o777) == 0o700
    assert indexes(private)  # the index went to a private folder of this user's
    assert planted.exists()  # and the planted file was left alone


@pytest.mark.parametrize("how", ["someone else's", "writable by others"])
def test_a_forged_index_in_a_private_folder_is_not_trusted(tmp_path: Path, how: str) -> None:
    forged, name = forged_index(tmp_path)
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    planted = folder / name
    shutil.copy(forged, planted)
    if how == "someone else's":
        os.chown(planted, NOBODY, NOBODY)
    else:
        planted.chmod(0o666)
    assert 99.9 not in values(run(RD_2021, folder))
    assert planted.read_bytes() == forged.read_bytes()  # not trusted, and not replaced either


def test_a_private_folder_that_is_not_safe_either_means_memory(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    squatted = shared / f"qt-{os.getuid()}"
    squatted.mkdir()
    os.chown(squatted, NOBODY, NOBODY)  # someone made qt's private folder first
    done = run(RD_2021, shared)
    assert values(done)
    assert "builds its index in memory" in done.stderr
    assert not list(shared.rglob("index-*"))


# ------------------------------------------------------------------ case 8: what it deletes
def test_files_the_cache_did_not_create_survive(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    important = folder / "index-important.sqlite"
    shutil.copy(FACTS / "companies.toml", important)
    lookalike = folder / "index-0123456789abcdef.sqlite"  # qt's pattern, not qt's file
    lookalike.write_bytes(b"SQLite format 3\x00" + bytes(100))
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    assert run(["company", "中策橡胶"], folder, QT_FACTS=str(facts)).returncode == 0
    (facts / "orgs.toml").write_text((FACTS / "orgs.toml").read_text() + "\n", encoding="utf-8")
    assert run(["company", "中策橡胶"], folder, QT_FACTS=str(facts)).returncode == 0
    cache.evict(str(indexes(folder)[0]), limit=0)  # even when everything else must go
    assert important.read_bytes() == (FACTS / "companies.toml").read_bytes()
    assert lookalike.exists()


def test_one_fact_base_by_three_paths_shares_one_index(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(FACTS, work / "facts")
    (work / "link").symlink_to(work / "facts")
    folder = tmp_path / "cache"
    for path in ("facts", "./facts", str(work / "facts"), "facts/", "link"):
        done = run(["company", "中策橡胶", "--facts", path], folder, CWD=str(work))
        assert done.returncode == 0, done.stderr
    assert len(indexes(folder)) == 1


def test_two_fact_bases_do_not_evict_each_other(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(FACTS, a)
    shutil.copytree(FACTS, b)
    folder = tmp_path / "cache"
    assert run(["company", "中策橡胶", "--facts", str(a)], folder).returncode == 0
    (first,) = indexes(folder)
    before = first.stat()
    assert run(["company", "中策橡胶", "--facts", str(b)], folder).returncode == 0
    assert run(["company", "中策橡胶", "--facts", str(a)], folder).returncode == 0
    assert len(indexes(folder)) == 2
    after = first.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rebuilt


def test_least_recently_used_indexes_go_beyond_the_cap(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    for name in ("a", "b", "c"):
        shutil.copytree(FACTS, tmp_path / name)
        assert run(["company", "中策橡胶", "--facts", str(tmp_path / name)], folder).returncode == 0
    old, middle, new = sorted(indexes(folder), key=lambda p: p.stat().st_mtime_ns)
    os.utime(old, (1, 1))
    os.utime(middle, (2, 2))
    cache.evict(str(new), limit=new.stat().st_size + middle.stat().st_size)
    assert indexes(folder) == sorted([middle, new])


# ------------------------------------------------------------------ case 10: stale answers
def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    folder = tmp_path / "cache"
    env = {"QT_FACTS": str(facts)}
    assert run(["company", "Radial Works"], folder, **env).returncode == 1
    path = facts / "companies.toml"
    stamp = tmp_path / "stamp"
    shutil.copy2(path, stamp)
    text = path.read_text(encoding="utf-8")
    edited = text.replace('"ZC Rubber"', '"Radial Wk"', 1)  # same length in bytes
    assert len(edited.encode()) == len(text.encode()) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stamp.stat().st_atime_ns, stamp.stat().st_mtime_ns))  # touch -r
    assert path.stat().st_mtime_ns == stamp.stat().st_mtime_ns
    done = run(["company", "Radial Wk", "--json"], folder, **env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entity"]["id"] == "zhongce-rubber"


def test_temporaries_of_killed_builds_are_removed(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    folder = tmp_path / "cache"
    assert run(["company", "中策橡胶"], folder, QT_FACTS=str(facts)).returncode == 0
    (index,) = indexes(folder)
    stale = folder / (cache.temp_prefix(str(index)) + "k1ll3d.tmp")
    stale.write_bytes(bytes(4096))  # what `kill -9` during a build leaves
    stale.chmod(0o600)
    foreign = folder / ".index-not-ours.tmp"
    foreign.write_bytes(b"someone's")
    (facts / "orgs.toml").write_text((FACTS / "orgs.toml").read_text() + "\n", encoding="utf-8")
    assert run(["company", "中策橡胶"], folder, QT_FACTS=str(facts)).returncode == 0
    assert not stale.exists()
    assert foreign.exists()


@pytest.mark.slow
def test_a_build_killed_midway_leaves_the_next_lookup_whole(tmp_path: Path) -> None:
    import signal
    import time

    facts = tmp_path / "facts"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synth.py"), str(facts), "--entities", "2000"],
        check=True,
        capture_output=True,
    )
    folder = tmp_path / "cache"
    full = {**os.environ, "QT_CACHE_DIR": str(folder), "QT_FACTS": str(facts)}
    proc = subprocess.Popen([str(QT), "company", "中策橡胶"], env=full, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(folder.glob(".index-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(folder.glob(".index-*.tmp")), "the build ended before it could be killed"
    done = run(["company", "中策橡胶", "--json"], folder, QT_FACTS=str(facts))
    assert json.loads(done.stdout)["entity"]["id"] == "zhongce-rubber"
    assert not list(folder.glob(".index-*.tmp"))


# ------------------------------------------------------------------ case 16: concurrency, memory
def test_eight_lookups_after_an_edit_cost_one_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    monkeypatch.setenv("QT_CACHE_DIR", str(tmp_path / "cache"))
    build.open_index(str(facts)).close()
    (facts / "orgs.toml").write_text((FACTS / "orgs.toml").read_text() + "\n", encoding="utf-8")
    saves = []
    real = build._save

    def counted(*args: object) -> None:
        saves.append(args)
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "_save", counted)
    start = threading.Barrier(8)
    answers: list[str] = []

    def lookup() -> None:
        start.wait()
        conn = build.open_index(str(facts))
        answers.append(conn.execute("SELECT v FROM meta WHERE k = 'content_hash'").fetchone()[0])
        conn.close()

    threads = [threading.Thread(target=lookup) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 8 and len(set(answers)) == 1
    assert len(saves) == 1


def test_out_of_memory_is_one_sentence_and_does_not_poison_later_lookups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qtcli.index import compile as compiling

    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    monkeypatch.setenv("QT_CACHE_DIR", str(tmp_path / "cache"))
    real = compiling.compile_file

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(compiling, "compile_file", exhausted)
    result = runner.invoke(app, ["company", "中策橡胶", "--facts", str(facts), "--lang", "en"])
    assert result.exit_code == ExitCode.NO_MEMORY, result.output
    assert result.stderr.startswith("qt: not enough memory to index the fact base at ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list((tmp_path / "cache").glob("*.tmp"))
    monkeypatch.setattr(compiling, "compile_file", real)
    again = runner.invoke(app, ["company", "中策橡胶", "--facts", str(facts), "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["entity"]["id"] == "zhongce-rubber"


# ------------------------------------------------------------------ case 9: the cache's part
def test_a_batch_answers_every_line_when_the_index_is_damaged_between_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index file zeroed while a batch runs: the line that meets it is answered anyway
    (the damaged file is discarded and rebuilt), and so is every line after it."""
    import io

    from qtcli.cli import commands

    monkeypatch.setenv("QT_CACHE_DIR", str(tmp_path / "cache"))
    index = commands.Index(str(FACTS))
    lines = ["中策橡胶\n", "zcxj\n", "优科豪马\n", "中策橡胶\n"]

    def damaged() -> list[str]:
        for number, line in enumerate(lines):
            if number == 1:
                (path,) = indexes(tmp_path / "cache")
                data = bytearray(path.read_bytes())
                third = len(data) // 3
                data[third : 2 * third] = bytes(third)
                path.write_bytes(bytes(data))
            yield line  # type: ignore[misc]

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    answer = partial(commands.entity, kind="company", mode="both", cite=None)
    code = commands.batch(index, answer, damaged(), "en")
    got = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [g["query"] for g in got] == [line.strip() for line in lines]
    assert [g.get("entity", {}).get("id") for g in got] == [
        "zhongce-rubber",
        "zhongce-rubber",
        "yokohama-rubber",
        "zhongce-rubber",
    ]
    assert code == 0
