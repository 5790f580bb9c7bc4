#pragma once
#include <map>
#include <string>

namespace normname::detail {
struct TableFile {
  std::string content;
  std::string origin;  // "built-in" or a file system path
  std::string replaced;  // origin of the table this one replaced, if any
};
struct TableFiles {
  std::map<std::string, TableFile, std::less<>> files;
};
}  // namespace normname::detail
