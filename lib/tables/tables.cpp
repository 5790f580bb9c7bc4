#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "normname/error.hpp"
#include "normname/tables.hpp"
#include "tables/embedded.hpp"
#include "tables/files.hpp"

namespace normname {

using detail::TableFile;

namespace {
std::shared_ptr<detail::TableFiles> builtin_files() {
  auto files = std::make_shared<detail::TableFiles>();
  for (std::size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
    const auto& f = detail::kEmbeddedFiles[i];
    files->files.emplace(std::string(f.path), detail::TableFile{std::string(f.data), "built-in", {}});
  }
  return files;
}
}  // namespace

Tables Tables::builtin() { return Tables(builtin_files()); }

namespace {

constexpr std::string_view kAliasDir = "aliases/";
constexpr std::string_view kIndexDir = "index/";
constexpr std::string_view kReplacesHeader = "# replaces: builtin";

// The header's `# replaces: builtin` line: the file says it replaces what is below it.
bool says_it_replaces(std::string_view content) {
  std::size_t pos = 0;
  while (pos < content.size() && content[pos] == '#') {
    std::size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == kReplacesHeader) return true;
    pos = end + 1;
  }
  return false;
}

// aliases/people.tsv of layer 2 -> aliases/people@2.tsv
std::string beside(std::string_view path, std::size_t layer) {
  const std::size_t dot = path.rfind('.');
  return std::string(path.substr(0, dot)) + "@" + std::to_string(layer) + std::string(path.substr(dot));
}

}  // namespace

Tables Tables::layered(const std::vector<std::filesystem::path>& dirs, const LayerOptions& opts) {
  auto files = builtin_files();
  namespace fs = std::filesystem;
  std::size_t layer = 0;
  for (const auto& dir : dirs) {
    ++layer;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      throw error(errc::io_error, "tables directory not found: " + dir.string());
    }
    std::map<std::string, TableFile> found;  // sorted: aliases/ before index/
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      auto ext = it->path().extension();
      if (ext != ".txt" && ext != ".tsv") continue;
      std::ifstream in(it->path(), std::ios::binary);
      if (!in) throw error(errc::io_error, "cannot read " + it->path().string());
      // Read in one piece into its final string: an alias table may be tens of megabytes.
      std::string content;
      const auto size = it->file_size(ec);
      if (!ec) content.resize(static_cast<std::size_t>(size));
      in.read(content.data(), static_cast<std::streamsize>(content.size()));
      content.resize(static_cast<std::size_t>(in.gcount()));
      if (in.bad()) throw error(errc::io_error, "cannot read " + it->path().string());
      // A file that grew while it was read: the rest too.
      std::ostringstream rest;
      if (in && in.peek() != std::char_traits<char>::eof()) {
        rest << in.rdbuf();
        content += rest.str();
      }
      ec.clear();
      found[it->path().lexically_relative(dir).generic_string()] =
          detail::TableFile{std::move(content), fs::absolute(it->path()).lexically_normal().string(), {}};
    }
    if (ec) throw error(errc::io_error, "cannot list " + dir.string() + ": " + ec.message());
    std::set<std::string> moved;  // alias tables kept beside a namesake: their index moves too
    for (auto& [rel, file] : found) {
      std::string key = rel;
      const bool alias_table = rel.rfind(kAliasDir, 0) == 0;
      const bool index = rel.rfind(kIndexDir, 0) == 0;
      if (index && moved.count(rel.substr(kIndexDir.size()))) key = beside(rel, layer);
      auto below = files->files.find(key);
      if (below != files->files.end() && !index && below->second.content == file.content) {
        below->second.origin = file.origin;  // the same table (a checkout of the built-in ones): read from here
        continue;
      }
      if (below != files->files.end() && !index) {
        if (opts.replace_builtin || says_it_replaces(file.content)) {
          file.replaced = below->second.origin;
        } else if (alias_table) {
          key = beside(rel, layer);
          moved.insert(rel.substr(kAliasDir.size()));
        } else {
          throw error(errc::bad_table, file.origin + " has the path of the table " + rel + " from " + below->second.origin +
                                           " and would replace it: say so with '" + std::string(kReplacesHeader) +
                                           "' in its header or --replace-builtin");
        }
      }
      files->files[key] = std::move(file);
    }
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

Tables Tables::with_file(std::string_view path, std::string content, std::string origin) const {
  auto files = std::make_shared<detail::TableFiles>(*files_);
  files->files[std::string(path)] = detail::TableFile{std::move(content), std::move(origin), {}};
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

std::string Tables::replaced(std::string_view path) const {
  auto it = files_->files.find(path);
  return it == files_->files.end() ? std::string() : it->second.replaced;
}

std::string Tables::origin(std::string_view path) const {
  auto it = files_->files.find(path);
  return it == files_->files.end() ? std::string() : it->second.origin;
}

}  // namespace normname
