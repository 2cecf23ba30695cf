"""Deterministic synthetic ledgers (台账) of 区域化党建 for demos, tests and benchmarks.

``generate(scale, seed, out, as_of=None, progress=None)`` writes one CSV per table of
:data:`gongjian.model.TABLES` (``areas.csv`` … ``registrations.csv``) the way users keep
them: the canonical Chinese headers, UTF-8 with BOM, enum values as Chinese words,
dates ``YYYY-MM-DD``, multi-value cells joined with ``；``. It returns the rows written
per table. ``progress(stage, rows_so_far)`` is called after each county and at the end.

Scales (figures from the seed articles):

- ``tiny``: 官渡区 with 2 streets (太和, 吴井) and 6 communities, 佴家湾社区 among them;
  ~25 units, ~40 needs. Holds at least one of every gap a planner looks for: former
  member, expired agreement, agreement in force ≥180 days with no project between its
  sides, community without a big committee, unit in no platform, grid without a party
  branch, stale / done / uncategorised needs, needs at grid and block level, idle /
  full / retired / uncategorised resources, urgency 高/中/低.
- ``kunming``: 五华、盘龙、官渡、西山、呈贡 — 59 streets, 286 communities (281 big party
  committees), 46 street alliances (10 other streets run a 大工委), exactly 1,413
  distinct units sitting on big committees, ~3,300 grids, a few thousand needs.
- ``province``: Yunnan — 16 prefectures, 129 counties, ~1,400 streets and townships,
  ~14,000 communities and villages, ~390,000 grids: about 1.2 million nodes and 2.3
  million relationships. Streamed county by county (~25 s, <100 MB).

Everything is drawn from one ``random.Random(seed)`` (no hash order anywhere) and every
date is relative to ``as_of`` (default today; none lies after it), so the same
(scale, seed, as_of) gives byte-identical files.

What the ingest side can rely on:

- Area codes: 12-digit statistical codes down to communities/villages (县 6 digits +
  街道/乡镇 3 + 社区/村 3; streets 001–099, towns 100–199, 乡 200+; communities 001–199,
  villages 200+); a grid extends its community's code by 3 digits (15), a block its
  grid's by 2 (17). Every row after the top one has a parent of a higher level, and
  parents come before children in the file. Populations are left empty above the
  part of the province a scale covers.
- Unit ids are valid 18-character 统一社会信用代码, except owners' committees, village
  clinics and a few small units with local codes ``U-<county>-<nnnnn>``. No other id is
  18 characters long, and ids are unique across all tables: ``PO`` party orgs, ``PF``
  platforms, ``PS`` people, ``AG`` agreements, ``N`` needs, ``R`` resources, ``PJ``
  projects.
- A party org has either 所属单位 (unit orgs) or 所在区划 (territorial orgs: 省委 … 社区
  党组织, 网格党支部/党小组, 楼栋党小组), never both. 身份 also uses 党组织书记.
- 甲方 is a community/village party org id (~70%) or the community's code; 乙方 a unit
  id or the unit's party org id (about half each).
- Needs (~5%) and resources (~4%) may have an empty category; their text always
  carries the keywords of the intended category. 需求 of a project is one need id,
  资源 one or two resource ids. Link rows are unique per (member, platform) and per
  (subject, community); 服务时长 may be a half hour (``12.5``).
- Phones are 11-digit mobiles or ``0871-6xxxxxxx`` landlines; ~7% of people have no
  身份证号, the others valid and unique ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gongjian.generate.words.names import (
    CROPS,
    FIRM_WORDS,
    GIVEN,
    INDUSTRIES,
    MOBILE,
    PLACE_A,
    PLACE_B,
    SURNAMES,
    XQ_SUFFIX,
)
from gongjian.generate.words.places import ALL_COUNTIES, CITIES, ERJIAWAN, KUNMING_STREETS, NAMED_COMMUNITIES
from gongjian.generate.words.texts import (
    AGREEMENT_ACTS,
    NEED_CATS,
    NEED_TEXT,
    NEED_WEIGHTS,
    REG_CONTENT,
    RES_BY_KIND,
    SLOT_WORDS,
    STORY_UNITS,
    URGENCY_BY_CAT,
)
from gongjian.generate.words.units import (
    BIG_KINDS,
    BRANDS,
    CITY_OFFICES,
    COUNTY_OFFICES,
    KINDS,
    LOCAL_KINDS,
    LOCAL_WEIGHTS,
    OFFICE_KINDS,
    ORG_SHARE,
    PROVINCE_UNITS,
    SYSTEM,
)
from gongjian.ingest.classify import classify
from gongjian.ingest.codes import id_check_digit, uscc_check_char
from gongjian.model import (
    AREA_LEVEL,
    CATEGORIES,
    MEMBER_TYPE,
    NEED_STATUS,
    PARTY_ORG_KIND,
    PLATFORM_KIND,
    PROJECT_STATUS,
    RESOURCE_STATUS,
    TABLES,
    UNIT_TYPE,
    URGENCY,
    categories_related,
)

Scale = Literal["tiny", "kunming", "province"]
SCALES: tuple[str, ...] = ("tiny", "kunming", "province")

Progress = Callable[[str, int], None]
"""``progress(stage, rows_written_so_far)``: called after each county and once at the end."""

# ============================================================================ words

_LV = {c.code: c.zh for c in AREA_LEVEL.choices}
_UT = {c.code: c.zh for c in UNIT_TYPE.choices}
_POK = {c.code: c.zh for c in PARTY_ORG_KIND.choices}
_PFK = {c.code: c.zh for c in PLATFORM_KIND.choices}
_MT = {c.code: c.zh for c in MEMBER_TYPE.choices}
_URG = {c.code: c.zh for c in URGENCY.choices}
_NS = {c.code: c.zh for c in NEED_STATUS.choices}
_RS = {c.code: c.zh for c in RESOURCE_STATUS.choices}
_PS = {c.code: c.zh for c in PROJECT_STATUS.choices}
_CAT = {c.code: c.zh for c in CATEGORIES}
_CAT_CODES = tuple(c.code for c in CATEGORIES)
_RELATED = {a: tuple(b for b in _CAT_CODES if b != a and categories_related(a, b)) for a in _CAT_CODES}
_SEP = "；"

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


# ====================================================================== structure


@dataclass(slots=True)
class _Comm:
    code: str
    name: str
    level: str  # community / village
    pop: int
    n_grids: int
    committee: bool = False
    quota: int = 0  # units of its own on the big committee
    s_units: list = field(default_factory=list)  # upper units assigned to its big committee
    blocks: list = field(default_factory=list)  # per grid: number of blocks
    xqs: list = field(default_factory=list)  # 小区 names
    org: str = ""
    secretary: str = ""


@dataclass(slots=True)
class _Street:
    code: str
    name: str
    level: str  # street / township
    comms: list
    pop: int = 0
    platform: str = ""  # alliance / big_working_committee / ""
    org: str = ""
    new_org: str = ""  # the street's party committee of 两新 organisations


@dataclass(slots=True)
class _County:
    code: str
    name: str
    short: str
    bare: str
    city: _City
    streets: list = field(default_factory=list)
    pop: int = 0
    org: str = ""


@dataclass(slots=True)
class _City:
    code: str
    name: str
    short: str
    bare: str
    phone: str
    counties: list = field(default_factory=list)
    pop: int = 0
    org: str = ""
    sys_orgs: dict = field(default_factory=dict)
    units: list = field(default_factory=list)


@dataclass(slots=True)
class _Unit:
    id: str
    name: str
    short: str
    kind: str
    area: str  # community/village code where it sits
    street: str
    county: str
    org: str = ""
    resources: list = field(default_factory=list)  # (id, category, status)
    solo: bool = False  # kept out of every platform (a gap for planners to find)
    staff: list = field(default_factory=list)  # ids of people working there


@dataclass(frozen=True)
class _Config:
    s_city: int  # city units sitting on community big committees
    s_county: int  # district units sitting on big committees
    committee_total: int  # exact number of distinct units on big committees (0: free)
    quota: tuple[int, int]
    local_extra: tuple[int, int]
    village_units: tuple[int, int]
    street_units: tuple[int, int]
    county_units: int
    city_units: int
    province_units: int
    needs_comm: tuple[int, int]
    needs_village: tuple[int, int]
    res_per_unit: float
    project_rate: float
    pair_rate: float
    local_agreements: tuple[int, int]
    workers_comm: tuple[int, int]
    grid_worker_rate: float
    in_service_comm: tuple[int, int]
    in_service_village: tuple[int, int]
    block_grid_rate: float
    grid_branch_rate: float
    village_committee_rate: float
    comm_committee_rate: float
    joint_street_rate: float
    joint_comm_rate: float
    committee_staff: tuple[int, int] = (1, 3)
    res_more: float = 0.3  # chance a unit offers one more resource


# fmt: off
_CONFIGS: dict[str, _Config] = {
    "tiny": _Config(
        s_city=4, s_county=1, committee_total=0, quota=(1, 2), local_extra=(1, 1), village_units=(0, 0),
        street_units=(1, 2), county_units=2, city_units=5, province_units=0, needs_comm=(6, 7),
        needs_village=(0, 0), res_per_unit=1.0, project_rate=0.45, pair_rate=1.0, local_agreements=(1, 2),
        workers_comm=(1, 1), grid_worker_rate=0.25, in_service_comm=(1, 1), in_service_village=(0, 0),
        block_grid_rate=0.2, grid_branch_rate=0.85, village_committee_rate=0.0, comm_committee_rate=1.0,
        joint_street_rate=0.5, joint_comm_rate=0.0, committee_staff=(0, 1), res_more=0.55,
    ),
    "kunming": _Config(
        s_city=30, s_county=4, committee_total=1413, quota=(3, 7), local_extra=(2, 5), village_units=(1, 2),
        street_units=(4, 7), county_units=22, city_units=45, province_units=30, needs_comm=(11, 19),
        needs_village=(3, 6), res_per_unit=0.62, project_rate=0.3, pair_rate=0.92, local_agreements=(0, 2),
        workers_comm=(4, 8), grid_worker_rate=1.0, in_service_comm=(15, 30), in_service_village=(3, 8),
        block_grid_rate=0.25, grid_branch_rate=0.85, village_committee_rate=0.0, comm_committee_rate=1.0,
        joint_street_rate=0.4, joint_comm_rate=0.12,
    ),
    "province": _Config(
        s_city=12, s_county=3, committee_total=0, quota=(3, 6), local_extra=(2, 4), village_units=(0, 2),
        street_units=(3, 6), county_units=20, city_units=32, province_units=30, needs_comm=(7, 14),
        needs_village=(2, 6), res_per_unit=0.6, project_rate=0.27, pair_rate=0.8, local_agreements=(0, 1),
        workers_comm=(1, 3), grid_worker_rate=0.12, in_service_comm=(14, 28), in_service_village=(3, 6),
        block_grid_rate=0.0, grid_branch_rate=0.72, village_committee_rate=0.06, comm_committee_rate=0.97,
        joint_street_rate=0.3, joint_comm_rate=0.03,
    ),
}

# fmt: on
# ====================================================================== generator


class _Generator:
    def __init__(self, scale: str, seed: int, as_of: dt.date, progress: Progress | None) -> None:
        self.scale = scale
        self.cfg = _CONFIGS[scale]
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.progress = progress
        self.cols = {name: tuple(c.name for c in t.columns) for name, t in TABLES.items()}
        self.buf: dict[str, list[list[str]]] = {name: [] for name in TABLES}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.writers: dict = {}
        self.seq: dict[str, int] = {}
        self.uscc_seen: set[str] = set()
        self.id_numbers: set[str] = set()
        self.local_seq: dict[str, int] = {}
        self.forced: dict[str, bool] = {}  # which gap cases were already made
        self.province_orgs: dict[str, str] = {}
        self.brand_orgs: dict[str, str] = {}  # "电网" → the province company's party org
        self.province_units: list[_Unit] = []
        self.first_city: _City | None = None
        self.xq_used: dict[str, set[str]] = {}
        self.unit_names: set[str] = set()  # unit names in use in the current city
        self.province_org = ""

    # ----------------------------------------------------------------- basics

    def _emit(self, table: str, **values: object) -> None:
        self.buf[table].append(
            ["" if values.get(c) is None else str(values.get(c)) for c in self.cols[table]]
        )

    def _flush(self) -> None:
        for name, rows in self.buf.items():
            if rows:
                self.writers[name].writerows(rows)
                self.counts[name] += len(rows)
                rows.clear()

    def _id(self, prefix: str, width: int) -> str:
        n = self.seq.get(prefix, 0) + 1
        self.seq[prefix] = n
        return f"{prefix}{n:0{width}d}"

    def _days_ago(self, days: int) -> str:
        return (self.as_of - dt.timedelta(days=days)).isoformat()

    def _date(self, d: dt.date) -> str:
        return d.isoformat()

    def _once(self, what: str) -> bool:
        """True the first time a gap case is asked for, so it is made exactly where first possible."""
        if self.forced.get(what):
            return False
        self.forced[what] = True
        return True

    def _name(self) -> str:
        r = self.rng
        given = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
        return r.choice(SURNAMES) + given

    def _mobile(self) -> str:
        r = self.rng
        return f"{r.choice(MOBILE)}{r.randrange(100000000):08d}"

    def _landline(self, area_code: str) -> str:
        return f"{area_code}-{self.rng.randrange(60000000, 69999999)}"

    def _id_number(self, county: str, born_from: int, born_to: int) -> str:
        r = self.rng
        while True:
            birth = dt.date(born_from, 1, 1) + dt.timedelta(days=r.randrange((born_to - born_from) * 365))
            first17 = f"{county}{birth:%Y%m%d}{r.randrange(1000):03d}"
            if first17 not in self.id_numbers:
                self.id_numbers.add(first17)
                return first17 + id_check_digit(first17)

    def _uscc(self, prefix: str, division: str) -> str:
        r = self.rng
        while True:
            if prefix in ("91", "93"):
                body = "MA" + "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
            elif prefix in ("51", "52"):
                body = "MJ" + f"{r.randrange(1000000):06d}"
            else:
                body = f"{r.randrange(100000000):08d}"
            org = body + _org_check(body)
            first17 = prefix + division + org
            code = first17 + uscc_check_char(first17)
            if code not in self.uscc_seen:
                self.uscc_seen.add(code)
                return code

    def _local_code(self, county: str) -> str:
        n = self.local_seq.get(county, 0) + 1
        self.local_seq[county] = n
        return f"U-{county}-{n:05d}"

    def _place_name(self, used: set[str]) -> str:
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

    def _xq_name(self, used: set[str]) -> str:
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

    # --------------------------------------------------------------- skeleton

    def _skeleton(self) -> list[_City]:
        cities: list[_City] = []
        chosen = CITIES if self.scale == "province" else CITIES[:1]
        for code4, name, short, bare, phone, counties in chosen:
            city = _City(code4 + "00000000", name, short, bare, phone)
            for item in counties.split():
                ccode, cname = item[:6], item[6:]
                if self.scale == "tiny" and ccode != "530111":
                    continue
                if self.scale == "kunming" and ccode not in KUNMING_STREETS:
                    continue
                short_c = cname[:2] + "县" if cname.endswith("自治县") else cname
                bare_c = short_c[:-1] if len(short_c) > 2 else short_c
                city.counties.append(_County(ccode + "000000", cname, short_c, bare_c, city))
            cities.append(city)
        if self.scale == "tiny":
            self._tiny_streets(cities[0].counties[0])
        elif self.scale == "kunming":
            self._kunming_streets(cities[0].counties)
        else:
            for city in cities:
                for county in city.counties:
                    self._province_streets(county)
        for city in cities:
            for county in city.counties:
                for st in county.streets:
                    st.pop = sum(c.pop for c in st.comms)
                county.pop = sum(s.pop for s in county.streets)
            city.pop = sum(c.pop for c in city.counties)
        self._plan_committees(cities)
        self._plan_street_platforms(cities)
        return cities

    def _comm(self, code: str, name: str, level: str, grids: tuple[int, int], pop: tuple[int, int]) -> _Comm:
        r = self.rng
        c = _Comm(code, name, level, r.randrange(*pop), r.randint(*grids))
        rate = self.cfg.block_grid_rate
        c.blocks = [r.randint(2, 4) if rate and r.random() < rate else 0 for _ in range(c.n_grids)]
        used = self.xq_used.setdefault(code[:6], set())
        c.xqs = [self._xq_name(used) for _ in range(r.randint(2, 4))]
        return c

    def _tiny_streets(self, county: _County) -> None:
        used = {"佴家湾", "太和", "吴井"}
        for i, sname in enumerate(("太和", "吴井")):
            scode = f"{county.code[:6]}{i + 3:03d}"
            comms = []
            for j in range(3):
                cname = "佴家湾" if (i, j) == (0, 0) else self._place_name(used)
                comms.append(
                    self._comm(f"{scode}{j + 1:03d}", cname + "社区", "community", (2, 4), (4000, 16000))
                )
            county.streets.append(_Street(scode + "000", sname + "街道", "street", comms))

    def _kunming_streets(self, counties: list[_County]) -> None:
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
                cname = named.pop(0) if named else self._place_name(used[county.code])
                comms.append(
                    self._comm(f"{scode}{j + 1:03d}", cname + "社区", "community", (8, 15), (5000, 18000))
                )
            county.streets.append(_Street(scode + "000", sname + "街道", "street", comms))

    def _province_streets(self, county: _County) -> None:
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
            sname = self._place_name(used)
            if i < n_streets:
                scode = f"{county.code[:6]}{i + 1:03d}"
                comms = [
                    self._comm(
                        f"{scode}{j + 1:03d}",
                        self._place_name(used) + "社区",
                        "community",
                        (22, 55),
                        (4000, 16000),
                    )
                    for j in range(r.randint(4, 12))
                ]
                county.streets.append(_Street(scode + "000", sname + "街道", "street", comms))
                continue
            if r.random() < 0.7:
                town_i += 1
                scode, sfull = f"{county.code[:6]}{town_i:03d}", sname + "镇"
            else:
                xiang_i += 1
                scode, sfull = f"{county.code[:6]}{xiang_i:03d}", sname + "乡"
            comms = [
                self._comm(
                    f"{scode}{j + 1:03d}",
                    self._place_name(used) + "社区",
                    "community",
                    (12, 30),
                    (2000, 8000),
                )
                for j in range(r.randint(1, 2) if sfull.endswith("镇") else r.randint(0, 1))
            ]
            comms += [
                self._comm(
                    f"{scode}{200 + j + 1:03d}",
                    self._place_name(used) + "村",
                    "village",
                    (17, 38),
                    (700, 3000),
                )
                for j in range(r.randint(6, 12))
            ]
            county.streets.append(_Street(scode + "000", sfull, "township", comms))

    def _plan_committees(self, cities: list[_City]) -> None:
        """Which communities have a big committee, and how many of their own units sit on it."""
        r, cfg = self.rng, self.cfg
        comms = [c for city in cities for county in city.counties for st in county.streets for c in st.comms]
        for c in comms:
            rate = cfg.comm_committee_rate if c.level == "community" else cfg.village_committee_rate
            c.committee = r.random() < rate
        if self.scale == "tiny":
            comms[-1].committee = False  # a community without a big committee
        elif self.scale == "kunming":
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

    def _plan_street_platforms(self, cities: list[_City]) -> None:
        """Which streets run a party-building alliance (党建联盟) and which a big working committee (大工委)."""
        r = self.rng
        streets = [st for city in cities for county in city.counties for st in county.streets]
        if self.scale == "tiny":
            streets[0].platform, streets[1].platform = "alliance", "big_working_committee"
        elif self.scale == "kunming":
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

    def _brand_parent(self, name: str, city: _City | None) -> str:
        """The party org a state-owned company's branch reports to: its city's or province's head office."""
        for brand in BRANDS:
            if brand in name:
                if city is not None and city.sys_orgs.get("brand:" + brand):
                    return city.sys_orgs["brand:" + brand]
                return self.brand_orgs.get(brand, "")
        return ""

    # ------------------------------------------------------------------ areas

    def _area(self, code: str, name: str, level: str, parent: str | None, pop: int | None) -> None:
        self._emit("areas", code=code, name=name, level=_LV[level], parent=parent, population=pop)

    # ------------------------------------------------------------ party orgs

    def _org(
        self, name: str, kind: str, parent: str, *, unit: str = "", area: str = "", members: int = 0
    ) -> str:
        oid = self._id("PO", 7)
        self._emit(
            "party_orgs",
            id=oid,
            name=name,
            kind=_POK[kind],
            parent=parent,
            unit=unit,
            area=area,
            members=members or "",
        )
        return oid

    def _unit_org(self, u: _Unit, parent: str, level: str) -> None:
        r = self.rng
        big = u.kind in BIG_KINDS or level in ("省直", "市直")
        if u.kind in OFFICE_KINDS and level in ("省直", "市直", "区直"):
            name, kind, m = u.name + "机关党委", "committee", r.randint(60, 260)
        elif u.kind == "hospital" or (big and r.random() < 0.8):
            name, kind, m = u.name + "党委", "committee", r.randint(80, 900)
        elif level in ("省直", "市直", "区直", "县直") and r.random() < 0.6:
            name, kind, m = u.name + "党总支", "general_branch", r.randint(30, 120)
        else:
            name, kind, m = u.name + "党支部", "branch", r.randint(3, 45)
        u.org = self._org(name, kind, parent, unit=u.id, members=m)

    # ------------------------------------------------------------------ units

    def _unit(
        self,
        name: str,
        short: str,
        kind: str,
        area: str,
        street: str,
        county: str,
        tier: str,
        phone_code: str,
        division: str | None = None,
    ) -> _Unit:
        r = self.rng
        self.unit_names.add(name)
        utype, prefix = KINDS[kind]
        if (
            not prefix
            or (kind == "market" and r.random() < 0.4)
            or (
                kind not in ("agency", "hospital", "power") and r.random() < 0.03 and tier in ("街道", "社区")
            )
        ):
            uid = self._local_code(county[:6])
        else:
            uid = self._uscc(prefix, division or county[:6])
        u = _Unit(uid, name, short, kind, area, street, county)
        phone = (
            self._landline(phone_code)
            if utype in ("agency", "institution", "soe") or r.random() < 0.4
            else self._mobile()
        )
        self._emit(
            "units",
            id=uid,
            name=name,
            type=_UT[utype],
            area=area,
            tier=tier,
            contact=self._name() if r.random() < 0.9 else "",
            phone=phone if r.random() < 0.92 else "",
        )
        return u

    def _fresh_name(self, kind: str, c: _Comm, st: _Street, county: _County) -> tuple[str, str]:
        """A local unit's name not yet used in the city; a taken firm name becomes a branch (分公司)."""
        r = self.rng
        for _ in range(6):
            name, short = _local_name(r, kind, c, st, county)
            if name not in self.unit_names:
                return name, short
        bare_c = c.name[:-2] if c.name.endswith("社区") else c.name[:-1]
        for tail in (f"{county.bare}分公司", f"{bare_c}分公司", f"{st.name}分公司"):
            if name.endswith("有限公司") and name + tail not in self.unit_names:
                return name + tail, short
        if name.endswith("业主委员会"):
            for phase in "二三四五六七":
                cand = f"{name[:-5]}{phase}期业主委员会"
                if cand not in self.unit_names:
                    return cand, f"{short[:-3]}{phase}期业委会"
        n = 2
        while f"{name}（{bare_c}{n}）" in self.unit_names:
            n += 1
        return f"{name}（{bare_c}{n}）", short

    def _resources(self, u: _Unit, scope: str, chance: float | None = None) -> None:
        """The resources a unit offers, chosen by what kind of unit it is."""
        r = self.rng
        options = RES_BY_KIND.get(u.kind) or RES_BY_KIND["agency"]
        chance = self.cfg.res_per_unit if chance is None else chance
        n = 0
        while r.random() < (chance if n == 0 else self.cfg.res_more) and n < 3:
            n += 1
        picked: list[tuple[str, str]] = []
        for _ in range(n):
            cat, text = r.choice(options)
            if (cat, text) in picked:
                continue
            picked.append((cat, text))
        for cat, text in picked:
            self._resource(u, cat, text, scope)

    def _resource(self, u: _Unit, cat: str, text: str, scope: str, status: str = "") -> str:
        r = self.rng
        title, desc = _fill(r, text, {"unit": u.short}).split("|")[:2]
        x = r.random()
        if x < 0.3 and _neutral(u.short):
            title = u.short + title  # 市三院免费健康体检
        elif x > 0.85:
            title += r.choice(("（常态化）", "（每月一次）", "（周末）", "（预约制）", "（长期）"))
        category = _CAT[cat]
        if not status:  # (a status given is a resource of the seed story: kept plain)
            status = r.choices(("available", "idle", "full", "retired"), (80, 8, 7, 5))[0]
            for forced in ("idle", "full", "retired"):
                if self._once(f"resource_{forced}"):
                    status = forced
                    break
            if self._once("resource_no_category") or r.random() < 0.04:
                category = ""  # left for ingest to classify from the text
        rid = self._id("R", 7)
        self._emit(
            "resources",
            id=rid,
            title=title,
            description=desc,
            category=category,
            unit=u.id,
            scope=scope,
            capacity=r.choice((1, 2, 2, 4, 4, 5, 8, 10, 12, 20)),
            status=_RS[status],
        )
        u.resources.append((rid, cat, status, title))
        return rid

    # -------------------------------------------------------------- platforms

    def _platform(self, name: str, kind: str, area: str, lead: str, founded: dt.date) -> str:
        pid = self._id("PF", 6)
        self._emit(
            "platforms", id=pid, name=name, kind=_PFK[kind], area=area, lead=lead, founded=self._date(founded)
        )
        return pid

    def _founded(self) -> dt.date:
        return self.as_of - dt.timedelta(days=self.rng.randrange(500, 2900))

    def _member(
        self,
        platform: str,
        member: str,
        mtype: str,
        role: str,
        founded: dt.date,
        seen: set[str],
        former: bool = False,
    ) -> None:
        if member in seen:
            return
        seen.add(member)
        r = self.rng
        span = (self.as_of - founded).days
        since = founded + dt.timedelta(days=int(span * r.random() ** 3))
        until = ""
        if former and (self.as_of - since).days <= 60:
            since = founded + dt.timedelta(days=span // 5)  # a former member joined early enough to leave
        if (former or r.random() < 0.025) and (self.as_of - since).days > 60:
            gone = since + dt.timedelta(days=r.randrange(30, (self.as_of - since).days - 10))
            until = self._date(gone)
            self.forced["former_member"] = True
        self._emit(
            "members",
            platform=platform,
            member=member,
            member_type=_MT[mtype],
            role=role,
            since=self._date(since),
            until=until,
        )

    def _seat(
        self,
        platform: str,
        u: _Unit,
        role: str,
        founded: dt.date,
        seen: set[str],
        area: str,
        county: str,
        former: bool = False,
    ) -> None:
        """A unit on a platform: as its party org, as its leader in person, or as itself."""
        r = self.rng
        x = r.random()
        if role == "成员单位" and x >= 0.72:
            x = 1.0  # member units sit as units or party orgs, not in person
        if u.org and x < 0.72:
            self._member(platform, u.org, "party_org", role, founded, seen, former)
        elif u.org and x < 0.9:
            if not u.staff or r.random() < 0.5:
                pid = self._person("兼职委员", area, county, unit=u.id, org=u.org, born=(1965, 1990))
                u.staff.append(pid)
            self._member(platform, r.choice(u.staff), "person", role, founded, seen, former)
        else:
            self._member(
                platform, u.id, "unit", "成员单位" if role == "兼职委员" else role, founded, seen, former
            )

    # ----------------------------------------------------------------- people

    def _person(
        self,
        role: str,
        area: str,
        county: str,
        *,
        unit: str = "",
        org: str = "",
        born: tuple[int, int] = (1965, 2000),
    ) -> str:
        r = self.rng
        pid = self._id("PS", 7)
        home = county[:6] if r.random() < 0.8 else r.choice(ALL_COUNTIES)
        self._emit(
            "people",
            id=pid,
            name=self._name(),
            role=role,
            unit=unit,
            party_org=org,
            area=area,
            phone=self._mobile() if r.random() < 0.95 else "",
            id_number=self._id_number(home, *born) if r.random() < 0.93 else "",
        )
        return pid

    # ----------------------------------------------------------------- run

    def run(self, out: Path) -> dict[str, int]:
        out.mkdir(parents=True, exist_ok=True)
        cities = self._skeleton()
        self.first_city = cities[0]
        with ExitStack() as stack:
            for name, t in TABLES.items():
                f = stack.enter_context(open(out / t.file, "w", encoding="utf-8-sig", newline=""))
                w = csv.writer(f)
                w.writerow([c.zh for c in t.columns])
                self.writers[name] = w
            self._top(cities)
            for city in cities:
                self._city(city)
                for county in city.counties:
                    self._county(county)
                    self._flush()
                    if self.progress:
                        self.progress(county.name, sum(self.counts.values()))
                city.units.clear()
            self._flush()
        if self.progress:
            self.progress("完成", sum(self.counts.values()))
        return dict(self.counts)

    # ------------------------------------------------------------ province

    def _top(self, cities: list[_City]) -> None:
        r = self.rng
        pop = sum(c.pop for c in cities)
        # above what the dataset covers, a population would be a partial sum: left empty
        self._area("530000000000", "云南省", "province", None, pop if self.scale == "province" else None)
        self.province_org = self._org(
            "中共云南省委员会",
            "committee",
            "",
            area="530000000000",
            members=r.randint(3_000_000, 3_500_000) if self.scale == "province" else 0,
        )
        if not self.cfg.province_units:
            return
        sys = self.province_orgs
        sys["agency"] = self._org(
            "中共云南省直属机关工作委员会", "working_committee", self.province_org, area="530000000000"
        )
        sys["soe"] = self._org(
            "中共云南省人民政府国有资产监督管理委员会委员会",
            "committee",
            self.province_org,
            area="530000000000",
        )
        sys["edu"] = self._org(
            "中共云南省委教育工作委员会", "working_committee", self.province_org, area="530000000000"
        )
        sys["health"] = self._org(
            "中共云南省卫生健康委员会党组机关委员会", "committee", self.province_org, area="530000000000"
        )
        kunming = cities[0]
        central = [
            c
            for county in kunming.counties
            if county.code[:6] in ("530102", "530103", "530112")
            for st in county.streets
            if st.level == "street"
            for c in st.comms
        ]
        if not central:
            central = [c for county in kunming.counties for st in county.streets for c in st.comms]
        for name, short, kind in PROVINCE_UNITS[: self.cfg.province_units]:
            comm = r.choice(central)
            st_code = comm.code[:9] + "000"
            u = self._unit(
                name,
                short,
                kind,
                comm.code,
                st_code,
                comm.code[:6] + "000000",
                "省直",
                "0871",
                division="530000",
            )
            self._unit_org(u, sys[_sys_key(kind)], "省直")
            for brand in BRANDS:
                if brand in name:
                    self.brand_orgs.setdefault(brand, u.org)
            self._resources(u, "", 0.5)
            self.province_units.append(u)

    # ------------------------------------------------------------------ city

    def _city(self, city: _City) -> None:
        r = self.rng
        self.unit_names = {u.name for u in self.province_units}
        self._area(
            city.code, city.name, "city", "530000000000", city.pop if self.scale == "province" else None
        )
        city.org = self._org(f"中共{city.name}委员会", "committee", self.province_org, area=city.code)
        tag = city.short
        sys = city.sys_orgs
        sys["agency"] = self._org(
            f"中共{tag}直属机关工作委员会", "working_committee", city.org, area=city.code
        )
        sys["soe"] = self._org(f"中共{tag}国资委委员会", "committee", city.org, area=city.code)
        sys["edu"] = self._org(f"中共{tag}委教育工作委员会", "working_committee", city.org, area=city.code)
        sys["health"] = self._org(
            f"中共{tag}卫生健康工作委员会", "working_committee", city.org, area=city.code
        )
        sys["new"] = self._org(
            f"中共{tag}非公有制经济组织和社会组织工作委员会", "working_committee", city.org, area=city.code
        )
        comms = [c for county in city.counties for st in county.streets for c in st.comms]
        urban = [
            c
            for county in city.counties[:3]
            for st in county.streets
            if st.level == "street"
            for c in st.comms
        ]
        urban = urban or [c for c in comms if c.level == "community"] or comms
        specs = _city_units(city)
        if self.scale == "tiny":
            keep = (
                "昆明市第三人民医院",
                "云南电网有限责任公司昆明供电局",
                "昆明市司法局",
                "昆明市民政局",
                "昆明市第十中学",
            )
            specs = [s for s in specs if s[0] in keep]
        else:
            head, tail = specs[:12], specs[12:]
            r.shuffle(tail)
            specs = head + tail
        specs = specs[: self.cfg.city_units]
        for name, short, kind in specs:
            comm = r.choice(urban)
            if name in STORY_UNITS and self.scale != "province":
                comm = next((c for c in comms if c.name == ERJIAWAN), comm)
            u = self._unit(
                name,
                short,
                kind,
                comm.code,
                comm.code[:9] + "000",
                comm.code[:6] + "000000",
                "市直",
                city.phone,
                division=city.code[:6],
            )
            parent = self._brand_parent(name, None) or sys.get(_sys_key(kind)) or sys["agency"]
            self._unit_org(u, parent, "市直")
            for brand in BRANDS:
                if brand in name:
                    sys.setdefault("brand:" + brand, u.org)
            scope = ""
            if kind in ("hospital", "power", "water", "telecom", "library", "culture_center", "red_cross"):
                scope = _SEP.join(c.code for c in city.counties[: r.randint(1, max(1, len(city.counties)))])
            if name in STORY_UNITS:
                # the seed article: 市三院 gives 佴家湾's disabled free check-ups, 供电局 repairs old lines
                for cat, text in STORY_UNITS[name]:
                    self._resource(u, cat, text, scope, "available")
            else:
                self._resources(u, scope, 0.75)
            city.units.append(u)
        # upper units that sit on community big committees
        holders = [c for c in comms if c.committee]
        pool = [u for u in city.units if u.org] + [
            u for u in self.province_units if u.org and city is self.first_city
        ]
        r.shuffle(pool)
        named = [u for u in pool if u.name in ("昆明市第三人民医院", "云南电网有限责任公司昆明供电局")]
        pool = named + [u for u in pool if u not in named]
        for u in pool[: self.cfg.s_city]:
            if not holders:
                break
            targets = r.sample(holders, min(len(holders), r.randint(1, 4)))
            if u.name == "昆明市第三人民医院":
                targets = [c for c in holders if c.name == ERJIAWAN] + targets
            for c in targets:
                if u not in c.s_units:
                    c.s_units.append(u)

    # ---------------------------------------------------------------- county

    def _county(self, county: _County) -> None:
        r, cfg = self.rng, self.cfg
        city = county.city
        self._area(
            county.code, county.name, "county", city.code, county.pop if self.scale != "tiny" else None
        )
        kind_word = "区" if county.name.endswith("区") else ("市" if county.name.endswith("市") else "县")
        county.org = self._org(
            f"中共{county.name}委员会",
            "committee",
            city.org,
            area=county.code,
            members=r.randint(9000, 40000),
        )
        tag = county.short
        sys = {
            "agency": self._org(
                f"中共{tag}直属机关工作委员会", "working_committee", county.org, area=county.code
            ),
            "edu": self._org(f"中共{tag}委教育工作委员会", "working_committee", county.org, area=county.code),
            "new": self._org(
                f"中共{tag}非公有制经济组织和社会组织工作委员会",
                "working_committee",
                county.org,
                area=county.code,
            ),
        }
        sys["health"] = sys["agency"]
        sys["soe"] = city.sys_orgs["soe"]
        tier = "区直" if kind_word == "区" else "县直"
        comms_all = [c for st in county.streets for c in st.comms]
        seat = [c for st in county.streets[:2] for c in st.comms] or comms_all
        # --- territory: streets, communities, grids, blocks and their party orgs
        grids_by_comm: dict[str, list[tuple[str, str, str]]] = {}
        for st in county.streets:
            self._area(st.code, st.name, st.level, county.code, st.pop)
            if st.level == "street":
                st.org = self._org(
                    f"中共{county.short}{st.name}工作委员会",
                    "working_committee",
                    county.org,
                    area=st.code,
                    members=r.randint(800, 6000),
                )
            else:
                st.org = self._org(
                    f"中共{county.short}{st.name}委员会",
                    "committee",
                    county.org,
                    area=st.code,
                    members=r.randint(600, 4000),
                )
            for c in st.comms:
                grids_by_comm[c.code] = self._territory(c, st, county)
        # --- county-level units
        specs = _county_units(county, kind_word)
        head, tail = specs[:6], specs[6:]
        r.shuffle(tail)
        specs = (head + tail)[: cfg.county_units]
        county_units: list[_Unit] = []
        for name, short, kind in specs:
            comm = r.choice(seat)
            u = self._unit(name, short, kind, comm.code, comm.code[:9] + "000", county.code, tier, city.phone)
            parent = self._brand_parent(name, city) or sys.get(_sys_key(kind)) or sys["agency"]
            self._unit_org(u, parent, tier)
            self._resources(u, county.code if r.random() < 0.6 else "", 0.7)
            county_units.append(u)
        holders = [c for c in comms_all if c.committee]
        if holders:
            with_org = [u for u in county_units if u.org]
            for u in r.sample(with_org, min(cfg.s_county, len(with_org))):
                for c in r.sample(holders, min(len(holders), r.randint(1, 3))):
                    c.s_units.append(u)
        # --- street units and community units
        street_units: dict[str, list[_Unit]] = {}
        local_units: dict[str, list[_Unit]] = {}
        for st in county.streets:
            street_units[st.code] = self._street_units(st, county, sys)
            for c in st.comms:
                local_units[c.code] = self._local_units(c, st, county, sys)
        upper = city.units + (self.province_units if city is self.first_city else [])
        # --- platforms
        self._county_platforms(county, sys, county_units, street_units, local_units)
        # --- people, agreements, registrations, needs, projects per community
        in_service_pool = (
            [u for u in county_units if u.org]
            + [u for lst in street_units.values() for u in lst if u.org]
            + [u for lst in local_units.values() for u in lst if u.org and not u.solo]
            + [u for u in upper if u.org]
        )
        if self.scale == "province":  # "机关+农村": county agencies pair with villages, some city units too
            pairing = county_units + [u for u in city.units if r.random() < 0.3]
        else:  # city agencies paired one to one with communities (Putian's way)
            pairing = [u for u in city.units if u.kind not in ("bank", "bus", "water")]
        for st in county.streets:
            street_linked = street_units[st.code] + [
                u for c in st.comms for u in local_units[c.code] if not u.solo
            ]
            for c in st.comms:
                self._community_life(
                    c,
                    st,
                    county,
                    grids_by_comm[c.code],
                    local_units[c.code],
                    street_linked,
                    pairing,
                    in_service_pool,
                )

    def _territory(self, c: _Comm, st: _Street, county: _County) -> list[tuple[str, str, str]]:
        """Areas and party orgs of a community down to grids and blocks."""
        r, cfg = self.rng, self.cfg
        self._area(c.code, c.name, c.level, st.code, c.pop)
        if c.level == "community":
            big = c.pop > 9000
            c.org = self._org(
                f"中共{county.short}{st.name}{c.name}委员会"
                if big
                else f"中共{county.short}{st.name}{c.name}总支部委员会",
                "committee" if big else "general_branch",
                st.org,
                area=c.code,
                members=r.randint(120, 600) if big else r.randint(40, 160),
            )
        else:
            c.org = self._org(
                f"中共{county.short}{st.name}{c.name}总支部委员会",
                "general_branch",
                st.org,
                area=c.code,
                members=r.randint(30, 120),
            )
        grids: list[tuple[str, str, str]] = []
        per_grid = max(1, c.pop // max(1, c.n_grids))
        no_branch_forced = self._once("grid_without_branch")
        for i in range(c.n_grids):
            gcode = f"{c.code}{i + 1:03d}"
            gname = c.name + (_GRID_SUFFIX[i] if i < 99 else f"第{i + 1}网格")
            self._area(gcode, gname, "grid", c.code, int(per_grid * (0.7 + 0.6 * r.random())))
            x = r.random()
            branch = ""
            if no_branch_forced and i == c.n_grids - 1:
                pass
            elif x < cfg.grid_branch_rate:
                branch = self._org(gname + "党支部", "branch", c.org, area=gcode, members=r.randint(3, 40))
            elif x < cfg.grid_branch_rate + 0.05:
                branch = self._org(gname + "党小组", "group", c.org, area=gcode, members=r.randint(3, 12))
            nb = c.blocks[i]
            xq = c.xqs[i % len(c.xqs)]
            first = r.randint(1, 20)
            for k in range(nb):
                bcode = f"{gcode}{k + 1:02d}"
                bname = f"{xq}{first + k}栋"
                self._area(bcode, bname, "block", gcode, r.randint(60, 400))
                if branch and r.random() < 0.5:
                    self._org(
                        f"{gname}{bname}楼栋党小组", "group", branch, area=bcode, members=r.randint(3, 10)
                    )
            grids.append((gcode, gname, branch))
        return grids

    def _street_units(self, st: _Street, county: _County, sys: dict[str, str]) -> list[_Unit]:
        r, cfg = self.rng, self.cfg
        city = county.city
        bare = st.name[:-2] if st.name.endswith("街道") else st.name[:-1]
        if st.level == "street":
            st.new_org = self._org(
                f"中共{county.short}{st.name}两新组织委员会",
                "committee",
                st.org,
                area=st.code,
                members=r.randint(40, 400),
            )
        else:
            st.new_org = st.org
        specs = _street_units(st, county, bare)
        police, rest = specs[0], specs[1:]
        r.shuffle(rest)
        specs = [police] + rest[: max(0, r.randint(*cfg.street_units) - 1)]
        units = []
        for name, short, kind in specs:
            comm = r.choice(st.comms)
            u = self._unit(name, short, kind, comm.code, st.code, county.code, "街道", city.phone)
            if (
                kind in ("police", "justice", "clinic", "school", "kindergarten", "power", "bank")
                or r.random() < 0.5
            ):
                if kind in ("police", "justice"):
                    parent = sys["agency"]
                elif kind in ("school", "kindergarten"):
                    parent = sys["edu"]
                elif kind == "clinic":
                    parent = sys["health"]
                else:
                    parent = self._brand_parent(name, city) or st.new_org
                self._unit_org(u, parent, "街道")
            self._resources(u, "" if r.random() < 0.7 else st.code)
            units.append(u)
        holders = [c for c in st.comms if c.committee]
        if holders and units[0].org:
            for c in holders:  # 社区民警 sit on every big committee of their street
                c.s_units.insert(0, units[0])
        return units

    def _local_units(self, c: _Comm, st: _Street, county: _County, sys: dict[str, str]) -> list[_Unit]:
        r, cfg = self.rng, self.cfg
        city = county.city
        if c.level == "village":
            n = r.randint(*cfg.village_units) + c.quota
            kinds = ["coop", "village_clinic", "school", "coop", "market", "private"]
        else:
            n = c.quota + r.randint(*cfg.local_extra)
            kinds = ["property", "owners"] + [
                r.choices(LOCAL_KINDS, LOCAL_WEIGHTS)[0] for _ in range(max(0, n - 2))
            ]
        units: list[_Unit] = []
        for k in range(n):
            kind = kinds[k] if k < len(kinds) else r.choices(LOCAL_KINDS, LOCAL_WEIGHTS)[0]
            name, short = self._fresh_name(kind, c, st, county)
            u = self._unit(name, short, kind, c.code, st.code, county.code, "社区", city.phone)
            # units that will sit on the big committee all have a party org or a leader who is a member
            if k < c.quota or r.random() < ORG_SHARE.get(kind, 0.3):
                if kind in ("owners", "village_clinic") or (kind == "property" and r.random() < 0.5):
                    parent = c.org  # 红色物业, 业委会党支部: under the community's party org
                elif kind in ("school", "kindergarten"):
                    parent = sys["edu"]
                elif kind == "clinic":
                    parent = sys["health"]
                else:
                    parent = self._brand_parent(name, city) or st.new_org
                self._unit_org(u, parent, "社区")
            self._resources(u, c.code if r.random() < 0.5 else "", 0.25 if kind == "owners" else None)
            units.append(u)
        if c.level == "community" and self._once("unit_in_no_platform"):
            name, short = self._fresh_name("restaurant", c, st, county)
            u = self._unit(name, short, "restaurant", c.code, st.code, county.code, "社区", city.phone)
            u.solo = True
            units.append(u)
        return units

    def _county_platforms(
        self,
        county: _County,
        sys: dict[str, str],
        county_units: list[_Unit],
        street_units: dict[str, list[_Unit]],
        local_units: dict[str, list[_Unit]],
    ) -> None:
        r, cfg = self.rng, self.cfg
        # a county-wide joint conference
        founded = self._founded()
        pid = self._platform(
            f"{county.name}区域化党建联席会议", "joint_conference", county.code, county.org, founded
        )
        seen: set[str] = set()
        self._member(
            pid,
            self._person("党组织书记", county.code, county.code, org=county.org, born=(1962, 1978)),
            "person",
            "书记",
            founded,
            seen,
        )
        for st in county.streets:
            self._member(pid, st.org, "party_org", "成员单位", founded, seen)
        for u in county_units:
            if u.org and r.random() < 0.6:
                self._member(pid, u.org, "party_org", "成员单位", founded, seen)
        for st in county.streets:
            kind = st.platform
            founded = self._founded()
            s_units = street_units[st.code]
            locals_ = [u for c in st.comms for u in local_units[c.code] if not u.solo]
            if kind:
                zh = "党建联盟" if kind == "alliance" else "大工委"
                pid = self._platform(f"{st.name}{zh}", kind, st.code, st.org, founded)
                seen = set()
                secretary = self._person("党组织书记", st.code, county.code, org=st.org, born=(1966, 1985))
                self._member(pid, secretary, "person", "书记", founded, seen)
                if kind == "big_working_committee":
                    lead_units = [u for u in s_units + county_units if u.org]
                    if lead_units:
                        self._seat(pid, r.choice(lead_units), "副书记", founded, seen, st.code, county.code)
                for c in st.comms:
                    self._member(pid, c.org, "party_org", "成员单位", founded, seen)
                role = "兼职委员" if kind == "big_working_committee" else "成员单位"
                for u in s_units:
                    self._seat(pid, u, role, founded, seen, st.code, county.code)
                for u in r.sample(locals_, min(len(locals_), r.randint(2, 8))):
                    self._seat(pid, u, role, founded, seen, st.code, county.code)
                ups = [u for c in st.comms for u in c.s_units]
                for u in ups[: r.randint(0, 4)]:
                    self._seat(pid, u, role, founded, seen, st.code, county.code)
                for u in r.sample(county_units, min(len(county_units), r.randint(0, 3))):
                    self._seat(pid, u, role, founded, seen, st.code, county.code)
            if r.random() < (cfg.joint_street_rate if st.level == "street" else cfg.joint_street_rate + 0.2):
                founded = self._founded()
                pid = self._platform(f"{st.name}党建联席会议", "joint_conference", st.code, st.org, founded)
                seen = set()
                for c in st.comms:
                    self._member(pid, c.org, "party_org", "成员单位", founded, seen)
                for u in s_units + r.sample(locals_, min(len(locals_), r.randint(1, 5))):
                    if u.org:
                        self._member(pid, u.org, "party_org", "成员单位", founded, seen)
            for c in st.comms:
                if c.committee:
                    self._committee(c, st, county, local_units[c.code])
                if r.random() < cfg.joint_comm_rate:
                    founded = self._founded()
                    pid = self._platform(f"{c.name}党建联席会议", "joint_conference", c.code, c.org, founded)
                    seen = set()
                    for u in local_units[c.code] + s_units:
                        if u.org and not u.solo:
                            self._member(pid, u.org, "party_org", "成员单位", founded, seen)

    def _committee(self, c: _Comm, st: _Street, county: _County, units: list[_Unit]) -> None:
        """A community's big party committee (大党委): the community's own people and units' leaders."""
        r = self.rng
        founded = self._founded()
        zh = "大党委"
        pid = self._platform(f"{c.name}{zh}", "big_committee", c.code, c.org, founded)
        seen: set[str] = set()
        c.secretary = self._person("社区工作者", c.code, county.code, org=c.org, born=(1968, 1988))
        self._member(pid, c.secretary, "person", "书记", founded, seen)
        deputy = self._person("社区工作者", c.code, county.code, org=c.org, born=(1970, 1992))
        self._member(pid, deputy, "person", "副书记", founded, seen)
        for _ in range(r.randint(*self.cfg.committee_staff)):
            self._member(
                pid,
                self._person("社区工作者", c.code, county.code, org=c.org, born=(1972, 1998)),
                "person",
                "委员",
                founded,
                seen,
            )
        own = units[: c.quota]
        former_at = -1 if self.forced.get("former_member") else 0
        for i, u in enumerate(own):
            self._seat(pid, u, "兼职委员", founded, seen, c.code, county.code, former=i == former_at)
        for u in c.s_units:
            self._seat(pid, u, "兼职委员", founded, seen, c.code, county.code)

    def _community_life(
        self,
        c: _Comm,
        st: _Street,
        county: _County,
        grids: list[tuple[str, str, str]],
        units: list[_Unit],
        street_linked: list[_Unit],
        pairing: list[_Unit],
        in_service_pool: list[_Unit],
    ) -> None:
        """People, agreements, registrations, needs and projects of one community or village."""
        r, cfg = self.rng, self.cfg
        cc = county.code
        # --- people
        if not c.secretary:
            c.secretary = self._person("社区工作者", c.code, cc, org=c.org, born=(1968, 1988))
        for _ in range(r.randint(*cfg.workers_comm) - 1):
            self._person("社区工作者", c.code, cc, org=c.org if r.random() < 0.6 else "", born=(1975, 2000))
        for gcode, _gname, branch in grids:
            if r.random() < cfg.grid_worker_rate:
                self._person(
                    "网格员", gcode, cc, org=branch if branch and r.random() < 0.6 else "", born=(1970, 2001)
                )
        for i, nb in enumerate(c.blocks):
            for k in range(nb):
                if r.random() < 0.4:
                    self._person(
                        "楼栋长" if r.random() < 0.7 else "党员中心户",
                        f"{grids[i][0]}{k + 1:02d}",
                        cc,
                        org=grids[i][2] if grids[i][2] and r.random() < 0.6 else "",
                        born=(1950, 1985),
                    )
        # --- agreements
        linked: dict[str, _Unit] = {u.id: u for u in units if not u.solo}
        for u in c.s_units:
            linked[u.id] = u
        agreements: list[tuple[_Unit, bool]] = []
        if pairing and r.random() < cfg.pair_rate:
            agreements.append((r.choice(pairing), True))
        cands = [u for u in units + street_linked if not u.solo]
        for _ in range(r.randint(*cfg.local_agreements)):
            if cands:
                agreements.append((r.choice(cands), False))
        paper_units: set[str] = set()
        done_pairs: set[str] = set()
        for u, paired in agreements:
            if u.id in done_pairs:
                continue
            done_pairs.add(u.id)
            kind = ""
            if u not in c.s_units and u not in units[: c.quota] and self._once("paper_agreement"):
                kind = "paper"  # in force for months, yet nothing done together: co-building on paper
            elif self._once("expired_agreement"):
                kind = "expired"
            self._agreement(c, st, u, paired, kind)
            if kind == "paper":
                paper_units.add(u.id)
            else:
                linked[u.id] = u
        # --- registrations (双报到)
        reg_seen: set[str] = set()
        here = [u for u in c.s_units if u.area == c.code]  # units register where they sit, or where paired
        for u in units + [u for u, _ in agreements] + here:
            if u.solo:
                continue
            if u.org and r.random() < 0.8:
                self._registration(u.org, c.code, unit_side=True, seen=reg_seen)
                linked[u.id] = u
            elif not u.org and r.random() < 0.25:
                self._registration(u.id, c.code, unit_side=True, seen=reg_seen)
                linked[u.id] = u
        n_members = r.randint(*(cfg.in_service_comm if c.level == "community" else cfg.in_service_village))
        for _ in range(n_members):
            if not in_service_pool:
                break
            u = r.choice(in_service_pool)
            pid = self._person("在职党员", c.code, cc, unit=u.id, org=u.org, born=(1965, 2000))
            if r.random() < 0.92:
                self._registration(pid, c.code, unit_side=False, seen=reg_seen)
        for u in street_linked:
            linked.setdefault(u.id, u)
        # --- needs and projects
        candidates: dict[str, list[tuple[str, str, str, _Unit]]] = {}
        for u in linked.values():
            if u.id in paper_units:
                continue
            for rid, cat, status, title in u.resources:
                if status in ("available", "full"):
                    candidates.setdefault(cat, []).append((rid, cat, status, u, title))
        n_needs = r.randint(*(cfg.needs_comm if c.level == "community" else cfg.needs_village))
        for k in range(n_needs):
            self._need(c, grids, candidates, k)

    def _agreement(self, c: _Comm, st: _Street, u: _Unit, paired: bool, kind: str) -> None:
        r = self.rng
        cats = [res[1] for res in u.resources] or [r.choice(("volunteer", "culture", "hardship"))]
        cats = list(dict.fromkeys(cats + [r.choice(_CAT_CODES[:-1]) for _ in range(r.randint(0, 1))]))[:3]
        signed_ago = r.randrange(200, 700) if kind == "paper" else r.randrange(20, 1800)
        signed = self.as_of - dt.timedelta(days=signed_ago)
        expires = ""
        years = r.choice((1, 2, 3, 3, 0))
        if kind == "expired":
            signed = self.as_of - dt.timedelta(days=r.randrange(500, 1500))
            expires = self._date(signed + dt.timedelta(days=365))
        elif kind == "paper":
            expires = self._date(signed + dt.timedelta(days=365 * 3)) if r.random() < 0.5 else ""
        elif years:
            expires = self._date(signed + dt.timedelta(days=365 * years))
        a = c.org if r.random() < 0.7 else c.code
        b = u.org if u.org and r.random() < 0.5 else u.id
        title = r.choice(
            ("{c}与{u}结对共建协议", "{c}党组织与{u}党建共建协议书", "{c}“契约化”共建协议（{u}）")
            if not paired
            else ("{u}与{c}结对共建协议", "“机关+社区”结对共建协议：{u}—{c}")
        )
        names = "、".join(_CAT[x] for x in cats)
        content = (
            f"双方围绕{names}开展共建：{u.short}{r.choice(AGREEMENT_ACTS)}，"
            f"{r.choice(AGREEMENT_ACTS)}；{c.name}为单位党员提供报到服务岗位。"
        )
        self._emit(
            "agreements",
            id=self._id("AG", 6),
            name=title.format(c=c.name, u=u.short),
            party_a=a,
            party_b=b,
            signed=self._date(signed),
            expires=expires,
            categories=_SEP.join(_CAT[x] for x in cats),
            content=content,
        )

    def _registration(self, subject: str, area: str, *, unit_side: bool, seen: set[str]) -> None:
        if subject in seen:
            return
        seen.add(subject)
        r = self.rng
        hours = r.randint(10, 400) if unit_side else round(r.randint(4, 160) / 2, 1)
        if isinstance(hours, float) and hours.is_integer():
            hours = int(hours)
        acts = _SEP.join(r.sample(REG_CONTENT, r.randint(1, 3)))
        self._emit(
            "registrations",
            subject=subject,
            area=area,
            date=self._days_ago(r.randrange(15, 1900)),
            hours=hours,
            content=acts,
        )

    def _need(self, c: _Comm, grids: list[tuple[str, str, str]], candidates: dict, k: int) -> None:
        r = self.rng
        forced = self.forced
        cat = r.choices(NEED_CATS, NEED_WEIGHTS)[0]
        story = c.name == ERJIAWAN and k < 2  # the seed article's two examples
        if story:
            cat = ("disability", "infrastructure")[k]
            text = (NEED_TEXT["disability"][0], NEED_TEXT["infrastructure"][1])[k]
        else:
            text = r.choice(NEED_TEXT[cat])
        # where it is raised: the community, one of its grids, or a block of a grid
        area, level, gi = c.code, "community", -1
        x = r.random()
        if grids:
            gi = r.randrange(len(grids))
            with_blocks = [i for i, nb in enumerate(c.blocks) if nb]
            if not forced.get("need_at_block") and with_blocks and not story:
                gi, x = with_blocks[0], 1.0
            elif not forced.get("need_at_grid") and not story:
                x = 0.0
            if x > 0.88 and c.blocks[gi]:
                area, level = f"{grids[gi][0]}{r.randint(1, c.blocks[gi]):02d}", "block"
            elif x < 0.4:
                area, level = grids[gi][0], "grid"
        forced[f"need_at_{level}"] = True
        xq = c.xqs[gi % len(c.xqs)] if gi >= 0 else r.choice(c.xqs)
        title, desc = _fill(r, text, {"place": c.name, "xq": xq}).split("|")
        hi, mid = URGENCY_BY_CAT.get(cat, (0.15, 0.6))
        x = r.random()
        urgency = "high" if x < hi else ("medium" if x < hi + mid else "low")
        for u in ("high", "medium", "low"):
            if self._once(f"urgency_{u}"):
                urgency = u
                break
        category = _CAT[cat]
        if (not story and self._once("need_no_category")) or r.random() < 0.05:
            category = ""  # left for ingest to classify from the text
        raised_ago = min(int(r.expovariate(1 / 160)) + 1, 900)
        source = r.choices(
            ("群众点单", "微心愿", "问题清单", "网格排查", "其他"),
            (40, 15, 22, 18, 5) if level == "community" else (25, 10, 15, 45, 5),
        )[0]
        if "微心愿" in title:
            source = "微心愿"
        beneficiaries = {
            "community": r.randint(5, 300),
            "grid": r.randint(3, 120),
            "block": r.randint(2, 60),
        }[level]
        nid = self._id("N", 7)
        # does a linked unit take it on with one of its resources?
        stale = not story and self._once("stale_need")
        pool: list = []
        take = False
        if not stale:
            pool = candidates.get(cat, [])
            if not pool and r.random() < 0.5:  # a related kind of resource will do (体检 for 助残)
                pool = [x for rc in _RELATED[cat] for x in candidates.get(rc, [])]
            take = story or r.random() < self.cfg.project_rate * (1.5 if raised_ago > 20 else 0.5)
        if story:
            want = ("昆明市第三人民医院", "云南电网有限责任公司昆明供电局")[k]
            pool = [
                x
                for x in candidates.get(("health", "infrastructure")[k], [])
                if x[3].name == want and "免费" in x[4]
            ] or pool
            raised_ago = max(raised_ago, 120) if k == 0 else min(raised_ago, 40)
        want_done = (story and k == 0) or bool(pool and not story and not forced.get("done_need"))
        status = "open"
        if pool and (take or want_done):
            if want_done:
                raised_ago = max(raised_ago, 90)
            pstatus, started, finished = self._project_dates(raised_ago, want_done)
            if story and k == 1:
                pstatus, finished = "in_progress", ""
            status = {
                "claimed": "claimed",
                "in_progress": "in_progress",
                "done": "done",
                "cancelled": r.choice(("open", "closed")),
            }[pstatus]
            self._project(c, area, nid, title, r.choice(pool), pool, pstatus, started, finished)
        elif stale:
            raised_ago = r.randrange(45, 200)
        elif raised_ago > 60:
            status = r.choices(("open", "closed", "done"), (70, 18, 12))[0]
        if status == "done":
            forced["done_need"] = True
        self._emit(
            "needs",
            id=nid,
            title=title,
            description=desc,
            category=category,
            area=area,
            raised=self._days_ago(raised_ago),
            urgency=_URG[urgency],
            beneficiaries=beneficiaries,
            status=_NS[status],
            source=source,
        )

    def _project_dates(self, raised_ago: int, done: bool) -> tuple[str, str, str]:
        r = self.rng
        started_ago = max(0, raised_ago - r.randint(1, 20))
        if done:
            status = "done"
        elif started_ago > 60:
            status = r.choices(("done", "in_progress", "cancelled", "claimed"), (75, 15, 5, 5))[0]
        elif started_ago > 15:
            status = r.choices(("in_progress", "claimed", "done"), (50, 25, 25))[0]
        else:
            status = r.choices(("claimed", "in_progress"), (70, 30))[0]
        finished = ""
        if status == "done":
            finished_ago = max(0, started_ago - r.randint(5, 90))
            finished = self._days_ago(finished_ago)
        return status, self._days_ago(started_ago), finished

    def _project(
        self,
        c: _Comm,
        area: str,
        nid: str,
        need_title: str,
        res: tuple,
        pool: list,
        status: str,
        started: str,
        finished: str,
    ) -> None:
        r = self.rng
        rid, u = res[0], res[3]
        resources = [rid]
        if len(pool) > 1 and r.random() < 0.12:
            other = r.choice(pool)
            if other[0] != rid:
                resources.append(other[0])
        name = r.choice(("{n}", "{u}助力{n}", "{n}（{u}认领）", "{c}{n}项目")).format(
            n=need_title, u=u.short, c=c.name
        )
        self._emit(
            "projects",
            id=self._id("PJ", 6),
            name=name,
            needs=nid,
            resources=_SEP.join(resources),
            unit=u.id,
            area=area if r.random() < 0.4 else c.code,
            status=_PS[status],
            started=started,
            finished=finished,
        )


# ================================================================ text helpers


class _Slots(dict):
    """Slot values drawn on first use, so a template costs only the draws it needs."""

    def __init__(self, rng: random.Random, fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key in SLOT_WORDS:
            v = r.choice(SLOT_WORDS[key])
        elif key == "n":
            v = str(r.randint(3, 60))
        elif key == "m":
            v = str(r.randrange(50, 600, 10))
        elif key == "year":
            v = str(r.randint(1982, 2003))
        elif key == "ld":
            v = f"{r.randint(1, 24)}栋"
        elif key == "xq":
            v = r.choice(FIRM_WORDS) + "小区"
        elif key == "place":
            v = "社区"
        elif key == "unit":
            v = "本单位"
        else:
            raise KeyError(key)
        self[key] = v
        return v


_NEUTRAL: dict[str, bool] = {}


def _neutral(word: str) -> bool:
    """Whether a name carries no category keyword (so putting it in a title keeps the category clear)."""
    if word not in _NEUTRAL:
        _NEUTRAL[word] = classify(word) == "other"
    return _NEUTRAL[word]


def _fill(rng: random.Random, text: str, fixed: dict[str, str]) -> str:
    return text.format_map(_Slots(rng, fixed))


def _org_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code."""
    total = sum(
        (int(ch) if ch.isdigit() else ord(ch) - 55) * w
        for ch, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    c = 11 - total % 11
    return "X" if c == 10 else ("0" if c == 11 else str(c))


def _sys_key(kind: str) -> str:
    return SYSTEM.get(kind, "agency")


def _city_units(city: _City) -> list[tuple[str, str, str]]:
    s, b = city.short, city.bare
    specs = [
        (
            f"{s}第三人民医院" if b == "昆明" else f"{s}人民医院",
            f"{b}市三院" if b == "昆明" else f"{b}人民医院",
            "hospital",
        ),
        (f"云南电网有限责任公司{b}供电局", f"{b}供电局", "power"),
        (f"{s}司法局", f"{s}司法局", "justice"),
        (f"{s}民政局", f"{s}民政局", "civil"),
        (f"中国移动通信集团云南有限公司{b}分公司", f"{b}移动", "telecom"),
        (
            f"{s}第十中学" if b == "昆明" else f"{s}第一中学",
            f"{b}十中" if b == "昆明" else f"{b}一中",
            "school",
        ),
        (f"{s}城市管理局" if city.name.endswith("市") else f"{s}住房和城乡建设局", f"{s}城管局", "urban"),
        (f"{s}第一人民医院", f"{b}市一院", "hospital"),
        (f"{s}人力资源和社会保障局", f"{s}人社局", "hr"),
        (f"{s}公安局", f"{s}公安局", "police"),
        (f"{s}卫生健康委员会", f"{s}卫健委", "health_agency"),
        (f"{s}应急管理局", f"{s}应急局", "emergency_agency"),
    ]
    for tail, short, kind in CITY_OFFICES:
        name = f"{s}{tail}"
        if any(x[0] == name for x in specs):
            continue
        specs.append((name, f"{b}{short}" if not short.startswith(("住建", "财政")) else f"{s}{short}", kind))
    specs += [
        (f"国家税务总局{s}税务局", f"{s}税务局", "tax"),
        (f"中国电信股份有限公司{b}分公司", f"{b}电信", "telecom"),
        (f"中国邮政集团有限公司{s}分公司", f"{b}邮政", "post"),
        (f"中国农业银行股份有限公司{b}分行", f"农行{b}分行", "bank"),
        (f"中国建设银行股份有限公司{b}分行", f"建行{b}分行", "bank"),
        (f"{b}水务集团有限公司", f"{b}水务", "water"),
        (f"{b}公交集团有限责任公司", f"{b}公交", "bus"),
        (f"{b}城市建设投资开发有限责任公司", f"{b}城投", "soe"),
        (f"{b}学院", f"{b}学院", "university"),
        (f"{b}市慈善总会" if city.name.endswith("市") else f"{s}慈善总会", f"{b}慈善总会", "charity"),
    ]
    if b == "昆明":
        specs += [("昆明市儿童医院", "市儿童医院", "hospital"), ("昆明市延安医院", "延安医院", "hospital")]
    return specs


def _county_units(county: _County, kind_word: str) -> list[tuple[str, str, str]]:
    s, b, cb = county.short, county.bare, county.city.bare
    police = f"{county.city.short}公安局{b}分局" if kind_word == "区" and cb == "昆明" else f"{s}公安局"
    specs = [
        (f"{s}人民医院", f"{s}人民医院", "hospital"),
        (f"{s}民政局", f"{s}民政局", "civil"),
        (f"{s}司法局", f"{s}司法局", "justice"),
        (police, police.replace(county.city.short, ""), "police"),
        (f"{s}人力资源和社会保障局", f"{s}人社局", "hr"),
        (f"云南电网有限责任公司{cb}{b}供电局", f"{b}供电局", "power"),
    ]
    for tail, short, kind in COUNTY_OFFICES:
        specs.append((f"{s}{tail}", f"{s}{short}", kind))
    specs += [
        (f"国家税务总局{county.city.short}{s}税务局", f"{s}税务局", "tax"),
        (f"中国移动通信集团云南有限公司{s}分公司", f"{b}移动", "telecom"),
        (f"中国邮政集团有限公司{s}分公司", f"{b}邮政", "post"),
        (f"中国农业银行股份有限公司{s}支行", f"农行{b}支行", "bank"),
        (f"{s}农村信用合作联社", f"{b}农信社", "bank"),
        (f"云南{_pick_word(county.code, 1)}律师事务所", f"{_pick_word(county.code, 1)}律所", "law_firm"),
        (
            f"{s}{_pick_word(county.code, 2)}社会工作服务中心",
            f"{_pick_word(county.code, 2)}社工",
            "social_work",
        ),
    ]
    return specs


def _pick_word(code: str, salt: int) -> str:
    """A firm word fixed by a code (names must not depend on hash randomisation)."""
    return FIRM_WORDS[(int(code[:6]) * 7 + salt * 13) % len(FIRM_WORDS)]


def _street_units(st: _Street, county: _County, bare: str) -> list[tuple[str, str, str]]:
    s, cb = county.short, county.city.bare
    police_parent = (
        f"{county.city.short}公安局{county.bare}分局"
        if county.name.endswith("区") and cb == "昆明"
        else f"{s}公安局"
    )
    specs = [(f"{police_parent}{bare}派出所", f"{bare}派出所", "police")]
    if st.level == "street":
        specs += [
            (f"{s}{st.name}社区卫生服务中心", f"{bare}社区卫生服务中心", "clinic"),
            (f"{s}{bare}小学", f"{bare}小学", "school"),
            (f"{s}{bare}中学", f"{bare}中学", "school"),
            (f"{s}司法局{bare}司法所", f"{bare}司法所", "justice"),
            (f"{s}{st.name}社会工作服务站", f"{bare}社工站", "social_work"),
            (f"{s}{st.name}居家养老服务中心", f"{bare}养老服务中心", "elderly_org"),
            (f"中国建设银行股份有限公司{cb}{bare}支行", f"建行{bare}支行", "bank"),
            (f"{s}{bare}幼儿园", f"{bare}幼儿园", "kindergarten"),
        ]
    else:
        specs += [
            (f"{s}{st.name}卫生院", f"{st.name}卫生院", "clinic"),
            (f"{s}{st.name}中心学校", f"{st.name}中心学校", "school"),
            (f"{s}司法局{bare}司法所", f"{bare}司法所", "justice"),
            (f"云南电网有限责任公司{cb}{county.bare}供电局{bare}供电所", f"{bare}供电所", "power"),
            (f"{s}{st.name}社会工作服务站", f"{bare}社工站", "social_work"),
            (f"{s}农村信用合作联社{bare}信用社", f"{bare}信用社", "bank"),
        ]
    return specs


def _local_name(r: random.Random, kind: str, c: _Comm, st: _Street, county: _County) -> tuple[str, str]:
    w = r.choice(FIRM_WORDS)
    cb = county.city.bare
    bare_c = c.name[:-2] if c.name.endswith("社区") else c.name[:-1]
    if kind == "property":
        return f"{cb}{w}物业服务有限公司", f"{w}物业"
    if kind == "owners":
        xq = r.choice(c.xqs)
        return f"{xq}业主委员会", f"{xq}业委会"
    if kind == "private":
        ind = r.choice(INDUSTRIES)
        return f"{cb if r.random() < 0.6 else '云南'}{w}{ind}有限公司", f"{w}{ind}"
    if kind == "restaurant":
        return f"{cb}{w}餐饮管理有限公司", f"{w}餐饮"
    if kind == "supermarket":
        return f"{cb}{w}超市有限公司", f"{w}超市"
    if kind == "school":
        return (
            (f"{county.short}{bare_c}小学", f"{bare_c}小学")
            if c.level == "community"
            else (f"{county.short}{st.name}{bare_c}小学", f"{bare_c}小学")
        )
    if kind == "kindergarten":
        return f"{county.short}{bare_c}幼儿园", f"{bare_c}幼儿园"
    if kind == "clinic":
        return f"{county.short}{c.name}卫生服务站", f"{c.name}卫生服务站"
    if kind == "village_clinic":
        return f"{county.short}{st.name}{c.name}卫生室", f"{c.name}卫生室"
    if kind == "social_work":
        return f"{county.short}{w}社会工作服务中心", f"{w}社工"
    if kind == "elderly_org":
        return f"{county.short}{w}养老服务中心", f"{w}养老服务中心"
    if kind == "law_firm":
        return f"云南{w}律师事务所", f"{w}律所"
    if kind == "bank":
        return f"富滇银行股份有限公司{cb}{w}支行", f"富滇银行{w}支行"
    if kind == "market":
        return f"{county.short}{bare_c}农贸市场", f"{bare_c}农贸市场"
    if kind == "volunteer_org":
        return f"{county.short}{c.name}志愿者协会", f"{c.name}志愿者协会"
    if kind == "coop":
        crop = r.choice(CROPS)
        return f"{county.bare}{bare_c}{crop}专业合作社", f"{bare_c}{crop}合作社"
    return f"{cb}{w}有限公司", w


# ===================================================================== public


def generate(
    scale: Scale,
    seed: int,
    out: Path,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a synthetic dataset of ``scale`` into the folder ``out``; rows written per table.

    The same (scale, seed, as_of) always gives byte-identical files; ``as_of``
    (default today) anchors every date, so expired agreements and stale needs stay
    expired and stale whenever it runs.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
    gen = _Generator(scale, seed, as_of or dt.date.today(), progress)
    return gen.run(Path(out))


def fingerprint() -> str:
    """A short hash of what decides the files: every module and data file of this package
    (by path) and the modules it draws codes and categories from. A cache of generated
    ledgers keyed on it (as ``bench/`` keeps them) is made again when any of them changes."""
    from gongjian import model
    from gongjian.ingest import classify as classify_module
    from gongjian.ingest import codes

    package = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    for module_file in (model.__file__, codes.__file__, classify_module.__file__):
        h.update(Path(module_file).read_bytes())
    return h.hexdigest()[:10]


def cache_folder(cache: Path, scale: str, seed: int, as_of: dt.date) -> Path:
    """Where ``cache`` keeps the ledgers of (scale, seed, as_of) made by this generator (a
    ``.complete`` file in it says they are whole); another generator's, and an unfinished
    one, are removed."""
    name = f"{scale}-{seed}-{as_of.isoformat()}"
    folder = cache / f"{name}-{fingerprint()}"
    for stale in cache.glob(f"{name}*"):
        if stale != folder or not (folder / ".complete").exists():
            shutil.rmtree(stale, ignore_errors=True)
    return folder
