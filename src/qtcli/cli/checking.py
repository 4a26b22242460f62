"""`qt check`: validate a fact base and, with the articles, prove its quotes and coverage.

Reports every problem (file:line: message) and exits 3 if there is any; with
--coverage, also lists each number in the articles that no quote covers and
facts/uncovered.toml does not explain.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from qtcli.errors import ExitCode, Problem, UsageError
from qtcli.factbase.load import read_factbase, unreadable
from qtcli.factbase.model import FactBase
from qtcli.factbase.validate import iter_problems, read_articles
from qtcli.paths import facts_dir
from qtcli.present.payload import SCHEMA_VERSION, dumps
from qtcli.present.printable import printable


def run_check(
    facts: str | None,
    sources_dir: str | None,
    with_coverage: bool,
    as_json: bool,
    ascii_only: bool = False,
    lang: str = "zh",
) -> int:
    """Check the fact base; the summary on the screen is in `lang` (JSON is the same in both)."""
    en = lang == "en"
    sources = Path(sources_dir) if sources_dir is not None else None
    if with_coverage and sources is None:
        raise UsageError(
            "--coverage needs --sources DIR (the article texts)",
            "--coverage 需要 --sources DIR(文章原文所在文件夹)",
        )
    if sources is not None and not sources.is_dir():
        raise UsageError(
            f"--sources '{sources}' is not a directory", f"--sources“{sources}”不是文件夹"
        )
    root = Path(facts_dir(facts))
    if sources is None:  # the index knows every problem, and is kept up to date file by file
        from qtcli.index.build import checked, curation

        fb = FactBase(str(root))
        counts, problems = checked(str(root))
        counts = counts or fb.counts()
        if counts and not unreadable(problems):  # drafts awaiting review, values not proven
            problems += curation(str(root))
    else:  # quotes are proven against the articles: the records themselves are needed
        fb, problems = read_factbase(root)
        if not unreadable(problems):
            problems += list(iter_problems(fb, sources))
        counts = fb.counts()
    report: dict[str, Any] = {"schema": SCHEMA_VERSION, "facts": str(root), "counts": counts}
    lines: list[str] = []
    texts: dict[str, str] = {}
    if with_coverage and sources is not None:
        texts, _ = read_articles(fb, sources)
    if with_coverage and len(texts) < len(fb.sources):
        # An article missing or refused (outside the folder, not a regular file, too big, not
        # UTF-8): its problem is listed above, and no coverage is shown from a partial set.
        lines.append(
            "coverage: not measured, since some articles could not be read"
            if en
            else "覆盖率:有文章无法读取,故未测量"
        )
    elif with_coverage and sources is not None:
        from qtcli.factbase.coverage import coverage

        cov = coverage(fb, texts)
        report["coverage"] = {
            "numbers": cov.found,
            "covered_by_quotes": cov.covered,
            "reasoned_in_uncovered_toml": cov.reasoned,
            "uncovered": [
                {"source": n.source, "number": n.text, "context": n.context} for n in cov.uncovered
            ],
        }
        lines.append(
            f"coverage: {cov.found} numbers in the articles; {cov.covered} covered by quotes, "
            f"{cov.reasoned} explained in uncovered.toml, {len(cov.uncovered)} uncovered"
            if en
            else f"覆盖率:文章中共 {cov.found} 个数字;{cov.covered} 个有引文覆盖,"
            f"{cov.reasoned} 个在 uncovered.toml 中说明,{len(cov.uncovered)} 个未覆盖"
        )
        lines += [
            f"  uncovered in {n.source}: '{n.text}' in “{n.context}”"
            if en
            else f"  {n.source} 中未覆盖:“{n.text}”,见“{n.context}”"
            for n in cov.uncovered
        ]
        problems += [
            Problem(u.origin, f"uncovered '{u.number}' matches no uncovered number (stale entry)")
            for u in cov.stale
        ]
        problems += [
            Problem(n.source, f"number '{n.text}' is not covered: “{n.context}”")
            for n in cov.uncovered
        ]
    report["ok"] = not problems
    report["problems"] = [{"location": p.location, "message": p.message} for p in problems]
    if as_json:
        sys.stdout.write(dumps(report, ascii_only) + "\n")
    else:
        out = [str(p) for p in problems] + lines
        out.append(_summary(counts, len(problems), sources is not None, en))
        stream = sys.stdout if not problems else sys.stderr
        stream.write(printable("\n".join(out)) + "\n")
    return ExitCode.OK if not problems else ExitCode.INVALID_FACTS


COUNT_WORDS_ZH = {
    "sources": "来源",
    "regions": "地区",
    "parks": "园区/平台",
    "companies": "企业",
    "orgs": "机构",
    "metrics": "指标",
    "observations": "数据",
    "facts": "事实",
    "uncovered": "未覆盖数字说明",
}


def _summary(counts: dict[str, Any], problems: int, verified: bool, en: bool) -> str:
    """The last line: ok or how many problems, and what the fact base holds."""
    if en:
        held = ", ".join(f"{v} {k}" for k, v in counts.items())
        head = "ok" if not problems else f"{problems} problem(s)"
        return f"{head}: {held}" + (" (quotes verified against the articles)" if verified else "")
    held = "、".join(f"{COUNT_WORDS_ZH.get(k, k)} {v}" for k, v in counts.items())
    head = "通过" if not problems else f"{problems} 处问题"
    return f"{head}:{held}" + ("(引文已与文章原文核对)" if verified else "")
