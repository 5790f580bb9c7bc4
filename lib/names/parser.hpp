#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "keys/cache.hpp"
#include "keys/skeleton.hpp"
#include "normname/keys.hpp"
#include "normname/names.hpp"
#include "translit/joint.hpp"
#include "normname/tables.hpp"

namespace normname::detail {

class ScriptDetector;

/// One class a given-name form belongs to (tables/names/given.tsv).
struct GivenClass {
  std::string id;  // "petr"
  Gender gender = Gender::unknown;
  bool diminutive = false;  // the form is listed as a diminutive of this class
};

/// Stage 4b: parse a name into parts with roles, from tables/names/*.tsv.
class NameParser {
 public:
  /// The key of one word; the second argument, when not empty, is the language the name's
  /// Cyrillic words share (ScriptDetector::one_language), to romanize the word in.
  using KeyFn = std::function<std::string(std::string_view, std::string_view)>;
  /// The learned Latin-Cyrillic model (translit/joint.hpp), made at first use; may be null.
  using LearnedFn = std::function<const JointModel*()>;
  NameParser(const Tables& tables, KeyFn key, const Skeleton& skeleton, const ScriptDetector& detector,
             LearnedFn learned = {});

  /// The learned model's chance that two words, one in Latin letters and one in Cyrillic,
  /// are one name written in two scripts (JointModel::posterior); -1 (no opinion) for any
  /// other pair, a word with letters the model has never read, or without a model. A chance
  /// below `floor` may come back as a bound (still below it): the model's likeliest reading
  /// of the Latin word shares the chance, and most pairs are ruled out by it without a
  /// beam search. Kept in a bounded cache (asked with one floor): a registry compares the
  /// same words often.
  double learned_chance(const NamePart& a, const NamePart& b, double floor) const;

  ParsedName operator()(std::string_view name) const;

  /// Classes of a given-name skeleton (empty when it is not a known given name).
  const std::vector<GivenClass>& classes(std::string_view skeleton) const;
  /// True when two initials (first letters) can begin the same name (tables/names/initials.tsv).
  bool initials_agree(char a, char b) const;
  /// Every letter `c` agrees with as an initial: itself and its groups' letters.
  std::string initial_letters(char c) const;
  /// The skeleton of a name's words run together, titles and suffixes left out: one string
  /// whatever the word breaks (Баня-Лука and Banja Luka: "banaluka"); then its variant
  /// skeletons (keys/skeleton-variants.tsv) that differ from it.
  std::vector<std::string> joined_skeletons(const ParsedName& name) const;
  const Skeleton& skeleton() const { return skeleton_; }
  /// Given-name classes of a part, by its skeleton or else its variant skeleton.
  const std::vector<GivenClass>& classes_of(const NamePart& part) const;
  /// The same for a skeleton and its variant skeletons.
  const std::vector<GivenClass>& classes_of(std::string_view skeleton, const std::vector<std::string>& variants) const;
  /// How many of `words` (as written), from the first, an office or descriptor of
  /// names/descriptors.tsv covers (Foreign Minister, ministar unutrašnjih poslova); 0: none.
  std::size_t descriptor_length(const std::vector<std::string_view>& words) const;
  /// Every given-name skeleton of names/given.tsv, and every title's key (names/titles.tsv).
  void for_each_given(const std::function<void(const std::string& skeleton)>& f) const;
  void for_each_title(const std::function<void(const std::string& key)>& f) const;

 private:
  struct Ending {
    std::string ending;
    std::string value;  // gender ("m"/"f") or masculine ending
  };
  const Ending* first_ending(const std::vector<Ending>& endings, std::string_view skeleton) const;
  static bool ends_with(std::string_view s, std::string_view e) {
    return s.size() > e.size() && s.substr(s.size() - e.size()) == e;
  }

  KeyFn key_;
  LearnedFn learned_;
  static constexpr std::size_t kCachePairs = std::size_t{1} << 14;
  static constexpr std::size_t kLearnedReadings = 8;  // the readings a chance is shared among
  BoundedCache<double> learned_chances_{kCachePairs};
  // A Latin word's best readings (JointModel::best), or null when the model cannot read it.
  BoundedCache<std::shared_ptr<const std::vector<JointModel::Reading>>> learned_readings_{kCachePairs};
  // Its likeliest reading by a beam of one (JointModel::best), or null.
  BoundedCache<std::shared_ptr<const JointModel::Reading>> learned_guess_{kCachePairs};
  const Skeleton& skeleton_;
  const ScriptDetector& detector_;
  // A token analysed once, token first: what its letters are (script, case, a numeral),
  // then what it reads as in a language (key, skeletons) and what the name tables say of
  // that reading (a title, a known given name, a patronymic or feminine ending). Names
  // repeat their tokens (a registry's surnames, a news archive's people), so both are kept
  // and looked up; parsing a name is then only deciding roles over them.
  struct WordFacts {
    TokenScript script;
    std::size_t letters = 0, upper = 0;
    bool roman = false;  // a Roman numeral (II, XIV)
  };
  struct TokenReading {
    std::string key, skeleton;
    std::vector<std::string> variant_skeletons;  // empty where no convention differs
    bool title = false, generational = false;
    const std::vector<GivenClass>* known = nullptr;    // classes(skeleton), null when none
    const std::vector<GivenClass>* classes = nullptr;  // classes_of the token as a given name
    const Ending* patronymic = nullptr;                // the first patronymic ending it has
    // Its first feminine ending, and its skeletons with that ending made masculine.
    const Ending* feminine = nullptr;
    std::string masculine_skeleton;
    std::vector<std::string> masculine_variants;
    bool masculine = false;  // ends as a man's family name does
    std::vector<std::string> key_words;  // the key cut at its spaces
    bool starts_descriptor = false;      // its first key word begins a descriptor
  };
  std::shared_ptr<const WordFacts> word_facts(std::string_view text) const;
  std::shared_ptr<const TokenReading> read_token(std::string_view text, std::string_view language) const;
  static constexpr std::size_t kCacheTokens = std::size_t{1} << 16;
  BoundedCache<std::shared_ptr<const WordFacts>> words_{kCacheTokens};
  BoundedCache<std::shared_ptr<const TokenReading>> readings_{kCacheTokens};
  std::unordered_map<std::string, std::vector<GivenClass>> given_;  // by skeleton
  // Descriptors of several words (names/descriptors.tsv), as the words of their keys, by
  // their first word.
  struct Descriptor {
    std::vector<std::string> words;
  };
  std::unordered_map<std::string, std::vector<Descriptor>> descriptors_;
  // How many tokens from `i` a descriptor covers (0: none).
  template <class Toks>
  std::size_t descriptor_at(const Toks& toks, std::size_t i) const;
  // Titles: by skeleton when it has at least kTitleSkeletonMinLength letters, else by key.
  static constexpr std::size_t kTitleSkeletonMinLength = 4;
  std::unordered_set<std::string> title_skeletons_, title_keys_;
  std::vector<std::string> initial_groups_;                          // letters per group
  std::unordered_set<std::string> generational_;                     // skeletons
  std::vector<Ending> patronymic_, feminine_, masculine_;
};

}  // namespace normname::detail
