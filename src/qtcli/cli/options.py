"""What the command line may say, checked once for every road into a command.

The Typer app and the fast path both parse options; both hand every value to
the checks here, so `--facts ""`, `--year 99999` or `--lang fr` get the same
one-sentence usage error whichever parser read them. Kept free of Typer, which
the fast path must not import.
"""

from __future__ import annotations

import os

from qtcli.errors import UsageError
from qtcli.factbase.model import YEAR_RANGE
from qtcli.present.cite import STYLES
from qtcli.records import record

# Every command of the Typer app (a test keeps this list and the app's in step).
COMMANDS = (
    "company",
    "park",
    "region",
    "org",
    "metric",
    "search",
    "list",
    "source",
    "show",
    "check",
    "ask",
    "export",
    "draft",
    "schema",
)
LANGS = ("zh", "en")
# The language of messages (errors, refusals, help) when neither --lang nor QT_LANG says:
# Chinese, as the display's default is Chinese (with English names alongside).
DEFAULT_LANG = "zh"
# Options every command takes, wherever they stand on the command line: `qt --lang en company X`
# is read as `qt company X --lang en`. The value options take one argument.
GLOBAL_FLAGS = ("--json", "--no-pager")
GLOBAL_VALUES = ("--lang", "--facts", "--color")
COLORS = ("auto", "always", "never")
# A profile's sections, as --section names them, and how many rows of each a terminal shows
# before "… N more" (a pipe gets every row unless --limit says otherwise).
SECTIONS = ("facts", "figures", "members")
SCREEN_ROWS = 5


@record
class Settings:
    """The options that shape how any command answers, checked."""

    json: bool = False
    lang: str | None = None  # as given; None: QT_LANG, else the default display
    facts: str | None = None  # as given; None: QT_FACTS, else the shipped base
    cite: str | None = None
    color: str = "auto"  # auto: colour on a terminal unless NO_COLOR; always; never
    pager: bool = True  # False: --no-pager


@record
class Rows:
    """Which rows of a profile to show: one section, at most `limit` rows of each, or all."""

    section: str | None = None
    limit: int | None = None
    all: bool = False

    def shown(self, screen: bool) -> int | None:
        """At most this many rows per section (None: all): a terminal shows the first few."""
        if self.limit is not None:
            return self.limit
        return SCREEN_ROWS if screen and not self.all and self.section is None else None


def check_facts(value: str | None) -> str | None:
    """--facts DIR: a folder name; an empty one is a mistake, never 'the current folder'."""
    return check_dir(value, "--facts")


def check_dir(value: str | None, option: str) -> str | None:
    """A folder option: an empty value is a mistake, never 'the current folder'."""
    if value is not None and not value.strip():
        raise UsageError(f"{option} is empty; give a folder", f"{option} 为空;请给出一个文件夹")
    return value


def check_year(value: str | int | None) -> int | None:
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.lstrip("-").isdigit()):
        raise UsageError(
            f"--year is '{value}'; give a year such as 2021",
            f"--year 为“{value}”;请给出年份,如 2021",
        )
    year = int(text)
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        low, high = YEAR_RANGE
        raise UsageError(
            f"--year {year} is out of range; give a year between {low} and {high}",
            f"--year {year} 超出范围;请给出 {low} 至 {high} 之间的年份",
        )
    return year


def check_lang(value: str | None) -> str | None:
    if value is not None and value not in LANGS:
        raise UsageError(f"--lang is '{value}'; use zh or en", f"--lang 为“{value}”;请用 zh 或 en")
    return value


def check_cite(value: str | None) -> str | None:
    if value is not None and value not in STYLES:
        raise UsageError(
            f"--cite is '{value}'; use {' or '.join(STYLES)}",
            f"--cite 为“{value}”;请用 {' 或 '.join(STYLES)}",
        )
    return value


def check_color(value: str | None) -> str:
    if value is None:
        return "auto"
    if value not in COLORS:
        raise UsageError(
            f"--color is '{value}'; use auto, always or never",
            f"--color 为“{value}”;请用 auto、always 或 never",
        )
    return value


def check_section(value: str | None) -> str | None:
    if value is not None and value not in SECTIONS:
        raise UsageError(
            f"--section is '{value}'; use facts, figures or members",
            f"--section 为“{value}”;请用 facts、figures 或 members",
        )
    return value


def check_limit(value: str | int | None) -> int | None:
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise UsageError(
            f"--limit is '{value}'; give a number of rows such as 10",
            f"--limit 为“{value}”;请给出行数,如 10",
        )
    return int(text)


def check_rows(all: bool, section: str | None, limit: str | int | None) -> Rows:
    """--all, --section and --limit of a profile, checked together."""
    rows = Rows(check_section(section), check_limit(limit), all)
    if all and rows.limit is not None:
        raise UsageError("give --all or --limit, not both", "--all 与 --limit 只能给一个")
    return rows


def display_mode(lang: str | None) -> str:
    """'zh', 'en', or 'both' (Chinese with English names) when neither --lang nor QT_LANG says."""
    if lang is not None:
        return check_lang(lang) or "both"
    env = os.environ.get("QT_LANG", "").strip().lower()
    if not env:
        return "both"
    if env not in LANGS:
        raise UsageError(
            f"QT_LANG is '{env}'; set it to zh or en", f"QT_LANG 为“{env}”;请设为 zh 或 en"
        )
    return env


def env_lang() -> str | None:
    """QT_LANG when it names a language; None when it is unset or says something else."""
    env = os.environ.get("QT_LANG", "").strip().lower()
    return env if env in LANGS else None


def chosen_lang(lang: str | None) -> str | None:
    """The language the reader chose: --lang, else QT_LANG; None when neither says."""
    return lang if lang in LANGS else env_lang()


def messages_in(lang: str | None) -> str:
    """The language of messages for a command given `lang` (--lang as given, or None)."""
    return chosen_lang(lang) or DEFAULT_LANG


def message_lang(argv: list[str]) -> str:
    """The language of a message about this command line: its --lang (before any `--`),
    else QT_LANG, else DEFAULT_LANG. Read from argv, since the error may be that the
    command line could not be parsed; a --lang value that is not a language is skipped."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    for i, token in enumerate(options):
        name, eq, value = token.partition("=")
        if name != "--lang":
            continue
        value = value if eq else (options[i + 1] if i + 1 < len(options) else "")
        if value in LANGS:
            return value
    return env_lang() or DEFAULT_LANG


def hoist(argv: list[str], commands: tuple[str, ...]) -> list[str]:
    """Global options written before the command move after it: both parsers then read
    `qt --lang en company X` as `qt company X --lang en`. Anything else is left as it is."""
    moved: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        name = token.partition("=")[0]
        if token in GLOBAL_FLAGS:
            moved.append(token)
        elif name in GLOBAL_VALUES and "=" in token:
            moved.append(token)
        elif name in GLOBAL_VALUES and i + 1 < len(argv):
            moved += [token, argv[i + 1]]
            i += 1
        else:
            break
        i += 1
    if not moved or i >= len(argv) or argv[i] not in commands:
        return argv
    return [argv[i], *moved, *argv[i + 1 :]]
