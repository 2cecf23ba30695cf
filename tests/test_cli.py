"""The `gongjian` command as users run it: exit codes, JSON shapes, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import LEDGER

ENV = {**os.environ, "GONGJIAN_TODAY": "2026-11-21", "COLUMNS": "200"}


def gj(*args: str, store: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "gongjian.cli", *args]
    if store is not None:
        cmd += ["--store", str(store)]
    return subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "g.db"
    r = gj("ingest", str(LEDGER), "--json", store=path)
    assert r.returncode == 0, r.stderr
    return path


def test_ingest_json_and_stats(db: Path) -> None:
    stats = json.loads(gj("stats", "--json", store=db).stdout)
    assert stats["nodes"]["Area"] == 12 and stats["relationships"]["PART_OF"] == 11
    assert set(stats) == {"nodes", "relationships"}


def test_ingest_rejections_exit_1_and_write_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(LEDGER, bad)
    with (bad / "units.csv").open("a", encoding="utf-8") as f:
        f.write("U-BAD,坏单位,银行,530111001001,,,\n")
    store = tmp_path / "g.db"
    r = gj("ingest", str(bad), "--json", store=store)
    assert r.returncode == 1
    report = json.loads(r.stdout)
    assert report["ok"] is False and report["written"] is False
    assert report["rejected"] == [
        {
            "file": "units.csv",
            "row": 8,
            "column": "单位类型",
            "value": "银行",
            "reason": report["rejected"][0]["reason"],
        }
    ]
    assert report["accepted"]["units"] == 6
    assert not store.exists()  # nothing written: no empty store left behind
    r = gj("ingest", str(bad), "--skip-invalid", "--json", store=store)
    assert r.returncode == 0 and json.loads(r.stdout)["written"] is True
    assert json.loads(gj("stats", "--json", store=store).stdout)["nodes"]["Unit"] == 6
    r = gj("ingest", str(bad), "--dry-run", store=tmp_path / "dry.db")
    assert r.returncode == 1 and "银行" in r.stdout


def test_match_committee_allocate_search_gaps(db: Path) -> None:
    match = json.loads(gj("match", "N-01", "--json", store=db).stdout)
    assert {"id", "title", "category", "area"} <= set(match["need"])
    m = match["matches"][0]
    assert {"resource", "unit", "score", "parts", "link"} <= set(m)
    assert m["link"]["kind"] == "big_committee" and m["link"]["path"][0] == {
        "id": "N-01",
        "label": "Need",
        "name": "为辖区残疾人提供免费体检",
    }
    committee = json.loads(gj("committee", "530111001001", "--json", store=db).stdout)
    assert committee["platform"]["id"] == "PF-EJW" and committee["area"]["id"] == "530111001001"
    assert {"id", "name", "member_type", "role", "since"} <= set(committee["members"][0])
    assert committee["members"][0]["name"] == "王*华"  # masked in the CLI's JSON too
    shown = gj("committee", "530111001001", store=db).stdout
    assert "党组织" in shown and "party_org" not in shown and "person" not in shown
    plan = json.loads(gj("allocate", "530111000000", "--json", store=db).stdout)
    assert plan["applied"] is False and plan["assigned"] == 2
    assert "佴家湾社区" in gj("search", "ejw", store=db).stdout
    shown = gj("search", "社区", "--limit", "2", store=db).stdout
    assert "显示前 2 个" in shown and "共 2 个" not in shown  # how many there are, not how many shown
    gaps = json.loads(gj("gaps", "--json", store=db).stdout)
    assert [e["id"] for e in gaps["expired_agreements"]] == ["AG-02"]


def test_errors_are_one_clear_line(db: Path, tmp_path: Path) -> None:
    r = gj("match", "N-404", store=db)
    assert r.returncode == 1 and "N-404 不存在" in r.stderr and "Traceback" not in r.stderr
    other = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    r = gj("stats", store=other)
    assert r.returncode == 2 and "不是 gongjian 数据库" in r.stderr and "Traceback" not in r.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    r = gj("stats", store=junk)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = gj("ingest", str(tmp_path / "missing"), store=tmp_path / "x.db")
    assert r.returncode == 2 and "找不到" in r.stderr


def test_generate_tiny_then_ingest(tmp_path: Path) -> None:
    out = tmp_path / "tiny"
    assert (
        gj(
            "generate", "--scale", "tiny", "--seed", "3", "--out", str(out), "--as-of", "2026-11-01"
        ).returncode
        == 0
    )
    r = gj("ingest", str(out), "--json", store=tmp_path / "g.db")
    assert r.returncode == 0 and json.loads(r.stdout)["ok"] is True
    assert gj("generate", "--scale", "galaxy", "--out", str(out)).returncode == 2


def test_export_diagrams_and_lists(db: Path, tmp_path: Path) -> None:
    import networkx as nx
    import openpyxl

    out = tmp_path / "c.gexf"
    assert gj("export", "committee", "530111001001", "-f", "gexf", "-o", str(out), store=db).returncode == 0
    assert "佴家湾社区大党委" in {d.get("label") for _, d in nx.read_gexf(out).nodes(data=True)}
    png = tmp_path / "c.png"
    assert gj("export", "committee", "PF-EJW", "-f", "png", "-o", str(png), store=db).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    xlsx = tmp_path / "m.xlsx"
    assert gj("export", "members", "PF-EJW", "-f", "xlsx", "-o", str(xlsx), store=db).returncode == 0
    cells = [c for row in openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True) for c in row]
    assert "王*华" in cells and "王建华" not in cells  # personal data masked in exports
    csv_out = tmp_path / "n.csv"
    assert gj("export", "needs", "530111001000", "-f", "csv", "-o", str(csv_out), store=db).returncode == 0
    assert "为辖区残疾人提供免费体检" in csv_out.read_text("utf-8-sig")
    r = gj("export", "pie", "PF-EJW", "-f", "png", store=db)
    assert r.returncode == 2 and "未知视图" in r.stderr


def test_serve_refuses_a_bad_token_setting_in_one_line(db: Path) -> None:
    env = {**ENV, "GONGJIAN_TOKENS": "abc:viewer"}
    cmd = [sys.executable, "-m", "gongjian.cli", "serve", "--port", "1", "--store", str(db)]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2 and "令牌太短" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_output_paths_that_cannot_be_written_are_one_line(db: Path, tmp_path: Path) -> None:
    for fmt in ("png", "html", "gexf", "csv"):
        what = "needs" if fmt == "csv" else "committee"
        ident = "530111001000" if fmt == "csv" else "PF-EJW"
        r = gj("export", what, ident, "-f", fmt, "-o", str(tmp_path / "no" / "dir" / f"x.{fmt}"), store=db)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "不存在" in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    r = gj("export", "committee", "PF-EJW", "-f", "png", "-o", str(tmp_path), store=db)
    assert r.returncode == 2 and "是一个目录" in r.stderr and "Traceback" not in r.stderr
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for out in (str(a_file), "/proc/x", str(a_file / "sub")):
        r = gj("generate", "--scale", "tiny", "--out", out)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "无法写入" in r.stderr, (out, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1


def test_reading_commands_refuse_a_store_that_does_not_exist(db: Path, tmp_path: Path) -> None:
    typo = tmp_path / "gongjain.db"
    for args in (("stats",), ("search", "ejw"), ("gaps",), ("match", "N-01"), ("committee", "PF-EJW")):
        r = gj(*args, store=typo)
        assert r.returncode == 2 and "不存在" in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert not typo.exists()
    # a rejected ingest and a dry run leave no empty store behind; an accepted one keeps it
    bad = tmp_path / "bad"
    shutil.copytree(LEDGER, bad)
    with (bad / "units.csv").open("a", encoding="utf-8") as f:
        f.write("U-BAD,坏单位,银行,530111001001,,,\n")
    fresh = tmp_path / "fresh.db"
    assert gj("ingest", str(bad), store=fresh).returncode == 1 and not fresh.exists()
    assert gj("ingest", str(LEDGER), "--dry-run", store=fresh).returncode == 0 and not fresh.exists()
    assert gj("ingest", str(tmp_path / "missing"), store=fresh).returncode == 2 and not fresh.exists()
    assert gj("ingest", str(LEDGER), store=fresh).returncode == 0 and fresh.exists()


def test_a_path_that_cannot_be_opened_is_not_called_a_foreign_database(tmp_path: Path) -> None:
    r = gj("ingest", str(LEDGER), store=Path("/proc/a.db"))
    assert r.returncode == 2 and "无法打开" in r.stderr and "不是 gongjian 数据库" not in r.stderr, r.stderr
    r = gj("stats", store=Path("/proc/a.db"))
    assert r.returncode == 2 and "不存在" in r.stderr


def test_the_frame_is_chinese() -> None:
    english = ("Usage", "Options", "Arguments", "Commands", "[required]", "[default:", "Show this message")
    for args in (("--help",), ("match", "--help"), ("loop", "--help"), ("export", "--help")):
        r = gj(*args)
        assert r.returncode == 0 and "用法：" in r.stdout, r.stdout
        assert not [w for w in english if w in r.stdout], r.stdout
    assert "[默认：10]" in gj("match", "--help").stdout and "[必填]" in gj("match", "--help").stdout
    cases = {
        ("match",): "缺少参数 need_id",
        ("match", "x", "--limit", "abc"): "的值无效：应为整数",
        ("match", "x", "--limit", "900"): "应小于或等于 500",
        ("mtch",): "没有命令 'mtch'。是不是要用 'match'？",
        ("match", "x", "--lmit", "3"): "没有选项 --lmit（可用的选项：--limit）",
        ("match", "x", "y"): "多余的参数（y）",
    }
    for args, said in cases.items():
        r = gj(*args)
        assert r.returncode == 2 and said in r.stderr and "错误" in r.stderr, (args, r.stderr)
        assert not [w for w in ("Usage", "Error", "Try ", "Invalid", "Missing") if w in r.stderr], r.stderr


def test_need_add_claim_and_project_status(db: Path, tmp_path: Path) -> None:
    store = tmp_path / "lists.db"
    shutil.copy(db, store)
    r = gj(
        "need", "add", "楼道灯坏了需要维修", "--area", "530111001002", "--id", "N-NEW", "--json", store=store
    )
    assert r.returncode == 0, r.stderr
    need = json.loads(r.stdout)
    assert need["id"] == "N-NEW" and need["status"] == "open" and need["category_inferred"] is True
    r = gj("need", "add", "x", "--area", "530111001000", store=store)
    assert r.returncode == 2 and "需求应提自社区、村、网格或单元" in r.stderr
    r = gj("need", "add", "x", "--area", "530111001002", "--urgency", "极高", store=store)
    assert r.returncode == 2 and "未知的紧急程度 极高" in r.stderr
    # a refused claim says which check failed
    r = gj("need", "claim", "N-05", "--resource", "R-01", store=store)
    assert r.returncode == 1 and "类别不适配" in r.stderr, r.stderr
    r = gj("need", "claim", "N-01", "--json", store=store)  # the best match when no resource is given
    assert r.returncode == 0, r.stderr
    claimed = json.loads(r.stdout)
    assert claimed["need"]["status"] == "claimed" and claimed["project"]["resources"] == ["R-01"]
    r = gj("need", "claim", "N-01", store=store)
    assert r.returncode == 1 and "已不是待认领状态（已认领）" in r.stderr
    project = claimed["project"]["id"]
    r = gj("project", "status", project, "已完成", store=store)
    assert r.returncode == 0 and "已完成" in r.stdout and "N-01 已办结" in r.stdout, r.stdout
    # match on a done need says so
    r = gj("match", "N-01", store=store)
    assert r.returncode == 0 and "此需求已办结，不能再派单" in r.stdout


def test_allocate_shows_need_ids(db: Path) -> None:
    shown = gj("allocate", "530111000000", store=db).stdout
    assert "N-02 " in shown and "R-03 " in shown and "未派 N-03" in shown, shown


def test_ingest_report_is_complete_and_masked(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(LEDGER, bad)
    (bad / "说明.txt").write_text("本文件夹为佴家湾社区台账", encoding="utf-8")
    with (bad / "units.csv").open("a", encoding="utf-8") as f:
        f.write("U-BAD,坏单位,银行,530111001001,,,\n")
    with (bad / "needs.csv").open("a", encoding="utf-8") as f:
        f.write("N-97,测试需求,描述,助残,530111001001,2025-13-45,非常高,10,待认领,x\n")  # two bad cells
        f.write("N-98,测试需求二,描述,助残,佴家湾社区,2025-03-01,高,10,待认领,x\n")  # a name for a code
    with (bad / "people.csv").open("a", encoding="utf-8") as f:
        f.write("PS-099,李四,居民,,PO-EJW,530111001001,13987654321,110105194912310021\n")
    r = gj("ingest", str(bad), "--dry-run", "--json", store=db)
    report = json.loads(r.stdout)
    assert report["ignored"] == ["说明.txt"]  # not a ledger: ignored, and said
    assert {p["file"] for p in report["rejected"]} == {"units.csv", "needs.csv", "people.csv"}
    n97 = [p["column"] for p in report["rejected"] if p["file"] == "needs.csv" and p["row"] == 7]
    assert n97 == ["提出日期", "紧急程度"]  # every bad cell of the row
    n98 = next(p for p in report["rejected"] if p["file"] == "needs.csv" and p["row"] == 8)
    assert "佴家湾社区 不存在" in n98["reason"] and "应填其编码 530111001001" in n98["reason"]
    person = next(p for p in report["rejected"] if p["file"] == "people.csv")
    assert person["value"] == "110105********0021"
    assert "110105194912310021" not in r.stdout
    human = subprocess.run(
        [sys.executable, "-m", "gongjian.cli", "ingest", str(bad), "--dry-run", "--store", str(db)],
        capture_output=True,
        text=True,
        env={**ENV, "COLUMNS": "80"},
        timeout=300,
    ).stdout
    assert "已忽略不是台账的文件：说明.txt" in human and "110105194912310021" not in human
    assert "业主委员会 owners_committee、其他 other" in human  # the reason in full, not cut at 80 columns
    assert "被拒绝 4 行（5 处问题）" in human


def test_a_missing_default_store_points_to_the_demo(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "gongjian.db").write_bytes(b"")
    env = {k: v for k, v in ENV.items() if k != "GONGJIAN_STORE"}
    r = subprocess.run(
        [sys.executable, "-m", "gongjian.cli", "search", "ejw"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2 and "数据库 gongjian.db 不存在" in r.stderr, r.stderr
    assert "演示库在 demo/gongjian.db" in r.stderr and not (tmp_path / "gongjian.db").exists()


def test_serve_refuses_a_store_that_does_not_exist(tmp_path: Path) -> None:
    r = gj("serve", "--port", "1", store=tmp_path / "typo.db")
    assert r.returncode == 2 and "不存在" in r.stderr and not (tmp_path / "typo.db").exists(), r.stderr
