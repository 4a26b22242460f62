"""Property: whatever text and arguments it is given, qt answers with an exit code, never a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qtcli.cli.app import app

pytestmark = pytest.mark.slow  # hundreds of generated command lines

runner = CliRunner()

COMMANDS = ["company", "park", "region", "org", "metric", "search", "list", "source", "frobnicate"]
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=(), max_codepoint=0x10FFFF),
    max_size=60,
)
TEXT = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        [
            "中策橡胶",
            "钱塘",
            "rd-intensity",
            "-",
            "",
            " ",
            "companies",
            "2021",
            "zcxj",
            "\u202e\u05d0\u05d1",
            "e\u0301\u0301",
            "🏭",
        ]
    ),
    st.text(min_size=500, max_size=3000),
)
OPTION = st.one_of(
    st.tuples(st.just("--lang"), st.one_of(st.sampled_from(["zh", "en", "fr", ""]), TEXT)),
    st.tuples(st.just("--year"), st.one_of(st.integers(-(10**6), 10**6).map(str), TEXT)),
    st.tuples(st.just("--region"), TEXT),
    st.tuples(st.just("--park"), TEXT),
    st.tuples(st.just("--limit"), st.one_of(st.integers(-5, 500).map(str), TEXT)),
    st.tuples(st.just("--no-such-option")),
)


@st.composite
def argv(draw: st.DrawFn) -> tuple[list[str], bool]:
    args = [draw(st.sampled_from(COMMANDS))]
    args += draw(st.lists(TEXT.filter(lambda t: not t.startswith("-") or t == "-"), max_size=2))
    for option in draw(st.lists(OPTION, max_size=3)):
        args += list(option)
    as_json = draw(st.booleans())
    if as_json:
        args.insert(draw(st.integers(1, len(args))), "--json")
    return args, as_json


def _parses(stdout: str) -> bool:
    """One JSON document, or JSON Lines (batch mode); empty only when batch input was empty."""
    try:
        json.loads(stdout)
        return True
    except ValueError:
        pass
    try:
        lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    except ValueError:
        return False
    return bool(lines) or stdout == ""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv())
def test_cli_never_crashes(case: tuple[list[str], bool]) -> None:
    args, as_json = case
    if any(a in ("-h", "--help", "--version") for a in args):
        return
    result = runner.invoke(app, args, input="")
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert "Traceback" not in result.stdout + result.stderr
    if as_json:
        assert _parses(result.stdout), (args, result.stdout[:300])
