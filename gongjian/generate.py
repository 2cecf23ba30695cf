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

# ------------------------------------------------------------------------- regions

# fmt: off
# code4, full name, short name (for agencies), bare name, phone area code, counties
_CITIES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("5301", "昆明市", "昆明市", "昆明", "0871",
     "530102五华区 530103盘龙区 530111官渡区 530112西山区 530113东川区 530114呈贡区 530115晋宁区 "
     "530124富民县 530125宜良县 530126石林彝族自治县 530127嵩明县 530128禄劝彝族苗族自治县 "
     "530129寻甸回族彝族自治县 530181安宁市"),
    ("5303", "曲靖市", "曲靖市", "曲靖", "0874",
     "530302麒麟区 530303沾益区 530304马龙区 530322陆良县 530323师宗县 530324罗平县 530325富源县 "
     "530326会泽县 530381宣威市"),
    ("5304", "玉溪市", "玉溪市", "玉溪", "0877",
     "530402红塔区 530403江川区 530423通海县 530424华宁县 530425易门县 530426峨山彝族自治县 "
     "530427新平彝族傣族自治县 530428元江哈尼族彝族傣族自治县 530481澄江市"),
    ("5305", "保山市", "保山市", "保山", "0875", "530502隆阳区 530521施甸县 530523龙陵县 530524昌宁县 530581腾冲市"),
    ("5306", "昭通市", "昭通市", "昭通", "0870",
     "530602昭阳区 530621鲁甸县 530622巧家县 530623盐津县 530624大关县 530625永善县 530626绥江县 "
     "530627镇雄县 530628彝良县 530629威信县 530681水富市"),
    ("5307", "丽江市", "丽江市", "丽江", "0888",
     "530702古城区 530721玉龙纳西族自治县 530722永胜县 530723华坪县 530724宁蒗彝族自治县"),
    ("5308", "普洱市", "普洱市", "普洱", "0879",
     "530802思茅区 530821宁洱哈尼族彝族自治县 530822墨江哈尼族自治县 530823景东彝族自治县 "
     "530824景谷傣族彝族自治县 530825镇沅彝族哈尼族拉祜族自治县 530826江城哈尼族彝族自治县 "
     "530827孟连傣族拉祜族佤族自治县 530828澜沧拉祜族自治县 530829西盟佤族自治县"),
    ("5309", "临沧市", "临沧市", "临沧", "0883",
     "530902临翔区 530921凤庆县 530922云县 530923永德县 530924镇康县 "
     "530925双江拉祜族佤族布朗族傣族自治县 530926耿马傣族佤族自治县 530927沧源佤族自治县"),
    ("5323", "楚雄彝族自治州", "楚雄州", "楚雄", "0878",
     "532301楚雄市 532302禄丰市 532322双柏县 532323牟定县 532324南华县 532325姚安县 532326大姚县 "
     "532327永仁县 532328元谋县 532329武定县"),
    ("5325", "红河哈尼族彝族自治州", "红河州", "红河", "0873",
     "532501个旧市 532502开远市 532503蒙自市 532504弥勒市 532523屏边苗族自治县 532524建水县 "
     "532525石屏县 532527泸西县 532528元阳县 532529红河县 532530金平苗族瑶族傣族自治县 "
     "532531绿春县 532532河口瑶族自治县"),
    ("5326", "文山壮族苗族自治州", "文山州", "文山", "0876",
     "532601文山市 532622砚山县 532623西畴县 532624麻栗坡县 532625马关县 532626丘北县 "
     "532627广南县 532628富宁县"),
    ("5328", "西双版纳傣族自治州", "西双版纳州", "西双版纳", "0691", "532801景洪市 532822勐海县 532823勐腊县"),
    ("5329", "大理白族自治州", "大理州", "大理", "0872",
     "532901大理市 532922漾濞彝族自治县 532923祥云县 532924宾川县 532925弥渡县 532926南涧彝族自治县 "
     "532927巍山彝族回族自治县 532928永平县 532929云龙县 532930洱源县 532931剑川县 532932鹤庆县"),
    ("5331", "德宏傣族景颇族自治州", "德宏州", "德宏", "0692",
     "533102瑞丽市 533103芒市 533122梁河县 533123盈江县 533124陇川县"),
    ("5333", "怒江傈僳族自治州", "怒江州", "怒江", "0886",
     "533301泸水市 533323福贡县 533324贡山独龙族怒族自治县 533325兰坪白族普米族自治县"),
    ("5334", "迪庆藏族自治州", "迪庆州", "迪庆", "0887", "533401香格里拉市 533422德钦县 533423维西傈僳族自治县"),
)

_KUNMING_STREETS = {
    "530102": "华山 护国 大观 龙翔 丰宁 莲华 红云 黑林铺 普吉 西翥 厂口 沙朗",
    "530103": "拓东 鼓楼 东华 联盟 金辰 青云 龙泉 茨坝 松华 双龙 滇源 阿子营",
    "530111": "关上 太和 吴井 金马 小板桥 官渡 矣六 六甲 大板桥 阿拉 双桥 螺蛳湾",
    "530112": "前卫 福海 金碧 永昌 西苑 马街 棕树营 碧鸡 海口 团结 眠山 高峣",
    "530114": "龙城 乌龙 雨花 洛羊 洛龙 吴家营 斗南 大渔 七甸 马金铺 万溪",
}
#: Communities named in the seed articles, placed where the articles put them.
_NAMED_COMMUNITIES = {
    ("530111", "太和"): ("佴家湾",),
    ("530103", "金辰"): ("金星",),
    ("530112", "福海"): ("船房",),
    ("530112", "永昌"): ("永兴路",),
}
_ERJIAWAN = "佴家湾社区"

_PLACE_A = "金银东西南北新龙凤青云华和兴宝春明福康瑞祥德丰茂松竹梅兰桃杨柳白红黄石马鹿虹月星光顺昌盛泰宁永长江湖山大小上下中前后高"
_PLACE_B = "山河湖桥园苑坝营庄湾坡塘街路门城林溪井田寺院堡岗庙冲沟哨箐屯寨铺甸口村关场"
_XQ_SUFFIX = ("小区", "花园", "家园", "苑", "新村", "公寓", "雅居", "名城", "小区", "小区")
_FIRM_WORDS = (
    "金鼎", "恒盛", "安居", "佳园", "锦华", "新城", "兴业", "润泽", "康乐", "和泰", "鑫源", "瑞丰", "宏达", "永安", "盛世", "春城", "滇池", "彩云",
    "七彩", "云岭", "翠湖", "金马", "碧鸡", "同心", "福临", "乐居", "祥和", "天润", "博雅", "德润", "嘉禾", "弘信", "俊达", "华誉", "晨阳", "远航",
    "汇通", "众成", "昊天", "泓源", "宏图", "信达", "鼎盛", "民丰", "聚福", "益民", "仁和", "惠邦", "诚信", "金桥", "银河", "东方", "南屏", "北辰",
    "世纪", "阳光", "蓝天", "绿源", "青禾", "丰泽", "融汇", "启明", "通达", "顺泰", "利民", "亿家", "万和", "百合", "千禧", "金碧", "正义", "长春",
    "盘江", "螺峰", "五福", "三益", "恒通", "广源", "华夏", "中天", "联创", "新纪元", "金色", "春晖", "秋实", "雅园", "书香", "怡景", "馨园", "锦绣",
    "康泰", "安泰", "福瑞", "吉祥", "如意", "兴盛", "宝丰", "天元", "云海", "山水", "翰林", "智远", "卓越", "恒信", "德馨", "春和", "景明",
)
_INDUSTRIES = (
    "商贸", "科技", "建筑工程", "房地产开发", "文化传媒", "家政服务", "电子商务", "物流", "汽车服务",
    "教育咨询", "装饰工程", "信息技术", "医药", "酒店管理", "园林绿化",
)
_CROPS = ("蔬菜", "花卉", "核桃", "烤烟", "茶叶", "咖啡", "中药材", "水果", "食用菌", "生猪养殖")
_SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨杨赵黄周吴徐孙胡朱高林何郭马马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏"
    "卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段段雷钱汤尹"
    "黎易常武乔贺赖龚文普者字李杨"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅琴云莲建国志文斌林飞宇浩然涵欣怡轩婷佳琪思远"
    "晓东春燕海丽永刚凤莉金荣家俊德鑫琳雪梦晨辉鹏亮成瑞祥福慧颖博凯琼蓉丹阳彬锐健翔昆滇彩润泽秋菊兴旺忠"
)
_MOBILE = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
    "158", "159", "166", "173", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
)
# fmt: on
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

# --------------------------------------------------------------------- unit kinds

# fmt: off
# kind → (unit type, USCC prefix); the prefix "" means a local code.
_KINDS: dict[str, tuple[str, str]] = {
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
# fmt: on
_BIG_KINDS = frozenset({"hospital", "university", "power", "telecom", "bank", "soe", "post"})

# --------------------------------------------------------------------- templates
#
# Needs: per category, "title|description". Resources: "title|description|kinds".
# Slots: {xq} 小区, {ld} 楼栋, {place} community/village, {n} a small count, {m} a larger
# count, {year}, {season}, {who_h}, {topic_h}, {topic_l}, {cause}, {festival}, {crop}, {unit}.
# Every text carries keywords of its own category (see gongjian.model.CATEGORIES).

_NEED_TEXT: dict[str, tuple[str, ...]] = {
    "health": (
        "{who_h}慢病随访与血压血糖监测|{place}有{n}名{who_h}需要定期测量血压、血糖，社区卫生服务站人手不足，希望医院派医生定期上门随访。",
        "{xq}居民义诊|{xq}居民就医不便，希望组织义诊进小区，提供常见病咨询和健康体检。",
        "家庭医生签约上门服务|{place}行动不便的居民{n}人，希望签约家庭医生，提供上门看病和护理指导。",
        "居民健康知识讲座|居民希望了解{topic_h}等健康知识，请医院医生到社区开展健康讲座。",
        "免费健康体检|{place}{n}户低收入家庭多年未做体检，希望医院提供一次免费健康体检。",
        "{xq}常见病用药咨询|{xq}不少居民长期服药，希望医生定期坐诊，指导合理用药。",
    ),
    "elderly": (
        "独居老人助餐服务|{place}有独居老人{n}人，做饭困难，希望开设老年食堂或提供送餐助餐服务。",
        "高龄老人定期上门探访|{place}80岁以上高龄老人{n}人，子女不在身边，希望有人定期上门探访、陪伴聊天。",
        "空巢老人{festival}关爱活动|{festival}将至，{place}空巢老人{n}人，希望组织敬老关爱活动。",
        "老年人智能手机使用教学|不少老人不会用智能手机挂号、缴费，希望组织年轻人到{xq}耐心教学。",
        "{xq}老年活动室添置适老桌椅|{xq}老年活动室桌椅老旧，希望添置适老桌椅，方便长者活动。",
        "长者集体生日会|为{place}辖区{n}位高龄长者集体过生日，需要场地和物资支持。",
    ),
    "disability": (
        "为辖区残疾人提供免费体检|{place}有持证残疾人{n}名，家庭经济困难，希望为残疾人提供免费体检等助残服务。",
        "残疾人居家康复指导|{place}{n}名肢体残疾人行动不便，希望为残疾人提供上门康复训练指导。",
        "{xq}无障碍坡道修建|{xq}{ld}单元门口台阶较高，轮椅出入困难，希望修建无障碍坡道。",
        "盲人读书会志愿讲读|辖区盲人朋友希望每月有志愿者讲读书报，组织盲人读书会。",
        "轮椅、助行器借用|{place}残疾人和术后居民需要短期借用轮椅、助行器等辅助器具。",
    ),
    "children": (
        "四点半课堂课后辅导|双职工家庭孩子放学后无人看管，希望开设四点半课堂，提供作业辅导和课后托管。",
        "留守儿童{season}托管|{place}有留守儿童{n}名，{season}期间无人照看，希望开展假期托管和陪伴。",
        "社区儿童图书角图书补充|社区儿童图书角图书陈旧，希望补充适合青少年阅读的图书。",
        "青少年{season}科普活动|希望在{season}为辖区青少年组织科普、研学等教育活动。",
        "小学生作业辅导|{xq}不少小学生家长辅导作业困难，希望有老师或大学生定期辅导。",
        "困难家庭儿童微心愿：新书包和文具|{place}{n}名困难家庭儿童的微心愿是拥有新书包和文具，开学前需要。",
    ),
    "legal": (
        "法律咨询进社区|居民在{topic_l}等方面遇到法律问题，希望律师定期到社区坐班提供法律咨询。",
        "{topic_l}法律援助|{place}有{n}户居民遇到{topic_l}问题无力聘请律师，希望提供法律援助。",
        "居民普法讲座|希望围绕{topic_l}开展普法讲座，提升居民法治意识。",
        "租房合同法律审查|{xq}出租房较多，租户希望有律师帮助审查租房合同，依法维权。",
    ),
    "mediation": (
        "邻里纠纷调解|{xq}{ld}住户因{cause}产生纠纷，多次协商未果，希望专业调解员介入化解。",
        "家庭矛盾调解|{place}一户居民家庭矛盾激化，希望调解员上门化解。",
        "{xq}停车矛盾化解|{xq}车位紧张，因停车引发的邻里矛盾频发，希望协调化解。",
        "{cause}纠纷调解|{xq}居民反映{cause}问题引发矛盾，希望社区组织调解。",
    ),
    "employment": (
        "失业人员再就业岗位推荐|{place}登记失业人员{n}人，希望驻区单位提供就业岗位和招聘信息。",
        "高校毕业生就业指导|辖区未就业高校毕业生{n}人，希望开展求职指导和岗位推荐。",
        "妇女居家灵活就业技能培训|{place}不少妇女希望学习家政、电商等技能，实现居家就业。",
        "返乡青年创业指导|返乡青年希望得到创业政策解读和创业指导。",
        "{place}就业招聘会|希望在社区举办小型招聘会，帮助居民就近就业。",
    ),
    "environment": (
        "垃圾分类宣传|{xq}居民垃圾分类意识不强，混投现象普遍，希望开展垃圾分类宣传和桶边督导。",
        "背街小巷卫生清扫|{place}背街小巷卫生死角多，希望组织集中清扫和环境整治。",
        "{xq}绿化补植|{xq}绿化带黄土裸露，希望补植绿化、美化环境。",
        "河道沿线垃圾清理|{place}河道沿线垃圾堆积，希望开展河道清洁行动。",
        "{xq}楼道杂物清理整治|{xq}{ld}楼道杂物堆放，影响卫生和通行，希望集中清理整治。",
        "公厕保洁|{place}公厕卫生状况差，希望落实日常保洁。",
    ),
    "infrastructure": (
        "老旧小区楼道照明维修|{xq}建成于{year}年，{ld}楼道灯损坏，夜间出行不便，希望维修楼道照明。",
        "老旧小区线路检修|{xq}电线老化、私拉乱接，希望供电部门检修线路、规范改造。",
        "{xq}破损道路修补|{xq}内部道路坑洼破损，雨天积水，希望修补道路。",
        "{xq}路灯维修|{xq}{n}盏路灯不亮，希望尽快维修。",
        "{xq}加装电梯协调|{xq}{ld}多为老年住户，希望协调加装电梯。",
        "雨污管网疏通|{xq}雨污管网堵塞，一下雨就返水，希望疏通排水管网。",
        "电动车充电桩安装|{xq}电动车多、充电难，希望安装集中充电设施。",
    ),
    "safety": (
        "小区夜间治安巡逻|{xq}近期发生多起盗窃，希望加强夜间治安巡逻。",
        "消防器材更换|{xq}{ld}消防器材过期失效，希望更换灭火器等消防设备。",
        "电动车进楼入户消防隐患排查|{xq}电动车进楼入户现象普遍，存在消防隐患，希望开展排查整治。",
        "反诈宣传进小区|{place}老年居民多次接到诈骗电话，希望开展反诈宣传。",
        "{xq}监控探头加装|{xq}出入口无监控，希望加装监控，提升治安防范。",
        "出租屋安全检查|{place}出租屋{m}余间，希望开展消防和治安安全检查。",
    ),
    "culture": (
        "广场舞场地协调|{place}文艺队{n}人缺少活动场地，希望驻区单位开放场地。",
        "社区文艺演出|{festival}期间希望组织文艺演出，丰富居民文化生活。",
        "居民书法兴趣班|居民希望开设书法兴趣班，需要老师和活动室。",
        "健身器材添置|{xq}健身器材老旧，希望添置全民健身器材。",
        "全民阅读活动|希望在社区开展全民阅读活动，建设共享书屋。",
        "篮球场错时开放|{place}青年居民希望附近单位的球场错时开放，方便开展体育活动。",
    ),
    "hardship": (
        "困难家庭{festival}慰问|{festival}前希望对{place}{n}户困难家庭开展走访慰问。",
        "低保户临时救助|{place}一户低保家庭遭遇变故，希望提供临时救助。",
        "特困人员生活物资捐赠|{place}特困人员{n}人，希望捐赠米、油等生活物资。",
        "大病家庭帮扶|{place}{n}户大病致贫家庭需要帮扶。",
        "困难家庭子女助学帮扶|{place}{n}名困难家庭子女面临学费困难，希望结对帮扶。",
    ),
    "property": (
        "无物业小区引入物业服务|{xq}是无物业的老旧院落，居民希望引入物业管理。",
        "业委会组建指导|{xq}业主希望成立业主委员会，需要组建指导。",
        "物业费收缴协调|{xq}物业费收缴率低，业主与物业沟通不畅，希望协调。",
        "{xq}管理规约修订|{xq}业主希望修订管理规约，规范物业管理。",
        "物业服务质量评议|{xq}业主对物业服务不满意，希望组织物业服务评议。",
    ),
    "emergency": (
        "防汛沙袋储备|{place}低洼地段汛期易积水，希望储备沙袋、水泵等防汛器材，以备应急。",
        "应急避难场所标识设置|{place}应急避难场所缺少标识，希望完善设置。",
        "地震应急疏散演练|希望在{xq}组织一次地震应急疏散演练。",
        "疫苗接种宣传动员|{place}老年人疫苗接种率低，希望开展防疫宣传和接种动员。",
        "汛期积水点排查|汛期将至，希望对{place}积水点开展应急排查。",
    ),
    "volunteer": (
        "创文志愿者招募|创文期间{place}需要{n}名志愿者参与文明劝导。",
        "志愿服务队组建|{place}希望组建党员志愿服务队，常态化开展公益服务。",
        "公益集市|希望联合驻区单位举办公益集市，提供便民志愿服务。",
        "义务理发进社区|{place}行动不便的居民希望有志愿者上门义务理发。",
    ),
    "other": (
        "社区宣传栏内容更新|{place}宣传栏内容陈旧，希望协助更新。",
        "快递柜进小区|{xq}居民取件不便，希望引进快递柜。",
        "居民议事厅桌椅添置|{place}居民议事厅桌椅不足，希望添置。",
        "便民服务点设置|{xq}居民希望设置便民服务点，方便缴费办事。",
    ),
}

_RES_TEXT: dict[str, tuple[str, ...]] = {
    "health": (
        "免费健康体检|{unit}每月安排医护人员到社区为居民提供免费健康体检，含血压、血糖、心电图等项目。|hospital clinic",
        "义诊巡诊进社区|{unit}组织专家团队定期到社区开展义诊巡诊。|hospital clinic",
        "家庭医生签约服务|{unit}家庭医生团队为辖区居民提供签约服务和上门诊疗。|clinic hospital",
        "健康知识讲座|{unit}医生到社区开展慢病防治、合理用药等健康讲座。|hospital clinic cdc health_agency",
        "慢病管理指导|{unit}为高血压、糖尿病患者建立健康档案，定期随访。|clinic",
    ),
    "elderly": (
        "老年食堂助餐服务|{unit}为辖区老人提供助餐、送餐服务，独居老人优先。|elderly_org restaurant",
        "独居老人上门探访|{unit}党员定期上门探访独居、空巢老人。|social_work civil elderly_org",
        "适老化改造评估|{unit}为高龄老人家庭提供适老化改造评估和建议。|civil elderly_org",
        "老年人智能手机教学|{unit}营业厅工作人员到社区教老人使用智能手机。|telecom",
        "敬老院结对助老|{unit}与辖区老人结对，节日开展敬老助老活动。|soe agency",
    ),
    "disability": (
        "残疾人康复训练指导|{unit}为残疾人、残障儿童提供上门康复训练指导，助残到家。|hospital disabled_fed",
        "助残上门服务|{unit}组织人员为残疾人提供助残上门服务。|volunteer_org social_work disabled_fed",
        "辅助器具借用|{unit}为残疾人提供轮椅等辅助器具免费借用。|disabled_fed civil",
    ),
    "children": (
        "四点半课堂师资支持|{unit}教师到社区四点半课堂开展课后辅导。|school university",
        "{season}托管服务|{unit}为辖区学生提供{season}托管和作业辅导。|school social_work kindergarten",
        "图书捐赠与阅读指导|{unit}向社区捐赠儿童图书并开展阅读指导。|library school",
        "青少年心理辅导|{unit}为辖区青少年提供心理健康辅导。|school social_work",
        "大学生志愿辅导|{unit}大学生志愿者为社区儿童提供课业辅导。|university",
        "婴幼儿托育指导|{unit}为辖区家庭提供婴幼儿托育指导。|kindergarten",
    ),
    "legal": (
        "法律咨询进社区|{unit}律师每月到社区坐班，提供免费法律咨询。|law_firm justice",
        "免费法律援助|{unit}为困难群众提供免费法律援助和代写诉讼文书。|law_firm justice",
        "普法讲座|{unit}到社区开展普法讲座，宣传民法典等法律知识。|law_firm justice tax",
    ),
    "mediation": (
        "人民调解员驻点调解|{unit}调解员定期驻点，调解邻里纠纷。|justice",
        "律师参与矛盾纠纷化解|{unit}律师参与社区矛盾纠纷调解。|law_firm",
        "警民联调化解纠纷|{unit}民警与调解员联合调解矛盾纠纷。|police",
    ),
    "employment": (
        "招聘岗位对接|{unit}向社区发布招聘岗位，优先录用辖区就业困难人员。|private soe restaurant supermarket hr",
        "职业技能培训|{unit}为辖区居民开展职业技能培训。|hr",
        "创业指导与贷款政策咨询|{unit}为创业居民提供创业指导和贷款政策咨询。|hr bank",
    ),
    "environment": (
        "环卫保洁支援|{unit}派出保洁力量支援社区环境卫生整治。|urban property",
        "垃圾分类督导|{unit}党员志愿者参与垃圾分类桶边督导。|urban volunteer_org env_agency",
        "绿化养护|{unit}为小区提供绿化养护支持。|property urban",
    ),
    "infrastructure": (
        "老旧小区线路免费检修|{unit}党员服务队免费为老旧小区检修线路、排查用电设施。|power",
        "供水管网检修|{unit}为老旧小区检修供水管网。|water",
        "通信线路整治|{unit}整治小区通信线路，改造老旧线路。|telecom",
        "停车位错时共享|{unit}夜间和周末向周边居民开放停车位。|agency soe school",
        "水电维修便民服务|{unit}为居民提供水电维修便民服务。|property",
        "路灯维修|{unit}负责辖区路灯维修。|urban",
    ),
    "safety": (
        "反诈宣传进社区|{unit}到社区开展反诈宣传，提醒居民防范电信诈骗。|bank police telecom",
        "消防安全培训|{unit}为居民和物业开展消防安全培训和演练。|fire property",
        "治安联防巡逻|{unit}组织人员参与社区治安联防巡逻。|police property",
        "安全隐患排查|{unit}协助社区开展安全隐患排查。|emergency_agency fire",
    ),
    "culture": (
        "闲置会议室开放|{unit}将闲置会议室向社区开放，用于居民议事和活动。|agency soe private civil hr",
        "篮球场错时开放|{unit}篮球场在课余和周末向居民开放。|school university",
        "文艺演出进社区|{unit}组织文艺演出进社区。|culture_center culture_agency",
        "阅览室对外开放|{unit}阅览室向居民开放，开展阅读和文化活动。|library",
        "职工文体活动室共享|{unit}职工文体活动室向社区居民共享。|soe bank",
    ),
    "hardship": (
        "困难群众慰问物资|{unit}每年为困难群众捐赠米、油等慰问物资。|soe private bank supermarket",
        "爱心超市物资捐赠|{unit}为社区爱心超市捐赠生活物资。|supermarket private",
        "助学金资助|{unit}设立助学金，帮扶困难家庭学生。|soe bank charity",
        "临时救助政策咨询|{unit}为困难群众提供低保、临时救助政策咨询。|civil",
    ),
    "property": (
        "物业管理经验指导|{unit}为无物业小区提供物业管理经验指导。|property",
        "无物业小区托管服务|{unit}为老旧院落提供物业托管服务。|property",
        "业委会运行指导|{unit}为业主委员会规范运行提供指导。|housing",
    ),
    "emergency": (
        "应急物资储备与调配|{unit}储备应急物资，汛期、疫情时支援社区。|emergency_agency supermarket",
        "防汛抢险队伍支援|{unit}组建防汛抢险队伍，汛期支援社区。|soe emergency_agency fire power",
        "应急救护知识普及|{unit}为居民普及应急救护知识，开展应急演练。|red_cross hospital",
    ),
    "volunteer": (
        "党员志愿服务队|{unit}在职党员组成志愿服务队，常态化到社区开展公益服务。|agency soe school hospital civil tax",
        "义务理发|{unit}每月到社区为老人义务理发。|private",
        "志愿者义务修理小家电|{unit}志愿服务队为居民义务修理小家电，公益服务进社区。|soe private",
    ),
    "other": (
        "便民打印复印|{unit}为居民提供免费打印复印。|agency private",
        "快递代收点|{unit}为居民提供快递代收。|supermarket private",
    ),
}

_SLOT_WORDS = {
    "who_h": ("高血压患者", "糖尿病患者", "慢病居民"),
    "topic_h": ("夏季传染病预防", "慢病饮食", "合理用药", "心脑血管疾病预防", "流感预防"),
    "topic_l": ("婚姻家庭", "房屋租赁", "劳动用工", "遗产继承", "消费维权", "拖欠工资"),
    "cause": ("楼上漏水", "噪音扰民", "占用公共楼道", "宠物扰邻", "车位占用", "装修扰民"),
    "season": ("暑期", "寒假", "周末", "暑假"),
    "festival": ("春节", "中秋", "重阳节", "端午", "元宵节"),
}
_REG_CONTENT = (
    "创文志愿服务",
    "垃圾分类桶边督导",
    "疫情防控值守",
    "关爱独居老人",
    "四点半课堂辅导",
    "法律咨询",
    "义诊",
    "楼道清洁",
    "交通劝导",
    "反诈宣传",
    "环境卫生整治",
    "政策宣讲",
    "认领微心愿",
    "防汛值守",
)
_AGREEMENT_ACTS = (
    "每季度到社区开展一次主题党日活动",
    "结对帮扶困难群众",
    "认领社区需求清单项目",
    "开放场地设施",
    "选派党员参与网格服务",
    "联合开展志愿服务",
    "参与社区治理议事",
    "共同开展政策宣讲",
)
_URGENCY_BY_CAT = {
    "emergency": (0.45, 0.45),
    "safety": (0.35, 0.5),
    "hardship": (0.3, 0.5),
    "infrastructure": (0.25, 0.55),
}
_NEED_CAT_WEIGHTS = {
    "health": 10,
    "elderly": 12,
    "disability": 4,
    "children": 9,
    "legal": 5,
    "mediation": 5,
    "employment": 5,
    "environment": 10,
    "infrastructure": 12,
    "safety": 7,
    "culture": 6,
    "hardship": 6,
    "property": 5,
    "emergency": 3,
    "volunteer": 3,
    "other": 2,
}

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
        given = r.choice(_GIVEN) + (r.choice(_GIVEN) if r.random() < 0.7 else "")
        return r.choice(_SURNAMES) + given

    def _mobile(self) -> str:
        r = self.rng
        return f"{r.choice(_MOBILE)}{r.randrange(100000000):08d}"

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
            name = r.choice(_PLACE_A) + r.choice(_PLACE_B)
            if r.random() < 0.15:
                name = r.choice(_PLACE_A) + name
            if name not in used:
                used.add(name)
                return name
        while True:
            name = r.choice(_PLACE_A) + r.choice(_PLACE_A) + r.choice(_PLACE_B)
            if name not in used:
                used.add(name)
                return name

    def _xq_name(self, used: set[str]) -> str:
        """A residential compound (小区) name, unique within its county."""
        r = self.rng
        for _ in range(50):
            if r.random() < 0.6:
                name = r.choice(_FIRM_WORDS) + r.choice(_XQ_SUFFIX)
            else:
                name = r.choice(_PLACE_A) + r.choice(_PLACE_B) + r.choice(("小区", "新村", "花园"))
            if name not in used:
                break
        else:
            name = f"{name}{r.choice('二三四五')}期"
        used.add(name)
        return name

    # --------------------------------------------------------------- skeleton

    def _skeleton(self) -> list[_City]:
        cities: list[_City] = []
        chosen = _CITIES if self.scale == "province" else _CITIES[:1]
        for code4, name, short, bare, phone, counties in chosen:
            city = _City(code4 + "00000000", name, short, bare, phone)
            for item in counties.split():
                ccode, cname = item[:6], item[6:]
                if self.scale == "tiny" and ccode != "530111":
                    continue
                if self.scale == "kunming" and ccode not in _KUNMING_STREETS:
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
        slots = [
            (county, sname) for county in counties for sname in _KUNMING_STREETS[county.code[:6]].split()
        ]
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
                n for (cc, _s), names in _NAMED_COMMUNITIES.items() if cc == county.code[:6] for n in names
            )
            u.update(_KUNMING_STREETS[county.code[:6]].split())
        index: dict[str, int] = {}
        for (county, sname), n in zip(slots, counts, strict=True):
            i = index.get(county.code, 0) + 1
            index[county.code] = i
            scode = f"{county.code[:6]}{i:03d}"
            named = list(_NAMED_COMMUNITIES.get((county.code[:6], sname), ()))
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
            for st in r.sample([s for s in by_street if not any(c.name == _ERJIAWAN for c in s.comms)], 5):
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
        for brand in _BRANDS:
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
        big = u.kind in _BIG_KINDS or level in ("省直", "市直")
        if u.kind in (
            "civil",
            "justice",
            "hr",
            "health_agency",
            "housing",
            "edu_agency",
            "emergency_agency",
            "culture_agency",
            "env_agency",
            "urban",
            "tax",
            "agency",
        ) and level in ("省直", "市直", "区直"):
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
        utype, prefix = _KINDS[kind]
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
        options = _RES_BY_KIND.get(u.kind) or _RES_BY_KIND["agency"]
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
        home = county[:6] if r.random() < 0.8 else r.choice(_ALL_COUNTIES)
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
        for name, short, kind in _PROVINCE_UNITS[: self.cfg.province_units]:
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
            for brand in _BRANDS:
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
            if name in _STORY_UNITS and self.scale != "province":
                comm = next((c for c in comms if c.name == _ERJIAWAN), comm)
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
            for brand in _BRANDS:
                if brand in name:
                    sys.setdefault("brand:" + brand, u.org)
            scope = ""
            if kind in ("hospital", "power", "water", "telecom", "library", "culture_center", "red_cross"):
                scope = _SEP.join(c.code for c in city.counties[: r.randint(1, max(1, len(city.counties)))])
            if name in _STORY_UNITS:
                # the seed article: 市三院 gives 佴家湾's disabled free check-ups, 供电局 repairs old lines
                for cat, text in _STORY_UNITS[name]:
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
                targets = [c for c in holders if c.name == _ERJIAWAN] + targets
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
                r.choices(_LOCAL_KINDS, _LOCAL_WEIGHTS)[0] for _ in range(max(0, n - 2))
            ]
        units: list[_Unit] = []
        for k in range(n):
            kind = kinds[k] if k < len(kinds) else r.choices(_LOCAL_KINDS, _LOCAL_WEIGHTS)[0]
            name, short = self._fresh_name(kind, c, st, county)
            u = self._unit(name, short, kind, c.code, st.code, county.code, "社区", city.phone)
            has_org = {
                "property": 0.55,
                "owners": 0.35,
                "school": 1.0,
                "kindergarten": 0.7,
                "clinic": 1.0,
                "bank": 1.0,
                "social_work": 0.5,
                "law_firm": 0.6,
                "elderly_org": 0.4,
            }.get(kind, 0.3)
            # units that will sit on the big committee all have a party org or a leader who is a member
            if k < c.quota or r.random() < has_org:
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
            f"双方围绕{names}开展共建：{u.short}{r.choice(_AGREEMENT_ACTS)}，"
            f"{r.choice(_AGREEMENT_ACTS)}；{c.name}为单位党员提供报到服务岗位。"
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
        acts = _SEP.join(r.sample(_REG_CONTENT, r.randint(1, 3)))
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
        cat = r.choices(_NEED_CATS, _NEED_WEIGHTS)[0]
        story = c.name == _ERJIAWAN and k < 2  # the seed article's two examples
        if story:
            cat = ("disability", "infrastructure")[k]
            text = (_NEED_TEXT["disability"][0], _NEED_TEXT["infrastructure"][1])[k]
        else:
            text = r.choice(_NEED_TEXT[cat])
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
        hi, mid = _URGENCY_BY_CAT.get(cat, (0.15, 0.6))
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
        if key in _SLOT_WORDS:
            v = r.choice(_SLOT_WORDS[key])
        elif key == "n":
            v = str(r.randint(3, 60))
        elif key == "m":
            v = str(r.randrange(50, 600, 10))
        elif key == "year":
            v = str(r.randint(1982, 2003))
        elif key == "ld":
            v = f"{r.randint(1, 24)}栋"
        elif key == "xq":
            v = r.choice(_FIRM_WORDS) + "小区"
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


_NEED_CATS = tuple(_NEED_CAT_WEIGHTS)
_NEED_WEIGHTS = tuple(_NEED_CAT_WEIGHTS.values())
_RES_BY_KIND: dict[str, list[tuple[str, str]]] = {}
for _cat, _texts in _RES_TEXT.items():
    for _t in _texts:
        for _k in _t.split("|")[2].split():
            _RES_BY_KIND.setdefault(_k, []).extend(
                [(_cat, _t)] * 3
            )  # what a kind does weighs over the generic
for _k in _KINDS:  # every kind offers at least what any agency or firm can: volunteers, rooms
    _RES_BY_KIND.setdefault(_k, []).extend(
        [("volunteer", _RES_TEXT["volunteer"][0]), ("culture", _RES_TEXT["culture"][0])]
    )
_RES_BY_KIND["owners"] = [
    ("culture", "小区活动场地共享|{unit}协调小区公共场地向周边居民开放，用于文化体育活动。|"),
    ("volunteer", "业主志愿服务队|{unit}组织热心业主组成志愿服务队，参与社区公益服务。|"),
    ("property", _RES_TEXT["property"][0]),
]
_RES_BY_KIND["village_clinic"] = [("health", _RES_TEXT["health"][2]), ("health", _RES_TEXT["health"][4])]
_RES_BY_KIND["coop"] = [("employment", _RES_TEXT["employment"][0]), ("hardship", _RES_TEXT["hardship"][0])]
_RES_BY_KIND["market"] = [("hardship", _RES_TEXT["hardship"][0]), ("employment", _RES_TEXT["employment"][0])]
_STORY_UNITS = {
    "昆明市第三人民医院": (
        (
            "health",
            "残疾人免费体检、上门签约家庭医生|{unit}预防保健科为辖区残疾人提供免费体检，并上门签约家庭医生。|",
        ),
        ("health", _RES_TEXT["health"][1]),
    ),
    "云南电网有限责任公司昆明供电局": (
        ("infrastructure", _RES_TEXT["infrastructure"][0]),
        ("emergency", _RES_TEXT["emergency"][1]),
    ),
}

_ALL_COUNTIES = tuple(item[:6] for city in _CITIES for item in city[5].split())

# fmt: off
#: kinds by the system party org above them
_SYS = {
    "hospital": "health", "clinic": "health", "cdc": "health", "red_cross": "health", "village_clinic": "health",
    "school": "edu", "kindergarten": "edu", "university": "edu",
    "power": "soe", "telecom": "soe", "post": "soe", "bank": "soe", "water": "soe", "bus": "soe", "soe": "soe",
    "private": "new", "restaurant": "new", "supermarket": "new", "coop": "new", "social_work": "new",
    "volunteer_org": "new", "elderly_org": "new", "charity": "new", "property": "new", "law_firm": "new",
    "market": "new",
}
# fmt: on


def _sys_key(kind: str) -> str:
    return _SYS.get(kind, "agency")


#: state-owned brands: a branch's party org reports to the province company's
_BRANDS = ("电网", "移动", "电信", "邮政", "工商银行", "农业银行", "建设银行", "农村信用合作联社")

# fmt: off
_PROVINCE_UNITS: tuple[tuple[str, str, str], ...] = tuple(
    (a, b, c) for a, b, c in (s.split("/") for s in (
        "云南省民政厅/省民政厅/civil", "云南省第一人民医院/省一院/hospital", "云南电网有限责任公司/云南电网/power",
        "云南省司法厅/省司法厅/justice", "云南大学/云南大学/university", "中国移动通信集团云南有限公司/云南移动/telecom",
        "云南省人力资源和社会保障厅/省人社厅/hr", "云南省卫生健康委员会/省卫健委/health_agency",
        "云南省住房和城乡建设厅/省住建厅/housing", "云南省教育厅/省教育厅/edu_agency",
        "云南省应急管理厅/省应急管理厅/emergency_agency", "云南省文化和旅游厅/省文旅厅/culture_agency",
        "云南省财政厅/省财政厅/agency", "云南省交通运输厅/省交通运输厅/agency", "云南省生态环境厅/省生态环境厅/env_agency",
        "云南省市场监督管理局/省市场监管局/agency", "云南省退役军人事务厅/省退役军人事务厅/agency",
        "云南省残疾人联合会/省残联/disabled_fed", "云南省第二人民医院/省二院/hospital", "云南省中医医院/省中医院/hospital",
        "昆明医科大学第一附属医院/昆医大附一院/hospital", "昆明理工大学/昆明理工大学/university",
        "云南师范大学/云南师范大学/university", "云南省图书馆/省图书馆/library",
        "中国电信股份有限公司云南分公司/云南电信/telecom", "中国邮政集团有限公司云南省分公司/云南邮政/post",
        "中国工商银行股份有限公司云南省分行/工行云南省分行/bank", "云南省建设投资控股集团有限公司/云南建投/soe",
        "云南中烟工业有限责任公司/云南中烟/soe", "云南省红十字会/省红十字会/red_cross",
    ))
)
# fmt: on


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
    more = (
        "住房和城乡建设局/住建局/housing 教育体育局/教体局/edu_agency 文化和旅游局/文旅局/culture_agency "
        "生态环境局/生态环境局/env_agency 财政局/财政局/agency 交通运输局/交通运输局/agency "
        "市场监督管理局/市场监管局/agency 退役军人事务局/退役军人事务局/agency 医疗保障局/医保局/agency "
        "自然资源和规划局/自然资源和规划局/agency 水务局/水务局/agency 商务局/商务局/agency 统计局/统计局/agency "
        "审计局/审计局/agency 信访局/信访局/agency 残疾人联合会/残联/disabled_fed 消防救援支队/消防救援支队/fire "
        "第二人民医院/市二院/hospital 中医医院/中医院/hospital 妇幼保健院/妇幼保健院/hospital "
        "疾病预防控制中心/疾控中心/cdc 图书馆/图书馆/library 文化馆/文化馆/culture_center 红十字会/红十字会/red_cross "
        "第一中学/一中/school 第三中学/三中/school 实验小学/实验小学/school 总工会/总工会/agency"
    )
    for item in more.split():
        tail, short, kind = item.split("/")
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
    more = (
        "卫生健康局/卫健局/health_agency 住房和城乡建设局/住建局/housing 教育体育局/教体局/edu_agency "
        "应急管理局/应急局/emergency_agency 文化和旅游局/文旅局/culture_agency 综合行政执法局/执法局/urban "
        "财政局/财政局/agency 农业农村局/农业农村局/agency 市场监督管理局/市场监管局/agency "
        "退役军人事务局/退役军人事务局/agency 残疾人联合会/残联/disabled_fed 医疗保障局/医保局/agency "
        "中医医院/中医院/hospital 妇幼保健院/妇幼保健院/hospital 疾病预防控制中心/疾控中心/cdc "
        "第一中学/一中/school 第二中学/二中/school 图书馆/图书馆/library 文化馆/文化馆/culture_center "
        "消防救援大队/消防救援大队/fire 慈善总会/慈善总会/charity 志愿者协会/志愿者协会/volunteer_org "
        "职业高级中学/职中/school 第一小学/一小/school"
    )
    for item in more.split():
        tail, short, kind = item.split("/")
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
    return _FIRM_WORDS[(int(code[:6]) * 7 + salt * 13) % len(_FIRM_WORDS)]


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


# fmt: off
_LOCAL_KINDS = ("property", "owners", "private", "restaurant", "supermarket", "school", "kindergarten", "clinic",
                "social_work", "elderly_org", "law_firm", "bank", "market", "volunteer_org")
_LOCAL_WEIGHTS = (14, 12, 18, 8, 6, 5, 5, 5, 5, 4, 4, 3, 3, 3)
# fmt: on


def _local_name(r: random.Random, kind: str, c: _Comm, st: _Street, county: _County) -> tuple[str, str]:
    w = r.choice(_FIRM_WORDS)
    cb = county.city.bare
    bare_c = c.name[:-2] if c.name.endswith("社区") else c.name[:-1]
    if kind == "property":
        return f"{cb}{w}物业服务有限公司", f"{w}物业"
    if kind == "owners":
        xq = r.choice(c.xqs)
        return f"{xq}业主委员会", f"{xq}业委会"
    if kind == "private":
        ind = r.choice(_INDUSTRIES)
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
        crop = r.choice(_CROPS)
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
    """A short hash of what decides the files: this module's source and those it draws
    words, codes and categories from. A cache of generated ledgers keyed on it (as
    ``bench/`` keeps them) is made again when any of them changes."""
    from gongjian import model
    from gongjian.ingest import classify as classify_module
    from gongjian.ingest import codes

    h = hashlib.sha256()
    for module_file in (__file__, model.__file__, codes.__file__, classify_module.__file__):
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
