#pragma once
// Stage 2 (lib/script/): which script each token is written in, and a language guess.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace normname {

enum class Script { none, latin, cyrillic, mixed, other };

/// "latin", "cyrillic", "mixed", "other", "none".
[[nodiscard]] std::string_view to_string(Script s) noexcept;

/// One token of the text passed to Context::detect_script.
struct TokenScript {
  std::size_t offset = 0;  ///< byte offset of the token in the input
  std::size_t length = 0;  ///< byte length of the token
  Script script = Script::none;
  /// Language guess: "ru", "sr", "uk", "be", "mk", "bg" for Cyrillic; "sr" for a Latin token
  /// written in Serbian Latin (č ć đ š ž, or the digraphs dž lj nj); empty when there is no
  /// basis for a guess (plain Latin, digits, other scripts).
  std::string lang;
  /// Every language whose alphabet spells the token (tables/script/alphabets.tsv), in the
  /// table's order of preference. `lang` is the first of them.
  std::vector<std::string> candidates;
  /// True when exactly one language fits, i.e. the letters alone decide.
  bool certain = false;
};

}  // namespace normname
