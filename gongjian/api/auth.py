"""Bearer tokens and roles (令牌与角色).

Tokens come from ``GONGJIAN_TOKENS="token:role,token:role"`` and/or a tokens file
named by ``GONGJIAN_TOKENS_FILE`` (one ``token role`` or ``token:role`` a line,
``#`` starts a comment). Roles, each allowing what the one before allows:

- ``viewer`` 查看员: read;
- ``planner`` 规划员: + create needs, edit, claim, allocate;
- ``admin`` 管理员: + ingest, and personal data unmasked.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from pathlib import Path

ROLES: tuple[str, ...] = ("viewer", "planner", "admin")
ROLE_ZH: dict[str, str] = {"viewer": "查看员", "planner": "规划员", "admin": "管理员"}
_ROLE_WORDS = {**{r: r for r in ROLES}, **{zh: r for r, zh in ROLE_ZH.items()}}


class TokenError(ValueError):
    """A tokens setting cannot be read; the message says where and why."""


def _entry(text: str, where: str) -> tuple[str, str]:
    """One ``token:role`` or ``token role`` entry."""
    parts = text.split()
    if len(parts) == 2:
        token, role = parts
    elif len(parts) == 1:
        token, sep, role = text.strip().rpartition(":")
        if not sep:
            raise TokenError(f"{where}：“{_hint(text)}”缺少角色，应写成 令牌:角色")
    else:
        raise TokenError(f"{where}：“{_hint(text)}”应写成 令牌:角色 或 令牌 角色")
    code = _ROLE_WORDS.get(role.strip().lower()) or _ROLE_WORDS.get(role.strip())
    if code is None:
        raise TokenError(f"{where}：未知角色“{role}”，应为 {'、'.join(ROLES)}")
    token = token.strip()
    if len(token) < 8:
        raise TokenError(f"{where}：令牌太短（至少 8 个字符）")
    return token, code


def _hint(text: str) -> str:
    """An entry shown in an error without revealing the token."""
    s = text.strip()
    return s[:3] + "…" if len(s) > 3 else s


def parse_tokens(text: str, *, source: str = "GONGJIAN_TOKENS") -> dict[str, str]:
    """``token:role`` entries separated by commas or new lines; ``#`` comments; blank entries skipped."""
    tokens: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0]
        for item in line.split(","):
            if item.strip():
                where = f"{source} 第{n}行" if "\n" in text.strip() else source
                token, role = _entry(item, where)
                _add(tokens, token, role, where)
    return tokens


def _add(tokens: dict[str, str], token: str, role: str, where: str) -> None:
    """One token with one role: the same token given two roles is refused, not the last one taken."""
    if tokens.get(token, role) != role:
        raise TokenError(
            f"{where}：同一令牌“{_hint(token)}”被设为两个角色（{tokens[token]} 和 {role}），请只保留一个"
        )
    tokens[token] = role


def load_tokens(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The tokens ``GONGJIAN_TOKENS`` and ``GONGJIAN_TOKENS_FILE`` define (both may be set)."""
    env = os.environ if env is None else env
    tokens: dict[str, str] = {}
    file = env.get("GONGJIAN_TOKENS_FILE")
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except OSError as e:
            raise TokenError(f"无法读取令牌文件 {file}：{e.strerror or e}") from e
        tokens.update(parse_tokens(text, source=file))
    inline = env.get("GONGJIAN_TOKENS")
    if inline:
        for token, role in parse_tokens(inline).items():
            _add(tokens, token, role, "GONGJIAN_TOKENS")
    return tokens


def role_of(tokens: Mapping[str, str], presented: str) -> str | None:
    """The role of a presented token, or None; compares against every token in constant time."""
    given = presented.encode("utf-8")
    found: str | None = None
    for token, role in tokens.items():
        if hmac.compare_digest(token.encode("utf-8"), given):
            found = role
    return found


def allows(role: str, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may."""
    return ROLES.index(role) >= ROLES.index(needed)
