#pragma once
// Reverse romanization: a romanized Russian word back to ranked Cyrillic candidates.
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "normname/tables.hpp"

namespace normname::detail {

struct ScoredText {
  std::string text;
  double log_prob = 0;  // natural log; higher is better
};

/// Letter trigram model with Witten-Bell interpolation, from a table of trigram counts.
class TrigramModel {
 public:
  void load(const Tables& tables, const std::string& path);
  double prob(char32_t a, char32_t b, char32_t c) const;  // P(c | a b)
  double count(char32_t a, char32_t b, char32_t c) const;  // n(abc)
  double context(char32_t a, char32_t b) const;             // n(ab.)

 private:
  // Counts of trigrams, of their two-letter contexts and how many distinct letters follow
  // each, and the same one order down.
  std::unordered_map<std::u32string, double> tri_, ctx2_, types2_, bi_, ctx1_, types1_, uni_;
  double uni_total_ = 1;
};

/// A noisy-channel model: P(Cyrillic word) from letter trigrams, times P(Latin | Cyrillic).
/// A name is romanized in one convention (BGN/PCGN, German, ...), so P(Latin | Cyrillic) is
/// a mixture over conventions of the product of per-letter chances, not a product of
/// per-letter mixtures: "Chaikovsky" is not English ai with German ch. The chances are
/// counted from the forward schemes themselves (see tables/translit/latn-ru.tsv).
class ReverseModel {
 public:
  using Forward = std::function<std::string(std::string_view text, std::string_view scheme)>;
  using Fold = std::function<std::string(std::string_view text)>;
  /// `path`: the model's table (translit/latn-ru.tsv). `forward` runs a forward scheme and
  /// returns its output in lower case with apostrophe look-alikes unified; `fold` folds text
  /// to ASCII. Both are used while the model is built; `fold` also on input letters the
  /// model has never seen.
  /// `learned`, when not null and the table's "# learned-weight:" is above 0, is mixed in
  /// (see mix()).
  ReverseModel(const Tables& tables, const std::string& path, const Forward& forward, Fold fold,
               const class JointModel* learned = nullptr);

  /// Up to k candidates for one lower-case word (Latin letters, ' for ь ъ), best first.
  /// Thread-safe; recent answers are cached.
  std::vector<ScoredText> word(std::string_view latin, std::size_t k) const;

 private:
  enum Ctx { kStart, kAfterVowel, kAfterConsonant, kCtxCount };
  // Conventions a table may declare: the search keeps one weight per convention in each
  // hypothesis, in a fixed array so extending one allocates nothing for them.
  static constexpr std::size_t kMaxConventions = 32;
  struct Option {
    std::u32string cyrillic;
    std::vector<double> p;  // P(Latin | Cyrillic) in each convention
    bool end_only = false;
  };
  std::vector<ScoredText> search(std::string_view latin, std::size_t k) const;
  std::vector<ScoredText> mix(std::string_view latin, std::size_t k) const;  // with learned_
  static constexpr std::size_t kMixDepth = 8;
  Ctx ctx_after(char32_t last) const;
  double lm(char32_t a, char32_t b, char32_t c) const;  // log P(c | a b)
  double lm_uncached(char32_t a, char32_t b, char32_t c) const;
  void load_lexicon(const Tables& tables, const std::string& path, const std::string& config,
                    const std::u32string& letters);

  std::unordered_map<std::string, std::vector<Option>> channel_[kCtxCount];  // Latin -> options
  std::vector<Option> silent_[kCtxCount];  // letters romanizations may drop (ь ъ)
  std::size_t max_latin_ = 1;
  std::unordered_set<char32_t> known_;  // every character of every Latin spelling
  std::vector<double> prior_;           // of each convention, summing to 1
  std::unordered_map<char32_t, std::size_t> symbol_index_;  // letters and word marks
  std::vector<double> lm_table_;  // lm() of every trigram of those symbols
  // Known names (tables/names/given.tsv): a word model mixed into the letter model, since a
  // letter model cannot know that Павел is a name and Павель is not.
  std::unordered_set<std::u32string> lexicon_;
  double lexicon_log_p_ = 0;  // log(weight / size): P of one known name under the word model
  double letters_log_w_ = 0;  // log(1 - weight): the letter model's share
  Fold fold_;
  const JointModel* learned_ = nullptr;
  bool use_learned_ = false;
  double learned_weight_ = 0;
  double learned_evidence_ = 0;
  std::u32string vowel_context_;           // letters after which е is "ye" (а е ... й ь ъ)
  TrigramModel words_, names_;  // all words; proper names only
  double names_prior_ = 50;     // how many name counts the words model is worth (Dirichlet prior)
  // Answers by word and k, emptied when full: a few MB at most.
  static constexpr std::size_t kCacheWords = 1 << 16;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<ScoredText>> cache_;
};

}  // namespace normname::detail
