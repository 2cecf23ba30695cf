"""Run the whole test suite: start a local Neo4j when one is needed, then pytest.

Called by ``./dev test`` (and so by CI). In CI (``CI`` set) the Neo4j half of the
suite must run: a Neo4j that does not come up fails the run instead of skipping.
Set ``GONGJIAN_TEST_NEO4J`` to a bolt URI to use a running server instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEO4J_LOCAL = ROOT / "tools" / "neo4j-local"
DATA = ROOT / ".neo4j-local" / "test"
PORT = os.environ.get("GONGJIAN_TEST_NEO4J_PORT", "7697")


def main() -> int:
    env = dict(os.environ)
    started = False
    if not env.get("GONGJIAN_TEST_NEO4J") and (NEO4J_LOCAL / "start").exists():
        proc = subprocess.run(
            [str(NEO4J_LOCAL / "start"), "--port", PORT, "--data", str(DATA)],
            stdout=subprocess.PIPE,
            text=True,
        )
        if proc.returncode == 0 and proc.stdout.strip():
            env["GONGJIAN_TEST_NEO4J"] = proc.stdout.strip().splitlines()[-1]
            started = True
        elif env.get("CI"):
            print("tools/neo4j-local did not start: the Neo4j tests cannot run", file=sys.stderr)
            return 1
        else:
            print("tools/neo4j-local did not start; Neo4j tests will skip", file=sys.stderr)
    if env.get("CI"):
        env["GONGJIAN_REQUIRE_NEO4J"] = "1"
        env["GONGJIAN_REQUIRE_BROWSER"] = "1"
    try:
        rc = subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT, env=env)
    finally:
        if started:
            subprocess.call([str(NEO4J_LOCAL / "stop"), "--data", str(DATA)])
    if rc == 5:  # pytest: no tests collected
        print("pytest collected no tests", file=sys.stderr)
        return 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
