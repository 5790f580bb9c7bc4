#pragma once
// Reading of the plain-text tables: one record per line, fields separated by TAB, '#' starts
// a comment line, blank lines are skipped. Errors name the table and the line.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace normname::detail {

struct TsvRow {
  std::size_t line = 0;                 // 1-based line number in the file
  std::vector<std::string_view> fields; // views into the file's content
};

/// Rows of a TSV table. Trailing "\r" is removed; a field "#..." at the end of a line is a
/// comment and dropped. `path` is used only for messages.
std::vector<TsvRow> read_tsv(std::string_view path, std::string_view content);

/// Throws error{errc::bad_table} with "tables/<path>:<line>: <message>".
/// The line of `content` that starts at `pos`, without its line end, and moves `pos` past
/// it. A line ends at LF, CRLF or a lone CR (old Mac files): a file is never read as one
/// record because its line ends are unusual.
std::string_view next_line(std::string_view content, std::size_t& pos) noexcept;

[[noreturn]] void table_error(std::string_view path, std::size_t line, std::string_view message);

/// A code point written "U+2019" in table `path` at `line`; throws (table_error) on anything
/// else or on a value past U+10FFFF.
char32_t parse_code_point(std::string_view path, std::size_t line, std::string_view field);

/// Header fields of a rule file: lines "# key: value" before the first non-comment line.
std::string header_field(std::string_view content, std::string_view key);

/// The words of a space-separated field (or match key), empty ones dropped.
std::vector<std::string> split_spaces(std::string_view s);

}  // namespace normname::detail
