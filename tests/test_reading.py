"""Reading what is asked: `qt ask` answers only with the figure asked, `qt metric` only with
the metric named, and a neighbouring figure is refused (issue 11). The cases are the issue's
examples and one of each mechanism; the question sets that measure it are in evals/."""

from __future__ import annotations

import pytest

from qtcli.ask.ask import ask
from qtcli.ask.read import places_stated, read_question, split_clauses
from qtcli.errors import NotFound
from qtcli.factbase.lexicon import Lexicon, read_text
from qtcli.factbase.model import LexiconEntry
from qtcli.find.dates import read_when
from qtcli.find.query import lookup_metric, no_figure

ANSWERED = [
    # (question, metric, subject, value)
    # A unit asked (万吨, tonnes) is the figure's, though the words beside it say land.
    ("2022年杭州腾出用地多少万吨？", "energy-use-freed", "hangzhou", 49.5),
    # 一共 of a year asked is that year's total, which its figure is.
    ("2022年杭州一共盘活了多少亩工业用地？", "industrial-land-revitalized", "hangzhou", 20361),
    # 'Money went into' a factory is an investment in it.
    (
        "How much money went into Zhongce's high-performance radial tyre future factory?",
        "investment",
        "zhongce-rubber",
        5,
    ),
    # Where a figure is printed is not what is asked: a remark in brackets that cites, or a
    # clause that cites the report.
    ("钱塘2021年R&D经费投入强度是多少（据2022年的报道）", "rd-intensity", "qiantang", 4.43),
    (
        "How many municipal future factories was Qiantang cultivating (per the 2022 feature)?",
        "municipal-future-factory-cultivation",
        "qiantang",
        7,
    ),
    (
        "2023年那篇报道提到,杭州新建标准厂房多少平方米？",
        "standard-factory-space-new",
        "hangzhou",
        91,
    ),
    # a demonstrative with the firm named, or a district's firms taken together, is no pointer
    ("中策橡胶这家企业生产效率提升了多少", "production-efficiency-gain", "zhongce-rubber", 15),
    # 'that micro park in Jiande': the one holder within the place whose name says 小微园
    ("建德的那个小微园占地多少亩？", "land-area", "shangshen-park", 115),
    # A programme the article says the district ran that year sets the figure's scene.
    ("2021年钱塘新制造业计划落地几个制造业项目", "manufacturing-projects-landed", "qiantang", 44),
    (
        "Under the New Manufacturing Plan, how many manufacturing projects landed in Qiantang in 2021?",
        "manufacturing-projects-landed",
        "qiantang",
        44,
    ),
    # 几个点 asks for percentage points, an amount: not a count of things called 点
    (
        "中策橡胶的未来工厂把生产效率提升了几个点？",
        "production-efficiency-gain",
        "zhongce-rubber",
        15,
    ),
    # 'How many' with the unit asked: an area is meant.
    ("2022年杭州盘活了多少亩工业用地？", "industrial-land-revitalized", "hangzhou", 20361),
    # The event the figure records; the rank of the share itself; both kinds, 有 between.
    ("钱塘有多少个省级尖兵领雁项目获得推荐？", "jianbing-lingyan-projects", "qiantang", 33),
    ("2021年钱塘研发投入强度在全市排第几？", "rd-intensity-rank-city", "qiantang", 2),
    ("钱塘的省级智能工厂/数字化车间有几家？", "provincial-smart-factories", "qiantang", 15),
    # A part of the municipal pool is municipal too: 市级 asked is held.
    ("市级未来工厂培育入库的77家里，数字化车间有几家", "pool-digital-workshops", "qiantang", 55),
    # 技改 in other English words (renovation), and the plural of 'filing'.
    (
        "how many more technical renovation filings than the same period last year?",
        "tech-upgrade-projects-change",
        "qiantang",
        24,
    ),
    # A size is neither a count nor an amount: a workforce's is a number of people.
    ("size of Qiantang's industrial workforce?", "industrial-workers", "qiantang", 30),
    # 'What percentage of' asks a share, though 'what percentage' alone asks an amount.
    (
        "What percentage of Qiantang's industrial output comes from its FTZ block?",
        "share-of-district-industrial-output",
        "ftz-qiantang",
        21,
    ),
    # A unit asked of nothing else says what it measures: mu, an area.
    (
        "How many mu is the Shangshen small and micro enterprise park?",
        "land-area",
        "shangshen-park",
        115,
    ),
    # The currency the figure is in; 投了 with the amount asked after it.
    ("How many US dollars did Yokohama Rubber invest?", "investment", "yokohama-rubber", 5),
    ("中策橡胶那个高性能子午胎未来工厂，前后投了多少钱？", "investment", "zhongce-rubber", 5),
    # 国家高新技术企业 is a title's name: no tier need be said to ask for it.
    ("钱塘的高新技术企业推荐了多少家？", "high-tech-enterprises-recommended", "qiantang", 250),
    # A place in an order, stated with a verb of ranking, says a rank is meant.
    ("钱塘R&D投入强度在杭州已经连续几年排第二？", "rd-intensity-second-place-years", "qiantang", 3),
    # 'What percent of the district's tax' asks a share.
    ("自贸区钱塘区块贡献了全区百分之多少的税收？", "share-of-district-tax", "ftz-qiantang", 15.5),
    # 入库 is admission to the pool, a step of cultivation: the pool is meant, not the list.
    ("钱塘市级未来工厂培育最后入库了几家？", "future-factory-candidates-admitted", "qiantang", 77),
    # A year later than the report was written asks its plan.
    (
        "What size does Hangzhou want its biomedicine ecosystem to reach by 2025?",
        "biomedicine-ecosystem-scale",
        "hangzhou",
        5000,
    ),
    # An area asked (多大面积) is answered by a figure in square metres, whatever it is named.
    ("钱开区帮卡深科技盘活了多大面积的闲置厂房？", "idle-plant-revitalized", "kashen", 1),
    # Adverbs of time ask nothing; money is the unit of an amount.
    (
        "How much R&D money had Panasonic Motor Hangzhou already spent in 2022 at the time of reporting?",
        "rd-spending",
        "panasonic-motor-hangzhou",
        3500,
    ),
    # 了 is no copula: 搞 is a verb, not what is measured.
    ("2022年1到8月钱塘制造业投资搞了多少？", "manufacturing-investment", "qiantang", 100.6),
    ("钱塘区2021年R&D经费投入强度是多少？", "rd-intensity", "qiantang", 4.43),
    ("錢塘區2021年研發強度是多少？", "rd-intensity", "qiantang", 4.43),
    # A month asked is the month held.
    ("2024年11月到访东部湾新城的德国考察团有多少人？", "delegation-size", "east-bay-new-city", 40),
    # Germany is named in the figure's own record: it qualifies the delegation, it is not
    # another subject.
    (
        "How many people were in the German delegation that visited East Bay New City?",
        "delegation-size",
        "east-bay-new-city",
        40,
    ),
    # 'Area' of several senses: a region here, no size to account for.
    (
        "How many companies are in the Qiantang area of the Zhejiang free trade zone?",
        "enterprises",
        "ftz-qiantang",
        6300,
    ),
    # A headcount is a count of workers: a fall in it, of operators.
    (
        "unisplendour future factory: how much did headcount on the line drop?",
        "operator-reduction",
        "unisplendour",
        60,
    ),
    # A plan (the document) is no target: only 'planned' and 'plan to' say one.
    (
        "How many design firms were brought in to work on the Jianghai City (江海之城) plan?",
        "design-firms",
        "jianghai-city",
        4,
    ),
    # A lone character after 多少 is a measure word (分, points), and one before 的 a verb (改):
    # neither is what is measured.
    ("钱塘的创新指数多少分（2023年科技进步统计监测报告）", "innovation-index", "qiantang", 182.6),
    ("建德尚深小微园是多大一块闲置工业用地改的", "land-area", "shangshen-park", 115),
    # A unit right after a number states a figure; it is not the unit asked.
    (
        "hangzhou 2022 contiguous plots above 200 mu - how many",
        "contiguous-plots-200mu",
        "hangzhou",
        14,
    ),
    # A per cent sign asks as 'percent' does: 'as % of' is a share.
    (
        "tech-upgrade investment as % of industrial investment, Qiantang Jan-Aug 2022",
        "tech-upgrade-investment-share",
        "qiantang",
        50.1,
    ),
    # Projects that landed (落地) are no land to account for.
    ("How many auto-trade projects landed in Qiantang?", "auto-trade-projects", "qiantang", 8),
    # An acronym written in capitals names its record.
    (
        "How big is the existing space QEDZ agreed to turn into an innovation base with Hangzhou "
        "Industrial Investment Group in June 2021?",
        "innovation-base-space",
        "qiankai",
        83,
    ),
    # 全省 names the report in a clause that compares nothing: no rank is asked.
    (
        "按2023年全省科技进步统计监测报告，钱塘的创新指数比上一年提升了多少？",
        "innovation-index-increase",
        "qiantang",
        25,
    ),
    # 'covered by' is not an area; 'cover' in 'how much land does it cover' is.
    (
        "How many firms were covered by Qiantang's 2021 clean-up of high-consumption, "
        "low-efficiency enterprises?",
        "land-cleanup-enterprises",
        "qiantang",
        626,
    ),
    (
        "How much land does I-Mab's industrialisation base in Qiantang cover?",
        "land-area",
        "i-mab",
        150,
    ),
    # A figure once held only in a fact's text is an observation.
    ("supET连续几年入选工信部“双跨”工业互联网平台？", "platform-listing-years", "supet", 4),
    # A rank is found by the words of what it ranks (its base metric's names).
    (
        "In 2020, where did Qiantang rank among Hangzhou's districts and counties by R&D "
        "spending as a share of GDP?",
        "rd-intensity-rank-city",
        "qiantang",
        2,
    ),
    # 市级以上: a metric may hold several tiers.
    (
        "算上入选国家级和省级案例的，钱塘市级以上制度创新成果累计有多少项？",
        "institutional-innovations",
        "qiantang",
        52,
    ),
    # A measure's own name in quotation marks still says per mu; the growth stated is context.
    (
        "钱塘规上工业“亩均税收”2021年增长了23.1%，增长后达到多少万元？",
        "tax-per-mu",
        "qiantang",
        32.5,
    ),
    # The clause naming the report is left out; the bare asking clause keeps the plan.
    (
        "2023年那篇杭州制造业报道提到，萧山的临空经济示范区计划“今年”腾出产业空间，一共多少亩？",
        "industrial-space-freed",
        "airport-economy-zone",
        3800,
    ),
    # The head of a Chinese noun phrase follows its last 的.
    (
        "I-Mab（天境生物）的钱塘产业化基地，预计5年内能培养多少名生物大分子领域技术领先的复合型人才？",
        "compound-talents",
        "i-mab",
        100,
    ),
    # A verb before 多少 is no noun measured (做到, 完成).
    ("钱塘的集成电路产业大概做到了多大规模？", "ic-industry-scale", "qiantang", 500),
    (
        "2022年前八个月，钱塘区制造业投资完成了多少亿元？",
        "manufacturing-investment",
        "qiantang",
        100.6,
    ),
    # Hangzhou Industrial Investment and the districts are named in the fund's own record.
    (
        "杭实集团联合萧山、滨江发起的中国视谷产业投资基金总规模多大？",
        "fund-size",
        "china-vision-valley",
        30,
    ),
    # The event the metric records (签约) is named; 引进 describes the projects.
    ("钱开区这三年引进项目的签约总投资有多少？", "signed-projects-investment", "qiankai", 752),
    # A measure word asked says what is counted: parcels (宗), firms (家), people (位).
    ("钱塘2021年高耗低效整治一共整治了多少宗地", "land-cleanup-parcels", "qiantang", 118),
    ("博士入企这项行动走进了多少家企业？", "phd-host-enterprises", "qiantang", 258),
    ("博士入企这项行动有多少位博士参加？", "phds-in-enterprises", "qiantang", 847),
    # A word of several senses is not demanded of the answer: firms 'clustered' (gathered)
    # name no industrial cluster; 纳入 a service grid is no admission to a pool.
    (
        "How many firms up and down the auto supply chain have clustered in Qiantang?",
        "auto-chain-firms",
        "qiantang",
        180,
    ),
    ("钱江经济开发区大约有多少家企业被纳入网格化服务？", "enterprises", "qiankai", 1000),
    # The noun 'what' asks for is what is measured: an investment, not the projects.
    (
        "What total investment did QEDZ's signed projects come to in the last three years?",
        "signed-projects-investment",
        "qiankai",
        752,
    ),
    # A Chinese noun phrase the lexicon knows only at its end is counted by that head (人才),
    # and a verb before a count that ends the question (入选几项) is no noun counted.
    ("天境生物的基地预计培养多少个大分子复合型人才", "compound-talents", "i-mab", 100),
    (
        "省级制度创新案例钱塘一共入选几项",
        "provincial-institutional-innovation-cases",
        "qiantang",
        18,
    ),
    # An English name's head comes before its post-modifiers: 'companies hosting PhDs' counts
    # companies, 'PhDs placed in companies' PhDs; each answers the count of its own head.
    (
        "How many PhDs have gone to work in Qiantang firms under the programme?",
        "phds-in-enterprises",
        "qiantang",
        847,
    ),
    (
        "How many Qiantang firms have hosted PhDs under the programme?",
        "phd-host-enterprises",
        "qiantang",
        258,
    ),
    # 全市 with no comparison asked of Hangzhou is the whole city.
    (
        "杭州每年从土地出让收入里提取资金搞“腾笼换鸟”，2022年全市这笔专项经费累计花出去多少？",
        "tenglong-spending",
        "hangzhou",
        29.9,
    ),
    # 'Where did it rank by number of firms' asks the rank: 'number of' says its basis.
    (
        "Where did Qiantang rank in Hangzhou by number of firms on the 2024 'future factory' cultivation list?",
        "municipal-future-factory-cultivation-rank-city",
        "qiantang",
        2,
    ),
    # The place in an order the question states is the one the figure's record states.
    ("钱塘研发投入强度连续几年位居全市第二？", "rd-intensity-second-place-years", "qiantang", 3),
    # A place that neither holds the figure nor holds or lies in what does, named in one
    # holder's own record, is that figure's stated context (the German delegation).
    ("德国考察团一行多少人？", "delegation-size", "east-bay-new-city", 40),
    # 'central Hangzhou' with the city read as a place, and a drive: the travel time.
    (
        "How long is the drive now from the Qianjiang Economic Development Zone to central Hangzhou?",
        "travel-time-to-downtown",
        "qiankai",
        30,
    ),
    # 对接 is also to connect with: a loose word of matchmaking, which a count of host firms
    # need not account for.
    ("博士入企行动对接了多少家企业", "phd-host-enterprises", "qiantang", 258),
    # 撮合 / 对接 / 匹配 are one concept; the metric's definition says whom it helps (firms).
    (
        "生物医药“产业大脑”帮企业对接的交易金额有多少？",
        "industry-brain-transactions",
        "qiantang",
        1000,
    ),
    # Which one of a series: an ordinal figure (第三轮), read by its own kind.
    ("慧博云通现在在做第几轮融资？", "funding-round", "huibo-yuntong", 3),
    # 'the 2022 report' dates where the figure is printed, not the figure (of 2021).
    (
        "Roughly how large is Qiantang's integrated circuit industry according to the 2022 report?",
        "ic-industry-scale",
        "qiantang",
        500,
    ),
    # A pointer (那块) to one thing within the place, said in the words of its figure's
    # own record rather than its name.
    ("建德那块长期闲置的工业用地有多少亩？", "land-area", "shangshen-park", 115),
    # 协同 is 'coordination', 'collaborative' alike; 'core area' is no kind of park.
    (
        "How many Hangzhou clusters made the collaborative-zone list of Zhejiang's first provincial featured industrial clusters?",
        "clusters-coordination-zone",
        "hangzhou",
        7,
    ),
    (
        "How many Hangzhou clusters made the core-area list of Zhejiang's first provincial featured industrial clusters?",
        "clusters-core-zone",
        "hangzhou",
        5,
    ),
]


def _answer(store, question: str):  # type: ignore[no-untyped-def]
    """`qt ask`'s answer to `question`, which must be one (the refusal says why not)."""
    result = ask(store, question)
    assert result.answer is not None, result.refusal
    return result.answer


def _says(answer, said: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether an answer's sentence, in either language, says `said`."""
    return said in answer.sentence_zh + answer.sentence_en


@pytest.mark.parametrize(("question", "metric", "subject", "value"), ANSWERED)
def test_the_figure_asked_is_answered(
    store, question: str, metric: str, subject: str, value: float
) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, question).answer
    assert answer is not None and answer.row is not None, ask(store, question).refusal
    o = answer.row.observation
    assert (o.metric, o.subject, o.value) == (metric, subject, value)


REFUSED = [
    # A fact that says the question's words (管委会) but neither the noun asked nor a name
    # is no answer to who heads it.
    "钱开区管委会主任是谁？",
    "钱开区管委会主任叫什么名字？",
    # A total of what is new each year, of no year asked: one year's (2022年又评定58家) is
    # not how many there are in all.
    "杭州累计评定了多少家市级未来工厂？",
    "How many municipal future factories has Hangzhou certified in total?",
    # A name the fact quotes and the question repeats (达伯乐) says which thing; what is
    # asked of it (the disease it treats) the approval fact does not say.
    "达伯乐是治什么病的？",
    # …nor when the question restates the kind of thing the fact says it is (a drug): what
    # it treats (治, a word of one character) is still unsaid.
    "达伯乐是治什么病的药？",
    "“达伯乐”是治疗什么病的药？",
    # A report the base holds (an article of 2022) that does not print the figure: the 2025
    # article's score is not what the 2022 one said.
    "What was Qiantang's innovation index score in the 2022 report?",
    # An ordinal (the third round) is no count of rounds raised.
    "慧博云通完成了几轮融资？",
    "How many funding rounds has Huibo Yuntong raised?",
    # A place the question names that no holder's record names is no context: refused.
    "日本考察团一行多少人？",
    # 'How many places' asks how far a rank moved, which a rank does not say.
    "钱塘创新指数在全省的排名比上年前进了几位？",
    # Which one is asked as well as the figure, and nothing held says which one fits.
    "2024年哪个区县R&D投入强度全省第一？是多少？",
    # A thing no metric's words name is counted by none of them (graduates are not
    # postgraduates).
    "How many postgraduates graduate in Qiantang each year?",
    # What something is called is answered by a fact that gives a name, not by one about
    # the committee's building.
    "钱开区管委会主任叫什么名字？",
    # Without a pointer, the county's industrial land is asked, not one plot's.
    "建德的工业用地有多少亩？",
    # A place in an order the question states (first) is not one the answer states (second).
    "2024年杭州未来工厂培育名单上，入选企业数全市第一的是哪个区",
    "Which district topped Hangzhou's 2024 future factory cultivation list?",
    "钱塘研发投入强度连续3年位居全市第一吗",
    # A rank within the city asked: a fact that R&D intensity hit a record says no field.
    "哪个区的R&D强度全市第一",
    # A superlative asks a rank, which that fact does not say either (Qiantang is second).
    "Which district has the highest R&D intensity in Hangzhou?",
    "杭州哪个区的研发强度最高",
    # 'That firm' points to one firm the question does not name: the district's figure is not
    # its figure.
    "钱塘那家企业的产值是多少",
    "What is the output of that company in Qiantang?",
    "该企业的产值是多少",
    # Within the place, no holder's name says 产业园; 科技公司 sets no firm's name apart.
    "建德那个产业园占地多少亩？",
    "钱塘那家科技公司投资了多少",
    # Another programme than the one the article says the projects landed under.
    "How many manufacturing projects landed in Qiantang in 2021 under the Lead Flight Plan?",
    # Firms counted (多少家制造业企业: the head of the noun is 企业), where projects are held.
    "2021年新制造业计划落地了多少家制造业企业？",
    # A growth rate where only the level is held.
    "What was the growth rate of Hangzhou's above-scale industrial value added in 2022?",
    # A part where the whole is held.
    "How much money did Binjiang contribute to the China Vision Valley fund?",
    "中国视谷产业投资基金萧山出了多少钱",
    # All of them where the new ones of a year are held.
    "钱塘区累计有多少家国家高新技术企业？",
    # Another month than the one held.
    "2024年10月到访东部湾新城的德国考察团有多少人？",
    # A district where only its zones' figures are held.
    "钱塘区有多少家企业",
    # A year not held.
    "钱塘2019年研发投入强度是多少",
    # The figure the question states is not its answer (5 industries).
    "What was the combined number of Qiantang's five pillar industries in 2021?",
    # 全省 with no subject named: the province's own figure, which is not held.
    "全省研发投入强度是多少",
    # Two firms fit alike: neither is the answer.
    "钱塘哪家企业做轮胎",
    # A year no later than the report's asks a result, and only the plan is held.
    "杭州生物医药生态圈2022年规模多大？",
    # The head of 'the X of Y' is what is measured: a wage, not the number of workers.
    "What is the average monthly wage of Qiantang's industrial workers?",
    "What is the annual output value of Qiantang's low-altitude economy?",
    "Average monthly wage of Qiantang's industrial workers?",
    # What a question measures, a fact must say: no capacity is held, only the build.
    "What's the annual production capacity of the Yokohama Rubber plant in Qiantang?",
    # A phase of a project, where only the whole project's investment is held.
    "How much went into the first phase of I-Mab's Qiantang base?",
    "天境生物二期项目投资了多少？",
    # A count of the plural noun after 'how many', not of the verb after it.
    "How many students attend Qiantang's universities?",
    # 'How many' asks a count: an area in mu is no number of plots.
    "杭州2022年盘活的工业用地有几宗？",
    "How many plots of industrial land did Hangzhou revitalise in 2022?",
    # An event the figure does not record: approved, where projects put forward are held.
    "钱塘有多少个省级尖兵领雁项目获得批准？",
    # A share has no total: the rank of R&D spending is not the rank of R&D intensity.
    "2021年钱塘研发经费投入总量全市排名第几？",
    # One kind, asked in its own clause, of a count of two kinds the scene names.
    "钱塘那14家省级智能工厂/数字化车间里，数字化车间有几家？",
    # Another currency than the one the figure is in, asked 'in' it.
    "What was Qiantang's industrial output in 2024 in US dollars?",
    "天境生物项目投资了多少亿美元？",
    "横滨橡胶在钱塘投资了多少亿元人民币？",
    # A tier the title does not have.
    "钱塘有多少家省级高新技术企业？",
    # A place the base keeps no record of: Qiantang's figure is no answer for it.
    "What was Shanghai's R&D intensity in 2021?",
    "How many Fortune 500 companies are in Suzhou?",
    "宁波有多少家世界500强企业？",
    # '…是什么' asks what the thing before it is: an honour, which an index does not name.
    "钱塘去年捧回的浙江科技创新最高荣誉是什么",
    # Another year than the one held, written in two digits.
    "钱塘22年规上工业亩均税收多少钱",
    # A unit asked asks a figure: a fact with none (保税, bonded) is no tax revenue.
    "Total tax revenue of the FTZ Qiantang block in yuan?",
]


@pytest.mark.parametrize("question", REFUSED)
def test_a_neighbouring_figure_is_refused(store, question: str) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, question)
    assert result.answer is None
    assert result.refusal


def test_a_refusal_says_what_is_held_instead(store) -> None:  # type: ignore[no-untyped-def]
    assert "2024年11月" in (
        ask(store, "2024年10月到访东部湾新城的德国考察团有多少人？").refusal or ""
    )
    assert "2021年、2024年" in (ask(store, "钱塘2019年研发投入强度是多少").refusal or "")
    # Not the years of other places: the places that hold it.
    refusal = ask(store, "how many firms does Qiantang have").refusal or ""
    assert "holds the figure for" in refusal and "Free Trade Zone" in refusal


@pytest.mark.parametrize(
    ("text", "year", "period"),
    [
        ("2024年11月到访", 2024, "2024-11"),
        ("in November 2024", 2024, "2024-11"),
        ("2022年1-8月", 2022, "2022-01/2022-08"),
        ("2022年前8个月", 2022, "2022-01/2022-08"),
        ("2023年一季度", 2023, "2023-Q1"),
        # As of a month ends a running period: no month's own figure is asked.
        ("截至2022年8月", 2022, None),
        ("2024年11月底", 2024, None),
        ("by the end of August 2022", 2022, None),
        ("2025年的报道说去年", 2024, None),
        # The year of a report, written before it, dates the report, not the figure.
        ("how large according to the 2022 report", None, None),
        ("what the 2025 article says happened last year", 2024, None),
        ("in the 2023 provincial science and technology monitoring report", 2023, None),
        # A year in two digits; a number of years is none.
        ("钱塘22年规上工业亩均税收", 2022, None),
        ("22年1-8月", 2022, "2022-01/2022-08"),
        ("连续22年排名第一", None, None),
        ("22年来", None, None),
        ("成立22年的企业", None, None),
    ],
)
def test_dates(text: str, year: int | None, period: str | None) -> None:
    from qtcli.factbase.lexicon import units

    folded, found = units(text)
    when = read_when(folded, found)
    assert (when.year, when.period) == (year, period)


def test_a_field_goes_with_the_comparison_it_qualifies(store) -> None:  # type: ignore[no-untyped-def]
    scene = read_question(store, "按全省监测报告，钱塘的创新指数提升了多少？")
    assert "among" not in scene.reading.facets
    ranked = read_question(store, "在全省，钱塘的创新指数排第几？")
    assert ranked.reading.has("among", "province")


def test_an_english_comma_inside_a_noun_phrase_does_not_split() -> None:
    assert len(split_clauses("How many high-consumption, low-efficiency firms were there?")) == 1


def test_a_word_of_publishing_is_what_a_list_undergoes_not_a_citation(store) -> None:  # type: ignore[no-untyped-def]
    result = ask(
        store,
        "When was Hangzhou's 2024 list of future-factory cultivation firms, with 32 from Qiantang, "
        "published?",
    )
    assert result.answer is not None and result.answer.fact is not None
    assert "2024年10月" in result.answer.fact.text.zh


def test_brackets_that_cite_nothing_stay_in_their_clause(store) -> None:  # type: ignore[no-untyped-def]
    from qtcli.ask.read import _cites

    def cites(aside: str) -> bool:
        return _cites(store, aside)

    assert split_clauses("钱开区省级智能工厂（数字化车间）有几个", cites) == [
        "钱开区省级智能工厂（数字化车间）有几个"
    ]
    assert split_clauses("强度是多少（据2022年的报道）", cites) == ["强度是多少", "据2022年的报道"]


def test_a_scene_concept_is_kept_through_the_index(store) -> None:  # type: ignore[no-untyped-def]
    lexicon = Lexicon(
        [
            LexiconEntry("concept", "plan", ("new manufacturing plan",), scene=True),
            LexiconEntry("concept", "land", ("land",), event=True, units=("mu",)),
        ]
    )
    assert lexicon.scenes == frozenset({"c_plan"})
    assert Lexicon.from_json(lexicon.to_json()).entries == lexicon.entries
    assert "c_new_manufacturing_plan" in store.lexicon.scenes  # as facts/lexicon.toml says


def test_loose_phrases_point_to_a_concept_without_demanding_it() -> None:
    lexicon = Lexicon(
        [
            LexiconEntry("concept", "area", ("area", "cover"), loose=("cover",)),
            LexiconEntry("concept", "land", ("land",)),
        ]
    )
    covered = read_text(lexicon, "firms covered by the clean-up")
    assert "c_area" in covered.terms and covered.loose == frozenset({"c_area"})
    both = read_text(lexicon, "what area does the land cover")
    assert both.loose == frozenset()  # 'area' says it plainly
    assert Lexicon.from_json(lexicon.to_json()).entries == lexicon.entries


def test_of_two_phrases_alike_in_length_the_one_that_leaves_no_character_unread_wins() -> None:
    lexicon = Lexicon(
        [
            LexiconEntry("facet", "per=mu", ("亩产",)),
            LexiconEntry("facet", "unit=mu", ("亩",)),
            LexiconEntry("concept", "industrial", ("产业",)),
        ]
    )
    spare = read_text(lexicon, "腾出多少亩产业空间")  # 亩|产业, not 亩产|业
    assert "c_industrial" in spare.terms and not spare.has("per", "mu")
    assert read_text(lexicon, "亩产效益").has("per", "mu")  # nothing else reads 产效


def test_a_name_slot_is_met_by_a_name_and_nothing_else_spans_one() -> None:
    from qtcli.factbase.lexicon import units

    lexicon = Lexicon(
        [
            LexiconEntry("facet", "answer=sector", ("what does {name} make",)),
            LexiconEntry("concept", "rubber", ("rubber",)),
        ]
    )
    _, found = units("what does zhongce rubber make")
    named = {2, 3}  # 'zhongce rubber', a name the text gives
    assert [h.entry.name for h in lexicon.find(found, named)] == ["answer=sector"]
    # no name where the slot stands: no facet
    assert [h.entry.name for h in lexicon.find(found)] == ["rubber"]
    # a phrase without a slot never spans a name
    assert lexicon.find(found, {3}) == []
    assert Lexicon.from_json(lexicon.to_json()).find(found, named)[0].entry.name == "answer=sector"


def test_a_word_marked_as_written_matches_that_form_only() -> None:
    lexicon = Lexicon([LexiconEntry("facet", "status=target", ("=planned", "plan to"))])
    assert read_text(lexicon, "the planned investment").has("status", "target")
    assert read_text(lexicon, "what they planned to build").has("status", "target")
    assert not read_text(lexicon, "the plan lists six measures").facets
    again = Lexicon.from_json(lexicon.to_json())
    assert not read_text(again, "the city's plan").facets


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("By what year is the China Vision Valley supposed to be fully built?", True),
        ("The plant is set to start production next year", True),
        ("中国视谷的核心产业规模奔着多少去？", True),
        ("该项目有望明年投产", True),
        ("How large was the site the plant was built on?", False),
        ("中国视谷的核心产业规模是多少？", False),
    ],
)
def test_a_question_in_the_future_tense_asks_for_a_target(store, text: str, target: bool) -> None:  # type: ignore[no-untyped-def]
    assert read_text(store.lexicon, text).has("status", "target") == target


@pytest.mark.parametrize(
    ("text", "listing"),
    [
        ("how many listed companies does Qiantang have", True),
        ("when did the firm go public", True),
        ("its listing on ChiNext", True),
        ("How many measures does the plan list?", False),  # a list is no stock listing
        ("the firms on the list", False),
        ("which companies made the 2022 list", False),
    ],
)
def test_a_stock_listing_is_not_any_list(store, text: str, listing: bool) -> None:  # type: ignore[no-untyped-def]
    assert ("c_listing" in read_text(store.lexicon, text).terms) == listing


def test_a_concept_slot_reads_each_phrase_of_the_concept_in_the_phrase_s_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qtcli.factbase.model import FactBase
    from qtcli.factbase.validate import check_lexicon

    entries = [
        LexiconEntry("concept", "worker", ("工人", "workers", "labour")),
        LexiconEntry("concept", "automation", ("machines replacing {worker}", "机器换{worker}")),
    ]
    lexicon = Lexicon(entries)
    for text in ("machines replacing labour", "machines replacing workers", "机器换工人"):
        assert read_text(lexicon, text).terms == ("c_automation",), text
    assert read_text(lexicon, "machines replacing 工人").terms != ("c_automation",)
    again = Lexicon.from_json(lexicon.to_json())
    assert read_text(again, "machines replacing labour").terms == ("c_automation",)
    fb = FactBase(tmp_path)
    fb.lexicon += [
        *entries,
        LexiconEntry("concept", "robots", ("robots replacing {workforce}",)),
        LexiconEntry("facet", "answer=sector", ("what does {name} make",)),  # a name's slot
    ]
    problems = [p.message for p in check_lexicon(fb)]
    assert problems == [
        "concept 'robots': phrase 'robots replacing {workforce}': {workforce} is not a concept"
    ]


@pytest.mark.parametrize(
    ("name", "metric"),
    [
        ("亩均税收比去年涨了多少", "tax-per-mu-growth"),
        ("2021年钱塘区亩均税收", "tax-per-mu"),
        ("tax per mu last year", "tax-per-mu"),
        ("R&D投资", "rd-spending"),
        # Ending in a unit, not a word of the metric's names: the unit says what is measured.
        ("低效用地整治亩数", "land-cleanup-area"),
        ("mfg investment growth", "manufacturing-investment-growth"),  # an abbreviation
    ],
)
def test_a_typed_metric_name_is_read_like_a_question(store, name: str, metric: str) -> None:  # type: ignore[no-untyped-def]
    assert lookup_metric(store, name).metric.id == metric


@pytest.mark.parametrize(
    ("name", "year", "period", "values"),
    [
        ("制造业投资额 2022年1-8月", None, "2022-01/2022-08", {100.6}),
        ("Manufacturing investment, January to August 2022", None, "2022-01/2022-08", {100.6}),
        # months or a quarter without a year are of --year's
        ("制造业投资额 1-8月", 2022, "2022-01/2022-08", {100.6}),
        ("标准厂房建设 一季度", 2023, "2023-Q1", {630}),
        ("R&D经费投入强度 2021", None, None, {4.43, 4.54}),
        ("2021年R&D经费投入强度", None, None, {4.43, 4.54}),
    ],
)
def test_the_time_a_typed_name_gives_is_when_its_figure_is_asked(
    store, name: str, year: int | None, period: str | None, values: set[float]
) -> None:  # type: ignore[no-untyped-def]
    answer = lookup_metric(store, name, year=year)
    assert answer.period == period
    assert {r.observation.value for r in answer.observations} == values
    assert answer.year is not None and not answer.year_fallback


def test_a_period_no_figure_is_for_shows_none_of_the_others(store) -> None:  # type: ignore[no-untyped-def]
    # The figure for January to August is not the first quarter's.
    answer = lookup_metric(store, "制造业投资额 2022年一季度")
    assert answer.metric.id == "manufacturing-investment"
    assert answer.observations == [] and answer.period == "2022-Q1"
    assert "2022年一季度" in no_figure(answer).zh


@pytest.mark.parametrize("name", ["规上工业产值增长率", "外贸进出口额", "R&D intensity growth"])
def test_a_typed_name_of_another_kind_of_figure_is_not_found(store, name: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        lookup_metric(store, name)


@pytest.mark.parametrize("name", ["杭州市R&D经费投入强度", "Hangzhou R&D intensity", "钱塘 投资"])
def test_a_place_a_typed_name_names_is_whose_figure_is_asked(store, name: str) -> None:  # type: ignore[no-untyped-def]
    """Qiantang's R&D intensity is not Hangzhou's, nor a firm's investment the district's;
    --region, a field to look in, still lists the figures of what lies inside it."""
    assert not lookup_metric(store, name).observations
    inside = lookup_metric(store, "R&D经费投入强度", place="杭州市").observations
    assert {row.observation.subject for row in inside} == {"qiantang"}


def test_the_one_platform_holding_the_concept_asked_is_named(store) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, "钱塘哪个产业平台是专门做半导体的？").answer
    assert answer is not None and answer.entity is not None
    assert answer.entity.id == "qiantang-chip-valley"
    tied = ask(store, "Which company in Qiantang makes semiconductors?")
    assert tied.answer is None and tied.refusal and "more than one" in tied.refusal


@pytest.mark.parametrize(
    "name",
    [
        "5G基站密度",
        "工业机器人密度",
        "制造业投资增束",
        # A level, where only its share is held.
        "汽车产量",
    ],
)
def test_a_typed_name_ending_in_a_word_no_metric_says_is_not_found(store, name: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        lookup_metric(store, name)


@pytest.mark.parametrize(
    ("name", "metric", "figures"),
    [
        # The words around a metric's name say which of its figures: the mechanism whose
        # note says special goods, the firms the zone's service grids serve.
        ("特殊物品监管联动部门", "departments-involved", {("hangzhou-bonded-zone", 10)}),
        ("网格服务企业数", "enterprises", {("qiankai", 1000)}),
        ("博士入企合作成果", "cooperation-results", {("qiantang", 300)}),
        ("生物医药产业大脑交易金额", "industry-brain-transactions", {("qiantang", 1000)}),
    ],
)
def test_words_around_a_metric_name_select_the_figures_whose_record_says_them(  # type: ignore[no-untyped-def]
    store, name: str, metric: str, figures: set[tuple[str, float]]
) -> None:
    answer = lookup_metric(store, name)
    assert answer.metric.id == metric
    assert {(r.observation.subject, r.observation.value) for r in answer.observations} == figures


def test_words_around_a_metric_name_that_no_figure_says_are_another_figure(store) -> None:  # type: ignore[no-untyped-def]
    """'企业数' is named, but no record of a count of firms says 海外 (overseas): not found,
    rather than every count of firms; 驻企服务, which the zone's note says, selects its."""
    assert lookup_metric(store, "企业数").observations
    with pytest.raises(NotFound):
        lookup_metric(store, "海外服务企业数")
    served = lookup_metric(store, "驻企服务企业数").observations
    assert [(r.observation.subject, r.observation.value) for r in served] == [("qiankai", 1000)]


@pytest.mark.parametrize(
    ("name", "metric"),
    [
        # The only call for future-factory candidates held is the municipal one.
        ("未来工厂培育上报企业", "future-factory-candidates-submitted"),
        ("未来工厂培育入库", "future-factory-candidates-admitted"),
        ("jianbing lingyan projects recommended", "jianbing-lingyan-projects"),
    ],
)
def test_a_typed_name_may_leave_unsaid_the_tier_of_the_one_metric_it_fits(  # type: ignore[no-untyped-def]
    store, name: str, metric: str
) -> None:
    assert lookup_metric(store, name).metric.id == metric


@pytest.mark.parametrize("name", ["未来工厂", "future factories", "未来工厂培育"])
def test_a_typed_name_that_metrics_of_two_tiers_fit_is_ambiguous(store, name: str) -> None:  # type: ignore[no-untyped-def]
    """Provincial and municipal future factories are both held: which is asked is unsaid."""
    with pytest.raises(NotFound) as caught:
        lookup_metric(store, name)
    assert "provincial" in str(caught.value) and "municipal" in str(caught.value)


@pytest.mark.parametrize(
    "name", ["省级未来工厂培育上报企业", "provincial future factory applicants"]
)
def test_a_tier_said_must_be_the_metrics(store, name: str) -> None:  # type: ignore[no-untyped-def]
    """The call for candidates was municipal; nor is a longer name holding the characters of
    省级未来工厂 in order that figure."""
    with pytest.raises(NotFound):
        lookup_metric(store, name)


@pytest.mark.parametrize(
    ("name", "metric", "subject"),
    [
        ("松下马达研发项目", "new-rd-projects", "panasonic-motor-hangzhou"),
        ("中策橡胶投资", "investment", "zhongce-rubber"),
    ],
)
def test_a_firm_named_with_a_metrics_own_name_is_that_metric_for_the_firm(  # type: ignore[no-untyped-def]
    store, name: str, metric: str, subject: str
) -> None:
    answer = lookup_metric(store, name)
    assert answer.metric.id == metric
    assert {r.observation.subject for r in answer.observations} == {subject}


def test_a_plan_as_a_thing_does_not_ask_for_a_target(store) -> None:  # type: ignore[no-untyped-def]
    """规划 is a plan, the thing (规划方案, 国土空间总体规划): the design firms that took part in
    Jianghai City's plan are a result, not a target."""
    answer = ask(store, "江海之城规划方案有几家设计单位参与？").answer
    assert answer is not None and answer.row is not None
    assert answer.row.observation.value == 4


@pytest.mark.parametrize(
    ("name", "metric"),
    [
        # 年数, a number of years: how many years running, not the rank itself.
        ("R&D强度全市排名年数", "rd-intensity-second-place-years"),
        ("supET双跨入选年数", "platform-listing-years"),
    ],
)
def test_a_number_of_years_asks_how_many_years_running(store, name: str, metric: str) -> None:  # type: ignore[no-untyped-def]
    answer = lookup_metric(store, name)
    assert answer.metric.id == metric and answer.metric.kind == "streak"


def test_a_drive_is_no_car(store) -> None:  # type: ignore[no-untyped-def]
    """车 alone is loose: 开车要多久 asks a travel time, and names no car industry."""
    answer = ask(store, "钱开区到杭州主城区现在开车要多久").answer
    assert answer is not None and answer.row is not None
    assert (answer.row.observation.value, answer.row.observation.unit) == (30, "分钟")


def test_how_many_things_were_ranked_asks_a_count_not_a_rank(store) -> None:  # type: ignore[no-untyped-def]
    counted = ask(store, "How many counties were ranked in Zhejiang's 2023 monitoring report?")
    assert counted.answer is not None and counted.answer.row is not None, counted.refusal
    assert counted.answer.row.observation.value == 90
    # A position is still asked with 第几, and answered by the rank, not the count.
    place = ask(store, "钱塘创新指数全省排第几").answer
    assert place is not None and place.row is not None and place.row.observation.value == 3


def test_the_park_the_universities_gather_in_holds_their_figures(store) -> None:  # type: ignore[no-untyped-def]
    """'14所高校、25万师生齐聚于此': here, the higher-education park; the district's figure
    stays the district's."""
    park = ask(store, "钱塘高教园区里大概有多少师生").answer
    assert park is not None and park.row is not None
    assert park.row.observation.subject == "higher-education-park"
    district = ask(store, "2022年钱塘区有几所高校").answer
    assert district is not None and district.row is not None
    assert district.row.observation.subject == "qiantang"


@pytest.mark.parametrize(
    ("name", "metric"),
    [
        # A name ending in an event (入选, 推荐认定) measures what it happens to.
        ("市级未来工厂培育名单入选", "municipal-future-factory-cultivation"),
        ("国家高新企业推荐认定", "high-tech-enterprises-recommended"),
    ],
)
def test_a_typed_name_ending_in_an_event_measures_what_it_happens_to(  # type: ignore[no-untyped-def]
    store, name: str, metric: str
) -> None:
    assert lookup_metric(store, name).metric.id == metric


@pytest.mark.parametrize(
    ("text", "among"),
    [
        ("R&D intensity provincial ranking", "province"),
        ("省级排名", "province"),
        ("city-level ranking", "city"),
    ],
)
def test_a_level_before_a_rank_says_its_field(store, text: str, among: str) -> None:  # type: ignore[no-untyped-def]
    from qtcli.factbase.lexicon import read_text

    reading = read_text(store.lexicon, text)
    assert reading.facets.get("among") == frozenset({among})
    assert "tier" not in reading.facets


def test_a_provincial_ranking_is_the_rank_in_the_province(store) -> None:  # type: ignore[no-untyped-def]
    answer = lookup_metric(store, "R&D intensity provincial ranking", year=2024)
    assert answer.metric.id == "rd-intensity-rank-province"


@pytest.mark.parametrize("region", [None, "钱塘区"])
def test_a_record_named_narrows_a_typed_name_to_its_own_metrics(store, region: str | None) -> None:  # type: ignore[no-untyped-def]
    """Of Panasonic Motor's figures, only its R&D spending growth says every word of 'R&D
    growth', though half its name goes unsaid; the firm's figure is the one asked, --region
    (a field it lies in) or not."""
    answer = lookup_metric(store, "Panasonic Motor R&D growth", year=2021, place=region)
    assert answer.metric.id == "rd-spending-growth"
    assert [r.observation.subject for r in answer.observations] == ["panasonic-motor-hangzhou"]


def test_a_metric_base_must_be_another_metric(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qtcli.factbase.model import FactBase, Metric, Text
    from qtcli.factbase.validate import check_metric_facets

    fb = FactBase(tmp_path)
    fb.metrics["a"] = Metric("a", Text("甲", "a"), "%", "growth", Text("甲", "a"), base="a")
    fb.metrics["b"] = Metric("b", Text("乙", "b"), "%", "growth", Text("乙", "b"), base="nope")
    problems = [p.message for p in check_metric_facets(fb)]
    assert any("base 'a' is not another metric" in p for p in problems)
    assert any("base 'nope' is not another metric" in p for p in problems)


@pytest.mark.slow
def test_answers_do_not_depend_on_the_hash_seed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Sets iterate in an order the hash seed picks, a new one in every process; a cover
    summed in that order once made equal names unequal, and an answer come and go."""
    import json
    import os
    import subprocess
    import sys

    questions = [q for q, *_ in ANSWERED] + REFUSED + ["钱塘区2024年R&D经费投入强度是多少"]
    script = (
        "import json, sys\n"
        "from qtcli.index.build import open_store\n"
        "from qtcli.ask.ask import ask\n"
        "store = open_store(sys.argv[1])\n"
        "out = []\n"
        "for q in json.loads(sys.stdin.read()):\n"
        "    a = ask(store, q).answer\n"
        "    out.append(a.sentence_en if a else None)\n"
        "print(json.dumps(out))\n"
    )
    from .conftest import FACTS

    seen = []
    for seed in ("1", "10", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "QT_CACHE_DIR": str(tmp_path / seed)}
        done = subprocess.run(
            [sys.executable, "-c", script, str(FACTS)],
            input=json.dumps(questions),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        seen.append(json.loads(done.stdout))
    assert seen[0] == seen[1] == seen[2]


def test_two_metrics_that_fit_alike_with_other_figures_answer_neither(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """When the question's words fit two metrics exactly as well and they hold different
    figures, the question does not say which it asks: it is refused, naming both."""
    import shutil

    from qtcli.index.build import open_store
    from tests.conftest import FACTS

    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    with (facts / "metrics.toml").open("a", encoding="utf-8") as f:
        f.write(
            '\n[[metric]]\nid = "innovation-index-b"\n'
            'name = { zh = "创新的指数", en = "index of innovation" }\nunit = ""\n'
            'kind = "index"\ndefinition = { zh = "创新指数。", en = "Innovation index." }\n'
        )
    (article,) = facts.glob("articles/002-*.toml")
    with article.open("a", encoding="utf-8") as f:
        f.write(
            '\n[[observation]]\nmetric = "innovation-index-b"\nsubject = "qiantang"\n'
            'year = 2023\nvalue = 3\nunit = ""\nquote = "创新指数跃居全省前三"\n'
            'reading = "a rank read as an index, to make two metrics fit alike"\n'
        )
    store = open_store(facts)
    result = ask(store, "2023年钱塘创新指数是多少？")
    assert result.answer is None
    assert "创新的指数" in (result.refusal or "") and "创新指数" in (result.refusal or "")
    # The shipped base, with one such metric, answers.
    assert ask(open_store(FACTS), "2023年钱塘创新指数是多少？").answer is not None


def test_a_concept_is_measured_in_unit_facets_the_lexicon_has(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qtcli.factbase.model import FactBase
    from qtcli.factbase.validate import check_lexicon

    fb = FactBase(tmp_path)
    fb.lexicon += [
        LexiconEntry("facet", "unit=mu", ("亩",)),
        LexiconEntry("concept", "area", ("面积",), units=("mu",)),
        LexiconEntry("concept", "length", ("长度",), units=("furlong",)),
    ]
    problems = [p.message for p in check_lexicon(fb)]
    assert problems == ["concept 'length': unit 'furlong' is not a unit facet"]


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        (
            "Which carmaker's new-energy vehicle electronics project is under construction in "
            "the Xiaoshan special cooperation park of Hangzhou Hi-tech Zone (Binjiang)?",
            "geely",
        ),
        ("萧山特别合作园里哪家企业在建芯片测试项目？", "silergy"),
        # 机构 is any body, a firm too; of the two firms the fact names, the one the
        # question places (美国, 日本) is the one it asks for.
        ("江海之城的设计，哪家美国机构参与了？", "som"),
        ("江海之城的设计，哪家日本机构参与了？", "nikken-sekkei"),
    ],
)
def test_of_several_firms_a_fact_names_the_one_the_question_describes(
    store, question: str, entity: str
) -> None:  # type: ignore[no-untyped-def]
    """One fact names 吉利, 矽力杰 and 先临三维 alike; the question's concept (cars, chips)
    is what one of their own records says."""
    answer = ask(store, question).answer
    assert answer is not None and answer.entity is not None
    assert answer.entity.id == entity


# A 'which/who/what' asking for no kind of record the base keeps (a part, a person, a road)
# is answered by a fact that says all the question says; the asked name is among its words.
NAMED_BY_A_FACT = [
    ("西子航空中标的是C919哪个部位？", "中机身"),
    ("横滨橡胶的会长是谁？", "山石昌孝"),
    ("Which elevated road links the Qianjiang zone to the Changshen expressway?", "Shangtang"),
    # 'What is it like' asks for an instance (quarries), which never says 样子, nor 样 in the
    # colloquial 啥样; 十 of 十年前 is a number (the fact writes 10), not an unsaid word.
    ("十年前钱开区这块地是什么样子？", "石矿"),
    ("十年前钱开区那块地是啥样？", "石矿"),
]


@pytest.mark.parametrize(("question", "name"), NAMED_BY_A_FACT)
def test_a_name_no_record_holds_is_answered_by_the_fact_that_says_it(
    store, question: str, name: str
) -> None:  # type: ignore[no-untyped-def]
    answer = _answer(store, question)
    assert answer.fact is not None
    assert _says(answer, name)


@pytest.mark.parametrize(
    "question",
    [
        # a word no fact holds (Shanghai, 波音787) is what the question is about
        "Which elevated road links the Qianjiang zone to Shanghai?",
        "西子航空中标的是波音787哪个部位？",
        # a verb no fact says of the viaduct
        "Who designed the Shangtang viaduct?",
        # a person is asked: no company whose record mentions plants is guessed at
        "横滨橡胶杭州工厂的厂长是谁？",
        # Hangzhou locates the plant: a fact about Hangzhou does not answer for Yokohama
        "When did Yokohama Rubber's Hangzhou plant start production?",
        # a metric's whole name said: a figure is asked, and none is held for the project
        "What is the total investment of Geely's new-energy commercial vehicle project in Qiantang?",
        "What is the area of the Hangzhou comprehensive bonded zone?",
        # a firm named: another firm's listing in the same zone does not answer for it
        "慧博云通是哪个月在创业板上市的？",
        "When did Huibo Yuntong go public on ChiNext?",
        # an event the fact does not tell of: the project settled, no signing is recorded
        "When was Geely's commercial vehicle project signed in Qiantang?",
        # a reason asked: facts say what happened, none says why
        "Why did Zhongce Rubber build a future factory?",
        "为什么中策橡胶要建未来工厂？",
    ],
)
def test_a_fact_that_does_not_say_all_the_question_says_is_no_answer(store, question: str) -> None:  # type: ignore[no-untyped-def]
    assert ask(store, question).answer is None


def test_the_record_a_fact_is_about_is_named_where_its_text_does_not_say_it(store) -> None:  # type: ignore[no-untyped-def]
    result = ask(
        store,
        "Which Zhejiang University centre in the Qianjiang zone has been recognised as a"
        " provincial new-type R&D centre?",
    )
    assert result.answer is not None and result.answer.entity is not None
    assert result.answer.entity.id == "zju-electrical-center"
    assert result.answer.sentence_en.startswith(result.answer.entity.name.en)
    assert result.answer.sentence_zh.count(result.answer.entity.name.zh) == 1  # said once


def test_a_record_named_by_what_its_facts_say_together(store) -> None:  # type: ignore[no-untyped-def]
    """It opened in 2021 (one fact) and was recognised (another): no one fact says both."""
    result = ask(
        store,
        "Which Zhejiang University centre opened in the Qianjiang zone in 2021 and was"
        " recognised as a provincial new-type R&D centre?",
    )
    assert result.answer is not None and result.answer.entity is not None, result.refusal
    assert result.answer.entity.id == "zju-electrical-center"
    # A year its facts do not give is no answer.
    later = ask(
        store,
        "Which Zhejiang University centre opened in the Qianjiang zone in 2019 and was"
        " recognised as a provincial new-type R&D centre?",
    )
    assert later.answer is None


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("directly", "direct"),
        ("monthly", "month"),
        ("provincially", "provincially"),  # the lexicon says it (a tier), as 'nationally'
        ("supply", "supply"),
        ("assembly", "assembly"),
        ("daily", "daily"),
        ("only", "only"),
    ],
)
def test_an_adverb_meets_its_word(word: str, stem: str) -> None:
    from qtcli.factbase.lexicon import stem as stemmed

    assert stemmed(word) == stem


@pytest.mark.parametrize("plural", ["filings", "rankings", "listings", "buildings"])
def test_the_plural_of_an_ing_noun_meets_its_singular(plural: str) -> None:
    from qtcli.factbase.lexicon import stem

    assert stem(plural) == stem(plural[:-1])


def test_an_unheld_pair_is_a_word_unless_it_straddles_two_held_ones() -> None:
    from qtcli.factbase.lexicon import unheld_words

    df = {"工厂": 3, "开工": 2}
    assert unheld_words(df, ["宁波", "工厂", "开工", "工用"]) == {"宁波"}
    assert unheld_words(df, ["shanghai", "工厂", "c_sign", "tier=national"]) == {"shanghai"}
    # A character standing alone is a word (治 in 是治什么病), unless it is a numeral (十 of
    # 十年前) or part of another term.
    assert unheld_words(df, ["治", "十", "病", "病人"]) == {"治"}


@pytest.mark.parametrize(
    ("name", "metric"),
    [
        ("5G基占", "5g-base-stations"),  # 占 alone reads 'share'; it sounds as 站 does
        ("不良率降底", "defect-rate-reduction"),
        ("5gjizhan", "5g-base-stations"),
    ],
)
def test_a_name_typed_with_a_slip_asks_what_the_name_says(store, name: str, metric: str) -> None:  # type: ignore[no-untyped-def]
    assert lookup_metric(store, name).metric.id == metric


def test_a_facet_word_typed_on_purpose_still_counts(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        lookup_metric(store, "5G基站占比")


@pytest.mark.parametrize(
    "question",
    [
        "How many university students are in Qiantang?",  # held: teachers and students
        "How many provincial smart factories does Qiantang have?",  # and digital workshops
    ],
)
def test_a_count_of_two_kinds_does_not_answer_a_count_of_one(store, question: str) -> None:  # type: ignore[no-untyped-def]
    assert ask(store, question).answer is None


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("How many university teachers and students are in Qiantang?", "teachers-students"),
        # modifiers joined, not two kinds of thing
        ("How many upstream and downstream auto firms are in Qiantang?", "auto-chain-firms"),
    ],
)
def test_a_count_of_both_answers_a_question_naming_both(store, question: str, metric: str) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, question)
    assert result.answer is not None and result.answer.metric is not None
    assert result.answer.metric.id == metric


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("钱塘有多少家制造业企业", ("c_firm",)),
        ("钱塘有多少个制造业项目落地", ("c_project",)),
        # a verb (an event) ends the noun: firms are counted, not the settling
        ("钱塘有多少家企业落户", ("c_firm",)),
    ],
)
def test_a_chinese_count_counts_the_head_of_the_noun_after_its_measure_word(
    store, question: str, counted: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    assert read_question(store, question).reading.counted == counted


def test_a_count_that_ends_a_chinese_question_counts_the_noun_before_it(store) -> None:  # type: ignore[no-untyped-def]
    q = read_question(store, "钱塘区累计引进世界500强项目多少个？")
    assert q.reading.counted == ("c_project",)
    assert ask(store, q.text).answer is None  # not the 75 Fortune 500 companies


@pytest.mark.parametrize(
    ("question", "classifier", "counted"),
    [
        ("2021年整治了多少宗地？", "宗", ("c_land",)),  # 宗 begins 宗地 too: read again
        ("钱塘有几家省级未来工厂？", "家", ("c_future_factory",)),
        ("有多少位博士走进企业？", "位", ("c_phd",)),
        ("有多少个项目？", "个", ("c_project",)),  # 个 counts anything: no kind checked
        ("家数是多少？", "", ()),
    ],
)
def test_the_measure_word_of_a_count_is_read(
    store, question: str, classifier: str, counted: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    reading = read_question(store, question).reading
    assert (reading.classifier, reading.counted) == (classifier, counted)


def test_what_a_chinese_question_measures_is_the_head_of_its_noun_phrase(store) -> None:  # type: ignore[no-untyped-def]
    assert read_question(store, "钱塘区有多少高校学生？").reading.measured == ("学生",)
    assert read_question(store, "钱塘区有多少税收？").reading.measured == ("c_tax",)
    assert ask(store, "钱塘区有多少高校学生？").answer is None  # not the 14 universities
    assert read_question(store, "钱塘的最高荣誉是什么").reading.measured == ("荣誉",)


def test_a_fact_about_the_firm_named_answers_when_it_listed(store) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, "和顺科技什么时候在创业板上市？")
    assert result.answer is not None and result.answer.fact is not None
    assert "2022年3月" in result.answer.sentence_zh


def test_a_reason_is_answered_by_a_fact_that_gives_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from qtcli.index.build import open_store

    from .conftest import FACTS

    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    with (facts / "articles" / "001-qiankai-2022.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[fact]]\nsubject = "zhongce-rubber"\ntopic = "project"\n'
            'text = { zh = "中策橡胶因为要提升生产效率而建设未来工厂。", '
            'en = "Zhongce Rubber built a future factory because it wanted to work faster." }\n'
            'quote = "钱开区"\n'
        )
    result = ask(open_store(facts), "Why did Zhongce Rubber build a future factory?")
    assert result.answer is not None and result.answer.fact is not None
    assert "because" in result.answer.sentence_en


def test_a_fact_about_what_the_question_names_answers_though_it_says_a_metric_s_words(
    store,
) -> None:  # type: ignore[no-untyped-def]
    # 'leading industrial chains' are words of a metric's name, but no figure is asked: the
    # fact about the district named that accounts for the question answers it.
    result = ask(store, "What short slogan sums up Qiantang's five leading industrial chains?")
    assert result.answer is not None and result.answer.fact is not None
    assert "车药芯化航" in result.answer.sentence_zh


@pytest.mark.parametrize(
    ("question", "entity", "said"),
    [
        ("浙江兆奕科技是做什么的？", "zhaoyi-tech", "手机后盖"),
        ("钱塘芯谷发展什么产业？", "qiantang-chip-valley", "半导体"),
        ("沃镭科技领跑哪个细分赛道？", "wolei-tech", "汽车底盘电控制动检测装备"),
        ("What products does Zhongce Rubber make?", "zhongce-rubber", "tyres"),
        # 'what does {name} make': the lexicon's phrase with a slot a name fills
        ("What does Zhongce Rubber produce?", "zhongce-rubber", "tyres"),
        # words of its sector after a name describe it ('CNP pumps'), as in a typed name
        ("What does CNP pumps make?", "nanfang-pump", "pumps"),
        # 啥, the colloquial 什么 (a [[variant]] of the lexicon): 主攻啥 reads as 主攻什么
        ("钱塘芯谷主攻啥产业", "qiantang-chip-valley", "半导体"),
        # words of a metric's name ('leading industries'), but no figure asked of it
        ("What niche does Wolei Technology lead in?", "wolei-tech", "制动检测"),
        # 'develop' an industry, not products: a word of two senses points, it does not demand
        (
            "Which industries is the Qianjin Smart Manufacturing Park developing?",
            "qianjin-park",
            "aerospace",
        ),
    ],
)
def test_what_a_firm_makes_is_what_its_record_says(
    store, question: str, entity: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    answer = _answer(store, question)
    assert answer.entity is not None and answer.entity.id == entity
    assert _says(answer, said)
    # Each language's sentence in its own words.
    assert entity != "zhongce-rubber" or "轮胎" in answer.sentence_zh


def test_a_thing_the_record_does_not_hold_is_not_its_sector(store) -> None:  # type: ignore[no-untyped-def]
    # An industry fund is asked of a chip park: 'semiconductors' is no answer.
    result = ask(store, "钱塘芯谷引进了什么产业基金？")
    assert result.answer is None or "半导体" not in result.answer.sentence_zh


def test_a_thing_of_the_one_firm_named_is_told_by_a_fact_about_it(store) -> None:  # type: ignore[no-untyped-def]
    # 'Which countries' asks a kind of place no record of the firm holds: the fact about the
    # firm that says most of what is asked answers.
    result = ask(store, "杭州松下马达的产品主要出口到哪些国家和地区？")
    assert result.answer is not None and result.answer.fact is not None
    assert result.answer.fact.subject == "panasonic-motor-hangzhou"
    assert "日本" in result.answer.sentence_zh


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # a place no record holds (a board of an exchange): the fact about the firm tells it
        ("和顺科技在哪个板块上市？", "创业板"),
        ("On which board did Heshun Technology list?", "ChiNext"),
        # a person: the fact about the one firm named, though it says more than is asked
        ("Who is Yokohama Rubber's chairman, quoted on the Hangzhou plant?", "山石昌孝"),
    ],
)
def test_a_person_or_place_of_the_one_firm_named_is_told_by_a_fact_about_it(
    store, question: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    answer = _answer(store, question)
    assert answer.fact is not None
    assert _says(answer, said)


@pytest.mark.parametrize(
    "question",
    [
        # the fact about the firm says its listing is expected: it tells no board
        "慧博云通在哪个板上市的？",
        "On which board did Huibo Yuntong list?",
        # a director is asked (the noun before 谁): the fact names the chairman
        "横滨橡胶杭州工厂的厂长是谁？",
    ],
)
def test_a_fact_about_the_firm_that_does_not_tell_what_is_asked_is_no_answer(
    store, question: str
) -> None:  # type: ignore[no-untyped-def]
    assert ask(store, question).answer is None


@pytest.mark.parametrize(
    "question",
    [
        # an intensity is measured, as 'R&D intensity' is: a figure, which no fact gives by
        # saying the word
        "What is Qiantang's carbon emission intensity?",
        "What's Qiantang's energy consumption intensity",
        "钱塘的碳排放强度是什么？",
    ],
)
def test_what_ends_a_metric_s_name_is_a_figure_however_it_is_asked(store, question: str) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, question)
    assert result.answer is None
    assert result.reading.kind == "figure"


def test_a_possessive_names_whose_figure_the_noun_after_it_measures(store) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, "What is Qiantang's R&D intensity?")
    assert result.answer is not None and result.answer.metric is not None
    assert result.answer.metric.id == "rd-intensity"
    # a noun no metric's name ends in is no figure: a fact answers
    said = ask(store, "What is Qiantang's slogan?").answer
    assert said is not None and said.fact is not None


@pytest.mark.parametrize(("year", "answered"), [(2022, True), (2019, False)])
def test_a_fact_told_as_it_stands_is_of_the_year_its_article_was_published(
    store, year: int, answered: bool
) -> None:  # type: ignore[no-untyped-def]
    # The 2022 article says, undated, that KUKA's plant runs unmanned: so it did in 2022.
    result = ask(store, f"Whose custom-furniture future factory ran unmanned in {year}?")
    assert (result.answer is not None) == answered
    if answered:
        assert result.answer is not None and result.answer.entity is not None
        assert result.answer.entity.id == "kuka-home"


def test_a_fact_dated_in_its_own_words_comes_before_one_dated_by_its_article(store) -> None:  # type: ignore[no-untyped-def]
    # The undated fact about the base (its size, its investment) fits 2022 by its article's
    # year, but the fact dated 2022 tells how far the building has come.
    result = ask(store, "How far along was construction at I-Mab's industrialisation base in 2022?")
    assert result.answer is not None and result.answer.fact is not None
    assert "外立面" in result.answer.fact.text.zh


def test_a_month_asked_is_not_met_by_the_year_of_an_article(store) -> None:  # type: ignore[no-untyped-def]
    # Huibo's undated fact (a 2022 article) says no month: the March 2022 listing is Heshun's.
    result = ask(store, "2022年3月在深交所创业板上市的那家钱开区企业叫什么？")
    assert result.answer is not None and result.answer.entity is not None
    assert result.answer.entity.id == "heshun-tech"


def test_a_date_inside_a_phrase_does_not_break_it(store) -> None:  # type: ignore[no-untyped-def]
    q = read_question(store, "Which firm made Zhejiang's first 2022 batch of future factories?")
    assert "c_first_batch" in q.reading.terms and q.year == 2022


def test_a_place_said_by_the_fact_that_answers_is_no_obstacle(store) -> None:  # type: ignore[no-untyped-def]
    # Shenzhen is no record of the base, but the listing fact says it (the exchange's name).
    result = ask(
        store,
        "Which company from the Qianjiang zone listed on the Shenzhen ChiNext board in March?",
    )
    assert result.answer is not None and result.answer.fact is not None
    assert "Heshun" in result.answer.sentence_en


@pytest.mark.parametrize(
    ("name", "metric", "subject"),
    [
        ("中策橡胶投资", "investment", "zhongce-rubber"),
        ("自贸区钱塘区块企业数", "enterprises", "ftz-qiantang"),
        ("Qiantang R&D intensity", "rd-intensity", "qiantang"),
    ],
)
def test_a_typed_name_that_names_a_place_or_firm_gives_its_figures(
    store, name: str, metric: str, subject: str
) -> None:  # type: ignore[no-untyped-def]
    answer = lookup_metric(store, name)
    assert answer.metric.id == metric
    assert answer.observations
    assert {r.observation.subject for r in answer.observations} == {subject}


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("吉利新能源商用车项目什么时候落户钱塘？", "2024年12月"),
        # 'settle on' a direction is no settling in: a word of two senses points only
        (
            "In what year did the Qianjiang zone settle on intelligent manufacturing as its main direction?",
            "2019",
        ),
    ],
)
def test_a_fact_telling_of_the_event_asked_answers_when(store, question: str, said: str) -> None:  # type: ignore[no-untyped-def]
    answer = _answer(store, question)
    assert answer.fact is not None
    assert _says(answer, said)


@pytest.mark.parametrize(
    "question",
    [
        # the noun asked is the firm after 的, not the universities before it
        "钱塘有哪些高校师生创办的企业？",
        "哪几家企业是钱塘高校师生创办的？",
        "Which companies were founded by Qiantang's university teachers and students?",
    ],
)
def test_a_which_asking_for_several_is_answered_by_the_fact_naming_them(
    store, question: str
) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, question)
    assert result.answer is not None and result.answer.fact is not None, result.refusal
    assert all(n in result.answer.sentence_zh for n in ("沃镭科技", "捷诺飞", "壹网壹创"))
    assert result.answer.fact.key == "000-zhizao-2022#f8"


def test_a_plural_kind_further_on_in_the_which_phrase_asks_for_several(store) -> None:  # type: ignore[no-untyped-def]
    result = ask(
        store, "Which benchmark 'aircraft carrier' platforms did Qiantang measure itself against?"
    )
    assert result.answer is not None and result.answer.fact is not None, result.refusal
    assert "Suzhou Industrial Park" in result.answer.sentence_en
    # A plural after the phrase 'which' begins is not what it asks: one carmaker, not several.
    other = ask(
        store,
        "Apart from Geely and Ford, which carmaker is named among Qiantang's vehicle manufacturers?",
    )
    assert other.answer is None or "零跑" in other.answer.sentence_zh


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # the year is the list's, in the fact's own words, told by a 2023 article
        ("上城哪家公司的数字化方案入选了工信部2022年工业互联网APP优秀解决方案？", "普惠智造"),
        (
            "Which Shangcheng company's digital solution made MIIT's 2022 list of excellent industrial internet app solutions?",
            "Puhui",
        ),
    ],
)
def test_a_fact_that_says_the_year_asked_is_of_that_year(store, question: str, said: str) -> None:  # type: ignore[no-untyped-def]
    assert _says(_answer(store, question), said)


def test_a_which_with_a_number_asks_for_several(store) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, "Which three universities have alumni parks in Qiantang Science City?")
    assert result.answer is not None and result.answer.fact is not None, result.refusal
    assert "China Jiliang University" in result.answer.sentence_en


def test_a_which_asking_for_one_is_not_answered_by_a_fact_naming_several(store) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, "Which company makes tyres in Qiantang?")
    assert result.answer is None  # Zhongce and Yokohama both do


def test_full_width_letters_and_ideographic_spaces_read_as_typed_in_ascii(store) -> None:  # type: ignore[no-untyped-def]
    # A Chinese keyboard's full-width mode: letters, digits and spaces (U+3000) all fold.
    question = "ＷＨＡＴ\u3000ｗａｓ\u3000Ｑｉａｎｔａｎｇ'ｓ\u3000Ｒ＆Ｄ\u3000ｉｎｔｅｎｓｉｔｙ\u3000ｉｎ\u3000２０２１？"
    answer = ask(store, question).answer
    assert answer is not None and answer.row is not None
    assert answer.row.observation.value == 4.43
    assert lookup_metric(store, "R&D\u00a0intensity").metric.id == "rd-intensity"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("universites", "universities"),  # a letter left out
        ("intesnity", "intensity"),  # two swapped
        ("staions", "station"),  # the plural of a slip of a phrase's word
        ("produced", None),  # another form of 'producer', not a slip of it
        ("zhongce", None),  # short of six letters' worth of lexicon word: a name
    ],
)
def test_an_english_word_typed_with_a_slip_reads_as_the_word_meant(
    store, typed: str, meant: str | None
) -> None:  # type: ignore[no-untyped-def]
    assert store.lexicon.spelled(typed) == meant


def test_a_question_with_a_slip_in_a_word_is_answered(store) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, "how many universites in qiantang").answer
    assert answer is not None and answer.row is not None
    assert answer.row.observation.metric == "universities"


def test_a_which_with_a_verb_of_change_asks_a_name_not_a_figure(store) -> None:  # type: ignore[no-untyped-def]
    # 提升 ('raise') is a kind of figure's word, but the question asks which platform.
    result = ask(store, "钱塘哪个平台负责提升新材料产业？")
    assert result.answer is not None and result.answer.entity is not None, result.refusal
    assert result.answer.entity.name.zh == "临江高科园"


@pytest.mark.parametrize(
    ("name", "metric", "how"),
    [
        ("有多少博士走进企业", "phds-in-enterprises", "question"),
        # 服务网格 is named, and the rest is what its figure's quote says.
        ("企业被划分成多少个服务网格", "service-grids", "contains"),
    ],
)
def test_a_metric_name_typed_as_a_question_is_read_as_one(name: str, metric: str, how: str) -> None:
    import json

    from typer.testing import CliRunner

    from qtcli.cli.app import app

    result = CliRunner().invoke(app, ["metric", name, "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["metric"]["id"] == metric
    assert payload["match"]["how"] == how


@pytest.mark.parametrize(
    ("args", "subject", "value"),
    [
        # The firm named, its figure described by the other words (its quote says the factory).
        (["Zhongce future factory investment"], "zhongce-rubber", 5),
        (["Yokohama Qiantang plant investment", "--region", "钱塘区"], "yokohama-rubber", 5),
        (["I-Mab base total investment", "--region", "钱塘区"], "i-mab", 56),
        # Outside --region: not found.
        (["Zhongce future factory investment", "--region", "杭州钱江经济开发区"], None, None),
    ],
)
def test_a_metric_name_naming_a_firm_gives_the_firms_figure(
    args: list[str], subject: str | None, value: float | None
) -> None:
    import json

    from typer.testing import CliRunner

    from qtcli.cli.app import app

    result = CliRunner().invoke(app, ["metric", *args, "--json"])
    if subject is None:
        assert result.exit_code == 1, result.stdout
        return
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["observations"]
    assert [(o["subject"]["id"], o["value"]) for o in rows] == [(subject, value)]


def test_a_place_no_record_holds_is_read_where_the_lexicon_reads_it(store) -> None:  # type: ignore[no-untyped-def]
    from qtcli.ask.ask import _places_elsewhere

    # 浙江西部 holds the characters of 江西, but 浙江 is a record the question names.
    q = read_question(store, "上海和浙江西部的企业有多少家？")
    assert _places_elsewhere(store, q) == ["上海"]


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("钱塘2024年出台的人才政策叫什么？", "人才新政30条"),
        ("钱塘那个高校一站式服务平台叫什么名字？", "钱塘校融"),
    ],
)
def test_a_what_is_it_called_is_answered_by_the_fact_that_gives_the_name(
    store, question: str, name: str
) -> None:  # type: ignore[no-untyped-def]
    result = ask(store, question)
    assert result.answer is not None and result.answer.fact is not None, result.refusal
    assert name in result.answer.sentence_zh


@pytest.mark.parametrize(
    ("kind", "name", "found"),
    [
        ("company", "吉利汽车研究院", None),  # holds 吉利, but names a research institute
        ("park", "钱塘芯谷投资公司", None),  # holds 钱塘芯谷, but names a firm
        ("company", "浙江吉利控股集团", "geely"),  # a group is a firm: the same kind
        ("company", "杭州中策", "zhongce-rubber"),  # a place says nothing of kind
        # Another kind's name cut short, its characters in order, with nothing of the kind
        # asked: the institute and the centre, asked as parks.
        ("park", "钱塘低空智谷", "low-altitude-institute"),
        ("park", "浙理工分析测试中心", "zstu"),
        ("park", "中策集团工业园", None),  # a firm's name and more: no park
    ],
)
def test_a_name_held_inside_a_name_of_another_kind_is_not_found(
    store, kind: str, name: str, found: str | None
) -> None:  # type: ignore[no-untyped-def]
    from qtcli.find.query import lookup_entity

    if found is None:
        with pytest.raises(NotFound):
            lookup_entity(store, kind, name)
    else:
        assert lookup_entity(store, kind, name).entity.id == found


def test_a_question_that_says_how_many_there_are_asks_what_they_are(store) -> None:  # type: ignore[no-untyped-def]
    # 'the four parts of…': the parts answer, though no fact says the word 'parts'.
    answer = ask(store, "What are the four parts of Qiantang's 'Four All-Area' push?").answer
    assert answer is not None and answer.fact is not None
    assert "全域共富" in answer.fact.text.zh


def test_a_phase_asked_is_answered_by_the_fact_that_tells_of_it(store) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, "天境一期项目是什么时候投产的？").answer
    assert answer is not None and answer.fact is not None and "一期" in answer.fact.text.zh


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("钱塘产业工人平均工资多少", False),
        ("What is the average wage of Qiantang's industrial workers?", False),
        ("钱塘平均每亩税收多少", True),
    ],
)
def test_an_average_is_answered_only_by_a_figure_per_unit(
    store, question: str, answered: bool
) -> None:  # type: ignore[no-untyped-def]
    """300,000 workers is no average wage; tax per mu is an average over the land."""
    result = ask(store, question)
    assert (result.answer is not None) == answered
    if not answered:  # and a Chinese refusal says so in Chinese
        assert result.refusal and ("average" not in result.refusal or question.isascii())


def test_every_facet_a_refusal_can_name_says_how_in_the_lexicon(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qtcli.factbase.model import FactBase
    from qtcli.factbase.validate import check_lexicon
    from qtcli.find.metrics import Mismatch, describe

    fb = FactBase(tmp_path)
    fb.lexicon += [
        LexiconEntry("facet", "kind=growth", ("增速",), says=("增速", "a growth rate")),
        LexiconEntry("facet", "per=decade", ("每十年",)),
        LexiconEntry("facet", "answer=count", ("几",)),  # asks back: no refusal names it
    ]
    problems = [p.message for p in check_lexicon(fb)]
    assert problems == [
        'facet \'per=decade\': a refusal may name it: give says = { zh = "…", en = "…" }'
    ]
    lexicon = Lexicon(fb.lexicon)
    asked = Mismatch("kind", "not held", ("growth",))
    assert (describe(asked, "zh", lexicon), describe(asked, "en", lexicon)) == (
        "增速",
        "a growth rate",
    )


def test_an_acronym_names_its_record_where_it_is_written_in_capitals(store) -> None:  # type: ignore[no-untyped-def]
    from qtcli.factbase.lexicon import units
    from qtcli.find.mentions import capitals, mentions

    text = "QEDZ robots and hiig"
    _, found = units(text, store.t2s)
    assert capitals(text) == {"qedz"}
    assert [m.entity.id for m in mentions(store, found, capitals(text))] == ["qiankai"]
    assert mentions(store, found) == []  # no acronym unless written in capitals


def test_a_per_cent_sign_standing_as_a_word_is_read_as_one() -> None:
    from qtcli.factbase.lexicon import units

    assert [u.key for u in units("as % of output")[1]] == ["as", "percent", "of", "output"]
    assert "percent" not in [u.key for u in units("贡献了15.5%的税收")[1]]  # a figure's unit


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("How many vehicle makers are in Qiantang?", "vehicle-makers"),
        ("How many carmakers does Qiantang have?", "vehicle-makers"),
        ("钱塘有几家整车企业?", "vehicle-makers"),
        # modifiers joined by 'and' before the noun counted
        (
            "Since 2022, how many key and difficult problems did Qiantang's bureau solve for projects?",
            "project-problems-solved",
        ),
    ],
)
def test_a_count_answers_how_many_of_what_it_counts(store, question: str, metric: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, question).answer
    assert answer is not None and answer.metric.id == metric


@pytest.mark.parametrize(
    "question",
    [
        # what 'how many' counts is a modifier in the metric's name, not what it counts
        "How many cars does Qiantang produce a year?",  # held: vehicle makers (4 家)
        "How many companies does the Qianjiang zone serve through its service grids?",  # 5 grids
    ],
)
def test_a_count_of_other_things_does_not_answer_how_many(store, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, question).answer
    assert answer is None or answer.metric.id not in ("vehicle-makers", "service-grids")


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("specialised", "specialized"),
        ("organisation", "organization"),
        ("recognise", "recognized"),
        ("analysed", "analyzed"),
        ("digitalisation", "digitalization"),
    ],
)
def test_british_and_american_spellings_meet(british: str, american: str) -> None:
    from qtcli.factbase.lexicon import stem

    assert stem(british) == stem(american)


@pytest.mark.parametrize(
    "question",
    [
        # the kind is the head of the phrase 'which' begins: a spin-off, not a university;
        # what it asks, two facts about one firm say together (founded by teachers and
        # students; named a little giant)
        "Which university spin-off in Qiantang became a national specialized-and-sophisticated little giant?",
        "Which Qiantang university spin-off was named a national little giant?",
        "钱塘哪家高校师生创业的企业被评上了国家专精特新“小巨人”？",
    ],
)
def test_facts_about_one_firm_answer_a_which_together(store, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, question).answer
    assert answer is not None and answer.entity is not None
    assert answer.entity.id == "wolei-tech"


def test_a_zones_fact_naming_a_firm_does_not_answer_for_another_record(store) -> None:  # type: ignore[no-untyped-def]
    # The zone signed with an investment group in 2021: that fact is about the zone the
    # question names, and its one firm is no answer to which ZJU centre opened there.
    question = (
        "What's the name of the ZJU innovation centre that opened in the Qianjiang EDZ "
        "in 2021 and became a provincial new-type R&D centre?"
    )
    answer = ask(store, question).answer
    assert answer is None or answer.entity is None or answer.entity.id == "zju-electrical-center"


@pytest.mark.parametrize(
    "question",
    [
        # 'block' and 'pilot' are words of the FTZ block's own name, not of the figure
        "How many companies are clustered in the Qiantang block of the pilot free trade zone?",
        "how many firms are clustered in the Qiantang area of the Zhejiang pilot FTZ",
    ],
)
def test_words_of_a_named_records_own_name_ask_nothing(store, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, question).answer
    assert answer is not None and answer.metric is not None
    assert answer.row is not None
    assert (answer.metric.id, answer.row.observation.value) == ("enterprises", 6300)


def test_a_phrase_next_to_a_name_is_still_what_is_asked(store) -> None:  # type: ignore[no-untyped-def]
    # 'smart factory' is a word of Yokohama Rubber's names, and what the question asks about
    answer = ask(
        store, "In which Qiantang park is the Yokohama Rubber smart factory being built?"
    ).answer
    assert answer is not None and answer.entity is not None and answer.entity.id == "linjiang-park"


@pytest.mark.parametrize(
    "question",
    [
        "What period does Qiantang's newly approved territorial spatial master plan cover?",
        "钱塘国土空间总体规划是哪个期限的",
    ],
)
def test_a_fact_about_a_plan_answers_a_question_about_the_plan(store, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, question).answer
    assert answer is not None and answer.fact is not None
    assert "2021—2035" in answer.fact.text.zh


def test_a_plan_does_not_answer_what_was_achieved(store) -> None:  # type: ignore[no-untyped-def]
    # a question naming no plan is not answered by what a plan sets out
    result = ask(store, "钱塘已经建成现代化国际化产业新城了吗？")
    assert result.answer is None or result.answer.fact is None or result.answer.fact.topic != "plan"


def test_a_question_in_the_words_of_a_definition_names_its_metric(store) -> None:  # type: ignore[no-untyped-def]
    # phd-host-enterprises is defined as the companies the PhDs were placed in; no name of
    # it says 'how many companies is that' of the PhDs sent into companies
    question = (
        "Qiantang's 'PhDs into enterprises' drive has sent 847 doctoral researchers into "
        "companies. How many companies is that?"
    )
    answer = ask(store, question).answer
    assert answer is not None and answer.metric is not None
    assert answer.metric.id == "phd-host-enterprises"


@pytest.mark.parametrize("gloss", [True, False])
def test_a_record_that_says_nothing_of_what_it_does_is_named_alone(store, gloss: bool) -> None:  # type: ignore[no-untyped-def]
    """No empty brackets or dangling colon after a name whose record has no sector or focus."""
    from qtcli.ask.sentences import record_sentences

    entity = store.entity("low-altitude-institute")
    assert entity is not None and not entity.sector and not entity.focus
    source = store.sources([entity.source])[entity.source]
    zh, en = record_sentences(entity, source, gloss)
    assert zh.startswith(entity.name.zh + "(据《")
    assert en.startswith(entity.name.en + " (according to")


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("companies hosting PhDs", "companies"),
        ("PhDs placed in companies", "PhDs"),
        ("smart factories in the cultivation pool", "smart factories"),
        ("new industrial enterprises above designated size", "new industrial enterprises"),
        # No cut: a participle after no plural noun modifies what follows; 'of' introduces
        # what a 'number of' counts; a Chinese name ends in its head.
        ("digital engineering service providers", "digital engineering service providers"),
        ("number of enterprises", "number of enterprises"),
        ("博士入企企业", "博士入企企业"),
    ],
)
def test_an_english_name_is_headed_before_its_post_modifiers(name: str, phrase: str) -> None:
    from qtcli.index.documents import head_phrase

    assert head_phrase(name) == phrase


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # A span of years asked (哪几年) is answered by the fact that states one, though the
        # base dates the fact itself only by its article.
        ("钱塘区国土空间总体规划的规划期是哪几年？", "2021"),
        # Which one of a series (第几轮) is an ordinal, not a rank: the figure that says it.
        ("慧博云通现在在做第几轮融资？", "第三轮"),
        # A name the fact gives that the question does not say (the English text's
        # capitalised words no record it is about is named with) answers 叫什么.
        ("在众能光电实验室搞钙钛矿电池的那位杭电博士叫什么？", "Liang Suxia"),
        # A 'where' that names no kind admits parks and regions; of several the fact names,
        # its words answer (以钱塘的杭州医药港为核心); 哪儿 reads as 哪里.
        ("杭州生物医药“一核四园多点”的“核”是哪里？", "杭州医药港为核心"),
        ("杭州生物医药“一核四园多点”里那个“核”是哪儿？", "杭州医药港为核心"),
        ("Where is the launch window of China Vision Valley?", "launch window"),
        # The noun a 'which' asks about is a cluster, no kind of record: 'zone' elsewhere in
        # the question says where, and the fact that says all the rest answers.
        (
            "Which Xiaoshan cluster (chassis systems) is on the provincial collaborative-zone list?",
            "Xiaoshan",
        ),
    ],
)
def test_what_a_fact_states_answers_what_it_is_asked(store, question: str, said: str) -> None:  # type: ignore[no-untyped-def]
    answer = _answer(store, question)
    assert _says(answer, said), answer.sentence_en


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        # Of the firms a fact names, the one whose own name says the question's word; the
        # projects the fact says of them all tell none apart.
        (
            "Name the microelectronics firm among the key projects the Qianjiang EDZ has brought in.",
            "baixing-micro",
        ),
        # …and a place the question names picks one before a word of a name does (SOM is
        # American; 日建设计's name says 设计).
        ("参与江海之城设计的美国设计机构是哪家", "som"),
    ],
)
def test_the_one_a_fact_names_is_told_apart_by_what_sets_it_apart(
    store, question: str, entity: str
) -> None:  # type: ignore[no-untyped-def]
    answer = _answer(store, question)
    assert answer.entity is not None and answer.entity.id == entity


def test_a_date_question_is_not_answered_by_a_year_in_a_facts_words(store) -> None:  # type: ignore[no-untyped-def]
    # The plan's period (2021—2035) is no date of its approval.
    assert (
        ask(store, "When was Qiantang's territorial spatial master plan approved?").answer is None
    )


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("钱塘有32家企业入选,居全市第二。", {2}),
        ("入选企业数全市第一的是哪个区", {1}),
        ("连续3年位居全市第2位", {2}),
        ("增幅全省首位", {1}),
        ("Which district topped the list?", {1}),
        ("Qiantang ranked No. 2 in Hangzhou", {2}),
        ("ranked second among the districts", {2}),
        # a batch, a first of its kind: no place in an order
        ("入选2022年浙江省第一批未来工厂", set()),
        ("浙江第一个省级新区", set()),
        ("the first batch of future factories", set()),
    ],
)
def test_the_places_in_an_order_a_text_states(text: str, places: set[int]) -> None:
    assert places_stated(text) == places


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        # 第一个 and 首个 both say the first of its kind; the noun a 'what kind' asks
        # (级别) is answered by an instance (省级), not said.
        ("钱塘是浙江第一个什么级别的新区？", "浙江首个省级新区"),
        # Of facts that say as much, the one that also names the place the question names.
        ("Qiantang was Zhejiang's first what kind of new area?", "浙江首个省级新区"),
        # A plan is what '怎么规划的' asks about, whether or not it says 规划.
        ("钱开区的空间结构是怎么规划的？", "一轴两带双心"),
        # A fact that says all the question says, naming the firms, answers before a firm
        # whose own record shares a few of its words.
        ("钱开区推动哪些骨干企业开展工厂物联网建设？", "米格电机"),
        # What a 'which' asks for is no kind of record (a list): the fact saying it all tells.
        ("钱塘入选了杭州市哪个培育名单", "人工智能创新发展区"),
    ],
)
def test_a_fact_answers_in_the_words_it_was_said_with(store, question: str, quoted: str) -> None:  # type: ignore[no-untyped-def]
    answer = ask(store, question).answer
    assert answer is not None and quoted in answer.quote


@pytest.mark.parametrize(
    ("name", "region", "metric", "value"),
    [
        # Words no metric's name says, said in the clause of the place's own figure.
        ("建德闲置工业用地", "杭州尚深小微园", "land-area", 115),
        # A word naming the place --region gives says where, as --region does.
        ("新增产业空间 智慧城北园区", "钱塘智慧城北园区", "new-industrial-space", 40),
    ],
)
def test_a_place_s_own_figure_is_found_by_the_words_of_its_quote(  # type: ignore[no-untyped-def]
    store, name: str, region: str, metric: str, value: float
) -> None:
    found = lookup_metric(store, name, place=region)
    assert found.metric.id == metric
    assert [r.observation.value for r in found.observations] == [value]


@pytest.mark.parametrize(
    ("name", "year"),
    [
        # The words are the metric's own (技改投资 says industrial investment): no quote
        # makes the part a whole.
        ("工业投资总额", 2022),
        # GDP is said by R&D's share of it: a share comes only when a share is asked.
        ("地区生产总值", 2024),
        # An amount asked is no count of projects whose quote says trade.
        ("外贸进出口总额", None),
    ],
)
def test_a_quote_that_says_the_words_of_another_figure_finds_nothing(  # type: ignore[no-untyped-def]
    store, name: str, year: int | None
) -> None:
    with pytest.raises(NotFound):
        lookup_metric(store, name, year=year, place="钱塘区")


def test_only_a_word_that_is_most_of_the_place_s_name_is_taken_for_it(store) -> None:  # type: ignore[no-untyped-def]
    """'industry' is a word of many names of places; it does not say --region's place."""
    found = lookup_metric(store, "IC industry scale", year=2021, place="钱塘区")
    assert found.metric.id == "ic-industry-scale"


@pytest.mark.parametrize(
    ("question", "names"),
    [
        # Records that fit a 'which ones' alike are all the answer, each with its record.
        ("钱开区北部区块有哪些企业？", ("菜鸟网络", "比亚迪", "南方泵业")),
        # The zone named beside its block says where the block is: the block's firms, not
        # the zone's, nor a zone's fact that names firms.
        ("Which companies are in the Northern Block of QEDZ?", ("菜鸟网络", "比亚迪", "南方泵业")),
    ],
)
def test_several_records_that_fit_a_which_ones_alike_are_all_named(  # type: ignore[no-untyped-def]
    store, question: str, names: tuple[str, ...]
) -> None:
    result = ask(store, question)
    assert result.answer is not None, result.refusal
    assert all(n in result.answer.sentence_zh for n in names)
    shown = {a.entity.id for a in (result.answer, *result.alternatives) if a.entity}
    assert len(shown) == 1 + len(result.alternatives) >= len(names)
    # Asked for one, the same records are no answer: either might be meant.
    assert ask(store, "钱开区北部区块有哪家企业？").answer is None


def test_the_head_of_a_chinese_compound_noun_is_its_last_kind_word(store) -> None:  # type: ignore[no-untyped-def]
    """'哪家高校师生创业企业': a start-up (its last noun), not a university."""
    result = ask(store, "哪家高校师生创业企业入选了国家专精特新“小巨人”？")
    assert result.answer is not None and result.answer.entity is not None, result.refusal
    assert result.answer.entity.name.zh == "沃镭科技"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("市场占有率第一", "rank"),
        ("2023年第一季度产值", None),  # a quarter, no rank
        ("第一次", None),
        ("第一轮融资", None),
        ("第一期", None),
    ],
)
def test_first_alone_is_a_rank_but_not_in_a_date_a_time_or_a_series(  # type: ignore[no-untyped-def]
    store, text: str, kind: str | None
) -> None:
    said = read_text(store.lexicon, text).facets.get("kind", frozenset())
    assert ("rank" in said) is (kind == "rank")


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("兆奕科技位于钱塘哪个街道？", "河庄街道"),  # 位于 asks where, as 'located' does
        ("Which Japanese design firm takes part in planning Jianghai City?", "日建设计"),
        ("钱塘区国土空间总体规划规划到哪一年？", "2035"),  # until when: the span's end
        ("钱塘累计形成市以上制度创新成果多少项？", "52"),  # 市以上 is the name's tier
        ("一季度杭州新建标准厂房多少万方？", "91"),  # a quarter of no year is a time, no word
        ("今年一季度杭州新建标准厂房多少万方？", "91"),  # so is 今年 of no report
    ],
)
def test_words_for_where_whose_and_until_when_are_read(  # type: ignore[no-untyped-def]
    store, question: str, said: str
) -> None:
    result = ask(store, question)
    assert result.answer is not None, result.refusal
    assert said in result.answer.sentence_zh
