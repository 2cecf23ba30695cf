"""What counts as a figure in a practice article (文章里的数字), and what it counts.

A figure is a number with its measure word or a percent sign: 286个, 39.2万余个, 近10万名,
1-2个, 96.3%, 97%以上, 三十六件. A year (2022年), an ordinal (第二十一次), a phone or ID number,
a bare number (1+2+N) and a one-character Chinese numeral (两份文件, 百名干部: a slogan more
often than a count) are not figures. What a figure counts is read from its clause with the
vocabulary of ``figures.toml``: the word right after the measure word (286个社区大党委), else a
verb before the number that decides it (已办结6.01万起, 完成“微心愿”1.5万个), else the nearest
word before it (建立网格党支部7025个); a percentage by the rate word before it (办结率96.3%).
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

# ------------------------------------------------------------------ vocabulary


@dataclass(frozen=True)
class Measure:
    """What figures count: its code, Chinese name, words, deciding verbs, and the graph's count."""

    code: str
    zh: str
    words: tuple[str, ...]
    before: tuple[str, ...]
    rate: bool
    graph: str | None
    units: tuple[str, ...] = ()
    """The measure words its figures are written with; empty: any."""

    def fits(self, unit: str) -> bool:
        return not self.units or unit in self.units


@functools.cache
def measures() -> dict[str, Measure]:
    """The vocabulary, in the order of figures.toml."""
    data = tomllib.loads(Path(__file__).with_name("figures.toml").read_text(encoding="utf-8"))
    return {
        code: Measure(
            code,
            t["zh"],
            tuple(t.get("words", ())),
            tuple(t.get("before", ())),
            bool(t.get("rate", False)),
            t.get("graph"),
            tuple(t.get("units", ())),
        )
        for code, t in data.items()
    }


@functools.cache
def _vocabulary(rate: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    """Every word of the counts' (or the rates') measures → its measure, as one pattern that
    takes the longest word at each place."""
    owner = {w: m.code for m in measures().values() if m.rate == rate for w in m.words}
    words = sorted(owner, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), owner


@functools.cache
def _verbs() -> tuple[re.Pattern[str], dict[str, str]]:
    owner = {w: m.code for m in measures().values() for w in m.before}
    return re.compile("|".join(re.escape(w) for w in sorted(owner, key=len, reverse=True))), owner


# ------------------------------------------------------------------ numbers

_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_SCALE = {"万": 10_000, "亿": 100_000_000}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．－～", "0123456789%.-~")
_FULL_WIDTH_CHARS = re.compile("[０-９％．－～]")

#: Measure words a figure may end in, longest first (人次 before 人).
UNITS = (
    "人次", "场次", "户次", "个", "家", "名", "人", "户", "件", "起", "次", "场", "项", "条", "支",
    "所", "座", "处", "小时", "栋", "批", "份", "张", "台", "辆", "篇", "类", "位", "间", "亩",
    "公里", "平方米", "吨", "元", "万", "亿",
)  # fmt: skip
#: Qualifiers written before a number, and what they say.
BEFORE = {"超过": "over", "逾": "over", "多达": "over", "将近": "nearly", "接近": "nearly", "近": "nearly",
          "约": "about", "不足": "under", "不到": "under"}  # fmt: skip
#: Qualifiers written after a number or its measure word.
AFTER = {"余": "over", "多": "over", "以上": "over", "左右": "about", "以下": "under"}

_BEFORE_RE = re.compile(f"(?:{'|'.join(sorted(BEFORE, key=len, reverse=True))})$")
_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
FIGURE = re.compile(
    r"(?<![0-9A-Za-z.\-+／/第零〇一二两三四五六七八九十百千万亿])"
    rf"(?P<num>{_NUM})"
    rf"(?:\s*(?:-|~|至|到|—|–)\s*(?P<high>{_NUM}))?"
    rf"(?=[万亿余多]|%|‰|{'|'.join(u for u in UNITS if u not in _SCALE)})"  # a measure word follows
    r"(?P<scale>[万亿])?"
    r"(?P<more>余|多)?"
    rf"(?P<unit>%|‰|{'|'.join(u for u in UNITS if u not in _SCALE)})?"
    r"(?P<post>以上|左右|以下|多|余)?"
)
_PHONE_WORDS = ("电话", "手机", "联系", "热线", "身份证", "号码", "微信", "QQ", "编号")
_YEAR = re.compile(r"(?<![\d\-~至])((?:19|20)\d\d)年(?!\d)")
_QUOTES = re.compile("[“”‘’\"'「」『』《》〈〉]")
_CLAUSE = re.compile(r"[，,；;。！？!?：:（）()]")
_CONNECTORS = re.compile(r"(为|达到|达|是|均|约|在|共|累计|突破|提高到|提升至|提高至)+$")


def parse_number(text: str) -> Decimal | None:
    """A number in digits or in Chinese numerals (三十六, 一百零五, 二〇二三), or None."""
    text = text.translate(_FULL_WIDTH)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        return None
    if all(c in _CN_DIGITS for c in text):  # digit by digit: 二〇二三
        return Decimal("".join(str(_CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in _CN_DIGITS:
            if digit:  # 一二 inside a number: not one
                return None
            digit = _CN_DIGITS[c]  # 零 keeps its place: 一百零五
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
    return Decimal(total + (digit or 0))


def plain(value: Decimal) -> int | float:
    """A decimal as JSON writes it: an int when whole."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Figure:
    """A figure found in a sentence, before its place is known."""

    start: int
    """Where it stands in the sentence."""
    text: str
    """As written: 39.2万余个."""
    value: int | float
    high: int | float | None
    """The top of a range (1-2个), else None."""
    qualifier: str | None
    """over (余, 多, 以上, 超过), nearly (近), about (约, 左右), under (不足) or None."""
    unit: str
    """The measure word, or % (万 and 亿 are in the value)."""
    measure: str | None
    """Its code in figures.toml, or None when the vocabulary does not say what it counts."""
    what: str
    """The words that say what it counts: the vocabulary's word, else the words around it."""
    year: int | None
    """The year its sentence gives before it (2022年), else None."""

    def record(self) -> dict[str, Any]:
        """What a Document keeps of it, but its place: text, value, high, qualifier, unit,
        measure, what, year."""
        return {k: getattr(self, k) for k in _RECORD}


_RECORD = tuple(f.name for f in fields(Figure) if f.name != "start")


def figures_in(text: str) -> list[Figure]:
    """The figures a text (a sentence, a passage) reports, in order."""
    if _FULL_WIDTH_CHARS.search(text):
        text = text.translate(_FULL_WIDTH)
    found: list[Figure] = []
    cuts = [0, *(c.end() for c in _CLAUSE.finditer(text))]
    for m in FIGURE.finditer(text):
        got = _figure(text, m, cuts)
        if got is not None:
            found.append(got)
    return found


def _figure(text: str, m: re.Match[str], cuts: list[int]) -> Figure | None:
    """The figure a match is, or None; ``cuts``: where the text's clauses start."""
    unit = m["unit"] or m["scale"]  # 常住人口13万, 1万多: no measure word
    if not unit:
        return None  # a bare number: a date, a code, a phone, 1+2+N
    raw, high_raw = m["num"], m["high"]
    digits = raw[0].isdigit()
    if not digits and len(raw) < 2:
        return None  # 两份, 百名, 五个工程: words more than counts
    whole = len(raw.split(".")[0])
    if digits and (whole >= 11 or (whole >= 7 and _phone_context(text, m.start()))):
        return None  # a phone or ID number followed by a measure word by chance
    value = parse_number(raw)
    if value is None:
        return None
    high = parse_number(high_raw) if high_raw else None
    if unit in _SCALE or m["scale"]:
        scale = _SCALE[m["scale"] or unit]
        value, high = value * scale, (high * scale if high is not None else None)
        if unit in _SCALE:
            unit = ""
    if high is not None and high < value:
        return None  # 5-3: not a range
    said = _BEFORE_RE.search(text, max(0, m.start() - 2), m.start())
    pre = said.group(0) if said else ""
    qualifier = BEFORE.get(pre) or AFTER.get(m["more"] or "") or AFTER.get(m["post"] or "")
    start = m.start() - len(pre)
    k = bisect.bisect_right(cuts, start) - 1
    measure, what = _what(
        text[cuts[k] : cuts[k + 1] - 1 if k + 1 < len(cuts) else len(text)],
        start - cuts[k],
        m.end() - cuts[k],
        unit,
    )
    return Figure(
        start=start,
        text=pre + m.group(0),
        value=plain(value),
        high=plain(high) if high is not None else None,
        qualifier=qualifier,
        unit=unit,
        measure=measure,
        what=what,
        year=year_before(text, m.start()),
    )


def _phone_context(text: str, at: int) -> bool:
    return any(w in text[max(0, at - 6) : at] for w in _PHONE_WORDS)


def year_before(text: str, at: int) -> int | None:
    """The last year the sentence gives before position ``at`` of ``text`` (2022年, not
    2023-2025年)."""
    start = max(text.rfind(end, 0, at) for end in "。！？") + 1
    years = [int(y.group(1)) for y in _YEAR.finditer(text, start, at)]
    return years[-1] if years else None


def _what(clause: str, start: int, end: int, unit: str) -> tuple[str | None, str]:
    """What a figure at ``clause[start:end]``, written with ``unit``, counts: (its measure's code
    or None, the words that say so). Only a measure written with such a unit is taken."""
    rate = unit in ("%", "‰")
    before = _QUOTES.sub("", clause[:start])
    after = _QUOTES.sub("", clause[end:])
    words, owner = _vocabulary(rate)
    known = measures()
    if not rate:
        head = words.match(after)  # 286个社区大党委
        if head and known[owner[head.group(0)]].fits(unit):
            return owner[head.group(0)], head.group(0)
        verbs, verb_owner = _verbs()
        for said in reversed(list(verbs.finditer(before))):  # 已办结6.01万起
            if known[verb_owner[said.group(0)]].fits(unit):
                return verb_owner[said.group(0)], said.group(0)
    for named in reversed(list(words.finditer(before))):  # 建立网格党支部7025个, 办结率为96.3%
        if len(_CONNECTORS.sub("", before[named.end() :])) <= 1 and known[owner[named.group(0)]].fits(unit):
            return owner[named.group(0)], named.group(0)
    tail = _CONNECTORS.sub("", before)[-8:] if rate or not after else after[:8]
    return None, tail.strip("、 ")
