#pragma once
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "normname/script.hpp"
#include "normname/tables.hpp"

namespace normname::detail {

/// A token span in the caller's text.
struct Span {
  std::size_t offset = 0;
  std::size_t length = 0;
};

/// Split into tokens: maximal runs of letters, marks and digits; an apostrophe or hyphen
/// (as unified by tables/text/punctuation.tsv) between two such runs stays inside the token.
std::vector<Span> tokenize(std::string_view text);

/// Stage 2, built from tables/script/alphabets.tsv.
class ScriptDetector {
 public:
  explicit ScriptDetector(const Tables& tables);
  std::vector<TokenScript> operator()(std::string_view text) const;
  TokenScript classify(std::string_view token) const;

 private:
  struct Alphabet {
    std::string lang;
    std::unordered_set<char32_t> letters;
  };
  std::vector<Alphabet> cyrillic_;            // in order of preference
  std::string latin_lang_;                    // language of the distinctive Latin letters
  std::unordered_set<char32_t> latin_marked_; // č ć đ š ž
  std::vector<std::string> latin_digraphs_;   // dž lj nj
};

}  // namespace normname::detail
