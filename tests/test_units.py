"""Unit tests of the small pieces every answer goes through: records, the codec, folding, wording."""

from __future__ import annotations

import pytest

from qtcli.factbase import codec
from qtcli.factbase.load import SCHEMA
from qtcli.factbase.model import Entity, Fact, Metric, Name, Observation, Related, Source, Text
from qtcli.index.normalize import fold, strip_places, strip_suffixes
from qtcli.present.wording import (
    Quantity,
    english_amount,
    plain_number,
    value_en,
    value_zh,
    when_text,
)
from qtcli.records import fields, record, replace


@record
class Point:
    x: int
    y: int = 0
    label: str = ""
    origin: str = ""


def test_records_are_frozen_values() -> None:
    p = Point(1, label="a", origin="f.toml:1")
    assert p == Point(1, 0, "a") and hash(p) == hash(Point(1, 0, "a"))  # origin not compared
    assert repr(p) == "Point(x=1, y=0, label='a', origin='f.toml:1')"
    assert fields(p) == ("x", "y", "label", "origin")
    assert replace(p, y=5) == Point(1, 5, "a")
    with pytest.raises(AttributeError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, nope=2)  # type: ignore[call-arg]


SAMPLES = {
    "source": Source(
        "s",
        "a.txt",
        "0" * 64,
        Text("标题", "Title"),
        (Name("作者", "Author", "pinyin"),),
        "2022",
        Text("依据", "how"),
        kicker=Text("k", "k"),
        not_before="2022-01",
        note=Text("说明", "n"),
    ),
    "company": Entity(
        "company",
        "c",
        Name("中策", "Zhongce"),
        "s",
        "q",
        aliases=("ZC",),
        sector=Text("轮胎", "tyres"),
        region="r",
        park="p",
        region_note=Text("说明", "rn"),
        parent="c2",
        related=(Related("c3", "brand"),),
        note=Text("说明", "n"),
    ),
    "park": Entity(
        "park",
        "p",
        Name("园", "Park"),
        "s",
        "q",
        aliases=("P",),
        note=Text("说明", "n"),
        type="industrial-park",
        region="r",
        region_note=Text("说明", "rn"),
        parent="p2",
        focus=(Text("药", "drugs"),),
    ),
    "region": Entity(
        "region",
        "r",
        Name("区", "District"),
        "s",
        "q",
        aliases=("R",),
        note=Text("说明", "n"),
        level="district",
        parent="city",
    ),
    "org": Entity(
        "org",
        "o",
        Name("大学", "University"),
        "s",
        "q",
        aliases=("U",),
        note=Text("说明", "n"),
        type="university",
        park="p",
        region="r",
        parent="o2",
    ),
    "metric": Metric(
        "m",
        Text("指标", "metric"),
        "%",
        "rank",
        Text("定义", "definition"),
        ("alias",),
        "noun",
        of="growth",
        base="m0",
        scope="new",
        per="mu",
        among="city",
        tier="provincial",
        role="contribution",
    ),
    "observation": Observation(
        "f#o1",
        "m",
        "c",
        4.5,
        "%",
        "s",
        "q",
        qualifier="over",
        year=2021,
        period="2021-01/2021-08",
        status="target",
        printed="超4.5%",
        misprint=True,
        reading="an interpretation",
        also_quoted=("q2",),
        note=Text("说明", "n"),
        as_of="2022-09",
    ),
    "fact": Fact(
        "f#f1",
        "c",
        Text("事实", "fact"),
        "s",
        "q",
        about=("p",),
        topic="award",
        year=2022,
        date="2022-03",
        period="2022-Q1",
        also_quoted=("q2",),
        note=Text("说明", "n"),
    ),
}
DECODE = {
    "source": codec.source_from_dict,
    "metric": codec.metric_from_dict,
    "observation": codec.observation_from_dict,
    "fact": codec.fact_from_dict,
}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_the_codec_round_trips_every_field_of_the_schema(kind: str) -> None:
    record_ = SAMPLES[kind]
    stored = codec.to_dict(record_)
    decode = DECODE.get(kind, codec.entity_from_dict)
    assert decode(stored) == record_
    # Every field a TOML record may carry is one the stored form keeps (so the index holds it).
    # (`review` marks a draft, which load keeps apart: it is not a field of a record.)
    assert set(SCHEMA[kind]) - {"review"} <= set(stored) | {"source", "unit"}


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("中策橡膠 (Ｚhongce)", "中策橡胶zhongce"),  # traditional, full-width, punctuation
        ("R&D  Intensity", "rdintensity"),
        ("钱塘区·下沙", "钱塘区下沙"),
        ("ＡＢＣ１２３", "abc123"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    from opencc import OpenCC

    table = {c: OpenCC("t2s").convert(c) for c in text}
    assert fold(text, table) == folded


@pytest.mark.parametrize(
    ("key", "stripped"),
    [
        ("中策橡胶集团有限公司", "中策橡胶"),
        ("zhongcerubbergroupcoltd", "zhongcerubber"),
        ("公司", "公司"),
    ],
)
def test_strip_suffixes(key: str, stripped: str) -> None:
    assert strip_suffixes(key) == stripped


def test_strip_places_keeps_two_characters() -> None:
    assert strip_places("杭州中欣晶圆") == "中欣晶圆"
    assert strip_places("杭州市") == "杭州市"


@pytest.mark.parametrize(
    ("quantity", "zh", "en"),
    [
        (Quantity(5, "亿元", "nearly"), "近5亿元", "nearly CNY 500 million"),
        (Quantity(55.3, "亿元"), "55.3亿元", "CNY 5.53 billion"),
        (Quantity(4.43, "%"), "4.43%", "4.43%"),
        (Quantity(2, "位", kind="rank"), "第2位", "No. 2"),
        (Quantity(3, "轮", kind="ordinal", noun="round"), "第3轮", "round No. 3"),
        (Quantity(1913, "个", noun="5G base stations"), "1913个", "1,913 5G base stations"),
        (Quantity(1, "家", noun="firms"), "1家", "1 firm"),
        (Quantity(30, "万人", "over"), "超30万人", "over 300,000 people"),
        (
            Quantity(454, "%", printed="454%", misprint=True),
            "454%(原文作“454%”)",
            "454% (printed as “454%”)",
        ),
        (Quantity(5, "亿元", "nearly", printed="近5亿元"), "近5亿元", "nearly CNY 500 million"),
    ],
)
def test_value_wording(quantity: Quantity, zh: str, en: str) -> None:
    assert value_zh(quantity) == zh
    assert value_en(quantity) == en


@pytest.mark.parametrize(
    ("value", "scale", "words"),
    [
        (55.3, 10**8, "5.53 billion"),
        (32.5, 10**4, "325,000"),
        (0.1, 10**8, "10 million"),
        (3700, 10**8, "370 billion"),
    ],
)
def test_english_amount_moves_the_point_not_the_float(value: float, scale: int, words: str) -> None:
    assert english_amount(value, scale) == words


def test_plain_number_has_no_float_noise() -> None:
    assert [plain_number(v) for v in (4.54, 3700, 0.5, 1e-05, -2.0)] == [
        "4.54",
        "3700",
        "0.5",
        "0.00001",
        "-2",
    ]


@pytest.mark.parametrize(
    ("year", "period", "status", "zh", "en"),
    [
        (2022, "2022-01/2022-08", "actual", "2022年1-8月", "Jan–Aug 2022"),
        (2023, "2023-Q1", "actual", "2023年一季度", "Q1 2023"),
        (2022, "2019/2022", "actual", "2019—2022年", "2019–2022"),
        (2025, None, "target", "目标(2025年)", "target for 2025"),
        (None, None, "recurring", "每年", "every year"),
        (None, None, "actual", "", ""),
    ],
)
def test_when_text(year: int | None, period: str | None, status: str, zh: str, en: str) -> None:
    assert when_text(year, period, status, "zh") == zh
    assert when_text(year, period, status, "en") == en
