"""Tokens and roles (401/403/2xx for each role) and personal data masked for everyone but admin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gongjian.api import create_app
from gongjian.api.auth import TokenError, allows, load_tokens, parse_tokens, role_of
from gongjian.graph.store import Store
from tests.test_api_support import PERSONAL, TOKENS, auth, client_for


@pytest.fixture
def api(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from client_for(store, monkeypatch)


# -------------------------------------------------------------- token settings


def test_parse_tokens_inline_and_file(tmp_path: Path) -> None:
    assert parse_tokens("aaaaaaaa:viewer, bbbbbbbb:planner,cc:cc:cc:admin") == {
        "aaaaaaaa": "viewer",
        "bbbbbbbb": "planner",
        "cc:cc:cc": "admin",  # the role is after the last colon
    }
    file = tmp_path / "tokens"
    file.write_text("# 令牌文件\nviewer-tok-1 viewer\n\nplanner-tok:planner  # 规划科\nadmin-tok-1 管理员\n")
    env = {"GONGJIAN_TOKENS_FILE": str(file), "GONGJIAN_TOKENS": "inline-tok-1:viewer"}
    assert load_tokens(env) == {
        "viewer-tok-1": "viewer",
        "planner-tok": "planner",
        "admin-tok-1": "admin",
        "inline-tok-1": "viewer",
    }
    assert load_tokens({}) == {}


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("aaaaaaaa:root", "未知角色"),
        ("aaaaaaaa", "缺少角色"),
        ("short:admin", "太短"),
        ("a b c", "应写成"),
    ],
)
def test_bad_token_settings_say_why(text: str, why: str) -> None:
    with pytest.raises(TokenError, match=why) as e:
        parse_tokens(text)
    assert "aaaaaaaa" not in str(e.value)  # a token is never echoed whole


def test_missing_tokens_file() -> None:
    with pytest.raises(TokenError, match="无法读取令牌文件"):
        load_tokens({"GONGJIAN_TOKENS_FILE": "/nonexistent/tokens"})


def test_role_lookup() -> None:
    assert role_of(TOKENS, "planner-token-0001") == "planner"
    assert role_of(TOKENS, "planner-token-000") is None  # a prefix is not the token
    assert role_of(TOKENS, "planner-token-00011") is None
    assert role_of(TOKENS, "令牌") is None
    assert allows("admin", "planner") and allows("planner", "viewer") and not allows("viewer", "planner")


def test_create_app_reads_tokens_from_the_environment(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGJIAN_TOKENS", "env-token-0001:viewer")
    monkeypatch.delenv("GONGJIAN_TOKENS_FILE", raising=False)
    client = TestClient(create_app(store))
    assert client.get("/api/needs", headers={"Authorization": "Bearer env-token-0001"}).status_code == 200
    assert client.get("/api/needs", headers=auth("admin")).status_code == 401


def test_no_tokens_means_no_access(store: Store) -> None:
    client = TestClient(create_app(store, {}))
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/needs", headers=auth("admin")).status_code == 401


# ----------------------------------------------------------------- role matrix

#: (method, url, body, least role, success status)
ENDPOINTS = [
    ("GET", "/api/search?q=ejw", None, "viewer", 200),
    ("GET", "/api/areas", None, "viewer", 200),
    ("GET", "/api/areas/530111001001", None, "viewer", 200),
    ("GET", "/api/areas/530111001001/children", None, "viewer", 200),
    ("GET", "/api/units", None, "viewer", 200),
    ("GET", "/api/units/U-LAW-01", None, "viewer", 200),
    ("GET", "/api/party-orgs/PO-EJW", None, "viewer", 200),
    ("GET", "/api/committees/PF-EJW", None, "viewer", 200),
    ("GET", "/api/needs", None, "viewer", 200),
    ("GET", "/api/needs/N-01", None, "viewer", 200),
    ("GET", "/api/needs/N-01/matches", None, "viewer", 200),
    ("GET", "/api/resources", None, "viewer", 200),
    ("GET", "/api/resources/R-01", None, "viewer", 200),
    ("GET", "/api/projects", None, "viewer", 200),
    ("GET", "/api/projects/PJ-01", None, "viewer", 200),
    ("GET", "/api/agreements", None, "viewer", 200),
    ("GET", "/api/agreements/AG-01", None, "viewer", 200),
    ("GET", "/api/paths?from=U-LAW-01&to=PF-EJW", None, "viewer", 200),
    ("GET", "/api/nodes/PF-EJW", None, "viewer", 200),
    ("GET", "/api/nodes/PF-EJW/neighbourhood?depth=2", None, "viewer", 200),
    ("GET", "/api/stats?area=530111001000", None, "viewer", 200),
    ("POST", "/api/needs", {"title": "路灯维修", "area": "530111001002"}, "planner", 201),
    ("PATCH", "/api/needs/N-03", {"urgency": "高"}, "planner", 200),
    ("POST", "/api/needs/N-01/claim", {"resource": "R-01"}, "planner", 201),
    ("PATCH", "/api/projects/PJ-01", {"name": "邻里调解"}, "planner", 200),
    ("POST", "/api/allocations", {"area": "530111001000"}, "planner", 200),
]
LOWER = {"viewer": None, "planner": "viewer", "admin": "planner"}


@pytest.mark.parametrize(("method", "url", "body", "role", "ok"), ENDPOINTS, ids=lambda v: str(v)[:40])
def test_each_endpoint_checks_the_role(
    api: TestClient, method: str, url: str, body: dict | None, role: str, ok: int
) -> None:
    def call(headers: dict[str, str]) -> int:
        r = api.request(method, url, headers=headers, json=body)
        if r.status_code == 401:
            assert r.headers["www-authenticate"] == "Bearer" and r.json()["detail"]
        return r.status_code

    assert call({}) == 401
    assert call({"Authorization": "Bearer not-a-known-token"}) == 401
    assert call({"Authorization": "Basic dmlld2VyOnB3"}) == 401
    assert call({"Authorization": "Bearer"}) == 401
    lower = LOWER[role]
    if lower:
        r = api.request(method, url, headers=auth(lower), json=body)
        assert r.status_code == 403 and "权限不足" in r.json()["detail"], r.text
    assert call(auth(role)) == ok


def test_ingest_is_for_admins_only(api: TestClient) -> None:
    for role in ("viewer", "planner"):
        r = api.post("/api/ingest", headers=auth(role), content=b"PK")
        assert r.status_code == 403
    assert api.post("/api/ingest", content=b"PK").status_code == 401


# --------------------------------------------------------------------- masking

#: Answers that carry people and units' contacts, directly or nested.
READS = [
    "/api/units/91350100M000100Y43",
    "/api/units/U-LAW-01",
    "/api/units?limit=500",
    "/api/units?area=530111001001",
    "/api/committees/PF-EJW",
    "/api/committees/530111001001",
    "/api/nodes/PS-001",
    "/api/nodes/Person:PS-002",
    "/api/nodes/PS-001/neighbourhood?depth=3&limit=500",
    "/api/nodes/PF-EJW/neighbourhood?depth=3&limit=500",
    "/api/nodes/530111001001/neighbourhood?depth=3&limit=500",
    "/api/nodes/530111001101/neighbourhood?depth=2",
    "/api/nodes/91350100M000100Y43",
    "/api/party-orgs/PO-EJW",
    "/api/party-orgs/PO-GRID1",
    "/api/areas/530111001001",
    "/api/search?q=王建华",
    "/api/search?q=wjh",
    "/api/search?q=PS-001",
    "/api/search?q=赵敏&label=Person",
    "/api/search?q=官渡区人民医院",
    "/api/paths?from=PS-001&to=91350100M000100Y43",
    "/api/paths?from=PS-002&to=PS-001&max=8",
    "/api/needs/N-01/matches",
    "/api/needs/N-01",
    "/api/resources/R-01",
    "/api/projects/PJ-01",
    "/api/stats",
    "/api/stats?area=530111001001",
]


def _bodies(api: TestClient, role: str) -> str:
    texts = []
    for url in READS:
        r = api.get(url, headers=auth(role))
        assert r.status_code == 200, (url, r.text)
        texts.append(r.text)
    for url, body, status in [
        ("/api/allocations", {"area": "530111000000"}, 200),
        ("/api/needs/N-01/claim", {"resource": "R-01"}, 201),
    ]:
        if role != "viewer":
            r = api.post(url, headers=auth(role), json=body)
            assert r.status_code == status, r.text
            texts.append(r.text)
    return "\n".join(texts)


@pytest.mark.parametrize("role", ["viewer", "planner"])
def test_personal_data_is_masked_below_admin(api: TestClient, role: str) -> None:
    seen = _bodies(api, role)
    leaked = [p for p in PERSONAL if p in seen]
    assert leaked == [], leaked
    assert "张*明" in seen and "138****5678" in seen and "王*华" in seen and "110105********002X" in seen


def test_admin_sees_personal_data(api: TestClient) -> None:
    seen = _bodies(api, "admin")
    assert [p for p in PERSONAL if p not in seen] == []
    hits = api.get("/api/search?q=王建华", headers=auth("admin")).json()["items"]
    assert hits[0]["id"] == "PS-001" and hits[0]["name"] == "王建华"


def test_people_are_not_searchable_by_name_below_admin(api: TestClient) -> None:
    for q in ("王建华", "wjh", "赵"):
        assert api.get(f"/api/search?q={q}&label=Person", headers=auth("planner")).json()["items"] == []


def test_error_answers_are_masked_too(api: TestClient) -> None:
    r = api.get("/api/nodes/PS-404", headers=auth("viewer"))
    assert r.status_code == 404 and r.json() == {"detail": "节点 PS-404 不存在"}


def test_numbers_typed_in_full_width_digits_are_masked_in_answers(api: TestClient) -> None:
    body = {"title": "楼道灯坏了", "area": "530111001101", "description": "联系电话１３９１２３４５６７８"}
    made = api.post("/api/needs", headers=auth("planner"), json=body)
    assert made.status_code == 201, made.text
    for role in ("viewer", "planner"):
        seen = api.get(f"/api/needs/{made.json()['id']}", headers=auth(role)).text
        assert "１３９１２３４５６７８" not in seen and "１３９****５６７８" in seen
    seen = api.get(f"/api/needs/{made.json()['id']}", headers=auth("admin")).text
    assert "１３９１２３４５６７８" in seen
