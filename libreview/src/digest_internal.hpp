#pragma once
// Digests over OpenSSL's EVP interface: SHA-256 of imported files (content_hash)
// and the keyed hash that orders ballots in the store.

#include <cstdint>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace review::detail {

/// Incremental SHA-256, hex output.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  /// Lower-case hex of the digest; the object cannot be updated afterwards.
  [[nodiscard]] std::string hex();

 private:
  evp_md_ctx_st* ctx_;
};

/// The first 8 bytes of HMAC-SHA-256(key, data), as an integer.
std::uint64_t keyed_hash64(std::string_view key, std::string_view data);

/// `n` bytes from the system's secure random source.
std::string random_bytes(std::size_t n);

}  // namespace review::detail
