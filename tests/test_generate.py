"""The synthetic ledger generator: deterministic, the model's headers, every reference resolved, gaps present.

Only the tiny and kunming scales run here; province is run by hand (see gongjian/generate/).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gongjian.generate import SCALES, fingerprint, generate
from gongjian.generate.ledgers import Ledgers
from gongjian.ingest.classify import classify
from gongjian.ingest.codes import id_number_problem, uscc_problem
from gongjian.model import (
    AREA_LEVEL,
    CATEGORIES,
    CATEGORY,
    COMMUNITY_LEVELS,
    EVENT_ACTION,
    HANDLING_LEVEL,
    LEVEL_RANK,
    MEMBER_TYPE,
    NEED_LEVELS,
    NEED_STATUS,
    PARTY_ORG_KIND,
    PLATFORM_KIND,
    PROJECT_STATUS,
    RATING,
    RESOURCE_STATUS,
    TABLES,
    TOP_LEVELS,
    UNIT_TYPE,
    URGENCY,
)

AS_OF = dt.date(2025, 6, 30)
SEED = 20240501
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$")
KEYED = {"areas": "code", "members": None, "registrations": None}


def read(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Every table as rows keyed by the model's column names (after checking the header)."""
    tables = {}
    for name, t in TABLES.items():
        raw = (folder / t.file).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{t.file} is not UTF-8 with BOM"
        with open(folder / t.file, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == [c.zh for c in t.columns], f"{t.file} header"
        names = [c.name for c in t.columns]
        assert all(len(r) == len(names) for r in rows[1:]), f"{t.file} ragged rows"
        tables[name] = [dict(zip(names, r, strict=True)) for r in rows[1:]]
    return tables


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    generate("tiny", SEED, out, as_of=AS_OF)
    return out


@pytest.fixture(scope="module")
def kunming_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kunming")
    counts = generate("kunming", SEED, out, as_of=AS_OF)
    assert set(counts) == set(TABLES)
    return out


@pytest.fixture(scope="module")
def tiny(tiny_dir: Path) -> dict[str, list[dict[str, str]]]:
    return read(tiny_dir)


@pytest.fixture(scope="module")
def kunming(kunming_dir: Path) -> dict[str, list[dict[str, str]]]:
    return read(kunming_dir)


def files(folder: Path) -> dict[str, bytes]:
    return {t.file: (folder / t.file).read_bytes() for t in TABLES.values()}


# ------------------------------------------------------------------ determinism


def test_scales_named() -> None:
    assert SCALES == ("tiny", "kunming", "province")
    with pytest.raises(ValueError):
        generate("city", 1, Path("/nonexistent"))  # type: ignore[arg-type]


@pytest.mark.parametrize("scale", ["tiny", "kunming"])
def test_same_seed_same_bytes_other_seed_other_bytes(
    scale: str, tmp_path: Path, tiny_dir: Path, kunming_dir: Path
) -> None:
    first = tiny_dir if scale == "tiny" else kunming_dir
    counts = generate(scale, SEED, tmp_path / "again", as_of=AS_OF)  # type: ignore[arg-type]
    assert files(tmp_path / "again") == files(first)
    assert counts == {name: len(rows) for name, rows in read(first).items()}
    generate(scale, SEED + 1, tmp_path / "other", as_of=AS_OF)  # type: ignore[arg-type]
    other = files(tmp_path / "other")
    assert other != files(first)
    assert other["needs.csv"] != files(first)["needs.csv"]


def test_no_dependence_on_hash_randomisation(tmp_path: Path, tiny_dir: Path) -> None:
    script = (
        "import datetime, sys; from pathlib import Path; from gongjian.generate import generate; "
        f"generate('tiny', {SEED}, Path(sys.argv[1]), as_of=datetime.date.fromisoformat('{AS_OF}'))"
    )
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env)
        assert files(out) == files(tiny_dir)


def test_dates_follow_as_of(tmp_path: Path, tiny: dict) -> None:
    generate("tiny", SEED, tmp_path / "later", as_of=AS_OF + dt.timedelta(days=365))
    later = read(tmp_path / "later")
    shift = {r["id"]: r["raised"] for r in later["needs"]}
    for r in tiny["needs"]:
        assert dt.date.fromisoformat(shift[r["id"]]) - dt.date.fromisoformat(r["raised"]) == dt.timedelta(
            days=365
        )


def test_the_writer_refuses_a_column_the_model_has_not(tmp_path: Path) -> None:
    """A misspelt column would leave its cells empty in every row: the writer refuses it."""
    with Ledgers(tmp_path) as ledgers:
        ledgers.emit("needs", id="N0000001", title="独居老人助餐服务")
        with pytest.raises(ValueError, match="needs has no column titel"):
            ledgers.emit("needs", id="N0000002", titel="独居老人助餐服务")
        with pytest.raises(ValueError, match="no table 'need'"):
            ledgers.emit("need", id="N0000003")
        ledgers.flush()
    assert ledgers.counts["needs"] == 1
    assert read(tmp_path)["needs"][0]["title"] == "独居老人助餐服务"


def test_fingerprint_covers_the_word_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench's cache key changes with any file of the package, its words too."""
    before = fingerprint()
    read_bytes = Path.read_bytes

    def edited(path: Path) -> bytes:
        return read_bytes(path) + (b"#" if path.as_posix().endswith("generate/words/texts.py") else b"")

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert fingerprint() != before


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[str, int]] = []
    counts = generate("tiny", 3, tmp_path, as_of=AS_OF, progress=lambda stage, n: seen.append((stage, n)))
    assert seen and seen[-1][1] == sum(counts.values())


# ------------------------------------------------------------------- integrity


def check_dataset(t: dict[str, list[dict[str, str]]]) -> None:
    """Every reference resolves inside the dataset, every code is valid, every enum is a Chinese word."""
    areas = {r["code"]: r for r in t["areas"]}
    assert len(areas) == len(t["areas"])
    level = {code: AREA_LEVEL.parse(r["level"]) for code, r in areas.items()}
    assert None not in level.values()
    seen: set[str] = set()
    for r in t["areas"]:
        seen.add(r["code"])
        if r["parent"]:
            assert r["parent"] in seen, f"parent after child: {r}"
            assert r["parent"] in areas, r
            assert LEVEL_RANK[level[r["parent"]]] < LEVEL_RANK[level[r["code"]]], r
        else:
            assert level[r["code"]] in TOP_LEVELS, r
        assert r["code"].isdigit() and len(r["code"]) in (12, 15, 17), r
        if r["population"]:
            assert int(r["population"]) > 0

    # ids unique across all node tables (events and verdicts are keyed by their content)
    keys = [r["code"] for r in t["areas"]]
    for name, table in TABLES.items():
        if table.label and name != "areas" and not table.key_prefix:
            keys += [r["id"] for r in t[name]]
    assert len(keys) == len(set(keys)), "ids must be unique across tables"
    assert not [k for k in keys if len(k) == 18 and uscc_problem(k)]

    units = {r["id"]: r for r in t["units"]}
    for r in t["units"]:
        if len(r["id"]) == 18:
            assert uscc_problem(r["id"]) is None, r
        else:
            assert r["id"].startswith("U-"), r
        assert UNIT_TYPE.parse(r["type"]) and r["area"] in areas, r
        assert not r["phone"] or PHONE.match(r["phone"]), r
    orgs = {r["id"]: r for r in t["party_orgs"]}
    for r in t["party_orgs"]:
        assert PARTY_ORG_KIND.parse(r["kind"]), r
        assert r["unit"] or r["area"], r
        assert not r["parent"] or r["parent"] in orgs, r
        assert not r["unit"] or r["unit"] in units, r
        assert not r["area"] or r["area"] in areas, r
    platforms = {r["id"]: r for r in t["platforms"]}
    for r in t["platforms"]:
        assert PLATFORM_KIND.parse(r["kind"]) and r["area"] in areas and r["lead"] in orgs, r
    people = {r["id"]: r for r in t["people"]}
    for r in t["people"]:
        assert not r["unit"] or r["unit"] in units, r
        assert not r["party_org"] or r["party_org"] in orgs, r
        assert not r["area"] or r["area"] in areas, r
        assert not r["id_number"] or id_number_problem(r["id_number"]) is None, r
        assert not r["phone"] or PHONE.match(r["phone"]), r
        assert r["name"] and r["role"], r
    by_type = {"unit": units, "party_org": orgs, "person": people}
    pairs = set()
    for r in t["members"]:
        assert r["platform"] in platforms, r
        assert r["member"] in by_type[MEMBER_TYPE.parse(r["member_type"])], r
        assert (r["platform"], r["member"]) not in pairs, r
        pairs.add((r["platform"], r["member"]))
        assert not r["until"] or r["since"] <= r["until"], r
    for r in t["agreements"]:
        a = r["party_a"]
        assert (a in areas and level[a] in COMMUNITY_LEVELS) or (
            a in orgs and level.get(orgs[a]["area"]) in COMMUNITY_LEVELS
        ), r
        b = r["party_b"]
        assert b in units or (b in orgs and orgs[b]["unit"] in units), r
        assert not r["expires"] or r["signed"] <= r["expires"], r
        assert all(CATEGORY.parse(w) for w in r["categories"].split("；") if w), r
    needs = {r["id"]: r for r in t["needs"]}
    for r in t["needs"]:
        assert level[r["area"]] in NEED_LEVELS, r
        assert not r["category"] or CATEGORY.parse(r["category"]), r
        assert URGENCY.parse(r["urgency"]) and NEED_STATUS.parse(r["status"]), r
        assert r["source"] in ("群众点单", "微心愿", "问题清单", "网格排查", "其他"), r
    resources = {r["id"]: r for r in t["resources"]}
    for r in t["resources"]:
        assert r["unit"] in units and RESOURCE_STATUS.parse(r["status"]), r
        assert all(s in areas for s in r["scope"].split("；") if s), r
        assert not r["category"] or CATEGORY.parse(r["category"]), r
    for r in t["projects"]:
        assert r["needs"] and all(n in needs for n in r["needs"].split("；")), r
        assert r["resources"] and all(x in resources for x in r["resources"].split("；")), r
        assert r["unit"] in units and r["area"] in areas and PROJECT_STATUS.parse(r["status"]), r
        assert not r["finished"] or r["started"] <= r["finished"], r
    pairs = set()
    for r in t["registrations"]:
        assert r["subject"] in units or r["subject"] in orgs or r["subject"] in people, r
        assert level[r["area"]] in COMMUNITY_LEVELS, r
        assert (r["subject"], r["area"]) not in pairs, r
        pairs.add((r["subject"], r["area"]))


def test_tiny_references_resolve(tiny: dict) -> None:
    check_dataset(tiny)


def test_kunming_references_resolve(kunming: dict) -> None:
    check_dataset(kunming)


def test_no_date_after_as_of(kunming: dict) -> None:
    day = AS_OF.isoformat()
    cols = {
        "members": ("since", "until"),
        "agreements": ("signed",),
        "needs": ("raised", "done_on"),
        "projects": ("started", "finished"),
        "registrations": ("date",),
        "events": ("date",),
        "feedback": ("date",),
        "platforms": ("founded",),
    }
    for name, names in cols.items():
        for r in kunming[name]:
            for c in names:
                assert not r[c] or r[c] <= day, (name, r)


def test_tiny_ingests_without_a_rejected_row(tiny_dir: Path, tmp_path: Path) -> None:
    from gongjian.graph.embedded import EmbeddedStore
    from gongjian.ingest.load import ingest

    store = EmbeddedStore(tmp_path / "g.db")
    try:
        report = ingest(tiny_dir, store, dry_run=True)
    finally:
        store.close()
    assert report.ok, report.rejected[:5]
    assert report.accepted == {name: len(rows) for name, rows in read(tiny_dir).items()}


# -------------------------------------------------------------------- realism


def community_of(areas: dict[str, dict[str, str]], code: str) -> str:
    while AREA_LEVEL.parse(areas[code]["level"]) not in COMMUNITY_LEVELS:
        code = areas[code]["parent"]
    return code


def test_tiny_holds_every_gap_a_planner_looks_for(tiny: dict) -> None:
    t = tiny
    day = AS_OF.isoformat()
    areas = {r["code"]: r for r in t["areas"]}
    lv = {c: AREA_LEVEL.parse(r["level"]) for c, r in areas.items()}
    assert [lv[c] for c in areas].count("county") == 1
    assert [lv[c] for c in areas].count("street") == 2
    communities = [c for c in areas if lv[c] == "community"]
    assert 5 <= len(communities) <= 7
    assert "佴家湾社区" in {areas[c]["name"] for c in communities}
    orgs = {r["id"]: r for r in t["party_orgs"]}
    people = {r["id"]: r for r in t["people"]}

    # former member
    assert any(r["until"] and r["until"] < day for r in t["members"])
    # expired agreement, and one in force for half a year with no project between its sides
    assert any(r["expires"] and r["expires"] < day for r in t["agreements"])

    def unit_of(x: str) -> str:
        return orgs[x]["unit"] if x in orgs and orgs[x]["unit"] else x

    def comm_of_party(x: str) -> str:
        return community_of(areas, orgs[x]["area"] if x in orgs else x)

    done = {(r["unit"], community_of(areas, r["area"])) for r in t["projects"]}
    paper = [
        r
        for r in t["agreements"]
        if (AS_OF - dt.date.fromisoformat(r["signed"])).days >= 180
        and (not r["expires"] or r["expires"] > day)
        and (unit_of(r["party_b"]), comm_of_party(r["party_a"])) not in done
    ]
    assert paper
    # community without a big committee
    big = {r["area"] for r in t["platforms"] if PLATFORM_KIND.parse(r["kind"]) == "big_committee"}
    assert set(communities) - big and big
    # street platforms: an alliance or a big working committee on both streets
    kinds = [PLATFORM_KIND.parse(r["kind"]) for r in t["platforms"] if lv[r["area"]] == "street"]
    assert kinds.count("alliance") + kinds.count("big_working_committee") == 2
    # needs raised at grid and at block level, stale, done, without category, every urgency
    need_levels = {lv[r["area"]] for r in t["needs"]}
    assert {"grid", "block"} <= need_levels
    assert any(
        NEED_STATUS.parse(r["status"]) == "open" and (AS_OF - dt.date.fromisoformat(r["raised"])).days > 30
        for r in t["needs"]
    )
    assert any(NEED_STATUS.parse(r["status"]) == "done" for r in t["needs"])
    assert any(not r["category"] for r in t["needs"])
    assert {URGENCY.parse(r["urgency"]) for r in t["needs"]} == {"high", "medium", "low"}
    # idle, full, retired resources, and one without category
    statuses = {RESOURCE_STATUS.parse(r["status"]) for r in t["resources"]}
    assert {"idle", "full", "retired", "available"} <= statuses
    assert any(not r["category"] for r in t["resources"])
    # a unit in no platform (neither itself, nor its party org, nor its people)
    on = set()
    for r in t["members"]:
        m = r["member"]
        on.add(m)
        if m in orgs:
            on.add(orgs[m]["unit"])
        if m in people:
            on.add(people[m]["unit"])
    assert [u for u in t["units"] if u["id"] not in on]
    # a grid without a party branch
    built = {r["area"] for r in t["party_orgs"]}
    assert [c for c in areas if lv[c] == "grid" and c not in built]
    # sizes: tiny stays tiny
    n = {name: len(rows) for name, rows in t.items()}
    assert 18 <= n["units"] <= 35 and 30 <= n["needs"] <= 50 and 20 <= n["resources"] <= 40
    assert 8 <= n["projects"] <= 30 and 10 <= n["agreements"] <= 20 and n["people"] <= 60
    assert n["registrations"] > 5


def units_on_big_committees(t: dict) -> set[str]:
    orgs = {r["id"]: r for r in t["party_orgs"]}
    people = {r["id"]: r for r in t["people"]}
    units = {r["id"] for r in t["units"]}
    big = {r["id"] for r in t["platforms"] if PLATFORM_KIND.parse(r["kind"]) == "big_committee"}
    found = set()
    for r in t["members"]:
        if r["platform"] not in big:
            continue
        m = r["member"]
        u = m if m in units else orgs[m]["unit"] if m in orgs else people[m]["unit"] if m in people else ""
        if u:
            found.add(u)
    return found


def test_kunming_matches_the_published_figures(kunming: dict) -> None:
    t = kunming
    areas = {r["code"]: r for r in t["areas"]}
    lv = [AREA_LEVEL.parse(r["level"]) for r in t["areas"]]
    assert lv.count("county") == 5 and lv.count("street") == 59 and lv.count("community") == 286
    assert {r["name"] for r in t["areas"] if r["level"] == "县"} == {
        "五华区",
        "盘龙区",
        "官渡区",
        "西山区",
        "呈贡区",
    }
    grids = lv.count("grid")
    assert 8 * 286 <= grids <= 15 * 286
    kinds = [PLATFORM_KIND.parse(r["kind"]) for r in t["platforms"]]
    assert kinds.count("alliance") == 46
    assert kinds.count("big_working_committee") >= 5
    assert 270 <= kinds.count("big_committee") < 286
    assert kinds.count("joint_conference") >= 20
    assert 1300 <= len(units_on_big_committees(t)) <= 1500
    erjiawan = [c for c, r in areas.items() if r["name"] == "佴家湾社区"]
    assert len(erjiawan) == 1
    assert areas[areas[erjiawan[0]]["parent"]]["name"] == "太和街道"
    assert any(r["area"] == erjiawan[0] and r["kind"] == "大党委" for r in t["platforms"])
    # most grids have a party branch
    branches = {r["area"] for r in t["party_orgs"] if r["kind"] == "党支部"}
    assert sum(1 for c, r in areas.items() if r["level"] == "网格" and c in branches) > 0.75 * grids
    n = {name: len(rows) for name, rows in t.items()}
    assert 3000 <= n["needs"] <= 6000 and 1500 <= n["resources"] <= 3000
    assert 800 <= n["projects"] <= 2500 and 300 <= n["agreements"] <= 800
    assert n["people"] > grids and n["registrations"] > 3000
    # every in-service member works somewhere with a valid ID number most of the time
    members = [r for r in t["people"] if r["role"] == "在职党员"]
    assert members and all(r["unit"] for r in members)
    assert sum(1 for r in t["people"] if r["id_number"]) > 0.85 * n["people"]


def test_texts_carry_their_category(kunming: dict) -> None:
    """A category given matches the words of the text, so classifying and matching work."""
    zh = {c.zh: c.code for c in CATEGORIES}
    for name, title in (("needs", "title"), ("resources", "title")):
        rows = [r for r in kunming[name] if r["category"] and r["category"] != "其他"]
        agree = sum(1 for r in rows if classify(r[title], r["description"]) == zh[r["category"]])
        assert agree >= 0.9 * len(rows), (name, agree, len(rows))
        blank = [r for r in kunming[name] if not r["category"]]
        assert blank and all(classify(r[title], r["description"]) for r in blank)
    titles = [r["title"] for r in kunming["needs"]]
    assert len(set(titles)) > 150  # templates with variation, not one title repeated


def test_projects_join_linked_units(kunming: dict) -> None:
    """A project's unit is linked to the community: committee, agreement, alliance, registration or street."""
    t = kunming
    areas = {r["code"]: r for r in t["areas"]}
    units = {r["id"]: r for r in t["units"]}
    resources = {r["id"]: r for r in t["resources"]}
    for r in t["projects"]:
        assert any(resources[x]["unit"] == r["unit"] for x in r["resources"].split("；")), r
    street = {c: areas[c]["parent"] for c in areas if areas[c]["level"] == "社区"}
    same_street = sum(
        1
        for r in t["projects"]
        if street.get(community_of(areas, units[r["unit"]]["area"])) == street[community_of(areas, r["area"])]
    )
    assert 0.3 * len(t["projects"]) < same_street < len(t["projects"])


# ------------------------------------------------------------------------ the loop


def test_needs_live_the_loop_as_the_seeds_report(tiny_dir: Path, tiny: dict, tmp_path: Path) -> None:
    """Generated needs carry histories: ingested with no rejected row, they give loop figures like
    the seed articles' (most done, most at grid or community, a few at the county, residents
    mostly satisfied), and every history follows the monthly policy."""
    from gongjian.graph.embedded import EmbeddedStore
    from gongjian.ingest.load import ingest
    from gongjian.queries.loop import history, report
    from gongjian.rules.loop import Monthly, escalations, start_level

    store = EmbeddedStore(tmp_path / "g.db")
    try:
        got = ingest(tiny_dir, store)
        assert got.ok, got.rejected[:5]
        county = next(r["code"] for r in tiny["areas"] if AREA_LEVEL.parse(r["level"]) == "county")
        figures = report(store, county, "2000-01-01", "2100-01-01", on=AS_OF.isoformat())
        needs = {r["id"]: r for r in tiny["needs"]}
        histories = {n: history(store, n) for n in needs}
    finally:
        store.close()
    assert figures["raised"] == len(needs)
    assert 0.6 <= figures["done_rate"] <= 0.99, figures
    assert figures["satisfaction_rate"] >= 0.9 and figures["rated"] >= 0.6 * figures["done"], figures
    assert figures["escalated"] > 0 and figures["solved_at_grid"] > 0, figures
    highest = figures["highest_level"]
    assert 0 < highest["county"] <= 0.15 * figures["raised"], figures
    assert highest["grid"] + highest["community"] >= 0.6 * figures["raised"], figures
    assert 3 <= figures["mean_days_to_done"] <= 30, figures

    areas = {r["code"]: r for r in tiny["areas"]}
    level = {c: AREA_LEVEL.parse(r["level"]) for c, r in areas.items()}
    projects = {n: r for r in tiny["projects"] for n in r["needs"].split("；")}
    for r in tiny["projects"]:
        assert r["started"] <= r["due"], r
    rows: dict[str, list[dict[str, str]]] = {}
    for r in tiny["events"]:
        rows.setdefault(r["need"], []).append(r)
    verdicts: dict[str, list[dict[str, str]]] = {}
    for r in tiny["feedback"]:
        verdicts.setdefault(r["need"], []).append(r)
    assert set(rows) == set(needs) and set(verdicts) <= set(needs)
    policy = Monthly()
    for nid, need in needs.items():
        events = rows[nid]
        actions = [EVENT_ACTION.parse(e["action"]) for e in events]
        dates = [e["date"] for e in events]
        assert dates == sorted(dates) and all(d <= AS_OF.isoformat() for d in dates), events
        assert actions[0] == "raised" and dates[0] == need["raised"], events
        area = need["area"]
        start = start_level(
            area,
            {c: {**r, "level": level[c]} for c, r in areas.items() if c in (area, areas[area]["parent"])},
        )
        assert HANDLING_LEVEL.parse(events[0]["level"]) == start
        # escalations: one per deadline passed while nobody took it, dated on it
        until = next((e["date"] for e in events if e["action"] in ("接单", "关闭")), AS_OF.isoformat())
        moves = escalations(nid, start, need["raised"], need["raised"], policy, until)
        assert [(e["date"], HANDLING_LEVEL.parse(e["level"])) for e in events if e["action"] == "上报"] == [
            (m.date, m.to) for m in moves
        ], events
        assert HANDLING_LEVEL.parse(need["level"]) == HANDLING_LEVEL.parse(events[-1]["level"])
        status = NEED_STATUS.parse(need["status"])
        final = histories[nid]
        assert final["level"] == HANDLING_LEVEL.parse(need["level"])
        if status == "done":
            done = next(e["date"] for e in events if e["action"] == "办结")
            assert need["done_on"] == done
            if nid in projects:
                assert projects[nid]["finished"] == done
        else:
            assert not need["done_on"] and "done" not in actions
        if nid in projects:
            p = projects[nid]
            assert p["started"] == next(e["date"] for e in events if e["action"] == "接单")
            assert PROJECT_STATUS.parse(p["status"]) == ("done" if status == "done" else status)
        for v in verdicts.get(nid, []):
            assert status == "done" and v["date"] >= need["done_on"], (need, v)
        # a 不满意 verdict sends the need back: one 退回 event, from the ledger and ingest alike
        latest = max(verdicts.get(nid, []), key=lambda v: v["date"], default=None)
        if latest and RATING.parse(latest["rating"]) == "dissatisfied":
            assert final["status"] == "in_progress"
            assert [e["action"] for e in final["events"]].count("returned") == 1, final
        else:
            assert final["status"] == (status or "open")


def test_evaluations_go_both_ways_and_change_nothing_else(
    tiny_dir: Path, tiny: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Communities grade their committee members and agreement partners for last year, and
    those units grade the community back; drawn apart, so other draws leave every other ledger
    as it was."""
    evaluations = tiny["evaluations"]
    areas = {a["code"] for a in tiny["areas"]}
    units = {u["id"] for u in tiny["units"]}
    down = [e for e in evaluations if e["evaluator"] in areas and e["evaluated"] in units]
    up = [e for e in evaluations if e["evaluator"] in units and e["evaluated"] in areas]
    assert len(down) >= 10 and len(up) >= 10 and len(down) + len(up) == len(evaluations)
    assert {e["period"] for e in evaluations} >= {str(AS_OF.year - 1)}
    assert {e["grade"] for e in evaluations} == {"好", "较好", "一般", "差"}
    assert all(e["comment"] for e in evaluations)

    from gongjian.generate import run as run_module

    class OtherDraws(run_module.Run):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            self.evaluation_rng.seed("other")

    monkeypatch.setattr("gongjian.generate.Run", OtherDraws)
    generate("tiny", SEED, tmp_path / "other", as_of=AS_OF)
    before, after = files(tiny_dir), files(tmp_path / "other")
    assert after["evaluations.csv"] != before["evaluations.csv"]
    assert {k: v for k, v in after.items() if k != "evaluations.csv"} == {
        k: v for k, v in before.items() if k != "evaluations.csv"
    }
