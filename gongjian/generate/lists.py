"""The lists of a community or village: co-building agreements (共建协议), double
registrations (双报到) of units and in-service members, needs (需求清单) and the projects
(项目清单) that join a need to a linked unit's resources (资源清单)."""

from __future__ import annotations

import datetime as dt

from gongjian.generate.evaluations import community_evaluations
from gongjian.generate.ledgers import SEP, words
from gongjian.generate.loop import Life
from gongjian.generate.people import person
from gongjian.generate.regions import Community
from gongjian.generate.run import Run
from gongjian.generate.templates import fill
from gongjian.generate.territory import Grid
from gongjian.generate.units import Unit
from gongjian.generate.words.places import ERJIAWAN
from gongjian.generate.words.texts import (
    AGREEMENT_ACTS,
    NEED_CATS,
    NEED_TEXT,
    NEED_WEIGHTS,
    REG_CONTENT,
    URGENCY_BY_CAT,
)
from gongjian.model import (
    CATEGORIES,
    CATEGORY,
    HANDLING_LEVEL,
    NEED_STATUS,
    PROJECT_STATUS,
    URGENCY,
    categories_related,
)

_CATEGORY = words(CATEGORY)
_URGENCY = words(URGENCY)
_NEED_STATUS = words(NEED_STATUS)
_LEVEL = words(HANDLING_LEVEL)
_PROJECT_STATUS = words(PROJECT_STATUS)
_CAT_CODES = tuple(c.code for c in CATEGORIES)
_RELATED = {a: tuple(b for b in _CAT_CODES if b != a and categories_related(a, b)) for a in _CAT_CODES}

Offer = tuple[str, str, str, Unit, str]
"""A resource a linked unit offers: (id, category, status, unit, title)."""


def community_lists(
    run: Run,
    c: Community,
    county: str,
    grids: list[Grid],
    units: list[Unit],
    street_linked: list[Unit],
    pairing: list[Unit],
    in_service_pool: list[Unit],
) -> None:
    """Agreements, registrations, needs and projects of one community or village. Units:
    ``units`` its own, ``street_linked`` its street's and the street's communities',
    ``pairing`` those it may be paired with (结对), ``in_service_pool`` those its in-service
    members (在职党员) work at."""
    r, cfg = run.rng, run.cfg
    # --- agreements
    linked: dict[str, Unit] = {u.id: u for u in units if not u.solo}
    for u in c.s_units:
        linked[u.id] = u
    agreements: list[tuple[Unit, bool]] = []
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
        if u not in c.s_units and u not in units[: c.quota] and run.once("paper_agreement"):
            kind = "paper"  # in force for months, yet nothing done together: co-building on paper
        elif run.once("expired_agreement"):
            kind = "expired"
        _agreement(run, c, u, paired, kind)
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
            _registration(run, u.org, c.code, unit_side=True, seen=reg_seen)
            linked[u.id] = u
        elif not u.org and r.random() < 0.25:
            _registration(run, u.id, c.code, unit_side=True, seen=reg_seen)
            linked[u.id] = u
    n_members = r.randint(*(cfg.in_service_comm if c.level == "community" else cfg.in_service_village))
    for _ in range(n_members):
        if not in_service_pool:
            break
        u = r.choice(in_service_pool)
        pid = person(run, "在职党员", c.code, county, unit=u.id, org=u.org, born=(1965, 2000))
        if r.random() < 0.92:
            _registration(run, pid, c.code, unit_side=False, seen=reg_seen)
    committee = c.s_units + (units[: c.quota] if c.committee else [])
    community_evaluations(run, c, committee + [u for u, _ in agreements], paper_units)
    for u in street_linked:
        linked.setdefault(u.id, u)
    # --- needs and projects
    candidates: dict[str, list[Offer]] = {}
    for u in linked.values():
        if u.id in paper_units:
            continue
        for rid, cat, status, title in u.resources:
            if status in ("available", "full"):
                candidates.setdefault(cat, []).append((rid, cat, status, u, title))
    n_needs = r.randint(*(cfg.needs_comm if c.level == "community" else cfg.needs_village))
    for k in range(n_needs):
        _need(run, c, grids, candidates, k)


def _agreement(run: Run, c: Community, u: Unit, paired: bool, kind: str) -> None:
    """An agreement of the community with ``u``; ``kind`` "paper" (nothing done since) or "expired"."""
    r = run.rng
    cats = [res[1] for res in u.resources] or [r.choice(("volunteer", "culture", "hardship"))]
    cats = list(dict.fromkeys(cats + [r.choice(_CAT_CODES[:-1]) for _ in range(r.randint(0, 1))]))[:3]
    signed_ago = r.randrange(200, 700) if kind == "paper" else r.randrange(20, 1800)
    signed = run.as_of - dt.timedelta(days=signed_ago)
    expires = ""
    years = r.choice((1, 2, 3, 3, 0))
    if kind == "expired":
        signed = run.as_of - dt.timedelta(days=r.randrange(500, 1500))
        expires = (signed + dt.timedelta(days=365)).isoformat()
    elif kind == "paper":
        expires = (signed + dt.timedelta(days=365 * 3)).isoformat() if r.random() < 0.5 else ""
    elif years:
        expires = (signed + dt.timedelta(days=365 * years)).isoformat()
    a = c.org if r.random() < 0.7 else c.code
    b = u.org if u.org and r.random() < 0.5 else u.id
    title = r.choice(
        ("{c}与{u}结对共建协议", "{c}党组织与{u}党建共建协议书", "{c}“契约化”共建协议（{u}）")
        if not paired
        else ("{u}与{c}结对共建协议", "“机关+社区”结对共建协议：{u}—{c}")
    )
    names = "、".join(_CATEGORY[x] for x in cats)
    content = (
        f"双方围绕{names}开展共建：{u.short}{r.choice(AGREEMENT_ACTS)}，"
        f"{r.choice(AGREEMENT_ACTS)}；{c.name}为单位党员提供报到服务岗位。"
    )
    run.emit(
        "agreements",
        id=run.id("AG", 6),
        name=title.format(c=c.name, u=u.short),
        party_a=a,
        party_b=b,
        signed=signed.isoformat(),
        expires=expires,
        categories=SEP.join(_CATEGORY[x] for x in cats),
        content=content,
    )


def _registration(run: Run, subject: str, area: str, *, unit_side: bool, seen: set[str]) -> None:
    """A unit, its party org or a member registered in ``area`` (once)."""
    if subject in seen:
        return
    seen.add(subject)
    r = run.rng
    hours = r.randint(10, 400) if unit_side else round(r.randint(4, 160) / 2, 1)
    if isinstance(hours, float) and hours.is_integer():
        hours = int(hours)
    acts = SEP.join(r.sample(REG_CONTENT, r.randint(1, 3)))
    run.emit(
        "registrations",
        subject=subject,
        area=area,
        date=run.days_ago(r.randrange(15, 1900)),
        hours=hours,
        content=acts,
    )


def _need(run: Run, c: Community, grids: list[Grid], candidates: dict[str, list[Offer]], k: int) -> None:
    """The ``k``-th need of the community; a project when a linked unit offers what it asks for."""
    r, made = run.rng, run.made
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
        if "need_at_block" not in made and with_blocks and not story:
            gi, x = with_blocks[0], 1.0
        elif "need_at_grid" not in made and not story:
            x = 0.0
        if x > 0.88 and c.blocks[gi]:
            area, level = f"{grids[gi][0]}{r.randint(1, c.blocks[gi]):02d}", "block"
        elif x < 0.4:
            area, level = grids[gi][0], "grid"
    made.add(f"need_at_{level}")
    xq = c.xqs[gi % len(c.xqs)] if gi >= 0 else r.choice(c.xqs)
    title, desc = fill(r, text, {"place": c.name, "xq": xq}).split("|")
    hi, mid = URGENCY_BY_CAT.get(cat, (0.15, 0.6))
    x = r.random()
    urgency = "high" if x < hi else ("medium" if x < hi + mid else "low")
    for u in ("high", "medium", "low"):
        if run.once(f"urgency_{u}"):
            urgency = u
            break
    category = _CATEGORY[cat]
    if (not story and run.once("need_no_category")) or r.random() < 0.05:
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
    nid = run.id("N", 7)
    # does a linked unit take it on with one of its resources?
    stale = not story and run.once("stale_need")
    pool: list[Offer] = []
    take = False
    if not stale:
        pool = candidates.get(cat, [])
        if not pool and r.random() < 0.5:  # a related kind of resource will do (体检 for 助残)
            pool = [x for rc in _RELATED[cat] for x in candidates.get(rc, [])]
        take = story or r.random() < run.cfg.project_rate * (1.5 if raised_ago > 20 else 0.5)
    if story:
        want = ("昆明市第三人民医院", "云南电网有限责任公司昆明供电局")[k]
        pool = [
            x
            for x in candidates.get(("health", "infrastructure")[k], [])
            if x[3].name == want and "免费" in x[4]
        ] or pool
        raised_ago = max(raised_ago, 120) if k == 0 else min(raised_ago, 40)
    want_done = (story and k == 0) or bool(pool and not story and "done_need" not in made)
    force = ""
    if stale:
        force, raised_ago = "untaken", r.randrange(45, 200)
    elif story and k == 1:
        force = "stalled"  # the seed article's repair, under way
    elif want_done:
        force, raised_ago = "done", max(raised_ago, 90)
    # blocks count as their grid (the loop's start level)
    life = run.loop.live(raised_ago, "community" if level == "community" else "grid", force)
    unit = ""
    if pool and (take or want_done) and life.taken is not None:
        res = r.choice(pool)
        unit = res[3].id
        _project(run, c, area, nid, title, res, pool, life)
    if life.status == "done":
        made.add("done_need")
    run.emit(
        "needs",
        id=nid,
        title=title,
        description=desc,
        category=category,
        area=area,
        raised=run.days_ago(raised_ago),
        urgency=_URGENCY[urgency],
        beneficiaries=beneficiaries,
        status=_NEED_STATUS[life.status],
        source=source,
        level=_LEVEL[life.level_code],
        done_on=run.loop.iso(life.done) if life.done is not None else "",
    )
    run.loop.record(nid, life, area, c.code, unit)


def _project(
    run: Run,
    c: Community,
    area: str,
    nid: str,
    need_title: str,
    res: Offer,
    pool: list[Offer],
    life: Life,
) -> None:
    """The project that takes the need on with ``res`` (and perhaps one more of ``pool``)."""
    r = run.rng
    rid, u = res[0], res[3]
    resources = [rid]
    if len(pool) > 1 and r.random() < 0.12:
        other = r.choice(pool)
        if other[0] != rid:
            resources.append(other[0])
    name = r.choice(("{n}", "{u}助力{n}", "{n}（{u}认领）", "{c}{n}项目")).format(
        n=need_title, u=u.short, c=c.name
    )
    run.emit(
        "projects",
        id=run.id("PJ", 6),
        name=name,
        needs=nid,
        resources=SEP.join(resources),
        unit=u.id,
        area=area if r.random() < 0.4 else c.code,
        status=_PROJECT_STATUS[life.status],
        started=run.loop.iso(life.taken),
        finished=run.loop.iso(life.done) if life.done is not None else "",
        due=run.loop.iso(run.loop.planned(life)),
    )
