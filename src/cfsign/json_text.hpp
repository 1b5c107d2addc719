// Writing compact JSON text directly (the policy bytes and the inspection), byte for byte what
// nlohmann::ordered_json::dump(-1, ' ', false, error_handler_t::replace) produces for the same
// values, without building a JSON tree first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cfsign {

// Appends `s` as a JSON string: quoted, escaped, raw UTF-8 (ensure_ascii off), invalid UTF-8
// replaced by U+FFFD exactly as nlohmann's serializer does.
void append_json_string(std::string& out, std::string_view s);

inline void append_json_int(std::string& out, int64_t v) { out += std::to_string(v); }
inline void append_json_uint(std::string& out, uint64_t v) { out += std::to_string(v); }

}  // namespace cfsign
