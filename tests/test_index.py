"""The incremental index (issue 13): after any edit, the index brought up to date file by file
holds what a build from scratch holds, and says the same problems; the shortcuts it takes
(pinyin per character, prebuilt tables, skipping clean text) give what the long way gives."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from qtcli.errors import FactBaseInvalid
from qtcli.index import build, documents
from qtcli.index.normalize import PinyinKeys, char_readings, pinyin_keys, shipped_pinyin

from .conftest import spy_compiles

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "facts"
TABLES = ("entity", "metric", "source", "uncovered", "name_key", "observation", "fact", "member")


# Each case builds indexes of copies of the shipped base, some at scale: the slow tier.
pytestmark = pytest.mark.slow


def content(conn: sqlite3.Connection) -> dict[str, object]:
    """What an index holds, in fact-base order, leaving out where rows happen to be numbered.
    With a trigram index, name keys an edit left alone keep their place (their order is then
    not the fresh build's, and only their set is compared)."""
    out: dict[str, object] = {}
    fts = conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'key_fts'").fetchone()
    for table in TABLES:
        rows = [row[1:] for row in conn.execute(f"SELECT * FROM {table} ORDER BY n")]
        out[table] = sorted(rows) if fts and table == "name_key" else rows
    out["fact_about"] = conn.execute(
        "SELECT f.subject, a.entity FROM fact_about a JOIN fact f ON f.n = a.fact ORDER BY a.n"
    ).fetchall()
    out["mention"] = conn.execute("SELECT * FROM mention WHERE n != 0 ORDER BY id").fetchall()
    # What questions are matched against: the documents, kept up to date apart from the rows.
    out["metric_reading"] = conn.execute(
        "SELECT metric, doc FROM metric_reading ORDER BY metric"
    ).fetchall()
    out["term_df"] = conn.execute("SELECT * FROM term_df ORDER BY term").fetchall()
    out["fact_doc"] = conn.execute("SELECT text, quotes FROM fact_doc ORDER BY rowid").fetchall()
    out["fact_term_df"] = conn.execute("SELECT * FROM fact_term_df ORDER BY term").fetchall()
    out["meta"] = conn.execute(
        "SELECT k, v FROM meta WHERE k IN ('counts', 'keys', 'content_hash', 'problems', "
        "'problem_count', 't2s', 'metric_documents', 'fact_documents') ORDER BY k"
    ).fetchall()
    out["fts"] = fts and sorted(
        conn.execute(
            "SELECT k.key, k.target, k.form FROM key_fts f JOIN name_key k ON k.n = f.rowid "
            "WHERE key_fts MATCH '\"zhongce\"'"
        ).fetchall()
    )
    if fts:  # the trigram index is whole (else this raises)
        path = conn.execute("PRAGMA database_list").fetchone()[2]
        check = sqlite3.connect(path)
        check.execute("INSERT INTO key_fts (key_fts, rank) VALUES ('integrity-check', 0)")
        check.close()
    return out


def opened(root: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object] | str:
    monkeypatch.setenv("QT_CACHE_DIR", str(cache))
    try:
        conn = build.open_index(str(root))
    except FactBaseInvalid as exc:
        return exc.en
    try:
        return content(conn)
    finally:
        conn.close()


def edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(facts: Path) -> None:
        path = facts / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def write(name: str, text: str) -> Callable[[Path], None]:
    return lambda facts: (facts / name).write_text(text, encoding="utf-8")  # type: ignore[func-returns-value]


def remove(name: str) -> Callable[[Path], None]:
    return lambda facts: (facts / name).unlink()


def company(id: str, zh: str, en: str, alias: str, source: str = "zhizao-2022") -> str:
    return f"""
[[company]]
id = "{id}"
name = {{ zh = "{zh}", en = "{en}" }}
aliases = ["{alias}"]
source = "{source}"
quote = "钱塘"
"""


NEW_COMPANY = company("new-firm", "长三角新材料", "New Firm", "新材")
FACT = """
[[fact]]
subject = "new-firm"
text = { zh = "新事实。", en = "A new fact." }
source = "zhizao-2022"
quote = "钱塘"
"""
STEPS = [
    ("a value", edit("articles/000-zhizao-2022.toml", "value = 5\n", "value = 6\n")),
    ("a new alias", edit("companies.toml", '"ZC Rubber"', '"ZC Rubber", "中策轮胎厂"')),
    ("an English name", edit("companies.toml", 'en = "Zhongce Rubber"', 'en = "Zhongce Tyres"')),
    # Compiled record by record (compile_changed), or whole when a record's rows change count.
    (
        "two firms at once",
        lambda facts: (
            edit("companies.toml", 'zh = "沃镭科技"', 'zh = "沃镭科技公司"')(facts),
            edit("companies.toml", 'en = "tyres"', 'en = "tires"')(facts),
        ),
    ),
    (
        "a sector made a link to another firm",
        edit(
            "companies.toml",
            'sector = { zh = "轮胎", en = "tires" }',
            'related = [{ id = "wolei-tech", relation = "supplier" }]',
        ),
    ),
    ("a file between others", write("articles/000a-extra.toml", NEW_COMPANY)),
    (
        "a file at the end",
        write("zz-more.toml", company("newer-firm", "钱塘新工厂", "Newer", "钱新") + FACT),
    ),
    ("an id removed that others name", remove("articles/000a-extra.toml")),
    ("the id back", write("articles/000a-extra.toml", NEW_COMPANY)),
    ("a reference to nothing", edit("zz-more.toml", 'source = "zhizao-2022"', 'source = "nope"')),
    ("the reference fixed", edit("zz-more.toml", 'source = "nope"', 'source = "zhizao-2022"')),
    ("a duplicate id", write("zz-twin.toml", company("newer-firm", "另一家", "Other", "另一"))),
    # Another file edited while it stands: checked with the file the problem is in, not whole.
    ("a figure meanwhile", edit("articles/000-zhizao-2022.toml", "value = 6\n", "value = 9\n")),
    ("the duplicate gone", remove("zz-twin.toml")),
    ("the figure back", edit("articles/000-zhizao-2022.toml", "value = 9\n", "value = 6\n")),
    ("a shared name", write("zz-twin.toml", company("twin-firm", "钱塘新工厂", "Twin", "孪生"))),
    ("a syntax error", edit("zz-twin.toml", 'id = "twin-firm"', 'id = "twin-firm')),
    ("all fixed", remove("zz-twin.toml")),
    # What metric documents are made of: a metric's names, a quote, the lexicon.
    ("a metric's alias", edit("metrics.toml", '"研发强度", ', '"研发强度", "创新投入强度", ')),
    (
        "a quote",
        edit(
            "articles/004-jingxin-2022.toml",
            'quote = "我区R&D经费投入55.3亿元,同比增长14%"',
            'quote = "R&D经费投入55.3亿元,同比增长14%"',
        ),
    ),
    ("a lexicon phrase", edit("lexicon.toml", '"研究开发", ', '"研究开发", "研制开发", ')),
    (
        "a file with a figure",
        write(
            "00-figure.toml",  # first: its quote is among those a document reads
            '[[observation]]\nmetric = "rd-intensity"\nsubject = "qiantang"\nyear = 2023\n'
            'value = 5\nsource = "zhizao-2022"\nquote = "创新投入强度创纪录地达到5%"\n',
        ),
    ),
    ("the figure's quote", edit("00-figure.toml", "创纪录地", "")),
    ("the figure gone", remove("00-figure.toml")),
    # The lexicon's and the metrics' own checks, kept between edits that leave them alone.
    ("a concept twice", write("zz-lex.toml", '[[concept]]\nid = "rd"\nzh = ["研制"]\n')),
    ("a value meanwhile", edit("articles/000-zhizao-2022.toml", "value = 6\n", "value = 7\n")),
    ("the concept once", remove("zz-lex.toml")),
]


@pytest.mark.slow
@pytest.mark.parametrize("large", [False, True], ids=["scanned", "trigram-index"])
def test_an_index_updated_file_by_file_holds_what_a_fresh_build_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    from qtcli.index import store

    if large:  # a 'large' base: substrings found through the trigram index, kept up to date
        monkeypatch.setattr(build, "LARGE_BASE", 1000)
        monkeypatch.setattr(store, "LARGE_BASE", 1000)
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    kept = tmp_path / "kept"
    opened(facts, kept, monkeypatch)
    for step, (what, change) in enumerate(STEPS):
        change(facts)
        updated = opened(facts, kept, monkeypatch)
        fresh = opened(facts, tmp_path / f"fresh-{step}", monkeypatch)
        assert updated == fresh, what
        assert isinstance(updated, str) or bool(updated["fts"]) == large
        if what in (
            "an id removed that others name",
            "a reference to nothing",
            "a duplicate id",
            "a figure meanwhile",
            "a shared name",
            "a syntax error",
            "a concept twice",
            "a value meanwhile",
        ):
            assert isinstance(updated, str), what
        else:
            assert not isinstance(updated, str), (what, updated)


def test_an_edit_recompiles_only_the_files_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    opened(facts, tmp_path / "cache", monkeypatch)
    compiled = spy_compiles(monkeypatch)
    edit("orgs.toml", "# ", "#  ")(facts)
    (facts / "parks.toml").touch()  # a new time, the same bytes: nothing to compile
    opened(facts, tmp_path / "cache", monkeypatch)
    assert compiled == ["orgs.toml"]


@pytest.mark.parametrize("large", [False, True], ids=["scanned", "trigram-index"])
def test_an_edit_of_one_record_rewrites_its_rows_not_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    """Work proportional to what changed: of an edited file, only the rows that differ are
    deleted and written again (the rest, and their name keys, stay where they are)."""
    import gc

    from qtcli.index import store

    if large:
        monkeypatch.setattr(build, "LARGE_BASE", 1000)
        monkeypatch.setattr(store, "LARGE_BASE", 1000)
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    opened(facts, tmp_path / "cache", monkeypatch)
    written: list[int] = []
    real = build._store

    def store_counting(conn: sqlite3.Connection, *args: object, **kwargs: object) -> None:
        before = conn.total_changes
        real(conn, *args, **kwargs)  # type: ignore[arg-type]
        written.append(conn.total_changes - before)

    monkeypatch.setattr(build, "_store", store_counting)
    edit("articles/000-zhizao-2022.toml", "value = 5\n", "value = 6\n")(facts)
    edit("companies.toml", 'en = "Zhongce Rubber"', 'en = "Zhongce Tyres"')(facts)
    updated = opened(facts, tmp_path / "cache", monkeypatch)
    edited = list(written)
    assert gc.isenabled()  # paused for the update only
    assert updated == opened(facts, tmp_path / "fresh", monkeypatch)
    # Per file: the rows of one record deleted and written again (its entity, member and
    # search rows, and with a trigram index its name keys apart), and the file's own entry;
    # a whole file's rows are hundreds.
    assert len(edited) == 2 and all(n <= 20 for n in edited), edited


@pytest.mark.parametrize(
    ("change", "by_record"),
    [
        (edit("companies.toml", 'en = "Zhongce Rubber"', 'en = "Zhongce Tyres"'), True),
        # Lines moved: the records after it are at other lines, so the whole file is compiled.
        (edit("companies.toml", 'aliases = ["中策", ', 'aliases = [\n"中策", '), False),
        # A record added.
        (lambda facts: append_to(facts / "companies.toml", NEW_COMPANY), False),
    ],
)
def test_an_edited_file_of_entities_is_compiled_record_by_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None], by_record: bool
) -> None:
    from qtcli.index import compile as compiling
    from qtcli.index import store

    monkeypatch.setattr(build, "LARGE_BASE", 1000)  # record by record with a trigram index
    monkeypatch.setattr(store, "LARGE_BASE", 1000)
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    opened(facts, tmp_path / "cache", monkeypatch)
    real = compiling.compile_changed
    compiled: list[bool] = []

    def spy(*args: object, **kwargs: object) -> object:
        unit = real(*args, **kwargs)  # type: ignore[arg-type]
        compiled.append(unit is not None)
        return unit

    monkeypatch.setattr(compiling, "compile_changed", spy)
    change(facts)
    assert opened(facts, tmp_path / "cache", monkeypatch) == opened(
        facts, tmp_path / "fresh", monkeypatch
    )
    assert compiled[:1] == [by_record]


def append_to(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_files_touched_but_unchanged_update_the_cache_without_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout or `touch` changes every file's time and no byte: the cache is brought up to
    date in place (one generation more, nothing compiled), and the next lookup reads it as is.
    (Once, every fact document was inserted again, the update failed on its own table, and
    each later lookup built the whole index in memory.)"""
    facts, cache = tmp_path / "facts", tmp_path / "cache"
    shutil.copytree(FACTS, facts)
    before = opened(facts, cache, monkeypatch)
    (index,) = cache.glob("index-*.sqlite")

    def generation() -> int:
        with sqlite3.connect(index) as conn:
            return int(conn.execute("SELECT v FROM meta WHERE k = 'generation'").fetchone()[0])

    first = generation()
    for path in facts.rglob("*.toml"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    from qtcli.index import compile as compiling

    monkeypatch.setattr(compiling, "compile_file", lambda *a: pytest.fail("compiled"))
    assert opened(facts, cache, monkeypatch) == before
    assert generation() == first + 1
    assert opened(facts, cache, monkeypatch) == before
    assert generation() == first + 1  # read, not built again


def test_an_update_that_fails_on_its_own_tables_is_built_whole_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts, cache = tmp_path / "facts", tmp_path / "cache"
    shutil.copytree(FACTS, facts)
    opened(facts, cache, monkeypatch)
    edit("orgs.toml", "# ", "#  ")(facts)
    fresh = opened(facts, tmp_path / "fresh", monkeypatch)

    def broken(*args: object) -> bool:
        raise sqlite3.IntegrityError("constraint failed")

    monkeypatch.setattr(build, "_update", broken)
    assert opened(facts, cache, monkeypatch) == fresh
    monkeypatch.setattr(build, "_full", lambda *a: pytest.fail("built again"))
    assert opened(facts, cache, monkeypatch) == fresh  # the cache holds the whole build


@pytest.mark.parametrize(
    "written",
    ['"Evil\x9b2J"', '"Evil\\u001b[2J"', '"Evil\\e[2J"', '"Evil\\u202e"', "'Evil\u202e'"],
    ids=["raw", "escaped-u", "escaped-e", "bidi-escaped", "bidi-literal"],
)
def test_a_lookup_refuses_control_characters_however_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    with (facts / "companies.toml").open("a", encoding="utf-8") as handle:
        handle.write(NEW_COMPANY.replace('en = "New Firm"', f"en = {written}"))
    message = opened(facts, tmp_path / "cache", monkeypatch)
    assert isinstance(message, str) and "control or bidi character" in message


# ------------------------------------------------------------------ the shortcuts
def synthetic_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    common = "华新东方海天金明宏盛鑫瑞安达恒信通远泰丰源和中兴科创智能电子材料精密机械光网络数据生物医药航空汽车装备长重行乐"
    every = list(char_readings())
    names = []
    for _ in range(count):
        pool = common if rng.random() < 0.7 else every
        names.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 9))))
    return names


def test_pinyin_by_characters_is_what_pypinyin_says() -> None:
    keys = PinyinKeys()
    names = [*shipped_pinyin(), *synthetic_names(3000, 13), "长三角", "重庆银行", "美国SOM", "欸乃"]
    wrong = [(n, keys(n), pinyin_keys(n)) for n in names if keys(n) != pinyin_keys(n)]
    assert not wrong, wrong[:5]


@pytest.mark.slow
def test_the_shipped_tables_are_current(tmp_path: Path) -> None:
    """data/ as write_tables makes it from OpenCC, pypinyin and the shipped names."""
    from qtcli.index.normalize import DATA, write_tables

    write_tables(build.shipped_names(), str(tmp_path))
    for name in ("t2s.txt", "readings.tsv", "pinyin.tsv"):
        assert (tmp_path / name).read_text(encoding="utf-8") == Path(DATA, name).read_text(
            encoding="utf-8"
        ), name


def _synthetic(facts: Path, entities: int, observations: int) -> Path:
    """A fact base written by the benchmark's generator (benchmarks/synth.py)."""
    synth = [sys.executable, str(ROOT / "benchmarks" / "synth.py"), str(facts)]
    sizes = ["--entities", str(entities), "--observations", str(observations)]
    subprocess.run([*synth, *sizes], check=True, capture_output=True)
    return facts


def test_the_synthetic_base_of_the_benchmark_passes_check(tmp_path: Path) -> None:
    """benchmarks/synth.py promises a fact base `qt check` passes: a benchmark of a base
    whose every value is reported unproven measures the reporting, not the work."""
    facts = _synthetic(tmp_path / "facts", 300, 2000)
    done = subprocess.run(
        [sys.executable, "-m", "qtcli", "check", "--facts", str(facts)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stdout[-500:] + done.stderr[-500:]


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {n: sorted(conn.execute(f'SELECT * FROM "{n}"'), key=repr) for n in names}
        out["file"] = conn.execute("SELECT path, rank, sha256, problems FROM file").fetchall()
        out.pop("meta")
        return out
    finally:
        conn.close()


def test_a_build_by_worker_processes_is_the_build_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large base is compiled by two workers that hand their rows back as SQLite files
    (build._work), and its facts' documents are read by another process (documents.FactsApart);
    the index is the one a build in one process makes, row for row, and their files are gone."""
    facts = _synthetic(tmp_path / "facts", 400, 3000)
    made: dict[str, dict[str, list[tuple[object, ...]]]] = {}
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    for how, threshold in (("here", 1 << 40), ("workers", 0)):
        monkeypatch.setattr(build, "PARALLEL_BYTES", threshold)
        monkeypatch.setattr(documents, "PARALLEL_FACTS", threshold)  # read apart, or here
        monkeypatch.setenv("QT_CACHE_DIR", str(tmp_path / how))
        build.open_store(str(facts)).conn.close()
        (index,) = (tmp_path / how).glob("index-*.sqlite")
        made[how] = _tables(index)
    assert made["workers"]["observation"] and made["workers"]["name_key"]
    assert made["workers"]["passage"] and made["workers"]["fact_doc"]
    assert made["workers"] == made["here"]
    assert list(scratch.iterdir()) == []
