"""Search that respects words, sectors and quotes searched, `list --sector`, and `qt show`
for every id or key any output shows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from qtcli.cli import commands
from qtcli.cli.app import app
from qtcli.find.query import SEARCH_KINDS, search_all
from qtcli.index.normalize import fold_words, holds_words
from qtcli.index.store import Store

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "piece", "holds"),
    [
        ("In 2021 R&D intensity reached a record", "tyre", False),  # spaces are word breaks
        ("tyres and rubber", "tyre", True),  # a word may go on: a prefix of it
        ("rubber tyres", "tyre", True),
        ("retyred", "tyre", False),  # not inside a word
        ("AGV小车", "agv", True),
        ("使用AGV小车", "agv", True),  # a Chinese character ends a Latin word
        ("R&D经费占GDP比重", "gdp", True),
        ("实现错位发展", "错位发展", True),  # Chinese matches anywhere
        ("错位 发展", "错位发展", False),
        ("high-performance radial tyre", "radial tyre", True),
        ("high-performance radial tyre", "performance", True),
    ],
)
def test_holds_words(text: str, piece: str, holds: bool) -> None:
    assert holds_words(fold_words(text), fold_words(piece).strip()) is holds


def _found(store: Store, query: str, **options: Any) -> list[tuple[str, str, str]]:
    return [(h.kind, h.id, h.how) for h in search_all(store, query, **options)]


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("tyre", ("company", "zhongce-rubber", "sector"), ("fact", "004-jingxin-2022#f15")),
        ("tyres", ("company", "yokohama-rubber", "sector"), ("fact", "004-jingxin-2022#f15")),
        ("轮胎", ("company", "zhongce-rubber", "sector"), None),
        ("错位发展", ("fact", "000-zhizao-2022#f13", "quote"), None),  # a phrase of a quote
        ("投资近5亿元打造", ("observation", "000-zhizao-2022#o1", "quote"), None),
        # An observation's second quote is searched, and no phrase spans its two quotes.
        ("汽车及智能装备产业产值已经接近", ("observation", "000-zhizao-2022#o23", "quote"), None),
        ("GDP", ("metric", "rd-intensity", "substring"), ("org", "miit")),  # no typo noise
        ("Zhongce Rubbr", ("company", "zhongce-rubber", "fuzzy"), None),  # typos: a fallback
        ("future factory", ("fact", "000-zhizao-2022#f2", "text"), None),
        ("医药", ("park", "china-medicine-port", "focus"), None),
    ],
)
def test_search_finds_words_sectors_and_quotes(
    store: Store,
    query: str,
    found: tuple[str, str, str],
    not_found: tuple[str, str] | None,
) -> None:
    hits = _found(store, query, limit=200)
    assert found in hits, hits
    if not_found is not None:
        assert not_found not in [(k, i) for k, i, _ in hits]


@pytest.mark.parametrize("query", ["等五大主导产业 五大主导产业中", "等五大主导产业五大主导产业中"])
def test_no_phrase_spans_an_observations_two_quotes(store: Store, query: str) -> None:
    assert ("observation", "000-zhizao-2022#o23") not in [
        (k, i) for k, i, _ in _found(store, query, limit=200)
    ]
    assert ("observation", "000-zhizao-2022#o23") in [
        (k, i) for k, i, _ in _found(store, "等五大主导产业", limit=200)
    ]


def test_the_metric_named_ranks_above_the_figures_quoting_it(store: Store) -> None:
    assert _found(store, "GDP")[0] == ("metric", "rd-intensity", "substring")


@pytest.mark.parametrize(
    "kinds", [("company",), ("fact",), ("observation",), ("company", "park"), ("source",)]
)
def test_search_kind_keeps_only_those_kinds(store: Store, kinds: tuple[str, ...]) -> None:
    query = "zhizao" if kinds == ("source",) else "中策"
    hits = _found(store, query, kinds=kinds, limit=200)
    assert hits and {k for k, _, _ in hits} <= set(kinds)


def test_search_limit_and_kind_on_the_command_line() -> None:
    result = runner.invoke(app, ["search", "中策", "--kind", "fact", "--limit", "2", "--json"])
    assert result.exit_code == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    assert len(results) == 2 and {r["kind"] for r in results} == {"fact"}
    bad = runner.invoke(app, ["search", "中策", "--kind", "cars"])
    assert bad.exit_code == 2


@pytest.mark.parametrize(
    ("args", "includes", "excludes"),
    [
        (["companies", "--sector", "汽车"], "byd", "zhongce-rubber"),
        (["companies", "--sector", "tyre"], "zhongce-rubber", "byd"),
        (
            ["companies", "--sector", "轮胎", "--park", "linjiang-park"],
            "yokohama-rubber",
            "zhongce-rubber",
        ),
        (["parks", "--sector", "生物医药"], "china-medicine-port", "qiantang-chip-valley"),
    ],
)
def test_list_sector(args: list[str], includes: str, excludes: str) -> None:
    result = runner.invoke(app, ["list", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    ids = [r["id"] for r in json.loads(result.stdout)["results"]]
    assert includes in ids and excludes not in ids
    assert json.loads(result.stdout)["filters"]["sector"] == args[2]


@pytest.mark.parametrize(
    ("args", "code"),
    [(["metrics", "--sector", "汽车"], 2), (["companies", "--sector", "zzzqqq"], 1)],
)
def test_list_sector_refusals(args: list[str], code: int) -> None:
    assert runner.invoke(app, ["list", *args]).exit_code == code


# ------------------------------------------------------------------ qt show
def _every_key(store: Store) -> list[tuple[str, str]]:
    """(kind, key) of every record the index holds: what any output can show."""
    keys = [
        (e.kind, e.id) for k in ("region", "park", "company", "org") for e in store.entities_of(k)
    ]
    keys += [("metric", id) for id in store.metrics()]
    keys += [("source", id) for id in store.sources()]
    keys += [("fact", f.key) for f in store.all_facts()]
    keys += [
        ("observation", r.observation.key)
        for s in store.sources()
        for r in store.observations_from(s)
    ]
    return keys


def _shown_id(payload: dict[str, Any], kind: str) -> str:
    if kind in ("region", "park", "company", "org"):
        return str(payload["entity"]["id"])
    if kind in ("metric", "source"):
        return str(payload[kind]["id"])
    return str(payload[kind]["key"])


def test_every_key_held_can_be_shown(store: Store) -> None:
    keys = _every_key(store)
    assert len(keys) > 300
    unshown = []
    for kind, key in keys:
        try:
            shown = commands.show(store, key, mode="both", cite=None)
        except Exception as exc:  # noqa: BLE001 - collected, to list every failure at once
            unshown.append((key, repr(exc)))
            continue
        if _shown_id(shown.payload, kind) != key:
            unshown.append((key, _shown_id(shown.payload, kind)))
    assert not unshown


def _keys_in(payload: Any) -> set[str]:
    """Every `id` and `key` value anywhere in a JSON payload."""
    found: set[str] = set()
    if isinstance(payload, dict):
        for name, value in payload.items():
            if name in ("id", "key") and isinstance(value, str):
                found.add(value)
            found |= _keys_in(value)
    elif isinstance(payload, list):
        for value in payload:
            found |= _keys_in(value)
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["company", "中策橡胶"],
        ["region", "钱塘"],
        ["metric", "rd-intensity"],
        ["search", "医药"],
        ["source", "000"],
        ["list", "sources"],
    ],
    ids=" ".join,
)
def test_every_key_an_output_shows_can_be_looked_up(args: list[str]) -> None:
    payload = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    keys = _keys_in(payload)
    assert keys
    for key in sorted(keys):
        result = runner.invoke(app, ["show", key, "--json"])
        assert result.exit_code == 0, (key, result.stderr)
        assert key in _keys_in(json.loads(result.stdout)), key


@pytest.mark.parametrize(
    ("key", "shows"),
    [
        ("000-zhizao-2022#f1", "中策橡胶是浙江省首批“未来工厂”试点之一。"),
        ("000-zhizao-2022#o1", "近5亿元"),
        ("zhongce-rubber", "中策橡胶 (Zhongce Rubber)  [企业]"),
        ("rd-intensity", "R&D经费投入强度 (R&D intensity)"),
        ("zhizao-2022", "糜利萍"),
    ],
)
def test_show_on_the_screen(key: str, shows: str) -> None:
    result = runner.invoke(app, ["show", key])
    assert result.exit_code == 0, result.stderr
    assert shows in result.stdout


def test_show_an_unknown_key_names_keys_alike() -> None:
    result = runner.invoke(app, ["show", "000-zhizao-2022#f999", "--lang", "en"])
    assert result.exit_code == 1
    assert "nothing has the key" in result.stderr and "000-zhizao-2022#f1" in result.stderr


def test_search_kinds_are_the_apps() -> None:
    import typer.main

    command = typer.main.get_command(app).commands["search"]  # type: ignore[attr-defined]
    kind = next(p for p in command.params if p.name == "kind")
    assert tuple(kind.type.choices) == SEARCH_KINDS
