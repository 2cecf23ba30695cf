"""The interactive page in a real browser: Playwright driving Debian's Chromium, offline.

Needs ``apt-get install -y chromium`` and ``pip install 'playwright>=1.45,<2'`` (no
``playwright install``: the system Chromium is used). Without them these tests
skip — unless ``GONGJIAN_REQUIRE_BROWSER`` is set (CI), where they fail.
``GONGJIAN_CHROMIUM`` names another Chromium binary.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongjian.viz import Diagram, render, samples
from gongjian.viz.html import PHYSICS_LIMIT
from tests.browser_support import ARGS, CHROMIUM, unavailable

pytestmark = pytest.mark.browser

EVIL_SCRIPT = "</script><img src=x onerror=alert(1)>"
EVIL_ATTR = '"><svg onload=alert(1)>'


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        unavailable(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install 'playwright>=1.45,<2'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened from a file, recording every dialog, error and off-file request."""

    def __init__(self, browser, path: Path) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self._wait_until_drawn(90)

    def _wait_until_drawn(self, seconds: float) -> None:
        """Until the page marks the network drawn and stable; fail at once on a dialog or error."""
        deadline = time.monotonic() + seconds
        while not self.page.evaluate("document.querySelector('#network[data-ready=\"1\"]') !== null"):
            assert not self.dialogs and not self.errors, (self.dialogs, self.errors)
            assert time.monotonic() < deadline, "the network was not drawn in time"
            self.page.wait_for_timeout(100)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.dialogs == [], "a name ran as script"
        assert self.errors == []
        assert self.requests == [], "the page tried to reach the network"
        assert self.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert (
            self.page.evaluate("document.querySelectorAll('svg [onload], svg[onload], [onerror]').length")
            == 0
        )


def _evil_committee() -> Diagram:
    d = samples.committee()
    d.title = f"佴家湾社区大党委 {EVIL_SCRIPT}"
    d.note = f"说明 {EVIL_ATTR}"
    d.nodes += [
        {"id": "Unit:EVIL1", "label": "Unit", "name": EVIL_SCRIPT, "group": EVIL_ATTR},
        {"id": "Unit:EVIL2", "label": "Unit", "name": EVIL_ATTR, "title": f"提示 {EVIL_SCRIPT}"},
    ]
    d.links += [
        {"source": "Unit:EVIL1", "target": "Platform:P1", "type": "MEMBER_OF", "label": EVIL_ATTR},
        {"source": "Unit:EVIL2", "target": "Platform:P1", "type": "MEMBER_OF", "label": EVIL_SCRIPT},
    ]
    return d


def _hover(visit: Visit, node_id: str) -> str:
    """Move the mouse onto a node and return the tooltip's text (and check it holds no markup)."""
    page = visit.page
    pos = page.evaluate(
        "(id) => { const n = window.gongjian.network;"
        " const p = n.getPositions([id])[id]; return n.canvasToDOM(p); }",
        node_id,
    )
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"], steps=4)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    assert tip.evaluate("el => el.querySelectorAll('*:not(.gj-tip)').length") == 0
    return tip.text_content() or ""


def test_hostile_names_stay_text_in_the_browser(browser, tmp_path):
    d = _evil_committee()
    path = tmp_path / "committee.html"
    path.write_bytes(render(d, "html"))
    visit = Visit(browser, path)
    page = visit.page
    assert page.locator("canvas").count() >= 1
    visit.assert_clean()

    # Title, note and the accessible node list show the names literally.
    assert page.title() == d.title
    assert page.locator("#title").text_content() == d.title
    assert page.locator("#note").text_content() == d.note
    listed = page.locator("#node-list td.name").all_text_contents()
    assert EVIL_SCRIPT in listed and EVIL_ATTR in listed and "佴家湾社区大党委" in listed

    # The vis DataSet holds them as plain strings; tooltips are elements filled with text.
    names = page.evaluate("window.gongjian.nodes.get().map(n => n.name)")
    assert EVIL_SCRIPT in names and EVIL_ATTR in names
    tip = page.evaluate(
        "(() => { const t = window.gongjian.nodes.get('Unit:EVIL2').title;"
        " return [t instanceof Element, t.textContent, t.children.length]; })()"
    )
    assert tip == [True, f"提示 {EVIL_SCRIPT}", 0]

    # Hovering shows the tooltip as text.
    assert EVIL_SCRIPT in _hover(visit, "Unit:EVIL2")
    assert EVIL_ATTR in _hover(visit, "Unit:EVIL1")
    visit.assert_clean()


def test_legend_and_chinese_labels_are_on_the_page(browser, tmp_path):
    path = tmp_path / "committee.html"
    path.write_bytes(render(samples.committee(), "html"))
    visit = Visit(browser, path)
    legend = visit.page.locator("#legend li").all_text_contents()
    assert [t.strip() for t in legend][:3] == ["区划", "驻区单位", "党组织"]
    assert "已退出/已失效（灰色虚线）" in [t.strip() for t in legend]
    assert visit.page.evaluate("document.querySelector('#network').dataset.physics") == "1"
    assert visit.page.evaluate("window.gongjian.nodes.length") == len(samples.committee().nodes)
    visit.assert_clean()


def test_big_diagram_draws_without_physics(browser, tmp_path):
    d = samples.street(communities=60, units_each=26)
    assert len(d.nodes) > PHYSICS_LIMIT
    path = tmp_path / "street.html"
    path.write_bytes(render(d, "html"))
    visit = Visit(browser, path)
    page = visit.page
    assert page.evaluate("document.querySelector('#network').dataset.physics") == "0"
    assert "已关闭物理布局" in (page.locator("#note").text_content() or "")
    assert page.evaluate("window.gongjian.nodes.length") == len(d.nodes)
    assert page.evaluate("window.gongjian.network.physics.physicsEnabled") is False
    visit.assert_clean()
