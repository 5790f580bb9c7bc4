#pragma once
// Stage 1 (lib/text/): bytes to clean, comparable UTF-8.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace normname {

/// Options for Context::normalize. The steps always run in this order, whatever is set:
/// repair UTF-8 -> strip controls -> unify punctuation -> NFC (+ case fold) ->
/// strip diacritics -> squash whitespace. Defaults are the ones the CLI uses.
struct NormalizeOptions {
  /// Full Unicode case folding (utf8proc CASEFOLD): "ПЁТР" -> "пётр", "Straße" -> "strasse".
  bool fold_case = true;
  /// Remove combining marks from Latin letters only: "Vučić" -> "Vucic". Cyrillic keeps its
  /// marks because й and ё are letters of their own. Letters without a decomposition
  /// (đ, ł, ø) are left alone: the latn-ascii scheme spells those out.
  bool strip_diacritics = false;
  /// Map look-alike apostrophes, hyphens and quotes to ASCII (tables/text/punctuation.tsv).
  bool unify_punctuation = true;
  /// Drop control (Cc) and format (Cf) characters: ZWJ, ZWNJ, BOM, soft hyphen, LRM/RLM.
  /// White space (tabs and line breaks included) is never dropped by this step.
  bool strip_controls = true;
  /// With strip_controls, still keep U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH
  /// JOINER: they say whether letters join (Serbian Latin "n\u200Cj" is н + ј, not њ), so
  /// transliteration needs them; matching does not.
  bool keep_joiners = false;
  /// Turn every run of white space into one ASCII space and trim both ends. When false,
  /// white space is kept byte for byte (tabs, runs, leading and trailing spaces).
  bool squash_whitespace = true;
};

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes) noexcept;

/// Copy of `bytes` with each maximal ill-formed subsequence replaced by U+FFFD (the
/// "substitution of maximal subparts" practice of Unicode ch. 3). `replaced`, when given,
/// receives the number of replacements made.
[[nodiscard]] std::string repair_utf8(std::string_view bytes, std::size_t* replaced = nullptr);

/// Legacy encodings the CLI accepts with --encoding (decoded through Boost.Locale).
enum class Encoding { utf8, windows_1251, koi8_r, iso_8859_5, windows_1250 };

/// Parse an encoding name: "utf-8", "windows-1251"/"cp1251", "koi8-r", "iso-8859-5",
/// "windows-1250"/"cp1250" (case-insensitive). nullopt for anything else.
[[nodiscard]] std::optional<Encoding> parse_encoding(std::string_view name) noexcept;

/// The canonical name of an encoding ("windows-1251").
[[nodiscard]] std::string_view encoding_name(Encoding enc) noexcept;

/// Decode `bytes` in `enc` to UTF-8. For Encoding::utf8 the bytes are returned unchanged
/// (repair is the caller's choice). Every byte of the single-byte encodings decodes.
[[nodiscard]] std::string decode(std::string_view bytes, Encoding enc);

}  // namespace normname
