#pragma once
#include <string>
#include <string_view>

namespace normname::detail {

class Normalizer;
class SchemeRegistry;

/// Stage 4. normalize (NFC, case fold, punctuation) -> auto-latn (per-token romanization by
/// detected language) -> latn-ascii (Vučić -> Vucic, Đ -> Dj) -> a-z0-9 tokens joined by one
/// space. Ё/е need no rule of their own: ё -> ë -> e and е -> e under every scheme.
std::string make_key(const Normalizer& normalizer, const SchemeRegistry& schemes, std::string_view name);

}  // namespace normname::detail
