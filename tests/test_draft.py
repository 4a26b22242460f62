"""`qt draft`: proposed records for a new article, reviewed, accepted, and then proven by `qt check`."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qtcli.cli.app import app
from qtcli.draft.accept import accepted_text
from qtcli.draft.propose import draft
from qtcli.draft.suggest import candidate_names
from qtcli.factbase.load import SCHEMA
from qtcli.index.build import open_store
from qtcli.present.wording import UNITS

from .conftest import FACTS, SEEDS
from .test_broken_factbase import make_base

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

runner = CliRunner()
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")

# A new article for the minimal test base (钱塘区 r1, 中策橡胶 c1, metric 'investment').
NEW = """今年1-8月,钱塘区完成总投资近5亿元,同比增长10.5%。

中策橡胶投资约3亿元打造工厂,杭州星河科技有限公司落户钱塘区。

截至目前,钱塘区已有企业1600余家,位居全省第二。

2021年,“三纵三横”的路网建成,5G基站遍布。
"""


def new_article(root: Path) -> Path:
    path = root / "new.txt"
    path.write_text(NEW, encoding="utf-8")
    return path


def test_each_figure_with_its_time_subject_and_metric(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    drafts = draft(open_store(facts), NEW, "s1", 2022, None)
    rows = [
        (p.value, p.unit, p.qualifier, p.year, p.period, p.subject, p.metric, p.printed)
        for p in drafts.observations
    ]
    assert rows == [
        (5, "亿元", "nearly", 2022, "2022-01/2022-08", "r1", "investment", "近5亿元"),
        (10.5, "%", "exact", 2022, "2022-01/2022-08", "r1", "new", None),
        (3, "亿元", "about", None, None, "c1", "investment", "约3亿元"),
        (1600, "家", "over", 2022, None, "r1", "new", "1600余家"),
        (2, "位", "exact", 2022, None, "r1", "new", "全省第二"),
    ]
    growth = drafts.observations[1]
    assert growth.metric_name == "总投资同比增长"
    assert growth.quote == "钱塘区完成总投资近5亿元,同比增长10.5%"
    assert [(c.kind, c.name) for c in drafts.candidates] == [("company", "杭州星河科技有限公司")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "在刚过去不久的3月,杭州和顺科技股份有限公司在深圳证券交易所上市",
            ["杭州和顺科技股份有限公司"],
        ),
        ("钱开区与杭州市实业投资集团有限公司正式签约", ["杭州市实业投资集团有限公司"]),
        ("在网融科技、世纪互联等数据中心基础上", ["网融科技"]),
        ("走进天境生物科技(杭州)有限公司产业化基地项目现场", ["天境生物科技(杭州)有限公司"]),
        ("钱塘低空智谷研究院已聚集相关企业", ["钱塘低空智谷研究院"]),
        ("离不开科技创新的引领", []),  # 科技 here is a word, not a company's suffix
        ("打造创新创业基地、产业加速基地", []),  # descriptions, not names
        ("浙江最大规模的高教园区坐落于此", []),
    ],
)
def test_candidate_names(text: str, names: list[str]) -> None:
    assert [n for _, n, _ in candidate_names(text, ("杭州", "浙江", "杭州市", "钱塘"))] == names


def draft_cli(facts: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["draft", *args, "--facts", str(facts), "--lang", "en"])
    return result.exit_code, result.stdout, result.stderr


def test_toml_in_the_fact_base_schema_every_table_pending(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    code, out, err = draft_cli(facts, str(new_article(tmp_path)), "--source", "s1")
    assert code == 0, err
    assert err.startswith("drafted 5 observations and 1 new names from new.txt")
    assert out.startswith("# Observations from new.txt")
    data = tomllib.loads(out)
    assert data["default_source"] == "s1"
    tables = [(kind, t) for kind in ("observation", "company") for t in data.get(kind, [])]
    assert len(tables) == 6
    for kind, table in tables:
        assert table["review"] == "pending"
        assert set(table) <= set(SCHEMA[kind]), set(table) - set(SCHEMA[kind])


def test_json_one_object_per_proposed_observation(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    code, out, _ = draft_cli(facts, str(new_article(tmp_path)), "--source", "s1", "--json")
    assert code == 0
    payload = json.loads(out)
    first = payload["observations"][0]
    keys = {"value", "unit", "qualifier", "year", "period", "quote", "subject", "metric"}
    assert keys | {"alternatives"} <= set(first)
    assert (first["value"], first["unit"], first["qualifier"]) == (5, "亿元", "nearly")
    assert (first["period"], first["subject"], first["metric"]) == (
        "2022-01/2022-08",
        "r1",
        "investment",
    )
    assert payload["entities"][0]["name"]["zh"] == "杭州星河科技有限公司"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give the ARTICLE to draft and its --source ID"),
        (["{article}"], "give the ARTICLE to draft and its --source ID"),
        (["{article}", "--source", "nope"], "source 'nope' is not in the fact base"),
        (["{article}", "--source", "s1", "--date", "22"], "--date is '22'; use YYYY or YYYY-MM"),
        (["missing.txt", "--source", "s1"], "cannot read 'missing.txt'"),
        (["{article}", "--accept", "x.toml"], "give ARTICLE or --accept FILE, not both"),
        (["--accept", "missing.toml"], "cannot read 'missing.toml' (No such file or directory)"),
    ],
)
def test_usage_errors_are_one_sentence(tmp_path: Path, args: list[str], message: str) -> None:
    facts, _ = make_base(tmp_path)
    article = str(new_article(tmp_path))
    code, out, err = draft_cli(facts, *(a.replace("{article}", article) for a in args))
    assert code == 2 and out == ""
    assert err.startswith("qt: ") and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("planted", ["missing folder", "existing file", "link"])
def test_output_is_a_new_file_never_a_replaced_one_or_a_link(tmp_path: Path, planted: str) -> None:
    facts, _ = make_base(tmp_path)
    article = str(new_article(tmp_path))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    target = tmp_path / "out.toml"
    if planted == "missing folder":
        target = tmp_path / "nowhere" / "out.toml"
    elif planted == "existing file":
        target.write_text("keep me", encoding="utf-8")
    else:
        target.symlink_to(victim)
    code, out, err = draft_cli(facts, article, "--source", "s1", "-o", str(target))
    assert code == 5 and out == ""
    assert err.startswith("qt: ") and len(err.strip().splitlines()) == 1
    assert victim.read_text(encoding="utf-8") == "keep me"
    if planted == "existing file":
        assert target.read_text(encoding="utf-8") == "keep me"


def test_accept_never_writes_through_a_link(tmp_path: Path) -> None:
    """Reviewed drafts kept elsewhere and linked into the fact base are checked, but the
    link is not written through: exit 5, the file it points to unchanged."""
    facts, seeds = make_base(tmp_path)
    article = add_source(facts, seeds)
    elsewhere = tmp_path / "elsewhere.toml"
    assert draft_cli(facts, str(article), "--source", "s2", "-o", str(elsewhere))[0] == 0
    reviewed = review(elsewhere.read_text(encoding="utf-8"), lambda t: t.get("metric") == "new")
    elsewhere.write_text(reviewed, encoding="utf-8")
    link = facts / "articles" / "b.toml"
    link.symlink_to(elsewhere)
    code, _, err = draft_cli(facts, "--accept", str(link))
    assert code == 5, err
    assert "a link" in err
    assert elsewhere.read_text(encoding="utf-8") == reviewed and link.is_symlink()


def test_a_source_not_yet_recorded_needs_a_date(tmp_path: Path) -> None:
    facts, _ = make_base(tmp_path)
    code, out, _ = draft_cli(
        facts, str(new_article(tmp_path)), "--source", "s2", "--date", "2022-09"
    )
    assert code == 0 and 'default_source = "s2"' in out


def review(text: str, reject: object) -> str:
    """Mark review = "rejected" on each table for which reject(table) is true."""
    blocks = re.split(r"\n(?=\[\[)", text)
    out = []
    for block in blocks:
        if block.startswith("[["):
            table = tomllib.loads(re.sub(r"^\[\[\w+\]\]", "", block))
            if reject(table):  # type: ignore[operator]
                block = block.replace('review = "pending"', 'review = "rejected"')
        out.append(block)
    return "\n".join(out)


def add_source(facts: Path, seeds: Path) -> Path:
    """The new article as source 's2', the way a curator records it before drafting."""
    article = new_article(seeds)
    sha = hashlib.sha256(NEW.encode()).hexdigest()
    with (facts / "sources.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            f'\n[[source]]\nid = "s2"\nfile = "new.txt"\nsha256 = "{sha}"\n'
            'title = { zh = "新文", en = "New" }\nauthors = []\ndate = "2022"\n'
            'date_basis = { zh = "测试", en = "test" }\n'
        )
    return article


def test_accept_checks_first_then_makes_records(tmp_path: Path) -> None:
    facts, seeds = make_base(tmp_path)
    article = add_source(facts, seeds)
    target = facts / "articles" / "b.toml"
    assert draft_cli(facts, str(article), "--source", "s2", "-o", str(target))[0] == 0
    assert runner.invoke(app, ["check", "--facts", str(facts)]).exit_code == 3
    assert runner.invoke(app, ["company", "星河科技", "--facts", str(facts)]).exit_code == 1
    before = target.read_text(encoding="utf-8")
    code, _, err = draft_cli(facts, "--accept", str(target))
    assert code == 3 and "metric 'new' does not exist" in err
    assert err.strip().splitlines()[-1] == f"qt: 3 problem(s) in {target}; nothing was accepted"
    assert target.read_text(encoding="utf-8") == before  # nothing written

    target.write_text(review(before, lambda t: t.get("metric") == "new"), encoding="utf-8")
    code, _, err = draft_cli(facts, "--accept", str(target))
    assert code == 0, err
    assert err == f"accepted 3 records in {target}; removed 3 rejected drafts\n"
    accepted = target.read_text(encoding="utf-8")
    assert accepted.startswith("# Observations from new.txt")
    assert "review" not in accepted and "# draft:" not in accepted
    result = runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(seeds)])
    assert result.exit_code == 0, result.stderr
    assert runner.invoke(app, ["company", "星河科技", "--facts", str(facts)]).exit_code == 0
    shown = runner.invoke(app, ["region", "钱塘区", "--json", "--facts", str(facts)])
    assert [(o["value"], o["period"]) for o in json.loads(shown.stdout)["observations"]] == [
        (5, "2022-01/2022-08")
    ]


def test_accepted_text_keeps_what_the_reviewer_wrote() -> None:
    text = (
        '# header\n# draft: a note\ndefault_source = "s1"\n\n'
        '[[observation]]\nreview = "pending"\nmetric = "m"  # kept\n# draft: why\n\n'
        '[[observation]]\nreview = "rejected"\nmetric = "x"\n\n'
        '[[fact]]\nsubject = "c1"\n'
    )
    result = accepted_text(text)
    assert result.text == (
        '# header\ndefault_source = "s1"\n\n[[observation]]\nmetric = "m"  # kept\n\n'
        '[[fact]]\nsubject = "c1"\n'
    )
    assert (result.accepted, result.rejected) == (1, 1)


@needs_seeds
@pytest.mark.slow
def test_a_real_article_drafted_blind_reviewed_and_accepted_passes_check(tmp_path: Path) -> None:
    """Article 002 drafted against the fact base without its file; the review rejects what
    cannot stand as proposed (a new metric, no subject, a unit qt does not know)."""
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    (facts / "articles" / "002-xinqu-2025.toml").unlink()
    target = facts / "articles" / "002-drafted.toml"
    article = SEEDS / "002_3c534dcc292c89ab.txt"
    code, _, err = draft_cli(facts, str(article), "--source", "xinqu-2025", "-o", str(target))
    assert code == 0, err
    target.write_text(
        review(
            target.read_text(encoding="utf-8"),
            lambda t: (
                "new" in (t.get("metric"), t.get("subject")) or t.get("unit", "") not in UNITS
            ),
        ),
        encoding="utf-8",
    )
    code, _, err = draft_cli(facts, "--accept", str(target))
    assert code == 0, err
    result = runner.invoke(app, ["check", "--facts", str(facts), "--sources", str(SEEDS)])
    assert result.exit_code == 0, result.stderr
    accepted = tomllib.loads(target.read_text(encoding="utf-8"))
    assert len(accepted["observation"]) >= 30
