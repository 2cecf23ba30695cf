"""The interactive page: one self-contained HTML file drawing the diagram with vis-network.

Works with no network: vis-network's JavaScript and CSS (the copy pyvis ships) are
inlined, and a Content-Security-Policy forbids loading anything from elsewhere.
The page is generated here rather than by pyvis's templates, because every name is
data, never markup:

- the page's own text (title, note, legend, node and link tables) goes through
  Jinja2 autoescaping;
- the graph goes into a ``<script type="application/json">`` block as JSON with
  ``<``, ``>``, ``&`` and U+2028/9 escaped, so no name can close the block;
- tooltips are handed to vis-network as DOM elements filled with ``textContent``
  (vis renders string titles as HTML in some versions), and node labels are drawn
  on the canvas as plain text (``font.multi`` stays off).

Above :data:`PHYSICS_LIMIT` nodes physics is off and positions are precomputed.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from importlib import resources

import jinja2

from gongjian.viz.diagram import Diagram, clean_text, node_name, node_tooltip
from gongjian.viz.layout import positions
from gongjian.viz.style import (
    DIMMED_BORDER,
    DIMMED_FILL,
    DIMMED_TEXT,
    EDGE_COLOR,
    LEAD_COLOR,
    LEAD_ZH,
    MATCH_COLOR,
    MATCH_TYPE,
    label_style,
    label_zh,
    legend,
    rel_zh,
)

#: Above this many nodes the browser does not simulate physics.
PHYSICS_LIMIT = 1500
#: Above this many links, edges are straight and hidden while dragging or zooming.
BUSY_LINKS = 300
#: Names longer than this are wrapped on the canvas (the tables keep them whole).
WRAP = 12
#: Pixels per node spacing of the precomputed layout.
SPACING = 90
VIS_DIR = "lib/vis-9.1.2"
FONT_FACE = (
    "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
)

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@functools.cache
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JavaScript and CSS, as shipped by pyvis."""
    base = resources.files("pyvis").joinpath(VIS_DIR)
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    for text, closer in ((js, "</script"), (css, "</style")):
        if closer in text.lower() or "<!--" in text:
            raise RuntimeError(f"vis-network asset contains {closer} or <!--; cannot inline it safely")
    return js, css


def script_json(value: object) -> str:
    """JSON safe to put inside a ``<script>`` element: no ``</script``, ``<!--`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


def _wrap(name: str) -> str:
    return "\n".join(name[i : i + WRAP] for i in range(0, len(name), WRAP)) or " "


def _vis_node(node: dict, pos: tuple[float, float] | None) -> dict:
    style = label_style(node.get("label", ""))
    dimmed = bool(node.get("dimmed"))
    fill, border = (DIMMED_FILL, DIMMED_BORDER) if dimmed else (style.color, "#333333")
    lead = bool(node.get("lead")) and not dimmed
    if lead:
        border = LEAD_COLOR
    item: dict = {
        "id": str(node["id"]),
        "name": node_name(node),
        "label": _wrap(node_name(node)),
        "tooltip": node_tooltip(node),
        "shape": style.shape,
        "size": style.size,
        "color": {
            "background": fill,
            "border": border,
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        },
        "font": {"color": DIMMED_TEXT if dimmed else "#222222"},
        "borderWidth": 4 if lead else 2 if dimmed else 1,
    }
    if dimmed:
        item["shapeProperties"] = {"borderDashes": [4, 3]}
    if pos is not None:
        item["x"], item["y"] = round(pos[0] * SPACING, 1), round(-pos[1] * SPACING, 1)
    return item


def _vis_edges(diagram: Diagram) -> list[dict]:
    seen: Counter = Counter()
    edges = []
    for i, link in enumerate(diagram.links):
        s, t = str(link["source"]), str(link["target"])
        kind = link.get("type", "")
        text = clean_text(link.get("label"))
        dimmed = bool(link.get("dimmed"))
        color = DIMMED_BORDER if dimmed else (MATCH_COLOR if kind == MATCH_TYPE else EDGE_COLOR)
        tooltip = rel_zh(kind) + (f"：{text}" if text else "") + ("（已退出/已失效）" if dimmed else "")
        edge: dict = {
            "id": i,
            "from": s,
            "to": t,
            "label": text or rel_zh(kind),
            "tooltip": tooltip,
            "dashes": dimmed,
            "width": 2.5 if kind == MATCH_TYPE else 1,
            "color": {"color": color, "highlight": "#000000", "hover": "#000000", "inherit": False},
        }
        pair = (min(s, t), max(s, t))
        if seen[pair]:
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * seen[pair]}
        seen[pair] += 1
        edges.append(edge)
    return edges


def _options(physics: bool, busy: bool) -> dict:
    return {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": FONT_FACE, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "face": FONT_FACE, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "smooth": False if busy else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "centralGravity": 0.25,
                "springLength": 130,
                "springConstant": 0.03,
                "damping": 0.25,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": physics, "iterations": 400, "updateInterval": 20, "fit": True},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "keyboard": {"enabled": True, "bindToWindow": False, "autoFocus": False},
            "hideEdgesOnDrag": busy,
            "hideEdgesOnZoom": busy,
            "multiselect": True,
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }


def page_note(diagram: Diagram) -> str:
    """The caller's note, plus a word on the layout when physics is off."""
    parts = [clean_text(diagram.note)]
    if len(diagram.nodes) > PHYSICS_LIMIT:
        parts.append(f"节点过多（{len(diagram.nodes)} 个），已关闭物理布局，使用预先计算的布局")
    return "；".join(p for p in parts if p)


def render_html(diagram: Diagram) -> bytes:
    """The diagram as one self-contained, offline HTML page (UTF-8 bytes)."""
    js, css = vis_assets()
    physics = len(diagram.nodes) <= PHYSICS_LIMIT
    busy = len(diagram.links) > BUSY_LINKS or not physics
    pos = positions(diagram.nodes, diagram.links)
    nodes = [_vis_node(n, pos.get(str(n["id"]))) for n in diagram.nodes]
    data = {"nodes": nodes, "edges": _vis_edges(diagram), "options": _options(physics, busy)}
    names = {str(n["id"]): node_name(n) for n in diagram.nodes}
    labels = {n.get("label", "") for n in diagram.nodes}
    dimmed = any(n.get("dimmed") for n in diagram.nodes) or any(e.get("dimmed") for e in diagram.links)
    rows = [
        {
            "kind": label_zh(n.get("label", "")),
            "name": node_name(n),
            "group": clean_text(n.get("group")),
            "tooltip": node_tooltip(n),
            "dimmed": bool(n.get("dimmed")),
        }
        for n in diagram.nodes
    ]
    link_rows = [
        {
            "source": names.get(str(e["source"]), ""),
            "target": names.get(str(e["target"]), ""),
            "kind": rel_zh(e.get("type", "")),
            "text": clean_text(e.get("label")),
            "dimmed": bool(e.get("dimmed")),
        }
        for e in diagram.links
    ]
    page = _template().render(
        title=clean_text(diagram.title) or "关系图",
        note=page_note(diagram),
        legend=legend(labels, dimmed=dimmed),
        has_match=any(e.get("type") == MATCH_TYPE for e in diagram.links),
        lead=next((label_style(n.get("label", "")) for n in diagram.nodes if n.get("lead")), None),
        lead_zh=LEAD_ZH,
        lead_color=LEAD_COLOR,
        match_color=MATCH_COLOR,
        rows=rows,
        link_rows=link_rows,
        physics=physics,
        vis_js=js,
        vis_css=css,
        data_json=script_json(data),
        app_js=_APP_JS,
        font_face=FONT_FACE,
    )
    return page.encode("utf-8")


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_PAGE)


_APP_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gj-data").textContent);
  function tip(text) {
    var el = document.createElement("div");
    el.className = "gj-tip";
    el.textContent = text;
    return el;
  }
  function withTip(item) {
    item.title = tip(item.tooltip);
    delete item.tooltip;
    return item;
  }
  var container = document.getElementById("network");
  var status = document.getElementById("status");
  var nodes = new vis.DataSet(data.nodes.map(withTip));
  var edges = new vis.DataSet(data.edges.map(withTip));
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.gongjian = {network: network, nodes: nodes, edges: edges};
  var drawn = false;
  var stable = !data.options.physics.enabled;
  function mark() {
    if (drawn && stable) {
      container.setAttribute("data-ready", "1");
      status.textContent = "";
    }
  }
  network.once("afterDrawing", function () { drawn = true; mark(); });
  network.on("stabilizationProgress", function (p) {
    status.textContent = "正在布局… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () { stable = true; mark(); });
  network.once("stabilized", function () { stable = true; mark(); });
  if (nodes.length === 0) { drawn = true; stable = true; mark(); }
  document.getElementById("fit").addEventListener("click", function () { network.fit(); });
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<meta name="generator" content="gongjian">
<title>{{ title }}</title>
<style>{{ vis_css|safe }}</style>
<style>
  html, body { margin: 0; font-family: {{ font_face|safe }}; color: #222; background: #fff; }
  header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
  h1 { font-size: 20px; margin: 4px 0; }
  .note { margin: 4px 0; color: #8a5a00; }
  .stats { margin: 4px 0; color: #666; font-size: 13px; }
  main { display: flex; height: calc(100vh - 96px); min-height: 420px; }
  #network { flex: 1; position: relative; border-right: 1px solid #ddd; }
  #status { position: absolute; left: 12px; top: 8px; color: #666; font-size: 13px; z-index: 2; }
  aside { width: 200px; padding: 8px 12px; overflow: auto; font-size: 14px; }
  aside h2 { font-size: 15px; margin: 4px 0 8px; }
  aside ul { list-style: none; padding: 0; margin: 0; }
  aside li { margin: 4px 0; display: flex; align-items: center; gap: 8px; }
  .swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #333; box-sizing: border-box; }
  .swatch.dot { border-radius: 50%; }
  .swatch.diamond { clip-path: polygon(50% 0, 100% 50%, 50% 100%, 0 50%); border: 0; }
  .swatch.triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); border: 0; }
  .swatch.triangleDown { clip-path: polygon(0 0, 100% 0, 50% 100%); border: 0; }
  .swatch.hexagon { clip-path: polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%); border: 0; }
  .swatch.star { clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%); border: 0; }
  .swatch.dashed { border: 2px dashed #9e9e9e; border-radius: 50%; }
  .line { display: inline-block; width: 18px; height: 0; border-top: 3px solid; }
  button { margin-top: 12px; }
  details { padding: 8px 16px; font-size: 14px; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
  tr.dimmed td { color: #8c8c8c; }
  .gj-tip { white-space: pre-line; max-width: 360px; }
  div.vis-tooltip { font-family: {{ font_face|safe }}; }
</style>
</head>
<body>
<header>
  <h1 id="title">{{ title }}</h1>
  {% if note %}<p class="note" id="note" role="note">{{ note }}</p>{% endif %}
  <p class="stats">共 {{ rows|length }} 个节点、{{ link_rows|length }} 条关系。拖动平移，滚轮缩放，悬停查看详情。</p>
</header>
<main>
  <div id="network" data-ready="0" data-physics="{{ '1' if physics else '0' }}" role="img" aria-label="{{ title }}（关系图，节点与关系见下方列表）"><div id="status"></div></div>
  <aside id="legend">
    <h2>图例</h2>
    <ul>
    {% for row in legend %}<li><span class="swatch {{ row.shape }}{{ ' dashed' if row.dashed else '' }}" style="background:{{ row.color }}"></span>{{ row.zh }}</li>
    {% endfor %}{% if lead %}<li><span class="swatch lead" style="background:{{ lead.color }};border:3px solid {{ lead_color }}"></span>{{ lead_zh }}</li>
    {% endif %}{% if has_match %}<li><span class="line" style="border-color:{{ match_color }}"></span>匹配关系</li>{% endif %}
    </ul>
    <button type="button" id="fit">适应窗口</button>
  </aside>
</main>
<details id="node-list">
  <summary>节点列表（{{ rows|length }}）</summary>
  <table>
    <thead><tr><th>类型</th><th>名称</th><th>分组</th><th>说明</th></tr></thead>
    <tbody>
    {% for r in rows %}<tr{% if r.dimmed %} class="dimmed"{% endif %}><td>{{ r.kind }}</td><td class="name">{{ r.name }}</td><td>{{ r.group }}</td><td>{{ r.tooltip }}</td></tr>
    {% endfor %}</tbody>
  </table>
</details>
<details id="link-list">
  <summary>关系列表（{{ link_rows|length }}）</summary>
  <table>
    <thead><tr><th>起点</th><th>关系</th><th>说明</th><th>终点</th></tr></thead>
    <tbody>
    {% for r in link_rows %}<tr{% if r.dimmed %} class="dimmed"{% endif %}><td>{{ r.source }}</td><td>{{ r.kind }}</td><td>{{ r.text }}</td><td>{{ r.target }}</td></tr>
    {% endfor %}</tbody>
  </table>
</details>
<script>{{ vis_js|safe }}</script>
<script type="application/json" id="gj-data">{{ data_json|safe }}</script>
<script>{{ app_js|safe }}</script>
</body>
</html>
"""
