"""Location chains follow the fact base's containment exactly: one path outward, never two
branches interleaved (矽力杰 once showed 萧山特别合作园 › 萧山区 › 杭州高新区(滨江) › 杭州市 › 滨江区)."""

from __future__ import annotations

import pytest

from qtcli.factbase.model import Entity
from qtcli.find.query import _chain, lookup_entity
from qtcli.index.store import Store

CHINA = ["hangzhou", "zhejiang", "china"]


@pytest.mark.parametrize(
    ("kind", "query", "chain"),
    [
        # A firm in a park whose parent park lies in another district: the park's own region.
        ("company", "矽力杰", ["xiaoshan-coop-park", "hangzhou-hitech-zone", "xiaoshan", *CHINA]),
        # The park itself: its parent park, then the region the park is in.
        ("park", "萧山特别合作园", ["hangzhou-hitech-zone", "xiaoshan", *CHINA]),
        ("company", "中策橡胶", ["qiantang", *CHINA]),
        ("company", "优科豪马", ["linjiang-park", "qiantang", *CHINA]),
        ("region", "钱塘", CHINA),
        ("region", "中国", []),
    ],
)
def test_a_chain_is_the_stated_path(store: Store, kind: str, query: str, chain: list[str]) -> None:
    answer = lookup_entity(store, kind, query)
    assert [e.id for e in answer.chain] == chain


def _region_of(store: Store, entity: Entity, parks: list[Entity]) -> str | None:
    if entity.kind == "region":
        return entity.parent
    innermost = parks[0] if parks and entity.park else entity
    return innermost.region or entity.region


def test_every_chain_is_parks_then_regions_each_the_parent_of_the_last(store: Store) -> None:
    """For every entity held: the parks come first, each the parent of the one before; then
    the regions, the first holding the innermost place, each the parent of the one before."""
    kinds = ("company", "park", "org", "region")
    for entity in (e for kind in kinds for e in store.entities_of(kind)):
        chain = _chain(store, entity)
        parks = [e for e in chain if e.kind == "park"]
        regions = [e for e in chain if e.kind == "region"]
        assert chain == parks + regions, (entity.id, [e.id for e in chain])
        outer = entity.park or (entity.parent if entity.kind == "park" else None)
        for park in parks:
            assert park.id == outer, (entity.id, park.id)
            outer = park.parent
        outer = _region_of(store, entity, parks)
        for region in regions:
            assert region.id == outer, (entity.id, region.id)
            outer = region.parent
        if len(chain) < 12:
            assert outer is None or store.entity(outer) is None, entity.id
