"""Report-quality pictures: whole names wrapped between their parts, no overlapping labels
(Graphviz layout), the lead organisation marked, legend and footer inside the frame, paper
sizes, DPI and PDF, from the library, the CLI and the API."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from matplotlib.text import Text
from PIL import Image
from pypdf import PdfReader

from gongjian.graph.embedded import EmbeddedStore
from gongjian.graph.store import Store
from gongjian.viz import placement, render, samples, views
from gongjian.viz.labels import parts, wrap
from gongjian.viz.paper import PrintOptions
from gongjian.viz.picture import LINK_TEXT_GID, NAME_GID, draw, picture_texts
from gongjian.viz.style import LEAD_COLOR, LEAD_ZH
from tests.test_api_support import auth, client_for

TODAY = "2026-11-21"
V = auth("viewer")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGJIAN_TODAY", TODAY)


def gj(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GONGJIAN_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "gongjian.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store of generated Kunming-style ledgers (tiny scale): real alliances, real names."""
    folder = tmp_path_factory.mktemp("generated")
    assert gj("generate", "--scale", "tiny", "--seed", "1", "--out", str(folder / "ledgers")).returncode == 0
    db = folder / "g.db"
    assert gj("ingest", str(folder / "ledgers"), "--store", str(db)).returncode == 0
    store = EmbeddedStore(db)
    yield store
    store.close()


def label_boxes(fig) -> list:
    """Window boxes of every name and link text as drawn."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [
        t.get_window_extent(renderer) for t in fig.findobj(Text) if t.get_gid() in (NAME_GID, LINK_TEXT_GID)
    ]


def overlapping(boxes: list) -> list[tuple]:
    """Pairs of boxes that overlap by more than half a pixel."""
    eps = 0.5
    return [
        (a, b)
        for a, b in combinations(boxes, 2)
        if a.x0 + eps < b.x1 and b.x0 + eps < a.x1 and a.y0 + eps < b.y1 and b.y0 + eps < a.y1
    ]


def alliances(store: Store) -> list[str]:
    return sorted(
        n.id for n in store.iter_nodes() if n.label == "Platform" and n.props.get("kind") == "alliance"
    )


# ------------------------------------------------------------------ names


def test_names_wrap_between_their_parts_never_inside_a_word():
    assert wrap("中共五华区华山街道工作委员会") == ["中共五华区华山街道", "工作委员会"]
    assert wrap("昆明市公安局五华分局华山派出所党支部") == ["昆明市公安局五华分局", "华山派出所党支部"]
    assert wrap("五华区竹场农贸市场") == ["五华区竹场农贸市场"]  # short: one line
    assert wrap("Kunming Lantern Technology Services 党支部", 4) == ["Kunming", "Lantern", "Technology", "Services", "党支部"]  # fmt: skip
    # a part longer than a line stays whole rather than being cut
    assert wrap("云南如意文化传媒有限公司党支部", 6) == ["云南如意文化传媒有限公司", "党支部"]


def test_every_name_of_a_real_alliance_is_drawn_whole(generated: Store):
    d = views.build("alliance", generated, alliances(generated)[0])
    drawn = picture_texts(d)["names"]
    assert sorted(drawn) == sorted(n["name"] for n in d.nodes)  # none left out, none cut short
    assert not any("…" in name for name in drawn)
    for name in drawn:
        lines = wrap(name)
        assert "".join(lines) == name.replace(" ", "") or " ".join(lines) == name
        ends = {sum(map(len, parts(name)[: i + 1])) for i in range(len(parts(name)))}
        at = 0
        for line in lines[:-1]:
            at = name.index(line, at) + len(line)
            assert at in ends, (name, lines)  # each break falls between two parts


# ------------------------------------------------------------------ layout


@pytest.mark.parametrize("paper", [None, "A4"])
def test_labels_of_real_alliances_do_not_overlap(generated: Store, paper: str | None):
    for platform in alliances(generated)[:3]:
        d = views.build("alliance", generated, platform)
        boxes = label_boxes(draw(d, PrintOptions(paper)))
        assert len(boxes) >= len(d.nodes)
        assert not overlapping(boxes), (platform, overlapping(boxes)[:3])


def test_labels_of_the_fixture_alliance_do_not_overlap(store: Store):
    d = views.build("alliance", store, "530111001000")
    boxes = label_boxes(draw(d, PrintOptions("A4", "landscape")))
    assert len(boxes) >= len(d.nodes) and not overlapping(boxes)


def test_a_300_node_view_is_named_in_full_without_overlaps_on_a3():
    d = samples.street(communities=14, units_each=19)
    assert 290 <= len(d.nodes) <= 300
    fig = draw(d, PrintOptions("A3"))
    boxes = label_boxes(fig)
    assert len([t for t in fig.findobj(Text) if t.get_gid() == NAME_GID]) == len(d.nodes)
    assert not overlapping(boxes), overlapping(boxes)[:3]


def test_without_graphviz_pictures_still_draw_and_say_why_once(monkeypatch, caplog):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(placement, "_warned", [])
    with caplog.at_level(logging.WARNING, logger="gongjian.viz"):
        assert render(samples.committee(), "png").startswith(b"\x89PNG")
        assert render(samples.committee(), "pdf").startswith(b"%PDF-")
    said = [r.getMessage() for r in caplog.records if "Graphviz" in r.getMessage()]
    assert said == [placement.NO_GRAPHVIZ] and "报告质量的布局需要安装 Graphviz" in said[0]


# ------------------------------------------------------------------ the sheet


def test_the_lead_organisation_is_marked_and_in_the_legend(store: Store):
    d = views.build("committee", store, "PF-EJW")
    lead = [n for n in d.nodes if n.get("lead")]
    assert [n["id"] for n in lead] == ["PartyOrg:PO-EJW"]  # the platform's 牵头 organisation
    assert LEAD_ZH in picture_texts(d)["legend"]
    fig = draw(d, PrintOptions())
    rings = [
        c
        for ax in fig.axes
        for c in ax.collections
        if any(tuple(e[:3]) == _rgb(LEAD_COLOR) for e in c.get_edgecolors())
    ]
    assert len(rings) == 1 and len(rings[0].get_offsets()) == 1
    assert LEAD_ZH in [t.get_text() for t in fig.legends[0].get_texts()]


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def test_legend_and_footer_sit_inside_the_frame_clear_of_the_labels(store: Store):
    d = views.build("alliance", store, "530111001000")
    footer = picture_texts(d)["footer"][0]
    assert f"数据来源：{views.source_name(store)}" in footer and "范围：官渡区 关上街道" in footer
    assert f"制图日期：{TODAY}" in footer and "gongjian" in footer
    for paper in (None, "A4", "A3"):
        fig = draw(d, PrintOptions(paper))
        names = label_boxes(fig)
        renderer = fig.canvas.get_renderer()
        frame = fig.patches[0].get_window_extent(renderer)
        legend = fig.legends[0].get_window_extent(renderer)
        bottom = [t for t in fig.texts if footer in t.get_text()][0].get_window_extent(renderer)
        for box in (legend, bottom, *names):
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        assert not overlapping([legend, bottom, *names])


def test_a_long_title_shrinks_to_stay_inside_the_frame():
    d = samples.committee()
    d.title = "“机关+社区”结对共建协议：昆明市人社局—竹场社区 的关系（2 层）" * 2
    fig = draw(d, PrintOptions("A4", "portrait"))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = fig.patches[0].get_window_extent(renderer)
    title = next(t for t in fig.texts if t.get_text() == d.title).get_window_extent(renderer)
    assert frame.x0 < title.x0 and title.x1 < frame.x1


@pytest.mark.parametrize(
    ("paper", "orientation", "points"),
    [("A4", "portrait", (595, 842)), ("A4", "landscape", (842, 595)), ("A3", "portrait", (842, 1191))],
)
def test_pdf_pages_have_the_paper_size(paper, orientation, points):
    raw = render(samples.committee(), "pdf", PrintOptions(paper, orientation))
    page = PdfReader(io.BytesIO(raw)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == points


def test_png_has_the_asked_resolution():
    raw = render(samples.committee(), "png", PrintOptions("A4", "portrait", 300))
    img = Image.open(io.BytesIO(raw))
    assert img.size == (round(8.27 * 300), round(11.69 * 300))
    assert round(img.info["dpi"][0]) == 300


# ------------------------------------------------------------------ CLI and API


def test_cli_exports_a_report_pdf_and_refuses_bad_print_options(store: Store, tmp_path: Path):
    if store.uri.startswith("bolt"):
        pytest.skip("the CLI is checked once, on the embedded store")
    store.close()
    db = store.uri
    out = tmp_path / "r.pdf"
    r = gj(
        "export",
        "alliance",
        "530111001000",
        "-f",
        "pdf",
        "--paper",
        "A4",
        "--dpi",
        "300",
        "-o",
        str(out),
        "--store",
        db,
    )
    assert r.returncode == 0, r.stderr
    assert round(float(PdfReader(out).pages[0].mediabox.width)) in (595, 842)
    for args, said in (
        (("--paper", "B5"), "纸张 B5 不支持；可选 A4、A3"),
        (("--dpi", "5"), "分辨率 5 dpi 超出范围"),
        (("--paper", "A4", "--orientation", "sideways"), "方向 sideways 不支持"),
        (("--orientation", "landscape"), "方向只在指定纸张"),
    ):
        r = gj("export", "committee", "PF-EJW", "-f", "pdf", *args, "--store", db)
        assert r.returncode == 2 and said in r.stderr and "Traceback" not in r.stderr, r.stderr
    r = gj("export", "committee", "PF-EJW", "-f", "gexf", "--paper", "A4", "--store", db)
    assert r.returncode == 2 and "只用于图片格式" in r.stderr
    assert "--paper" in gj("export", "--help").stdout


@pytest.fixture
def api(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    yield from client_for(store, monkeypatch)


def test_api_prints_on_paper_and_names_bad_options(api: TestClient):
    r = api.get("/api/diagrams/committee/PF-EJW.pdf?paper=a3&orientation=横向", headers=V)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    page = PdfReader(io.BytesIO(r.content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (1191, 842)
    r = api.get("/api/diagrams/committee/PF-EJW.png?paper=A4&dpi=100", headers=V)
    assert r.status_code == 200 and Image.open(io.BytesIO(r.content)).size[0] in (827, 1169)
    for query, field, said in (
        ("paper=Letter", "paper", "纸张 Letter 不支持"),
        ("paper=A4&orientation=up", "orientation", "方向 up 不支持"),
        ("dpi=1000", "dpi", "分辨率 1000 dpi 超出范围"),
    ):
        r = api.get(f"/api/diagrams/committee/PF-EJW.png?{query}", headers=V)
        assert r.status_code == 422, r.text
        assert any(e["loc"][-1] == field and said in e["msg"] for e in r.json()["detail"]), r.json()
    r = api.get("/api/diagrams/committee/PF-EJW.html?paper=A4", headers=V)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "paper"
