"""Diagrams, gaps and list exports over the API, on both stores; the web page's static files."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from gongjian.graph.store import Store
from gongjian.viz.diagram import FORMATS, MEDIA_TYPES
from gongjian.viz.views import VIEWS
from tests.test_api_support import PERSONAL, auth, client_for

V, P, A = auth("viewer"), auth("planner"), auth("admin")
STATIC = Path(__file__).parents[1] / "gongjian/api/static"

#: A subject for each view in the fixture ledger.
SUBJECTS = {
    "committee": "PF-EJW",
    "alliance": "530111001000",
    "neighbourhood": "U-LAW-01",
    "matches": "N-01",
    "area": "530111000000",
}
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def api(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from client_for(store, monkeypatch)


def filename(r) -> str:  # noqa: ANN001
    """The UTF-8 file name of a download (RFC 5987 ``filename*``), checking the ASCII one too."""
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;"), disposition
    plain = re.search(r'filename="([^"]*)"', disposition)
    assert plain and plain.group(1).isascii() and plain.group(1)
    star = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition)
    assert star, disposition
    return unquote(star.group(1))


def sheet_text(body: bytes) -> str:
    """Every cell of a workbook as text (and the raw XML, so nothing hides in it)."""
    wb = load_workbook(io.BytesIO(body))
    cells = [
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    ]
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        raw = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return "\n".join(cells) + raw


# ------------------------------------------------------------------ diagrams


def test_subjects_cover_every_view() -> None:
    assert set(SUBJECTS) == set(VIEWS)


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_in_each_format(api: TestClient, view: str) -> None:
    for fmt in FORMATS:
        r = api.get(f"/api/diagrams/{view}/{SUBJECTS[view]}.{fmt}", headers=V)
        assert r.status_code == 200, (view, fmt, r.text[:300])
        assert r.headers["content-type"].split(";")[0] == MEDIA_TYPES[fmt].split(";")[0]
        assert r.content, (view, fmt)
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "no-store" in r.headers["cache-control"]
        assert filename(r).endswith(f".{fmt}")
        if fmt == "png":
            assert r.content.startswith(b"\x89PNG\r\n\x1a\n")
        elif fmt == "svg":
            assert b"<svg" in r.content[:2000]
        elif fmt == "pdf":
            assert r.content.startswith(b"%PDF-")
        elif fmt == "html":
            assert b'data-ready="0"' in r.content
        elif fmt == "json":
            assert r.json()["nodes"]


def test_graph_files_read_back_with_networkx(api: TestClient) -> None:
    doc = api.get("/api/diagrams/committee/PF-EJW.json", headers=V).json()
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        r = api.get(f"/api/diagrams/committee/530111001001.{fmt}", headers=V)
        g = read(io.BytesIO(r.content))
        assert g.number_of_nodes() == len(doc["nodes"]) and g.number_of_edges() == len(doc["links"])
        labels = {d.get("label") for _, d in g.nodes(data=True)}
        assert {"佴家湾社区大党委", "云南明理律师事务所", "王*华"} <= labels, (fmt, labels)
        assert "王建华" not in labels
    assert filename(r) == "佴家湾社区大党委-大党委图.graphml"


def test_diagram_options(api: TestClient) -> None:
    one = api.get("/api/diagrams/neighbourhood/PF-EJW.json", headers=V).json()
    two = api.get("/api/diagrams/neighbourhood/PF-EJW.json?depth=2", headers=V).json()
    assert len(two["nodes"]) > len(one["nodes"]) and "2 层" in two["title"]
    few = api.get("/api/diagrams/matches/N-01.json?limit=1", headers=V).json()
    assert sum(1 for link in few["links"] if link["type"] == "MATCH") == 1
    by_prefix = api.get("/api/diagrams/neighbourhood/Unit:U-LAW-01.json", headers=V)
    assert by_prefix.status_code == 200 and filename(by_prefix).startswith("云南明理律师事务所")


def test_diagrams_mask_people_below_admin(api: TestClient) -> None:
    for fmt in ("json", "html", "svg", "graphml", "gexf"):
        viewer = api.get(f"/api/diagrams/committee/PF-EJW.{fmt}", headers=V).content.decode()
        admin = api.get(f"/api/diagrams/committee/PF-EJW.{fmt}", headers=A).content.decode()
        assert "王*华" in viewer and "王建华" not in viewer, fmt
        assert "王建华" in admin, fmt
    # a person's own neighbourhood: the title names them, masked too
    for fmt in FORMATS:
        r = api.get(f"/api/diagrams/neighbourhood/PS-001.{fmt}", headers=P)
        assert r.status_code == 200
        assert "王建华".encode() not in r.content, fmt
        assert "王建华" not in filename(r)
    assert api.get("/api/diagrams/neighbourhood/PS-001.json", headers=V).json()["title"].startswith("王*华")
    assert "王建华" in api.get("/api/diagrams/neighbourhood/PS-001.json", headers=A).json()["title"]


def test_html_diagram_has_a_strict_policy(api: TestClient) -> None:
    r = api.get("/api/diagrams/committee/PF-EJW.html", headers=V)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'unsafe-inline'" in csp
    assert "connect-src" not in csp and "http" not in csp  # nothing may be fetched
    assert r.headers["x-content-type-options"] == "nosniff"
    svg = api.get("/api/diagrams/committee/PF-EJW.svg", headers=V).headers["content-security-policy"]
    assert "default-src 'none'" in svg and "script-src" not in svg


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/diagrams/galaxy/PF-EJW.html", 422, "view"),
        ("/api/diagrams/committee/PF-EJW.eps", 422, "format"),
        ("/api/diagrams/committee/PF-EJW", 422, "format"),
        ("/api/diagrams/committee/.html", 422, "id"),
        ("/api/diagrams/committee/PF-EJW.html?depth=2", 422, "depth"),
        ("/api/diagrams/neighbourhood/PF-EJW.html?depth=4", 422, "depth"),
        ("/api/diagrams/matches/N-01.json?limit=0", 422, "limit"),
        ("/api/diagrams/area/530111000000.json?limit=5", 422, "limit"),
        ("/api/diagrams/committee/NOPE.html", 404, None),
        ("/api/diagrams/committee/530111001003.png", 404, None),  # 北站社区 has no committee
        ("/api/diagrams/alliance/530111001001.svg", 404, None),  # a community is no street
        ("/api/diagrams/matches/N-404.json", 404, None),
        ("/api/diagrams/area/PF-EJW.gexf", 404, None),
        ("/api/diagrams/neighbourhood/a.b.c.graphml", 404, None),
    ],
)
def test_diagram_errors(api: TestClient, url: str, status: int, field: str | None) -> None:
    assert_error(api, url, status, field)


def assert_error(api: TestClient, url: str, status: int, field: str | None) -> None:
    """A 422 names the field; a 404 says what does not exist."""
    r = api.get(url, headers=V)
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    if field:
        assert any(e["loc"][-1] == field for e in detail), detail
    else:
        assert "不存在" in detail


def test_diagrams_need_a_token(api: TestClient) -> None:
    assert api.get("/api/diagrams/committee/PF-EJW.html").status_code == 401
    assert (
        api.get("/api/diagrams/committee/PF-EJW.html", headers={"Authorization": "Bearer nope"}).status_code
        == 401
    )


# ---------------------------------------------------------------------- gaps


def test_gaps(api: TestClient) -> None:
    everything = api.get("/api/gaps", headers=V).json()
    assert [c["name"] for c in everything["communities_without_committee"]] == ["北站社区", "太和社区"]
    assert everything["on"] == "2026-11-21" and everything["summary"][0]["name"] == "云南省"
    street = api.get("/api/gaps?area=530111001000", headers=V).json()
    assert street["area"] == {"id": "530111001000", "name": "关上街道"}
    assert [c["id"] for c in street["communities_without_committee"]] == ["530111001003"]
    assert {row["name"] for row in street["summary"]} == {"佴家湾社区", "关兴社区", "北站社区"}
    r = api.get("/api/gaps?area=999", headers=V)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "area"]
    assert api.get("/api/gaps").status_code == 401


# ------------------------------------------------------------------- exports


def export(api: TestClient, url: str, headers: dict[str, str] = V) -> tuple[str, str]:
    """(file name, text) of an export: CSV decoded, XLSX as its cells."""
    r = api.get(url, headers=headers)
    assert r.status_code == 200, (url, r.text[:300])
    assert r.headers["x-content-type-options"] == "nosniff"
    if url.split("?")[0].endswith(".csv"):
        assert r.headers["content-type"].startswith("text/csv")
        assert r.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel in China reads UTF-8
        return filename(r), r.content.decode("utf-8-sig")
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    return filename(r), sheet_text(r.content)


def test_member_list(api: TestClient) -> None:
    name, text = export(api, "/api/exports/members.csv?id=PF-EJW")
    assert name == "佴家湾社区大党委-成员名单.csv"
    lines = text.splitlines()
    assert lines[0].split(",")[:8] == [
        "成员编码",
        "成员名称",
        "成员类型",
        "所属单位",  # the party org's unit: the model's 党组织.所属单位
        "职务",
        "加入日期",
        "退出日期",
        "状态",
    ]
    assert [line.split(",")[0] for line in lines[1:]] == ["PS-001", "PO-HOSP", "U-LAW-01", "U-PROP-01"]
    assert lines[-1].endswith("2023-12-31,已退出,,")
    assert "PO-HOSP,官渡区人民医院党委,党组织,官渡区人民医院,兼职委员" in text
    _, by_code = export(api, "/api/exports/members.csv?id=530111001001")
    assert by_code == text
    name, cells = export(api, "/api/exports/members.xlsx?id=PF-GS")
    assert name == "关上街道党建联盟-成员名单.xlsx" and "昆明供电局官渡分局" in cells


@pytest.mark.parametrize("role", ["viewer", "planner"])
def test_exports_mask_personal_data_below_admin(api: TestClient, role: str) -> None:
    urls = [
        "/api/exports/members.{f}?id=PF-EJW",
        "/api/exports/needs.{f}",
        "/api/exports/resources.{f}",
        "/api/exports/matches.{f}?need=N-01",
    ]
    for fmt in ("csv", "xlsx"):
        text = "".join(export(api, u.format(f=fmt), auth(role))[1] for u in urls)
        assert not [p for p in PERSONAL if p in text], (fmt, [p for p in PERSONAL if p in text])
        assert "王*华" in text and "张*明" in text and "138****5678" in text and "139****4321" in text


def test_admin_exports_personal_data_whole(api: TestClient) -> None:
    for fmt in ("csv", "xlsx"):
        _, text = export(api, f"/api/exports/members.{fmt}?id=PF-EJW", A)
        assert {"王建华", "张三明", "13812345678", "13987654321", "李四"} <= {
            p for p in PERSONAL if p in text
        }


def test_need_resource_and_match_lists(api: TestClient) -> None:
    name, text = export(api, "/api/exports/needs.csv?area=530111001001&status=待认领")
    assert name == "需求清单-佴家湾社区.csv"
    assert text.splitlines()[0].startswith("需求编码,需求标题,需求类别,所在区划,区划代码")
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["N-01", "N-02"]
    assert "N-01,为辖区残疾人提供免费体检,助残,佴家湾社区,530111001001,2025-03-01,高,43,待认领" in text
    _, done = export(api, "/api/exports/needs.csv?status=done")
    assert [line.split(",")[0] for line in done.splitlines()[1:]] == ["N-04"]
    _, res = export(api, "/api/exports/resources.xlsx?area=530111001002&category=儿童教育")
    assert "R-04" in res and "课后辅导志愿者" in res and "R-02" not in res
    name, matches = export(api, "/api/exports/matches.csv?need=N-01")
    assert name == "匹配结果-为辖区残疾人提供免费体检.csv"
    row = matches.splitlines()[1].split(",")
    assert row[:3] == ["1", "R-01", "免费健康体检"] and row[6] == "社区大党委成员"
    assert (
        row[9]
        == "为辖区残疾人提供免费体检 → 佴家湾社区 → 佴家湾社区大党委 → 官渡区人民医院党委 → 官渡区人民医院 → 免费健康体检"
    )


def test_formula_cells_are_neutralised(api: TestClient) -> None:
    r = api.post("/api/needs", headers=P, json={"id": "N-EVIL", "title": FORMULA, "area": "530111001001"})
    assert r.status_code == 201, r.text
    _, text = export(api, "/api/exports/needs.csv?area=530111001001")
    assert f"N-EVIL,'{FORMULA}," in text
    assert not re.search(r"(^|,)=cmd", text, re.MULTILINE)
    body = api.get("/api/exports/needs.xlsx?area=530111001001", headers=V).content
    ws = load_workbook(io.BytesIO(body)).active
    titles = {row[0].value: row[1] for row in ws.iter_rows(min_row=2)}
    cell = titles["N-EVIL"]
    assert cell.value == "'" + FORMULA and cell.data_type == "s"


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/exports/people.csv", 422, "what"),
        ("/api/exports/needs.pdf", 422, "format"),
        ("/api/exports/needs", 422, "what"),
        ("/api/exports/members.csv", 422, "id"),
        ("/api/exports/matches.xlsx", 422, "need"),
        ("/api/exports/needs.csv?id=PF-EJW", 422, "id"),
        ("/api/exports/needs.csv?status=飞了", 422, "status"),
        ("/api/exports/resources.csv?status=待认领", 422, "status"),
        ("/api/exports/needs.csv?area=999", 422, "area"),
        ("/api/exports/resources.csv?unit=U-404", 422, "unit"),
        ("/api/exports/matches.csv?need=N-01&limit=0", 422, "limit"),
        ("/api/exports/members.csv?id=PF-404", 404, None),
        ("/api/exports/members.csv?id=530111001003", 404, None),
        ("/api/exports/matches.csv?need=N-404", 404, None),
    ],
)
def test_export_errors(api: TestClient, url: str, status: int, field: str | None) -> None:
    assert_error(api, url, status, field)


def test_exports_need_a_token(api: TestClient) -> None:
    assert api.get("/api/exports/needs.csv").status_code == 401


# ------------------------------------------------------------ the web page


def test_me(api: TestClient) -> None:
    assert api.get("/api/me", headers=V).json() == {"role": "viewer", "role_zh": "查看员", "unmasked": False}
    assert api.get("/api/me", headers=A).json()["unmasked"] is True
    assert api.get("/api/me").status_code == 401


def test_page_and_its_policy(api: TestClient) -> None:
    r = api.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "共建" in r.text and "/static/app.js" in r.text
    csp = r.headers["content-security-policy"]
    assert (
        "default-src 'none'" in csp
        and "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    # the diagram's inline scripts (shown in a blob: iframe, which inherits this policy) are allowed by hash
    page = api.get("/api/diagrams/committee/PF-EJW.html", headers=V).text
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 2
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "/static/loop.js" in r.text
    for name, media in (
        ("app.js", "text/javascript"),
        ("loop.js", "text/javascript"),
        ("docs.js", "text/javascript"),
        ("app.css", "text/css"),
    ):
        r = api.get(f"/static/{name}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        assert r.headers["x-content-type-options"] == "nosniff"
    assert api.get("/static/index.py").status_code == 404
    assert api.get("/static/..%2Fapp.py").status_code == 404


def test_static_files_build_no_markup_from_data() -> None:
    """The page never turns text into markup, and loads nothing from elsewhere."""
    js = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in ("app.js", "loop.js", "docs.js"))
    js = re.sub(r"/\*.*?\*/|^\s*//[^\n]*", "", js, flags=re.DOTALL | re.MULTILINE)  # code, not comments
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "srcdoc",
    ):
        assert sink not in js, sink
    for f in STATIC.iterdir():
        # the SVG namespace (loop.js draws its charts with createElementNS) names, it fetches nothing
        text = f.read_text(encoding="utf-8").replace('"http://www.w3.org/2000/svg"', "")
        assert not re.search(r"https?://|//cdn|jsdelivr|unpkg", text), f.name
    assert "localStorage" not in js and "sessionStorage" in js
