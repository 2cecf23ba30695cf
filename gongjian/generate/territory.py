"""The territory written: each area (区划) with the party org that leads it, from the provincial
committee (省委) down to grid branches (网格党支部) and block groups (楼栋党小组), and the system
working committees (工委) of province, cities and counties."""

from __future__ import annotations

from gongjian.generate.ledgers import words
from gongjian.generate.regions import City, Community, County, Street
from gongjian.generate.run import Run
from gongjian.model import AREA_LEVEL, PARTY_ORG_KIND

PROVINCE = "530000000000"

Grid = tuple[str, str, str]
"""A grid of a community: (code, name, its party branch or "")."""
_LEVEL = words(AREA_LEVEL)
_ORG_KIND = words(PARTY_ORG_KIND)
_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十 (1–99); larger numbers in Arabic digits."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


_GRID_SUFFIX = tuple(f"第{_cn_number(i)}网格" for i in range(1, 100))


def _area(run: Run, code: str, name: str, level: str, parent: str | None, pop: int | None) -> None:
    run.emit("areas", code=code, name=name, level=_LEVEL[level], parent=parent, population=pop)


def party_org(
    run: Run, name: str, kind: str, parent: str, *, unit: str = "", area: str = "", members: int = 0
) -> str:
    """A party org's row; its id."""
    oid = run.id("PO", 7)
    run.emit(
        "party_orgs",
        id=oid,
        name=name,
        kind=_ORG_KIND[kind],
        parent=parent,
        unit=unit,
        area=area,
        members=members or "",
    )
    return oid


def _system_orgs(run: Run, parent: str, area: str, *orgs: tuple[str, str, str]) -> dict[str, str]:
    """System party orgs under ``parent``, each (key, name, kind): key → id."""
    return {key: party_org(run, name, kind, parent, area=area) for key, name, kind in orgs}


def province(run: Run, cities: list[City]) -> tuple[str, dict[str, str]]:
    """Yunnan and its committee; the province's system orgs when the scale has province units."""
    r = run.rng
    whole = run.scale == "province"
    pop = sum(c.pop for c in cities)
    # above what the dataset covers, a population would be a partial sum: left empty
    _area(run, PROVINCE, "云南省", "province", None, pop if whole else None)
    org = party_org(
        run,
        "中共云南省委员会",
        "committee",
        "",
        area=PROVINCE,
        members=r.randint(3_000_000, 3_500_000) if whole else 0,
    )
    if not run.cfg.province_units:
        return org, {}
    sys = _system_orgs(
        run,
        org,
        PROVINCE,
        ("agency", "中共云南省直属机关工作委员会", "working_committee"),
        ("soe", "中共云南省人民政府国有资产监督管理委员会委员会", "committee"),
        ("edu", "中共云南省委教育工作委员会", "working_committee"),
        ("health", "中共云南省卫生健康委员会党组机关委员会", "committee"),
    )
    return org, sys


def city(run: Run, city: City, province_org: str) -> None:
    """A city, its committee and its system orgs (in ``city.sys_orgs``)."""
    _area(run, city.code, city.name, "city", PROVINCE, city.pop if run.scale == "province" else None)
    city.org = party_org(run, f"中共{city.name}委员会", "committee", province_org, area=city.code)
    tag = city.short
    city.sys_orgs = _system_orgs(
        run,
        city.org,
        city.code,
        ("agency", f"中共{tag}直属机关工作委员会", "working_committee"),
        ("soe", f"中共{tag}国资委委员会", "committee"),
        ("edu", f"中共{tag}委教育工作委员会", "working_committee"),
        ("health", f"中共{tag}卫生健康工作委员会", "working_committee"),
        ("new", f"中共{tag}非公有制经济组织和社会组织工作委员会", "working_committee"),
    )


def county(run: Run, county: County) -> dict[str, str]:
    """A county and its committee; its system orgs (health under its 机关工委, state-owned
    companies under the city's 国资委)."""
    city = county.city
    _area(run, county.code, county.name, "county", city.code, county.pop if run.scale != "tiny" else None)
    county.org = party_org(
        run,
        f"中共{county.name}委员会",
        "committee",
        city.org,
        area=county.code,
        members=run.rng.randint(9000, 40000),
    )
    tag = county.short
    sys = _system_orgs(
        run,
        county.org,
        county.code,
        ("agency", f"中共{tag}直属机关工作委员会", "working_committee"),
        ("edu", f"中共{tag}委教育工作委员会", "working_committee"),
        ("new", f"中共{tag}非公有制经济组织和社会组织工作委员会", "working_committee"),
    )
    sys["health"] = sys["agency"]
    sys["soe"] = city.sys_orgs["soe"]
    return sys


def street(run: Run, st: Street, county: County) -> None:
    """A street's working committee (街道工委) or a township's committee (乡镇党委)."""
    r = run.rng
    _area(run, st.code, st.name, st.level, county.code, st.pop)
    if st.level == "street":
        st.org = party_org(
            run,
            f"中共{county.short}{st.name}工作委员会",
            "working_committee",
            county.org,
            area=st.code,
            members=r.randint(800, 6000),
        )
    else:
        st.org = party_org(
            run,
            f"中共{county.short}{st.name}委员会",
            "committee",
            county.org,
            area=st.code,
            members=r.randint(600, 4000),
        )


def community(run: Run, c: Community, st: Street, county: County) -> list[Grid]:
    """Areas and party orgs of a community down to grids and blocks; its grids."""
    r, cfg = run.rng, run.cfg
    _area(run, c.code, c.name, c.level, st.code, c.pop)
    if c.level == "community":
        big = c.pop > 9000
        c.org = party_org(
            run,
            f"中共{county.short}{st.name}{c.name}委员会"
            if big
            else f"中共{county.short}{st.name}{c.name}总支部委员会",
            "committee" if big else "general_branch",
            st.org,
            area=c.code,
            members=r.randint(120, 600) if big else r.randint(40, 160),
        )
    else:
        c.org = party_org(
            run,
            f"中共{county.short}{st.name}{c.name}总支部委员会",
            "general_branch",
            st.org,
            area=c.code,
            members=r.randint(30, 120),
        )
    grids: list[Grid] = []
    per_grid = max(1, c.pop // max(1, c.n_grids))
    no_branch_forced = run.once("grid_without_branch")
    for i in range(c.n_grids):
        gcode = f"{c.code}{i + 1:03d}"
        gname = c.name + (_GRID_SUFFIX[i] if i < 99 else f"第{i + 1}网格")
        _area(run, gcode, gname, "grid", c.code, int(per_grid * (0.7 + 0.6 * r.random())))
        x = r.random()
        branch = ""
        if no_branch_forced and i == c.n_grids - 1:
            pass
        elif x < cfg.grid_branch_rate:
            branch = party_org(run, gname + "党支部", "branch", c.org, area=gcode, members=r.randint(3, 40))
        elif x < cfg.grid_branch_rate + 0.05:
            branch = party_org(run, gname + "党小组", "group", c.org, area=gcode, members=r.randint(3, 12))
        nb = c.blocks[i]
        xq = c.xqs[i % len(c.xqs)]
        first = r.randint(1, 20)
        for k in range(nb):
            bcode = f"{gcode}{k + 1:02d}"
            bname = f"{xq}{first + k}栋"
            _area(run, bcode, bname, "block", gcode, r.randint(60, 400))
            if branch and r.random() < 0.5:
                party_org(
                    run, f"{gname}{bname}楼栋党小组", "group", branch, area=bcode, members=r.randint(3, 10)
                )
        grids.append((gcode, gname, branch))
    return grids
