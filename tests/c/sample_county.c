/* The sample county end to end through the C API (review.h only), as office software would:
 *   sample_county <sample_dir> <work_dir>
 * imports 2016 and 2017 through a store in <work_dir>, scores 2017 with the history, checks the
 * figures, writes csv and xlsx reports and checks the files, and checks that an invalid folder
 * is refused with a diagnostic naming file:line:column. Exit 0 when every check holds. */
#include <libreview/review.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"

/* Distinct contexts on distinct threads at once (the documented thread-safety). */
struct worker {
  const char* cycle_dir;
  size_t scored;
  review_status status;
};

static void* score_on_thread(void* arg) {
  struct worker* w = (struct worker*)arg;
  review_context* ctx = NULL;
  review_cycle* cycle = NULL;
  review_results* res = NULL;
  size_t i;
  w->status = review_context_new(NULL, &ctx);
  if (w->status == REVIEW_OK) w->status = review_cycle_import(ctx, w->cycle_dir, &cycle);
  if (w->status == REVIEW_OK) w->status = review_score(ctx, cycle, NULL, NULL, NULL, &res);
  for (i = 0; w->status == REVIEW_OK && i < review_results_count(res); ++i) {
    review_result_row r;
    w->status = review_results_row(ctx, res, i, &r);
    if (r.has_composite) ++w->scored;
  }
  review_results_free(res);
  review_cycle_free(cycle);
  review_context_free(ctx);
  return NULL;
}

static int file_size(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 ? (int)st.st_size : -1;
}

static void write_file(const char* dir, const char* name, const char* text) {
  char path[4096];
  FILE* f;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "wb");
  if (f == NULL) {
    perror(path);
    exit(1);
  }
  fputs(text, f);
  fclose(f);
}

int main(int argc, char** argv) {
  char path[8192], store[4096], out[4096], bad[4096];
  review_context* ctx = NULL;
  review_cycle *y2016 = NULL, *y2017 = NULL, *loaded = NULL, *refused = NULL;
  review_results* res = NULL;
  review_cycle_info info;
  size_t i, n_plugins = 0, n_refused = 0, scored = 0, relapse = 0, grades[4] = {0, 0, 0, 0};
  int has_xlsx = 0, has_default = 0, d01_seen = 0;
  review_status st;

  if (argc != 3) {
    fprintf(stderr, "usage: sample_county <sample_dir> <work_dir>\n");
    return 2;
  }
  snprintf(store, sizeof store, "%s/review.db", argv[2]);
  snprintf(out, sizeof out, "%s/out", argv[2]);
  snprintf(bad, sizeof bad, "%s/bad", argv[2]);
  mkdir(argv[2], 0755);
  remove(store);

  CHECK(strcmp(review_status_name(REVIEW_INVALID_DATA), "invalid data") == 0);
  CHECK(review_context_new(NULL, NULL) == REVIEW_BAD_ARGUMENT);
  CHECK(review_context_new("relative/plugins", &ctx) == REVIEW_BAD_ARGUMENT && ctx == NULL);
  must(ctx, review_context_new(NULL, &ctx), "review_context_new");
  printf("libreview %s, plugin ABI %d\n", review_version(), review_plugin_abi());

  /* Plugins: the installed ones are found. */
  must(ctx, review_list_plugins(ctx, &n_plugins, &n_refused), "review_list_plugins");
  for (i = 0; i < n_plugins; ++i) {
    review_plugin_info p;
    must(ctx, review_plugin(ctx, i, &p), "review_plugin");
    if (strcmp(p.kind, "report") == 0 && strcmp(p.id, "xlsx") == 0) has_xlsx = 1;
    if (strcmp(p.kind, "scoring") == 0 && strcmp(p.id, "default") == 0) has_default = 1;
  }
  CHECK(has_xlsx && has_default);
  CHECK(n_refused == 0);
  CHECK(review_plugin(ctx, n_plugins, &(review_plugin_info){0}) == REVIEW_BAD_ARGUMENT);
  CHECK(strlen(review_context_last_error(ctx)) > 0);

  /* 2016 into the store, then 2017 imported and also saved; loaded back from the store. */
  snprintf(path, sizeof path, "%s/2016", argv[1]);
  must(ctx, review_cycle_import(ctx, path, &y2016), "import 2016");
  must(ctx, review_cycle_save(ctx, y2016, store), "save 2016");
  snprintf(path, sizeof path, "%s/2017", argv[1]);
  must(ctx, review_cycle_import(ctx, path, &y2017), "import 2017");
  must(ctx, review_cycle_get_info(ctx, y2017, &info), "info");
  CHECK(info.year == 2017);
  CHECK(strcmp(info.region, "seed-county") == 0);
  CHECK(info.participating == 47);
  CHECK(info.departments == 53);
  CHECK(strcmp(info.as_of, "2017-12-31") == 0);
  CHECK(strlen(info.content_hash) == 64);
  must(ctx, review_cycle_save(ctx, y2017, store), "save 2017");
  must(ctx, review_cycle_load(ctx, store, "seed-county", 2016, &loaded), "load 2016");
  must(ctx, review_cycle_get_info(ctx, loaded, &info), "info of loaded");
  CHECK(info.year == 2016 && info.participating > 0);
  CHECK(review_cycle_load(ctx, store, "seed-county", 1999, &refused) == REVIEW_STORE_ERROR && refused == NULL);
  CHECK(strstr(review_context_last_error(ctx), "1999") != NULL);
  CHECK(strcmp(review_context_last_error_code(ctx), "LR-S102") == 0);

  /* Score 2017 under its region's profile, with 2016 as history. */
  must(ctx, review_score(ctx, y2017, NULL, NULL, store, &res), "score 2017");
  CHECK(strcmp(review_results_rule(res), "default") == 0);
  CHECK(strcmp(review_results_profile(res), "seed-county") == 0);
  CHECK(review_results_count(res) == 53);
  for (i = 0; i < review_results_count(res); ++i) {
    review_result_row r;
    must(ctx, review_results_row(ctx, res, i, &r), "row");
    if (r.has_composite) {
      ++scored;
      CHECK(r.composite >= 0.0 && r.composite <= 100.0);
      CHECK(r.rank_overall >= 1 && r.rank_overall <= 47);
      if (strcmp(r.grade, "excellent") == 0) ++grades[0];
      else if (strcmp(r.grade, "good") == 0) ++grades[1];
      else if (strcmp(r.grade, "fair") == 0) ++grades[2];
      else if (strcmp(r.grade, "poor") == 0) ++grades[3];
    } else {
      CHECK(strcmp(r.status, "exempt") == 0 && r.rank_overall == 0 && r.grade[0] == '\0');
    }
    if (strcmp(r.department_id, "D01") == 0) {
      d01_seen = 1;
      CHECK(r.has_ballot_score && r.has_questionnaire_score);
    }
  }
  CHECK(d01_seen);
  CHECK(scored == 47);
  printf("scored %zu: %zu excellent, %zu good, %zu fair, %zu poor\n", scored, grades[0], grades[1], grades[2],
         grades[3]);
  CHECK(grades[0] + grades[1] + grades[2] + grades[3] == 47);
  CHECK(grades[0] == 13 && grades[1] == 18 && grades[2] == 12 && grades[3] == 4);
  for (i = 0; i < review_results_flag_count(res); ++i) {
    review_flag f;
    must(ctx, review_results_flag(ctx, res, i, &f), "flag");
    if (strcmp(f.flag, "relapse") == 0) {
      ++relapse;
      CHECK(strcmp(f.subject_kind, "department") == 0);
    }
  }
  printf("%zu flags, %zu relapse\n", review_results_flag_count(res), relapse);
  CHECK(relapse >= 1);
  CHECK(review_results_row(ctx, res, 53, &(review_result_row){0}) == REVIEW_BAD_ARGUMENT);

  /* Without the store's history there is no relapse. */
  {
    review_results* no_history = NULL;
    size_t relapse_without = 0;
    must(ctx, review_score(ctx, y2017, "", "", NULL, &no_history), "score without history");
    for (i = 0; i < review_results_flag_count(no_history); ++i) {
      review_flag f;
      review_results_flag(ctx, no_history, i, &f);
      if (strcmp(f.flag, "relapse") == 0) ++relapse_without;
    }
    CHECK(relapse_without == 0);
    /* Results belong to the cycle they were scored from. */
    CHECK(review_write_report(ctx, loaded, no_history, "csv", out, NULL) == REVIEW_BAD_ARGUMENT);
    review_results_free(no_history);
  }
  /* Each failure has its class: a missing profile is "not found", a missing rule a plugin error. */
  CHECK(review_score(ctx, y2017, "no-such-profile", NULL, NULL, &(review_results*){NULL}) == REVIEW_NOT_FOUND);
  CHECK(strcmp(review_status_name(review_context_last_status(ctx)), "not found") == 0);
  CHECK(strstr(review_context_last_error(ctx), "no-such-profile") != NULL);
  /* ... with the stable code of its message, and in Chinese when asked (messages.hpp). */
  CHECK(strcmp(review_context_last_error_code(ctx), "LR-P105") == 0);
  CHECK(review_set_language("fr") == REVIEW_BAD_ARGUMENT);
  CHECK(review_set_language("zh") == REVIEW_OK);
  CHECK(review_score(ctx, y2017, "no-such-profile", NULL, NULL, &(review_results*){NULL}) == REVIEW_NOT_FOUND);
  CHECK(strstr(review_context_last_error(ctx), "没有地区方案") != NULL);
  CHECK(review_set_language("en") == REVIEW_OK);
  CHECK(review_score(ctx, y2017, NULL, "no-such-rule", NULL, &(review_results*){NULL}) == REVIEW_PLUGIN_ERROR);

  /* Reports. */
  must(ctx, review_write_report(ctx, y2017, res, "csv", out, NULL), "csv report");
  CHECK(review_context_written_count(ctx) == 2);
  snprintf(path, sizeof path, "%s/results.csv", out);
  CHECK(file_size(path) > 1000);
  snprintf(path, sizeof path, "%s/flags.csv", out);
  CHECK(file_size(path) > 100);
  {
    const char* options[] = {"integrity=true", NULL};
    must(ctx, review_write_report(ctx, y2017, res, "xlsx", out, options), "xlsx report");
  }
  CHECK(review_context_written_count(ctx) == 1);
  if (review_context_written_count(ctx) >= 1) {
    const char* xlsx = review_context_written_file(ctx, 0);
    printf("written: %s (%d bytes)\n", xlsx, file_size(xlsx));
    CHECK(strstr(xlsx, ".xlsx") != NULL && file_size(xlsx) > 5000);
  }
  {
    const char* options[] = {"integrity", NULL};
    CHECK(review_write_report(ctx, y2017, res, "xlsx", out, options) == REVIEW_BAD_ARGUMENT);
  }
  CHECK(review_write_report(ctx, y2017, res, "no-such-format", out, NULL) == REVIEW_PLUGIN_ERROR);

  /* An invalid folder: refused whole, every problem as a diagnostic. */
  mkdir(bad, 0755);
  write_file(bad, "cycle.toml", "year = 2017\nregion = \"default\"\n");
  write_file(bad, "departments.csv", "id,name,category,status\nD01,县公安局,执法监督类,参评\n");
  write_file(bad, "representatives.csv", "id,sector,trained\nR01,人大代表,是\nR02,政协委员,否\n");
  write_file(bad, "ballots.csv", "representative_id,department_id,rating\nR01,D01,满意\nR02,D01,很满意\n");
  write_file(bad, "questionnaires.csv", "response_id,respondent_group,department_id,rating\n");
  st = review_cycle_import(ctx, bad, &refused);
  CHECK(st == REVIEW_INVALID_DATA);
  CHECK(review_context_last_status(ctx) == REVIEW_INVALID_DATA);
  CHECK(refused == NULL);
  CHECK(review_context_diagnostic_count(ctx) == 1 && review_context_diagnostic_total(ctx) == 1);
  if (review_context_diagnostic_count(ctx) >= 1) {
    review_diagnostic d;
    must(NULL, review_context_diagnostic(ctx, 0, &d), "diagnostic");
    printf("refused: %s:%zu:%zu: %s (%s) [%s]\n", d.file, d.line, d.column, d.message, d.value, d.field);
    CHECK(strstr(d.file, "ballots.csv") != NULL);
    CHECK(d.line == 3 && d.column == 3);
    CHECK(strcmp(d.field, "rating") == 0 && strcmp(d.value, "很满意") == 0);
    CHECK(strcmp(d.code, "LR-D138") == 0);
  }
  CHECK(strstr(review_context_last_error(ctx), "ballots.csv:3:3") != NULL);
  CHECK(strstr(review_context_last_error(ctx), "1 problem(s); first: ") != NULL);
  CHECK(strcmp(review_context_last_error_code(ctx), "LR-D138") == 0);
  /* The summary and the diagnostic in Chinese when asked. */
  CHECK(review_set_language("zh") == REVIEW_OK);
  CHECK(review_cycle_import(ctx, bad, &refused) == REVIEW_INVALID_DATA);
  CHECK(strstr(review_context_last_error(ctx), "共 1 处问题；第一处：") != NULL);
  CHECK(strstr(review_context_last_error(ctx), "不在可选值之内") != NULL);
  CHECK(review_set_language("en") == REVIEW_OK);
  /* A success clears the error. */
  must(ctx, review_cycle_get_info(ctx, y2017, &info), "info");
  CHECK(review_context_diagnostic_count(ctx) == 0 && review_context_last_error(ctx)[0] == '\0');

  {
    enum { kThreads = 4 };
    pthread_t threads[kThreads];
    struct worker workers[kThreads];
    int t;
    snprintf(path, sizeof path, "%s/2017", argv[1]);
    for (t = 0; t < kThreads; ++t) {
      workers[t].cycle_dir = path;
      workers[t].scored = 0;
      workers[t].status = REVIEW_OTHER_ERROR;
      CHECK(pthread_create(&threads[t], NULL, score_on_thread, &workers[t]) == 0);
    }
    for (t = 0; t < kThreads; ++t) {
      pthread_join(threads[t], NULL);
      CHECK(workers[t].status == REVIEW_OK && workers[t].scored == 47);
    }
    printf("%d contexts on %d threads: ok\n", kThreads, kThreads);
  }

  review_results_free(res);
  review_cycle_free(loaded);
  review_cycle_free(y2017);
  review_context_free(ctx); /* before the cycle: handles outlive their context */
  review_cycle_free(y2016);
  review_results_free(NULL);
  return report();
}
