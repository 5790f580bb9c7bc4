#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

/// A word written with look-alike letters of another script, and what it was folded to.
struct Lookalike {
  std::string word;    // as written: Vuсiс (Cyrillic с)
  std::string folded;  // Vucic
  Script script = Script::none;  // the script it was folded to
};

/// Stage 2, built from tables/script/alphabets.tsv.
class ScriptDetector {
 public:
  explicit ScriptDetector(const Tables& tables);
  std::vector<TokenScript> operator()(std::string_view text) const;
  TokenScript classify(std::string_view token) const;

  /// One language for a name: when the candidate languages of its Cyrillic words have one in
  /// common, each Cyrillic word's `lang` becomes the first of those (in Віталій Кличко only the
  /// first word shows a Ukrainian letter; both are Ukrainian). Returns that language, or empty
  /// when the words disagree (Александар Вучич) or none is Cyrillic; they keep their own then.
  std::string one_language(std::vector<TokenScript>& tokens) const;
  /// The language one_language would choose for `n` tokens, `get(i)` the i-th, which it
  /// leaves as they are.
  std::string common_language(std::size_t n, const std::function<const TokenScript&(std::size_t)>& get) const;
  /// one_language as bit sets, for KeyMaker's flat cache: bit i stands for the i-th alphabet
  /// in order of preference. The set of a Cyrillic token's candidates, or nullopt when one
  /// of them is not an alphabet's language or there are more than 64 alphabets.
  std::optional<std::uint64_t> language_set(const TokenScript& t) const;
  /// The language of the lowest bit of a non-empty `set`: what one_language returns when
  /// `set` is the intersection of the tokens' sets.
  const std::string& language_of(std::uint64_t set) const;

  /// `text` with every word that mixes Latin and Cyrillic look-alikes written in the one
  /// script all its letters can be read in (lookalike.cpp); `found` gets each such word.
  /// A word that cannot be read in one script is left as it is.
  std::string fold_lookalikes(std::string_view text, std::vector<Lookalike>* found = nullptr) const;

 private:
  struct Alphabet {
    std::string lang;
    std::unordered_set<char32_t> letters;
  };
  std::vector<Alphabet> cyrillic_;            // in order of preference
  std::string latin_lang_;                    // language of the distinctive Latin letters
  std::unordered_set<char32_t> latin_marked_; // č ć đ š ž
  std::vector<std::string> latin_digraphs_;   // dž lj nj
  std::unordered_map<char32_t, char32_t> to_latin_, to_cyrillic_;  // look-alike pairs, both cases

  void build_lookalikes();
};

}  // namespace normname::detail
