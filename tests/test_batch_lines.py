"""Batch mode (`qt company -`): every input line gets exactly one output line, in order,
whatever happens (issue 12, cases 9 and 15)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

QT = shutil.which("qt", path=os.path.dirname(sys.executable))
needs_qt = pytest.mark.skipif(QT is None, reason="the qt entry point is not installed")


def run(args: list[str], stdin: bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, **env}
    return subprocess.run([str(QT), *args], input=stdin, capture_output=True, env=full, timeout=120)


def objects(stdout: bytes) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in stdout.decode().splitlines()]


@needs_qt
def test_a_corrupt_index_does_not_drop_a_line(tmp_path: Path) -> None:
    cache = str(tmp_path)
    assert run(["company", "中策橡胶"], b"", QT_CACHE_DIR=cache).returncode == 0
    (index,) = tmp_path.glob("index-*.sqlite")
    data = bytearray(index.read_bytes())
    third = len(data) // 3
    data[third : 2 * third] = bytes(third)  # zero the middle third, as the issue did
    index.write_bytes(bytes(data))
    done = run(["company", "-"], "中策橡胶\nzcxj\n优科豪马\n".encode(), QT_CACHE_DIR=cache)
    answers = objects(done.stdout)
    assert [a["query"] for a in answers] == ["中策橡胶", "zcxj", "优科豪马"], done.stderr
    assert [a.get("entity", {}).get("id") for a in answers] == [
        "zhongce-rubber",
        "zhongce-rubber",
        "yokohama-rubber",
    ]


@needs_qt
@pytest.mark.parametrize(
    "locale", ["en_US.UTF-8", *(pytest.param(x, marks=pytest.mark.slow) for x in ("C.UTF-8", "C"))]
)
def test_invalid_utf8_is_answered_line_by_line(tmp_path: Path, locale: str) -> None:
    stdin = "中策橡胶\n".encode() + b"\xff\xfe zhongce\n" + "优科豪马\n".encode()
    done = run(["company", "-"], stdin, QT_CACHE_DIR=str(tmp_path), LC_ALL=locale, LANG=locale)
    assert done.returncode == 1, done.stderr
    first, bad, last = objects(done.stdout)
    assert first["entity"]["id"] == "zhongce-rubber"
    assert last["entity"]["id"] == "yokohama-rubber"
    assert bad["query"] == "\ufffd\ufffd zhongce"
    assert bad["error"] == {
        "message": "第 2 行不是有效的 UTF-8(偏移 0 处字节有误)",
        "text": {
            "zh": "第 2 行不是有效的 UTF-8(偏移 0 处字节有误)",
            "en": "line 2 is not valid UTF-8 (bad byte at offset 0)",
        },
        "exit_code": 2,
        "candidates": [],
    }


def test_an_unexpected_error_is_that_lines_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from functools import partial

    from qtcli.cli import commands

    def flaky(store, query, **options):  # type: ignore[no-untyped-def]
        if query == "boom":
            raise RuntimeError("a bug")
        return commands.entity(store, query, **options)

    answer = partial(flaky, kind="company", mode="zh", cite=None)
    lines = io.BytesIO("中策橡胶\nboom\n优科豪马\n".encode())
    assert commands.batch(commands.Index(None), answer, lines, "en") == 1
    first, bad, last = objects(capsys.readouterr().out.encode())
    assert first["entity"]["id"] == "zhongce-rubber" and last["entity"]["id"] == "yokohama-rubber"
    assert bad["query"] == "boom"
    assert bad["error"]["message"] == "internal error (RuntimeError) while answering this line"
    assert bad["error"]["exit_code"] == 4
