"""What a terminal shows: colour under a real pseudo-terminal, and Rich tables at fixed widths."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest

from qtcli.present.render_rich import draw, make_console
from qtcli.present.view import Fields, Heading, Note, Table

ESC = "\x1b["


def on_a_terminal(args: list[str], env: dict[str, str], columns: int = 100) -> str:
    """Run `qt` with its stdout on a pseudo-terminal, as a person at a terminal would."""
    main, child = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    run_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    run_env.update({"TERM": "xterm-256color", "COLUMNS": str(columns), **env})
    proc = subprocess.Popen(
        [sys.executable, "-m", "qtcli", *args], stdout=child, stderr=child, env=run_env
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)],
    ids=["terminal", "NO_COLOR", "TERM=dumb"],
)
def test_colour_on_a_terminal_follows_the_conventions(env: dict[str, str], coloured: bool) -> None:
    shown = on_a_terminal(["company", "中策橡胶"], env)
    assert "中策橡胶" in shown
    assert (ESC in shown) == coloured, shown[:300]


def _blocks() -> list[object]:
    return [
        Heading("中策橡胶 (Zhongce Rubber)  [企业]", "匹配: 名称完全匹配 “中策橡胶” (100)"),
        Fields([("ID", "zhongce-rubber"), ("行业", "轮胎 (tyres)")]),
        Table(
            "数据 (2)",
            ["指标", "时间", "数值", "来源", "原文"],
            [
                [
                    "总投资",
                    "未注明",
                    "近5亿元",
                    "zhizao-2022 (2022)",
                    "“中策橡胶投资近5亿元打造“高性能子午胎未来工厂””",
                ],
                ["不良率降低", "未注明", "40%", "zhizao-2022 (2022)", "“不良率降低40%”"],
            ],
        ),
        Note("⚠ 标记的数据各来源说法不一"),
    ]


def render_at(width: int) -> str:
    out = io.StringIO()
    draw(_blocks(), make_console(file=out, width=width))  # type: ignore[arg-type]
    return out.getvalue()


def test_rich_tables_at_80_columns() -> None:
    assert render_at(80) == SNAPSHOT_80


def test_rich_tables_at_160_columns() -> None:
    shown = render_at(160)
    assert shown == SNAPSHOT_160
    assert all(len(line) <= 160 for line in shown.splitlines())


SNAPSHOT_80 = (
    "中策橡胶 (Zhongce Rubber)  [企业]\n"
    "匹配: 名称完全匹配 “中策橡胶” (100)\n"
    "\n"
    "ID    zhongce-rubber\n"
    "行业  轮胎 (tyres)  \n"
    "\n"
    "数据 (2)                                                                        \n"
    "┏━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
    "┃ 指标       ┃ 时间   ┃ 数值    ┃ 来源               ┃ 原文                    ┃\n"
    "┡━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
    "│ 总投资     │ 未注明 │ 近5亿元 │ zhizao-2022 (2022) │ “中策橡胶投资近5亿元打  │\n"
    "│            │        │         │                    │ 造“高性能子午胎未来工厂 │\n"
    "│            │        │         │                    │ ””                      │\n"
    "│ 不良率降低 │ 未注明 │ 40%     │ zhizao-2022 (2022) │ “不良率降低40%”         │\n"
    "└────────────┴────────┴─────────┴────────────────────┴─────────────────────────┘\n"
    "\n"
    "⚠ 标记的数据各来源说法不一\n"
    "\n"
)
SNAPSHOT_160 = (
    "中策橡胶 (Zhongce Rubber)  [企业]\n"
    "匹配: 名称完全匹配 “中策橡胶” (100)\n"
    "\n"
    "ID    zhongce-rubber\n"
    "行业  轮胎 (tyres)  \n"
    "\n"
    "数据 (2)                                                                                                \n"
    "┏━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
    "┃ 指标       ┃ 时间   ┃ 数值    ┃ 来源               ┃ 原文                                            ┃\n"
    "┡━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
    "│ 总投资     │ 未注明 │ 近5亿元 │ zhizao-2022 (2022) │ “中策橡胶投资近5亿元打造“高性能子午胎未来工厂”” │\n"
    "│ 不良率降低 │ 未注明 │ 40%     │ zhizao-2022 (2022) │ “不良率降低40%”                                 │\n"
    "└────────────┴────────┴─────────┴────────────────────┴─────────────────────────────────────────────────┘\n"
    "\n"
    "⚠ 标记的数据各来源说法不一\n"
    "\n"
)
