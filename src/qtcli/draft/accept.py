"""`qt draft --accept FILE`: reviewed drafts become records.

The reviewer has corrected what was wrong and marked what should not be kept
`review = "rejected"` (or deleted it). Accepting removes the rejected tables,
the review marks and the drafter's '# draft:' notes, and keeps everything else
as written, comments and order included. The result is checked with the fact
base before it is written: a file whose records would make the base invalid
(a metric still "new", a subject that does not exist, a value its words do not
say) is left as it is, and every problem in it is reported.
"""

from __future__ import annotations

import re
from pathlib import Path

from qtcli.draft.output import NOTE
from qtcli.errors import FactBaseInvalid, Problem, UsageError
from qtcli.records import record

_HEADER = re.compile(r"^\s*\[\[\s*[A-Za-z_]+\s*\]\]")
_REVIEW = re.compile(r"^\s*review\s*=\s*\"([^\"]*)\"")


@record
class Accepted:
    text: str
    accepted: int
    rejected: int


def accepted_text(text: str) -> Accepted:
    """The file's text with rejected tables gone and review marks and notes dropped."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if _HEADER.match(line):
            blocks.append([])
        blocks[-1].append(line)
    kept, accepted, rejected = list(blocks[0]), 0, 0
    for block in blocks[1:]:
        reviews = [m.group(1) for m in map(_REVIEW.match, block) if m]
        if "rejected" in reviews:
            rejected += 1
            continue
        accepted += bool(reviews)
        kept += [line for line in block if not _REVIEW.match(line)]
    lines = [line for line in kept if not line.startswith(NOTE.rstrip()) or not line.strip()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines).strip("\n")) + "\n"
    return Accepted(out, accepted, rejected)


def accept(path: Path, facts: Path) -> Accepted:
    """The accepted text of `path`, checked with the fact base in `facts` (the caller writes
    it); FactBaseInvalid with the problems in `path` when it is not ready."""
    from qtcli.factbase.load import read_factbase, unreadable
    from qtcli.factbase.validate import iter_problems

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise UsageError(f"cannot read '{path}' ({why})", f"无法读取“{path}”({why})") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"'{path}' is not UTF-8 text", f"“{path}”不是 UTF-8 文本") from exc
    result = accepted_text(text)
    if result.accepted == 0 and result.rejected == 0:
        raise UsageError(
            f"'{path}' holds no drafts (no table marked review)",
            f"“{path}”中没有草稿(没有标记 review 的表)",
        )
    fb, problems = read_factbase(facts, instead=(path, result.text))
    if not unreadable(problems):
        problems += list(iter_problems(fb))
    own = [p for p in problems if _in(p, path)]
    if own:
        raise FactBaseInvalid(own)
    return result


def _in(problem: Problem, path: Path) -> bool:
    where = Path(problem.location.split(":", 1)[0])
    try:
        return where.exists() and where.samefile(path)
    except OSError:
        return False
