#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "helpers.hpp"

using namespace normname;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("normname-edit-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(p);
  fs::create_directories(p / "aliases");
  return p;
}
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
std::vector<std::string> messages(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& d : lint_aliases(Tables::layered({dir}))) {
    if (d.file.find(dir.string()) == 0) {
      out.push_back(std::to_string(d.line) + " " + std::string(to_string(d.severity)) + " " + d.message);
    }
  }
  return out;
}
bool any_contains(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& s : v) {
    if (s.find(needle) != std::string::npos) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("lint finds what the issue names, with line numbers", "[tables][lint]") {
  fs::path dir = scratch("lint");
  std::ofstream(dir / "aliases" / "t.tsv")
      << "# test table\n"                                  // 1
      << "X1\tperson\tTest Person\n"                       // 2
      << "X1\tpreferred\tTest Person\ten\tx\n"             // 3
      << "X1\talias\tVucic\ten\tx\n"                       // 4
      << "X2\tperson\tOther\n"                             // 5
      << "X2\talias\tВучић\tsr-Cyrl\tx\n"                  // 6  same name as line 4 across scripts
      << "X2\talias\tVu\xD1\x87i\xC4\x87\ten\tx\n"         // 7  Cyrillic ч inside a Latin word
      << "X3\talias\tNobody\ten\tx\n"                      // 8  X3 not defined
      << "X1\tnickname\tTP\ten\tx\n"                       // 9  unknown kind
      << "X1\talias\tTest Person\ten\tx\n"                 // 10
      << "X1\talias\tTest Person\ten\tx\n"                 // 11 duplicate
      << "X4\tmerged\tX1\n"                                // 12
      << "X4\talias\tOld Name\ten\tx\n"                    // 13 merged ID still in use
      << "X1\talias\tVuc\xCC\x8Ci\xC4\x87\ten\tx\n";       // 14 NFD: not NFC
  auto m = messages(dir);
  CHECK(any_contains(m, "6 warning the same name (key 'vucic') stands under several IDs: X1, X2"));
  CHECK(any_contains(m, "7 error 'Vuчić' mixes scripts"));
  CHECK(any_contains(m, "8 error names of X3, which no entity row defines"));
  CHECK(any_contains(m, "9 error unknown kind 'nickname'"));
  CHECK(any_contains(m, "11 warning duplicate row"));
  CHECK(any_contains(m, "13 error X4 was merged into X1 but still has names"));
  CHECK(any_contains(m, "14 error text is not in NFC"));
  CHECK(any_contains(m, "5 warning entity X2 has no preferred name"));
  CHECK(lint_aliases(Tables::builtin()).empty());  // the built-in tables are clean
}

TEST_CASE("fmt: canonical order, comments kept with their rows, idempotent", "[tables][fmt]") {
  const std::string messy =
      "# header comment\n"
      "\n"
      "X2\talias\tZeta\ten\tx\n"
      "# why Beta is here\n"
      "X1\talias\tBeta\ten\tx  \n"
      "X1\tperson\tOne\n"
      "X9\tmerged\tX1\n"
      "X1\tpreferred\tAlpha\ten\tx\n"
      "X2\tperson\tTwo\n";
  const std::string once = format_aliases(messy);
  CHECK(once ==
        "# header comment\n"
        "\n"
        "X1\tperson\tOne\n"
        "X1\tpreferred\tAlpha\ten\tx\n"
        "# why Beta is here\n"
        "X1\talias\tBeta\ten\tx\n"
        "\n"
        "X2\tperson\tTwo\n"
        "X2\talias\tZeta\ten\tx\n"
        "X9\tmerged\tX1\n");
  CHECK(format_aliases(once) == once);
  CHECK(format_aliases("X1\talias\tVuc\xCC\x8Ci\xC4\x87\ten\tx\n") == "X1\talias\tVu\xC4\x8Di\xC4\x87\ten\tx\n");  // NFC
}

TEST_CASE("write_atomically replaces the file whole, even when the writer is killed", "[tables][atomic]") {
  fs::path dir = scratch("atomic");
  fs::path file = dir / "aliases" / "t.tsv";
  const std::string old_content = "X1\tperson\tOld\n";
  std::ofstream(file) << old_content;
  // A large new content, so that the kill lands while it is being written.
  std::string new_content;
  for (int i = 0; i < 400000; ++i) new_content += "X1\talias\tName " + std::to_string(i) + "\ten\tx\n";
  for (int delay_us : {0, 2000, 20000}) {
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      write_atomically(file, new_content);
      _exit(0);
    }
    usleep(static_cast<useconds_t>(delay_us));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    const std::string now = slurp(file);
    INFO("killed after " << delay_us << " us");
    CHECK((now == old_content || now == new_content));
    std::ofstream(file, std::ios::trunc) << old_content;
  }
  write_atomically(file, new_content);
  CHECK(slurp(file) == new_content);
  fs::remove_all(dir);
}

TEST_CASE("TableLock makes a second writer wait, and time out", "[tables][lock]") {
  fs::path dir = scratch("lock");
  fs::path file = dir / "aliases" / "t.tsv";
  std::ofstream(file) << "";
  {
    TableLock held(file);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      try {
        TableLock second(file, 200);
        _exit(0);  // got the lock: wrong
      } catch (const normname::error&) {
        _exit(3);  // timed out: right
      }
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WEXITSTATUS(status) == 3);
  }
  TableLock again(file, 200);  // released: free again
  fs::remove_all(dir);
}

TEST_CASE("format_aliases is idempotent when a comment sits right above the first row", "[tables][fmt]") {
  // Found by fuzz/tables_fuzz: read again, the comment became a header and gained a blank line.
  const std::string table = "X2\tperson\tB\n# about X1\nX1\tperson\tA\n# end\n";
  const std::string once = format_aliases(table);
  CHECK(format_aliases(once) == once);
  CHECK(once == "# about X1\nX1\tperson\tA\n\nX2\tperson\tB\n# end\n");
  const std::string with_header = "# header\n\n# about X1\nX1\tperson\tA\n";
  CHECK(format_aliases(with_header) == with_header);
  CHECK(format_aliases(format_aliases("# header\nX1\talias\tA\ten\n")) == format_aliases("# header\nX1\talias\tA\ten\n"));
}
