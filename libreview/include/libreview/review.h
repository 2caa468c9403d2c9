/* SPDX-License-Identifier: Apache-2.0 */
#ifndef LIBREVIEW_REVIEW_H
#define LIBREVIEW_REVIEW_H
/**
 * @file review.h
 * The C API of libreview (C99), for embedding the yearly democratic appraisal
 * of departmental conduct (民主评议行风) in office software: import a cycle's
 * data, keep it in the store, score it under a region profile, read the
 * results row by row, write the reports. Link with `review::c` (CMake) or
 * `pkg-config --libs libreview`.
 *
 * Conventions
 * - Every string is UTF-8 and NUL-terminated, in and out.
 * - Every fallible call takes the context first and returns a ::review_status;
 *   on failure the context keeps the message (review_context_last_error()) and,
 *   for ::REVIEW_INVALID_DATA, every diagnostic (review_context_diagnostic()).
 *   A successful call clears them.
 * - Output pointers are set only on success (to NULL on failure).
 * - Strings returned are owned by the handle they came from and stay valid
 *   until that handle is freed (results rows: while the results handle lives;
 *   context strings: until the next call on the context).
 * - The `*_free` functions accept NULL. Cycles and results may be freed in any
 *   order, before or after their context.
 * - No C++ exception crosses this API: every entry point catches everything
 *   and turns it into a status.
 *
 * Thread safety: a context and the handles made with it are used by one
 * thread at a time (no locking inside; hand them over between threads with
 * your own synchronisation). Distinct contexts may be used concurrently from
 * different threads; each has its own plugin registry. Two contexts writing
 * the same store file at once are serialised by SQLite and may fail with
 * ::REVIEW_STORE_ERROR ("database is locked").
 *
 * Stores: wherever a store file is taken, a PostgreSQL connection URI
 * (`postgresql://user@host/db`, libpq's syntax) names a server that several
 * counties' offices share instead; writers of one region and year wait for each
 * other there. A server that cannot be reached gives ::REVIEW_STORE_ERROR with
 * the server's own message.
 *
 * Example: the sample county, 2016 then 2017 through a store, scored and reported.
 * @code
 *   #include <stdio.h>
 *   #include <libreview/review.h>
 *
 *   static int fail(review_context* ctx, review_status st) {
 *     fprintf(stderr, "%s: %s\n", review_status_name(st), review_context_last_error(ctx));
 *     for (size_t i = 0; i < review_context_diagnostic_count(ctx); ++i) {
 *       review_diagnostic d;
 *       review_context_diagnostic(ctx, i, &d);
 *       fprintf(stderr, "  %s:%zu:%zu: %s (%s)\n", d.file, d.line, d.column, d.message, d.value);
 *     }
 *     return 1;
 *   }
 *
 *   int main(void) {
 *     review_context* ctx = NULL;
 *     review_cycle* y2016 = NULL;
 *     review_cycle* y2017 = NULL;
 *     review_results* res = NULL;
 *     review_status st;
 *     if (review_context_new(NULL, &ctx) != REVIEW_OK) return 1;  // default plugin folders
 *     if ((st = review_cycle_import(ctx, "data/sample/2016", &y2016)) != REVIEW_OK) return fail(ctx, st);
 *     if ((st = review_cycle_save(ctx, y2016, "review.db")) != REVIEW_OK) return fail(ctx, st);
 *     if ((st = review_cycle_import(ctx, "data/sample/2017", &y2017)) != REVIEW_OK) return fail(ctx, st);
 *     // profile NULL: the cycle's region; rule NULL: the profile's; history of 2016 from the store
 *     if ((st = review_score(ctx, y2017, NULL, NULL, "review.db", &res)) != REVIEW_OK) return fail(ctx, st);
 *     for (size_t i = 0; i < review_results_count(res); ++i) {
 *       review_result_row r;
 *       review_results_row(ctx, res, i, &r);
 *       if (r.has_composite)
 *         printf("%3d %-8s %-24s %6.2f %s [%s]\n", r.rank_overall, r.department_id, r.department_name,
 *                r.composite, r.grade, r.flags);
 *     }
 *     const char* options[] = {"integrity=true", NULL};
 *     if ((st = review_write_report(ctx, y2017, res, "xlsx", "out/2017", options)) != REVIEW_OK)
 *       return fail(ctx, st);
 *     for (size_t i = 0; i < review_context_written_count(ctx); ++i)
 *       printf("written: %s\n", review_context_written_file(ctx, i));
 *     review_results_free(res);
 *     review_cycle_free(y2017);
 *     review_cycle_free(y2016);
 *     review_context_free(ctx);
 *     return 0;
 *   }
 * @endcode
 */

#include <stddef.h>

#if defined(_WIN32)
#if defined(REVIEW_BUILDING_C)
#define REVIEW_C_API __declspec(dllexport)
#else
#define REVIEW_C_API __declspec(dllimport)
#endif
#else
#define REVIEW_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Status, version                                                            */
/* ------------------------------------------------------------------------ */

/// What a call came to. The values are stable (they are the ABI).
typedef enum review_status {
  REVIEW_OK = 0,             ///< success
  REVIEW_INVALID_DATA = 1,   ///< input data refused; see review_context_diagnostic()
  REVIEW_PLUGIN_ERROR = 2,   ///< a plugin (rule, report format, region rule) could not be found, loaded or run
  REVIEW_STORE_ERROR = 3,    ///< the store failed, or holds no such cycle
  REVIEW_REPORT_ERROR = 4,   ///< a report could not be written
  REVIEW_BAD_ARGUMENT = 5,   ///< a NULL or out-of-range argument, handles that do not belong together,
                             ///< or a malformed option or parameter (an unknown report option, a bad date)
  REVIEW_OTHER_ERROR = 6,    ///< anything else: out of memory, a broken invariant (a bug to report)
  REVIEW_NOT_FOUND = 7,      ///< a named thing does not exist: a region profile, a folder or file
  REVIEW_IO_ERROR = 8        ///< a file could not be opened, read or written, or a system facility failed
} review_status;

/// The name of a status: "ok", "invalid data", "plugin error", "store error",
/// "report error", "bad argument", "other error", "not found", "i/o error"
/// ("unknown status" otherwise).
/// The string is static.
REVIEW_C_API const char* review_status_name(review_status status);

/// The version of libreview, e.g. "0.1.0" (static string).
REVIEW_C_API const char* review_version(void);

/// The plugin ABI this library was built with (plugins of another ABI are refused).
REVIEW_C_API int review_plugin_abi(void);

/* ------------------------------------------------------------------------ */
/* Handles                                                                    */
/* ------------------------------------------------------------------------ */

/// A context (上下文): the plugins it uses and the last error. Not shared between threads.
typedef struct review_context review_context;
/// One review cycle (评议周期), imported from a folder or workbook or loaded from a store.
typedef struct review_cycle review_cycle;
/// The results of scoring one cycle (评议结果), with the profile they were scored under.
typedef struct review_results review_results;

/* ------------------------------------------------------------------------ */
/* Context and errors                                                         */
/* ------------------------------------------------------------------------ */

/// Makes a context. `plugin_path`: NULL for the default plugin folders
/// (`LIBREVIEW_PLUGIN_PATH`, then `<libdir>/libreview/plugins/<ABI>/` next to
/// the core library), else a `:`-separated list of absolute folders used
/// instead (the environment is then ignored). Returns ::REVIEW_BAD_ARGUMENT
/// when `out` is NULL or a folder is relative; sets `*out` to NULL on failure.
REVIEW_C_API review_status review_context_new(const char* plugin_path, review_context** out);

/// Frees a context (NULL is fine). Cycles and results made with it stay valid.
REVIEW_C_API void review_context_free(review_context* ctx);

/// The status of the last call on `ctx` (::REVIEW_OK after a success;
/// ::REVIEW_BAD_ARGUMENT when `ctx` is NULL).
REVIEW_C_API review_status review_context_last_status(const review_context* ctx);

/// The message of the last failed call on `ctx`, "" after a success. For
/// invalid data it is a summary ("2 problem(s); first: ...", in Chinese after
/// review_set_language("zh"): "共 2 处问题；第一处：…"); the diagnostics hold
/// the detail. Never NULL; valid until the next call on `ctx`.
REVIEW_C_API const char* review_context_last_error(const review_context* ctx);

/// The stable code of the last failed call's message (提示代码), "" after a success:
/// the first diagnostic's ("LR-D137") for invalid data, else the class of failure's
/// ("LR-E001" ... "LR-E008"); docs/data-format.md lists them. Never NULL.
REVIEW_C_API const char* review_context_last_error_code(const review_context* ctx);

/// Gives every later message in `lang`: "zh" (中文) or "en"; ::REVIEW_BAD_ARGUMENT otherwise.
/// The default follows LC_ALL / LC_MESSAGES / LANG (zh_* for Chinese).
REVIEW_C_API review_status review_set_language(const char* lang);

/// One problem found in input data, located as file:line:column (lines and
/// columns count from 1; 0 means a whole file or row). Strings are "" when absent.
typedef struct review_diagnostic {
  const char* file;     ///< file (or `workbook[sheet]`) as given, relative to the cycle folder
  size_t line;          ///< 1-based line (a workbook: the sheet row)
  size_t column;        ///< 1-based column
  const char* field;    ///< canonical column or key name, e.g. "rating"
  const char* value;    ///< the offending value as read
  const char* message;  ///< what is wrong, in the message language, e.g. "rating not in the list" / "评价不在可选值之内"
  const char* code;     ///< the message's stable code (提示代码), e.g. "LR-D137"; "" when it has none
} review_diagnostic;

/// Number of diagnostics kept from the last call (0 unless it returned ::REVIEW_INVALID_DATA).
REVIEW_C_API size_t review_context_diagnostic_count(const review_context* ctx);

/// Number of problems found by the last call, possibly more than the diagnostics kept (capped at 100).
REVIEW_C_API size_t review_context_diagnostic_total(const review_context* ctx);

/// The diagnostic `index` (< review_context_diagnostic_count()) of the last
/// call. Reading diagnostics does not change them. Strings are valid until the next
/// call that may fail on `ctx`. ::REVIEW_BAD_ARGUMENT for a bad index or NULL.
REVIEW_C_API review_status review_context_diagnostic(const review_context* ctx, size_t index,
                                                     review_diagnostic* out);

/// Number of files the last successful review_write_report() on `ctx` wrote.
REVIEW_C_API size_t review_context_written_count(const review_context* ctx);

/// The path of written file `index`, or NULL when out of range; valid until the next call on `ctx`.
REVIEW_C_API const char* review_context_written_file(const review_context* ctx, size_t index);

/* ------------------------------------------------------------------------ */
/* Cycles                                                                     */
/* ------------------------------------------------------------------------ */

/// Imports and validates a cycle from `source`: a folder (cycle.toml and CSV
/// files, UTF-8 or GB18030) or an .xlsx workbook. Bad data is refused whole
/// with ::REVIEW_INVALID_DATA and every problem as a diagnostic; `*out` is then NULL.
REVIEW_C_API review_status review_cycle_import(review_context* ctx, const char* source, review_cycle** out);

/// Loads the cycle of `region` and `year` from the store file (or `postgresql://` URI) `store`
/// (::REVIEW_STORE_ERROR when the store holds no such cycle).
REVIEW_C_API review_status review_cycle_load(review_context* ctx, const char* store, const char* region, int year,
                                             review_cycle** out);

/// Saves `cycle` into the store file `store` (created when absent) in one
/// transaction, replacing the stored cycle of the same region and year.
REVIEW_C_API review_status review_cycle_save(review_context* ctx, const review_cycle* cycle, const char* store);

/// Frees a cycle (NULL is fine).
REVIEW_C_API void review_cycle_free(review_cycle* cycle);

/// What a cycle holds. Strings are owned by the cycle handle.
typedef struct review_cycle_info {
  const char* region;          ///< region (profile id), e.g. "seed-county"
  int year;                    ///< e.g. 2017
  const char* name;            ///< e.g. "XX县2017年度民主评议行风"
  const char* as_of;           ///< YYYY-MM-DD: the day overdue items are judged on
  const char* content_hash;    ///< SHA-256 of the imported files, hex
  size_t departments;          ///< every department, participating and exempt
  size_t participating;        ///< departments under review (参评)
  size_t representatives;      ///< appraisal representatives (评议代表)
  size_t ballots;              ///< ballots (测评票)
  size_t questionnaire_answers;  ///< questionnaire answers (问卷答复)
  size_t complaints;           ///< complaints (投诉)
  size_t rectifications;       ///< rectification items (整改事项)
} review_cycle_info;

/// Fills `out` with what `cycle` holds.
REVIEW_C_API review_status review_cycle_get_info(review_context* ctx, const review_cycle* cycle,
                                                 review_cycle_info* out);

/* ------------------------------------------------------------------------ */
/* Scoring and results                                                        */
/* ------------------------------------------------------------------------ */

/// Scores `cycle` (计分). `profile`: a profile id or a .toml file, NULL or ""
/// for the cycle's region. `rule`: a scoring rule id, NULL or "" for the
/// profile's own. `history_store`: a store file to take the earlier years of
/// the cycle's region from (relapse detection), NULL or "" for none (the store
/// is only read). ::REVIEW_PLUGIN_ERROR for an unknown profile or rule, or a
/// rule that breaks the sanity checks.
REVIEW_C_API review_status review_score(review_context* ctx, const review_cycle* cycle, const char* profile,
                                        const char* rule, const char* history_store, review_results** out);

/// Frees results (NULL is fine).
REVIEW_C_API void review_results_free(review_results* results);

/// Number of result rows: one per department of the cycle, in the cycle's
/// order, exempt ones included (0 for NULL).
REVIEW_C_API size_t review_results_count(const review_results* results);

/// The scoring rule the results came from, e.g. "default" ("" for NULL).
REVIEW_C_API const char* review_results_rule(const review_results* results);

/// The region profile the results were scored under, e.g. "seed-county" ("" for NULL).
REVIEW_C_API const char* review_results_profile(const review_results* results);

/// One department's result (部门评议结果). The `has_*` flags say whether the
/// double beside them holds a value (exempt departments have none; a
/// department may miss a component). Figures are unrounded; print them with
/// two decimals. Strings are owned by the results handle.
typedef struct review_result_row {
  const char* department_id;    ///< e.g. "D01"
  const char* department_name;  ///< e.g. "县公安局"
  const char* category;         ///< sector sequence (序列) ranked within
  const char* status;           ///< "participating" or "exempt"
  int has_ballot_score;         ///< 1 when ballot_score holds B
  double ballot_score;          ///< B: mean points over valid ballots
  int has_questionnaire_score;  ///< 1 when questionnaire_score holds Q
  double questionnaire_score;   ///< Q: mean points over valid questionnaire answers
  int has_daily_work_score;     ///< 1 when daily_work_score holds W
  double daily_work_score;      ///< W: the daily-work assessment
  double deductions;            ///< D, after the cap (0 for exempt departments)
  int has_composite;            ///< 1 when composite holds a value (participating departments)
  double composite;             ///< the composite score, within [0, 100] under the default profile
  int rank_overall;             ///< 1-based rank among all scored departments, 0 when not ranked
  int rank_in_category;         ///< 1-based rank within the category, 0 when not ranked
  const char* grade;            ///< "excellent", "good", "fair", "poor", or "" when not graded
  const char* grade_zh;         ///< "优秀", "良好", "一般", "较差", or ""
  const char* flags;            ///< the department's flags, sorted, ';'-separated ("" for none)
} review_result_row;

/// Fills `out` with row `index` (< review_results_count()).
REVIEW_C_API review_status review_results_row(review_context* ctx, const review_results* results, size_t index,
                                              review_result_row* out);

/// Number of flags (提示) of the results: department and representative flags (0 for NULL).
REVIEW_C_API size_t review_results_flag_count(const review_results* results);

/// One flag for people to review, never a penalty by itself. Strings are owned by the results handle.
typedef struct review_flag {
  const char* flag;          ///< e.g. "relapse", "straight_lining", "last_place"
  const char* subject_kind;  ///< "department" or "representative"
  const char* subject_id;    ///< department id, or a representative's pseudonymous code
  const char* detail;        ///< what a person should look at
} review_flag;

/// Fills `out` with flag `index` (< review_results_flag_count()).
REVIEW_C_API review_status review_results_flag(review_context* ctx, const review_results* results, size_t index,
                                               review_flag* out);

/* ------------------------------------------------------------------------ */
/* Reports                                                                    */
/* ------------------------------------------------------------------------ */

/// Writes the report `format` (a report plugin id: "csv", "xlsx", "json",
/// "docx", ...) of `cycle` scored as `results` into the folder `out_dir`
/// (created when needed). `results` must come from review_score() of this
/// `cycle` (else ::REVIEW_BAD_ARGUMENT). `options`: NULL, or a NULL-terminated
/// array of "key=value" strings, the options the writer declares (`libreview
/// plugins --options`): `integrity=true` adds the office's integrity sheet,
/// `template=<file.docx>` an office's own template, ... Every option is checked
/// by the core before anything is written: a string without `=`, a key the
/// format does not read or a malformed value is ::REVIEW_BAD_ARGUMENT naming
/// it, and nothing is written. Temporary files an interrupted run left in
/// `out_dir` are removed. The files written are listed by
/// review_context_written_file().
REVIEW_C_API review_status review_write_report(review_context* ctx, const review_cycle* cycle,
                                               const review_results* results, const char* format,
                                               const char* out_dir, const char* const* options);

/* ------------------------------------------------------------------------ */
/* Plugins                                                                    */
/* ------------------------------------------------------------------------ */

/// A plugin as listed. Strings are owned by the context, valid until the next
/// review_list_plugins() on it or its end.
typedef struct review_plugin_info {
  const char* kind;     ///< "scoring", "report" or "region"
  const char* id;       ///< e.g. "default", "xlsx"
  const char* version;  ///< the plugin's own version
  const char* summary;  ///< one line
  const char* file;     ///< the module it came from
} review_plugin_info;

/// Scans the context's plugin folders and sets `*count` to the number of
/// plugins found (sorted by kind, then id) and `*refused` (may be NULL) to the
/// number of files refused. Read them with review_plugin() and review_refused_plugin().
REVIEW_C_API review_status review_list_plugins(review_context* ctx, size_t* count, size_t* refused);

/// Fills `out` with plugin `index` of the last review_list_plugins().
REVIEW_C_API review_status review_plugin(review_context* ctx, size_t index, review_plugin_info* out);

/// The refused file `index` of the last review_list_plugins() and the reason it was refused.
REVIEW_C_API review_status review_refused_plugin(review_context* ctx, size_t index, const char** file,
                                                 const char** reason);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif /* LIBREVIEW_REVIEW_H */
