"""Shared fixtures: an isolated cache and environment for every test (llm's env_setup pattern)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts"
SEEDS = ROOT.parent / "shared" / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the whole session, so the shipped index is built once."""
    return tmp_path_factory.mktemp("qt-cache")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> Iterator[None]:
    for name in (
        "QT_LANG",
        "QT_FACTS",
        "NO_COLOR",
        "FORCE_COLOR",
        "QT_DEBUG",
        "XDG_CACHE_HOME",
        "PAGER",
        "LESS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QT_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("QT_PAGER", "")  # a test on a pseudo-terminal never waits in `less`
    yield


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The index of the shipped fact base, for library-level tests."""
    old = os.environ.get("QT_CACHE_DIR")
    os.environ["QT_CACHE_DIR"] = str(tmp_path_factory.mktemp("store-cache"))
    try:
        from qtcli.index.build import open_store

        return open_store(FACTS)
    finally:
        if old is None:
            os.environ.pop("QT_CACHE_DIR", None)
        else:
            os.environ["QT_CACHE_DIR"] = old


def read_jsonl(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
