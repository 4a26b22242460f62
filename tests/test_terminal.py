"""What a terminal shows: tables that fit at 60, 80 and 160 columns and cards below that,
colour and paging the way git and gh do them; on a fixed-width console and a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time

import pytest

from qtcli.present.layout import cells
from qtcli.present.render_term import draw
from qtcli.present.view import Block, Fields, Heading, Note, Table

ESC = "\x1b["
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the colours a screen is drawn with
TABLE = "━┿━"  # the rule under a drawn table's heading
CARD = "• "  # where a card starts


def on_a_terminal(
    args: list[str], env: dict[str, str | None] | None = None, columns: int = 100, rows: int = 200
) -> str:
    """Run `qt` with a pseudo-terminal of that size as its terminal, as a person would.
    An env value of None removes the variable."""
    import fcntl
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    run_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    run_env["TERM"] = "xterm-256color"
    for name, value in (env or {}).items():
        run_env.pop(name, None)
        if value is not None:
            run_env[name] = value
    proc = subprocess.Popen(
        [sys.executable, "-m", "qtcli", *args], stdin=child, stdout=child, stderr=child, env=run_env
    )
    os.close(child)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.5)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.kill()  # only when something (a pager) was left waiting; the output shows it
    proc.wait(timeout=10)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def piped(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qtcli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


# ------------------------------------------------------------ fixed-width snapshots


def _blocks() -> list[Block]:
    return [
        Heading(
            "R&D经费投入强度 (R&D intensity)  [指标: rd-intensity]",
            "匹配: 英文名完全匹配 “R&D intensity” (96)",
        ),
        Fields(
            [
                ("单位", "%"),
                (
                    "别名",
                    "研发强度, R&D经费占GDP比重, 全社会研究与试验发展经费投入占GDP比重, R&D intensity, R&D spending as a share of GDP",
                ),
            ]
        ),
        Table(
            "事实 (2)",
            ["时间", "事实", "来源", "原文"],
            [
                [
                    "—",
                    "中策橡胶投资近5亿元打造“高性能子午胎未来工厂”,以数字化赋能研、产、供、销全链条。",
                    "zhizao-2022 (2022)",
                    "“中策橡胶投资近5亿元打造“高性能子午胎未来工厂””",
                ],
                [
                    "2022年3月",
                    "Zhongce Rubber invested nearly CNY 500 million in a 'high-performance radial tyre future factory'.",
                    "jingxin-2022 (2022)",
                    "“不良率降低40%”",
                ],
            ],
            prose=frozenset({1, 3}),
        ),
        Table(
            "数据 (2)",
            ["对象", "时间", "数值", "来源", "原文", "说明"],
            [
                [
                    "钱塘区 (Qiantang District)",
                    "2021年",
                    "4.43%\n⚠ 来源不一致",
                    "zhizao-2022 (2022)",
                    "“去年全社会研究与试验发展经费投入占GDP比重达4.43%”",
                    "本文写于2022年,“去年”即2021年。jingxin-2022 对同一年印作454%(读作4.54%)。",
                ],
                [
                    "钱塘区 (Qiantang District)",
                    "2021年",
                    "4.54%(原文作“454%”)\n⚠ 来源不一致",
                    "jingxin-2022 (2022)",
                    "“R&D经费占GDP比重(即R&D经费投入强度)454%”",
                    "原文作“454%”,系印误(占GDP比重不可能为454%);很可能漏了小数点,即4.54%,但文章未予证实。",
                ],
            ],
            warn_rows=frozenset({0, 1}),
            prose=frozenset({0, 4, 5}),
        ),
        Table(
            "figures (2)",
            ["subject", "when", "value", "chart", "source", "quote", "note"],
            [
                [
                    "Qiantang District",
                    "2021",
                    "CNY 1.2 billion",
                    "0.5",
                    "zhizao-2022 (2022)",
                    "“投资12亿元”",
                    "",
                ],
                [
                    "Qiantang District",
                    "2024",
                    "about CNY 2.4 billion",
                    "1.0",
                    "xinqu-2025 (2025)",
                    "“总投资约24亿元”",
                    "Planned.",
                ],
            ],
            bar_column=3,
            prose=frozenset({0, 5, 6}),
        ),
        Note("⚠ 标记的数据各来源说法不一,均予列出,并注明出处与原文。", warn=True),
    ]


def render_at(width: int) -> str:
    return draw(_blocks(), width)


@pytest.mark.parametrize("width", [60, 80, 160])
def test_rich_rendering_at_fixed_widths(width: int) -> None:
    """Literal screens: at 160 every table has columns; at 80 the facts keep theirs and the
    six-column figures become cards; at 60 everything is cards. Nothing is ever wider than the
    screen, and no id, number or Latin word is cut."""
    shown = render_at(width)
    assert shown == SNAPSHOTS[width]
    assert all(cells(line) <= width for line in shown.splitlines())


@pytest.mark.parametrize("width", [20, 23, 28, 34, 41])
@pytest.mark.parametrize("colour", [False, True])
def test_a_narrow_screen_puts_values_under_their_labels(width: int, colour: bool) -> None:
    """Below sixty columns every table is cards; when a label leaves its value under ten cells,
    the value goes under the label, and a bar is as long as the line allows: no line is ever
    wider than the screen, and every label is shown whole."""
    blocks = _blocks()
    shown = ANSI.sub("", draw(blocks, width, colour))
    assert all(cells(line) <= width for line in shown.splitlines()), shown
    labels = {name for b in blocks if isinstance(b, Table) for name in b.columns if name.strip()}
    assert labels and all(label in shown for label in labels), labels
    assert "█" in shown


SNAPSHOT_60 = (
    "R&D经费投入强度 (R&D intensity)  [指标: rd-intensity]\n"
    "匹配: 英文名完全匹配 “R&D intensity” (96)\n"
    "\n"
    "单位  %\n"
    "别名  研发强度, R&D经费占GDP比重, 全社会研究与试验发展经费投\n"
    "      入占GDP比重, R&D intensity, R&D spending as a share of\n"
    "      GDP\n"
    "\n"
    "事实 (2)\n"
    "• 时间  —\n"
    "  事实  中策橡胶投资近5亿元打造“高性能子午胎未来工厂”,以数字\n"
    "        化赋能研、产、供、销全链条。\n"
    "  来源  zhizao-2022 (2022)\n"
    "  原文  “中策橡胶投资近5亿元打造“高性能子午胎未来工厂””\n"
    "\n"
    "• 时间  2022年3月\n"
    "  事实  Zhongce Rubber invested nearly CNY 500 million in a\n"
    "        'high-performance radial tyre future factory'.\n"
    "  来源  jingxin-2022 (2022)\n"
    "  原文  “不良率降低40%”\n"
    "\n"
    "数据 (2)\n"
    "• 对象  钱塘区 (Qiantang District)\n"
    "  时间  2021年\n"
    "  数值  4.43%\n"
    "        ⚠ 来源不一致\n"
    "  来源  zhizao-2022 (2022)\n"
    "  原文  “去年全社会研究与试验发展经费投入占GDP比重达4.43%”\n"
    "  说明  本文写于2022年,“去年”即2021年。jingxin-2022 对同一年\n"
    "        印作454%(读作4.54%)。\n"
    "\n"
    "• 对象  钱塘区 (Qiantang District)\n"
    "  时间  2021年\n"
    "  数值  4.54%(原文作“454%”)\n"
    "        ⚠ 来源不一致\n"
    "  来源  jingxin-2022 (2022)\n"
    "  原文  “R&D经费占GDP比重(即R&D经费投入强度)454%”\n"
    "  说明  原文作“454%”,系印误(占GDP比重不可能为454%);很可能漏\n"
    "        了小数点,即4.54%,但文章未予证实。\n"
    "\n"
    "figures (2)\n"
    "• subject  Qiantang District\n"
    "  when     2021\n"
    "  value    CNY 1.2 billion\n"
    "  chart    ████████\n"
    "  source   zhizao-2022 (2022)\n"
    "  quote    “投资12亿元”\n"
    "\n"
    "• subject  Qiantang District\n"
    "  when     2024\n"
    "  value    about CNY 2.4 billion\n"
    "  chart    ████████████████\n"
    "  source   xinqu-2025 (2025)\n"
    "  quote    “总投资约24亿元”\n"
    "  note     Planned.\n"
    "\n"
    "⚠ 标记的数据各来源说法不一,均予列出,并注明出处与原文。\n"
    "\n"
)
SNAPSHOT_80 = (
    "R&D经费投入强度 (R&D intensity)  [指标: rd-intensity]\n"
    "匹配: 英文名完全匹配 “R&D intensity” (96)\n"
    "\n"
    "单位  %\n"
    "别名  研发强度, R&D经费占GDP比重, 全社会研究与试验发展经费投入占GDP比重, R&D\n"
    "      intensity, R&D spending as a share of GDP\n"
    "\n"
    "事实 (2)\n"
    " 时间      │ 事实                      │ 来源                │ 原文             \n"
    "━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━\n"
    " —         │ 中策橡胶投资近5亿元打造   │ zhizao-2022 (2022)  │ “中策橡胶投资    \n"
    "           │ “高性能子午胎未来工厂”,以 │                     │ 近5亿元打造“高性 \n"
    "           │ 数字化赋能研、产、供、销  │                     │ 能子午胎未来工   \n"
    "           │ 全链条。                  │                     │ 厂””             \n"
    " 2022年3月 │ Zhongce Rubber invested   │ jingxin-2022 (2022) │ “不良率降低40%”  \n"
    "           │ nearly CNY 500 million in │                     │                  \n"
    "           │ a 'high-performance       │                     │                  \n"
    "           │ radial tyre future        │                     │                  \n"
    "           │ factory'.                 │                     │                  \n"
    "\n"
    "数据 (2)\n"
    "• 对象  钱塘区 (Qiantang District)\n"
    "  时间  2021年\n"
    "  数值  4.43%\n"
    "        ⚠ 来源不一致\n"
    "  来源  zhizao-2022 (2022)\n"
    "  原文  “去年全社会研究与试验发展经费投入占GDP比重达4.43%”\n"
    "  说明  本文写于2022年,“去年”即2021年。jingxin-2022 对同一年印作454%(读作\n"
    "        4.54%)。\n"
    "\n"
    "• 对象  钱塘区 (Qiantang District)\n"
    "  时间  2021年\n"
    "  数值  4.54%(原文作“454%”)\n"
    "        ⚠ 来源不一致\n"
    "  来源  jingxin-2022 (2022)\n"
    "  原文  “R&D经费占GDP比重(即R&D经费投入强度)454%”\n"
    "  说明  原文作“454%”,系印误(占GDP比重不可能为454%);很可能漏了小数点,即4.54%,但文\n"
    "        章未予证实。\n"
    "\n"
    "figures (2)\n"
    "• subject  Qiantang District\n"
    "  when     2021\n"
    "  value    CNY 1.2 billion\n"
    "  chart    ████████\n"
    "  source   zhizao-2022 (2022)\n"
    "  quote    “投资12亿元”\n"
    "\n"
    "• subject  Qiantang District\n"
    "  when     2024\n"
    "  value    about CNY 2.4 billion\n"
    "  chart    ████████████████\n"
    "  source   xinqu-2025 (2025)\n"
    "  quote    “总投资约24亿元”\n"
    "  note     Planned.\n"
    "\n"
    "⚠ 标记的数据各来源说法不一,均予列出,并注明出处与原文。\n"
    "\n"
)
SNAPSHOT_160 = (
    "R&D经费投入强度 (R&D intensity)  [指标: rd-intensity]\n"
    "匹配: 英文名完全匹配 “R&D intensity” (96)\n"
    "\n"
    "单位  %\n"
    "别名  研发强度, R&D经费占GDP比重, 全社会研究与试验发展经费投入占GDP比重, R&D intensity, R&D spending as a share of GDP\n"
    "\n"
    "事实 (2)\n"
    " 时间      │ 事实                                                                       │ 来源                │ 原文                                            \n"
    "━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━\n"
    " —         │ 中策橡胶投资近5亿元打造“高性能子午胎未来工厂”,以数字化赋能研、产、供、销全 │ zhizao-2022 (2022)  │ “中策橡胶投资近5亿元打造“高性能子午胎未来工厂”” \n"
    "           │ 链条。                                                                     │                     │                                                 \n"
    " 2022年3月 │ Zhongce Rubber invested nearly CNY 500 million in a 'high-performance      │ jingxin-2022 (2022) │ “不良率降低40%”                                 \n"
    "           │ radial tyre future factory'.                                               │                     │                                                 \n"
    "\n"
    "数据 (2)\n"
    " 对象                       │ 时间   │ 数值                │ 来源                │ 原文                             │ 说明                                      \n"
    "━━━━━━━━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━\n"
    " 钱塘区 (Qiantang District) │ 2021年 │ 4.43%               │ zhizao-2022 (2022)  │ “去年全社会研究与试验发展经费投  │ 本文写于2022年,“去年”即2021年。           \n"
    "                            │        │ ⚠ 来源不一致        │                     │ 入占GDP比重达4.43%”              │ jingxin-2022 对同一年印作454%(读作        \n"
    "                            │        │                     │                     │                                  │ 4.54%)。                                  \n"
    " 钱塘区 (Qiantang District) │ 2021年 │ 4.54%(原文作“454%”) │ jingxin-2022 (2022) │ “R&D经费占GDP比重(即R&D经费投入  │ 原文作“454%”,系印误(占GDP比重不可能为     \n"
    "                            │        │ ⚠ 来源不一致        │                     │ 强度)454%”                       │ 454%);很可能漏了小数点,即4.54%,但文章未予 \n"
    "                            │        │                     │                     │                                  │ 证实。                                    \n"
    "\n"
    "figures (2)\n"
    " subject           │ when │ value                 │ chart            │ source             │ quote            │ note     \n"
    "━━━━━━━━━━━━━━━━━━━┿━━━━━━┿━━━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━\n"
    " Qiantang District │ 2021 │ CNY 1.2 billion       │ ████████         │ zhizao-2022 (2022) │ “投资12亿元”     │          \n"
    " Qiantang District │ 2024 │ about CNY 2.4 billion │ ████████████████ │ xinqu-2025 (2025)  │ “总投资约24亿元” │ Planned. \n"
    "\n"
    "⚠ 标记的数据各来源说法不一,均予列出,并注明出处与原文。\n"
    "\n"
)


SNAPSHOTS = {60: SNAPSHOT_60, 80: SNAPSHOT_80, 160: SNAPSHOT_160}


def test_no_colour_means_no_escape_at_all() -> None:
    assert ESC not in draw([Heading("钱塘区"), Note("⚠", warn=True)], 60)
    assert ESC in draw([Heading("钱塘区"), Note("⚠", warn=True)], 60, colour=True)


# ------------------------------------------------------------ the real command on a terminal


def test_rd_intensity_at_80_columns_on_a_pseudo_terminal() -> None:
    """The issue's example: two rows used to take 30+ lines of fragments at 80 columns."""
    shown = on_a_terminal(["metric", "rd-intensity", "--year", "2021"], columns=80, rows=60)
    lines = shown.rstrip("\n").splitlines()
    plain = [_unstyled(x) for x in lines]
    assert all(cells(line) <= 80 for line in plain), shown
    assert len(plain) < 40, "\n".join(plain)
    text = "\n".join(plain)
    for token in ("zhizao-2022 (2022)", "jingxin-2022 (2022)", "4.54%(原文作“454%”)", "4.43%"):
        assert token in text, token
    assert not any(line.lstrip(" │•").startswith((")", "”", ",", "。")) for line in plain)


def _unstyled(line: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", line)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env", "coloured", "tables"),
    [
        ([], {}, True, True),
        ([], {"NO_COLOR": "1"}, False, True),  # NO_COLOR removes colour, not the tables
        (["--color", "never"], {}, False, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True, True),  # the flag beats the variable
        ([], {"TERM": "dumb"}, False, False),
    ],
    ids=["terminal", "NO_COLOR", "--color never", "--color always, NO_COLOR", "TERM=dumb"],
)
def test_colour_on_a_terminal_follows_the_conventions(
    args: list[str], env: dict[str, str | None], coloured: bool, tables: bool
) -> None:
    shown = on_a_terminal(["company", "中策橡胶", *args], env)
    assert "中策橡胶" in shown
    assert (ESC in shown) == coloured, shown[:300]
    assert (TABLE in shown) == tables, shown[:300]
    assert (" | " in shown) == (not tables)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, False),
        (["--color", "never"], {}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        (["--color", "always"], {}, True),
    ],
    ids=["pipe", "--color never", "FORCE_COLOR", "--color always"],
)
def test_a_pipe_gets_plain_text_unless_colour_is_forced(
    args: list[str], env: dict[str, str], coloured: bool
) -> None:
    done = piped(["company", "中策橡胶", *args], env)
    assert done.returncode == 0, done.stderr
    assert (ESC in done.stdout) == coloured
    assert (TABLE in done.stdout) == coloured
    assert (" | " in done.stdout) == (not coloured)


# ------------------------------------------------------------ paging

PAGER = {"QT_PAGER": None, "PAGER": "sed s/^/paged:/"}


@pytest.mark.slow
def test_long_output_on_a_terminal_goes_through_the_pager() -> None:
    shown = on_a_terminal(["region", "钱塘"], PAGER, rows=24)
    lines = [line for line in shown.splitlines() if line.strip()]
    assert lines and all(line.startswith("paged:") for line in lines), shown[:500]


@pytest.mark.slow
def test_the_pager_gets_less_options_unless_they_are_set() -> None:
    env = {"QT_PAGER": None, "PAGER": "sh -c 'echo LESS=$LESS LV=$LV; cat'"}
    assert "LESS=FRX LV=-c" in on_a_terminal(["region", "钱塘"], env, rows=24)
    assert "LESS=-S LV=-c" in on_a_terminal(["region", "钱塘"], {**env, "LESS": "-S"}, rows=24)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env", "rows"),
    [
        (["region", "钱塘", "--no-pager"], PAGER, 24),
        (["--no-pager", "region", "钱塘"], PAGER, 24),  # a global option, before the command
        (["region", "钱塘", "--json"], PAGER, 24),
        (["region", "钱塘"], {**PAGER, "QT_PAGER": ""}, 24),  # QT_PAGER empty: no pager for qt
        (["region", "钱塘"], {**PAGER, "PAGER": "cat"}, 24),
        (["metric", "rd-intensity", "--year", "2021"], PAGER, 200),  # fits on the screen
    ],
    ids=["--no-pager", "global --no-pager", "--json", "QT_PAGER=", "PAGER=cat", "short"],
)
def test_no_pager_when_asked_for_json_or_when_it_fits(
    args: list[str], env: dict[str, str | None], rows: int
) -> None:
    shown = on_a_terminal(args, env, rows=rows)
    assert shown.strip() and "paged:" not in shown


@pytest.mark.slow
def test_a_pager_that_cannot_start_is_skipped() -> None:
    env = {"QT_PAGER": None, "PAGER": "/nonexistent/pager -x"}
    shown = on_a_terminal(["region", "钱塘"], env, rows=24)
    assert "钱塘区" in shown and "Traceback" not in shown


@pytest.mark.slow
def test_piped_output_is_never_paged() -> None:
    done = piped(["region", "钱塘"], {"QT_PAGER": "sed s/^/paged:/"})
    assert done.returncode == 0 and "paged:" not in done.stdout


# ------------------------------------------------------------ bars


@pytest.mark.parametrize(
    ("metric", "bars"),
    [("rd-intensity", True), ("rd-intensity-rank-city", False)],
    ids=["a share", "a rank"],
)
@pytest.mark.parametrize("columns", ["60", "160"])
def test_bars_only_for_quantities_and_never_wrapped(
    metric: str, bars: bool, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from qtcli.cli.app import app

    monkeypatch.setenv("COLUMNS", columns)
    result = CliRunner().invoke(app, ["metric", metric, "--color", "always", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    shown = _unstyled(result.stdout)
    assert ("chart" in shown) == bars
    runs = re.findall("█+", shown)
    assert (len(runs) == 3) == bars  # one unbroken bar per figure, none for ranks
    assert all(cells(line) <= int(columns) for line in shown.splitlines())


def test_series_bars_refuse_ranks_and_mixed_subjects(store) -> None:  # type: ignore[no-untyped-def]
    from qtcli.find.query import lookup_metric
    from qtcli.present.view import series_bars

    share = lookup_metric(store, "rd-intensity", year=None, place="钱塘区")
    assert series_bars(share.observations, "share") is not None
    assert series_bars(share.observations, "rank") is None
    assert series_bars(share.observations, "growth") is None  # may be negative


def test_the_readme_screen_is_what_80_columns_show(store) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from qtcli.cli import commands

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    command = "$ qt metric rd-intensity --year 2021 --lang zh\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    answer = commands.metric(store, "rd-intensity", year=2021, region=None, mode="zh", cite=None)
    assert answer.blocks is not None
    drawn = "\n".join(line.rstrip() for line in draw(answer.blocks(True), 80).splitlines())
    assert drawn.rstrip("\n") == shown.rstrip("\n")
    assert len(shown.splitlines()) < 40


SCREENS = [
    pytest.param(command, query, id=f"{command} {query}")
    for command, query in [
        ("company", "中策橡胶"),
        ("metric", "rd-intensity"),
        ("region", "钱塘"),
        ("list", "parks"),
        ("list", "metrics"),
        ("park", "钱开区"),
    ]
]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["zh", "en", "both"])
@pytest.mark.parametrize(("command", "query"), SCREENS)
def test_real_answers_fit_every_width_with_key_cells_whole(
    command: str, query: str, mode: str, store
) -> None:  # type: ignore[no-untyped-def]
    """On the shipped fact base, at widths from 60 up: no line wider than the screen, and
    every value, date, id and source cell on one line, as written."""
    from qtcli.cli import commands

    if command == "list":
        shown = commands.listing(store, query, None, mode)
    elif command == "metric":
        shown = commands.metric(store, query, year=None, region=None, mode=mode, cite=None)
    else:
        shown = commands.entity(store, query, kind=command, mode=mode, cite=None)
    assert shown.blocks is not None
    blocks = shown.blocks(True)
    keys = {
        line
        for block in blocks
        if isinstance(block, Table)
        for row in block.rows
        for c, cell in enumerate(row)
        if c not in block.prose and c != block.bar_column
        for line in cell.split("\n")
    }
    for width in (60, 67, 80, 99, 123, 160):
        text = draw(blocks, width)
        assert all(cells(line) <= width for line in text.splitlines()), width
        missing = [key for key in keys if key not in text]
        assert not missing, (width, missing[:5])


@pytest.mark.parametrize(
    ("columns", "lines"),
    [("100", "30"), (None, None), ("0", "-3"), ("wide", "40"), ("120", None), (None, "50")],
)
def test_the_terminal_size_is_what_shutil_says(
    monkeypatch: pytest.MonkeyPatch, columns: str | None, lines: str | None
) -> None:
    """output.terminal_size reads COLUMNS and LINES, then the terminal, as shutil does."""
    import shutil

    from qtcli.cli.output import terminal_size

    for name, value in (("COLUMNS", columns), ("LINES", lines)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert terminal_size() == tuple(shutil.get_terminal_size())
