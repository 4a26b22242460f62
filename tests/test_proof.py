"""Every stored value is proven from its printed form or quote, or marked as a reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.factbase.load import read_factbase
from qtcli.factbase.model import Observation
from qtcli.factbase.proof import check_values, proven

from .conftest import FACTS
from .test_broken_factbase import edit, make_base

runner = CliRunner()


def obs(
    value: float, unit: str, qualifier: str, quote: str, printed: str | None = None
) -> Observation:
    return Observation("k", "m", "s", value, unit, "src", quote, qualifier, printed=printed)


@pytest.mark.parametrize(
    ("observation", "expected"),
    [
        (obs(5, "亿元", "nearly", "中策橡胶投资近5亿元打造"), True),
        (obs(5, "亿元", "exact", "中策橡胶投资近5亿元打造"), False),  # the qualifier counts
        (obs(500, "亿元", "nearly", "中策橡胶投资近5亿元打造"), False),  # so does the value
        (obs(5, "万元", "nearly", "中策橡胶投资近5亿元打造"), False),  # and the unit
        (obs(1000, "家", "over", "已诞生创业企业千余家", "千余家"), True),
        (obs(50, "%", "nearly", "入选数量占全省近一半", "近一半"), True),
        (obs(2, "位", "exact", "保持全省第二", "全省第二"), True),
        (obs(25, "万人", "exact", "14所高校、25万师生齐聚于此", "25万"), True),  # from the quote
        (obs(1, "万亿元", "exact", "核心产业规模力争达万亿元", "万亿元"), True),
        (obs(10, "亿元", "at_least", "投资10-20亿元"), True),  # a range is two figures
        (obs(20, "亿元", "at_most", "投资10-20亿元"), True),
        (obs(20, "亿元", "exact", "投资10-20亿元"), False),
        (obs(10, "%", "at_least", "实现两位数增长", "两位数增长"), False),  # an interpretation
    ],
)
def test_proven(observation: Observation, expected: bool) -> None:
    assert proven(observation) is expected


def test_every_shipped_value_is_proven_or_marked() -> None:
    fb, problems = read_factbase(FACTS)
    assert problems == []
    assert list(check_values(fb)) == []
    readings = [o for o in fb.observations if o.reading]
    assert readings and all(not proven(o) for o in readings)
    # A misprint may be in the words ('腾出用地49.5万吨' for 用能) or in the number ('454%').
    assert any(not proven(o) for o in fb.observations if o.misprint)


def check(facts: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    return result.exit_code, result.stderr


def test_a_value_its_words_do_not_say_is_reported(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    edit("articles/a.toml", "value = 5\n", "value = 50\n")(facts)
    code, err = check(facts)
    assert code == 3
    assert (
        "a.toml:4: observation of 'investment' for 'c1': 50 '亿元' (nearly) is not what its "
        "printed form or quote says" in err
    )
    # A curation check: lookups still answer.
    assert runner.invoke(app, ["company", "中策", "--facts", str(facts)]).exit_code == 0


def test_a_reading_explains_an_interpretation(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    edit("articles/a.toml", 'qualifier = "nearly"\n', 'qualifier = "about"\n')(facts)
    assert check(facts)[0] == 3
    edit(
        "articles/a.toml",
        'qualifier = "about"\n',
        'qualifier = "about"\nreading = "近 read as about, for the test"\n',
    )(facts)
    assert check(facts) == (0, "")


def test_a_reading_on_a_proven_value_is_reported(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    edit("articles/a.toml", "value = 5\n", 'value = 5\nreading = "needless"\n')(facts)
    code, err = check(facts)
    assert code == 3 and "is read from its printed form; drop 'reading'" in err


def test_an_empty_reading_is_reported(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    edit("articles/a.toml", "value = 5\n", 'value = 500\nreading = " "\n')(facts)
    code, err = check(facts)
    assert code == 3 and "'reading' must say why" in err


def test_a_kept_misprint_needs_no_reading(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    edit(
        "articles/a.toml",
        "value = 5\n",
        'value = 0.5\nprinted = "5亿元"\nmisprint = true\n',
    )(facts)
    assert check(facts) == (0, "")


# Each observation's proof in the index (compiled with its file, units resolved once the metrics
# are known) says what check_values says of the records read whole: on both unit paths (its own,
# its metric's from a file read after it), built at once and updated after an edit.
PROOF_CASES = """
[[observation]]
metric = "investment"
subject = "c1"
year = {year}
value = {value}
qualifier = "nearly"
quote = "中策橡胶投资近5亿元"
{extra}
"""
PROOF_EXTRAS = [
    (5, ""),  # proven
    (6, ""),  # not proven, no reading
    (5, 'reading = "needless"'),  # a reading on a proven value
    (6, 'reading = "near enough, for the test"'),  # an interpretation
    (6, 'reading = " "'),  # a blank reading on a value not proven
    (5, 'reading = " "'),  # and on one proven
    (7, "misprint = true"),  # a kept misprint
]


def _proof_base(root: Path, own_unit: bool, metrics_file: str) -> Path:
    facts, _ = make_base(root)
    unit = '\nunit = "亿元"' if own_unit else ""
    body = "".join(
        PROOF_CASES.format(year=2010 + i, value=v, extra=extra + unit)
        for i, (v, extra) in enumerate(PROOF_EXTRAS)
    )
    (facts / "articles" / "b.toml").write_text('default_source = "s1"\n' + body, "utf-8")
    (facts / "metrics.toml").rename(facts / metrics_file)
    return facts


@pytest.mark.parametrize("own_unit", [True, False], ids=["own unit", "metric's unit"])
@pytest.mark.parametrize("edited", [False, True], ids=["built", "updated"])
@pytest.mark.parametrize(
    "metrics_file", ["0-metrics.toml", "zz-metrics.toml"], ids=["metric first", "metric last"]
)
def test_the_index_proves_what_check_values_says(
    tmp_path: Path, own_unit: bool, edited: bool, metrics_file: str
) -> None:
    from qtcli.index.build import curation

    facts = _proof_base(tmp_path, own_unit, metrics_file)
    if edited:
        curation(str(facts))  # built before the edit, then brought up to date
        edit("articles/b.toml", "value = 5\n", "value = 8\n")(facts)
    whole = [(p.location, p.message) for p in check_values(read_factbase(facts)[0])]
    indexed = [(p.location, p.message) for p in curation(str(facts))]
    assert indexed == whole
    assert len(whole) >= 5  # every kind of message is among them
