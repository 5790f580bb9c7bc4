#pragma once
#include <string>
#include <string_view>

#include "normname/keys.hpp"

namespace normname::detail {

class Normalizer;
class SchemeRegistry;

/// The two schemes a key goes through, both defined in tables/translit/.
inline constexpr std::string_view kKeyRomanize = "key-latn";
inline constexpr std::string_view kKeyAscii = "latn-ascii";

/// Stage 4. normalize (NFC, case fold, punctuation) -> key-latn (per-token romanization by
/// detected language) -> latn-ascii (Vučić -> Vucic, Đ -> Dj) -> a-z0-9 tokens joined by one
/// space. Ё/е need no rule of their own: ё -> ë -> e and е -> e under every scheme.
std::string make_key(const Normalizer& normalizer, const SchemeRegistry& schemes, std::string_view name,
                     std::string_view prefer_language = {});

/// The same, keeping each stage's output (trace.normalized, .romanized, .ascii, .key); the
/// caller adds tokens and skeletons.
void make_key(const Normalizer& normalizer, const SchemeRegistry& schemes, std::string_view name, KeyTrace& trace,
              std::string_view prefer_language = {});

}  // namespace normname::detail
