"""Messages in the reader's language: errors, refusals and JSON error objects.

The rule (README, Exit codes and environment): a message is in the language of `--lang`
wherever it stands on the command line, else `QT_LANG`, else Chinese. `qt ask` answers and
refuses in --lang, else QT_LANG, else the question's language.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.cli.options import message_lang

runner = CliRunner()
SRC = Path(__file__).resolve().parents[1] / "src" / "qtcli"


@pytest.mark.parametrize(
    ("args", "env", "starts"),
    [
        (["company", "海康威视"], {}, "qt: 没有与“海康威视”匹配的企业"),
        (["company", "海康威视", "--lang", "en"], {}, "qt: no company matches '海康威视'"),
        (["--lang", "en", "company", "海康威视"], {}, "qt: no company matches '海康威视'"),
        (["company", "海康威视", "--lang=en"], {}, "qt: no company matches '海康威视'"),
        (["company", "海康威视"], {"QT_LANG": "en"}, "qt: no company matches '海康威视'"),
        (["company", "海康威视", "--lang", "zh"], {"QT_LANG": "en"}, "qt: 没有与“海康威视”匹配"),
        (["metric", "rd-intensity", "--year", "abc"], {}, "qt: --year 为“abc”"),
        (["metric", "rd-intensity", "--year", "abc", "--lang", "en"], {}, "qt: --year is 'abc'"),
        (
            ["metric", "rd-intensity", "--year", "2019"],
            {},
            "qt: “R&D经费投入强度”(rd-intensity)没有",
        ),
        (["metric", "rd-intensity", "--year", "2019", "--lang", "en"], {}, "qt: 'R&D intensity'"),
        (["source", "nope"], {}, "qt: 没有与“nope”匹配的来源"),
        (["search", "zzzzqqqq", "--lang", "en"], {}, "qt: nothing matches 'zzzzqqqq'"),
        (["list", "companies", "--park", "前进智造园", "--region", "钱塘"], {}, "qt: --park 与"),
        (["company", "   ", "--lang", "en"], {}, "qt: the query is empty"),
        (["company", "   "], {}, "qt: 查询为空"),
        (["check", "--coverage"], {}, "qt: --coverage 需要"),
        (["check", "--coverage", "--lang", "en"], {}, "qt: --coverage needs"),
        (["export", "-", "--excel"], {}, "qt: '-' 写出 JSON Lines"),
        (["export", "-", "--excel", "--lang", "en"], {}, "qt: '-' writes JSON Lines"),
        # A bad --lang cannot choose: QT_LANG does, else Chinese; Click's words stay English.
        (["company", "中策橡胶", "--lang", "fr"], {}, "qt: 用法有误:invalid value for '--lang'"),
        (["company", "中策橡胶", "--lang", "fr"], {"QT_LANG": "en"}, "qt: invalid value"),
        (["company", "中策橡胶"], {"QT_LANG": "fr"}, "qt: QT_LANG 为“fr”"),
    ],
)
def test_a_message_follows_lang_then_qt_lang_then_chinese(
    args: list[str], env: dict[str, str], starts: str
) -> None:
    result = runner.invoke(app, args, env=env)
    assert result.exit_code != 0
    assert result.stderr.startswith(starts), result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        (["company", "海康威视", "--json"], "zh"),
        (["company", "海康威视", "--json", "--lang", "en"], "en"),
        (["metric", "rd-intensity", "--year", "2019", "--json"], "zh"),
    ],
)
def test_a_json_error_holds_both_languages_and_says_the_shown_one(
    args: list[str], lang: str
) -> None:
    result = runner.invoke(app, args)
    error = json.loads(result.stdout)["error"]
    assert set(error) == {"message", "text", "exit_code", "candidates"}
    assert set(error["text"]) == {"zh", "en"}
    assert error["message"] == error["text"][lang]
    assert result.stderr == f"qt: {error['message']}\n"


def test_a_batch_error_line_is_in_the_chosen_language() -> None:
    result = runner.invoke(app, ["company", "-", "--lang", "en"], input="海康威视\n")
    line = json.loads(result.stdout)
    assert line["error"]["message"].startswith("no company matches")
    result = runner.invoke(app, ["company", "-"], input="海康威视\n")
    assert json.loads(result.stdout)["error"]["message"].startswith("没有与")


@pytest.mark.parametrize(
    ("question", "args", "env", "starts"),
    [
        ("钱塘区2021年GDP是多少?", [], {}, "qt: 事实库中没有"),
        ("钱塘区2021年GDP是多少?", ["--lang", "en"], {}, "qt: the fact base "),
        ("钱塘区2021年GDP是多少?", [], {"QT_LANG": "en"}, "qt: the fact base "),
        ("What was Qiantang's GDP in 2021?", [], {}, "qt: the fact base "),
        ("What was Qiantang's GDP in 2021?", ["--lang", "zh"], {}, "qt: 事实库中没有"),
    ],
)
def test_an_ask_refusal_follows_lang_else_the_question(
    question: str, args: list[str], env: dict[str, str], starts: str
) -> None:
    result = runner.invoke(app, ["ask", question, *args], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith(starts), result.stderr
    data = json.loads(runner.invoke(app, ["ask", question, "--json", *args], env=env).stdout)
    assert set(data["refusal_text"]) == {"zh", "en"}
    assert data["refusal"] == data["refusal_text"][data["reading"]["lang"]]
    assert all(set(n) == {"zh", "en"} for n in data["nearest_text"])


@pytest.mark.parametrize(
    ("argv", "env", "lang"),
    [
        ([], {}, "zh"),
        (["company", "x", "--lang", "en"], {}, "en"),
        (["--lang=en", "company", "x"], {}, "en"),
        (["company", "x"], {"QT_LANG": "en"}, "en"),
        (["company", "x", "--lang", "fr"], {"QT_LANG": "en"}, "en"),
        (["company", "--", "--lang", "en"], {}, "zh"),  # after --, it is a query
        (["company", "x", "--lang"], {}, "zh"),
    ],
)
def test_message_lang_reads_the_command_line(
    argv: list[str], env: dict[str, str], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert message_lang(argv) == lang


ERRORS = {"QtError", "UsageError", "NotFound", "CannotWrite"}
# Where a message is passed through rather than written: Click's own words, a batch line's pair.
PASSED_THROUGH = {("cli/app.py", "UsageError"), ("cli/commands.py", "UsageError")}


def _raise_sites() -> list[tuple[str, int, str, ast.Call]]:
    sites = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ERRORS
            ):
                sites.append((str(path.relative_to(SRC)), node.lineno, node.func.id, node))
    return sites


def test_every_error_raised_is_written_in_chinese_too() -> None:
    """Each QtError built in the library or the CLI gives its Chinese sentence, and it is
    Chinese: a second argument with a CJK character in its literal text."""
    sites = _raise_sites()
    assert len(sites) > 30
    for where, line, name, call in sites:
        if (where, name) in PASSED_THROUGH:
            continue
        assert len(call.args) >= 2, f"{where}:{line}: {name} without its Chinese"
        literal = ast.unparse(call.args[1])
        assert any("\u4e00" <= ch <= "\u9fff" for ch in literal), f"{where}:{line}: {literal}"


def test_every_command_accepts_the_global_options() -> None:
    """`qt --lang en COMMAND …` and `qt --json COMMAND …` work for every command."""
    import typer.main

    from qtcli.cli.options import GLOBAL_FLAGS, GLOBAL_VALUES

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        opts = {o for p in command.params for o in p.opts}
        assert set(GLOBAL_FLAGS + GLOBAL_VALUES) <= opts, name


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (["--lang", "en", "export", "-", "--excel"], "qt: '-' writes JSON Lines"),
        (["--lang", "en", "check", "--coverage"], "qt: --coverage needs"),
        (["--lang", "en", "schema", "nope"], "qt: invalid value"),
        (["--json", "--lang", "en", "export", "-", "--excel"], "qt: '-' writes JSON Lines"),
    ],
)
def test_global_options_before_any_command(args: list[str], starts: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(starts), result.stderr
