"""Diagram views choose the right nodes, on both stores, with personal data masked."""

from __future__ import annotations

import pytest

from gongjian.graph.store import NotFound, Store
from gongjian.viz import views


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGJIAN_TODAY", "2026-11-21")


def keys(d) -> set[str]:
    return {n["id"] for n in d.nodes}


def test_committee_view(store: Store) -> None:
    d = views.build("committee", store, "530111001001")
    assert d.title == "佴家湾社区大党委"
    assert {"Platform:PF-EJW", "PartyOrg:PO-EJW", "Area:530111001001", "PartyOrg:PO-HOSP",
            "Unit:91350100M000100Y43", "Unit:U-LAW-01", "Person:PS-001", "Unit:U-PROP-01"} == keys(d)  # fmt: skip
    former = next(n for n in d.nodes if n["id"] == "Unit:U-PROP-01")
    assert former["dimmed"] is True
    person = next(n for n in d.nodes if n["id"] == "Person:PS-001")
    assert person["name"] == "王*华"  # masked unless admin
    assert (
        next(
            n
            for n in views.build("committee", store, "PF-EJW", unmask=True).nodes
            if n["id"] == "Person:PS-001"
        )["name"]
        == "王建华"
    )
    roles = {(link["source"], link.get("label")) for link in d.links if link["type"] == "MEMBER_OF"}
    assert ("PartyOrg:PO-HOSP", "兼职委员") in roles


def test_alliance_view_shows_communities_and_their_committees(store: Store) -> None:
    d = views.build("alliance", store, "530111001000")
    assert {
        "Platform:PF-GS",
        "Unit:U-POW-01",
        "Area:530111001001",
        "Area:530111001003",
        "Platform:PF-EJW",
        "Platform:PF-GX",
    } <= keys(d)
    assert views.build("alliance", store, "PF-GS").nodes == d.nodes


def test_neighbourhood_matches_and_area_views(store: Store) -> None:
    hood = views.build("neighbourhood", store, "PF-EJW", depth=1)
    assert "Platform:PF-EJW" in keys(hood) and len(hood.nodes) == 7
    m = views.build("matches", store, "N-01")
    assert {"Need:N-01", "Resource:R-01", "Unit:91350100M000100Y43"} <= keys(m)
    assert [link["label"].split()[0] for link in m.links if link["type"] == "MATCH"] == ["社区大党委成员"]
    from gongjian.viz.style import rel_zh

    assert {rel_zh(link["type"]) for link in m.links} == {"匹配", "联结"}  # no "PATH" on an edge
    empty = views.build("matches", store, "N-03")
    assert keys(empty) == {"Need:N-03"} and "没有" in empty.note
    area = views.build("area", store, "530111000000")
    assert {"Area:530111001000", "Area:530111001001", "Platform:PF-GS", "Platform:PF-EJW"} <= keys(area)
    assert not any(n.get("level") == "网格" for n in area.nodes)


def test_unknown_ids_and_views(store: Store) -> None:
    with pytest.raises(NotFound):
        views.build("committee", store, "nope")
    with pytest.raises(NotFound):
        views.build("alliance", store, "530111002000")  # 太和街道 has no alliance
    with pytest.raises(ValueError):
        views.build("pie", store, "PF-EJW")


def test_a_person_centred_view_masks_the_title(store: Store) -> None:
    assert views.build("neighbourhood", store, "PS-001").title.startswith("王*华")
    assert views.build("neighbourhood", store, "PS-001", unmask=True).title.startswith("王建华")
