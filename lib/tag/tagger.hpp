#pragma once
// Stage 6: mentions of known entities in running text (Context::tag). Internal.
//
// A text is cut into words by ICU's word BreakIterator. Each capitalized word is looked up,
// by the skeleton of its match key, among the words of every alias-table name, given name
// and title (the lexicon), as written and as each nominative it can be a case form of: the
// case endings of tables/morphology/cases.tsv, romanized once into key space (Вучића and
// Vučića: vucica, read back to vucic). The lexicon is a hash table of token skeletons, so a
// word costs a few look-ups whatever the size of the tables, and a word seen before costs
// one cache probe. Neighbouring words that are names (words of the lexicon, given names,
// initials) form a run, with the titles written before it. A run that holds a word of an
// entity's name is a mention when, read back to the nominative in one case and gender, it
// is spelled as a name of one entity (found by key); a family name alone fits the people of
// that family name; anything else is resolved (Context::resolve, cached). A run that fits
// nothing as a whole gives its longest part that fits, and the rest is tried again. A
// family name alone names the person the document named in full before, when no other
// person of that name is named in it; otherwise it is ambiguous.
#include <cstdint>
#include <optional>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "keys/cache.hpp"
#include "normname/match.hpp"
#include "normname/tag.hpp"

namespace normname::detail {

class AliasIndex;
class NameParser;
class Inflection;
class Skeleton;

class Tagger {
 public:
  using KeyFn = std::function<std::string(std::string_view)>;
  /// Context::resolve for a mention; `declined`: its name words are case forms only (not
  /// a name of the tables as written), so it is read back before it is compared as written.
  using ResolveFn = std::function<Resolution(std::string_view, bool declined)>;
  using GenderFn = std::function<Gender(std::string_view)>;
  /// What a name's given names are, as keys two names share when a given name of one is a
  /// given name of the other (skeletons, name classes); of a word alone, also as each case
  /// form it can be of.
  using GivenFn = std::function<std::vector<std::string>(std::string_view name, bool word)>;
  /// AliasIndex::exact_key: the one entity with a name of this match key.
  using ExactFn = std::function<std::optional<Resolution>(std::string_view key)>;
  /// `key`: a name's match key; `resolve`: Context::resolve; `gender`: the gender a name
  /// parses as. The lexicon is built here, from every alias of `aliases`.
  Tagger(const AliasIndex& aliases, const NameParser& parser, const Inflection& inflection, const Skeleton& skeleton,
         KeyFn key, ResolveFn resolve, GenderFn gender, GivenFn given, ExactFn exact);

  /// The mentions in `text`, in text order. A text of any length is read, in batches of
  /// words, so memory stays bounded.
  std::vector<Mention> tag(std::string_view text) const;

  /// True when `word` (a nominative a case form was read back to) is spelled as a word of
  /// some alias-table name, by its skeleton: what running text declines is those names.
  bool known_word(std::string_view word) const;

  /// A word longer than this is no name and is not looked up (docs/cli.md, "Limits").
  static constexpr std::size_t kMaxWordBytes = 256;
  /// Words of a run (names of people and places are shorter): a longer run is cut.
  static constexpr std::size_t kMaxRunWords = 6;

 private:
  // What a word is, as far as tagging asks: bits of one byte, kept per word as written.
  enum : std::uint8_t {
    kAnchor = 1,      // a word of an entity's name that can name it (not only a given name)
    kNameWord = 2,    // a word of some alias (a given name of a person's alias, too)
    kGiven = 4,       // a given name the name tables know
    kTitle = 8,       // a title (names/titles.tsv)
    kPerson = 16,     // a word of a person's alias
    kPlace = 32,      // a word of a place's (or another non-person's) alias
    kBase = 64,       // a word of an alias as written (not only a case form of one)
    kAnalysed = 128,  // set on every cached entry: 0 means not looked up
  };
  struct Word;
  // Cases as bits (Inflection's case names in this order), and the nominative.
  static constexpr std::uint8_t kNominative = 1;
  static constexpr std::uint8_t kMale = 1, kFemale = 2;
  // A case ending in key space: a key ending in `form` may be the case form of the key with
  // `nominative` in its place, in `cases`, for `genders`.
  struct KeyEnding {
    std::string nominative, form;
    bool needs_consonant = false, needs_vowel = false;
    std::uint8_t cases = 0, genders = 0;
    bool cyrillic = false;  // a rule of Cyrillic words (a Latin word is read by the Latin rules)
  };
  // One nominative a word of a text can be: a word of the lexicon, in some cases and genders.
  struct Link {
    std::string base;  // its key
    std::uint8_t flags = 0, cases = 0, genders = 0;
  };
  struct Person {
    std::string id;
    std::string alias;
    Gender gender = Gender::unknown;
    std::vector<std::string> families;  // skeletons of its family names
  };
  std::vector<Link> links(std::string_view word) const;
  // A word's links and their flags, made once per word as written (kept in words_).
  struct Analysis {
    std::uint8_t flags = 0;
    std::vector<Link> links;
  };
  std::shared_ptr<const Analysis> analysis(std::string_view word) const;
  std::uint8_t analyse(std::string_view word) const;
  // `families`: for a family name alone, the skeletons it was read as (for the text's
  // people named before).
  std::optional<Resolution> fast(std::string_view text, const std::vector<Word>& words, std::size_t from,
                                 std::size_t to, std::vector<std::string>& families) const;
  std::string case_names(std::uint8_t cases) const;
  // Mentions found, and for each family name alone (by its begin) the skeletons it was read as.
  struct Found {
    std::vector<Mention> mentions;
    std::unordered_map<std::size_t, std::vector<std::string>> families;
  };
  void resolve_run(std::string_view text, const std::vector<Word>& words, std::size_t from, std::size_t to,
                   Found& out) const;
  bool try_span(std::string_view text, const std::vector<Word>& words, std::size_t from, std::size_t to,
                bool allow_person, Found& out) const;

  bool person(const std::optional<std::string>& id, const std::vector<EntityMatch>& fits) const;

  const AliasIndex& aliases_;
  const NameParser& parser_;
  const Inflection& inflection_;
  const Skeleton& skeleton_;
  KeyFn key_;
  ResolveFn resolve_;
  GenderFn gender_;
  GivenFn given_;
  ExactFn exact_;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Skeleton of a word of an alias, a given name or a title -> what it is (the flags).
  std::unordered_map<std::string, std::uint8_t, Hash, std::equal_to<>> lexicon_;
  std::vector<KeyEnding> endings_;
  std::vector<std::string> case_list_;  // the case of each bit of KeyEnding::cases, from bit 1
  // Family-name skeleton -> the people whose name has it (into people_).
  std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>> families_;
  std::vector<Person> people_;
  std::unordered_map<std::string, std::uint32_t> person_index_;  // entity ID -> people_
  /// A family name alone reports at most this many of the people it fits.
  static constexpr std::size_t kMaxFits = 8;
  static constexpr std::size_t kMaxCombinations = 16;  // readings of a run compared by key
  static constexpr std::size_t kCacheWords = std::size_t{1} << 16;
  BoundedCache<std::shared_ptr<const Analysis>> words_{kCacheWords};
  // fast() per run as written: the same names recur through a text.
  struct Quick {
    std::optional<Resolution> resolution;
    std::vector<std::string> families;
  };
  BoundedCache<std::shared_ptr<const Quick>> runs_{kCacheWords};
};

}  // namespace normname::detail
