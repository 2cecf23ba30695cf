"""``POST /api/ingest`` (admin): a zip of CSVs or a workbook as the body, with size limits."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from fastapi.testclient import TestClient

from gongjian.api.routers import ingest as ingest_router
from gongjian.graph.store import Store
from tests.conftest import LEDGER
from tests.test_api_support import auth, client_for

ADMIN = auth("admin")


@pytest.fixture
def api(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from client_for(store, monkeypatch)


def zipped(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


NEW_NEED = "需求编码,需求标题,所在区划,提出日期\nN-UP-1,社区图书角需要书架,530111001003,2026-11-01\n"


def test_zip_of_csvs(api: TestClient) -> None:
    ledger = {f"台账/{p.name}": p.read_bytes() for p in LEDGER.glob("*.csv")}  # in a folder: names count
    ledger["needs.csv"] = NEW_NEED.encode("gbk")  # replaces the ledger's needs: any encoding
    del ledger["台账/needs.csv"]
    body = zipped({**ledger, "__MACOSX/._areas.csv": b"junk", "README.txt": b"hi"})
    dry = api.post("/api/ingest?dry_run=true", headers=ADMIN, content=body)
    assert dry.status_code == 200, dry.text
    assert dry.json()["dry_run"] is True and dry.json()["written"] is False
    assert api.get("/api/needs/N-UP-1", headers=ADMIN).status_code == 404
    r = api.post("/api/ingest", headers=ADMIN, content=body)
    assert r.status_code == 200, r.text
    assert r.json()["written"] is True and r.json()["accepted"]["needs"] == 1
    need = api.get("/api/needs/N-UP-1", headers=ADMIN).json()
    assert need["category"] == "children" and need["category_inferred"] is True  # 图书 → 儿童教育


def test_workbook(api: TestClient) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "需求清单"
    for row in NEW_NEED.splitlines():
        sheet.append(row.split(","))
    buf = io.BytesIO()
    book.save(buf)
    r = api.post("/api/ingest", headers=ADMIN, content=buf.getvalue())
    assert r.status_code == 200, r.text
    assert api.get("/api/needs/N-UP-1", headers=ADMIN).json()["title"] == "社区图书角需要书架"


def test_rejected_rows_write_nothing(api: TestClient) -> None:
    bad = NEW_NEED + "N-UP-2,不存在的区划,999,2026-11-01\n"
    r = api.post("/api/ingest", headers=ADMIN, content=zipped({"needs.csv": bad.encode()}))
    assert r.status_code == 422
    report = r.json()
    assert report["written"] is False and "未写入" in report["detail"]
    assert [p["row"] for p in report["rejected"]] == [3] and "999" in report["rejected"][0]["value"]
    assert api.get("/api/needs/N-UP-1", headers=ADMIN).status_code == 404
    r = api.post("/api/ingest?skip_invalid=true", headers=ADMIN, content=zipped({"needs.csv": bad.encode()}))
    assert r.status_code == 200 and r.json()["written"] is True
    assert api.get("/api/needs/N-UP-1", headers=ADMIN).status_code == 200


def test_member_paths_cannot_escape(api: TestClient) -> None:
    body = zipped({"../../../../tmp/needs.csv": NEW_NEED.encode(), "/etc/evil.csv": b"x"})
    r = api.post("/api/ingest", headers=ADMIN, content=body)
    assert r.status_code == 422  # evil.csv is no ledger table; needs.csv was read from the temp dir
    assert any(p["file"] == "evil.csv" for p in r.json()["rejected"])


@pytest.mark.parametrize(
    ("content", "status"),
    [
        (b"", 422),
        (b"not a zip at all", 422),
        (zipped({"notes.txt": b"hello"}), 422),
        (zipped({"a/needs.csv": b"x", "b/needs.csv": b"y"}), 422),
    ],
)
def test_not_a_dataset(api: TestClient, content: bytes, status: int) -> None:
    r = api.post("/api/ingest", headers=ADMIN, content=content)
    assert r.status_code == status and isinstance(r.json()["detail"], str), r.text


def test_size_limits(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_router, "MAX_UPLOAD", 1000)
    monkeypatch.setattr(ingest_router, "MAX_UNPACKED", 4000)
    r = api.post("/api/ingest", headers=ADMIN, content=b"PK" + b"\0" * 2000)
    assert r.status_code == 413 and "上限" in r.json()["detail"]
    bomb = zipped({"needs.csv": b"a" * 100_000})  # compresses to a few hundred bytes
    assert len(bomb) < 1000
    r = api.post("/api/ingest", headers=ADMIN, content=bomb)
    assert r.status_code == 413 and "解压" in r.json()["detail"]


def test_gbk_member_names() -> None:
    info = zipfile.ZipInfo("需求清单.csv".encode("gbk").decode("cp437"))
    info.flag_bits = 0
    assert ingest_router._member_name(info) == "需求清单.csv"
    info = zipfile.ZipInfo("dir\\needs.csv")
    assert ingest_router._member_name(info) == "needs.csv"
