// Fuzz target: any text as a name, and any two texts as a pair. Checks: key, parse, resolve
// and match never throw on valid input; scores are in [0, 1]; a name is the same as itself
// when it has a key; match is symmetric in its verdict.
#include <cstdint>
#include <string>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1024) return 0;
  const std::string text = normname::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
  const normname::Context& ctx = fuzz::context();
  const std::string key = ctx.key(text);
  fuzz::check(normname::is_valid_utf8(key), "key is invalid UTF-8");
  (void)ctx.parse(text);
  const auto r = ctx.resolve(text);
  fuzz::check(r.score >= 0 && r.score <= 1, "resolve score out of range");
  if (!key.empty()) fuzz::check(ctx.match(text, text).same, "a name is not the same as itself");
  // Split the input in two for a pair.
  const std::size_t half = text.size() / 2;
  const std::string a = normname::repair_utf8(text.substr(0, half)), b = normname::repair_utf8(text.substr(half));
  const auto ab = ctx.match(a, b), ba = ctx.match(b, a);
  fuzz::check(ab.score >= 0 && ab.score <= 1, "match score out of range");
  fuzz::check(ab.same == ba.same, "match is not symmetric");
  return 0;
}
