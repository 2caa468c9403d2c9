#include "fixtures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>

namespace review::test {

namespace {

Date date(int y, unsigned m, unsigned d) { return Date{y, m, d}; }

struct Scores {
  const char* id;
  std::optional<double> b, q, w;
  double d;
  std::vector<std::string> flags;
};

Grade grade_of(double composite) {
  if (composite >= 90) return Grade::excellent;
  if (composite >= 80) return Grade::good;
  if (composite >= 70) return Grade::fair;
  return Grade::poor;
}

/// Standard competition ranking (1, 2, 2, 4) of the departments with a composite, overall
/// and within the sector sequence; the others keep 0.
void assign_ranks(const Cycle& c, Results& res) {
  for (auto& r : res.departments) {
    if (!r.composite) continue;
    r.rank_overall = 1;
    r.rank_in_category = 1;
    for (const auto& o : res.departments) {
      if (!o.composite || *o.composite <= *r.composite) continue;
      ++r.rank_overall;
      if (c.departments[o.department].category == c.departments[r.department].category) ++r.rank_in_category;
    }
  }
}

Date day(const char* text) { return *Date::parse(text); }

/// Ratings of one department: how many of each rating.
struct Counts {
  int satisfied, basic, dissatisfied, unknown;
};

void add_ratings(std::vector<std::uint32_t>& dept, std::vector<std::uint32_t>& rater,
                 std::vector<Rating>& rating, std::uint32_t department, const Counts& c, int raters,
                 int offset) {
  std::vector<Rating> seq;
  seq.insert(seq.end(), c.satisfied, Rating::satisfied);
  seq.insert(seq.end(), c.basic, Rating::basic);
  seq.insert(seq.end(), c.dissatisfied, Rating::dissatisfied);
  seq.insert(seq.end(), c.unknown, Rating::unknown);
  for (int i = 0; i < static_cast<int>(seq.size()) && i < raters; ++i) {
    dept.push_back(department);
    rater.push_back(static_cast<std::uint32_t>((i + offset) % raters));
    rating.push_back(seq[i]);
  }
}

}  // namespace

Cycle sample_cycle() {
  Cycle c;
  c.info.year = 2017;
  c.info.name = "XX县2017年度民主评议行风";
  c.info.as_of = day("2017-12-31");
  const char* law = "执法监督类";
  const char* service = "社会服务类";
  c.departments = {
      {"D01", "县公安局", law, DepartmentStatus::participating, "", "0391-1234110"},
      {"D02", "县市场监督管理局", law, DepartmentStatus::participating, "", "0391-1234315"},
      {"D03", "县税务局", law, DepartmentStatus::participating, "", "0391-1212366"},
      {"D04", "县交通运输局", law, DepartmentStatus::participating, "", "0391-1234122"},
      {"D05", "县教育局", service, DepartmentStatus::participating, "", "0391-1234501"},
      {"D06", "县卫生健康局", service, DepartmentStatus::participating, "", "0391-1234120"},
      {"D07", "县人力资源和社会保障局", service, DepartmentStatus::participating, "", "0391-1212333"},
      {"D08", "国网XX县供电公司", service, DepartmentStatus::participating, "", "0391-1295598"},
      {"D09", "县气象局", service, DepartmentStatus::exempt, "垂直管理单位，本年度免评", "0391-1234121"},
  };
  const char* sectors[] = {"人大代表", "政协委员", "企业代表"};
  for (int i = 0; i < 15; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "R%02d", i + 1);
    c.representatives.push_back({id, sectors[i / 5], i < 12});
  }
  c.respondent_groups = {"企业", "村民", "城镇居民"};
  for (int i = 0; i < 60; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "Q%03d", i + 1);
    c.responses.push_back({id, static_cast<std::uint32_t>(i / 20)});
  }
  const Counts ballots[] = {{10, 3, 1, 1}, {8, 5, 2, 0}, {12, 2, 0, 1}, {6, 5, 3, 1},
                            {11, 3, 1, 0}, {9, 4, 2, 0}, {7, 6, 2, 0},  {13, 1, 0, 1}};
  const Counts answers[] = {{35, 15, 7, 3}, {30, 20, 8, 2}, {45, 12, 2, 1}, {20, 22, 15, 3},
                            {40, 15, 4, 1}, {33, 18, 7, 2}, {28, 24, 6, 2}, {20, 20, 18, 2}};
  std::vector<std::uint32_t> dept, rater, group;
  std::vector<Rating> rating;
  for (std::uint32_t d = 0; d < 8; ++d) add_ratings(dept, rater, rating, d, ballots[d], 15, 0);
  c.ballots.department = Column(dept);
  c.ballots.rater = Column(rater);
  c.ballots.rating = Column(rating);
  dept.clear(), rater.clear(), rating.clear();
  for (std::uint32_t d = 0; d < 8; ++d) add_ratings(dept, rater, rating, d, answers[d], 60, 7 * d);
  for (std::uint32_t r : rater) group.push_back(c.responses[r].group);
  c.questionnaires.department = Column(dept);
  c.questionnaires.rater = Column(rater);
  c.questionnaires.rating = Column(rating);
  c.questionnaires.group = Column(group);

  c.daily_work = {92, 88, 95, 80, 90, 86, 84, 89, std::nullopt};
  c.expected_scores = {90, 85, 96, 95, 92, 85, std::nullopt, 90, std::nullopt};

  c.complaints = {
      {"C01", "D04", day("2017-04-10"), ComplaintChannel::hotline, "态度生硬", true, day("2017-04-25"),
       day("2017-04-20"), "货运窗口工作人员态度生硬"},
      {"C02", "D04", day("2017-09-02"), ComplaintChannel::city_referral, "吃拿卡要", true, day("2017-11-30"),
       std::nullopt, "市纠风办转办：超限检查站收取费用不开票据"},
      {"C03", "D02", day("2017-06-15"), ComplaintChannel::letter, "食品安全", false, day("2017-07-15"),
       day("2017-07-01"), "来信反映农贸市场熟食摊点卫生问题"},
      {"C04", "D06", day("2017-08-08"), ComplaintChannel::visit, "服务态度", true, day("2017-08-31"),
       day("2017-08-25"), "来访反映乡镇卫生院夜间无人值守"},
  };
  c.rectifications = {
      {"Z01",
       "D01",
       RectificationSource::hearing,
       "H01",
       "执法态度",
       "开展文明执法培训，增设办证窗口，缩短排队时间",
       day("2017-09-30"),
       RectificationStatus::verified,
       day("2017-09-20"),
       {}},
      {"Z02",
       "D04",
       RectificationSource::hearing,
       "H02",
       "办事效率",
       "精简货运车辆审批材料，5个工作日内办结",
       day("2017-10-31"),
       RectificationStatus::in_progress,
       std::nullopt,
       {}},
      {"Z03",
       "D02",
       RectificationSource::complaint,
       "C03",
       "食品安全",
       "加强农贸市场熟食摊点日常巡查",
       day("2018-03-31"),
       RectificationStatus::open,
       std::nullopt,
       {}},
      {"Z04",
       "D06",
       RectificationSource::survey,
       "S07",
       "服务态度",
       "乡镇卫生院落实夜间值班制度",
       day("2017-08-31"),
       RectificationStatus::rectified,
       day("2017-08-28"),
       {}},
      {"Z05",
       "D04",
       RectificationSource::complaint,
       "C02",
       "吃拿卡要",
       "超限检查站规范收费，一律开具票据",
       day("2018-01-31"),
       RectificationStatus::open,
       std::nullopt,
       {}},
  };
  c.hearings = {
      {"H01", "D01", day("2017-07-12"), "窗口民警态度生硬，群众办证排队时间长，如何整改？",
       "开展文明执法培训，增设两个办证窗口。", "Z01"},
      {"H02", "D04", day("2017-07-12"), "货运车辆审批环节多、时间长，企业反映强烈。",
       "精简审批材料，承诺5个工作日办结。", "Z02"},
      {"H03", "D06", day("2017-07-13"), "乡镇卫生院夜间无人值守的问题何时解决？", "9月底前落实夜间值班制度。",
       "Z04"},
  };
  const char* commitments[][2] = {
      {"D01", "户籍业务一次告知、限时办结"},
      {"D01", "110接警后城区10分钟内到达现场"},
      {"D02", "食品安全投诉24小时内响应"},
      {"D03", "办税服务厅推行预约办税和延时服务"},
      {"D04", "货运许可5个工作日内办结"},
      {"D04", "超限检查一律公开收费标准、开具票据"},
      {"D05", "规范义务教育阶段招生，杜绝择校收费"},
      {"D06", "乡镇卫生院落实24小时值班制度"},
      {"D07", "社保待遇申领实行一窗受理"},
      {"D08", "城区故障报修45分钟内到达现场"},
      {"D09", "灾害性天气预警信息及时向乡村发布"},
  };
  int n = 0;
  for (const auto& [d, text] : commitments)
    c.commitments.push_back({"P" + std::to_string(++n), d, text, day(n % 2 ? "2017-05-15" : "2017-06-01"),
                             "县电视台", day("2017-12-31"), ""});
  const struct {
    const char* d;
    ActivityKind kind;
    const char* target;
  } activities[] = {
      {"D01", ActivityKind::enterprise, "县纺织厂"},   {"D01", ActivityKind::village, "东关村"},
      {"D02", ActivityKind::enterprise, "县食品公司"}, {"D03", ActivityKind::enterprise, "县机械厂"},
      {"D04", ActivityKind::village, "西岭村"},        {"D05", ActivityKind::household, "南街困难户"},
      {"D06", ActivityKind::visit, "城关镇卫生院"},    {"D07", ActivityKind::household, "北关困难户"},
      {"D08", ActivityKind::village, "后河村"},        {"D08", ActivityKind::visit, "开发区用电企业"},
  };
  n = 0;
  for (const auto& a : activities)
    c.activities.push_back(
        {"A" + std::to_string(++n), a.d, a.kind, a.target, day("2017-06-20"), "座谈了解困难"});
  const struct {
    const char* rep;
    const char* d;
    SiteKind site;
    const char* opinion;
  } surveys[] = {
      {"R01", "D01", SiteKind::enterprise, "办证窗口排队时间长"},
      {"R02", "D01", SiteKind::village, "办证窗口排队时间长"},
      {"R03", "D01", SiteKind::shop, "夜间巡逻次数少"},
      {"R04", "D01", SiteKind::school, "校园周边交通秩序需加强"},
      {"R05", "D01", SiteKind::village, "民警下村次数多，群众满意"},
      {"R06", "D01", SiteKind::enterprise, "个别民警态度生硬"},
      {"R07", "D04", SiteKind::enterprise, "货运审批时间长"},
      {"R08", "D04", SiteKind::enterprise, "超限检查收费不开票"},
      {"R09", "D04", SiteKind::village, "村道维修不及时"},
      {"R10", "D04", SiteKind::shop, "客运班车不准点"},
      {"R11", "D04", SiteKind::enterprise, "货运审批时间长"},
      {"R12", "D02", SiteKind::shop, "检查时态度较好"},
      {"R13", "D02", SiteKind::shop, "检查标准不统一"},
      {"R14", "D06", SiteKind::village, ""},
  };
  n = 0;
  for (const auto& s : surveys)
    c.surveys.push_back(
        {"S" + std::to_string(++n), s.rep, s.site, "走访点", day("2017-06-10"), s.d, s.opinion});
  c.source = "hand-built fixture";
  c.build_index();
  return c;
}

Results sample_results(const Cycle& c) {
  Results res;
  res.rule = "fixture";
  res.profile = "default";
  const double points[kRatingCount] = {100, 70, 0, 0};
  const std::size_t n = c.departments.size();
  for (std::uint32_t d = 0; d < n; ++d) {
    DepartmentResult r;
    r.department = d;
    if (c.departments[d].status == DepartmentStatus::exempt) {
      res.departments.push_back(std::move(r));
      continue;
    }
    auto component = [&](const RatingColumns& cols, const char* name) {
      ComponentReceipt cr;
      cr.component = name;
      std::copy(std::begin(points), std::end(points), cr.points);
      for (std::size_t i = 0; i < cols.size(); ++i)
        if (cols.department[i] == d) ++cr.counts[static_cast<int>(cols.rating[i])];
      double sum = 0;
      for (int k = 0; k < 3; ++k) {
        cr.valid += cr.counts[k];
        sum += static_cast<double>(cr.counts[k]) * points[k];
      }
      if (cr.valid > 0) cr.score = sum / static_cast<double>(cr.valid);
      return cr;
    };
    r.receipt.components = {component(c.ballots, "ballot"), component(c.questionnaires, "questionnaire")};
    r.ballot_score = r.receipt.components[0].score;
    r.questionnaire_score = r.receipt.components[1].score;
    r.daily_work_score = d < c.daily_work.size() ? c.daily_work[d] : std::nullopt;
    r.receipt.daily_work = c.daily_work[d];
    r.receipt.weights = {{"ballot", 0.5}, {"questionnaire", 0.3}, {"daily_work", 0.2}};
    const std::string& id = c.departments[d].id;
    DeductionReceipt complaints{"complaint", 2, {}, 0, {}}, overdue{"overdue", 1, {}, 0, {}},
        relapse{"relapse", 2, {}, 0, {}};
    for (const auto& cp : c.complaints)
      if (cp.department_id == id && cp.substantiated) complaints.items.push_back(cp.id);
    for (const auto& it : c.rectifications)
      if (it.department_id == id && it.deadline && *it.deadline < c.info.as_of &&
          it.status != RectificationStatus::rectified && it.status != RectificationStatus::verified)
        overdue.items.push_back(it.id);
    if (id == "D04") relapse.items.push_back("吃拿卡要");  // verified in 2016, complained of again
    for (DeductionReceipt* x : {&complaints, &overdue, &relapse}) {
      x->points = x->points_each * static_cast<double>(x->items.size());
      r.receipt.deductions.push_back(*x);
    }
    r.receipt.deduction_cap = 10;
    r.deductions = std::min(10.0, complaints.points + overdue.points + relapse.points);
    r.receipt.deductions_total = r.deductions;
    const double composite =
        0.5 * *r.ballot_score + 0.3 * *r.questionnaire_score + 0.2 * *r.daily_work_score - r.deductions;
    r.receipt.composite_unclipped = composite;
    r.composite = std::clamp(composite, 0.0, 100.0);
    r.grade = grade_of(*r.composite);
    if (!overdue.items.empty()) r.flags.push_back("overdue_rectification");
    if (!relapse.items.empty()) r.flags.push_back("relapse");
    if (d < c.expected_scores.size() && c.expected_scores[d] && *c.expected_scores[d] - *r.composite > 10)
      r.flags.push_back("self_overestimate");
    if (id == "D08") r.flags.push_back("ballot_public_divergence");
    res.departments.push_back(std::move(r));
  }
  assign_ranks(c, res);
  std::map<std::string, DepartmentResult*> last;
  for (auto& r : res.departments) {
    if (!r.composite) continue;
    auto& l = last[c.departments[r.department].category];
    if (!l || r.rank_in_category > l->rank_in_category) l = &r;
  }
  for (auto& [cat, r] : last) r->flags.push_back("last_place");
  for (auto& r : res.departments) {
    std::sort(r.flags.begin(), r.flags.end());
    for (const auto& f : r.flags)
      res.flags.push_back({f, SubjectKind::department, c.departments[r.department].id, ""});
  }
  res.flags.push_back(
      {"straight_lining", SubjectKind::representative, "R07", "rated 10 departments, all 满意"});
  return res;
}

ReportFixture make_report_fixture(bool payloads, std::size_t extra_items) {
  ReportFixture fx;
  Cycle& c = fx.cycle;
  c.info.year = 2017;
  c.info.name = "2017年度民主评议行风";
  c.info.as_of = date(2017, 12, 20);
  const std::string law = "执法监督类";
  const std::string service = "公共服务类";
  c.departments = {
      {"D01", "县公安局", law, DepartmentStatus::participating, "", "0571-110"},
      {"D02", "县市场监督管理局", law, DepartmentStatus::participating, "", "12315"},
      {"D03", "县自然资源局", law, DepartmentStatus::participating, "", ""},
      {"D04", "县交通运输局", law, DepartmentStatus::participating, "", ""},
      {"D05", "县城市管理综合执法局", law, DepartmentStatus::participating, "", ""},
      {"D06", "县人民医院", service, DepartmentStatus::participating, "", ""},
      {"D07", "县教育局", service, DepartmentStatus::participating, "", ""},
      {"D08", payloads ? kFormulaPayloads[0] : "县人力资源和社会保障局", service,
       DepartmentStatus::participating, "", ""},
      {"D09", "县供电公司", service, DepartmentStatus::exempt, "垂直管理单位，由上级统一评议", ""},
  };
  const char* sectors[] = {"人大代表", "政协委员", "企业代表", "群众代表"};
  for (int i = 1; i <= 15; ++i)
    c.representatives.push_back({fmt::format("R{:02}", i), sectors[i % 4], i != 7});
  c.build_index();

  c.rectifications = {
      {"ZG-001",
       "D01",
       RectificationSource::hearing,
       "HR-01",
       "窗口服务",
       "户籍窗口增设周末服务",
       date(2017, 9, 30),
       RectificationStatus::verified,
       date(2017, 9, 28),
       {}},
      {"ZG-002",
       "D04",
       RectificationSource::hearing,
       "HR-03",
       "工程管理",
       "农村公路养护不到位：限期修复城关至东岭段破损路面，建立乡村道路日常巡查和群众报修制度，"
       "每季度向评议代表通报进展",
       date(2017, 10, 31),
       RectificationStatus::in_progress,
       std::nullopt,
       {}},
      {"ZG-003",
       "D02",
       RectificationSource::complaint,
       "TS-002",
       "食品安全",
       payloads ? kFormulaPayloads[1] : "校园周边食品摊点专项整治",
       date(2017, 11, 30),
       RectificationStatus::rectified,
       date(2017, 11, 25),
       {}},
      {"ZG-004",
       "D06",
       RectificationSource::survey,
       "DC-05",
       "服务态度",
       "门诊导医服务改进，增设志愿者引导岗",
       date(2018, 3, 31),
       RectificationStatus::open,
       std::nullopt,
       {}},
      {"ZG-005",
       "D05",
       RectificationSource::complaint,
       "TS-004",
       "市容管理",
       "占道经营集中整治",
       date(2017, 12, 15),
       RectificationStatus::verified,
       date(2017, 12, 10),
       {}},
      {"ZG-006",
       "D07",
       RectificationSource::hearing,
       "HR-05",
       "收费管理",
       "规范学校收费公示，设立投诉信箱",
       date(2017, 12, 31),
       RectificationStatus::in_progress,
       std::nullopt,
       {}},
  };
  c.complaints = {
      {"TS-001", "D04", date(2017, 6, 3), ComplaintChannel::hotline, "工程管理", true, date(2017, 6, 20),
       date(2017, 6, 18), "反映某村道路破损长期无人修"},
      {"TS-002", "D02", date(2017, 7, 11), ComplaintChannel::letter, "食品安全", true, date(2017, 7, 31),
       date(2017, 7, 25), payloads ? kFormulaPayloads[2] : "学校周边流动摊贩食品卫生差"},
      {"TS-003", "D06", date(2017, 9, 2), ComplaintChannel::visit, "服务态度", false, date(2017, 9, 15),
       date(2017, 9, 12), "反映门诊排队时间长"},
      {"TS-004", "D05", date(2017, 10, 8), ComplaintChannel::city_referral, "市容管理", true,
       date(2017, 10, 31), date(2017, 10, 30), "市纠风办转办：占道经营影响通行"},
      {"TS-005", "D08", date(2017, 11, 20), ComplaintChannel::hotline, "社保待遇", false, date(2017, 12, 10),
       std::nullopt, "反映养老金发放延迟"},
      {"TS-006", "D03", date(2017, 8, 14), ComplaintChannel::hotline, "不动产登记", true, date(2017, 8, 31),
       date(2017, 8, 30), "不动产登记办理时间过长"},
  };
  c.commitments = {
      {"CN-01", "D01", "户籍业务一次办结，周末不打烊", date(2017, 5, 20), "县电视台", date(2017, 12, 31),
       "已兑现"},
      {"CN-02", "D02", "投诉举报12315二十四小时受理", date(2017, 5, 20), "县电视台", date(2017, 12, 31),
       "已兑现"},
      {"CN-03", "D03", payloads ? kFormulaPayloads[3] : "不动产登记办理时限压缩至3个工作日",
       date(2017, 5, 21), "县电视台", date(2017, 10, 1), "推进中"},
      {"CN-04", "D06", "门诊预约诊疗全覆盖", date(2017, 5, 22), "政府网站", date(2017, 12, 31), "推进中"},
      {"CN-05", "D07", "义务教育阶段招生公开透明", date(2017, 5, 22), "政府网站", std::nullopt, "已兑现"},
  };
  for (std::size_t i = 0; i < extra_items; ++i) {
    const auto& d = c.departments[i % 8];
    const auto n = static_cast<unsigned>(i);
    c.rectifications.push_back({fmt::format("ZX-{:05}", i),
                                d.id,
                                RectificationSource::survey,
                                fmt::format("DC-{:05}", i),
                                "服务态度",
                                "加强窗口工作人员服务规范培训，落实首问负责制",
                                date(2017, 1 + n % 12, 1 + n % 28),
                                static_cast<RectificationStatus>(n % 4),
                                std::nullopt,
                                {}});
    c.complaints.push_back({fmt::format("TX-{:05}", i), d.id, date(2017, 1 + n % 12, 1 + n % 28),
                            static_cast<ComplaintChannel>(n % 4), "办事效率", n % 3 == 0,
                            date(2017, 1 + n % 12, 1 + n % 28), std::nullopt, "群众反映办事需要多次往返"});
    c.commitments.push_back({fmt::format("CX-{:05}", i), d.id, "服务事项限时办结，超时默认",
                             date(2017, 5, 20), "县电视台", date(2017, 12, 31), "推进中"});
  }

  const std::vector<Scores> scores = {
      {"D01", 94.0, 91.5, 96.0, 0, {}},
      {"D02", 88.0, 85.0, 90.0, 2, {}},
      {"D03", 88.0, 85.0, 90.0, 2, {}},
      {"D04", 80.5, 78.0, 85.0, 3, {"overdue_rectification"}},
      {"D05", 70.0, 62.0, std::nullopt, 2, {"last_place", "missing_component"}},
      {"D06", 92.0, 90.0, 93.0, 0, {}},
      {"D07", 86.0, 80.0, 88.0, 0, {"self_overestimate"}},
      {"D08", 78.0, 60.0, 82.0, 0, {"ballot_public_divergence", "last_place"}},
  };
  Results& r = fx.results;
  r.rule = "default";
  r.profile = "default";
  for (std::uint32_t i = 0; i < c.departments.size(); ++i) {
    DepartmentResult d;
    d.department = i;
    if (i < scores.size()) {
      const Scores& s = scores[i];
      d.ballot_score = s.b;
      d.questionnaire_score = s.q;
      d.daily_work_score = s.w;
      d.deductions = s.d;
      const double weight = 0.5 + 0.3 + (s.w ? 0.2 : 0.0);
      const double sum = 0.5 * *s.b + 0.3 * *s.q + (s.w ? 0.2 * *s.w : 0.0);
      d.composite = std::clamp(sum / weight - s.d, 0.0, 100.0);
      d.grade = grade_of(*d.composite);
      d.flags = s.flags;
    }
    r.departments.push_back(d);
  }
  assign_ranks(c, r);
  for (const auto& d : r.departments)
    for (const auto& flag : d.flags)
      r.flags.push_back({flag, SubjectKind::department, c.departments[d.department].id, ""});
  r.flags.push_back(
      {"straight_lining", SubjectKind::representative, "R07", "对 12 个部门的有效票均为“满意”"});
  r.flags.push_back({"straight_lining", SubjectKind::representative, "R12",
                     payloads ? kFormulaPayloads[0] : "对 10 个部门的有效票均为“基本满意”"});

  fx.profile.id = "default";
  fx.profile.name = "默认方案";
  fx.profile.as_of = c.info.as_of;
  return fx;
}

}  // namespace review::test
