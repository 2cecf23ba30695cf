"""What every browser test shares: Debian's Chromium, its flags, and skip-or-fail when it is missing."""

from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("GONGJIAN_CHROMIUM", "/usr/bin/chromium")
#: Headless Chromium on a machine whose network is closed: no background connections.
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def unavailable(reason: str) -> None:
    """Skip a browser test, or fail it where browser tests are required (CI)."""
    if os.environ.get("GONGJIAN_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests are required (GONGJIAN_REQUIRE_BROWSER) but {reason}")
    pytest.skip(reason)
