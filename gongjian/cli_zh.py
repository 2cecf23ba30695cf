"""The CLI's frame in Chinese: Typer's help panels, usage line, help option and error box.

Typer (0.29) carries its own copy of Click without gettext, so there is no catalogue to
install. What Typer offers is used instead: its rich formatting constants (panel titles,
``[default: …]``, ``[required]``, the error box), ``options_metavar``/``subcommand_metavar``,
and command classes (``cls``) whose usage line, help option and error messages are
Chinese. :class:`ZhTyper` is a ``typer.Typer`` that uses them for every command it makes.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer import rich_utils
from typer._click.exceptions import ClickException
from typer.core import TyperCommand, TyperGroup

from gongjian.zh import pydantic_text

rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
rich_utils.OPTIONS_PANEL_TITLE = "选项"
rich_utils.COMMANDS_PANEL_TITLE = "命令"
rich_utils.ERRORS_PANEL_TITLE = "错误"
rich_utils.DEFAULT_STRING = "[默认：{}]"
rich_utils.ENVVAR_STRING = "[环境变量：{}]"
rich_utils.REQUIRED_LONG_STRING = "[必填]"
rich_utils.DEPRECATED_STRING = "（已弃用）"
rich_utils.ABORTED_TEXT = "已中止。"
rich_utils.RICH_HELP = "用 [blue]'{command_path} {help_option}'[/] 查看帮助。"
rich_utils.OptionHighlighter.highlights = [*rich_utils.OptionHighlighter.highlights, r"(?P<usage>用法：)"]

USAGE = "用法："
HELP = "显示本帮助并退出。"
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."

# Click's (and Typer's) English messages → Chinese; applied in order, to the whole message
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument '?([^'.]+)'?\.$"), r"缺少参数 \1。"),
    (re.compile(r"^Missing option '?([^']+?)'?\.$"), r"缺少选项 \1。"),
    (re.compile(r"^Missing parameter: (.+)$"), r"缺少参数 \1"),
    (re.compile(r"^Missing command\.$"), "缺少命令。"),
    (re.compile(r"^No such command '([^']+)'\.?"), r"没有命令 '\1'。"),
    (re.compile(r"\s*Did you mean (.+)\?$"), r"是不是要用 \1？"),
    (re.compile(r"^No such option: (\S+)"), r"没有选项 \1"),
    (re.compile(r"\s*\(Possible options: (.+)\)$"), r"（可用的选项：\1）"),
    (re.compile(r"^Invalid value for (.+?): "), r"\1 的值无效："),
    (re.compile(r"^Invalid value: "), "值无效："),
    (re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((.*)\)$"), r"多余的参数（\1）"),
    (re.compile(r"^Option '([^']+)' requires an argument\.$"), r"选项 \1 需要一个值。"),
    (re.compile(r"^Option '([^']+)' requires (\d+) arguments\.$"), r"选项 \1 需要 \2 个值。"),
    (re.compile(r"^Option '([^']+)' does not take a value\.$"), r"选项 \1 不带值。"),
    (re.compile(r"'([^']*)' is not one of (.+)\.$"), r"'\1' 不是可选值之一：\2。"),
    (re.compile(r"(?:File|Directory|Path) '(.+)' does not exist\.$"), r"'\1' 不存在。"),
    (re.compile(r"Value '(.+)' is not a valid (.+)\.$"), r"'\1' 不是有效的 \2。"),
]


def message_zh(text: str) -> str:
    """The Chinese of one of Click's messages (unknown ones pass unchanged)."""
    for pattern, zh in _MESSAGES:
        text = pattern.sub(zh, text)
    return pydantic_text(text)


def _translated(e: ClickException) -> ClickException:
    if not getattr(e, "_gongjian_zh", False):
        text = message_zh(e.format_message())
        e.format_message = lambda: text  # type: ignore[method-assign]
        e._gongjian_zh = True  # type: ignore[attr-defined]
    return e


class _Zh:
    """Usage line and help option in Chinese; parsing errors translated as they leave."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP
        return option

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except ClickException as e:
            raise _translated(e) from e.__cause__


class ZhCommand(_Zh, TyperCommand):
    pass


class ZhGroup(_Zh, TyperGroup):
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except ClickException as e:
            raise _translated(e) from e.__cause__


class ZhTyper(typer.Typer):
    """A ``typer.Typer`` whose groups and commands speak Chinese."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ZhGroup)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", ZhCommand)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        return super().command(*args, **kwargs)
