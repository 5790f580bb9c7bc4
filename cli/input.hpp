#pragma once
// Reading the filter's input: files or standard input, in any charset, as TSV lines or
// RFC 4180 CSV records, each checked and numbered.
#include <cstddef>
#include <deque>
#include <fstream>
#include <iosfwd>
#include <memory>
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
inline constexpr int kExitNoInput = 66;  // EX_NOINPUT: an input file or --tables directory that is missing
inline constexpr int kExitIoErr = 74;    // EX_IOERR: the output could not be written

/// A CSV field in quotes may hold line breaks, but not this many: past it the opening quote
/// is read as a plain character, so that one stray quote cannot swallow the rest of a file.
inline constexpr std::size_t kMaxLinesPerRecord = 64;

/// Progress on stderr (cli/filter.hpp, Progress): automatic, --progress, or never (tests).
enum class ProgressMode { automatic, on, off };

struct InputOptions {
  std::string encoding = "utf-8";  // any charset ICU knows (normname --encoding list)
  bool strict = false;        // stop at the first bad line instead of replacing
  std::size_t field = 0;      // 1-based column to read; 0 = the whole line
  char delimiter = '\t';     // main: TAB, or ',' with --csv, unless --delimiter says
  bool csv = false;           // RFC 4180: quotes, "" escapes, delimiters and line breaks in quotes
  bool header = false;        // the first record names the columns
  bool line_buffered = false; // flush after every output line
  bool columns = false;       // split into columns even without --field (match reads two)
  std::size_t jobs = 1;       // --jobs: threads handling lines, in batches, output in input order
  ProgressMode progress = ProgressMode::automatic;  // --progress: always
  std::vector<std::string> files;  // empty: standard input; "-" is standard input too
};

/// One input record (a line; with --csv, a record that may span lines), valid UTF-8.
struct Line {
  std::size_t number = 0;           // its first line, 1-based, in its file
  const std::string* file = nullptr;  // the file's name; nullptr for standard input
  std::string raw;                  // the whole record (decoded), without its line ending
  std::vector<std::string> fields;  // its columns, when columns are read
  std::size_t selected = 0;         // 0-based column read as the name (with columns)
  bool split = false;               // fields holds the columns
  bool field_missing = false;       // fewer columns than --field asks for
  bool header = false;              // the --header record: column names, not a name
  std::shared_ptr<const std::vector<std::string>> columns;  // the --header names, when given

  bool blank() const { return raw.empty(); }
  /// The name: the selected column, or the whole line.
  std::string_view input() const {
    if (!split) return raw;
    return selected < fields.size() ? std::string_view(fields[selected]) : std::string_view();
  }
  /// "line 3" or "names.csv: line 3", for messages.
  std::string where() const;
};

/// Thrown by a handler to reject one line: with --strict it ends the run (exit 65),
/// otherwise the line's output is empty and the message is counted as a warning.
struct LineError {
  std::string message;
};

/// Counted problems, reported once at the end (first line named) so a long run's stderr
/// stays readable.
struct Warnings {
  struct Count {
    std::size_t n = 0;
    std::string first;
    void add(const Line& l) {
      if (!n++) first = l.where();
    }
    void add(const Count& later) {
      if (!n && later.n) first = later.first;
      n += later.n;
    }
  };
  Count invalid, missing_field, rejected, csv_quote, csv_unclosed, lone_cr, quoted_field;
  std::string charset = "UTF-8";
  std::size_t field = 0;
  char delimiter = '\t';
  void print(std::ostream& err) const;
  /// Adds the counts of lines read after these.
  void add(const Warnings& later);
};

/// A block of whole lines of one input, read by one thread (RecordReader::next_chunk) and
/// cut into records by another (ChunkLines): how the filter reads in parallel. Not for CSV,
/// whose records may span lines.
struct Chunk {
  std::string text;              // whole lines, each ended by '\n' but perhaps an input's last
  std::vector<std::size_t> bad;  // offsets in text of each U+FFFD the decoder wrote
  bool decoded = false;          // from a decoder (bad marks its errors), else raw UTF-8 bytes
  std::size_t first_line = 0;    // the number of its first line in its file, 1-based
  std::size_t lines = 0;
  const std::string* file = nullptr;
};

/// Reads records from the files of InputOptions in turn (standard input when none).
class RecordReader {
 public:
  RecordReader(const InputOptions& opts, std::ostream& err);
  ~RecordReader();

  /// Opens every input before anything is read, so that a mistyped name fails the run
  /// before output begins. False (message printed) when one cannot be opened.
  bool open_all();

  /// The next record; false at the end of the input or (with --strict) at a bad line, then
  /// status() says which.
  bool next(Line& line);

  /// The next block of whole lines of about `bytes` (more when one line is longer), after
  /// the records next() read; false at the end of the input. Not with --csv.
  bool next_chunk(Chunk& chunk, std::size_t bytes);

  /// What --strict says of a line that is not valid text in the input's charset.
  std::string invalid_message() const;

  /// With --header: the column names (the first record's fields), else empty.
  const std::vector<std::string>& columns() const { return *columns_; }
  int status() const { return status_; }
  Warnings& warnings() { return warnings_; }

 private:
  struct Physical {
    std::string text;
    std::size_t number = 0;
    bool invalid = false;
    bool lone_cr = false;
    const std::string* file = nullptr;
  };
  struct Source;
  friend class ChunkLines;
  bool physical(Physical& out);  // next line of the current file, decoded
  bool next_record(Line& line);
  void split_tsv(Line& line) const;
  // Columns and the warnings about them, for a line whose raw text is read (not CSV).
  void split_line(Line& line, Warnings& warnings) const;

  const InputOptions& opts_;
  std::ostream& err_;
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<Source>> sources_;
  std::size_t current_ = 0;
  std::deque<Physical> replay_;  // lines read ahead for a CSV record that did not close
  std::shared_ptr<std::vector<std::string>> columns_ = std::make_shared<std::vector<std::string>>();
  bool header_done_ = false;
  int status_ = kExitOk;
  Warnings warnings_;
};

/// The records of a Chunk, read with the same checks, numbering and warnings as
/// RecordReader::next (the header record is never in a chunk). Safe to use on several
/// chunks in several threads at once, each with its own ChunkLines and Warnings.
class ChunkLines {
 public:
  ChunkLines(const RecordReader& reader, const Chunk& chunk, Warnings& warnings)
      : reader_(reader), chunk_(chunk), warnings_(warnings) {}
  /// The next record into `line` (its buffers reused); false after the last. `invalid`:
  /// the line was not valid text (already counted as a warning unless --strict).
  bool next(Line& line, bool& invalid);

 private:
  const RecordReader& reader_;
  const Chunk& chunk_;
  Warnings& warnings_;
  std::size_t at_ = 0, bad_ = 0, number_ = 0;
};

/// One field written as CSV: in quotes (with "" for ") when it holds the delimiter, a
/// quote or a line break; as it is otherwise.
std::string csv_field(std::string_view field, char delimiter);

}  // namespace normname::cli
