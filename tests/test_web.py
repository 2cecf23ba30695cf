"""The planners' web page in a real browser: Playwright driving Debian's Chromium.

The app runs under uvicorn on a loopback port over an embedded store holding the
fixture ledger plus one unit whose name is markup (``</script><img …>``), a member
of 佴家湾社区大党委. Needs ``/usr/bin/chromium`` and the ``playwright`` package (no
``playwright install``); without them these tests skip — unless
``GONGJIAN_REQUIRE_BROWSER`` is set (CI), where they fail. Screenshots of the main
pages go to ``GONGJIAN_SCREENSHOTS`` (default: the system's temp folder).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from gongjian.api import create_app
from gongjian.graph.embedded import EmbeddedStore
from gongjian.ingest.load import ingest
from tests.browser_support import ARGS, CHROMIUM, unavailable
from tests.conftest import LEDGER
from tests.test_api_support import DAY, ROLE_TOKEN, TOKENS, LiveServer

pytestmark = pytest.mark.browser

EVIL = "</script><img src=x onerror=alert(1)>"
SHOTS = Path(os.environ.get("GONGJIAN_SCREENSHOTS", tempfile.gettempdir()))
DRAWN = '#network[data-ready="1"]'
#: How long a diagram may take to lay out and draw (ms).
DRAW_TIMEOUT = 30_000


def _fonts_conf(folder: Path) -> dict[str, str]:
    """A fontconfig file adding the project's Noto Sans CJK, so Chinese renders in the screenshots."""
    try:
        from gongjian.viz.font import find_font_file

        font_dir = find_font_file().parent
    except Exception:  # no font: screenshots only, the checks read text, not pixels
        return {}
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{font_dir}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        unavailable(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install 'playwright>=1.45,<2'")
    env = {**os.environ, **_fonts_conf(tmp_path_factory.mktemp("fonts"))}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
        yield b
        b.close()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app over the fixture ledger plus the evil-named unit, served on a loopback port (new for each test)."""
    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "units.csv").write_text(
        f"单位编码,单位名称,单位类型,所在区划\nU-EVIL-01,{EVIL},非公企业,530111001001\n", encoding="utf-8"
    )
    (extra / "members.csv").write_text(
        "平台编码,成员编码,成员类型,职务,加入日期,退出日期\nPF-EJW,U-EVIL-01,单位,成员单位,2024-01-01,\n",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "gongjian.db")
    assert ingest(LEDGER, store).ok
    report = ingest(extra, store)
    assert report.ok and not report.rejected, report.rejected
    with LiveServer(create_app(store, TOKENS)) as live:
        yield live.url
    store.close()


class Visit:
    """A browser page on the site that records dialogs, script errors and requests leaving the site."""

    def __init__(self, browser, site: str) -> None:  # noqa: ANN001
        self.site = site
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.leaks: list[str] = []
        self.context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)
        self.page.on("request", self._request)
        self.page.set_default_timeout(15_000)

    def _dialog(self, dialog) -> None:  # noqa: ANN001
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message) -> None:  # noqa: ANN001
        # an answer's 4xx is logged by the browser as "Failed to load resource"; the page shows it itself
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _request(self, request) -> None:  # noqa: ANN001
        url = request.url
        if any(token in url for token in ROLE_TOKEN.values()):
            self.leaks.append(url)  # a token never goes into a URL
        if not url.startswith((self.site + "/", "blob:", "data:", "about:")):
            self.outside.append(url)

    def sign_in(self, role: str) -> None:
        self.page.goto(self.site + "/")
        self.page.fill("#token-input", ROLE_TOKEN[role])
        self.page.click("#sign-in-form button[type=submit]")
        self.page.wait_for_selector("#stats .stat")

    def go(self, hash_: str, ready: str) -> None:
        self.page.evaluate("h => { location.hash = h; }", hash_)
        self.page.wait_for_selector(ready)

    def wait_drawn(self, frame_selector: str) -> None:
        self.page.frame_locator(frame_selector).locator(DRAWN).wait_for(
            state="attached", timeout=DRAW_TIMEOUT
        )

    def frame(self, frame_selector: str):  # noqa: ANN201
        return self.page.locator(frame_selector).element_handle().content_frame()

    def shot(self, name: str) -> Path:
        """The whole page as a picture: the viewport grown to the page's height, then put back.

        (Playwright's ``full_page`` leaves iframes and later clicks laid out for the tall viewport.)
        """
        path = SHOTS / f"gongjian-web-{name}.png"
        size = self.page.viewport_size
        height = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
        self.page.wait_for_timeout(200)  # the diagrams follow the new size
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size(size)
        self.page.wait_for_timeout(100)
        return path

    def clean(self) -> None:
        """Nothing ran that should not have, and nothing was fetched from elsewhere."""
        assert not self.dialogs, self.dialogs
        assert not self.errors, self.errors
        assert not self.outside, self.outside
        assert not self.leaks, self.leaks

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site: str) -> Iterator[Visit]:  # noqa: ANN001
    v = Visit(browser, site)
    yield v
    v.close()


def test_planner_finds_matches_and_dispatches(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.site + "/")
    page.wait_for_selector("#sign-in-form")
    visit.shot("signin")
    visit.sign_in("planner")
    assert "规划员" in page.text_content("#role-badge") and "planner" not in page.text_content("#role-badge")
    assert page.evaluate("sessionStorage.getItem('gongjian.token')") == ROLE_TOKEN["planner"]
    assert ROLE_TOKEN["planner"] not in page.url
    visit.shot("home")

    # search by name and by pinyin initials
    for q in ("佴家湾", "ejw"):
        page.fill("#search-input", q)
        page.press("#search-input", "Enter")
        page.wait_for_selector(f'#search-results h2:text-is("搜索：{q}")')
        page.wait_for_selector("#search-results .results")
        assert page.locator("#search-results .results a", has_text="佴家湾社区").count() >= 1
    visit.shot("search")
    page.locator("#search-results .results a").filter(has_text="佴家湾社区").first.click()

    # the community: committee diagram, members (the evil name as text), open needs
    page.wait_for_selector("#members")
    assert page.text_content("#page-title") == "佴家湾社区"
    visit.wait_drawn("#committee iframe")
    frame = visit.frame("#committee iframe")
    assert frame.evaluate("document.querySelector('#network canvas') !== null")
    assert frame.locator("#node-list td.name", has_text=EVIL).count() == 1  # escaped in the diagram too
    evil = page.locator("#members td.name a").filter(has_text="onerror")
    assert evil.count() == 1 and evil.text_content() == EVIL
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert frame.evaluate("document.querySelectorAll('img').length") == 0
    assert "王*华" in page.text_content("#members") and "王建华" not in page.content()
    assert page.locator("#former-members", has_text="佴家湾物业服务有限公司").count() == 1

    # matches for N-01 with the linkage path, then dispatch R-01
    need = page.locator('li[data-need="N-01"]')
    assert need.locator('[data-role="status"]').text_content() == "待认领"
    need.locator('button[data-action="match"]').click()
    chain = need.locator("ol.chain").first
    chain.wait_for()
    assert [t.strip() for t in chain.locator("li > a").all_text_contents()] == [
        "为辖区残疾人提供免费体检",
        "佴家湾社区",
        "佴家湾社区大党委",
        "官渡区人民医院党委",
        "官渡区人民医院",
        "免费健康体检",
    ]
    # each step says which relationship it takes (the hospital's party committee sits on the
    # community's big party committee, which covers the community)
    assert chain.locator('[data-role="via"]').all_text_contents() == [
        "提出于→",
        "←覆盖",
        "←成员",
        "建在→",
        "提供→",
    ]
    assert "社区大党委成员" in need.locator("table").text_content()
    visit.shot("community")
    need.locator('button[data-action="claim"][data-resource="R-01"]').click()
    # asked first; the project is linked and the capacity left shown anew
    need.locator('[data-role="confirm-claim"]:visible [data-action="confirm-claim"]').click()
    page.wait_for_function(
        "() => document.querySelector('li[data-need=\"N-01\"] [data-role=\"status\"]').textContent === '已认领'"
    )
    assert "已派单" in page.text_content("#message")
    assert (
        page.locator('#message a[data-role="new-project"]').get_attribute("href").startswith("#/node/Project")
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('li[data-need=\"N-01\"] td.num')].some(td => td.textContent === '1/2')"
    )
    assert need.locator('button[data-action="claim"]:enabled').count() == 0

    # a download: the member list as CSV, masked for a planner
    with page.expect_download() as info:
        page.click('#members button[data-export="members.csv"]')
    download = info.value
    assert download.suggested_filename == "佴家湾社区大党委-成员名单.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert EVIL in text and "王*华" in text and "王建华" not in text and "13812345678" not in text

    # the street: alliance diagram (and its report PDF on A4) and the allocation plan
    visit.go("#/node/" + "Area%3A530111001000", "#allocation-summary")
    visit.wait_drawn("#alliance iframe")
    with page.expect_download() as info:
        page.locator('#alliance button[data-format="pdf"]').click()
    assert info.value.suggested_filename.endswith(".pdf")
    box = PdfReader(info.value.path()).pages[0].mediabox
    assert sorted((round(float(box.width)), round(float(box.height)))) == [595, 842]  # A4
    assert page.locator("#apply-allocation").is_enabled()
    # Playwright's own scrolling before a click misses here (the pointer lands on the diagram's
    # iframe, whose vis-network then takes the focus): scroll the button into view first
    page.locator("#apply-allocation").scroll_into_view_if_needed()
    page.click("#apply-allocation")
    page.wait_for_selector("#apply-confirm:not([hidden])")  # confirmed on the page, not by a dialog
    visit.shot("street")
    page.locator("#apply-yes").scroll_into_view_if_needed()
    page.click("#apply-yes")
    page.wait_for_function(
        "() => document.getElementById('message-text').textContent.startsWith('已派单 1 个需求')"
    )
    page.wait_for_selector('#allocation-summary:has-text("可分配 0 个")')

    # gaps
    page.click('#nav a[href="#/gaps"]')
    page.wait_for_selector("#gap-summary table")
    block = page.locator("#gap-communities_without_committee")
    assert block.locator("a", has_text="北站社区").count() == 1
    visit.shot("gaps")

    # an unknown node: the error in Chinese in the message area
    visit.go("#/node/NOPE-404", "#message:not([hidden])")
    assert page.text_content("#message-text") == "没有找到：节点 NOPE-404 不存在"

    page.click("#sign-out")
    page.wait_for_selector("#sign-in-form")
    assert page.evaluate("sessionStorage.getItem('gongjian.token')") is None
    visit.clean()


def test_viewer_sees_no_dispatch(visit: Visit) -> None:
    page = visit.page
    visit.sign_in("viewer")
    assert "查看员" in page.text_content("#role-badge")
    visit.go("#/node/" + "Area%3A530111001001", "#need-list li.need")
    need = page.locator('li[data-need="N-01"]')
    need.locator('button[data-action="match"]').click()
    need.locator("ol.chain").first.wait_for()
    assert page.locator('button[data-action="claim"]').count() == 0
    assert "操作" not in need.locator("table thead").text_content()
    # any other node: details and its neighbourhood diagram
    visit.go("#/node/" + "Unit%3AU-EVIL-01", "#details")
    assert page.text_content("#page-title") == EVIL
    assert page.locator("#details a", has_text="佴家湾社区").count() == 1  # its area, by name
    visit.wait_drawn("#diagram-card iframe")
    visit.shot("unit")
    visit.go("#/node/" + "Area%3A530111001000", "#allocation-card p")
    assert "需要规划员" in page.text_content("#allocation-card")
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    visit.clean()


def test_a_wrong_token_is_refused(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.site + "/")
    page.fill("#token-input", "not-a-real-token")
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_selector("#message:not([hidden])")
    assert "令牌无效" in page.text_content("#message-text")
    assert page.is_visible("#sign-in-form") and page.is_hidden("#search-form")
    visit.clean()


# ---------------------------------------------------------------- the loop (闭环)

#: Needs raised in 2026 under 关上街道 (the fixture's day is 2026-11-21), with what happens to them.
LOOP_NEEDS = (
    "需求编码,需求标题,需求类别,所在区划,提出日期,状态\n"
    "L-01,楼道堆物清理,基础设施,530111001101,2026-03-02,待认领\n"  # nobody: up to the county
    "L-02,小区路灯不亮,基础设施,530111001101,2026-11-15,待认领\n"  # December's cycle: still at the grid
    "L-03,法律援助咨询,法律服务,530111001001,2026-05-06,待认领\n"  # claimed 05-08, never done: overdue
    "L-04,独居老人体检,医疗健康,530111001101,2026-04-01,待认领\n"  # done 04-20, 满意
    "L-05,残疾人体检,医疗健康,530111001002,2026-06-10,待认领\n"  # done 07-01, not rated yet
    "L-06,租房合同咨询,法律服务,530111001102,2026-02-03,待认领\n"  # done 02-20, 基本满意
)


def loop_world(store) -> None:  # noqa: ANN001
    """The fixture ledger plus LOOP_NEEDS, claimed, done and rated as they say, and the loop run today."""
    from gongjian.queries.dispatch import claim_project, set_project_status
    from gongjian.queries.loop import rate, run

    folder = Path(tempfile.mkdtemp(prefix="gongjian-loop-"))
    (folder / "needs.csv").write_text(LOOP_NEEDS, encoding="utf-8")
    assert ingest(LEDGER, store).ok
    report = ingest(folder, store)
    assert report.ok and not report.rejected, report.rejected
    for need, resource, started, done in (
        ("L-06", "R-02", "2026-02-05", "2026-02-20"),
        ("L-04", "R-01", "2026-04-03", "2026-04-20"),
        ("L-03", "R-02", "2026-05-08", None),
        ("L-05", "R-01", "2026-06-12", "2026-07-01"),
    ):
        claim_project(store, need, resource, "PJ-" + need, {"name": f"{need} 项目", "started": started})
        if done:
            set_project_status(store, "PJ-" + need, "done", on=done)
    rate(store, "L-04", "满意", on="2026-04-25", comment="上门很及时")
    rate(store, "L-06", "基本满意", on="2026-02-25")
    run(store, DAY)


@pytest.fixture
def loop_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("GONGJIAN_TODAY", DAY)
    store = EmbeddedStore(tmp_path / "gongjian.db")
    loop_world(store)
    with LiveServer(create_app(store, TOKENS)) as live:
        yield live.url
    store.close()


@pytest.fixture
def loop_visit(browser, loop_site: str) -> Iterator[Visit]:  # noqa: ANN001
    v = Visit(browser, loop_site)
    yield v
    v.close()


def test_a_needs_timeline_and_the_verdict_form(loop_visit: Visit) -> None:
    page = loop_visit.page
    loop_visit.sign_in("planner")

    # an open need escalated to the county: 上报 marked, one event a level
    loop_visit.go("#/node/Need%3AL-01", "#timeline")
    assert page.text_content("#loop-level") == "办理层级：县级"
    assert page.text_content("#loop-status") == "待认领"
    assert page.locator("#loop-deadline").count() == 0  # the county has no deadline
    events = page.locator("#timeline li.event")
    assert events.count() == 4  # raised by the ledger, then three times up
    assert [t.strip() for t in page.locator("#timeline li.event.escalated .badge").all_text_contents()] == [
        "↑ 上报"
    ] * 3
    assert page.locator("#timeline li.event .level").all_text_contents() == [
        "网格级",
        "至社区级",
        "至街道级",
        "至县级",
    ]
    assert page.locator("#timeline time").all_text_contents() == [
        "2026-03-02",
        "2026-03-10",
        "2026-03-15",
        "2026-03-25",
    ]
    assert "网格级时限已过无人认领，上报社区级" in page.text_content("#timeline")
    assert "escalated" not in page.inner_text("#need-loop")  # the words are Chinese
    assert page.locator("#verdict-later").count() == 1  # not done yet: no form

    # a claimed need past due: its due date and the overdue marker; the unit named, not coded
    loop_visit.go("#/node/Need%3AL-03", "#timeline")
    assert page.text_content("#loop-deadline") == "应办结 2026-06-07"
    page.wait_for_selector("#loop-late .badge")
    assert page.text_content("#loop-late") == "已逾期 167 天"
    page.wait_for_selector('#timeline .actor a:text-is("云南明理律师事务所")')

    # a done need: the residents' verdict, dissatisfied, sends it back
    loop_visit.go("#/node/Need%3AL-05", "#verdict-form")
    assert [e.strip() for e in page.locator("#timeline .badge.action").all_text_contents()] == [
        "采集",
        "接单",
        "办结",
    ]
    page.check('#verdict-form input[value="不满意"]')
    page.fill("#verdict-comment", "体检报告还没送到")
    page.click("#verdict-form button[type=submit]")
    page.wait_for_selector('#timeline li.event[data-action="returned"]')
    assert [e.strip() for e in page.locator("#timeline .badge.action").all_text_contents()] == [
        "采集",
        "接单",
        "办结",
        "评价",
        "退回",
    ]
    assert page.text_content('#timeline li.event[data-action="rated"] .badge.rating') == "不满意"
    assert "体检报告还没送到" in page.text_content("#timeline")
    assert page.text_content("#loop-status") == "办理中"
    assert page.text_content("#need-matches > p > .badge") == "办理中"
    assert page.text_content("#loop-deadline") == "应办结 2026-12-21"
    assert "已退回重办" in page.text_content("#message-text")
    assert page.locator("#verdict-form").count() == 0
    loop_visit.shot("need-loop")

    # a viewer reads the timeline, with no form
    loop_visit.page.click("#sign-out")
    loop_visit.sign_in("viewer")
    loop_visit.go("#/node/Need%3AL-04", "#timeline")
    assert page.text_content("#loop-rating") == "最近评价：满意（2026-04-25）"
    assert page.locator("#verdict-form").count() == 0 and page.locator("#verdict-later").count() == 0
    loop_visit.clean()


def test_an_areas_figures_charts_and_overdue_list(loop_visit: Visit) -> None:
    page = loop_visit.page
    loop_visit.sign_in("viewer")
    loop_visit.go("#/node/Area%3A530111001000", "#loop-link")
    page.click("#loop-link")
    page.wait_for_selector("#loop-figures")
    assert page.text_content("#page-title") == "关上街道 · 闭环办理情况"
    # the default period: this year, to today (the server's day)
    assert page.input_value("#loop-from") == "2026-01-01" and page.input_value("#loop-to") == DAY

    def tile(key: str) -> str:
        return page.text_content(f'#loop-figures [data-figure="{key}"] b')

    assert [tile(k) for k in ("raised", "done", "done_rate", "mean_days_to_done", "escalated")] == [
        "6",
        "3",
        "50.0%",
        "19 天",
        "1",
    ]
    assert [tile(k) for k in ("solved_at_grid", "open", "overdue", "satisfaction_rate")] == [
        "2",
        "2",
        "1",
        "100.0%",
    ]
    text = page.inner_text("#loop-report")
    for word in ("办结率", "平均用时", "上报", "网格解决", "待认领", "逾期", "满意率"):
        assert word in text

    # the month chart: two bars a month, January to November; the funnel: four levels
    assert page.locator("#chart-months rect.bar").count() == 22
    assert page.locator("#chart-months rect.bar.raised").count() == 11
    raised = page.eval_on_selector_all(
        "#chart-months rect.bar.raised", "els => els.map(e => [e.dataset.month, +e.dataset.value])"
    )
    assert [m for m, v in raised if v] == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-11"]
    done = page.eval_on_selector_all(
        "#chart-months rect.bar.done", "els => els.map(e => [e.dataset.month, +e.dataset.value])"
    )
    assert [m for m, v in done if v] == ["2026-02", "2026-04", "2026-07"]
    heights = page.eval_on_selector_all(
        "#chart-months rect.bar.raised", "els => els.map(e => +e.getAttribute('height'))"
    )
    assert heights[1] > 0 and heights[0] == 0
    stages = page.eval_on_selector_all(
        "#chart-funnel rect.stage", "els => els.map(e => [e.dataset.level, +e.dataset.value])"
    )
    assert stages == [["grid", 6], ["community", 3], ["street", 1], ["county", 1]]
    assert "止于本级 3" in page.text_content("#chart-funnel")

    # each child area, with a link to its own figures for the same period
    rows = page.locator("#loop-children tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator("td").nth(0).inner_text().startswith("佴家湾社区")
    assert rows.nth(0).locator("td").nth(1).inner_text() == "5"

    # the overdue needs for 督办, linking to each need
    page.wait_for_selector("#overdue-list tbody tr")
    late = page.locator("#overdue-list tbody tr")
    assert late.count() == 1
    assert [c.strip() for c in late.first.locator("td").all_inner_texts()] == [
        "法律援助咨询",
        "佴家湾社区",
        "L-03 项目",
        "2026-06-07",
        "167",
    ]
    loop_visit.shot("area-loop")

    # the report as a file
    with page.expect_download() as info:
        page.click('button[data-export="loop-report.xlsx"]')
    assert info.value.suggested_filename == f"关上街道-需求办理情况-2026-01-01至{DAY}.xlsx"
    with page.expect_download() as info:
        page.click('button[data-export="loop-report.png"]')
    assert Path(info.value.path()).read_bytes().startswith(b"\x89PNG")

    # another period, then down to a community
    page.fill("#loop-from", "2026-04-01")
    page.fill("#loop-to", "2026-06-30")
    page.click("#loop-period button[type=submit]")
    page.wait_for_function("() => location.hash.includes('from=2026-04-01')")
    page.wait_for_selector('#loop-figures [data-figure="raised"]')
    assert tile("raised") == "3"  # L-03, L-04, L-05
    assert page.locator("#chart-months rect.bar").count() == 2 * 4  # April to July (L-05 done in July)
    page.locator("#loop-children a", has_text="佴家湾社区").first.click()
    page.wait_for_selector('#page-title:text-is("佴家湾社区 · 闭环办理情况")')
    page.wait_for_selector("#loop-figures")
    assert tile("raised") == "2" and page.input_value("#loop-from") == "2026-04-01"
    page.wait_for_function("() => document.getElementById('loop-area').value === '530111001001'")
    assert page.locator("#loop-area option:checked").text_content() == "佴家湾社区"

    # the index: every overdue need
    page.click('#nav a[href="#/loop"]')
    page.wait_for_selector("#loop-head >> text=下面是全部逾期需求")  # the index, not the area page before it
    page.wait_for_selector("#overdue-list tbody tr")
    assert page.locator("#overdue-list tbody tr").count() == 1
    page.locator("#overdue-list a", has_text="法律援助咨询").click()
    page.wait_for_selector("#timeline")
    assert page.text_content("#page-title") == "法律援助咨询"
    loop_visit.clean()


@pytest.fixture
def docs_visit(browser, site: str, tmp_path: Path) -> Iterator[Visit]:  # noqa: ANN001
    """The site with the seed articles and one whose title is markup, naming 佴家湾社区."""
    from gongjian.documents.ingest import ingest as ingest_documents

    evil = tmp_path / "evil.txt"
    evil.write_text(f"{EVIL}\n佴家湾社区推行时间银行，{EVIL}。\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "gongjian.db")  # the site's store, written to from here
    report = ingest_documents(store, [LEDGER.parent / "seeds", evil])
    store.close()
    assert report["ok"] and report["accepted"] == 6, report
    v = Visit(browser, site)
    yield v
    v.close()


def test_practice_articles_search_and_on_a_community_page(docs_visit: Visit) -> None:
    page = docs_visit.page
    docs_visit.sign_in("viewer")
    docs_visit.go(
        "#/docs/" + "%E6%97%B6%E9%97%B4%E9%93%B6%E8%A1%8C", "#docs-results .doc-results li"
    )  # 时间银行
    items = page.locator("#docs-results .doc-results > li")
    assert items.count() == 2
    marks = page.locator("#docs-results .snippet mark")
    assert marks.count() >= 2 and all(m == "时间银行" for m in marks.all_text_contents())
    assert page.locator("#docs-results", has_text=EVIL).count() == 1  # the markup title shown as text
    # an article opens whole
    items.first.locator("a").first.click()
    page.wait_for_selector("#document .passages p")
    # 经验材料 on the community's page: the Kunming article and the evil one name 佴家湾社区
    docs_visit.go("#/node/" + "Area%3A530111001001", "#node-documents .doc-results li")
    assert page.locator("#node-documents .doc-results > li").count() == 2
    # filters
    docs_visit.go("#/docs/?mechanism=joint_conference", "#docs-results .doc-results li")
    assert page.locator("#docs-mechanism").input_value() == "joint_conference"
    docs_visit.shot("documents")
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    docs_visit.clean()


def test_an_articles_figures_beside_the_graphs_counts(docs_visit: Visit) -> None:
    page = docs_visit.page
    docs_visit.sign_in("viewer")
    docs_visit.go("#/docs/" + "%E5%A4%A7%E5%85%9A%E5%A7%94", "#docs-results .doc-results li")  # 大党委
    page.locator("#docs-results .doc-results > li").first.locator("a").first.click()
    page.wait_for_selector("#document-figures tbody tr")

    def figure(card: str, text: str):  # noqa: ANN202
        rows = page.locator(f"{card} tbody tr").filter(has=page.locator("td:first-child", has_text=text))
        assert rows.count() == 1, text
        return rows

    row = figure("#document-figures", "286个")
    assert row.locator("td").nth(1).text_content() == "社区大党委"
    assert row.locator("td").nth(2).text_content() == "昆明市"
    assert row.locator("td.graph-value").text_content() == "2（现有数据）"  # 佴家湾's and 关兴's
    assert row.locator("td").nth(4).text_content() == "-284"
    assert "截止目前,全市共成立46个街道党建联盟" in (row.locator("td.sentence").text_content() or "")
    uncounted = figure("#document-figures", "19000余名")
    assert uncounted.locator("td.graph-value").text_content() == "图中不统计此项"
    # the city's page: the figures about it and the places below, with their article
    docs_visit.go("#/node/" + "Area%3A530100000000", "#node-figures tbody tr")
    row = figure("#node-figures", "286个")
    assert row.locator("td.graph-value").text_content() == "2（现有数据）"
    assert row.locator("td").nth(6).text_content().startswith("云南昆明")
    docs_visit.shot("figures")
    docs_visit.clean()


# ---- a planner's first hour: the territory level by level, search says where, a unit's ties
def test_home_opens_the_territory_level_by_level(visit: Visit) -> None:
    page = visit.page
    visit.sign_in("viewer")
    page.wait_for_selector('#areas details[data-area="530100000000"]')  # the one province, opened: its city
    page.click('#areas details[data-area="530100000000"] > summary')
    page.click('#areas details[data-area="530111000000"] > summary')
    page.click('#areas details[data-area="530111001000"] > summary')
    page.wait_for_selector('#areas li[data-area="530111001001"]')
    street = page.locator('#areas details[data-area="530111001000"] .area-kids')
    assert [t.strip() for t in street.locator("li > a").all_text_contents()] == [
        "佴家湾社区",
        "关兴社区",
        "北站社区",
    ]
    assert "太和社区" not in street.text_content()  # a street shows its own communities, not a wall of all
    visit.clean()


def test_search_says_where_and_how_many_and_a_units_ties(visit: Visit) -> None:
    page = visit.page
    visit.sign_in("viewer")
    visit.go("#/search/" + "官渡医院", "#search-results li")
    hit = page.locator("#search-results li").first
    assert "官渡区人民医院" in hit.text_content() and "官渡区 关上街道" in hit.text_content()
    visit.go("#/search/" + "社区", "#search-results li")
    assert "共 " in page.text_content('[data-role="search-total"]')
    page.select_option("#search-type", "Platform")  # a filter by type
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-results li')].every(li => li.dataset.label === 'Platform')"
    )
    assert page.locator('#search-results li[data-label="Platform"]').count() >= 2
    visit.go("#/node/" + "Unit%3A91350100M000100Y43", '#ties [data-role="tie-platforms"]')
    ties = page.locator("#ties")
    platforms = ties.locator('[data-role="tie-platforms"]').text_content()
    assert "佴家湾社区大党委" in platforms and "兼职委员" in platforms and "官渡区人民医院党委" in platforms
    assert "义诊" in ties.locator('[data-role="tie-registrations"]').text_content()
    visit.clean()


def test_a_need_page_leads_back_to_its_community_and_shows_the_scores_parts(visit: Visit) -> None:
    page = visit.page
    visit.sign_in("viewer")
    visit.go("#/node/" + "Need%3AN-01", '[data-role="score-parts"]')
    crumbs = [t.strip() for t in page.locator(".crumbs a").all_text_contents()]
    assert crumbs[-2:] == ["关上街道", "佴家湾社区"], crumbs
    parts = page.locator('[data-role="score-parts"]').first.text_content()
    assert "联结 1.00" in parts and "类别" in parts and "文字相似" in parts
    visit.clean()
