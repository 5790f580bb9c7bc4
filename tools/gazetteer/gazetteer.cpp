// normname-gazetteer: writes the built-in place gazetteer (tables/aliases/places-cldr.tsv)
// from the CLDR data of the ICU that normname links: every territory and every time-zone
// exemplar city, named in the languages normname reads. scripts/cldr-places.sh runs it; the
// ctest gazetteer_current checks that the committed table is what this ICU gives.
//
//   normname-gazetteer PLACES_TSV > places-cldr.tsv
//
// PLACES_TSV is the hand-written alias table of places (tables/aliases/places.tsv): a CLDR
// place that shares a name (in one language) with exactly one entity there takes that
// entity's ID (a Wikidata item where checked) and adds only the names it lacks; the others get an ID of the cldr:
// namespace (docs/tables.md), cldr:RS for a territory and cldr:Europe/Belgrade for a city.
#include <unicode/locdspnm.h>
#include <unicode/region.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/uchar.h>
#include <unicode/ulocdata.h>
#include <unicode/uscript.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "normname/context.hpp"

namespace {

// The languages of the table: ICU locale, the BCP 47 tag written in the lang column.
struct Language {
  const char* locale;
  const char* tag;
  bool cyrillic;
};
constexpr Language kLanguages[] = {
    {"en", "en", false}, {"ru", "ru", true}, {"sr", "sr-Cyrl", true}, {"sr_Latn", "sr-Latn", false},
    {"uk", "uk", true},  {"be", "be", true}, {"mk", "mk", true},      {"bg", "bg", true},
};

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool has_script(const icu::UnicodeString& s, UScriptCode script) {
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) == script) return true;
    i += U16_LENGTH(c);
  }
  return false;
}

bool clean(const std::string& s) {  // a name fit for a table field
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

// A name fit for a language of the table: in its script, with no letter of the other (CLDR
// has a few typos, a Latin e in a Serbian Cyrillic name, that lint would refuse as mixed
// scripts).
bool in_script(const icu::UnicodeString& s, bool cyrillic) {
  return cyrillic ? has_script(s, USCRIPT_CYRILLIC) && !has_script(s, USCRIPT_LATIN) : !has_script(s, USCRIPT_CYRILLIC);
}

struct Name {
  std::string value, tag;
};

struct Place {
  std::string code;   // RS, or Europe/Belgrade
  std::string label;  // the declaration's value
  std::vector<Name> names;  // English first
};

void add_name(Place& p, const std::string& value, const char* tag) {
  if (!clean(value)) return;
  for (const Name& n : p.names) {
    if (n.value == value && n.tag == tag) return;
  }
  p.names.push_back({value, tag});
}

// ICU's name for a zone it has no exemplar of in a locale: the ID's last part, '_' as ' '.
std::string derived_city(const std::string& zone) {
  std::string last = zone.substr(zone.rfind('/') + 1);
  std::replace(last.begin(), last.end(), '_', ' ');
  return last;
}

void fail(const std::string& what) {
  std::cerr << "normname-gazetteer: " << what << "\n";
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) fail("usage: normname-gazetteer PLACES_TSV > places-cldr.tsv");
  // The hand-written places: IDs by name and language, and each ID's names.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> ids_of_name;
  std::map<std::string, std::set<std::pair<std::string, std::string>>> names_of;  // id -> (value, lang)
  {
    std::ifstream in(argv[1]);
    if (!in) fail(std::string("cannot read ") + argv[1]);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
      if (f.size() < 4 || f[1] == "place" || f[1] == "person" || f[1] == "organisation" || f[1] == "merged") continue;
      names_of[f[0]].insert({f[2], f[3]});
      ids_of_name[{f[2], f[3]}].insert(f[0]);
    }
  }

  UErrorCode status = U_ZERO_ERROR;
  std::vector<std::unique_ptr<icu::LocaleDisplayNames>> regions;
  std::vector<std::unique_ptr<icu::TimeZoneNames>> zones;
  for (const Language& l : kLanguages) {
    UDisplayContext context[] = {UDISPCTX_NO_SUBSTITUTE, UDISPCTX_CAPITALIZATION_FOR_STANDALONE};
    regions.emplace_back(icu::LocaleDisplayNames::createInstance(icu::Locale(l.locale), context, 2));
    zones.emplace_back(icu::TimeZoneNames::createInstance(icu::Locale(l.locale), status));
    if (U_FAILURE(status) || !regions.back()) fail(std::string("ICU has no display names for ") + l.locale);
  }

  // Territories.
  std::map<std::string, Place> territories;
  std::unique_ptr<icu::StringEnumeration> codes(icu::Region::getAvailable(URGN_TERRITORY, status));
  if (U_FAILURE(status)) fail("ICU lists no territories");
  while (const char* code = codes->next(nullptr, status)) {
    if (std::string(code) == "ZZ") continue;  // Unknown Region
    Place p{code, "", {}};
    for (std::size_t i = 0; i < std::size(kLanguages); ++i) {
      icu::UnicodeString name;
      regions[i]->regionDisplayName(code, name);
      if (name.isBogus() || name.isEmpty() || utf8(name) == code) continue;
      if (!in_script(name, kLanguages[i].cyrillic)) continue;
      add_name(p, utf8(name), kLanguages[i].tag);
    }
    if (p.names.empty() || p.names.front().tag != std::string("en")) continue;
    p.label = p.names.front().value + " (territory " + p.code + ")";
    territories.emplace(p.code, std::move(p));
  }

  // Time-zone exemplar cities. A city whose English name is a territory's (Singapore,
  // Monaco), or its first words (Vatican City, Faroe Islands), is that territory: its names
  // go there.
  std::map<std::string, Place> cities;
  std::unique_ptr<icu::StringEnumeration> ids(
      icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  if (U_FAILURE(status)) fail("ICU lists no time zones");
  while (const icu::UnicodeString* id = ids->snext(status)) {
    const std::string zone = utf8(*id);
    const std::string derived = derived_city(zone);
    char region[8] = {};
    icu::TimeZone::getRegion(*id, region, sizeof region, status);
    if (U_FAILURE(status)) {
      status = U_ZERO_ERROR;
      region[0] = 0;
    }
    Place p{zone, "", {}};
    for (std::size_t i = 0; i < std::size(kLanguages); ++i) {
      icu::UnicodeString name;
      zones[i]->getExemplarLocationName(*id, name);
      if (name.isBogus() || name.isEmpty()) continue;
      // Not named in this language: ICU made it up from the ID (English, in Latin letters).
      if (i != 0 && utf8(name) == derived) continue;
      if (!in_script(name, kLanguages[i].cyrillic)) continue;
      add_name(p, utf8(name), kLanguages[i].tag);
    }
    if (p.names.empty() || p.names.front().tag != std::string("en")) continue;
    // Its own territory first; else the one territory so named (Atlantic/Canary lies in
    // Spain, the Canary Islands are a territory of their own).
    const std::string& city = p.names.front().value;
    auto named = [&](const Place& t) {
      const std::string& name = t.names.front().value;
      return name == city || name.rfind(city + " ", 0) == 0;
    };
    Place* into = nullptr;
    if (auto t = territories.find(region); t != territories.end() && named(t->second)) {
      into = &t->second;
    } else {
      std::size_t count = 0;
      for (auto& [code, t] : territories) {
        if (named(t)) {
          into = &t;
          ++count;
        }
      }
      if (count != 1) into = nullptr;
    }
    if (into) {
      for (const Name& n : p.names) add_name(*into, n.value, n.tag.c_str());
      continue;
    }
    p.label = p.names.front().value + " (city of the time zone " + zone + (region[0] ? std::string(", ") + region : "") + ")";
    cities.emplace(zone, std::move(p));
  }

  char cldr[U_MAX_VERSION_STRING_LENGTH] = {}, icu_version[U_MAX_VERSION_STRING_LENGTH] = {};
  UVersionInfo v;
  ulocdata_getCLDRVersion(v, &status);
  u_versionToString(v, cldr);
  u_getVersion(v);
  u_versionToString(v, icu_version);
  if (U_FAILURE(status)) fail("ICU gives no CLDR version");

  std::ostringstream out;
  out << "# Built-in place gazetteer: every territory and every time-zone exemplar city of CLDR,\n"
         "# in en, ru, sr-Cyrl, sr-Latn, uk, be, mk and bg. Format: docs/tables.md (as people.tsv).\n"
         "# Generated by tools/gazetteer (scripts/cldr-places.sh): do not edit by hand; names to\n"
         "# add or correct go in places.tsv, whose entities this table extends.\n"
         "# Source: Unicode CLDR "
      << cldr << ", as ICU " << icu_version
      << " ships it (territory display names and\n"
         "# time-zone exemplar cities); their licence: LICENSE-CLDR beside this file.\n"
         "# IDs: a place that shares a name with one entity of places.tsv is that entity (no\n"
         "# declaration here, only the names it lacks); the others are cldr:CODE (a territory,\n"
         "# ISO 3166 or UN M49 code) and cldr:ZONE (a city, by its IANA time zone). A city's name\n"
         "# that is another place's too (by normname's key: Алжир, Algeria and Algiers) is left to\n"
         "# that place.\n"
         "# icu-version: "
      << icu_version << "\n";
  // The entity of places.tsv that has one of a place's names, if there is exactly one.
  auto reused = [&](const Place& p) -> std::string {
    std::set<std::string> known;
    for (const Name& n : p.names) {
      const auto it = ids_of_name.find({n.value, n.tag});
      if (it != ids_of_name.end()) known.insert(it->second.begin(), it->second.end());
    }
    return known.size() == 1 ? *known.begin() : "";
  };
  // A city's name that names another place too, by normname's key as `tables lint` compares
  // names (Алжир: Algeria and Algiers; Тунис), is left to that place: resolve reads it one
  // way, and the built-in tables stay free of lint warnings.
  const normname::Context ctx;
  std::map<std::string, std::set<std::string>> ids_of_key;
  for (const auto& [name, ids] : ids_of_name) ids_of_key[ctx.key(name.first)].insert(ids.begin(), ids.end());
  for (const auto& [code, p] : territories) {
    const std::string r = reused(p), id = r.empty() ? "cldr:" + p.code : r;
    for (const Name& n : p.names) ids_of_key[ctx.key(n.value)].insert(id);
  }
  for (auto it = cities.begin(); it != cities.end();) {
    Place& p = it->second;
    const std::string r = reused(p), id = r.empty() ? "cldr:" + p.code : r;
    std::erase_if(p.names, [&](const Name& n) {
      const auto k = ids_of_key.find(ctx.key(n.value));
      return k != ids_of_key.end() && std::any_of(k->second.begin(), k->second.end(), [&](const std::string& o) { return o != id; });
    });
    it = p.names.empty() ? cities.erase(it) : std::next(it);
  }
  auto emit = [&](const Place& p) {
    const std::string known = reused(p);
    const bool reuse = !known.empty();
    const std::string id = reuse ? known : "cldr:" + p.code;
    std::ostringstream rows;
    if (!reuse) rows << id << "\tplace\t" << p.label << "\n";
    bool first = !reuse;
    for (const Name& n : p.names) {
      if (reuse && names_of[id].count({n.value, n.tag})) continue;
      rows << id << '\t' << (first ? "preferred" : "alias") << '\t' << n.value << '\t' << n.tag << "\tcldr\n";
      first = false;
    }
    if (!rows.str().empty()) out << "\n" << rows.str();
  };
  for (const auto& [code, p] : territories) emit(p);
  for (const auto& [zone, p] : cities) emit(p);
  std::cout << out.str();
  std::cout.flush();
  if (!std::cout) fail("cannot write the table");
  return 0;
}
