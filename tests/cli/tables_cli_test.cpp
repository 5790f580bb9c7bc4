// End-to-end tests of the alias-table workflow (normname tables ...) on real directories,
// with the mistakes and hostile input a team's tables meet.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_helpers.hpp"

namespace {

// A team table in canonical form, written by the script before the commands under test.
const char* kTeam =
    "mkdir -p t/aliases; printf '# team\\n\\nX1\\tperson\\tKatya Khazina\\nX1\\tpreferred\\tKatya Khazina\\ten\\tpress\\n"
    "X1\\talias\\tKatya Hazina\\ten\\tpress\\n\\nX2\\tperson\\tE. Khazina\\nX2\\tpreferred\\tE. Khazina\\ten\\tpress\\n' > t/aliases/team.tsv\n";

}  // namespace

TEST_CASE("cli tables: a missing directory is exit 66, lint errors fail fmt --check", "[cli][tables]") {
  CHECK(sh("\"$NN\" tables fmt --check no-such-dir; echo \"exit $?\"").out == "exit 66\n");
  CHECK(sh("\"$NN\" tables fmt no-such-dir; echo \"exit $?\"").out == "exit 66\n");
  CHECK(sh("\"$NN\" tables lint no-such-dir; echo \"exit $?\"").out == "exit 66\n");
  Run r = sh(std::string(kTeam) + "printf 'X9\\talias\\tNobody\\ten\\tx\\n' >> t/aliases/team.tsv\n"
             "\"$NN\" tables fmt t >/dev/null; \"$NN\" tables fmt --check t; echo \"exit $?\"");
  CHECK(r.out.find("names of X9") != std::string::npos);
  CHECK(r.out.find("exit 1") != std::string::npos);
}

TEST_CASE("cli tables: add --new creates the entity, its table and its directory", "[cli][tables]") {
  Run r = sh("\"$NN\" tables add XNew 'Ivan Novak' --new person --label 'Ivan Novak, a test' --lang en --tables fresh; echo \"exit $?\"\n"
             "cat fresh/aliases/local.tsv; ls -a fresh/aliases | grep -c lock\n"
             "printf 'Ivan Novak\\n' | \"$NN\" resolve --tables fresh\n");
  CHECK(r.out.find("exit 0") != std::string::npos);
  CHECK(r.out.find("XNew\tperson\tIvan Novak, a test\nXNew\tpreferred\tIvan Novak\ten\n") != std::string::npos);
  CHECK(r.out.find("\n0\n") != std::string::npos);  // no lock file left beside the table
  CHECK(r.out.find("\"id\":\"XNew\"") != std::string::npos);
  Run again = sh("\"$NN\" tables add XNew 'Ivan Novak' --new person --label x --tables fresh >/dev/null; "
                 "\"$NN\" tables add XNew 'Ivan Novak' --new person --label x --tables fresh; echo \"exit $?\"; "
                 "\"$NN\" tables add XNew 'Ivan Novakov' --new person --label x --tables fresh; echo \"exit $?\"");
  CHECK(again.out.find("already a name of XNew") != std::string::npos);
  CHECK(again.out.find("exit 0\nexit 65\n") != std::string::npos);  // the same row again is fine, a second entity is not
}

TEST_CASE("cli tables: a repeated add writes nothing and succeeds", "[cli][tables]") {
  Run r = sh(std::string(kTeam) + "cp t/aliases/team.tsv before; \"$NN\" tables add X1 'Katya Hazina' --tables t; echo \"exit $?\"; cmp before t/aliases/team.tsv && echo same");
  CHECK(r.out.find("already a name of X1") != std::string::npos);
  CHECK(r.out.find("exit 0\nsame\n") != std::string::npos);
}

TEST_CASE("cli tables: every edit leaves the tables in canonical form", "[cli][tables]") {
  Run r = sh(std::string(kTeam) + "\"$NN\" tables merge X2 X1 --tables t >/dev/null && \"$NN\" tables fmt --check t; echo \"fmt $?\"\n"
             "\"$NN\" tables add X1 'Катя Хазина' --lang ru --tables t >/dev/null && \"$NN\" tables fmt --check t; echo \"fmt $?\"\n"
             "\"$NN\" tables rename X1 XKhazina --tables t >/dev/null && \"$NN\" tables fmt --check t; echo \"fmt $?\"\n");
  CHECK(r.out == "fmt 0\nfmt 0\nfmt 0\n");
}

TEST_CASE("cli tables: split leaves each entity a preferred name", "[cli][tables]") {
  Run r = sh(std::string(kTeam) + "\"$NN\" tables split X1 X3 --names 'Katya Khazina' --tables t >/dev/null; echo \"exit $?\"\n"
             "\"$NN\" tables lint t 2>&1 | grep -c 'no preferred name'; grep -c preferred t/aliases/team.tsv");
  CHECK(r.out == "exit 0\n0\n3\n");
}

TEST_CASE("cli tables: stats counts the directory alone, diff exits 1 on differences", "[cli][tables]") {
  Run r = sh(std::string(kTeam) + "\"$NN\" tables stats t | head -2; \"$NN\" tables stats --with-builtin t | head -1 | cut -f1\n"
             "cp -r t u; \"$NN\" tables diff t u; echo \"diff $?\"; \"$NN\" tables add X2 'Jekaterina Khazina' --tables u >/dev/null\n"
             "\"$NN\" tables diff t u; echo \"diff $?\"");
  CHECK(r.out.rfind("entities\t2\nnames\t3\nentities\n", 0) == 0);
  CHECK(r.out.find("diff 0\n+ X2\tJekaterina Khazina\ndiff 1\n") != std::string::npos);
}

TEST_CASE("cli tables: a team table named like a built-in one adds to it, unless told to replace", "[cli][tables]") {
  Run r = sh("mkdir -p t/aliases; printf 'X1\\tperson\\tSomeone\\nX1\\tpreferred\\tSomeone Else\\ten\\tx\\n' > t/aliases/people.tsv\n"
             "printf 'Vladimir Putin\\nSomeone Else\\n' | \"$NN\" resolve --tables t | cut -c1-60\n"
             "printf 'Vladimir Putin\\n' | \"$NN\" resolve --tables t --replace-builtin\n"
             "\"$NN\" tables list --tables t | grep people");
  const auto lines = r.lines();
  REQUIRE(lines.size() == 5);
  CHECK(lines[0].find("\"id\":\"Q7747\"") != std::string::npos);
  CHECK(lines[1].find("\"id\":\"X1\"") != std::string::npos);
  CHECK(lines[2].find("\"id\":null") != std::string::npos);
  CHECK(r.err.find("replaces the built-in aliases/people.tsv") != std::string::npos);
  CHECK(lines[3].rfind("aliases/people.tsv\tbuilt-in", 0) == 0);
  CHECK(lines[4].rfind("aliases/people@1.tsv\t", 0) == 0);
  // A table that says it replaces the built-in one does.
  Run says = sh("mkdir -p t/aliases; printf '# replaces: builtin\\nX1\\tperson\\tSomeone\\nX1\\tpreferred\\tSomeone Else\\ten\\tx\\n' > t/aliases/people.tsv\n"
                "printf 'Vladimir Putin\\n' | \"$NN\" resolve --tables t");
  CHECK(says.out.find("\"id\":null") != std::string::npos);
  CHECK(says.err.find("replaces the built-in aliases/people.tsv") != std::string::npos);
  // Any other table at a built-in path must say that it replaces it.
  Run other = sh("mkdir -p t/names; printf 'x\\n' > t/names/titles.tsv; printf 'Putin\\n' | \"$NN\" key --tables t; echo \"exit $?\"");
  CHECK(other.out == "exit 1\n");
  CHECK(other.err.find("would replace it") != std::string::npos);
}

TEST_CASE("cli tables: fields that would break out of their row are refused", "[cli][tables]") {
  Run r = sh(std::string(kTeam) + "cp t/aliases/team.tsv before\n"
             "\"$NN\" tables add X1 \"$(printf 'Evil\\nXEvil\\tpreferred\\tVladimir Putin')\" --tables t; echo \"exit $?\"\n"
             "\"$NN\" tables add X1 'Name' --source \"$(printf 'a\\tb')\" --tables t; echo \"exit $?\"\n"
             "\"$NN\" tables add X1 'Name' --file ../../x.tsv --tables t; echo \"exit $?\"\n"
             "\"$NN\" tables add X1 'Name' --file aliases/x.txt --tables t; echo \"exit $?\"\n"
             "\"$NN\" tables add X1 'Name' --file /tmp/x.tsv --tables t; echo \"exit $?\"\n"
             "cmp before t/aliases/team.tsv && echo unchanged; ls t/aliases");
  CHECK(r.out == "exit 65\nexit 65\nexit 64\nexit 64\nexit 64\nunchanged\nteam.tsv\n");
  CHECK(r.err.find("U+000A") != std::string::npos);
  CHECK(r.err.find("U+0009") != std::string::npos);
}

TEST_CASE("cli tables: writes keep a symlink, the file's mode, and need no TMPDIR", "[cli][tables]") {
  Run r = sh(std::string(kTeam) + "mv t/aliases/team.tsv real.tsv; ln -s ../../real.tsv t/aliases/team.tsv; chmod 640 real.tsv\n"
             "TMPDIR=/nonexistent \"$NN\" tables add X1 'Катя Хазина' --lang ru --tables t >/dev/null; echo \"exit $?\"\n"
             "test -L t/aliases/team.tsv && echo link; stat -c %a real.tsv; grep -c 'Катя' real.tsv; ls -a t/aliases . | grep -c '^\\.team'");
  CHECK(r.out == "exit 0\nlink\n640\n1\n0\n");
}

TEST_CASE("cli tables: invalid UTF-8 is a lint error with the full path, never rewritten", "[cli][tables]") {
  Run r = sh(std::string(kTeam) + "printf 'X1\\talias\\tKa\\377tya\\ten\\tx\\n' >> t/aliases/team.tsv; cp t/aliases/team.tsv before\n"
             "\"$NN\" tables lint t; echo \"exit $?\"; \"$NN\" tables fmt t; echo \"exit $?\"; cmp before t/aliases/team.tsv && echo unchanged");
  CHECK(r.out.find("/t/aliases/team.tsv:9: error: invalid UTF-8") != std::string::npos);
  CHECK(r.out.find("exit 1\n") != std::string::npos);
  CHECK(r.out.find("unchanged") != std::string::npos);
  CHECK(r.out.find("\xEF\xBF\xBD") == std::string::npos);
}

TEST_CASE("cli tables: a lone CR ends a line, so rows are never merged", "[cli][tables]") {
  Run r = sh("mkdir -p t/aliases; printf 'X1\\tperson\\tA B\\rX1\\tpreferred\\tAnna Berg\\ten\\tx\\rX1\\talias\\tAnna Bergova\\ten\\tx\\r' > t/aliases/cr.tsv\n"
             "\"$NN\" tables lint t; echo \"exit $?\"; printf 'Anna Bergova\\n' | \"$NN\" resolve --tables t | cut -c1-40");
  CHECK(r.out.find("exit 0") != std::string::npos);
  CHECK(r.out.find("\"id\":\"X1\"") != std::string::npos);
}

TEST_CASE("cli tables: suggest takes lines with no word at all", "[cli][tables]") {
  Run r = run("tables suggest", " \n...\n\xE2\x80\x8B\nKatya Khazina\n");
  CHECK(r.status == 0);
  CHECK(r.out.find("Katya Khazina") != std::string::npos);
}

TEST_CASE("cli tables: ten concurrent adds all land with --wait", "[cli][tables]") {
  Run r = sh(std::string(kTeam) + "for i in 0 1 2 3 4 5 6 7 8 9; do \"$NN\" tables add X1 \"Name$i Khazina\" --wait 60 --tables t >/dev/null & done; wait\n"
             "grep -c 'Name[0-9] Khazina' t/aliases/team.tsv; \"$NN\" tables fmt --check t; echo \"fmt $?\"");
  CHECK(r.out == "10\nfmt 0\n");
}
