#include "input.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>

#include "normname/error.hpp"

namespace normname::cli {

namespace {

// Bytes read per read(2): large for files, and read(2) returns early on a pipe or a
// terminal, so an interactive caller gets each answer as soon as its line is complete.
constexpr std::size_t kReadBytes = 1 << 16;

// One step of an RFC 4180 record that may span lines.
struct CsvState {
  std::vector<std::string> fields;
  std::string field;
  bool in_quotes = false;
  bool after_quote = false;   // a quoted field just closed: only a delimiter may follow
  bool field_started = false;
  bool malformed = false;     // text after a closing quote, or a quote left open

  // Feeds one physical line (without its line end). True when the record is complete;
  // with `close_at_end`, an open quoted field ends with the line.
  bool feed(std::string_view line, char delim, bool close_at_end) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (in_quotes) {
        if (c != '"') {
          field.push_back(c);
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field.push_back('"');  // "" inside quotes is one "
          ++i;
        } else {
          in_quotes = false;
          after_quote = true;
        }
        continue;
      }
      if (c == delim) {
        fields.push_back(std::move(field));
        field.clear();
        after_quote = field_started = false;
        continue;
      }
      if (c == '"' && !field_started) {
        in_quotes = field_started = true;
        continue;
      }
      if (after_quote) malformed = true;  // "a"b: kept as ab, as most readers do
      field.push_back(c);
      field_started = true;
    }
    if (in_quotes && !close_at_end) {
      field.push_back('\n');  // the line break is part of the quoted field
      return false;
    }
    if (in_quotes) {
      malformed = true;
      in_quotes = false;
      field.insert(0, 1, '"');  // the quote that never closed is a plain character
    }
    fields.push_back(std::move(field));
    field.clear();
    return true;
  }
};

}  // namespace

std::string Line::where() const {
  std::string w = "line " + std::to_string(number);
  return file ? *file + ": " + w : w;
}

void Warnings::print(std::ostream& err) const {
  auto say = [&](const Count& c, const std::string& what) {
    if (c.n) err << "normname: warning: " << c.n << " " << what << " (first: " << c.first << ")\n";
  };
  say(invalid, is_utf8_charset(charset) ? "line(s) had invalid UTF-8, replaced with U+FFFD"
                                        : "line(s) were not valid " + charset + " text, bad bytes replaced with U+FFFD");
  say(missing_field, "line(s) had no field " + std::to_string(field) + ", read as empty and padded");
  say(rejected, "line(s) rejected, output left empty");
  say(csv_quote, "CSV record(s) had text after a closing quote, kept as written");
  say(csv_unclosed, "CSV record(s) opened a quote that did not close within " + std::to_string(kMaxLinesPerRecord) +
                        " lines, read as a plain character");
  say(quoted_field, std::string("line(s) had a field in double quotes, split at every '") + delimiter +
                        "' all the same (for CSV, say --csv)");
  say(lone_cr, "line(s) held a carriage return not followed by a line feed, kept inside the line");
}

void Warnings::add(const Warnings& later) {
  for (auto [mine, theirs] : {std::pair{&invalid, &later.invalid}, {&missing_field, &later.missing_field},
                              {&rejected, &later.rejected}, {&csv_quote, &later.csv_quote},
                              {&csv_unclosed, &later.csv_unclosed}, {&lone_cr, &later.lone_cr},
                              {&quoted_field, &later.quoted_field}}) {
    mine->add(*theirs);
  }
}

struct RecordReader::Source {
  int fd = -1;
  bool own = false;
  const std::string* name = nullptr;
  std::optional<Decoder> decoder;
  bool started = false, eof = false;
  std::string pending;
  std::string head;  // the first bytes, until the byte order mark is decided
  std::size_t pos = 0;
  std::vector<std::size_t> bad;  // offsets in `pending` of U+FFFD written by the decoder
  std::size_t bad_pos = 0;
  std::size_t line_no = 0;

  ~Source() {
    if (own && fd >= 0) ::close(fd);
  }

  std::string label() const { return name ? *name : std::string("standard input"); }

  // Reads and decodes one more piece. False at the end of the file.
  bool fill() {
    if (eof) return false;
    if (pos > 0 && pos >= pending.size() / 2) {
      pending.erase(0, pos);
      std::size_t keep = bad_pos;
      for (std::size_t i = bad_pos; i < bad.size(); ++i) bad[i - keep] = bad[i] - pos;
      bad.resize(bad.size() - keep);
      bad_pos = 0;
      pos = 0;
    }
    char buf[kReadBytes];
    ssize_t n;
    do {
      n = ::read(fd, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw error(errc::io_error, "cannot read " + label() + ": " + std::strerror(errno));
    std::string_view chunk(buf, static_cast<std::size_t>(n));
    if (n == 0) eof = true;
    if (!started) {
      // A pipe may deliver the first bytes one at a time: decide on a byte order mark once
      // three bytes (or the whole input) are here.
      head.append(chunk);
      if (head.size() < 3 && !eof) return true;
      started = true;
      chunk = head;
      if (!decoder && (chunk.starts_with("\xFF\xFE") || chunk.starts_with("\xFE\xFF"))) {
        decoder.emplace("UTF-16");  // a UTF-16 byte order mark: the file says what it is
      } else if (!decoder && chunk.starts_with("\xEF\xBB\xBF")) {
        chunk.remove_prefix(3);  // a UTF-8 byte order mark is not part of the first name
      }
    }
    if (decoder) {
      decoder->decode(chunk, eof, pending, &bad);
    } else {
      pending.append(chunk);
    }
    return !eof || pos < pending.size();
  }
};

RecordReader::RecordReader(const InputOptions& opts, std::ostream& err) : opts_(opts), err_(err) {
  warnings_.field = opts.field;
  warnings_.delimiter = opts.delimiter;
  warnings_.charset = opts.encoding;
  names_ = opts.files;
  if (names_.empty()) names_.push_back("-");
}

RecordReader::~RecordReader() = default;

bool RecordReader::open_all() {
  for (const std::string& name : names_) {
    auto s = std::make_unique<Source>();
    if (name == "-") {
      s->fd = STDIN_FILENO;
    } else {
      s->fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
      if (s->fd < 0) {
        err_ << "normname: " << name << ": " << std::strerror(errno) << '\n';
        status_ = kExitNoInput;
        return false;
      }
      s->own = true;
      s->name = &name;
    }
    if (!is_utf8_charset(opts_.encoding)) s->decoder.emplace(opts_.encoding);
    sources_.push_back(std::move(s));
  }
  return true;
}

bool RecordReader::physical(Physical& out) {
  if (!replay_.empty()) {
    out = std::move(replay_.front());
    replay_.pop_front();
    return true;
  }
  while (current_ < sources_.size()) {
    Source& s = *sources_[current_];
    std::size_t nl = s.pending.find('\n', s.pos);
    while (nl == std::string::npos && !s.eof) {
      const std::size_t scanned = s.pending.size() - s.pos;
      s.fill();
      nl = s.pending.find('\n', s.pos + scanned);
    }
    if (nl == std::string::npos && s.pos >= s.pending.size()) {
      ++current_;  // this file is done; a file's last line needs no newline
      continue;
    }
    const std::size_t end = nl == std::string::npos ? s.pending.size() : nl;
    std::string_view text = std::string_view(s.pending).substr(s.pos, end - s.pos);
    out.number = ++s.line_no;
    out.file = s.name;
    out.invalid = false;
    while (s.bad_pos < s.bad.size() && s.bad[s.bad_pos] < end) {
      out.invalid = true;
      ++s.bad_pos;
    }
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);  // CRLF
    out.lone_cr = text.find('\r') != std::string_view::npos;
    if (!s.decoder && !is_valid_utf8(text)) {
      out.invalid = true;
      out.text = repair_utf8(text);
    } else {
      out.text.assign(text);
    }
    s.pos = nl == std::string::npos ? s.pending.size() : nl + 1;
    return true;
  }
  return false;
}

void RecordReader::split_tsv(Line& line) const {
  line.fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t d = line.raw.find(opts_.delimiter, start);
    line.fields.emplace_back(line.raw, start, d == std::string::npos ? std::string::npos : d - start);
    if (d == std::string::npos) break;
    start = d + 1;
  }
}

void RecordReader::split_line(Line& line, Warnings& warnings) const {
  if (!line.split || line.raw.empty()) return;
  split_tsv(line);
  // 1,"VUČIĆ, Aleksandar" with --delimiter , is CSV read as if it were not: say so.
  if (opts_.delimiter != '\t') {
    for (const auto& f : line.fields) {
      if (!f.empty() && f.front() == '"') {
        warnings.quoted_field.add(line);
        break;
      }
    }
  }
}

std::string RecordReader::invalid_message() const {
  if (is_utf8_charset(opts_.encoding)) return "invalid UTF-8";
  return "not valid " + opts_.encoding + " text (is --encoding right?)";
}

bool RecordReader::next_chunk(Chunk& chunk, std::size_t bytes) {
  chunk.text.clear();
  chunk.bad.clear();
  while (current_ < sources_.size()) {
    Source& s = *sources_[current_];
    // Offsets are kept from s.pos: fill() may move what is pending to the front.
    while (!s.eof && s.pending.size() - s.pos < bytes) s.fill();
    // The last line end in what is here; past a line longer than that, read on, looking
    // only at the bytes that came since (linear however long the line).
    std::size_t scanned = 0, end = std::string::npos;
    while (true) {
      const std::size_t have = s.pending.size() - s.pos;
      const char* base = s.pending.data() + s.pos;
      if (const void* nl = ::memrchr(base + scanned, '\n', have - scanned)) {
        end = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
        break;
      }
      scanned = have;
      if (s.eof) break;
      s.fill();
    }
    if (end == std::string::npos) end = s.pending.size() - s.pos;  // the file's last line has no line end
    if (end == 0) {
      ++current_;
      continue;
    }
    chunk.text.assign(s.pending, s.pos, end);
    chunk.decoded = s.decoder.has_value();
    const std::size_t stop = s.pos + end;
    while (s.bad_pos < s.bad.size() && s.bad[s.bad_pos] < stop) chunk.bad.push_back(s.bad[s.bad_pos++] - s.pos);
    chunk.file = s.name;
    chunk.first_line = s.line_no + 1;
    chunk.lines = static_cast<std::size_t>(std::count(chunk.text.begin(), chunk.text.end(), '\n'));
    if (chunk.text.back() != '\n') ++chunk.lines;
    s.line_no += chunk.lines;
    s.pos = stop;
    return true;
  }
  return false;
}

bool ChunkLines::next(Line& line, bool& invalid) {
  const std::string& text = chunk_.text;
  if (at_ >= text.size()) return false;
  const RecordReader& r = reader_;
  const void* nl = std::memchr(text.data() + at_, '\n', text.size() - at_);
  const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
  std::string_view view(text.data() + at_, end - at_);
  invalid = false;
  while (bad_ < chunk_.bad.size() && chunk_.bad[bad_] < end) {
    invalid = true;
    ++bad_;
  }
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);  // CRLF
  const bool lone_cr = view.find('\r') != std::string_view::npos;
  if (!chunk_.decoded && !is_valid_utf8(view)) {
    invalid = true;
    line.raw = repair_utf8(view);
  } else {
    line.raw.assign(view);
  }
  at_ = end + 1;
  line.number = chunk_.first_line + number_++;
  line.file = chunk_.file;
  line.field_missing = false;
  line.header = false;
  line.split = r.opts_.field > 0 || r.opts_.columns;
  line.selected = r.opts_.field > 0 ? r.opts_.field - 1 : 0;
  line.fields.clear();
  line.columns = r.opts_.header ? r.columns_ : nullptr;
  r.split_line(line, warnings_);
  if (invalid && !r.opts_.strict) warnings_.invalid.add(line);
  if (lone_cr) warnings_.lone_cr.add(line);
  if (line.split && !line.raw.empty() && line.selected >= line.fields.size() && r.opts_.field > 0) {
    line.field_missing = true;
    warnings_.missing_field.add(line);
  }
  return true;
}

bool RecordReader::next_record(Line& line) {
  Physical p;
  if (!physical(p)) return false;
  line.number = p.number;
  line.file = p.file;
  line.field_missing = false;
  line.header = false;
  line.split = opts_.field > 0 || opts_.columns || opts_.csv;
  line.selected = opts_.field > 0 ? opts_.field - 1 : 0;
  line.fields.clear();
  bool invalid = p.invalid, lone_cr = p.lone_cr;
  if (!opts_.csv) {
    line.raw = std::move(p.text);
    split_line(line, warnings_);
  } else {
    CsvState s;
    bool unclosed = false;
    std::vector<Physical> used;
    bool done = s.feed(p.text, opts_.delimiter, false);
    used.push_back(std::move(p));
    while (!done) {
      Physical q;
      if (used.size() >= kMaxLinesPerRecord || !physical(q)) {
        // The quote never closed: read the first line alone, its quote as a character,
        // and give the lines after it back to be read as records of their own.
        Line probe;
        probe.number = used.front().number;
        probe.file = line.file;
        warnings_.csv_unclosed.add(probe);
        unclosed = true;
        for (std::size_t i = used.size(); i-- > 1;) replay_.push_front(std::move(used[i]));
        used.resize(1);
        s = CsvState{};
        s.feed(used.front().text, opts_.delimiter, true);
        break;
      }
      done = s.feed(q.text, opts_.delimiter, false);
      used.push_back(std::move(q));
    }
    line.raw.clear();
    for (std::size_t i = 0; i < used.size(); ++i) {
      if (i) line.raw.push_back('\n');
      line.raw += used[i].text;
      invalid |= used[i].invalid;
      lone_cr |= used[i].lone_cr;
    }
    if (!line.raw.empty()) line.fields = std::move(s.fields);
    if (s.malformed && !unclosed) warnings_.csv_quote.add(line);
  }
  if (invalid) {
    if (opts_.strict) {
      err_ << "normname: " << line.where() << ": " << invalid_message() << "\n";
      status_ = kExitDataErr;
      return false;
    }
    warnings_.invalid.add(line);
  }
  if (lone_cr) warnings_.lone_cr.add(line);
  if (line.split && !line.raw.empty() && line.selected >= line.fields.size() && opts_.field > 0 &&
      !(opts_.header && !header_done_)) {
    line.field_missing = true;
    warnings_.missing_field.add(line);
  }
  return true;
}

bool RecordReader::next(Line& line) {
  if (!next_record(line)) return false;
  line.columns = opts_.header ? columns_ : nullptr;
  if (opts_.header && !header_done_) {
    header_done_ = true;
    *columns_ = line.split ? line.fields : std::vector<std::string>{line.raw};
    line.header = true;
  }
  return true;
}

std::string csv_field(std::string_view field, char delimiter) {
  if (field.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace normname::cli
