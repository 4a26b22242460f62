"""Deliberately broken fact bases: `qt check` exits 3 naming every problem with its file and line."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app

runner = CliRunner()
ARTICLE = "中策橡胶投资近5亿元打造工厂。钱塘区的工厂很好。"

SOURCES = """# test sources
[[source]]
id = "s1"
file = "a.txt"
sha256 = "{sha}"
title = {{ zh = "标题", en = "Title" }}
authors = [{{ zh = "作者", en = "Zuo Zhe", en_source = "pinyin" }}]
date = "2022"
date_basis = {{ zh = "测试。", en = "A test." }}
"""
ENTITIES = """# test entities
[[region]]
id = "r1"
name = { zh = "钱塘区", en = "Qiantang District" }
level = "district"
source = "s1"
quote = "钱塘区的工厂很好"

[[company]]
id = "c1"
name = { zh = "中策橡胶", en = "Zhongce Rubber" }
region = "r1"
source = "s1"
quote = "中策橡胶投资近5亿元"
note = { zh = "测试用的说明。", en = "A note for the test." }
"""
METRICS = """# test metrics
[[metric]]
id = "investment"
name = { zh = "总投资", en = "total investment" }
unit = "亿元"
kind = "amount"
definition = { zh = "投资额。", en = "Money invested." }
"""
ARTICLE_FACTS = """# test article
default_source = "s1"

[[observation]]
metric = "investment"
subject = "c1"
year = 2022
value = 5
qualifier = "nearly"
quote = "中策橡胶投资近5亿元"
note = { zh = "一项投资。", en = "An investment." }

[[fact]]
subject = "c1"
text = { zh = "中策橡胶打造工厂。", en = "Zhongce Rubber builds a factory." }
quote = "打造工厂"
"""


def make_base(root: Path) -> tuple[Path, Path]:
    facts, seeds = root / "facts", root / "seeds"
    (facts / "articles").mkdir(parents=True)
    seeds.mkdir()
    (seeds / "a.txt").write_text(ARTICLE, encoding="utf-8")
    sha = hashlib.sha256(ARTICLE.encode()).hexdigest()
    (facts / "sources.toml").write_text(SOURCES.format(sha=sha), encoding="utf-8")
    (facts / "entities.toml").write_text(ENTITIES, encoding="utf-8")
    (facts / "metrics.toml").write_text(METRICS, encoding="utf-8")
    (facts / "articles" / "a.toml").write_text(ARTICLE_FACTS, encoding="utf-8")
    return facts, seeds


def edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(facts: Path) -> None:
        path = facts / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def append(name: str, extra: str) -> Callable[[Path], None]:
    def apply(facts: Path) -> None:
        with (facts / name).open("a", encoding="utf-8") as handle:
            handle.write(extra)

    return apply


def test_the_minimal_base_is_valid(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    result = runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 0, result.stderr
    assert runner.invoke(app, ["company", "中策", "--facts", str(facts)]).exit_code == 0


# A lexicon that knows 占比 says a share, and a share metric whose alias is given.
SHARE_FACET = (
    '[[facet]]\ndimension = "kind"\nvalue = "share"\nzh = ["占比"]\nen = ["share"]\n'
    'says = { zh = "比重", en = "a share" }\n'
)
SHARE_METRIC = """
[[metric]]
id = "investment-share"
name = {{ zh = "投资占比", en = "investment share" }}
aliases = ["{alias}"]
unit = "%"
kind = "share"
definition = {{ zh = "投资的占比。", en = "Investment as a share." }}
"""


def test_an_alias_that_says_its_metrics_kind_is_valid(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    append("lexicon.toml", SHARE_FACET)(facts)
    append("metrics.toml", SHARE_METRIC.format(alias="投资所占比"))(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert "investment-share" not in result.stderr


BROKEN = [
    (
        "syntax",
        edit("entities.toml", 'level = "district"', 'level = "district'),
        "entities.toml:5:",
        "TOML syntax error",
    ),
    (
        "missing field",
        edit("articles/a.toml", 'quote = "打造工厂"\n', ""),
        "a.toml:13",
        "fact: missing field 'quote'",
    ),
    (
        "mistyped field",
        edit("articles/a.toml", "year = 2022", 'year = "2022"'),
        "a.toml:4",
        "field 'year' must be an integer",
    ),
    (
        "unknown field",
        edit("entities.toml", 'level = "district"', 'level = "district"\ncolour = "red"'),
        "entities.toml:2",
        "unknown field 'colour'",
    ),
    (
        "duplicate id",
        append("entities.toml", ENTITIES.split("[[company]]")[1].join(["\n[[company]]", ""])),
        "entities.toml:",
        "duplicate id 'c1'",
    ),
    (
        "unknown reference",
        edit("articles/a.toml", 'subject = "c1"\nyear', 'subject = "nope"\nyear'),
        "a.toml:4",
        "subject 'nope' does not exist",
    ),
    (
        "shared alias",
        append(
            "entities.toml",
            '\n[[company]]\nid = "c2"\nname = { zh = "别的", en = "Other" }\naliases = ["中策橡胶"]\nsource = "s1"\nquote = "打造工厂"\n',
        ),
        "entities.toml:",
        "'中策橡胶' is also a name or alias of 'c1'",
    ),
    (
        "no source",
        edit("articles/a.toml", 'default_source = "s1"\n', ""),
        "a.toml:",
        "missing field 'source'",
    ),
    (
        "unknown unit",
        edit("articles/a.toml", "value = 5\n", 'value = 5\nunit = "furlongs"\n'),
        "a.toml:4",
        "unknown unit 'furlongs'",
    ),
    (
        "unknown qualifier",
        edit("articles/a.toml", '"nearly"', '"roughly"'),
        "a.toml:4",
        "unknown qualifier 'roughly'",
    ),
    (
        "year out of range",
        edit("articles/a.toml", "year = 2022", "year = 1800"),
        "a.toml:4",
        "year 1800 is outside 1949–2100",
    ),
    (
        "empty English",
        edit("entities.toml", 'en = "Zhongce Rubber"', 'en = ""'),
        "entities.toml:",
        "the English name is empty",
    ),
    (
        "empty Chinese note",
        edit("entities.toml", 'zh = "测试用的说明。"', 'zh = " "'),
        "entities.toml:9",
        "company 'c1': the Chinese note is empty",
    ),
    (
        "empty English note",
        edit("articles/a.toml", 'en = "An investment."', 'en = ""'),
        "a.toml:4",
        "the English note is empty",
    ),
    (
        "empty Chinese date_basis",
        edit("sources.toml", 'zh = "测试。"', 'zh = ""'),
        "sources.toml:2",
        "source 's1': the Chinese date_basis is empty",
    ),
    (
        "note in one language only",
        edit(
            "articles/a.toml",
            'note = { zh = "一项投资。", en = "An investment." }',
            'note = "An investment."',
        ),
        "a.toml:4",
        "field 'note' must be a table { zh",
    ),
    (
        "an alias that drops its metric's kind",
        lambda facts: (
            append("lexicon.toml", SHARE_FACET)(facts),
            append("metrics.toml", SHARE_METRIC.format(alias="投资"))(facts),
        ),
        "metrics.toml:",
        "metric 'investment-share': its alias '投资' does not say share, which its name says",
    ),
    (
        "an empty spelling",
        lambda facts: append("lexicon.toml", '[[variant]]\nreads = "什么"\nzh = [" "]\n')(facts),
        "lexicon.toml:",
        "variant '什么': a word and its spellings must not be empty",
    ),
    (
        "bad period",
        edit("articles/a.toml", "year = 2022", 'year = 2022\nperiod = "spring"'),
        "a.toml:4",
        "period 'spring' must look like",
    ),
]


@pytest.mark.parametrize(
    ("name", "breakage", "location", "message"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_each_breakage_is_reported_with_file_and_line(
    tmp_path: Path, name: str, breakage, location: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    facts, _ = make_base(tmp_path)
    breakage(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3, result.stdout
    lines = [line for line in result.stderr.splitlines() if message in line]
    assert lines, result.stderr
    assert location in lines[0], lines[0]
    lookup = runner.invoke(app, ["company", "中策", "--facts", str(facts)])
    assert lookup.exit_code == 3
    assert lookup.stderr.startswith("qt: 事实库有误:")  # Chinese unless --lang or QT_LANG says
    assert len(lookup.stderr.strip().splitlines()) == 1
    assert "Traceback" not in lookup.stderr
    english = runner.invoke(app, ["company", "中策", "--facts", str(facts), "--lang", "en"])
    assert english.stderr.startswith("qt: the fact base is invalid: ")


def test_quote_not_in_article_is_caught_with_sources(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    edit("articles/a.toml", 'quote = "打造工厂"', 'quote = "建设工厂"')(facts)
    assert runner.invoke(app, ["check", "--facts", str(facts)]).exit_code == 0
    result = runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 3
    assert "a.toml:13: fact about 'c1': quote not found in 'a.txt': “建设工厂”" in result.stderr


# The base's one observation again, with another note, in a file of its own.
TWICE = ARTICLE_FACTS.split("[[fact]]")[0].replace("一项投资。", "同一项投资。")


def test_a_figure_recorded_twice_is_a_curation_problem(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    (facts / "articles" / "b.toml").write_text(TWICE, encoding="utf-8")
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3
    assert (
        "b.toml:4: observation of 'investment' for 'c1': the same figure from the same quote "
        "is recorded already (at "
    ) in result.stderr
    assert "a.toml:4)" in result.stderr  # where the first one is
    assert runner.invoke(app, ["company", "中策", "--facts", str(facts)]).exit_code == 0


@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("value = 5", "value = 4"),
        ("year = 2022", "year = 2021"),
        ("year = 2022", 'year = 2022\nas_of = "2022-08"'),
    ],
)
def test_the_same_quote_for_another_figure_is_not_twice(
    tmp_path: Path, field: str, other: str
) -> None:
    facts, _ = make_base(tmp_path)
    (facts / "articles" / "b.toml").write_text(TWICE.replace(field, other), encoding="utf-8")
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert "recorded already" not in result.stderr


def test_changed_article_fails_its_sha256(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    (seeds / "a.txt").write_text(ARTICLE + "又一句。", encoding="utf-8")
    result = runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 3 and "does not match its sha256" in result.stderr


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    edit("articles/a.toml", '"nearly"', '"roughly"')(facts)
    edit("articles/a.toml", "year = 2022", "year = 1800")(facts)
    edit("entities.toml", 'region = "r1"', 'region = "r9"')(facts)
    result = runner.invoke(app, ["check", "--facts", str(facts), "--json"])
    assert result.exit_code == 3
    import json

    messages = [p["message"] for p in json.loads(result.stdout)["problems"]]
    assert len(messages) == 3, messages


def test_not_utf8(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    (facts / "latin.toml").write_bytes("# caf\xe9\n".encode("latin-1"))
    result = runner.invoke(app, ["check", "--facts", str(facts)])
    assert result.exit_code == 3 and "latin.toml: is not UTF-8" in result.stderr


@pytest.mark.parametrize("state", ["missing", "empty", "file"])
def test_missing_or_empty_facts_directory(tmp_path: Path, state: str) -> None:
    target = tmp_path / "facts"
    if state == "empty":
        target.mkdir()
    elif state == "file":
        target.write_text("not a directory")
    result = runner.invoke(app, ["check", "--facts", str(target)])
    assert result.exit_code == 3
    expected = {
        "missing": "does not exist",
        "empty": "holds no .toml files",
        "file": "is not a directory",
    }[state]
    assert expected in result.stderr
    assert runner.invoke(app, ["company", "x", "--facts", str(target)]).exit_code == 3


def test_check_never_writes_into_the_fact_base(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    before = {p: p.read_bytes() for p in facts.rglob("*") if p.is_file()}
    runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(seeds), "--coverage"])
    runner.invoke(app, ["company", "中策", "--facts", str(facts)])
    after = {p: p.read_bytes() for p in facts.rglob("*") if p.is_file()}
    assert before == after
