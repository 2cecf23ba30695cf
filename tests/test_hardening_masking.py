"""Hardening, second round (issue 18, finding 4): personal data masked by what a value is —
extra columns named for a person, a phone or an ID number, and numbers written with
separators anywhere in text — in every answer and export, for everyone but admin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gongjian.graph.store import Store
from gongjian.ingest.load import ingest
from tests.test_api_support import auth, client_for

WRITTEN = {
    "138-1234-5678": "138-****-5678",
    "138 1234 5678": "138 **** 5678",
    "(138)12345678": "(138)****5678",
    "087165555555": "0871****5555",
    "5301 1119 8001 0112 33": "5301 11** **** **12 33",
    "530111-19800101-1233": "530111-********-1233",
    "+86-139-8765-4321": "+86-139-****-4321",
}
SECRETS = ["周星驰", "138 1234 5678", "+86-139-8765-4321", "53011119800101123X", *WRITTEN]


@pytest.fixture
def api(store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[TestClient]:
    description = "联系 " + "，".join(WRITTEN)
    (tmp_path / "needs.csv").write_text(
        "需求编码,需求标题,需求描述,所在区划,提出日期,负责人,备用手机,紧急联系,证件\n"
        f"N-PII,楼道灯坏了,{description},530111001001,2025-03-01,周星驰,138 1234 5678,+86-139-8765-4321,"
        "53011119800101123X\n",
        encoding="utf-8",
    )
    report = ingest(tmp_path, store)
    assert report.ok, report.rejected
    yield from client_for(store, monkeypatch)


@pytest.mark.parametrize("role", ["viewer", "planner"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/needs/N-PII",
        "/api/needs?area=530111001001&limit=500",
        "/api/exports/needs.csv?area=530111001001",
    ],
)
def test_personal_data_is_masked_wherever_it_hides(api: TestClient, role: str, path: str) -> None:
    r = api.get(path, headers=auth(role))
    assert r.status_code == 200, r.text
    text = r.content.decode("utf-8-sig")
    for secret in SECRETS:
        assert secret not in text, (secret, path)
    if "exports" not in path:  # the list export has no extra columns
        assert "周*驰" in text and "138 **** 5678" in text and "+86-139-****-4321" in text
    for masked in WRITTEN.values():
        assert masked in text, masked


def test_admin_sees_it_whole(api: TestClient) -> None:
    text = api.get("/api/needs/N-PII", headers=auth("admin")).text
    for secret in SECRETS:
        assert secret in text
