"""The regions a scale covers, planned before a row is written: cities (州市), counties (县区),
streets and townships (街道/乡镇), communities and villages (社区/村) with their grids, blocks
and 小区; which communities have a big committee (大党委) and which streets an alliance
(党建联盟) or a big working committee (大工委)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gongjian.generate.run import Run
from gongjian.generate.words.names import FIRM_WORDS, PLACE_A, PLACE_B, XQ_SUFFIX
from gongjian.generate.words.places import CITIES, ERJIAWAN, KUNMING_STREETS, NAMED_COMMUNITIES

if TYPE_CHECKING:
    from gongjian.generate.units import Unit


@dataclass(slots=True)
class Community:
    """A community or village (社区/村)."""

    code: str
    name: str
    level: str  # community / village
    pop: int
    n_grids: int
    committee: bool = False
    quota: int = 0  # units of its own on the big committee
    s_units: list[Unit] = field(default_factory=list)  # upper units assigned to its big committee
    blocks: list[int] = field(default_factory=list)  # per grid: number of blocks
    xqs: list[str] = field(default_factory=list)  # 小区 names
    org: str = ""
    secretary: str = ""


@dataclass(slots=True)
class Street:
    """A street or township (街道/乡镇)."""

    code: str
    name: str
    level: str  # street / township
    comms: list[Community]
    pop: int = 0
    platform: str = ""  # alliance / big_working_committee / ""
    org: str = ""
    new_org: str = ""  # the street's party committee of 两新 organisations


@dataclass(slots=True)
class County:
    """A county, district or county-level city (县/区/市)."""

    code: str
    name: str
    short: str  # 石林县 for 石林彝族自治县
    bare: str  # 石林, 官渡
    city: City
    streets: list[Street] = field(default_factory=list)
    pop: int = 0
    org: str = ""


@dataclass(slots=True)
class City:
    """A prefecture (州市)."""

    code: str
    name: str
    short: str  # 楚雄州
    bare: str  # 楚雄
    phone: str  # the area code of its landlines
    counties: list[County] = field(default_factory=list)
    pop: int = 0
    org: str = ""
    sys_orgs: dict[str, str] = field(
        default_factory=dict
    )  # system party orgs (工委) and brands' head offices
    units: list[Unit] = field(default_factory=list)


def plan(run: Run) -> list[City]:
    """The cities of ``run``'s scale, down to their communities' grids, with the platforms planned."""
    return _Planner(run).cities()


class _Planner:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.rng = run.rng
        self.xq_used: dict[str, set[str]] = {}  # per county

    def cities(self) -> list[City]:
        scale = self.run.scale
        cities: list[City] = []
        chosen = CITIES if scale == "province" else CITIES[:1]
        for code4, name, short, bare, phone, counties in chosen:
            city = City(code4 + "00000000", name, short, bare, phone)
            for item in counties.split():
                ccode, cname = item[:6], item[6:]
                if scale == "tiny" and ccode != "530111":
                    continue
                if scale == "kunming" and ccode not in KUNMING_STREETS:
                    continue
                short_c = cname[:2] + "县" if cname.endswith("自治县") else cname
                bare_c = short_c[:-1] if len(short_c) > 2 else short_c
                city.counties.append(County(ccode + "000000", cname, short_c, bare_c, city))
            cities.append(city)
        if scale == "tiny":
            self.tiny_streets(cities[0].counties[0])
        elif scale == "kunming":
            self.kunming_streets(cities[0].counties)
        else:
            for city in cities:
                for county in city.counties:
                    self.province_streets(county)
        for city in cities:
            for county in city.counties:
                for st in county.streets:
                    st.pop = sum(c.pop for c in st.comms)
                county.pop = sum(s.pop for s in county.streets)
            city.pop = sum(c.pop for c in city.counties)
        self.committees(cities)
        self.street_platforms(cities)
        return cities

    def place_name(self, used: set[str]) -> str:
        r = self.rng
        for _ in range(200):
            name = r.choice(PLACE_A) + r.choice(PLACE_B)
            if r.random() < 0.15:
                name = r.choice(PLACE_A) + name
            if name not in used:
                used.add(name)
                return name
        while True:
            name = r.choice(PLACE_A) + r.choice(PLACE_A) + r.choice(PLACE_B)
            if name not in used:
                used.add(name)
                return name

    def xq_name(self, used: set[str]) -> str:
        """A residential compound (小区) name, unique within its county."""
        r = self.rng
        for _ in range(50):
            if r.random() < 0.6:
                name = r.choice(FIRM_WORDS) + r.choice(XQ_SUFFIX)
            else:
                name = r.choice(PLACE_A) + r.choice(PLACE_B) + r.choice(("小区", "新村", "花园"))
            if name not in used:
                break
        else:
            name = f"{name}{r.choice('二三四五')}期"
        used.add(name)
        return name

    def community(
        self, code: str, name: str, level: str, grids: tuple[int, int], pop: tuple[int, int]
    ) -> Community:
        r = self.rng
        c = Community(code, name, level, r.randrange(*pop), r.randint(*grids))
        rate = self.run.cfg.block_grid_rate
        c.blocks = [r.randint(2, 4) if rate and r.random() < rate else 0 for _ in range(c.n_grids)]
        used = self.xq_used.setdefault(code[:6], set())
        c.xqs = [self.xq_name(used) for _ in range(r.randint(2, 4))]
        return c

    def tiny_streets(self, county: County) -> None:
        used = {"佴家湾", "太和", "吴井"}
        for i, sname in enumerate(("太和", "吴井")):
            scode = f"{county.code[:6]}{i + 3:03d}"
            comms = []
            for j in range(3):
                cname = "佴家湾" if (i, j) == (0, 0) else self.place_name(used)
                comms.append(
                    self.community(f"{scode}{j + 1:03d}", cname + "社区", "community", (2, 4), (4000, 16000))
                )
            county.streets.append(Street(scode + "000", sname + "街道", "street", comms))

    def kunming_streets(self, counties: list[County]) -> None:
        r = self.rng
        slots = [(county, sname) for county in counties for sname in KUNMING_STREETS[county.code[:6]].split()]
        counts = [3] * len(slots)
        for _ in range(286 - 3 * len(slots)):
            while True:
                k = r.randrange(len(slots))
                if counts[k] < 8:
                    counts[k] += 1
                    break
        used: dict[str, set[str]] = {}
        for county in counties:
            u = used.setdefault(county.code, set())
            u.update(
                n for (cc, _s), names in NAMED_COMMUNITIES.items() if cc == county.code[:6] for n in names
            )
            u.update(KUNMING_STREETS[county.code[:6]].split())
        index: dict[str, int] = {}
        for (county, sname), n in zip(slots, counts, strict=True):
            i = index.get(county.code, 0) + 1
            index[county.code] = i
            scode = f"{county.code[:6]}{i:03d}"
            named = list(NAMED_COMMUNITIES.get((county.code[:6], sname), ()))
            comms = []
            for j in range(n):
                cname = named.pop(0) if named else self.place_name(used[county.code])
                comms.append(
                    self.community(f"{scode}{j + 1:03d}", cname + "社区", "community", (8, 15), (5000, 18000))
                )
            county.streets.append(Street(scode + "000", sname + "街道", "street", comms))

    def province_streets(self, county: County) -> None:
        r = self.rng
        n = r.randint(6, 16)
        if county.name.endswith("区"):
            share = r.uniform(0.6, 1.0)
        elif county.name.endswith("市"):
            share = r.uniform(0.2, 0.45)
        else:
            share = r.uniform(0.0, 0.15)
        n_streets = max(1 if not county.name.endswith("县") else 0, round(n * share))
        used: set[str] = set()
        town_i = 100
        xiang_i = 200
        for i in range(n):
            sname = self.place_name(used)
            if i < n_streets:
                scode = f"{county.code[:6]}{i + 1:03d}"
                comms = [
                    self.community(
                        f"{scode}{j + 1:03d}",
                        self.place_name(used) + "社区",
                        "community",
                        (22, 55),
                        (4000, 16000),
                    )
                    for j in range(r.randint(4, 12))
                ]
                county.streets.append(Street(scode + "000", sname + "街道", "street", comms))
                continue
            if r.random() < 0.7:
                town_i += 1
                scode, sfull = f"{county.code[:6]}{town_i:03d}", sname + "镇"
            else:
                xiang_i += 1
                scode, sfull = f"{county.code[:6]}{xiang_i:03d}", sname + "乡"
            comms = [
                self.community(
                    f"{scode}{j + 1:03d}", self.place_name(used) + "社区", "community", (12, 30), (2000, 8000)
                )
                for j in range(r.randint(1, 2) if sfull.endswith("镇") else r.randint(0, 1))
            ]
            comms += [
                self.community(
                    f"{scode}{200 + j + 1:03d}",
                    self.place_name(used) + "村",
                    "village",
                    (17, 38),
                    (700, 3000),
                )
                for j in range(r.randint(6, 12))
            ]
            county.streets.append(Street(scode + "000", sfull, "township", comms))

    def committees(self, cities: list[City]) -> None:
        """Which communities have a big committee, and how many of their own units sit on it."""
        r, cfg, scale = self.rng, self.run.cfg, self.run.scale
        comms = [c for city in cities for county in city.counties for st in county.streets for c in st.comms]
        for c in comms:
            rate = cfg.comm_committee_rate if c.level == "community" else cfg.village_committee_rate
            c.committee = r.random() < rate
        if scale == "tiny":
            comms[-1].committee = False  # a community without a big committee
        elif scale == "kunming":
            by_street = [st for city in cities for county in city.counties for st in county.streets]
            for st in r.sample([s for s in by_street if not any(c.name == ERJIAWAN for c in s.comms)], 5):
                r.choice(st.comms).committee = False
        elif not any(not c.committee and c.level == "community" for c in comms):
            comms[0].committee = False
        holders = [c for c in comms if c.committee]
        for c in holders:
            c.quota = r.randint(*cfg.quota)
        if cfg.committee_total:
            n_streets = sum(len(county.streets) for city in cities for county in city.counties)
            n_counties = sum(len(city.counties) for city in cities)
            own = cfg.committee_total - cfg.s_city - cfg.s_county * n_counties - n_streets
            while sum(c.quota for c in holders) != own:
                c = r.choice(holders)
                if sum(x.quota for x in holders) < own:
                    c.quota += c.quota < cfg.quota[1] + 1
                else:
                    c.quota -= c.quota > cfg.quota[0] - 1

    def street_platforms(self, cities: list[City]) -> None:
        """Which streets run a party-building alliance (党建联盟) and which a big working committee (大工委)."""
        r = self.rng
        streets = [st for city in cities for county in city.counties for st in county.streets]
        if self.run.scale == "tiny":
            streets[0].platform, streets[1].platform = "alliance", "big_working_committee"
        elif self.run.scale == "kunming":
            order = list(range(len(streets)))
            r.shuffle(order)
            for n, i in enumerate(order):  # 46 alliances; 10 of the other 13 streets run a 大工委
                streets[i].platform = "alliance" if n < 46 else ("big_working_committee" if n < 56 else "")
        else:
            for st in streets:
                x = r.random()
                if st.level == "street":
                    st.platform = "alliance" if x < 0.75 else ("big_working_committee" if x < 0.95 else "")
                else:
                    st.platform = "big_working_committee" if x < 0.12 else ("alliance" if x < 0.2 else "")
