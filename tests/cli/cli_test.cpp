// End-to-end tests: run the built `normname` binary on real inputs and compare outputs.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <sstream>

#include "cli_helpers.hpp"

namespace {

// The seed spellings of the product brief: every subcommand must take them.
const std::vector<std::string> kSeeds = {
    "Peter Nikitin", "Pyotr Nikitin",    "Пётр Никитин",     "Petar Nikitin", "Aleksandar Vučić",
    "Vucic",         "Александар Вучић", "Александр Вучич", "Katya Khazina", "Katya Hazina"};

std::string join_lines(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

}  // namespace

TEST_CASE("cli: default job romanizes", "[cli]") {
  Run r = run("", "Пётр Никитин\n");
  CHECK(r.status == 0);
  CHECK(r.out == "Pëtr Nikitin\n");
}

TEST_CASE("cli: one output line per input line, in order, for every subcommand", "[cli]") {
  const std::string input = join_lines(kSeeds);
  for (const char* sub : {"", "translit --scheme auto-latn", "key", "resolve", "cluster"}) {
    INFO(sub);
    Run r = run(sub, input);
    CHECK(r.status == 0);
    CHECK(count_lines(r.out) == kSeeds.size());
  }
  // Romanized and key output carry no Cyrillic.
  CHECK_FALSE(has_cyrillic(run("", input).out));
  CHECK_FALSE(has_cyrillic(run("key", input).out));
  // match takes pairs.
  std::string pairs;
  for (std::size_t i = 0; i + 1 < kSeeds.size(); ++i) pairs += kSeeds[i] + "\t" + kSeeds[i + 1] + "\n";
  Run m = run("match", pairs);
  CHECK(m.status == 0);
  auto lines = m.lines();
  REQUIRE(lines.size() == kSeeds.size() - 1);
  for (const auto& l : lines) {
    INFO(l);
    auto tab = l.find('\t');
    REQUIRE(tab != std::string::npos);
    double score = std::stod(l.substr(0, tab));
    CHECK(score >= 0.0);
    CHECK(score <= 1.0);
    std::string verdict = l.substr(tab + 1);
    CHECK((verdict == "same" || verdict == "different"));
  }
}

TEST_CASE("cli: the keys of the seed spellings", "[cli]") {
  Run r = run("key", "Александар Вучић\nAleksandar Vučić\nVUCIC\nKatya Khazina\n");
  CHECK(r.out == "aleksandar vucic\naleksandar vucic\nvucic\nkatya khazina\n");
}

TEST_CASE("cli: empty file, empty lines, CRLF, no final newline", "[cli]") {
  CHECK(run("", "").out.empty());
  CHECK(run("key", "Vučić\n\nВучић\n").out == "vucic\n\nvucic\n");
  CHECK(run("key", "Vučić\r\nВучић\r\n").out == "vucic\nvucic\n");
  CHECK(run("key", "Vučić\nВучић").out == "vucic\nvucic\n");
  CHECK(run("cluster", "Vucic\n\nВучић\n").out == "1\tVucic\n\n1\tВучић\n");
}

TEST_CASE("cli: a 1 MiB line is one line out", "[cli]") {
  std::string big;
  for (int i = 0; i < 512 * 1024; ++i) big += "ж";  // 2 bytes each: 1 MiB of Cyrillic
  Run r = run("", big + "\nПётр\n");
  CHECK(r.status == 0);
  auto lines = r.lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].size() == 2 * 512 * 1024);  // "zh" per letter
  CHECK(lines[0].substr(0, 6) == "zhzhzh");
  CHECK(lines[1] == "Pëtr");
}

TEST_CASE("cli: invalid UTF-8 is replaced and counted, or stops the run with --strict", "[cli]") {
  Run r = run("key", "ok\nbad \xFF here\nok2\n");
  CHECK(r.status == 0);
  CHECK(count_lines(r.out) == 3);
  CHECK(r.err.find("1 line(s) had invalid UTF-8") != std::string::npos);
  CHECK(r.err.find("line 2") != std::string::npos);
  Run s = run("key --strict", "ok\nbad \xFF here\nok2\n");
  CHECK(s.status == 65);
  CHECK(s.out == "ok\n");
  CHECK(s.err.find("line 2: invalid UTF-8") != std::string::npos);
  Run t = run("", "Ni\xC0kitin\n");
  CHECK(t.out == "Ni\xEF\xBF\xBDkitin\n");
}

TEST_CASE("cli: legacy encodings", "[cli]") {
  CHECK(run("--encoding windows-1251", "\xCF\xB8\xF2\xF0 \xCD\xE8\xEA\xE8\xF2\xE8\xED\n").out == "Pëtr Nikitin\n");
  CHECK(run("key --encoding koi8-r", "\xF7\xD5\xDE\xC9\xDE\n").out == "vuchich\n");
  CHECK(run("key --encoding cp1250", "Vu\xE8i\xE6\n").out == "vucic\n");
  CHECK(run("--encoding ebcdic", "x\n").status != 0);
}

TEST_CASE("cli: --field and --delimiter append a column", "[cli]") {
  CHECK(run("key --field 2", "1\tВучић\tx\n2\tPutin\n").out == "1\tВучић\tx\tvucic\n2\tPutin\tputin\n");
  CHECK(run("key --field 2 --delimiter ,", "1,Вучић\n").out == "1,Вучић,vucic\n");
  Run missing = run("key --field 3", "only\tтwo\n");
  // Padded to the field asked for, so every row has as many columns.
  CHECK(missing.out == "only\tтwo\t\t\n");
  CHECK(missing.err.find("no field") != std::string::npos);
}

TEST_CASE("cli: key --explain adds one column per line, jsonl the stages", "[cli]") {
  Run r = run("key --explain", "Пётр Хазина\n\nVučić\n");
  CHECK(r.status == 0);
  CHECK(r.out.rfind("petr khazina\tnormalize: пётр хазина | tokens: пётр [cyrillic ru -> ru-latn-bgn]", 0) == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 3);
  CHECK(r.out.find("\nvucic\t") != std::string::npos);
  auto j = nlohmann::json::parse(run("key --explain --format jsonl", "Khazina\n").out);
  CHECK(j["key"] == "khazina");
  CHECK(j["stages"]["skeletons"][0]["skeleton"] == "hazina");
}

TEST_CASE("cli: translit --scheme and --list", "[cli]") {
  CHECK(run("translit --scheme sr-latn", "Александар Вучић\n").out == "Aleksandar Vučić\n");
  CHECK(run("translit --scheme sr-cyrl", "Ljubljana NJEGOŠ\n").out == "Љубљана ЊЕГОШ\n");
  CHECK(run("translit --scheme latn-ascii", "Đorđe Vučić\n").out == "Djordje Vucic\n");
  // Only letters change: white space of every kind comes out byte for byte, so a whole TSV
  // line can go through without --field; invisible format characters go.
  CHECK(run("translit --scheme sr-latn", "  Лисак\tБор  x \n").out == "  Lisak\tBor  x \n");
  CHECK(run("translit --from auto", "\tВучић\xC2\xA0Київ \n").out == "\tVučić\xC2\xA0Kyiv \n");
  CHECK(run("translit --scheme sr-cyrl", "L\xC2\xADjubljana\n").out == "Љубљана\n");
  // sr-latn-reversible's marks survive the CLI's clean-up, so its output reads back exactly.
  const std::string marked = run("translit --scheme sr-latn-reversible", "коњугација ОНЈЛАЈН\n").out;
  CHECK(marked == "ko\u01CCugacija ON\u200CJLAJN\n");
  CHECK(run("translit --scheme sr-cyrl", marked).out == "коњугација ОНЈЛАЈН\n");
  Run bad = run("translit --scheme nope", "x\n");
  CHECK(bad.status == 64);
  CHECK(bad.err.find("unknown scheme") != std::string::npos);
  Run list = run("translit --list", "");
  auto lines = list.lines();
  CHECK(lines.size() >= 5);
  for (const auto& l : lines) CHECK(std::count(l.begin(), l.end(), '\t') == 2);
  CHECK(list.out.find("ru-latn-bgn\t") != std::string::npos);
}

TEST_CASE("cli: match output and --explain, malformed lines", "[cli]") {
  CHECK(run("match", "Vucic\tВучић\n").out == "1.000\tsame\n");
  Run e = run("match --explain", "Vucic\tВучић\n");
  CHECK(e.out.rfind("1.000\tsame\t", 0) == 0);
  Run bad = run("match", "no tab here\nVucic\tVucic\n");
  CHECK(bad.status == 0);
  CHECK(bad.out == "\n1.000\tsame\n");
  CHECK(bad.err.find("line 1:") != std::string::npos);
  CHECK(run("match --strict", "no tab here\n").status == 65);
}

TEST_CASE("cli: resolve writes JSON Lines with input, id, score, alias", "[cli]") {
  Run r = run("resolve", "Александар Вучић\nnobody at all\n");
  auto lines = r.lines();
  REQUIRE(lines.size() == 2);
  auto a = nlohmann::ordered_json::parse(lines[0]);
  std::vector<std::string> keys;
  for (auto it = a.begin(); it != a.end(); ++it) keys.push_back(it.key());
  REQUIRE(keys.size() >= 4);
  CHECK(std::vector<std::string>(keys.begin(), keys.begin() + 4) == std::vector<std::string>{"input", "id", "score", "alias"});
  CHECK(a["id"] == "XVucicAleksandar");
  CHECK(a["score"].get<double>() == 1.0);
  auto b = nlohmann::json::parse(lines[1]);
  CHECK(b["id"].is_null());
}

TEST_CASE("cli: resolve and tag write JSON byte for byte as nlohmann::json dumps it", "[cli]") {
  // Written directly for speed (cli/main.cpp, put_string): every kind of line, and strings
  // that need escapes, must read back and dump to the same bytes.
  const std::string in =
      "Александар Вучић\nVučić\nnobody at all\nSmirnova\nВучића\nMoskau\n\"Q\\uote\" \x01 Putin\n"
      "Petar Nikitin\tand a tab\nВладимир Путин\n";
  for (const std::string cmd : {"resolve", "resolve --explain", "tag", "tag --explain", "resolve --field 1 --format jsonl"}) {
    Run r = run(cmd, in);
    CHECK(r.status == 0);
    for (const auto& line : r.lines()) {
      INFO(cmd << ": " << line);
      CHECK(nlohmann::ordered_json::parse(line).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) == line);
    }
  }
}

TEST_CASE("cli: resolve --tables layers a directory", "[cli]") {
  fs::path dir = fs::temp_directory_path() / ("normname-cli-tables-" + std::to_string(::getpid()));
  fs::create_directories(dir / "aliases");
  std::ofstream(dir / "aliases" / "mine.tsv") << "XKhazinaKatya\tperson\tKatya Khazina\n"
                                                  "XKhazinaKatya\tpreferred\tKatya Khazina\ten\tpress\n";
  Run r = run("resolve --tables '" + dir.string() + "'", "Katya Khazina\n");
  CHECK(nlohmann::json::parse(r.out)["id"] == "XKhazinaKatya");
  Run missing = run("resolve --tables '" + (dir / "nope").string() + "'", "x\n");
  CHECK(missing.status == 66);
  fs::remove_all(dir);
}

TEST_CASE("cli: --help for every subcommand shows an example, --version names ICU", "[cli]") {
  for (const char* sub : {"", "translit", "key", "match", "cluster", "resolve"}) {
    INFO(sub);
    Run r = run(std::string(sub) + " --help", "");
    CHECK(r.status == 0);
    CHECK(r.out.find("Example") != std::string::npos);
  }
  Run v = run("--version", "");
  CHECK(v.out.find("ICU") != std::string::npos);
  CHECK(v.out.find("tables sha256:") != std::string::npos);
}

TEST_CASE("cli: translit --from and --candidates", "[cli]") {
  CHECK(run("translit --from auto", "Вучић Вучич Київ\n").out == "Vučić Vuchich Kyiv\n");
  CHECK(run("translit --from uk", "Олексій\n").out == "Oleksii\n");
  CHECK(run("translit --from xx", "a\n").status == 64);
  Run c = run("translit --scheme latn-ru --candidates 3", "Khazina\n\nPyotr\n");
  auto lines = c.lines();
  REQUIRE(lines.size() == 3);
  CHECK(std::count(lines[0].begin(), lines[0].end(), '\t') == 2);
  CHECK(lines[0].rfind("Хазина\t", 0) == 0);
  CHECK(lines[1].empty());
  auto j = nlohmann::json::parse(run("translit --scheme latn-ru --candidates 2 --format jsonl", "Pyotr\n").out);
  REQUIRE(j["candidates"].size() == 2);
  CHECK(j["candidates"][0]["text"] == "Пётр");
}

TEST_CASE("cli: parse shows roles and gender", "[cli]") {
  CHECK(run("parse --format text", "NIKITIN, Pyotr Ivanovich\n\nKalashnikova\n").out ==
        "family:NIKITIN given:Pyotr patronymic:Ivanovich male\n\nfamily:Kalashnikova female\n");
  auto j = nlohmann::json::parse(run("parse", "Katya Khazina\n").out);
  CHECK(j["gender"] == "female");
  REQUIRE(j["parts"].size() == 2);
  CHECK(j["parts"][0]["role"] == "given");
  CHECK(j["parts"][0]["diminutive"] == true);
  CHECK(j["parts"][1]["feminine_form"] == true);
}

TEST_CASE("cli: match and cluster use the alias tables unless --no-aliases", "[cli]") {
  fs::path dir = fs::temp_directory_path() / ("normname-cli-aliases-" + std::to_string(::getpid()));
  fs::create_directories(dir / "aliases");
  // A new file (a file named like a built-in one would replace it): a former name.
  std::ofstream(dir / "aliases" / "former.tsv") << "XGdansk\tplace\tGdańsk\nXGdansk\tpreferred\tGdańsk\ten\twp:en\n"
                                                   "XGdansk\tformer\tDanzig\tde\twp:de\n";
  const std::string pair = "Danzig\tGdańsk\n";
  CHECK(run("match", pair).out == "0.200\tdifferent\n");  // the built-in tables do not know it
  CHECK(run("match --tables '" + dir.string() + "'", pair).out == "1.000\tsame\n");
  CHECK(run("match --no-aliases --tables '" + dir.string() + "'", pair).out == "0.200\tdifferent\n");
  // The built-in alias tables count by default: Moscow is Москва.
  CHECK(run("match", "Moscow\tМосква\n").out == "1.000\tsame\n");
  CHECK(run("match --no-aliases", "Moscow\tМосква\n").out == "0.200\tdifferent\n");
  CHECK(run("cluster", "Moscow\nМосква\n").out == "1\tMoscow\n1\tМосква\n");
  CHECK(run("cluster --tables '" + dir.string() + "'", "Danzig\nGdańsk\n").out == "1\tDanzig\n1\tGdańsk\n");
  CHECK(run("cluster", "Königsberg\nКалининград\n").out == "1\tKönigsberg\n1\tКалининград\n");  // built in
  fs::remove_all(dir);
}

TEST_CASE("cli: tables add writes one line, atomically, and refuses invalid tables", "[cli][tables]") {
  fs::path dir = fs::temp_directory_path() / ("normname-cli-add-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "aliases");
  const std::string original = "# team table\n\nX1\tperson\tKatya Khazina\nX1\tpreferred\tKatya Khazina\ten\tpress\n\nX2\tperson\tOther\nX2\tpreferred\tOther Person\ten\tpress\n";
  std::ofstream(dir / "aliases" / "team.tsv") << original;
  const std::string t = " --tables '" + dir.string() + "'";
  Run r = run("tables add X1 'Katya Hazina' --lang en --source 'Danas, 2024'" + t, "");
  CHECK(r.status == 0);
  std::ifstream in(dir / "aliases" / "team.tsv");
  std::stringstream now;
  now << in.rdbuf();
  // A table in canonical form: every line the command did not touch is byte-identical, the
  // new one follows X1's rows.
  CHECK(now.str() == "# team table\n\nX1\tperson\tKatya Khazina\nX1\tpreferred\tKatya Khazina\ten\tpress\n"
                     "X1\talias\tKatya Hazina\ten\tDanas, 2024\n\nX2\tperson\tOther\nX2\tpreferred\tOther Person\ten\tpress\n");
  CHECK(nlohmann::json::parse(run("resolve" + t, "Katya Hazina\n").out)["id"] == "X1");
  // A mixed-script name would fail lint: refused, file unchanged.
  Run bad = run("tables add X1 'Kat\xD1\x8F' --lang en" + t, "");
  CHECK(bad.status == 65);
  CHECK(bad.err.find("mixes scripts") != std::string::npos);
  std::ifstream in2(dir / "aliases" / "team.tsv");
  std::stringstream after;
  after << in2.rdbuf();
  CHECK(after.str() == now.str());
  // Two concurrent adds both land (the lock serializes them).
  std::string cmd = std::string("'") + NORMNAME_CLI + "' tables add X2 'Name A' --lang en" + t + " & '" + NORMNAME_CLI +
                    "' tables add X2 'Name B' --lang en" + t + " & wait";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::ifstream in3(dir / "aliases" / "team.tsv");
  std::stringstream both;
  both << in3.rdbuf();
  CHECK(both.str().find("X2\talias\tName A") != std::string::npos);
  CHECK(both.str().find("X2\talias\tName B") != std::string::npos);
  // lint names file and line.
  std::ofstream(dir / "aliases" / "broken.tsv") << "X9\talias\tNobody\ten\tx\n";
  Run lint = run("tables lint '" + dir.string() + "'", "");
  CHECK(lint.status == 1);
  CHECK(lint.out.find("broken.tsv:1: error: names of X9") != std::string::npos);
  auto j = nlohmann::json::parse(run("tables lint --format json '" + dir.string() + "'", "").out);
  REQUIRE(j.is_array());
  CHECK(j[0]["line"] == 1);
  fs::remove_all(dir);
}

TEST_CASE("cli: tables merge, rename and diff", "[cli][tables]") {
  fs::path dir = fs::temp_directory_path() / ("normname-cli-merge-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "aliases");
  std::ofstream(dir / "aliases" / "t.tsv") << "X1\tperson\tKatya Khazina\nX1\tpreferred\tKatya Khazina\ten\tpress\n"
                                              "X2\tperson\tE. Khazina\nX2\tpreferred\tЕкатерина Хазина\tru\tpress\n";
  fs::copy(dir, dir.string() + "-old", fs::copy_options::recursive);
  const std::string t = " --tables '" + dir.string() + "'";
  CHECK(run("tables merge X2 X1" + t, "").status == 0);
  // X2's name is X1's now, X2 still resolves (to X1), and lint is clean.
  CHECK(nlohmann::json::parse(run("resolve" + t, "Екатерина Хазина\n").out)["id"] == "X1");
  CHECK(run("tables lint '" + dir.string() + "'", "").status == 0);
  Run d = run("tables diff '" + dir.string() + "-old' '" + dir.string() + "'", "");
  CHECK(d.out == "~ Екатерина Хазина\tX2 -> X1\nmerge X2 -> X1\n");
  CHECK(run("tables rename X1 Q999" + t, "").status == 0);
  CHECK(nlohmann::json::parse(run("resolve" + t, "Katya Khazina\n").out)["id"] == "Q999");
  Run s = run("tables stats '" + dir.string() + "'", "");
  CHECK(s.out.find("few-names\tQ999") == std::string::npos);  // two names now
  CHECK(run("tables merge NOPE X1" + t, "").status == 64);
  // split undoes the merge for one name: it moves to a new entity, declared in the table.
  CHECK(run("tables split Q999 X3 --names 'Екатерина Хазина'" + t, "").status == 0);
  CHECK(nlohmann::json::parse(run("resolve" + t, "Екатерина Хазина\n").out)["id"] == "X3");
  CHECK(nlohmann::json::parse(run("resolve" + t, "Katya Khazina\n").out)["id"] == "Q999");
  fs::remove_all(dir);
  fs::remove_all(dir.string() + "-old");
}

TEST_CASE("cli: tables suggest proposes rows and writes nothing", "[cli][tables]") {
  Run r = run("tables suggest", "Aleksandar Vučić\nTesla III\nKatya Khazina\nКатя Хазина\n\n");
  CHECK(r.status == 0);
  // A resolving name is left alone; a close one becomes an alias of its ID, with the reason.
  CHECK(r.out.find("Aleksandar Vučić") == std::string::npos);
  CHECK(r.out.find("Q9036\talias\tTesla III") != std::string::npos);
  CHECK(r.out.find("suffix: only one side has one (III)") != std::string::npos);
  // Unresolved spellings that match each other become one new entity.
  CHECK(r.out.find("XKatyaKhazina\tpreferred\tKatya Khazina") != std::string::npos);
  CHECK(r.out.find("XKatyaKhazina\talias\tКатя Хазина\tru") != std::string::npos);
}

TEST_CASE("cli: tables compile builds an index that resolve uses only while it is current", "[cli][tables]") {
  fs::path dir = fs::temp_directory_path() / ("normname-cli-compile-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "aliases");
  std::ofstream(dir / "aliases" / "t.tsv") << "X1\tperson\tKatya Khazina\nX1\tpreferred\tKatya Khazina\ten\tpress\n"
                                              "X1\talias\tЕкатерина Хазина\tru\tpress\n";
  const std::string t = " --tables '" + dir.string() + "'";
  const std::string names = "Katya Hazina\nЕ. Хазина\nKhazina\n";
  const std::string before = run("resolve" + t, names).out;
  // A text index of an earlier version is replaced, not left to be read as a table.
  fs::create_directories(dir / "index");
  std::ofstream(dir / "index" / "t.tsv") << "# Compiled index of aliases/t.tsv\n";
  CHECK(run("tables list" + t, "").out.find("index/t.tsv") != std::string::npos);
  CHECK(run("tables compile '" + dir.string() + "'", "").status == 0);
  CHECK_FALSE(fs::exists(dir / "index" / "t.tsv"));
  std::ifstream idx(dir / "index" / "t.nnx", std::ios::binary);
  std::stringstream index;
  index << idx.rdbuf();
  CHECK(index.str().rfind("NNAMEIDX", 0) == 0);  // the binary format of docs/tables.md
  CHECK(index.str().find("yekaterina khazina") != std::string::npos);
  CHECK((fs::status(dir / "index" / "t.nnx").permissions() & fs::perms::others_read) != fs::perms::none);
  CHECK(run("tables list" + t, "").out.find("aliases/t.tsv\t" + (dir / "aliases" / "t.tsv").string() +
                                                       "\tindex current") != std::string::npos);
  CHECK(run("resolve" + t, names).out == before);  // same answers from the index
  // The table changes: the index is stale, ignored, and the new name resolves.
  CHECK(run("tables add X1 'Katja Chasina' --lang de" + t, "").status == 0);
  CHECK(nlohmann::json::parse(run("resolve" + t, "Katja Chasina\n").out)["alias"] == "Katja Chasina");
  CHECK(run("tables list" + t, "").out.find("\tindex not used") != std::string::npos);
  // A damaged index (cut short) is not used either: the text answers.
  CHECK(run("tables compile '" + dir.string() + "'", "").status == 0);
  fs::resize_file(dir / "index" / "t.nnx", fs::file_size(dir / "index" / "t.nnx") - 3);
  CHECK(run("tables list" + t, "").out.find("\tindex not used") != std::string::npos);
  CHECK(nlohmann::json::parse(run("resolve" + t, "Katja Chasina\n").out)["alias"] == "Katja Chasina");
  fs::remove_all(dir);
}

TEST_CASE("cli: the main job reconciles the sample into entities, with IDs or stable keys", "[cli]") {
  std::ifstream in(std::string(NORMNAME_TEST_DATA) + "/sample-names.txt");
  std::stringstream sample;
  sample << in.rdbuf();
  Run r = run("cluster --entity", sample.str());
  CHECK(r.status == 0);
  const auto lines = r.lines();
  REQUIRE(lines.size() == count_lines(sample.str()));
  std::map<std::string, std::string> entity_of;  // spelling -> entity column
  for (const auto& l : lines) {
    const auto t1 = l.find('\t'), t2 = l.find('\t', t1 + 1);
    REQUIRE(t2 != std::string::npos);
    CHECK(l.substr(t1 + 1, t2 - t1 - 1) != "");
    entity_of[l.substr(t2 + 1)] = l.substr(t1 + 1, t2 - t1 - 1);
  }
  CHECK(r.out.find("null") == std::string::npos);
  // Every spelling of one person in one entity, whatever the script.
  CHECK(entity_of["Peter Nikitin"] == entity_of["Пётр Никитин"]);
  CHECK(entity_of["Pyotr Nikitin"] == entity_of["Petar Nikitin"]);
  CHECK(entity_of["Katya Khazina"] == entity_of["Katya Hazina"]);
  CHECK(entity_of["Vucic"] == "XVucicAleksandar");
  CHECK(entity_of["Александр Вучич"] == "XVucicAleksandar");
  CHECK(entity_of["Peter Nikitin"] != entity_of["Katya Khazina"]);
  // The key of a group the tables do not know does not depend on the order of its names.
  Run reversed = run("cluster --entity", "Katya Hazina\nKatya Khazina\n");
  CHECK(reversed.out.find(entity_of["Katya Khazina"]) != std::string::npos);
}

TEST_CASE("cli: tag writes one JSON line per line in, or per file with --doc", "[cli][tag]") {
  const std::string input = "Aleksandar Vučić je u Moskvi.\n\nНичего нет.\nVladimir Putin met Vucic.\n";
  Run r = run("tag", input);
  CHECK(r.status == 0);
  auto lines = r.lines();
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].find("\"id\":\"XVucicAleksandar\"") != std::string::npos);
  CHECK(lines[0].find("\"text\":\"Moskvi\"") != std::string::npos);
  CHECK(lines[0].find("\"case\":\"dative or locative\"") != std::string::npos);
  CHECK(lines[1] == "{\"mentions\":[]}");
  CHECK(lines[2] == "{\"mentions\":[]}");
  // Vucic alone, after Vladimir Putin: the family name of nobody named in full before.
  CHECK(lines[3].find("\"ambiguous\":true") != std::string::npos);
  // --doc: a whole file is one document, its offsets the file's bytes; in another charset,
  // those of the text read as UTF-8; --explain says how each fitted.
  Run d = sh("printf 'Aleksandar Vu\\304\\215i\\304\\207 je stigao.\\nVu\\304\\215i\\304\\207 je rekao.\\n' > a.txt\n"
             "printf '\\302\\353\\340\\344\\350\\354\\350\\360 \\317\\363\\362\\350\\355' > b.txt\n"
             "$NN tag --doc --explain a.txt && $NN tag --doc --encoding windows-1251 b.txt");
  CHECK(d.status == 0);
  auto docs = d.lines();
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].find("\"file\":\"a.txt\"") != std::string::npos);
  CHECK(docs[0].find("named in full before") != std::string::npos);
  CHECK(docs[0].find("\"begin\":30") != std::string::npos);  // the second line's Vučić
  CHECK(docs[1].find("\"text\":\"Владимир Путин\"") != std::string::npos);
  CHECK(docs[1].find("\"char_end\":14") != std::string::npos);
  Run missing = run("tag --doc no-such-file.txt", "");
  CHECK(missing.status == 66);
}
