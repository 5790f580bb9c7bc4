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

// A fresh directory for one run: DIR/in holds the input, DIR/work is the working directory.
inline fs::path run_dir() {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() / ("normname-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::create_directories(dir / "work");
  return dir;
}

// Runs `command > DIR/out 2> DIR/err` (in DIR/work) and collects what it wrote.
inline Run collect(const fs::path& dir, const std::string& command) {
  const std::string cmd = "cd '" + (dir / "work").string() + "' && " + command + " > '" + (dir / "out").string() + "' 2> '" +
                          (dir / "err").string() + "'";
  const int raw = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

// Runs `normname ARGS < input`. ARGS is a shell fragment written by the tests themselves.
inline Run run(const std::string& args, const std::string& input) {
  const fs::path dir = run_dir();
  std::ofstream(dir / "in", std::ios::binary) << input;
  return collect(dir, std::string("'") + NORMNAME_CLI + "' " + args + " < '" + (dir / "in").string() + "'");
}

inline std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

inline bool has_cyrillic(const std::string& s) {
  // Cyrillic block U+0400..U+04FF is D0..D3 lead bytes in UTF-8.
  for (unsigned char c : s) {
    if (c >= 0xD0 && c <= 0xD3) return true;
  }
  return false;
}

// Runs a shell script in a fresh temporary directory (its working directory), with $NN
// standing for the normname binary: for pipes, redirections and files.
inline Run sh(const std::string& script) {
  const fs::path dir = run_dir();
  std::ofstream(dir / "in", std::ios::binary) << script;
  return collect(dir, std::string("NN='") + NORMNAME_CLI + "' sh '" + (dir / "in").string() + "' < /dev/null");
}

}  // namespace cli_test

using namespace cli_test;
