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

/// An immutable set of table files keyed by their path under tables/ ("translit/sr-latn.txt").
/// Cheap to copy (shared), safe to share across threads.
class Tables {
 public:
  /// The tables compiled into the library.
  [[nodiscard]] static Tables builtin();

  /// The built-in tables, then each directory in order: a file at the same relative path
  /// replaces the one below it, a new path is added. Only *.txt and *.tsv files are read.
  /// Throws error{errc::io_error} when a directory cannot be read.
  [[nodiscard]] static Tables layered(const std::vector<std::filesystem::path>& dirs);

  /// SHA-256 over the built-in tables (path and content), as printed by `normname --version`.
  [[nodiscard]] static std::string_view builtin_digest() noexcept;

  /// The same tables without the files whose path starts with `prefix` ("aliases/").
  [[nodiscard]] Tables without(std::string_view prefix) const;

  /// Paths of all files, sorted.
  [[nodiscard]] std::vector<std::string> paths() const;
  /// Content of a file, or nullptr when there is none at that path.
  [[nodiscard]] const std::string* find(std::string_view path) const;
  /// Where a file came from: "built-in" or the file system path it was read from.
  [[nodiscard]] std::string origin(std::string_view path) const;

 private:
  explicit Tables(std::shared_ptr<const detail::TableFiles> files) : files_(std::move(files)) {}
  std::shared_ptr<const detail::TableFiles> files_;
};

}  // namespace normname
