"""List exports driven by the model (gongjian.exports): headers, enum words, checks, no FastAPI."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from gongjian.exports import LISTS, ExportError, ListQuery, export_list
from gongjian.exports import lists as declared
from gongjian.exports.base import Col
from gongjian.graph.store import Store
from gongjian.model import TABLES
from tests.conftest import LEDGER

LEDGER_HEADERS = {c.zh for t in TABLES.values() for c in t.columns}
#: The columns no ledger has, each declared once in gongjian.exports.lists.
COMPUTED = {v.header for v in vars(declared).values() if isinstance(v, Col)}


def _csv(store: Store, what: str, **query: object) -> list[list[str]]:
    made = export_list(store, what, "csv", ListQuery(**query), unmask=False)  # type: ignore[arg-type]
    return list(csv.reader(io.StringIO(made.body.decode("utf-8-sig"), newline="")))


def test_every_header_is_the_model_s_or_a_declared_computed_column() -> None:
    assert {
        "成员名称",
        "状态",
        "排名",
        "联结方式",
        "匹配得分",
        "剩余容量",
        "联结路径",
        "其他联结",
    } == COMPUTED
    for exporter in LISTS.values():
        headers = [c.header for c in exporter.columns]
        assert len(set(headers)) == len(headers), exporter.name
        assert set(headers) <= LEDGER_HEADERS | COMPUTED, (exporter.name, set(headers) - LEDGER_HEADERS)
    needs = [c.header for c in LISTS["needs"].columns]
    assert needs[:5] == [
        "需求编码",
        "需求标题",
        "需求类别",
        "所在区划",
        "区划代码",
    ]  # 区划代码: the areas' key
    assert [c.header for c in LISTS["resources"].columns][3:5] == ["提供单位", "单位编码"]


@pytest.mark.parametrize("store_kind", ["embedded"], indirect=True)
def test_enum_codes_show_as_their_chinese_words(store: Store) -> None:
    rows = _csv(store, "needs", area="530111001001", status="open")
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header == [c.header for c in LISTS["needs"].columns]
    assert (first["需求类别"], first["紧急程度"], first["状态"]) == ("助残", "高", "待认领")
    members = _csv(store, "members", id="PF-EJW")
    assert {r[2] for r in members[1:]} == {"个人", "党组织", "单位"}
    resources = _csv(store, "resources", unit="U-LAW-01")
    assert {r[7] for r in resources[1:]} <= {"可用", "闲置", "已满", "停用"}


@pytest.mark.parametrize("store_kind", ["embedded"], indirect=True)
@pytest.mark.parametrize(
    ("what", "fmt", "query", "loc"),
    [
        ("people", "csv", {}, ("path", "what")),
        ("needs", "pdf", {}, ("path", "format")),
        ("needs", "csv", {"need": "N-01"}, ("query", "need")),
        ("needs", "csv", {"status": "飞了"}, ("query", "status")),
        ("needs", "csv", {"area": "999"}, ("query", "area")),
        ("resources", "csv", {"unit": "U-404"}, ("query", "unit")),
        ("members", "xlsx", {}, ("query", "id")),
        ("matches", "csv", {}, ("query", "need")),
    ],
)
def test_a_bad_request_names_its_field(
    store: Store, what: str, fmt: str, query: dict, loc: tuple[str, ...]
) -> None:
    with pytest.raises(ExportError) as e:
        export_list(store, what, fmt, ListQuery(**query), unmask=False)
    assert e.value.loc == loc and str(e.value)


def test_the_cli_exports_lists_without_fastapi(tmp_path: Path) -> None:
    script = f"""
import sys
from gongjian.cli import app
from gongjian.graph.embedded import EmbeddedStore
from gongjian.ingest.load import ingest
store = EmbeddedStore({str(tmp_path / "g.db")!r})
assert ingest({str(LEDGER)!r}, store).ok
store.close()
for what, id in (("members", "PF-EJW"), ("needs", "530111000000"), ("matches", "N-01")):
    out = {str(tmp_path)!r} + f"/{{what}}.xlsx"
    app(["export", what, id, "-f", "xlsx", "-o", out, "--store", {str(tmp_path / "g.db")!r}], standalone_mode=False)
assert "fastapi" not in sys.modules and "starlette" not in sys.modules, "the CLI loaded FastAPI"
"""
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (tmp_path / "members.xlsx").stat().st_size > 0
