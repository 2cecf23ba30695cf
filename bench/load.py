#!/usr/bin/env python3
"""A bounded load test of ``gongjian serve`` on loopback, with the invariants checked afterwards.

    .venv/bin/python bench/load.py --scale kunming --clients 50 --seconds 60 --json bench/results/load.json
    .venv/bin/python bench/load.py --data tests/data/ledger --clients 8 --seconds 5     # the test suite's run
    .venv/bin/python bench/load.py --store bolt://127.0.0.1:7688 ...                    # Neo4j (cleared first!)

1. The data: ``gongjian generate --scale S --as-of 2026-11-01`` once into bench/cache/ (or ``--data``).
2. ``gongjian ingest`` it into a new store (a temporary embedded file unless ``--store``).
3. ``gongjian serve`` on a free loopback port (tokens through ``GONGJIAN_TOKENS``).
4. locust, headless and in its own process, runs ``--clients`` users for ``--seconds``, each
   doing, without think time, a mix of search, committee, match and claim (match a need from
   a shared pool, then claim its best resource: many users race for the same needs and the
   same resources' capacity).
5. The server is stopped and the store checked: the projects created equal the claims
   answered 201 (none lost, none made twice), no need got two new projects, no resource
   holds more of the month's orders (rules.lists.holds_capacity) than its capacity; and no
   answer was a 5xx.

Prints (and with ``--json`` writes) per endpoint: count, p50, p99, max (ms) and status
codes; claims accepted (201) vs refused (409); the invariants and ``ok``. Exit status 1
when an invariant fails. Needs locust (``pip install locust``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
AS_OF = dt.date(2026, 11, 1)  # the day the generated ledgers are read on (as bench/run)
TOKENS = {"viewer": "load-viewer-token-1", "planner": "load-planner-token-1"}
#: Relative weights of the user's tasks.
MIX = {"search": 3, "committee": 2, "match": 3, "claim": 2}
NEED_POOL = 1000  # open needs the claims compete for


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))]


def gongjian(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongjian.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


# ----------------------------------------------------------------- the data


def dataset(scale: str, seed: int) -> Path:
    """Generated ledgers, made once per (scale, seed, generator) with the CLI into bench/cache/."""
    sys.path.insert(0, str(ROOT))
    from gongjian.generate import cache_folder

    folder = cache_folder(CACHE, scale, seed, AS_OF)  # the same folder as bench/run's
    if not (folder / ".complete").exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        args = ["generate", "--scale", scale, "--seed", str(seed), "--out", str(folder)]
        proc = gongjian(*args, "--as-of", AS_OF.isoformat())
        if proc.returncode != 0:
            sys.exit(f"gongjian generate failed: {proc.stderr.strip()[-2000:]}")
        (folder / ".complete").write_text("ok")
    return folder


def snapshot(uri: str) -> dict[str, Any]:
    """What the invariants compare: every project, its status and resources, every resource's capacity."""
    sys.path.insert(0, str(ROOT))
    from gongjian.graph.store import open_store

    store = open_store(uri)
    try:
        projects: dict[str, dict] = {}
        _, nodes = store.find_nodes("Project")
        for n in nodes:
            projects[n.id] = {
                "status": n.props.get("status"),
                "started": n.props.get("started"),
                "resources": [],
                "needs": [],
            }
        for r in store.relationships("USES"):
            projects.setdefault(r.src[1], {"status": None, "resources": [], "needs": []})["resources"].append(
                r.dst[1]
            )
        for r in store.relationships("ADDRESSES"):
            projects.setdefault(r.src[1], {"status": None, "resources": [], "needs": []})["needs"].append(
                r.dst[1]
            )
        _, resources = store.find_nodes("Resource")
        capacity = {n.id: int(n.props.get("capacity") or 1) for n in resources}
        return {"projects": projects, "capacity": capacity}
    finally:
        store.close()


def plan(uri: str, seed: int) -> dict[str, Any]:
    """What the users ask for: search words, committee targets, the needs they claim."""
    sys.path.insert(0, str(ROOT))
    from gongjian.graph.store import open_store

    rng = random.Random(seed)
    store = open_store(uri)
    try:
        names = [name for label, _, name in store.names() if label in ("Area", "Unit", "Platform")]
        words = rng.sample(names, min(300, len(names)))
        words += [w[:2] for w in words[:100]]
        _, platforms = store.find_nodes("Platform")
        committees = [p.id for p in platforms] + [
            p.props["area"]
            for p in platforms
            if p.props.get("kind") == "big_committee" and p.props.get("area")
        ]
        _, needs = store.find_nodes("Need", {"status": "open"})
        pool = [n.id for n in rng.sample(needs, min(NEED_POOL, len(needs)))]
    finally:
        store.close()
    if not (words and committees and pool):
        sys.exit("the dataset has no names, platforms or open needs to load-test with")
    return {"words": words, "committees": committees, "needs": pool, "tokens": TOKENS, "mix": MIX}


# --------------------------------------------------------------- the swarm


def swarm(host: str, plan_file: Path, clients: int, seconds: float, out: Path) -> None:
    """Run in its own process: locust's gevent monkey-patching stays out of the orchestrator."""
    import gevent
    from locust import FastHttpUser, constant, task
    from locust.env import Environment

    p = json.loads(plan_file.read_text(encoding="utf-8"))
    times: dict[str, list[float]] = {}
    codes: dict[str, Counter[int]] = {}
    errors: Counter[str] = Counter()
    claims: list[dict[str, str]] = []
    refused: Counter[int] = Counter()
    others: list[dict[str, Any]] = []  # claims not answered 201: to explain a project nobody was told of
    viewer = {"Authorization": f"Bearer {p['tokens']['viewer']}"}
    planner = {"Authorization": f"Bearer {p['tokens']['planner']}"}
    rng = random.Random(1)

    def on_request(
        name: str, response_time: float, response: Any = None, exception: Any = None, **_: Any
    ) -> None:
        times.setdefault(name, []).append(response_time)
        status = getattr(response, "status_code", 0) or 0
        codes.setdefault(name, Counter())[status] += 1
        if exception is not None and status == 0:
            errors[f"{name}: {type(exception).__name__}: {str(exception)[:200]}"] += 1

    def get(client: Any, url: str, name: str, headers: dict[str, str]) -> Any:
        with client.get(url, name=name, headers=headers, catch_response=True) as r:
            if r.status_code < 500:
                r.success()  # 4xx are answers too; the summary counts them by status
            return r

    class Client(FastHttpUser):
        wait_time = constant(0)
        network_timeout = 120.0
        connection_timeout = 30.0

        @task(p["mix"]["search"])
        def search(self) -> None:
            q = urllib.request.quote(rng.choice(p["words"]))
            get(self.client, f"/api/search?q={q}&limit=20", "search", viewer)

        @task(p["mix"]["committee"])
        def committee(self) -> None:
            target = urllib.request.quote(rng.choice(p["committees"]), safe="")
            get(self.client, f"/api/committees/{target}", "committee", viewer)

        @task(p["mix"]["match"])
        def match(self) -> None:
            need = urllib.request.quote(rng.choice(p["needs"]), safe="")
            get(self.client, f"/api/needs/{need}/matches?limit=10", "match", viewer)

        @task(p["mix"]["claim"])
        def claim(self) -> None:
            need_id = rng.choice(p["needs"])
            need = urllib.request.quote(need_id, safe="")
            r = get(self.client, f"/api/needs/{need}/matches?limit=3", "match", planner)
            try:
                matches = r.json().get("matches", []) if r.status_code == 200 else []
            except ValueError:
                matches = []
            if not matches:
                return
            resource = matches[0]["resource"]["id"]
            body = {"resource": resource, "note": "load test"}
            with self.client.post(
                f"/api/needs/{need}/claim", name="claim", headers=planner, json=body, catch_response=True
            ) as c:
                if c.status_code == 201:
                    project = c.json()["project"]["id"]
                    claims.append({"project": project, "need": need_id, "resource": resource})
                    c.success()
                elif c.status_code < 500:
                    refused[c.status_code] += 1
                    c.success()
                if c.status_code != 201:
                    others.append(
                        {
                            "need": need_id,
                            "resource": resource,
                            "status": c.status_code,
                            "answer": c.text[:300],
                        }
                    )

    # users finish the task they are in when time is up: a claim cut off mid-flight would make a
    # project the client never hears of
    env = Environment(user_classes=[Client], host=host, stop_timeout=120)
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    started = time.perf_counter()
    runner.start(clients, spawn_rate=clients)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    elapsed = time.perf_counter() - started

    endpoints = {
        name: {
            "count": len(ts),
            "p50_ms": round(pct(ts, 50), 1),
            "p99_ms": round(pct(ts, 99), 1),
            "max_ms": round(max(ts), 1),
            "status": {str(k): v for k, v in sorted(codes[name].items())},
        }
        for name, ts in sorted(times.items())
    }
    total = sum(len(ts) for ts in times.values())
    result = {
        "seconds": round(elapsed, 1),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1) if elapsed else 0,
        "endpoints": endpoints,
        "status_5xx": sum(n for c in codes.values() for s, n in c.items() if s >= 500),
        "connection_errors": dict(errors),
        "claims": {
            "accepted": len(claims),
            "refused": {str(k): v for k, v in refused.items()},
            "made": claims,
            "not_made": others,
        },
    }
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# ------------------------------------------------------------ orchestrating


def serve(uri: str, port: int, logfile: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "GONGJIAN_TOKENS": ",".join(f"{t}:{r}" for r, t in TOKENS.items()),
        "GONGJIAN_TODAY": AS_OF.isoformat(),
    }
    env.pop("GONGJIAN_TOKENS_FILE", None)
    with open(logfile, "wb") as f:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gongjian.cli",
                "serve",
                "--store",
                uri,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gongjian serve exited: {logfile.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    sys.exit("gongjian serve did not answer /api/health within 120 s")


def warm_up(port: int, p: dict[str, Any]) -> None:
    """One request of each kind before the clock starts (the first match loads jieba's dictionary)."""
    q = urllib.request.quote
    token = {"Authorization": f"Bearer {TOKENS['viewer']}"}
    for path in (
        f"/api/search?q={q(p['words'][0])}",
        f"/api/committees/{q(p['committees'][0], safe='')}",
        f"/api/needs/{q(p['needs'][0], safe='')}/matches",
    ):
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=token)
        with urllib.request.urlopen(req, timeout=120) as r:
            r.read()


def invariants(before: dict[str, Any], after: dict[str, Any], swarm_out: dict[str, Any]) -> dict[str, Any]:
    """Claims against the store: each 201 made exactly one project, nothing else was made, no overfull resource."""
    made = swarm_out["claims"]["made"]
    claimed = [c["project"] for c in made]
    new = sorted(set(after["projects"]) - set(before["projects"]))
    lost = sorted(set(claimed) - set(new))
    extra = sorted(set(new) - set(claimed))
    per_need = Counter(n for p in new for n in after["projects"][p]["needs"])
    twice = sorted(n for n, k in per_need.items() if k > 1)
    from gongjian.queries.common import today
    from gongjian.rules.lists import holds_capacity

    day = today()  # the server's: a claim is judged on the month it is made in
    active: Counter[str] = Counter(
        r
        for p in after["projects"].values()
        if holds_capacity(p["status"], p.get("started"), day)
        for r in p["resources"]
    )
    touched = {r for p in new for r in after["projects"][p]["resources"]}
    over = sorted(r for r in touched if active[r] > after["capacity"].get(r, 1))
    checks = {
        "no_5xx": swarm_out["status_5xx"] == 0,
        "no_connection_errors": not swarm_out["connection_errors"],
        "projects_created_equal_accepted_claims": len(new) == len(claimed) == len(set(claimed)),
        "no_claim_lost": not lost,
        "no_project_unaccounted": not extra,
        "no_need_claimed_twice": not twice,
        "no_resource_over_capacity": not over,
    }
    unexplained = [
        {
            "project": p,
            "needs": after["projects"][p]["needs"],
            "answers_on_its_need": [
                c for c in swarm_out["claims"]["not_made"] if c["need"] in after["projects"][p]["needs"]
            ][:5],
        }
        for p in extra[:20]
    ]
    return {
        "projects_before": len(before["projects"]),
        "projects_after": len(after["projects"]),
        "projects_created": len(new),
        "claims_lost": lost[:20],
        "projects_unaccounted": unexplained,
        "needs_claimed_twice": twice[:20],
        "resources_over_capacity": over[:20],
        "checks": checks,
        "ok": all(checks.values()),
    }


def _first_traceback(log_text: str) -> str:
    at = log_text.find("Traceback")
    return "" if at < 0 else log_text[at : at + 3000]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", default="kunming", help="generated data: tiny, kunming or province")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, help="a ledger folder or workbook instead of generated data")
    ap.add_argument("--store", help="embedded file (default: a new temporary one) or a Neo4j URI (cleared!)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--json", type=Path, help="write the result here too")
    ap.add_argument("--log", type=Path, help="keep the server's log here")
    ap.add_argument("--swarm", nargs=3, metavar=("HOST", "PLAN", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.swarm:
        host, plan_file, out = args.swarm
        swarm(host, Path(plan_file), args.clients, args.seconds, Path(out))
        return 0

    work = Path(tempfile.mkdtemp(prefix="gj-load-"))
    try:
        data = args.data or dataset(args.scale, args.seed)
        uri = args.store or str(work / "load.db")
        neo4j = "://" in uri
        if neo4j:
            sys.path.insert(0, str(ROOT))
            from gongjian.graph.store import open_store

            with open_store(uri) as s:  # type: ignore[attr-defined]
                s.clear()
        elif Path(uri).exists():
            sys.exit(f"{uri} exists: give a new file (the load test changes the store)")
        log(f"ingest {data} into {uri}")
        t = time.perf_counter()
        proc = gongjian("ingest", str(data), "--store", uri, "--json")
        if proc.returncode != 0:
            sys.exit(f"gongjian ingest failed ({proc.returncode}): {(proc.stderr or proc.stdout)[-2000:]}")
        ingest_s = time.perf_counter() - t
        rows = sum(json.loads(proc.stdout)["accepted"].values())
        the_plan = plan(uri, args.seed)
        (work / "plan.json").write_text(json.dumps(the_plan, ensure_ascii=False), encoding="utf-8")
        before = snapshot(uri)

        port = free_port()
        log(f"serve on 127.0.0.1:{port}; {args.clients} clients for {args.seconds:g} s")
        server = serve(uri, port, work / "serve.log")
        try:
            warm_up(port, the_plan)
            swarm_proc = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--clients",
                    str(args.clients),
                    "--seconds",
                    str(args.seconds),
                    "--swarm",
                    f"http://127.0.0.1:{port}",
                    str(work / "plan.json"),
                    str(work / "swarm.json"),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=args.seconds + 300,
            )
        finally:
            server.terminate()
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if swarm_proc.returncode != 0 or not (work / "swarm.json").exists():
            sys.exit(f"the locust swarm failed: {swarm_proc.stderr[-3000:]}")
        swarm_out = json.loads((work / "swarm.json").read_text(encoding="utf-8"))
        after = snapshot(uri)
        checked = invariants(before, after, swarm_out)
        server_log = (work / "serve.log").read_text(encoding="utf-8", errors="replace")
        if args.log:
            shutil.copyfile(work / "serve.log", args.log)
        checked["checks"]["no_server_tracebacks"] = "Traceback" not in server_log
        checked["ok"] = all(checked["checks"].values())
        result = {
            "scale": None if args.data else args.scale,
            "data": str(data),
            "rows": rows,
            "ingest_s": round(ingest_s, 1),
            "store": "neo4j" if neo4j else "embedded",
            "clients": args.clients,
            "planned_seconds": args.seconds,
            "mix": MIX,
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            **{k: v for k, v in swarm_out.items() if k != "claims"},
            "claims": {
                "accepted_201": swarm_out["claims"]["accepted"],
                "refused": swarm_out["claims"]["refused"],
            },
            **checked,
            "server_tracebacks": server_log.count("Traceback"),
            "server_first_traceback": _first_traceback(server_log),
        }
        text = json.dumps(result, ensure_ascii=False, indent=2)
        print(text)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(text + "\n", encoding="utf-8")
        return 0 if result["ok"] else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
