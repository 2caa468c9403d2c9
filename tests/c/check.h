/* What the C API's test programs share: CHECK (count a failed check, go on) and must (stop
 * when a call that everything after depends on fails, with its message and diagnostics).
 * Each program includes it once and ends with report(). */
#ifndef LIBREVIEW_TESTS_C_CHECK_H
#define LIBREVIEW_TESTS_C_CHECK_H

#include <libreview/review.h>

#include <stdio.h>
#include <stdlib.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Stops the program when a call that everything after depends on fails. */
static void must(review_context* ctx, review_status st, const char* what) {
  size_t i;
  if (st == REVIEW_OK) return;
  fprintf(stderr, "%s: %s: %s\n", what, review_status_name(st), review_context_last_error(ctx));
  for (i = 0; i < review_context_diagnostic_count(ctx); ++i) {
    review_diagnostic d;
    if (review_context_diagnostic(ctx, i, &d) == REVIEW_OK)
      fprintf(stderr, "  %s:%zu:%zu: %s (%s)\n", d.file, d.line, d.column, d.message, d.value);
  }
  exit(1);
}

/* "ok" (what ctest looks for) or how many checks failed; the program's exit code. */
static int report(void) {
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  else printf("ok\n");
  return failures ? 1 : 0;
}

#endif
