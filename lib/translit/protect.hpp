#pragma once
// Spans of text a scheme must leave as they are: URLs, e-mail addresses, words in foreign
// letters, Roman numerals. Declared per scheme in its header, e.g. for sr-cyrl:
//   # keep: url email roman foreign=qwxy
#include <array>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "script/detector.hpp"

namespace normname::detail {

struct KeepRules {
  bool url = false;
  bool email = false;
  bool roman = false;
  std::string foreign;  // lower-case ASCII letters that mark a word as foreign ("qwxy")
  std::array<bool, 256> foreign_byte{};  // per byte: its lower case is in `foreign` (parse fills it)
  // Numeral look-alikes that are words. not_numerals are words in any case (cd, CD: ЦД);
  // lowercase_words only in lower or title case, so capitals stay numerals (Luj VI, Petar I)
  // unless the text around is in capitals too (ŠTA VI MISLITE).
  std::unordered_set<std::string> not_numerals;
  std::unordered_set<std::string> lowercase_words;

  bool any() const { return url || email || roman || !foreign.empty(); }
  /// Parses the value of a "# keep:" header. Returns false on an unknown item.
  bool parse(std::string_view header, std::string& bad_item);
};

/// True for a well-formed Roman numeral in one case (XIV, xiv; not IIII, IC, XiV).
bool is_roman_numeral(std::string_view token);

/// The spans of `text` to keep, sorted and not overlapping.
std::vector<Span> protected_spans(std::string_view text, const KeepRules& rules);

}  // namespace normname::detail
