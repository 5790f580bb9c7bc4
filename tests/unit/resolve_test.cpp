// Resolve against whole alias tables: a name spelled as one of an entity's names always
// resolves to that entity, and a miss is never reported as an answer.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "helpers.hpp"
#include "normname/tables_edit.hpp"

using namespace normname;
using test::ctx;

namespace {

bool is_name_kind(const std::string& k) { return k == "preferred" || k == "alias" || k == "former" || k == "misspelling"; }

// For every name of every entity in `tables`: resolve(name) gives that entity, or another
// entity that has a name with the same key (namesakes: the name alone cannot tell them
// apart). Returns the names that fail, for the message.
std::vector<std::string> exact_names_that_fail(const Context& c, const Tables& tables) {
  const auto records = read_aliases(tables);
  std::map<std::string, std::string> merged;
  for (const auto& r : records) {
    if (r.kind == "merged") merged[r.id] = r.value;
  }
  auto final_id = [&](std::string id) {
    for (std::size_t hops = 0; hops <= merged.size() && merged.count(id); ++hops) id = merged[id];
    return id;
  };
  std::map<std::string, std::set<std::string>> ids_by_key;
  for (const auto& r : records) {
    if (is_name_kind(r.kind)) ids_by_key[c.key(r.value)].insert(final_id(r.id));
  }
  std::vector<std::string> failed;
  for (const auto& r : records) {
    if (!is_name_kind(r.kind)) continue;
    const Resolution res = c.resolve(r.value);
    const std::set<std::string>& ids = ids_by_key[c.key(r.value)];
    if (ids.size() > 1) {
      // A name of two entities (namesakes) is ambiguous, and names both.
      std::set<std::string> fits;
      for (const auto& e : res.fits) fits.insert(e.id);
      if (!res.ambiguous || res.id || fits != ids) {
        failed.push_back(r.value + " (" + r.id + ") -> not ambiguous between its entities: " + res.explanation);
      }
    } else if (!res.id || !ids.count(*res.id)) {
      failed.push_back(r.value + " (" + r.id + ") -> " + res.id.value_or("null") + ": " + res.explanation);
    }
  }
  return failed;
}

}  // namespace

TEST_CASE("resolve: every name of the built-in alias tables resolves to its entity", "[resolve]") {
  const auto failed = exact_names_that_fail(ctx(), Tables::builtin());
  for (const auto& f : failed) UNSCOPED_INFO(f);
  CHECK(failed.empty());
}

TEST_CASE("resolve: every name of a generated 10,000-name table resolves to its entity", "[resolve]") {
  // 2,500 people with four names each, as registries hold them: "Given Family",
  // "Family, Given", the Serbian Cyrillic form and the family name in capitals first.
  const std::vector<std::pair<std::string, std::string>> given = {
      {"Ivan", "Иван"},     {"Petar", "Петар"},   {"Marko", "Марко"},   {"Nikola", "Никола"}, {"Ana", "Ана"},
      {"Milan", "Милан"},   {"David", "Давид"},   {"Jelena", "Јелена"}, {"Dragan", "Драган"}, {"Vesna", "Весна"},
      {"Zoran", "Зоран"},   {"Mira", "Мира"},     {"Goran", "Горан"},   {"Olga", "Олга"},     {"Boris", "Борис"},
      {"Sanja", "Сања"},    {"Luka", "Лука"},     {"Tamara", "Тамара"}, {"Stefan", "Стефан"}, {"Nina", "Нина"},
      // English names in Russian press spelling, which the given-name table may not equate
      // (David Allau / Дэвид Аллау / Allau, David once failed to resolve as itself).
      {"David", "Дэвид"},   {"Kevin", "Кевин"},   {"Brian", "Брайан"},  {"Justin", "Джастин"}, {"Ryan", "Райан"},
      {"Scott", "Скотт"},   {"Keith", "Кит"},     {"Shane", "Шейн"}};
  const std::vector<std::string> syllables = {"ka", "lo", "vi", "ne", "ro", "mi", "sa", "du", "te", "pa", "zo", "li",
                                              "bra", "sto", "gri", "ve", "ma", "to", "ra", "no", "ša", "če", "žu", "đo"};
  const std::vector<std::string> endings = {"ić", "ov", "in", "ski", "ević", "enko", "ak", "au"};
  std::mt19937 rng(20261201);  // fixed: the same table every run
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("normname-resolve-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "aliases");
  {
    std::ofstream out(dir / "aliases" / "generated.tsv", std::ios::binary);
    for (int i = 0; i < 2500; ++i) {
      std::string family;
      const std::size_t n = 2 + pick(2);
      for (std::size_t s = 0; s < n; ++s) family += syllables[pick(syllables.size())];
      family += endings[pick(endings.size())];
      family[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(family[0])));
      const auto& [g_latn, g_cyrl] = given[pick(given.size())];
      const std::string f_cyrl = ctx().transliterate(family, "sr-cyrl");
      std::string upper = ctx().transliterate(family, "latn-ascii");
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      const std::string id = "XGen" + std::to_string(i);
      out << id << "\tperson\t" << g_latn << ' ' << family << '\n'
          << id << "\tpreferred\t" << g_latn << ' ' << family << "\tsr-Latn\ttest\n"
          << id << "\talias\t" << family << ", " << g_latn << "\tsr-Latn\ttest\n"
          << id << "\talias\t" << g_cyrl << ' ' << f_cyrl << "\tsr-Cyrl\ttest\n"
          << id << "\talias\t" << upper << ' ' << g_latn << "\ten\ttest\n";
    }
  }
  const Tables tables = Tables::layered({dir});
  const Context c(tables);
  const auto failed = exact_names_that_fail(c, tables);
  std::filesystem::remove_all(dir);
  for (std::size_t i = 0; i < std::min<std::size_t>(failed.size(), 20); ++i) UNSCOPED_INFO(failed[i]);
  CHECK(failed.size() == 0);
}

TEST_CASE("resolve: a name spelled as an entity's name has its alias's runner-up, from text and from a compiled index", "[resolve][index]") {
  // Two people one transliteration apart (Petar, Pyotr Nikitin), and one whose near namesake
  // (Katya Hazina) comes in another table only later: the compiled runner-ups are stale then.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("normname-runner-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "aliases");
  std::filesystem::create_directories(dir / "index");
  std::ofstream(dir / "aliases" / "t.tsv", std::ios::binary)
      << "X1\tperson\tPetar Nikitin\nX1\tpreferred\tPetar Nikitin\tsr-Latn\ttest\nX1\talias\tПетар Никитин\tsr-Cyrl\ttest\n"
         "X2\tperson\tPyotr Nikitin\nX2\tpreferred\tPyotr Nikitin\ten\ttest\n"
         "X4\tperson\tKatya Khazina\nX4\tpreferred\tKatya Khazina\ten\ttest\n";
  const std::vector<std::string> names = {"Petar Nikitin", "Петар Никитин", "PETAR NIKITIN", "Pyotr Nikitin",
                                          "Katya Khazina", "Катя Хазина", "Petr Nikitin"};
  auto answers = [&](const Context& c) {
    std::vector<std::string> out;
    for (const auto& n : names) {
      const Resolution r = c.resolve(n);
      char score[32];
      std::snprintf(score, sizeof score, "%.6f", r.runner_up_score);
      out.push_back(n + " -> " + r.id.value_or("-") + " '" + r.alias + "' runner-up " + r.runner_up.value_or("-") + " " +
                    (r.runner_up ? score : ""));
    }
    return out;
  };
  const auto from_text = answers(Context(Tables::layered({dir})));
  {
    const Context c(Tables::layered({dir}));
    CHECK(c.resolve("Petar Nikitin").runner_up == std::optional<std::string>("X2"));
    CHECK(c.resolve("Петар Никитин").runner_up == std::optional<std::string>("X2"));
    CHECK(c.resolve("Pyotr Nikitin").runner_up == std::optional<std::string>("X1"));
    CHECK_FALSE(c.resolve("Katya Khazina").runner_up);
    write_atomically(dir / "index" / "t.nnx", compile_index(c, "aliases/t.tsv"));
  }
  {
    const Context c(Tables::layered({dir}));
    CHECK(uses_compiled_index(c, "aliases/t.tsv"));
    CHECK(compiled_runner_ups_current(c, "aliases/t.tsv"));
    CHECK(answers(c) == from_text);
  }
  // Another table names someone the compiled runner-ups did not know of.
  std::ofstream(dir / "aliases" / "u.tsv", std::ios::binary) << "X3\tperson\tKatya Hazina\nX3\tpreferred\tKatya Hazina\ten\ttest\n";
  const auto with_u = answers(Context(Tables::layered({dir})));
  {
    const Context c(Tables::layered({dir}));
    CHECK(uses_compiled_index(c, "aliases/t.tsv"));
    CHECK_FALSE(compiled_runner_ups_current(c, "aliases/t.tsv"));
    CHECK(c.resolve("Katya Khazina").runner_up == std::optional<std::string>("X3"));
    CHECK(answers(c) == with_u);
  }
  std::filesystem::remove_all(dir / "index");
  CHECK(answers(Context(Tables::layered({dir}))) == with_u);
  std::filesystem::remove_all(dir);
}

TEST_CASE("resolve: a miss names no alias, what came closest is reported apart", "[resolve]") {
  const Resolution r = ctx().resolve("Moskau");
  if (!r.id) {
    CHECK(r.alias.empty());
    CHECK(r.score == 0.0);
  }
  const Resolution none = ctx().resolve("Zzyzx Qwerty");
  CHECK_FALSE(none.id.has_value());
  CHECK(none.alias.empty());
  CHECK(none.score == 0.0);
}

TEST_CASE("resolve: the blocks a large table is looked up by lose no pair that matches", "[resolve][blocks]") {
  // Tables of one spelling per entity of the development set (tests/data/names-dev): the
  // k-th. A name is compared only with aliases in its narrowed blocks (matcher.hpp:
  // narrow_blocks_of); those must include every alias it is `same` with by itself and that
  // its family block holds, so resolve scores at least as high as that pair.
  std::ifstream in(std::string(NORMNAME_TEST_DATA) + "/names-dev/spellings.tsv");
  std::map<std::string, std::vector<std::string>> by_entity;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    by_entity[line.substr(0, t1)].push_back(line.substr(t2 + 1));
  }
  REQUIRE(by_entity.size() > 100);
  Context pairs(Tables::builtin().without("aliases/"));
  pairs.set_use_aliases(false);
  const Tables base = Tables::builtin().without("aliases/");
  auto row = [](const std::string& id, const std::string& name) {
    return id + "\tperson\t" + name + "\n" + id + "\talias\t" + name + "\tund\ttest\n";
  };
  std::size_t checked = 0;
  std::vector<std::string> lost;
  for (std::size_t k = 0; k < 4; ++k) {
    // `decoys` adds, for every family name of the set, an entity named by it alone, which
    // every name of that family finds (a missing given name is weaker evidence): an alias
    // the narrowing lost then shows as the decoy's lower score. Without decoys, a name that
    // matches nothing reads its whole family block, as before narrowing: where that misses
    // the pair too, the blocks never held it, and the pair is not counted.
    std::string table, decoys;
    std::set<std::string> families;
    for (const auto& [id, names] : by_entity) {
      if (k >= names.size()) continue;
      table += row(id, names[k]);
      for (const auto& n : names) {
        for (const auto& part : pairs.parse(n).parts) {
          if (part.role == Role::family && part.text != n && families.insert(part.text).second) {
            decoys += row("D" + std::to_string(families.size()), part.text);
          }
        }
      }
    }
    const Context plain(base.with_file("aliases/dev.tsv", table, "dev.tsv"));
    const Context decoyed(base.with_file("aliases/dev.tsv", table + decoys, "dev.tsv"));
    for (const auto& [id, names] : by_entity) {
      if (k >= names.size()) continue;
      for (const auto& a : names) {
        const Match m = pairs.match(a, names[k]);
        // Pairs joined by spelling: a declined reading (Babaryka as the genitive of
        // Babaryko) resolves the name read back, not through these blocks.
        if (!m.same || pairs.key(a) == pairs.key(names[k]) || m.explanation.rfind("read as", 0) == 0) continue;
        if (const Resolution r = plain.resolve(a); r.id != id || r.score + 1e-9 < m.score) continue;
        ++checked;
        // A decoy may make the name ambiguous (it fits both), or win as a name spelled alike
        // (a decoy of one word is that person's full name); the entity must still be found
        // with the pair's score: resolved, the runner-up, or among those it fits.
        const Resolution r = decoyed.resolve(a);
        // (A name spelled as a decoy's is that decoy, whose name is one word: the answer.)
        if (r.id && r.id->rfind("D", 0) == 0 && r.explanation.rfind("spelled as its name", 0) == 0) continue;
        double found = r.id == id ? r.score : r.runner_up == id ? r.runner_up_score : 0.0;
        for (const auto& e : r.fits) {
          if (e.id == id) found = e.score;
        }
        if (found + 1e-9 < m.score) lost.push_back(a + " (same as " + names[k] + ") -> " + r.id.value_or("null"));
      }
    }
  }
  CHECK(checked > 500);
  for (std::size_t i = 0; i < std::min<std::size_t>(lost.size(), 20); ++i) UNSCOPED_INFO(lost[i]);
  CHECK(lost.empty());
}

TEST_CASE("the built-in gazetteer: CLDR's territories and cities resolve in every language it names", "[resolve][gazetteer]") {
  // One city, in English, Russian, Ukrainian, Serbian Cyrillic and Latin.
  const auto tokyo = ctx().resolve("Tokyo");
  REQUIRE(tokyo.id);
  CHECK(tokyo.id->rfind("cldr:", 0) == 0);
  for (const char* name : {"Токио", "Токіо", "Tokio", "Токио"}) CHECK(ctx().resolve(name).id == tokyo.id);
  const auto nz = ctx().resolve("New Zealand");
  REQUIRE(nz.id);
  CHECK(ctx().resolve("Нови Зеланд").id == nz.id);
  CHECK(nz.id != tokyo.id);
  // A place of places.tsv keeps its ID; CLDR adds its names in other languages.
  CHECK(ctx().resolve("Бялград").id == ctx().resolve("Belgrade").id);
  // A name of a country and of a city resolves one way, to the country.
  const auto algeria = ctx().resolve("Algeria");
  REQUIRE(algeria.id);
  CHECK(ctx().resolve("Алжир").id == algeria.id);
  // A place is a place: compared as one, the gazetteer decides.
  CHECK(ctx().match("Tokyo", "Токио").same);
  CHECK_FALSE(ctx().match("Tokyo", "Kyoto").same);
}
