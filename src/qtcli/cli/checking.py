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
) -> int:
    sources = Path(sources_dir) if sources_dir is not None else None
    if with_coverage and sources is None:
        raise UsageError("--coverage needs --sources DIR (the article texts)")
    if sources is not None and not sources.is_dir():
        raise UsageError(f"--sources '{sources}' is not a directory")
    root = Path(facts_dir(facts))
    if sources is None:  # the index knows every problem, and is kept up to date file by file
        from qtcli.index.build import checked

        fb = FactBase(str(root))
        counts, problems = checked(str(root))
        counts = counts or fb.counts()
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
        lines.append("coverage: not measured, since some articles could not be read")
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
        )
        lines += [f"  uncovered in {n.source}: '{n.text}' in “{n.context}”" for n in cov.uncovered]
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
        listed = ", ".join(f"{v} {k}" for k, v in counts.items())
        verified = " (quotes verified against the articles)" if sources is not None else ""
        out = [str(p) for p in problems] + lines
        out.append(f"{'ok' if not problems else f'{len(problems)} problem(s)'}: {listed}{verified}")
        stream = sys.stdout if not problems else sys.stderr
        stream.write(printable("\n".join(out)) + "\n")
    return ExitCode.OK if not problems else ExitCode.INVALID_FACTS
