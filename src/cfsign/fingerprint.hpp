// A content fingerprint of key material, for caching parsed keys without keeping the key
// text itself as a cache key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cfsign {

// Hex SHA-256 over length-prefixed key bytes, passphrase and key pair ID.
std::string key_fingerprint(const unsigned char* key, size_t key_size, std::string_view passphrase,
                            std::string_view key_pair_id);

}  // namespace cfsign
