"""The README stays true: its set-up commands, every command and exit code documented."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from qtcli.cli.app import app
from qtcli.errors import ExitCode

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_it_opens_with_the_two_set_up_commands() -> None:
    block = re.search(r"```bash\n(.*?)\n```", README, re.S)
    assert block is not None and README.index("```bash") < README.index("\n## ")
    install, test = block.group(1).splitlines()
    assert install.startswith("python3 -m venv .venv") and "qt company" in install
    assert test.startswith("python3 -m venv .venv") and "pytest" in test


def test_every_command_is_documented() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert commands
    missing = [name for name in commands if f"`qt {name}" not in README]
    assert not missing


def test_every_exit_code_is_documented() -> None:
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", README, re.M), code


def _single_command_blocks() -> list[tuple[str, str]]:
    """README console blocks that show one plain `qt` command and its whole output."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        lines = block.splitlines()
        commands = [line for line in lines if line.startswith("$ ")]
        if len(commands) != 1 or not lines[0].startswith("$ qt "):
            continue
        if any(mark in lines[0] for mark in ("|", ";", "&&", ">")) or "…" in block:
            continue  # piped, chained or abridged: not a verbatim transcript
        out.append((lines[0][2:], "\n".join(lines[1:])))
    return out


@pytest.mark.parametrize(("command", "shown"), _single_command_blocks())
@pytest.mark.slow
def test_readme_transcripts_are_real(command: str, shown: str, tmp_path: Path) -> None:
    qt = shutil.which("qt", path=os.path.dirname(sys.executable))
    if qt is None:
        pytest.skip("the qt entry point is not installed")
    env = {**os.environ, "QT_CACHE_DIR": str(tmp_path), "COLUMNS": "200"}
    env.pop("QT_LANG", None)
    done = subprocess.run(
        [qt, *shlex.split(command)[1:]], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.stdout.rstrip("\n") == shown.rstrip("\n")
