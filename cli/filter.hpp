#pragma once
// The line discipline every subcommand shares: one record in, one record out, same order.
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "normname/text.hpp"

namespace normname::cli {

/// Exit statuses (BSD sysexits where one fits).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 64;    // EX_USAGE
inline constexpr int kExitDataErr = 65;  // EX_DATAERR: --strict and a bad line
inline constexpr int kExitNoInput = 66;  // EX_NOINPUT: a --tables directory that is missing

struct InputOptions {
  Encoding encoding = Encoding::utf8;
  bool strict = false;        // stop at the first bad line instead of replacing
  std::size_t field = 0;      // 1-based column to read; 0 = the whole line
  char delimiter = '\t';
  bool line_buffered = false; // flush after every output line
};

/// One input line, decoded to valid UTF-8.
struct Line {
  std::size_t number = 0;    // 1-based
  std::string raw;           // the whole line (decoded), without its line ending
  std::size_t field_offset = 0;  // the selected field: raw.substr(field_offset, field_length)
  std::size_t field_length = 0;
  bool field_missing = false;

  /// The selected field of `raw` (or all of it). Kept as offsets, not a view, so that a
  /// Line can move (into a vector) without leaving a dangling view.
  std::string_view input() const { return std::string_view(raw).substr(field_offset, field_length); }
};

/// Thrown by a handler to reject one line: with --strict it ends the run (exit 65),
/// otherwise the line's output is empty and the message is counted as a warning.
struct LineError {
  std::string message;
};

/// Reads `in` line by line (LF or CRLF; a last line without newline counts), decodes and
/// checks each, calls `handle` and writes what it returns plus "\n" to `out`. Warnings go to
/// `err` at the end. Returns the exit status. Memory is bounded by the longest line.
int run_filter(std::istream& in, std::ostream& out, std::ostream& err, const InputOptions& opts,
               const std::function<std::string(const Line&)>& handle);

/// Reads every line first (for commands that need the whole input, like cluster), with the
/// same decoding and checks. Returns nullopt after printing the error when --strict fails.
std::optional<std::vector<Line>> read_all(std::istream& in, std::ostream& err, const InputOptions& opts,
                                          int& status);

/// The line with `result` appended as a new column when --field is used, else `result`.
std::string with_result(const Line& line, std::string_view result, const InputOptions& opts);

}  // namespace normname::cli
