// Fuzz target: any text through every transliteration scheme. Checks: output is valid
// UTF-8; no scheme throws on valid input; a text and the same text doubled with a line
// break between come out the same way twice (schemes are context-free across lines, which
// the filter relies on when it reads line by line); sr-latn-reversible adds nothing but its
// marks: folded (NFKC, default-ignorable code points removed) it equals sr-latn folded.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <string>

#include "common.hpp"

namespace {
std::string fold(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString u = nfkc->normalize(icu::UnicodeString::fromUTF8(text), status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    const UChar32 cp = u.char32At(i);
    if (!u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) kept.append(cp);
  }
  std::string out;
  kept.toUTF8String(out);
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // long texts have their own unit test (gap buffer)
  const std::string text = normname::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
  if (text.find('\n') != std::string::npos) return 0;
  const normname::Context& ctx = fuzz::context();
  for (const auto& scheme : ctx.list_schemes()) {
    const std::string out = ctx.transliterate(text, scheme.id);
    fuzz::check(normname::is_valid_utf8(out), "transliterate gave invalid UTF-8");
    if (scheme.id == "latn-ru") continue;  // a ranked guess: checked below
    fuzz::check(ctx.transliterate(text + "\n" + text, scheme.id) == out + "\n" + out, "lines influence each other");
  }
  fuzz::check(fold(ctx.transliterate(text, "sr-latn-reversible")) == fold(ctx.transliterate(text, "sr-latn")),
              "sr-latn-reversible differs from sr-latn by more than its marks");
  const auto cands = ctx.transliterate_candidates(text, "latn-ru", 3);
  double total = 0;
  for (const auto& c : cands) {
    fuzz::check(normname::is_valid_utf8(c.text), "candidate is invalid UTF-8");
    total += c.probability;
  }
  fuzz::check(cands.empty() || (total > 0.999 && total < 1.001), "candidate probabilities do not sum to 1");
  return 0;
}
