#!/usr/bin/env python3
"""Generate synthetic review-cycle data for libreview.

A synthetic county modelled on the seed account (a county's 民主评议行风 year:
47 participating and 6 exempt departments, public commitments on county TV,
三联系一走访, the representatives' opinion survey, hearings, rectification,
complaints, ballots, questionnaires, daily-work scores and self-assessment).
Folders follow the data contract of docs `review-cycle.md` section 2 exactly,
with English canonical headers and English enum values.

Stdlib only (runs before any pip install), Python 3.10+, deterministic:
every random draw comes from a ``random.Random`` seeded from ``--seed`` and a
label, never from the global generator, and no output depends on hash order.

    python data/generate.py                      # rewrite data/sample/{2016,2017}
    python data/generate.py --out DIR            # the same sample, into DIR/<year>/
    python data/generate.py --counties 100 --out /tmp/bench [--years 2016,2017]
    python data/generate.py --check DIR          # verify invariants, print flags

A county's history always starts in the earliest of 2016 and the first
requested year, so a given (seed, county, year) gives the same folder whatever
other years are asked for.

One file of ~1,400 lines on purpose: it runs as a plain script before anything
is installed (the quick start, benchmarks/benchdata.py and CI call
``python3 data/generate.py``), so it carries no package of its own. Its parts,
in order: the county model (class County), the driver (main), and the
independent oracle behind ``--check`` (load_cycle, check_cycle, score_cycle),
a second implementation of review-cycle.md sections 2-4 that
tests/python/test_oracle.py compares with the library. The generator's own
self-assessment figures use the oracle's arithmetic (default_composite), so
there is one Python scorer, not two.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import math
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE_DIR = os.path.join(HERE, "sample")
SAMPLE_YEARS = (2016, 2017)
HISTORY_START = 2016

# --------------------------------------------------------------------------
# Contract (review-cycle.md section 2)
# --------------------------------------------------------------------------

HEADERS = {
    "departments.csv": ["id", "name", "category", "status", "exempt_reason", "hotline"],
    "representatives.csv": ["id", "sector", "trained"],
    "ballots.csv": ["representative_id", "department_id", "rating"],
    "questionnaires.csv": ["response_id", "respondent_group", "department_id", "rating"],
    "daily_work.csv": ["department_id", "score"],
    "complaints.csv": ["id", "department_id", "received_on", "channel", "category",
                       "substantiated", "due_on", "closed_on", "summary"],
    "rectifications.csv": ["id", "department_id", "source", "source_ref", "category",
                           "description", "deadline", "status", "closed_on"],
    "commitments.csv": ["id", "department_id", "text", "published_on", "channel",
                        "due_on", "status"],
    "hearings.csv": ["id", "department_id", "held_on", "question", "answer",
                     "rectification_id"],
    "activities.csv": ["id", "department_id", "kind", "target", "date", "summary"],
    "surveys.csv": ["id", "representative_id", "site_kind", "site", "visited_on",
                    "department_id", "opinion"],
    "self_assessment.csv": ["department_id", "expected_score"],
}

RATINGS = ("satisfied", "basic", "dissatisfied", "unknown")
POINTS = {"satisfied": 100.0, "basic": 70.0, "dissatisfied": 0.0}
CHANNELS = ("hotline", "letter", "visit", "city_referral")
SOURCES = ("hearing", "complaint", "survey")
RECT_STATUS = ("open", "in_progress", "rectified", "verified")
ACTIVITY_KINDS = ("enterprise", "village", "household", "visit")
SITE_KINDS = ("enterprise", "village", "school", "shop", "other")
COMMITMENT_STATUS = ("fulfilled", "in_progress")
ISSUE_CATEGORIES = ("态度生硬", "吃拿卡要", "办事拖拉", "乱收费", "接受吃请", "推诿扯皮", "服务不规范")
SECTORS = ("执法监督类", "经济管理类", "社会服务类", "公用事业类")

# Default scoring profile (review-cycle.md sections 3 and 4), used by --check.
WEIGHTS = {"B": 0.5, "Q": 0.3, "W": 0.2}

# --------------------------------------------------------------------------
# The county: department roster
# (name, sequence, kind, business handled, exempt reason or None)
# kind: bureau (局/委/办), unit (基层所站/派出所/中队), window (窗口服务单位,
# hospitals, centres), utility (公用企业). Business names feed the Chinese texts.
# --------------------------------------------------------------------------

ROSTER = [
    ("县公安局", "执法监督类", "bureau", "户口迁移", None),
    ("城关派出所", "执法监督类", "unit", "居民身份证换领", None),
    ("县公安局交通警察大队", "执法监督类", "unit", "驾驶证换证", None),
    ("县司法局", "执法监督类", "bureau", "法律援助申请", None),
    ("县市场监督管理局", "执法监督类", "bureau", "营业执照登记", None),
    ("城关市场监督管理所", "执法监督类", "unit", "食品经营许可", None),
    ("县税务局", "执法监督类", "bureau", "发票领购", None),
    ("城关税务分局", "执法监督类", "unit", "个体户定额核定", None),
    ("县环境保护局", "执法监督类", "bureau", "环评审批", None),
    ("县城市管理执法局", "执法监督类", "bureau", "户外广告设置审批", None),
    ("县交通运输局", "执法监督类", "bureau", "道路运输许可", None),
    ("县道路运输管理所", "执法监督类", "unit", "营运证年审", None),
    ("县安全生产监督管理局", "执法监督类", "bureau", "安全生产许可", None),
    ("县文化市场综合执法大队", "执法监督类", "unit", "文化经营场所年检", None),
    ("县烟草专卖局", "执法监督类", "bureau", "烟草专卖零售许可", "垂直管理由上级统一评议"),
    ("县发展和改革委员会", "经济管理类", "bureau", "项目备案", None),
    ("县财政局", "经济管理类", "bureau", "惠农补贴发放", None),
    ("县自然资源局", "经济管理类", "bureau", "建设用地审批", None),
    ("县住房和城乡建设局", "经济管理类", "bureau", "施工许可", None),
    ("县农业农村局", "经济管理类", "bureau", "农机购置补贴", None),
    ("县水利局", "经济管理类", "bureau", "取水许可", None),
    ("县林业局", "经济管理类", "bureau", "林木采伐许可", None),
    ("县商务局", "经济管理类", "bureau", "酒类流通备案", None),
    ("县工业和信息化局", "经济管理类", "bureau", "企业技改项目申报", None),
    ("县扶贫开发办公室", "经济管理类", "bureau", "扶贫小额贷款贴息", None),
    ("城关财政所", "经济管理类", "unit", "粮食直补发放", None),
    ("县不动产登记中心", "经济管理类", "window", "不动产登记", None),
    ("国家统计局XX调查队", "经济管理类", "bureau", "住户调查", "垂直管理由上级统一评议"),
    ("中国人民银行XX县支行", "经济管理类", "bureau", "账户开立核准", "垂直管理由上级统一评议"),
    ("县教育局", "社会服务类", "bureau", "学籍转接", None),
    ("县卫生健康局", "社会服务类", "bureau", "医师执业注册", None),
    ("县人力资源和社会保障局", "社会服务类", "bureau", "劳动争议仲裁", None),
    ("县民政局", "社会服务类", "bureau", "低保审批", None),
    ("县人民医院", "社会服务类", "window", "门诊挂号", None),
    ("县中医院", "社会服务类", "window", "住院结算", None),
    ("县社会保险事业管理局", "社会服务类", "window", "养老保险待遇核定", None),
    ("县住房公积金管理中心", "社会服务类", "window", "公积金提取", None),
    ("县残疾人联合会", "社会服务类", "bureau", "残疾人证申领", None),
    ("县文化广电和旅游局", "社会服务类", "bureau", "文化娱乐场所审批", None),
    ("县疾病预防控制中心", "社会服务类", "window", "预防接种证", None),
    ("县妇幼保健院", "社会服务类", "window", "孕产妇建档", None),
    ("县气象局", "社会服务类", "bureau", "防雷装置检测", "垂直管理由上级统一评议"),
    ("县行政服务中心", "社会服务类", "window", "并联审批", "新组建单位"),
    ("县供电公司", "公用事业类", "utility", "用电报装", None),
    ("县邮政分公司", "公用事业类", "utility", "邮件投递", None),
    ("县移动公司", "公用事业类", "utility", "宽带报修", None),
    ("县联通公司", "公用事业类", "utility", "套餐资费变更", None),
    ("县电信公司", "公用事业类", "utility", "宽带安装", None),
    ("县自来水公司", "公用事业类", "utility", "水表报装", None),
    ("县燃气公司", "公用事业类", "utility", "燃气开户", None),
    ("县公共交通公司", "公用事业类", "utility", "老年公交卡", None),
    ("县农村商业银行", "公用事业类", "utility", "小额农户贷款", None),
    ("县盐业公司", "公用事业类", "utility", "食盐配送", "企业改制中暂缓评议"),
]

# 界别 of the 150 representatives
REP_SECTORS = [("人大代表", 20), ("政协委员", 20), ("企业代表", 25), ("农村代表", 25),
               ("教师代表", 15), ("个体工商户", 15), ("社区居民", 20), ("离退休干部", 10)]
SECTOR_SITE = {"企业代表": "enterprise", "农村代表": "village", "教师代表": "school",
               "个体工商户": "shop", "社区居民": "other"}

# questionnaire respondent groups: share, affinity per sequence, harshness per sequence
GROUPS = [
    ("企业", 0.18, (1.3, 1.5, 0.6, 1.2), (-0.05, -0.02, 0.0, -0.03)),
    ("农村群众", 0.30, (0.9, 1.2, 1.0, 0.9), (-0.02, 0.0, 0.0, 0.0)),
    ("学校", 0.12, (0.6, 0.5, 1.6, 0.9), (0.0, 0.0, -0.02, 0.0)),
    ("个体门店", 0.15, (1.4, 0.8, 0.7, 1.1), (-0.06, 0.0, 0.0, -0.02)),
    ("城镇居民", 0.25, (1.0, 0.6, 1.3, 1.4), (0.0, 0.0, -0.01, -0.03)),
]
KIND_EXPOSURE = {"bureau": 1.0, "unit": 0.75, "window": 1.2, "utility": 1.3}
KIND_UNKNOWN = {"bureau": 0.045, "unit": 0.085, "window": 0.035, "utility": 0.03}

# complaint / rectification category weights per sequence
CATEGORY_WEIGHTS = {
    "执法监督类": (3.0, 2.0, 1.5, 1.2, 2.0, 1.2, 1.0),
    "经济管理类": (1.5, 1.5, 2.5, 1.0, 1.2, 2.0, 1.2),
    "社会服务类": (2.5, 0.8, 2.0, 1.5, 0.6, 1.5, 2.5),
    "公用事业类": (2.0, 0.5, 2.5, 2.5, 0.4, 1.0, 2.5),
}

# --------------------------------------------------------------------------
# Invented places (no real names of people; place names are generic inventions)
# --------------------------------------------------------------------------

TOWNSHIPS = ["城关镇", "东岭乡", "西河镇", "南坡乡", "北岗镇", "柳湾乡", "石槽乡", "杏园镇",
             "白沙乡", "高台镇", "桑庄乡", "青龙镇"]
VILLAGES = ["王家庄", "李湾", "张营", "前岗", "后河", "东寨", "西坡", "柿园", "榆林", "槐树沟",
            "三里井", "新集", "马庄", "杨楼", "枣园", "石门", "小刘庄", "大吴寨"]
FIRM_PREFIX = ["宏达", "金丰", "永盛", "华源", "鑫宇", "恒通", "瑞丰", "新亚", "长兴", "聚丰",
               "天诚", "昌盛", "福源", "豫顺"]
FIRM_TYPE = ["机械厂", "面粉有限公司", "纺织有限公司", "建材厂", "食品有限公司", "耐火材料厂",
             "服装厂", "铸造有限公司", "农机配件厂", "养殖专业合作社", "果蔬专业合作社", "造纸厂"]
STREETS = ["人民路", "建设路", "解放路", "文化路", "新华街", "东大街", "西大街", "车站路"]
SHOPS = ["百货商店", "五金店", "便民超市", "家常饭店", "大药房", "农资门市", "家电门市",
         "副食店", "手机店", "建材门市"]
COMMUNITIES = ["城关镇东关社区", "城关镇西关社区", "城关镇南街社区", "城关镇北街社区",
               "城关镇新华社区"]


def village(rng):
    return rng.choice(TOWNSHIPS) + rng.choice(VILLAGES) + "村"


def firm(rng):
    return rng.choice(FIRM_PREFIX) + rng.choice(FIRM_TYPE)


def school(rng):
    t = rng.choice(TOWNSHIPS)
    return rng.choice([t + "中心小学", t + "初级中学", "县第二高级中学", "县职业教育中心",
                       "城关镇第三小学", t + "第一小学"])


def shop(rng):
    return rng.choice(STREETS) + rng.choice(SHOPS)


# --------------------------------------------------------------------------
# Chinese text templates
# --------------------------------------------------------------------------

COMPLAINT_TEXT = {
    "态度生硬": ["反映{dept}工作人员办理{biz}时态度生硬,对群众询问不耐烦",
                 "{biz}窗口人员言语冷淡,群众多次询问得不到解释,还被说\"自己去看公告\"",
                 "来访群众称在{dept}办理{biz}时遭到工作人员呵斥"],
    "吃拿卡要": ["反映{dept}有工作人员在{biz}中暗示送礼,不给好处就拖着不办",
                 "群众来信称办理{biz}时工作人员索要烟酒",
                 "企业反映{dept}检查人员借{biz}之机吃拿卡要"],
    "办事拖拉": ["{biz}申请提交一个多月仍未办结,多次催问无答复",
                 "反映{dept}{biz}材料齐全但迟迟不予受理",
                 "群众反映{biz}要跑四五趟才能办成,效率低"],
    "乱收费": ["反映{dept}办理{biz}时收取无依据的费用且不出具票据",
               "群众来电称{biz}中被搭车收取资料费、服务费",
               "个体户反映{dept}在{biz}中超标准收费"],
    "接受吃请": ["反映{dept}工作人员在{biz}检查后接受企业宴请",
                 "群众举报{dept}干部办理{biz}期间接受服务对象吃请",
                 "市纠风办转来线索:{dept}人员工作日中午在饭店接受管理对象宴请"],
    "推诿扯皮": ["{biz}涉及多个股室,相互推诿,群众来回跑了五六趟",
                 "反映{dept}对{biz}问题互相推脱,无人负责",
                 "群众称{biz}被告知\"不归我们管\",让其找其他部门"],
    "服务不规范": ["{biz}流程未公开,一次性告知不到位",
                   "反映{dept}{biz}窗口上班时间无人在岗,未执行首问负责制",
                   "{biz}办事指南与实际要求不一致,群众多次补交材料"],
}

RECTIFY_TEXT = {
    "态度生硬": ["开展文明服务培训,{biz}窗口推行挂牌上岗和服务评价器,每月通报评价结果",
                 "制定文明用语规范,对当事人批评教育并在全局会议上作检查"],
    "吃拿卡要": ["对{biz}全流程开展廉政风险排查,公开办事指南和监督电话,违规人员调离岗位",
                 "建立{biz}办件回访制度,每月随机回访服务对象不少于20户"],
    "办事拖拉": ["{biz}实行限时办结制,办理时限压缩至{n}个工作日,建立办件台账逐件销号",
                 "开通{biz}预约和延时服务,超时未办结的追究经办人责任"],
    "乱收费": ["清理{biz}收费项目,在大厅公示收费标准,退还多收费用",
               "取消{biz}中无依据的资料费,实行收费票据统一管理"],
    "接受吃请": ["重申禁止接受服务对象吃请的规定,全员签订廉洁承诺书,开展专项检查",
                 "对接受吃请人员给予诫勉谈话,执法检查实行双人带队和回访制度"],
    "推诿扯皮": ["明确{biz}牵头股室,实行首问负责和一次性告知,建立联办机制",
                 "制定{biz}流程图,责任到股室到人"],
    "服务不规范": ["规范{biz}办事流程,上墙公示办事指南,落实AB岗和首问负责制",
                   "统一{biz}办事材料清单,公开承诺办结时限"],
}

HEARING_Q = {
    "态度生硬": "群众反映贵单位办理{biz}时态度生硬、门难进脸难看,请问如何整改?",
    "吃拿卡要": "有企业反映贵单位个别人员在{biz}中吃拿卡要,请问有何措施?",
    "办事拖拉": "{biz}耗时长、环节多,群众要跑多次,请问能否压缩时限?",
    "乱收费": "贵单位在{biz}中收取的部分费用没有依据,请问是否属实,如何处理?",
    "接受吃请": "群众反映贵单位执法人员接受管理对象吃请,请问如何杜绝?",
    "推诿扯皮": "{biz}涉及的股室之间相互推诿,请问谁来负责?",
    "服务不规范": "{biz}窗口经常无人在岗、告知不一次性,请问如何规范?",
}
HEARING_A = ("经调查情况基本属实,我们诚恳接受批评,将{fix},于{deadline}前整改到位,"
             "整改结果向县行评办报告并接受代表监督")
HEARING_A_NOFIX = "经核查,该问题系群众对政策的误解,已当场向代表作出解释,并将加强政策宣传"

COMMITMENT_TEXT = [
    "{biz}实行一次性告知,材料齐全的{n}个工作日内办结",
    "公开{biz}办事流程和收费标准,接受社会监督",
    "班子成员每季度走访联系企业不少于{n}家,帮助解决实际困难",
    "帮扶联系村{v}修建生产道路{n}公里",
    "为联系村{v}打机井{n}眼,解决群众灌溉难",
    "开通{biz}预约服务和周末延时服务",
    "设立意见箱和监督电话,群众投诉{n}日内答复",
    "全年为联系贫困户办实事不少于{n}件",
    "开展行风建设专题培训不少于{n}次,窗口人员全员轮训",
    "{biz}推行首问负责制和限时办结制,办结率达到100%",
]

ACTIVITY_TEXT = {
    "enterprise": ["走访{t},帮助协调解决{p}问题", "到{t}召开座谈会,征求意见{n}条,现场解决{m}条"],
    "village": ["对口帮扶{t},协调资金{n}万元用于{proj}", "驻{t}开展帮扶,落实{proj}项目"],
    "household": ["慰问{t},送去{g}", "帮助{t}联系就业和技术培训"],
    "visit": ["走访{t},面对面征求意见{n}条", "到{t}召开服务对象座谈会,收集意见建议{n}条"],
}
FIRM_PROBLEMS = ["用电增容", "流动资金贷款", "用工招聘", "产品检测", "原料运输", "土地手续"]
VILLAGE_PROJECTS = ["修建生产路", "打机井", "改造村室", "安装路灯", "修建文化广场", "改造危桥"]
GIFTS = ["米面油和慰问金", "棉被和慰问金", "化肥种子", "学习用品"]
HOUSEHOLDS = ["困难户", "五保户", "低保户", "残疾人家庭", "留守老人户"]

SURVEY_PERFUNCTORY = ["无意见", "满意", "都挺好", "没什么意见", "工作做得不错", "满意,无意见"]
SURVEY_OPINION = {
    "态度生硬": ["{dept}{biz}窗口个别人员说话冲,希望改进服务态度",
                 "群众说{dept}\"门好进了,脸还不好看\",建议加强文明服务"],
    "吃拿卡要": ["有群众私下反映{dept}办{biz}要托关系,不敢公开说",
                 "个别企业反映{dept}检查时有吃拿卡要现象,怕被穿小鞋不愿具名"],
    "办事拖拉": ["{biz}用时太长,建议{dept}压缩时限", "{dept}{biz}要跑好几趟,希望一次办好"],
    "乱收费": ["建议{dept}公开{biz}收费标准,有群众认为收费不明白",
               "{biz}收费项目多,群众有意见"],
    "接受吃请": ["反映{dept}下来检查时有在企业吃饭的情况",
                 "希望{dept}执法人员不要在管理对象处吃请"],
    "推诿扯皮": ["{biz}涉及几个股室,互相推,希望{dept}明确由谁负责",
                 "群众反映找{dept}办{biz}经常被推到别的部门"],
    "服务不规范": ["{dept}{biz}办事指南不清楚,建议一次性告知",
                   "{dept}窗口中午经常没人,建议实行轮岗"],
}
SURVEY_POSITIVE = ["{dept}{biz}比去年快了,群众认可", "{dept}上门服务多了,群众反映好",
                   "对{dept}总体满意,希望{biz}再简化些手续"]


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def derive(*parts) -> int:
    """A stable 64-bit seed from any labels (independent of PYTHONHASHSEED)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big")


def rng_for(*parts) -> random.Random:
    return random.Random(derive(*parts))


def rand_date(rng, start: dt.date, end: dt.date) -> dt.date:
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(span, 0)))


def clip(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def probs(s):
    """(p_satisfied, p_basic, p_dissatisfied) for latent quality s in [0, 1]."""
    s = clip(s, 0.0, 1.0)
    p_sat = 0.30 + 0.65 * s
    p_dis = 0.02 + 0.16 * (1.0 - s) ** 1.5
    return p_sat, 1.0 - p_sat - p_dis, p_dis


def thresholds(s, p_unknown):
    """Cumulative cut points for one uniform draw: unknown, satisfied, basic, rest dissatisfied."""
    p_sat, p_basic, _ = probs(s)
    valid = 1.0 - p_unknown
    return (p_unknown, p_unknown + valid * p_sat, p_unknown + valid * (p_sat + p_basic))


def draw_rating(r, t):
    if r < t[0]:
        return "unknown"
    if r < t[1]:
        return "satisfied"
    if r < t[2]:
        return "basic"
    return "dissatisfied"


def weighted_pick(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def fmt(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def r1(x: float) -> str:
    return "%.1f" % x


def write_csv(folder, name, rows):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADERS[name])
        w.writerows(rows)


# --------------------------------------------------------------------------
# the county model
# --------------------------------------------------------------------------

class County:
    def __init__(self, cseed: int, region: str, county_name: str):
        self.cseed = cseed
        self.region = region
        self.county_name = county_name
        rng = rng_for(cseed, "roster")
        self.depts = []  # dicts
        used_tel = set()
        for i, (name, cat, kind, biz, exempt) in enumerate(ROSTER, 1):
            while True:
                tel = "0371-6%06d" % rng.randint(0, 999999)
                if tel not in used_tel:
                    used_tel.add(tel)
                    break
            self.depts.append({
                "id": "D%02d" % i, "name": name, "category": cat, "kind": kind, "biz": biz,
                "exempt": exempt, "hotline": tel, "cat_index": SECTORS.index(cat),
                # latent conduct quality; persistent across years with drift
                "s0": clip(rng.betavariate(2.6, 1.7), 0.02, 0.98),
            })
        self.part = [d for d in self.depts if not d["exempt"]]
        # representatives: same roll every year
        sectors = [s for s, n in REP_SECTORS for _ in range(n)]
        rng.shuffle(sectors)
        self.reps = [{"id": "R%03d" % (i + 1), "sector": s,
                      "lenient": rng.gauss(0.03, 0.06),
                      "train_u": rng.random()}
                     for i, s in enumerate(sectors)]
        # design rotations: different subjects each year
        order = list(self.part)
        rng.shuffle(order)
        self.design_order = order
        low = sorted(self.part, key=lambda d: (d["s0"], d["id"]))
        self.canvass_order = low[: len(low) // 2]
        rng.shuffle(self.canvass_order)
        rep_order = sorted(self.reps, key=lambda r: (-r["train_u"], r["id"]))
        self.straight_order = rep_order[:20]  # least likely to be trained first
        rng.shuffle(self.straight_order)

    # ---------------------------------------------------------------- year
    def year_state(self, year, first_year):
        """Per-year quality and designed subjects (cheap; no ratings drawn)."""
        i = year - first_year
        rng = rng_for(self.cseed, "design", year)
        s = {}
        for d in self.part:
            s[d["id"]] = clip(d["s0"] + rng.gauss(0.01 * i, 0.05), 0.0, 1.0)
        n = len(self.part)
        canvassed = self.canvass_order[i % len(self.canvass_order)]["id"]
        missing = None
        for k in range(n):
            cand = self.design_order[(2 * i + k) % n]["id"]
            if cand != canvassed:
                missing = cand
                break
        s[canvassed] = min(s[canvassed], 0.1)
        n_straight = 4 if i % 2 == 0 else 3
        straight = [r["id"] for r in self.straight_order[(i * 4) % 16:(i * 4) % 16 + n_straight]]
        # representatives trained: training improves year on year (seed 7④)
        trained_rate = clip(0.86 + 0.05 * i, 0.0, 0.97)
        trained = {r["id"]: (r["train_u"] < trained_rate) for r in self.reps}
        for rid in straight:
            trained[rid] = False
        # odd years: one representative who knew few departments (9 valid votes, all
        # satisfied): below the 10-vote floor, so not a straight-liner
        sparse = self.straight_order[19]["id"] if i % 2 == 1 else None
        return {"year": year, "index": i, "s": s, "canvassed": canvassed, "missing": missing,
                "straight": straight, "trained": trained, "sparse": sparse}

    # --------------------------------------------------------------- ledger
    def ledger(self, st, verified_before, prev_verified):
        """Complaints, surveys, hearings, rectifications for one year.

        verified_before: dept id -> set of categories verified in earlier years.
        prev_verified: sorted list of (dept, category) verified last year.
        Non-designed substantiated complaints and rectification items avoid
        earlier verified categories of their department, so the only relapses
        are the designed ones.
        """
        year = st["year"]
        rng = rng_for(self.cseed, "ledger", year)
        s = st["s"]
        jan1, as_of = dt.date(year, 1, 1), dt.date(year, 12, 31)
        part_ids = [d["id"] for d in self.part]
        by_id = {d["id"]: d for d in self.depts}
        reps = self.reps

        # designed relapses: 3 last-year verified pairs in distinct departments,
        # plus one decoy (an unsubstantiated complaint of a verified category).
        relapse, decoy = [], None
        if prev_verified:
            pool = list(prev_verified)
            rng.shuffle(pool)
            seen = set()
            for dpt, cat in pool:
                if dpt in seen or dpt == st["canvassed"]:
                    continue
                if len(relapse) < 3:
                    relapse.append((dpt, cat))
                    seen.add(dpt)
                elif decoy is None:
                    decoy = (dpt, cat)
                    seen.add(dpt)
                    break

        def free_categories(dpt, allow=None):
            bad = verified_before.get(dpt, set())
            cats = [c for c in ISSUE_CATEGORIES if c not in bad or c == allow]
            return cats

        def pick_category(dpt):
            cats = free_categories(dpt)
            if not cats:  # long histories: every category used; accept a relapse
                cats = list(ISSUE_CATEGORIES)
            w = CATEGORY_WEIGHTS[by_id[dpt]["category"]]
            return weighted_pick(rng, cats, [w[ISSUE_CATEGORIES.index(c)] for c in cats])

        def pick_dept(lowq=1.0):
            w = [KIND_EXPOSURE[by_id[x]["kind"]] * (1.25 - s[x]) ** lowq for x in part_ids]
            return weighted_pick(rng, part_ids, w)

        def text(table, cat, dpt, **kw):
            d = by_id[dpt]
            return rng.choice(table[cat]).format(dept=d["name"], biz=d["biz"], **kw)

        # ---- complaints
        complaints = []  # dicts
        n_compl = rng.randint(94, 106)
        for k in range(n_compl):
            dpt = pick_dept(1.5)
            cat = pick_category(dpt)
            sub = rng.random() < 0.40 + 0.35 * (1 - s[dpt])
            complaints.append({"dept": dpt, "cat": cat, "sub": sub})
        # designed relapse via substantiated complaints (first two pairs)
        for dpt, cat in relapse[:2]:
            complaints.append({"dept": dpt, "cat": cat, "sub": True, "designed": "relapse"})
        if decoy:
            complaints.append({"dept": decoy[0], "cat": decoy[1], "sub": False, "designed": "decoy"})
        for c in complaints:
            c["received"] = rand_date(rng, jan1 + dt.timedelta(days=4), dt.date(year, 12, 20))
            c["channel"] = weighted_pick(rng, CHANNELS, (45, 15, 20, 20))
            c["due"] = c["received"] + dt.timedelta(days=30) if c["channel"] == "city_referral" else None
            late = (as_of - c["received"]).days < 25
            if rng.random() < (0.5 if late else 0.04):
                c["closed"] = None
            else:
                c["closed"] = min(as_of, c["received"] + dt.timedelta(days=rng.randint(3, 40)))
            if c["channel"] == "city_referral" and c["closed"] and rng.random() < 0.8:
                c["closed"] = min(c["closed"], c["due"])  # the city wants its result on time
            c["summary"] = text(COMPLAINT_TEXT, c["cat"], c["dept"])
        complaints.sort(key=lambda c: (c["received"], c["dept"]))
        for k, c in enumerate(complaints, 1):
            c["id"] = "C%d%03d" % (year, k)

        # ---- surveys (社情民意大调查, April to July)
        surveys = []
        for r in reps:
            nvis = rng.choice((1, 2, 2, 3, 3, 4))
            for _ in range(nvis):
                kind = SECTOR_SITE.get(r["sector"]) if rng.random() < 0.7 else None
                kind = kind or weighted_pick(rng, SITE_KINDS, (25, 30, 15, 20, 10))
                site = {"enterprise": firm, "village": village, "school": school,
                        "shop": shop}.get(kind, lambda g: g.choice(COMMUNITIES))(rng)
                dpt = pick_dept(0.5)
                trained = st["trained"][r["id"]]
                perf_p = (0.30 if trained else 0.65) - 0.05 * st["index"]
                u = rng.random()
                if u < perf_p:
                    opinion, cat = rng.choice(SURVEY_PERFUNCTORY), None
                elif u < perf_p + 0.18:
                    opinion, cat = text({"x": SURVEY_POSITIVE}, "x", dpt), None
                else:
                    cat = pick_category(dpt)
                    opinion = text(SURVEY_OPINION, cat, dpt)
                surveys.append({"rep": r["id"], "kind": kind, "site": site, "dept": dpt,
                                "date": rand_date(rng, dt.date(year, 4, 1), dt.date(year, 7, 20)),
                                "opinion": opinion, "cat": cat})
        surveys.sort(key=lambda v: (v["date"], v["rep"]))
        for k, v in enumerate(surveys, 1):
            v["id"] = "S%d%04d" % (year, k)

        # ---- hearings (听证质询, August and September sessions)
        sessions = [dt.date(year, 8, 8) + dt.timedelta(days=7 * k) for k in range(6)]
        n_hear = rng.randint(38, 42)
        hear_depts = sorted(part_ids, key=lambda x: (s[x] + rng.random() * 0.6, x))[:n_hear - 2]
        hear_depts += [pick_dept() for _ in range(2)]
        hearings = []
        for dpt in hear_depts:
            hearings.append({"dept": dpt, "cat": pick_category(dpt), "fix": rng.random() > 0.08})
        if len(relapse) >= 3:  # third designed relapse: a rectification item from a hearing
            hearings.append({"dept": relapse[2][0], "cat": relapse[2][1], "fix": True,
                             "designed": "relapse"})
        for h in hearings:
            h["date"] = rng.choice(sessions)
        hearings.sort(key=lambda h: (h["date"], h["dept"]))
        for k, h in enumerate(hearings, 1):
            h["id"] = "H%d%03d" % (year, k)

        # ---- rectification items
        items = []
        for h in hearings:
            if h["fix"]:
                items.append({"dept": h["dept"], "cat": h["cat"], "source": "hearing",
                              "ref": h, "created": h["date"],
                              "deadline": h["date"] + dt.timedelta(days=rng.choice((45, 60, 90, 120, 150)))})
        for c in complaints:
            if c["sub"] and rng.random() < 0.8:
                items.append({"dept": c["dept"], "cat": c["cat"], "source": "complaint", "ref": c,
                              "created": c["received"] + dt.timedelta(days=rng.randint(2, 10)),
                              "deadline": c["received"] + dt.timedelta(days=rng.choice((20, 30, 45, 60)))})
        cand = [v for v in surveys if v["cat"]]
        rng.shuffle(cand)
        for v in sorted(cand[: rng.randint(32, 40)], key=lambda v: v["id"]):
            items.append({"dept": v["dept"], "cat": v["cat"], "source": "survey", "ref": v,
                          "created": v["date"] + dt.timedelta(days=rng.randint(7, 25)),
                          "deadline": v["date"] + dt.timedelta(days=rng.choice((60, 90, 120)))})
        for it in items:
            overdue_window = it["deadline"] < as_of
            if overdue_window:
                it["status"] = weighted_pick(rng, RECT_STATUS, (7, 9, 22, 62))
            else:
                it["status"] = weighted_pick(rng, RECT_STATUS, (15, 50, 25, 10))
            if it["status"] in ("rectified", "verified"):
                lo = it["created"] + dt.timedelta(days=5)
                hi = min(it["deadline"] + dt.timedelta(days=15), as_of)
                it["closed"] = rand_date(rng, min(lo, hi), hi) if lo <= as_of else as_of
                it["closed"] = max(it["closed"], it["created"])
            else:
                it["closed"] = None
            it["desc"] = text(RECTIFY_TEXT, it["cat"], it["dept"], n=rng.choice((3, 5, 7)))
        items.sort(key=lambda it: (it["created"], it["dept"], it["source"]))
        for k, it in enumerate(items, 1):
            it["id"] = "Z%d%03d" % (year, k)
            if it["source"] == "hearing":
                it["ref"]["rect"] = it

        verified_now = sorted({(it["dept"], it["cat"]) for it in items if it["status"] == "verified"})
        return {"complaints": complaints, "surveys": surveys, "hearings": hearings, "items": items,
                "relapse": relapse, "decoy": decoy, "verified": verified_now}

    # -------------------------------------------------------------- ratings
    def ratings(self, st, n_responses):
        year = st["year"]
        rng = rng_for(self.cseed, "ratings", year)
        s = st["s"]
        canv = st["canvassed"]
        straight = st["straight"]
        ballots = []
        for r in self.reps:
            rid = r["id"]
            if rid in straight:
                k = straight.index(rid)
                val = "basic" if k == 1 else "satisfied"
                for j, d in enumerate(self.part):
                    # the first straight-liner left two departments unknown:
                    # straight-lining is judged on valid votes only
                    rating = "unknown" if (k == 0 and j in (5, 30)) else val
                    ballots.append((rid, d["id"], rating))
                continue
            if rid == st["sparse"]:
                known = set(rng.sample(range(len(self.part)), 9))
                for j, d in enumerate(self.part):
                    ballots.append((rid, d["id"], "satisfied" if j in known else "unknown"))
                continue
            canvassed_rep = rng.random() < 0.85
            mine = []
            for d in self.part:
                did = d["id"]
                sd = s[did] + r["lenient"]
                if did == canv and canvassed_rep:
                    sd = 0.97
                t = thresholds(sd, KIND_UNKNOWN[d["kind"]])
                mine.append([rid, did, draw_rating(rng.random(), t)])
            valid = [m for m in mine if m[2] != "unknown"]
            if len(valid) >= 10 and len({m[2] for m in valid}) == 1:
                m = rng.choice(valid)  # accidental straight line: break it
                m[2] = "basic" if m[2] != "basic" else "satisfied"
            ballots.extend(tuple(m) for m in mine)
        rng.shuffle(ballots)

        # questionnaires
        gnames = [g[0] for g in GROUPS]
        gshare = [g[1] for g in GROUPS]
        part_ids = [d["id"] for d in self.part]
        cum, thr = {}, {}
        for gname, _, aff, harsh in GROUPS:
            acc, c = 0.0, []
            for d in self.part:
                acc += aff[d["cat_index"]] * KIND_EXPOSURE[d["kind"]]
                c.append(acc)
            cum[gname] = c
            for d in self.part:
                sq = s[d["id"]] - 0.07 + harsh[d["cat_index"]]
                thr[gname, d["id"]] = thresholds(sq, 0.03)
        answers = []
        choices = rng.choices
        rnd = rng.random
        for q in range(1, n_responses + 1):
            rid = "Q%05d" % q
            g = choices(gnames, gshare)[0]
            k = 8 + min(12, int(rng.expovariate(0.28)))
            picked = []
            seen = set()
            cw = cum[g]
            while len(picked) < k:
                for did in choices(part_ids, cum_weights=cw, k=k - len(picked)):
                    if did not in seen:
                        seen.add(did)
                        picked.append(did)
            for did in picked:
                answers.append((rid, g, did, draw_rating(rnd(), thr[g, did])))
        self._tame_divergence(rng, ballots, answers, canv, thr)
        return ballots, answers

    @staticmethod
    def _tame_divergence(rng, ballots, answers, canv, thr, cap=8.0):
        """Keep the canvassed department the only divergence by design.

        Sampling noise alone can push a department's ballot-public gap B - Q
        past 10 in about one cycle in twenty; redraw the public answers of such
        a department (same respondents, fresh draws) until its gap is at most
        `cap`. Deterministic, and it only trims the far tail.
        """
        def mean_by(rows, di, ri):
            acc = {}
            for row in rows:
                p = POINTS.get(row[ri])
                if p is not None:
                    a = acc.setdefault(row[di], [0.0, 0])
                    a[0] += p
                    a[1] += 1
            return {k: v[0] / v[1] for k, v in acc.items() if v[1]}
        B = mean_by(ballots, 1, 2)
        Q = mean_by(answers, 2, 3)
        for did in sorted(B):
            if did == canv or did not in Q or B[did] - Q[did] <= cap:
                continue
            idx = [i for i, a in enumerate(answers) if a[2] == did]
            for _ in range(50):
                for i in idx:
                    rid, g, _d, _r = answers[i]
                    answers[i] = (rid, g, did, draw_rating(rng.random(), thr[g, did]))
                q = mean_by([answers[i] for i in idx], 2, 3).get(did, 0.0)
                if B[did] - q <= cap:
                    break

    # -------------------------------------------------------------- write
    def write_year(self, folder, st, led, n_responses):
        year = st["year"]
        rng = rng_for(self.cseed, "texts", year)
        as_of = dt.date(year, 12, 31)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "cycle.toml"), "w", encoding="utf-8", newline="\n") as f:
            f.write('year = %d\nregion = "%s"\nname = "%s%d年度民主评议行风"\nas_of = "%s"\n'
                    % (year, self.region, self.county_name, year, as_of.isoformat()))

        write_csv(folder, "departments.csv", [
            (d["id"], d["name"], d["category"], "exempt" if d["exempt"] else "participating",
             d["exempt"] or "", d["hotline"]) for d in self.depts])
        write_csv(folder, "representatives.csv", [
            (r["id"], r["sector"], "true" if st["trained"][r["id"]] else "false") for r in self.reps])

        ballots, answers = self.ratings(st, n_responses)
        write_csv(folder, "ballots.csv", ballots)
        write_csv(folder, "questionnaires.csv", answers)

        # daily work: one score per participating department but the designed missing one
        wrng = rng_for(self.cseed, "daily", year)
        daily = {}
        for d in self.part:
            w = clip(60 + 38 * st["s"][d["id"]] + wrng.gauss(0, 3), 60.0, 98.0)
            daily[d["id"]] = round(w, 1)
        rows = [(did, r1(w)) for did, w in daily.items() if did != st["missing"]]
        write_csv(folder, "daily_work.csv", rows)
        daily.pop(st["missing"])

        c = led["complaints"]
        write_csv(folder, "complaints.csv", [
            (x["id"], x["dept"], fmt(x["received"]), x["channel"], x["cat"],
             "true" if x["sub"] else "false", fmt(x["due"]), fmt(x["closed"]), x["summary"])
            for x in c])
        write_csv(folder, "rectifications.csv", [
            (it["id"], it["dept"], it["source"], it["ref"]["id"], it["cat"], it["desc"],
             fmt(it["deadline"]), it["status"], fmt(it["closed"])) for it in led["items"]])
        write_csv(folder, "hearings.csv", [
            (h["id"], h["dept"], fmt(h["date"]), HEARING_Q[h["cat"]].format(biz=self._biz(h["dept"])),
             (HEARING_A.format(fix=self._fix(rng, h["rect"]), deadline=self._cn_date(h["rect"]["deadline"]))
              if h.get("rect") else HEARING_A_NOFIX),
             h["rect"]["id"] if h.get("rect") else "") for h in led["hearings"]])

        # commitments: 3-5 per department, participating and exempt alike (seed §3:
        # 47 participating and 6 exempt departments all committed on county TV)
        rows, k = [], 0
        for d in self.depts:
            texts = rng.sample(COMMITMENT_TEXT, rng.randint(3, 5))
            pub = rand_date(rng, dt.date(year, 5, 15), dt.date(year, 6, 1))
            for t in texts:
                k += 1
                due = rng.choice((dt.date(year, 9, 30), dt.date(year, 11, 30), as_of, as_of))
                fulfilled = rng.random() < (0.9 - (0.3 * (1 - st["s"].get(d["id"], 0.8))))
                rows.append(("P%d%04d" % (year, k), d["id"],
                             t.format(biz=d["biz"], n=rng.choice((2, 3, 5, 10)), v=village(rng)),
                             fmt(pub), "县电视台", fmt(due),
                             "fulfilled" if fulfilled else "in_progress"))
        write_csv(folder, "commitments.csv", rows)

        # activities: 三联系一走访 by every participating department
        rows, k = [], 0
        acts = []
        for d in self.part:
            n = rng.randint(3, 6)
            for _ in range(n):
                if d["kind"] in ("unit", "window"):
                    kind = weighted_pick(rng, ACTIVITY_KINDS, (1, 1, 1, 5))
                elif d["kind"] == "utility":
                    kind = weighted_pick(rng, ACTIVITY_KINDS, (3, 1, 1, 3))
                else:
                    kind = weighted_pick(rng, ACTIVITY_KINDS, (3, 3, 2, 1))
                if kind == "enterprise":
                    target = firm(rng)
                elif kind == "village":
                    target = village(rng)
                elif kind == "household":
                    target = village(rng) + rng.choice(HOUSEHOLDS) + "%d户" % rng.randint(2, 12)
                else:
                    target = rng.choice(COMMUNITIES + ["辖区重点服务对象", "辖区个体工商户",
                                                        "辖区重点企业"])
                summary = rng.choice(ACTIVITY_TEXT[kind]).format(
                    t=target, p=rng.choice(FIRM_PROBLEMS), n=rng.randint(3, 30),
                    m=rng.randint(1, 3), proj=rng.choice(VILLAGE_PROJECTS), g=rng.choice(GIFTS))
                acts.append((rand_date(rng, dt.date(year, 4, 1), dt.date(year, 11, 30)),
                             d["id"], kind, target, summary))
        acts.sort(key=lambda a: (a[0], a[1]))
        for k, (date, did, kind, target, summary) in enumerate(acts, 1):
            rows.append(("A%d%04d" % (year, k), did, kind, target, fmt(date), summary))
        write_csv(folder, "activities.csv", rows)

        write_csv(folder, "surveys.csv", [
            (v["id"], v["rep"], v["kind"], v["site"], fmt(v["date"]), v["dept"], v["opinion"])
            for v in led["surveys"]])

        # self-assessment from the composite the department will actually get
        comp = composites(ballots, answers, daily, led, self.part, as_of,
                          relapse_pairs=set(led["relapse"]))
        srng = rng_for(self.cseed, "self", year)
        cands = sorted((did for did in comp if comp[did] < 84.0),
                       key=lambda did: (comp[did], did))
        cands = cands[: max(8, len(cands) // 2)]
        n_over = 5 if st["index"] % 2 == 0 else 4
        over = set(srng.sample(cands, min(n_over, len(cands))))
        rows = []
        for d in self.part:
            did = d["id"]
            if did in over:
                e = comp[did] + srng.uniform(11.5, 18.0)
            else:
                e = comp[did] + srng.uniform(-4.0, 8.0)
            rows.append((did, r1(clip(e, 0.0, 100.0))))
        write_csv(folder, "self_assessment.csv", rows)
        return {"ballots": len(ballots), "answers": len(answers),
                "design": {"canvassed": st["canvassed"], "missing": st["missing"],
                           "straight": list(st["straight"]), "sparse": st["sparse"], "overestimate": sorted(over),
                           "relapse": led["relapse"], "decoy": led["decoy"]}}

    def _biz(self, did):
        return next(d["biz"] for d in self.depts if d["id"] == did)

    @staticmethod
    def _fix(rng, item):
        return item["desc"].split(",")[0]

    @staticmethod
    def _cn_date(d):
        return "%d年%d月%d日" % (d.year, d.month, d.day)


def composites(ballots, answers, daily, led, part, as_of, relapse_pairs):
    """Composite per section 3 from in-memory data (used for self-assessment)."""
    def means(rows, di, ri):
        acc = {}
        for row in rows:
            p = POINTS.get(row[ri])
            if p is not None:
                a = acc.setdefault(row[di], [0.0, 0])
                a[0] += p
                a[1] += 1
        return {k: v[0] / v[1] for k, v in acc.items() if v[1]}
    B = means(ballots, 1, 2)
    Q = means(answers, 2, 3)
    C, O = {}, {}
    for c in led["complaints"]:
        if c["sub"]:
            C[c["dept"]] = C.get(c["dept"], 0) + 1
    for it in led["items"]:
        if it["deadline"] < as_of and it["status"] in ("open", "in_progress"):
            O[it["dept"]] = O.get(it["dept"], 0) + 1
    R = {}
    for dpt, _cat in relapse_pairs:
        R[dpt] = R.get(dpt, 0) + 1
    out = {}
    for d in part:
        did = d["id"]
        comps = {"B": B.get(did), "Q": Q.get(did), "W": daily.get(did)}
        out[did] = default_composite(comps, C.get(did, 0), O.get(did, 0), R.get(did, 0))
    return out


def default_composite(comps, complaints, overdue, relapses):
    """Section 3 of review-cycle.md: the weighted mean of the components that have data
    (B, Q, W; None = no data), less D = min(10, 2C + O + 2R), clipped to [0, 100]."""
    return combine(comps, min(10, 2 * complaints + overdue + 2 * relapses))


def combine(comps, deduction):
    wsum = sum(WEIGHTS[k] for k, v in comps.items() if v is not None)
    if wsum == 0:
        return 0.0
    val = sum(WEIGHTS[k] * v for k, v in comps.items() if v is not None) / wsum
    return clip(val - deduction, 0.0, 100.0)


# --------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------

def generate_county(cseed, region, county_name, years, out_for_year, n_responses):
    county = County(cseed, region, county_name)
    first = min(min(years), HISTORY_START)
    verified_before: dict[str, set] = {}
    prev_verified = []
    stats = {}
    for year in range(first, max(years) + 1):
        st = county.year_state(year, first)
        led = county.ledger(st, verified_before, prev_verified)
        if year in years:
            stats[year] = county.write_year(out_for_year(year), st, led, n_responses)
        for dpt, cat in led["verified"]:
            verified_before.setdefault(dpt, set()).add(cat)
        prev_verified = led["verified"]
    return stats


def _county_job(args):
    seed, index, years, out, single, n_responses = args
    folder = out if single else os.path.join(out, "county-%03d" % index)
    stats = generate_county(derive(seed, "county", index), "sample-county-%03d" % index,
                            "样本%03d县" % index, years,
                            lambda y: os.path.join(folder, str(y)), n_responses)
    return index, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2017, help="master seed (default 2017)")
    ap.add_argument("--counties", type=int, default=None,
                    help="write N generated counties (sample-county-NNN) instead of the sample")
    ap.add_argument("--out", default=None, help="output folder (default: data/sample next to this script)")
    ap.add_argument("--years", default=None, help="comma-separated years (default 2016,2017)")
    ap.add_argument("--responses", type=int, default=2000,
                    help="questionnaire responses per county and year (default 2000)")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes for --counties")
    ap.add_argument("--check", metavar="DIR", default=None,
                    help="verify the invariants of every cycle folder under DIR and print flags")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    if a.check:
        return check_tree(a.check, verbose=not a.quiet)

    years = tuple(sorted({int(y) for y in a.years.split(",")})) if a.years else SAMPLE_YEARS
    t0 = time.perf_counter()
    if a.counties is None:
        out = a.out or SAMPLE_DIR
        stats = generate_county(derive(a.seed, "seed-county"), "seed-county", "XX县", years,
                                lambda y: os.path.join(out, str(y)), a.responses)
        total = sum(s["ballots"] + s["answers"] for s in stats.values())
        problems = verify_design(out, stats)
        for p in problems:
            print("DESIGN " + p, file=sys.stderr)
        if not a.quiet:
            for y, s in sorted(stats.items()):
                print("%d: %d ballots, %d questionnaire answers; design %s"
                      % (y, s["ballots"], s["answers"], s["design"]))
            print("ratings: %d in %.2fs; design %s" % (total, time.perf_counter() - t0,
                                                       "verified" if not problems else "MISMATCH"))
        return 1 if problems else 0
    if a.counties < 1 or not a.out:
        ap.error("--counties needs N >= 1 and --out DIR")
    jobs = [(a.seed, i, years, a.out, a.counties == 1, a.responses)
            for i in range(1, a.counties + 1)]
    nproc = a.jobs or min(os.cpu_count() or 1, a.counties)
    total = 0
    if nproc > 1:
        import multiprocessing as mp
        with mp.Pool(nproc) as pool:
            for _i, stats in pool.imap_unordered(_county_job, jobs, chunksize=1):
                total += sum(s["ballots"] + s["answers"] for s in stats.values())
    else:
        for job in jobs:
            _i, stats = _county_job(job)
            total += sum(s["ballots"] + s["answers"] for s in stats.values())
    if not a.quiet:
        print("%d counties x %d years: %d ratings (ballots + questionnaire answers) in %.2fs"
              % (a.counties, len(years), total, time.perf_counter() - t0))
    return 0


# --------------------------------------------------------------------------
# --check: invariants of a folder tree, and the default-profile flags
# --------------------------------------------------------------------------

def read_toml(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, val = line.partition("=")
            val = val.strip()
            if val.startswith('"') and val.endswith('"'):
                val = val[1:-1]
            out[key.strip()] = val
    return out


class Problems:
    def __init__(self, where):
        self.where = where
        self.items = []

    def add(self, fname, line, msg):
        self.items.append("%s/%s:%s: %s" % (self.where, fname, line, msg))


def load_cycle(folder, pr):
    cfg = read_toml(os.path.join(folder, "cycle.toml"))
    for key in ("year", "region", "name", "as_of"):
        if key not in cfg:
            pr.add("cycle.toml", 0, "missing key %s" % key)
    data = {"cfg": cfg}
    for name, header in HEADERS.items():
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            pr.add(name, 0, "missing file")
            data[name] = []
            continue
        raw = open(path, "rb").read()
        if raw.startswith(b"\xef\xbb\xbf"):
            pr.add(name, 1, "BOM present")
        if b"\r" in raw:
            pr.add(name, 1, "CR in line endings")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        if not rows or rows[0] != header:
            pr.add(name, 1, "header %r != %r" % (rows[0] if rows else None, header))
        recs = []
        for n, row in enumerate(rows[1:], 2):
            if len(row) != len(header):
                pr.add(name, n, "expected %d fields, got %d" % (len(header), len(row)))
                continue
            recs.append((n, dict(zip(header, row))))
        data[name] = recs
    return data


def parse_date(s):
    try:
        return dt.date.fromisoformat(s) if len(s) == 10 else None
    except ValueError:
        return None


def check_cycle(folder, data, pr):
    """Hard invariants of the generated data (a superset of the contract's errors)."""
    cfg = data["cfg"]
    year = int(cfg.get("year", "0") or 0)
    as_of = parse_date(cfg.get("as_of", ""))
    if as_of is None:
        pr.add("cycle.toml", 0, "as_of is not a date")

    def unique_ids(fname, col="id"):
        seen = set()
        for n, r in data[fname]:
            if r[col] in seen:
                pr.add(fname, n, "%s used twice (%s)" % (col, r[col]))
            seen.add(r[col])
        return seen

    def enum(fname, n, col, value, allowed):
        if value not in allowed:
            pr.add(fname, n, "%s not in %s (%s)" % (col, allowed, value))

    def date(fname, n, col, value, optional=False):
        if value == "" and optional:
            return None
        d = parse_date(value)
        if d is None:
            pr.add(fname, n, "%s is not a date (%s)" % (col, value))
        return d

    depts = {r["id"]: r for _, r in data["departments.csv"]}
    unique_ids("departments.csv")
    for n, r in data["departments.csv"]:
        enum("departments.csv", n, "status", r["status"], ("participating", "exempt"))
        enum("departments.csv", n, "category", r["category"], SECTORS)
        if (r["status"] == "exempt") != bool(r["exempt_reason"]):
            pr.add("departments.csv", n, "exempt_reason must be filled exactly for exempt")
    part = {k for k, r in depts.items() if r["status"] == "participating"}
    reps = unique_ids("representatives.csv")
    for n, r in data["representatives.csv"]:
        enum("representatives.csv", n, "trained", r["trained"], ("true", "false"))

    def dept_ref(fname, n, value, scored=False):
        if value not in depts:
            pr.add(fname, n, "unknown department (%s)" % value)
        elif scored and value not in part:
            pr.add(fname, n, "exempt department scored (%s)" % value)

    seen = set()
    for n, r in data["ballots.csv"]:
        dept_ref("ballots.csv", n, r["department_id"], True)
        if r["representative_id"] not in reps:
            pr.add("ballots.csv", n, "unknown representative (%s)" % r["representative_id"])
        enum("ballots.csv", n, "rating", r["rating"], RATINGS)
        key = (r["representative_id"], r["department_id"])
        if key in seen:
            pr.add("ballots.csv", n, "second ballot %s" % (key,))
        seen.add(key)
    if len(seen) != len(reps) * len(part):
        pr.add("ballots.csv", 0, "expected every representative to vote on every participating "
               "department: %d pairs, %d expected" % (len(seen), len(reps) * len(part)))
    seen, per_response = set(), {}
    for n, r in data["questionnaires.csv"]:
        per_response[r["response_id"]] = per_response.get(r["response_id"], 0) + 1
        dept_ref("questionnaires.csv", n, r["department_id"], True)
        enum("questionnaires.csv", n, "rating", r["rating"], RATINGS)
        key = (r["response_id"], r["department_id"])
        if key in seen:
            pr.add("questionnaires.csv", n, "second answer %s" % (key,))
        seen.add(key)
    odd = sorted(k for k, v in per_response.items() if not 8 <= v <= 20)
    if odd:
        pr.add("questionnaires.csv", 0, "responses rating outside 8-20 departments: %s" % odd[:5])
    for fname, col in (("daily_work.csv", "score"), ("self_assessment.csv", "expected_score")):
        got = set()
        for n, r in data[fname]:
            dept_ref(fname, n, r["department_id"], True)
            if r["department_id"] in got:
                pr.add(fname, n, "department twice (%s)" % r["department_id"])
            got.add(r["department_id"])
            try:
                v = float(r[col])
                if not 0 <= v <= 100:
                    raise ValueError
            except ValueError:
                pr.add(fname, n, "%s outside 0-100 (%s)" % (col, r[col]))

    complaints = {r["id"]: r for _, r in data["complaints.csv"]}
    unique_ids("complaints.csv")
    for n, r in data["complaints.csv"]:
        dept_ref("complaints.csv", n, r["department_id"])
        enum("complaints.csv", n, "channel", r["channel"], CHANNELS)
        enum("complaints.csv", n, "category", r["category"], ISSUE_CATEGORIES)
        enum("complaints.csv", n, "substantiated", r["substantiated"], ("true", "false"))
        rec = date("complaints.csv", n, "received_on", r["received_on"])
        due = date("complaints.csv", n, "due_on", r["due_on"], True)
        closed = date("complaints.csv", n, "closed_on", r["closed_on"], True)
        if r["channel"] == "city_referral" and not due:
            pr.add("complaints.csv", n, "city_referral without due_on")
        if rec and closed and closed < rec:
            pr.add("complaints.csv", n, "closed before received")
    hearings = {r["id"]: r for _, r in data["hearings.csv"]}
    surveys = {r["id"]: r for _, r in data["surveys.csv"]}
    rects = {r["id"]: r for _, r in data["rectifications.csv"]}
    unique_ids("rectifications.csv")
    ref_tables = {"hearing": hearings, "complaint": complaints, "survey": surveys}
    for n, r in data["rectifications.csv"]:
        dept_ref("rectifications.csv", n, r["department_id"])
        enum("rectifications.csv", n, "source", r["source"], SOURCES)
        enum("rectifications.csv", n, "category", r["category"], ISSUE_CATEGORIES)
        enum("rectifications.csv", n, "status", r["status"], RECT_STATUS)
        date("rectifications.csv", n, "deadline", r["deadline"])
        closed = date("rectifications.csv", n, "closed_on", r["closed_on"], True)
        if (r["status"] in ("rectified", "verified")) != bool(closed):
            pr.add("rectifications.csv", n, "closed_on must be set exactly when rectified/verified")
        if closed and as_of and closed > as_of:
            pr.add("rectifications.csv", n, "closed after as_of")
        src = ref_tables.get(r["source"], {}).get(r["source_ref"])
        if src is None:
            pr.add("rectifications.csv", n, "source_ref not found (%s)" % r["source_ref"])
        elif src["department_id"] != r["department_id"]:
            pr.add("rectifications.csv", n, "source_ref of another department")
        if src is not None:
            origin = parse_date(src.get("received_on") or src.get("held_on") or src.get("visited_on") or "")
            dl = parse_date(r["deadline"])
            if origin and ((dl and dl < origin) or (closed and closed < origin)):
                pr.add("rectifications.csv", n, "deadline or closed_on before its source (%s)" % origin)
        if r["source"] == "complaint" and src is not None and src["substantiated"] != "true":
            pr.add("rectifications.csv", n, "rectification from an unsubstantiated complaint")
    unique_ids("hearings.csv")
    for n, r in data["hearings.csv"]:
        dept_ref("hearings.csv", n, r["department_id"])
        date("hearings.csv", n, "held_on", r["held_on"])
        if r["rectification_id"]:
            z = rects.get(r["rectification_id"])
            if z is None or z["source"] != "hearing" or z["source_ref"] != r["id"]:
                pr.add("hearings.csv", n, "rectification_id does not link back (%s)"
                       % r["rectification_id"])
    unique_ids("commitments.csv")
    for n, r in data["commitments.csv"]:
        dept_ref("commitments.csv", n, r["department_id"])
        pub = date("commitments.csv", n, "published_on", r["published_on"])
        date("commitments.csv", n, "due_on", r["due_on"])
        enum("commitments.csv", n, "status", r["status"], COMMITMENT_STATUS)
        if pub and not (dt.date(year, 5, 15) <= pub <= dt.date(year, 6, 1)):
            pr.add("commitments.csv", n, "published_on outside May 15 - June 1")
    unique_ids("activities.csv")
    for n, r in data["activities.csv"]:
        dept_ref("activities.csv", n, r["department_id"])
        enum("activities.csv", n, "kind", r["kind"], ACTIVITY_KINDS)
        date("activities.csv", n, "date", r["date"])
    unique_ids("surveys.csv")
    for n, r in data["surveys.csv"]:
        dept_ref("surveys.csv", n, r["department_id"])
        if r["representative_id"] not in reps:
            pr.add("surveys.csv", n, "unknown representative (%s)" % r["representative_id"])
        enum("surveys.csv", n, "site_kind", r["site_kind"], SITE_KINDS)
        date("surveys.csv", n, "visited_on", r["visited_on"])


def score_cycle(data, earlier_verified):
    """Scores and flags of the default profile (sections 3 and 4)."""
    cfg = data["cfg"]
    as_of = parse_date(cfg["as_of"])
    depts = [r for _, r in data["departments.csv"]]
    part = [r["id"] for r in depts if r["status"] == "participating"]

    def mean_points(fname):
        acc = {}
        for _, r in data[fname]:
            p = POINTS.get(r["rating"])
            if p is not None:
                a = acc.setdefault(r["department_id"], [0.0, 0])
                a[0] += p
                a[1] += 1
        return {k: v[0] / v[1] for k, v in acc.items()}, {k: v[1] for k, v in acc.items()}
    B, nB = mean_points("ballots.csv")
    Q, _ = mean_points("questionnaires.csv")
    W = {r["department_id"]: float(r["score"]) for _, r in data["daily_work.csv"]}
    C, O, cats_now = {}, {}, {}
    for _, r in data["complaints.csv"]:
        if r["substantiated"] == "true":
            C[r["department_id"]] = C.get(r["department_id"], 0) + 1
            cats_now.setdefault(r["department_id"], set()).add(r["category"])
    for _, r in data["rectifications.csv"]:
        cats_now.setdefault(r["department_id"], set()).add(r["category"])
        if parse_date(r["deadline"]) < as_of and r["status"] not in ("rectified", "verified"):
            O[r["department_id"]] = O.get(r["department_id"], 0) + 1
    R = {d: sorted(cats_now.get(d, set()) & earlier_verified.get(d, set())) for d in part}
    flags = []
    comp = {}
    for d in part:
        comps = {"B": B.get(d), "Q": Q.get(d), "W": W.get(d)}
        comp[d] = default_composite(comps, C.get(d, 0), O.get(d, 0), len(R[d]))
        if any(v is None for v in comps.values()):
            flags.append(("missing_component", d, ",".join(k for k, v in comps.items() if v is None)))
        if nB.get(d, 0) < 5:
            flags.append(("insufficient_ballots", d, str(nB.get(d, 0))))
        if O.get(d):
            flags.append(("overdue_rectification", d, str(O[d])))
        if R[d]:
            flags.append(("relapse", d, ",".join(R[d])))
    gaps = {d: B[d] - Q[d] for d in part if d in B and d in Q}
    if gaps:
        m = sum(gaps.values()) / len(gaps)
        sd = math.sqrt(sum((g - m) ** 2 for g in gaps.values()) / len(gaps))
        for d, g in gaps.items():
            z = (g - m) / sd if sd else 0.0
            if z > 2.0 and g > 10:
                flags.append(("ballot_public_divergence", d, "g=%.2f z=%.2f" % (g, z)))
    for _, r in data["self_assessment.csv"]:
        d = r["department_id"]
        gap = float(r["expected_score"]) - comp[d]
        if gap > 10:
            flags.append(("self_overestimate", d, "gap=%.2f" % gap))
    cat_of = {r["id"]: r["category"] for r in depts}
    for c in SECTORS:
        members = [d for d in part if cat_of[d] == c]
        if members:
            low = min(comp[d] for d in members)
            for d in members:
                if comp[d] == low:
                    flags.append(("last_place", d, c))
    per_rep = {}
    for _, r in data["ballots.csv"]:
        if r["rating"] != "unknown":
            per_rep.setdefault(r["representative_id"], []).append(r["rating"])
    for rep, rs in per_rep.items():
        if len(rs) >= 10 and len(set(rs)) == 1:
            flags.append(("straight_lining", rep, "%d x %s" % (len(rs), rs[0])))
    grades = {}
    for d in part:
        g = "excellent" if comp[d] >= 90 else "good" if comp[d] >= 80 else "fair" if comp[d] >= 70 else "poor"
        grades[g] = grades.get(g, 0) + 1
    return sorted(flags), comp, grades


def verify_design(out, stats):
    """Re-read what was written and compare the default-profile flags with the design."""
    problems, earlier = [], {}
    for year in sorted(stats):
        folder = os.path.join(out, str(year))
        pr = Problems(folder)
        data = load_cycle(folder, pr)
        check_cycle(folder, data, pr)
        problems += pr.items
        if pr.items:
            continue
        flags, _comp, _grades = score_cycle(data, earlier)
        got = {}
        for f, subj, _ in flags:
            got.setdefault(f, set()).add(subj)
        d = stats[year]["design"]
        want = {"ballot_public_divergence": {d["canvassed"]}, "missing_component": {d["missing"]},
                "straight_lining": set(d["straight"]), "self_overestimate": set(d["overestimate"])}
        if year - 1 in stats:
            want["relapse"] = {p[0] for p in d["relapse"]}
        # A long history can leave a department no category it was never verified for;
        # the generator then accepts a relapse there (pick_category), beyond the design.
        exhausted = {dpt for dpt, cats in earlier.items() if set(ISSUE_CATEGORIES) <= cats}
        if "relapse" in want:
            want["relapse"] |= got.get("relapse", set()) & exhausted
        for f, subjects in want.items():
            if got.get(f, set()) != subjects:
                problems.append("%d %s: flagged %s, designed %s"
                                % (year, f, sorted(got.get(f, set())), sorted(subjects)))
        for _, r in data["rectifications.csv"]:
            if r["status"] == "verified":
                earlier.setdefault(r["department_id"], set()).add(r["category"])
    return problems


def find_cycles(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "cycle.toml" in filenames:
            out.append(dirpath)
    return out


def check_tree(root, verbose=True):
    cycles = find_cycles(root)
    if not cycles:
        print("no cycle.toml under %s" % root, file=sys.stderr)
        return 2
    loaded = []
    bad = 0
    for folder in cycles:
        pr = Problems(os.path.relpath(folder, root) if folder != root else ".")
        data = load_cycle(folder, pr)
        check_cycle(folder, data, pr)
        for p in pr.items[:50]:
            print("ERROR " + p, file=sys.stderr)
        bad += len(pr.items)
        loaded.append((folder, data, not pr.items))
    # flags, with relapse looked up in earlier cycles of the same region
    by_region = {}
    for folder, data, ok in loaded:
        by_region.setdefault(data["cfg"].get("region"), []).append((int(data["cfg"]["year"]), folder, data, ok))
    for region in sorted(by_region, key=str):
        earlier = {}
        for year, folder, data, ok in sorted(by_region[region], key=lambda t: (t[0], t[1])):
            if ok:
                flags, comp, grades = score_cycle(data, earlier)
                if verbose:
                    counts = {}
                    for f, _, _ in flags:
                        counts[f] = counts.get(f, 0) + 1
                    nb, nq = len(data["ballots.csv"]), len(data["questionnaires.csv"])
                    print("%s: %s %d, %d ballots, %d questionnaire answers, grades %s"
                          % (folder, region, year, nb, nq, grades))
                    print("  flag counts: %s" % ", ".join("%s=%d" % kv for kv in sorted(counts.items())))
                    if len(by_region) <= 3:
                        for f, subj, detail in flags:
                            print("    %-26s %-5s %s" % (f, subj, detail))
            for _, r in data["rectifications.csv"]:
                if r["status"] == "verified":
                    earlier.setdefault(r["department_id"], set()).add(r["category"])
    print("%s: %d cycle folder(s), %d problem(s)" % (root, len(cycles), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
