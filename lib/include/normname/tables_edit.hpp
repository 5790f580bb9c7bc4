#pragma once
// Maintenance of alias tables (normname tables ...): lint, canonical format, safe writes.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "normname/tables.hpp"

namespace normname {

struct Diagnostic {
  enum class Severity { error, warning };
  std::string file;  ///< table path as given ("aliases/people.tsv" or a file system path)
  std::size_t line = 0;
  Severity severity = Severity::error;
  std::string message;
};

[[nodiscard]] std::string_view to_string(Diagnostic::Severity s) noexcept;  // "error", "warning"

/// Lints every alias table (aliases/*.tsv) of `tables`: malformed or empty fields,
/// unknown kinds, text not in NFC, duplicate rows, the same name under two IDs (also across
/// scripts: Vucic and Вучић), mixed scripts in one word (ICU SpoofChecker), aliases of IDs
/// that are not defined, entities with no preferred name, merged IDs still in use, merge
/// cycles. Sorted by file and line.
[[nodiscard]] std::vector<Diagnostic> lint_aliases(const Tables& tables);

/// One row of an alias table.
struct AliasRecord {
  std::string id, kind, value, lang, source, note;
  std::string file;  ///< table path ("aliases/team.tsv")
  std::size_t line = 0;
};

/// Every row of every alias table of `tables`, in file and line order. Rows that do not
/// parse are left out (lint reports them).
[[nodiscard]] std::vector<AliasRecord> read_aliases(const Tables& tables);

/// Rewrites the rows of one table, line by line: `edit` gets each row's fields and returns
/// the new line, or std::nullopt to keep the line as it is (byte for byte). Comment and
/// blank lines are kept. Returns the new content.
[[nodiscard]] std::string edit_rows(std::string_view content,
                                    const std::function<std::optional<std::string>(const std::vector<std::string>&)>& edit);

/// The canonical form of an alias table: the leading comment block first; then each
/// entity's rows together, in order of ID, the entity row first, then preferred, alias,
/// former, misspelling, each kind by name; merge records last. Fields are NFC and trimmed;
/// a comment line stays with the row that follows it. Idempotent.
[[nodiscard]] std::string format_aliases(std::string_view content);

class Context;

/// The compiled index of one alias table (`normname tables compile`): every name of
/// `table_path` ("aliases/team.tsv") already normalized, romanized, parsed and blocked, in
/// the binary format of docs/tables.md ("The compiled index"), which resolve maps into
/// memory. Stored as index/<name>.nnx next to the table; used only while its recorded
/// fingerprints match the table and the name tables, otherwise ignored and rebuilt from the
/// text. Throws error{errc::io_error} when there is no such table.
[[nodiscard]] std::string compile_index(const Context& ctx, std::string_view table_path);
/// Whether `ctx` reads the alias table at `table_path` from its compiled index (current and
/// well-formed), rather than from its text.
[[nodiscard]] bool uses_compiled_index(const Context& ctx, std::string_view table_path);
/// Whether that compiled index also holds current runner-ups: each alias's runner-up depends
/// on the other alias tables and the thresholds, and after they change it is found again
/// when a name first needs it (slower), until the table is compiled again.
[[nodiscard]] bool compiled_runner_ups_current(const Context& ctx, std::string_view table_path);

/// A table's new content written beside it, on disk, but not yet in its place: the first
/// half of an atomic replace, so that what lint checks is exactly what will be renamed into
/// place. The file is unnamed (O_TMPFILE) until commit(), so a crash or a kill leaves nothing
/// behind; every write, the flush and the read-back are checked. A symlinked table is
/// written through to the file it points to. The replacement keeps the old file's mode and
/// owner; a new file gets 0666 less the umask, as open() would.
class StagedFile {
 public:
  /// Throws error{errc::io_error} naming the file and the errno text.
  StagedFile(const std::filesystem::path& target, std::string_view content);
  ~StagedFile();
  StagedFile(StagedFile&& other) noexcept;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  StagedFile& operator=(StagedFile&&) = delete;

  /// What is on disk, read back: the bytes commit() will put in place.
  [[nodiscard]] const std::string& content() const noexcept { return content_; }
  /// The file it will replace (a symlink's target when the table is a symlink).
  [[nodiscard]] const std::filesystem::path& target() const noexcept { return target_; }

  /// Renames the staged file over the target and flushes the directory. Throws io_error.
  void commit();

 private:
  std::filesystem::path target_;
  std::string content_;
  int fd_ = -1;
  std::string temp_;  // the temporary name when O_TMPFILE is not available
};

/// Writes `content` to `path` so that a crash leaves the old file or the new one
/// (StagedFile, then commit()).
void write_atomically(const std::filesystem::path& path, std::string_view content);

/// An exclusive advisory lock (flock) on a tables directory, held for the object's
/// lifetime, so that two writers of its tables take turns. `path` is the directory, or a
/// file in it (then its directory is locked). The lock is on the directory itself: no lock
/// file is created or left behind. Throws error{errc::io_error} if it cannot be taken
/// within `timeout_ms`, or at all.
class TableLock {
 public:
  explicit TableLock(const std::filesystem::path& path, int timeout_ms = 10000);
  ~TableLock();
  TableLock(const TableLock&) = delete;
  TableLock& operator=(const TableLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace normname
