"""The server's log in Chinese: uvicorn's ``log_config`` with our formatters.

uvicorn logs fixed sentences with ``%`` arguments; :class:`ZhFormatter` puts the Chinese
sentence in their place (the arguments stay as they are) and names the level in Chinese.
The access log says who asked what and the status, one line a request.
"""

from __future__ import annotations

import logging
import re
from typing import Any

LEVELS = {"DEBUG": "调试", "INFO": "信息", "WARNING": "警告", "ERROR": "错误", "CRITICAL": "严重"}

# uvicorn's sentences (as logged, after % formatting) → Chinese; unknown ones pass unchanged
_SENTENCES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Started server process \[(\d+)\]$"), r"服务进程已启动 [\1]"),
    (re.compile(r"^Finished server process \[(\d+)\]$"), r"服务进程已结束 [\1]"),
    (re.compile(r"^Started parent process \[(\d+)\]$"), r"主进程已启动 [\1]"),
    (re.compile(r"^Stopping parent process \[(\d+)\]$"), r"主进程正在停止 [\1]"),
    (re.compile(r"^Waiting for application startup\.$"), "等待应用启动。"),
    (re.compile(r"^Application startup complete\.$"), "应用已启动。"),
    (re.compile(r"^Application startup failed\. Exiting\.$"), "应用启动失败，退出。"),
    (re.compile(r"^Waiting for application shutdown\.$"), "等待应用停止。"),
    (re.compile(r"^Application shutdown complete\.$"), "应用已停止。"),
    (re.compile(r"^Shutting down$"), "正在停止"),
    (re.compile(r"^Uvicorn running on (\S+) \(Press CTRL\+C to quit\)$"), r"正在服务 \1（按 Ctrl+C 停止）"),
    (
        re.compile(r"^Waiting for connections to close\. \(CTRL\+C to force quit\)$"),
        "等待连接关闭（按 Ctrl+C 强制停止）",
    ),
    (
        re.compile(r"^Waiting for background tasks to complete\. \(CTRL\+C to force quit\)$"),
        "等待后台任务完成（按 Ctrl+C 强制停止）",
    ),
    (re.compile(r"^Received (SIG\w+), exiting\.$"), r"收到 \1，退出。"),
    (re.compile(r"^Child process \[(\d+)\] died$"), r"子进程 [\1] 已退出"),
    (
        re.compile(r"^Child process \[(\d+)\] failed to start, stopping the parent process\.$"),
        r"子进程 [\1] 启动失败，主进程随之停止。",
    ),
    (re.compile(r"^Waiting for child process \[(\d+)\]$"), r"等待子进程 [\1]"),
    (re.compile(r"^Terminated child process \[(\d+)\]$"), r"已终止子进程 [\1]"),
    (
        re.compile(
            r"^\[Errno \d+\] error while attempting to bind on address \('?([^',]+)'?, (\d+)\): .*in use$"
        ),
        r"端口 \2 已被占用（\1），无法启动；换一个端口（--port）",
    ),
    (
        re.compile(
            r"^\[Errno \d+\] error while attempting to bind on address \('?([^',]+)'?, (\d+)\): (.*)$"
        ),
        r"无法在 \1:\2 上监听：\3",
    ),
    (re.compile(r"^Invalid HTTP request received\.$"), "收到无效的 HTTP 请求。"),
    (re.compile(r"^Exception in ASGI application$"), "应用出错"),
]


def sentence_zh(text: str) -> str:
    for pattern, zh in _SENTENCES:
        if pattern.search(text):
            return pattern.sub(zh, text)
    return text


class ZhFormatter(logging.Formatter):
    """``时间 级别 消息``, uvicorn's sentences in Chinese."""

    def __init__(self, fmt: str = "%(asctime)s %(level_zh)s %(message)s", **kwargs: Any) -> None:
        super().__init__(fmt, datefmt="%Y-%m-%d %H:%M:%S", **kwargs)

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.level_zh = LEVELS.get(record.levelname, record.levelname)
        record.message = sentence_zh(record.message)
        return super().formatMessage(record)


class ZhAccessFormatter(ZhFormatter):
    """One request: ``时间 访问 客户端 方法 路径 状态``."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            client, method, path, _version, status = args
            record.message = f"访问 {client} {method} {path} {status}"
        record.level_zh = LEVELS.get(record.levelname, record.levelname)
        return logging.Formatter.formatMessage(self, record)


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {"()": "gongjian.api.logs.ZhFormatter"},
        "access": {"()": "gongjian.api.logs.ZhAccessFormatter", "fmt": "%(asctime)s %(message)s"},
    },
    "handlers": {
        "default": {"formatter": "default", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "gongjian": {"handlers": ["default"], "level": "INFO", "propagate": False},
    },
}
