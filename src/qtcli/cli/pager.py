"""Long answers on a terminal go through a pager, the way git and gh do it.

The pager is `$QT_PAGER`, else `$PAGER`, else `less -R`; an empty value or
`cat` means none. It is run directly (split like a shell would, not through
one), with LESS=FRX and LV=-c unless they are set: less then quits at once
when the text fits, passes colours through, and leaves the text on the screen.
Only output taller than the screen is paged at all (output.emit_blocks), never
a pipe, JSON or `--no-pager`. A pager that cannot be started is skipped: the
answer is written directly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

DEFAULT = "less -R"


def pager_command() -> list[str] | None:
    """The pager to run, as argv, or None when none is wanted."""
    value = os.environ.get("QT_PAGER")
    if value is None:
        value = os.environ.get("PAGER", DEFAULT)
    try:
        import shlex

        argv = shlex.split(value)
    except ValueError:
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


def page(text: str) -> bool:
    """Show `text` in the pager; False when there is none or it could not be started."""
    argv = pager_command()
    if argv is None:
        return False
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
    previous = _ignore_interrupts()
    try:
        assert proc.stdin is not None
        try:
            proc.stdin.write(text.encode(encoding, "backslashreplace"))
            proc.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit before the end: that is not an error
        proc.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return True


def _ignore_interrupts() -> Any:
    """Ignore Ctrl-C; the handler it replaced (None when signals cannot be changed here)."""
    try:
        return signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: leave signals alone
        return None
