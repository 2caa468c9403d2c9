// The values a letter template is filled with (docs/templates.md): the same
// figures, labels and table cells as the built-in letter (letters.cpp).
#include <fmt/format.h>

#include <algorithm>

#include "documents.hpp"
#include "documents_internal.hpp"
#include "libreview/vocabulary.hpp"

namespace review::docx {

using namespace detail;

TemplateData Documents::letter_data(std::uint32_t dept) const {
  const Department& dep = cycle_.departments[dept];
  const DepartmentResult& r = result(dept);
  TemplateData t;
  t.set("year", std::to_string(cycle_.info.year));
  t.set("cycle.name", cycle_.info.name);
  t.set("date", date_zh(settings_.date));
  t.set("office", settings_.office);
  t.set("department.id", dep.id);
  t.set("department.name", dep.name);
  t.set("department.category", dep.category);
  t.set("department.hotline", dep.hotline);
  t.set("participating_count", std::to_string(participating_.size()));
  t.set("category_count",
        std::to_string(std::count_if(participating_.begin(), participating_.end(), [&](auto d) {
          return cycle_.departments[d].category == dep.category;
        })));
  t.set("ballot_score", fig(r.ballot_score));
  t.set("questionnaire_score", fig(r.questionnaire_score));
  t.set("daily_work_score", fig(r.daily_work_score));
  t.set("deductions", fig(r.deductions));
  t.set("composite", fig(r.composite));
  t.set("rank_overall", rank_or_dash(r.rank_overall));
  t.set("rank_in_category", rank_or_dash(r.rank_in_category));
  t.set("grade", grade_or_dash(r.grade));
  t.set("flags", flag_labels(r.flags));
  t.set("previous_composite", r.previous_year != 0 ? fig(r.previous_composite) : "");
  t.set("previous_rank_overall", r.previous_rank_overall != 0 ? std::to_string(r.previous_rank_overall) : "");
  t.set("previous_grade", r.previous_year != 0 ? grade_or_dash(r.previous_grade) : "");
  t.set("rank_change", r.rank_change() ? std::to_string(*r.rank_change()) : "");
  t.set("change_sentence", change_sentence(r));
  const auto expected = dept < cycle_.expected_scores.size() ? cycle_.expected_scores[dept] : std::nullopt;
  t.set("expected_score", expected ? fig(expected) : "");
  t.set("self_gap", expected && r.composite ? fig(*expected - *r.composite) : "");

  for (const ComponentReceipt& c : r.receipt.components) {
    auto& list = t.list(c.component + "_votes");
    for (int i = 0; i < kRatingCount; ++i)
      set_cells(list.emplace_back(), {"rating", "votes", "points", "subtotal"}, vote_cells(c, i));
  }
  t.list("ballot_votes");
  t.list("questionnaire_votes");
  auto& weights = t.list("weights");
  for (const auto& cells : weight_rows(r))
    set_cells(weights.emplace_back(), {"component", "score", "weight", "weighted"}, cells);
  auto& deductions = t.list("deduction_items");
  for (const DeductionReceipt& d : r.receipt.deductions) {
    if (d.items.empty()) continue;
    TemplateData& row = deductions.emplace_back();
    row.set("kind", std::string(label_zh(TermFamily::deduction, d.kind)));
    row.set("points_each", fig(d.points_each));
    row.set("items", join(d.items));
    row.set("points", fig(d.points));
  }
  auto breakdown = [&](const std::string& name, const char* label, const SuppressedBreakdown& s) {
    auto& list = t.list(name);
    for (const auto& cells : breakdown_rows(s))
      set_cells(list.emplace_back(), {label, "satisfied", "basic", "dissatisfied", "unknown", "total"},
                cells);
  };
  breakdown("questionnaire_groups", "group", view_.questionnaires_by_group(dept));
  breakdown("ballot_sectors", "sector", view_.ballots_by_sector(dept));
  auto& opinions = t.list("opinions");
  for (const auto& o : view_.opinions(dept)) {
    TemplateData& row = opinions.emplace_back();
    row.set("text", o.text);
    row.set("times", std::to_string(o.times));
  }
  auto& hearings = t.list("hearings");
  for (const Hearing* h : hearings_[dept])
    set_cells(hearings.emplace_back(), {"held_on", "question", "answer", "rectification_id"},
              hearing_cells(*h));
  auto& items = t.list("rectifications");
  const Date as_of = cycle_.info.judged_on();
  for (const RectificationItem* it : rectifications_[dept]) {
    TemplateData& row = items.emplace_back();
    row.set("id", it->id);
    row.set("source", std::string(term(it->source).zh));
    row.set("category", it->category);
    row.set("description", it->description);
    row.set("deadline", date_or_dash(it->deadline));
    row.set("status", std::string(term(it->status).zh));
    row.set("overdue", it->overdue(as_of) ? "逾期" : "");
    row.set("closed_on", it->closed_on ? it->closed_on->to_string() : "");
  }
  auto& complaints = t.list("complaints");
  std::int64_t substantiated = 0;
  for (const Complaint* c : complaints_[dept]) {
    substantiated += c->substantiated ? 1 : 0;
    set_cells(complaints.emplace_back(),
              {"id", "received_on", "channel", "category", "substantiated", "closed_on"},
              complaint_cells(*c));
  }
  t.set("complaints_received", std::to_string(complaints_[dept].size()));
  t.set("complaints_substantiated", std::to_string(substantiated));
  return t;
}

}  // namespace review::docx
