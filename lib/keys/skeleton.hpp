#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "normname/tables.hpp"

namespace normname::detail {

/// The skeleton of a key token (tables/keys/skeleton.tsv): Khazina and Hazina -> "hazina".
class Skeleton {
 public:
  explicit Skeleton(const Tables& tables);
  /// `token`: one token of a match key (lower-case ASCII, no spaces).
  std::string operator()(std::string_view token) const;
  /// Conventions of keys/skeleton-variants.tsv, in table order ("fr", "de", ...).
  const std::vector<std::string>& conventions() const { return convention_names_; }
  /// The token's skeleton under convention `i` of conventions() (Jukov read in French,
  /// j = ж: "zukov"), or "" where it is the same as the main skeleton.
  std::string variant(std::string_view token, std::size_t i) const;
  /// The same, given `main`, the token's main skeleton, which callers have already made.
  std::string variant(std::string_view token, std::size_t i, std::string_view main) const;
  /// A skeleton with the folds of tables/keys/language-folds.tsv for `lang` applied
  /// (Belarusian akanye: "kalesnikav" -> "kolesnikov"), or "" when `lang` has none.
  std::string fold(std::string_view skeleton, std::string_view lang) const;
  /// Whether two skeleton letters are spellings of one (tables/keys/letter-variants.tsv):
  /// anywhere, between a Latin and a Cyrillic spelling (`across`), or where one side is
  /// written in a language `in` says it may be (`in(lang)`).
  template <class In>
  bool letters_vary(char a, char b, bool across, In&& in) const {
    for (const LetterPair& v : letters_) {
      if (!((v.a == a && v.b == b) || (v.a == b && v.b == a))) continue;
      if (v.where == "any" || (v.where == "across" && across) || (v.where != "across" && in(v.where))) return true;
    }
    return false;
  }

 private:
  struct Rules {
    std::vector<std::pair<std::string, std::string>> list;  // longest "from" first
    // The rules whose "from" starts with each byte, in list order: a pass tries only those.
    std::array<std::vector<std::uint32_t>, 256> by_first;
    void index();
  };
  static std::string once(std::string_view token, const Rules& rules, bool squeeze);  // one pass
  Rules rules_;
  std::vector<std::string> convention_names_;
  std::vector<Rules> variants_;  // per convention
  std::vector<std::pair<std::string, Rules>> folds_;  // per language
  struct LetterPair {
    char a, b;
    std::string where;  // "any", "across" or a language
  };
  std::vector<LetterPair> letters_;
};

}  // namespace normname::detail
