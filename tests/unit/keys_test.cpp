#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace normname;
using test::ctx;

TEST_CASE("keys: romanized, ASCII, lower case, tokens in order", "[keys]") {
  CHECK(ctx().key("Пётр Никитин") == "petr nikitin");
  CHECK(ctx().key("Петр Никитин") == "petr nikitin");  // ё = е
  CHECK(ctx().key("Александар Вучић") == "aleksandar vucic");
  CHECK(ctx().key("Aleksandar Vučić") == "aleksandar vucic");
  CHECK(ctx().key("VUCIC") == "vucic");
  CHECK(ctx().key("Александр Вучич") == "aleksandr vuchich");
  CHECK(ctx().key("Хазина") == "khazina");
  CHECK(ctx().key("O’Brien, Rimsky–Korsakov") == "obrien rimsky korsakov");
  CHECK(ctx().key("Новак Ђоковић") == "novak djokovic");
  CHECK(ctx().key("").empty());
  CHECK(ctx().key(" \t ").empty());
}

TEST_CASE("keys are invariant under NFC/NFD, case and spacing", "[keys][invariant]") {
  const std::pair<const char*, const char*> same[] = {
      {"Vučić", "Vuc\xCC\x8Ci\xC4\x87"}, {"ВУЧИЋ", "вучић"}, {"Пётр  Никитин", "ПЁТР\tНИКИТИН"},
      {"Đoković", "ĐOKOVIĆ"},           {"Аксёнов", "Аксенов"},
  };
  for (const auto& [a, b] : same) {
    INFO(a << " / " << b);
    CHECK(ctx().key(a) == ctx().key(b));
  }
}

TEST_CASE("keys contain only a-z, 0-9 and single spaces for Latin and Cyrillic input", "[keys][invariant]") {
  for (const char* s : {"Пётр Никитин", "Съешь ещё", "Київ", "Магілёў", "Ѓорѓи", "Žižek-Wałęsa", "Nicholas II"}) {
    std::string k = ctx().key(s);
    INFO(s << " -> " << k);
    CHECK_FALSE(k.empty());
    CHECK(k.front() != ' ');
    CHECK(k.back() != ' ');
    CHECK(k.find("  ") == std::string::npos);
    for (char c : k) CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '));
  }
}
