"""Long profiles: a terminal shows the first rows of each section and the command for the rest;
--all, --section and --limit choose; pipes and JSON get everything."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from qtcli.cli import options
from qtcli.cli.app import app
from qtcli.errors import UsageError

from .test_terminal import on_a_terminal

runner = CliRunner()


def qt(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def section_rows(out: str) -> dict[str, int]:
    """Rows under each '== title (N)' of the plain layout, by title."""
    counts: dict[str, int] = {}
    title = None
    for line in out.splitlines():
        if line.startswith("== "):
            title = line[3:].split(" (")[0]
            counts[title] = -1  # the header line
        elif not line:
            title = None
        elif title is not None and " | " in line:
            counts[title] += 1
    return counts


def test_a_pipe_gets_every_row() -> None:
    out = qt("region", "钱塘").stdout
    data = json.loads(qt("region", "钱塘", "--json").stdout)
    assert section_rows(out) == {
        "事实": len(data["facts"]),
        "数据": len(data["observations"]),
        "所属/下辖": len(data["members"]),
    }
    assert "另有" not in out


def test_limit_shows_the_first_rows_and_the_command_for_the_rest() -> None:
    result = qt("region", "钱塘", "--limit", "2")
    assert result.exit_code == 0, result.stderr
    facts = len(json.loads(qt("region", "钱塘", "--json").stdout)["facts"])
    assert section_rows(result.stdout) == {"事实": 2, "数据": 2, "所属/下辖": 2}
    assert f"… 另有 {facts - 2} 条:qt region 钱塘 --section facts" in result.stdout
    assert "qt region 钱塘 --section figures" in result.stdout
    assert "qt region 钱塘 --section members" in result.stdout


def test_the_command_for_the_rest_keeps_the_language_and_quotes_the_name() -> None:
    out = qt("company", "Zhongce Rubber", "--limit", "1", "--lang", "en").stdout
    assert re.search(r"… \d+ more: qt company 'Zhongce Rubber' --lang en --section facts", out)


def test_section_shows_that_section_alone_and_all_of_it() -> None:
    out = qt("region", "钱塘", "--section", "figures").stdout
    figures = len(json.loads(qt("region", "钱塘", "--json").stdout)["observations"])
    assert section_rows(out) == {"数据": figures}
    assert "ID: " not in out  # the profile's fields belong to the whole profile
    assert out.startswith("钱塘区 (Qiantang District)")  # still says whose figures


def test_section_and_limit_together() -> None:
    out = qt("region", "钱塘", "--section", "members", "--limit", "3").stdout
    assert section_rows(out) == {"所属/下辖": 3}
    assert "--section members" in out


def test_an_empty_section_asked_for_is_shown_empty() -> None:
    result = qt("company", "中策橡胶", "--section", "members")
    assert result.exit_code == 0
    assert section_rows(result.stdout) == {"所属/下辖": 0}


def test_json_is_the_same_whatever_the_rows_asked() -> None:
    whole = qt("region", "钱塘", "--json").stdout
    assert qt("region", "钱塘", "--json", "--limit", "1").stdout == whole
    assert qt("region", "钱塘", "--json", "--section", "facts").stdout == whole


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "--limit", "3"], "qt: give --all or --limit, not both\n"),
        (["--section", "people"], "qt: --section is 'people'; use facts, figures or members\n"),
        (["--limit", "0"], "qt: --limit is '0'; give a number of rows such as 10\n"),
        (["--limit", "ten"], "qt: --limit is 'ten'; give a number of rows such as 10\n"),
        (["--color", "rainbow"], "qt: --color is 'rainbow'; use auto, always or never\n"),
    ],
)
def test_bad_values_are_usage_errors(args: list[str], message: str) -> None:
    result = qt("region", "钱塘", *args, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == message


@pytest.mark.parametrize(
    ("all", "section", "limit", "screen", "shown"),
    [
        (False, None, None, True, options.SCREEN_ROWS),
        (False, None, None, False, None),
        (True, None, None, True, None),
        (False, "facts", None, True, None),
        (False, "facts", "4", True, 4),
        (False, None, "4", False, 4),
    ],
)
def test_rows_shown_per_section(
    all: bool, section: str | None, limit: str | None, screen: bool, shown: int | None
) -> None:
    assert options.check_rows(all, section, limit).shown(screen) == shown


def test_check_rows_refuses_all_with_limit() -> None:
    with pytest.raises(UsageError):
        options.check_rows(True, None, "3")


@pytest.mark.slow
def test_a_terminal_shows_the_first_rows_of_each_section() -> None:
    shown = on_a_terminal(["region", "钱塘"], columns=120, rows=1000)
    whole = on_a_terminal(["region", "钱塘", "--all"], columns=120, rows=1000)
    assert re.search(r"… 另有 \d+ 条:qt region 钱塘 --section facts", shown)
    assert "另有" not in whole
    assert len(shown.splitlines()) < 150 < len(whole.splitlines())
