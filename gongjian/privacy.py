"""Personal data (names, phones, ID numbers) masked for everyone but admin: 张*明, 138****5678.

Masking happens once, at the boundary: :func:`mask_json` walks any response or
export and masks the personal properties of every node dict (a dict with a
``label``) according to the model.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from gongjian.model import PERSONAL_PROPS

_DIGITS = re.compile(r"\d")
#: A digit as users type it: ASCII, or full-width (a Chinese input method's default).
_D = "[0-9０-９]"
_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
#: One optional separator between digits, as people write numbers: 138 1234 5678, 138-1234-5678.
_S = "[ \\-]?"
#: An ID-card number: 17 digits and a check digit or X, in groups or not (5301 1119 …, 530111-19800101-…).
_ID = rf"{_D}(?:{_S}{_D}){{16}}{_S}[0-9Xx０-９Ｘｘ]"
#: A landline with its area code: 087165555555, 0871-6555 5555, (0871)65555555.
_LANDLINE = rf"[(（]?[0０]{_D}{{2,3}}[)）]?{_S}{_D}{{3,4}}{_S}{_D}{{4}}"
#: A mobile number, with the country code or not: 13812345678, +86-139-8765-4321, (138)12345678.
_MOBILE = rf"(?:[+＋]?86{_S})?[(（]?[1１]{_S}[3-9３-９]{_S}{_D}[)）]?{_S}(?:{_D}{_S}){{7}}{_D}"
#: An ID-card number or a phone number, as users type them into any text.
_NUMBER = rf"(?:{_ID}|{_LANDLINE}|{_MOBILE})"
#: Mobile numbers and ID-card numbers typed into free text (需求描述, 共建内容, 备注 …).
_IN_TEXT = re.compile(rf"(?<![{_ALNUM}]){_NUMBER}(?![{_ALNUM}])")
_DIGIT_LIKE = frozenset("0123456789０１２３４５６７８９XxＸｘ")
#: Properties holding free text that users type personal data into.
FREE_TEXT = frozenset(
    {
        "description",
        "content",
        "note",
        "title",
        "categories_text",
        "source",
        "sentence",
        "passages",
        "snippet",
    }
)

#: What a column's name says its values are (an extra column kept from a ledger: 负责人, 备用手机 …),
#: the most specific first: 联系人电话 is a phone, 负责人身份证 an ID number.
_KEY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id_number", ("身份证", "证件号", "身份号", "idcard", "id_card", "id_number", "idno")),
    ("phone", ("手机", "电话", "联系方式", "座机", "微信", "phone", "mobile", "wechat", "tel")),
    (
        "name",
        (
            "负责人",
            "联系人",
            "姓名",
            "名字",
            "户主",
            "法人",
            "代表人",
            "经办人",
            "填报人",
            "书记",
            "申请人",
            "求助人",
            "contact",
            "leader",
        ),
    ),
)
#: The same words as UTF-8, for the quick look at an answer's text.
_KEY_BYTES = tuple(w.encode() for _, words in _KEY_WORDS for w in words)


def personal_kind(key: object) -> str | None:
    """What personal data a property holds by its name alone (``name``, ``phone``, ``id_number``),
    or None. ASCII names count by whole words (``backup_phone``, not ``telegram``)."""
    if not isinstance(key, str) or not key:
        return None
    if key.isascii():
        words = set(re.split(r"[^a-z]+", key.lower()))
        joined = "_".join(w for w in re.split(r"[^a-z]+", key.lower()) if w)
        for kind, names in _KEY_WORDS:
            if any(n in words or (n.isascii() and "_" in n and n in joined) for n in names if n.isascii()):
                return kind
        return None
    for kind, names in _KEY_WORDS:
        if any(n in key for n in names if not n.isascii()):
            return kind
    return None


def mask_name(name: str) -> str:
    """张三明 → 张*明, 李四 → 李*, 欧阳娜娜 → 欧**娜."""
    s = str(name)
    if len(s) <= 1:
        return "*"
    if len(s) == 2:
        return s[0] + "*"
    return s[0] + "*" * (len(s) - 2) + s[-1]


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; 0871-63123456 → 0871-****3456: only the last four digits show."""
    s = str(phone)
    whole = _IN_TEXT.fullmatch(s.strip())
    if whole is not None and s.strip()[:1] not in ("0", "０"):  # a mobile however written: +86-139-…
        return s.replace(whole.group(), _mask_number(whole.group()))
    digits = [m.start() for m in _DIGITS.finditer(s)]
    if len(digits) <= 4:
        return "*" * len(s)
    keep_head = 3 if len(digits) == 11 and s.lstrip("+")[:1] in ("1", "１") else 0
    if "-" in s and not keep_head:
        keep_head = s.index("-")  # area code of a landline
    hidden = set(digits[keep_head:-4]) if keep_head < len(digits) - 4 else set()
    return "".join("*" if i in hidden else ch for i, ch in enumerate(s))


def mask_id_number(number: str) -> str:
    """110105194912310021 → 110105********0021."""
    s = str(number)
    return s[:6] + "*" * max(len(s) - 10, 0) + s[-4:] if len(s) > 10 else "*" * len(s)


MASKS = {"name": mask_name, "phone": mask_phone, "id_number": mask_id_number}


def _hide(s: str, head: int) -> str:
    """``s`` with its digits hidden but the first ``head`` and the last four."""
    places = [i for i, ch in enumerate(s) if ch in _DIGIT_LIKE]
    hidden = (
        set(places[head:-4]) if len(places) > head + 4 else set(places[:-4] if len(places) > 4 else places)
    )
    return "".join("*" if i in hidden else ch for i, ch in enumerate(s))


def _mask_number(s: str) -> str:
    """One number :data:`_IN_TEXT` found: an ID keeps its first six and last four, a mobile its
    first three (after a country code) and last four, a landline its area code and last four."""
    digits = sum(ch in _DIGIT_LIKE for ch in s)
    if digits == 18:
        return _hide(s, 6)
    bare = s.lstrip("(（+＋ ")
    if bare[:1] in ("0", "０"):
        return _hide(s, digits - 8 if digits >= 11 else 3)
    return _hide(s, 5 if digits == 13 else 3)


def mask_text(text: str) -> str:
    """Phone and ID-card numbers inside free text, masked: 联系人电话13812345678 → 138****5678,
    138 1234 5678 → 138 **** 5678, 530111-19800101-1233 → 530111-********-1233."""
    return _IN_TEXT.sub(lambda m: _mask_number(m.group()), text)


def mask_props(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """A copy of a node's properties with its personal data masked."""
    personal = PERSONAL_PROPS.get(label)
    if not personal:
        return props
    out = dict(props)
    for key, kind in personal.items():
        if out.get(key):
            out[key] = MASKS[kind](out[key])
    return out


#: A plain ASCII key.
_PLAIN_NAME = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
#: The rest of a string value, to its closing quote.
_REST = re.compile(rb'[^"\\]{0,64}"')
#: In a body whose digits are all 0: a run of digits, the separators between them, and the
#: letters after them (a credit code's check letter).
_RUN = re.compile(rb"0[0 \-()+]{9,}0[0A-Za-z]*")
#: Eleven digits in a row (once every digit is a 0 and the separators are gone).
_ELEVEN = b"0" * 11
_ZEROS = bytes.maketrans(b"0123456789", b"0" * 10)
#: What may stand between the digits of one number (deleted before the digits are counted).
_SEPARATORS = b" -()+"
_FULL_WIDTH_DIGIT = re.compile(rb"\xef\xbc[\x90-\x99]")  # ０-９ in UTF-8
#: Per personal label, its name quoted, and its personal properties' names quoted.
_QUOTED = [
    (f'"{label}"'.encode(), [f'"{key}"'.encode() for key in keys]) for label, keys in PERSONAL_PROPS.items()
]


def may_hold_personal_data(body: bytes) -> bool:
    """False only when :func:`mask_json` would leave the value of the JSON ``body`` as it is.

    A conservative look at the text, far cheaper than parsing and walking it: no escape
    and no mobile or ID number that could be free text (an identifier such as a unit's
    all-digit credit code is not), no ``"person"`` member, and no personal label appearing
    with one of its personal properties (a ``"Unit"`` with a ``"phone"``). Anything else
    says True, and the answer is masked the long way.
    """
    if b"\\u" in body or b'"person"' in body:  # an escape could spell anything
        return True
    if _personal_key(body):  # a property named 负责人, 备用手机, backup_phone …
        return True
    if any(label in body and any(key in body for key in keys) for label, keys in _QUOTED):
        return True  # (before the digits: an answer with a unit's contact need not look at them)
    if _FULL_WIDTH_DIGIT.search(body) is not None:
        return True  # rare in answers: look the long way
    digits = body.translate(_ZEROS)  # every digit a 0
    if _ELEVEN not in digits.translate(None, _SEPARATORS):
        return False
    # digits enough for a number (rare outside identifiers): look at each run of them
    for run in _RUN.finditer(digits):
        if run.group().count(b"0") >= 11 and not _identifier(body, run.start(), run.end()):
            return True
    return False


def _personal_key(body: bytes) -> bool:
    """Whether a key of the JSON ``body`` says it holds personal data (or may: a key too long to
    look at whole, or one with an escaped quote)."""
    pieces = body.split(b'":')
    pieces.pop()  # after the last key
    for tail in {piece[-66:] for piece in pieces}:
        quote = tail.rfind(b'"')
        if quote < 0 or (quote > 0 and tail[quote - 1] == 0x5C) or _key_kind(tail[quote + 1 :]):
            return True
    return False


@functools.lru_cache(maxsize=8192)
def _key_kind(key: bytes) -> bool:
    return personal_kind(key.decode("utf-8", "replace")) is not None


def _identifier(text: bytes, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside the string value of a plain ASCII key that is
    neither free text nor personal (``"id":"U-530102-00016"``): :func:`mask_json` leaves it as it is."""
    if _REST.match(text, end) is None:
        return False
    opening = text.rfind(b'"', max(0, start - 66), start)  # the value's opening quote
    if opening < 0 or b"\\" in text[opening:start]:
        return False
    colon = opening - 1
    while colon > 0 and text[colon] in b" \n":
        colon -= 1
    if text[colon] != 0x3A or text[colon - 1] != 0x22:  # '":' before the value
        return False
    key_start = text.rfind(b'"', max(0, colon - 66), colon - 1)
    if key_start < 0 or (key_start > 0 and text[key_start - 1] == 0x5C):
        return False
    name = text[key_start + 1 : colon - 1]
    if not _PLAIN_NAME.fullmatch(name):
        return False
    return _plain_identifier(name)


@functools.lru_cache(maxsize=1024)
def _plain_identifier(name: bytes) -> bool:
    key = name.decode()
    return key not in FREE_TEXT and personal_kind(key) is None


def _masked_value(key: Any, value: Any) -> Any:
    """A property's value masked by what its name says it is, or as free text."""
    kind = personal_kind(key)
    if kind is not None and value is not None and not isinstance(value, bool | dict | list | tuple):
        text = str(value)
        return MASKS[kind](text) if text.strip() else value
    if isinstance(value, str):
        if key in FREE_TEXT or (isinstance(key, str) and not key.isascii()):
            return mask_text(value)
        return value
    if key in FREE_TEXT and isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return [mask_text(v) for v in value]  # an article's passages
    if isinstance(value, int) and not isinstance(value, bool) and isinstance(key, str) and not key.isascii():
        masked = mask_text(str(value))  # a number typed into an extra column of a workbook
        return value if masked == str(value) else masked
    return mask_json(value)


def mask_json(obj: Any) -> Any:
    """Mask every node dict inside a JSON-like value (lists, dicts, nested).

    Personal data is masked by what a value is: a node's personal properties by the model,
    any property whose name says it holds a name, a phone or an ID number (an extra column
    such as 负责人 or 备用手机), and phone and ID numbers typed into free text (the free-text
    properties and every column kept under a Chinese name).

    A value not yet serialised is masked as its JSON would be: a tuple as a list, a key
    that is not text (a number, which JSON writes as ASCII text) as a plain key.
    """
    if isinstance(obj, list | tuple):
        return [mask_json(v) for v in obj]
    if isinstance(obj, dict):
        out = {k: _masked_value(k, v) for k, v in obj.items()}
        label = out.get("label")
        if isinstance(label, str) and label in PERSONAL_PROPS:
            out = mask_props(label, {**out, **{k: obj[k] for k in PERSONAL_PROPS[label] if k in obj}})
            if label == "Person" and out.get("name"):
                out["name"] = mask_name(obj["name"])
        elif out.get("member_type") == "person" and out.get("name"):
            out["name"] = mask_name(obj["name"])
        return out
    return obj
