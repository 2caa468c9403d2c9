// The package written: parts zipped in memory (deflate, fixed timestamps), a
// part too large to hold read from its file while zipping.
#include <zip.h>

#include <cerrno>
#include <memory>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "ooxml.hpp"

namespace review::docx {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const noexcept { zip_discard(z); }
};

std::string zip_message(zip_error_t* err) {
  std::string m = zip_error_strerror(err);
  zip_error_fini(err);
  return m;
}

/// A zip source reading a part's bytes from its file while the archive is
/// written. Its stat is that of a memory buffer of the same size (as
/// zip_source_buffer gives), so the package has the same bytes either way.
struct FileReader {
  std::filesystem::path path;
  zip_uint64_t size = 0;
  std::FILE* file = nullptr;
  zip_error_t error{};

  static zip_int64_t callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* r = static_cast<FileReader*>(user);
    switch (cmd) {
      case ZIP_SOURCE_OPEN:
        r->file = std::fopen(r->path.c_str(), "rb");
        if (r->file == nullptr) {
          zip_error_set(&r->error, ZIP_ER_OPEN, errno);
          return -1;
        }
        return 0;
      case ZIP_SOURCE_READ: {
        const std::size_t n = std::fread(data, 1, static_cast<std::size_t>(len), r->file);
        if (n < len && std::ferror(r->file)) {
          zip_error_set(&r->error, ZIP_ER_READ, errno);
          return -1;
        }
        return static_cast<zip_int64_t>(n);
      }
      case ZIP_SOURCE_CLOSE:
      case ZIP_SOURCE_FREE:
        if (r->file != nullptr) std::fclose(r->file);
        r->file = nullptr;
        return 0;
      case ZIP_SOURCE_STAT: {
        auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &r->error);
        if (st == nullptr) return -1;
        zip_stat_init(st);
        st->size = r->size;
        st->comp_size = r->size;
        st->comp_method = ZIP_CM_STORE;
        st->encryption_method = ZIP_EM_NONE;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
        return sizeof(*st);
      }
      case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&r->error, data, len);
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
      default:
        zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
  }
};

}  // namespace

void write_bytes(std::FILE* out, std::string_view bytes, const std::string& name) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) refuse<ReportError>("LR-R116", name);
}

std::string zip_parts(const std::vector<Part>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (buffer == nullptr) refuse<ReportError>("LR-R142", zip_message(&err));
  zip_t* za = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  if (za == nullptr) {
    zip_source_free(buffer);
    refuse<ReportError>("LR-R143", zip_message(&err));
  }
  zip_source_keep(buffer);  // survives zip_close(), so that its bytes can be read back
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, &zip_source_free);
  std::vector<std::unique_ptr<FileReader>> readers;        // outlive the archive, which uses them
  std::vector<std::unique_ptr<zip_t, ZipCloser>> sources;  // the precompressed parts' zips, likewise
  std::unique_ptr<zip_t, ZipCloser> archive(za);
  constexpr time_t kFixedTime = 946684800;   // 2000-01-01: same document, same bytes
  constexpr zip_uint32_t kDeflateLevel = 1;  // fastest: XML still shrinks about 6 times
  for (const Part& p : parts) {
    zip_source_t* s = nullptr;
    if (p.zipped) {
      zip_source_t* raw = zip_source_buffer_create(p.zipped->data(), p.zipped->size(), 0, &err);
      zip_t* src = raw == nullptr ? nullptr : zip_open_from_source(raw, ZIP_RDONLY, &err);
      if (src == nullptr) {
        if (raw != nullptr) zip_source_free(raw);
        refuse<ReportError>("LR-R144", p.name, zip_message(&err));
      }
      sources.emplace_back(src);
      s = zip_source_zip(za, src, 0, ZIP_FL_COMPRESSED, 0, 0);
    } else if (p.file.empty()) {
      s = zip_source_buffer(za, p.data.data(), p.data.size(), 0);
    } else {
      auto reader = std::make_unique<FileReader>();
      reader->path = p.file;
      std::error_code ec;
      reader->size = std::filesystem::file_size(p.file, ec);
      if (ec) refuse<ReportError>("LR-R145", p.file.string(), ec.message());
      zip_error_init(&reader->error);
      s = zip_source_function(za, &FileReader::callback, reader.get());
      readers.push_back(std::move(reader));
    }
    if (s == nullptr) refuse<ReportError>("LR-R146", p.name, zip_strerror(za));
    const zip_int64_t idx = zip_file_add(za, p.name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(s);
      refuse<ReportError>("LR-R146", p.name, zip_strerror(za));
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    if ((!p.zipped && zip_set_file_compression(za, i, ZIP_CM_DEFLATE, kDeflateLevel) != 0) ||
        zip_file_set_mtime(za, i, kFixedTime, 0) != 0)
      refuse<ReportError>("LR-R147", p.name, zip_strerror(za));
  }
  if (zip_close(archive.get()) != 0) refuse<ReportError>("LR-R148", zip_strerror(za));
  (void)archive.release();  // closed

  zip_stat_t st;
  if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0) refuse<ReportError>("LR-R149");
  std::string out(static_cast<std::size_t>(st.size), '\0');
  const zip_int64_t n = zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) refuse<ReportError>("LR-R149");
  return out;
}

Part precompress(const Part& part) {
  Part out;
  out.name = part.name;
  out.zipped = std::make_shared<const std::string>(zip_parts({part}));
  return out;
}

}  // namespace review::docx
