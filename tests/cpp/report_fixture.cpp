#include "report_fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

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

/// Standard competition ranking (1, 2, 2, 4) of `values` (descending); 0 for none.
std::vector<int> competition_ranks(const std::vector<std::optional<double>>& values) {
  std::vector<int> ranks(values.size(), 0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    ranks[i] = 1 + static_cast<int>(std::count_if(values.begin(), values.end(),
                                                  [&](const auto& v) { return v && *v > *values[i]; }));
  }
  return ranks;
}

}  // namespace

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
  std::vector<std::optional<double>> composites(c.departments.size());
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
      composites[i] = d.composite;
    }
    r.departments.push_back(d);
  }
  const auto overall = competition_ranks(composites);
  for (std::uint32_t i = 0; i < c.departments.size(); ++i) {
    r.departments[i].rank_overall = overall[i];
    std::vector<std::optional<double>> same_category(c.departments.size());
    for (std::uint32_t j = 0; j < c.departments.size(); ++j)
      if (c.departments[j].category == c.departments[i].category) same_category[j] = composites[j];
    r.departments[i].rank_in_category = composites[i] ? competition_ranks(same_category)[i] : 0;
  }
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
