// `libreview compare DIR --profile A --profile B`: one cycle under two profiles or rules, side by side.
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <set>
#include <variant>

#include "cli.hpp"
#include "libreview/report_util.hpp"
#include "libreview/session.hpp"
#include "libreview/vocabulary.hpp"

namespace review::cli {

namespace {

struct CompareOptions {
  std::string source;
  std::string store;
  std::vector<std::string> profiles;
  std::vector<std::string> rules;
};

struct Variant {
  std::string profile;  // empty: the cycle's region
  std::string rule;     // empty: the profile's rule
};

// Zero, one or two profiles and rules make two variants; one of a kind applies to both sides,
// except a single --rule beside at most one profile, which compares the profile's own rule with it.
std::pair<Variant, Variant> variants(const Globals& g, const CompareOptions& o) {
  if (o.profiles.size() > 2 || o.rules.size() > 2)
    throw CLI::ValidationError("compare", tr(g, "give at most two --profile and two --rule",
                                             "--profile 和 --rule 各最多给两个"));
  Variant a, b;
  if (!o.profiles.empty()) a.profile = b.profile = o.profiles[0];
  if (o.profiles.size() == 2) b.profile = o.profiles[1];
  if (o.rules.size() == 2) {
    a.rule = o.rules[0];
    b.rule = o.rules[1];
  } else if (o.rules.size() == 1) {
    b.rule = o.rules[0];
    if (o.profiles.size() == 2) a.rule = o.rules[0];
  }
  if (a.profile == b.profile && a.rule == b.rule)
    throw CLI::ValidationError("compare", tr(g, "the two sides are the same: give two --profile or two --rule",
                                             "两边相同：请给两个 --profile 或两个 --rule"));
  return {a, b};
}

std::string pad(const std::string& text, int width) {
  return text + std::string(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
}

std::string rank_text(int rank) { return rank > 0 ? std::to_string(rank) : std::string("-"); }

std::string param_text(const ParamValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{:g}", *d);
  if (const auto* s = std::get_if<std::string>(&v)) return fmt::format("\"{}\"", *s);
  return fmt::format("[{}]", fmt::join(std::get<std::vector<std::string>>(v), ", "));
}

/// Why the two sides differ (为何不同): the parameters the profiles set differently, the rules,
/// and for the departments that moved most, their components under each side's weights.
void print_why(const Globals& g, const Cycle& cycle, const Scored& a, const Scored& b) {
  std::cout << tr(g, "\nWhy:\n", "\n为何不同：\n");
  if (a.results.rule != b.results.rule)
    std::cout << fmt::format(fmt::runtime(tr(g, "  scoring rule: {} → {}\n", "  计分规则：{} → {}\n")),
                             a.results.rule, b.results.rule);
  const auto& pa = a.profile.parameters();
  const auto& pb = b.profile.parameters();
  std::set<std::string> keys;
  for (const auto& [k, v] : pa) keys.insert(k);
  for (const auto& [k, v] : pb) keys.insert(k);
  std::vector<std::string> changed;
  for (const auto& k : keys) {
    const auto x = pa.find(k), y = pb.find(k);
    const std::string tx = x == pa.end() ? "-" : param_text(x->second);
    const std::string ty = y == pb.end() ? "-" : param_text(y->second);
    if (tx != ty) changed.push_back(fmt::format("    {}: {} → {}", k, tx, ty));
  }
  if (changed.empty()) {
    std::cout << tr(g, "  the profiles' parameters are the same\n", "  两个方案的参数相同\n");
  } else {
    std::cout << tr(g, "  parameters (A → B):\n", "  方案参数（A → B）：\n");
    for (const auto& line : changed) std::cout << line << '\n';
  }
  // The departments that moved most, with the components each side weighed.
  std::vector<std::uint32_t> movers;
  for (const auto& r : a.results.departments)
    if (r.rank_overall > 0 && b.results.departments[r.department].rank_overall > 0 &&
        r.rank_overall != b.results.departments[r.department].rank_overall)
      movers.push_back(r.department);
  auto moved_by = [&](std::uint32_t d) {
    return std::abs(a.results.departments[d].rank_overall - b.results.departments[d].rank_overall);
  };
  std::stable_sort(movers.begin(), movers.end(), [&](auto x, auto y) { return moved_by(x) > moved_by(y); });
  if (movers.size() > 5) movers.resize(5);
  if (movers.empty()) return;
  std::cout << tr(g, "  moved most (components; weights as applied, A | B):\n",
                  "  名次变化最大的部门（评分项；实际权重，A | B）：\n");
  auto weights = [&](const DepartmentResult& r) {
    std::vector<std::string> parts;
    r.receipt.weights.for_each([&](std::string_view c, double w) {
      if (w > 0)
        parts.push_back(fmt::format("{} {:g}", g.zh() ? label_zh(TermFamily::component, c) : c,
                                    round_half_away(w, 4)));
    });
    return fmt::format("{}", fmt::join(parts, g.zh() ? "、" : ", "));
  };
  for (auto d : movers) {
    const auto& ra = a.results.departments[d];
    const auto& rb = b.results.departments[d];
    const Department& dep = cycle.departments[d];
    struct Part {
      Component component;
      std::optional<double> in_a, in_b;  // the same but where the rules compute it differently
    };
    const Part parts[] = {{Component::ballot, ra.ballot_score, rb.ballot_score},
                          {Component::questionnaire, ra.questionnaire_score, rb.questionnaire_score},
                          {Component::daily_work, ra.daily_work_score, rb.daily_work_score},
                          {Component::commitment, ra.commitment_score, rb.commitment_score}};
    std::vector<std::string> scores;
    for (const Part& p : parts) {
      if (p.component == Component::commitment && !ra.receipt.weights.contains("commitment") &&
          !rb.receipt.weights.contains("commitment"))
        continue;  // K only where a side weighs it
      auto shown = [](const std::optional<double>& v) { return v ? format_figure(v) : std::string("—"); };
      const std::string x = shown(p.in_a), y = shown(p.in_b);
      scores.push_back(fmt::format("{} {}", g.zh() ? term(p.component).zh : term(p.component).code,
                                   x == y ? x : fmt::format("{} | {}", x, y)));
    }
    std::cout << fmt::format(
        fmt::runtime(tr(g, "    {} {}: {}, deductions {} / {}; {} → {} | {} → {}\n",
                        "    {} {}：{}，扣分 {} / {}；{} → {} | {} → {}\n")),
        dep.id, dep.name, fmt::join(scores, g.zh() ? "，" : ", "), format_figure(ra.deductions),
        format_figure(rb.deductions), weights(ra), format_figure(ra.composite), weights(rb),
        format_figure(rb.composite));
  }
}

}  // namespace

void add_compare_command(CLI::App& app, Globals& g) {
  auto opts = std::make_shared<CompareOptions>();
  auto* cmd = app.add_subcommand(
      "compare", tr(g, "score one cycle under two profiles or rules and show what moved",
                    "以两种方案或规则为同一年度计分，显示名次和等次的变化"));
  cmd->add_option("DIR", opts->source, tr(g, "the cycle folder or .xlsx workbook", "年度数据文件夹或 .xlsx 工作簿"))
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("--profile", opts->profiles,
                  tr(g, "a region profile id or .toml file (twice: A and B)", "地区方案标识或 .toml 文件（给两次：A 和 B）"));
  cmd->add_option("--rule", opts->rules,
                  tr(g, "a scoring rule id (twice: A and B; once: the profile's rule against it)",
                     "计分规则标识（给两次：A 和 B；给一次：与方案自身的规则比较）"));
  cmd->add_option("--store", opts->store,
                  tr(g, "take earlier years from this store (read only)", "从此数据库读取往年数据（只读）"));
  cmd->footer(tr(g,
                 "Example:\n  libreview compare data/sample/2017 --profile seed-county --profile focus-theme\n"
                 "  libreview compare data/sample/2017 --rule default --rule majority\n"
                 "Nothing is written or stored.",
                 "示例：\n  libreview compare data/sample/2017 --profile seed-county --profile focus-theme\n"
                 "  libreview compare data/sample/2017 --rule default --rule majority\n"
                 "不生成文件，也不保存数据。"));
  cmd->callback([opts, &g] {
    const auto [va, vb] = variants(g, *opts);
    // Questionnaires are required only where both sides' profiles require them.
    ImportOptions import = import_options_for(va.profile);
    auto required_a = import.questionnaires_required;
    auto required_b = import_options_for(vb.profile).questionnaires_required;
    import.questionnaires_required = [required_a, required_b](const CycleInfo& info) {
      return required_a(info) && required_b(info);
    };
    const LoadedCycle loaded = load_cycle(opts->source, opts->store, import);
    const Scored a = score_session(loaded.cycle, loaded.history, va.profile, va.rule);
    const Scored b = score_session(loaded.cycle, loaded.history, vb.profile, vb.rule);
    const Cycle& cycle = loaded.cycle;
    const int digits = 2;

    std::cout << fmt::format("A: {} / {}\nB: {} / {}\n\n", a.profile.id, a.results.rule, b.profile.id,
                             b.results.rule);
    std::vector<std::uint32_t> order;
    for (const auto& r : a.results.departments) order.push_back(r.department);
    std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) {
      const int rx = a.results.departments[x].rank_overall, ry = a.results.departments[y].rank_overall;
      return (rx == 0 ? 1 << 30 : rx) < (ry == 0 ? 1 << 30 : ry);
    });
    int w_name = display_width(tr(g, "department", "部门"));
    for (const auto& d : cycle.departments) w_name = std::max(w_name, display_width(d.id + " " + d.name));
    std::cout << pad(tr(g, "department", "部门"), w_name)
              << fmt::format("  {:>8} {:>4} {:<9}  {:>8} {:>4} {:<9}  {}\n", "A", "#", tr(g, "grade", "等次"),
                             "B", "#", tr(g, "grade", "等次"), tr(g, "moved", "变化"));
    int moved = 0, regraded = 0;
    const auto grade = [&g](Grade x) { return std::string(g.zh() && x != Grade::none ? label_zh(x) : to_string(x)); };
    for (auto d : order) {
      const auto& ra = a.results.departments[d];
      const auto& rb = b.results.departments[d];
      std::string change;
      if (ra.rank_overall > 0 && rb.rank_overall > 0 && ra.rank_overall != rb.rank_overall) {
        change = rb.rank_overall < ra.rank_overall ? fmt::format("↑{}", ra.rank_overall - rb.rank_overall)
                                                   : fmt::format("↓{}", rb.rank_overall - ra.rank_overall);
        ++moved;
      }
      if (ra.grade != rb.grade) {
        change +=
            fmt::format("{}{} → {}", change.empty() ? "" : " ", grade(ra.grade), grade(rb.grade));
        ++regraded;
      }
      const auto& dep = cycle.departments[d];
      std::cout << pad(dep.id + " " + dep.name, w_name)
                << fmt::format("  {:>8} {:>4} {:<9}  {:>8} {:>4} {:<9}  {}\n",
                               format_figure(ra.composite, digits), rank_text(ra.rank_overall),
                               grade(ra.grade), format_figure(rb.composite, digits),
                               rank_text(rb.rank_overall), grade(rb.grade), change);
    }
    std::cout << fmt::format(fmt::runtime(tr(g, "\n{} departments changed rank, {} changed grade\n",
                                             "\n{} 个部门名次变化，{} 个部门等次变化\n")),
                             moved, regraded);
    print_why(g, cycle, a, b);
  });
}

}  // namespace review::cli
