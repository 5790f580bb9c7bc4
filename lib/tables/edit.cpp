#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/normalizer2.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <fstream>
#include <utility>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <thread>

#include "normname/context.hpp"
#include "normname/error.hpp"
#include "normname/tables_edit.hpp"
#include "normname/text.hpp"
#include "tables/tsv.hpp"

namespace normname {

std::string_view to_string(Diagnostic::Severity s) noexcept { return s == Diagnostic::Severity::error ? "error" : "warning"; }

namespace {

constexpr std::string_view kAliasDir = "aliases/";
const std::set<std::string_view, std::less<>> kTypes = {"person", "place", "organisation"};
// Alias kinds in their canonical order.
const std::vector<std::string_view> kKinds = {"preferred", "alias", "former", "misspelling"};
constexpr std::string_view kMerged = "merged";

bool is_nfc(std::string_view s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  return U_SUCCESS(st) && nfc->isNormalized(icu::UnicodeString::fromUTF8(s), st);
}

std::string to_nfc(std::string_view s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  std::string out;
  nfc->normalize(icu::UnicodeString::fromUTF8(s), st).toUTF8String(out);
  return out;
}

// One word mixing scripts (a Cyrillic а inside a Latin name), by ICU's SpoofChecker.
class SpoofCheck {
 public:
  SpoofCheck() {
    UErrorCode st = U_ZERO_ERROR;
    sc_ = uspoof_open(&st);
    uspoof_setChecks(sc_, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS | USPOOF_INVISIBLE, &st);
    uspoof_setRestrictionLevel(sc_, USPOOF_HIGHLY_RESTRICTIVE);
  }
  ~SpoofCheck() { uspoof_close(sc_); }
  // The first word that fails, or empty.
  std::string suspicious_word(std::string_view name) const {
    std::size_t pos = 0;
    while (pos < name.size()) {
      std::size_t end = name.find_first_of(" -'", pos);
      if (end == std::string_view::npos) end = name.size();
      std::string_view word = name.substr(pos, end - pos);
      UErrorCode st = U_ZERO_ERROR;
      if (!word.empty() && uspoof_check2UTF8(sc_, word.data(), static_cast<int32_t>(word.size()), nullptr, &st) != 0) {
        return std::string(word);
      }
      pos = end + 1;
    }
    return {};
  }

 private:
  USpoofChecker* sc_ = nullptr;
};

}  // namespace

std::vector<Diagnostic> lint_aliases(const Tables& tables) {
  std::vector<Diagnostic> out;
  // Keys come from the name tables only: the alias tables being linted may not load.
  const Context ctx(tables.without(kAliasDir));
  auto report = [&](const std::string& file, std::size_t line, Diagnostic::Severity sev, std::string msg) {
    std::string where = tables.origin(file) == "built-in" ? "tables/" + file : tables.origin(file);
    out.push_back({where, line, sev, std::move(msg)});
  };
  const auto E = Diagnostic::Severity::error, W = Diagnostic::Severity::warning;
  struct Where {
    std::string file;
    std::size_t line;
  };
  std::map<std::string, Where> defined;                 // entity ID -> its row
  std::map<std::string, std::vector<Where>> used;       // ID -> alias rows
  std::map<std::string, bool> has_preferred;
  std::map<std::string, std::pair<std::string, Where>> merged;  // old ID -> (new ID, row)
  std::map<std::string, std::vector<std::pair<std::string, Where>>> by_key;  // key -> (ID, row)
  std::set<std::string> seen_rows;
  SpoofCheck spoof;
  for (const std::string& path : tables.paths()) {
    if (path.rfind(kAliasDir, 0) != 0 || !path.ends_with(".tsv")) continue;
    const std::string& content = *tables.find(path);
    std::size_t line_no = 0, pos = 0;
    while (pos < content.size()) {
      std::string_view line = detail::next_line(content, pos);
      ++line_no;
      if (!is_valid_utf8(line)) {
        report(path, line_no, E, "invalid UTF-8 (the file must be UTF-8; nothing here replaces the bytes)");
        continue;
      }
      if (!is_nfc(line)) report(path, line_no, E, "text is not in NFC (normname tables fmt fixes it)");
      if (line.empty() || line.front() == '#') continue;
      auto rows = detail::read_tsv(path, line);  // one line: its fields
      if (rows.empty()) continue;
      const auto& f = rows.front().fields;
      Where here{path, line_no};
      if (f.size() < 3) {
        report(path, line_no, E, "expected at least 3 fields (id, kind, value), found " + std::to_string(f.size()));
        continue;
      }
      const std::string id(f[0]), kind(f[1]), value(f[2]);
      if (id.empty() || value.empty()) {
        report(path, line_no, E, id.empty() ? "empty id" : "empty value");
        continue;
      }
      for (const auto& field : f) {
        if (!field.empty() && (field.front() == ' ' || field.back() == ' ')) {
          report(path, line_no, W, "field with leading or trailing spaces: '" + std::string(field) + "'");
          break;
        }
      }
      const std::string lang = f.size() > 3 ? std::string(f[3]) : std::string();
      if (!seen_rows.insert(id + '\t' + kind + '\t' + value + '\t' + lang).second) report(path, line_no, W, "duplicate row");
      if (kTypes.count(kind)) {
        if (defined.count(id)) {
          report(path, line_no, E, "entity " + id + " defined twice (also at " + defined[id].file + ":" + std::to_string(defined[id].line) + ")");
        } else {
          defined[id] = here;
        }
      } else if (std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end()) {
        used[id].push_back(here);
        if (kind == "preferred") {
          if (has_preferred[id]) report(path, line_no, W, "entity " + id + " has more than one preferred name");
          has_preferred[id] = true;
        }
        if (f.size() < 4 || f[3].empty()) report(path, line_no, W, "no language for '" + value + "'");
        std::string word = spoof.suspicious_word(value);
        if (!word.empty()) report(path, line_no, E, "'" + word + "' mixes scripts or hides characters (confusable)");
        by_key[ctx.key(value)].push_back({id, here});
      } else if (kind == kMerged) {
        merged[id] = {value, here};
      } else {
        report(path, line_no, E, "unknown kind '" + kind + "' (person, place, organisation, preferred, alias, former, misspelling, merged)");
      }
    }
  }
  for (const auto& [id, rows] : used) {
    if (merged.count(id)) {
      report(rows.front().file, rows.front().line, E, id + " was merged into " + merged[id].first + " but still has names");
    } else if (!defined.count(id)) {
      report(rows.front().file, rows.front().line, E, "names of " + id + ", which no entity row defines");
    }
  }
  for (const auto& [id, where] : defined) {
    if (!has_preferred[id]) report(where.file, where.line, W, "entity " + id + " has no preferred name");
  }
  for (const auto& [old_id, target] : merged) {
    // Follow the chain: it must end at a defined entity without coming back.
    std::string cur = target.first;
    std::set<std::string> path{old_id};
    while (merged.count(cur) && path.insert(cur).second) cur = merged[cur].first;
    if (path.count(cur)) {
      report(target.second.file, target.second.line, E, "merge cycle through " + old_id);
    } else if (!defined.count(cur)) {
      report(target.second.file, target.second.line, E, old_id + " is merged into " + cur + ", which is not defined");
    }
  }
  for (const auto& [key, rows] : by_key) {
    std::set<std::string> ids;
    for (const auto& r : rows) ids.insert(r.first);
    if (ids.size() < 2 || key.empty()) continue;
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    for (const auto& r : rows) {
      report(r.second.file, r.second.line, W, "the same name (key '" + key + "') stands under several IDs: " + list);
    }
  }
  std::sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.line, a.message) < std::tie(b.file, b.line, b.message);
  });
  return out;
}

std::vector<AliasRecord> read_aliases(const Tables& tables) {
  std::vector<AliasRecord> out;
  for (const std::string& path : tables.paths()) {
    if (path.rfind(kAliasDir, 0) != 0 || !path.ends_with(".tsv")) continue;
    for (const auto& row : detail::read_tsv(path, *tables.find(path))) {
      if (row.fields.size() < 3) continue;
      auto field = [&](std::size_t i) { return i < row.fields.size() ? std::string(row.fields[i]) : std::string(); };
      out.push_back({field(0), field(1), field(2), field(3), field(4), field(5), path, row.line});
    }
  }
  return out;
}

std::string edit_rows(std::string_view content,
                      const std::function<std::optional<std::string>(const std::vector<std::string>&)>& edit) {
  std::string out;
  std::size_t pos = 0;
  while (pos < content.size()) {
    const std::size_t start = pos;
    std::string_view line = detail::next_line(content, pos);
    const bool has_newline = pos > start + line.size();
    std::optional<std::string> replaced;
    if (!line.empty() && line.front() != '#') {
      std::vector<std::string> fields;
      std::string_view body = line;
      std::size_t start = 0;
      while (true) {
        std::size_t tab = body.find('\t', start);
        fields.emplace_back(body.substr(start, tab == std::string_view::npos ? tab : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
      replaced = edit(fields);
    }
    out.append(replaced ? std::string_view(*replaced) : line);
    if (has_newline) out.push_back('\n');
  }
  return out;
}

std::string format_aliases(std::string_view content) {
  // Split into the leading comment block and records, each with the comment lines just
  // above it.
  struct Record {
    std::vector<std::string> comments;
    std::vector<std::string> fields;
  };
  std::vector<std::string> header, pending;
  std::vector<Record> records;
  std::size_t pos = 0;
  bool in_header = true;
  while (pos < content.size()) {
    std::string_view raw = detail::next_line(content, pos);
    // Bytes that are not UTF-8 stay as they are (lint reports them): never a silent U+FFFD.
    std::string line = is_valid_utf8(raw) ? to_nfc(raw) : std::string(raw);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (line.empty()) {
      if (in_header && !header.empty()) in_header = false;
      continue;  // blank lines are not kept: the canonical form has none inside the body
    }
    if (line.front() == '#') {
      (in_header ? header : pending).push_back(line);
      continue;
    }
    if (in_header) {
      // Comments right above the first row, with no blank line between, are that row's.
      pending = std::move(header);
      header.clear();
    }
    in_header = false;
    Record r;
    r.comments = std::move(pending);
    pending.clear();
    std::size_t start = 0;
    while (true) {
      std::size_t tab = line.find('\t', start);
      std::string field = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
      while (!field.empty() && field.front() == ' ') field.erase(0, 1);
      while (!field.empty() && field.back() == ' ') field.pop_back();
      r.fields.push_back(field);
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    while (r.fields.size() > 3 && r.fields.back().empty()) r.fields.pop_back();
    records.push_back(std::move(r));
  }
  auto rank = [](const Record& r) -> int {
    const std::string& kind = r.fields.size() > 1 ? r.fields[1] : std::string();
    if (kTypes.count(kind)) return 0;
    for (std::size_t i = 0; i < kKinds.size(); ++i) {
      if (kKinds[i] == kind) return static_cast<int>(i) + 1;
    }
    return kind == kMerged ? 100 : 50;
  };
  std::stable_sort(records.begin(), records.end(), [&](const Record& a, const Record& b) {
    const bool am = rank(a) == 100, bm = rank(b) == 100;
    if (am != bm) return bm;  // merge records after every entity
    if (a.fields[0] != b.fields[0]) return a.fields[0] < b.fields[0];
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return (a.fields.size() > 2 ? a.fields[2] : "") < (b.fields.size() > 2 ? b.fields[2] : "");
  });
  std::string out;
  for (const auto& h : header) out += h + "\n";
  // The header block ends with a blank line (which is what makes it the header when read again).
  if (!header.empty() && !records.empty()) out += "\n";
  std::string last_id;
  for (const auto& r : records) {
    // A blank line between entities keeps diffs readable.
    if (&r != &records.front() && r.fields[0] != last_id && rank(r) == 0) out += "\n";
    last_id = r.fields[0];
    for (const auto& c : r.comments) out += c + "\n";
    for (std::size_t i = 0; i < r.fields.size(); ++i) out += (i ? "\t" : "") + r.fields[i];
    out += "\n";
  }
  for (const auto& c : pending) out += c + "\n";  // comments at the very end stay at the end
  return out;
}

namespace {

[[noreturn]] void io_fail(const std::string& what, const std::filesystem::path& path, int e) {
  throw error(errc::io_error, what + " " + path.string() + ": " + std::strerror(e));
}

// The process umask, read without changing it (umask(2) can only set it, and setting it
// even briefly races with other threads of a library user).
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  }
  return 022;  // no /proc: the common default
}

}  // namespace

StagedFile::StagedFile(const std::filesystem::path& target, std::string_view content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // A symlinked table (a shared checkout) is written through to what it points to.
  target_ = target;
  if (fs::is_symlink(fs::symlink_status(target, ec))) {
    target_ = fs::canonical(target, ec);
    if (ec) io_fail("cannot follow the link", target, ec.value());
  }
  const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  struct stat old {};
  const bool exists = ::stat(target_.c_str(), &old) == 0;
  fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
  if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // A file system without unnamed files: a named temporary, removed on every error path.
    temp_ = (dir / ("." + target_.filename().string() + ".XXXXXX")).string();
    fd_ = ::mkostemp(temp_.data(), O_CLOEXEC);
    if (fd_ >= 0 && !exists) ::fchmod(fd_, 0666 & ~current_umask());
  }
  if (fd_ < 0) io_fail("cannot create a file next to", target_, errno);
  auto fail = [&](const char* what) {
    const int e = errno;
    ::close(fd_);
    fd_ = -1;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    io_fail(what, target_, e);
  };
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd_, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (exists) {
    // Keep the old file's mode and owner (chown can fail for a non-root writer who could
    // not have changed the owner anyway).
    if (::fchmod(fd_, old.st_mode & 07777) != 0) fail("cannot set the mode of");
    if (::fchown(fd_, old.st_uid, old.st_gid) != 0 && errno != EPERM) fail("cannot set the owner of");
  }
  if (::fsync(fd_) != 0) fail("cannot flush");
  // Read back what the disk holds: this, not the intended string, is what gets checked.
  content_.resize(content.size());
  std::size_t got = 0;
  while (got < content_.size()) {
    const ssize_t n = ::pread(fd_, content_.data() + got, content_.size() - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got != content.size() || content_ != content) {
    errno = EIO;
    fail("the staged copy differs from what was written for");
  }
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : target_(std::move(other.target_)), content_(std::move(other.content_)), fd_(std::exchange(other.fd_, -1)),
      temp_(std::move(other.temp_)) {}

StagedFile::~StagedFile() {
  if (fd_ < 0) return;
  ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void StagedFile::commit() {
  namespace fs = std::filesystem;
  if (fd_ < 0) throw error(errc::io_error, "nothing staged for " + target_.string());
  const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  if (temp_.empty()) {
    // Give the unnamed file a name (unpredictable, created exclusively), then rename it.
    for (int attempt = 0; temp_.empty(); ++attempt) {
      std::string name = (dir / ("." + target_.filename().string() + ".XXXXXX")).string();
      int probe = ::mkostemp(name.data(), O_CLOEXEC);  // reserves a unique name...
      if (probe < 0) io_fail("cannot name a file next to", target_, errno);
      ::close(probe);
      ::unlink(name.c_str());  // ...which linkat then takes; a race makes it fail with EEXIST
      const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        temp_ = name;
      } else if (errno != EEXIST || attempt > 8) {
        io_fail("cannot link the staged copy of", target_, errno);
      }
    }
  }
  if (::close(std::exchange(fd_, -1)) != 0) {
    const int e = errno;
    ::unlink(temp_.c_str());
    io_fail("cannot close the staged copy of", target_, e);
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    const int e = errno;
    ::unlink(temp_.c_str());
    io_fail("cannot replace", target_, e);
  }
  temp_.clear();
  // The rename itself must reach the disk too: flush the directory.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) io_fail("cannot open the directory of", target_, errno);
  const int synced = ::fsync(dfd);
  const int e = errno;
  ::close(dfd);
  if (synced != 0) io_fail("cannot flush the directory of", target_, e);
}

void write_atomically(const std::filesystem::path& path, std::string_view content) {
  StagedFile staged(path, content);
  staged.commit();
}

TableLock::TableLock(const std::filesystem::path& path, int timeout_ms) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::is_directory(path, ec) ? path : (path.has_parent_path() ? path.parent_path() : fs::path("."));
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) io_fail("cannot open for locking", dir, errno);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    if (e != EWOULDBLOCK && e != EINTR) {
      ::close(fd_);
      fd_ = -1;
      io_fail("cannot lock", dir, e);  // never carry on without the lock
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::close(fd_);
      fd_ = -1;
      throw error(errc::io_error, "another writer holds the lock on " + dir.string() + "; try again, or wait longer with --wait");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TableLock::~TableLock() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

}  // namespace normname
