"""`qt draft`: propose records for a new article, and accept them once reviewed.

Reads the article, drafts against the fact base (`--facts`), and writes TOML in
the fact base's schema (or JSON) to stdout or `-o FILE`; a one-line summary goes
to stderr. `--accept FILE` turns reviewed drafts into records, after checking
them with the fact base; if they are not ready it lists every problem and
writes nothing (exit 3).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from qtcli.errors import ExitCode, FactBaseInvalid, UsageError
from qtcli.paths import facts_dir
from qtcli.present.payload import dumps

DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")


def run_draft(
    article: Path | None,
    source: str | None,
    date: str | None,
    as_json: bool,
    out: Path | None,
    accept_file: Path | None,
    facts: Path | None,
    ascii_only: bool = False,
) -> int:
    root = Path(facts_dir(str(facts) if facts else None))
    if accept_file is not None:
        if article is not None:
            raise UsageError("give ARTICLE or --accept FILE, not both")
        return _accept(accept_file, root)
    if article is None or source is None:
        raise UsageError("give the ARTICLE to draft and its --source ID (or --accept FILE)")
    text, counts = _draft(article, source, date, as_json, root, ascii_only)
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write '{out}' ({exc.strerror or exc})") from exc
    sys.stderr.write(
        f"drafted {counts[0]} observations and {counts[1]} new names from {article.name}"
        + (f" into {out}" if out else "")
        + "; review them, then accept\n"
    )
    return ExitCode.OK


def _draft(
    article: Path, source: str, date: str | None, as_json: bool, root: Path, ascii_only: bool
) -> tuple[str, tuple[int, int]]:
    """The drafts as TOML (or JSON), and how many observations and new names they hold."""
    from qtcli.cli.commands import Index
    from qtcli.draft.output import to_json, to_toml
    from qtcli.draft.propose import draft

    raw = _read(article)
    store = Index(str(root)).store()
    year, month = _date(store, source, date)
    drafts = draft(store, raw, source, year, month)
    if as_json:
        text = dumps(to_json(store, drafts), ascii_only) + "\n"
    else:
        text = to_toml(store, drafts, article.name, hashlib.sha256(raw.encode("utf-8")).hexdigest())
    return text, (len(drafts.observations), len(drafts.candidates))


def _read(article: Path) -> str:
    try:
        return article.read_bytes().decode("utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read '{article}' ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"'{article}' is not UTF-8 text") from exc


def _date(store: object, source: str, date: str | None) -> tuple[int, int | None]:
    """--date, else the date of the source record; one of them is needed to read 去年."""
    if date is None:
        record = store.sources([source]).get(source)  # type: ignore[attr-defined]
        if record is None:
            raise UsageError(
                f"source '{source}' is not in the fact base; add its [[source]] or give --date YYYY[-MM]"
            )
        date = record.date[:7]
    match = DATE.match(date or "")
    if match is None:
        raise UsageError(f"--date is '{date}'; use YYYY or YYYY-MM")
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def _accept(path: Path, root: Path) -> int:
    from qtcli.draft.accept import accept

    try:
        result = accept(path, root)
    except FactBaseInvalid as exc:
        lines = [str(p) for p in exc.problems]
        lines.append(f"qt: {len(exc.problems)} problem(s) in {path}; nothing was accepted")
        sys.stderr.write("\n".join(lines) + "\n")
        return ExitCode.INVALID_FACTS
    sys.stderr.write(
        f"accepted {result.accepted} records in {path}; removed {result.rejected} rejected drafts\n"
    )
    return ExitCode.OK
