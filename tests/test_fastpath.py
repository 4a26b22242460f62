"""The fast path (no Typer) and the Typer app give the same answers to the same command lines."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from qtcli.cli import fastpath
from qtcli.cli.app import app

runner = CliRunner()

SAME = [
    ["company", "中策橡胶"],
    ["company", "中策橡胶", "--json"],
    ["company", "--json", "zhongce"],
    ["company", "Zhongce Rubbr", "--lang", "en"],
    ["company", "中策橡膠", "--lang=zh", "--json"],
    ["park", "钱开区", "--json"],
    ["region", "钱塘"],
    ["org", "浙江理工大学", "--lang", "en"],
    ["metric", "rd-intensity", "--year", "2021", "--json"],
    ["metric", "rd-intensity", "--year=2021"],
    ["metric", "研发强度", "--region", "钱塘区"],
    ["metric", "R&D经费投入强度", "--region=钱塘", "--lang", "en", "--json"],
    ["metric", "rd-intensity", "--year", "2019", "--json"],
    ["company", "海康威视"],
    ["company", "海康威视", "--json"],
    ["company", "钱开区"],
    ["company", "   "],
    ["metric", "GDP of Mars"],
]
TYPER_ONLY = [
    ["company"],
    ["company", "-h"],
    ["company", "a", "b"],
    ["company", "x", "--year", "2021"],
    ["metric", "x", "--year", "abc"],
    ["metric", "x", "--year", "99999"],
    ["company", "x", "--lang", "fr"],
    ["company", "x", "--json", "--json"],
    ["company", "--", "-x"],
    ["search", "医药"],
    ["frobnicate"],
]


def run_fast(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | None, str, str]:
    code = fastpath.run(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("args", SAME, ids=" ".join)
def test_both_paths_agree(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_fast(args, capsys)
    assert code is not None, "the fast path should handle this command line"
    typer_result = runner.invoke(app, args)
    assert (code, out, err) == (typer_result.exit_code, typer_result.stdout, typer_result.stderr)


@pytest.mark.parametrize("args", TYPER_ONLY, ids=" ".join)
def test_anything_unusual_goes_to_typer(args: list[str]) -> None:
    assert fastpath.parse(args) is None


def test_lookup_path_does_not_import_heavy_modules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """JSON lookups never import Typer, Rich, pypinyin or OpenCC; exact ones not RapidFuzz either."""
    import json
    import os
    import subprocess

    env = {**os.environ, "QT_CACHE_DIR": str(tmp_path)}
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['qt'] + sys.argv[1:]\n"
        "try:\n"
        "    from qtcli.cli.fastpath import main\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "mods = [m for m in ('typer', 'rich', 'pypinyin', 'opencc', 'rapidfuzz', 'click') if m in sys.modules]\n"
        "sys.stderr.write('MODULES ' + json.dumps(mods) + '\\n')\n"
    )
    probe = "import json\n" + probe
    subprocess.run(
        [sys.executable, "-c", probe, "company", "中策橡胶", "--json"], env=env, capture_output=True
    )  # warm
    exact = subprocess.run(
        [sys.executable, "-c", probe, "company", "中策橡胶", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert json.loads(exact.stdout)["entity"]["id"] == "zhongce-rubber"
    assert "MODULES []" in exact.stderr, exact.stderr
    metric = subprocess.run(
        [sys.executable, "-c", probe, "metric", "rd-intensity", "--year", "2021", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "MODULES []" in metric.stderr, metric.stderr
    fuzzy = subprocess.run(
        [sys.executable, "-c", probe, "company", "Zhongce Rubbr", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert 'MODULES ["rapidfuzz"]' in fuzzy.stderr, fuzzy.stderr
