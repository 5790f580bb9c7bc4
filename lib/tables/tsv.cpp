#include "tables/tsv.hpp"

#include <cstdlib>

#include "normname/error.hpp"
#include "normname/text.hpp"

namespace normname::detail {

std::string_view next_line(std::string_view content, std::size_t& pos) noexcept {
  const std::size_t start = pos;
  const std::size_t end = content.find_first_of("\r\n", start);
  if (end == std::string_view::npos) {
    pos = content.size();
    return content.substr(start);
  }
  pos = end + 1;
  if (content[end] == '\r' && pos < content.size() && content[pos] == '\n') ++pos;  // CRLF
  return content.substr(start, end - start);
}

void table_error(std::string_view path, std::size_t line, std::string_view message) {
  throw error(errc::bad_table,
              std::string(path) + ":" + std::to_string(line) + ": " + std::string(message));
}

std::vector<TsvRow> read_tsv(std::string_view path, std::string_view content) {
  std::vector<TsvRow> rows;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::string_view line = next_line(content, pos);
    ++line_no;
    // Tables come from other people: a byte that is not UTF-8 is an error, never a U+FFFD.
    if (!is_valid_utf8(line)) table_error(path, line_no, "invalid UTF-8");
    if (line.empty() || line.front() == '#') continue;
    TsvRow row;
    row.line = line_no;
    std::size_t start = 0;
    while (true) {
      std::size_t tab = line.find('\t', start);
      std::string_view field = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
      // A trailing "# ..." field is an inline comment, kept in the file for reviewers.
      if (!field.empty() && field.front() == '#') break;
      row.fields.push_back(field);
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

char32_t parse_code_point(std::string_view path, std::size_t line, std::string_view field) {
  const std::string hex(field.size() > 2 ? field.substr(2) : std::string_view());
  char* end = nullptr;
  const unsigned long v = std::strtoul(hex.c_str(), &end, 16);
  if (field.substr(0, 2) != "U+" || hex.empty() || *end != '\0' || v > 0x10FFFF) {
    table_error(path, line, "expected a code point like U+2019, got '" + std::string(field) + "'");
  }
  return static_cast<char32_t>(v);
}

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t sp = s.find(' ', pos);
    if (sp == std::string_view::npos) sp = s.size();
    if (sp > pos) out.emplace_back(s.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return out;
}

std::string header_field(std::string_view content, std::string_view key) {
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    if (line.front() != '#') break;
    line.remove_prefix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
      std::string_view value = line.substr(key.size() + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
      return std::string(value);
    }
  }
  return {};
}

}  // namespace normname::detail
