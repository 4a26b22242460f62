"""The README stays true: its set-up commands, every command and exit code documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from qtcli.cli import app
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
