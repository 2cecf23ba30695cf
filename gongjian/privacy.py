"""Personal data (names, phones, ID numbers) masked for everyone but admin: 张*明, 138****5678.

Masking happens once, at the boundary: :func:`mask_json` walks any response or
export and masks the personal properties of every node dict (a dict with a
``label``) according to the model.
"""

from __future__ import annotations

import re
from typing import Any

from gongjian.model import PERSONAL_PROPS

_DIGITS = re.compile(r"\d")
#: A digit as users type it: ASCII, or full-width (a Chinese input method's default).
_D = "[0-9０-９]"
_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
#: An ID-card number (17 digits and a check digit or X) or a mobile number.
_NUMBER = rf"(?:{_D}{{17}}[0-9Xx０-９Ｘｘ]|[1１][3-9３-９]{_D}{{9}})"
#: Mobile numbers and ID-card numbers typed into free text (需求描述, 共建内容, 备注 …).
_IN_TEXT = re.compile(rf"(?<![{_ALNUM}]){_NUMBER}(?![{_ALNUM}])")
#: Properties holding free text that users type personal data into.
FREE_TEXT = frozenset({"description", "content", "note", "title", "categories_text"})


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


def mask_text(text: str) -> str:
    """Phone and ID-card numbers inside free text, masked: 联系人电话13812345678 → 138****5678."""

    def one(m: re.Match[str]) -> str:
        s = m.group()
        return mask_id_number(s) if len(s) == 18 else mask_phone(s)

    return _IN_TEXT.sub(one, text)


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


#: In a JSON text, a run of digits long enough to hold a number :data:`_IN_TEXT` masks, and
#: the letters and digits after it (a credit code's check letter).
_DIGIT_RUN = re.compile(rf"{_D}{{11,}}[{_ALNUM}]*")
#: A plain ASCII key and the opening quote of its value, ending where the search ends.
_PLAIN_KEY = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)":\s*"\Z')
#: The same, bytewise and quickly: 11 ASCII digits in a row (once every digit is a 0), a
#: full-width digit, and an ``"id"`` whose value is all digits (and letters after them).
_ELEVEN = b"0" * 11
_ZEROS = bytes.maketrans(b"0123456789", b"0" * 10)
_FULL_WIDTH_DIGIT = re.compile(rb"\xef\xbc[\x90-\x99]")  # ０-９ in UTF-8
_ID_VALUE = re.compile(rb'"id":"(?<!\\"id":")[0-9]{11,}[0-9A-Za-z]*"')
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
    if any(label in body and any(key in body for key in keys) for label, keys in _QUOTED):
        return True  # (before the digits: an answer with a unit's contact need not look at them)
    if _digits_enough(body) and _digits_enough(_ID_VALUE.sub(b"", body)):
        # digits enough for a number outside the ids (rare): look at each run of them
        try:
            text = body.decode()
        except UnicodeDecodeError:
            return True
        return not all(_identifier(text, run.start(), run.end()) for run in _DIGIT_RUN.finditer(text))
    return False


def _digits_enough(body: bytes) -> bool:
    return _FULL_WIDTH_DIGIT.search(body) is not None or _ELEVEN in body.translate(_ZEROS)


def _identifier(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the whole string value of a plain ASCII key that is not
    free text (``"id":"110105…"``): :func:`mask_json` leaves it as it is."""
    if text[end : end + 1] != '"':
        return False
    key = _PLAIN_KEY.search(text, max(0, start - 48), start)
    if key is None or (key.start() > 0 and text[key.start() - 1] == "\\"):
        return False  # no key, or a quote escaped inside a string: '"备注\\"id":"138…'
    return key.group(1) not in FREE_TEXT


def mask_json(obj: Any) -> Any:
    """Mask every node dict inside a JSON-like value (lists, dicts, nested).

    A value not yet serialised is masked as its JSON would be: a tuple as a list, a key
    that is not text (a number, which JSON writes as ASCII text) as a plain key.
    """
    if isinstance(obj, list | tuple):
        return [mask_json(v) for v in obj]
    if isinstance(obj, dict):
        out = {
            k: mask_text(v)
            if isinstance(v, str) and (k in FREE_TEXT or (isinstance(k, str) and not k.isascii()))
            else mask_json(v)
            for k, v in obj.items()
        }
        label = out.get("label")
        if isinstance(label, str) and label in PERSONAL_PROPS:
            out = mask_props(label, out)
            if label == "Person" and out.get("name"):
                out["name"] = mask_name(obj["name"])
        elif out.get("member_type") == "person" and out.get("name"):
            out["name"] = mask_name(obj["name"])
        return out
    return obj
