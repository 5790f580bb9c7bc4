#include "filter.hpp"

#include <istream>
#include <ostream>
#include <vector>

namespace normname::cli {

namespace {

struct Warnings {
  std::size_t invalid_utf8 = 0, first_invalid = 0;
  std::size_t missing_field = 0, first_missing = 0;
  std::size_t rejected = 0;

  void print(std::ostream& err) const {
    if (invalid_utf8) {
      err << "normname: warning: " << invalid_utf8 << " line(s) had invalid UTF-8, replaced with U+FFFD (first: line "
          << first_invalid << ")\n";
    }
    if (missing_field) {
      err << "normname: warning: " << missing_field << " line(s) had no field to read, treated as empty (first: line "
          << first_missing << ")\n";
    }
    if (rejected) err << "normname: warning: " << rejected << " line(s) rejected, output left empty\n";
  }
};

// Decodes and checks one raw line. Returns false when --strict must stop.
bool prepare(std::string& text, std::size_t number, const InputOptions& opts, Warnings& w, std::ostream& err,
             Line& line) {
  if (!text.empty() && text.back() == '\r') text.pop_back();
  line.number = number;
  line.raw = decode(text, opts.encoding);
  if (!is_valid_utf8(line.raw)) {
    if (opts.strict) {
      err << "normname: line " << number << ": invalid UTF-8\n";
      return false;
    }
    if (!w.invalid_utf8) w.first_invalid = number;
    ++w.invalid_utf8;
    line.raw = repair_utf8(line.raw);
  }
  line.field_offset = 0;
  line.field_length = line.raw.size();
  line.field_missing = false;
  if (opts.field > 0) {
    std::size_t start = 0;
    for (std::size_t i = 1; i < opts.field; ++i) {
      std::size_t d = line.raw.find(opts.delimiter, start);
      if (d == std::string::npos) {
        start = std::string::npos;
        break;
      }
      start = d + 1;
    }
    if (start == std::string::npos || start > line.raw.size()) {
      line.field_offset = line.field_length = 0;
      line.field_missing = !line.raw.empty();
      if (line.field_missing) {
        if (!w.missing_field) w.first_missing = number;
        ++w.missing_field;
      }
    } else {
      std::size_t end = line.raw.find(opts.delimiter, start);
      line.field_offset = start;
      line.field_length = (end == std::string::npos ? line.raw.size() : end) - start;
    }
  }
  return true;
}

}  // namespace

std::string with_result(const Line& line, std::string_view result, const InputOptions& opts) {
  if (opts.field == 0) return std::string(result);
  if (line.raw.empty()) return std::string();
  std::string out = line.raw;
  out.push_back(opts.delimiter);
  out.append(result);
  return out;
}

int run_filter(std::istream& in, std::ostream& out, std::ostream& err, const InputOptions& opts,
               const std::function<std::string(const Line&)>& handle) {
  Warnings w;
  std::string text;
  Line line;
  std::size_t number = 0;
  int status = kExitOk;
  while (std::getline(in, text)) {
    ++number;
    if (!prepare(text, number, opts, w, err, line)) {
      status = kExitDataErr;
      break;
    }
    try {
      out << handle(line) << '\n';
    } catch (const LineError& e) {
      err << "normname: line " << number << ": " << e.message << "\n";
      if (opts.strict) {
        status = kExitDataErr;
        break;
      }
      ++w.rejected;
      out << '\n';
    }
    if (opts.line_buffered) out.flush();
  }
  out.flush();
  w.print(err);
  return status;
}

std::optional<std::vector<Line>> read_all(std::istream& in, std::ostream& err, const InputOptions& opts,
                                          int& status) {
  Warnings w;
  std::vector<Line> lines;
  std::string text;
  std::size_t number = 0;
  while (std::getline(in, text)) {
    Line line;
    if (!prepare(text, ++number, opts, w, err, line)) {
      status = kExitDataErr;
      return std::nullopt;
    }
    lines.push_back(std::move(line));
  }
  w.print(err);
  status = kExitOk;
  return lines;
}

}  // namespace normname::cli
