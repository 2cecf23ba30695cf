"""Texts as data: the need and resource templates per category, the words their slots take,
and the words of registrations and agreements.

Needs: per category, "title|description". Resources: "title|description|kinds" (the unit
kinds that offer it). Slots: {xq} 小区, {ld} 楼栋, {place} community/village, {n} a small
count, {m} a larger count, {year}, {season}, {who_h}, {topic_h}, {topic_l}, {cause},
{festival}, {unit}. Every text carries keywords of its own category (see
gongjian.model.CATEGORIES), so ingest classifies an uncategorised one back.
"""

from gongjian.generate.words.units import KINDS

#: what residents ask for, per category: "title|description"
NEED_TEXT: dict[str, tuple[str, ...]] = {
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

#: what units offer, per category: "title|description|kinds"
RES_TEXT: dict[str, tuple[str, ...]] = {
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

#: the words a slot takes
SLOT_WORDS = {
    "who_h": ("高血压患者", "糖尿病患者", "慢病居民"),
    "topic_h": ("夏季传染病预防", "慢病饮食", "合理用药", "心脑血管疾病预防", "流感预防"),
    "topic_l": ("婚姻家庭", "房屋租赁", "劳动用工", "遗产继承", "消费维权", "拖欠工资"),
    "cause": ("楼上漏水", "噪音扰民", "占用公共楼道", "宠物扰邻", "车位占用", "装修扰民"),
    "season": ("暑期", "寒假", "周末", "暑假"),
    "festival": ("春节", "中秋", "重阳节", "端午", "元宵节"),
}
#: what units and members do where they registered (双报到 服务内容)
REG_CONTENT = (
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
#: what the sides of a co-building agreement undertake
AGREEMENT_ACTS = (
    "每季度到社区开展一次主题党日活动",
    "结对帮扶困难群众",
    "认领社区需求清单项目",
    "开放场地设施",
    "选派党员参与网格服务",
    "联合开展志愿服务",
    "参与社区治理议事",
    "共同开展政策宣讲",
)
#: per category, the share of needs of high and of medium urgency (others: 0.15 and 0.6)
URGENCY_BY_CAT = {
    "emergency": (0.45, 0.45),
    "safety": (0.35, 0.5),
    "hardship": (0.3, 0.5),
    "infrastructure": (0.25, 0.55),
}
#: how often a need is of each category
NEED_CAT_WEIGHTS = {
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
NEED_CATS = tuple(NEED_CAT_WEIGHTS)
NEED_WEIGHTS = tuple(NEED_CAT_WEIGHTS.values())


def _resources_by_kind() -> dict[str, list[tuple[str, str]]]:
    """(category, template) per unit kind: what a kind does (its templates, thrice) weighs over
    what any agency or firm can offer (volunteers, rooms); a few small kinds offer only their own."""
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for cat, texts in RES_TEXT.items():
        for text in texts:
            for kind in text.split("|")[2].split():
                by_kind.setdefault(kind, []).extend([(cat, text)] * 3)
    for kind in KINDS:
        by_kind.setdefault(kind, []).extend(
            [("volunteer", RES_TEXT["volunteer"][0]), ("culture", RES_TEXT["culture"][0])]
        )
    by_kind["owners"] = [
        ("culture", "小区活动场地共享|{unit}协调小区公共场地向周边居民开放，用于文化体育活动。|"),
        ("volunteer", "业主志愿服务队|{unit}组织热心业主组成志愿服务队，参与社区公益服务。|"),
        ("property", RES_TEXT["property"][0]),
    ]
    by_kind["village_clinic"] = [("health", RES_TEXT["health"][2]), ("health", RES_TEXT["health"][4])]
    by_kind["coop"] = [("employment", RES_TEXT["employment"][0]), ("hardship", RES_TEXT["hardship"][0])]
    by_kind["market"] = [("hardship", RES_TEXT["hardship"][0]), ("employment", RES_TEXT["employment"][0])]
    return by_kind


#: what each kind of unit offers: (category, template)
RES_BY_KIND = _resources_by_kind()
#: the seed article: 市三院 gives 佴家湾's disabled free check-ups, 供电局 repairs old lines
STORY_UNITS = {
    "昆明市第三人民医院": (
        (
            "health",
            "残疾人免费体检、上门签约家庭医生|{unit}预防保健科为辖区残疾人提供免费体检，并上门签约家庭医生。|",
        ),
        ("health", RES_TEXT["health"][1]),
    ),
    "云南电网有限责任公司昆明供电局": (
        ("infrastructure", RES_TEXT["infrastructure"][0]),
        ("emergency", RES_TEXT["emergency"][1]),
    ),
}
