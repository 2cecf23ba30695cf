"""The Chinese font of the pictures: Noto Sans CJK SC from the ``noto-cjk-sans-otc`` package.

Pictures never rely on the fonts of the machine they are made on: the font is the
one the project installs, selected explicitly, and any character it lacks is drawn
as ``?`` rather than as an empty box (tofu).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from matplotlib import font_manager
from matplotlib.font_manager import FontProperties

FAMILY = "Noto Sans CJK SC"
#: What a character the font lacks is drawn as.
MISSING = "?"
_FILE_PATTERNS = ("NotoSansCJK*.ttc", "NotoSansCJK*.otf", "NotoSansCJKsc*.otf", "NotoSansSC*.otf")


class FontMissing(RuntimeError):
    """The Chinese font is not installed."""

    def __init__(self, detail: str = "") -> None:
        msg = "找不到中文字体 Noto Sans CJK：请 pip install noto-cjk-sans-otc"
        super().__init__(f"{msg}（{detail}）" if detail else msg)


def find_font_file() -> Path:
    """The path of the Noto Sans CJK file: the package's own, else one in a site-packages folder."""
    try:
        import noto_cjk_sans_otc

        path = Path(str(noto_cjk_sans_otc.FONT_PATH))
        if path.is_file():
            return path
    except (ImportError, AttributeError):
        pass
    for folder in sys.path:
        base = Path(folder or ".")
        for sub in (base / "noto_cjk_sans_otc", base):
            if not sub.is_dir():
                continue
            for pattern in _FILE_PATTERNS:
                found = sorted(sub.glob(pattern))
                if found:
                    return found[0]
    raise FontMissing()


@functools.cache
def cjk_font() -> FontProperties:
    """Font properties selecting Noto Sans CJK SC, registered with matplotlib once per process."""
    path = find_font_file()
    font_manager.fontManager.addfont(str(path))
    prop = FontProperties(family=FAMILY)
    try:
        resolved = font_manager.findfont(prop, fallback_to_default=False)
    except ValueError as e:
        raise FontMissing(str(e)) from e
    if Path(resolved).resolve() != path.resolve():
        raise FontMissing(f"matplotlib 选中了 {resolved}")
    return prop


@functools.cache
def _face_index() -> int:
    cjk_font()
    for entry in font_manager.fontManager.ttflist:
        if entry.name == FAMILY:
            return int(getattr(entry, "index", 0) or 0)
    raise FontMissing(f"字体文件中没有 {FAMILY}")


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Every code point the selected font face has a glyph for (its cmap, via fontTools)."""
    from fontTools.ttLib import TTCollection, TTFont

    path = find_font_file()
    if path.suffix.lower() in (".ttc", ".otc"):
        face = TTCollection(str(path), lazy=True).fonts[_face_index()]
    else:
        face = TTFont(str(path), lazy=True)
    return frozenset(face.getBestCmap())


def drawable(text: str) -> str:
    """``text`` with every character the font lacks replaced by :data:`MISSING`."""
    have = covered_codepoints()
    return "".join(ch if ord(ch) in have or ch == " " else MISSING for ch in text)
