#include <fstream>
#include <sstream>

#include "normname/error.hpp"
#include "normname/tables.hpp"
#include "tables/embedded.hpp"
#include "tables/files.hpp"

namespace normname {

namespace {
std::shared_ptr<detail::TableFiles> builtin_files() {
  auto files = std::make_shared<detail::TableFiles>();
  for (std::size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
    const auto& f = detail::kEmbeddedFiles[i];
    files->files.emplace(std::string(f.path), detail::TableFile{std::string(f.data), "built-in"});
  }
  return files;
}
}  // namespace

Tables Tables::builtin() { return Tables(builtin_files()); }

Tables Tables::layered(const std::vector<std::filesystem::path>& dirs) {
  auto files = builtin_files();
  namespace fs = std::filesystem;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      throw error(errc::io_error, "tables directory not found: " + dir.string());
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      auto ext = it->path().extension();
      if (ext != ".txt" && ext != ".tsv") continue;
      std::ifstream in(it->path(), std::ios::binary);
      if (!in) throw error(errc::io_error, "cannot read " + it->path().string());
      std::ostringstream buf;
      buf << in.rdbuf();
      std::string rel = fs::relative(it->path(), dir).generic_string();
      files->files[rel] = detail::TableFile{buf.str(), it->path().string()};
    }
    if (ec) throw error(errc::io_error, "cannot list " + dir.string() + ": " + ec.message());
  }
  return Tables(std::move(files));
}

Tables Tables::without(std::string_view prefix) const {
  auto files = std::make_shared<detail::TableFiles>();
  for (const auto& [path, file] : files_->files) {
    if (path.rfind(prefix, 0) != 0) files->files.emplace(path, file);
  }
  return Tables(std::move(files));
}

std::string_view Tables::builtin_digest() noexcept { return detail::kEmbeddedDigest; }

std::vector<std::string> Tables::paths() const {
  std::vector<std::string> out;
  for (const auto& [path, file] : files_->files) out.push_back(path);
  return out;
}

const std::string* Tables::find(std::string_view path) const {
  auto it = files_->files.find(path);
  return it == files_->files.end() ? nullptr : &it->second.content;
}

std::string Tables::origin(std::string_view path) const {
  auto it = files_->files.find(path);
  return it == files_->files.end() ? std::string() : it->second.origin;
}

}  // namespace normname
