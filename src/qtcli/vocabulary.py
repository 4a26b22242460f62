"""Words of metric names and questions: tokens, synonyms, and what kind of figure is asked for.

Metric names are phrases ('manufacturing investment growth', '制造业投资增速'),
and people paraphrase them ('制造业投资增长率', 'how fast did manufacturing
investment grow'). Matching works on tokens: English words lower-cased,
lightly stemmed and mapped to one synonym each; Chinese runs as characters
and character pairs after the same synonym mapping. Similarity is the F1 of
shared tokens, so a name must explain the query and the query the name; a
short alias inside a long question scores low. `cues` reads whether a figure's
rank, growth or share is asked for, which decides between 研发强度 and
研发强度全省排名.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Chinese rewrites, applied to the folded text in order (longest first).
ZH_REWRITES = (
    ("研究与试验发展", "研发"),
    ("r&d", "研发"),
    ("研发投入", "研发经费"),
    ("增长率", "增速"),
    ("增长速度", "增速"),
    ("增幅", "增速"),
    ("同比增长", "增速"),
    ("排第几", "排名"),
    ("排名第几", "排名"),
    ("第几名", "排名"),
    ("位次", "排名"),
    ("名次", "排名"),
    ("占比", "比重"),
    ("比例", "比重"),
    ("份额", "比重"),
    ("不良品率", "不良率"),
    ("次品率", "不良率"),
    ("下降", "降低"),
    ("减少", "降低"),
    ("亩产", "亩均"),
    ("规模以上", "规上"),
    ("个数", ""),
    ("数量", ""),
    ("总额", ""),
    ("是多少", ""),
    ("有多少", ""),
    ("多少", ""),
    ("几个", ""),
    ("几家", ""),
    ("几所", ""),
    ("哪些", ""),
    ("什么", ""),
    ("怎样", ""),
    ("如何", ""),
)
ZH_FILLER = set("的了吗呢么是有在和与及")

EN_SYNONYMS = {
    "percentage": "share",
    "proportion": "share",
    "percent": "share",
    "ranking": "rank",
    "ranked": "rank",
    "position": "rank",
    "place": "place",
    "companies": "enterprise",
    "company": "enterprise",
    "firm": "enterprise",
    "business": "enterprise",
    "enterprise": "enterprise",
    "car": "vehicle",
    "auto": "vehicle",
    "automobile": "vehicle",
    "automotive": "vehicle",
    "manufacturer": "maker",
    "producer": "maker",
    "spent": "spend",
    "spending": "spend",
    "expenditure": "spend",
    "invested": "investment",
    "invest": "investment",
    "downtown": "downtown",
    "centre": "downtown",
    "center": "downtown",
    "rate": "",
    "grew": "growth",
    "grow": "growth",
    "funded": "fund",
    "funding": "fund",
    "rd": "rd",
    "industrial": "industry",
    "big": "size",
    "large": "size",
    "scale": "size",
    "graduate": "graduate",
    "univ": "university",
    "phd": "phd",
    "doctor": "phd",
    "doctorate": "phd",
}
EN_PHRASES = (
    ("r&d", " rd "),
    ("r & d", " rd "),
    ("research and development", " rd "),
    ("how long", " time "),
    ("year on year", " growth "),
    ("year-on-year", " growth "),
    ("above designated size", " above scale "),
    ("above-designated-size", " above scale "),
    ("city centre", " downtown "),
    ("main urban area", " downtown "),
)
EN_STOP = set(
    """a an the of in on at to for by from with and or as is are was were be been being do does did
    how what which who whom whose when where why much many number amount total level figure value
    there their its it this that these those has have had get got take takes took make made put
    please tell me show give about per into than then so any all each every our your""".split()
)

CUES = {
    "rank": ("排名", "rank", "place in", "position", "第几"),
    "growth": ("增速", "growth", "grew", "grow", "year on year", "year-on-year"),
    "share": ("比重", "share", "proportion", "percentage of", "percent of"),
}
KIND_CUE = {"rank": "rank", "growth": "growth", "share": "share"}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _zh(text: str) -> str:
    for old, new in ZH_REWRITES:
        text = text.replace(old, new)
    return text


def _cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def tokens(text: str) -> Counter[str]:
    """English words (stemmed, synonyms merged, stop words dropped) and Chinese characters
    and character pairs (after rewrites, filler characters dropped)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for old, new in EN_PHRASES:
        text = text.replace(old, new)
    text = _zh(text)
    out: Counter[str] = Counter()
    for run in re.findall(r"[\u3400-\u9fff]+|[a-z0-9]+", text):
        if _cjk(run[0]):
            chars = [c for c in run if c not in ZH_FILLER]
            out.update(chars)
            out.update(a + b for a, b in zip(chars, chars[1:], strict=False))
        elif run not in EN_STOP:
            word = EN_SYNONYMS.get(run, run)
            word = EN_SYNONYMS.get(_stem(word), _stem(word)) if word else word
            if word and word not in EN_STOP:
                out[word] += (
                    2  # an English word carries about as much as a Chinese pair and its characters
                )
    return out


def similarity(query: Counter[str], name: Counter[str]) -> float:
    """F1 of shared tokens: 1.0 when both say the same, low when either has much the other lacks."""
    shared = sum((query & name).values())
    if not shared:
        return 0.0
    precision = shared / sum(query.values())
    recall = shared / sum(name.values())
    return 2 * precision * recall / (precision + recall)


def cues(text: str) -> set[str]:
    """Which aspect of a figure the text asks for: rank, growth or share."""
    folded = _zh(unicodedata.normalize("NFKC", text).casefold())
    return {cue for cue, words in CUES.items() if any(w in folded for w in words)}


def cue_adjustment(asked: set[str], metric_kind: str) -> float:
    """Points to add to a metric's match score given what the query asks for."""
    aspect = KIND_CUE.get(metric_kind)
    if asked:
        if aspect in asked:
            return 8.0
        return -6.0
    return -4.0 if aspect else 0.0
