"""Pictures: PNG and SVG with Chinese text in the project's own Noto Sans CJK font, no tofu."""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager
from PIL import Image

from gongjian.viz import Diagram, FontMissing, render, samples
from gongjian.viz import font as fontmod
from gongjian.viz.picture import NAME_ALL_LIMIT, picture_texts


def _all_text(texts: dict[str, list[str]]) -> str:
    return "".join(t for group in texts.values() for t in group)


def test_the_font_is_the_pip_installed_noto_sans_cjk_sc():
    path = fontmod.find_font_file()
    assert path.name.startswith("NotoSansCJK") and "site-packages" in str(path)
    prop = fontmod.cjk_font()
    assert prop.get_family() == ["Noto Sans CJK SC"]
    assert Path(font_manager.findfont(prop, fallback_to_default=False)) == path


def test_the_font_has_a_glyph_for_every_character_drawn():
    d = samples.committee()
    texts = picture_texts(d)
    drawn = _all_text(texts)
    for expected in (
        "佴家湾社区大党委",
        "兼职委员",
        "图例",
        "驻区单位",
        "已退出/已失效（灰色虚线）",
        "匹配关系",
    ):
        assert expected in drawn
    have = fontmod.covered_codepoints()
    missing = {ch for ch in drawn if ord(ch) not in have and ch != " "}
    assert not missing, f"no glyph for {sorted(missing)}"
    assert "?" not in drawn  # nothing had to be replaced


def test_characters_outside_the_font_become_question_marks_not_boxes():
    have = fontmod.covered_codepoints()
    emoji = "\U0001f3e5"
    assert ord(emoji) not in have
    assert fontmod.drawable(f"社区医院{emoji}") == "社区医院?"
    d = Diagram("测试", [{"id": "a", "label": "Unit", "name": f"医院{emoji}"}], [])
    assert render(d, "png").startswith(b"\x89PNG")


def test_png_is_a_real_picture_of_sensible_size():
    raw = render(samples.committee(), "png")
    assert raw.startswith(b"\x89PNG\r\n\x1a\n")
    img = Image.open(io.BytesIO(raw))
    img.verify()
    grey = np.asarray(Image.open(io.BytesIO(raw)).convert("L"))
    h, w = grey.shape
    assert 600 <= w <= 5000 and 500 <= h <= 5000
    assert (grey < 128).sum() > w * h * 0.002  # something is drawn
    assert np.median(grey) == 255  # on a white ground


def test_png_and_svg_are_deterministic():
    d = samples.committee()
    assert render(d, "png") == render(d, "png")
    assert render(d, "svg") == render(d, "svg")


def test_svg_is_valid_xml_with_the_title():
    raw = render(samples.committee(), "svg")
    root = ET.fromstring(raw)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    titles = [el.text for el in root.iter("{http://purl.org/dc/elements/1.1/}title")]
    assert titles[0] == "佴家湾社区大党委"


def test_names_are_never_markup_or_mathtext():
    d = samples.committee()
    d.title = "</svg><script>alert(1)</script> $\\frac{1}{0}$"
    d.nodes[3]["name"] = "$x^2$ 单位 $ \\badcommand $"
    d.nodes[4]["name"] = "控制\x00字符"
    raw = render(d, "svg")
    root = ET.fromstring(raw)  # still valid XML
    assert not list(root.iter("{http://www.w3.org/2000/svg}script"))
    titles = [el.text for el in root.iter("{http://purl.org/dc/elements/1.1/}title")]
    assert titles[0] == d.title
    assert render(d, "png").startswith(b"\x89PNG")


def test_crowded_pictures_name_only_platforms_and_areas():
    d = samples.street(communities=16, units_each=20)
    assert len(d.nodes) > NAME_ALL_LIMIT
    texts = picture_texts(d)
    assert "华山街道党建联盟" in texts["names"] and "第1社区" in texts["names"]
    assert not any(name.startswith("驻区单位") for name in texts["names"])
    assert "仅标注共建平台和区划名称" in texts["note"][0]
    assert render(d, "png").startswith(b"\x89PNG")


def test_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    import noto_cjk_sans_otc

    monkeypatch.setattr(noto_cjk_sans_otc, "FONT_PATH", tmp_path / "gone.ttc")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    with pytest.raises(FontMissing, match="找不到中文字体 Noto Sans CJK：请 pip install noto-cjk-sans-otc"):
        fontmod.find_font_file()
    fontmod.cjk_font.cache_clear()
    try:
        with pytest.raises(FontMissing):
            render(samples.committee(), "png")
    finally:
        monkeypatch.undo()
        fontmod.cjk_font.cache_clear()
    assert render(samples.committee(), "png").startswith(b"\x89PNG")
