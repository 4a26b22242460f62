"""Help stands alone, in the reader's language: every command with at least two examples
that really run, its exit codes, and every argument and option explained in both languages."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer import _click as click
from typer.testing import CliRunner

from qtcli.cli import helptext
from qtcli.cli.app import app
from qtcli.errors import ExitCode

from .conftest import ROOT

runner = CliRunner()
GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]
HEADINGS = {"zh": ("用法:", "示例:", "退出码:"), "en": ("Usage:", "Examples:", "Exit codes:")}


def test_every_command_has_a_page_and_every_page_a_command() -> None:
    assert set(helptext.PAGES) == {"", *COMMANDS}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_has_examples_and_exit_codes(command: str, lang: str) -> None:
    result = runner.invoke(app, [*([command] if command else []), "-h", "--lang", lang])
    assert result.exit_code == 0, result.stderr
    page = helptext.PAGES[command]
    assert len(page.examples) >= 2
    usage, examples, codes = HEADINGS[lang]
    assert result.stdout.startswith(usage)
    assert examples in result.stdout and codes in result.stdout
    for line, note in page.examples:
        assert f"  {line}\n" in result.stdout and note.get(lang) in result.stdout.replace("\n", "")
    shown = result.stdout.split(codes)[1]
    for code, _ in page.codes:
        assert re.search(rf"^  {int(code)} ", shown, re.M), code
    assert {ExitCode.OK, ExitCode.USAGE} <= {code for code, _ in page.codes}


@pytest.mark.parametrize(
    ("args", "env", "starts"),
    [
        (["company", "-h"], {}, "用法: qt company"),
        (["company", "-h", "--lang", "en"], {}, "Usage: qt company"),
        (["--lang", "en", "company", "-h"], {}, "Usage: qt company"),
        (["company", "--lang=en", "--help"], {}, "Usage: qt company"),
        (["company", "-h"], {"QT_LANG": "en"}, "Usage: qt company"),
        (["company", "-h", "--lang", "zh"], {"QT_LANG": "en"}, "用法: qt company"),
        (["-h"], {"QT_LANG": "en"}, "Usage: qt [OPTIONS] COMMAND"),
        (["-h"], {}, "用法: qt [选项] 命令"),
    ],
)
def test_help_follows_lang_then_qt_lang_then_chinese(
    args: list[str], env: dict[str, str], starts: str
) -> None:
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0
    assert result.stdout.startswith(starts), result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_parameter_is_explained_in_both_languages(command: str) -> None:
    for param in GROUP.commands[command].params:  # type: ignore[attr-defined]
        for lang in ("zh", "en"):
            assert helptext.param_help(command, param.name or "", lang), (command, param.name)
    for param in GROUP.params:
        assert helptext.param_help("", param.name or "", "zh"), param.name


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_lines_fit_the_width(width: int, lang: str) -> None:
    """Measured in columns (a Chinese character is two); only a command line of an example,
    which is never broken, may be longer."""
    examples = {line for page in helptext.PAGES.values() for line, _ in page.examples}
    for name in ["", *COMMANDS]:
        command = GROUP.commands[name] if name else GROUP  # type: ignore[attr-defined]
        parent = click.Context(GROUP, info_name="qt", obj={"lang": lang})
        ctx = click.Context(command, info_name=name or "qt", parent=parent if name else None)
        if not name:
            ctx.obj = {"lang": lang}
        formatter = click.HelpFormatter(width=width)
        command.format_help(ctx, formatter)
        text = "".join(formatter.buffer)
        assert text.startswith(HEADINGS[lang][0])
        for line in text.splitlines():
            if line.strip() not in examples:
                assert helptext.display_width(line) <= width, (name, line)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("R&D intensity reached its target", 20, ["  R&D intensity", "  reached its target"]),
        ("研发强度创历史新高,提前完成目标", 20, ["  研发强度创历史新", "  高,提前完成目标"]),
        ("研发强度创历史新高,提前完成目标", 22, ["  研发强度创历史新高,", "  提前完成目标"]),
        ("用 --year 2021 查询 rd-intensity", 16, ["  用 --year 2021", "  查询", "  rd-intensity"]),
    ],
)
def test_wrap_measures_columns_and_keeps_words_whole(
    text: str, width: int, lines: list[str]
) -> None:
    assert helptext.wrap(text, width, "  ") == lines


def _runnable_examples() -> list[tuple[str, list[str]]]:
    out = []
    for page in helptext.PAGES.values():
        for line, _ in page.examples:
            if "|" in line or line.startswith(("qt export", "qt draft")) or "../shared" in line:
                continue  # piped, writes or reads files of its own, or needs the articles
            out.append((line, shlex.split(line)[1:]))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "argv"), _runnable_examples(), ids=[e[0] for e in _runnable_examples()]
)
def test_every_example_runs(line: str, argv: list[str]) -> None:
    argv = [a if a != "./facts" else str(ROOT / "facts") for a in argv]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, (line, result.stderr)


def test_the_readme_exit_codes_are_the_helps() -> None:
    readme = (Path(ROOT) / "README.md").read_text(encoding="utf-8")
    for code, meaning in helptext.EXIT_MEANINGS.items():
        row = re.search(rf"^\| {int(code)} \| (.*)\|$", readme, re.M)
        assert row is not None, code
        assert meaning.en.split(" (")[0].split(";")[0] in row.group(1), code
