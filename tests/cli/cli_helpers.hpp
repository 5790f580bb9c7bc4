#pragma once
// Running the built `normname` binary from the CLI tests.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace cli_test {

struct Run {
  int status = -1;
  std::string out, err;
  std::vector<std::string> lines() const {
    std::vector<std::string> v;
    std::istringstream in(out);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  }
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `normname ARGS < input`. ARGS is a shell fragment written by the tests themselves.
inline int& counter() {
  static int n = 0;
  return n;
}

inline Run run(const std::string& args, const std::string& input) {
  int counter = ++cli_test::counter();
  fs::path dir = fs::temp_directory_path() / ("normname-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter));
  fs::create_directories(dir);
  std::ofstream(dir / "in", std::ios::binary) << input;
  std::string cmd = std::string("'") + NORMNAME_CLI + "' " + args + " < '" + (dir / "in").string() + "' > '" +
                    (dir / "out").string() + "' 2> '" + (dir / "err").string() + "'";
  int raw = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

inline std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

inline bool has_cyrillic(const std::string& s) {
  // Cyrillic block U+0400..U+04FF is D0..D3 lead bytes in UTF-8.
  for (unsigned char c : s) {
    if (c >= 0xD0 && c <= 0xD3) return true;
  }
  return false;
}

// Runs a shell command in a fresh temporary directory (its working directory), with
// $NN standing for the normname binary. For pipes, redirections and files.
inline Run sh(const std::string& script) {
  int counter = ++cli_test::counter();
  fs::path dir = fs::temp_directory_path() / ("normname-sh-" + std::to_string(::getpid()) + "-" + std::to_string(counter));
  fs::create_directories(dir / "work");
  std::ofstream(dir / "script.sh", std::ios::binary) << script;
  std::string cmd = "cd '" + (dir / "work").string() + "' && NN='" + NORMNAME_CLI + "' sh '" + (dir / "script.sh").string() +
                    "' > '" + (dir / "out").string() + "' 2> '" + (dir / "err").string() + "' < /dev/null";
  int raw = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

}  // namespace cli_test

using namespace cli_test;
