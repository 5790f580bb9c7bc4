#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "normname/keys.hpp"
#include "normname/match.hpp"
#include "normname/names.hpp"
#include "normname/script.hpp"
#include "normname/tables.hpp"
#include "normname/tag.hpp"
#include "normname/text.hpp"
#include "normname/translit.hpp"

namespace normname {

/// A loaded normname: tables parsed, transliteration rules compiled on first use and cached.
/// All methods are const and may be called from several threads at once.
/// Inputs are UTF-8; invalid sequences are replaced by U+FFFD (use is_valid_utf8 first
/// where that must be an error). Outputs are NFC UTF-8.
class Context {
 public:
  /// Built-in tables. Throws normname::error if a table does not parse.
  Context();
  explicit Context(Tables tables, MatchOptions options = {});
  ~Context();
  Context(Context&&) noexcept;
  Context& operator=(Context&&) noexcept;
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  [[nodiscard]] const Tables& tables() const noexcept;
  [[nodiscard]] const MatchOptions& options() const noexcept;

  /// Stage 1. See NormalizeOptions for the steps and their order.
  [[nodiscard]] std::string normalize(std::string_view text, const NormalizeOptions& opts = {}) const;

  /// Stage 2. Tokens are maximal runs of letters, marks and digits, with inner apostrophes
  /// and hyphens kept ("O'Brien", "Rimsky-Korsakov"). Offsets refer to `text` as given.
  [[nodiscard]] std::vector<TokenScript> detect_script(std::string_view text) const;

  /// Stage 3. Transliterate under a named scheme (see list_schemes()). Case is kept.
  /// Throws error{errc::unknown_scheme} for an unknown ID, error{errc::bad_rules} when a
  /// rule file does not compile.
  [[nodiscard]] std::string transliterate(std::string_view text, std::string_view scheme) const;
  /// transliterate(normalize(text, opts), scheme), as the CLI's filter runs it. Names
  /// repeat, so where that is the same as doing it word by word (the scheme reads each word
  /// alone and opts keep white space as it is) each word's output is kept, per thread and
  /// bounded, and looked up.
  [[nodiscard]] std::string transliterate(std::string_view text, std::string_view scheme,
                                          const NormalizeOptions& opts) const;
  /// Up to k readings, best first, with probabilities that sum to 1 over those returned.
  /// Reverse schemes (latn-ru) rank several; every other scheme gives its one output.
  [[nodiscard]] std::vector<Candidate> transliterate_candidates(std::string_view text, std::string_view scheme,
                                                                std::size_t k) const;
  [[nodiscard]] std::vector<SchemeInfo> list_schemes() const;
  [[nodiscard]] bool has_scheme(std::string_view scheme) const;
  /// The scheme auto-latn uses for a language ("uk" -> "uk-latn-2010"), if any.
  [[nodiscard]] std::optional<std::string> default_scheme(std::string_view lang) const;

  /// Stage 4. A match key: normalized, romanized, ASCII, lower case, tokens in input order
  /// separated by one space. Equal keys mean "spelled alike once transliteration is undone".
  [[nodiscard]] std::string key(std::string_view name) const;
  /// The same key with every stage's output: tokens and their schemes, the romanized and
  /// ASCII text, and each key token's skeletons (normname key --explain).
  [[nodiscard]] KeyTrace explain_key(std::string_view name) const;

  /// Stage 4b. A name in parts: titles, given names, initials, patronymic, family name,
  /// suffixes, with a gender hint (tables/names/).
  [[nodiscard]] ParsedName parse(std::string_view name) const;
  /// The name read as a declined form (tables/morphology/cases.tsv): each reading puts its
  /// words in the nominative of one case and gender, likeliest first; the readings resolve
  /// tries when the name as written fits nothing. Empty when no word reads as declined.
  [[nodiscard]] std::vector<Declension> declensions(std::string_view name) const;

  /// Stage 5. Score two names part by part; Match::explanation says how each part matched.
  [[nodiscard]] Match match(std::string_view a, std::string_view b) const;
  /// Resolve a name to a canonical ID through the alias tables (tables/aliases/*.tsv).
  [[nodiscard]] Resolution resolve(std::string_view name) const;
  /// Group names into entities: labels[i] is the group of names[i]; groups are numbered
  /// 0, 1, ... in order of their first member.
  [[nodiscard]] std::vector<std::size_t> cluster(const std::vector<std::string>& names) const;

  /// Stage 6. The mentions of entities of the alias tables in running text, in text order:
  /// names in any script and any case, with their titles (Mention). One call is one
  /// document: a family name alone names the person it named in full before.
  [[nodiscard]] std::vector<Mention> tag(std::string_view text) const;

  /// With `use_aliases` (the default), match() and cluster() also treat two names as the
  /// same when the alias tables resolve both to one ID (Moscow, Москва). Off compares
  /// spellings only, to measure the name tables on their own (CLI: --no-aliases).
  void set_use_aliases(bool on) noexcept;
  /// Which engine runs rule schemes (TranslitEngine); call before the Context is used.
  void set_translit_engine(TranslitEngine engine) noexcept;
  /// What runs `scheme`: "transducer", "icu (why it has no transducer)", "dispatch",
  /// "model" (latn-ru) or "marks over BASE". Throws for an unknown scheme.
  [[nodiscard]] std::string scheme_engine(std::string_view scheme) const;

  struct Impl;

 private:
  friend std::string compile_index(const Context& ctx, std::string_view table_path);
  friend bool uses_compiled_index(const Context& ctx, std::string_view table_path);
  friend bool compiled_runner_ups_current(const Context& ctx, std::string_view table_path);
  std::unique_ptr<Impl> impl_;
};

}  // namespace normname
