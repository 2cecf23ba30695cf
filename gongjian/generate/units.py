"""Units (单位): a unit's row with its code and phone, its own party org by kind and level, the
head offices its party org may report to, and the resources (资源) it offers."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongjian.generate import people
from gongjian.generate.ledgers import words
from gongjian.generate.regions import City, Community, County, Street
from gongjian.generate.run import Run
from gongjian.generate.templates import fill
from gongjian.generate.territory import party_org
from gongjian.generate.unit_names import local_name
from gongjian.generate.words.texts import RES_BY_KIND
from gongjian.generate.words.units import BIG_KINDS, BRANDS, KINDS, OFFICE_KINDS, SYSTEM
from gongjian.ingest.classify import classify
from gongjian.model import CATEGORY, RESOURCE_STATUS, UNIT_TYPE

_UNIT_TYPE = words(UNIT_TYPE)
_CATEGORY = words(CATEGORY)
_STATUS = words(RESOURCE_STATUS)


@dataclass(slots=True)
class Unit:
    """A unit (单位) as the walk keeps it."""

    id: str
    name: str
    short: str
    kind: str
    area: str  # community/village code where it sits
    org: str = ""
    resources: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, category, status, title)
    solo: bool = False  # kept out of every platform (a gap for planners to find)
    staff: list[str] = field(default_factory=list)  # ids of people working there


def system_of(kind: str) -> str:
    """Which system org (工委) a unit of ``kind`` belongs to: agency, edu, health, soe or new."""
    return SYSTEM.get(kind, "agency")


class Units:
    """The units of one generation: the unit names in use in the current city (the province's
    units' among them) and the province's head offices of state-owned brands."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.names: set[str] = set()
        self.head_offices: dict[str, str] = {}  # "电网" → the province company's party org

    def unit(
        self,
        name: str,
        short: str,
        kind: str,
        area: str,
        county: str,
        tier: str,
        phone_code: str,
        division: str | None = None,
    ) -> Unit:
        """A unit's row: sitting in community ``area`` of ``county``, a credit code of ``division``
        (default its county) or a local code."""
        run = self.run
        r = run.rng
        self.names.add(name)
        utype, prefix = KINDS[kind]
        if (
            not prefix
            or (kind == "market" and r.random() < 0.4)
            or (
                kind not in ("agency", "hospital", "power") and r.random() < 0.03 and tier in ("街道", "社区")
            )
        ):
            uid = run.codes.local(county[:6])
        else:
            uid = run.codes.uscc(prefix, division or county[:6])
        u = Unit(uid, name, short, kind, area)
        phone = (
            people.landline(r, phone_code)
            if utype in ("agency", "institution", "soe") or r.random() < 0.4
            else people.mobile(r)
        )
        run.emit(
            "units",
            id=uid,
            name=name,
            type=_UNIT_TYPE[utype],
            area=area,
            tier=tier,
            contact=people.name(r) if r.random() < 0.9 else "",
            phone=phone if r.random() < 0.92 else "",
        )
        return u

    def party_org(self, u: Unit, parent: str, level: str) -> None:
        """The unit's own party org under ``parent``: 机关党委, 党委, 党总支 or 党支部 by its kind and level."""
        r = self.run.rng
        big = u.kind in BIG_KINDS or level in ("省直", "市直")
        if u.kind in OFFICE_KINDS and level in ("省直", "市直", "区直"):
            name, kind, m = u.name + "机关党委", "committee", r.randint(60, 260)
        elif u.kind == "hospital" or (big and r.random() < 0.8):
            name, kind, m = u.name + "党委", "committee", r.randint(80, 900)
        elif level in ("省直", "市直", "区直", "县直") and r.random() < 0.6:
            name, kind, m = u.name + "党总支", "general_branch", r.randint(30, 120)
        else:
            name, kind, m = u.name + "党支部", "branch", r.randint(3, 45)
        u.org = party_org(self.run, name, kind, parent, unit=u.id, members=m)

    def head_office(self, u: Unit, city: City | None) -> None:
        """``u`` is a state-owned brand's head office in the province (``city`` None) or in ``city``."""
        for brand in BRANDS:
            if brand in u.name:
                if city is None:
                    self.head_offices.setdefault(brand, u.org)
                else:
                    city.sys_orgs.setdefault("brand:" + brand, u.org)

    def brand_parent(self, name: str, city: City | None) -> str:
        """The party org a state-owned company's branch reports to: its city's or province's head office."""
        for brand in BRANDS:
            if brand in name:
                if city is not None and city.sys_orgs.get("brand:" + brand):
                    return city.sys_orgs["brand:" + brand]
                return self.head_offices.get(brand, "")
        return ""

    def fresh_name(self, kind: str, c: Community, st: Street, county: County) -> tuple[str, str]:
        """A local unit's name not yet used in the city; a taken firm name becomes a branch (分公司)."""
        r = self.run.rng
        for _ in range(6):
            name, short = local_name(r, kind, c, st, county)
            if name not in self.names:
                return name, short
        bare_c = c.name[:-2] if c.name.endswith("社区") else c.name[:-1]
        for tail in (f"{county.bare}分公司", f"{bare_c}分公司", f"{st.name}分公司"):
            if name.endswith("有限公司") and name + tail not in self.names:
                return name + tail, short
        if name.endswith("业主委员会"):
            for phase in "二三四五六七":
                cand = f"{name[:-5]}{phase}期业主委员会"
                if cand not in self.names:
                    return cand, f"{short[:-3]}{phase}期业委会"
        n = 2
        while f"{name}（{bare_c}{n}）" in self.names:
            n += 1
        return f"{name}（{bare_c}{n}）", short

    def resources(self, u: Unit, scope: str, chance: float | None = None) -> None:
        """The resources a unit offers, chosen by what kind of unit it is."""
        r, cfg = self.run.rng, self.run.cfg
        options = RES_BY_KIND.get(u.kind) or RES_BY_KIND["agency"]
        chance = cfg.res_per_unit if chance is None else chance
        n = 0
        while r.random() < (chance if n == 0 else cfg.res_more) and n < 3:
            n += 1
        picked: list[tuple[str, str]] = []
        for _ in range(n):
            cat, text = r.choice(options)
            if (cat, text) in picked:
                continue
            picked.append((cat, text))
        for cat, text in picked:
            self.resource(u, cat, text, scope)

    def resource(self, u: Unit, cat: str, text: str, scope: str, status: str = "") -> None:
        """A resource's row from a template of category ``cat``; ``scope``: the areas it serves."""
        run = self.run
        r = run.rng
        title, desc = fill(r, text, {"unit": u.short}).split("|")[:2]
        x = r.random()
        if x < 0.3 and _neutral(u.short):
            title = u.short + title  # 市三院免费健康体检
        elif x > 0.85:
            title += r.choice(("（常态化）", "（每月一次）", "（周末）", "（预约制）", "（长期）"))
        category = _CATEGORY[cat]
        if not status:  # (a status given is a resource of the seed story: kept plain)
            status = r.choices(("available", "idle", "full", "retired"), (80, 8, 7, 5))[0]
            for forced in ("idle", "full", "retired"):
                if run.once(f"resource_{forced}"):
                    status = forced
                    break
            if run.once("resource_no_category") or r.random() < 0.04:
                category = ""  # left for ingest to classify from the text
        rid = run.id("R", 7)
        run.emit(
            "resources",
            id=rid,
            title=title,
            description=desc,
            category=category,
            unit=u.id,
            scope=scope,
            capacity=r.choice((1, 2, 2, 4, 4, 5, 8, 10, 12, 20)),
            status=_STATUS[status],
        )
        u.resources.append((rid, cat, status, title))


_NEUTRAL: dict[str, bool] = {}


def _neutral(word: str) -> bool:
    """Whether a name carries no category keyword (so putting it in a title keeps the category clear)."""
    if word not in _NEUTRAL:
        _NEUTRAL[word] = classify(word) == "other"
    return _NEUTRAL[word]
