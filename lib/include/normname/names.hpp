#pragma once
// Stage 4b (lib/names/): a name in parts.
#include <string>
#include <string_view>
#include <vector>

#include "normname/keys.hpp"

namespace normname {

enum class Role { given, patronymic, family, initial, title, suffix };
enum class Gender { unknown, male, female };

[[nodiscard]] std::string_view to_string(Role r) noexcept;    // "given", "family", ...
[[nodiscard]] std::string_view to_string(Gender g) noexcept;  // "unknown", "male", "female"

struct NamePart {
  std::string text;      ///< the token as written ("Пётр", "P.", "NIKITIN")
  Role role = Role::family;
  std::string key;       ///< its match key ("petr")
  std::string skeleton;  ///< its skeleton ("petr"); for a family name, the masculine base
  /// Its skeletons under conflicting conventions, one per convention of
  /// tables/keys/skeleton-variants.tsv in table order ("Jukov" read in French, j = ж:
  /// "zukov"); an entry is empty where it is the same as `skeleton`.
  std::vector<std::string> variant_skeletons;
  std::string lang;      ///< detected language of the token ("ru", "sr", "" if unknown)
  /// Every language whose alphabet spells the token, `lang` first (Пратасевіч: uk, be).
  std::vector<std::string> languages;
  bool diminutive = false;   ///< a given name found only as a diminutive (Katya, Sasha)
  bool feminine_form = false;  ///< a family name in its feminine form (Kalashnikova)
};

/// A name read as a declined form, in the nominative (Context::declensions).
struct Declension {
  std::string text;              ///< the name with its declined words in the nominative
  std::string grammatical_case;  ///< "genitive", "dative or locative", ...
  Gender gender = Gender::unknown;
  std::string changed;           ///< the words read back: "Вучића = Вучић"
};

struct ParsedName {
  std::vector<NamePart> parts;  ///< in input order
  Gender gender = Gender::unknown;
  /// Words written with look-alike letters of another script (Vuсiс with a Cyrillic с),
  /// read in the one script all their letters can be read in before parsing.
  std::vector<LookalikeWord> lookalikes;
};

}  // namespace normname
