// Downstream C++: import a cycle, score it under its region's profile with the installed
// plugins, write the csv report. Usage: downstream_cpp <cycle_dir> <out_dir>
#include <libreview/libreview.hpp>  // the umbrella header: every public area

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: downstream_cpp <cycle_dir> <out_dir>\n");
    return 2;
  }
  try {
    review::RunOptions options;
    options.out_dir = argv[2];
    options.formats = {"csv"};
    const review::RunResult run = review::run_cycle(argv[1], options);
    std::size_t scored = 0;
    for (const auto& r : run.results.departments) scored += r.composite ? 1 : 0;
    std::printf("c++: libreview %s, plugins from %s\n", review::version(),
                review::default_plugin_folder().string().c_str());
    std::printf("c++: %s %d: %zu departments scored with rule '%s' under '%s', %zu files written\n",
                run.cycle.info.region.c_str(), run.cycle.info.year, scored, run.results.rule.c_str(),
                run.profile.id.c_str(), run.written.size());
    return scored > 0 && run.written.size() == 2 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "c++: %s\n", e.what());
    return 1;
  }
}
