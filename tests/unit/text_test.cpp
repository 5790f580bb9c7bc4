#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace normname;
using test::ctx;
using test::ExactBuffer;

TEST_CASE("is_valid_utf8 follows Unicode table 3-7", "[text]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("Vučić Вучић 中文 \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xC0\x80"));          // overlong NUL
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate D800
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("abc\xD0"));           // truncated at the end
  CHECK_FALSE(is_valid_utf8("\x80"));              // stray continuation
}

TEST_CASE("normalize is idempotent where NFC makes a punctuation look-alike", "[text]") {
  // Found by fuzz/text_fuzz: Greek ano teleia (U+0387) is canonically the middle dot U+00B7,
  // which the punctuation table removes; the first pass must already remove it.
  const std::string once = ctx().normalize("x\xCE\x87y");
  CHECK(once == "xy");
  CHECK(ctx().normalize(once) == once);
  // Removing it can bring a combining caron next to j, which then composes (U+01F0).
  const std::string joined = ctx().normalize("j\xCE\x87\xCC\x8C");
  CHECK(joined == ctx().normalize("\xC7\xB0"));
  CHECK(ctx().normalize(joined) == joined);
}

TEST_CASE("repair_utf8 replaces maximal subparts", "[text]") {
  std::size_t n = 0;
  // A truncated 4-byte sequence is one maximal subpart: one U+FFFD.
  CHECK(repair_utf8(ExactBuffer("\xF0\x9F\x98" "a").view(), &n) == "\xEF\xBF\xBD" "a");
  CHECK(n == 1);
  // C0 can never start a sequence: each byte is replaced on its own.
  CHECK(repair_utf8(ExactBuffer("\xC0\x80").view(), &n) == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(n == 2);
  CHECK(repair_utf8(ExactBuffer("Пётр").view(), &n) == "Пётр");
  CHECK(n == 0);
  // The repaired string is always valid.
  for (std::string_view bad : {"\xFF", "\xE2\x82", "a\xED\xBF\xBF" "b", "\xF4\x8F\xBF"}) {
    CHECK(is_valid_utf8(repair_utf8(ExactBuffer(bad).view())));
  }
}

TEST_CASE("normalize: NFC, case folding, controls, punctuation, spaces", "[text]") {
  // NFD input (e + combining diaeresis, c + combining caron) comes out NFC and folded.
  CHECK(ctx().normalize("Пе\xCC\x88тр Vuc\xCC\x8Cic\xCC\x81") == "пётр vučić");
  CHECK(ctx().normalize("STRASSE Straße") == "strasse strasse");
  // Zero-width joiner, BOM, soft hyphen, LRM removed; tabs and NBSP become one space.
  CHECK(ctx().normalize("\xEF\xBB\xBFNi\xE2\x80\x8Dki\xC2\xADtin\xE2\x80\x8E\t\xC2\xA0 Petar  ") == "nikitin petar");
  CHECK(ctx().normalize("O\xE2\x80\x99" "Brien Rimsky\xE2\x80\x93Korsakov \xC2\xABX\xC2\xBB") ==
        "o'brien rimsky-korsakov \"x\"");
  NormalizeOptions keep;
  keep.fold_case = false;
  CHECK(ctx().normalize("Пётр  НИКИТИН", keep) == "Пётр НИКИТИН");
}

TEST_CASE("normalize: keep_joiners keeps U+200C and U+200D, drops other format characters", "[text]") {
  NormalizeOptions o;
  o.fold_case = false;
  CHECK(ctx().normalize("on\u200Cj\u00ADlajn\u200D\uFEFF", o) == "onjlajn");
  o.keep_joiners = true;
  CHECK(ctx().normalize("on\u200Cj\u00ADlajn\u200D\uFEFF", o) == "on\u200Cjlajn\u200D");
  o.strip_controls = false;
  CHECK(ctx().normalize("a\u00ADb", o) == "a\u00ADb");
}

TEST_CASE("normalize: strip_diacritics touches Latin only", "[text]") {
  NormalizeOptions o;
  o.strip_diacritics = true;
  CHECK(ctx().normalize("Vučić Đoković Žižek", o) == "vucic đokovic zizek");
  // й and ё are letters of their own in Cyrillic and keep their marks.
  CHECK(ctx().normalize("Йошкар-Ола Пётр", o) == "йошкар-ола пётр");
}

TEST_CASE("normalize is idempotent and stable under NFD and case", "[text][invariant]") {
  const char* samples[] = {"Пётр Никитин", "Aleksandar Vučić", "Александар Вучић", "  Katya\tKHAZINA ",
                           "Đorđe Karađorđević", "O’Brien", "Ǆuro Ǉubić", "İstanbul", "ΣΊΣΥΦΟΣ"};
  for (const char* s : samples) {
    std::string once = ctx().normalize(s);
    CHECK(ctx().normalize(once) == once);
    CHECK(is_valid_utf8(once));
  }
  CHECK(ctx().normalize("Vuc\xCC\x8C" "ic\xCC\x81") == ctx().normalize("VUČIĆ"));
}

TEST_CASE("normalize repairs invalid input", "[text]") {
  std::string out = ctx().normalize(ExactBuffer("Ni\xFFkitin").view());
  CHECK(out == "ni\xEF\xBF\xBDkitin");
}

TEST_CASE("decode legacy encodings through Boost.Locale", "[text][encoding]") {
  CHECK(decode("\xCF\xB8\xF2\xF0 \xCD\xE8\xEA\xE8\xF2\xE8\xED", Encoding::windows_1251) == "Пётр Никитин");
  CHECK(decode("\xF0\xA3\xD4\xD2", Encoding::koi8_r) == "Пётр");
  CHECK(decode("\xBF\xD5\xE2\xE0", Encoding::iso_8859_5) == "Петр");
  CHECK(decode("Vu\xE8i\xE6 \xD0or\xF0" "e", Encoding::windows_1250) == "Vučić Đorđe");
  // 0x98 has no character in windows-1251: it becomes U+FFFD, nothing is dropped.
  CHECK(decode("a\x98" "b", Encoding::windows_1251) == "a\xEF\xBF\xBD" "b");
  CHECK(parse_encoding("CP1251") == Encoding::windows_1251);
  CHECK(parse_encoding("KOI8-R") == Encoding::koi8_r);
  CHECK_FALSE(parse_encoding("ebcdic").has_value());
}
