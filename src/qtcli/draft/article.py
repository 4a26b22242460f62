"""An article as paragraphs and sentences, each character placed in the article's text.

Quotes are proven against the article with its whitespace removed
(`validate.article_text`), so every sentence here keeps, for each of its
characters, its offset in that text: a quote cut from a sentence is verbatim
when its offsets are consecutive.

Print layout breaks the texts: a paragraph stops mid-sentence ('…基于此标准,2021年')
and goes on after a photo caption ('卡深科技智能车间') in the next block
('6月,钱开区与…'). A block that ends without closing its sentence is joined to the
next block that is not a caption or heading; the join is a seam, and no quote
crosses it. Consecutive bullet points (●) form one paragraph: a data box whose
first point says '2021年' dates the points after it.
"""

from __future__ import annotations

import html
import re

from qtcli.records import record

SENTENCE_END = "。！？!?；;…"
CLOSERS = "”’」』)）"
CLAUSE_MARKS = "，,：:；;。！？!?"
CAPTION_MARKS = ("图为", "图片由", "本版图片", "本报图片")
BULLETS = "●■•◆▲"


@record
class Sentence:
    text: str
    offsets: tuple[int, ...]  # each character's offset in the whitespace-free article
    paragraph: int
    index: int  # position among all sentences

    @property
    def parallel(self) -> bool:
        """Ends in a semicolon: one of parallel items, each with its own subject and time."""
        return self.text[-1:] in "；;"

    def contiguous(self, start: int, end: int) -> bool:
        """True if text[start:end] is one unbroken stretch of the article."""
        span = self.offsets[start:end]
        return all(b == a + 1 for a, b in zip(span, span[1:], strict=False))

    def clause(self, pos: int) -> tuple[int, int]:
        """The clause (between commas, colons, stops) that holds position `pos`."""
        start = pos
        while start > 0 and self.text[start - 1] not in CLAUSE_MARKS:
            start -= 1
        end = pos
        while end < len(self.text) and self.text[end] not in CLAUSE_MARKS:
            end += 1
        return start, end


@record
class _Block:
    text: str
    start: int  # offset in the whitespace-free article

    @property
    def closed(self) -> bool:
        return self.text.rstrip(CLOSERS)[-1:] in SENTENCE_END

    @property
    def caption(self) -> bool:
        """A photo caption, page header or heading: short and not a sentence."""
        if any(mark in self.text for mark in CAPTION_MARKS):
            return True
        return len(self.text) <= 40 and not self.closed and not re.search(r"[，,。]", self.text)

    @property
    def bullet(self) -> bool:
        return self.text[:1] in BULLETS


def _blocks(raw: str) -> list[_Block]:
    blocks, offset = [], 0
    for chunk in re.split(r"\n\s*\n", html.unescape(raw)):
        text = re.sub(r"\s+", "", chunk)
        if text:
            blocks.append(_Block(text, offset))
        offset += len(text)
    return blocks


def paragraphs(raw: str) -> list[tuple[str, tuple[int, ...]]]:
    """The article's paragraphs, broken ones rejoined, each with its characters' offsets."""
    blocks = _blocks(raw)
    out: list[tuple[str, tuple[int, ...]]] = []
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if i in used:
            continue
        text, offsets = block.text, list(range(block.start, block.start + len(block.text)))
        j = i
        while not blocks[j].closed and not blocks[j].caption:
            nxt = next((k for k in range(j + 1, len(blocks)) if not blocks[k].caption), None)
            if nxt is None or nxt in used:
                break
            used.add(nxt)
            text += blocks[nxt].text
            offsets += range(blocks[nxt].start, blocks[nxt].start + len(blocks[nxt].text))
            j = nxt
        if block.bullet and out and out[-1][0][:1] in BULLETS:
            # A list of points is one paragraph, so that its first point dates the rest.
            out[-1] = (out[-1][0] + text, out[-1][1] + tuple(offsets))
        else:
            out.append((text, tuple(offsets)))
    return out


def sentences(raw: str) -> list[Sentence]:
    """Every sentence of the article, in order, with its paragraph number."""
    out: list[Sentence] = []
    for number, (text, offsets) in enumerate(paragraphs(raw)):
        start = 0
        for match in re.finditer(rf"[{SENTENCE_END}]+[{CLOSERS}]*|[{BULLETS}]", text):
            end = match.end() if match.group()[0] not in BULLETS else match.start()
            if end > start:
                out.append(Sentence(text[start:end], offsets[start:end], number, len(out)))
            start = end
        if start < len(text):
            out.append(Sentence(text[start:], offsets[start:], number, len(out)))
    return out
