#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "normname/tables.hpp"
#include "normname/text.hpp"

namespace normname::detail {

/// UAX #15 stream-safe form: U+034F COMBINING GRAPHEME JOINER put before the combining mark
/// that would make a run longer than kMaxCombiningRun (limits.hpp), so that canonical
/// reordering stays linear. Returns false, writing nothing, when `text` is already so.
bool stream_safe(std::string_view text, std::string& out);

/// Stage 1. Built once from tables/text/punctuation.tsv; stateless afterwards.
class Normalizer {
 public:
  explicit Normalizer(const Tables& tables);
  std::string operator()(std::string_view text, const NormalizeOptions& opts) const;
  /// The general path alone (utf8proc NFC on every non-ASCII text): the reference the fast
  /// paths are checked against (key --engine icu).
  std::string reference(std::string_view text, const NormalizeOptions& opts) const;

 private:
  std::string ascii(std::string_view text, const NormalizeOptions& opts) const;
  bool simple(std::string_view text, const NormalizeOptions& opts, std::string& out) const;

  // Code points below kSimpleLimit that NFC, case folding and the punctuation table leave
  // alone, or fold to text they leave alone (Cyrillic and Latin letters nearly all): a name
  // made of them and ASCII needs no utf8proc call. folded_ holds each one's case fold.
  static constexpr char32_t kSimpleLimit = 0x800;
  std::array<bool, kSimpleLimit> simple_{};
  std::array<std::string, kSimpleLimit> folded_;

  std::unordered_map<char32_t, std::string> punctuation_;
  char32_t ascii_punctuation_min_ = 0x110000;  // smallest code point in the table
};

}  // namespace normname::detail
