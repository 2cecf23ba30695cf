/* 共建 planners' page: practice articles (经验材料). Loaded after app.js, whose helpers it
 * takes from window.gongjian; it adds two views:
 *
 * - views.docs: #/docs/QUERY?mechanism=…&area=… — full-text search of the articles, the
 *   query's words highlighted in each snippet (from the answer's marks), what each article
 *   mentions and the mechanisms it describes; an article opens whole below the results;
 * - views.nodeDocs: on an area's, platform's or unit's page, the card "经验材料": the
 *   articles that mention it; on an area's, also the card "文中数据": the figures the articles
 *   report about it and the places below it, each beside the graph's own count.
 *
 * An opened article shows its figures (文中数据) above its text, likewise compared.
 *
 * As in app.js, every text from the API goes in as a text node, never as markup.
 */
(function () {
  "use strict";

  var G = window.gongjian;
  if (!G) return;
  var h = G.h, add = G.add, enc = G.enc, card = G.card, count = G.count;
  var api = G.api, showError = G.showError, nodeLink = G.nodeLink, table = G.table;

  var MECHANISMS = [
    ["", "全部机制"], ["big_committee", "大党委"], ["alliance", "党建联盟"], ["double_registration", "双报到"],
    ["contract", "契约化共建"], ["three_lists", "三张清单"], ["grid_branch", "网格党支部"],
    ["joint_conference", "联席会议"], ["time_bank", "时间银行"], ["points", "积分"],
    ["red_black_list", "红黑榜"], ["whistle", "吹哨报到"], ["two_way_assessment", "双向考核"]
  ];

  /** A snippet with its marked words in <mark>, each part a text node. */
  function snippet(text, marks) {
    var p = h("p", { class: "snippet" });
    var pos = 0;
    (marks || []).forEach(function (m) {
      if (m[0] < pos) return;
      if (m[0] > pos) p.appendChild(document.createTextNode(text.slice(pos, m[0])));
      p.appendChild(h("mark", null, text.slice(m[0], m[1])));
      pos = m[1];
    });
    if (pos < text.length) p.appendChild(document.createTextNode(text.slice(pos)));
    return p;
  }

  function mentionLinks(mentions) {
    if (!mentions.length) return null;
    return h("div", { class: "chips" }, mentions.slice(0, 12).map(function (m) { return nodeLink(m); }));
  }

  function mechanismTags(list) {
    return list.map(function (m) { return h("span", { class: "badge" }, m.name); });
  }

  function signed(x) { return x > 0 ? "+" + x : String(x); }

  /** The figures as a table: what the article says, what it counts, where, the graph's count. */
  function figureTable(figures, withDocument) {
    var columns = [
      { title: "文中数据", cls: "nowrap", cell: function (f) { return h("strong", null, f.text); } },
      { title: "口径", cell: function (f) { return f.measure_name || f.what || "—"; } },
      { title: "地区", cls: "nowrap", cell: function (f) { return f.area ? nodeLink(f.area) : h("span", { class: "muted" }, "不明"); } },
      { title: "图中", cls: "graph-value", cell: function (f) {
        if (f.graph_value === null) return h("span", { class: "muted" }, f.note || "—");
        return (f.graph_value + (f.unit === "%" ? "%" : "")) + "（" + f.as_of + "）";
      } },
      { title: "差", num: true, cell: function (f) { return f.difference === null ? "" : signed(f.difference); } },
      { title: "原句", cls: "sentence", cell: function (f) { return f.sentence; } }
    ];
    if (withDocument) columns.push({ title: "出处", cell: function (f) { return f.document.title; } });
    return table(columns, figures, function (f) { return f.graph_value === null ? "figure uncompared" : "figure"; });
  }

  function figuresCard(id, data, withDocument) {
    var box = card("文中数据", id);
    box.querySelector("h2").appendChild(count(data.total));
    add(box, [h("p", { class: "muted" }, "文章报告的数字、原句和所指地区；图中同一地区（含下级）的对应数在旁，句中有年份的按该年。"),
      data.figures.length ? figureTable(data.figures, withDocument) : h("p", { class: "empty" }, "没有可识别的数据。")]);
    return box;
  }

  function showDocument(holder, id) {
    holder.replaceChildren(h("p", { class: "muted" }, "正在载入全文…"));
    return Promise.all([api("/api/documents/" + enc(id)), api("/api/documents/" + enc(id) + "/figures")]).then(function (got) {
      var d = got[0];
      var box = card(d.title || d.id, "document");
      add(box, [
        h("p", { class: "muted" }, [d.source, d.date].filter(Boolean).join(" · ")),
        h("div", null, mechanismTags(d.mechanisms)),
        mentionLinks(d.mentions),
        figuresCard("document-figures", got[1], false),
        h("div", { class: "passages" }, d.passages.map(function (t) { return h("p", null, t); }))
      ]);
      holder.replaceChildren(box);
      box.scrollIntoView({ block: "start" });
    }).catch(showError);
  }

  function resultList(results, holder) {
    return h("ol", { class: "doc-results" }, results.map(function (r) {
      var open = h("a", { href: "#" }, r.title);
      open.addEventListener("click", function (ev) {
        ev.preventDefault();
        showDocument(holder, r.id);
      });
      return h("li", null,
        h("div", null, open, h("span", { class: "muted" }, " " + [r.source, r.date].filter(Boolean).join(" · "))),
        snippet(r.snippet, r.marks),
        h("div", null, mechanismTags(r.mechanisms)),
        mentionLinks(r.mentions));
    }));
  }

  function docsPage(main, arg) {
    var q = arg, params = new URLSearchParams();
    var at = arg.indexOf("?");
    if (at >= 0) {
      q = arg.slice(0, at);
      params = new URLSearchParams(arg.slice(at + 1));
    }
    var head = card("经验材料", "docs-head");
    var input = h("input", { id: "docs-q", type: "search", maxlength: "200", value: q, "aria-label": "检索词",
      placeholder: "检索词，如 时间银行、联席会议" });
    var mech = h("select", { id: "docs-mechanism", "aria-label": "机制" },
      MECHANISMS.map(function (m) { return h("option", { value: m[0] }, m[1]); }));
    mech.value = params.get("mechanism") || "";
    var area = h("input", { id: "docs-area", type: "text", maxlength: "100", value: params.get("area") || "",
      "aria-label": "区划代码", placeholder: "区划代码（含下级，可空）" });
    var form = h("form", { class: "toolbar", id: "docs-form" }, input, mech, area, h("button", { type: "submit" }, "检索"));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var extra = new URLSearchParams();
      if (mech.value) extra.set("mechanism", mech.value);
      if (area.value.trim()) extra.set("area", area.value.trim());
      var tail = extra.toString();
      G.navigate("#/docs/" + enc(input.value.trim()) + (tail ? "?" + tail : ""));
    });
    add(head, [h("p", { class: "muted" },
      "各地典型经验文章：按相关度检索，可按机制和区划筛选；点标题看全文，点地名看该地的关系图。"), form]);
    main.appendChild(head);
    var list = card("检索结果", "docs-results");
    var holder = h("div", { id: "document-holder" });
    main.appendChild(list);
    main.appendChild(holder);
    var query = { q: q, limit: "50" };
    if (params.get("mechanism")) query.mechanism = params.get("mechanism");
    if (params.get("area")) query.area = params.get("area");
    return api("/api/documents?" + new URLSearchParams(query)).then(function (data) {
      list.querySelector("h2").appendChild(count(data.total));
      add(list, [data.results.length ? resultList(data.results, holder) : h("p", { class: "empty" }, "没有找到相关材料。")]);
    });
  }

  function nodeDocs(main, node) {
    var box = card("经验材料", "node-documents");
    main.appendChild(box);
    var holder = h("div");
    var docs = api("/api/nodes/" + enc(node.label + ":" + node.id) + "/documents?limit=50").then(function (data) {
      box.querySelector("h2").appendChild(count(data.total));
      add(box, [data.results.length ? resultList(data.results, holder)
        : h("p", { class: "empty" }, "还没有写到这里的经验材料。"), holder]);
    });
    if (node.label !== "Area") return docs.catch(showError);
    var figures = api("/api/areas/" + enc(node.id) + "/figures").then(function (data) {
      if (data.total) main.insertBefore(figuresCard("node-figures", data, true), box.nextSibling);
    });
    return Promise.all([docs, figures]).catch(showError);
  }

  G.views.docs = docsPage;
  G.views.nodeDocs = nodeDocs;
})();
