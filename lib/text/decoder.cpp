// Streaming charset decoding through ICU's converters. Boost.Locale's conv::to_utf (used by
// decode() for the four fixed code pages) converts whole strings only and reports no
// position, so a file cannot be read in pieces (UTF-16 cannot even be split into lines
// before decoding) and a bad byte cannot be tied to its line; ICU's ucnv API does both.
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "normname/error.hpp"
#include "normname/text.hpp"
#include "text/utf8.hpp"

namespace normname {

namespace {

UConverter* as_converter(void* p) { return static_cast<UConverter*>(p); }

// What a wrong code page makes of letters, never part of a name (see text.hpp).
bool suspicious(char32_t cp) { return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x2500 && cp <= 0x259F); }

void append(std::string& out, char32_t cp, std::vector<std::size_t>* invalid_at) {
  if (suspicious(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    if (invalid_at) invalid_at->push_back(out.size());
    cp = detail::kReplacementChar;
  }
  detail::append_utf8(out, cp);
}

}  // namespace

Decoder::Decoder(std::string_view charset) {
  UErrorCode st = U_ZERO_ERROR;
  const std::string name(charset);
  UConverter* cnv = ucnv_open(name.c_str(), &st);
  // ICU falls back to a default converter for an empty name; an empty name is no charset.
  if (name.empty() || U_FAILURE(st) || !cnv) {
    if (cnv) ucnv_close(cnv);
    throw error(errc::unknown_encoding, "unknown encoding '" + name + "' (see: normname --encoding list)");
  }
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
  converter_ = cnv;
  st = U_ZERO_ERROR;
  const char* canonical = ucnv_getName(cnv, &st);
  name_ = U_SUCCESS(st) && canonical ? canonical : name;
}

Decoder::~Decoder() {
  if (converter_) ucnv_close(as_converter(converter_));
}

Decoder::Decoder(Decoder&& other) noexcept
    : converter_(std::exchange(other.converter_, nullptr)), name_(std::move(other.name_)), pending_high_(other.pending_high_) {}

Decoder& Decoder::operator=(Decoder&& other) noexcept {
  if (this != &other) {
    if (converter_) ucnv_close(as_converter(converter_));
    converter_ = std::exchange(other.converter_, nullptr);
    name_ = std::move(other.name_);
    pending_high_ = other.pending_high_;
  }
  return *this;
}

void Decoder::decode(std::string_view bytes, bool last, std::string& out, std::vector<std::size_t>* invalid_at) {
  UConverter* cnv = as_converter(converter_);
  const char* src = bytes.data();
  const char* const end = bytes.data() + bytes.size();
  UChar buf[4096];
  // UTF-16 code units to UTF-8, a surrogate pair possibly split across calls.
  auto emit = [&](const UChar* from, const UChar* to) {
    for (const UChar* p = from; p < to; ++p) {
      const char16_t u = *p;
      if (pending_high_) {
        const char16_t high = std::exchange(pending_high_, 0);
        if (u >= 0xDC00 && u <= 0xDFFF) {
          append(out, 0x10000 + ((char32_t(high) - 0xD800) << 10) + (u - 0xDC00), invalid_at);
          continue;
        }
        append(out, high, invalid_at);  // a lone high surrogate: reported as invalid
      }
      if (u >= 0xD800 && u <= 0xDBFF) {
        pending_high_ = u;
      } else {
        append(out, u, invalid_at);
      }
    }
  };
  while (true) {
    UChar* target = buf;
    UErrorCode st = U_ZERO_ERROR;
    ucnv_toUnicode(cnv, &target, buf + std::size(buf), &src, end, nullptr, last, &st);
    emit(buf, target);
    if (st == U_BUFFER_OVERFLOW_ERROR) continue;
    if (st == U_ILLEGAL_CHAR_FOUND || st == U_INVALID_CHAR_FOUND || st == U_TRUNCATED_CHAR_FOUND ||
        st == U_ILLEGAL_ESCAPE_SEQUENCE || st == U_UNSUPPORTED_ESCAPE_SEQUENCE) {
      // The STOP callback leaves `src` after the offending bytes: one U+FFFD for them, go on.
      if (pending_high_) append(out, std::exchange(pending_high_, 0), invalid_at);
      if (invalid_at) invalid_at->push_back(out.size());
      detail::append_utf8(out, detail::kReplacementChar);
      continue;
    }
    if (U_FAILURE(st)) throw error(errc::invalid_utf8, std::string("cannot decode ") + name_ + ": " + u_errorName(st));
    break;
  }
  if (last && pending_high_) append(out, std::exchange(pending_high_, 0), invalid_at);
}

std::vector<std::string> list_encodings() {
  std::vector<std::string> out;
  const int32_t n = ucnv_countAvailable();
  for (int32_t i = 0; i < n; ++i) {
    const char* name = ucnv_getAvailableName(i);
    if (!name) continue;
    std::string entry = name;
    UErrorCode st = U_ZERO_ERROR;
    const uint16_t aliases = ucnv_countAliases(name, &st);
    for (uint16_t a = 0; U_SUCCESS(st) && a < aliases; ++a) {
      const char* alias = ucnv_getAlias(name, a, &st);
      if (U_SUCCESS(st) && alias && entry.compare(0, entry.find('\t'), alias) != 0) entry += std::string("\t") + alias;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

bool is_utf8_charset(std::string_view charset) noexcept {
  std::string lower;
  for (char c : charset) {
    if (c != '-' && c != '_') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return lower == "utf8";
}

}  // namespace normname
