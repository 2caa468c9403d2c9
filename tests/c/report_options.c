/* Report options through the C API (review.h only), as office software passes them:
 *   report_options <sample_dir> <work_dir>
 * an option the format does not read, a malformed value and a string without '=' are refused
 * naming the option, and nothing is written (no results.csv, no folder, a stale temporary file of
 * an interrupted run left as it was); good options write the report and remove the stale file.
 * Exit 0 when every check holds. */
#define _POSIX_C_SOURCE 200809L
#include <libreview/review.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static int exists(const char* dir, const char* name) {
  char path[8192];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return stat(path, &st) == 0;
}

/* Writes `options` as `format` into `dir`; expects a refusal whose message holds each of `names`. */
static void refused(review_context* ctx, const review_cycle* cycle, const review_results* res, const char* format,
                    const char* dir, const char* const* options, const char* const* names) {
  const review_status st = review_write_report(ctx, cycle, res, format, dir, options);
  const char* message = review_context_last_error(ctx);
  printf("refused (%s): %s\n", review_status_name(st), message);
  CHECK(st != REVIEW_OK);
  CHECK(st != REVIEW_INVALID_DATA && st != REVIEW_REPORT_ERROR);
  for (; *names != NULL; ++names) {
    if (strstr(message, *names) == NULL) fprintf(stderr, "the message does not name '%s'\n", *names);
    CHECK(strstr(message, *names) != NULL);
  }
  CHECK(review_context_written_count(ctx) == 0);
  CHECK(!exists(dir, "results.csv"));
}

int main(int argc, char** argv) {
  char cycle_dir[4096], fresh[4096], again[4096], stale[256], path[8192];
  review_context* ctx = NULL;
  review_cycle* cycle = NULL;
  review_results* res = NULL;
  pid_t dead;
  FILE* f;

  if (argc != 3) {
    fprintf(stderr, "usage: report_options <sample_dir> <work_dir>\n");
    return 2;
  }
  snprintf(cycle_dir, sizeof cycle_dir, "%s/2017", argv[1]);
  snprintf(fresh, sizeof fresh, "%s/fresh", argv[2]);
  snprintf(again, sizeof again, "%s/again", argv[2]);
  mkdir(argv[2], 0755);
  {
    /* What an earlier run of this test wrote. */
    const char* names[] = {"results.csv", "flags.csv", "诚信核查_flags.csv", NULL};
    const char* const* n;
    for (n = names; *n != NULL; ++n) {
      snprintf(path, sizeof path, "%s/%s", again, *n);
      remove(path);
    }
    rmdir(fresh);
  }

  must(ctx, review_context_new(NULL, &ctx), "context");
  must(ctx, review_cycle_import(ctx, cycle_dir, &cycle), "import");
  must(ctx, review_score(ctx, cycle, NULL, NULL, NULL, &res), "score");

  {
    const char* unknown[] = {"colour=red", NULL};
    const char* unknown_names[] = {"colour=red", "csv", "allowed: integrity", NULL};
    const char* malformed[] = {"integrity=maybe", NULL};
    const char* malformed_names[] = {"integrity=maybe", "true, false", NULL};
    const char* no_value[] = {"integrity", NULL};
    const char* no_value_names[] = {"KEY=VALUE", "integrity", NULL};
    refused(ctx, cycle, res, "csv", fresh, unknown, unknown_names);
    refused(ctx, cycle, res, "csv", fresh, malformed, malformed_names);
    refused(ctx, cycle, res, "csv", fresh, no_value, no_value_names);
    CHECK(!exists(fresh, "."));  /* not even the folder */

    /* A folder an interrupted run left a temporary file in (its process is gone). */
    dead = fork();
    if (dead == 0) _exit(0);
    waitpid(dead, NULL, 0);
    snprintf(stale, sizeof stale, ".results.csv.tmp-%ld-0", (long)dead);
    mkdir(again, 0755);
    snprintf(path, sizeof path, "%s/%s", again, stale);
    f = fopen(path, "wb");
    if (f == NULL) {
      perror(path);
      return 1;
    }
    fputs("half", f);
    fclose(f);
    refused(ctx, cycle, res, "csv", again, unknown, unknown_names);
    CHECK(exists(again, stale));
  }
  {
    const char* good[] = {"integrity=是", NULL};
    must(ctx, review_write_report(ctx, cycle, res, "csv", again, good), "csv with integrity");
    CHECK(review_context_written_count(ctx) == 3);
    CHECK(exists(again, "results.csv") && exists(again, "诚信核查_flags.csv"));
    CHECK(!exists(again, stale));
  }

  review_results_free(res);
  review_cycle_free(cycle);
  review_context_free(ctx);
  return report();
}
