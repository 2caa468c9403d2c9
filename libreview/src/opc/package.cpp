// The reader of zip packages someone else made: libzip for the entries,
// pugixml for the XML parts, each within its limits.
#include <zip.h>

#include <memory>
#include <stdexcept>
#include <utility>

#include "opc/package_internal.hpp"

namespace review::opc {

Package::Package(const std::filesystem::path& file, const Limits& limits, Refuse on_refusal)
    : limits_(limits), refuse_(std::move(on_refusal)) {
  int code = 0;
  zip_ = zip_open(file.c_str(), ZIP_RDONLY, &code);
  if (zip_ == nullptr) {
    zip_error_t err;
    zip_error_init_with_code(&err, code);
    std::string reason = zip_error_strerror(&err);
    zip_error_fini(&err);
    refuse({Refusal::Kind::not_a_zip, "", std::move(reason)});
  }
  const zip_int64_t count = zip_get_num_entries(zip_, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits_.max_entries) {
    zip_discard(zip_);
    zip_ = nullptr;
    refuse({Refusal::Kind::too_many_entries, "", "", 0, limits_.max_entries});
  }
  entries_ = static_cast<std::uint64_t>(count);
}

Package::~Package() {
  if (zip_ != nullptr) zip_discard(zip_);
}

void Package::refuse(Refusal r) const {
  refuse_(r);
  throw std::logic_error("opc::Package: a refusal was not turned into an error");
}

Entry Package::entry(std::uint64_t index) const {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, index, 0, &st) != 0) refuse({Refusal::Kind::unreadable_entry, "", "", index});
  Entry e;
  e.index = index;
  e.name = (st.valid & ZIP_STAT_NAME) != 0 && st.name != nullptr ? st.name : "";
  e.size_known = (st.valid & ZIP_STAT_SIZE) != 0;
  e.size = e.size_known ? st.size : 0;
  return e;
}

std::optional<Entry> Package::find(const std::string& name) const {
  const zip_int64_t i = zip_name_locate(zip_, name.c_str(), 0);
  if (i < 0) return std::nullopt;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, static_cast<zip_uint64_t>(i), 0, &st) != 0) return std::nullopt;
  Entry e;
  e.index = static_cast<std::uint64_t>(i);
  e.name = name;
  e.size_known = (st.valid & ZIP_STAT_SIZE) != 0;
  e.size = e.size_known ? st.size : 0;
  return e;
}

std::optional<std::string> Package::read(const Entry& e) {
  // The uncompressed size is checked before anything is inflated.
  if (!e.size_known || e.size > limits_.max_part_bytes)
    refuse({Refusal::Kind::part_too_large, e.name, "", 0, limits_.max_part_bytes});
  if (e.size > limits_.max_total_bytes - inflated_)
    refuse({Refusal::Kind::too_large_in_all, e.name, "", 0, limits_.max_total_bytes});
  inflated_ += e.size;
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(zip_, e.index, 0), &zip_fclose);
  if (!f) {
    open_error_ = zip_strerror(zip_);
    return std::nullopt;
  }
  // One byte more than declared: a lying size is caught, never trusted.
  std::string out(static_cast<std::size_t>(e.size) + 1, '\0');
  const zip_int64_t n = zip_fread(f.get(), out.data(), out.size());
  if (n < 0 || static_cast<std::uint64_t>(n) != e.size) refuse({Refusal::Kind::damaged_part, e.name, ""});
  out.resize(static_cast<std::size_t>(n));
  return out;
}

void Package::parse(pugi::xml_document& doc, std::string_view bytes, const std::string& part) const {
  parse_xml(doc, bytes, part, limits_.max_xml_depth, refuse_);
}

int xml_depth(std::string_view x, int limit) {
  int depth = 0, deepest = 0;
  std::size_t i = 0;
  auto skip_to = [&](std::string_view end) {
    const auto at = x.find(end, i);
    i = at == std::string_view::npos ? x.size() : at + end.size();
  };
  while ((i = x.find('<', i)) != std::string_view::npos) {
    const std::string_view rest = x.substr(i);
    if (rest.starts_with("<!--")) {
      skip_to("-->");
    } else if (rest.starts_with("<![CDATA[")) {
      skip_to("]]>");
    } else if (rest.starts_with("<?") || rest.starts_with("<!")) {
      skip_to(">");
    } else if (rest.starts_with("</")) {
      --depth;
      skip_to(">");
    } else {
      // A start tag: find its end outside quoted attribute values.
      char quote = 0;
      std::size_t j = i + 1;
      for (; j < x.size(); ++j) {
        if (quote != 0) {
          if (x[j] == quote) quote = 0;
        } else if (x[j] == '"' || x[j] == '\'') {
          quote = x[j];
        } else if (x[j] == '>') {
          break;
        }
      }
      const bool empty_element = j < x.size() && j > i + 1 && x[j - 1] == '/';
      if (!empty_element && ++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
      i = j < x.size() ? j + 1 : x.size();
    }
  }
  return deepest;
}

void parse_xml(pugi::xml_document& doc, std::string_view bytes, const std::string& part, int max_depth,
               const Refuse& refuse) {
  auto fail = [&](Refusal r) {
    refuse(r);
    throw std::logic_error("opc::parse_xml: a refusal was not turned into an error");
  };
  if (xml_depth(bytes, max_depth) > max_depth)
    fail({Refusal::Kind::nested_too_deep, part, "", 0, static_cast<std::uint64_t>(max_depth)});
  // DOCTYPEs are skipped (pugixml never expands entities).
  const pugi::xml_parse_result r =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!r) fail({Refusal::Kind::malformed_xml, part, r.description(), static_cast<std::uint64_t>(r.offset)});
}

}  // namespace review::opc
