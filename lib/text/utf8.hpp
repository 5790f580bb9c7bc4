#pragma once
// Code-point level helpers shared by the stages. Internal.
#include <cstddef>
#include <string>
#include <string_view>

namespace normname::detail {

inline constexpr char32_t kReplacementChar = U'\uFFFD';

/// Decode one code point at `pos` following Unicode Table 3-7 (well-formed byte sequences).
/// On success `cp` is set and the sequence length returned. On failure `cp` is
/// kReplacementChar and the length of the maximal ill-formed subpart (at least 1) returned.
std::size_t decode_utf8(std::string_view s, std::size_t pos, char32_t& cp, bool& ok) noexcept;

void append_utf8(std::string& out, char32_t cp);

/// decode_utf8 with the ASCII case inline (the hot loops' one call per code point).
inline std::size_t next_code_point(std::string_view s, std::size_t pos, char32_t& cp) noexcept {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  // Two bytes (Cyrillic, Latin with marks): the common case of the languages normname reads.
  if (b >= 0xC2 && b <= 0xDF && pos + 1 < s.size()) {
    const auto c = static_cast<unsigned char>(s[pos + 1]);
    if ((c & 0xC0) == 0x80) {
      cp = static_cast<char32_t>((b & 0x1F) << 6 | (c & 0x3F));
      return 2;
    }
  }
  bool ok;
  return decode_utf8(s, pos, cp, ok);
}

/// Code points in UTF-8 `s`: the bytes that are not continuation bytes (an ill-formed
/// byte counts as one, as U+FFFD replaces it).
inline std::size_t count_code_points(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

/// Calls f(cp, offset, length) for each code point of valid UTF-8 `s`.
template <class F>
void for_each_codepoint(std::string_view s, F&& f) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp;
    bool ok;
    std::size_t n = decode_utf8(s, pos, cp, ok);
    f(cp, pos, n);
    pos += n;
  }
}

/// UTF-8 to code points (ill-formed bytes as U+FFFD) and back: for models that index letters.
inline std::u32string to_u32(std::string_view s) {
  std::u32string out;
  for_each_codepoint(s, [&](char32_t cp, std::size_t, std::size_t) { out.push_back(cp); });
  return out;
}
inline std::string to_utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

}  // namespace normname::detail
