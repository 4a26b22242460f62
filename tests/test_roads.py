"""One road per command: the fast path and the Typer app, a batch line and a single lookup.

The command lines are generated from the Typer app's own parameters: for every
command, its plain form, then each of its options with edge values (a good
value, empty, the `=` form, `=` with nothing, repeated, missing at the end),
under `QT_LANG` and `QT_FACTS` variants. Both entry points run in this process
and must write the same stdout and stderr and exit with the same code.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import typer.main
from typer.core import TyperGroup, TyperOption

from qtcli.cli import app as app_module
from qtcli.cli import fastpath, options

from .conftest import FACTS

COMMAND = typer.main.get_command(app_module.app)
assert isinstance(COMMAND, TyperGroup)
# A query each command can answer, and one value per option that it accepts.
QUERIES = {
    "company": "中策橡胶",
    "park": "钱开区",
    "region": "钱塘",
    "org": "浙江理工大学",
    "metric": "rd-intensity",
    "search": "医药",
    "list": "companies",
    "source": "000",
    "show": "000-zhizao-2022#f1",
    "schema": "metric",
    "ask": "钱塘区2021年研发强度是多少?",
}
GOOD = {
    "--lang": "en",
    "--cite": "apa",
    "--facts": str(FACTS),
    "--year": "2021",
    "--region": "钱塘",
    "--limit": "3",
    "--park": "前进智造园",
    "--sector": "汽车",
    "--kind": "company",
    "--color": "never",
    "--section": "facts",
}
SKIPPED = {"export", "check", "draft"}  # they write files or read the articles; not lookups


def command_lines() -> Iterator[list[str]]:
    for name, command in sorted(COMMAND.commands.items()):
        if name in SKIPPED:
            continue
        base = [name, QUERIES[name]]
        yield base
        for param in command.params:
            if not isinstance(param, TyperOption):
                continue
            opt = param.opts[0]
            if param.is_flag:
                yield [*base, opt]
                yield [*base, opt, opt]
                yield [*base, f"{opt}=1"]
                continue
            good = GOOD[opt]
            yield [*base, opt, good]
            yield [*base, f"{opt}={good}"]
            yield [*base, opt, ""]
            yield [*base, f"{opt}="]
            yield [*base, opt, good, opt, good]
            yield [*base, opt]
            yield [opt, good, *base]  # a global option before the command
    yield ["region", "钱塘", "--all", "--limit", "3"]  # options checked together
    yield ["region", "钱塘", "--section", "members", "--limit", "2", "--lang", "en"]
    yield ["region", "钱塘", "--section", "people"]
    yield ["company", "Zhongce Rubber", "--limit", "1", "--color", "always"]
    yield ["--color", "never", "--no-pager", "metric", "rd-intensity"]
    yield ["company", "钱开区"]  # another kind: exit 1 naming the right command
    yield ["metric", "GDP of Mars", "--json"]
    yield ["metric", "rd-intensity", "--year", "1990", "--json"]
    yield ["company", "   "]
    yield ["company", "--", "-x"]
    yield ["company", "a", "b"]
    yield ["frobnicate"]


def _tiered(argv: list[str]) -> Any:
    """A line the fast path parses runs in the fast tier; a line it hands to Typer (another
    command, or a global option first) takes the same road twice, and runs in the slow one."""
    fast = fastpath.parse(argv) is not None
    return pytest.param(argv, id=" ".join(argv), marks=() if fast else pytest.mark.slow)


LINES = [_tiered(argv) for argv in command_lines()]
# The plain environment in the fast tier; the variants, which quadruple the count, in the slow one.
ENVIRONMENTS = [
    pytest.param({}, id="plain"),
    *(
        pytest.param(env, id=",".join(f"{k}={v}" for k, v in env.items()), marks=pytest.mark.slow)
        for env in ({"QT_LANG": "en"}, {"QT_LANG": "fr"}, {"QT_FACTS": str(FACTS)})
    ),
]


def run_road(
    entry: Callable[[], None],
    argv: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["qt", *argv])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    try:
        entry()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("argv", LINES)
def test_fast_path_and_typer_agree(
    argv: list[str],
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    fast = run_road(fastpath.main, argv, monkeypatch, capsys)
    typer_road = run_road(
        app_module.run, options.hoist(argv, options.COMMANDS), monkeypatch, capsys
    )
    assert fast == typer_road
    assert "Traceback" not in fast[2]


def test_the_differential_covers_every_command_and_option() -> None:
    lines = [p.values[0] for p in LINES]
    seen = {(line[0], token.partition("=")[0]) for line in lines for token in line[1:]}
    for name, command in COMMAND.commands.items():
        if name in SKIPPED:
            continue
        for param in command.params:
            if isinstance(param, TyperOption):
                assert (name, param.opts[0]) in seen


def test_every_fast_path_option_is_a_parameter_of_the_typer_command() -> None:
    for name, accepted in fastpath.OPTIONS.items():
        opts = {o for p in COMMAND.commands[name].params for o in p.opts}
        assert set(accepted) <= opts, name


def test_the_command_list_is_the_apps() -> None:
    assert set(options.COMMANDS) == set(COMMAND.commands)


@pytest.mark.parametrize(
    "argv",
    [
        ["metric", "rd-intensity", "--year", "1990", "--json"],
        ["metric", "rd-intensity", "--year", "2021", "--region", "钱塘", "--cite", "apa", "--json"],
        ["metric", "R&D", "--lang", "en", "--json"],
        ["company", "中策橡胶", "--cite", "gbt7714", "--json"],
        ["company", "海康威视", "--json"],
        ["park", "钱开区", "--lang", "en", "--json"],
        ["ask", "钱塘区2021年研发强度是多少?", "--json"],
        ["ask", "钱塘区的GDP是多少?", "--json"],
    ],
    ids=" ".join,
)
def test_a_batch_line_is_the_single_lookup(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    single = run_road(fastpath.main, argv, monkeypatch, capsys)
    query = argv[1]
    batched = [argv[0], "-", *argv[2:]]
    monkeypatch.setattr(sys, "argv", ["qt", *batched])
    monkeypatch.setattr(sys, "stdin", io.StringIO(query + "\n"))
    with pytest.raises(SystemExit) as exit_info:
        fastpath.main() if argv[0] != "ask" else app_module.run()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == json.loads(single[1])
    assert exit_info.value.code == single[0]


def test_blank_lines_at_the_end_of_a_batch_are_ignored(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["qt", "company", "-"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("中策橡胶\n\n优科豪马\n\n\n"))
    with pytest.raises(SystemExit) as exit_info:
        fastpath.main()
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [("error" in line) for line in lines] == [False, True, False]
    assert exit_info.value.code == 1  # the blank line in the middle is an error of its own
