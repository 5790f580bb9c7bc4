#include "text/utf8.hpp"

#include <cstdint>
#include <cstring>

#include "normname/text.hpp"

namespace normname::detail {

std::size_t decode_utf8(std::string_view s, std::size_t pos, char32_t& cp, bool& ok) noexcept {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  ok = false;
  cp = kReplacementChar;
  if (b0 < 0x80) {
    ok = true;
    cp = b0;
    return 1;
  }
  std::size_t need;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (Table 3-7)
  char32_t value;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    value = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlongs
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    value = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // no overlongs
    if (b0 == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return 1;  // C0, C1, F5..FF and stray continuation bytes are never valid
  }
  std::size_t i = 1;
  for (; i <= need; ++i) {
    if (pos + i >= s.size()) return i;
    const unsigned char b = byte(pos + i);
    const unsigned char min = (i == 1) ? lo : 0x80;
    const unsigned char max = (i == 1) ? hi : 0xBF;
    if (b < min || b > max) return i;  // the maximal subpart ends before this byte
    value = (value << 6) | (b & 0x3F);
  }
  ok = true;
  cp = value;
  return i;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace normname::detail

namespace normname {

bool is_valid_utf8(std::string_view bytes) noexcept {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t pos = 0;
  while (pos < n) {
    // ASCII runs eight bytes at a time; two-byte sequences (Cyrillic) inline.
    if (pos + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + pos, 8);
      if ((w & kHighBits) == 0) {
        pos += 8;
        continue;
      }
    }
    const unsigned char b = p[pos];
    if (b < 0x80) {
      ++pos;
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF && pos + 1 < n && (p[pos + 1] & 0xC0) == 0x80) {
      pos += 2;
      continue;
    }
    char32_t cp;
    bool ok;
    pos += detail::decode_utf8(bytes, pos, cp, ok);
    if (!ok) return false;
  }
  return true;
}

std::string repair_utf8(std::string_view bytes, std::size_t* replaced) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    char32_t cp;
    bool ok;
    std::size_t n = detail::decode_utf8(bytes, pos, cp, ok);
    if (ok) {
      out.append(bytes.substr(pos, n));
    } else {
      detail::append_utf8(out, detail::kReplacementChar);
      ++count;
    }
    pos += n;
  }
  if (replaced) *replaced = count;
  return out;
}

}  // namespace normname
