"""``./dev demo`` serves every time, and says so in Chinese when its port is taken.

The tests run the real script over a tiny generated store (``GONGJIAN_DEMO_SCALE=tiny``,
``GONGJIAN_STORE`` in a temporary folder). They need the ``.venv`` that ``./dev`` sets up
(``./dev test`` does); without it they skip rather than install anything.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "dev"
VENV = ROOT / ".venv"


def _set_up() -> bool:
    """Whether ``./dev`` would start without installing (its stamp is newer than pyproject.toml)."""
    pyproject = (ROOT / "pyproject.toml").stat().st_mtime
    stamps = [VENV / f".installed-{extra}" for extra in ("serve", "test")]
    return (VENV / "bin" / "gongjian").exists() and any(
        s.exists() and s.stat().st_mtime >= pyproject for s in stamps
    )


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _set_up(), reason=".venv is not set up by ./dev (run ./dev test once)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_env(tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGJIAN_TOKENS")}
    return {
        **env,
        "PYTHON": sys.executable,  # the interpreter ./dev checks; the .venv is there already
        "PORT": str(port),
        "GONGJIAN_STORE": str(tmp_path / "demo.db"),
        "GONGJIAN_DEMO_SCALE": "tiny",
    }


class Output:
    """Collects a process's stdout line by line, in a thread, so a test can wait for a line."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def text(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str] | None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = re.search(pattern, "".join(self.lines), re.MULTILINE)
                left = deadline - time.monotonic()
                if found or left <= 0 or not self._thread.is_alive():
                    return found or re.search(pattern, "".join(self.lines), re.MULTILINE)
                self._changed.wait(min(left, 0.5))


@pytest.mark.parametrize("attempt", range(3))
def test_demo_serves_the_page_every_time(tmp_path: Path, attempt: int) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [str(DEV), "demo"],
        env=demo_env(tmp_path, port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    out = Output(proc)
    try:
        address = out.wait_for(r"^网页：(http://127\.0\.0\.1:(\d+)/)$", timeout=120)
        assert address, f"no address line; exit status {proc.poll()}:\n{out.text()}"
        assert address[2] == str(port)
        viewer = out.wait_for(r"^查看员令牌: (\S+)$", timeout=10)
        planner = out.wait_for(r"^规划员令牌: (\S+)$", timeout=10)
        assert viewer and planner, out.text()
        with httpx.Client(base_url=address[1], timeout=5) as http:
            deadline = time.monotonic() + 60
            while True:  # the address is printed just before the server binds
                try:
                    page = http.get("/")
                    break
                except httpx.TransportError:
                    assert proc.poll() is None, f"the demo stopped:\n{out.text()}"
                    assert time.monotonic() < deadline, f"nothing answers on {address[1]}:\n{out.text()}"
                    time.sleep(0.2)
            assert page.status_code == 200 and "text/html" in page.headers["content-type"]
            for token, role in ((viewer[1], "viewer"), (planner[1], "planner")):
                me = http.get("/api/me", headers={"Authorization": f"Bearer {token}"})
                assert me.status_code == 200 and me.json()["role"] == role
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_a_second_demo_on_a_busy_port_says_so_and_prints_no_token(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [str(DEV), "demo"],
            env=demo_env(tmp_path, port),
            capture_output=True,
            text=True,
            timeout=120,
        )
    said = proc.stdout + proc.stderr
    assert proc.returncode != 0, said
    assert f"端口 {port} 已被占用" in proc.stderr and "PORT=" in proc.stderr, said
    assert "令牌" not in said, said
    assert not (tmp_path / "demo.db").exists()  # it stopped before making anything
