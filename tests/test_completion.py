"""Completion everywhere a value is typed, through each shell's own completion protocol
(bash, zsh, fish, as the scripts `qt --show-completion SHELL` prints call `qt`), and the
library functions behind it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer._click.shell_completion import split_arg_string

from qtcli.find import complete
from qtcli.index.store import Store

QT = shutil.which("qt", path=os.path.dirname(sys.executable))
needs_qt = pytest.mark.skipif(QT is None, reason="the qt entry point is not installed")

# (what is on the command line when TAB is pressed, a completion offered, one not offered)
TYPED = [
    ("qt company 中", "中策橡胶", None),
    ("qt park 钱", "钱塘芯谷", None),
    ("qt metric rd", "rd-intensity", None),  # metric ids
    ("qt metric 研发", "研发强度", None),  # Chinese names and aliases
    ('qt metric "R&D int', "R&D intensity", None),  # English names, quoted
    ("qt metric rd-intensity --year ", "2021", "2035"),  # the years that metric has
    ("qt metric rd-intensity --json --year 202", "2024", "pyproject.toml"),
    ("qt metric GDP --year 203", "2035", None),  # no metric named: every year held
    ("qt metric rd-intensity --region 钱塘", "钱塘区", None),
    ("qt list companies --park 前进", "前进智造园", None),
    ("qt list companies --region 萧", "萧山区", None),
    ("qt list companies --sector 汽", "汽车", None),
    ("qt list parks --sector 生", "生物医药", "生物3D打印"),  # parks: focus industries
    ("qt source zh", "zhizao-2022", None),
    ("qt list c", "companies", None),  # list kinds
    ("qt search 中策 --kind ob", "observation", None),
    ("qt show 000-zhizao-2022#o1", "000-zhizao-2022#o1", None),  # every key shown
    ("qt show zhongce", "zhongce-rubber", None),
]


def _protocol(shell: str, line: str) -> dict[str, str]:
    """The environment each shell's completion script sets before calling qt."""
    if shell == "bash":
        count = len(split_arg_string(line)) - (0 if line.endswith(" ") else 1)
        return {"COMP_WORDS": line, "COMP_CWORD": str(count)}
    env = {"_TYPER_COMPLETE_ARGS": line}
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return env


def _offered(shell: str, output: str) -> list[str]:
    if shell == "zsh":  # _arguments '*: :(("a":"help"\n"b"))', one value per line
        quoted = (re.search(r'"((?:[^"]|"")*)"', line) for line in output.splitlines())
        return [m.group(1).replace('""', '"') for m in quoted if m]
    lines = output.splitlines()
    return [line.split("\t")[0].replace("\\ ", " ") for line in lines]


@pytest.mark.slow
@needs_qt
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize(("line", "offered", "not_offered"), TYPED, ids=[t[0] for t in TYPED])
def test_values_complete_in_the_shell(
    tmp_path_factory: pytest.TempPathFactory,
    shell: str,
    line: str,
    offered: str,
    not_offered: str | None,
) -> None:
    cache = tmp_path_factory.getbasetemp() / "completion-cache"
    env = {
        **os.environ,
        **_protocol(shell, line),
        "_QT_COMPLETE": f"complete_{shell}",
        "QT_CACHE_DIR": str(cache),
    }
    done = subprocess.run([str(QT)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    words = _offered(shell, done.stdout)
    assert offered in words, done.stdout
    assert not_offered not in words
    assert "_files" not in done.stdout  # zsh falls back to file names when nothing is offered


@pytest.mark.slow
@pytest.mark.skipif(
    QT is None or shutil.which("bash") is None, reason="needs bash and the qt entry point"
)
@pytest.mark.parametrize(
    ("words", "cword", "reply"),
    [
        ("qt company 中策", 2, "中策橡胶"),
        ("qt company Zhongce", 2, "Zhongce\\ Rubber"),  # escaped: one word on the line
        ("qt metric rd-intensity --year", 4, "2021"),
    ],
)
def test_bash_completion_script_completes(
    tmp_path: Path, words: str, cword: int, reply: str
) -> None:
    """Source the script qt prints for bash and run its completion function, as bash would on TAB."""
    env = {
        **os.environ,
        "QT_CACHE_DIR": str(tmp_path),
        "PATH": f"{os.path.dirname(str(QT))}:{os.environ['PATH']}",
    }
    # Typer finds the shell to show a script for among qt's parent processes: run from bash
    # (which waits, so it is the parent), as a user would, not from whatever runs the tests
    # (a test run detached from any shell found none: 'Shell  not supported').
    shown = subprocess.run(
        ["bash", "-c", f"{shlex.quote(str(QT))} --show-completion; exit $?"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    script = shown.stdout
    assert "complete" in script, (shown.returncode, shown.stderr)
    array = " ".join(shlex.quote(w) for w in words.split()) + (" ''" if cword > 3 else "")
    probe = f"""{script}
COMP_WORDS=({array}); COMP_CWORD={cword}
_qt_completion qt
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert reply in done.stdout.splitlines(), done.stdout + done.stderr


# ------------------------------------------------------------------ the library, fast
@pytest.mark.parametrize(
    ("metric", "typed", "years"),
    [
        ("rd-intensity", "", ["2024", "2021"]),
        ("R&D经费投入强度", "202", ["2024", "2021"]),  # a name names the metric too
        ("研发强度", "", ["2024", "2021"]),
        ("no such metric", "2035", ["2035"]),
        (None, "201", ["2019"]),
    ],
)
def test_years_held(store: Store, metric: str | None, typed: str, years: list[str]) -> None:
    assert complete.years(store, metric, typed) == years


@pytest.mark.parametrize(
    ("kind", "typed", "offered"),
    [
        ("metric", "rd-int", "rd-intensity"),
        ("metric", "R&D", "R&D intensity"),
        ("metric", "研发", "研发强度"),
        ("company", "中", "中策橡胶"),
        ("company", "zhongce", "zhongce-rubber"),
    ],
)
def test_names_starting(store: Store, kind: str, typed: str, offered: str) -> None:
    assert offered in list(complete.names_starting(store, kind, typed))


def test_keys_sources_and_sectors(store: Store) -> None:
    assert complete.keys_starting(store, "000-zhizao-2022#f1")[0] == "000-zhizao-2022#f1"
    assert "rd-intensity" in complete.keys_starting(store, "rd-")
    assert complete.source_ids(store, "zhi") == ["zhizao-2022"]
    assert "tyres" in complete.sectors_starting(store, "company", "ty")
    assert "轮胎" not in complete.sectors_starting(store, "park", "")
    assert complete.places_starting(store, ("region", "park"), "钱塘")[0] == "钱塘区"
