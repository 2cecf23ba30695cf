"""Unit names (单位名称) as users write them, with their short names (简称) and kinds: the
units of a city, of a county and of a street, and a community's own units."""

from __future__ import annotations

import random

from gongjian.generate.regions import City, Community, County, Street
from gongjian.generate.words.names import CROPS, FIRM_WORDS, INDUSTRIES
from gongjian.generate.words.units import CITY_OFFICES, COUNTY_OFFICES

Spec = tuple[str, str, str]
"""A unit to make: (name, short name, kind)."""


def city_units(city: City) -> list[Spec]:
    """A city's units: the twelve every city has first, then its further offices and companies."""
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


def county_units(county: County, kind_word: str) -> list[Spec]:
    """A county's units (``kind_word``: 区, 市 or 县): the six every county has first."""
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


def street_units(st: Street, county: County, bare: str) -> list[Spec]:
    """A street's or township's units (``bare``: its name without 街道, 镇, 乡): its police station first."""
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


def local_name(r: random.Random, kind: str, c: Community, st: Street, county: County) -> tuple[str, str]:
    """A name and short name for a unit of ``kind`` in community ``c``."""
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
