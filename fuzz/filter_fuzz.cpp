// Fuzz target: the filter's reader (cli/input.cpp) on any bytes, as TSV or CSV, with any
// field, delimiter, header and charset the first byte picks. Checks: every record is valid
// UTF-8; in UTF-8 TSV there is exactly one record per input line; with CSV the records
// together hold every input line once, in order (none dropped, none merged into another's
// count); a written row never breaks a line outside CSV quotes.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <sstream>
#include <string>

#include "../cli/filter.hpp"
#include "common.hpp"

namespace {
const char* const kCharsets[] = {"utf-8", "utf-8", "koi8-r", "UTF-16", "cp866", "windows-1251", "gb18030", "iso-8859-5"};
const char kDelimiters[] = {'\t', ',', ';', '|'};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  const uint8_t pick = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  normname::cli::InputOptions opts;
  opts.csv = pick & 1;
  opts.header = pick & 2;
  opts.field = (pick >> 2) & 3;
  opts.delimiter = kDelimiters[(pick >> 4) & 3];
  opts.encoding = kCharsets[(pick >> 5) & 7];
  // The reader reads files by name: hand it the bytes as an in-memory file.
  const int fd = ::memfd_create("filter_fuzz", MFD_CLOEXEC);
  if (fd < 0) return 0;
  fuzz::check(::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()), "memfd write");
  opts.files = {"/proc/self/fd/" + std::to_string(fd)};
  std::ostringstream err;
  normname::cli::RecordReader reader(opts, err);
  fuzz::check(reader.open_all(), "cannot open the memfd");
  normname::cli::Line line;
  std::size_t records = 0, lines = 0;
  while (reader.next(line)) {
    ++records;
    fuzz::check(normname::is_valid_utf8(line.raw), "a record is not valid UTF-8");
    for (const auto& f : line.fields) fuzz::check(normname::is_valid_utf8(f), "a field is not valid UTF-8");
    lines += 1 + static_cast<std::size_t>(std::count(line.raw.begin(), line.raw.end(), '\n'));
    const std::string row = normname::cli::row_with(line, {"result"}, opts);
    fuzz::check(normname::is_valid_utf8(row), "a row is not valid UTF-8");
    if (!opts.csv) fuzz::check(row.find('\n') == std::string::npos, "a TSV row holds a line break");
  }
  ::close(fd);
  if (normname::is_utf8_charset(opts.encoding) && !bytes.starts_with("\xFF\xFE") && !bytes.starts_with("\xFE\xFF")) {
    std::string_view content = bytes;
    if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);  // the byte order mark is no line
    const std::size_t newlines = static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n'));
    const std::size_t expected = newlines + (content.empty() || content.back() == '\n' ? 0 : 1);
    if (!opts.csv) fuzz::check(records == expected, "TSV: not one record per line");
    fuzz::check(lines == expected, "the records do not hold every input line once");
  }
  return 0;
}
