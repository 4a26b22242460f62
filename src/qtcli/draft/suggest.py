"""Suggestions for a drafted figure: which entity it is about, which metric it measures,
and which names in the article the fact base does not hold yet.

`suggest_metrics` is the one door to metric retrieval: the retrieval is being
rewritten, and the new one is swapped in there. Everything else here reads names
the fact base already knows (entity names and aliases, through the index).
"""

from __future__ import annotations

import re

from qtcli.factbase.model import ENTITY_KINDS
from qtcli.index.store import Store
from qtcli.records import record

# Words that stand for the article's own district or city ('我区R&D经费投入55.3亿元',
# '全区制造业投资完成100.6亿元'), unless they are the whole a share is taken of
# ('贡献了全区15.5%的税收', '占全区…').
PRONOUNS = ("我区", "本区", "全区", "我市", "本市")
SHARE_OF = 40.0
# After these a name is a place, a partner or a beneficiary rather than the subject:
# '在萧山,…', '能为钱塘区吸引…'. Only a tie-breaker: '在自贸试验区钱塘区块,已集聚…' has no other.
PREPOSITIONS = "在为向给对与和同跟到从由把被将据"
# After these verbs a name is their object: '入选杭州市…名单', '位于…萧山特别合作园的紫光股份'.
OBJECT_VERBS: tuple[str, ...] = (
    "入选",
    "入围",
    "列入",
    "纳入",
    "获评",
    "荣获",
    "成为",
    "引进",
    "吸引",
    "打造",
)
OBJECT_VERBS += ("建设", "成立", "推动", "助力", "帮助", "走进", "对标", "加入", "位于", "落户")
# A place right before a rank or a superlative is its scope: '居杭州第一位', '浙江最大规模'.
SCOPE_MARKS = ("第", "首位", "前", "最")
# A name listed before 等 or a figure is a member counted, not the one counting
# ('松下、可口可乐等75个世界500强企业', '杭州综合保税区和自贸区两大国家级IP').
LIST_MARKS = "、等"
LIST_REACH = 4  # characters between a name and the 等 or 、 of its list ('宝驿集团总部等')
CONNECTORS = "、等和及与"
# Among equals, the more specific entity: a company before its park, a park before its region.
KIND_BONUS = {"company": 0.003, "park": 0.002, "org": 0.001, "region": 0.0}


def suggest_metrics(store: Store, sentence: str) -> list[tuple[str, float]]:
    """Metrics the figure in `sentence` may be of, best first, with their scores: the same
    retrieval as `qt metric` and `qt ask` (find/metrics.py), those whose kind of figure
    agrees with the sentence's (a growth rate, a rank, new firms…) before the others."""
    from qtcli.factbase.lexicon import read_text
    from qtcli.find.metrics import fits

    found = fits(store, read_text(store.lexicon, sentence, store.t2s))
    found.sort(key=lambda f: (f.mismatch is not None, -f.score, f.metric.id))
    return [(f.metric.id, f.score) for f in found]


@record
class Mention:
    id: str
    kind: str
    start: int  # in the sentence
    end: int
    text: str


def mentions_in(store: Store, text: str, dominant: str | None) -> list[Mention]:
    """Entities named in `text`, placed by character; 我区 and the like name `dominant`."""
    from qtcli.factbase.lexicon import fold_text, units
    from qtcli.find.mentions import mentions

    places: list[int] = []
    for i, char in enumerate(text):
        places += [i] * len(fold_text(char, store.t2s))
    _, found = units(text, store.t2s)
    out: list[Mention] = []
    for m in mentions(store, found):  # every place a name is written, longest names first
        start, end = places[found[m.first].start], places[found[m.last - 1].end - 1] + 1
        if not any(o.start < end and start < o.end for o in out):
            out.append(Mention(m.entity.id, m.entity.kind, start, end, text[start:end]))
    if dominant is not None:
        for word in PRONOUNS:
            for match in re.finditer(word, text):
                if not any(o.start <= match.start() < o.end for o in out):
                    out.append(Mention(dominant, "region", match.start(), match.end(), word))
    return sorted(out, key=lambda m: m.start)


def _listed(text: str, m: Mention, run: tuple[int, int]) -> bool:
    """A member of a list: 、 or 等 close after it, one of the names just before the figure
    (`run`), or the first name after 其中 ('among them')."""
    if m.text in PRONOUNS:
        return False
    ahead = re.split(r"[，,。；;：:]", text[m.end : m.end + LIST_REACH + 1])[0]
    among = text[max(0, m.start - 3) : m.start].lstrip("，,").startswith("其中")
    in_run = run[0] <= m.start and m.end <= run[1]
    return any(c in LIST_MARKS for c in ahead) or in_run or among


def _after_preposition(text: str, m: Mention) -> bool:
    """A place, a partner, a beneficiary or an object rather than the subject."""
    before = text[: m.start]
    return bool(before) and (before[-1] in PREPOSITIONS or before.endswith(OBJECT_VERBS))


def _scope(text: str, m: Mention) -> bool:
    return text.startswith(SCOPE_MARKS, m.end)


def _share_of(text: str, m: Mention) -> bool:
    """全区 as the whole of a share: '全区15.5%的税收', '占全区…', '贡献了全区…'."""
    return m.text in PRONOUNS and (
        text[m.end : m.end + 1].isdigit() or text[max(0, m.start - 1) : m.start] in ("占", "了")
    )


def names_run(text: str, here: list[Mention], figure: int) -> int:
    """Where a list of names just before a figure begins ('杭州综合保税区和自贸区两大');
    the figure's own place when there is none (one name before a figure is its owner:
    '钱塘32家企业')."""
    start, names = figure, 0
    while True:
        if start > 0 and text[start - 1] in CONNECTORS:
            start -= 1
            continue
        name = next((m for m in here if m.end == start and m.text not in PRONOUNS), None)
        if name is None:
            return start if names >= 2 else figure
        start, names = name.start, names + 1


def _groups(text: str, ms: list[Mention], bounds: list[tuple[int, int]]) -> list[list[Mention]]:
    return [[m for m in ms if lo <= m.start and m.end <= hi] for lo, hi in bounds]


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out, start = [], lo
    for match in re.finditer(r"[，,：:；;。！？!?]", text[lo:hi]):
        out.append((start, lo + match.start()))
        start = lo + match.end()
    out.append((start, hi))
    return [b for b in out if b[0] < b[1]]


def _adjusted(m: Mention, score: float, sentence: str, run: tuple[int, int]) -> float:
    """A name's tier score, less for a list member, a rank's scope, an object or a whole."""
    if _share_of(sentence, m):
        score -= SHARE_OF
    if _listed(sentence, m, run) or _scope(sentence, m):
        score -= 50
    if _after_preposition(sentence, m):
        score -= 15
    return score + KIND_BONUS.get(m.kind, 0.0)


class _Scores(dict[str, float]):
    """The best score of each entity named."""

    def add(self, m: Mention, score: float, sentence: str, run: tuple[int, int]) -> None:
        self[m.id] = max(self.get(m.id, -1e9), _adjusted(m, score, sentence, run))

    def add_group(
        self, ms: list[Mention], score: float, sentence: str, run: tuple[int, int]
    ) -> None:
        for i, m in enumerate(ms):  # the first name is the group's topic
            self.add(m, score - (0.5 + 0.01 * i if i else 0.0), sentence, run)


def subject_scores(
    text: str,
    clause: tuple[int, int],
    number: tuple[int, int],
    here: list[Mention],
    before: list[tuple[str, list[Mention]]],
    after: list[tuple[str, list[Mention]]],
    dominant: str | None,
) -> list[tuple[str, float]]:
    """Candidate subjects of the figure at `number` in `text`, best first.

    Tiers, from the figure outwards: the entity a figure describes with 的
    ('总规模30亿元的“中国视谷”产业投资基金'); the topic of its clause (its first name) before
    the figure; a name later in the clause; the topics of the earlier clauses of its
    sentence, nearest first; of the later ones; of the earlier sentences of its paragraph
    (`before`), most recent first; of the later ones (`after`); the article's most named
    place. Within a clause or sentence, its topic comes first. Names in a list (before 等,
    or right before the figure), after 其中, scoping a rank (居杭州第一位), after a
    preposition or a verb they are the object of, or 全区 as the whole of a share count
    less."""
    (lo, hi), (start, end) = clause, number
    scores = _Scores()
    run, elsewhere = (names_run(text, here, start), start), (0, 0)
    attributive = text[end : end + 1] == "的"
    scores.add_group([m for m in here if lo <= m.start and m.end <= start], 100, text, run)
    for m in (m for m in here if m.start >= end and m.end <= hi):
        scores.add(m, 110 if attributive and m.text not in PRONOUNS else 90, text, run)
    for distance, ms in enumerate(reversed(_groups(text, here, _clauses(text, 0, lo)))):
        scores.add_group(ms, 80 - distance, text, run)
    for distance, ms in enumerate(_groups(text, here, _clauses(text, hi, len(text)))):
        scores.add_group(ms, 70 - distance, text, run)
    for distance, (sentence, ms) in enumerate(reversed(before)):
        scores.add_group(ms, 60 - distance, sentence, elsewhere)
    for distance, (sentence, ms) in enumerate(after):
        scores.add_group(ms, 55 - distance, sentence, elsewhere)
    if dominant is not None:
        scores[dominant] = max(scores.get(dominant, -1e9), 50.0)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


# ------------------------------------------------------------ names not yet held
@record
class Candidate:
    kind: str  # company, park or org
    name: str
    quote: str  # the sentence, or its clause, naming it
    start: int  # offset of the name in the whitespace-free article


SUFFIX_KINDS = (
    ("股份有限公司", "company"),
    ("有限责任公司", "company"),
    ("有限公司", "company"),
    ("株式会社", "company"),
    ("集团", "company"),
    ("科技", "company"),
    ("研究院", "org"),
    ("研究所", "org"),
    ("中心", "org"),
    ("大学", "org"),
    ("学院", "org"),
    ("联盟", "org"),
    ("协会", "org"),
    ("商会", "org"),
    ("产业园", "park"),
    ("园区", "park"),
    ("小微园", "park"),
    ("科创园", "park"),
    ("园", "park"),
    ("小镇", "park"),
    ("基地", "park"),
    ("新城", "park"),
    ("科学城", "park"),
)
SUFFIXES = sorted((s for s, _ in SUFFIX_KINDS), key=len, reverse=True)
# Suffixes that are also plain words (科技创新, 园区建设, 中心城区) end a name only where a
# word ends: before punctuation, a particle, or a name's usual next words.
WEAK = (
    "集团",
    "科技",
    "中心",
    "联盟",
    "协会",
    "商会",
    "园区",
    "园",
    "基地",
    "新城",
    "大学",
    "学院",
)
WORD_END = "的在是与和及、等已以将为也于从向对把被"
# A name does not reach back over these: '钱开区与杭州市实业投资集团有限公司' names the
# latter. (Not 和, which opens names: 杭州和顺科技.)
CUT_AFTER: tuple[str, ...] = ("与", "在", "及", "是", "为", "由", "将", "从", "向", "让", "已")
CUT_AFTER += ("以", "于", "被", "了", "对", "把", "据", "到", "打造", "成立", "建设", "引进")
CUT_AFTER += ("借助", "诞生", "走进", "了解", "对标", "推出", "入驻", "介入", "吸引")
# A company with a legal suffix is a proper name wherever it stands; a park or an
# organisation is one only with a place before it (钱塘…基地, not 创新创业基地).
LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "株式会社", "集团", "科技")
MAX_NAME = 24


def _name_chars(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or char.isascii() and char.isalnum() or char in "()（）"


def _ends_word(text: str, end: int, suffix: str) -> bool:
    if end >= len(text) or suffix not in WEAK:
        return True
    return not _name_chars(text[end]) or text[end] in WORD_END


def candidate_names(text: str, places: tuple[str, ...] = ()) -> list[tuple[int, str, str]]:
    """(start, name, kind) for each name in `text` that ends in a legal or place suffix.

    A name ends where its chain of suffixes ends (科技 + 股份有限公司), and where a word
    ends; it never spans 的 or 等; it starts after the last preposition or verb before
    it, at the first place name after that if there is one (杭州, 浙江 …: names usually
    open with one). A park or organisation needs that place; a company its legal suffix."""
    ends: dict[int, str] = {}
    for suffix in SUFFIXES:
        for match in re.finditer(re.escape(suffix), text):
            ends.setdefault(match.end(), suffix)
    out = []
    for end, suffix in sorted(ends.items()):
        if any(text.startswith(s, end) for s in SUFFIXES) or not _ends_word(text, end, suffix):
            continue  # the name goes on (科技 in 科技股份有限公司), or the word does (科技创新)
        start = end - len(suffix)
        while start > 0 and end - start < MAX_NAME and _name_chars(text[start - 1]):
            start -= 1
        run = text[start:end]
        hard = max(run.rfind("的"), run.rfind("等")) + 1
        run, start = run[hard:], start + hard
        cut = max((run.rfind(w) + len(w) for w in CUT_AFTER if run.rfind(w) >= 0), default=0)
        at_place = min(
            (
                i
                for p in places
                if (i := run.find(p, cut)) >= 0 and (i == 0 or run[i - 1] not in "(（")
            ),
            default=-1,
        )
        name = run[at_place if at_place >= 0 else cut :].lstrip("()（）")
        kind = next(k for s, k in SUFFIX_KINDS if name.endswith(s))
        proper = name.endswith(LEGAL) or (at_place >= 0 and name.startswith(places))
        if len(name) > len(suffix) + 1 and proper and not re.search(r"\d", name):
            out.append((end - len(name), name, kind))
    return out


def known(store: Store, name: str) -> bool:
    """True if the fact base holds this name or alias (suffixes aside)."""
    from qtcli.find.search import Matcher, read_query

    return bool(Matcher(store).exact(read_query(name, store.t2s).keys, ENTITY_KINDS))
