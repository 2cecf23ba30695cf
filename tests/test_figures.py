"""Figures the articles report (文中数据): extracted with their sentence and place, compared with
the graph's own count for that place — on both stores, from the CLI and over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gongjian.documents.ingest import ingest as ingest_docs
from gongjian.documents.ingest import relink
from gongjian.graph.store import ChangeSet, NotFound, Store
from gongjian.ingest.load import ingest as ingest_ledger
from gongjian.queries.figures import all_figures, area_figures, document_figures
from gongjian.rules.figures import figures_in, parse_number
from tests.test_api_support import auth, client_for
from tests.test_cli import gj
from tests.test_documents import LEDGER, SEEDS, on_both_stores

KUNMING, YUNNAN, GUANDU = "530100000000", "530000000000", "530111000000"
GUANSHANG, TAIHE, ERJIAWAN = "530111001000", "530111002000", "530111001001"

# ------------------------------------------------------------------ what a figure is


def _one(sentence: str) -> dict:
    found = figures_in(sentence)
    assert len(found) == 1, (sentence, found)
    return found[0].record()


def test_numbers_with_their_qualifiers_scales_and_ranges() -> None:
    f = _one("调整优化网格设置,全省共划分网格39.2万余个。")
    assert (f["value"], f["qualifier"], f["unit"], f["measure"]) == (392000, "over", "个", "grids")
    f = _one("带动近10万名党员就地参与防控工作。")
    assert (f["value"], f["qualifier"], f["unit"], f["measure"]) == (100000, "nearly", "名", "party_members")
    f = _one("453名市直单位班子成员分别挂钩联系1-2个小区。".replace("453名", ""))
    assert (f["value"], f["high"], f["unit"]) == (1, 2, "个")
    f = _one("市直单位投入共建资金约500万元。")
    assert (f["value"], f["qualifier"], f["unit"], f["measure"]) == (5_000_000, "about", "元", None)
    f = _one("共享数据5.2亿多条。")
    assert (f["value"], f["qualifier"], f["unit"]) == (520_000_000, "over", "条")
    f = _one("办结了华城大厦河滨景观带断头路等三十六件问题。")
    assert (f["value"], f["measure"], f["what"]) == (36, "needs_done", "办结")
    assert parse_number("一百二十") == 120 and parse_number("二〇二三") == 2023


def test_rates_are_percent_points_and_named_by_the_word_before_them() -> None:
    f = _one("已办结6.01万起,办结率96.3%。".replace("已办结6.01万起,", ""))
    assert (f["value"], f["unit"], f["measure"], f["what"]) == (96.3, "%", "done_rate", "办结率")
    f = _one("居民满意度达95%以上。")
    assert (f["value"], f["qualifier"], f["measure"]) == (95, "over", "satisfaction_rate")
    f = _one("调解成功率97%以上。")
    assert (f["measure"], f["what"]) == (None, "调解成功率")  # a rate the vocabulary does not know


def test_what_a_figure_counts_comes_from_its_clause() -> None:
    said = {f.text: (f.measure, f.what) for f in figures_in(
        "全市共成立46个街道党建联盟,286个社区“大党委”,吸纳1413家驻区单位、行业党组织负责人担任兼职委员。"
    )}  # fmt: skip
    assert said == {
        "46个": ("alliances", "街道党建联盟"),
        "286个": ("committees", "社区大党委"),  # the quotes do not hide the word
        "1413家": ("units", "驻区单位"),
    }
    assert _one("建立网格党支部7025个。")["measure"] == "party_branches"  # not grids: the longer word
    assert _one("完成居民群众“微心愿”1.5万个。")["measure"] == "needs_done"  # the verb decides
    assert _one("单位党组织累计报到2778次。")["measure"] == "registrations"
    # a measure is only taken with a measure word it is counted in: 5800 people, not grids
    assert _one("组织5800名快递员到网格党群服务站报到。")["measure"] != "grids"


def test_years_phones_ordinals_and_words_are_not_figures() -> None:
    assert figures_in("2022年底,全省三年行动(2023-2025年)启动。") == []
    assert figures_in("联系电话13912345678,座机0871-63123456。") == []
    assert figures_in("电话13912345678个") == []
    assert figures_in("习近平总书记在十九届中央政治局第二十一次集体学习时要求。") == []
    assert figures_in("出台两份文件,开展“百名组工干部进千村”活动,建立“1+2+N”政策体系。") == []
    f = _one("2022年,全省累计排查调处矛盾纠纷48万余件。")
    assert (f["value"], f["year"], f["measure"]) == (480000, 2022, "disputes")
    assert _one("２０２３年，社区收集群众需求１２件。")["year"] == 2023  # full-width digits


# ------------------------------------------------------------------ on the seed articles


@pytest.fixture
def docs_store(store: Store) -> Store:
    """The fixture ledger, the documents' ledger, and the five seed articles."""
    assert ingest_ledger(LEDGER, store).ok
    assert ingest_docs(store, [SEEDS])["accepted"] == 5
    return store


def _by_text(figures: list[dict], text: str) -> dict:
    hits = [f for f in figures if f["text"] == text]
    assert len(hits) == 1, [f["text"] for f in figures]
    return hits[0]


def _doc_ids(store: Store) -> dict[str, str]:
    _, nodes = store.find_nodes("Document")
    return {str(n.props["source"])[:3]: n.id for n in nodes}


def test_the_kunming_article_s_committees_alliances_and_units(docs_store: Store) -> None:
    figures = document_figures(docs_store, _doc_ids(docs_store)["004"])["figures"]
    committees = _by_text(figures, "286个")
    assert committees["sentence"].startswith("截止目前,全市共成立46个街道党建联盟,286个社区“大党委”")
    assert committees["sentence"].endswith("59个街道277个社区建立党建联席会议制度。")
    assert (committees["value"], committees["measure"], committees["measure_name"]) == (
        286,
        "committees",
        "社区大党委",
    )
    # 全市: the sentence names no place, the title does (云南昆明 → 昆明市)
    assert committees["area"] == {"id": KUNMING, "label": "Area", "name": "昆明市"}
    # the graph's own: the fixture's big party committees in Kunming, 佴家湾 and 关兴
    assert (committees["graph_value"], committees["difference"], committees["as_of"]) == (2, -284, "现有数据")
    alliances = _by_text(figures, "46个")
    assert (alliances["measure"], alliances["graph_value"]) == ("alliances", 2)  # 关上 and 龙翔
    assert _by_text(figures, "1413家")["measure"] == "units"
    # a place the sentence names comes first: 官渡区's party members, which the graph does not count
    members = _by_text(figures, "19000余名")
    assert members["area"]["id"] == GUANDU and members["qualifier"] == "over" and members["value"] == 19000
    assert (members["graph_value"], members["note"]) == (None, "图中不统计此项")
    # 西山区 is not in the graph: its grids are not Kunming's, and not compared
    grids = _by_text(figures, "195个")
    assert (grids["measure"], grids["area"], grids["note"]) == ("grids", None, "未能确定所指地区")
    assert [f["id"] for f in figures][:2] == [
        f"{_doc_ids(docs_store)['004']}-F001",
        f"{_doc_ids(docs_store)['004']}-F002",
    ]


def test_the_putian_completion_rate_has_no_place_in_a_yunnan_graph(docs_store: Store) -> None:
    figures = document_figures(docs_store, _doc_ids(docs_store)["003"])["figures"]
    rate = _by_text(figures, "96.3%")
    assert rate["sentence"].startswith("建立“网格(单元)采集、街乡派单、部门报到”响应机制")
    assert rate["sentence"].endswith("已办结6.01万起,办结率96.3%。")
    assert (rate["value"], rate["unit"], rate["measure"], rate["measure_name"]) == (
        96.3,
        "%",
        "done_rate",
        "办结率",
    )
    assert (rate["area"], rate["graph_value"], rate["note"]) == (None, None, "未能确定所指地区")
    done = _by_text(figures, "6.01万起")
    assert (done["value"], done["measure"]) == (60100, "needs_done")


def test_a_province_s_figures_and_a_county_the_graph_lacks(docs_store: Store, tmp_path: Path) -> None:
    figures = document_figures(docs_store, _doc_ids(docs_store)["000"])["figures"]
    grids = _by_text(figures, "39.2万余个")
    assert grids["area"]["id"] == YUNNAN and grids["graph_value"] == 2  # 佴家湾's two grids
    streets = _by_text(figures, "216个")
    assert (streets["measure"], streets["graph_value"]) == ("streets", 3)  # 关上, 太和, 龙翔
    # 华坪县: the article says 云南省丽江市华坪县, the fixture has neither: no place, not 云南省
    registrations = _by_text(_figures_of(docs_store, "002"), "2778次")
    assert (registrations["measure"], registrations["area"]) == ("registrations", None)
    # the ledgers grow by 丽江市 and 华坪县: a relink places the figures there
    ledger = tmp_path / "lijiang"
    ledger.mkdir()
    (ledger / "areas.csv").write_text(
        "区划代码,名称,层级,上级代码\n530700000000,丽江市,市,530000000000\n530723000000,华坪县,县,530700000000\n",
        encoding="utf-8",
    )
    assert ingest_ledger(ledger, docs_store).ok
    relink(docs_store)
    registrations = _by_text(_figures_of(docs_store, "002"), "2778次")
    assert registrations["area"] == {"id": "530723000000", "label": "Area", "name": "华坪县"}
    assert (registrations["graph_value"], registrations["difference"]) == (0, -2778)


def _figures_of(store: Store, seed: str) -> list[dict]:
    return document_figures(store, _doc_ids(store)[seed])["figures"]


# ------------------------------------------------------------------ comparison with the graph

REPORT = [
    "关上街道：以需求为导向推进共建",
    "2025年,关上街道收集群众需求12件,办结率75%,居民满意度达95%以上。",
    "2022年,佴家湾社区单位党组织累计报到5次,辖区党员120名。",
    "太和街道2025年办结群众需求8件,群众满意率98%。",
    "关上街道共有社区大党委3个,成员单位20家,共建项目6个,联系电话13912345678。",
]


def _report(store: Store, tmp_path: Path) -> str:
    path = tmp_path / "report.txt"
    path.write_text("\n".join(REPORT), encoding="utf-8")
    got = ingest_docs(store, [path])
    return got["documents"][0]["id"]


def test_a_figure_beside_the_graph_s_count_in_its_year(store: Store, tmp_path: Path) -> None:
    doc = _report(store, tmp_path)
    figures = {f["text"]: f for f in document_figures(store, doc)["figures"]}
    needs = figures["12件"]
    # needs raised in 关上街道 and below in 2025: N-01, N-02, N-03, N-05; none done yet
    assert (needs["measure"], needs["area"]["id"], needs["year"]) == ("needs_raised", GUANSHANG, 2025)
    assert (needs["graph_value"], needs["difference"], needs["as_of"]) == (4, -8, "2025年")
    assert (figures["75%"]["graph_value"], figures["75%"]["difference"]) == (0.0, -75.0)
    assert figures["95%以上"]["note"] == "图中无可计算的数据"  # no verdict on 关上街道's needs
    # 佴家湾社区's registrations in 2022: 官渡区人民医院党委's, on 2022-03-05
    registered = figures["5次"]
    assert (registered["area"]["id"], registered["graph_value"], registered["as_of"]) == (
        ERJIAWAN,
        1,
        "2022年",
    )
    assert figures["120名"]["note"] == "图中不统计此项"
    # 太和街道: N-04 done, rated 满意
    assert (figures["8件"]["measure"], figures["8件"]["graph_value"]) == ("needs_done", 1)
    assert (figures["98%"]["measure"], figures["98%"]["graph_value"]) == ("satisfaction_rate", 100.0)
    # no year: as the data stand; 关上街道's committees (佴家湾, 关兴), members, projects
    assert (figures["3个"]["graph_value"], figures["3个"]["as_of"]) == (2, "现有数据")
    # current members of its platforms: 官渡区人民医院党委, the law firm, the school, the power bureau
    assert figures["20家"]["measure"] == "members" and figures["20家"]["graph_value"] == 4
    assert (figures["6个"]["measure"], figures["6个"]["graph_value"]) == ("projects", 0)
    # an area's figures: its own and those of the places below it
    about = area_figures(store, GUANSHANG)
    assert about["area"]["name"] == "关上街道"
    assert [f["text"] for f in about["figures"]] == [
        "12件",
        "75%",
        "95%以上",
        "5次",
        "120名",
        "3个",
        "20家",
        "6个",
    ]
    assert [f["text"] for f in area_figures(store, TAIHE)["figures"]] == ["8件", "98%"]
    with pytest.raises(NotFound):
        area_figures(store, "999")
    with pytest.raises(NotFound):
        document_figures(store, "DOC-nope")


def test_a_store_ingested_before_figures_gets_them_by_relink(store: Store, tmp_path: Path) -> None:
    doc = _report(store, tmp_path)
    before = document_figures(store, doc)
    assert before["total"] == 10
    store.apply(ChangeSet(nodes={"Document": {doc: {"figures": None}}}))  # as an older version wrote it
    assert document_figures(store, doc)["total"] == 0
    report = relink(store)
    assert report["documents"][0]["figures"] == 10
    assert document_figures(store, doc) == before
    revision = store.revision
    snapshot = sorted((n.id, json.dumps(n.props, sort_keys=True)) for n in store.iter_nodes())
    _report(store, tmp_path)  # the same file again: nothing changes
    assert sorted((n.id, json.dumps(n.props, sort_keys=True)) for n in store.iter_nodes()) == snapshot
    assert revision <= store.revision


@pytest.mark.neo4j
def test_both_stores_give_the_same_figures(tmp_path: Path) -> None:
    def ask(store: Store) -> list:
        ingest_docs(store, [SEEDS])
        doc = _report(store, tmp_path)
        return [all_figures(store), document_figures(store, doc)] + [
            area_figures(store, code) for code in (YUNNAN, KUNMING, GUANSHANG, TAIHE)
        ]

    answers = on_both_stores(tmp_path, ask)
    assert answers[0] == answers[1]


# ------------------------------------------------------------------ CLI and API


def test_cli_docs_figures(tmp_path: Path) -> None:
    from tests.conftest import LEDGER as FIXTURE

    db = tmp_path / "g.db"
    for ledger in (FIXTURE, LEDGER):
        assert gj("ingest", str(ledger), store=db).returncode == 0
    assert gj("docs", "ingest", str(SEEDS), store=db).returncode == 0
    r = gj("docs", "figures", "--area", KUNMING, "--json", store=db)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    committees = next(f for f in result["figures"] if f["text"] == "286个")
    assert {"id", "document", "sentence", "value", "unit", "measure", "area", "graph_value"} <= set(
        committees
    )
    assert (committees["graph_value"], committees["area"]["id"]) == (2, KUNMING)
    r = gj("docs", "figures", "--area", KUNMING, store=db)
    assert r.returncode == 0 and "286个 社区大党委 · 昆明市 · 图中 2（现有数据），差 -284" in r.stdout
    doc = committees["document"]["id"]
    r = gj("docs", "figures", doc, "--json", store=db)
    assert json.loads(r.stdout)["total"] == 31
    r = gj("docs", "figures", store=db)
    assert r.returncode == 0 and "文中数据 139 条" in r.stdout
    r = gj("docs", "figures", "DOC-nope", store=db)
    assert r.returncode == 1 and "不存在" in r.stderr
    r = gj("docs", "figures", "--area", "999", store=db)
    assert r.returncode == 1 and "不存在" in r.stderr
    r = gj("docs", "relink", "--json", store=db)
    assert r.returncode == 0 and sum(d["figures"] for d in json.loads(r.stdout)["documents"]) == 139


@pytest.fixture
def api(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    _report(store, tmp_path)
    yield from client_for(store, monkeypatch)


def test_api_figures_and_masking(api: TestClient) -> None:
    v = auth("viewer")
    r = api.get(f"/api/areas/{GUANSHANG}/figures", headers=v)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["area"]["name"] == "关上街道" and body["total"] == 8
    committees = next(f for f in body["figures"] if f["text"] == "3个")
    assert (committees["measure"], committees["graph_value"]) == ("committees", 2)
    # the phone in the sentence: masked for a viewer, whole for the admin
    assert "139****5678" in committees["sentence"] and "13912345678" not in r.text
    doc = committees["document"]["id"]
    r = api.get(f"/api/documents/{doc}/figures", headers=auth("admin"))
    assert r.status_code == 200 and r.json()["total"] == 10 and "13912345678" in r.text
    assert api.get(f"/api/documents/{doc}/figures", headers=v).json()["figures"][0]["year"] == 2025
    assert api.get("/api/documents/DOC-nope/figures", headers=v).status_code == 404
    assert api.get("/api/areas/999/figures", headers=v).status_code == 404
    assert api.get(f"/api/areas/{GUANSHANG}/figures").status_code == 401
    assert api.get(f"/api/areas/{GUANSHANG}", headers=v).json()["name"] == "关上街道"  # still the area
