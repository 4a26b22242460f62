"""The number reader: quantities and dates in Chinese text, in the fact base's own forms.

One reader serves `qt check` (every stored value proven from its printed form)
and `qt draft` (every quantity of a new article proposed for review). It reads

- numerals: Arabic (2661.28) and Chinese (千, 两, 一百二十, 二〇二二), with 万/亿
  kept in the unit where the fact base keeps them (5亿元 is 5 '亿元', 千万元 is
  1000 '万元', 万亿元 is 1 '万亿元', 25万师生 is 25 '万人');
- units as `present/wording.py` UNITS names them (%, 个百分点, 家, 位 …), a
  measure word for counts, and 'N大' (五大主导产业) as a count of 个;
- qualifiers as `model.QUALIFIERS` names them: 近/接近 nearly, 超/逾/余/多/以上/突破
  over, 约/左右 about, 不少于 at_least, 不超过 at_most;
- ranks (第2位, 全省第二, 首位 → 1 位; 前三 → at most 3 位), shares in words
  (一半 → 50 %, 三成 → 30 %, 百分之二十 → 20 %) and ranges (10-20亿元: at least
  10 and at most 20 亿元, two figures in the fact base's schema);
- dates (2022年, 今年1-8月, 一季度, 去年11月, 近三年, 连续3年, 截至目前 …)
  resolved against the article's year.

Every quantity says what `role` it plays: a `value` worth recording, a `time`
(2022年, 3年来), a `threshold` (100亩以上连片地块 classifies plots, it is not a
figure) or a `label` (5G, C919, 500强, 千亿级, slogans in quotes such as
“一轴两带双心”). Words that need interpreting rather than reading (两位数增长,
全覆盖, 领跑) are not read: the fact base marks such values as readings.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from qtcli.records import record

# ------------------------------------------------------------------ vocabulary
DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL) + "".join(BIG)
CORE_RE = re.compile(rf"\d+(?:\.\d+)?|[{CN_CHARS}]+")
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

# Written unit → (unit as the fact base writes it, kind of figure). Longest first at lookup.
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "万亿元": ("万亿元", "amount"),
    "亿元": ("亿元", "amount"),
    "万元": ("万元", "amount"),
    "元": ("元", "amount"),
    "亿美元": ("亿美元", "amount"),
    "万美元": ("万美元", "amount"),
    "美元": ("美元", "amount"),
    "%": ("%", "share"),
    "个百分点": ("个百分点", "change"),
    "百分点": ("个百分点", "change"),
    "个点": ("个点", "change"),
    "倍": ("倍", "multiple"),
    "万平方米": ("万平方米", "area"),
    "万平米": ("万平方米", "area"),
    "平方米": ("平方米", "area"),
    "平米": ("平方米", "area"),
    "平方公里": ("平方公里", "area"),
    "万亩": ("万亩", "area"),
    "亩": ("亩", "area"),
    "公顷": ("公顷", "area"),
    "万吨": ("万吨", "amount"),
    "吨": ("吨", "amount"),
    "万人": ("万人", "count"),
    "万名": ("万人", "count"),
    "分钟": ("分钟", "duration"),
    "小时": ("小时", "duration"),
    "天": ("天", "duration"),
    # Measure words: counts. Those in wording.UNITS keep their word; others are kept too,
    # and `qt check` asks the curator to choose a known unit.
    **{
        word: (word, "count")
        for word in "家个项所位名人台条宗批件座栋户辆架套款种次场支颗例笔份组张"
    },
    # Units of time: a date or a span, never a value to record.
    "年度": ("年", "time"),
    "周年": ("年", "time"),
    "年": ("年", "time"),
    "个月": ("月", "time"),
    "月": ("月", "time"),
    "个季度": ("季度", "time"),
    "季度": ("季度", "time"),
    "日": ("日", "time"),
    "号": ("号", "label"),
}
UNIT_ORDER = sorted(UNIT_WORDS, key=len, reverse=True)
PERSON_NOUNS: tuple[str, ...] = (
    "人",
    "名",
    "师生",
    "学生",
    "工人",
    "人才",
    "博士",
    "员工",
    "职工",
    "居民",
)
PERSON_NOUNS += ("人口", "游客", "毕业生", "大学生", "教师", "专家", "院士", "农民")

# Qualifier words, longest first. '上' counts only before 十/百/千/万/亿 (上万平方米).
PREFIX_QUALIFIERS = (
    ("不少于", "at_least"),
    ("不低于", "at_least"),
    ("至少", "at_least"),
    ("不超过", "at_most"),
    ("不高于", "at_most"),
    ("不足", "at_most"),
    ("至多", "at_most"),
    ("最多", "at_most"),
    ("超过", "over"),
    ("突破", "over"),
    ("高于", "over"),
    ("多于", "over"),
    ("大于", "over"),
    ("接近", "nearly"),
    ("将近", "nearly"),
    ("逼近", "nearly"),
    ("大约", "about"),
    ("约合", "about"),
    ("近", "nearly"),
    ("超", "over"),
    ("逾", "over"),
    ("过", "over"),
    ("破", "over"),
    ("约", "about"),
    ("上", "over"),
)
# Words that end in a qualifier's character without being one: 签约 is 'sign', not 'about'.
NOT_QUALIFIERS: tuple[str, ...] = (
    "签约",
    "节约",
    "制约",
    "合约",
    "预约",
    "公约",
    "履约",
    "附近",
    "最近",
    "赶超",
)
NOT_QUALIFIERS += ("高超", "经过", "通过", "打破", "爆破", "线上", "向上", "马上", "之上", "北上")
NOT_QUALIFIERS += ("走上", "登上", "加上", "再上", "以上", "路过", "度过", "错过", "难过")
INNER_QUALIFIERS = {"余": "over", "多": "over"}  # between the numeral and its unit: 千余家
SUFFIX_QUALIFIERS = (
    ("有余", "over"),
    ("以上", "over"),
    ("之上", "over"),
    ("以下", "at_most"),
    ("以内", "at_most"),
    ("左右", "about"),
    ("上下", "about"),
)
# Before a bare multiplier (达万亿元, 超千亿元), so that 亿元以上 alone is not read as 1 亿元.
BARE_MULTIPLIER_AFTER = "达到为至超近过破约上逾"
# What follows a numeral that makes it part of a name or a class, not a value.
# Units of a series whose place is itself a figure (the third funding round), unlike a batch
# or a session, whose number names it (第一批, 第二届).
SERIES_UNITS = ("轮",)
LABEL_AFTER = ("级", "强", "后", "型", "代", "届", "期", "轮", "类", "版", "路", "楼", "层", "线")
RANK_SCOPES = ("全省", "全市", "全国", "全区", "全球", "全县", "省内", "市内", "国内", "区内")
RANK_VERBS = ("居", "位列", "名列", "列", "排名", "排", "保持", "跻身", "进入", "入围", "跃升至")
RANGE_SEPARATORS = "-—–~至到"
STATUS_CUES = (
    ("预计", "forecast"),
    ("预期", "forecast"),
    ("有望", "forecast"),
    ("力争", "target"),
    ("争取", "target"),
    ("目标", "target"),
    ("确保", "target"),
    ("下一步", "target"),
    ("计划", "plan"),
    ("每年", "recurring"),
)


@record
class Quantity:
    """One number read from a text, with what it measures and how it is qualified."""

    value: int | float
    unit: str  # as the fact base writes units: '亿元', '%', '家', '位', '' …
    qualifier: str = "exact"
    kind: str = "count"  # amount, count, share, change, rank, multiple, area, duration, index, time
    role: str = "value"  # value, time, threshold or label
    start: int = 0
    end: int = 0
    text: str = ""  # as printed: qualifier, numeral and unit ('近5亿元', '全省第二')
    # A range ('10-20亿元') is at least `value` (qualifier at_least) and at most `high`.
    high: int | float | None = None


def _number(d: Decimal) -> int | float:
    """A Decimal as the int or float a fact file would hold (no binary noise: 4.43, not 4.4300001)."""
    if d == d.to_integral_value():
        return int(d)
    return float(str(d.normalize()))


def cn_value(run: str) -> Decimal | None:
    """A run of Chinese numerals as a number: 一百二十 → 120, 千 → 1000, 二〇二二 → 2022.

    None when the run is not one number: 十四五 ('the 14th five-year plan') and 三四
    ('three or four') are two numbers side by side."""
    if all(c in DIGITS for c in run):
        if len(run) == 1:
            return Decimal(DIGITS[run])
        if len(run) >= 3 or any(c in "〇零" for c in run):
            return Decimal("".join(str(DIGITS[c]) for c in run))
        return None
    total, section, digit = Decimal(0), Decimal(0), None
    for char in run:
        if char in "〇零":
            digit = None
        elif char in DIGITS:
            if digit is not None:
                return None
            digit = Decimal(DIGITS[char])
        elif char in SMALL:
            section += (Decimal(1) if digit is None else digit) * SMALL[char]
            digit = None
        else:  # 万 or 亿 multiplies everything before it
            before = total + section + (digit or 0)
            total, section, digit = (before or Decimal(1)) * BIG[char], Decimal(0), None
    return total + section + (digit or 0)


def _quoted(text: str, pos: int) -> bool:
    """Inside “…” or 《…》: a slogan, a name or a title, whose numerals are labels."""
    before = text[:pos]
    opens = before.count("“") + before.count("《")
    closes = before.count("”") + before.count("》")
    return opens > closes


def _unit_at(text: str, pos: int, carried: str) -> tuple[str, int] | None:
    """The longest unit word at `pos`, possibly starting with multipliers carried from the
    numeral (万 of 25万元): (written unit, characters of text consumed)."""
    ahead = carried + text[pos : pos + 6]
    for word in _UNITS_BY_FIRST.get(ahead[:1], ()):
        if ahead.startswith(word) and len(word) > len(carried):
            if word == "位" and text[pos + 1 : pos + 2] == "数":
                return None  # 两位数: 'two-digit', not two people
            return word, len(word) - len(carried)
    return None


# The same lists by the character a word ends with (a qualifier, read backwards from a
# numeral) or starts with (a unit), in their order: a text is read without trying them all.
_PREFIX_BY_LAST: dict[str, list[tuple[str, str]]] = {}
for _word, _qualifier in PREFIX_QUALIFIERS:
    _PREFIX_BY_LAST.setdefault(_word[-1], []).append((_word, _qualifier))
_UNITS_BY_FIRST: dict[str, list[str]] = {}
for _word in UNIT_ORDER:
    _UNITS_BY_FIRST.setdefault(_word[0], []).append(_word)


class _Reader:
    """Reads the quantities of one text; `read` walks its numerals left to right."""

    def __init__(self, text: str) -> None:
        self.raw = text
        self.text = text.translate(FULL_WIDTH)
        self.out: list[Quantity] = []
        self.consumed = 0

    def read(self) -> list[Quantity]:
        for match in CORE_RE.finditer(self.text):
            if match.start() < self.consumed:
                continue
            self._numeral(match.start(), match.end())
        self._words()
        return sorted(self.out, key=lambda q: q.start)

    # ---------------------------------------------------------- one numeral
    def _numeral(self, start: int, end: int) -> None:
        t = self.text
        arabic = t[start].isdigit()
        if arabic and (_latin(t, start - 1) or _latin(t, end)):
            self._label(start, end)  # 5G, C919, 415X
            return
        if not arabic and start > 0 and t[start - 1] in "数几":
            return  # 数亿元, 几千个: vague
        if t[start - 1 : start] == "第":
            self._ordinal(start, end)
            return
        if t[start - 1 : start] == "前" and self._ranked(start - 1):
            self._top(start, end)
            return
        if t[start - 3 : start] == "百分之" or t[start - 2 : start] == "分之":
            self._fraction(start, end)
            return
        if arabic:
            mult_end = end
            while mult_end < len(t) and t[mult_end] in "千万亿":
                mult_end += 1
            digits, carried = t[start:end], t[end:mult_end]
            self._measure(start, digits, carried, mult_end, arabic=True)
            return
        run = t[start:end]
        cut = len(run)
        while cut > 0 and run[cut - 1] in BIG:
            cut -= 1
        self._measure(start, run[:cut], run[cut:], end, arabic=False)

    def _measure(self, start: int, digits: str, carried: str, pos: int, arabic: bool) -> None:
        """A numeral (digits) and the multipliers after it (carried): find its unit."""
        t = self.text
        qualifier, qstart = self._prefix(start)
        inner = INNER_QUALIFIERS.get(t[pos : pos + 1]) if pos < len(t) else None
        after_inner = pos + 1 if inner else pos
        if inner and t[pos] == "多" and not _unit_at(t, after_inner, carried):
            inner, after_inner = None, pos  # 十多 needs a unit after it; 多 alone is 'many'
        # The unit may begin with the numeral's own multipliers (万元, 万亿元): try longest.
        unit = None
        for keep in range(len(carried), -1, -1):
            found = _unit_at(t, after_inner, carried[len(carried) - keep :])
            if found:
                unit = (found[0], found[1], carried[: len(carried) - keep])
                break
        if unit is None:
            self._unitless(start, qstart, qualifier, digits, carried, after_inner, arabic, inner)
            return
        word, consumed, multipliers = unit
        end = after_inner + consumed
        value = self._value(digits, multipliers, arabic)
        if value is None:
            return
        if not digits and not multipliers and not carried:
            return
        if not digits and multipliers == "" and not self._bare_ok(qstart, qualifier):
            return  # 亿元以上重大产业项目: a class of project, not a figure
        unit_name, kind = UNIT_WORDS[word]
        if not arabic and kind != "time" and _quoted(t, start):
            return  # “四个全域”: a slogan
        if not arabic and digits in ("〇", "零") and not carried:
            return  # 零件, 零碳: words, not a count of nothing
        if not arabic and digits == "一" and kind == "count" and not carried:
            return  # 一个平台, 一批, 一家企业: the indefinite article, not a count of one
        self._emit(start, qstart, end, value, unit_name, kind, qualifier or inner)

    def _unitless(
        self,
        start: int,
        qstart: int,
        qualifier: str | None,
        digits: str,
        carried: str,
        pos: int,
        arabic: bool,
        inner: str | None,
    ) -> None:
        t = self.text
        nxt = t[pos : pos + 1]
        if nxt == "大" and pos + 1 < len(t) and _cjk(t[pos + 1]) and not carried:
            value = self._value(digits, "", arabic)
            if value is not None and not _quoted(t, start):
                self._emit(start, qstart, pos + 1, value, "个", "count", qualifier)  # 五大主导产业
            return
        if nxt == "成" and digits and digits != "一" and not carried:
            value = self._value(digits, "", arabic)
            if value is not None:
                self._emit(start, qstart, pos + 1, value * 10, "%", "share", qualifier)  # 三成
            return
        if carried == "万" and self._people_follow(pos):
            value = self._value(digits, "", arabic)
            if value is not None:
                self._emit(start, qstart, pos, value, "万人", "count", qualifier or inner)
            return
        if t.startswith(LABEL_AFTER, pos) or _quoted(t, start) or not arabic:
            if arabic:
                self._label(start, pos)
            return  # bare Chinese numerals are words (一体化, 三纵三横), not figures
        value = self._value(digits, carried, arabic)
        if value is None:
            return
        if not carried and not qualifier and 1900 <= value <= 2100 and "." not in digits:
            self._emit(start, start, pos, value, "年", "time", None, role="time")  # 2022 全省…
            return
        self._emit(start, qstart, pos, value, "", "index", qualifier or inner)  # 创新指数182.6

    def _people_follow(self, pos: int) -> bool:
        ahead = re.split(r"[，,。；;、：:！？!?（()）]", self.text[pos : pos + 8])[0]
        return any(noun in ahead for noun in PERSON_NOUNS)

    def _value(self, digits: str, multipliers: str, arabic: bool) -> Decimal | None:
        try:
            base = Decimal(digits) if arabic else (cn_value(digits) if digits else Decimal(1))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            return None
        if base is None:
            return None
        for char in multipliers:
            base *= SMALL.get(char) or BIG[char]
        return base

    def _prefix(self, start: int) -> tuple[str | None, int]:
        """The qualifier word just before a numeral, and where the printed form starts."""
        t = self.text
        if start == 0:
            return None, start
        for word, qualifier in _PREFIX_BY_LAST.get(t[start - 1], ()):
            if t[max(0, start - len(word)) : start] == word:
                if word == "上" and t[start] not in "十百千万亿":
                    return None, start
                if len(word) == 1 and t[max(0, start - 2) : start] in NOT_QUALIFIERS:
                    return None, start
                return qualifier, start - len(word)
        return None, start

    def _bare_ok(self, qstart: int, qualifier: str | None) -> bool:
        """A bare multiplier (万亿元) is a figure after a qualifier or 达/为…, or standing alone
        at the start of the text (a printed form such as '万亿元')."""
        if qualifier is not None or qstart == 0:
            return True
        return self.text[qstart - 1] in BARE_MULTIPLIER_AFTER

    def _emit(
        self,
        start: int,
        qstart: int,
        end: int,
        value: Decimal,
        unit: str,
        kind: str,
        qualifier: str | None,
        role: str = "value",
    ) -> None:
        suffix = self._suffix(end)
        if suffix:
            word, suffixed = suffix
            end += len(word)
            if kind != "time" and self._threshold(end, word):
                role = "threshold"  # 100亩以上连片地块: a class, not a figure
            qualifier = qualifier or suffixed
        if kind in ("time", "label") and role == "value":
            role = kind
        self.consumed = end
        self.out.append(
            Quantity(
                value=_number(value),
                unit=unit,
                qualifier=qualifier or "exact",
                kind=kind,
                role=role,
                start=qstart,
                end=end,
                text=self.raw[qstart:end],
            )
        )

    def _suffix(self, end: int) -> tuple[str, str] | None:
        for word, qualifier in SUFFIX_QUALIFIERS:
            if self.text.startswith(word, end):
                return word, qualifier
        return None

    def _threshold(self, end: int, word: str) -> bool:
        """'以上' followed by what it classifies (连片地块, or the count of them) marks a class."""
        nxt = self.text[end : end + 1]
        return word in ("以上", "以下", "以内") and bool(nxt) and (_cjk(nxt) or nxt.isdigit())

    def _label(self, start: int, end: int) -> None:
        self.consumed = end
        digits = re.search(r"\d+(?:\.\d+)?", self.text[start:end])
        value = _number(Decimal(digits.group())) if digits else 0
        self.out.append(
            Quantity(value, "", "exact", "label", "label", start, end, self.raw[start:end])
        )

    # ---------------------------------------------------------- ranks and shares
    def _ranked(self, pos: int) -> bool:
        """A rank is introduced by a scope (全省) or a ranking verb (位居, 排名) just before."""
        before = self.text[max(0, pos - 4) : pos]
        return before.endswith(RANK_SCOPES) or any(verb in before for verb in RANK_VERBS)

    def _ordinal(self, start: int, end: int) -> None:
        t = self.text
        run = t[start:end]
        value = Decimal(run) if run[0].isdigit() else cn_value(run)
        if value is None:
            return
        scope_start = start - 1
        for scope in RANK_SCOPES:
            if t[max(0, scope_start - len(scope)) : scope_start] == scope:
                scope_start -= len(scope)
                break
        if t[end : end + 1] in ("位", "名"):
            self._rank(scope_start, end + 1, value, "exact")
        elif self._ranked(start - 1) and not _cjk(t[end : end + 1]):
            self._rank(scope_start, end, value, "exact")  # 居全省第一。
        elif t[end : end + 1] in SERIES_UNITS:  # 第三轮融资: which round, a figure
            self.consumed = end + 1
            self.out.append(
                Quantity(
                    _number(value),
                    t[end],
                    "exact",
                    "ordinal",
                    "value",
                    start - 1,
                    end + 1,
                    self.raw[start - 1 : end + 1],
                )
            )
        else:
            self._label(start - 1, end)  # 第一批, 第二届: the number names it, not a rank

    def _top(self, start: int, end: int) -> None:
        t = self.text
        run = t[start:end]
        value = Decimal(run) if run[0].isdigit() else cn_value(run)
        if value is None or t.startswith(("季度", "年", "个月", "月"), end):
            return
        stop = end + 1 if t[end : end + 1] in ("位", "名") else end
        self._rank(start - 1, stop, value, "at_most")  # 跃居全省前三: in the top three

    def _rank(self, start: int, end: int, value: Decimal, qualifier: str) -> None:
        self.consumed = end
        self.out.append(
            Quantity(
                _number(value), "位", qualifier, "rank", "value", start, end, self.raw[start:end]
            )
        )

    def _fraction(self, start: int, end: int) -> None:
        t = self.text
        run = t[start:end]
        value = Decimal(run) if run[0].isdigit() else cn_value(run)
        if value is None:
            return
        if t[start - 3 : start] == "百分之":
            begin, share = start - 3, value
        else:
            denominator_end = start - 2
            denominator_start = denominator_end
            while denominator_start > 0 and t[denominator_start - 1] in CN_CHARS:
                denominator_start -= 1
            whole = cn_value(t[denominator_start:denominator_end])
            if not whole:
                return
            begin, share = denominator_start, (value * 100 / whole).quantize(Decimal("0.1"))
        qualifier, qstart = self._prefix(begin)
        self._emit(begin, qstart, end, share, "%", "share", qualifier)

    def _words(self) -> None:
        """Shares and ranks written as words: 一半/半数/过半 (50 %), 首位 (rank 1)."""
        t = self.text
        taken = [(q.start, q.end) for q in self.out]
        for match in re.finditer(r"一半|半数|过半|首位", t):
            s, e = match.start(), match.end()
            if any(a < e and s < b for a, b in taken):
                continue
            if match.group() == "首位":
                if self._ranked(s):
                    scope = next((x for x in RANK_SCOPES if t[max(0, s - len(x)) : s] == x), "")
                    self.out.append(
                        Quantity(
                            1,
                            "位",
                            "exact",
                            "rank",
                            "value",
                            s - len(scope),
                            e,
                            self.raw[s - len(scope) : e],
                        )
                    )
                continue
            qualifier, qstart = self._prefix(s)
            if match.group() == "过半":
                qualifier, qstart = "over", s
            self.out.append(
                Quantity(
                    50, "%", qualifier or "exact", "share", "value", qstart, e, self.raw[qstart:e]
                )
            )


def _latin(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and text[pos].isascii() and text[pos].isalpha()


def _cjk(char: str) -> bool:
    return len(char) == 1 and "\u4e00" <= char <= "\u9fff"


def _mark_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """Join 'A-B unit' into one quantity from A to B (the first numeral was read bare)."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "index"
            and prev.unit == ""
            and prev.qualifier == "exact"
            and q.role in ("value", "time")
            and q.qualifier == "exact"
            and q.start == prev.end + 1
            and text[prev.end] in RANGE_SEPARATORS
        ):
            out[-1] = Quantity(
                prev.value,
                q.unit,
                "at_least" if q.role == "value" else "exact",
                q.kind,
                q.role,
                prev.start,
                q.end,
                text[prev.start : q.end],
                high=q.value,
            )
            continue
        out.append(q)
    return out


def quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order, each with its role (value, time, threshold, label)."""
    return _mark_ranges(text, _Reader(text).read())


def values(text: str) -> list[Quantity]:
    """The quantities of `text` worth recording as figures."""
    return [q for q in quantities(text) if q.role == "value"]


def status_before(text: str) -> str:
    """The status a figure has given the words before it in its sentence (the nearest cue):
    力争 → target, 预计 → forecast, 计划 → plan, 每年 → recurring; else actual. A cue
    inside quotation marks is a name (“新制造业计划”), not a cue."""
    best, status = -1, "actual"
    for word, cue in STATUS_CUES:
        for match in re.finditer(word, text):
            if match.start() > best and not _quoted(text, match.start()):
                best, status = match.start(), cue
    return status


# ---------------------------------------------------------------------- dates
@record
class When:
    """A date or span in a text, as far as the text resolves it.

    `year` None means 'the year of its context' (a bare 1-8月). `kind`: date (a year,
    month, month range or quarter), span (近三年: up to `year`, over `years`), streak
    (连续3年: each of `years` years up to the context's), ago (10年前), now (截至目前), held (已, 拥有:
    a stock counted when written, weaker than any date), compare (较去年: the base of a
    comparison, not the figure's time), horizon (5年内: a future window)."""

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    months: tuple[int, int] | None = None
    quarter: int | None = None
    years: int = 0

    def period(self, year: int | None) -> str | None:
        """The period as observations write it, given the year it falls in."""
        y = self.year if self.year is not None else year
        if y is None:
            return None
        if self.quarter:
            return f"{y}-Q{self.quarter}"
        if self.months:
            first, last = self.months
            return f"{y}-{first:02d}" if first == last else f"{y}-{first:02d}/{y}-{last:02d}"
        if self.kind == "span":
            return f"{y - self.years}/{y}"
        return None


_N = r"(\d{1,4}|[〇零一二两三四五六七八九十]{1,4})"
_YEAR = r"(\d{4}|[〇零一二三四五六七八九]{4})年(?:度)?"
_REL = r"(今年|去年|前年|明年|当年|本年度|上年|上一年)"
DATE_RE = re.compile(
    "|".join(
        (
            rf"(?P<yrange>(\d{{4}})年?[{RANGE_SEPARATORS}](\d{{4}})年)",
            rf"(?P<streak>连续{_N}年)",
            rf"(?P<span>(?:近|过去|最近){_N}年(?:来|里|间|以来)?|{_N}年(?:来|里|以来))",
            rf"(?P<ago>{_N}年前)",
            rf"(?P<horizon>(?:未来){_N}年|{_N}年(?:内|之内))",
            rf"(?P<date>(?:{_YEAR}|{_REL})?(?:(?:第)?([一二三四1-4])季度|(前三季度|上半年|下半年)"
            rf"|{_N}[{RANGE_SEPARATORS}]{_N}月(?:份)?|{_N}月(?:份)?(?!\d))|{_YEAR}|{_REL})",
            r"(?P<now>截至目前|截至当前|截至今年|目前|当前|现阶段|如今|至今|迄今|今年以来)",
            r"(?P<held>已经|已|累计|拥有|坐拥|集聚|聚集|汇聚|设有|建有|现有|共有)",
        )
    )
)
_RELATIVE = {"今年": 0, "当年": 0, "本年度": 0, "去年": -1, "上年": -1, "上一年": -1}
_RELATIVE.update({"前年": -2, "明年": 1})
_HALVES = {"前三季度": (1, 9), "上半年": (1, 6), "下半年": (7, 12)}
_COMPARE = ("较", "比", "同比", "环比", "相比", "与")


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = cn_value(text)
    return int(value) if value is not None else None


def dates(text: str, year: int | None, month: int | None = None) -> list[When]:
    """Every date, span and time cue in `text`, resolved against the article's `year`
    (and `month`, when known): 去年 in a 2022 article is 2021, 近三年 is 2019/2022."""
    out = []
    for m in DATE_RE.finditer(text.translate(FULL_WIDTH)):
        before = text[: m.start()]
        if before.count("《") > before.count("》"):
            continue  # a year in a title (《2022年…名单》) dates the title, not a figure
        when = _when(m, year, month)
        if when is None:
            continue
        before = text[max(0, m.start() - 2) : m.start()]
        if when.kind == "date" and before.endswith(_COMPARE):
            when = When(when.start, when.end, when.text, "compare", when.year)
        out.append(when)
    return out


def _when(m: re.Match[str], year: int | None, month: int | None) -> When | None:
    s, e, text = m.start(), m.end(), m.group()
    g = m.groupdict()
    if g["yrange"]:
        low, high = int(m.group(2)), int(m.group(3))
        return When(s, e, text, "span", high, years=high - low) if low < high else None
    if g["now"]:
        return When(s, e, text, "now", year)
    if g["held"]:
        return When(s, e, text, "held", year)
    for kind in ("streak", "span", "ago", "horizon"):
        if g[kind]:
            n = _int(next(x for x in m.groups()[_FIRST[kind] :] if x))
            if n is None or n > 100:
                return None
            if kind == "ago":
                return When(s, e, text, "ago", None if year is None else year - n)
            return When(s, e, text, kind, None if kind == "streak" else year, years=n)
    return _date(m, s, e, text, year)


def _date(m: re.Match[str], s: int, e: int, text: str, year: int | None) -> When | None:
    explicit = re.match(r"(\d{4}|[〇零一二三四五六七八九]{4})年", text)
    relative = next((w for w in _RELATIVE if text.startswith(w)), None)
    y: int | None = None
    if explicit:
        y = _int(explicit.group(1))
    elif relative is not None and year is not None:
        y = year + _RELATIVE[relative]
    rest = text[explicit.end() :] if explicit else text[len(relative) :] if relative else text
    rest = rest.lstrip("度")
    if not rest:
        return When(s, e, text, "date", y)
    quarter = re.fullmatch(r"第?([一二三四1-4])季度", rest)
    if quarter:
        return When(s, e, text, "date", y, quarter=_int(quarter.group(1)))
    if rest in _HALVES:
        return When(s, e, text, "date", y, months=_HALVES[rest])
    months = re.fullmatch(rf"{_N}(?:[{RANGE_SEPARATORS}]{_N})?月(?:份)?", rest)
    if months:
        first = _int(months.group(1))
        last = _int(months.group(2)) if months.group(2) else first
        if first is None or last is None or not 1 <= first <= last <= 12:
            return None
        return When(s, e, text, "date", y, months=(first, last))
    return None


# Index of each alternative's first numeral group in DATE_RE's groups (computed once).
_FIRST: dict[str, int] = {}
for _name in ("streak", "span", "ago", "horizon"):
    _FIRST[_name] = DATE_RE.groupindex[_name]
