"""Ingest of the ledgers: encodings, workbooks, headers, validators, all-or-nothing, updates."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongjian.graph.embedded import EmbeddedStore
from gongjian.graph.store import Store
from gongjian.ingest.load import ingest
from gongjian.ingest.parse import CellError, parse_sheet, parser
from gongjian.ingest.read import DatasetError, map_headers
from gongjian.model import COMMUNITY_LEVELS, TABLES, Column, Levels, Table
from tests.conftest import LEDGER

AREAS = "区划代码,名称,层级,上级代码\n530111000000,官渡区,区,\n530111001000,关上街道,街道,530111000000\n530111001001,佴家湾社区,社区,530111001000\n"


def write(folder: Path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode(encoding))
    return folder


@pytest.fixture
def db(tmp_path: Path) -> EmbeddedStore:
    s = EmbeddedStore(tmp_path / "g.db")
    yield s
    s.close()


def reasons(report) -> list[tuple[str, int, str]]:
    return [(p.file, p.row, p.column) for p in report.rejected]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_every_encoding_users_save(tmp_path: Path, db: EmbeddedStore, encoding: str) -> None:
    units = "单位编码,单位名称,单位类型,所在区划\nU1,昆明市第一人民医院,事业单位,530111001001\n"
    ds = write(tmp_path / "ds", {"areas.csv": AREAS, "units.csv": units}, encoding)
    report = ingest(ds, db)
    assert report.ok, report.rejected
    assert db.get_node("Unit", "U1").props["name"] == "昆明市第一人民医院"
    assert db.get_node("Area", "530111001001").props["name"] == "佴家湾社区"


def test_headers_aliases_fullwidth_and_extra_columns(tmp_path: Path, db: EmbeddedStore) -> None:
    units = "ｎａｍｅ, type ,　单位编码　,所在区划,备注,联系电话\n医院,机关,U1,530111001001,重点单位,138 1234 5678\n"
    ds = write(tmp_path / "ds", {"areas.csv": AREAS, "units.csv": units})
    report = ingest(ds, db)
    assert report.ok, report.rejected
    props = db.get_node("Unit", "U1").props
    assert props["name"] == "医院" and props["type"] == "agency"
    assert props["备注"] == "重点单位"  # unknown columns are kept, never dropped
    assert props["phone"] == "13812345678"


def test_every_date_form(tmp_path: Path, db: EmbeddedStore) -> None:
    needs = (
        "需求编码,需求标题,所在区划,提出日期\n"
        "N1,助餐,530111001001,2023-05-01\nN2,助餐,530111001001,2023/5/1\n"
        "N3,助餐,530111001001,2023.05.01\nN4,助餐,530111001001,2023年5月1日\n"
        "N5,助餐,530111001001,45047\nN6,助餐,530111001001,２０２３－０５－０１\n"
    )
    ds = write(tmp_path / "ds", {"areas.csv": AREAS, "needs.csv": needs})
    assert ingest(ds, db).ok
    assert {db.get_node("Need", f"N{i}").props["raised"] for i in range(1, 7)} == {"2023-05-01"}


def test_workbook_with_chinese_and_english_sheet_names(tmp_path: Path, db: EmbeddedStore) -> None:
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "区划"
    for row in [line.split(",") for line in AREAS.strip().splitlines()]:
        ws.append([int(c) if c.isdigit() else c for c in row])
    ws = wb.create_sheet("needs")
    ws.append(["需求编码", "需求标题", "所在区划", "提出日期", "受益人数"])
    ws.append(["N1", "独居老人助餐", 530111001001, dt.datetime(2024, 3, 1), 12.0])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    report = ingest(path, db)
    assert report.ok, report.rejected
    need = db.get_node("Need", "N1").props
    assert need["raised"] == "2024-03-01" and need["beneficiaries"] == 12 and need["area"] == "530111001001"
    assert need["category"] == "elderly" and need["category_inferred"] is True


def test_workbook_unknown_sheet_is_reported(tmp_path: Path, db: EmbeddedStore) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "杂项"
    wb.active.append(["a"])
    wb.active.append(["b"])
    wb.save(tmp_path / "x.xlsx")
    report = ingest(tmp_path / "x.xlsx", db)
    assert not report.ok and "未知的工作表" in report.rejected[0].reason


@pytest.mark.parametrize(
    ("table", "row", "column", "reason"),
    [
        ("units.csv", "U2,医院,事业单位,530111001001,91350100M000100Y44", "单位编码", "校验位"),
        ("units.csv", "U2,医院,银行,530111001001,", "单位类型", "应为以下之一"),
        ("units.csv", "U2,医院,机关,999,", "所在区划", "不存在"),
        ("units.csv", ",医院,机关,530111001001,", "单位编码", "必填"),
        ("people.csv", "P1,张三,网格员,11010519491231002Y", "身份证号", "第18位"),
        ("people.csv", "P1,张三,网格员,110105194912310021", "身份证号", "校验位"),
        ("people.csv", "P1,张三,网格员,110105194902300021", "身份证号", "出生日期"),
        ("needs.csv", "N1,助餐,530111001000,2024-01-01", "所在区划", "社区、村、网格或单元"),
        ("needs.csv", "N1,助餐,530111001001,2024-02-30", "提出日期", "日期不存在"),
        ("needs.csv", "N1,助餐,530111001001,昨天", "提出日期", "日期格式"),
    ],
)
def test_validators_name_the_cell(
    tmp_path: Path, db: EmbeddedStore, table: str, row: str, column: str, reason: str
) -> None:
    headers = {
        "units.csv": "单位编码,单位名称,单位类型,所在区划,统一社会信用代码备注",
        "people.csv": "人员编码,姓名,身份,身份证号",
        "needs.csv": "需求编码,需求标题,所在区划,提出日期",
    }
    if table == "units.csv" and column == "单位编码" and "Y44" in row:
        row = "91350100M000100Y44,医院,事业单位,530111001001,"
    ds = write(tmp_path / "ds", {"areas.csv": AREAS, table: f"{headers[table]}\n{row}\n"})
    report = ingest(ds, db)
    assert not report.ok and not report.written
    [p] = report.rejected
    assert (p.file, p.row, p.column) == (table, 2, column)
    assert reason in p.reason
    assert db.counts()["nodes"]["Area"] == 0  # all or nothing


def test_valid_codes_pass(tmp_path: Path, db: EmbeddedStore) -> None:
    units = "单位编码,单位名称,单位类型,所在区划\n91350100m000100y43,医院,事业单位,530111001001\n"
    people = "人员编码,姓名,身份,身份证号\nP1,张三,网格员,11010519491231002x\n"
    ds = write(tmp_path / "ds", {"areas.csv": AREAS, "units.csv": units, "people.csv": people})
    assert ingest(ds, db).ok
    assert db.get_node("Unit", "91350100M000100Y43") is not None
    assert db.get_node("Person", "P1").props["id_number"] == "11010519491231002X"


def test_area_parent_must_be_higher(tmp_path: Path, db: EmbeddedStore) -> None:
    areas = (
        AREAS
        + "530111001101,一网格,网格,530111001001\n530111001102,二网格,网格,530111001101\n530111009001,孤村,村,\n"
    )
    report = ingest(write(tmp_path / "ds", {"areas.csv": areas}), db)
    got = {(p.row, p.column): p.reason for p in report.rejected}
    assert "不高于本级" in got[(6, "上级代码")]
    assert "必须填写上级代码" in got[(7, "上级代码")]


def test_rows_referring_to_rejected_rows_say_so(tmp_path: Path, db: EmbeddedStore) -> None:
    units = "单位编码,单位名称,单位类型,所在区划\nU1,医院,医院,530111001001\n"
    res = "资源编码,资源名称,提供单位\nR1,体检,U1\n"
    report = ingest(
        write(tmp_path / "ds", {"areas.csv": AREAS, "units.csv": units, "resources.csv": res}), db
    )
    assert reasons(report) == [("units.csv", 2, "单位类型"), ("resources.csv", 2, "提供单位")]
    assert "units.csv 第2行被拒绝" in report.rejected[1].reason


def test_duplicate_keys_and_headers(tmp_path: Path, db: EmbeddedStore) -> None:
    areas = AREAS + "530111001001,重复社区,社区,530111001000\n"
    report = ingest(write(tmp_path / "ds", {"areas.csv": areas}), db)
    assert reasons(report) == [("areas.csv", 5, "区划代码")] and "第4行" in report.rejected[0].reason
    units = "单位编码,id,单位名称,单位类型,所在区划\n"
    report = ingest(write(tmp_path / "ds2", {"units.csv": units}), db)
    assert "表头重复" in report.rejected[0].reason


def test_missing_required_column_and_stray_cells(tmp_path: Path, db: EmbeddedStore) -> None:
    report = ingest(write(tmp_path / "a", {"units.csv": "单位编码,单位名称\nU1,医院\n"}), db)
    assert {p.column for p in report.rejected} == {"单位类型", "所在区划"}
    report = ingest(
        write(tmp_path / "b", {"areas.csv": AREAS + "530111001002,关兴社区,社区,530111001000,多余\n"}), db
    )
    assert reasons(report) == [("areas.csv", 5, "第5列")]


def test_unknown_files_and_empty_files_are_reported(tmp_path: Path, db: EmbeddedStore) -> None:
    report = ingest(write(tmp_path / "ds", {"areas.csv": AREAS, "unitz.csv": "x\n1\n", "units.csv": ""}), db)
    files = {p.file for p in report.rejected}
    assert files == {"unitz.csv", "units.csv"}
    with pytest.raises(DatasetError):
        ingest(tmp_path / "nowhere", db)


def test_all_or_nothing_then_skip_invalid(tmp_path: Path, db: EmbeddedStore) -> None:
    units = "单位编码,单位名称,单位类型,所在区划\nU1,医院,事业单位,530111001001\nU2,学校,学校,530111001001\n"
    ds = write(tmp_path / "ds", {"areas.csv": AREAS, "units.csv": units})
    report = ingest(ds, db)
    assert not report.written and sum(db.counts()["nodes"].values()) == 0
    report = ingest(ds, db, skip_invalid=True)
    assert report.written and reasons(report) == [("units.csv", 3, "单位类型")]
    assert report.accepted == {"areas": 3, "units": 1}
    assert db.get_node("Unit", "U1") and db.get_node("Unit", "U2") is None


def test_dry_run_writes_nothing(tmp_path: Path, db: EmbeddedStore) -> None:
    report = ingest(LEDGER, db, dry_run=True)
    assert report.ok and not report.written and sum(db.counts()["nodes"].values()) == 0


def test_later_dataset_updates_by_key_only(tmp_path: Path, store: Store) -> None:
    # a later units file without the contact columns moves one unit; everything else stays
    units = "单位编码,单位名称,单位类型,所在区划\nU-LAW-01,云南明理律师事务所,社会组织,530111001002\n"
    before = {(n.label, n.id): n.props for n in store.iter_nodes()}
    report = ingest(write(tmp_path / "upd", {"units.csv": units}), store)
    assert report.ok and report.accepted == {"units": 1}
    after = {(n.label, n.id): n.props for n in store.iter_nodes()}
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {("Unit", "U-LAW-01")}
    props = after[("Unit", "U-LAW-01")]
    assert props["area"] == "530111001002" and props["phone"] == "0871-63123456"
    located = [r.dst for r in store.iter_rels() if r.type == "LOCATED_IN" and r.src == ("Unit", "U-LAW-01")]
    assert located == [("Area", "530111001002")]
    # an empty cell clears a field; a status update keeps the need's other fields
    needs = "需求编码,需求标题,所在区划,提出日期,状态,受益人数\nN-01,为辖区残疾人提供免费体检,530111001001,2025-03-01,已认领,\n"
    assert ingest(write(tmp_path / "upd2", {"needs.csv": needs}), store).ok
    need = store.get_node("Need", "N-01").props
    assert need["status"] == "claimed" and "beneficiaries" not in need and need["urgency"] == "high"
    assert need["category"] == "disability"


def test_agreement_sides_and_party_org_built_in(store: Store, tmp_path: Path) -> None:
    agreements = "协议编码,协议名称,甲方,乙方,签订日期\nAG-01,协议,PO-EJW,U-POW-01,2024-01-01\n"
    assert ingest(write(tmp_path / "u", {"agreements.csv": agreements}), store).ok
    signed = {
        (r.src, r.props["side"])
        for r in store.iter_rels()
        if r.type == "SIGNED" and r.dst == ("Agreement", "AG-01")
    }
    assert signed == {(("PartyOrg", "PO-EJW"), "a"), (("Unit", "U-POW-01"), "b")}


def test_an_id_of_two_kinds_is_refused_where_it_comes_second(tmp_path: Path, db: EmbeddedStore) -> None:
    """A party organisation may not take a unit's id (``/api/nodes/X1`` would hide one of them);
    the row is refused, saying where the first one is, and a reference to X1 means the unit."""
    units = "单位编码,单位名称,单位类型,所在区划\nX1,医院,事业单位,530111001001\n"
    orgs = (
        "组织编码,组织名称,组织类型,所在区划\nX1,医院党委,党委,530111001001\nX2,党支部,党支部,530111001001\n"
    )
    regs = "报到主体,报到社区,报到日期\nX1,530111001001,2024-01-01\n"
    files = {"areas.csv": AREAS, "units.csv": units, "party_orgs.csv": orgs, "registrations.csv": regs}
    report = ingest(write(tmp_path / "d", files), db, skip_invalid=True)
    assert reasons(report) == [("party_orgs.csv", 2, "组织编码")]
    assert "X1 已是驻区单位的编码（见 units.csv 第2行）" in report.rejected[0].reason, report.rejected
    assert report.accepted["party_orgs"] == 1 and report.accepted["registrations"] == 1


def test_fixture_ledger_copy_in_gbk(tmp_path: Path, db: EmbeddedStore) -> None:
    ds = tmp_path / "gbk"
    shutil.copytree(LEDGER, ds)
    for f in ds.iterdir():
        f.write_bytes(f.read_text("utf-8").encode("gb18030"))
    assert ingest(ds, db).ok
    assert db.counts()["nodes"]["Unit"] == 6


def test_a_recurring_cell_is_judged_alike_on_every_row(tmp_path: Path, db: EmbeddedStore) -> None:
    """Cells that recur (dates, enum words, codes) are parsed once per sheet: a bad one is
    reported on every row it stands in, and a workbook's 1, 1.0 and TRUE stay apart."""
    needs = (
        "需求编码,需求标题,所在区划,提出日期,紧急程度,受益人数\n"
        "N1,助餐,530111001001,2023/5/1,高,3\nN2,助餐,530111001001,昨天,高,3\n"
        "N3,助餐,530111001001,2023/5/1,很急,3\nN4,助餐,530111001001,昨天,高,3\n"
        "N5,助餐,530111001001,2023/5/1,很急,3\nN6,助餐,530111001001,2023/5/1,高,3\n"
    )
    ds = write(tmp_path / "ds", {"areas.csv": AREAS, "needs.csv": needs})
    report = ingest(ds, db, skip_invalid=True)
    assert [(p.row, p.column) for p in report.rejected] == [
        (3, "提出日期"), (4, "紧急程度"), (5, "提出日期"), (6, "紧急程度"),
    ]  # fmt: skip
    assert {db.get_node("Need", n).props["raised"] for n in ("N1", "N6")} == {"2023-05-01"}
    assert db.get_node("Need", "N6").props["urgency"] == "high"

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "needs"
    sheet.append(["需求编码", "需求标题", "所在区划", "提出日期", "受益人数"])
    for i, count in enumerate([1, True, 1.0, "1"], 1):
        sheet.append([f"M{i}", "助餐", "530111001001", "2023-05-01", count])
    (tmp_path / "wb").mkdir()
    book.save(tmp_path / "wb" / "needs.xlsx")
    report = ingest(tmp_path / "wb" / "needs.xlsx", db, skip_invalid=True)
    assert [(p.row, p.column) for p in report.rejected] == [(3, "受益人数")]
    assert [db.get_node("Need", m).props["beneficiaries"] for m in ("M1", "M3", "M4")] == [1, 1, 1]


# ------------------------------------------------- table rules declared on the model

VISITS = Table(
    "visits",
    "走访记录",
    (
        Column("走访编码", "id", "id", True),
        Column("走访单位", "unit", "ref", refs=("Unit",)),
        Column("走访社区", "area", "ref", refs=("Area",)),
        Column("开始日期", "started", "date"),
        Column("结束日期", "finished", "date"),
    ),
    label="Visit",
    ordered_dates=(("started", "finished"),),
    one_of=(("unit", "area"),),
)


def test_a_tables_row_rules_come_from_the_model() -> None:
    """A table no ingest code knows: its declared ordered dates and one-of group hold."""
    sheet, problems = map_headers(
        VISITS, "visits.csv", ["走访编码", "走访单位", "走访社区", "开始日期", "结束日期"]
    )
    assert sheet is not None and not problems
    sheet.rows = [
        (2, ["V1", "U1", "", "2024-05-01", "2024-05-03"]),
        (3, ["V2", "", "A1", "2024/5/3", "2024-05-01"]),
        (4, ["V3", "", "", "2024-05-01", ""]),
        (5, ["V4", "", "A1", "2024-05-01", "2024-05-01"]),
        (6, ["V5", "U1", "A1", "", "2024-05-01"]),
    ]
    records, problems, rejected = parse_sheet(sheet)
    assert [r.key for r in records] == ["V1", "V4", "V5"]
    assert [(p.row, p.column, p.value, p.reason) for p in problems] == [
        (3, "结束日期", "2024-05-01", "结束日期早于开始日期（2024-05-03）"),
        (4, "走访单位/走访社区", "", "走访记录须填写走访单位或走访社区之一"),
    ]
    assert set(rejected) == {"V2", "V3"}

    sheet, problems = map_headers(VISITS, "visits.csv", ["走访编码", "开始日期"])
    assert sheet is None
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (1, "走访单位/走访社区", "「走访单位」与「走访社区」至少要有一列")
    ]


def test_area_levels_come_from_the_model(tmp_path: Path, db: EmbeddedStore, monkeypatch) -> None:
    """A level rule declared on a reference column (here: units only in communities) holds."""
    units = TABLES["units"]
    area = replace(units.column("area"), levels=Levels(COMMUNITY_LEVELS, "单位应驻在"))
    columns = tuple(area if c.name == "area" else c for c in units.columns)
    monkeypatch.setitem(TABLES, "units", replace(units, columns=columns))
    csv = "单位编码,单位名称,单位类型,所在区划\nU1,医院,事业单位,530111001001\nU2,街道办,机关,530111001000\n"
    report = ingest(write(tmp_path / "ds", {"areas.csv": AREAS, "units.csv": csv}), db, skip_invalid=True)
    assert [(p.row, p.column, p.value, p.reason) for p in report.rejected] == [
        (3, "所在区划", "530111001000", "单位应驻在社区或村，530111001000 是街道")
    ]
    assert db.get_node("Unit", "U1") and db.get_node("Unit", "U2") is None


def test_credit_codes_are_checked_where_the_model_says() -> None:
    code = "91350100M000100Y44"  # 18 characters, the check character wrong
    assert parser(Column("编码", "id", "id"))(code) == code
    with pytest.raises(CellError, match="校验位"):
        parser(Column("编码", "id", "id", credit_code=True))(code)


def test_content_keys_stay_those_the_stores_hold() -> None:
    """Events and evaluations are keyed by their content; a store written by an earlier version
    holds these keys, so the same record ingested again must get the same one, not a second."""
    from gongjian.model import content_key

    props = {"need": "N000123", "date": "2025-03-04", "action": "raised", "level": "grid", "note": "台账导入"}
    assert content_key("EV", {**props, "n": 3, "x": None}) == "EV-c27e34c513005c4d822f"


@given(st.text(alphabet=st.sampled_from("a 官\u3000\u200b\u200e\u202e\u0301\u20dd\ufeff\t\n\u2028é")))
def test_a_cell_is_visible_when_it_holds_a_character_one_can_see(text: str) -> None:
    """The reader's quick paths agree with the rule: not a space, control, format or mark."""
    import unicodedata

    from gongjian.ingest.parse import visible

    invisible = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}
    assert visible(text) == any(not ch.isspace() and unicodedata.category(ch) not in invisible for ch in text)
