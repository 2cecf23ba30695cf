"""The HTTP API on both stores: endpoints, filters and paging, writes, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gongjian.api import create_app
from gongjian.graph.store import Store, StoreUnavailable
from tests.test_api_support import DAY, TOKENS, auth, client_for

V, P, A = auth("viewer"), auth("planner"), auth("admin")


@pytest.fixture
def api(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from client_for(store, monkeypatch)


def get(client: TestClient, url: str, headers: dict[str, str] = V, status: int = 200) -> Any:
    r = client.get(url, headers=headers)
    assert r.status_code == status, (url, r.status_code, r.text)
    return r.json()


def ids(items: list[dict]) -> list[str]:
    return [i["id"] for i in items]


def bad_field(body: dict, loc: list[str]) -> None:
    """A 422 in FastAPI's shape naming the field."""
    assert isinstance(body["detail"], list), body
    assert any(e["loc"] == loc for e in body["detail"]), body
    # the reason in Chinese, FastAPI's own validation errors too
    assert all(any("\u4e00" <= c <= "\u9fff" for c in e["msg"]) for e in body["detail"]), body


# ------------------------------------------------------------------- health, docs


def test_health_is_open(api: TestClient, store_kind: str) -> None:
    body = get(api, "/api/health", headers={})
    assert body["status"] == "ok" and body["store"] == store_kind and body["version"]


class _DownStore:
    """A store whose server does not answer."""

    uri = "bolt://127.0.0.1:1"

    def __getattr__(self, name: str) -> Any:
        def down(*args: Any, **kwargs: Any) -> Any:
            raise StoreUnavailable("Neo4j 127.0.0.1:1 无法连接")

        return down


def test_unreachable_store_is_503_with_the_message() -> None:
    client = TestClient(create_app(_DownStore(), TOKENS))  # type: ignore[arg-type]
    r = client.get("/api/health")
    assert r.status_code == 503 and r.json()["status"] == "unavailable"
    r = client.get("/api/needs", headers=V)
    assert r.status_code == 503 and "无法连接" in r.json()["detail"]
    assert r.headers["retry-after"]


def test_unexpected_error_is_logged_and_a_500_only_as_last_resort(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(_DownStore):
        def __getattr__(self, name: str) -> Any:
            def boom(*args: Any, **kwargs: Any) -> Any:
                raise RuntimeError("bug")

            return boom

    client = TestClient(create_app(Broken(), TOKENS), raise_server_exceptions=False)  # type: ignore[arg-type]
    r = client.get("/api/needs", headers=V)
    assert r.status_code == 500 and "内部错误" in r.json()["detail"] and "bug" not in r.text
    logged = [rec for rec in caplog.records if rec.name == "gongjian.api" and rec.exc_info]
    assert logged and logged[0].exc_info[0] is RuntimeError  # the traceback is in the log


def test_docs_without_cdn(api: TestClient) -> None:
    spec = get(api, "/openapi.json", headers={})
    assert {"/api/needs", "/api/needs/{id}/matches", "/api/health"} <= set(spec["paths"])
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    page = api.get("/docs")
    assert page.status_code == 200 and "/api/needs" in page.text
    assert not re.search(r"(src|href)=\"https?://", page.text)
    source = "".join(p.read_text() for p in (Path(__file__).parents[1] / "gongjian/api").rglob("*.py"))
    assert not re.search(r"https?://(?!127\.0\.0\.1|\{)|jsdelivr|unpkg|cdnjs", source, re.IGNORECASE)


# ---------------------------------------------------------------- reading nodes


def test_area_detail_and_children(api: TestClient) -> None:
    grid = get(api, "/api/areas/530111001101")
    assert grid["level"] == "grid" and grid["level_zh"] == "网格"
    assert ids(grid["ancestors"]) == [
        "530000000000", "530100000000", "530111000000", "530111001000", "530111001001",
    ]  # fmt: skip
    kids = get(api, "/api/areas/530111001001/children")
    assert ids(kids["items"]) == ["530111001101", "530111001102"] and kids["area"]["name"] == "佴家湾社区"
    communities = get(api, "/api/areas?level=社区")
    assert communities["total"] == 4 and all(a["level"] == "community" for a in communities["items"])
    assert get(api, "/api/areas?parent=530111000000")["total"] == 2
    bad_field(get(api, "/api/areas?level=星球", status=422), ["query", "level"])
    assert "不存在" in get(api, "/api/areas/999", status=404)["detail"]


def test_unit_party_org_and_committee(api: TestClient) -> None:
    unit = get(api, "/api/units/U-LAW-01")
    assert unit["name"] == "云南明理律师事务所" and unit["type_zh"] == "社会组织"
    assert {"MEMBER_OF", "LOCATED_IN", "OFFERS"} <= {r["type"] for r in unit["relationships"]}
    assert get(api, "/api/units?area=530111001001")["total"] == 2  # 律师事务所, 物业
    assert get(api, "/api/units?type=国有企业")["items"][0]["id"] == "U-POW-01"
    org = get(api, "/api/party-orgs/PO-HOSP")
    assert org["kind_zh"] == "党委"
    assert get(api, "/api/party-orgs/U-LAW-01", status=404)["detail"] == "党组织 U-LAW-01 不存在"
    by_id = get(api, "/api/committees/PF-EJW")
    assert get(api, "/api/committees/530111001001") == by_id
    assert {m["id"] for m in by_id["members"]} == {"PS-001", "PO-HOSP", "U-LAW-01"}
    assert ids(by_id["former_members"]) == ["U-PROP-01"]
    assert "大党委" in get(api, "/api/committees/530111001003", status=404)["detail"]


def test_node_detail_accepts_label_prefix(api: TestClient) -> None:
    assert get(api, "/api/nodes/Platform:PF-GS")["kind"] == "alliance"
    assert get(api, "/api/nodes/530111001001")["label"] == "Area"
    get(api, "/api/nodes/nothing-here", status=404)


# ------------------------------------------------------------- lists and filters


def test_needs_filter_by_area_subtree(api: TestClient) -> None:
    street = get(api, "/api/needs?area=530111001000")
    assert street["total"] == 4 and ids(street["items"]) == ["N-01", "N-02", "N-03", "N-05"]
    community = get(api, "/api/needs?area=530111001001")
    assert ids(community["items"]) == ["N-01", "N-02"]  # N-02 is raised in a building of a grid below it
    assert ids(get(api, "/api/needs?area=530111001111")["items"]) == ["N-02"]
    assert get(api, "/api/needs")["total"] == 5


def test_needs_filter_by_enums_in_either_language(api: TestClient) -> None:
    assert get(api, "/api/needs?status=待认领") == get(api, "/api/needs?status=open")
    assert ids(get(api, "/api/needs?status=done")["items"]) == ["N-04"]
    assert ids(get(api, "/api/needs?category=助残")["items"]) == ["N-01"]
    assert ids(get(api, "/api/needs?urgency=high&area=530111001000")["items"]) == ["N-01"]
    assert ids(get(api, "/api/needs?category=infrastructure")["items"]) == ["N-02", "N-05"]  # inferred
    bad_field(get(api, "/api/needs?status=whatever", status=422), ["query", "status"])
    bad_field(get(api, "/api/needs?urgency=非常", status=422), ["query", "urgency"])
    body = get(api, "/api/needs?area=000", status=422)
    bad_field(body, ["query", "area"])
    assert "区划 000 不存在" in body["detail"][0]["msg"]


def test_paging(api: TestClient) -> None:
    first = get(api, "/api/needs?limit=2")
    second = get(api, "/api/needs?limit=2&offset=2")
    rest = get(api, "/api/needs?limit=2&offset=4")
    assert first["total"] == second["total"] == rest["total"] == 5
    assert (first["offset"], first["limit"]) == (0, 2)
    assert ids(first["items"]) + ids(second["items"]) + ids(rest["items"]) == [
        "N-01", "N-02", "N-03", "N-04", "N-05",
    ]  # fmt: skip
    assert get(api, "/api/needs?offset=99")["items"] == []
    assert get(api, "/api/needs?limit=0") == {"total": 5, "offset": 0, "limit": 0, "items": []}
    bad_field(get(api, "/api/needs?limit=-1", status=422), ["query", "limit"])
    bad_field(get(api, "/api/needs?limit=501", status=422), ["query", "limit"])
    bad_field(get(api, "/api/needs?offset=-5", status=422), ["query", "offset"])
    bad_field(get(api, "/api/needs?limit=ten", status=422), ["query", "limit"])


def test_resources(api: TestClient) -> None:
    assert ids(get(api, "/api/resources?unit=U-POW-01")["items"]) == ["R-03"]
    assert ids(get(api, "/api/resources?status=闲置")["items"]) == ["R-03"]
    assert ids(get(api, "/api/resources?category=法律服务")["items"]) == ["R-02"]
    # by area: offered by a unit located there, or serving it
    assert ids(get(api, "/api/resources?area=530111001002")["items"]) == ["R-01", "R-04"]
    assert ids(get(api, "/api/resources?area=530111002000")["items"]) == ["R-03", "R-06"]
    page = get(api, "/api/resources?area=530111000000&limit=2&offset=1")
    assert page["total"] == 6 and ids(page["items"]) == ["R-02", "R-03"]
    bad_field(get(api, "/api/resources?unit=U-NONE", status=422), ["query", "unit"])
    r01 = get(api, "/api/resources/R-01")
    assert r01["capacity"] == 2 and r01["capacity_left"] == 2 and r01["unit"] == "91350100M000100Y43"
    get(api, "/api/resources/R-404", status=404)


def test_projects_and_agreements(api: TestClient) -> None:
    assert ids(get(api, "/api/projects?status=已完成")["items"]) == ["PJ-01"]
    assert get(api, "/api/projects?area=530111001000")["total"] == 0
    assert ids(get(api, "/api/projects?area=530111002000&unit=U-LAW-01")["items"]) == ["PJ-01"]
    assert get(api, "/api/projects/PJ-01")["status"] == "done"
    agreements = {a["id"]: a for a in get(api, "/api/agreements")["items"]}
    assert agreements["AG-01"]["in_force"] is True and agreements["AG-02"]["in_force"] is False
    assert ids(get(api, "/api/agreements?in_force=true")["items"]) == ["AG-01"]
    assert ids(get(api, "/api/agreements?in_force=false")["items"]) == ["AG-02"]
    assert ids(get(api, "/api/agreements?area=530111001002")["items"]) == ["AG-01"]  # via PO-GX
    assert ids(get(api, "/api/agreements?area=530111001001")["items"]) == ["AG-02"]  # the area itself
    assert ids(get(api, "/api/agreements?party=U-POW-01")["items"]) == ["AG-01"]
    assert ids(get(api, "/api/agreements?category=就业创业")["items"]) == ["AG-02"]
    assert get(api, "/api/agreements?limit=1&offset=1")["items"][0]["id"] == "AG-02"
    bad_field(get(api, "/api/agreements?party=X-1", status=422), ["query", "party"])
    bad_field(get(api, "/api/agreements?in_force=maybe", status=422), ["query", "in_force"])
    assert get(api, "/api/agreements/AG-02")["in_force"] is False


# ---------------------------------------------------------------------- explore


def test_search(api: TestClient) -> None:
    hits = get(api, "/api/search?q=ejw")["items"]
    assert hits[0] == {
        "id": "530111001001",
        "label": "Area",
        "name": "佴家湾社区",
        "type_zh": "区划",
        "where": "关上街道",
    }
    assert {h["label"] for h in get(api, "/api/search?q=ejw&label=共建平台")["items"]} == {"Platform"}
    few = get(api, "/api/search?q=社区&limit=2")
    every = get(api, "/api/search?q=社区&limit=500")
    assert len(few["items"]) == 2 and few["total"] == every["total"] == len(every["items"]) > 2
    bad_field(get(api, "/api/search?q=", status=422), ["query", "q"])
    bad_field(get(api, "/api/search?q=" + "x" * 201, status=422), ["query", "q"])
    bad_field(get(api, "/api/search?q=x&label=Planet", status=422), ["query", "label", 0])


def test_paths_neighbourhood_stats(api: TestClient) -> None:
    found = get(api, "/api/paths?from=U-LAW-01&to=530111001001&k=2")
    assert found["total"] == 2 and [ids(p) for p in found["paths"]] == [
        ["U-LAW-01", "530111001001"],
        ["U-LAW-01", "PF-EJW", "530111001001"],  # the direct link does not hide the committee
    ]
    committee = found["paths"][1]
    assert "via" not in committee[0] or committee[0]["via"] is None
    assert [hop["via"] for hop in committee[1:]] == [
        [{"type": "MEMBER_OF", "type_zh": "成员", "forward": True}],
        [{"type": "AT", "type_zh": "覆盖", "forward": True}],
    ]
    assert get(api, "/api/paths?from=U-FAR-01&to=U-FAR-01&max=1")["total"] == 1
    get(api, "/api/paths?from=U-LAW-01&to=nowhere", status=404)
    bad_field(get(api, "/api/paths?from=a&to=b&max=0", status=422), ["query", "max"])
    bad_field(get(api, "/api/paths?from=a&to=b&max=9", status=422), ["query", "max"])
    bad_field(get(api, "/api/paths?to=b", status=422), ["query", "from"])
    hood = get(api, "/api/nodes/PF-EJW/neighbourhood")
    assert "Person:PS-001" in {n["key"] for n in hood["nodes"]} and hood["centre"]["id"] == "PF-EJW"
    assert get(api, "/api/nodes/PF-EJW/neighbourhood?depth=3&limit=5")["truncated"] is True
    bad_field(get(api, "/api/nodes/PF-EJW/neighbourhood?depth=4", status=422), ["query", "depth"])
    bad_field(get(api, "/api/nodes/PF-EJW/neighbourhood?depth=0", status=422), ["query", "depth"])
    get(api, "/api/nodes/PF-404/neighbourhood", status=404)
    stats = get(api, "/api/stats?area=530111001000")
    assert stats["needs"]["open"] == 4 and stats["units"] == 4
    assert get(api, "/api/stats")["nodes"]["Need"] == 5
    bad_field(get(api, "/api/stats?area=404", status=422), ["query", "area"])


# ------------------------------------------------------------------------ needs


def test_create_need_infers_category(api: TestClient) -> None:
    r = api.post("/api/needs", headers=P, json={"title": "小区路灯坏了需要维修", "area": "530111001101"})
    assert r.status_code == 201, r.text
    need = r.json()
    assert re.fullmatch(r"N-20261121-[0-9a-f]{4}", need["id"])
    assert need["category"] == "infrastructure" and need["category_inferred"] is True
    assert (need["status"], need["urgency"], need["raised"]) == ("open", "medium", DAY)
    kinds = [(x["type"], x["node"]["label"]) for x in need["relationships"]]
    assert kinds == [("CONCERNS", "Event"), ("RAISED_IN", "Area")]  # its 采集 event, its area
    assert need["relationships"][1]["node"]["id"] == "530111001101"
    assert need["id"] in ids(get(api, "/api/needs?area=530111001001")["items"])  # in the subtree
    assert get(api, f"/api/needs/{need['id']}") == need
    matches = get(api, f"/api/needs/{need['id']}/matches")["matches"]
    assert "R-03" in [m["resource"]["id"] for m in matches]


def test_create_need_with_ledger_words(api: TestClient) -> None:
    body = {
        "id": "N-API-1",
        "title": " 残疾人家庭无障碍改造 ",
        "description": "3户",
        "category": "助残",
        "area": "530111001002",
        "raised": "2025/5/6",
        "urgency": "紧急",
        "beneficiaries": "1,200",
        "source": "微心愿",
    }
    need = api.post("/api/needs", headers=P, json=body).json()
    assert need["id"] == "N-API-1" and need["title"] == "残疾人家庭无障碍改造"
    assert (need["category"], need["category_inferred"]) == ("disability", False)
    assert (need["raised"], need["urgency"], need["beneficiaries"]) == ("2025-05-06", "high", 1200)
    again = api.post("/api/needs", headers=P, json=body)
    assert again.status_code == 409 and "已存在" in again.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"area": "530111001001"}, "title"),
        ({"title": "  ", "area": "530111001001"}, "title"),
        ({"title": "x"}, "area"),
        ({"title": "x", "area": "530111009999"}, "area"),  # no such area
        ({"title": "x", "area": "530111001000"}, "area"),  # a street: needs come from communities or below
        ({"title": "x", "area": "530111001001", "urgency": "very"}, "urgency"),
        ({"title": "x", "area": "530111001001", "category": "天文"}, "category"),
        ({"title": "x", "area": "530111001001", "raised": "2025-02-30"}, "raised"),
        ({"title": "x", "area": "530111001001", "beneficiaries": -3}, "beneficiaries"),
        ({"title": "x", "area": "530111001001", "beneficiaries": 10**12}, "beneficiaries"),
        ({"title": "x", "area": "530111001001", "id": "N 1"}, "id"),
        ({"title": "x", "area": "530111001001", "status": "done"}, "status"),  # not settable on create
        ({"title": ["x"], "area": "530111001001"}, "title"),
    ],
)
def test_create_need_rejects_bad_fields(api: TestClient, body: dict, field: str) -> None:
    r = api.post("/api/needs", headers=P, json=body)
    assert r.status_code == 422, r.text
    bad_field(r.json(), ["body", field])


def test_create_need_rejects_text_that_is_not_unicode(api: TestClient) -> None:
    raw = '{"title": "\\ud800", "area": "530111001001"}'
    r = api.post("/api/needs", headers={**P, "Content-Type": "application/json"}, content=raw)
    assert r.status_code == 422
    bad_field(r.json(), ["body", "title"])
    r = api.post("/api/needs", headers={**P, "Content-Type": "application/json"}, content="{not json")
    assert r.status_code == 422


def test_patch_need(api: TestClient) -> None:
    r = api.patch("/api/needs/N-03", headers=P, json={"status": "已关闭", "beneficiaries": 31})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["beneficiaries"] == 31
    # an inferred category follows new text; a given one stays
    n02 = api.patch("/api/needs/N-02", headers=P, json={"title": "楼栋老人助餐", "description": None}).json()
    assert n02["category"] == "elderly" and n02["category_inferred"] is True and "description" not in n02
    n02 = api.patch("/api/needs/N-02", headers=P, json={"category": "养老助老"}).json()
    assert n02["category_inferred"] is False
    # moving a need moves its RAISED_IN
    moved = api.patch("/api/needs/N-02", headers=P, json={"area": "530111001003"}).json()
    assert [x["node"]["id"] for x in moved["relationships"] if x["type"] == "RAISED_IN"] == ["530111001003"]
    assert "N-02" in ids(get(api, "/api/needs?area=530111001003")["items"])
    bad_field(api.patch("/api/needs/N-02", headers=P, json={"status": "x"}).json(), ["body", "status"])
    bad_field(api.patch("/api/needs/N-02", headers=P, json={"title": None}).json(), ["body", "title"])
    bad_field(api.patch("/api/needs/N-02", headers=P, json={"area": "530111000000"}).json(), ["body", "area"])
    assert api.patch("/api/needs/N-02", headers=P, json={}).status_code == 422
    assert api.patch("/api/needs/N-404", headers=P, json={"status": "open"}).status_code == 404


# ------------------------------------------------------------------ dispatch


def test_claim_then_need_shows_claimed(api: TestClient) -> None:
    r = api.post("/api/needs/N-01/claim", headers=P, json={"resource": "R-01", "note": "下周一上门"})
    assert r.status_code == 201, r.text
    done = r.json()
    pid = done["project"]["id"]
    assert done["link"]["kind"] == "big_committee" and done["project"]["note"] == "下周一上门"
    need = get(api, "/api/needs/N-01")
    assert need["status"] == "claimed" and need["status_zh"] == "已认领"
    assert ("ADDRESSES", pid) in {(x["type"], x["node"]["id"]) for x in need["relationships"]}
    assert get(api, "/api/resources/R-01")["capacity_left"] == 1
    assert get(api, f"/api/projects/{pid}")["status"] == "claimed"
    assert "N-01" not in ids(get(api, "/api/needs?status=open")["items"])
    # conflicts and unknowns
    again = api.post("/api/needs/N-01/claim", headers=P, json={"resource": "R-01"})
    assert again.status_code == 409 and "已不是待认领" in again.json()["detail"]
    unlinked = api.post("/api/needs/N-05/claim", headers=P, json={"resource": "R-01"})
    # a refused claim says which check failed: here the category (a street light is not health)
    assert unlinked.status_code == 409 and "类别不适配" in unlinked.json()["detail"], unlinked.text
    assert api.post("/api/needs/N-05/claim", headers=P, json={"resource": "R-404"}).status_code == 404
    assert api.post("/api/needs/N-404/claim", headers=P, json={"resource": "R-01"}).status_code == 404
    bad_field(api.post("/api/needs/N-05/claim", headers=P, json={}).json(), ["body", "resource"])
    # the project moves on and the need follows
    r = api.patch(f"/api/projects/{pid}", headers=P, json={"status": "已完成", "name": "上门体检"})
    assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["finished"] == DAY
    assert r.json()["name"] == "上门体检" and get(api, "/api/needs/N-01")["status"] == "done"
    bad_field(api.patch(f"/api/projects/{pid}", headers=P, json={"status": "x"}).json(), ["body", "status"])
    assert api.patch("/api/projects/PJ-404", headers=P, json={"status": "done"}).status_code == 404


def test_matches(api: TestClient) -> None:
    result = get(api, "/api/needs/N-01/matches")
    [m] = result["matches"]
    assert m["resource"]["id"] == "R-01" and m["link"]["kind"] == "big_committee"
    assert ids(m["link"]["path"])[0] == "N-01" and ids(m["link"]["path"])[-1] == "R-01"
    assert get(api, "/api/needs/N-03/matches")["matches"] == []
    assert get(api, "/api/needs/N-404/matches", status=404)["detail"] == "需求 N-404 不存在"
    bad_field(get(api, "/api/needs/N-01/matches?limit=0", status=422), ["query", "limit"])


def test_allocation_dry_run_then_apply(api: TestClient) -> None:
    plan = api.post("/api/allocations", headers=P, json={"area": "530111000000"})
    assert plan.status_code == 200, plan.text
    plan = plan.json()
    assert plan["applied"] is False and plan["open_needs"] == 4 and plan["assigned"] == 2
    assert get(api, "/api/projects")["total"] == 1  # a dry run writes nothing
    applied = api.post("/api/allocations", headers=P, json={"area": "530111000000", "apply": True}).json()
    assert applied["applied"] is True and len(applied["dispatched"]) == 2 and applied["conflicts"] == []
    assert get(api, "/api/projects")["total"] == 3
    assert get(api, "/api/needs?status=open&area=530111000000")["total"] == 2
    r = api.post("/api/allocations", headers=P, json={"area": "123"})
    assert r.status_code == 422
    bad_field(r.json(), ["body", "area"])
    bad_field(
        api.post("/api/allocations", headers=P, json={"area": "x", "apply": "perhaps"}).json(),
        ["body", "apply"],
    )


def test_json_answers_encode_what_fastapi_would() -> None:
    """A route may answer ``JSON(value)`` itself (skipping FastAPI's encoder): sets, tuples,
    dates, Decimals, non-text keys and text that is not Unicode still come out as JSON."""
    import datetime as dt
    from decimal import Decimal

    from gongjian.api.errors import dumps

    assert dumps({"s": {1}, "t": (1, "二"), "d": dt.date(2026, 11, 1), "n": Decimal("1.5")}) == (
        '{"s":[1],"t":[1,"二"],"d":"2026-11-01","n":1.5}'.encode()
    )
    assert dumps({1: "一", "x": "\ud800"}) == b'{"1":"\\u4e00","x":"\\ud800"}'
    with pytest.raises(ValueError):
        dumps({"o": object()})


def test_ties_and_areas_in_natural_order(api: TestClient, store: Store) -> None:
    from gongjian.graph.store import ChangeSet, Rel
    from gongjian.queries.common import natural_key

    t = get(api, "/api/nodes/91350100M000100Y43/ties")
    assert [(p["id"], p["role"], p["via"]["id"]) for p in t["platforms"]] == [
        ("PF-EJW", "兼职委员", "PO-HOSP")
    ]
    assert get(api, "/api/nodes/PF-EJW/ties", status=404)
    assert sorted(["第十网格", "第二网格", "第一网格"], key=natural_key) == [
        "第一网格",
        "第二网格",
        "第十网格",
    ]
    store.apply(
        ChangeSet(
            nodes={"Area": {"530111001110": {"code": "530111001110", "name": "佴家湾第十网格", "level": "grid"},
                            "530111001100": {"code": "530111001100", "name": "佴家湾第三网格", "level": "grid"}}},
            rels=[Rel("PART_OF", ("Area", c), ("Area", "530111001001")) for c in ("530111001110", "530111001100")],
        )
    )  # fmt: skip
    kids = [a["name"] for a in get(api, "/api/areas/530111001001/children")["items"]]
    assert kids == ["佴家湾第一网格", "佴家湾第二网格", "佴家湾第三网格", "佴家湾第十网格"]
