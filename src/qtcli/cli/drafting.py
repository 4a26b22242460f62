"""`qt draft`: propose records for a new article, and accept them once reviewed.

Reads the article, drafts against the fact base (`--facts`), and writes TOML in
the fact base's schema (or JSON) to stdout or `-o FILE`; a one-line summary goes
to stderr. `-o FILE` never replaces a file that exists or writes through a link.
`--accept FILE` turns reviewed drafts into records, after checking them with the
fact base, and gives FILE its new text in one rename; if they are not ready it
lists every problem and writes nothing (exit 3).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from qtcli.errors import CannotWrite, ExitCode, FactBaseInvalid, UsageError
from qtcli.files import open_new, replace_text
from qtcli.paths import facts_dir
from qtcli.present.payload import dumps
from qtcli.present.printable import printable

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
    lang: str = "zh",
) -> int:
    root = Path(facts_dir(str(facts) if facts else None))
    if accept_file is not None:
        if article is not None:
            raise UsageError(
                "give ARTICLE or --accept FILE, not both",
                "请给出 ARTICLE 或 --accept FILE,不要同时给出",
            )
        return _accept(accept_file, root, lang)
    if article is None or source is None:
        raise UsageError(
            "give the ARTICLE to draft and its --source ID (or --accept FILE)",
            "请给出要起草的 ARTICLE 及其 --source ID(或 --accept FILE)",
        )
    text, counts = _draft(article, source, date, as_json, root, ascii_only)
    if out is None:
        sys.stdout.write(text)
    else:
        _write_new(out, text)
    if lang == "en":
        into = f" into {out}" if out else ""
        said = f"drafted {counts[0]} observations and {counts[1]} new names from {article.name}"
        sys.stderr.write(f"{said}{into}; review them, then accept\n")
    else:
        into = f",写入 {out}" if out else ""
        said = f"已从 {article.name} 起草 {counts[0]} 条数据和 {counts[1]} 个新名称"
        sys.stderr.write(f"{said}{into};请审阅,然后接受\n")
    return ExitCode.OK


def _write_new(out: Path, text: str) -> None:
    try:
        with open_new(out) as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise CannotWrite(
            f"'{out}' exists; qt draft never replaces a file: choose another name or remove it",
            f"“{out}”已存在;qt draft 从不覆盖文件:请换一个名称或先删除它",
        ) from exc
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise CannotWrite(f"cannot write '{out}' ({why})", f"无法写入“{out}”({why})") from exc


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
        why = exc.strerror or str(exc)
        raise UsageError(f"cannot read '{article}' ({why})", f"无法读取“{article}”({why})") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"'{article}' is not UTF-8 text", f"“{article}”不是 UTF-8 文本") from exc


def _date(store: object, source: str, date: str | None) -> tuple[int, int | None]:
    """--date, else the date of the source record; one of them is needed to read 去年."""
    if date is None:
        record = store.sources([source]).get(source)  # type: ignore[attr-defined]
        if record is None:
            raise UsageError(
                f"source '{source}' is not in the fact base; add its [[source]] or give "
                "--date YYYY[-MM]",
                f"事实库中没有来源“{source}”;请添加其 [[source]] 或给出 --date YYYY[-MM]",
            )
        date = record.date[:7]
    match = DATE.match(date or "")
    if match is None:
        raise UsageError(
            f"--date is '{date}'; use YYYY or YYYY-MM", f"--date 为“{date}”;请用 YYYY 或 YYYY-MM"
        )
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def _accept(path: Path, root: Path, lang: str) -> int:
    from qtcli.draft.accept import accept

    try:
        result = accept(path, root)
    except FactBaseInvalid as exc:
        lines = [str(p) for p in exc.problems]
        n = len(exc.problems)
        if lang == "en":
            lines.append(f"qt: {n} problem(s) in {path}; nothing was accepted")
        else:
            lines.append(f"qt: {path} 中有 {n} 处问题;未接受任何记录")
        sys.stderr.write(printable("\n".join(lines)) + "\n")
        return ExitCode.INVALID_FACTS
    try:
        replace_text(path, result.text)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise CannotWrite(f"cannot write '{path}' ({why})", f"无法写入“{path}”({why})") from exc
    if lang == "en":
        said = f"accepted {result.accepted} records in {path}"
        sys.stderr.write(f"{said}; removed {result.rejected} rejected drafts\n")
    else:
        said = f"已接受 {path} 中的 {result.accepted} 条记录"
        sys.stderr.write(f"{said};删除了 {result.rejected} 条被拒绝的草稿\n")
    return ExitCode.OK
