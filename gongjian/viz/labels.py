"""Names as drawn: whole, wrapped only between meaningful parts of an organisation's name.

A Chinese name breaks after a part that ends in an administrative or organisational word
(``五华区 / 华山街道 / 工作委员会``), never inside a word; a Latin word never breaks. A part
longer than the line is kept whole on its own line rather than cut.
"""

from __future__ import annotations

import re

#: Words a part of a name ends with: a line may break right after them.
PART_ENDS = (
    "街道", "社区", "村", "网格", "小区", "委员会", "党委", "党工委", "总支部", "党总支", "支部",
    "大党委", "联盟", "联席会议", "医院", "学校", "小学", "中学", "大学", "幼儿园", "学院",
    "公司", "分公司", "分行", "支行", "银行", "局", "分局", "派出所", "司法所", "服务所",
    "中心", "服务站", "站", "协会", "商会", "业委会", "居委会", "村委会", "市场", "集团",
)  # fmt: skip
#: Punctuation a line may break after (and ``（`` / ``“`` before).
_AFTER_MARKS = "：:—，、）)”"
_BEFORE_MARKS = "（(“"
#: A place name at the start of a name (``昆明市``, ``五华区``, ``中共``): a part of its own.
_LEADING_PLACE = re.compile(r"^(中共)?([\u4e00-\u9fff]{1,3}?[省市区县州])?")
#: Default line length, in full-width characters.
LINE = 10


def _width(text: str) -> float:
    """Width in full-width characters (ems): ASCII counts half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def parts(name: str) -> list[str]:
    """``name`` cut into the pieces a line may break between (joined, they give ``name`` back)."""
    if not name:
        return []
    cuts: set[int] = set()
    lead = _LEADING_PLACE.match(name)
    if lead:
        cuts.update(m for m in (lead.end(1) if lead.group(1) else 0, lead.end()) if m)
    for word in PART_ENDS:
        for m in re.finditer(re.escape(word), name):
            cuts.add(m.end())
    for i, ch in enumerate(name):
        if ch in _AFTER_MARKS or ch == " ":
            cuts.add(i + 1)
        if ch in _BEFORE_MARKS:
            cuts.add(i)
    # never before a closing mark, nor inside a Latin word or a number
    cuts = {c for c in cuts if c < len(name) and name[c] not in _AFTER_MARKS}
    cuts = {
        c
        for c in cuts
        if 0 < c < len(name)
        and not (name[c - 1].isascii() and name[c].isascii() and name[c - 1].isalnum() and name[c].isalnum())
    }
    bounds = [0, *sorted(cuts), len(name)]
    return [name[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def wrap(name: str, line: float = LINE) -> list[str]:
    """The lines ``name`` is drawn in: parts packed greedily up to ``line`` characters wide.

    A short name stays on one line; nothing is ever cut or dropped (``"".join(lines)``
    gives the name back, less the spaces lines were broken at).
    """
    if _width(name) <= line:
        return [name] if name else []
    lines: list[str] = []
    current = ""
    for piece in parts(name):
        if current and _width(current + piece) > line:
            lines.append(current.rstrip())
            current = piece.lstrip()
        else:
            current += piece
    if current:
        lines.append(current.rstrip())
    # a last line of one or two characters reads badly: pull it up when it fits a little over
    if len(lines) > 1 and _width(lines[-1]) <= 2 and _width(lines[-2] + lines[-1]) <= line * 1.25:
        lines[-2:] = [lines[-2] + lines[-1]]
    return lines
