"""The one error boundary: every way a command can end becomes an exit code.

Both roads into a command (the fast path and the Typer app) run it through
`guard`, so a library error, a usage error, Ctrl-C, a closed pipe or a bug end
the same way: one sentence on stderr (and a JSON error object on stdout under
--json) and a documented exit code (errors.ExitCode). Free of Typer and Rich.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable

from qtcli.cli.options import message_lang
from qtcli.cli.output import ascii_only, pipe_closed
from qtcli.errors import ExitCode, QtError


def json_requested(argv: list[str]) -> bool:
    """--json among the options (not after `--`, where it would be a query)."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    return "--json" in options


def report(error: QtError, argv: list[str]) -> int:
    """An error as one line on stderr, in the language of the command line (its --lang,
    else QT_LANG, else Chinese), and a JSON error object on stdout under --json."""
    from qtcli.present.printable import printable

    lang = message_lang(argv)
    message = one_line(error.text(lang))
    sys.stderr.write(f"qt: {printable(message)}\n")
    sys.stderr.flush()
    if json_requested(argv) and error.exit_code != ExitCode.INTERRUPTED:
        from qtcli.present.payload import dumps, error_payload

        payload = error_payload(error, lang)
        sys.stdout.write(dumps(payload, ascii_only=ascii_only()) + "\n")
    return error.exit_code


def one_line(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\n", " ")


class Interrupted(QtError):
    exit_code = ExitCode.INTERRUPTED

    def __init__(self) -> None:
        super().__init__("interrupted", "已中断")


def guard(argv: list[str], body: Callable[[], int]) -> int:
    """Run a command body and turn however it ends into an exit code."""
    try:
        code = body()
    except QtError as exc:
        code = report(exc, argv)
    except KeyboardInterrupt:
        code = report(Interrupted(), argv)
    except BrokenPipeError:
        return pipe_closed()
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            return _internal(exc, argv)
        return pipe_closed()
    except Exception as exc:  # the last resort: never a traceback unless asked for
        return _internal(exc, argv)
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        return pipe_closed()
    return code


def _internal(exc: Exception, argv: list[str]) -> int:
    if os.environ.get("QT_DEBUG"):
        raise exc
    what = f"{type(exc).__name__}: {exc}"
    if message_lang(argv) == "en":
        sys.stderr.write(f"qt: internal error ({what}); set QT_DEBUG=1 for details\n")
    else:
        sys.stderr.write(f"qt: 内部错误({what});设置 QT_DEBUG=1 可查看详情\n")
    return ExitCode.INTERNAL
