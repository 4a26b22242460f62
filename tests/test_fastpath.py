"""The fast path answers the common lookups without importing Typer, Rich or the index builders."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.slow
def test_lookup_path_does_not_import_heavy_modules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """JSON lookups never import Typer, Rich, pypinyin or OpenCC, nor read TOML, validate or
    compile; exact ones not RapidFuzz either."""
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
        "mods = [m for m in ('typer', 'rich', 'pypinyin', 'opencc', 'rapidfuzz', 'click', 'tomli',\n"
        "  'tomllib', 'qtcli.factbase.load', 'qtcli.factbase.validate', 'qtcli.index.compile',\n"
        "  'concurrent.futures') if m in sys.modules]\n"
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
