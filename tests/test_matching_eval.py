"""Matching is measured, not hoped: accuracy floors on the labelled set, and shell completion."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .matching_eval import evaluate, load_cases


@pytest.fixture(scope="module")
def result(store):  # type: ignore[no-untyped-def]
    return evaluate(store, load_cases())


def test_the_labelled_set_is_large_enough() -> None:
    cases = load_cases()
    positives = [c for c in cases if c["expect"] is not None]
    assert len(positives) >= 300
    assert len(cases) - len(positives) >= 60
    assert {c["kind"] for c in cases} == {"company", "park", "region", "org", "metric"}


def test_overall_top1_accuracy_is_at_least_97_percent(result) -> None:  # type: ignore[no-untyped-def]
    correct, total = result["overall"]
    assert correct / total >= 0.97, result["misses"][:20]


def test_every_form_with_20_queries_is_at_least_97_percent(result) -> None:  # type: ignore[no-untyped-def]
    weak = {
        form: ok / n for form, (ok, n) in result["by_form"].items() if n >= 20 and ok / n < 0.97
    }
    assert weak == {}, [m for m in result["misses"] if m["form"] in weak][:20]


def test_false_positives_on_names_the_base_lacks_are_at_most_2_percent(result) -> None:  # type: ignore[no-untyped-def]
    assert result["false_positives"] / result["negatives"] <= 0.02, [
        m for m in result["misses"] if m["expect"] is None
    ]


HOLDOUT = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "top1", "fp"),
    [
        # Written blind. First runs: 81.8% top-1 and 4.4% false positives (holdout),
        # 95.5% and 7.3% (holdout2). What their fixes reached is held here.
        ("match_holdout.jsonl", 0.96, 0.02),
        ("match_holdout2.jsonl", 0.96, 0.02),
    ],
)
def test_held_out_queries(store, name: str, top1: float, fp: float) -> None:  # type: ignore[no-untyped-def]
    held = evaluate(store, load_cases(HOLDOUT / name))
    correct, total = held["overall"]
    assert correct / total >= top1, held["misses"][:20]
    assert held["false_positives"] / held["negatives"] <= fp


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
