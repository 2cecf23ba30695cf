"""The walk that writes a dataset from the top down: the province and its units, then city by
city and county by county the territory, the units of each level, the platforms, and each
community's people and lists. Rows are written after each county."""

from __future__ import annotations

from collections.abc import Callable

from gongjian.generate import territory, unit_names
from gongjian.generate.ledgers import SEP
from gongjian.generate.lists import community_lists
from gongjian.generate.people import community_people
from gongjian.generate.platforms import county_platforms
from gongjian.generate.regions import City, Community, County, Street, plan
from gongjian.generate.run import Run
from gongjian.generate.units import Unit, Units, system_of
from gongjian.generate.words.places import ERJIAWAN
from gongjian.generate.words.texts import STORY_UNITS
from gongjian.generate.words.units import LOCAL_KINDS, LOCAL_WEIGHTS, ORG_SHARE, PROVINCE_UNITS

Progress = Callable[[str, int], None]
"""``progress(stage, rows_written_so_far)``: called after each county and once at the end."""


def build(run: Run, progress: Progress | None) -> dict[str, int]:
    """Write the dataset of ``run``; the rows written per table."""
    cities = plan(run)
    with run.ledgers as ledgers:
        walk = _Walk(run, cities[0])
        walk.province(cities)
        for city in cities:
            walk.city(city)
            for county in city.counties:
                walk.county(county)
                ledgers.flush()
                if progress:
                    progress(county.name, ledgers.total)
            city.units.clear()
        ledgers.flush()
    if progress:
        progress("完成", ledgers.total)
    return dict(ledgers.counts)


class _Walk:
    """The walk's state: the units made so far, the province's org and units."""

    def __init__(self, run: Run, first_city: City) -> None:
        self.run = run
        self.units = Units(run)
        self.first_city = first_city  # where the province's units sit
        self.province_org = ""
        self.province_units: list[Unit] = []

    def province(self, cities: list[City]) -> None:
        """Yunnan and its committee; the province's units, sitting in central Kunming."""
        run, r, units = self.run, self.run.rng, self.units
        self.province_org, sys = territory.province(run, cities)
        if not run.cfg.province_units:
            return
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
        for name, short, kind in PROVINCE_UNITS[: run.cfg.province_units]:
            comm = r.choice(central)
            u = units.unit(
                name, short, kind, comm.code, comm.code[:6] + "000000", "省直", "0871", division="530000"
            )
            units.party_org(u, sys[system_of(kind)], "省直")
            units.head_office(u, None)
            units.resources(u, "", 0.5)
            self.province_units.append(u)

    def city(self, city: City) -> None:
        """A city, its units (the seed article's two in 佴家湾), and the big committees they sit on."""
        run, r, units = self.run, self.run.rng, self.units
        units.names = {u.name for u in self.province_units}
        territory.city(run, city, self.province_org)
        sys = city.sys_orgs
        comms = [c for county in city.counties for st in county.streets for c in st.comms]
        urban = [
            c
            for county in city.counties[:3]
            for st in county.streets
            if st.level == "street"
            for c in st.comms
        ]
        urban = urban or [c for c in comms if c.level == "community"] or comms
        specs = unit_names.city_units(city)
        if run.scale == "tiny":
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
        specs = specs[: run.cfg.city_units]
        for name, short, kind in specs:
            comm = r.choice(urban)
            if name in STORY_UNITS and run.scale != "province":
                comm = next((c for c in comms if c.name == ERJIAWAN), comm)
            u = units.unit(
                name,
                short,
                kind,
                comm.code,
                comm.code[:6] + "000000",
                "市直",
                city.phone,
                division=city.code[:6],
            )
            parent = units.brand_parent(name, None) or sys.get(system_of(kind)) or sys["agency"]
            units.party_org(u, parent, "市直")
            units.head_office(u, city)
            scope = ""
            if kind in ("hospital", "power", "water", "telecom", "library", "culture_center", "red_cross"):
                scope = SEP.join(c.code for c in city.counties[: r.randint(1, max(1, len(city.counties)))])
            if name in STORY_UNITS:
                for cat, text in STORY_UNITS[name]:
                    units.resource(u, cat, text, scope, "available")
            else:
                units.resources(u, scope, 0.75)
            city.units.append(u)
        # upper units that sit on community big committees
        holders = [c for c in comms if c.committee]
        pool = [u for u in city.units if u.org] + [
            u for u in self.province_units if u.org and city is self.first_city
        ]
        r.shuffle(pool)
        named = [u for u in pool if u.name in ("昆明市第三人民医院", "云南电网有限责任公司昆明供电局")]
        pool = named + [u for u in pool if u not in named]
        for u in pool[: run.cfg.s_city]:
            if not holders:
                break
            targets = r.sample(holders, min(len(holders), r.randint(1, 4)))
            if u.name == "昆明市第三人民医院":
                targets = [c for c in holders if c.name == ERJIAWAN] + targets
            for c in targets:
                if u not in c.s_units:
                    c.s_units.append(u)

    def county(self, county: County) -> None:
        """A county: its territory, its units and its streets' and communities', its platforms,
        then each community's people and lists."""
        run, r, cfg, units = self.run, self.run.rng, self.run.cfg, self.units
        city = county.city
        sys = territory.county(run, county)
        kind_word = "区" if county.name.endswith("区") else ("市" if county.name.endswith("市") else "县")
        tier = "区直" if kind_word == "区" else "县直"
        comms_all = [c for st in county.streets for c in st.comms]
        seat = [c for st in county.streets[:2] for c in st.comms] or comms_all
        grids_by_comm: dict[str, list[territory.Grid]] = {}
        for st in county.streets:
            territory.street(run, st, county)
            for c in st.comms:
                grids_by_comm[c.code] = territory.community(run, c, st, county)
        # --- county-level units
        specs = unit_names.county_units(county, kind_word)
        head, tail = specs[:6], specs[6:]
        r.shuffle(tail)
        specs = (head + tail)[: cfg.county_units]
        county_units: list[Unit] = []
        for name, short, kind in specs:
            comm = r.choice(seat)
            u = units.unit(name, short, kind, comm.code, county.code, tier, city.phone)
            parent = units.brand_parent(name, city) or sys.get(system_of(kind)) or sys["agency"]
            units.party_org(u, parent, tier)
            units.resources(u, county.code if r.random() < 0.6 else "", 0.7)
            county_units.append(u)
        holders = [c for c in comms_all if c.committee]
        if holders:
            with_org = [u for u in county_units if u.org]
            for u in r.sample(with_org, min(cfg.s_county, len(with_org))):
                for c in r.sample(holders, min(len(holders), r.randint(1, 3))):
                    c.s_units.append(u)
        # --- street units and community units
        street_units: dict[str, list[Unit]] = {}
        local_units: dict[str, list[Unit]] = {}
        for st in county.streets:
            street_units[st.code] = self.street_units(st, county, sys)
            for c in st.comms:
                local_units[c.code] = self.local_units(c, st, county, sys)
        upper = city.units + (self.province_units if city is self.first_city else [])
        county_platforms(run, county, county_units, street_units, local_units)
        # --- people, agreements, registrations, needs, projects per community
        in_service_pool = (
            [u for u in county_units if u.org]
            + [u for lst in street_units.values() for u in lst if u.org]
            + [u for lst in local_units.values() for u in lst if u.org and not u.solo]
            + [u for u in upper if u.org]
        )
        if run.scale == "province":  # "机关+农村": county agencies pair with villages, some city units too
            pairing = county_units + [u for u in city.units if r.random() < 0.3]
        else:  # city agencies paired one to one with communities (Putian's way)
            pairing = [u for u in city.units if u.kind not in ("bank", "bus", "water")]
        for st in county.streets:
            street_linked = street_units[st.code] + [
                u for c in st.comms for u in local_units[c.code] if not u.solo
            ]
            for c in st.comms:
                grids = grids_by_comm[c.code]
                community_people(run, c, grids, county.code)
                community_lists(
                    run, c, county.code, grids, local_units[c.code], street_linked, pairing, in_service_pool
                )

    def street_units(self, st: Street, county: County, sys: dict[str, str]) -> list[Unit]:
        """The street's 两新 committee and units; its police station sits on every big committee."""
        run, r, cfg, units = self.run, self.run.rng, self.run.cfg, self.units
        city = county.city
        bare = st.name[:-2] if st.name.endswith("街道") else st.name[:-1]
        if st.level == "street":
            st.new_org = territory.party_org(
                run,
                f"中共{county.short}{st.name}两新组织委员会",
                "committee",
                st.org,
                area=st.code,
                members=r.randint(40, 400),
            )
        else:
            st.new_org = st.org
        specs = unit_names.street_units(st, county, bare)
        police, rest = specs[0], specs[1:]
        r.shuffle(rest)
        specs = [police] + rest[: max(0, r.randint(*cfg.street_units) - 1)]
        made = []
        for name, short, kind in specs:
            comm = r.choice(st.comms)
            u = units.unit(name, short, kind, comm.code, county.code, "街道", city.phone)
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
                    parent = units.brand_parent(name, city) or st.new_org
                units.party_org(u, parent, "街道")
            units.resources(u, "" if r.random() < 0.7 else st.code)
            made.append(u)
        holders = [c for c in st.comms if c.committee]
        if holders and made[0].org:
            for c in holders:  # 社区民警 sit on every big committee of their street
                c.s_units.insert(0, made[0])
        return made

    def local_units(self, c: Community, st: Street, county: County, sys: dict[str, str]) -> list[Unit]:
        """A community's own units: its quota for the big committee first; one kept out of every platform."""
        run, r, cfg, units = self.run, self.run.rng, self.run.cfg, self.units
        city = county.city
        if c.level == "village":
            n = r.randint(*cfg.village_units) + c.quota
            kinds = ["coop", "village_clinic", "school", "coop", "market", "private"]
        else:
            n = c.quota + r.randint(*cfg.local_extra)
            kinds = ["property", "owners"] + [
                r.choices(LOCAL_KINDS, LOCAL_WEIGHTS)[0] for _ in range(max(0, n - 2))
            ]
        made: list[Unit] = []
        for k in range(n):
            kind = kinds[k] if k < len(kinds) else r.choices(LOCAL_KINDS, LOCAL_WEIGHTS)[0]
            name, short = units.fresh_name(kind, c, st, county)
            u = units.unit(name, short, kind, c.code, county.code, "社区", city.phone)
            # units that will sit on the big committee all have a party org or a leader who is a member
            if k < c.quota or r.random() < ORG_SHARE.get(kind, 0.3):
                if kind in ("owners", "village_clinic") or (kind == "property" and r.random() < 0.5):
                    parent = c.org  # 红色物业, 业委会党支部: under the community's party org
                elif kind in ("school", "kindergarten"):
                    parent = sys["edu"]
                elif kind == "clinic":
                    parent = sys["health"]
                else:
                    parent = units.brand_parent(name, city) or st.new_org
                units.party_org(u, parent, "社区")
            units.resources(u, c.code if r.random() < 0.5 else "", 0.25 if kind == "owners" else None)
            made.append(u)
        if c.level == "community" and run.once("unit_in_no_platform"):
            name, short = units.fresh_name("restaurant", c, st, county)
            u = units.unit(name, short, "restaurant", c.code, county.code, "社区", city.phone)
            u.solo = True
            made.append(u)
        return made
