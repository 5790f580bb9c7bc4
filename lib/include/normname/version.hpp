#pragma once
#include <string>

namespace normname {
/// "normname 0.1.0, ICU 72.1 (CLDR 42.0, Unicode 15.0), utf8proc 2.8.0, tables sha256:…"
[[nodiscard]] std::string version_string();
}  // namespace normname
