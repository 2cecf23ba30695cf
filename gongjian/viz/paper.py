"""Print options of a picture: paper size, orientation and resolution, checked with Chinese errors."""

from __future__ import annotations

from dataclasses import dataclass

#: ISO paper sizes, portrait, in inches (width, height).
PAPERS: dict[str, tuple[float, float]] = {"A4": (8.27, 11.69), "A3": (11.69, 16.54)}
ORIENTATIONS = {"portrait": "纵向", "landscape": "横向"}
#: Resolution of a PNG (dots per inch); SVG and PDF are vector pictures.
DPI_DEFAULT, DPI_MIN, DPI_MAX = 150, 72, 600
#: The formats drawn as pictures, where the print options apply.
PICTURE_FORMATS = ("png", "svg", "pdf")


class PrintOptionError(ValueError):
    """A print option the user gave is not valid; ``option`` names it (paper, orientation, dpi)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class PrintOptions:
    """``paper`` None: a size that fits the drawing at its natural scale. ``orientation`` None:
    landscape when the drawing is wider than tall."""

    paper: str | None = None
    orientation: str | None = None
    dpi: int = DPI_DEFAULT

    def size(self, wide: bool) -> tuple[float, float] | None:
        """Page width and height in inches, or None without a paper size."""
        if self.paper is None:
            return None
        w, h = PAPERS[self.paper]
        landscape = self.orientation == "landscape" if self.orientation else wide
        return (h, w) if landscape else (w, h)


def print_options(
    paper: str | None = None, orientation: str | None = None, dpi: int | None = None
) -> PrintOptions:
    """Checked options from user text (``a4``, ``A3``; ``landscape``/``横向``).

    Raises :class:`PrintOptionError` with a Chinese message."""
    name = None
    if paper is not None and paper.strip():
        name = paper.strip().upper()
        if name not in PAPERS:
            raise PrintOptionError("paper", f"纸张 {paper} 不支持；可选 {'、'.join(PAPERS)}")
    turn = None
    if orientation is not None and orientation.strip():
        text = orientation.strip().lower()
        turn = next((k for k, zh in ORIENTATIONS.items() if text in (k, zh)), None)
        if turn is None:
            choices = "、".join(f"{k}（{zh}）" for k, zh in ORIENTATIONS.items())
            raise PrintOptionError("orientation", f"方向 {orientation} 不支持；可选 {choices}")
        if name is None:
            raise PrintOptionError("orientation", "方向只在指定纸张（A4 或 A3）时有效")
    if dpi is None:
        dpi = DPI_DEFAULT
    elif not DPI_MIN <= dpi <= DPI_MAX:
        raise PrintOptionError("dpi", f"分辨率 {dpi} dpi 超出范围：应在 {DPI_MIN}–{DPI_MAX} 之间")
    return PrintOptions(name, turn, dpi)
