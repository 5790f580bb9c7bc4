// Declined names (lib/names/cases.hpp, tables/morphology/cases.tsv): the readings at their
// own level, then through match and resolve.
#include <catch2/catch.hpp>

#include <algorithm>

#include "helpers.hpp"
#include "names/cases.hpp"

using namespace normname;
using normname::detail::CaseReading;
using normname::detail::Inflection;
using test::ctx;

namespace {
const Inflection& inflection() {
  static const Inflection inf(Tables::builtin());
  return inf;
}
const CaseReading* find(const std::vector<CaseReading>& rs, std::string_view text, Gender g) {
  auto it = std::find_if(rs.begin(), rs.end(), [&](const CaseReading& r) { return r.text == text && r.gender == g; });
  return it == rs.end() ? nullptr : &*it;
}
}  // namespace

TEST_CASE("cases: a declined name read back to the nominative, all its words in one case and gender", "[cases]") {
  const auto vucica = inflection().readings("Вучића");
  const CaseReading* r = find(vucica, "Вучић", Gender::male);
  REQUIRE(r);
  CHECK(r->grammatical_case.find("genitive") != std::string::npos);
  CHECK(r->changed == "Вучића = Вучић");
  REQUIRE(find(inflection().readings("Vučićem"), "Vučić", Gender::male));
  REQUIRE(find(inflection().readings("ВУЧИЋА"), "ВУЧИЋ", Gender::male));  // capitals kept
  // Both words in the genitive: the fleeting a of Petar comes back, first where the
  // caller knows Petar as a name (Context: the given-name table).
  const auto known = [](std::string_view w) { return w == "Петар" || inflection().surname_like(w); };
  const auto petra = inflection().readings("Петра Илића", known);
  REQUIRE(!petra.empty());
  CHECK(petra.front().text == "Петар Илић");
  REQUIRE(find(petra, "Петар Илић", Gender::male));
  CHECK_FALSE(find(petra, "Петар Илића", Gender::male));
  // A woman's -ић stays as it is beside her declined first name; a man's would decline, so
  // no man's reading keeps it.
  const auto milica = inflection().readings("са Милицом Стојановић");
  REQUIRE(find(milica, "Милица Стојановић", Gender::female));
  for (const auto& x : milica) CHECK(x.gender != Gender::male);
  // A woman's surname that ends in a consonant stays too (the table's ending C: any
  // consonant), beside a first name in any case.
  const auto given = [](std::string_view w) { return w == "Анна" || w == "Ана"; };
  REQUIRE(find(inflection().readings("Анной Ковальчук", given), "Анна Ковальчук", Gender::female));
  REQUIRE(find(inflection().readings("Аной Брнабич", given), "Ана Брнабич", Gender::female));
  // Смирновой: the woman Смирнова (a man's -а name is a reading too, which match and
  // resolve drop, since the name it gives is a woman's).
  const auto smirnovoy = inflection().readings("Смирновой");
  REQUIRE(find(smirnovoy, "Смирнова", Gender::female));
  CHECK_FALSE(find(smirnovoy, "Смирнов", Gender::male));
  // Nothing to read back: an indeclinable name, a nominative with no case ending.
  CHECK(inflection().readings("Шевченко").empty());
  CHECK(inflection().readings("Иван").empty());
  CHECK(inflection().readings("").empty());
  // Initials stay; a name of more words than kMaxWords is not read.
  REQUIRE(find(inflection().readings("В. Путина"), "В. Путин", Gender::male));
  std::string many;
  for (std::size_t i = 0; i <= Inflection::kMaxWords; ++i) many += "Путина ";
  CHECK(inflection().readings(many).empty());
  CHECK(inflection().readings("Путина Путина").size() <= Inflection::kMaxReadings);
}

TEST_CASE("cases: match and resolve read declined names, and never flip their gender", "[cases][match][resolve]") {
  for (const auto& [declined, nominative] : std::vector<std::pair<std::string, std::string>>{
           {"Вучића", "Vučić"}, {"Vučićem", "Вучић"}, {"Путину", "Путин"}, {"Петра Илића", "Petar Ilić"},
           {"sa Milicom Stojanović", "Милица Стојановић"}, {"Смирновой", "Smirnova"}, {"Владимира Путина", "Vladimir Putin"}}) {
    const Match m = ctx().match(declined, nominative);
    INFO(declined << " / " << nominative << ": " << m.score << " " << m.explanation);
    CHECK(m.same);
    CHECK(m.explanation.rfind("read as ", 0) == 0);
  }
  // The woman Смирнова is not the man Смирнов, in any case; a woman's full name as written
  // is not read as a man's genitive.
  CHECK_FALSE(ctx().match("Смирновой", "Smirnov").same);
  CHECK_FALSE(ctx().match("Aleksandra Ivanova", "Aleksandr Ivanov").same);
  CHECK_FALSE(ctx().match("Марины Захаровой", "Maria Zakharova").same);  // Marina is not Maria
  // resolve: the entity of the nominative, with the reading said.
  const Resolution nominative = ctx().resolve("Aleksandar Vučić");
  REQUIRE(nominative.id);
  const Resolution r = ctx().resolve("Александра Вучића");
  CHECK(r.id == nominative.id);
  CHECK(r.reading.find("genitive") != std::string::npos);
  CHECK(r.reading.find("male: Александра = Александар, Вучића = Вучић") != std::string::npos);
  CHECK(ctx().resolve("у Београду").id == ctx().resolve("Belgrade").id);
  CHECK(ctx().resolve("Aleksandar Vučić").reading.empty());  // read as written
}

TEST_CASE("cases: Context::declensions lists the readings parse and resolve use", "[cases]") {
  const auto d = ctx().declensions("Петра Илића");
  REQUIRE(!d.empty());
  const bool petar = std::any_of(d.begin(), d.end(), [](const Declension& x) {
    return x.text == "Петар Илић" && x.gender == Gender::male && x.grammatical_case.find("genitive") != std::string::npos;
  });
  CHECK(petar);
  CHECK(ctx().declensions("Pyotr Nikitin").empty());
}

TEST_CASE("cases: the Serbian vocative, in both alphabets, a name called by its form", "[cases]") {
  const auto known = [](std::string_view w) {
    return w == "Aleksandar" || w == "Александар" || w == "Ivan" || inflection().surname_like(w);
  };
  const auto aleksandre = inflection().readings("Aleksandre Vučiću", known);
  const CaseReading* r = find(aleksandre, "Aleksandar Vučić", Gender::male);
  REQUIRE(r);
  CHECK(r->grammatical_case.find("vocative") != std::string::npos);
  REQUIRE(find(inflection().readings("Александре Вучићу", known), "Александар Вучић", Gender::male));
  REQUIRE(find(inflection().readings("Ivane", known), "Ivan", Gender::male));
  // A woman's name is not read as a man's vocative: Милице stays Милица.
  CHECK(ctx().match("Милице Јовановић", "Милица Јовановић").same);
  // In a list (match), no one is called by name: Petre is the Georgian name there.
  CHECK_FALSE(ctx().match("Petre", "Пётр").same);
  CHECK(ctx().resolve("Aleksandre Vučiću").id == std::optional<std::string>("XVucicAleksandar"));
  const auto mentions = ctx().tag("Rekao je: „Aleksandre Vučiću, šta mislite?“");
  REQUIRE(mentions.size() == 1);
  CHECK(mentions[0].id == std::optional<std::string>("XVucicAleksandar"));
  CHECK(mentions[0].grammatical_case == "vocative");
}
