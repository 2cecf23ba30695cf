"""The overdue list for 督办 by area (GET /api/loop/overdue?area=), over the app on both stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gongjian.graph.store import ChangeSet, Rel, Store
from gongjian.queries.loop import rate, run
from tests.test_api_support import auth, client_for
from tests.test_loop import world

EVIL = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def api(empty_store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """test_loop's world, run on 2026-03-12, NDONE rated, plus a street whose name is a formula."""
    empty_store.apply(world())
    empty_store.apply(
        ChangeSet(
            nodes={"Area": {"S2": {"code": "S2", "name": EVIL, "level": "street", "parent": "K"}}},
            rels=[Rel("PART_OF", ("Area", "S2"), ("Area", "K"))],
        )
    )
    run(empty_store, "2026-03-12")
    rate(empty_store, "NDONE", "满意", on="2026-01-21")
    yield from client_for(empty_store, monkeypatch)


def test_overdue_by_area_with_names(api: TestClient) -> None:
    everywhere = api.get("/api/loop/overdue?as_of=2026-03-12", headers=auth("viewer")).json()
    assert everywhere["area"] is None
    assert everywhere["overdue"] == [
        {
            "need": "NCL",
            "project": "PCL",
            "due": "2026-02-04",
            "days_over": 36,
            "title": "NCL",
            "area": {"id": "G", "name": "第一网格"},
            "project_name": "旧项目",
        }
    ]
    inside = api.get("/api/loop/overdue?as_of=2026-03-12&area=C", headers=auth("viewer")).json()
    assert inside["area"] == "C" and [e["need"] for e in inside["overdue"]] == ["NCL"]
    elsewhere = api.get("/api/loop/overdue?as_of=2026-03-12&area=B", headers=auth("viewer")).json()
    assert elsewhere["overdue"] == []
    unknown = api.get("/api/loop/overdue?area=NOPE", headers=auth("viewer"))
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["query", "area"]
