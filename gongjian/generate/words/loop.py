"""Words of the loop (闭环) as data: the notes of a need's events (流转记录), residents'
comments on their verdicts (评价意见), and the shares a generated history is drawn with.

The shares follow the seed articles: Ninglang's "小事一格解决" (most needs taken where
they are raised, a few reaching the county), Putian's 96.3 % of events done, Kunming's
金星社区 (days to done down by 60 %, to a couple of weeks), residents' verdicts mostly
满意 or 基本满意.
"""

#: The fate of a need (its whole life, whatever day the ledger is written): taken and done;
#: taken and stalled (under way, past its due date: for 督办); never taken (it climbs to the
#: county); closed (withdrawn or not ours). Putian: 96.3 % done.
FATES: tuple[str, ...] = ("done", "stalled", "untaken", "closed")
FATE_WEIGHTS: tuple[float, ...] = (94.0, 2.2, 1.6, 2.2)

#: The level a need is taken at, by the level it starts at (grid, community, street, county).
TAKEN_AT: dict[str, tuple[float, ...]] = {
    "grid": (62.0, 24.0, 11.0, 3.0),
    "community": (0.0, 77.0, 19.0, 4.0),
}

#: Days from taken to done: usually days (mean below), sometimes weeks (SLOW_SHARE, SLOW_DAYS).
WORK_DAYS_MEAN = 5.0
SLOW_SHARE = 0.08
SLOW_DAYS = (18, 50)
#: Days a project is planned to take (计划完成日期 = 开始日期 + one of these).
PLANNED_DAYS: tuple[int, ...] = (7, 10, 15, 15, 20, 30, 30, 30, 45, 60)
#: Days after taking a need a project is under way (实施中) rather than just claimed (已认领).
UNDER_WAY_AFTER = 3
#: Days from raised to closed.
CLOSED_DAYS = (2, 30)

#: Share of done needs residents rate, days from done to the verdict (mean), and the verdicts.
RATED_SHARE = 0.86
RATED_DAYS_MEAN = 3.0
RATINGS: tuple[str, ...] = ("satisfied", "fair", "dissatisfied")
RATING_WEIGHTS: tuple[float, ...] = (76.0, 20.5, 3.5)

#: 采集: how a need came in.
RAISED_NOTES: tuple[str, ...] = (
    "网格员入户走访发现",
    "居民通过“群众点单”小程序反映",
    "居民到社区党群服务中心反映",
    "网格微信群反映",
    "楼栋长上报",
    "党员中心户收集",
    "12345热线转办",
    "民情恳谈会收集",
    "常态巡查发现",
    "居民议事会提出",
)
#: 派单: the community dispatches to a unit (社区派单).
DISPATCHED_NOTES: tuple[str, ...] = (
    "社区派单，对接资源清单",
    "社区大党委会议派单",
    "按共建协议派单",
    "社区派单至驻区单位",
    "双报到单位接单对接",
)
#: 接单 by a unit (单位接单) and by the level's own staff, per level.
CLAIMED_BY_UNIT: tuple[str, ...] = (
    "单位认领，党员志愿者接单",
    "驻区单位认领办理",
    "共建单位接单",
    "在职党员接单",
)
CLAIMED_BY_LEVEL: dict[str, tuple[str, ...]] = {
    "grid": ("网格员接单，小事一格解决", "网格党支部接单", "网格员现场处置", "楼栋党小组认领"),
    "community": ("社区两委接单", "社区党组织认领办理", "社区工作者接单", "村（居）委会接单"),
    "street": ("街道职能科室接单", "街道综治中心受理", "街道党工委督办接单", "乡镇分管领导认领"),
    "county": ("县（区）职能部门接单", "区级部门联席会议认领", "县级党委督办交办"),
}
#: 上报: a level's deadline passed with nobody taking the need (the same words as ``loop run``).
ESCALATED_NOTE = "{frm}级时限已过无人认领，上报{to}级"
#: 办结.
DONE_NOTES: tuple[str, ...] = (
    "已办结，现场核查通过",
    "问题已解决，居民确认",
    "办结，回访群众",
    "已处置完毕，拍照留存",
    "办结销号",
)
#: 关闭.
CLOSED_NOTES: tuple[str, ...] = (
    "居民撤回诉求",
    "经核实不属于受理范围，已解释说明",
    "重复反映，并案办理",
    "经协调已自行解决",
)
#: 退回: the words ingest and ``loop rate`` write for a 不满意 verdict, so that it is one event.
RETURNED_NOTE = "居民不满意，退回重办"

#: Residents' comments, per verdict (most verdicts carry none).
COMMENT_SHARE = 0.55
COMMENTS: dict[str, tuple[str, ...]] = {
    "satisfied": (
        "解决及时，为网格员点赞",
        "办得很快，非常满意",
        "党员志愿者服务热情",
        "问题彻底解决了",
        "社区真正把事办到了心坎上",
        "感谢共建单位的帮助",
    ),
    "fair": (
        "基本解决，希望后续多关注",
        "办理有点慢，但结果还可以",
        "问题缓解了，还需巩固",
        "希望下次提前告知进度",
    ),
    "dissatisfied": (
        "问题没有根本解决",
        "办理拖延，没有回音",
        "只做了表面工作",
        "反映多次仍未处理到位",
    ),
}
