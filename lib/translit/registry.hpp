#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "normname/script.hpp"
#include "normname/tables.hpp"
#include "normname/translit.hpp"
#include "keys/cache.hpp"
#include "translit/joint.hpp"
#include "translit/reverse.hpp"

#include <unicode/translit.h>

namespace normname::detail {

class ScriptDetector;

/// Stage 3. Every scheme is a file in tables/translit/:
///  - <id>.txt: ICU transform rules (which may call ICU built-ins with "::ID;"), compiled
///    by ICU on first use and cached;
///    A rule file may instead name a "# base:" scheme and a "# read-back:" scheme: it
///    writes what the base writes, marked (# marks:) where read-back would not return the
///    input (sr-latn-reversible);
///  - <id>.tsv: a dispatch scheme that picks, per token, the scheme named for the token's
///    detected language (column 1: a language code, "latin" or "other"; column 2: a scheme ID
///    or "-" to copy the token unchanged).
/// Both carry a header of "# description:" and "# standard:" lines.
class SchemeRegistry {
 public:
  SchemeRegistry(const Tables& tables, const ScriptDetector& detector);  // keeps a reference to tables
  const ScriptDetector& detector() const noexcept { return detector_; }
  ~SchemeRegistry();

  std::vector<SchemeInfo> list() const;
  bool has(std::string_view id) const;
  /// The scheme a dispatch scheme names for `key` (a language), if any.
  std::optional<std::string> dispatch_target(std::string_view dispatch, std::string_view key) const;
  /// The rule scheme dispatch scheme `dispatch` runs on token `t`, or "" where it copies it.
  std::string dispatch_scheme(std::string_view dispatch, const TokenScript& t) const;
  std::string run(std::string_view text, std::string_view id) const;
  /// run() for a name: a dispatch scheme reads all its Cyrillic words in one language when
  /// they have one in common (ScriptDetector::one_language), which `language` receives.
  /// With `prefer`, words that may be in that language are read in it (a word of a longer
  /// name, keyed alone: the name's language is known).
  std::string run_name(std::string_view text, std::string_view id, std::string* language = nullptr,
                       std::string_view prefer = {}) const;
  /// Up to k readings of `text`, best first, with log-probabilities. Only reverse models
  /// have more than one; a rule scheme gives its one output with log-probability 0.
  std::vector<ScoredText> candidates(std::string_view text, std::string_view id, std::size_t k) const;
  /// The learned Latin-Cyrillic model (tables/translit/learned/en-ru.tsv, see joint.hpp),
  /// loaded at first use; null when the tables have none.
  const JointModel* learned() const;
  /// True when a space is copied and a word is transliterated as it is with a space (or the
  /// text's edge) on each side, whatever lies beyond, unless reads_alone() says otherwise
  /// for that word: run(a + " " + b) is run(a + " ") then run(" " + b) without their
  /// second space, so a text can be transliterated word by word and each word's output
  /// kept. A dispatch scheme (it reads each token alone), a transducer whose contexts see
  /// no further than the space next to them (Transducer::splits_at_spaces), or marks over
  /// two such schemes. Not a reverse model, which reads whole names.
  bool splits_at_spaces(std::string_view id) const;
  /// For a scheme that splits_at_spaces, a number that tells it from this registry's other
  /// schemes (to key what is kept of it); nullopt for one that does not.
  std::optional<std::uint32_t> word_scheme(std::string_view id) const;
  /// For a scheme that splits_at_spaces: false when `word` (normalized, no space) is read
  /// with the words around it. A scheme that keeps Roman numerals decides whether XIV or
  /// VI is one by its neighbours (ŠTA VI MISLITE); every other "# keep:" span lies in one
  /// word.
  bool reads_alone(std::string_view word, std::string_view id) const;
  /// Which engine runs scheme `id`: "transducer", "icu (why)", "dispatch", "model", ...
  std::string engine(std::string_view id) const;
  /// TranslitEngine::icu runs every rule scheme through ICU (the reference); set before use.
  void set_engine(TranslitEngine e) noexcept { engine_ = e; }
  /// True under TranslitEngine::icu: every stage takes its reference path.
  bool reference_engine() const noexcept { return engine_ == TranslitEngine::icu; }

 private:
  struct Scheme;
  const Scheme& get(std::string_view id) const;
  const icu::Transliterator& compiled(const Scheme& s) const;
  const class Transducer* transducer(const Scheme& s) const;
  std::string full_rules(const Scheme& s) const;
  std::string run_dispatch(std::string_view text, const Scheme& s, bool one_language = false,
                           std::string* language = nullptr, std::string_view prefer = {}) const;
  std::string dispatch_scheme(const Scheme& dispatch, const TokenScript& t) const;
  std::string run_rules(std::string_view text, const Scheme& s) const;
  std::string run_read_back(std::string_view text, const Scheme& s) const;
  std::string marked_word(std::string_view word, const Scheme& s) const;
  const ReverseModel& model(const Scheme& s) const;
  std::vector<ScoredText> word_candidates(std::string_view token, const Scheme& s, std::size_t k) const;

  const Tables& tables_;
  static void load_exceptions(const Tables& tables, Scheme& s);
  static void load_marks(const Tables& tables, Scheme& s);
  std::string exception_rules(const Scheme& s) const;

  const ScriptDetector& detector_;
  std::map<std::string, std::unique_ptr<Scheme>, std::less<>> schemes_;
  TranslitEngine engine_ = TranslitEngine::automatic;
  // A dispatch scheme's output per token (run_dispatch); bounded.
  static constexpr std::size_t kCacheTokens = 1 << 16;
  static constexpr std::size_t kCacheBytesPerToken = 64;
  mutable FlatCache tokens_{kCacheTokens, kCacheTokens * kCacheBytesPerToken};
  mutable std::once_flag learned_once_;
  mutable std::unique_ptr<JointModel> learned_;
};

}  // namespace normname::detail
