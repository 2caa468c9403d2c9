// The importer's header matching for callers outside it (the Python package's
// frames): one table of names and Chinese headers, in schema.cpp.
#include "ingest/schema_internal.hpp"
#include "libreview/ingest.hpp"

namespace review {

std::string canonical_column(std::string_view table, std::string_view header) {
  for (const auto& spec : ingest::kTables) {
    if (spec.name != table) continue;
    const std::size_t c = ingest::find_column(spec, header);
    return c < spec.columns.size() ? std::string(spec.columns[c].name) : std::string();
  }
  return {};
}

}  // namespace review
