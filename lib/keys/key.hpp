#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "keys/cache.hpp"
#include "script/detector.hpp"
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

/// Stage 4 as it runs: the name cut at its spaces into pieces, each piece normalized,
/// classified and romanized once (romanization and ASCII folding are per token, rule
/// contexts never reach across the non-letters between tokens) and kept in a bounded flat
/// cache, so a surname seen before costs one look-up and no normalization. The same bytes as make_key (tests/conformance/
/// transducer.sh compares them on the hunspell word lists); with the ICU engine selected
/// (SchemeRegistry::set_engine) it is make_key.
class KeyMaker {
 public:
  /// Tokens kept in the cache (see docs/cli.md, "Limits").
  static constexpr std::size_t kCacheTokens = std::size_t{1} << 16;
  /// Room in the cache's arena per token: its text, script, languages and key or two.
  static constexpr std::size_t kCacheBytesPerToken = 128;
  KeyMaker(const Normalizer& normalizer, const SchemeRegistry& schemes);
  std::string operator()(std::string_view name, std::string_view prefer_language = {}) const;
  void operator()(std::string_view name, KeyTrace& trace, std::string_view prefer_language = {}) const;

 private:
  struct Piece {
    std::string romanized, ascii;
  };
  // A piece of a name is what lies between two ASCII spaces: normalization, look-alike
  // folding, tokens and romanization never reach across one (the normalizer squashes
  // spaces, and rule contexts stop at non-letters), so a name's key is its pieces' keys
  // joined by one space, given the one language the name's Cyrillic tokens agree on. The
  // cache holds, per piece as written, its tokens' scripts and candidate languages and the
  // key of the piece under each assignment of languages met so far (encoding in key.cpp).
  bool make(std::string_view name, std::string_view prefer, std::string& key) const;
  bool make_traced(std::string_view name, std::string_view prefer, KeyTrace& trace) const;
  struct Analysis {
    std::string text;  // normalized, look-alikes folded
    std::vector<Span> spans;
    std::vector<TokenScript> scripts;
    bool dot_between_tokens() const;
  };
  Analysis analyse(std::string_view text, std::vector<Lookalike>* found = nullptr) const;
  void walk(const Analysis& a, const std::function<void(std::string_view, std::string_view)>& emit) const;
  std::string piece_key(const Analysis& a) const;
  std::string entry_of(std::string_view piece) const;
  Piece piece(std::string_view text, const std::string& scheme) const;

  const Normalizer& normalizer_;
  const SchemeRegistry& schemes_;
  FlatCache pieces_{kCacheTokens, kCacheTokens * kCacheBytesPerToken};
};

}  // namespace normname::detail
