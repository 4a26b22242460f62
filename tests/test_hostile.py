"""Hostile environments: pipes that close, Ctrl-C, ASCII terminals, broken caches, many at once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app

from .conftest import FACTS

QT = shutil.which("qt", path=os.path.dirname(sys.executable))
# Real processes, cold builds and damaged caches: the slow tier.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(QT is None, reason="the qt entry point is not installed"),
]
runner = CliRunner()


def run(
    args: list[str], env: dict[str, str] | None = None, **kwargs
) -> subprocess.CompletedProcess[bytes]:  # type: ignore[no-untyped-def]
    full = {**os.environ, **(env or {})}
    return subprocess.run([str(QT), *args], capture_output=True, env=full, timeout=120, **kwargs)


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    queries = "\n".join(["中策橡胶"] * 400) + "\n"
    done = subprocess.run(
        f"{QT} company - | head -1",
        shell=True,
        input=queries.encode(),
        capture_output=True,
        timeout=120,
        env={**os.environ, "QT_CACHE_DIR": str(tmp_path)},
    )
    assert done.stdout.count(b"\n") == 1
    assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr, done.stderr


def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "QT_CACHE_DIR": str(tmp_path)}
    run(["company", "中策橡胶"], env=env)  # warm the cache
    proc = subprocess.Popen(
        [str(QT), "company", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        # A runner started in the background (`cmd &`) ignores SIGINT, and children inherit
        # that; Ctrl-C at a terminal is what is tested, so the child gets the default back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("中策橡胶\n".encode())
    proc.stdin.flush()
    proc.stdout.readline()  # it has answered and waits for more input
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C"}])
def test_ascii_or_c_locale_never_fails_to_encode(tmp_path: Path, env: dict[str, str]) -> None:
    env = {**env, "QT_CACHE_DIR": str(tmp_path)}
    done = run(["company", "中策橡胶"], env=env)
    assert done.returncode == 0, done.stderr
    assert b"UnicodeEncodeError" not in done.stderr
    assert "中策橡胶".encode() in done.stdout or b"\\u4e2d" in done.stdout
    as_json = run(["company", "中策橡胶", "--json"], env=env)
    assert json.loads(as_json.stdout)["entity"]["name"]["zh"] == "中策橡胶"


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {"COLUMNS": "30"}])
def test_plain_output_has_no_colour_codes_and_no_wrapping(
    tmp_path: Path, env: dict[str, str]
) -> None:
    done = run(["company", "中策橡胶"], env={**env, "QT_CACHE_DIR": str(tmp_path)})
    assert done.returncode == 0
    assert b"\x1b[" not in done.stdout
    long_line = [
        line for line in done.stdout.decode().splitlines() if "高性能子午胎未来工厂" in line
    ]
    assert long_line and max(len(line) for line in long_line) > 30  # not wrapped at COLUMNS


def test_unusable_cache_directory_still_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    done = run(["company", "中策橡胶", "--json"], env={"QT_CACHE_DIR": str(blocker / "cache")})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entity"]["id"] == "zhongce-rubber"


def test_missing_home_still_answers() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = "/proc/no-such-home"
    done = subprocess.run(
        [str(QT), "company", "中策橡胶", "--json"], capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_full_disk_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from qtcli.index import build as index

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setenv("QT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(index, "_save", no_space)
    result = runner.invoke(app, ["company", "中策橡胶", "--json"])
    assert result.exit_code == 0
    assert not list(tmp_path.glob("index-*.sqlite"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_damaged_cache_file_is_rebuilt(tmp_path: Path, damage: str) -> None:
    env = {"QT_CACHE_DIR": str(tmp_path)}
    assert run(["company", "中策橡胶"], env=env).returncode == 0
    (cache,) = tmp_path.glob("index-*.sqlite")
    data = cache.read_bytes()
    if damage == "garbage":
        cache.write_bytes(b"\x00garbage" * 1000)
    elif damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    else:
        cache.write_bytes(b"")
    done = run(["company", "中策橡胶", "--json"], env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entity"]["id"] == "zhongce-rubber"
    assert run(["metric", "rd-intensity", "--json"], env=env).returncode == 0


def test_corrupt_pages_in_a_cached_index_are_rebuilt(tmp_path: Path) -> None:
    env = {"QT_CACHE_DIR": str(tmp_path)}
    assert run(["company", "中策橡胶"], env=env).returncode == 0
    (cache,) = tmp_path.glob("index-*.sqlite")
    data = bytearray(cache.read_bytes())
    page = 4096
    for start in range(
        page * 3, len(data), page * 2
    ):  # scribble over every other page after the schema
        data[start : start + 512] = b"\xff" * 512
    cache.write_bytes(bytes(data))
    done = run(["company", "中策橡胶", "--json"], env=env)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr


def test_sixteen_cold_lookups_at_once_agree(tmp_path: Path) -> None:
    env = {**os.environ, "QT_CACHE_DIR": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [str(QT), "company", "中策橡胶", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(16)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert len(list(tmp_path.glob("index-*.sqlite"))) == 1
    assert not list(tmp_path.glob(".index-*"))


def test_an_edited_fact_file_is_seen_by_the_next_lookup(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    env = {"QT_CACHE_DIR": str(tmp_path / "cache"), "QT_FACTS": str(facts)}
    assert run(["company", "Radial Works"], env=env).returncode == 1
    path = facts / "companies.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'aliases = ["中策", "ZC Rubber"', 'aliases = ["中策", "Radial Works", "ZC Rubber"'
        ),
        encoding="utf-8",
    )
    time.sleep(0.01)
    done = run(["company", "Radial Works", "--json"], env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["match"]["how"] == "alias"


@pytest.mark.parametrize(
    ("args", "query"),
    [
        (["company", "--json", "\ud800"], "\ud800"),  # a lone surrogate: no encoding writes it
        (["ask", "\udcff\udcfe", "--json"], "\udcff\udcfe"),  # bytes that are no UTF-8, from argv
        (["metric", "\ud83d", "--json"], "\ud83d"),
    ],
)
def test_json_escapes_a_lone_surrogate_it_echoes(args: list[str], query: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert json.loads(result.stdout)["query"] == query
