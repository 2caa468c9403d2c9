#pragma once
/// @file documents.hpp
/// The Word documents of a cycle: the annual report (工作报告), one feedback
/// letter per participating department (反馈意见书) and the commitment booklet
/// (公开承诺汇编). Everything a department is shown below its own totals comes
/// from review::AnonymousView; nothing per representative or respondent is written.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "docx_template.hpp"
#include "libreview/anonymity.hpp"
#include "libreview/report.hpp"
#include "libreview/vocabulary.hpp"
#include "ooxml.hpp"

namespace review::docx {

/// Writer settings taken from ReportOptions::values.
struct DocumentSettings {
  std::string office = "县民主评议行风工作领导小组办公室";  ///< `office`: the issuing office (落款)
  Date date;  ///< `date` (YYYY-MM-DD): the date the documents carry; default today
  /// `plan_due` (YYYY-MM-DD): the day by which a department sends its rectification plan
  /// (整改方案报送期限); default 30 days after `date`.
  std::optional<Date> plan_due;
  /// `layout`: GB/T 9704 公文 (the default) or our plain layout.
  Layout layout = Layout::gongwen;
  /// `doc_no`: the document number (文号) under the issuing office's mark, e.g. XX纠风办〔2018〕1号.
  std::string doc_no;
  /// `to`: the report's principal recipients (主送机关), e.g. 县委、县政府.
  std::string to;
  /// `cc`: the copies (抄送) in the 版记.
  std::string cc;
  /// The day the plans are due: plan_due, or 30 days after date.
  [[nodiscard]] Date plan_due_on() const { return plan_due ? *plan_due : Date::from_days(date.days() + 30); }
};

/// Builds the documents of one cycle; everything is computed in memory.
class Documents {
 public:
  /// Checks that `input.results` matches `input.cycle` (ReportError otherwise).
  Documents(const ReportInput& input, DocumentSettings settings);

  /// 《<year>年度民主评议行风工作报告》, as .docx bytes.
  [[nodiscard]] std::string annual_report() const;
  /// 《公开承诺汇编》, as .docx bytes.
  [[nodiscard]] std::string booklet() const;
  /// The annual report in the office's own template: its `{{title}}`, `{{office}}`, `{{date}}`,
  /// `{{doc_no}}`, `{{to}}`, `{{cc}}`, `{{year}}`, `{{name}}`, `{{county}}` filled, and the
  /// report's text (from the opening paragraph to the suggestions) in place of `{{body}}`.
  [[nodiscard]] std::string annual_report(const DocxTemplate& tpl) const;
  /// The booklet in the office's own template, as annual_report(const DocxTemplate&).
  [[nodiscard]] std::string booklet(const DocxTemplate& tpl) const;
  /// The values of a report or booklet template titled `title` (docs/templates.md).
  [[nodiscard]] TemplateData document_data(const std::string& title) const;
  /// The feedback letter of department `dept` (index into Cycle::departments), as .docx bytes.
  [[nodiscard]] std::string letter(std::uint32_t dept) const;
  /// Every letter in one document, a page break between them.
  [[nodiscard]] std::string letters_combined() const;
  /// Builds the letters one at a time, in participating() order, holding one in
  /// memory at a time: `each` (when set) gets the department and its letter as
  /// .docx bytes (as letter()); every letter is also appended to `combined`
  /// (when not null), a page break between them, for letters_combined(const StreamedBody&).
  void each_letter(const std::function<void(std::uint32_t dept, std::string docx)>& each,
                   StreamedBody* combined) const;
  /// The combined letters (as letters_combined()) from the body each_letter()
  /// streamed, after StreamedBody::finish(), as .docx bytes.
  [[nodiscard]] std::string letters_combined(const StreamedBody& combined) const;
  /// The values a letter template is filled with (see docs/templates.md).
  [[nodiscard]] TemplateData letter_data(std::uint32_t dept) const;

  /// Participating departments in Cycle order (the letters to write).
  [[nodiscard]] const std::vector<std::uint32_t>& participating() const noexcept { return participating_; }
  /// The year of the cycle.
  [[nodiscard]] int year() const noexcept { return cycle_.info.year; }

 private:
  const DepartmentResult& result(std::uint32_t dept) const { return results_.departments[result_of_[dept]]; }
  void letter_body(Body& body, std::uint32_t dept) const;
  /// The letter's annex (附件): the receipt's arithmetic, component by component.
  void letter_annex(Body& body, std::uint32_t dept) const;
  /// What the checks found about `dept`, as one sentence of the letter (empty when nothing).
  [[nodiscard]] std::string flag_sentence(std::uint32_t dept) const;
  /// The report's text from its opening paragraph to the suggestions (no head, no signature).
  void annual_report_content(Body& body) const;
  /// The booklet's text after its title: the opening paragraph, then every sequence.
  void booklet_content(Body& body) const;
  void work_done(Body& body) const;
  void results_section(Body& body) const;
  /// 主要成效: what the year's work achieved, from the data (one sub-section of the work done).
  void achievements(Body& body, const std::function<void(std::string_view)>& sub) const;
  /// 公开承诺兑现情况 of a letter: the counts by status and each commitment's status.
  void commitments_kept(Body& body, std::uint32_t dept) const;
  /// 与上年比较: how many moved up or down since the earlier cycle, and the biggest movers.
  void year_over_year(Body& body) const;
  void problems(Body& body) const;
  void suggestions(Body& body) const;
  [[nodiscard]] bool has_flag(std::uint32_t dept, FlagCode flag) const;
  /// The participating departments with `flag`, by overall rank.
  [[nodiscard]] std::vector<std::uint32_t> flagged(FlagCode flag) const;

  const Cycle& cycle_;
  const Results& results_;
  const RegionProfile& profile_;
  DocumentSettings settings_;
  AnonymousView view_;
  PackageMaker maker_;
  std::vector<std::size_t> result_of_;        // department index -> index in Results::departments
  std::vector<std::uint32_t> participating_;  // Cycle order
  std::vector<std::uint32_t> ranked_;         // participating, by overall rank
  std::vector<std::string> categories_;       // sector sequences, in order of first appearance
  std::vector<std::vector<const RectificationItem*>> rectifications_;  // by department
  std::vector<std::vector<const Hearing*>> hearings_;
  std::vector<std::vector<const Complaint*>> complaints_;
  std::vector<std::vector<const Commitment*>> commitments_;
};

}  // namespace review::docx
