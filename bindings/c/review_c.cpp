// The C API (review.h) over the C++ core: handles own C++ objects and the
// strings handed out; every entry point catches everything.
#include <exception>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/report.hpp"
#include "libreview/review.h"
#include "libreview/scoring.hpp"
#include "libreview/session.hpp"
#include "libreview/store.hpp"
#include "libreview/version.hpp"

namespace fs = std::filesystem;

struct review_context {
  std::unique_ptr<review::PluginRegistry> registry;
  review_status status = REVIEW_OK;
  std::string message;
  std::string code;  // the message code (LR-...) of the last failure
  std::vector<review::Diagnostic> diagnostics;
  std::size_t diagnostic_total = 0;
  std::vector<std::string> written;
  std::vector<review::PluginInfo> plugins;
  std::vector<std::string> plugin_strings;  // kind, file of each plugin (5 per plugin)
  std::vector<review::RefusedPlugin> refused;
  std::vector<std::string> refused_files;
};

struct review_cycle {
  std::shared_ptr<const review::Cycle> cycle;
  std::string as_of;
};

struct review_results {
  std::shared_ptr<const review::Cycle> cycle;  // the cycle scored (kept alive)
  review::RegionProfile profile;
  review::Results results;
  std::vector<std::string> flags;  // ';'-joined flags of each row
};

namespace {

// Thrown for a bad argument found by the C layer itself.
struct BadArgument : std::exception {
  std::string what_;
  explicit BadArgument(std::string w) : what_(std::move(w)) {}
  [[nodiscard]] const char* what() const noexcept override { return what_.c_str(); }
};

void require(bool condition, const char* what) {
  if (!condition) throw BadArgument(what);
}

const char* text(const char* s) { return s == nullptr ? "" : s; }
bool empty(const char* s) { return s == nullptr || *s == '\0'; }

void clear(review_context* ctx) {
  ctx->status = REVIEW_OK;
  ctx->message.clear();
  ctx->code.clear();
  ctx->diagnostics.clear();
  ctx->diagnostic_total = 0;
}

review_status fail(review_context* ctx, review_status status, std::string message) {
  ctx->status = status;
  ctx->message = std::move(message);
  return status;
}

// The C status of each error class: the one place the C API classifies errors.
review_status status_of(review::ErrorCode code) noexcept {
  switch (code) {
    case review::ErrorCode::invalid_data:
      return REVIEW_INVALID_DATA;
    case review::ErrorCode::not_found:
      return REVIEW_NOT_FOUND;
    case review::ErrorCode::io:
      return REVIEW_IO_ERROR;
    case review::ErrorCode::plugin:
      return REVIEW_PLUGIN_ERROR;
    case review::ErrorCode::store:
      return REVIEW_STORE_ERROR;
    case review::ErrorCode::report:
      return REVIEW_REPORT_ERROR;
    case review::ErrorCode::usage:
      return REVIEW_BAD_ARGUMENT;
    case review::ErrorCode::internal:
      return REVIEW_OTHER_ERROR;
  }
  return REVIEW_OTHER_ERROR;
}

// Runs `body` with every exception turned into a status and the context's message.
template <class Body>
review_status guarded(review_context* ctx, Body&& body) noexcept {
  if (ctx == nullptr) return REVIEW_BAD_ARGUMENT;
  try {
    clear(ctx);
    body();
    return REVIEW_OK;
  } catch (const review::ValidationError& e) {
    try {
      ctx->diagnostics = e.diagnostics();
      ctx->diagnostic_total = e.total() > 0 ? e.total() : e.diagnostics().size();
      ctx->code = e.message_code();
      std::string message =
          e.diagnostics().empty()
              ? review::message("LR-E010", ctx->diagnostic_total, e.what())
              : review::message("LR-E009", ctx->diagnostic_total, e.diagnostics().front().to_string());
      return fail(ctx, REVIEW_INVALID_DATA, std::move(message));
    } catch (...) {
      ctx->message.clear();
      ctx->status = REVIEW_INVALID_DATA;
      return REVIEW_INVALID_DATA;
    }
  } catch (...) {
    // Everything else: the error's class decides the status (status_of); keep the message
    // (allocation may fail: then no message).
    review_status status = REVIEW_OTHER_ERROR;
    std::string message;
    try {
      throw;
    } catch (const BadArgument& e) {
      status = REVIEW_BAD_ARGUMENT;
      message = e.what();
    } catch (const review::Error& e) {
      status = status_of(e.code());
      message = e.what();
      try {
        ctx->code = e.message_code();
      } catch (...) {
      }
    } catch (const std::bad_alloc&) {
      message = "out of memory";
    } catch (const std::exception& e) {
      try {
        message = e.what();
      } catch (...) {
      }
    } catch (...) {
      message = "unknown error";
    }
    ctx->status = status;
    ctx->message.swap(message);
    return status;
  }
}

std::vector<fs::path> split_path(const char* path) {
  std::vector<fs::path> folders;
  std::string_view rest(path);
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const std::string_view part = rest.substr(0, colon);
    if (!part.empty()) {
      fs::path folder{std::string(part)};
      if (!folder.is_absolute()) throw BadArgument("plugin folder is not absolute: " + folder.string());
      folders.push_back(std::move(folder));
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return folders;
}

// Item `index` of `results->results.*list` (a row, a flag), after the checks every accessor makes.
template <class T>
const T& item(const review_results* results, const void* out, std::vector<T> review::Results::*list,
              size_t index, const char* out_of_range) {
  require(results != nullptr, "results is NULL");
  require(out != nullptr, "out is NULL");
  const std::vector<T>& all = results->results.*list;
  require(index < all.size(), out_of_range);
  return all[index];
}

std::string join_flags(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) out += (out.empty() ? "" : ";") + f;
  return out;
}

}  // namespace

extern "C" {

const char* review_status_name(review_status status) {
  switch (status) {
    case REVIEW_OK:
      return "ok";
    case REVIEW_INVALID_DATA:
      return "invalid data";
    case REVIEW_PLUGIN_ERROR:
      return "plugin error";
    case REVIEW_STORE_ERROR:
      return "store error";
    case REVIEW_REPORT_ERROR:
      return "report error";
    case REVIEW_BAD_ARGUMENT:
      return "bad argument";
    case REVIEW_OTHER_ERROR:
      return "other error";
    case REVIEW_NOT_FOUND:
      return "not found";
    case REVIEW_IO_ERROR:
      return "i/o error";
  }
  return "unknown status";
}

const char* review_version(void) { return review::version(); }

int review_plugin_abi(void) { return review::plugin_abi(); }

review_status review_context_new(const char* plugin_path, review_context** out) {
  if (out == nullptr) return REVIEW_BAD_ARGUMENT;
  *out = nullptr;
  std::unique_ptr<review_context> ctx(new (std::nothrow) review_context);
  if (!ctx) return REVIEW_OTHER_ERROR;
  const review_status st = guarded(ctx.get(), [&] {
    ctx->registry = plugin_path == nullptr
                        ? std::make_unique<review::PluginRegistry>()
                        : std::make_unique<review::PluginRegistry>(split_path(plugin_path));
  });
  if (st == REVIEW_OK) *out = ctx.release();
  return st;
}

void review_context_free(review_context* ctx) { delete ctx; }

review_status review_context_last_status(const review_context* ctx) {
  return ctx == nullptr ? REVIEW_BAD_ARGUMENT : ctx->status;
}

const char* review_context_last_error(const review_context* ctx) {
  return ctx == nullptr ? "no context (NULL)" : ctx->message.c_str();
}

const char* review_context_last_error_code(const review_context* ctx) {
  return ctx == nullptr ? "" : ctx->code.c_str();
}

review_status review_set_language(const char* lang) {
  const auto parsed = review::parse_language(text(lang));
  if (!parsed) return REVIEW_BAD_ARGUMENT;
  review::set_language(*parsed);
  return REVIEW_OK;
}

size_t review_context_diagnostic_count(const review_context* ctx) {
  return ctx == nullptr ? 0 : ctx->diagnostics.size();
}

size_t review_context_diagnostic_total(const review_context* ctx) {
  return ctx == nullptr ? 0 : ctx->diagnostic_total;
}

review_status review_context_diagnostic(const review_context* ctx, size_t index, review_diagnostic* out) {
  if (ctx == nullptr || out == nullptr || index >= ctx->diagnostics.size()) return REVIEW_BAD_ARGUMENT;
  const auto& d = ctx->diagnostics[index];
  *out = review_diagnostic{d.file.c_str(),    d.line,        d.column, d.field.c_str(), d.value.c_str(),
                           d.message.c_str(), d.code.c_str()};
  return REVIEW_OK;
}

size_t review_context_written_count(const review_context* ctx) {
  return ctx == nullptr ? 0 : ctx->written.size();
}

const char* review_context_written_file(const review_context* ctx, size_t index) {
  if (ctx == nullptr || index >= ctx->written.size()) return nullptr;
  return ctx->written[index].c_str();
}

review_status review_cycle_import(review_context* ctx, const char* source, review_cycle** out) {
  if (out != nullptr) *out = nullptr;
  return guarded(ctx, [&] {
    require(out != nullptr, "out is NULL");
    require(!empty(source), "source is NULL or empty");
    auto cycle = std::make_unique<review_cycle>();
    auto imported =
        std::make_shared<review::Cycle>(review::import_cycle(source, review::import_options_for()));
    cycle->as_of = imported->info.as_of.to_string();
    cycle->cycle = std::move(imported);
    *out = cycle.release();
  });
}

review_status review_cycle_load(review_context* ctx, const char* store, const char* region, int year,
                                review_cycle** out) {
  if (out != nullptr) *out = nullptr;
  return guarded(ctx, [&] {
    require(out != nullptr, "out is NULL");
    require(!empty(store), "store is NULL or empty");
    require(!empty(region), "region is NULL or empty");
    if (!review::store_exists(store)) review::refuse<review::StoreError>("LR-S116", store);
    const review::Store s{fs::path(store)};
    auto cycle = std::make_unique<review_cycle>();
    auto loaded = std::make_shared<review::Cycle>(s.load(region, year));
    cycle->as_of = loaded->info.as_of.to_string();
    cycle->cycle = std::move(loaded);
    *out = cycle.release();
  });
}

review_status review_cycle_save(review_context* ctx, const review_cycle* cycle, const char* store) {
  return guarded(ctx, [&] {
    require(cycle != nullptr && cycle->cycle, "cycle is NULL");
    require(!empty(store), "store is NULL or empty");
    review::Store s{fs::path(store)};
    s.save(*cycle->cycle);
  });
}

void review_cycle_free(review_cycle* cycle) { delete cycle; }

review_status review_cycle_get_info(review_context* ctx, const review_cycle* cycle, review_cycle_info* out) {
  return guarded(ctx, [&] {
    require(cycle != nullptr && cycle->cycle, "cycle is NULL");
    require(out != nullptr, "out is NULL");
    const review::Cycle& c = *cycle->cycle;
    *out = review_cycle_info{c.info.region.c_str(),   c.info.year,
                             c.info.name.c_str(),     cycle->as_of.c_str(),
                             c.content_hash.c_str(),  c.departments.size(),
                             c.participating_count(), c.representatives.size(),
                             c.ballots.size(),        c.questionnaires.size(),
                             c.complaints.size(),     c.rectifications.size()};
  });
}

review_status review_score(review_context* ctx, const review_cycle* cycle, const char* profile,
                           const char* rule, const char* history_store, review_results** out) {
  if (out != nullptr) *out = nullptr;
  return guarded(ctx, [&] {
    require(out != nullptr, "out is NULL");
    require(cycle != nullptr && cycle->cycle, "cycle is NULL");
    review::History history;
    if (!empty(history_store)) {
      if (!review::store_exists(history_store)) review::refuse<review::StoreError>("LR-S116", history_store);
      const review::Store s{fs::path(history_store)};
      history = review::history_of(s, cycle->cycle->info.region, cycle->cycle->info.year, *ctx->registry);
    }
    review::Scored scored =
        review::score_session(*cycle->cycle, history, text(profile), text(rule), *ctx->registry);
    auto results = std::make_unique<review_results>();
    results->cycle = cycle->cycle;
    results->profile = std::move(scored.profile);
    results->results = std::move(scored.results);
    results->flags.reserve(results->results.departments.size());
    for (const auto& r : results->results.departments) results->flags.push_back(join_flags(r.flags));
    *out = results.release();
  });
}

void review_results_free(review_results* results) { delete results; }

size_t review_results_count(const review_results* results) {
  return results == nullptr ? 0 : results->results.departments.size();
}

const char* review_results_rule(const review_results* results) {
  return results == nullptr ? "" : results->results.rule.c_str();
}

const char* review_results_profile(const review_results* results) {
  return results == nullptr ? "" : results->profile.id.c_str();
}

review_status review_results_row(review_context* ctx, const review_results* results, size_t index,
                                 review_result_row* out) {
  return guarded(ctx, [&] {
    const auto& r = item(results, out, &review::Results::departments, index, "row index out of range");
    const auto& d = results->cycle->departments.at(r.department);
    // Static strings: the enum names are string literals in the core.
    const std::string_view status = review::to_string(d.status);
    const std::string_view grade =
        r.grade == review::Grade::none ? std::string_view("") : review::to_string(r.grade);
    const std::string_view grade_zh =
        r.grade == review::Grade::none ? std::string_view("") : review::label_zh(r.grade);
    review_result_row row{};
    row.department_id = d.id.c_str();
    row.department_name = d.name.c_str();
    row.category = d.category.c_str();
    row.status = status.data();
    row.has_ballot_score = r.ballot_score ? 1 : 0;
    row.ballot_score = r.ballot_score.value_or(0.0);
    row.has_questionnaire_score = r.questionnaire_score ? 1 : 0;
    row.questionnaire_score = r.questionnaire_score.value_or(0.0);
    row.has_daily_work_score = r.daily_work_score ? 1 : 0;
    row.daily_work_score = r.daily_work_score.value_or(0.0);
    row.deductions = r.deductions;
    row.has_composite = r.composite ? 1 : 0;
    row.composite = r.composite.value_or(0.0);
    row.rank_overall = r.rank_overall;
    row.rank_in_category = r.rank_in_category;
    row.grade = grade.data();
    row.grade_zh = grade_zh.data();
    row.flags = results->flags[index].c_str();
    *out = row;
  });
}

size_t review_results_flag_count(const review_results* results) {
  return results == nullptr ? 0 : results->results.flags.size();
}

review_status review_results_flag(review_context* ctx, const review_results* results, size_t index,
                                  review_flag* out) {
  return guarded(ctx, [&] {
    const auto& f = item(results, out, &review::Results::flags, index, "flag index out of range");
    *out = review_flag{f.flag.c_str(), review::to_string(f.subject_kind).data(), f.subject_id.c_str(),
                       f.detail.c_str()};
  });
}

review_status review_write_report(review_context* ctx, const review_cycle* cycle,
                                  const review_results* results, const char* format, const char* out_dir,
                                  const char* const* options) {
  return guarded(ctx, [&] {
    ctx->written.clear();
    require(cycle != nullptr && cycle->cycle, "cycle is NULL");
    require(results != nullptr, "results is NULL");
    require(results->cycle == cycle->cycle, "the results were not scored from this cycle");
    require(!empty(format), "format is NULL or empty");
    require(!empty(out_dir), "out_dir is NULL or empty");
    review::ReportOptions ro;
    for (const char* const* o = options; o != nullptr && *o != nullptr; ++o)
      review::set_report_option(ro, *o);
    const review::Scored scored{results->profile, results->results};
    const auto files = review::write_reports(*cycle->cycle, scored, {format}, out_dir, ro, *ctx->registry);
    for (const auto& f : files) ctx->written.push_back(f.string());
  });
}

review_status review_list_plugins(review_context* ctx, size_t* count, size_t* refused) {
  if (count != nullptr) *count = 0;
  if (refused != nullptr) *refused = 0;
  return guarded(ctx, [&] {
    require(count != nullptr, "count is NULL");
    ctx->registry->rescan();
    ctx->plugins = ctx->registry->list();
    ctx->refused = ctx->registry->refused();
    ctx->plugin_strings.clear();
    for (const auto& p : ctx->plugins) ctx->plugin_strings.push_back(p.file.string());
    ctx->refused_files.clear();
    for (const auto& r : ctx->refused) ctx->refused_files.push_back(r.file.string());
    *count = ctx->plugins.size();
    if (refused != nullptr) *refused = ctx->refused.size();
  });
}

review_status review_plugin(review_context* ctx, size_t index, review_plugin_info* out) {
  return guarded(ctx, [&] {
    require(out != nullptr, "out is NULL");
    require(index < ctx->plugins.size(), "plugin index out of range (call review_list_plugins first)");
    const auto& p = ctx->plugins[index];
    *out = review_plugin_info{review::to_string(p.kind).data(), p.id.c_str(), p.version.c_str(),
                              p.summary.c_str(), ctx->plugin_strings[index].c_str()};
  });
}

review_status review_refused_plugin(review_context* ctx, size_t index, const char** file,
                                    const char** reason) {
  return guarded(ctx, [&] {
    require(file != nullptr && reason != nullptr, "file or reason is NULL");
    require(index < ctx->refused.size(), "refused index out of range (call review_list_plugins first)");
    *file = ctx->refused_files[index].c_str();
    *reason = ctx->refused[index].reason.c_str();
  });
}

}  // extern "C"
