// Mentions in running text (lib/tag/tagger.hpp, Context::tag): spans, entities, cases,
// the document's own context, and the bounds that keep tagging linear.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "helpers.hpp"

using namespace normname;
using test::ctx;

namespace {
const Mention* at(const std::vector<Mention>& ms, std::string_view text) {
  auto it = std::find_if(ms.begin(), ms.end(), [&](const Mention& m) { return m.text == text; });
  return it == ms.end() ? nullptr : &*it;
}
}  // namespace

TEST_CASE("tag: names in any script and case, as one span each, with byte and code point offsets", "[tag]") {
  const std::string text = "Predsednik Aleksandar Vučić sastao se sa Vladimirom Putinom u Moskvi.";
  const auto ms = ctx().tag(text);
  REQUIRE(ms.size() == 3);
  const Mention& vucic = ms[0];
  CHECK(vucic.text == "Predsednik Aleksandar Vučić");  // the title is part of the mention
  CHECK(vucic.id == std::optional<std::string>("XVucicAleksandar"));
  CHECK(vucic.begin == 0);
  CHECK(vucic.end == text.find(" sastao"));
  CHECK(vucic.char_end == 27);  // ć is two bytes, one code point
  const Mention& putin = ms[1];
  CHECK(putin.text == "Vladimirom Putinom");
  CHECK(text.substr(putin.begin, putin.end - putin.begin) == putin.text);
  CHECK(putin.id == std::optional<std::string>("Q7747"));
  CHECK(putin.grammatical_case == "instrumental");
  CHECK(putin.gender == Gender::male);
  CHECK(ms[2].text == "Moskvi");  // the preposition u is not part of it
  CHECK(ms[2].id == std::optional<std::string>("Q649"));
  CHECK(ms[2].gender == Gender::unknown);  // a place has none
  // Cyrillic, and Russian cases.
  const auto ru = ctx().tag("Журналисты спросили Дмитрия Пескова о Сербии.");
  REQUIRE(at(ru, "Дмитрия Пескова"));
  CHECK(at(ru, "Дмитрия Пескова")->id == std::optional<std::string>("XPeskovDmitry"));
  REQUIRE(at(ru, "Сербии"));
  CHECK(at(ru, "Сербии")->id == std::optional<std::string>("Q403"));
}

TEST_CASE("tag: a family name alone names the person the text named in full before, else is ambiguous", "[tag]") {
  const auto alone = ctx().tag("Vučić je rekao da je Beograd spreman.");
  REQUIRE(at(alone, "Vučić"));
  CHECK_FALSE(at(alone, "Vučić")->id);
  CHECK(at(alone, "Vučić")->ambiguous);
  REQUIRE(!at(alone, "Vučić")->fits.empty());
  CHECK(at(alone, "Vučić")->fits.front().id == "XVucicAleksandar");
  const auto named = ctx().tag("Aleksandar Vučić je stigao. Vučiću je uručena nagrada, a Aleksandar je zahvalio.");
  REQUIRE(at(named, "Vučiću"));
  CHECK(at(named, "Vučiću")->id == std::optional<std::string>("XVucicAleksandar"));
  CHECK(at(named, "Vučiću")->explanation.find("named in full before") != std::string::npos);
  // ... and so does a given name alone, the text's only person of that name.
  REQUIRE(at(named, "Aleksandar"));
  CHECK(at(named, "Aleksandar")->id == std::optional<std::string>("XVucicAleksandar"));
  // The same family name after the full name, with someone else's given name, is nobody of
  // the tables; nor is a given name alone when the text named nobody of that name.
  CHECK(ctx().tag("Tomislav Nikolić je govorio. Vera Nikolić je direktorka.").size() == 1);
  CHECK(ctx().tag("Nada umire poslednja. Vera u bolje sutra. Mir je svima potreban.").empty());
}

TEST_CASE("tag: titles, offices, possessives, hyphens and initials", "[tag]") {
  // An office of several words is a description, not the name's title.
  const auto office = ctx().tag("Foreign Minister Sergei Lavrov arrived in Belgrade. Lavrov's visit was short.");
  REQUIRE(at(office, "Sergei Lavrov"));
  CHECK(at(office, "Lavrov"));  // the English possessive is left out
  CHECK(at(office, "Lavrov")->id == std::optional<std::string>("XLavrovSergey"));
  // A place keeps a word of its name that is also a title; a title is never a place's.
  const auto spb = ctx().tag("Putin lives in St. Petersburg, and the President of Russia travels.");
  REQUIRE(at(spb, "St. Petersburg"));
  CHECK(at(spb, "St. Petersburg")->id == std::optional<std::string>("Q656"));
  const auto pres = ctx().tag("Президент России Владимир Путин прилетел.");
  REQUIRE(at(pres, "России"));
  REQUIRE(at(pres, "Владимир Путин"));
  // Hyphenated names and initials.
  const auto spb_ru = ctx().tag("Он жил в Санкт-Петербурге, писал В. Путин.");
  REQUIRE(at(spb_ru, "Санкт-Петербурге"));
  CHECK(at(spb_ru, "Санкт-Петербурге")->id == std::optional<std::string>("Q656"));
  REQUIRE(at(spb_ru, "В. Путин"));
  CHECK(at(spb_ru, "В. Путин")->id == std::optional<std::string>("Q7747"));
}

TEST_CASE("tag: empty, invalid and hostile text", "[tag]") {
  CHECK(ctx().tag("").empty());
  CHECK(ctx().tag("   \n\t ").empty());
  // Invalid UTF-8 is read as U+FFFD: no crash, the names around it found.
  const std::string bad = std::string("Beograd \xFF\xFE Moskva");
  const auto ms = ctx().tag(bad);
  REQUIRE(ms.size() == 2);
  CHECK(ms[1].text == "Moskva");
  CHECK(bad.substr(ms[1].begin, ms[1].end - ms[1].begin) == "Moskva");
  // A run of capitalized names is cut into runs of at most kMaxRunWords words; a word of
  // hyphenated parts, or one longer than kMaxWordBytes, is no name.
  std::string many;
  for (int i = 0; i < 50; ++i) many += "Beograd ";
  CHECK(ctx().tag(many).size() >= 50 / 6);
  std::string hyphens;
  for (int i = 0; i < 5000; ++i) hyphens += "Beograd-";
  CHECK(ctx().tag(hyphens).empty());
}
