"""Errors fit to show a user, and the exit codes they map to.

The library raises these; only the CLI's error boundary turns them into a
message on stderr and an exit code (the fastapi-cli / httpie pattern). Nothing
in the library prints or exits.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from qtcli.records import record


class ExitCode(IntEnum):
    """Documented exit codes of `qt` (see README, Exit codes)."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    INVALID_FACTS = 3
    INTERNAL = 4
    CANNOT_WRITE = 5
    NO_MEMORY = 6
    INTERRUPTED = 130


class QtError(Exception):
    """An error whose message is one sentence a user can act on, in English and Chinese.

    Both languages are given where the error is raised, so that no sentence can lack one;
    the error boundary shows the one the reader chose (`--lang`, else QT_LANG, else
    Chinese) and a JSON error object carries both."""

    exit_code: ExitCode = ExitCode.INTERNAL
    query: str | None = None  # the query it answers, when there is one (set by the CLI)
    candidates: tuple[str, ...] = ()  # the closest names, best first

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh

    def text(self, lang: str) -> str:
        """The sentence in `lang` ('zh' or 'en')."""
        return self.en if lang == "en" else self.zh


class UsageError(QtError):
    """A bad option value or query that the command line parser could not catch."""

    exit_code = ExitCode.USAGE


class CannotWrite(QtError):
    """The output cannot be written (or must not be replaced); nothing was changed."""

    exit_code = ExitCode.CANNOT_WRITE


class NotFound(QtError):
    """Nothing matched; `candidates` are the closest names, best first."""

    exit_code = ExitCode.NOT_FOUND

    def __init__(self, en: str, zh: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(en, zh)
        self.candidates = tuple(candidates)


@record
class Problem:
    """One thing wrong with the fact base, located as precisely as we can."""

    location: str  # "facts/companies.toml:12" or "facts/companies.toml:12:5" or a file name
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class FactBaseInvalid(QtError):
    """The fact base has problems; all of them are listed, not just the first."""

    exit_code = ExitCode.INVALID_FACTS

    def __init__(self, problems: Sequence[Problem]) -> None:
        count = len(problems)
        first = problems[0] if problems else Problem("facts", "unknown problem")
        # A problem's own text is a diagnostic for whoever edits the TOML files, in English.
        more_en = f" (and {count - 1} more; run 'qt check' to list them)" if count > 1 else ""
        more_zh = f"(另有 {count - 1} 处问题;运行 'qt check' 可全部列出)" if count > 1 else ""
        super().__init__(
            f"the fact base is invalid: {first}{more_en}", f"事实库有误:{first}{more_zh}"
        )
        self.problems = tuple(problems)
