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

TEST_CASE("explain_key shows each stage and ends in the same key", "[keys][explain]") {
  for (std::string_view name : {"Пётр Хазина", "Đorđe Vučić", "Олексій Київ", "O’Brien", "Rimsky-Korsakov", "", "  ", "Jukov"}) {
    CHECK(ctx().explain_key(name).key == ctx().key(name));
  }
  const KeyTrace t = ctx().explain_key("ПЁТР Khazina");
  CHECK(t.normalized == "пётр khazina");
  REQUIRE(t.tokens.size() == 2);
  CHECK(t.tokens[0].script == Script::cyrillic);
  CHECK(t.tokens[0].lang == "ru");
  CHECK(t.tokens[0].scheme == ctx().default_scheme("ru").value());
  CHECK(t.tokens[1].script == Script::latin);
  CHECK(t.romanized == "pëtr khazina");
  CHECK(t.ascii == "petr khazina");
  REQUIRE(t.skeletons.size() == 2);
  CHECK(t.skeletons[1].token == "khazina");
  CHECK(t.skeletons[1].skeleton == "hazina");
  // A French spelling carries its convention's reading too (j = ж).
  const KeyTrace fr = ctx().explain_key("Jukov");
  REQUIRE(fr.skeletons.size() == 1);
  bool french = false;
  for (const auto& [convention, skeleton] : fr.skeletons[0].variants) french = french || convention == "fr";
  CHECK(french);
}

TEST_CASE("keys: look-alike letters of another script are read in the word's one script", "[keys][lookalike]") {
  using test::ctx;
  CHECK(ctx().key("Vu\u0441i\u0441") == "vucic");            // Cyrillic с inside Latin
  CHECK(ctx().key("\u041C\u043Es\u0441\u043Ew") == "moscow");  // Моsсоw: Cyrillic М о с о, Latin s w
  CHECK(ctx().key("P\u0451tr") == "petr");                     // Cyrillic ё for ë (iuliia's data)
  CHECK(ctx().key("\u041F\u0443\u0442\u0438\u043D") == "putin");  // one script: untouched
  const KeyTrace t = ctx().explain_key("Vu\u0441i\u0441 Aleksandar");
  REQUIRE(t.lookalikes.size() == 1);
  CHECK(t.lookalikes[0].written == "vu\u0441i\u0441");
  CHECK(t.lookalikes[0].read_as == "vucic");
  CHECK(ctx().explain_key("Vucic").lookalikes.empty());
  const ParsedName p = ctx().parse("Vu\u0441i\u0441");
  REQUIRE(p.lookalikes.size() == 1);
  CHECK(p.lookalikes[0].read_as == "Vucic");
  CHECK(ctx().match("Vu\u0441i\u0441", "Вучић").same);
  CHECK(ctx().match("Vu\u0441i\u0441", "Вучић").explanation.find("look-alike") != std::string::npos);
}

TEST_CASE("keys: a name's Cyrillic words are romanized in the one language they share", "[keys][language]") {
  using test::ctx;
  // Only Віталій shows a Ukrainian letter; Кличко is Ukrainian too.
  CHECK(ctx().key("Віталій Кличко") == "vitalii klychko");
  CHECK(ctx().explain_key("Віталій Кличко").language == "uk");
  CHECK(ctx().key("Виталий Кличко") == "vitaliy klichko");
  // Words that share no language keep their own: no language for the name.
  CHECK(ctx().explain_key("Вучић Щербаков").language.empty());
}

// KeyMaker keys a name piece by piece (what lies between ASCII spaces) from a cache; the
// reference (the ICU engine) keys the whole name at once. Names built at random from parts
// that stress the seams: marks and spaces of other kinds next to an ASCII space, middle
// dots, look-alikes, apostrophes, languages that a name's other words decide, and repeats
// (so that the second time comes from the cache).
TEST_CASE("keys: the cached piece-wise key equals the whole-name reference", "[keys][pieces]") {
  Context reference;
  reference.set_translit_engine(TranslitEngine::icu);
  Context fast;
  const std::vector<std::string> parts = {
      "Пётр", "Никитин", "Вучић", "Вучич", "Віталій", "Кличко", "Ђоковић", "Moсква", "Vuсiс", "O'Brien",
      "Rimsky-Korsakov", "Ilʹich", "\u0301", "e\u0301", "\u00A0", "\u2009", "·", "Irkut·sk", "(Ivan)", "Ж.",
      "ДЖ", "Jr.", "МАРИЯ", "Љиљана", "Њ", "Ґалина", "ў", "1999", "\u200B", "-", "’", "Šćepan", "nj", "X", "сĐС", "žкі", "ð", "Ѕü"};
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  std::vector<std::string> names;
  for (int i = 0; i < 400; ++i) {
    std::string name;
    const std::size_t words = 1 + next() % 4;
    for (std::size_t w = 0; w < words; ++w) {
      if (w > 0 || next() % 4 == 0) name += std::string(1 + next() % 2, ' ');
      name += parts[next() % parts.size()];
      if (next() % 5 == 0) name += parts[next() % parts.size()];  // glued: one piece, two parts
    }
    if (next() % 4 == 0) name += ' ';
    names.push_back(name);
  }
  for (int round = 0; round < 2; ++round) {
    for (const std::string& name : names) {
      INFO(name);
      CHECK(fast.key(name) == reference.key(name));
      CHECK(fast.explain_key(name).key == reference.key(name));
      // The parser keys each word in the language it reads it in (a preferred language).
      const ParsedName a = fast.parse(name), b = reference.parse(name);
      REQUIRE(a.parts.size() == b.parts.size());
      for (std::size_t i = 0; i < a.parts.size(); ++i) CHECK(a.parts[i].key == b.parts[i].key);
    }
  }
}
