#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace normname;
using test::ctx;

namespace {
TokenScript one(std::string_view token) {
  auto ts = ctx().detect_script(token);
  REQUIRE(ts.size() == 1);
  return ts[0];
}
}  // namespace

TEST_CASE("Cyrillic language guesses from distinctive letters", "[script]") {
  struct Case {
    const char* token;
    const char* lang;
    bool certain;
  } cases[] = {
      {"Вучић", "sr", true},  {"Ђоковић", "sr", true},  {"Џаја", "sr", false},  // џ: sr or mk
      {"Київ", "uk", true},   {"Ґудзь", "uk", true},    {"Магілёў", "be", true},
      {"Ѓорѓи", "mk", true},  {"Ќосе", "mk", true},     {"Съешь", "ru", false},  // ru or bg
      {"Никитин", "ru", false}, {"Пётр", "ru", false},  // ё: ru or be
  };
  for (const auto& c : cases) {
    INFO(c.token);
    TokenScript t = one(c.token);
    CHECK(t.script == Script::cyrillic);
    CHECK(t.lang == c.lang);
    CHECK(t.certain == c.certain);
  }
  CHECK(one("Никитин").candidates.size() > 1);
}

TEST_CASE("Latin tokens: Serbian Latin from its letters and digraphs", "[script]") {
  TokenScript v = one("Vučić");
  CHECK(v.script == Script::latin);
  CHECK(v.lang == "sr");
  CHECK(v.certain);
  TokenScript lj = one("Ljubljana");
  CHECK(lj.lang == "sr");
  CHECK_FALSE(lj.certain);
  TokenScript plain = one("Nikitin");
  CHECK(plain.script == Script::latin);
  CHECK(plain.lang.empty());
}

TEST_CASE("mixed, other and no-letter tokens", "[script]") {
  CHECK(one("Vu\xD1\x87i\xC4\x87").script == Script::mixed);  // Cyrillic ч inside Latin
  CHECK(one("Αθήνα").script == Script::other);
  CHECK(one("1984").script == Script::none);
}

TEST_CASE("tokens keep inner apostrophes and hyphens, offsets point into the input", "[script]") {
  std::string_view text = "  O’Brien, Rimsky-Korsakov и Вучић ";
  auto ts = ctx().detect_script(text);
  REQUIRE(ts.size() == 4);
  CHECK(text.substr(ts[0].offset, ts[0].length) == "O’Brien");
  CHECK(text.substr(ts[1].offset, ts[1].length) == "Rimsky-Korsakov");
  CHECK(text.substr(ts[2].offset, ts[2].length) == "и");
  CHECK(text.substr(ts[3].offset, ts[3].length) == "Вучић");
  CHECK(ts[3].lang == "sr");
}
