"""Units as data: each kind's unit type, code and system, the kinds that sit in communities,
the state-owned brands, the province's units and the offices every city and county has."""


def _specs(text: str) -> tuple[tuple[str, str, str], ...]:
    """``"name/short/kind name/short/kind …"`` as (name, short name, kind) triples."""
    return tuple((a, b, c) for a, b, c in (item.split("/") for item in text.split()))


# fmt: off
#: kind → (unit type, USCC prefix); the prefix "" means a local code.
KINDS: dict[str, tuple[str, str]] = {
    "civil": ("agency", "11"), "justice": ("agency", "11"), "hr": ("agency", "11"),
    "health_agency": ("agency", "11"), "housing": ("agency", "11"), "edu_agency": ("agency", "11"),
    "emergency_agency": ("agency", "11"), "culture_agency": ("agency", "11"), "env_agency": ("agency", "11"),
    "urban": ("agency", "11"), "police": ("agency", "11"), "fire": ("agency", "11"), "tax": ("agency", "11"),
    "agency": ("agency", "11"), "disabled_fed": ("agency", "13"), "street_office": ("agency", "11"),
    "hospital": ("institution", "12"), "clinic": ("institution", "12"), "cdc": ("institution", "12"),
    "school": ("institution", "12"), "kindergarten": ("institution", "12"), "university": ("institution", "12"),
    "library": ("institution", "12"), "culture_center": ("institution", "12"), "red_cross": ("institution", "13"),
    "village_clinic": ("institution", ""),
    "power": ("soe", "91"), "telecom": ("soe", "91"), "post": ("soe", "91"), "bank": ("soe", "91"),
    "water": ("soe", "91"), "bus": ("soe", "91"), "soe": ("soe", "91"),
    "private": ("private", "91"), "restaurant": ("private", "91"), "supermarket": ("private", "91"),
    "coop": ("private", "93"),
    "social_work": ("social_org", "52"), "volunteer_org": ("social_org", "51"), "elderly_org": ("social_org", "52"),
    "charity": ("social_org", "51"),
    "property": ("property", "91"), "owners": ("owners_committee", ""),
    "law_firm": ("other", "31"), "market": ("other", "91"),
}
#: kinds by the system party org above them (others: "agency", the 直属机关工委)
SYSTEM = {
    "hospital": "health", "clinic": "health", "cdc": "health", "red_cross": "health", "village_clinic": "health",
    "school": "edu", "kindergarten": "edu", "university": "edu",
    "power": "soe", "telecom": "soe", "post": "soe", "bank": "soe", "water": "soe", "bus": "soe", "soe": "soe",
    "private": "new", "restaurant": "new", "supermarket": "new", "coop": "new", "social_work": "new",
    "volunteer_org": "new", "elderly_org": "new", "charity": "new", "property": "new", "law_firm": "new",
    "market": "new",
}
#: kinds whose party org is mostly a 党委
BIG_KINDS = frozenset({"hospital", "university", "power", "telecom", "bank", "soe", "post"})
#: government offices: at 省直/市直/区直 level their party org is a 机关党委
OFFICE_KINDS = frozenset({
    "civil", "justice", "hr", "health_agency", "housing", "edu_agency", "emergency_agency", "culture_agency",
    "env_agency", "urban", "tax", "agency",
})
#: state-owned brands: a branch's party org reports to the province company's
BRANDS = ("电网", "移动", "电信", "邮政", "工商银行", "农业银行", "建设银行", "农村信用合作联社")

#: kinds of unit sitting in a community, and how often each is drawn
LOCAL_KINDS = ("property", "owners", "private", "restaurant", "supermarket", "school", "kindergarten", "clinic",
               "social_work", "elderly_org", "law_firm", "bank", "market", "volunteer_org")
LOCAL_WEIGHTS = (14, 12, 18, 8, 6, 5, 5, 5, 5, 4, 4, 3, 3, 3)
#: how likely a unit in a community has a party org of its own, by kind (others: 0.3)
ORG_SHARE = {
    "property": 0.55, "owners": 0.35, "school": 1.0, "kindergarten": 0.7, "clinic": 1.0, "bank": 1.0,
    "social_work": 0.5, "law_firm": 0.6, "elderly_org": 0.4,
}

#: the province's units
PROVINCE_UNITS = _specs(
    "云南省民政厅/省民政厅/civil 云南省第一人民医院/省一院/hospital 云南电网有限责任公司/云南电网/power "
    "云南省司法厅/省司法厅/justice 云南大学/云南大学/university 中国移动通信集团云南有限公司/云南移动/telecom "
    "云南省人力资源和社会保障厅/省人社厅/hr 云南省卫生健康委员会/省卫健委/health_agency "
    "云南省住房和城乡建设厅/省住建厅/housing 云南省教育厅/省教育厅/edu_agency "
    "云南省应急管理厅/省应急管理厅/emergency_agency 云南省文化和旅游厅/省文旅厅/culture_agency "
    "云南省财政厅/省财政厅/agency 云南省交通运输厅/省交通运输厅/agency 云南省生态环境厅/省生态环境厅/env_agency "
    "云南省市场监督管理局/省市场监管局/agency 云南省退役军人事务厅/省退役军人事务厅/agency "
    "云南省残疾人联合会/省残联/disabled_fed 云南省第二人民医院/省二院/hospital 云南省中医医院/省中医院/hospital "
    "昆明医科大学第一附属医院/昆医大附一院/hospital 昆明理工大学/昆明理工大学/university "
    "云南师范大学/云南师范大学/university 云南省图书馆/省图书馆/library "
    "中国电信股份有限公司云南分公司/云南电信/telecom 中国邮政集团有限公司云南省分公司/云南邮政/post "
    "中国工商银行股份有限公司云南省分行/工行云南省分行/bank 云南省建设投资控股集团有限公司/云南建投/soe "
    "云南中烟工业有限责任公司/云南中烟/soe 云南省红十字会/省红十字会/red_cross"
)
#: a city's further offices (after the twelve every city has): name after the city's, short name, kind
CITY_OFFICES = _specs(
    "住房和城乡建设局/住建局/housing 教育体育局/教体局/edu_agency 文化和旅游局/文旅局/culture_agency "
    "生态环境局/生态环境局/env_agency 财政局/财政局/agency 交通运输局/交通运输局/agency "
    "市场监督管理局/市场监管局/agency 退役军人事务局/退役军人事务局/agency 医疗保障局/医保局/agency "
    "自然资源和规划局/自然资源和规划局/agency 水务局/水务局/agency 商务局/商务局/agency 统计局/统计局/agency "
    "审计局/审计局/agency 信访局/信访局/agency 残疾人联合会/残联/disabled_fed 消防救援支队/消防救援支队/fire "
    "第二人民医院/市二院/hospital 中医医院/中医院/hospital 妇幼保健院/妇幼保健院/hospital "
    "疾病预防控制中心/疾控中心/cdc 图书馆/图书馆/library 文化馆/文化馆/culture_center 红十字会/红十字会/red_cross "
    "第一中学/一中/school 第三中学/三中/school 实验小学/实验小学/school 总工会/总工会/agency"
)
#: a county's further offices (after the six every county has): the same
COUNTY_OFFICES = _specs(
    "卫生健康局/卫健局/health_agency 住房和城乡建设局/住建局/housing 教育体育局/教体局/edu_agency "
    "应急管理局/应急局/emergency_agency 文化和旅游局/文旅局/culture_agency 综合行政执法局/执法局/urban "
    "财政局/财政局/agency 农业农村局/农业农村局/agency 市场监督管理局/市场监管局/agency "
    "退役军人事务局/退役军人事务局/agency 残疾人联合会/残联/disabled_fed 医疗保障局/医保局/agency "
    "中医医院/中医院/hospital 妇幼保健院/妇幼保健院/hospital 疾病预防控制中心/疾控中心/cdc "
    "第一中学/一中/school 第二中学/二中/school 图书馆/图书馆/library 文化馆/文化馆/culture_center "
    "消防救援大队/消防救援大队/fire 慈善总会/慈善总会/charity 志愿者协会/志愿者协会/volunteer_org "
    "职业高级中学/职中/school 第一小学/一小/school"
)
# fmt: on
