/* 共建 planners' page: two-way assessment (双向考核). Loaded after app.js, whose helpers it
 * takes from window.gongjian; it adds two views:
 *
 * - views.unitScorecard: on a unit's page, its scorecard for a period — the score, a small
 *   inline-SVG chart of what each part adds (or takes away), every part, and the platforms,
 *   agreements and registrations behind them;
 * - views.scorecard: #/scorecard/CODE?kind=unit|community&from=…&to=… — the ranking (红黑榜)
 *   of the units sitting in or linked to an area, or of its communities, with a bar chart
 *   and the report files.
 *
 * As in app.js, every text from the API goes in as a text node, never as markup.
 */
(function () {
  "use strict";

  var G = window.gongjian;
  if (!G) return;
  var h = G.h, add = G.add, enc = G.enc, card = G.card, badge = G.badge;
  var api = G.api, showError = G.showError;

  var SVG_NS = "http://www.w3.org/2000/svg";
  var PART_ZH = {
    platforms: "所在平台", agreements_in_force: "有效协议", projects_claimed: "认领项目",
    projects_done: "完成项目", projects_on_time: "按期完成", projects_late: "逾期完成",
    projects_overdue: "逾期未完成", on_time_rate: "按期率", beneficiaries: "受益人数", rated: "评价数",
    satisfaction_rate: "满意率", registered_people: "报到党员", service_hours: "服务时长",
    idle_resources: "闲置资源", evaluations: "评议", raised: "提出需求", done: "办结", done_rate: "办结率",
    mean_days_to_done: "平均用时（天）", overdue: "逾期", overdue_rate: "逾期率",
    committee_members: "平台成员", agreements_signed: "新签协议"
  };
  var GRADES = [["good", "好"], ["fair", "较好"], ["average", "一般"], ["poor", "差"]];
  var BOARD_ZH = { red: "红榜", black: "黑榜" };
  var GAIN = "#1e7a3c", LOSS = "#b3261e", PLAIN = "#1f5fbf";

  function svg(tag, attrs) {
    var el = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) el.setAttribute(k, String(attrs[k]));
    });
    Array.prototype.slice.call(arguments, 2).forEach(function (child) {
      if (child === null || child === undefined) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function partText(key, value) {
    if (value === null || value === undefined) return "—";
    if (key === "evaluations") {
      return GRADES.map(function (g) { return g[1] + " " + (value[g[0]] || 0); }).join("，");
    }
    if (/_rate$/.test(key)) return (value * 100).toFixed(1) + "%";
    return String(value);
  }

  function lastYear() {
    var y = new Date().getFullYear() - 1;
    return { from: y + "-01-01", to: y + "-12-31" };
  }

  function periodForm(period, onChange, id) {
    var from = h("input", { type: "date", id: id + "-from", value: period.from, "aria-label": "考核期间自" });
    var to = h("input", { type: "date", id: id + "-to", value: period.to, "aria-label": "考核期间至" });
    var go = h("button", { type: "submit", id: id + "-go" }, "查看");
    var form = h("form", { class: "toolbar", id: id + "-form" },
      h("label", { class: "label" }, "考核期间"), from, h("span", null, "至"), to, go);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      onChange({ from: from.value, to: to.value });
    });
    return form;
  }

  /** What each scored part adds to the score (green) or takes away (red), as horizontal bars. */
  function contributionChart(result) {
    var keys = Object.keys(result.weights);
    var gain = keys.reduce(function (s, k) { return s + (result.penalties.indexOf(k) >= 0 ? 0 : result.weights[k]); }, 0) || 1;
    var rows = keys.map(function (k) {
      var sign = result.penalties.indexOf(k) >= 0 ? -1 : 1;
      return { key: k, value: sign * 100 * result.weights[k] * (result.normalised[k] || 0) / gain,
        max: 100 * result.weights[k] / gain };
    });
    var barH = 18, gap = 6, labelW = 96, width = 420, mid = labelW + 60, scale = (width - mid - 50) / 40;
    var height = rows.length * (barH + gap) + 8;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img", id: "scorecard-chart", "aria-label": "各部分对得分的贡献" });
    rows.forEach(function (r, i) {
      var y = 4 + i * (barH + gap);
      var w = Math.min(Math.abs(r.value), 40) * scale;
      chart.appendChild(svg("text", { x: labelW - 4, y: y + barH - 5, "text-anchor": "end", "font-size": 12 },
        PART_ZH[r.key] || r.key));
      chart.appendChild(svg("rect", { x: mid, y: y, width: Math.max(r.max * scale, 1), height: barH, fill: "#eef1f4" }));
      chart.appendChild(svg("rect", { x: r.value < 0 ? mid - w : mid, y: y, width: w, height: barH,
        fill: r.value < 0 ? LOSS : GAIN, "data-part": r.key },
      svg("title", null, (PART_ZH[r.key] || r.key) + "：归一化 " + (result.normalised[r.key] || 0) +
        " × 权重 " + result.weights[r.key])));
      chart.appendChild(svg("text", { x: mid + Math.max(r.max * scale, w) + 4, y: y + barH - 5, "font-size": 11,
        fill: "#5f6b76" }, (r.value < 0 ? "−" : "+") + Math.abs(r.value).toFixed(1)));
    });
    chart.appendChild(svg("line", { x1: mid, x2: mid, y1: 0, y2: height, stroke: "#5f6b76" }));
    return chart;
  }

  function partsTable(parts) {
    return G.table([
      { title: "部分", cls: "name", cell: function (k) { return PART_ZH[k] || k; } },
      { title: "数值", cls: "nowrap", cell: function (k) { return partText(k, parts[k]); } }
    ], Object.keys(parts));
  }

  function behindBlock(behind) {
    var platforms = behind.platforms.length
      ? h("ul", { id: "scorecard-platforms" }, behind.platforms.map(function (p) {
        return h("li", null, G.nodeLink(p), "（" + p.kind_zh + "）",
          p.roles.map(function (r) {
            return " " + (r.role || "成员") + (r.through ? "，经本单位党组织 " + r.through : "");
          }).join("；"));
      }))
      : h("p", { class: "empty", id: "scorecard-platforms" }, "期末不在任何平台上");
    var agreements = behind.agreements.length
      ? h("ul", { id: "scorecard-agreements" }, behind.agreements.map(function (a) {
        return h("li", null, G.nodeLink(a), "（" + (a.signed || "") + " 至 " + (a.expires || "长期") + "）");
      }))
      : h("p", { class: "empty", id: "scorecard-agreements" }, "期末没有有效的共建协议");
    var regs = (behind.registrations || []);
    var registrations = regs.length
      ? h("ul", { id: "scorecard-registrations" }, regs.map(function (r) {
        return h("li", null, G.nodeLink({ id: r.subject.id, label: r.subject.label, name: r.subject.id }),
          " 报到 ", G.nodeLink(r.area), r.date ? "（" + r.date + "）" : "",
          r.hours !== null && r.hours !== undefined ? "，服务 " + r.hours + " 小时" : "");
      }))
      : h("p", { class: "empty", id: "scorecard-registrations" }, "没有双报到记录");
    return h("div", { class: "grid2" },
      h("div", null, h("h3", null, "所在平台"), platforms, h("h3", null, "有效协议"), agreements),
      h("div", null, h("h3", null, "双报到"), registrations));
  }

  function unitScorecard(main, node) {
    var box = card("考核（双向考核）", "unit-scorecard");
    var body = h("div", null);
    var period = lastYear();
    function load(p) {
      period = p;
      body.replaceChildren(h("p", { class: "muted" }, "正在计算…"));
      return api("/api/scorecards/units/" + enc(node.id) + "?" + new URLSearchParams(p)).then(function (r) {
        body.replaceChildren(
          h("p", { class: "score-line" }, "得分 ", h("strong", { id: "scorecard-score" }, String(r.score)),
            h("span", { class: "muted" }, "（0–100，各部分归一化后按权重相加，逾期与闲置扣分）")),
          h("div", { class: "grid2" }, h("div", null, contributionChart(r)), h("div", null, partsTable(r.parts))),
          behindBlock(r.behind));
      }).catch(function (e) { body.replaceChildren(); showError(e); });
    }
    add(box, [periodForm(period, load, "unit-scorecard"), body]);
    main.appendChild(box);
    return load(period);
  }

  // ------------------------------------------------------------ ranking (红黑榜)
  function parseArg(arg) {
    var q = arg.indexOf("?");
    var code = q < 0 ? arg : arg.slice(0, q);
    var params = new URLSearchParams(q < 0 ? "" : arg.slice(q + 1));
    var d = lastYear();
    return { code: code, kind: params.get("kind") === "community" ? "community" : "unit",
      from: params.get("from") || d.from, to: params.get("to") || d.to };
  }

  function scoreBars(ranking) {
    var rows = ranking.slice(0, 30);
    var barH = 16, gap = 4, labelW = 180, width = 560, scale = (width - labelW - 60) / 100;
    var height = Math.max(rows.length, 1) * (barH + gap) + 8;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img", id: "ranking-chart", "aria-label": "得分条形图" });
    rows.forEach(function (r, i) {
      var y = 4 + i * (barH + gap);
      var name = r.name.length > 12 ? r.name.slice(0, 12) + "…" : r.name;
      chart.appendChild(svg("text", { x: labelW - 4, y: y + barH - 4, "text-anchor": "end", "font-size": 12 },
        r.rank + ". " + name));
      chart.appendChild(svg("rect", { x: labelW, y: y, width: Math.max(r.score * scale, 1), height: barH,
        fill: r.board === "red" ? LOSS : r.board === "black" ? "#3c4043" : PLAIN }));
      chart.appendChild(svg("text", { x: labelW + r.score * scale + 4, y: y + barH - 4, "font-size": 11 },
        String(r.score) + (r.board ? " " + BOARD_ZH[r.board] : "")));
    });
    return chart;
  }

  function scorecardPage(main, arg) {
    var a = parseArg(arg || "");
    if (!a.code) {
      main.appendChild(h("section", { class: "card" }, h("h2", null, "考核排名"),
        h("p", null, "请从街道或区县的页面进入“考核排名”。")));
      return null;
    }
    var qs = new URLSearchParams({ area: a.code, kind: a.kind, from: a.from, to: a.to });
    return api("/api/scorecards/ranking?" + qs).then(function (r) {
      var kindSel = h("select", { id: "ranking-kind", "aria-label": "排名对象" },
        h("option", { value: "unit" }, "驻区单位"), h("option", { value: "community" }, "社区（村）"));
      kindSel.value = a.kind;
      function go(p) {
        G.navigate("#/scorecard/" + enc(a.code) + "?" + new URLSearchParams({ kind: kindSel.value, from: p.from, to: p.to }));
      }
      kindSel.addEventListener("change", function () { go(a); });
      var head = card("考核排名：" + r.area.name + "（" + a.from + " 至 " + a.to + "）", "ranking-head");
      var files = h("div", { class: "toolbar" }, h("span", { class: "label" }, "报表"),
        [["xlsx", "Excel"], ["csv", "CSV"], ["png", "图片"], ["pdf", "PDF"]].map(function (f) {
          return h("button", { type: "button", class: "ghost", id: "ranking-" + f[0],
            onclick: function () { G.download("/api/scorecards/ranking." + f[0] + "?" + qs, "考核排名-" + a.code + "." + f[0]); } },
          f[1]);
        }));
      add(head, [h("div", { class: "toolbar" }, h("label", { class: "label", for: "ranking-kind" }, "排名对象"), kindSel),
        periodForm(a, go, "ranking"), files]);
      main.appendChild(head);
      var list = card("红黑榜（共 " + r.ranking.length + " 个）", "ranking");
      if (!r.ranking.length) {
        add(list, [h("p", { class: "empty" }, "该区划没有可排名的对象。")]);
      } else {
        var isUnit = r.kind === "unit";
        var cols = [
          { title: "名次", num: true, cell: function (x) { return String(x.rank); } },
          { title: "", cls: "nowrap", cell: function (x) { return x.board ? badge(BOARD_ZH[x.board], "board " + x.board) : ""; } },
          { title: "名称", cls: "name", cell: function (x) { return G.nodeLink({ id: x.id, label: isUnit ? "Unit" : "Area", name: x.name }); } },
          { title: "得分", num: true, cell: function (x) { return String(x.score); } }
        ].concat((isUnit
          ? ["platforms", "agreements_in_force", "projects_done", "projects_on_time", "projects_overdue", "satisfaction_rate", "evaluations"]
          : ["raised", "done_rate", "satisfaction_rate", "overdue", "committee_members", "evaluations"]
        ).map(function (k) {
          return { title: PART_ZH[k], cls: "nowrap", cell: function (x) { return partText(k, x.parts[k]); } };
        }));
        add(list, [scoreBars(r.ranking), G.table(cols, r.ranking, function (x) { return x.board ? "board-" + x.board : null; })]);
      }
      main.appendChild(list);
    });
  }

  G.views.unitScorecard = unitScorecard;
  G.views.scorecard = scorecardPage;
})();
