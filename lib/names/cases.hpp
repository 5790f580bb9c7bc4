#pragma once
// Declined names read back to the nominative (tables/morphology/cases.tsv). Internal.
//
// Running text declines names: "Вучића", "Vučićem", "Петра Илића", "са Милицом Стојановић".
// A name as written that fits nothing is read again in each case and gender its words can
// all be in (Петра Илића: genitive, male: Петар Илић), and match and resolve compare those
// readings. The rules only propose: a reading counts when the name it gives matches, and
// its gender is never overruled (Смирновой is read as the woman Смирнова, not the man).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "normname/names.hpp"
#include "normname/tables.hpp"

namespace normname::detail {

/// One reading of a name: the name in the nominative, in a case and gender.
struct CaseReading {
  std::string text;     // the name with its declined words in the nominative
  std::string grammatical_case;  // "genitive", ...
  Gender gender = Gender::unknown;
  std::string changed;  // "Вучића = Вучић, Петра = Петар": the words read back
  std::vector<std::string> lemmas;  // those words in the nominative (Вучић, Петар)
  bool after_preposition = false;   // a preposition stood before the name (у Београду)
};

class Inflection {
 public:
  explicit Inflection(const Tables& tables);
  /// The readings of a name in a case other than the nominative, best first (the table's
  /// order), at most kMaxReadings; none when no word could be declined. Names longer than
  /// kMaxWords words are not read (running text cut into names is short).
  /// `known`, if given, says which nominatives are names (a given name of the tables, a
  /// family-name ending): they come first among a word's forms.
  using Known = std::function<bool(std::string_view)>;
  [[nodiscard]] std::vector<CaseReading> readings(std::string_view name, const Known& known = {}) const;

  /// True when a word ends as family names do in the nominative (tables: surname rows).
  [[nodiscard]] bool surname_like(std::string_view word) const;
  /// True when a word, as written, is one of the prepositions that stand before a declined
  /// name (у Београду, sa Milicom).
  [[nodiscard]] bool preposition(std::string_view word) const;
  /// True when a word stays as it is in every case for that gender (a woman's Вучић).
  [[nodiscard]] bool stays(std::string_view word, Gender g) const;
  /// The gender of a name whose words all read as the nominative of that gender (Aleksandra
  /// Ivanova: a woman, whose name needs no reading as a man's genitive), else unknown.
  [[nodiscard]] Gender nominative_gender(const ParsedName& name) const;

  /// The case rules as pairs of endings (UTF-8, lower case): a word ending in `nominative`
  /// may be written with `form` in its place, in some case; for a tagger that lists the
  /// case forms of known names rather than reading back every word of a text.
  struct Ending {
    std::string form, nominative;
    bool needs_consonant = false, needs_vowel = false;
    std::vector<std::string> cases;  // "genitive", ...
    bool male = false, female = false;
  };
  [[nodiscard]] std::vector<Ending> endings() const;
  /// True for a reading in the vocative alone (Aleksandre: the form a name is called by,
  /// found in quoted speech, not in a list of names).
  [[nodiscard]] static bool vocative_only(const CaseReading& r);
  /// A stem keeps at least this many letters when an ending is put in its place.
  static constexpr std::size_t kMinStem = 2;

  /// A verdict that needed a declined name read back is a shade weaker than the same verdict
  /// on the names as written, so that where both fit, the name as written wins.
  static constexpr double kDeclinedWeight = 0.99;

  static constexpr std::size_t kMaxReadings = 12;
  static constexpr std::size_t kMaxWords = 6;

 private:
  struct Rule {
    std::u32string ending, nominative;  // lower case
    std::vector<std::string> cases;
    bool male = false, female = false;
    bool needs_consonant = false, needs_vowel = false;
  };
  struct Fixed {
    std::u32string ending;  // empty: any consonant
    bool male = false, female = false;
  };
  bool consonant(char32_t c) const;
  bool stays_lower(std::u32string_view lower, Gender g) const;
  std::vector<Rule> rules_;
  // Rule numbers by the last letter of their ending, in table order; rules_ with an empty
  // ending fit every word (by_last_[U'\0']). A word is checked only against its own letter's.
  std::unordered_map<char32_t, std::vector<std::uint32_t>> by_last_;
  std::vector<Fixed> fixed_;
  std::u32string consonants_;  // sorted
  std::vector<std::u32string> prepositions_;
  std::vector<std::u32string> surname_endings_;
};

}  // namespace normname::detail
