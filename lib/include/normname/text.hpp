#pragma once
// Stage 1 (lib/text/): bytes to clean, comparable UTF-8.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// Incremental decoder from any charset ICU's converters know to UTF-8: "koi8-u", "cp866",
/// "iso-8859-2", "windows-1251", "UTF-16" (byte order from its BOM, big-endian without),
/// "UTF-16LE", "gb18030", ... (names and aliases as `list_encodings()` gives them, any case).
/// Input may arrive in pieces split anywhere, also inside a character.
///
/// Every byte sequence that is not a character of the charset becomes U+FFFD and is
/// reported. So does a character that a name never holds but that a wrong code page turns
/// letters into: C1 controls (U+0080..U+009F) and box drawing and block elements
/// (U+2500..U+259F): koi8-u's "Kiїv" read as koi8-r is "Ki╖v", which is reported, not passed on.
class Decoder {
 public:
  /// Throws error{errc::unknown_encoding} when ICU has no converter of that name.
  explicit Decoder(std::string_view charset);
  ~Decoder();
  Decoder(Decoder&& other) noexcept;
  Decoder& operator=(Decoder&& other) noexcept;
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  /// Appends the UTF-8 of `bytes` to `out`. `last` marks the end of the input: a character
  /// still incomplete then is invalid. When `invalid_at` is given, the offset in `out` of
  /// each U+FFFD written for invalid input is appended to it.
  void decode(std::string_view bytes, bool last, std::string& out, std::vector<std::size_t>* invalid_at = nullptr);

  /// ICU's canonical name of the charset ("KOI8-U", "ibm-866_P100-1995").
  [[nodiscard]] std::string_view name() const noexcept { return name_; }

 private:
  void* converter_ = nullptr;  // UConverter*, kept out of the public header
  std::string name_;
  char16_t pending_high_ = 0;  // a high surrogate whose low half is in the next piece
};

/// Every charset name `Decoder` accepts: each converter's canonical name, then its aliases
/// (TAB-separated, one converter per entry).
[[nodiscard]] std::vector<std::string> list_encodings();

/// True when `charset` names UTF-8 ("utf-8", "UTF8", any case).
[[nodiscard]] bool is_utf8_charset(std::string_view charset) noexcept;

}  // namespace normname
