#pragma once
// The line discipline every subcommand shares: one record in, one record out, same order.
#include <unistd.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "input.hpp"

namespace normname::cli {

// ordered_json keeps keys in the documented order ({"input", "id", "score", "alias"}).
using json = nlohmann::ordered_json;

/// How a subcommand's results are laid out: the names of its result columns (for --header
/// and docs) and whether it writes JSON Lines.
struct Shape {
  std::vector<std::string> columns;
  bool jsonl = false;
};

/// Progress on stderr for a long run (docs/cli.md): lines and megabytes read, lines per
/// second, on one line rewritten in place and cleared at the end. Automatic: only when
/// stderr is a terminal and kProgressAfterBytes have been read; --progress: always.
inline constexpr std::size_t kProgressAfterBytes = std::size_t{4} << 20;
inline constexpr std::chrono::milliseconds kProgressEvery{500};
class Progress {
 public:
  Progress(const InputOptions& opts, std::ostream& err);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void add(std::size_t lines, std::size_t bytes);
  /// A stage after reading ("clustering 100000 names"), shown when progress is.
  void note(std::string_view message);

 private:
  bool visible() const;
  void show(std::string_view suffix);
  std::ostream& err_;
  ProgressMode mode_;
  bool terminal_ = &err_ == &std::cerr && isatty(STDERR_FILENO);
  bool shown_ = false;
  std::size_t lines_ = 0, bytes_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

/// --jobs when not given: the CPUs this process may run on, at most kMaxDefaultJobs (past
/// that, reading and writing on one thread are the limit and more threads only cost memory).
inline constexpr std::size_t kMaxDefaultJobs = 8;
std::size_t default_jobs();

/// Reads every record (InputOptions: files, charset, TSV or CSV), calls `handle` and writes
/// what it returns plus "\n" to `out`; the --header record is written as the header with
/// the result columns appended. Stops when `out` fails (main reports it). Warnings go to
/// `err` at the end. Returns the exit status.
int run_filter(const InputOptions& opts, std::ostream& out, std::ostream& err, const Shape& shape,
               const std::function<std::string(const Line&)>& handle);

/// Reads every record first (for commands that need the whole input, like cluster), with
/// the same decoding and checks; the header record, if any, is the first. Returns nullopt
/// after printing the error when an input cannot be read or --strict fails.
std::optional<std::vector<Line>> read_all(const InputOptions& opts, std::ostream& err, int& status);

/// The row written for `line`: its columns (padded with empty ones up to --field and to the
/// header's width, so every row has as many), then `results`; without columns, the line then
/// `results`. TSV or CSV as read. A blank line stays blank.
std::string row_with(const Line& line, const std::vector<std::string>& results, const InputOptions& opts);

/// Only `results`, TAB-separated (text format without columns).
std::string joined(const std::vector<std::string>& results);

/// The input row for JSON: an array of its columns, or with --header an object keyed by
/// the column names. Null when the line has no columns.
json row_json(const Line& line);

}  // namespace normname::cli
