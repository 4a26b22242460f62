"""The number reader: quantities and dates in Chinese text, in the fact base's own forms.

Tables of (text, expected): written for the reader's principles, with phrasings
from outside the five articles as well as in them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from qtcli.factbase.numbers import cn_value, dates, quantities, status_before, values


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十四", 14),
        ("二十", 20),
        ("一百二十", 120),
        ("三千零五", 3005),
        ("千", 1000),
        ("万", 10000),
        ("一万二千", 12000),
        ("三亿", 300_000_000),
        ("万亿", 10**12),
        ("二〇二二", 2022),
        ("十四五", None),  # the 14th five-year plan: two numbers side by side
        ("三四", None),  # 'three or four'
    ],
)
def test_chinese_numerals(run: str, expected: int | None) -> None:
    assert cn_value(run) == (Decimal(expected) if expected is not None else None)


# (text, [(value, unit, qualifier)]) for the figures worth recording
VALUES = [
    # Arabic numerals, units as the fact base writes them
    ("实现产值2661.28亿元", [(2661.28, "亿元", "exact")]),
    ("占GDP比重达4.43%", [(4.43, "%", "exact")]),
    ("提升4.9个百分点", [(4.9, "个百分点", "exact")]),
    ("较上年提升25个点", [(25, "个点", "exact")]),
    ("人均产出提升5倍", [(5, "倍", "exact")]),
    ("完成3661.21亩土地的整治", [(3661.21, "亩", "exact")]),
    ("新增91万平方米", [(91, "万平方米", "exact")]),
    ("腾出用能49.5万吨", [(49.5, "万吨", "exact")]),
    ("交通时间缩短至30分钟", [(30, "分钟", "exact")]),
    ("钱塘创新指数182.6,位列", [(182.6, "", "exact")]),
    ("总投资约5亿美元", [(5, "亿美元", "about")]),
    ("３０％的企业", [(30, "%", "exact")]),  # full-width digits and percent sign
    # 万/亿 kept in the unit where the fact base keeps them
    ("研发费用超过3500万元", [(3500, "万元", "over")]),
    ("涉及交易金额过千万元", [(1000, "万元", "over")]),
    ("核心产业规模力争达万亿元", [(1, "万亿元", "exact")]),
    ("营收超千亿元", [(1000, "亿元", "over")]),
    ("产值已接近千亿元", [(1000, "亿元", "nearly")]),
    ("拥有25万师生", [(25, "万人", "exact")]),
    ("25万名师生", [(25, "万人", "exact")]),
    ("30万产业工人", [(30, "万人", "exact")]),
    ("每年超5万人的毕业大学生", [(5, "万人", "over")]),
    ("吸纳就业1.2万人", [(1.2, "万人", "exact")]),
    # qualifiers before, inside and after
    ("投资近5亿元", [(5, "亿元", "nearly")]),
    ("将近千家企业", [(1000, "家", "nearly")]),
    ("6300余家企业", [(6300, "家", "over")]),
    ("创业企业千余家", [(1000, "家", "over")]),
    ("10多个部门", [(10, "个", "over")]),
    ("规模均达500亿元左右", [(500, "亿元", "about")]),
    ("汽车产量占全市95%以上。", [(95, "%", "over")]),
    ("不少于10个领军型人才", [(10, "个", "at_least")]),
    ("不超过3个", [(3, "个", "at_most")]),
    ("逾200家", [(200, "家", "over")]),
    ("突破3700亿元", [(3700, "亿元", "over")]),
    ("盘活一上万平方米的闲置厂房", [(1, "万平方米", "over")]),
    ("占全省近一半", [(50, "%", "nearly")]),
    ("过半企业", [(50, "%", "over")]),
    ("近三成", [(30, "%", "nearly")]),
    ("百分之二十", [(20, "%", "exact")]),
    ("三分之一的企业", [(33.3, "%", "exact")]),
    # ranks
    ("连续3年位居全市第2位", [(2, "位", "exact")]),
    ("增幅连续两年居杭州第一位", [(1, "位", "exact")]),
    ("保持全省第二,创新指数", [(2, "位", "exact")]),
    ("位列全省第三、全市第二", [(3, "位", "exact"), (2, "位", "exact")]),
    ("增幅居全省首位", [(1, "位", "exact")]),
    ("跃居全省前三", [(3, "位", "at_most")]),
    ("排名第5名", [(5, "位", "exact")]),
    # counts with measure words, and 'N大'
    ("14所高校", [(14, "所", "exact")]),
    ("847位博士走进258家企业", [(847, "位", "exact"), (258, "家", "exact")]),
    ("118宗地、626家企业", [(118, "宗", "exact"), (626, "家", "exact")]),
    ("“人才新政30条”", [(30, "条", "exact")]),  # Arabic with a measure word, even in quotes
    ("工业机器人应用100余台", [(100, "台", "over")]),
    ("五大主导产业", [(5, "个", "exact")]),
    ("钱塘设有9大产业平台", [(9, "个", "exact")]),
    ("两大国家级IP", [(2, "个", "exact")]),
    ("1个千亿级和3个500亿级产业集群", [(1, "个", "exact"), (3, "个", "exact")]),
    ("共计签约124个,总投资752亿元", [(124, "个", "exact"), (752, "亿元", "exact")]),  # 签约 ≠ 约
    ("德国40人考察团", [(40, "人", "exact")]),
    # ranges
    ("投资10-20亿元", [(10, "亿元", "at_least")]),
]


@pytest.mark.parametrize(("text", "expected"), VALUES)
def test_values(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert [(q.value, q.unit, q.qualifier) for q in values(text)] == expected


def test_a_range_keeps_both_ends() -> None:
    (q,) = values("投资10-20亿元")
    assert (q.value, q.high, q.unit, q.text) == (10, 20, "亿元", "10-20亿元")


def test_printed_forms_keep_qualifier_scope_and_unit() -> None:
    printed = [q.text for q in values("钱塘32家企业榜上有名,位居全市第二,投资近5亿元,500亿元左右")]
    assert printed == ["32家", "全市第二", "近5亿元", "500亿元左右"]


# Numerals that are not figures to record: (text, role of each numeral read)
NOT_VALUES = [
    ("2022 全省制造业高质量发展大会", ["time"]),  # a year in a page header
    ("2024年,钱塘区", ["time"]),
    ("今年1-8月", ["time"]),
    ("近十年来", ["time"]),
    ("5年左右的时间", ["time"]),
    ("去年四季度", ["time"]),
    ("5G基站", ["label"]),
    ("C919大型客机", ["label"]),
    ("“415X”先进制造业集群", ["label"]),
    ("以“515”产业体系为蓝图", ["label"]),
    ("世界500强企业", ["label"]),
    ("千亿级产业集群", []),
    ("500亿级产业集群", ["label"]),
    # which round is a figure (an ordinal); which batch names the batch
    ("第三轮融资", ["value"]),
    ("2022年浙江省第一批", ["time", "label"]),
    ("100亩以上连片地块34宗", ["threshold", "value"]),
    ("200亩以上14宗", ["threshold", "value"]),
    ("紧盯10亿元以上重大制造业投资项目", ["threshold"]),
]


@pytest.mark.parametrize(("text", "roles"), NOT_VALUES)
def test_roles(text: str, roles: list[str]) -> None:
    assert [q.role for q in quantities(text)] == roles


@pytest.mark.parametrize(
    "text",
    [
        "一以贯之按照“一轴两带双心”的空间结构",  # slogans in quotes
        "“三纵三横”的骨干路网让钱开区内部四通八达",
        "为推动“四个全域”、迈步“两个先行”赋能添力",
        "一个平台围绕一个主导产业集群",  # 一 as 'a'
        "一系列无人机反制设备",
        "落地亿元以上重大产业项目",  # 亿元以上: a class of project
        "新落地亿元项目",  # a bare 亿元 is 'of 100 million', unless 达/超/近… reads it as 1 亿元
        "可实现数亿元的年营收",  # vague
        "几千个细小的零部件",
        "一类创新药",
        "二期项目",
        "实现两位数增长",  # an interpretation, not a number
        "实现数字化改造全覆盖",
        "制造业高质量发展指数持续领跑全省",
        "人才是第一资源",
    ],
)
def test_words_that_are_not_figures(text: str) -> None:
    assert values(text) == []


@pytest.mark.parametrize(
    ("before", "status"),
    [
        ("到2025年,杭州要力争生物医药产业生态圈规模超", "target"),
        ("预计建成后地面将新增超", "forecast"),
        ("临空经济示范区计划今年腾出产业空间", "plan"),
        ("杭州市本级每年提取土地出让收入的", "recurring"),
        ("预计到2035年,“中国视谷”将全面建成,核心产业规模力争达", "target"),  # the nearest cue
        ("2021年,钱塘区实施“新制造业计划”,落地", "actual"),  # a cue in quotes is a name
        ("全区制造业投资完成", "actual"),
    ],
)
def test_status_before(before: str, status: str) -> None:
    assert status_before(before) == status


# (text, article year, [(kind, year, period)])
DATES = [
    ("去年全社会研发经费投入", 2022, [("date", 2021, None)]),
    ("今年1-8月,全区制造业投资", 2022, [("date", 2022, "2022-01/2022-08")]),
    ("1-8月,全区新增技改备案项目", 2022, [("date", None, "2022-01/2022-08")]),
    ("今年一季度,杭州全市", 2023, [("date", 2023, "2023-Q1")]),
    ("去年11月,德国考察团到访", 2025, [("date", 2024, "2024-11")]),
    ("前三季度", 2022, [("date", None, "2022-01/2022-09")]),
    ("3年来,钱开区已成功引进", 2022, [("span", 2022, "2019/2022"), ("held", 2022, None)]),
    ("近三年", 2022, [("span", 2022, "2019/2022")]),
    ("连续3年位居全市第2位", 2022, [("streak", None, None)]),
    ("截至目前,钱塘区", 2022, [("now", 2022, None)]),
    ("较去年同期增加", 2022, [("compare", 2021, None)]),
    ("比上年同期增长", 2022, [("compare", 2021, None)]),
    ("二〇二一年", 2022, [("date", 2021, None)]),
    ("《2022年工业互联网APP优秀解决方案名单》", 2023, []),  # a year in a title
    ("(2021—2035年)", 2025, [("span", 2035, "2021/2035")]),
    ("回想10年前初次踏上", 2022, [("ago", 2012, None)]),
]


@pytest.mark.parametrize(("text", "year", "expected"), DATES)
def test_dates(text: str, year: int, expected: list[tuple[str, int | None, str | None]]) -> None:
    found = dates(text, year)
    assert [(w.kind, w.year, w.period(year)) for w in found] == expected
