"""Check characters of the national codes users type into ledgers.

- 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters
  from a 31-symbol alphabet, the last one a check character (mod 31).
- 公民身份号码 (resident ID-card number), GB 11643-1999: 17 digits and a check
  digit (ISO 7064 MOD 11-2, ``X`` for 10), with a real birth date inside.
"""

from __future__ import annotations

import datetime as dt
from operator import mul

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_ZERO = ord("0") * sum(_ID_WEIGHTS)


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a credit code."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code, or None if it is."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实为{len(code)}位"
    bad = sorted({c for c in code if c not in _USCC_VALUE})
    if bad:
        return f"统一社会信用代码含非法字符 {''.join(bad)}（不可用 I、O、Z、S、V）"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：应为 {expected}"
    return None


def looks_like_uscc(code: str) -> bool:
    """An 18-character id is taken as a credit code and must then pass the check."""
    return len(code) == 18


def id_check_digit(first17: str) -> str:
    """The check digit for the first 17 digits of an ID-card number."""
    digits = first17.encode("ascii")
    if len(digits) != 17 or not digits.isdigit():
        raise ValueError(f"需要17位数字：{first17!r}")
    total = sum(map(mul, digits, _ID_WEIGHTS)) - _ID_ZERO  # bytes are ASCII codes: '0' is 48
    return _ID_CHECK[total % 11]


def id_number_problem(number: str) -> str | None:
    """Why ``number`` is not a valid 18-digit ID-card number, or None if it is."""
    if len(number) != 18:
        return f"身份证号应为18位，实为{len(number)}位"
    if not number[:17].isascii() or not number[:17].isdigit():
        return "身份证号前17位应为数字"
    if number[17] not in "0123456789X":
        return "身份证号第18位应为数字或 X"
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"身份证号中的出生日期 {number[6:14]} 不存在"
    expected = id_check_digit(number[:17])
    if number[17] != expected:
        return f"身份证号校验位错误：应为 {expected}"
    return None
