// The spec's tables and their columns, and how a header cell finds its column.
#include "ingest/schema_internal.hpp"
#include "libreview/ingest.hpp"

namespace review::ingest {
namespace {

constexpr ColumnSpec kDepartments[] = {
    {"id", "部门编号", true}, {"name", "部门名称", true},           {"category", "类别", true},
    {"status", "状态", true}, {"exempt_reason", "免评原因", false}, {"hotline", "监督电话", false},
    {"kind", "部门类型", false}};
constexpr ColumnSpec kRepresentatives[] = {
    {"id", "代表编号", true}, {"sector", "界别", false}, {"trained", "是否培训", false}};
constexpr ColumnSpec kBallots[] = {
    {"representative_id", "代表编号", true}, {"department_id", "部门编号", true}, {"rating", "评价", true}};
constexpr ColumnSpec kQuestionnaires[] = {{"response_id", "问卷编号", true},
                                          {"respondent_group", "对象类别", false},
                                          {"department_id", "部门编号", true},
                                          {"rating", "评价", true}};
constexpr ColumnSpec kDailyWork[] = {{"department_id", "部门编号", true}, {"score", "日常考核得分", true}};
constexpr ColumnSpec kSelfAssessment[] = {{"department_id", "部门编号", true},
                                          {"expected_score", "自评得分", true}};
constexpr ColumnSpec kComplaints[] = {
    {"id", "编号", true},          {"department_id", "部门编号", true}, {"received_on", "受理日期", false},
    {"channel", "来源", false},    {"category", "问题类别", true},      {"substantiated", "是否属实", true},
    {"due_on", "办结时限", false}, {"closed_on", "办结日期", false},    {"summary", "摘要", false}};
constexpr ColumnSpec kRectifications[] = {{"id", "编号", true},
                                          {"department_id", "部门编号", true},
                                          {"source", "来源", false},
                                          {"source_ref", "来源编号", false},
                                          {"category", "问题类别", true},
                                          {"description", "整改内容", false},
                                          {"deadline", "整改时限", false},
                                          {"status", "状态", true},
                                          {"closed_on", "销号日期", false}};
constexpr ColumnSpec kCommitments[] = {{"id", "编号", true},           {"department_id", "部门编号", true},
                                       {"text", "承诺内容", false},    {"published_on", "公开日期", false},
                                       {"channel", "公开渠道", false}, {"due_on", "完成时限", false},
                                       {"status", "状态", false}};
constexpr ColumnSpec kHearings[] = {{"id", "编号", true},           {"department_id", "部门编号", true},
                                    {"held_on", "听证日期", false}, {"question", "质询问题", false},
                                    {"answer", "答复", false},      {"rectification_id", "整改编号", false}};
constexpr ColumnSpec kActivities[] = {{"id", "编号", true},    {"department_id", "部门编号", true},
                                      {"kind", "类型", false}, {"target", "对象", false},
                                      {"date", "日期", false}, {"summary", "摘要", false}};
constexpr ColumnSpec kSurveys[] = {
    {"id", "编号", true},      {"representative_id", "代表编号", true}, {"site_kind", "地点类型", false},
    {"site", "地点", false},   {"visited_on", "走访日期", false},       {"department_id", "部门编号", false},
    {"opinion", "意见", false}};
constexpr ColumnSpec kBallotSheets[] = {
    {"sheet_no", "票号", true}, {"sector", "界别", false}, {"representative_id", "代表编号", false}};
constexpr ColumnSpec kQuestionnaireSheets[] = {{"response_id", "问卷编号", true},
                                               {"respondent_group", "对象类别", false}};

// Every table, in the order they are read (departments and representatives first).
constexpr TableSpec kTableList[] = {
    {Table::departments, "departments", true, kDepartments},
    {Table::representatives, "representatives", true, kRepresentatives},
    {Table::ballots, "ballots", true, kBallots},
    {Table::ballot_sheets, "ballot_sheets", false, kBallotSheets},
    {Table::questionnaires, "questionnaires", true, kQuestionnaires},
    {Table::questionnaire_sheets, "questionnaire_sheets", false, kQuestionnaireSheets},
    {Table::daily_work, "daily_work", false, kDailyWork},
    {Table::self_assessment, "self_assessment", false, kSelfAssessment},
    {Table::complaints, "complaints", false, kComplaints},
    {Table::rectifications, "rectifications", false, kRectifications},
    {Table::commitments, "commitments", false, kCommitments},
    {Table::hearings, "hearings", false, kHearings},
    {Table::activities, "activities", false, kActivities},
    {Table::surveys, "surveys", false, kSurveys},
};

}  // namespace

const std::span<const TableSpec> kTables = kTableList;

std::string_view table_alias(Table table) noexcept {
  switch (table) {
    case Table::departments:
      return "部门";
    case Table::representatives:
      return "评议代表";
    case Table::ballots:
      return "测评票";
    case Table::ballot_sheets:
      return "测评表";
    case Table::questionnaires:
      return "问卷";
    case Table::questionnaire_sheets:
      return "问卷表";
    case Table::daily_work:
      return "日常考核";
    case Table::complaints:
      return "投诉";
    case Table::rectifications:
      return "整改";
    case Table::commitments:
      return "公开承诺";
    case Table::hearings:
      return "听证质询";
    case Table::activities:
      return "三联系一走访";
    case Table::surveys:
      return "社情民意调查";
    case Table::self_assessment:
      return "自评";
  }
  return {};
}

Table long_form(Table table) noexcept {
  if (table == Table::ballot_sheets) return Table::ballots;
  if (table == Table::questionnaire_sheets) return Table::questionnaires;
  return table;
}

bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::size_t find_column(const TableSpec& spec, std::string_view header) noexcept {
  std::size_t c = 0;
  while (c < spec.columns.size() && !iequals_ascii(spec.columns[c].name, header) &&
         spec.columns[c].alias != header)
    ++c;
  return c;
}

}  // namespace review::ingest

namespace review {

std::vector<InputTable> input_tables() {
  std::vector<InputTable> out;
  for (const auto& spec : ingest::kTables) {
    InputTable t{spec.name, ingest::table_alias(spec.table), spec.required, {}};
    for (const auto& c : spec.columns) t.columns.push_back(InputColumn{c.name, c.alias, c.required});
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace review
