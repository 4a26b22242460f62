"""The drafter's rules for time, status and subject, each on sentences written for it.

None of these sentences is from the five articles: each states one principle of
`draft/propose.py` or `draft/suggest.py` in words of its own.
"""

from __future__ import annotations

from typing import Any

import pytest

from qtcli.draft.propose import Proposal, draft


def figure(store: Any, text: str, printed: str, year: int = 2022) -> list[Proposal]:
    found = list(draft(store, text, "zhizao-2022", year, None).observations)
    chosen = [p for p in found if (p.printed or f"{p.value}{p.unit}") == printed]
    assert chosen, [(p.printed, p.value, p.unit) for p in found]
    return chosen


@pytest.mark.parametrize(
    ("text", "printed", "expected"),
    [
        # a count or rank without a date is a stock, as the article found it
        ("钱塘区高校14所,居全省第三。", "14所", (2022, None, "actual")),
        ("钱塘区高校14所,居全省第三。", "全省第三", (2022, None, "actual")),
        # an amount without a date cannot be dated
        ("中策橡胶总投资约8亿元。", "约8亿元", (None, None, "actual")),
        # a plan or forecast is dated by its own clause or the future year it aims at
        ("今年上半年项目投产,预计吸引人才200名。", "200名", (None, None, "forecast")),
        ("到2030年,钱塘区力争集聚企业2000家。", "2000家", (2030, None, "target")),
        ("杭州计划今年新增用地300亩。", "300亩", (2022, None, "plan")),
        # every year: no year unless its clause names one
        ("2021年起,杭州每年新增用地300亩。", "300亩", (None, None, "recurring")),
        # a date after 较/比 is the base of a comparison
        ("钱塘区营收较去年增长12%。", "12%", (None, None, "actual")),
        # the paragraph's last date carries to later sentences
        ("2021年,钱塘区新增企业50家。其中,制造业营收增长8%。", "8%", (2021, None, "actual")),
        # …but not from one parallel item to the next, unless it opens the series
        ("在萧山,去年投资20亿元;在余杭,投资15亿元。", "15亿元", (None, None, "actual")),
        ("2021年,萧山投资20亿元;余杭投资15亿元。", "15亿元", (2021, None, "actual")),
        # a month range or quarter is a period in the year its context gives
        ("2021年,钱塘区一季度投资5亿元。", "5亿元", (2021, "2021-Q1", "actual")),
        ("1-6月,钱塘区投资12亿元。", "12亿元", (2022, "2022-01/2022-06", "actual")),
        ("近三年,钱塘区累计投资300亿元。", "300亿元", (2022, "2019/2022", "actual")),
        # '10年前' sets a scene; it dates its own sentence only
        ("10年前这里年产值8亿元。产业用地增长50%。", "50%", (None, None, "actual")),
        ("10年前这里年产值8亿元。如今产业用地增长50%。", "50%", (2022, None, "actual")),
    ],
)
def test_time_and_status(store: Any, text: str, printed: str, expected: tuple[Any, ...]) -> None:
    (p,) = figure(store, text, printed)
    assert (p.year, p.period, p.status) == expected


def test_a_streak_is_one_figure_per_year(store: Any) -> None:
    found = figure(store, "2021年,钱塘区研发强度连续3年位居全市第2位。", "全市第2位")
    assert [(p.year, p.period) for p in found] == [(2019, None), (2020, None), (2021, None)]


def test_a_range_is_two_figures(store: Any) -> None:
    found = list(draft(store, "中策橡胶计划投资10-20亿元。", "s", 2022, None).observations)
    assert [(p.value, p.qualifier) for p in found] == [(10, "at_least"), (20, "at_most")]


@pytest.mark.parametrize(
    ("text", "printed", "subject"),
    [
        # the topic of the figure's clause
        ("中策橡胶营收增长12%。", "12%", "zhongce-rubber"),
        # names listed before 等, or right before the figure, are what is counted
        ("松下、中策橡胶等12家企业落户钱塘区。", "12家", "qiantang"),
        ("杭州综合保税区和中国医药港两大平台位于钱塘区。", "两大", "qiantang"),
        # a place before a rank is its scope
        ("研发强度居杭州第2位,钱塘区表现突出。", "第2位", "qiantang"),
        # 全区 as the whole a share is taken of
        ("全区20%的税收来自自贸试验区钱塘区块。", "20%", "ftz-qiantang"),
        # the figure describes the entity after 的
        ("钱塘区设立总规模50亿元的中国医药港基金。", "50亿元", "china-medicine-port"),
        # the topic of the sentence before, not its last name
        ("钱塘区成立钱塘科学城。其中,创业企业达1000余家。", "1000余家", "qiantang"),
        # a place after 在, and a name after 其中, count less
        ("在萧山,中策橡胶投资8亿元。", "8亿元", "zhongce-rubber"),
    ],
)
def test_subject(store: Any, text: str, printed: str, subject: str) -> None:
    (p,) = figure(store, text, printed)
    assert p.subject == subject, p.subjects
