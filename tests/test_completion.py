"""Shell completion of names, through each shell's own completion protocol."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

QT = shutil.which("qt", path=os.path.dirname(sys.executable))


@pytest.mark.skipif(QT is None, reason="the qt entry point is not installed")
@pytest.mark.parametrize(
    ("shell", "env", "expected"),
    [
        ("bash", {"COMP_WORDS": "qt company 中", "COMP_CWORD": "2"}, "中策橡胶"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "qt company 中"}, "中策橡胶"),
        (
            "fish",
            {"_TYPER_COMPLETE_ARGS": "qt park 钱", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
            "钱塘芯谷",
        ),
    ],
)
def test_names_complete_in_the_shell(
    tmp_path: Path, shell: str, env: dict[str, str], expected: str
) -> None:
    full = {**os.environ, **env, "_QT_COMPLETE": f"complete_{shell}", "QT_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([str(QT)], capture_output=True, text=True, env=full, timeout=120)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout


@pytest.mark.skipif(
    QT is None or shutil.which("bash") is None, reason="needs bash and the qt entry point"
)
def test_bash_completion_script_completes_a_partial_name(tmp_path: Path) -> None:
    """Source the script qt prints for bash and run its completion function, as bash would on TAB."""
    env = {
        **os.environ,
        "QT_CACHE_DIR": str(tmp_path),
        "PATH": f"{os.path.dirname(str(QT))}:{os.environ['PATH']}",
    }
    script = subprocess.run(
        [str(QT), "--show-completion", "bash"], capture_output=True, text=True, env=env, timeout=60
    ).stdout
    assert "complete" in script
    probe = f"""{script}
COMP_WORDS=(qt company 中策); COMP_CWORD=2
_qt_completion qt
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert "中策橡胶" in done.stdout.splitlines(), done.stdout + done.stderr
