#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "keys/cache.hpp"
#include "normname/keys.hpp"
#include "normname/script.hpp"

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
/// caller adds tokens and skeletons. This is the reference: the whole name through every
/// stage, with the general normalizer; KeyMaker must give the same.
void make_key(const Normalizer& normalizer, const SchemeRegistry& schemes, std::string_view name, KeyTrace& trace,
              std::string_view prefer_language = {});

/// Stage 4 as it runs: the name normalized once and cut into tokens; each token classified
/// and romanized once (romanization and ASCII folding are per token, rule contexts never
/// reach across the non-letters between tokens) and kept in bounded caches, so a surname
/// seen before costs two look-ups. The same bytes as make_key (tests/conformance/
/// transducer.sh compares them on the hunspell word lists); with the ICU engine selected
/// (SchemeRegistry::set_engine) it is make_key.
class KeyMaker {
 public:
  /// Tokens kept in the cache (see docs/cli.md, "Limits").
  static constexpr std::size_t kCacheTokens = std::size_t{1} << 16;
  KeyMaker(const Normalizer& normalizer, const SchemeRegistry& schemes);
  std::string operator()(std::string_view name, std::string_view prefer_language = {}) const;
  void operator()(std::string_view name, KeyTrace& trace, std::string_view prefer_language = {}) const;

 private:
  struct Piece {
    std::string romanized, ascii;
  };
  // A token's script and languages, and its romanization under each language asked so far.
  struct Token {
    TokenScript script;
    std::vector<std::pair<std::string, Piece>> pieces;
  };
  bool make(std::string_view name, std::string_view prefer, std::string& key, KeyTrace* trace) const;
  Piece piece(std::string_view text, const std::string& scheme) const;

  const Normalizer& normalizer_;
  const SchemeRegistry& schemes_;
  BoundedCache<std::shared_ptr<const Token>> tokens_{kCacheTokens};
  BoundedCache<std::shared_ptr<const Piece>> gaps_{kCacheTokens / 16};
};

}  // namespace normname::detail
