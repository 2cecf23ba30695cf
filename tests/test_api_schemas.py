"""Every JSON answer documented in /openapi.json, real answers fitting their models, and
masking done as answers are serialised (admin whole, everyone else masked), with the
safety net for answers made any other way."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from gongjian.api import create_app
from gongjian.api.answers import dumps, masked_dumps
from gongjian.api.app import ROUTERS
from gongjian.api.deps import ViewerDep
from gongjian.documents.ingest import ingest as ingest_documents
from gongjian.graph.store import Store
from gongjian.privacy import mask_json
from tests.conftest import DATA, LEDGER
from tests.test_api_support import DAY, TOKENS, auth, client_for

V, P, A = auth("viewer"), auth("planner"), auth("admin")
#: A practice article that names 佴家湾社区 (docs: tests/test_documents.py).
SEED, SEED_ID = DATA / "seeds" / "004_4eb60b36ccecd1f1.txt", "DOC-5ad93c45762e0c51"

#: A sample request of each JSON route (by its path template and method) in the fixture ledger.
GETS: dict[str, list[str]] = {
    "/api/health": ["/api/health"],
    "/api/me": ["/api/me"],
    "/api/search": ["/api/search?q=佴家湾", "/api/search?q=wjh"],
    "/api/paths": ["/api/paths?from=PS-001&to=91350100M000100Y43"],
    "/api/nodes/{id}/neighbourhood": ["/api/nodes/U-LAW-01/neighbourhood?depth=3"],
    "/api/nodes/{id}/ties": [
        "/api/nodes/91350100M000100Y43/ties",
        "/api/nodes/PO-GX/ties",
        "/api/nodes/U-POW-01/ties",
    ],
    "/api/nodes/{id}": [
        f"/api/nodes/{i}"
        for i in ("530111001001", "U-LAW-01", "PO-EJW", "PF-EJW", "PS-001", "AG-01", "N-01", "R-01", "PJ-01")
    ],
    "/api/areas": ["/api/areas?limit=500"],
    "/api/areas/{id}/children": ["/api/areas/530111001000/children"],
    "/api/areas/{id}/figures": ["/api/areas/530100000000/figures", "/api/areas/530111001001/figures"],
    "/api/areas/{id}": ["/api/areas/530111001001", "/api/areas/530000000000"],
    "/api/units": ["/api/units?limit=500"],
    "/api/units/{id}": ["/api/units/91350100M000100Y43", "/api/units/U-LAW-01"],
    "/api/party-orgs/{id}": ["/api/party-orgs/PO-EJW", "/api/party-orgs/PO-GRID1"],
    "/api/committees/{id}": ["/api/committees/PF-EJW", "/api/committees/530111001000"],
    "/api/needs": ["/api/needs?limit=500"],
    "/api/needs/{id}/matches": [
        "/api/needs/N-01/matches",
        "/api/needs/N-02/matches",
        "/api/needs/N-03/matches",
    ],
    "/api/needs/{id}": ["/api/needs/N-01", "/api/needs/N-04"],
    "/api/resources": ["/api/resources?limit=500"],
    "/api/resources/{id}": ["/api/resources/R-01"],
    "/api/projects": ["/api/projects"],
    "/api/projects/{id}": ["/api/projects/PJ-01"],
    "/api/agreements": ["/api/agreements"],
    "/api/agreements/{id}": ["/api/agreements/AG-01"],
    "/api/stats": ["/api/stats", "/api/stats?area=530111001001"],
    "/api/gaps": ["/api/gaps", "/api/gaps?area=530111000000"],
    "/api/loop/report": ["/api/loop/report?area=530111000000&from=2025-01-01&to=2026-12-31"],
    "/api/loop/overdue": ["/api/loop/overdue", "/api/loop/overdue?as_of=2027-06-01"],
    "/api/needs/{id}/history": ["/api/needs/N-01/history", "/api/needs/N-04/history"],
    "/api/scorecards/units/{id}": ["/api/scorecards/units/U-LAW-01?from=2025-01-01&to=2025-12-31"],
    "/api/scorecards/areas/{id}": ["/api/scorecards/areas/530111001001?from=2025-01-01&to=2025-12-31"],
    "/api/scorecards/ranking": [
        "/api/scorecards/ranking?area=530111000000&from=2025-01-01&to=2025-12-31",
        "/api/scorecards/ranking?area=530111000000&kind=community&from=2025-01-01&to=2025-12-31",
    ],
    "/api/documents": ["/api/documents?q=大党委", "/api/documents?area=530111000000&mechanism=契约化"],
    "/api/documents/{id}": [f"/api/documents/{SEED_ID}"],
    "/api/documents/{id}/figures": [f"/api/documents/{SEED_ID}/figures"],
    "/api/nodes/{id}/documents": ["/api/nodes/530111001001/documents", "/api/nodes/U-LAW-01/documents"],
}


@pytest.fixture
def api(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    assert ingest_documents(store, [SEED])["documents"][0]["id"] == SEED_ID
    yield from client_for(store, monkeypatch)


def _json_operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(method, path) → the schema of its success answer, for every operation answering JSON."""
    out = {}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for status, answer in op["responses"].items():
                if status.startswith("2") and "application/json" in answer.get("content", {}):
                    out[(method, path)] = answer["content"]["application/json"].get("schema") or {}
    return out


def test_every_json_route_documents_its_answer(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    operations = _json_operations(spec)
    assert len(operations) >= 29
    schemas = spec["components"]["schemas"]
    for (method, path), schema in operations.items():
        assert schema, (method, path)  # not {} (= Any)
        assert "$ref" in schema or "oneOf" in schema, (method, path, schema)
        for ref in [schema["$ref"]] if "$ref" in schema else [s["$ref"] for s in schema["oneOf"]]:
            model = schemas[ref.rsplit("/", 1)[1]]
            assert model.get("properties"), (method, path, ref)
    # every route of the app answering JSON is in the spec, none is left without a model
    downloads = {
        "/api/diagrams/{view}/{target}",
        "/api/exports/{target}",
        "/api/loop/report.xlsx",
        "/api/loop/report.png",
        "/api/scorecards/ranking.{fmt}",
    }
    for route in _routes():
        if route.include_in_schema and route.path.startswith("/api/") and route.path_format not in downloads:
            assert route.response_model not in (None, Any), route.path
            assert (
                "get" if "GET" in route.methods else min(route.methods).lower(),
                route.path_format,
            ) in operations


def _routes() -> list[APIRoute]:
    return [r for module in ROUTERS for r in module.router.routes if isinstance(r, APIRoute)]


def _fits(app: FastAPI, method: str, path: str, body: Any) -> None:
    route = next(r for r in _routes() if r.path_format == path and method.upper() in r.methods)
    TypeAdapter(route.response_model).validate_python(body)


def test_real_answers_fit_their_models(api: TestClient) -> None:
    app: FastAPI = api.app  # type: ignore[assignment]
    documented = {path for (method, path) in _json_operations(app.openapi()) if method == "get"}
    assert documented == set(GETS)  # a sample for every JSON GET
    for path, urls in GETS.items():
        for url in urls:
            r = api.get(url, headers=A)
            assert r.status_code == 200, (url, r.text)
            _fits(app, "get", path, r.json())
    # the writes
    made = api.post("/api/needs", headers=P, json={"title": "助残上门体检", "area": "530111001001"})
    assert made.status_code == 201, made.text
    _fits(app, "post", "/api/needs", made.json())
    patched = api.patch(f"/api/needs/{made.json()['id']}", headers=P, json={"urgency": "高"})
    _fits(app, "patch", "/api/needs/{id}", patched.json())
    for apply in (False, True):
        r = api.post("/api/allocations", headers=P, json={"area": "530111000000", "apply": apply})
        assert r.status_code == 200, r.text
        _fits(app, "post", "/api/allocations", r.json())
    claimed = api.post("/api/needs/N-05/claim", headers=P, json={"resource": "R-03"})
    if claimed.status_code == 201:  # unless the allocation took it
        _fits(app, "post", "/api/needs/{id}/claim", claimed.json())
    project = api.patch("/api/projects/PJ-01", headers=P, json={"name": "邻里调解"})
    _fits(app, "patch", "/api/projects/{id}", project.json())
    for body in ({"as_of": "2027-03-12", "dry_run": True}, {"as_of": "2027-03-12"}):
        run = api.post("/api/loop/run", headers=P, json=body)
        assert run.status_code == 200, run.text
        _fits(app, "post", "/api/loop/run", run.json())
    rated = api.post("/api/needs/N-04/feedback", headers=P, json={"rating": "不满意", "comment": "还漏水"})
    assert rated.status_code == 201, rated.text
    _fits(app, "post", "/api/needs/{id}/feedback", rated.json())
    for path, urls in GETS.items():  # again, now that the loop has moved things
        for url in urls:
            _fits(app, "get", path, api.get(url, headers=A).json())
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as z:
        for csv in LEDGER.glob("*.csv"):
            z.writestr(csv.name, csv.read_bytes())
    report = api.post("/api/ingest?dry_run=true", headers=A, content=upload.getvalue())
    assert report.status_code == 200, report.text
    _fits(app, "post", "/api/ingest", report.json())


# ------------------------------------------------------------------ masking


def test_each_kind_of_answer_is_masked_for_a_viewer_and_whole_for_an_admin(api: TestClient) -> None:
    need = api.post(
        "/api/needs",
        headers=P,
        json={"title": "残疾人上门体检", "area": "530111001001", "description": "请联系王阿姨13812345678"},
    ).json()["id"]
    kinds = {
        "node detail": ("/api/units/91350100M000100Y43", ["张三明", "13812345678"], ["张*明", "138****5678"]),
        "list": ("/api/units?area=530111000000", ["张三明", "李四"], ["张*明", "李*"]),
        "match": (f"/api/needs/{need}/matches", ["13812345678"], ["王阿姨138****5678"]),
    }
    for kind, (url, whole, masked) in kinds.items():
        viewer, admin = api.get(url, headers=V), api.get(url, headers=A)
        assert viewer.status_code == admin.status_code == 200, (kind, viewer.text)
        for r in (viewer, admin):  # the admin's body is dumped again: its length is told anew
            assert int(r.headers["content-length"]) == len(r.content), kind
        assert not [w for w in whole if w in viewer.text], (kind, viewer.text)
        assert all(m in viewer.text for m in masked), (kind, viewer.text)
        assert all(w in admin.text for w in whole), (kind, admin.text)
        if kind == "match":
            assert viewer.json()["matches"], "the need has matches"
            assert {m["resource"]["id"] for m in viewer.json()["matches"]} == {
                m["resource"]["id"] for m in admin.json()["matches"]
            }


def test_the_safety_net_masks_json_answers_made_any_other_way(store: Store, monkeypatch) -> None:
    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    app = create_app(store, TOKENS)
    person = {"label": "Person", "id": "PS-001", "name": "王建华", "phone": "13987654321"}

    @app.get("/api/plain-response")  # a plain JSONResponse, no token checked
    def plain() -> JSONResponse:
        return JSONResponse({"who": person})

    @app.get("/api/plain-value")  # a value, through FastAPI's own serialisation
    def value() -> dict:
        return {"who": person}

    @app.get("/api/plain-error")  # an error, no token checked
    def error() -> None:
        raise HTTPException(409, {"who": person})

    @app.get("/api/checked-error")  # an error after the token was checked
    def checked(caller: ViewerDep) -> None:
        raise HTTPException(409, {"who": person})

    with TestClient(app) as client:
        for url in ("/api/plain-response", "/api/plain-value", "/api/plain-error"):
            for headers in ({}, V, A):  # no role seen: masked even for an admin's token
                text = client.get(url, headers=headers).text
                assert "王建华" not in text and "13987654321" not in text and "王*华" in text, (url, text)
        viewer, admin = (client.get("/api/checked-error", headers=h) for h in (V, A))
        assert viewer.status_code == admin.status_code == 409
        assert "王建华" not in viewer.text and "王*华" in viewer.text and "王建华" in admin.text


# The values answers are made of, also what orjson and json take but JSON has not (tuples,
# sets, number keys, dates): masking as the value is serialised must equal masking the
# serialised text, as the middleware did.
_keys = st.sampled_from(
    ["label", "name", "contact", "phone", "id_number", "member_type", "description", "备注", "id", "path"]
) | st.text(max_size=4)
_texts = st.sampled_from(
    ["Person", "person", "Unit", "张三明", "13812345678", "１３８１２３４５６７８", "电话 13812345678", "x"]
) | st.text(max_size=12)
_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _texts,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_keys, inner, max_size=5)
        | st.dictionaries(st.integers(0, 9), inner, max_size=2)
    ),
    max_leaves=25,
)


def _loads(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body)


@settings(max_examples=300, deadline=None)
@given(value=_values)
def test_masking_while_serialising_equals_masking_the_text(value: Any) -> None:
    assert _loads(masked_dumps(value)) == mask_json(_loads(dumps(value)))
