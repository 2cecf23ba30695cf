"""Diagrams: the data contract, graph files (GEXF, GraphML, JSON), the HTML page without a browser, layout."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from gongjian.viz import Diagram, render, samples, to_networkx
from gongjian.viz.html import PHYSICS_LIMIT, script_json
from gongjian.viz.layout import positions
from gongjian.viz.style import LABEL_STYLES, LEAD_COLOR, LEAD_ZH, legend

EVIL_SCRIPT = "</script><img src=x onerror=alert(1)>"
EVIL_ATTR = '"><svg onload=alert(1)>'
EVIL_COMMENT = "<!--<script>alert(2)</script>-->\u2028&amp;"


def evil_diagram() -> Diagram:
    """The sample committee with hostile names in every place a name can go."""
    d = samples.committee()
    d.title = f"大党委 {EVIL_SCRIPT}"
    d.note = f"说明 {EVIL_ATTR}"
    d.nodes += [
        {"id": "Unit:EVIL1", "label": "Unit", "name": EVIL_SCRIPT, "group": EVIL_ATTR},
        {"id": "Unit:EVIL2", "label": "Unit", "name": EVIL_ATTR, "title": f"提示 {EVIL_SCRIPT}"},
        {"id": "Unit:EVIL3", "label": "Unit", "name": EVIL_COMMENT},
    ]
    d.links += [
        {"source": "Unit:EVIL1", "target": "Platform:P1", "type": "MEMBER_OF", "label": EVIL_SCRIPT},
        {"source": "Unit:EVIL2", "target": "Platform:P1", "type": "MEMBER_OF", "label": EVIL_ATTR},
        {"source": "Unit:EVIL3", "target": "Platform:P1", "type": "MEMBER_OF"},
    ]
    return d


def rich_diagram() -> Diagram:
    """Awkward property values: None, lists, dicts, dates, mixed types, a parallel link."""
    d = samples.committee()
    d.nodes[3].update(since=dt.date(2024, 5, 1), tags=["医疗", "教育"], extra={"a": 1}, missing=None, count=3)
    d.nodes[4].update(count="很多", start="保留字", viz="保留字")
    d.links.append({"source": "Unit:U0", "target": "Platform:P1", "type": "MEMBER_OF", "label": "再次加入"})
    return d


# ------------------------------------------------------------------ the contract


def test_check_refuses_repeated_ids_and_dangling_links():
    d = samples.committee()
    d.nodes.append(dict(d.nodes[0]))
    with pytest.raises(ValueError, match="repeat"):
        render(d, "json")
    d = samples.committee()
    d.links.append({"source": "Unit:U0", "target": "Unit:nowhere", "type": "MEMBER_OF"})
    with pytest.raises(ValueError, match="not a node"):
        render(d, "json")
    with pytest.raises(ValueError, match="format"):
        render(samples.committee(), "eps")  # type: ignore[arg-type]


def test_to_networkx_keeps_nodes_links_and_parallel_links():
    d = rich_diagram()
    g = to_networkx(d)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(d.nodes)
    assert g.number_of_edges() == len(d.links)
    assert g.number_of_edges("Unit:U0", "Platform:P1") == 2
    assert g.nodes["Platform:P1"]["name"] == "佴家湾社区大党委"
    assert g.nodes["Platform:P1"]["label"] == "Platform"
    assert g.graph["title"] == d.title


def test_legend_follows_the_model_in_chinese():
    rows = legend({"Unit", "Platform", "Area"}, dimmed=True)
    assert [r.zh for r in rows] == ["区划", "驻区单位", "共建平台", "已退出/已失效（灰色虚线）"]
    assert rows[-1].dashed
    assert {s.zh for s in LABEL_STYLES.values()} == {
        "区划",
        "驻区单位",
        "党组织",
        "共建平台",
        "人员",
        "共建协议",
        "需求",
        "资源",
        "项目",
        "流转记录",
        "经验材料",
        "评议",
    }
    assert len({s.color for s in LABEL_STYLES.values()}) == len(LABEL_STYLES)


@pytest.mark.parametrize("fmt", ["html", "png", "svg", "gexf", "graphml", "json"])
def test_every_format_draws_an_empty_diagram(fmt):
    assert render(Diagram("空图"), fmt)


# ------------------------------------------------------------------ graph files


def test_json_is_utf8_with_chinese_as_is():
    d = rich_diagram()
    raw = render(d, "json")
    assert "佴家湾社区大党委".encode() in raw
    doc = json.loads(raw.decode("utf-8"))
    assert set(doc) == {"title", "note", "nodes", "links"}
    assert doc["title"] == d.title and doc["note"] == d.note
    assert len(doc["nodes"]) == len(d.nodes) and len(doc["links"]) == len(d.links)
    assert doc["nodes"][3]["since"] == "2024-05-01"


def test_gexf_reads_back_with_chinese_labels_and_safe_attributes():
    d = rich_diagram()
    g = nx.read_gexf(io.BytesIO(render(d, "gexf")))
    assert g.number_of_nodes() == len(d.nodes)
    assert g.number_of_edges() == len(d.links)
    platform = g.nodes["Platform:P1"]
    assert platform["label"] == "佴家湾社区大党委"
    assert platform["kind"] == "Platform" and platform["kind_zh"] == "共建平台"
    assert "viz" in platform  # Gephi colour, size and position
    u0 = g.nodes["Unit:U0"]
    assert u0["tags"] == "医疗；教育"
    assert u0["since"] == "2024-05-01"
    assert u0["type_zh"] == "事业单位"
    assert "missing" not in u0
    assert g.nodes["Unit:U1"]["start_"] == "保留字"
    assert g.nodes["Unit:U1"]["count"] == "很多" and u0["count"] == "3"  # mixed types become text
    rels = {data["rel"] for _, _, data in g.edges(data=True)}
    assert {"MEMBER_OF", "MATCH"} <= rels


def test_graphml_reads_back_with_chinese_labels():
    d = rich_diagram()
    raw = render(d, "graphml")
    g = nx.read_graphml(io.BytesIO(raw))
    assert g.number_of_nodes() == len(d.nodes)
    assert g.number_of_edges() == len(d.links)
    assert g.nodes["Area:530102001001"]["label"] == "佴家湾社区"
    assert g.nodes["Unit:U0"]["extra"] == '{"a": 1}'
    assert g.graph["title"] == "佴家湾社区大党委"
    for _, data in g.nodes(data=True):
        assert all(v is not None and not isinstance(v, list | dict) for v in data.values())


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_files_keep_hostile_names_as_data(fmt):
    d = evil_diagram()
    d.nodes.append({"id": "Unit:CTRL", "label": "Unit", "name": "控制\x00字符\x1f单位"})
    raw = render(d, fmt)
    g = nx.read_gexf(io.BytesIO(raw)) if fmt == "gexf" else nx.read_graphml(io.BytesIO(raw))
    assert g.nodes["Unit:EVIL1"]["label"] == EVIL_SCRIPT
    assert g.nodes["Unit:EVIL2"]["label"] == EVIL_ATTR
    assert g.nodes["Unit:CTRL"]["label"] == "控制 字符 单位"
    assert b"<img" not in raw and b"<svg" not in raw


# ------------------------------------------------------------------ the page, statically

_CDN = re.compile(r"cdn\.|jsdelivr|unpkg\.com|cdnjs|googleapis|bootstrapcdn|cloudflare", re.I)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.starts: list[tuple[str, dict]] = []
        self.data_json = ""
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        self._in_data = tag == "script" and dict(attrs).get("id") == "gj-data"

    def handle_endtag(self, tag):
        self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data_json += data


def _parse(page: bytes) -> _Tags:
    tags = _Tags()
    tags.feed(page.decode("utf-8"))
    return tags


def test_html_is_self_contained():
    page = render(samples.committee(), "html")
    text = page.decode("utf-8")
    assert not re.search(r"""<script[^>]*\ssrc\s*=""", text, re.I)
    assert not re.search(r"""<link[^>]*\shref\s*=\s*["']?(https?:)?//""", text, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?(https?:)?//""", text, re.I)
    assert "@import" not in text
    assert not _CDN.search(text)
    assert "vis.Network" in text and "vis-network" in text  # the library is inlined
    assert "default-src 'none'" in text  # and the page may load nothing else


def test_html_keeps_hostile_names_as_text():
    d = evil_diagram()
    page = render(d, "html")
    text = page.decode("utf-8")
    tags = _parse(page)
    # Exactly our three scripts, no element made from a name.
    assert [t for t, _ in tags.starts if t == "script"] == ["script"] * 3
    assert not [t for t, _ in tags.starts if t in ("img", "svg", "iframe", "object")]
    assert all(not any(k.startswith("on") for k in a) for _, a in tags.starts)
    for raw in ("<img", "<svg", "</script><", "<!--<script"):
        assert raw not in text
    # The title is escaped text.
    assert "<title>大党委 &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>" in text
    # The data block parses back to the very names.
    data = json.loads(tags.data_json)
    names = {n["id"]: n["name"] for n in data["nodes"]}
    assert names["Unit:EVIL1"] == EVIL_SCRIPT
    assert names["Unit:EVIL2"] == EVIL_ATTR
    assert names["Unit:EVIL3"] == EVIL_COMMENT.replace("\u2028", " ")
    tips = {n["id"]: n["tooltip"] for n in data["nodes"]}
    assert tips["Unit:EVIL2"] == f"提示 {EVIL_SCRIPT}"
    assert EVIL_ATTR in tips["Unit:EVIL1"]
    assert not any(n.get("font", {}).get("multi") for n in data["nodes"])


def test_script_json_cannot_close_its_block():
    out = script_json({"a": "</script><!-- \u2028 \u2029 & >"})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"a": "</script><!-- \u2028 \u2029 & >"}


def test_html_shows_title_note_legend_and_dimmed_members():
    page = render(samples.committee(), "html").decode("utf-8")
    assert '<h1 id="title">佴家湾社区大党委</h1>' in page
    assert "灰色虚线为已退出成员" in page
    for zh in ("区划", "驻区单位", "党组织", "共建平台", "人员", "共建协议", "需求", "资源", "项目"):
        assert f"</span>{zh}</li>" in page
    data = json.loads(_parse(page.encode()).data_json)
    former = next(n for n in data["nodes"] if n["id"] == "Unit:U7")
    assert former["shapeProperties"]["borderDashes"] and former["color"]["background"] == "#d9d9d9"
    assert any(e["dashes"] for e in data["edges"])
    assert data["options"]["physics"]["enabled"] is True
    assert {e["label"] for e in data["edges"]} >= {"兼职委员", "成员单位", "大党委"}
    lead = next(n for n in data["nodes"] if n["id"] == "PartyOrg:O1")  # the 牵头 organisation
    assert lead["color"]["border"] == LEAD_COLOR and lead["borderWidth"] == 4
    assert f"</span>{LEAD_ZH}</li>" in page


def test_html_turns_physics_off_for_big_diagrams():
    d = samples.street(communities=60, units_each=26)
    assert len(d.nodes) > PHYSICS_LIMIT
    page = render(d, "html")
    text = page.decode("utf-8")
    assert "已关闭物理布局" in text
    data = json.loads(_parse(page).data_json)
    assert data["options"]["physics"]["enabled"] is False
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in data["nodes"])


# ------------------------------------------------------------------ layout


def test_layout_is_deterministic_and_spread():
    for d in (samples.committee(), samples.street(6, 10), samples.street(60, 40)):
        a = positions(d.nodes, d.links)
        b = positions(list(reversed(d.nodes)), list(reversed(d.links)))
        assert a == b
        assert set(a) == {n["id"] for n in d.nodes}
        assert len({(round(x, 3), round(y, 3)) for x, y in a.values()}) == len(a)


def test_committee_layout_puts_the_platform_in_the_centre():
    d = samples.committee()
    pos = positions(d.nodes, d.links)
    cx, cy = pos["Platform:P1"]
    members = [pos[f"Unit:U{i}"] for i in range(8)]
    radii = [math.hypot(x - cx, y - cy) for x, y in members]
    assert max(radii) - min(radii) < 1e-6  # all members on one ring around the platform
