"""Chinese wording for messages that come from libraries: Pydantic's validation errors
(the API's 422 answers, the CLI's bad option values).

Pydantic gives each error a stable ``type`` and its figures in ``ctx``; the Chinese text is
made from those, not from the English sentence. :func:`pydantic_text` is for the places that
only see the English sentence (the CLI's option parser formats it before we see it).
"""

from __future__ import annotations

import re
from typing import Any

# error type → Chinese, with {placeholders} from the error's ctx
PYDANTIC_TYPES: dict[str, str] = {
    "missing": "必填",
    "extra_forbidden": "不认识这个字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数，不能有小数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为是/否（true 或 false）",
    "bool_type": "应为是/否（true 或 false）",
    "string_type": "应为文本",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "至多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不对（应符合 {pattern}）",
    "too_short": "至少 {min_length} 项",
    "too_long": "至多 {max_length} 项",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应小于或等于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "literal_error": "应为 {expected} 之一",
    "enum": "应为 {expected} 之一",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "应为日期，不带时刻",
    "datetime_parsing": "应为日期时间（YYYY-MM-DDTHH:MM:SS）",
    "datetime_type": "应为日期时间（YYYY-MM-DDTHH:MM:SS）",
    "datetime_from_date_parsing": "应为日期时间（YYYY-MM-DDTHH:MM:SS）",
    "uuid_parsing": "应为 UUID",
    "url_parsing": "应为网址",
    "value_error": "{error}",
    "assertion_error": "{error}",
}

_OR = re.compile(r"'([^']*)' or '([^']*)'")


def pydantic_message(error: dict[str, Any]) -> str:
    """The Chinese text of one Pydantic error (as ``ValidationError.errors()`` gives it)."""
    template = PYDANTIC_TYPES.get(str(error.get("type")))
    if template is None:
        return str(error.get("msg", "输入有误"))
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace("' or '", "'、'")
    if error.get("type") in ("value_error", "assertion_error"):
        # our own validators raise Chinese messages; Pydantic prefixes them in English
        message = str(error.get("msg", ""))
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        return message or "输入有误"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return template.split("{")[0].rstrip("（ ") or str(error.get("msg"))


# English sentences Pydantic writes, for text already formatted (the CLI's option errors)
_TEXTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Input should be a valid integer[^.]*"), "应为整数"),
    (re.compile(r"Input should be a valid number[^.]*"), "应为数字"),
    (re.compile(r"Input should be a valid boolean[^.]*"), "应为是/否（true 或 false）"),
    (re.compile(r"Input should be a valid date[^.]*"), "应为日期（YYYY-MM-DD）"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"应大于或等于 \1"),
    (re.compile(r"Input should be greater than (\S+)"), r"应大于 \1"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"应小于或等于 \1"),
    (re.compile(r"Input should be less than (\S+)"), r"应小于 \1"),
    (re.compile(r"Input should be (.+? or .+)"), r"应为 \1 之一"),
    (re.compile(r"Field required"), "必填"),
]


def pydantic_text(text: str) -> str:
    """Chinese for a message that holds one of Pydantic's English sentences; others unchanged."""
    for pattern, zh in _TEXTS:
        text = pattern.sub(zh, text)
    return _OR.sub(r"'\1'、'\2'", text) if "之一" in text else text
