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
from typing import Any


# Chinese rewrites, applied to the folded text in order (longest first).
class LazyPattern:
    """A regular expression compiled on first use. Most lookups never read a question's
    words, so they should not pay for compiling these patterns at import."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern, self._flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self._get().search(text)

    def findall(self, text: str) -> list[Any]:
        return self._get().findall(text)

    def sub(self, repl: str, text: str) -> str:
        return self._get().sub(repl, text)


ZH_REWRITES = (
    ("研究与试验发展", "研发"),
    ("r&d", "研发"),
    ("研发投入", "研发经费"),
    ("投了多少钱", "投资"),
    ("投资了多少", "投资"),
    ("投入了多少", "投资"),
    ("花了多少钱", "支出"),
    ("花出去", "支出"),
    ("花掉", "支出"),
    ("花了多少", "支出"),
    ("提升幅度", "增速"),
    ("提高幅度", "提升"),
    ("每亩", "亩均"),
    ("百亩", "100亩"),
    ("千亩", "1000亩"),
    ("用地规模", "占地面积"),
    ("用地面积", "占地面积"),
    ("增长了多少", "增速"),
    ("增长多少", "增速"),
    ("增长率", "增速"),
    ("增长速度", "增速"),
    ("增幅", "增速"),
    ("同比增长", "增速"),
    ("排第几", "排名"),
    ("排名第几", "排名"),
    ("第几", "排名"),
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
    ("缩短", "降低"),
    ("新开工建设", "新建"),
    ("新开工", "新建"),
    ("百分之几", "比重"),
    ("亩产", "亩均"),
    ("规模以上", "规上"),
    ("哪一年", ""),
    ("哪年", ""),
    ("什么时候", ""),
    ("何时", ""),
    ("哪一天", ""),
    ("哪天", ""),
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
    "doctoral": "phd",
    "improve": "gain",
    "improvement": "gain",
    "improved": "gain",
    "boost": "gain",
    "tire": "tyre",
    "cover": "area",
    "covers": "area",
    "occupy": "area",
    "listed": "list",
    "built": "build",
    "leader": "lead",
    "leading": "lead",
    "trading": "transaction",
    "deal": "transaction",
    "deals": "transaction",
    "freed": "free",
    "plot": "land",
    "raise": "growth",
    "raised": "growth",
    "listing": "list",
    "doctorate": "phd",
    # A cut, a reduction, a shortening: the same change, whichever word the question uses.
    "cut": "reduction",
    "cuts": "reduction",
    "reduce": "reduction",
    "reduced": "reduction",
    "lower": "reduction",
    "lowered": "reduction",
    "shorten": "reduction",
    "shortened": "reduction",
    "development": "develop",
    "cycle": "time",
    "digitally": "digital",
    "digitalisation": "digital",
    "digitalization": "digital",
    "digitised": "digital",
    "digitized": "digital",
}
EN_PHRASES = (
    ("r&d", " rd "),
    ("r & d", " rd "),
    ("research and development", " rd "),
    ("how long", " time "),
    ("breaking ground", " groundbreaking "),
    ("break ground", " groundbreaking "),
    ("broke ground", " groundbreaking "),
    ("go public", " list "),
    ("went public", " list "),
    ("gone public", " list "),
    ("go up", " increase "),
    ("went up", " increase "),
    ("gone up", " increase "),
    ("grown by", " growth "),
    ("year on year", " growth "),
    ("year-on-year", " growth "),
    ("above designated size", " above scale "),
    ("above-designated-size", " above scale "),
    ("city centre", " downtown "),
    ("take up", " area "),
    ("inefficient", " low efficiency "),
    ("takes up", " area "),
    ("taken up", " area "),
    ("main urban area", " downtown "),
)
EN_STOP = set(
    """a an the of in on at to for by from with and or as is are was were be been being do does did
    how what which who whom whose when where why much many number amount total level figure value
    there their its it this that these those has have had get got take takes took make made put
    please tell me show give about per into than then so any all each every our your when roughly
    approximately around nearly some up""".split()
)

CUES = {
    "rank": (
        "排名",
        "rank",
        "place in",
        "position",
        "第几",
        "位居",
        "名列",
        "where did",
        "where does",
        "what place",
        "which place",
    ),
    "growth": (
        "增速",
        "growth",
        "grew",
        "grow",
        "year on year",
        "year-on-year",
        "raise",
        "rise",
        "increase",
        "提高",
        "增长",
    ),
    "share": (
        "比重",
        "占比",
        "比例",
        "百分之",
        "share",
        "proportion",
        "percentage of",
        "percent of",
    ),
    "change": (
        "how many more",
        "compared with",
        "than a year earlier",
        "比去年同期",
        "较去年同期",
        "较上年",
        "增加了多少",
        "多了多少",
        "提高了多少",
        "提升了多少",
        "百分点",
    ),
}
KIND_CUE = {"rank": "rank", "growth": "growth", "share": "share", "change": "change"}
# Industries a figure may be about; a question about one is not answered by a figure about another.
SECTORS = (
    ("集成电路", "半导体", "芯片", "integrated circuit", "semiconductor", "chip", " ic "),
    ("生命健康", "life and health", "life health", "life sciences"),
    ("生物医药", "biomedic", "biopharm", "pharmaceutical"),
    ("新材料", "new material", "advanced material"),
    ("航空航天", "aerospace", "aviation"),
    ("汽车", "vehicle", "automotive", " car ", " cars "),
    ("数字经济", "digital economy", "digital-economy"),
    ("美丽经济", "beautiful economy", "beauty economy"),
    ("高新技术", "high-tech", "high tech"),
    ("低空", "low-altitude", "low altitude", "drone"),
)
SCOPES = {
    "city": ("全市", "杭州", "hangzhou", " city"),
    "province": ("全省", "浙江", "zhejiang", "province", "provincial"),
}


def _stem(word: str) -> str:
    if len(word) > 7 and word.endswith("ation"):
        return word[:-3]  # cultivation → cultivat, as cultivating → cultivat
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 4 and word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]  # processes → process, taxes → tax (but enterprises → enterprise)
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


REFERENCE_PATTERNS = (
    LazyPattern(r"占(.{1,12}?)的?(?:比重|比例|份额)"),
    LazyPattern(r"\b(?:share|percentage|proportion|percent) of ([a-z0-9&' -]+)"),
    LazyPattern(r"\bto ([a-z0-9&' -]+?) ratio\b"),
    LazyPattern(r"\bper ([a-z0-9-]+)"),
)


def reference_tokens(text: str) -> frozenset[str]:
    """Tokens of what a name measures against, not what it measures: GDP in
    'R&D经费占GDP比重' or 'R&D share of GDP', mu in 'output per mu'. A question that
    shares only these with a name asks about the reference (GDP), not the ratio."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    out: set[str] = set()
    for pattern in REFERENCE_PATTERNS:
        for phrase in pattern.findall(folded):
            out.update(tokens(phrase))
    return frozenset(out)


def only_reference(query: Counter[str], name: Counter[str], references: frozenset[str]) -> bool:
    """The query meets the name only in its reference words (see `reference_tokens`)."""
    shared = set(query) & set(name)
    return bool(shared) and shared <= references


def similarity(query: Counter[str], name: Counter[str], beta: float = 1.0) -> float:
    """F-score of shared tokens: 1.0 when both say the same, low when either has much the
    other lacks. beta > 1 weighs covering the name over covering the query (a question
    carries context words that no metric name has)."""
    shared = sum((query & name).values())
    if not shared:
        return 0.0
    precision = shared / sum(query.values())
    recall = shared / sum(name.values())
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def weighted(
    query: Counter[str],
    name: Counter[str],
    weight: dict[str, float],
    beta: float = 1.0,
    floor: float = 0.0,
) -> float:
    """`similarity` with each token weighed by how rare it is among names (an IDF): 'cloud'
    tells cloud factories from the other factories; 'factory' tells little. Below `floor`
    of either precision or recall, no match."""

    # A word no name uses: in a typed name it is as telling as the rarest word (独角兽企业 is
    # not 企业数); in a question it is mostly context and counts as an ordinary word.
    unknown = max(weight.values(), default=1.0) if floor > 0 else 1.0

    def mass(c: Counter[str]) -> float:
        return sum(n * weight.get(t, unknown) for t, n in c.items())

    shared = mass(query & name)
    if not shared:
        return 0.0
    precision, recall = shared / mass(query), shared / mass(name)
    if min(precision, recall) < floor:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def coverage(query: Counter[str], text: Counter[str]) -> float:
    """How much of the query the text accounts for (0–1)."""
    total = sum(query.values())
    return sum((query & text).values()) / total if total else 0.0


def _says(text: str, word: str) -> bool:
    """`word` occurs in `text`; an English word only from a word start ('rise' is not in
    'enterprises', 'rank' is in 'ranked')."""
    if word.isascii() and word[:1].isalpha():
        return re.search(r"\b" + re.escape(word), text) is not None
    return word in text


def cues(text: str) -> set[str]:
    """Which aspect of a figure the text asks for: rank, growth or share."""
    raw = unicodedata.normalize("NFKC", text).casefold()
    raw = re.sub(r"\bthe ranks of\b|\branks of\b", " ", raw)  # joined the ranks of: no rank
    both = raw + " " + _zh(raw)
    return {cue for cue, words in CUES.items() if any(_says(both, w) for w in words)}


def scope(text: str) -> set[str]:
    """Whether a rank is asked within the city or the province."""
    folded = " " + unicodedata.normalize("NFKC", text).casefold()
    return {name for name, words in SCOPES.items() if any(w in folded for w in words)}


def scope_adjustment(asked: set[str], metric_name: str, metric_kind: str) -> float:
    """A rank 'in Hangzhou' is not a rank 'in Zhejiang'."""
    if metric_kind != "rank" or not asked:
        return 0.0
    own = scope(metric_name)
    if not own:
        return 0.0
    return 6.0 if own & asked else -6.0


# What a figure measures. A question asking for one of these that a metric's names do not
# mention is asking for something else (产业工人的平均工资 is not 产业工人).
MEASURES = (
    ("工资", "薪酬", "薪资", "wage", "salary", "salaries", "pay"),
    ("人口", "population", "resident"),
    ("产能", "capacity"),
    ("收入", "营收", "revenue", "sales", "income", "turnover"),
    ("税收", "税", "tax"),
    ("gdp", "地区生产总值", "生产总值", "economic output"),
    ("失业", "unemploy"),
    ("利润", "profit", "earning"),
    ("出口", "export"),
    ("进口", "import"),
    ("产值", "output"),
    ("产量", "production volume", "how many vehicles", "年产"),
    ("投资", "investment", "invest"),
    ("增加值", "value added"),
    ("面积", "area", "square metre", "square meter"),
    ("价格", "price"),
    ("融资", "raise funds", "raised funds", "funding round", "ipo", "financing"),
    (
        "合同",
        "contract",
        "deal worth",
        "order worth",
    ),  # bare "worth" also qualifies a project (worth over 100 million)
    ("员工", "职工", "employee", "staff", "people work", "workforce"),
    ("专利", "patent"),
    ("能耗", "energy consumption"),
    ("上市公司", "listed compan"),
    # A project's phase: the whole project's investment does not answer a question about one.
    ("一期", "二期", "三期", "first phase", "second phase", "third phase", "phase i", "phase 2"),
)
# Counting firms: checked only against what a 'how many' question counts (see asked_noun).
FIRM_WORDS = ("企业", "公司", "firm", "enterprise", "compan", "business")


# Measure words that count things (多少家, 几个): the core every count pattern shares.
COUNTERS = "个|家|所|项|位|名|条|台|次|宗"
ASKED_NOUN_ZH = LazyPattern(rf"(?:多少|几)(?:{COUNTERS}|亩|倍|大)?([\u4e00-\u9fff“”]{{2,10}})")
ASKED_NOUN_EN = LazyPattern(
    r"how many ([a-z][a-z' -]{2,40}?)(?= (?:are|is|were|was|did|do|does|have|has|had|in|of|at|for|does|did)\b|[?,.]|$)",
    re.IGNORECASE,
)


ASKED_NOUN_ZH_BEFORE = LazyPattern(rf"([\u4e00-\u9fff“”]{{2,8}})有?(?:多少|几)(?:{COUNTERS})")


def asked_noun(question: str, stripped: str | None = None) -> Counter[str]:
    """Tokens of what a 'how many' question counts: '有几家链主工厂' → 链主工厂, or, said
    before the question word, '…入库企业中,数字化车间有多少家' → 数字化车间. That second
    form is read in `stripped` (the question without the names it mentions), so that
    '钱塘区有多少个…' does not count districts."""
    text = unicodedata.normalize("NFKC", question)
    match = ASKED_NOUN_ZH.search(text) or ASKED_NOUN_EN.search(text)
    if match is None and stripped is not None:
        match = ASKED_NOUN_ZH_BEFORE.search(unicodedata.normalize("NFKC", stripped))
    return tokens(match.group(1)) if match else Counter()


def matched_measures(question: str, names: str) -> int:
    """How many measures the question asks for that the metric's names do mention."""
    q = " " + unicodedata.normalize("NFKC", question).casefold()
    n = " " + unicodedata.normalize("NFKC", names).casefold()
    return sum(1 for words in MEASURES if any(w in q for w in words) and any(w in n for w in words))


def missing_measures(question: str, names: str) -> int:
    """How many measures the question asks for that the metric's names never mention."""
    q = " " + unicodedata.normalize("NFKC", question).casefold()
    n = " " + unicodedata.normalize("NFKC", names).casefold()
    return sum(
        1 for words in MEASURES if any(w in q for w in words) and not any(w in n for w in words)
    )


def _sectors(text: str) -> set[int]:
    folded = " " + unicodedata.normalize("NFKC", text).casefold() + " "
    return {n for n, words in enumerate(SECTORS) if any(w in folded for w in words)}


def sector_conflict(question: str, names: str) -> bool:
    """The question is about one industry and the metric about another."""
    asked, own = _sectors(question), _sectors(names)
    return bool(asked and own and not asked & own)


def sector_unasked(question: str, names: str) -> bool:
    """The metric is about one industry and the question names none: 'how many supply-chain
    firms' is not 'automotive supply-chain firms'."""
    return bool(_sectors(names)) and not _sectors(question)


# Tiers of government, exclusive: a municipal title is not a provincial one.
LEVELS = (
    ("市级", "municipal", "city-level"),
    ("省级", "provincial", "province-level"),
    ("国家级", "national-level", "national "),
)


LEVEL_WORDS = LazyPattern(
    r"国家级|省级|市级|\b(?:national|provincial|municipal)(?:-level)?\b", re.IGNORECASE
)


def without_levels(text: str) -> str:
    """A tier of government qualifies a metric, it is not what the metric measures: in
    matching metric names it is left out, and `level_conflict` keeps tiers apart."""
    return LEVEL_WORDS.sub(" ", text)


# What a 'how many …' question counts in: a unit group the answer must share.
UNIT_GROUPS = {
    "area": ("亩", "万平方米", "平方米", "万亩"),
    "parcels": ("宗",),
    "count": ("家", "个", "项", "所", "台", "条", "位", "名", "人", "万人"),
    "money": ("元", "万元", "亿元", "万亿元", "美元", "亿美元", "万美元"),
}
ASKED_UNIT_ZH = LazyPattern(
    r"多少(万平方米|平方米|万亩|亩|宗|家|个|项|所|台|条|位|名|万人|人|万元|亿元|元|钱)"
)
ASKED_UNIT_EN = (
    (
        "area",
        LazyPattern(
            r"how (?:many|much) (?:mu|hectares?|square (?:metres|meters))\b|\bhow much land\b"
        ),
    ),
    ("parcels", LazyPattern(r"how many (?:land )?(?:parcels|plots)\b")),
    (
        "count",
        LazyPattern(
            r"how many (?:[\w-]+ ){0,4}?(?:firms|companies|enterprises|projects|people|workers|"
            r"universities|institutes|organisations|organizations|factories)\b"
        ),
    ),
    (
        "money",
        LazyPattern(
            r"how much money|how much (?:did|does|has|had|will) .* (?:invest|spend|raise|cost)"
        ),
    ),
)


def asked_unit(question: str) -> str | None:
    """The unit group a question asks in ('多少亩' → area, 'how many firms' → count), or None."""
    text = unicodedata.normalize("NFKC", question).casefold()
    match = ASKED_UNIT_ZH.search(text)
    if match:
        unit = "元" if match.group(1) == "钱" else match.group(1)
        return next(g for g, units in UNIT_GROUPS.items() if unit in units)
    for group, pattern in ASKED_UNIT_EN:
        if pattern.search(text):
            return group
    return None


def unit_group(unit: str) -> str | None:
    return next((g for g, units in UNIT_GROUPS.items() if unit in units), None)


def level_unasked(question: str, names: str) -> bool:
    """The metric counts one tier (省级 smart factories) and the question names none."""
    return bool(LEVEL_WORDS.search(names)) and not LEVEL_WORDS.search(question)


def level_conflict(question: str, names: str) -> bool:
    """The question asks about one tier (市级 future factories) and the metric counts another."""
    q = " " + unicodedata.normalize("NFKC", question).casefold() + " "
    n = " " + unicodedata.normalize("NFKC", names).casefold() + " "
    asked = {i for i, words in enumerate(LEVELS) if any(w in q for w in words)}
    own = {i for i, words in enumerate(LEVELS) if any(w in n for w in words)}
    return bool(asked and own and not asked & own)


def sector_unnamed(question: str, names: str) -> bool:
    """The question is about an industry the metric's names do not mention at all."""
    return bool(_sectors(question)) and not _sectors(names)


def cue_adjustment(asked: set[str], metric_kind: str) -> float:
    """Points to add to a metric's match score given what the query asks for."""
    aspect = KIND_CUE.get(metric_kind)
    if "change" in asked:  # '比去年同期提高了多少' asks for the change, even of a share
        return 20.0 if aspect == "change" else -10.0
    if asked:
        return 8.0 if aspect in asked else -6.0
    return -4.0 if aspect else 0.0
