"""References ready to paste: GB/T 7714-2015 for Chinese writing, APA 7 for English.

Built only from the source records, so they carry exactly what is known: the
articles name no newspaper, page or URL, and the date is as precise as the
record's `date` ('2022'). Chinese author names are inverted for APA as
surname, initial ('Mi, L.'); their English forms are pinyin.
"""

from __future__ import annotations

from qtcli.factbase.model import Name, Source

STYLES = ("gbt7714", "apa")  # the values of --cite


def _apa_author(name: Name) -> str:
    parts = name.en.split()
    if len(parts) < 2:
        return name.en
    surname, given = parts[0], parts[1:]
    initials = " ".join(f"{g[0]}." for g in given)
    return f"{surname}, {initials}"


def apa(source: Source) -> str:
    """APA 7: authors (year). Original title [English title]. (No periodical is named.)"""
    authors = [_apa_author(a) for a in source.authors]
    if len(authors) > 1:
        names = ", ".join(authors[:-1]) + ", & " + authors[-1]
    else:
        names = authors[0] if authors else source.title.en
    return f"{names} ({source.date}). {source.title.zh} [{source.title.en}]."


def gbt7714(source: Source) -> str:
    """GB/T 7714-2015 for a newspaper article ([N]): 作者. 题名[N]. 出版年."""
    names = ", ".join(a.zh for a in source.authors)
    return f"{names}. {source.title.zh}[N]. {source.date}."


def cite(source: Source, style: str) -> str:
    if style == "apa":
        return apa(source)
    return gbt7714(source)
