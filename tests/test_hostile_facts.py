"""Hostile fact bases (issue 12): what a contribution can put in a file, and what `qt` does with it.

Each test is built from the issue's reproduction: terminal escapes in names (1), source files
outside the sources folder (3), unreadable folders (11), nan/inf (12), deep nesting (13),
U+2028/U+0085 and line numbers (14).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.present.printable import printable
from qtcli.present.render_plain import render
from qtcli.present.view import Fields, Heading, Table

from .test_broken_factbase import append, edit, make_base

runner = CliRunner()

# What an attacker puts in a name (issue 12, case 1): clear screen, an OSC 8 hyperlink, an OSC 0
# window title ending in BEL, a one-byte C1 CSI, a right-to-left override and NEL.
HOSTILE_COMPANY = r"""
[[company]]
id = "c2"
name = { zh = "恶意\u202e公司", en = "Evil\u001b[2J\u001b]8;;http://evil.example/\u001b\\CLICK\u001b]8;;\u001b\\ Co" }
aliases = ["\u001b]0;pwned\u0007Evil", "\u009b2J"]
note = { zh = "a \u0085 note", en = "a note" }
region = "r1"
source = "s1"
quote = "打造工厂"
"""
# Raw terminal controls as bytes in UTF-8 output; SGR colour codes (ESC [ … m) are Rich's own.
SGR = re.compile(rb"\x1b\[[0-9;]*m")
RAW = (b"\x1b", b"\x07", "\u009b".encode(), "\u202e".encode(), "\u0085".encode())
# Runs qt with the control-character check switched off: a base that was never checked
# (an index built by an older qt, or a forged one) must still be drawn harmlessly.
UNCHECKED = """
import sys
from qtcli.factbase import validate
validate.CHECKS = tuple(c for c in validate.CHECKS if c is not validate.check_control_characters)
validate.LOCAL_CHECKS = tuple(
    c for c in validate.LOCAL_CHECKS if c is not validate.check_control_characters
)
sys.argv = ["qt", *sys.argv[1:]]
from qtcli.cli.fastpath import main
main()
"""


def hostile_base(root: Path) -> Path:
    facts, _ = make_base(root)
    append("entities.toml", HOSTILE_COMPANY)(facts)
    return facts


def raw_controls(output: bytes) -> list[bytes]:
    return [c for c in RAW if c in SGR.sub(b"", output)]


def in_a_terminal(args: list[str], cache: Path, **env: str) -> tuple[int, bytes]:
    """Run `python -c UNCHECKED args` with stdout and stderr on a pseudo-terminal."""
    full = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "QT_CACHE_DIR": str(cache)}
    full.pop("NO_COLOR", None)
    full.update(env)
    leader, follower = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", UNCHECKED, *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=full,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks)


def test_check_rejects_control_characters_in_every_text_field(tmp_path: Path) -> None:
    facts = hostile_base(tmp_path)
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if "company 'c2'" in line]
    assert [line.split(": ", 2)[2] for line in lines] == [
        "name.zh holds control or bidi character(s) U+202E",
        "name.en holds control or bidi character(s) U+001B",
        "aliases holds control or bidi character(s) U+001B, U+0007",
        "aliases holds control or bidi character(s) U+009B",
        "note.zh holds control or bidi character(s) U+0085",
    ]
    header = (facts / "entities.toml").read_text(encoding="utf-8").splitlines().index('id = "c2"')
    assert all(line.startswith(f"{facts / 'entities.toml'}:{header}:") for line in lines), lines
    lookup = runner.invoke(app, ["company", "中策", "--facts", str(facts)])
    assert lookup.exit_code == 3 and "\x1b" not in lookup.stderr


@pytest.mark.parametrize(
    "field",
    [
        ('text = { zh = "中策橡胶打造工厂。"', 'text = { zh = "中策橡胶\\u2066打造工厂。"'),
        ('quote = "打造工厂"', 'quote = "打造\\u200f工厂"'),
        ("year = 2022", 'year = 2022\nprinted = "近5\\u007f亿元"'),
    ],
    ids=["fact text isolate", "quote RLM", "printed DEL"],
)
def test_check_rejects_them_in_facts_and_observations(
    tmp_path: Path, field: tuple[str, str]
) -> None:
    facts, _ = make_base(tmp_path)
    edit("articles/a.toml", *field)(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3
    assert "holds control or bidi character(s) U+" in result.stderr, result.stderr


def test_tab_and_newline_are_allowed(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    edit("entities.toml", 'en = "Zhongce Rubber"', 'en = "Zhongce\\tRubber"')(facts)
    edit("articles/a.toml", 'en = "Zhongce Rubber builds', 'en = "Zhongce Rubber\\nbuilds')(facts)
    assert runner.invoke(app, ["check", "--facts", str(facts)]).exit_code == 0


def test_printable_makes_every_control_visible() -> None:
    assert printable("a\x1b[2Jb\x07\t\n") == "a␛[2Jb␇\t\n"
    assert printable("x\u202ey\u009bz\u2066\x7f") == "x<U+202E>y<U+009B>z<U+2066>␡"
    assert printable("中策橡胶 (Zhongce)") == "中策橡胶 (Zhongce)"


def test_plain_and_rich_renderers_neutralise_without_a_check() -> None:
    from qtcli.present.render_term import draw

    evil = "Evil\x1b]0;pwned\x07\u202e"
    blocks = [
        Heading(evil, evil),
        Fields([(evil, evil)]),
        Table(evil, [evil, "b"], [[evil, "x"]]),
    ]
    plain = render(blocks)
    for text in (plain, draw(blocks, 80), draw(blocks, 80, colour=True)):
        assert not raw_controls(text.encode()), text
        assert "Evil␛]0;pwned␇<U+202E>" in text


@pytest.mark.parametrize(
    ("args", "env", "shows"),
    [
        # One pseudo-terminal run in the fast tier; the other roads in the slow one.
        (["company", "c2"], {}, "Evil␛[2J"),  # Rich tables on a terminal
        pytest.param(["company", "c2"], {"NO_COLOR": "1"}, "Evil␛[2J", marks=pytest.mark.slow),
        pytest.param(["list", "companies"], {}, "恶意<U+202E>公司", marks=pytest.mark.slow),
        (["company", "Evilx"], {}, "你是不是要找:␛]0;pwned␇Evil"),  # stderr
        pytest.param(["company", "恶意公式"], {}, "恶意<U+202E>公司?", marks=pytest.mark.slow),
    ],
    ids=["rich", "plain", "list", "did-you-mean", "did-you-mean-bidi"],
)
def test_no_escape_reaches_a_terminal(
    tmp_path: Path, args: list[str], env: dict[str, str], shows: str
) -> None:
    facts = hostile_base(tmp_path)
    code, output = in_a_terminal([*args, "--facts", str(facts)], tmp_path / "cache", **env)
    assert shows.encode() in output, output.decode(errors="replace")
    assert not raw_controls(output), output
    assert code in (0, 1)


def test_a_hostile_query_is_not_echoed_raw(tmp_path: Path) -> None:
    code, output = in_a_terminal(["search", "\x1b]0;title\x07x"], tmp_path / "cache")
    assert code == 1 and "没有与“␛]0;title␇x”匹配".encode() in output, output
    assert not raw_controls(output), output


# ------------------------------------------------------------------ bugs 11-14: loading


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
def test_nan_and_inf_are_rejected_with_file_and_line(tmp_path: Path, value: str) -> None:
    facts, _ = make_base(tmp_path)
    edit("articles/a.toml", "value = 5", f"value = {value}")(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3
    assert "a.toml:4: observation: field 'value' must be a finite number" in result.stderr
    lookup = runner.invoke(app, ["metric", "investment", "--json", "--facts", str(facts)])
    assert lookup.exit_code == 3 and "internal error" not in lookup.stderr


@pytest.mark.parametrize(
    "nested",
    ["a = " + "[" * 100_000 + "]" * 100_000, "a = " + "{b=" * 100_000 + "1" + "}" * 100_000],
)
def test_toml_nested_100000_deep_is_one_sentence(tmp_path: Path, nested: str) -> None:
    facts, _ = make_base(tmp_path)
    (facts / "deep.toml").write_text(nested, encoding="utf-8")
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3, result.output
    assert f"{facts / 'deep.toml'}: TOML nested too deeply to be read" in result.stderr
    lookup = runner.invoke(app, ["company", "中策", "--facts", str(facts)])
    assert lookup.exit_code == 3
    assert lookup.stderr.count("\n") == 1 and "RecursionError" not in lookup.stderr


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_line_separators_inside_strings_do_not_shift_later_lines(
    tmp_path: Path, separator: str
) -> None:
    facts, _ = make_base(tmp_path)
    # Raw in the file, as TOML allows: str.splitlines would count each as a line end.
    quote = f"钱塘区的{separator}工厂很好"
    edit("entities.toml", 'quote = "钱塘区的工厂很好"', f'quote = "{quote}"')(facts)
    edit("entities.toml", 'region = "r1"', 'region = "r9"')(facts)  # a problem further down
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3
    assert f"{facts / 'entities.toml'}:9: company 'c1': region 'r9' does not exist" in result.stderr


def _unreadable_by_monkeypatch(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """As root, chmod 000 does not stop reading: make os.walk's listing of `folder` fail instead."""
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_subfolder_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts, _ = make_base(tmp_path)
    _unreadable_by_monkeypatch(monkeypatch, facts / "articles")
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3, result.output
    expected = f"{facts / 'articles'}: a folder that cannot be read (Permission denied)"
    assert expected in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_an_unreadable_subfolder_is_a_problem_for_real(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    (facts / "articles").chmod(0)
    try:
        result = runner.invoke(app, ["check", "--facts", str(facts)])
    finally:
        (facts / "articles").chmod(0o755)
    assert result.exit_code == 3 and "a folder that cannot be read" in result.stderr


# ------------------------------------------------------------- case 3: check --sources


def _point_source_at(facts: Path, name: str) -> None:
    path = facts / "sources.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('file = "a.txt"', f'file = "{name}"'), encoding="utf-8")


def _plant(seeds: Path, tmp_path: Path, what: str) -> str:
    """Put the hostile thing in place; return the name sources.toml gives."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET=sk-98765432 and 12345 more", encoding="utf-8")
    if what == "absolute":
        return str(secret)
    if what == "dotdot":
        return "../secret.txt"
    if what == "proc":
        return "/proc/self/environ"
    if what == "device":
        return "/dev/zero"
    if what == "link-out":
        (seeds / "link").symlink_to(secret)
        return "link"
    if what == "fifo":
        os.mkfifo(seeds / "fifo")
        return "fifo"
    if what == "folder":
        (seeds / "sub").mkdir()
        return "sub"
    if what == "huge":
        with (seeds / "huge.txt").open("wb") as handle:
            handle.truncate(10 * 1024 * 1024 + 1)  # sparse: no disk used
        return "huge.txt"
    (seeds / "latin.txt").write_bytes("12345 caf\xe9".encode("latin-1"))
    return "latin.txt"


REFUSED = {
    "absolute": "is not a plain file name in the sources folder",
    "dotdot": "is not a plain file name in the sources folder",
    "proc": "is not a plain file name in the sources folder",
    "device": "is not a plain file name in the sources folder",
    "link-out": "leads out of the sources folder",
    "fifo": "is not a regular file",
    "folder": "is not a regular file",
    "huge": "is larger than 10 MB",
    "latin": "is not UTF-8 (bad byte at offset 9)",
}


@pytest.mark.parametrize("what", list(REFUSED))
def test_a_source_file_outside_the_folder_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    facts, seeds = make_base(tmp_path)
    name = _plant(seeds, tmp_path, what)
    _point_source_at(facts, name)
    monkeypatch.setenv("SECRET", "sk-98765432")
    args = ["check", "--facts", str(facts), "--sources", str(seeds), "--coverage", "--lang", "en"]
    result = runner.invoke(app, args)  # a FIFO opened for reading would hang here
    assert result.exit_code == 3, result.output
    assert f"source 's1': article '{name}' {REFUSED[what]}" in result.stderr
    assert "coverage: not measured" in result.stderr
    assert "sk-98765432" not in result.output and "12345" not in result.output


def test_a_link_that_stays_in_the_folder_is_read(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    (seeds / "alias.txt").symlink_to(seeds / "a.txt")
    _point_source_at(facts, "alias.txt")
    result = runner.invoke(
        app, ["check", "--facts", str(facts), "--sources", str(seeds), "--coverage"]
    )
    assert result.exit_code == 0, result.output


def test_a_message_on_stderr_beside_an_answer_is_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Notes said beside an answer (another kind, no figure for the year, a refusal) quote
    the fact base: they reach stderr as visible text, as errors do."""
    from qtcli.cli.commands import Shown, emit
    from qtcli.cli.options import Settings

    settings = Settings(json=True, lang=None, facts=None, cite=None, color=None, pager=False)
    emit(Shown({}, message="“Evil\x1b]0;pwned\x07\u202e”是园区"), settings)
    err = capsys.readouterr().err
    assert not raw_controls(err.encode()), err
    assert "Evil␛]0;pwned␇<U+202E>" in err
