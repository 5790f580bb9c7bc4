#pragma once
// The data every stage reads: the built-in tables embedded at build time, optionally with a
// user's own table directories layered on top.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace normname {

namespace detail {
struct TableFiles;
}

/// How a directory's files combine with the tables below them (`Tables::layered`).
struct LayerOptions {
  /// A file at the path of a table below it replaces that table. Off by default: an alias
  /// table (aliases/*.tsv, with its index/) is then added beside the one of the same name,
  /// and any other table at a taken path is an error. A file whose header has the line
  /// `# replaces: builtin` replaces what is below it whatever this says.
  bool replace_builtin = false;
};

/// An immutable set of table files keyed by their path under tables/ ("translit/sr-latn.txt").
/// Cheap to copy (shared), safe to share across threads.
class Tables {
 public:
  /// The tables compiled into the library.
  [[nodiscard]] static Tables builtin();

  /// The built-in tables, then each directory in order. A new path is added. At a path a
  /// table below already has (aliases/people.tsv): see LayerOptions; an alias table that is
  /// added beside its namesake is kept as aliases/people@N.tsv (N: the directory's place in
  /// `dirs`, from 1). Only *.txt and *.tsv files are read. Throws error{errc::io_error} when
  /// a directory cannot be read, error{errc::bad_table} for a table that would silently
  /// replace another.
  [[nodiscard]] static Tables layered(const std::vector<std::filesystem::path>& dirs, const LayerOptions& opts = {});

  /// SHA-256 over the built-in tables (path and content), as printed by `normname --version`.
  [[nodiscard]] static std::string_view builtin_digest() noexcept;

  /// The same tables without the files whose path starts with `prefix` ("aliases/").
  [[nodiscard]] Tables without(std::string_view prefix) const;

  /// The same tables with the file at `path` set to `content` (added or replaced), said to
  /// come from `origin`: a proposed edit, checked before it is written.
  [[nodiscard]] Tables with_file(std::string_view path, std::string content, std::string origin) const;

  /// Paths of all files, sorted.
  [[nodiscard]] std::vector<std::string> paths() const;
  /// Content of a file, or nullptr when there is none at that path.
  [[nodiscard]] const std::string* find(std::string_view path) const;
  /// Where a file came from: "built-in" or the file system path it was read from.
  [[nodiscard]] std::string origin(std::string_view path) const;
  /// Where the table this file replaced came from ("built-in", a path), or empty.
  [[nodiscard]] std::string replaced(std::string_view path) const;

 private:
  explicit Tables(std::shared_ptr<const detail::TableFiles> files) : files_(std::move(files)) {}
  std::shared_ptr<const detail::TableFiles> files_;
};

}  // namespace normname
