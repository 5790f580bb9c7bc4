#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "helpers.hpp"

using namespace normname;
namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("normname-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& content) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << content;
  }
};
}  // namespace

TEST_CASE("built-in tables are embedded and carry a digest", "[tables]") {
  Tables t = Tables::builtin();
  CHECK(t.find("translit/ru-latn-bgn.txt") != nullptr);
  CHECK(t.find("aliases/people.tsv") != nullptr);
  CHECK(t.origin("aliases/people.tsv") == "built-in");
  CHECK(Tables::builtin_digest().size() == 64);
}

TEST_CASE("a user's directory layers over the built-in tables", "[tables]") {
  TempDir dir;
  dir.write("aliases/local.tsv",
            "# test aliases\nXNikitinPyotr\tperson\tPyotr Nikitin\n"
            "XNikitinPyotr\tpreferred\tPyotr Nikitin\ten\tpress\nXNikitinPyotr\talias\tПётр Никитин\tru\tpress\n");
  Context c(Tables::layered({dir.path}));
  CHECK(c.resolve("Пётр Никитин").id == std::optional<std::string>("XNikitinPyotr"));
  CHECK(c.resolve("Beograd").id == std::optional<std::string>("Q3711"));  // built-ins still there
  CHECK(test::ctx().resolve("Пётр Никитин").id == std::nullopt);          // and nothing leaked
}

TEST_CASE("a bad table line is an error naming file and line", "[tables]") {
  TempDir dir;
  dir.write("aliases/bad.tsv", "# header\nX1\tperson\tSomeone\nX1\tnickname\tSomebody\ten\tx\n");
  try {
    Context c(Tables::layered({dir.path}));
    FAIL("expected a table error");
  } catch (const normname::error& e) {
    CHECK(e.code() == errc::bad_table);
    CHECK(std::string(e.what()).find("aliases/bad.tsv:3:") != std::string::npos);
  }
}

TEST_CASE("a rule file ICU cannot compile is reported with its path", "[tables]") {
  TempDir dir;
  dir.write("translit/broken.txt", "# description: broken\n# standard: none\na > ;; [ > b ;\n");
  Context c(Tables::layered({dir.path}));
  CHECK_THROWS_MATCHES(c.transliterate("a", "broken"), normname::error,
                       Catch::Predicate<normname::error>([](const auto& e) {
                         return e.code() == errc::bad_rules && std::string(e.what()).find("broken.txt") != std::string::npos;
                       }));
}

TEST_CASE("a missing tables directory is an io_error", "[tables]") {
  CHECK_THROWS_MATCHES(Tables::layered({"/nonexistent/normname-tables"}), normname::error,
                       Catch::Predicate<normname::error>([](const auto& e) { return e.code() == errc::io_error; }));
}

TEST_CASE("a scheme whose rules look across a space is not read word by word; contexts keep their own words", "[tables][translit]") {
  TempDir dir;
  // b after "a " is X: a rule that sees the word before. c at the text's start is Y.
  dir.write("translit/across.txt", "# description: across\n# standard: none\na \\u0020 { b > X ;\n^ c > Y ;\n");
  // The same ID with other rules in another context: neither may see the other's words.
  dir.write("translit/latn-ascii.txt", "# description: mine\n# standard: none\n# replaces: builtin\nq > Z ;\n");
  Context c(Tables::layered({dir.path}));
  NormalizeOptions opts;
  opts.squash_whitespace = false;
  for (int pass = 0; pass < 2; ++pass) {
    CHECK(c.transliterate("a b b", "across", opts) == "a X b");
    CHECK(c.transliterate("c c", "across", opts) == "Y c");
    CHECK(c.transliterate("q Đorđe", "latn-ascii", opts) == "Z đorđe");
    CHECK(test::ctx().transliterate("q Đorđe", "latn-ascii", opts) == "q djordje");
  }
}
