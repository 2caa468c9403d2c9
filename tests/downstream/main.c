/* Downstream C: import a cycle and score it through the C API with the installed plugins.
 * Usage: downstream_c <cycle_dir> */
#include <libreview/review.h>

#include <stdio.h>

int main(int argc, char** argv) {
  review_context* ctx = NULL;
  review_cycle* cycle = NULL;
  review_results* results = NULL;
  review_status st;
  size_t i, scored = 0, plugins = 0;
  if (argc != 2) {
    fprintf(stderr, "usage: downstream_c <cycle_dir>\n");
    return 2;
  }
  if (review_context_new(NULL, &ctx) != REVIEW_OK) return 1;
  st = review_list_plugins(ctx, &plugins, NULL);
  if (st == REVIEW_OK) st = review_cycle_import(ctx, argv[1], &cycle);
  if (st == REVIEW_OK) st = review_score(ctx, cycle, NULL, NULL, NULL, &results);
  if (st != REVIEW_OK) {
    fprintf(stderr, "c: %s: %s\n", review_status_name(st), review_context_last_error(ctx));
    review_context_free(ctx);
    return 1;
  }
  for (i = 0; i < review_results_count(results); ++i) {
    review_result_row row;
    if (review_results_row(ctx, results, i, &row) == REVIEW_OK && row.has_composite) ++scored;
  }
  printf("c: libreview %s, %zu plugins: %zu departments scored with rule '%s' under '%s'\n", review_version(),
         plugins, scored, review_results_rule(results), review_results_profile(results));
  review_results_free(results);
  review_cycle_free(cycle);
  review_context_free(ctx);
  return scored > 0 ? 0 : 1;
}
