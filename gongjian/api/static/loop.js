/* 共建 planners' page: the loop (闭环). Loaded after app.js, whose helpers it takes
 * from window.gongjian; it adds two views:
 *
 * - views.needLoop: on a need's page, its history as a timeline (who, when, which
 *   level, what), its current level and deadline, and for planners the form that
 *   records residents' verdict (评价);
 * - views.loop: #/loop/CODE?from=…&to=… — an area's figures for a period, the needs
 *   raised and done per month and the escalation funnel (inline SVG drawn here, no
 *   library), the figures of each child area, and the overdue needs for 督办.
 *
 * As in app.js, every text from the API goes in as a text node, never as markup.
 */
(function () {
  "use strict";

  var G = window.gongjian;
  if (!G) return;
  var h = G.h, add = G.add, enc = G.enc, card = G.card, badge = G.badge, count = G.count;
  var api = G.api, showError = G.showError;

  var SVG_NS = "http://www.w3.org/2000/svg";
  var HANDLING_LEVELS = ["grid", "community", "street", "county"];
  var HANDLING_ZH = { grid: "网格", community: "社区", street: "街道", county: "县" };
  var ACTION_ZH = {
    raised: "采集", dispatched: "派单", claimed: "接单", escalated: "上报", done: "办结",
    rated: "评价", returned: "退回", closed: "关闭"
  };
  var RATINGS = [["satisfied", "满意"], ["fair", "基本满意"], ["dissatisfied", "不满意"]];
  var RATING_ZH = { satisfied: "满意", fair: "基本满意", dissatisfied: "不满意" };
  var STATUS_ZH = {};
  G.NEED_STATUSES.forEach(function (s) { STATUS_ZH[s[0]] = s[1]; });
  var UNDER_WAY = { claimed: 1, in_progress: 1 };
  var AREA_LEVELS = ["city", "county", "street", "township"];
  var RAISED_COLOR = "#1f5fbf";
  var DONE_COLOR = "#1e7a3c";
  var FUNNEL_COLOR = "#b3261e";
  var OVERDUE_SHOWN = 100;

  function levelText(level) { return level ? (HANDLING_ZH[level] || level) + "级" : ""; }
  function pct(x) { return typeof x === "number" ? (x * 100).toFixed(1) + "%" : "—"; }
  function days(x) { return typeof x === "number" ? x + " 天" : "—"; }
  function qs(params) {
    var clean = {};
    Object.keys(params).forEach(function (k) { if (params[k]) clean[k] = params[k]; });
    return new URLSearchParams(clean).toString();
  }

  /** An SVG element; string children become text nodes. */
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

  // ------------------------------------------------------------ a need's history
  function timeline(events) {
    if (!events.length) return h("p", { class: "empty", id: "timeline" }, "暂无流转记录");
    return h("ol", { class: "timeline", id: "timeline" }, events.map(function (e) {
      var up = e.action === "escalated";
      return h("li", { class: "event " + e.action, "data-action": e.action },
        h("time", { datetime: e.date }, e.date),
        h("div", { class: "what" },
          badge((up ? "↑ " : "") + (ACTION_ZH[e.action] || e.action), "action " + e.action),
          e.level ? h("span", { class: "level" }, up ? "至" + levelText(e.level) : levelText(e.level)) : null,
          e.rating ? badge(RATING_ZH[e.rating] || e.rating, "rating " + e.rating) : null,
          e.actor ? h("span", { class: "actor" }, "办理：", G.nodeLink({ id: e.actor, name: e.actor })) : null),
        e.note ? h("div", { class: "note-text" }, e.note) : null);
    }));
  }

  /** Actors are unit codes: show their names once they are known. */
  function nameActors(box) {
    var links = Array.prototype.slice.call(box.querySelectorAll(".actor a"));
    var ids = {};
    links.forEach(function (a) { ids[a.textContent] = 1; });
    Object.keys(ids).forEach(function (id) {
      api("/api/nodes/" + enc(id)).then(function (node) {
        links.forEach(function (a) {
          if (a.textContent !== id) return;
          a.textContent = node.name || id;
          a.href = G.nodeHref(node.label, node.id);
        });
      }).catch(function () { /* not a node: the code stays */ });
    });
  }

  function verdictForm(need, onRated) {
    var comment = h("textarea", { id: "verdict-comment", name: "comment", maxlength: "1000", rows: "2",
      placeholder: "居民意见（可不填）", "aria-label": "居民意见" });
    var submit = h("button", { type: "submit" }, "登记评价");
    var form = h("form", { id: "verdict-form", class: "verdict" },
      h("fieldset", null, h("legend", null, "居民评价"),
        RATINGS.map(function (r) {  // none chosen beforehand: the verdict is the residents', not a default
          return h("label", { class: "choice" },
            h("input", { type: "radio", name: "rating", value: r[1], required: true }), r[1]);
        })),
      comment, submit);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var chosen = form.querySelector("input[name=rating]:checked");
      var body = { rating: chosen.value };
      if (comment.value.trim()) body.comment = comment.value.trim();
      submit.disabled = true;
      api("/api/needs/" + enc(need.id) + "/feedback", { method: "POST", body: body }).then(function (hist) {
        G.message(hist.status === "done"
          ? "已登记居民评价：" + chosen.value + "。"
          : "居民不满意，需求已退回重办，应于 " + (hist.deadline || "30 天内") + " 前办结。", "info");
        onRated(hist);
      }).catch(function (e) {
        submit.disabled = false;
        showError(e);
      });
    });
    return form;
  }

  function needLoop(main, need, onStatus) {
    var box = card("办理流转", "need-loop");
    var body = h("div", null, h("p", { class: "muted" }, "正在读取流转记录…"));
    add(box, [body]);
    main.appendChild(box);

    function show(hist) {
      var status = hist.status || "open";
      var deadline = hist.deadline
        ? h("span", { id: "loop-deadline" }, (status === "open" ? "本级时限 " : "应办结 ") + hist.deadline)
        : null;
      var late = h("span", { id: "loop-late" });
      var rated = hist.events.filter(function (e) { return e.action === "rated"; }).pop();
      body.replaceChildren(
        h("div", { class: "loop-now" },
          h("span", { class: "badge " + status, id: "loop-status" }, STATUS_ZH[status] || status),
          h("span", { id: "loop-level" }, "办理层级：" + levelText(hist.level)),
          deadline, late,
          rated ? h("span", { id: "loop-rating" }, "最近评价：" + (RATING_ZH[rated.rating] || rated.rating) +
            "（" + rated.date + "）") : null),
        timeline(hist.events));
      nameActors(body);
      if (G.canPlan()) {
        body.appendChild(status === "done"
          ? verdictForm(need, function (updated) {
            onStatus({ status: updated.status, status_zh: STATUS_ZH[updated.status] || updated.status });
            show(updated);
          })
          : h("p", { class: "muted", id: "verdict-later" }, "需求办结后，可在此登记居民评价（满意、基本满意、不满意）。"));
      }
      if (UNDER_WAY[status] && need.area) {
        api("/api/loop/overdue?" + qs({ area: need.area })).then(function (r) {
          var mine = r.overdue.filter(function (e) { return e.need === need.id; })[0];
          if (mine) late.replaceChildren(badge("已逾期 " + mine.days_over + " 天", "late"));
        }).catch(function () { /* the marker is a courtesy */ });
      }
    }

    return api("/api/needs/" + enc(need.id) + "/history").then(show).catch(function (e) {
      body.replaceChildren(h("p", { class: "empty" }, "流转记录读取失败"));
      showError(e);
    });
  }

  // ------------------------------------------------------------ charts (inline SVG)
  /** The top of the value axis: at least ``n``, four whole round steps (or 1 to 4 for small counts). */
  function niceMax(n) {
    if (n <= 4) return Math.max(n, 1);
    var raw = n / 4;
    var mag = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map(function (x) { return x * mag; });
    return 4 * steps.filter(function (x) { return x >= raw && x === Math.round(x); })[0];
  }

  /** Needs raised and done per month: two bars a month (rect.bar.raised, rect.bar.done). */
  function monthsChart(months) {
    var left = 44, right = 12, top = 40, bottom = 40, plotH = 200;
    var slot = Math.max(22, Math.min(64, 720 / Math.max(months.length, 1)));
    var width = left + right + slot * Math.max(months.length, 1);
    var height = top + plotH + bottom;
    var top_ = 0;
    months.forEach(function (m) { top_ = Math.max(top_, m.raised, m.done); });
    var ymax = niceMax(top_);
    var ticks = ymax <= 4 ? ymax : 4;
    var chart = svg("svg", { id: "chart-months", class: "chart", viewBox: "0 0 " + width + " " + height,
      width: width, height: height, role: "img", "aria-label": "每月提出与办结的需求数" });
    for (var t = 0; t <= ticks; t++) {
      var v = Math.round(ymax * t / ticks);
      var y = top + plotH - plotH * v / ymax;
      chart.appendChild(svg("line", { x1: left, x2: width - right, y1: y, y2: y, class: "grid-line" }));
      chart.appendChild(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "tick" }, String(v)));
    }
    var every = Math.ceil(months.length / 12);
    var bar = slot * 0.34;
    months.forEach(function (m, i) {
      var x0 = left + slot * i + slot / 2;
      [["raised", "提出", RAISED_COLOR, -bar], ["done", "办结", DONE_COLOR, 0]].forEach(function (b) {
        var value = m[b[0]];
        var hgt = plotH * value / ymax;
        chart.appendChild(svg("rect", { class: "bar " + b[0], "data-month": m.month, "data-value": value,
          x: x0 + b[3], y: top + plotH - hgt, width: bar, height: hgt, fill: b[2] },
        svg("title", null, m.month + " " + b[1] + " " + value + " 件")));
        if (value && months.length <= 24) {
          chart.appendChild(svg("text", { x: x0 + b[3] + bar / 2, y: top + plotH - hgt - 3, "text-anchor": "middle",
            class: "value" }, String(value)));
        }
      });
      if (i % every === 0) {
        var label = months.length <= 12 ? Number(m.month.slice(5)) + "月" : m.month;
        chart.appendChild(svg("text", { x: x0, y: top + plotH + 16, "text-anchor": "middle", class: "tick" }, label));
        if (months.length <= 12 && (i === 0 || m.month.slice(5) === "01")) {
          chart.appendChild(svg("text", { x: x0, y: top + plotH + 32, "text-anchor": "middle", class: "tick" },
            m.month.slice(0, 4) + "年"));
        }
      }
    });
    chart.appendChild(svg("line", { x1: left, x2: width - right, y1: top + plotH, y2: top + plotH, class: "axis" }));
    [["提出", RAISED_COLOR], ["办结", DONE_COLOR]].forEach(function (l, i) {
      var x = left + 8 + i * 64;
      chart.appendChild(svg("rect", { x: x, y: 4, width: 12, height: 12, fill: l[1] }));
      chart.appendChild(svg("text", { x: x + 16, y: 14, class: "legend" }, l[0]));
    });
    return chart;
  }

  /** The escalation funnel: needs whose highest level is each level or above (rect.stage). */
  function funnelChart(highest) {
    var reached = [], total = 0;
    HANDLING_LEVELS.slice().reverse().forEach(function (lv) {
      total += highest[lv] || 0;
      reached.unshift([lv, total, highest[lv] || 0]);
    });
    var width = 460, rowH = 46, labelW = 64, barW = 220, top = 8;
    var most = reached[0][1] || 1;
    var chart = svg("svg", { id: "chart-funnel", class: "chart", viewBox: "0 0 " + width + " " + (top + rowH * 4),
      width: width, height: top + rowH * 4, role: "img", "aria-label": "上报漏斗：办理层级达到各级的需求数" });
    reached.forEach(function (r, i) {
      var w = r[1] ? Math.max(4, barW * r[1] / most) : 0;
      var y = top + rowH * i;
      var cx = labelW + barW / 2;
      chart.appendChild(svg("text", { x: labelW - 8, y: y + rowH / 2 + 1, "text-anchor": "end", class: "label" },
        levelText(r[0])));
      chart.appendChild(svg("rect", { class: "stage", "data-level": r[0], "data-value": r[1], x: cx - w / 2, y: y + 6,
        width: w, height: rowH - 12, fill: FUNNEL_COLOR, "fill-opacity": String(1 - i * 0.2) },
      svg("title", null, "达到" + levelText(r[0]) + "：" + r[1] + " 件，止于本级 " + r[2] + " 件")));
      chart.appendChild(svg("text", { x: labelW + barW + 10, y: y + rowH / 2 + 1, class: "label" },
        r[1] + " 件 · 止于本级 " + r[2]));
    });
    return chart;
  }

  // ------------------------------------------------------------ an area's figures
  var TILES = [
    ["raised", "提出", String], ["done", "办结", String], ["done_rate", "办结率", pct],
    ["mean_days_to_done", "平均用时", days], ["escalated", "上报", String], ["solved_at_grid", "网格解决", String],
    ["open", "待认领", String], ["overdue", "逾期", String], ["satisfaction_rate", "满意率", pct]
  ];
  var CHILD_COLUMNS = [
    ["raised", "提出", String], ["done", "办结", String], ["done_rate", "办结率", pct],
    ["mean_days_to_done", "平均用时（天）", function (x) { return typeof x === "number" ? String(x) : "—"; }],
    ["escalated", "上报", String], ["solved_at_grid", "网格解决", String], ["open", "待认领", String],
    ["overdue", "逾期", String], ["rated", "已评价", String], ["satisfaction_rate", "满意率", pct]
  ];

  function loopHref(code, period) { return "#/loop/" + enc(code) + (period ? "?" + qs(period) : ""); }

  function figuresBlock(r) {
    return h("div", { class: "stats", id: "loop-figures" }, TILES.map(function (t) {
      return h("div", { class: "stat", "data-figure": t[0] }, h("b", null, t[2](r[t[0]])), t[1],
        t[0] === "satisfaction_rate" ? h("small", { class: "muted" }, "（已评价 " + r.rated + " 件）") : null);
    }));
  }

  function childrenTable(r, period) {
    if (!r.children.length) return h("p", { class: "empty" }, "没有下级区划");
    var cols = [{ title: "区划", cls: "name", cell: function (c) {
      return [h("a", { href: loopHref(c.area.id, period), title: "查看其办理情况" }, c.area.name || c.area.id), " ",
        h("a", { href: G.nodeHref("Area", c.area.id), class: "muted", title: "打开区划页" }, "›")];
    } }].concat(CHILD_COLUMNS.map(function (c) {
      return { title: c[1], num: true, cell: function (row) { return c[2](row[c[0]]); } };
    }));
    var wrap = G.table(cols, r.children);
    wrap.id = "loop-children";
    return wrap;
  }

  /** The overdue needs, the longest overdue first; past OVERDUE_SHOWN, the rest on request. */
  function overdueBlock(data) {
    var all = data.overdue;
    if (!all.length) return h("p", { class: "empty", id: "overdue-list" }, "没有逾期的需求");
    var box = h("div");
    function show(items) {
      box.replaceChildren(overdueTable(items));
      if (items.length < all.length) {
        box.appendChild(h("p", null, h("button", { type: "button", class: "small secondary", id: "overdue-all",
          onclick: function () { show(all); } }, "显示全部 " + all.length + " 个（当前显示前 " + items.length + " 个）")));
      }
    }
    show(all.slice(0, OVERDUE_SHOWN));
    return box;
  }

  function overdueTable(items) {
    var wrap = G.table([
      { title: "需求", cls: "name", cell: function (e) {
        return h("a", { href: G.nodeHref("Need", e.need) }, e.title || e.need);
      } },
      { title: "所在区划", cls: "name", cell: function (e) {
        return e.area ? G.nodeLink({ label: "Area", id: e.area.id, name: e.area.name }) : "";
      } },
      { title: "项目", cls: "name", cell: function (e) {
        return e.project ? G.nodeLink({ label: "Project", id: e.project, name: e.project_name }) : "居民退回重办";
      } },
      { title: "应办结日期", cls: "nowrap", cell: function (e) { return e.due; } },
      { title: "逾期天数", num: true, cell: function (e) { return String(e.days_over); } }
    ], items, function () { return "late"; });
    wrap.id = "overdue-list";
    return wrap;
  }

  function overdueCard(main, code) {
    var box = card(null, "overdue");
    var head = h("h2", null, "逾期需求（督办）");
    add(box, [head, h("p", { class: "muted" },
      "办理中、已过应办结日期的需求（项目计划完成日期，或认领后 30 天；居民退回的，评价后 30 天），" +
      (code ? "含下级区划，" : "") + "不限提出日期，逾期最久的在前。")]);
    main.appendChild(box);
    return api("/api/loop/overdue?" + qs({ area: code })).then(function (data) {
      add(head, [count(data.overdue.length)]);
      add(box, [h("p", { class: "muted" }, "统计日期 " + data.as_of), overdueBlock(data)]);
      return data;
    });
  }

  /** A choice of cities, counties and streets (and the area shown); choosing one opens its figures. */
  function areaChooser(code, period, name) {
    var select = h("select", { id: "loop-area", "aria-label": "区划" }, h("option", { value: "" }, "请选择区划"));
    select.addEventListener("change", function () { if (select.value) G.navigate(loopHref(select.value, period)); });
    var lists = AREA_LEVELS.map(function (l) { return api("/api/areas?level=" + l + "&limit=500"); });
    Promise.all(lists).then(function (rs) {
      rs.forEach(function (r, i) {
        r.items.forEach(function (a) {
          select.appendChild(h("option", { value: a.id }, (G.LEVEL_ZH[AREA_LEVELS[i]] || "") + "：" + a.name));
        });
      });
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === code; });
      if (code && !known) select.appendChild(h("option", { value: code }, name || code));
      select.value = code || "";
    }).catch(showError);
    return [h("label", { for: "loop-area", class: "label" }, "区划"), select];
  }

  function loopIndex(main) {
    var head = card("闭环办理情况", "loop-head");
    add(head, [h("p", { class: "muted" },
      "需求从采集、派单、接单到办结和居民评价的全过程：选择区划查看办结率、用时、上报和满意率，" +
      "或在社区、街道页点“闭环办理情况”。下面是全部逾期需求，供督办。")]);
    add(head, [h("div", { class: "toolbar" }, areaChooser("", null))]);
    main.appendChild(head);
    return overdueCard(main, "");
  }

  function periodForm(code, period, name) {
    var from = h("input", { type: "date", id: "loop-from", value: period.from, required: true, "aria-label": "提出日期自" });
    var to = h("input", { type: "date", id: "loop-to", value: period.to, required: true, "aria-label": "提出日期至" });
    var form = h("form", { id: "loop-period", class: "toolbar" },
      h("label", { for: "loop-from", class: "label" }, "提出日期"), from, h("span", null, "至"), to,
      h("button", { type: "submit" }, "查询"), h("span", { class: "gap" }), areaChooser(code, period, name));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (from.value > to.value) {
        G.message("开始日期不能晚于结束日期", "error");
        return;
      }
      G.navigate(loopHref(code, { from: from.value, to: to.value }));
    });
    return form;
  }

  function areaLoop(main, code, query) {
    var head = card(null, "loop-head");
    var figuresCard = card(null, "loop-report");
    var chartsCard = card("趋势与上报", "loop-charts");
    var childrenCard = card("下级区划", "loop-children-card");
    [head, figuresCard, chartsCard, childrenCard].forEach(function (c) { main.appendChild(c); });
    var overdueP = overdueCard(main, code);
    var areaP = api("/api/areas/" + enc(code));
    var given = query.get("from") && query.get("to");
    var periodP = given
      ? Promise.resolve({ from: query.get("from"), to: query.get("to") })
      : overdueP.then(function (o) { return { from: o.as_of.slice(0, 4) + "-01-01", to: o.as_of }; });
    if (given) overdueP.catch(showError);  // otherwise its failure is the page's
    return Promise.all([areaP, periodP]).then(function (got) {
      var area = got[0], period = got[1];
      var crumbs = h("div", { class: "crumbs" }, area.ancestors.map(function (a) {
        return h("a", { href: loopHref(a.id, period) }, a.name || a.id);
      }), h("span", null, area.name || area.id));
      add(head, [crumbs, h("h1", { id: "page-title" }, (area.name || area.id) + " · 闭环办理情况"),
        h("div", { class: "meta" }, h("span", null, area.level_zh || ""), h("span", null, "编码 " + area.id),
          h("span", null, h("a", { href: G.nodeHref("Area", area.id) }, "区划页 ›"))),
        periodForm(code, period, area.name)]);
      return api("/api/loop/report?" + qs({ area: code, from: period.from, to: period.to })).then(function (r) {
        var path = "/api/loop/report.";
        var q = "?" + qs({ area: code, from: period.from, to: period.to });
        var name = (area.name || code) + "-需求办理情况-" + period.from + "至" + period.to;
        add(figuresCard, [h("h2", null, "办理情况（" + r.from + " 至 " + r.to + " 提出的需求）"),
          figuresBlock(r),
          h("p", { class: "muted" }, "办结率 = 办结 ÷（提出 − 关闭）；平均用时为提出到办结的天数；上报为至少上报过一级；" +
            "网格解决为在网格提出、未出网格就办结；满意率 =（满意 + 基本满意）÷ 已评价。"),
          h("div", { class: "toolbar" }, h("span", { class: "label" }, "导出："),
            h("button", { type: "button", class: "small secondary", "data-export": "loop-report.xlsx",
              onclick: function () { G.download(path + "xlsx" + q, name + ".xlsx"); } }, "Excel"),
            h("button", { type: "button", class: "small secondary", "data-export": "loop-report.png",
              onclick: function () { G.download(path + "png" + q, name + ".png"); } }, "PNG 图片"))]);
        add(chartsCard, [h("div", { class: "charts" },
          h("figure", null, h("figcaption", null, "每月提出与办结"), monthsChart(r.months || [])),
          h("figure", null, h("figcaption", null, "上报漏斗：办理层级达到各级（及以上）的需求"),
            funnelChart(r.highest_level)))]);
        add(childrenCard, [childrenTable(r, period)]);
      });
    });
  }

  function loopPage(main, arg) {
    var q = arg.indexOf("?");
    var code = q < 0 ? arg : arg.slice(0, q);
    if (!code) return loopIndex(main);
    return areaLoop(main, code, new URLSearchParams(q < 0 ? "" : arg.slice(q + 1)));
  }

  G.views.loop = loopPage;
  G.views.needLoop = needLoop;
})();
