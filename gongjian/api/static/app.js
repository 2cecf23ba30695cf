/* 共建 planners' page. Plain JavaScript, no framework, nothing from elsewhere.
 *
 * Every name, title and id from the API is data: the DOM is built with
 * createElement / textContent (the h() helper below), never innerHTML.
 * The bearer token lives in sessionStorage and goes only into the
 * Authorization header of fetch() calls, never into a URL. Diagrams are
 * fetched as HTML with that header and shown in a sandboxed iframe from a
 * blob: URL (scripts run, but in an opaque origin that cannot reach the
 * token or this page).
 *
 * loop.js (the loop's views: a need's timeline, an area's figures and charts,
 * the overdue list) and docs.js (practice articles: their search, and the articles on
 * an area's, platform's or unit's page) are loaded after this file and add their pages
 * to window.gongjian.views, using the helpers this file puts on window.gongjian.
 */
(function () {
  "use strict";

  var TOKEN_KEY = "gongjian.token";
  var state = { token: null, role: null, roleZh: "" };
  var generation = 0;
  var views = {};  // pages other static files add (loop.js): views.loop(main, arg), views.needLoop(main, node, onStatus);
  // (scorecard.js): views.scorecard(main, arg), views.unitScorecard(main, node)
  // (docs.js): views.docs(main, arg), views.nodeDocs(main, node)

  // ------------------------------------------------------------ words
  var LABEL_ZH = {
    Area: "区划", Unit: "驻区单位", PartyOrg: "党组织", Platform: "共建平台", Person: "人员",
    Agreement: "共建协议", Need: "需求", Resource: "资源", Project: "项目",
    Event: "流转记录", Document: "经验材料"
  };
  var LEVEL_ZH = {
    province: "省", city: "市", county: "区县", street: "街道", township: "乡镇",
    community: "社区", village: "村", grid: "网格", block: "单元"
  };
  var REL_ZH = {
    PART_OF: "隶属区划", LOCATED_IN: "位于", SUBORDINATE_TO: "隶属", BUILT_IN: "建在", LEADS: "牵头",
    AT: "覆盖", MEMBER_OF: "成员", SIGNED: "签订", RAISED_IN: "提出于", OFFERS: "提供", SERVES: "服务",
    ADDRESSES: "解决", USES: "使用", CLAIMED_BY: "认领", REGISTERED_WITH: "报到", WORKS_AT: "工作于",
    BELONGS_TO: "所属党组织", CONCERNS: "流转", MENTIONS: "提及"
  };
  var MEMBER_TYPE_ZH = { unit: "单位", party_org: "党组织", person: "个人" };
  var LINK_ZH = {
    big_committee: "社区大党委成员", agreement: "共建协议", alliance: "街道党建联盟/大工委成员",
    registration: "双报到", proximity: "属地/服务范围"
  };
  var NEED_STATUSES = [
    ["open", "待认领"], ["claimed", "已认领"], ["in_progress", "办理中"], ["done", "已办结"], ["closed", "已关闭"]
  ];
  var PROP_ZH = {
    id: "编码", code: "区划代码", name: "名称", title: "标题", level: "层级", parent: "上级代码",
    population: "常住人口", type: "类型", area: "所在区划", tier: "隶属层级", contact: "联系人",
    phone: "联系电话", kind: "类型", unit: "所属单位", members: "党员人数", lead: "牵头组织",
    founded: "成立日期", role: "身份", party_org: "所属党组织", id_number: "身份证号", party_a: "甲方",
    party_b: "乙方", signed: "签订日期", expires: "到期日期", categories: "共建领域", content: "共建内容",
    description: "描述", category: "类别", raised: "提出日期", urgency: "紧急程度", beneficiaries: "受益人数",
    status: "状态", source: "来源", capacity: "服务容量", scope: "服务范围", started: "开始日期",
    finished: "完成日期", link_kind: "联结方式", score: "匹配得分", note: "备注",
    category_inferred: "类别为自动归类", capacity_left: "剩余容量", in_force: "当前有效",
    done_on: "办结日期", rating: "居民评价", rated_on: "评价日期", due: "应办结日期",
    level_since: "到达本级日期", highest_level: "最高办理层级"
  };
  /** Codes the API gives without their Chinese word (the loop's properties of a need). */
  var VALUE_ZH = {
    level: LEVEL_ZH, highest_level: LEVEL_ZH,
    rating: { satisfied: "满意", fair: "基本满意", dissatisfied: "不满意" }
  };
  /** Diagram downloads: format, button text, and the print options a report picture takes. */
  var FORMATS = [
    ["html", "网页"], ["png", "PNG 图片"], ["svg", "SVG"], ["pdf", "PDF（A4 打印）", { paper: "A4" }],
    ["gexf", "GEXF（Gephi）"], ["graphml", "GraphML"], ["json", "JSON"]
  ];
  var STATUS_ZH = {
    0: "无法连接服务器", 400: "请求有误", 401: "未登录或令牌无效，请重新登录", 403: "权限不足",
    404: "没有找到", 405: "不支持该操作", 409: "操作冲突", 413: "内容过大", 422: "输入有误",
    500: "服务器内部错误", 503: "数据库暂时不可用，请稍后重试"
  };
  var GAPS = [
    ["communities_without_committee", "未建大党委的社区/村", "没有社区大党委，驻区单位无处参与。"],
    ["units_without_platform", "未加入任何平台的驻区单位", "不在任何大党委、联盟或联席会议中（现任成员）。"],
    ["grids_without_branch", "未建党支部的网格", "“支部建在网格上”尚未落实。"],
    ["paper_agreements", "只签不做的协议", "有效协议签订半年以上，双方之间没有项目。"],
    ["expired_agreements", "已到期的协议", "需要续签或清理。"],
    ["idle_resources", "闲置资源", "单位提供了但还没有被用上。"],
    ["stale_needs", "久拖未认领的需求", "待认领超过 30 天。"],
    ["bridging_units", "桥梁单位", "同时联结多个平台的单位（中介中心度最高者）。"]
  ];
  /** Areas whose loop figures (闭环办理情况) have a page. */
  var LOOP_LEVELS = ["city", "county", "street", "township", "community", "village", "grid"];
  var RANKING_LEVELS = ["province", "city", "county", "street", "township"];  // 红黑榜 (scorecard.js)
  var SUMMARY_COLUMNS = [
    ["level", "层级"], ["alliances", "联盟/大工委"], ["committees", "大党委"], ["member_units", "成员单位"],
    ["part_time_members", "兼职委员"], ["grids", "网格"], ["grid_branches", "网格党支部"],
    ["needs_open", "待认领需求"], ["needs_done", "已办结需求"], ["registrations", "双报到"],
    ["hours", "服务时长（小时）"]
  ];

  // ------------------------------------------------------------ DOM helpers
  function $(selector) { return document.querySelector(selector); }

  /** An element; string children become text nodes (never markup). */
  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "class") el.className = value;
        else if (key.slice(0, 2) === "on" && typeof value === "function") el.addEventListener(key.slice(2), value);
        else el.setAttribute(key, value === true ? "" : String(value));
      });
    }
    add(el, Array.prototype.slice.call(arguments, 2));
    return el;
  }

  function add(el, children) {
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) add(el, child);
      else el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return el;
  }

  function enc(text) { return encodeURIComponent(text); }
  function nodeHref(label, id) { return "#/node/" + enc(label ? label + ":" + id : id); }
  function nodeLink(node, text) {
    return h("a", { href: nodeHref(node.label, node.id), title: (LABEL_ZH[node.label] || "") + " " + node.id },
      text || node.name || node.id);
  }
  /** The relationships joining a path's node to the one before it, as a labelled arrow
   *  (提出于→: the node before points to this one; ←覆盖: this one points back). */
  function via(node) {
    if (!node.via || !node.via.length) return null;
    return h("span", { class: "via", "data-role": "via" }, node.via.map(function (v) {
      return v.forward ? v.type_zh + "→" : "←" + v.type_zh;
    }).join(" / "));
  }
  function badge(text, cls) { return h("span", { class: "badge " + (cls || "") }, text); }
  function count(n) { return badge(String(n), "count"); }
  function card(title, id) {
    return h("section", { class: "card", id: id || null }, title ? h("h2", null, title) : null);
  }
  function canPlan() { return state.role === "planner" || state.role === "admin"; }
  function fmtScore(x) { return typeof x === "number" ? x.toFixed(2) : ""; }

  function table(columns, rows, rowClass) {
    var head = h("tr", null, columns.map(function (c) { return h("th", { class: c.num ? "num" : null }, c.title); }));
    var body = rows.map(function (row) {
      return h("tr", { class: rowClass ? rowClass(row) : null }, columns.map(function (c) {
        var v = c.cell(row);
        return h("td", { class: (c.num ? "num " : "") + (c.cls || "") }, v === undefined || v === null ? "" : v);
      }));
    });
    return h("div", { class: "table-wrap" }, h("table", null, h("thead", null, head), h("tbody", null, body)));
  }

  // ------------------------------------------------------------ messages
  function message(text, kind, link) {
    var box = $("#message");
    $("#message-text").textContent = text;
    if (link) add($("#message-text"), [" ", link]);
    box.className = "message " + (kind || "error");
    box.hidden = false;
  }
  function hideMessage() { $("#message").hidden = true; }

  function ApiError(status, detail) {
    this.status = status;
    this.detail = detail;
    this.message = (STATUS_ZH[status] || "请求失败（HTTP " + status + "）") + (detail ? "：" + detail : "");
  }

  function showError(err) {
    if (err instanceof ApiError) message(err.message, "error");
    else message("页面出错：" + (err && err.message ? err.message : String(err)), "error");
  }

  function detailText(detail) {
    if (detail === null || detail === undefined) return "";
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) {
      return detail.map(function (d) {
        if (d && typeof d.msg === "string") {
          var where = Array.isArray(d.loc) ? d.loc.filter(function (x) { return x !== "query" && x !== "body" && x !== "path"; }).join(".") : "";
          return (where ? where + "：" : "") + d.msg;
        }
        return JSON.stringify(d);
      }).join("；");
    }
    return JSON.stringify(detail);
  }

  // ------------------------------------------------------------ API
  function request(path, opts) {
    opts = opts || {};
    var headers = { Accept: opts.accept || "application/json" };
    var token = opts.token || state.token;
    if (token) headers.Authorization = "Bearer " + token;
    var body;
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    var init = { method: opts.method || "GET", headers: headers, body: body, credentials: "omit", cache: "no-store" };
    return fetch(path, init).catch(function (e) {
      throw new ApiError(0, e && e.message ? e.message : "");
    }).then(function (res) {
      if (res.ok) return res;
      return res.json().catch(function () { return {}; }).then(function (j) {
        var err = new ApiError(res.status, detailText(j.detail));
        if (res.status === 401 && !opts.token) signOut();
        throw err;
      });
    });
  }

  function api(path, opts) { return request(path, opts).then(function (res) { return res.json(); }); }

  function filenameFrom(disposition) {
    if (!disposition) return "";
    var star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
    if (star) {
      try { return decodeURIComponent(star[1].trim()); } catch (e) { /* fall through */ }
    }
    var plain = /filename\s*=\s*"([^"]*)"/i.exec(disposition);
    return plain ? plain[1] : "";
  }

  /** Fetch a file with the token and hand it to the browser as a download. */
  function download(path, fallback) {
    return request(path, { accept: "*/*" }).then(function (res) {
      var name = filenameFrom(res.headers.get("Content-Disposition")) || fallback;
      return res.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = h("a", { href: url, download: name, hidden: true });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      });
    }).catch(showError);
  }

  function exportButtons(label, path, params, fallback) {
    var query = new URLSearchParams(params || {}).toString();
    function url(fmt) { return "/api/exports/" + path + "." + fmt + (query ? "?" + query : ""); }
    return h("div", { class: "toolbar" },
      h("span", { class: "label" }, label),
      h("button", { type: "button", class: "small secondary", "data-export": path + ".csv",
        onclick: function () { download(url("csv"), fallback + ".csv"); } }, "CSV"),
      h("button", { type: "button", class: "small secondary", "data-export": path + ".xlsx",
        onclick: function () { download(url("xlsx"), fallback + ".xlsx"); } }, "Excel"));
  }

  // ------------------------------------------------------------ diagrams
  /** A diagram drawn by the API, in a sandboxed iframe, with its export buttons. */
  function diagramPanel(view, id, options) {
    options = options || {};
    function url(fmt, extra) {
      var query = new URLSearchParams(Object.assign({}, options.query || {}, extra || {})).toString();
      return "/api/diagrams/" + view + "/" + enc(id) + "." + fmt + (query ? "?" + query : "");
    }
    var loading = h("div", { class: "loading" }, "正在生成关系图…");
    var frame = h("iframe", {
      sandbox: "allow-scripts", title: options.title || "关系图", referrerpolicy: "no-referrer",
      "data-view": view, "data-id": id
    });
    var box = h("div", { class: "diagram" }, frame, loading);
    var tools = h("div", { class: "toolbar" }, h("span", { class: "label" }, "导出图："),
      FORMATS.map(function (f) {
        return h("button", { type: "button", class: "small secondary", "data-format": f[0],
          onclick: function () { download(url(f[0], f[2]), view + "-" + id + "." + f[0]); } }, f[1]);
      }));
    request(url("html"), { accept: "text/html" }).then(function (res) { return res.text(); }).then(function (text) {
      var blobUrl = URL.createObjectURL(new Blob([text], { type: "text/html" }));
      frame.addEventListener("load", function () {
        loading.remove();
        setTimeout(function () { URL.revokeObjectURL(blobUrl); }, 1000);
      }, { once: true });
      frame.src = blobUrl;
    }).catch(function (e) {
      loading.textContent = "关系图加载失败";
      showError(e);
    });
    return h("div", { class: "diagram-panel" }, box, tools);
  }

  // ------------------------------------------------------------ sign in / out
  function updateHeader() {
    var signed = !!state.token;
    $("#search-form").hidden = !signed;
    $("#nav").hidden = !signed;
    $("#who").hidden = !signed;
    $("#role-badge").textContent = signed ? "当前角色：" + state.roleZh : "";
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    state.role = null;
    state.roleZh = "";
    updateHeader();
    render();
  }

  function signIn(token, quiet) {
    if (!token) {
      message("请输入令牌", "error");
      return Promise.resolve();
    }
    if (/[^\x21-\x7e]/.test(token)) {
      message("令牌格式不对：只能包含字母、数字和符号，不能有空格或中文", "error");
      return Promise.resolve();
    }
    return api("/api/me", { token: token }).then(function (me) {
      state.token = token;
      state.role = me.role;
      state.roleZh = me.role_zh;
      sessionStorage.setItem(TOKEN_KEY, token);
      if (!quiet) hideMessage();
      updateHeader();
      render();
    }).catch(function (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      showError(e.status === 401 ? new ApiError(401, "令牌无效，请检查后重试") : e);
      render();
    });
  }

  function signInPage(main) {
    var input = h("input", { type: "password", id: "token-input", autocomplete: "off", spellcheck: "false",
      placeholder: "请输入令牌", "aria-label": "令牌", required: true });
    var form = h("form", { id: "sign-in-form" },
      h("h2", null, "登录"),
      h("p", { class: "muted" }, "请输入管理员发给您的令牌。令牌只保存在本浏览器标签页中，关闭标签页即失效。"),
      input, h("button", { type: "submit" }, "登录"));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      signIn(input.value.trim());
    });
    main.appendChild(h("section", { class: "card signin" }, form));
    input.focus();
  }

  // ------------------------------------------------------------ routing
  function parseHash() {
    var raw = location.hash.replace(/^#\/?/, "");
    var slash = raw.indexOf("/");
    var page = slash < 0 ? raw : raw.slice(0, slash);
    var arg = slash < 0 ? "" : raw.slice(slash + 1);
    try { arg = decodeURIComponent(arg); } catch (e) { /* keep as is */ }
    return { page: page, arg: arg };
  }

  function render() {
    var gen = ++generation;
    var main = $("#main");
    main.replaceChildren();
    if (!state.token) {
      signInPage(main);
      return;
    }
    var r = parseHash();
    var page;
    if (r.page === "search") page = searchPage(main, r.arg);
    else if (r.page === "node" && r.arg) page = nodePage(main, r.arg);
    else if (r.page === "gaps") page = gapsPage(main, r.arg);
    else if (r.page === "loop" && views.loop) page = views.loop(main, r.arg);
    else if (r.page === "scorecard" && views.scorecard) page = views.scorecard(main, r.arg);
    else if (r.page === "docs" && views.docs) page = views.docs(main, r.arg);
    else page = homePage(main);
    Promise.resolve(page).catch(function (e) {
      if (gen !== generation) return;
      showError(e);
      if (e instanceof ApiError && e.status === 404) {
        main.appendChild(h("section", { class: "card" }, h("p", { class: "empty" }, "没有找到要查看的内容。"),
          h("a", { href: "#/" }, "回到首页")));
      }
    });
  }

  function navigate(hash) {
    hideMessage();
    if (location.hash === hash) render();
    else location.hash = hash;
  }

  // ------------------------------------------------------------ pages
  function homePage(main) {
    var intro = card("区域化党建组织联结图谱");
    add(intro, [h("p", { class: "muted" },
      "在上方搜索社区、单位、党组织或需求（名称、全拼或首字母都可以）。社区页有大党委关系图、成员和需求匹配，" +
      "街道页有党建联盟和统筹分配，“短板”页列出尚未建立大党委的社区、未加入平台的单位等。")]);
    var stats = h("div", { class: "stats", id: "stats" });
    add(intro, [stats]);
    var areasCard = card("区县、街道与社区", "areas");
    main.appendChild(intro);
    main.appendChild(areasCard);
    // the territory from the top down: the highest level the data holds, each opened in turn
    var tops = ["province", "city", "county", "street", "township"];
    return Promise.all([api("/api/stats")].concat(tops.map(function (level) {
      return api("/api/areas?" + new URLSearchParams({ level: level, limit: "500" }));
    }))).then(function (r) {
      var n = r[0].nodes || {};
      [["Area", "区划"], ["Unit", "驻区单位"], ["PartyOrg", "党组织"], ["Platform", "共建平台"],
        ["Need", "需求"], ["Resource", "资源"], ["Project", "项目"]].forEach(function (p) {
        stats.appendChild(h("div", { class: "stat" }, h("b", null, String(n[p[0]] || 0)), p[1]));
      });
      var found = r.slice(1);
      var at = found.findIndex(function (page) { return page.items.length; });
      if (at < 0) {
        add(areasCard, [h("p", { class: "empty" }, "库中还没有区划。")]);
        return;
      }
      var top = found[at].items;
      if (tops[at] === "street") top = top.concat(found[at + 1].items);  // streets and townships side by side
      // one top area (a city, a district): open it at once
      add(areasCard, [areaTree(top, top.length === 1)]);
    });
  }

  /** Areas as a tree that opens level by level (区县 → 街道 → 社区), children fetched on opening. */
  function areaTree(items, openFirst) {
    return h("ul", { class: "area-tree" }, items.map(function (a, i) {
      var leaf = a.level === "community" || a.level === "village" || a.level === "grid" || a.level === "block";
      if (leaf) return h("li", { "data-area": a.id }, nodeLink(a));
      var kids = h("div", { class: "area-kids" });
      var box = h("details", { "data-area": a.id },
        h("summary", null, nodeLink(a), " ", h("span", { class: "muted" }, LEVEL_ZH[a.level] || "")), kids);
      var loaded = false;
      function load() {
        if (!box.open || loaded) return;
        loaded = true;
        kids.replaceChildren(h("p", { class: "muted" }, "正在加载…"));
        api("/api/areas/" + enc(a.id) + "/children").then(function (c) {
          var below = c.items.filter(function (x) { return x.level !== "grid" && x.level !== "block"; });
          kids.replaceChildren(below.length ? areaTree(below, false) : h("p", { class: "muted" }, "没有下级区划"));
        }).catch(showError);
      }
      box.addEventListener("toggle", load);
      if (openFirst && i === 0) { box.open = true; load(); }
      return h("li", null, box);
    }));
  }

  function searchPage(main, q) {
    $("#search-input").value = q;
    var box = card("搜索：" + q, "search-results");
    main.appendChild(box);
    if (!q.trim()) {
      add(box, [h("p", { class: "empty" }, "请输入要搜索的名称、编码或拼音。")]);
      return null;
    }
    // a filter by type: 区划, 驻区单位, 党组织 …
    var types = ["Area", "Unit", "PartyOrg", "Platform", "Agreement", "Need", "Resource", "Project"];
    var select = h("select", { id: "search-type", "aria-label": "类型" }, h("option", { value: "" }, "全部类型"),
      types.map(function (t) { return h("option", { value: t }, LABEL_ZH[t]); }));
    var results = h("div");
    add(box, [h("div", { class: "toolbar" }, h("label", { for: "search-type", class: "label" }, "类型"), select), results]);
    function load() {
      var params = new URLSearchParams({ q: q, limit: "50" });
      if (select.value) params.append("label", select.value);
      return api("/api/search?" + params).then(function (data) {
        results.replaceChildren();
        if (!data.items.length) {
          add(results, [h("p", { class: "empty" },
            "没有找到。可以试试名称的一部分、简称（如 昆明三院）、全拼（如 erjiawan）或首字母（如 ejw）。")]);
          return;
        }
        var shown = data.total > data.items.length ? "，显示前 " + data.items.length + " 个" : "";
        add(results, [h("p", { class: "muted", "data-role": "search-total" }, "共 " + data.total + " 个结果" + shown),
          h("ul", { class: "results" }, data.items.map(function (item) {
            return h("li", { "data-label": item.label }, badge(item.type_zh || LABEL_ZH[item.label] || item.label),
              h("a", { class: "name", href: nodeHref(item.label, item.id) }, item.name || item.id),
              h("span", { class: "id" }, item.id),
              item.where ? h("span", { class: "muted where" }, item.where) : null);
          }))]);
      });
    }
    select.addEventListener("change", function () { load().catch(showError); });
    return load();
  }

  function pageHead(node, ancestors, extra) {
    var crumbs = ancestors && ancestors.length
      ? h("div", { class: "crumbs" }, ancestors.map(function (a) { return nodeLink(a); }),
        h("span", null, node.name || node.id))
      : null;
    var typeText = LABEL_ZH[node.label] || node.label;
    var sub = node.level_zh || node.kind_zh || node.type_zh || "";
    var loop = node.label === "Area" && LOOP_LEVELS.indexOf(node.level) >= 0 && views.loop
      ? h("a", { class: "button-link", id: "loop-link", href: "#/loop/" + enc(node.id) }, "闭环办理情况 ›")
      : null;
    var ranking = node.label === "Area" && RANKING_LEVELS.indexOf(node.level) >= 0 && views.scorecard
      ? h("a", { class: "button-link", id: "ranking-link", href: "#/scorecard/" + enc(node.id) }, "考核排名 ›")
      : null;
    return h("section", { class: "card page-head", id: "page-head" },
      h("div", null, crumbs,
        h("h1", { id: "page-title" }, node.name || node.id),
        h("div", { class: "meta" }, h("span", null, typeText + (sub ? "（" + sub + "）" : "")),
          h("span", null, "编码 " + node.id), extra || null)),
      h("div", { class: "head-links" }, loop, ranking));
  }

  function nodePage(main, ref) {
    return api("/api/nodes/" + enc(ref)).then(function (node) {
      var page;
      if (node.label === "Area" && (node.level === "community" || node.level === "village")) {
        page = communityPage(main, node);
      } else if (node.label === "Area" && (node.level === "street" || node.level === "township")) {
        page = streetPage(main, node);
      } else {
        page = genericPage(main, node);
      }
      if ((node.label === "Area" || node.label === "Platform" || node.label === "Unit") && views.nodeDocs) {
        // 经验材料: the articles that mention it, last on its page
        return Promise.resolve(page).then(function (r) { views.nodeDocs(main, node); return r; });
      }
      return page;
    });
  }

  function areaAncestors(code) {
    return api("/api/areas/" + enc(code)).then(function (a) { return a.ancestors || []; })
      .catch(function () { return []; });
  }

  /** An area and the areas above it, top down: where a need, unit or project lies. */
  function areaChain(code) {
    return api("/api/areas/" + enc(code)).then(function (a) {
      return (a.ancestors || []).concat([{ id: a.id, label: "Area", name: a.name }]);
    }).catch(function () { return []; });
  }

  var PART_ZH = { link: "联结", category: "类别", text: "文字相似", capacity: "容量", track_record: "业绩", urgency: "紧急" };
  function scoreParts(parts) {
    return Object.keys(PART_ZH).filter(function (k) { return parts && parts[k] !== undefined; })
      .map(function (k) { return PART_ZH[k] + " " + fmtScore(parts[k]); }).join(" · ");
  }

  // ---- members of a platform
  function membersBlock(c) {
    var current = c.members || [];
    var former = c.former_members || [];
    var cols = [
      { title: "名称", cls: "name", cell: function (m) { return nodeLink(m); } },
      { title: "类型", cls: "nowrap", cell: function (m) { return MEMBER_TYPE_ZH[m.member_type] || m.member_type; } },
      { title: "职务", cls: "nowrap", cell: function (m) { return m.role || ""; } },
      { title: "所在单位", cls: "name", cell: function (m) { return m.unit ? nodeLink(m.unit) : ""; } },
      { title: "加入日期", cls: "nowrap", cell: function (m) { return m.since || ""; } }
    ];
    var formerCols = cols.concat([{ title: "退出日期", cls: "nowrap", cell: function (m) { return m.until || ""; } }]);
    return h("div", { id: "members" },
      h("div", { class: "meta" },
        h("span", null, "平台：", nodeLink(c.platform)),
        c.lead ? h("span", null, "牵头：", nodeLink(c.lead)) : null),
      h("h3", null, "现任成员", count(current.length)),
      current.length ? table(cols, current) : h("p", { class: "empty" }, "暂无现任成员"),
      h("h3", null, "已退出成员", count(former.length)),
      former.length ? h("div", { id: "former-members" }, table(formerCols, former, function () { return "former"; }))
        : h("p", { class: "empty" }, "无"),
      exportButtons("导出成员名单：", "members", { id: c.platform.id }, "members-" + c.platform.id));
  }

  function platformSection(box, id, view, missing) {
    return api("/api/committees/" + enc(id)).then(function (c) {
      add(box, [h("div", { class: "grid2" },
        diagramPanel(view, c.platform.id, { title: c.platform.name + " 关系图" }),
        membersBlock(c))]);
    }).catch(function (e) {
      if (e instanceof ApiError && e.status === 404) {
        add(box, [h("p", { class: "note", id: "no-platform" }, missing)]);
        return;
      }
      throw e;
    });
  }

  // ---- needs and their matches
  function statusBadge(need) {
    return h("span", { class: "badge " + (need.status || ""), "data-role": "status" },
      need.status_zh || need.status || "");
  }

  function setStatus(badgeEl, need) {
    badgeEl.textContent = need.status_zh || need.status || "";
    badgeEl.className = "badge " + (need.status || "");
  }

  /** The ranked matches of a need, with the linkage path and (for planners) a claim button. */
  function showMatches(box, need, onClaimed) {
    box.replaceChildren(h("p", { class: "muted" }, "正在匹配…"));
    return api("/api/needs/" + enc(need.id) + "/matches?limit=10").then(function (data) {
      box.replaceChildren();
      var matches = data.matches || [];
      if (!matches.length) {
        box.appendChild(h("p", { class: "empty" },
          "没有有联结且适配的资源。可在“短板”页查看闲置资源，或为该社区补充共建单位。"));
        return;
      }
      var claimable = canPlan() && need.status === "open";
      var buttons = [];
      var cols = [
        { title: "排名", num: true, cell: function (m) { return String(matches.indexOf(m) + 1); } },
        { title: "资源", cls: "name", cell: function (m) { return nodeLink(m.resource); } },
        { title: "提供单位", cls: "name", cell: function (m) { return nodeLink(m.unit); } },
        { title: "联结方式", cell: function (m) {
          return [badge(m.link.kind_zh || LINK_ZH[m.link.kind] || m.link.kind, "link"),
            (m.other_links || []).length
              ? h("div", { class: "muted" }, "另有：" + (m.other_links_zh ||
                m.other_links.map(function (k) { return LINK_ZH[k] || k; })).join("、"))
              : null];
        } },
        { title: "得分", num: true, cell: function (m) {
          return [fmtScore(m.score), h("div", { class: "muted parts", "data-role": "score-parts" }, scoreParts(m.parts))];
        } },
        { title: "剩余容量", num: true, cell: function (m) { return m.resource.capacity_left + "/" + m.resource.capacity; } },
        { title: "联结路径", cell: function (m) {
          return h("ol", { class: "chain", "aria-label": "联结路径" }, m.link.path.map(function (p) {
            return h("li", { class: via(p) ? "joined" : null }, via(p), nodeLink(p),
              h("span", { class: "kind" }, LABEL_ZH[p.label] || ""));
          }));
        } }
      ];
      if (canPlan()) {
        cols.push({ title: "操作", cell: function (m) {
          var b = h("button", { type: "button", class: "small", "data-action": "claim", "data-resource": m.resource.id,
            disabled: !claimable });
          b.textContent = "派单";
          var cell = h("span", { class: "claim-cell" }, b);
          // ask first: a dispatch makes a project and takes one unit of the resource's capacity
          var ask = h("span", { class: "confirm", "data-role": "confirm-claim", hidden: true },
            "派给" + m.unit.name + "？",
            h("button", { type: "button", class: "small", "data-action": "confirm-claim" }, "确认派单"),
            h("button", { type: "button", class: "small ghost", "data-action": "cancel-claim" }, "取消"));
          cell.appendChild(ask);
          b.addEventListener("click", function () { b.hidden = true; ask.hidden = false; });
          ask.querySelector('[data-action="cancel-claim"]').addEventListener("click", function () {
            ask.hidden = true; b.hidden = false;
          });
          ask.querySelector('[data-action="confirm-claim"]').addEventListener("click", function () {
            buttons.forEach(function (x) { x.disabled = true; });
            ask.hidden = true; b.hidden = false;
            api("/api/needs/" + enc(need.id) + "/claim", { method: "POST", body: { resource: m.resource.id } })
              .then(function (out) {
                need.status = out.need.status;
                need.status_zh = out.need.status_zh;
                onClaimed(out.need);
                message("已派单：" + m.unit.name + " 以“" + m.resource.name + "”认领需求“" + (need.title || need.name) +
                  "”。", "info", h("a", { href: nodeHref("Project", out.project.id), "data-role": "new-project" },
                  "查看项目 " + out.project.id));
                // the need's status and the resources' capacity left, as they are now
                return showMatches(box, need, onClaimed);
              })
              .catch(function (e) {
                buttons.forEach(function (x) { x.disabled = false; });
                showError(e);
              });
          });
          buttons.push(b);
          return cell;
        } });
      }
      var diagramBox = h("div");
      box.appendChild(table(cols, matches));
      box.appendChild(h("div", { class: "toolbar" },
        exportButtons("导出匹配结果：", "matches", { need: need.id }, "matches-" + need.id),
        h("button", { type: "button", class: "small ghost", onclick: function (ev) {
          ev.target.disabled = true;
          diagramBox.appendChild(diagramPanel("matches", need.id, { title: "需求匹配图" }));
        } }, "查看匹配图")));
      box.appendChild(diagramBox);
    });
  }

  function needItem(need) {
    var status = statusBadge(need);
    var box = h("div", { class: "matches", hidden: true });
    var find = h("button", { type: "button", class: "small secondary", "data-action": "match" }, "找匹配");
    find.addEventListener("click", function () {
      if (!box.hidden) {
        box.hidden = true;
        find.textContent = "找匹配";
        return;
      }
      box.hidden = false;
      find.textContent = "收起匹配";
      showMatches(box, need, function (updated) { setStatus(status, updated); }).catch(showError);
    });
    return h("li", { class: "need", "data-need": need.id },
      h("div", { class: "need-head" }, status,
        h("a", { class: "need-title", href: nodeHref("Need", need.id) }, need.title || need.name || need.id),
        h("div", { class: "actions" }, find)),
      h("div", { class: "meta" },
        h("span", null, need.id),
        need.category_zh ? h("span", null, need.category_zh) : null,
        need.urgency_zh ? h("span", null, "紧急程度 " + need.urgency_zh) : null,
        need.raised ? h("span", null, "提出于 " + need.raised) : null,
        need.beneficiaries ? h("span", null, "受益 " + need.beneficiaries + " 人") : null,
        need.source ? h("span", null, need.source) : null),
      box);
  }

  function needsSection(box, code) {
    var select = h("select", { id: "need-status", "aria-label": "需求状态" },
      NEED_STATUSES.map(function (s) { return h("option", { value: s[0] }, s[1]); }),
      h("option", { value: "" }, "全部状态"));
    var list = h("ul", { class: "needs", id: "need-list" });
    var total = h("span", { class: "muted" });
    var exportsBox = h("span");
    add(box, [h("div", { class: "toolbar" }, h("label", { for: "need-status", class: "label" }, "状态"), select, total,
      exportsBox), list]);
    function load() {
      var params = { area: code };
      if (select.value) params.status = select.value;
      exportsBox.replaceChildren(exportButtons("导出需求清单：", "needs", params, "needs-" + code));
      return api("/api/needs?" + new URLSearchParams(Object.assign({ limit: "500" }, params))).then(function (data) {
        list.replaceChildren();
        total.textContent = "共 " + data.total + " 个" + (data.total > data.items.length ? "，显示前 " + data.items.length + " 个" : "");
        if (!data.items.length) list.appendChild(h("li", { class: "empty" }, "没有符合条件的需求"));
        data.items.forEach(function (n) { list.appendChild(needItem(n)); });
      });
    }
    select.addEventListener("change", function () { load().catch(showError); });
    return load();
  }

  function communityPage(main, node) {
    var committeeCard = card("社区大党委", "committee");
    var needsCard = card("需求清单（含下属网格、楼栋）", "needs");
    return areaAncestors(node.id).then(function (ancestors) {
      main.appendChild(pageHead(node, ancestors,
        node.population ? h("span", null, "常住人口 " + node.population) : null));
      main.appendChild(committeeCard);
      main.appendChild(needsCard);
      return Promise.all([
        platformSection(committeeCard, node.id, "committee", "该社区尚未建立大党委：可在“短板”页查看全部未建大党委的社区。"),
        needsSection(needsCard, node.id)
      ]);
    });
  }

  // ---- a street: its alliance and the allocation plan
  function allocationSection(box, code) {
    if (!canPlan()) {
      add(box, [h("p", { class: "muted" }, "统筹分配需要规划员或管理员权限；当前角色为" + state.roleZh + "。")]);
      return null;
    }
    var out = h("div", { id: "allocation" });
    add(box, [h("p", { class: "muted" },
      "为本街道所有待认领需求统筹匹配资源（按容量、得分整体最优）。下面是试算结果，确认后可一次派单。"), out]);

    function show(r) {
      out.replaceChildren();
      out.appendChild(h("p", { id: "allocation-summary" },
        "待认领需求 " + r.open_needs + " 个，可分配 " + r.assigned + " 个，总得分 " + fmtScore(r.total_score) + "。"));
      if (r.plan.length) {
        out.appendChild(table([
          { title: "需求", cls: "name", cell: function (p) { return nodeLink(p.need); } },
          { title: "资源", cls: "name", cell: function (p) { return nodeLink(p.resource); } },
          { title: "提供单位", cls: "name", cell: function (p) { return nodeLink(p.unit); } },
          { title: "联结方式", cell: function (p) { return badge(p.link.kind_zh, "link"); } },
          { title: "得分", num: true, cell: function (p) { return fmtScore(p.score); } },
          { title: "联结路径", cell: function (p) {
            return h("ol", { class: "chain" }, p.link.path.map(function (x) {
              return h("li", { class: via(x) ? "joined" : null }, via(x), nodeLink(x));
            }));
          } }
        ], r.plan));
      }
      if (r.unassigned.length) {
        out.appendChild(h("h3", null, "未能分配", count(r.unassigned.length)));
        out.appendChild(h("ul", null, r.unassigned.map(function (u) {
          return h("li", null, nodeLink(u.need), "：", u.reason);
        })));
      }
      var confirmBar = h("div", { class: "note", hidden: true, id: "apply-confirm" });
      var apply = h("button", { type: "button", id: "apply-allocation", disabled: !r.plan.length }, "执行派单");
      apply.addEventListener("click", function () {
        confirmBar.replaceChildren(
          "将按上表为 " + r.plan.length + " 个需求派单（生成项目，需求变为已认领），确定吗？ ",
          h("button", { type: "button", id: "apply-yes", onclick: run }, "确定执行"), " ",
          h("button", { type: "button", class: "ghost", onclick: function () { confirmBar.hidden = true; } }, "取消"));
        confirmBar.hidden = false;
      });
      out.appendChild(h("div", { class: "toolbar" }, apply,
        h("button", { type: "button", class: "secondary", onclick: function () { plan().catch(showError); } }, "重新试算")));
      out.appendChild(confirmBar);
    }

    function run() {
      return api("/api/allocations", { method: "POST", body: { area: code, apply: true } }).then(function (r) {
        var conflicts = r.conflicts || [];
        message("已派单 " + (r.dispatched || []).length + " 个需求" +
          (conflicts.length ? "；" + conflicts.length + " 个未成功：" + conflicts.map(function (c) { return c.need + "（" + c.reason + "）"; }).join("；") : "") + "。",
          conflicts.length ? "error" : "info");
        return plan();
      }).catch(showError);
    }

    function plan() {
      out.replaceChildren(h("p", { class: "muted" }, "正在试算…"));
      return api("/api/allocations", { method: "POST", body: { area: code, apply: false } }).then(show);
    }
    return plan();
  }

  function streetPage(main, node) {
    var allianceCard = card("街道党建联盟 / 大工委", "alliance");
    var childrenCard = card("下辖社区/村", "children");
    var allocCard = card("统筹分配", "allocation-card");
    return areaAncestors(node.id).then(function (ancestors) {
      main.appendChild(pageHead(node, ancestors));
      main.appendChild(allianceCard);
      main.appendChild(childrenCard);
      main.appendChild(allocCard);
      return Promise.all([
        platformSection(allianceCard, node.id, "alliance", "该街道尚未建立党建联盟或大工委。"),
        api("/api/areas/" + enc(node.id) + "/children").then(function (r) {
          add(childrenCard, [r.items.length
            ? h("div", { class: "chips" }, r.items.map(function (a) { return nodeLink(a); }))
            : h("p", { class: "empty" }, "无")]);
        }),
        allocationSection(allocCard, node.id)
      ]);
    });
  }

  // ---- any other node
  function propValue(node, key) {
    var v = node[key];
    if (node[key + "_zh"] !== undefined && typeof v === "string") return node[key + "_zh"];
    if (VALUE_ZH[key] && VALUE_ZH[key][v]) return VALUE_ZH[key][v];
    if (typeof v === "boolean") return v ? "是" : "否";
    if (Array.isArray(v)) return v.join("；");
    if (v !== null && typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function detailsTable(node) {
    var skip = { label: 1, relationships: 1 };
    var keys = Object.keys(node).filter(function (k) {
      return !skip[k] && !/_zh$/.test(k) && node[k] !== null && node[k] !== "" && node[k] !== undefined;
    });
    var linked = {};  // ids the node refers to (its area, unit, lead …): shown by name, as links
    (node.relationships || []).forEach(function (r) { linked[r.node.id] = r.node; });
    function cell(k) {
      var v = node[k];
      if (k !== "id" && typeof v === "string" && linked[v]) return nodeLink(linked[v]);
      if (Array.isArray(v) && v.some(function (x) { return linked[x]; })) {
        return v.map(function (x, i) { return [i ? "；" : "", linked[x] ? nodeLink(linked[x]) : String(x)]; });
      }
      return propValue(node, k);
    }
    return h("table", { class: "kv", id: "details" }, h("tbody", null, keys.map(function (k) {
      return h("tr", { "data-key": k }, h("th", null, PROP_ZH[k] || k), h("td", { class: "name" }, cell(k)));
    })));
  }

  function relationsTable(node) {
    var rels = node.relationships || [];
    if (!rels.length) return h("p", { class: "empty" }, "没有关系");
    return table([
      { title: "关系", cell: function (r) { return (REL_ZH[r.type] || r.type) + (r.direction === "in" ? "（来自）" : ""); } },
      { title: "类型", cell: function (r) { return LABEL_ZH[r.node.label] || r.node.label; } },
      { title: "节点", cls: "name", cell: function (r) { return nodeLink(r.node); } },
      { title: "说明", cell: function (r) {
        var bits = [];
        if (r.role) bits.push(r.role);
        if (r.side) bits.push(r.side === "a" ? "甲方" : "乙方");
        if (r.since) bits.push("自 " + r.since);
        if (r.until) bits.push("至 " + r.until);
        if (r.hours) bits.push(r.hours + " 小时");
        return bits.join("，");
      } }
    ], rels);
  }

  function diagramFor(node) {
    if (node.label === "Platform") {
      return { view: (node.kind === "alliance" || node.kind === "big_working_committee") ? "alliance" : "committee" };
    }
    if (node.label === "Area" && (node.level === "province" || node.level === "city" || node.level === "county")) {
      return { view: "area" };
    }
    return { view: "neighbourhood", depth: true };
  }

  function genericPage(main, node) {
    var spec = diagramFor(node);
    var diagramCard = card("关系图", "diagram-card");
    var holder = h("div");
    if (spec.depth) {
      var depth = h("select", { id: "depth", "aria-label": "层数" },
        [1, 2, 3].map(function (d) { return h("option", { value: String(d) }, d + " 层"); }));
      depth.addEventListener("change", function () {
        holder.replaceChildren(diagramPanel("neighbourhood", node.label + ":" + node.id, { query: { depth: depth.value } }));
      });
      add(diagramCard, [h("div", { class: "toolbar" }, h("label", { for: "depth", class: "label" }, "显示周边"), depth)]);
      holder.appendChild(diagramPanel("neighbourhood", node.label + ":" + node.id, { query: { depth: "1" } }));
    } else {
      holder.appendChild(diagramPanel(spec.view, node.id, { title: (node.name || node.id) + " 关系图" }));
    }
    add(diagramCard, [holder]);
    var detailsCard = card("详细信息", "details-card");
    add(detailsCard, [detailsTable(node)]);
    // an area's crumbs are the areas above it; a need's, unit's or project's lead to its grid and community
    var ancestorsP = node.label === "Area" ? areaAncestors(node.id)
      : typeof node.area === "string" && node.area ? areaChain(node.area) : Promise.resolve([]);
    return ancestorsP.then(function (ancestors) {
      main.appendChild(pageHead(node, ancestors));
      var status = document.createElement("span");
      if (node.label === "Need" && views.needLoop) {
        views.needLoop(main, node, function (updated) {
          setStatus(status, updated);
          var cell = detailsCard.querySelector('tr[data-key="status"] td');
          if (cell) cell.textContent = updated.status_zh;
        });
      }
      main.appendChild(h("div", { class: "grid2" }, diagramCard, detailsCard));
      if (node.label === "Unit" && views.unitScorecard) views.unitScorecard(main, node);
      if (node.label === "Need") {
        var matchCard = card("匹配资源", "need-matches");
        var box = h("div", { class: "matches" });
        add(matchCard, [h("p", null, "当前状态：", status), box]);
        setStatus(status, node);
        main.appendChild(matchCard);
        showMatches(box, node, function (updated) { setStatus(status, updated); }).catch(showError);
      }
      if (node.label === "Platform") {
        var membersCard = card("成员", "platform-members");
        main.appendChild(membersCard);
        api("/api/committees/" + enc(node.id)).then(function (c) { add(membersCard, [membersBlock(c)]); })
          .catch(showError);
      }
      if (node.label === "Unit" || node.label === "PartyOrg") {
        var tiesCard = card("共建关系", "ties");
        main.appendChild(tiesCard);
        api("/api/nodes/" + enc(node.label + ":" + node.id) + "/ties").then(function (t) { add(tiesCard, tiesBlock(t)); })
          .catch(showError);
      }
      var relCard = card("关系（" + (node.relationships || []).length + "）", "relations");
      add(relCard, [relationsTable(node)]);
      main.appendChild(relCard);
    });
  }

  /** A unit's or party organisation's platforms (with roles), agreements and registrations. */
  function tiesBlock(t) {
    function via(e) { return e.via.id === t.node.id ? "本身" : nodeLink(e.via); }
    function section(title, role, items, columns, dim) {
      return [h("h3", null, title, count(items.length)),
        items.length ? h("div", { "data-role": role }, table(columns, items, dim)) : h("p", { class: "empty" }, "没有。")];
    }
    return [
      section("所在平台", "tie-platforms", t.platforms, [
        { title: "平台", cls: "name", cell: function (e) { return nodeLink(e); } },
        { title: "类型", cls: "nowrap", cell: function (e) { return e.kind_zh; } },
        { title: "职务", cls: "nowrap", cell: function (e) { return e.role || ""; } },
        { title: "加入", cls: "nowrap", cell: function (e) { return e.since || ""; } },
        { title: "状态", cls: "nowrap", cell: function (e) { return e.current ? "现任" : "已退出（" + e.until + "）"; } },
        { title: "名义", cell: via }
      ], function (e) { return e.current ? null : "former"; }),
      section("共建协议", "tie-agreements", t.agreements, [
        { title: "协议", cls: "name", cell: function (e) { return nodeLink(e); } },
        { title: "签订", cls: "nowrap", cell: function (e) { return e.signed || ""; } },
        { title: "到期", cls: "nowrap", cell: function (e) { return e.expires || "长期"; } },
        { title: "状态", cls: "nowrap", cell: function (e) { return e.in_force ? "有效" : "已失效"; } },
        { title: "名义", cell: via }
      ], function (e) { return e.in_force ? null : "former"; }),
      section("双报到", "tie-registrations", t.registrations, [
        { title: "报到社区", cls: "name", cell: function (e) { return nodeLink(e); } },
        { title: "日期", cls: "nowrap", cell: function (e) { return e.date || ""; } },
        { title: "服务时长", num: true, cell: function (e) { return e.hours == null ? "" : String(e.hours); } },
        { title: "服务内容", cell: function (e) { return e.content || ""; } },
        { title: "名义", cell: via }
      ])
    ];
  }

  // ---- gaps
  function gapExtra(key, item) {
    if (key === "communities_without_committee") return LEVEL_ZH[item.level] || "";
    if (key === "paper_agreements") return item.signed ? "签订于 " + item.signed : "";
    if (key === "expired_agreements") return item.expires ? "到期于 " + item.expires : "";
    if (key === "idle_resources") return item.unit ? "提供单位 " + (item.unit_name || item.unit) : "";
    if (key === "stale_needs") return "已等待 " + item.days_open + " 天（提出于 " + item.raised + "）";
    if (key === "bridging_units") return "联结 " + item.platforms + " 个平台、" + item.communities + " 个区划";
    return "";
  }

  function gapsPage(main, area) {
    var head = card("找短板", "gaps-head");
    var select = h("select", { id: "gap-area", "aria-label": "区划" }, h("option", { value: "" }, "全部"));
    add(head, [h("p", { class: "muted" },
      "共建在哪里缺位、在哪里只停留在纸面上。选择区划查看其下的短板；点汇总表中的区划可以逐级下钻。"),
      h("div", { class: "toolbar" }, h("label", { for: "gap-area", class: "label" }, "区划"), select)]);
    select.addEventListener("change", function () { navigate("#/gaps" + (select.value ? "/" + enc(select.value) : "")); });
    main.appendChild(head);
    var levels = ["city", "county", "street", "township"];
    Promise.all(levels.map(function (l) { return api("/api/areas?level=" + l + "&limit=500"); })).then(function (rs) {
      var seen = false;
      rs.forEach(function (r, i) {
        r.items.forEach(function (a) {
          seen = seen || a.id === area;
          select.appendChild(h("option", { value: a.id }, (LEVEL_ZH[levels[i]] || "") + "：" + a.name));
        });
      });
      if (area && !seen) select.appendChild(h("option", { value: area }, area));
      select.value = area || "";
    }).catch(showError);

    return api("/api/gaps" + (area ? "?" + new URLSearchParams({ area: area }) : "")).then(function (data) {
      if (data.area) add(head, [h("p", null, "当前区划：", nodeLink({ label: "Area", id: data.area.id, name: data.area.name }),
        "，统计日期 " + data.on)]);
      var grid = h("div", { class: "gaps" });
      GAPS.forEach(function (g) {
        var items = data[g[0]] || [];
        grid.appendChild(h("section", { class: "card gap", id: "gap-" + g[0] },
          h("h3", null, g[1], count(items.length)),
          h("p", { class: "why" }, g[2]),
          items.length
            ? h("ul", null, items.map(function (item) {
              var extra = gapExtra(g[0], item);
              return h("li", null, nodeLink(item), extra ? h("span", { class: "muted" }, extra) : null);
            }))
            : h("p", { class: "empty" }, "无")));
      });
      main.appendChild(grid);
      var sum = card("各区划汇总", "gap-summary");
      var cols = [{ title: "区划", cls: "name", cell: function (r) {
        return [h("a", { href: "#/gaps/" + enc(r.id), title: "查看其下的短板" }, r.name || r.id), " ",
          h("a", { href: nodeHref("Area", r.id), class: "muted", title: "打开区划页" }, "›")];
      } }].concat(SUMMARY_COLUMNS.map(function (c) {
        return { title: c[1], num: c[0] !== "level", cell: function (r) {
          return c[0] === "level" ? (LEVEL_ZH[r.level] || r.level || "") : String(r[c[0]]);
        } };
      }));
      add(sum, [(data.summary || []).length ? table(cols, data.summary) : h("p", { class: "empty" }, "无下级区划")]);
      main.appendChild(sum);
    });
  }

  // ------------------------------------------------------------ start
  function start() {
    $("#sign-out").addEventListener("click", function () {
      hideMessage();
      signOut();
    });
    $("#message-close").addEventListener("click", hideMessage);
    $("#search-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = $("#search-input").value.trim();
      if (q) navigate("#/search/" + enc(q));
    });
    window.addEventListener("hashchange", function () {
      hideMessage();
      render();
    });
    var saved = sessionStorage.getItem(TOKEN_KEY);
    updateHeader();
    if (saved) signIn(saved, true);
    else render();
  }

  // ------------------------------------------------------------ for loop.js
  window.gongjian = Object.freeze({
    views: views, state: state, LEVEL_ZH: LEVEL_ZH, NEED_STATUSES: NEED_STATUSES,
    h: h, add: add, enc: enc, card: card, badge: badge, count: count, table: table,
    nodeLink: nodeLink, nodeHref: nodeHref, canPlan: canPlan, pageHead: pageHead, statusBadge: statusBadge,
    api: api, download: download, message: message, hideMessage: hideMessage, showError: showError,
    navigate: navigate, ApiError: ApiError
  });

  // both scripts are deferred: they have run when DOMContentLoaded fires
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
