#pragma once
// A joint-sequence (pair n-gram) model of how one script's spelling of a name becomes
// another's: the Latin spelling and the Cyrillic spelling of a name are one sequence of
// graphones (a few Latin letters written as a few Cyrillic letters, "sch:ш", "x:кс",
// "e:" for a silent e), and an n-gram model over graphones gives the chance of the pair.
// Trained by tools/learn (EM alignment, then a Kneser-Ney n-gram model); the model file is
// tables/translit/learned/*.tsv. Decoding ranks Cyrillic spellings of a Latin word; scoring
// gives the chance of a given Cyrillic word among the model's readings of a Latin one.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace normname::detail {

class JointModel {
 public:
  struct Reading {
    std::u32string cyrillic;
    double log_prob = 0;  // natural log of the joint chance of (Latin, this reading)
  };

  /// Parses a model file; `name` is used in error messages (bad_table, with the line).
  JointModel(std::string_view text, std::string_view name);

  /// The letters the model reads a Latin word in: lower case, NFC, apostrophe look-alikes
  /// as ', other marks and punctuation dropped. The trainer reads its data the same way.
  static std::u32string latin_letters(std::string_view text);
  /// The same for a Cyrillic word (ё kept, stress marks dropped).
  static std::u32string cyrillic_letters(std::string_view text);

  /// True when every character of `text` is a letter or mark the model has read (in
  /// latin_letters form: lower case, NFC), or an apostrophe.
  [[nodiscard]] bool reads(std::string_view text) const;
  /// The same for a Cyrillic word: every letter is one the model writes.
  [[nodiscard]] bool writes(std::string_view text) const;
  /// Up to k Cyrillic readings of a Latin word (latin_letters form), best first. Letters
  /// the model has never seen are written as they are, at a fixed low chance.
  /// `beam`: the hypotheses kept per Latin position (0: the default width); one keeps the
  /// single likeliest at each step, a cheap reading to bound a posterior with.
  [[nodiscard]] std::vector<Reading> best(std::u32string_view latin, std::size_t k, std::size_t beam = 0) const;
  /// The joint log chance of the best alignment of the two words, if there is one.
  [[nodiscard]] std::optional<double> joint(std::u32string_view latin, std::u32string_view cyrillic) const;
  /// The chance that `cyrillic` is the reading of `latin`, among the model's k best
  /// readings and itself (0 when the model cannot align them).
  [[nodiscard]] double posterior(std::u32string_view latin, std::u32string_view cyrillic, std::size_t k) const;
  /// The same with the Latin word's best readings already at hand (best(latin, k)): a
  /// registry compares one word with many, and the readings cost more than the pair.
  [[nodiscard]] double posterior(std::u32string_view latin, std::u32string_view cyrillic,
                                 const std::vector<Reading>& readings) const;
  /// The same from the pair's joint log chance (joint(latin, cyrillic), when there is one):
  /// most words a registry sets side by side do not align at all, and asking joint first
  /// spares them the readings.
  [[nodiscard]] static double posterior(double joint_log, std::u32string_view cyrillic,
                                        const std::vector<Reading>& readings);

  [[nodiscard]] std::size_t order() const { return order_; }
  [[nodiscard]] std::size_t ngrams() const { return arc_count_; }

 private:
  struct Graphone {
    std::u32string latin, cyrillic;
  };
  struct State {
    float backoff_weight = 0;  // log
    std::uint32_t backoff = 0;  // the state of this context without its first graphone
  };
  struct Arc {
    std::uint64_t key = 0;  // state << 32 | graphone, + 1: 0 is an empty slot
    float log_prob = 0;
    std::uint32_t next = 0;
  };
  const Arc* find_arc(std::uint64_t key) const;
  // log P(g | state), moving `state` to the context after g.
  float step(std::uint32_t& state, std::uint32_t g) const;

  std::size_t order_ = 0;
  std::vector<Graphone> graphones_;  // 0 is the word boundary
  std::unordered_map<std::u32string, std::vector<std::uint32_t>> by_latin_, options_;
  std::size_t max_latin_ = 1;
  std::u32string cyrillic_alphabet_;  // sorted
  std::vector<State> states_;  // 0: no context; start_: the word start
  std::uint32_t start_ = 0;
  // Open addressing, a power of two at most half full: step() is the decoder's inner loop.
  std::vector<Arc> arcs_;
  std::size_t arc_count_ = 0;
};

}  // namespace normname::detail
