"""Practice articles (经验材料): reading every format, linking mentions, search, bad input — on both stores."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gongjian.documents.ingest import ingest as ingest_docs
from gongjian.documents.read import MAX_BYTES, read
from gongjian.documents.search import about, search, show
from gongjian.graph.store import Store
from gongjian.ingest.load import ingest as ingest_ledger
from gongjian.queries.explore import search as search_names
from tests.conftest import DATA, make_store
from tests.test_api_support import auth, client_for
from tests.test_cli import gj

SEEDS = DATA / "seeds"
LEDGER = DATA / "documents" / "ledger"  # 五华区, a second 新村社区, 市三院, 市供电局 …

#: The article each mechanism's query finds first, and the words there that describe it.
DESCRIBED_IN = {
    "大党委": "004",  # 推行街道“党建联盟”、社区“大党委”… 兼职委员
    "党建联盟": "004",  # 街道党建联盟, 龙翔街道整合联盟成员单位
    "双报到": "002",  # “双报到”单位党组织负责人为成员的联席会议
    "契约化共建": "003",  # 结对共建 … “一对一”签定共建协议
    "三张清单": "004",  # 建立健全需求清单、资源清单、项目清单
    "网格党支部": "002",  # 把社区党组织 … 嵌入社区治理网格, 支部建在网格上
    "联席会议": "002",  # 华坪县：实行“联席会议”制度
    "时间银行": "003",  # 接入 … 时间银行等平台
    "积分": "000",  # “群众积分评议”“积分超市”
    "红黑榜": "003",  # 推行基层治理积分制，采用“红榜加分、黑榜扣分”
    "吹哨报到": "003",  # “网格(单元)采集、街乡派单、部门报到”响应机制
    "双向考核": "004",  # 双向考核、双向评价
}

#: The same article in every format: a title, a dated line, and passages naming places.
PASSAGES = [
    "关上街道新村社区：时间银行让志愿服务有了回报",
    "时间：2024年3月5日",
    "关上街道新村社区联合市三院开展义诊，市供电局党员到社区报到，检修老旧小区线路。",
    "社区推行“时间银行”，志愿者的服务时长存进银行，可兑换理发、家政等服务；市志联统筹志愿者。",
    "Residents in Kunming said the points are easy to use: 100 hours in 2023.",
]


@pytest.fixture
def docs_store(store: Store) -> Store:
    """The fixture ledger, the documents' ledger, and the five seed articles."""
    report = ingest_ledger(LEDGER, store)
    assert report.ok, report.rejected
    got = ingest_docs(store, [SEEDS])
    assert got["ok"] and got["accepted"] == 5, got
    return store


def _seed(doc: dict) -> str:
    return doc["source"][:3]


# ------------------------------------------------------------------ search


def test_a_query_per_mechanism_finds_the_article_that_describes_it_first(docs_store: Store) -> None:
    for word, seed in DESCRIBED_IN.items():
        results = search(docs_store, word)["results"]
        assert results, word
        assert _seed(results[0]) == seed, (word, [(_seed(r), r["score"]) for r in results])
        assert results[0]["score"] > results[-1]["score"] or len(results) == 1


def test_search_shape_snippet_and_marks(docs_store: Store) -> None:
    result = search(docs_store, "时间银行")
    assert result["query"] == "时间银行" and result["total"] == 1
    hit = result["results"][0]
    assert set(hit) == {
        "id",
        "title",
        "source",
        "date",
        "score",
        "snippet",
        "marks",
        "mentions",
        "mechanisms",
    }
    assert hit["marks"] and all(hit["snippet"][a:b] == "时间银行" for a, b in hit["marks"])
    assert {"code": "time_bank", "name": "时间银行"} in hit["mechanisms"]
    # a word inside a longer one is found too (jieba's search mode), and all words must be there
    assert [_seed(r) for r in search(docs_store, "银行")["results"]] == ["003"]
    assert search(docs_store, "时间银行 华坪县")["results"] == []


def test_a_mechanism_is_found_by_its_other_words(docs_store: Store) -> None:
    by_synonym = [_seed(r) for r in search(docs_store, "积分超市")["results"]]
    assert by_synonym[0] == "000" and "003" in by_synonym  # 003 says 积分制, not 积分超市


def test_filters_by_mechanism_and_by_area(docs_store: Store) -> None:
    assert [_seed(r) for r in search(docs_store, "", mechanism="时间银行")["results"]] == ["003"]
    # 清单 is no mechanism: BM25 alone, and 004 says it most
    assert [_seed(r) for r in search(docs_store, "清单", mechanism="契约化")["results"]] == ["004", "003"]
    # 官渡区 finds the article that names its street 太和街道 and its community 佴家湾社区
    assert [_seed(r) for r in search(docs_store, "", area="530111000000")["results"]] == ["004"]
    assert [_seed(r) for r in search(docs_store, "", area="530102000000")["results"]] == ["004"]  # 五华区
    with pytest.raises(ValueError, match="未知的机制"):
        search(docs_store, "x", mechanism="不存在的机制")


def test_a_community_named_in_an_article_lists_it(docs_store: Store) -> None:
    listed = about(docs_store, "530111001001")  # 佴家湾社区, named in the Kunming article
    assert listed["node"] == {"id": "530111001001", "label": "Area", "name": "佴家湾社区"}
    assert [_seed(r) for r in listed["results"]] == ["004"]
    mentions = {m["name"]: m["count"] for m in listed["results"][0]["mentions"]}
    assert mentions["太和街道"] == 2 and mentions["官渡区"] == 4
    assert about(docs_store, "530111001003")["results"] == []  # 北站社区: not in any article


def test_show_a_document(docs_store: Store) -> None:
    hit = search(docs_store, "联席会议")["results"][0]
    doc = show(docs_store, hit["id"])
    assert doc["title"] == "华坪县：实行“联席会议”制度 推动共建共治共享"
    assert doc["sources"] == ["002_16ab05d4576e612d.txt"] and doc["format"] == "txt"
    assert doc["passages"][2].startswith("近年来")
    assert doc["mechanisms"][0] == {"code": "joint_conference", "name": "联席会议"}


# ------------------------------------------------------------------ linking


def _article(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_mentions_by_short_names_and_ambiguous_names(docs_store: Store, tmp_path: Path) -> None:
    a = _article(tmp_path, "a.txt", *PASSAGES)
    b = _article(tmp_path, "b.txt", "新村社区开展邻里节", "新村社区的居民欢聚一堂。")
    c = _article(tmp_path, "c.txt", "五华区和官渡区的新村社区", "两个新村社区交流经验。")
    report = ingest_docs(docs_store, [a, b, c])
    assert report["ok"], report
    ids = {d["source"]: d["id"] for d in report["documents"]}
    linked = {m["id"]: m["count"] for m in show(docs_store, ids["a.txt"])["mentions"]}
    assert linked == {
        "530111001000": 2,  # 关上街道
        "530111001004": 2,  # 新村社区 of 关上街道: the street named beside it settles which
        "U-H3": 1,  # 市三院, derived from 昆明市第三人民医院
        "U-GRID": 1,  # 市供电局, from 云南电网有限责任公司昆明供电局
        "U-VOL": 1,  # 市志联, the ledger's 简称
    }
    # no other place named: which 新村社区 is meant is not guessed
    assert show(docs_store, ids["b.txt"])["mentions"] == []
    # both streets' districts named: still not guessed
    linked_c = {m["id"] for m in show(docs_store, ids["c.txt"])["mentions"]}
    assert linked_c == {"530102000000", "530111000000"}
    # the Kunming article names 市三院 too (“市三院预防保健科为佴家湾……”)
    assert {_seed(r) for r in about(docs_store, "U-H3")["results"]} == {"004", "a.t"}
    # a county finds documents about its streets and communities
    found = [r["id"] for r in search(docs_store, "", area="530111000000")["results"]]
    assert ids["a.txt"] in found and ids["c.txt"] in found and ids["b.txt"] not in found


def test_a_unit_is_found_by_its_short_name(docs_store: Store) -> None:
    hits = search_names(docs_store, "市三院")
    assert [(h["id"], h["name"]) for h in hits] == [("U-H3", "昆明市第三人民医院")]
    assert [h["id"] for h in search_names(docs_store, "市志联")] == ["U-VOL"]  # the ledger's 简称
    assert [h["id"] for h in search_names(docs_store, "龙翔联盟")] == ["PF-LX"]  # a platform's
    # 市供电局 is also in 昆明供电局官渡分局's derived 市供电局官渡分局: the exact short name first
    assert [h["id"] for h in search_names(docs_store, "市供电局")] == ["U-GRID", "U-POW-01"]


def test_ingesting_the_same_files_again_changes_nothing(docs_store: Store, tmp_path: Path) -> None:
    def snapshot() -> tuple:
        nodes = sorted((n.id, json.dumps(n.props, sort_keys=True)) for n in docs_store.iter_nodes())
        rels = sorted((r.type, r.src, r.dst, json.dumps(r.props)) for r in docs_store.iter_rels())
        return nodes, rels

    before, counts = snapshot(), docs_store.counts()
    again = ingest_docs(docs_store, [SEEDS])
    assert again["accepted"] == 5
    assert snapshot() == before and docs_store.counts() == counts
    assert counts["nodes"]["Document"] == 5
    # the same text under another name is the same document, known by both names
    shutil.copy(SEEDS / "001_94f10c52d80456a9.txt", tmp_path / "copy.txt")
    ingest_docs(docs_store, [tmp_path / "copy.txt"])
    assert docs_store.counts()["nodes"]["Document"] == 5
    hit = search(docs_store, "沾益区")["results"][0]
    assert show(docs_store, hit["id"])["sources"] == ["001_94f10c52d80456a9.txt", "copy.txt"]


# ------------------------------------------------------------------ formats


def _write_formats(folder: Path) -> dict[str, Path]:
    import docx
    from fpdf import FPDF

    from gongjian.viz.font import find_font_file

    text = "\n".join(PASSAGES)
    paths = {
        "utf-8": folder / "utf8.txt",
        "utf-8-sig": folder / "bom.txt",
        "gb18030": folder / "gbk.txt",
        "utf-16": folder / "utf16.txt",
    }
    for encoding, path in paths.items():
        path.write_bytes(text.encode(encoding))
    paths["md"] = folder / "a.md"
    paths["md"].write_text(
        f"# {PASSAGES[0]}\n\n{PASSAGES[1]}\n\n**{PASSAGES[2]}**\n\n- {PASSAGES[3]}\n\n---\n\n{PASSAGES[4]}\n",
        encoding="utf-8",
    )
    paths["html"] = folder / "a.html"
    body = "".join(f"<p>{p}</p>" for p in PASSAGES[1:])
    paths["html"].write_bytes(
        f'<html><head><meta charset="gb18030"><title>x</title><script>var a="时间银行";</script></head>'
        f"<body><nav>首页</nav><h1>{PASSAGES[0]}</h1>{body}</body></html>".encode("gb18030")
    )
    document = docx.Document()
    for p in PASSAGES:
        document.add_paragraph(p)
    paths["docx"] = folder / "a.docx"
    document.save(paths["docx"])
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("noto", fname=str(find_font_file()), collection_font_number=0)
    pdf.set_font("noto", size=11)
    for p in PASSAGES:
        pdf.multi_cell(0, 7, p, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    paths["pdf"] = folder / "a.pdf"
    pdf.output(str(paths["pdf"]))
    return paths


def test_every_format_and_encoding_gives_the_same_text(tmp_path: Path) -> None:
    paths = _write_formats(tmp_path)
    for kind, path in paths.items():
        article = read(path)
        assert article.passages == tuple(PASSAGES), kind
        assert article.title == PASSAGES[0], kind
        assert article.date == "2024-03-05", kind


# ------------------------------------------------------------------ bad input


def test_bad_files_are_reported_in_chinese_and_the_rest_go_in(empty_store: Store, tmp_path: Path) -> None:
    from fpdf import FPDF

    good = _article(tmp_path, "good.txt", *PASSAGES)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    assert big.stat().st_size > MAX_BYTES
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="secret")
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.output(str(tmp_path / "locked.pdf"))
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    (tmp_path / "fake.docx").write_text("not a zip", encoding="utf-8")
    (tmp_path / "fake.pdf").write_text("not a pdf", encoding="utf-8")
    (tmp_path / "blank.md").write_text("\n  \n\t\n", encoding="utf-8")

    report = ingest_docs(empty_store, [tmp_path, tmp_path / "old.doc"])
    assert not report["ok"] and report["accepted"] == 1
    assert report["documents"][0]["source"] == good.name
    reasons = {Path(r["file"]).name: r["reason"] for r in report["rejected"]}
    assert reasons == {
        "big.txt": "文件过大（50.0 MB，上限 20 MB），未导入",
        "binary.txt": "不是文本文件（含二进制内容），请确认文件格式",
        "blank.md": "没有可读的文字",
        "empty.txt": "文件为空",
        "fake.docx": "不是有效的 .docx 文件（可能已损坏，或是改了扩展名的其他文件）",
        "fake.pdf": reasons["fake.pdf"],
        "locked.pdf": "PDF 有密码保护，请先解除密码再导入",
        "old.doc": "不支持的格式“.doc”：请用 Word 另存为 .docx",
    }
    assert reasons["fake.pdf"].startswith("不是有效的 PDF 文件")
    assert empty_store.counts()["nodes"]["Document"] == 1


# ------------------------------------------------------------------ both stores, CLI, API


def on_both_stores(tmp_path: Path, ask: Callable[[Store], list]) -> list[list]:
    """``ask``'s answers on the embedded store and on Neo4j, each holding the fixture ledger and
    the documents' ledger."""
    from tests.conftest import LEDGER as FIXTURE

    answers = []
    for kind in ("embedded", "neo4j"):
        store = make_store(kind, tmp_path)
        try:
            for ledger in (FIXTURE, LEDGER):
                assert ingest_ledger(ledger, store).ok
            answers.append(ask(store))
        finally:
            store.close()
    return answers


@pytest.mark.neo4j
def test_both_stores_give_the_same_answers(tmp_path: Path) -> None:
    def ask(store: Store) -> list:
        ingest_docs(store, [SEEDS, _article(tmp_path, "a.txt", *PASSAGES)])
        return (
            [search(store, w) for w in (*DESCRIBED_IN, "社区", "志愿服务 党员")]
            + [search(store, "", area="530111000000"), about(store, "530111001001")]
            + [about(store, "U-H3"), search_names(store, "市三院")]
        )

    answers = on_both_stores(tmp_path, ask)
    assert answers[0] == answers[1]


def test_cli_docs(tmp_path: Path) -> None:
    from tests.conftest import LEDGER as FIXTURE

    db = tmp_path / "g.db"
    assert gj("ingest", str(FIXTURE), store=db).returncode == 0
    assert gj("ingest", str(LEDGER), store=db).returncode == 0
    (tmp_path / "empty.txt").write_bytes(b"")
    r = gj("docs", "ingest", str(SEEDS), str(tmp_path / "empty.txt"), "--json", store=db)
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    assert report["accepted"] == 5 and report["rejected"] == [
        {"file": str(tmp_path / "empty.txt"), "reason": "文件为空"}
    ]
    r = gj("docs", "search", "时间银行", "--json", store=db)
    result = json.loads(r.stdout)
    assert result["query"] == "时间银行" and result["results"][0]["source"].startswith("003")
    r = gj("docs", "search", "党建", "--mechanism", "大党委", "--area", "530111000000", store=db)
    assert r.returncode == 0 and "云南昆明" in r.stdout
    r = gj("docs", "about", "530111001001", "--json", store=db)
    assert [d["source"][:3] for d in json.loads(r.stdout)["results"]] == ["004"]
    doc_id = result["results"][0]["id"]
    r = gj("docs", "show", doc_id, store=db)
    assert r.returncode == 0 and "时间银行" in r.stdout
    r = gj("docs", "show", "DOC-nope", store=db)
    assert r.returncode == 1 and "不存在" in r.stderr
    r = gj("docs", "search", "x", "--mechanism", "nope", store=db)
    assert r.returncode == 2 and "未知的机制" in r.stderr
    r = gj("search", "市三院", "--json", store=db)
    assert [h["id"] for h in json.loads(r.stdout)] == ["U-H3"]


@pytest.fixture
def api(docs_store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from client_for(docs_store, monkeypatch)


def test_api_documents(api: TestClient) -> None:
    v = auth("viewer")
    r = api.get("/api/documents", params={"q": "时间银行"}, headers=v)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == 1 and body["results"][0]["source"].startswith("003")
    doc_id = body["results"][0]["id"]
    r = api.get("/api/nodes/530111001001/documents", headers=v)
    assert r.status_code == 200 and [d["source"][:3] for d in r.json()["results"]] == ["004"]
    r = api.get("/api/nodes/Area:530111001001/documents", headers=v)
    assert r.json()["node"]["name"] == "佴家湾社区"
    r = api.get(f"/api/documents/{doc_id}", headers=v)
    assert r.status_code == 200 and r.json()["passages"]
    assert api.get("/api/documents/DOC-nope", headers=v).status_code == 404
    assert api.get("/api/nodes/nope/documents", headers=v).status_code == 404
    assert api.get("/api/documents", params={"mechanism": "nope"}, headers=v).status_code == 422
    assert api.get("/api/documents", params={"q": "x"}).status_code == 401
    r = api.get("/api/documents", params={"area": "530111000000", "mechanism": "大党委"}, headers=v)
    assert [d["source"][:3] for d in r.json()["results"]] == ["004"]
    # the node route still answers for the node itself
    assert api.get("/api/nodes/530111001001", headers=v).json()["name"] == "佴家湾社区"


def test_phones_and_id_numbers_in_an_article_are_masked_for_viewers(
    docs_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _article(
        tmp_path, "联系.txt", "佴家湾社区时间银行", "联系人电话 138-1234-5678，身份证 530111198001011233。"
    )
    report = ingest_docs(docs_store, [a])
    doc_id = report["documents"][0]["id"]
    for client in client_for(docs_store, monkeypatch):
        seen = {}
        for role in ("viewer", "admin"):
            shown = client.get(f"/api/documents/{doc_id}", headers=auth(role)).json()
            found = client.get("/api/documents", params={"q": "时间银行 联系人"}, headers=auth(role)).json()
            seen[role] = json.dumps([shown, found], ensure_ascii=False)
        assert "1234-5678" not in seen["viewer"] and "530111198001011233" not in seen["viewer"]
        assert "138-1234-5678" in seen["admin"] and "530111198001011233" in seen["admin"]


def test_documents_in_a_neighbourhood_without_their_text(docs_store: Store) -> None:
    from gongjian.queries.explore import neighbourhood

    around = neighbourhood(docs_store, "530111001001")
    docs = [n for n in around["nodes"] if n["label"] == "Document"]
    assert [d["name"] for d in docs] == ['云南昆明:共织"一张网" 同布"一盘棋" 以区域化党建引领春城创新发展']
    assert "passages" not in docs[0] and docs[0]["mechanisms"]
    assert any(link["type"] == "MENTIONS" and link["count"] == 1 for link in around["links"])
