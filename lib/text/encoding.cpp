#include <boost/locale/encoding.hpp>

#include <algorithm>
#include <array>
#include <cctype>

#include "normname/error.hpp"
#include "normname/text.hpp"
#include "text/utf8.hpp"

namespace normname {

namespace {
struct EncodingName {
  std::string_view name;
  Encoding enc;
};
// Accepted spellings, canonical name first for each encoding.
constexpr std::array kEncodingNames{
    EncodingName{"utf-8", Encoding::utf8},           EncodingName{"utf8", Encoding::utf8},
    EncodingName{"windows-1251", Encoding::windows_1251}, EncodingName{"cp1251", Encoding::windows_1251},
    EncodingName{"koi8-r", Encoding::koi8_r},        EncodingName{"koi8r", Encoding::koi8_r},
    EncodingName{"iso-8859-5", Encoding::iso_8859_5}, EncodingName{"iso8859-5", Encoding::iso_8859_5},
    EncodingName{"windows-1250", Encoding::windows_1250}, EncodingName{"cp1250", Encoding::windows_1250},
};
}  // namespace

std::optional<Encoding> parse_encoding(std::string_view name) noexcept {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& e : kEncodingNames) {
    if (e.name == lower) return e.enc;
  }
  return std::nullopt;
}

std::string_view encoding_name(Encoding enc) noexcept {
  for (const auto& e : kEncodingNames) {
    if (e.enc == enc) return e.name;
  }
  return "utf-8";
}

std::string decode(std::string_view bytes, Encoding enc) {
  if (enc == Encoding::utf8) return std::string(bytes);
  const std::string charset(encoding_name(enc));
  namespace conv = boost::locale::conv;
  try {
    return conv::to_utf<char>(bytes.data(), bytes.data() + bytes.size(), charset, conv::stop);
  } catch (const conv::conversion_error&) {
    // A byte with no character in this code page (0x98 in windows-1251): decode byte by byte
    // so that only that byte becomes U+FFFD and nothing is dropped.
  } catch (const conv::invalid_charset_error&) {
    throw error(errc::unknown_encoding, "encoding not available on this system: " + charset);
  }
  std::string out;
  for (char c : bytes) {
    try {
      out += conv::to_utf<char>(&c, &c + 1, charset, conv::stop);
    } catch (const conv::conversion_error&) {
      detail::append_utf8(out, detail::kReplacementChar);
    }
  }
  return out;
}

}  // namespace normname
