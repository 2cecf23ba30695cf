"""People (人员): names, phones and ID numbers, a person's row, and the people a community
has of its own: workers (社区工作者), grid workers (网格员), block heads (楼栋长) and party
member households (党员中心户)."""

from __future__ import annotations

import random

from gongjian.generate.regions import Community
from gongjian.generate.run import Run
from gongjian.generate.territory import Grid
from gongjian.generate.words.names import GIVEN, MOBILE, SURNAMES
from gongjian.generate.words.places import ALL_COUNTIES


def name(r: random.Random) -> str:
    given = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
    return r.choice(SURNAMES) + given


def mobile(r: random.Random) -> str:
    return f"{r.choice(MOBILE)}{r.randrange(100000000):08d}"


def landline(r: random.Random, area_code: str) -> str:
    return f"{area_code}-{r.randrange(60000000, 69999999)}"


def person(
    run: Run,
    role: str,
    area: str,
    county: str,
    *,
    unit: str = "",
    org: str = "",
    born: tuple[int, int] = (1965, 2000),
) -> str:
    """A person's row (most were born in ``county``); their id."""
    r = run.rng
    pid = run.id("PS", 7)
    home = county[:6] if r.random() < 0.8 else r.choice(ALL_COUNTIES)
    run.emit(
        "people",
        id=pid,
        name=name(r),
        role=role,
        unit=unit,
        party_org=org,
        area=area,
        phone=mobile(r) if r.random() < 0.95 else "",
        id_number=run.codes.id_number(home, *born) if r.random() < 0.93 else "",
    )
    return pid


def community_people(run: Run, c: Community, grids: list[Grid], county: str) -> None:
    """The community's secretary (unless its big committee has one), workers, grid workers and
    the people of its blocks."""
    r, cfg = run.rng, run.cfg
    if not c.secretary:
        c.secretary = person(run, "社区工作者", c.code, county, org=c.org, born=(1968, 1988))
    for _ in range(r.randint(*cfg.workers_comm) - 1):
        person(run, "社区工作者", c.code, county, org=c.org if r.random() < 0.6 else "", born=(1975, 2000))
    for gcode, _gname, branch in grids:
        if r.random() < cfg.grid_worker_rate:
            person(
                run,
                "网格员",
                gcode,
                county,
                org=branch if branch and r.random() < 0.6 else "",
                born=(1970, 2001),
            )
    for i, nb in enumerate(c.blocks):
        for k in range(nb):
            if r.random() < 0.4:
                person(
                    run,
                    "楼栋长" if r.random() < 0.7 else "党员中心户",
                    f"{grids[i][0]}{k + 1:02d}",
                    county,
                    org=grids[i][2] if grids[i][2] and r.random() < 0.6 else "",
                    born=(1950, 1985),
                )
