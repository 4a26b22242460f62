"""Every command, option and exit code through Typer's CliRunner, plus the installed `qt`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app

from .conftest import FACTS, SEEDS

runner = CliRunner()


def qt(*args: str, input: str | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, env=env)


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["company", "中策橡胶"], 0, "中策橡胶 (Zhongce Rubber)"),
        (["company", "Zhongce Rubber"], 0, "中策橡胶"),
        (["company", "zhongce", "--lang", "en"], 0, "Zhongce Rubber  [company]"),
        (["park", "钱开区"], 0, "杭州钱江经济开发区"),
        (["region", "钱塘"], 0, "钱塘区 (Qiantang District)"),
        (["org", "浙江理工大学"], 0, "Zhejiang Sci-Tech University"),
        (["metric", "rd-intensity", "--year", "2021"], 0, "4.43%"),
        (["metric", "R&D经费投入强度", "--region", "钱塘区"], 0, "高达5.25%"),
        (["search", "医药"], 0, "杭州医药港"),
        (["list", "companies", "--park", "前进智造园"], 0, "西子航空"),
        (["list", "sources"], 0, "zhizao-2022"),
        (["list", "metrics"], 0, "rd-intensity"),
        (["list", "regions"], 0, "qiantang"),
        (["list", "parks", "--region", "萧山"], 0, "杭州临空经济示范区"),
        (["list", "orgs"], 0, "nmpa"),
        (["source", "zhizao-2022"], 0, "糜利萍"),
        (["source", "000"], 0, "zhizao-2022"),
        (["company", "海康威视"], 1, ""),
        # A name surely of another kind is shown as that kind (stderr says so).
        (["company", "钱开区"], 0, "杭州钱江经济开发区"),
        (["company", "阿里巴巴"], 1, ""),
        (["metric", "rd-intensity", "--year", "2019"], 1, ""),
        (["source", "nope"], 1, ""),
        (["company"], 2, ""),
        (["metric", "rd-intensity", "--year", "abc"], 2, ""),
        (["metric", "rd-intensity", "--year", "99999"], 2, ""),
        (["company", "中策橡胶", "--lang", "fr"], 2, ""),
        (["frobnicate"], 2, ""),
        (["list", "cars"], 2, ""),
        (["company", "   "], 2, ""),
    ],
)
def test_commands_and_exit_codes(args: list[str], code: int, expected: str) -> None:
    result = qt(*args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert expected in result.stdout
    if code:
        assert result.stderr.startswith("qt: ") or "Usage" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout


def test_not_found_names_candidates_on_stderr() -> None:
    result = qt("company", "中策像胶集团公司有限")
    assert result.exit_code in (0, 1)
    result = qt("company", "阿里巴巴", "--lang", "en")
    assert result.exit_code == 1
    assert "did you mean" in result.stderr and "阿里云" in result.stderr
    result = qt("company", "阿里巴巴")
    assert "你是不是要找" in result.stderr and "阿里云" in result.stderr


def test_wrong_kind_points_to_the_right_command() -> None:
    result = qt("company", "钱开区")
    assert "qt park" in result.stderr and "不是企业" in result.stderr
    assert json.loads(qt("company", "钱开区", "--json").stdout)["entity"]["kind"] == "park"


def test_metric_json_contract() -> None:
    result = qt("metric", "rd-intensity", "--year", "2021", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    assert data["metric"] == {**data["metric"], "id": "rd-intensity", "unit": "%"}
    assert set(data["metric"]["name"]) == {"zh", "en"}
    values = sorted(o["value"] for o in data["observations"])
    assert values == [4.43, 4.54]
    for o in data["observations"]:
        assert o["conflict"] is True
        assert o["subject"] == {"id": "qiantang", "kind": "region", "name": o["subject"]["name"]}
        assert {"year", "period", "value", "unit", "qualifier", "source", "quote"} <= set(o)
        assert set(o["source"]) >= {"id", "title"}
    assert "钱塘区" in result.stdout  # Chinese stays readable, not \\u-escaped


def test_company_json_contract() -> None:
    data = json.loads(qt("company", "中策橡胶", "--json").stdout)
    assert data["entity"]["id"] == "zhongce-rubber"
    assert data["entity"]["kind"] == "company"
    assert data["entity"]["name"]["en"] == "Zhongce Rubber"
    assert isinstance(data["other_matches"], list)
    investment = [o for o in data["observations"] if o["metric"]["id"] == "investment"]
    assert investment[0]["qualifier"] == "nearly"
    assert investment[0]["value_text"] == {"zh": "近5亿元", "en": "nearly CNY 500 million"}
    assert all(f["source"]["id"] and f["quote"] for f in data["facts"])


def test_search_json_contract() -> None:
    data = json.loads(qt("search", "医药", "--json").stdout)
    assert data["results"]
    assert set(data["results"][0]) >= {"kind", "id", "name", "score"}


def test_json_error_object_on_failure() -> None:
    result = qt("company", "海康威视", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["exit_code"] == 1


def test_english_mode_words_numbers() -> None:
    result = qt("company", "中策橡胶", "--lang", "en")
    assert "nearly CNY 500 million" in result.stdout


def test_qt_lang_environment_sets_the_default() -> None:
    result = qt("company", "中策橡胶", env={"QT_LANG": "en"})
    assert "Zhongce Rubber  [company]" in result.stdout
    bad = qt("company", "中策橡胶", env={"QT_LANG": "fr"})
    assert bad.exit_code == 2


def test_version_names_the_fact_base() -> None:
    result = qt("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("qt 0.") and "fact base" in result.stdout


def test_facts_option_and_environment(tmp_path: Path) -> None:
    copy = tmp_path / "facts"
    shutil.copytree(FACTS, copy)
    assert qt("company", "中策橡胶", "--facts", str(copy)).exit_code == 0
    assert qt("company", "中策橡胶", env={"QT_FACTS": str(copy)}).exit_code == 0
    assert qt("company", "中策橡胶", "--facts", str(tmp_path / "missing")).exit_code == 3


def test_check_passes_on_shipped_facts() -> None:
    result = qt("check")
    assert result.exit_code == 0
    assert result.stdout.startswith("通过:")
    assert qt("check", "--lang", "en").stdout.startswith("ok: ")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_check_with_sources_and_coverage() -> None:
    result = qt("check", "--sources", str(SEEDS), "--coverage", "--json")
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["ok"] and data["coverage"]["uncovered"] == []


def test_batch_reads_stdin_and_writes_json_lines() -> None:
    result = qt("company", "-", input="中策橡胶\nnot a company at all xyz\nBYD\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("entity", {}).get("id") for line in lines] == ["zhongce-rubber", None, "byd"]
    assert lines[1]["error"]["exit_code"] == 1
    assert result.exit_code == 1


@pytest.mark.slow
def test_installed_entry_point_runs_as_a_subprocess(tmp_path: Path) -> None:
    exe = shutil.which("qt", path=os.path.dirname(sys.executable))
    assert exe, "the qt entry point is not installed next to this Python"
    env = {**os.environ, "QT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [exe, "company", "中策橡胶", "--json"], capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entity"]["id"] == "zhongce-rubber"
    done = subprocess.run(
        [exe, "metric", "rd-intensity", "--year", "2021"], capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 0 and "4.54%" in done.stdout.decode()
    done = subprocess.run(
        [exe, "company", "nothing-like-this", "--lang", "en"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1 and done.stderr.decode().startswith("qt: no company")


@pytest.mark.parametrize(
    ("args", "code", "payload", "said"),
    [
        # Figures for the year: exit 0, nothing on stderr.
        (["metric", "rd-intensity", "--year", "2021"], 0, True, ""),
        # Without --year, every figure, dated or not.
        (["metric", "investment"], 0, True, ""),
        # Figures the articles of that year print undated (a project's total, a share told
        # as it stands) are of the year they were printed: exit 0.
        (["metric", "investment", "--year", "2022"], 0, True, ""),
        # Only undated figures of other years' articles: shown (year_fallback), exit 1.
        (["metric", "investment", "--year", "2023"], 1, True, "undated figures are shown"),
        # Nothing for that year and nothing undated: exit 1 naming the years held.
        (["metric", "rd-intensity", "--year", "2019"], 1, False, "it has figures for 2021, 2024"),
    ],
)
def test_one_rule_for_year(args: list[str], code: int, payload: bool, said: str) -> None:
    """The exit code says whether figures for --year were found; stdout and --json agree."""
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == code
    assert said in result.stderr and (said or result.stderr == "")
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert ("observations" in data) == payload
    if payload:
        assert data["year_fallback"] == ("undated" in said)
        assert bool(data["observations"]) and (result.stdout != "")
