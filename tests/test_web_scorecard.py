"""The scorecards on the planners' web page (双向考核), in a real browser (see tests/test_web.py)."""

from __future__ import annotations

import pytest

from tests.test_web import Visit, browser, site, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_a_units_scorecard_and_an_areas_ranking(visit: Visit) -> None:  # noqa: F811
    v = visit
    v.sign_in("viewer")
    v.go("#/node/Unit:U-LAW-01", "#unit-scorecard")
    v.page.fill("#unit-scorecard-from", "2025-01-01")
    v.page.fill("#unit-scorecard-to", "2025-12-31")
    v.page.click("#unit-scorecard-go")
    v.page.wait_for_selector("#scorecard-chart")
    assert float(v.page.inner_text("#scorecard-score")) > 0
    assert v.page.locator("#scorecard-chart rect[data-part]").count() == 10  # every scored part drawn
    assert "佴家湾社区大党委" in v.page.inner_text("#scorecard-platforms")
    assert "完成项目" in v.page.inner_text("#unit-scorecard")
    v.shot("unit-scorecard")

    v.go("#/node/530111000000", "#ranking-link")
    v.page.click("#ranking-link")
    v.go("#/scorecard/530111000000?kind=unit&from=2025-01-01&to=2025-12-31", "#ranking-chart")
    rows = v.page.locator("#ranking tbody tr")
    assert rows.count() >= 5
    first = rows.nth(0).inner_text()
    assert "云南明理律师事务所" in first and "红榜" in first
    assert "黑榜" in rows.nth(rows.count() - 1).inner_text()
    with v.page.expect_download() as got:
        v.page.click("#ranking-xlsx")
    assert got.value.suggested_filename.endswith(".xlsx")
    v.page.select_option("#ranking-kind", "community")
    v.page.wait_for_function("location.hash.indexOf('kind=community') >= 0")
    v.page.wait_for_selector("#ranking-chart")
    assert "社区" in v.page.inner_text("#ranking")
    v.shot("ranking")
    v.clean()
