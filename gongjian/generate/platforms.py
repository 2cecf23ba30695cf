"""Co-building platforms (共建平台) and their members: a county's joint conference (联席会议),
streets' alliances (党建联盟) and big working committees (大工委), communities' big party
committees (大党委) and joint conferences."""

from __future__ import annotations

import datetime as dt

from gongjian.generate.ledgers import words
from gongjian.generate.people import person
from gongjian.generate.regions import Community, County
from gongjian.generate.run import Run
from gongjian.generate.units import Unit
from gongjian.model import MEMBER_TYPE, PLATFORM_KIND

_KIND = words(PLATFORM_KIND)
_MEMBER_TYPE = words(MEMBER_TYPE)


def _founded(run: Run) -> dt.date:
    return run.as_of - dt.timedelta(days=run.rng.randrange(500, 2900))


class Platform:
    """A platform's row; then its members, each at most once."""

    def __init__(self, run: Run, name: str, kind: str, area: str, lead: str, founded: dt.date) -> None:
        self.run = run
        self.founded = founded
        self.id = run.id("PF", 6)
        self.seen: set[str] = set()
        run.emit(
            "platforms",
            id=self.id,
            name=name,
            kind=_KIND[kind],
            area=area,
            lead=lead,
            founded=founded.isoformat(),
        )

    def member(self, member: str, mtype: str, role: str, former: bool = False) -> None:
        """A member since a day after the founding; a few (and a ``former`` one) have left."""
        if member in self.seen:
            return
        self.seen.add(member)
        run, founded = self.run, self.founded
        r = run.rng
        span = (run.as_of - founded).days
        since = founded + dt.timedelta(days=int(span * r.random() ** 3))
        until = ""
        if former and (run.as_of - since).days <= 60:
            since = founded + dt.timedelta(days=span // 5)  # a former member joined early enough to leave
        if (former or r.random() < 0.025) and (run.as_of - since).days > 60:
            gone = since + dt.timedelta(days=r.randrange(30, (run.as_of - since).days - 10))
            until = gone.isoformat()
            run.made.add("former_member")
        run.emit(
            "members",
            platform=self.id,
            member=member,
            member_type=_MEMBER_TYPE[mtype],
            role=role,
            since=since.isoformat(),
            until=until,
        )

    def seat(self, u: Unit, role: str, area: str, county: str, former: bool = False) -> None:
        """A unit on the platform: as its party org, as its leader in person, or as itself."""
        r = self.run.rng
        x = r.random()
        if role == "成员单位" and x >= 0.72:
            x = 1.0  # member units sit as units or party orgs, not in person
        if u.org and x < 0.72:
            self.member(u.org, "party_org", role, former)
        elif u.org and x < 0.9:
            if not u.staff or r.random() < 0.5:
                pid = person(self.run, "兼职委员", area, county, unit=u.id, org=u.org, born=(1965, 1990))
                u.staff.append(pid)
            self.member(r.choice(u.staff), "person", role, former)
        else:
            self.member(u.id, "unit", "成员单位" if role == "兼职委员" else role, former)


def county_platforms(
    run: Run,
    county: County,
    county_units: list[Unit],
    street_units: dict[str, list[Unit]],
    local_units: dict[str, list[Unit]],
) -> None:
    """The platforms of a county, of its streets and of its communities, with their members."""
    r, cfg = run.rng, run.cfg
    # a county-wide joint conference
    p = Platform(
        run, f"{county.name}区域化党建联席会议", "joint_conference", county.code, county.org, _founded(run)
    )
    p.member(
        person(run, "党组织书记", county.code, county.code, org=county.org, born=(1962, 1978)),
        "person",
        "书记",
    )
    for st in county.streets:
        p.member(st.org, "party_org", "成员单位")
    for u in county_units:
        if u.org and r.random() < 0.6:
            p.member(u.org, "party_org", "成员单位")
    for st in county.streets:
        kind = st.platform
        founded = _founded(run)
        s_units = street_units[st.code]
        locals_ = [u for c in st.comms for u in local_units[c.code] if not u.solo]
        if kind:
            zh = "党建联盟" if kind == "alliance" else "大工委"
            p = Platform(run, f"{st.name}{zh}", kind, st.code, st.org, founded)
            secretary = person(run, "党组织书记", st.code, county.code, org=st.org, born=(1966, 1985))
            p.member(secretary, "person", "书记")
            if kind == "big_working_committee":
                lead_units = [u for u in s_units + county_units if u.org]
                if lead_units:
                    p.seat(r.choice(lead_units), "副书记", st.code, county.code)
            for c in st.comms:
                p.member(c.org, "party_org", "成员单位")
            role = "兼职委员" if kind == "big_working_committee" else "成员单位"
            for u in s_units:
                p.seat(u, role, st.code, county.code)
            for u in r.sample(locals_, min(len(locals_), r.randint(2, 8))):
                p.seat(u, role, st.code, county.code)
            ups = [u for c in st.comms for u in c.s_units]
            for u in ups[: r.randint(0, 4)]:
                p.seat(u, role, st.code, county.code)
            for u in r.sample(county_units, min(len(county_units), r.randint(0, 3))):
                p.seat(u, role, st.code, county.code)
        if r.random() < (cfg.joint_street_rate if st.level == "street" else cfg.joint_street_rate + 0.2):
            p = Platform(run, f"{st.name}党建联席会议", "joint_conference", st.code, st.org, _founded(run))
            for c in st.comms:
                p.member(c.org, "party_org", "成员单位")
            for u in s_units + r.sample(locals_, min(len(locals_), r.randint(1, 5))):
                if u.org:
                    p.member(u.org, "party_org", "成员单位")
        for c in st.comms:
            if c.committee:
                big_committee(run, c, county, local_units[c.code])
            if r.random() < cfg.joint_comm_rate:
                p = Platform(run, f"{c.name}党建联席会议", "joint_conference", c.code, c.org, _founded(run))
                for u in local_units[c.code] + s_units:
                    if u.org and not u.solo:
                        p.member(u.org, "party_org", "成员单位")


def big_committee(run: Run, c: Community, county: County, units: list[Unit]) -> None:
    """A community's big party committee (大党委): the community's own people and units' leaders."""
    r = run.rng
    p = Platform(run, f"{c.name}大党委", "big_committee", c.code, c.org, _founded(run))
    c.secretary = person(run, "社区工作者", c.code, county.code, org=c.org, born=(1968, 1988))
    p.member(c.secretary, "person", "书记")
    deputy = person(run, "社区工作者", c.code, county.code, org=c.org, born=(1970, 1992))
    p.member(deputy, "person", "副书记")
    for _ in range(r.randint(*run.cfg.committee_staff)):
        p.member(
            person(run, "社区工作者", c.code, county.code, org=c.org, born=(1972, 1998)), "person", "委员"
        )
    former_at = -1 if "former_member" in run.made else 0
    for i, u in enumerate(units[: c.quota]):
        p.seat(u, "兼职委员", c.code, county.code, former=i == former_at)
    for u in c.s_units:
        p.seat(u, "兼职委员", c.code, county.code)
