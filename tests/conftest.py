"""Shared fixtures: an isolated cache and environment for every test (llm's env_setup pattern)."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.testing

from qtcli.cli.app import app, command

# CliRunner builds the click command of the app on every invoke (13 ms); the app builds it once
# per process (`command()`), and so do the tests: a thousand invokes no longer pay for it.
_built = typer.testing._get_command
typer.testing._get_command = lambda given: command() if given is app else _built(given)

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts"
SEEDS = ROOT.parent / "shared" / "seeds"
SHARED = ROOT.parent / "shared"


# Where PYTHONDONTWRITEBYTECODE is set (as here), every worker would rewrite the assertions of
# every test module again and every `qt` a test starts would recompile qtcli (0.25 s a run
# instead of 0.08 s). A test run caches what it compiles, in the __pycache__ folders git ignores,
# as `pip install .` does for qtcli and as the benchmark does (and says).
sys.dont_write_bytecode = False


def pytest_configure(config: pytest.Config) -> None:
    """Compile qtcli once before the run, for the `qt` processes tests start."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        import compileall

        import qtcli

        compileall.compile_dir(Path(qtcli.__file__).parent, quiet=1)


MARKED_WHOLE = re.compile(r"^pytestmark = pytest\.mark\.(\w+)", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A module marked slow (or eval) as a whole is not imported at all by a run that deselects
    its mark: the fast tier does not pay for importing hypothesis and the like in every worker."""
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    found = MARKED_WHOLE.search(collection_path.read_text(encoding="utf-8"))
    if found is None:
        return None
    if not config.option.markexpr:
        return None
    from _pytest.mark.expression import Expression

    wanted = Expression.compile(config.option.markexpr)
    return True if not wanted.evaluate(lambda name: name == found.group(1)) else None


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


def spy_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the fact files a build compiles from now on, in order."""
    from qtcli.index import compile as compiling

    compiled: list[str] = []
    real = compiling.compile_file
    monkeypatch.setattr(
        compiling, "compile_file", lambda path, *a: compiled.append(path.name) or real(path, *a)
    )
    return compiled
