#pragma once
// The files of tables/, compiled in by cmake/embed_tables.cmake.
#include <cstddef>
#include <string_view>

namespace normname::detail {
struct EmbeddedFile {
  std::string_view path;  // relative to tables/
  std::string_view data;
};
extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;
extern const std::string_view kEmbeddedDigest;
}  // namespace normname::detail
