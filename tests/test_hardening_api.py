"""Hardening: the API fuzzed from its own OpenAPI spec, with every role, on both stores.

- schemathesis generates requests for every operation of ``/openapi.json`` (valid ones
  and, in its negative mode, invalid ones); each is sent with the viewer's, the planner's
  and the admin's token. No answer may be a 5xx.
- schemathesis does not try Cypher or HTML injection on purpose, so every string
  parameter of every GET operation in the spec is also given those payloads explicitly
  (with the other parameters at valid values): no 5xx, the store is left exactly as it
  was (nothing deleted, nothing added), and no HTML answer carries the markup unescaped.
- markup stored through the API (a need's title) never comes back unescaped in an HTML
  diagram or the web page.

The run is bounded: at most ``POSITIVE`` + ``NEGATIVE`` generated cases per operation.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from gongjian.api import create_app
from gongjian.documents.ingest import ingest as ingest_documents
from gongjian.graph.store import Store
from tests.test_api_schemas import SEED, SEED_ID
from tests.test_api_support import DAY, ROLE_TOKEN, TOKENS, auth

ROLES = ("viewer", "planner", "admin")
POSITIVE = 20  # generated valid cases per operation
NEGATIVE = 10  # generated invalid cases per operation
CYPHER = ["x'}) DETACH DELETE n //", '" OR 1=1 //', "') MATCH (n) DETACH DELETE n //", "$id}) RETURN 1 //"]
HTML = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
INJECTIONS = CYPHER + HTML
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# POST /api/ingest takes the raw bytes of a zip or a workbook: send generated bodies as they are.
schemathesis.serializer.alias(["application/zip", XLSX], "application/octet-stream")

#: A valid value for each string parameter (by path, then by name), so that each payload
#: reaches the code behind its own parameter rather than stopping at another one's check.
VALID: dict[tuple[str, str], str] = {
    ("/api/nodes/{id}", "id"): "N-01",
    ("/api/nodes/{id}/neighbourhood", "id"): "U-LAW-01",
    ("/api/nodes/{id}/ties", "id"): "U-LAW-01",
    ("/api/areas/{id}", "id"): "530111001001",
    ("/api/areas/{id}/children", "id"): "530111001000",
    ("/api/areas/{id}/figures", "id"): "530111001000",
    ("/api/units/{id}", "id"): "U-LAW-01",
    ("/api/party-orgs/{id}", "id"): "PO-EJW",
    ("/api/committees/{id}", "id"): "530111001001",
    ("/api/needs/{id}", "id"): "N-01",
    ("/api/needs/{id}/matches", "id"): "N-01",
    ("/api/needs/{id}/history", "id"): "N-01",
    ("/api/resources/{id}", "id"): "R-01",
    ("/api/projects/{id}", "id"): "PJ-01",
    ("/api/agreements/{id}", "id"): "AG-01",
    ("/api/nodes/{id}/documents", "id"): "530111001001",
    ("/api/documents/{id}", "id"): SEED_ID,
    ("/api/documents/{id}/figures", "id"): SEED_ID,
    ("/api/documents", "mechanism"): "大党委",
    ("/api/diagrams/{view}/{target}", "view"): "neighbourhood",
    ("/api/diagrams/{view}/{target}", "target"): "N-01.html",
    ("/api/exports/{target}", "target"): "needs.csv",
    ("/api/exports/{target}", "id"): "PF-EJW",
    ("/api/exports/{target}", "need"): "N-01",
    ("/api/scorecards/units/{id}", "id"): "U-LAW-01",
    ("/api/scorecards/areas/{id}", "id"): "530111001001",
    ("/api/scorecards/ranking.{fmt}", "fmt"): "csv",
    **{
        (path, name): day
        for path in (
            "/api/loop/report",
            "/api/loop/report.xlsx",
            "/api/loop/report.png",
            "/api/scorecards/units/{id}",
            "/api/scorecards/areas/{id}",
            "/api/scorecards/ranking",
            "/api/scorecards/ranking.{fmt}",
        )
        for name, day in (("from", "2025-01-01"), ("to", "2025-12-31"))
    },
}
VALID_BY_NAME = {
    "q": "佴家湾",
    "from": "N-01",
    "to": "U-LAW-01",
    "label": "Unit",
    "level": "社区",
    "parent": "530111001000",
    "area": "530111001000",
    "type": "机关",
    "status": "open",
    "category": "health",
    "urgency": "high",
    "unit": "U-LAW-01",
    "party": "PO-GX",
}


@pytest.fixture
def app(store: Store, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    assert ingest_documents(store, [SEED])["documents"][0]["id"] == SEED_ID  # a practice article
    return create_app(store, TOKENS)


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def _is_string(schema: dict[str, Any]) -> bool:
    """A parameter that takes text: a string, a nullable string, or a list of strings."""
    if schema.get("type") == "string":
        return True
    if schema.get("type") == "array":
        return _is_string(schema.get("items", {})) or "enum" in schema.get("items", {})
    return any(_is_string(s) for s in schema.get("anyOf", []))


def _no_raw_markup(r: Any, what: str) -> None:
    """An HTML answer never carries injected markup as markup."""
    if "html" in r.headers.get("content-type", ""):
        for payload in HTML:
            assert payload not in r.text, (what, "markup reflected unescaped")


def test_schemathesis_every_operation_every_role(app: FastAPI, store: Store) -> None:
    """Every operation of the spec, generated cases (valid and invalid), each sent as every role: no 5xx."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30  # the whole API, not a corner of it
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    cases = 0
    for op in operations:
        modes = [(GenerationMode.POSITIVE, POSITIVE), (GenerationMode.NEGATIVE, NEGATIVE)]
        if not (op.path_parameters or op.query or op.body):
            modes = modes[:1]  # nothing to get wrong (GET /api/health, /api/me)
        for mode, n in modes:

            @settings(
                max_examples=n,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=op.as_strategy(generation_mode=mode))
            def run(case: schemathesis.Case) -> None:
                nonlocal cases
                cases += 1
                for role in ROLES:
                    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {ROLE_TOKEN[role]}"}
                    r = case.call()
                    statuses[r.status_code] += 1
                    assert r.status_code < 500, (role, r.status_code, r.text[:500], case.as_curl_command())

            try:
                run()
            except Unsatisfiable:  # nothing invalid to generate (an operation without parameters)
                pass
            except AssertionError as e:
                failures.append(f"{op.label} ({mode.value}): {e}")
    print(
        f"\nschemathesis: {len(operations)} operations, {cases} cases × {len(ROLES)} roles; statuses {dict(statuses)}"
    )
    assert not failures, "\n".join(failures)
    assert not any(s >= 500 for s in statuses)
    assert statuses[200] + statuses[201] > 0 and statuses[422] > 0  # both kinds of cases got through


def _get_url(path: str, params: list[dict[str, Any]], override: tuple[str, str] | None) -> str:
    values: dict[str, str] = {}
    for p in params:
        name = p["name"]
        value = VALID.get((path, name)) or VALID_BY_NAME.get(name)
        if override and override[0] == name:
            value = override[1]
        if value is not None and (p.get("required") or p["in"] == "path" or override):
            values[name] = value
    url = path
    for p in params:
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", quote(values[p["name"]], safe=""))
    query = {p["name"]: values[p["name"]] for p in params if p["in"] == "query" and p["name"] in values}
    return url + ("?" + urlencode(query) if query else "")


def test_injection_in_every_string_parameter_of_every_get(api: TestClient, store: Store) -> None:
    """Cypher and HTML payloads in each string parameter, as every role: no 5xx, store untouched."""
    spec = api.get("/openapi.json").json()
    before = store.counts()
    tried: set[tuple[str, str]] = set()
    requests = 0
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if op is None:
            continue
        params = op.get("parameters", [])
        baseline = _get_url(path, params, None)
        r = api.get(baseline, headers=auth("admin"))
        assert r.status_code < 400, (baseline, r.status_code, r.text[:300])  # the valid values are valid
        for p in params:
            if not _is_string(p["schema"]):
                continue
            tried.add((path, p["name"]))
            for payload in INJECTIONS:
                url = _get_url(path, params, (p["name"], payload))
                for role in ROLES:
                    r = api.get(url, headers=auth(role))
                    requests += 1
                    assert r.status_code < 500, (url, role, r.status_code, r.text[:500])
                    _no_raw_markup(r, url)
                    if "json" in r.headers.get("content-type", ""):
                        json.loads(r.text)  # a JSON answer is whole JSON
    print(
        f"\ninjection: {len(tried)} string parameters × {len(INJECTIONS)} payloads × {len(ROLES)} roles = {requests}"
    )
    assert len(tried) >= 40, sorted(tried)  # every string parameter of the spec's GETs
    assert store.counts() == before  # nothing deleted, nothing added


def test_injected_text_stored_through_the_api_stays_text(api: TestClient, store: Store) -> None:
    """Payloads saved as a need's title and description: read back as the same text, searched,
    matched, drawn as an HTML diagram — never markup, never a query, the rest of the store intact."""
    before = store.counts()
    planner = auth("planner")
    created = []
    for payload in INJECTIONS:
        body = {"title": payload, "description": payload, "area": "530111001001", "source": payload}
        r = api.post("/api/needs", headers=planner, json=body)
        assert r.status_code == 201, r.text
        need = r.json()
        assert need["title"] == payload and need["description"] == payload
        created.append(need["id"])
    for need_id, payload in zip(created, INJECTIONS, strict=True):
        for role in ROLES:
            h = auth(role)
            assert api.get(f"/api/needs/{quote(need_id)}", headers=h).json()["title"] == payload
            r = api.get("/api/search", params={"q": payload}, headers=h)
            assert r.status_code in (200, 422), r.text
            assert api.get(f"/api/needs/{quote(need_id)}/matches", headers=h).status_code == 200
            for view, target in (("neighbourhood", need_id), ("area", "530111001001"), ("matches", need_id)):
                r = api.get(f"/api/diagrams/{view}/{quote(target)}.html", headers=h)
                assert r.status_code == 200, (view, r.status_code, r.text[:300])
                _no_raw_markup(r, f"{view} diagram")
            r = api.get("/api/exports/needs.csv", params={"area": "530111001001"}, headers=h)
            assert r.status_code == 200
    page = api.get("/")
    assert page.status_code == 200
    _no_raw_markup(page, "web page")
    after = store.counts()
    assert after["nodes"]["Need"] == before["nodes"]["Need"] + len(INJECTIONS)
    assert after["relationships"]["RAISED_IN"] == before["relationships"]["RAISED_IN"] + len(INJECTIONS)
    assert after["nodes"]["Event"] == before["nodes"]["Event"] + len(INJECTIONS)  # each its 采集 event
    others = {k: v for k, v in after["nodes"].items() if k not in ("Need", "Event")}
    assert others == {k: v for k, v in before["nodes"].items() if k not in ("Need", "Event")}
