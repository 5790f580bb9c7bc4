#include "tables.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "filter.hpp"
#include "normname/normname.hpp"

namespace normname::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kAliasDir = "aliases/";
// A new entity's table when --file does not name one.
constexpr std::string_view kDefaultTable = "aliases/local.tsv";
const std::set<std::string, std::less<>> kTypes = {"person", "place", "organisation"};
const std::set<std::string, std::less<>> kNameKinds = {"preferred", "alias", "former", "misspelling"};

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// DIR/aliases/*.tsv, sorted (a symlinked table counts: it is written through).
std::vector<fs::path> alias_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / "aliases", ec)) {
    if (e.is_regular_file() && e.path().extension() == ".tsv") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw normname::error(errc::io_error, "cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) throw normname::error(errc::io_error, "cannot read " + p.string());
  return s.str();
}

std::string absolute_path(const fs::path& p) { return fs::absolute(p).lexically_normal().string(); }

// The key under which `file` is in `tables` (its path under tables/, or aliases/x@N.tsv
// beside a namesake), found by where it was read from.
std::optional<std::string> key_of(const Tables& tables, const fs::path& file) {
  const std::string want = absolute_path(file);
  for (const auto& path : tables.paths()) {
    if (tables.origin(path) == want) return path;
  }
  return std::nullopt;
}

bool missing_dir(const std::string& cmd, const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return false;
  std::cerr << "normname tables " << cmd << ": tables directory not found: " << dir << '\n';
  return true;
}

bool need_dir(const std::string& cmd, const std::string& dir) {
  if (!dir.empty()) return true;
  std::cerr << "normname tables " << cmd << ": name the tables directory to write with --tables DIR\n";
  return false;
}

struct Edit {
  fs::path file;        // the table as it is named in the directory
  std::string content;  // its whole new content
};

// Stages each edit beside its file, lints the tables exactly as they will be (the staged
// bytes read back from disk), then renames each into place. Nothing is written when lint
// finds an error. The caller holds the directory's lock.
int apply_edits(const TablesOptions& o, const std::string& cmd, const std::string& done, const std::vector<Edit>& edits) {
  std::vector<StagedFile> staged;
  staged.reserve(edits.size());
  for (const auto& e : edits) staged.emplace_back(e.file, e.content);
  Tables proposed = Tables::layered({o.dir}, o.layer);
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const std::string key = key_of(proposed, edits[i].file).value_or(std::string(kAliasDir) + edits[i].file.filename().string());
    proposed = proposed.with_file(key, staged[i].content(), absolute_path(edits[i].file));
  }
  std::size_t errors = 0;
  for (const auto& d : lint_aliases(proposed)) {
    if (d.severity != Diagnostic::Severity::error) continue;
    ++errors;
    std::cerr << "normname tables " << cmd << ": would make the tables invalid: " << d.file << ":" << d.line << ": "
              << d.message << '\n';
  }
  if (errors) return kExitDataErr;
  for (auto& s : staged) {
    s.commit();
    std::cout << s.target().string() << ": " << done << '\n';
  }
  return kExitOk;
}

// Applies `edit` to every row of every table of DIR; the changed tables, in canonical form.
std::vector<Edit> edit_all(const std::string& dir,
                           const std::function<std::optional<std::string>(const std::vector<std::string>&)>& edit,
                           const std::function<std::string(const fs::path&)>& append = {}) {
  std::vector<Edit> out;
  for (const auto& f : alias_files(dir)) {
    const std::string before = slurp(f);
    std::string after = edit_rows(before, edit);
    if (append) after += append(f);
    if (after != before) out.push_back({f, format_aliases(after)});
  }
  return out;
}

std::string join_fields(const std::vector<std::string>& g) {
  std::string line;
  for (std::size_t i = 0; i < g.size(); ++i) line += (i ? "\t" : "") + g[i];
  return line;
}

// A field typed on the command line becomes one TAB-separated field of one line: refuse what
// would break out of it (a TAB shifts columns, a line break adds a row of its own).
std::optional<std::string> bad_field(std::string_view what, std::string_view v, bool may_start_with_hash = false) {
  if (!is_valid_utf8(v)) return std::string(what) + " is not valid UTF-8";
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    const auto next = i + 1 < v.size() ? static_cast<unsigned char>(v[i + 1]) : 0;
    unsigned cp = 0;
    if (c < 0x20 || c == 0x7F) cp = c;                                        // TAB, LF, CR, ...
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F) cp = next;                 // C1, NEL
    if (v.substr(i, 3) == "\xE2\x80\xA8" || v.substr(i, 3) == "\xE2\x80\xA9") cp = 0x2028 + (v[i + 2] == '\xA9');
    if (cp || c == 0) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", cp);
      return std::string(what) + " holds a control or line-break character (" + code + " at byte " + std::to_string(i + 1) +
             "): a field is one line of text without TAB";
    }
  }
  if (!v.empty() && (v.front() == ' ' || v.back() == ' ')) return std::string(what) + " begins or ends with a space";
  if (!may_start_with_hash && !v.empty() && v.front() == '#') return std::string(what) + " begins with '#', which starts a comment";
  return std::nullopt;
}

// --file: a table of the directory, never a path out of it.
std::optional<std::string> bad_table_path(const std::string& file) {
  const fs::path p(file);
  if (p.is_absolute()) return "--file must be relative to the tables directory: " + file;
  for (const auto& part : p) {
    if (part == "..") return "--file must stay inside the tables directory: " + file;
  }
  if (p.lexically_normal().generic_string().rfind(kAliasDir, 0) != 0 || p.extension() != ".tsv" ||
      p.lexically_normal().parent_path() != "aliases") {
    return "--file must name an alias table, aliases/NAME.tsv: " + file;
  }
  return std::nullopt;
}

int wait_ms(const TablesOptions& o) { return o.wait_seconds * 1000; }

}  // namespace

void note_replacements(const Tables& tables) {
  for (const auto& path : tables.paths()) {
    const std::string replaced = tables.replaced(path);
    if (!replaced.empty()) {
      std::cerr << "normname: note: " << tables.origin(path) << " replaces " << (replaced == "built-in" ? "the built-in " : replaced + ": ")
                << path << " (normname tables list)\n";
    }
  }
}

int tables_lint(const TablesOptions& o, const std::string& dir, const std::string& format) {
  if (!dir.empty() && missing_dir("lint", dir)) return kExitNoInput;
  const Tables tables = dir.empty() ? Tables::builtin() : Tables::layered({dir}, o.layer);
  auto diags = lint_aliases(tables);
  std::size_t errors = 0;
  json all = json::array();
  for (const auto& d : diags) {
    errors += d.severity == Diagnostic::Severity::error;
    json j{{"file", d.file}, {"line", d.line}, {"severity", to_string(d.severity)}, {"message", d.message}};
    if (format == "json") {
      all.push_back(std::move(j));
    } else if (format == "jsonl") {
      std::cout << dump(j) << '\n';
    } else {
      std::cout << d.file << ':' << d.line << ": " << to_string(d.severity) << ": " << d.message << '\n';
    }
  }
  if (format == "json") std::cout << dump(all) << '\n';
  std::cout.flush();  // the findings before the summary, also when both go to one pipe
  std::size_t n = 0;
  for (const auto& p : tables.paths()) n += p.rfind(kAliasDir, 0) == 0;
  std::cerr << "normname tables lint: " << errors << " error(s), " << diags.size() - errors << " warning(s) in " << n
            << " alias table(s) (normname tables list)\n";
  note_replacements(tables);
  return errors ? kExitFailure : kExitOk;
}

int tables_fmt(const TablesOptions& o, const std::string& dir, bool check) {
  if (missing_dir("fmt", dir)) return kExitNoInput;
  std::optional<TableLock> lock;
  if (!check) lock.emplace(dir, wait_ms(o));
  std::vector<Edit> edits;
  for (const auto& file : alias_files(dir)) {
    const std::string before = slurp(file);
    std::string after = format_aliases(before);
    if (after == before) continue;
    if (check) std::cout << file.string() << ": not in canonical form (run: normname tables fmt " << dir << ")\n";
    edits.push_back({file, std::move(after)});
  }
  if (!check) {
    TablesOptions w = o;
    w.dir = dir;
    return apply_edits(w, "fmt", "formatted", edits);
  }
  // --check fails on what lint rejects too: a table in canonical form can still be wrong.
  std::size_t errors = 0;
  for (const auto& d : lint_aliases(Tables::layered({dir}, o.layer))) {
    if (d.severity != Diagnostic::Severity::error) continue;
    ++errors;
    std::cout << d.file << ':' << d.line << ": error: " << d.message << '\n';
  }
  return edits.empty() && errors == 0 ? kExitOk : kExitFailure;
}

int tables_add(const TablesOptions& o, const AddArgs& a) {
  if (!need_dir("add", o.dir)) return kExitUsage;
  const bool create = !a.new_type.empty();
  const std::string kind = !a.kind.empty() ? a.kind : create ? "preferred" : "alias";
  // Every field, checked before anything is read or written.
  for (const auto& [what, value] : std::vector<std::pair<std::string, std::string>>{
           {"the ID", a.id}, {"the name", a.name}, {"--lang", a.lang}, {"--source", a.source}, {"--label", a.label}}) {
    if (auto bad = bad_field(what, value)) {
      std::cerr << "normname tables add: " << *bad << '\n';
      return kExitDataErr;
    }
  }
  if (auto bad = bad_field("--note", a.note, true)) {
    std::cerr << "normname tables add: " << *bad << '\n';
    return kExitDataErr;
  }
  if (a.id.empty() || a.id.find(' ') != std::string::npos || a.name.empty()) {
    std::cerr << "normname tables add: an ID is one word and a name is not empty\n";
    return kExitDataErr;
  }
  if (create && a.label.empty()) {
    std::cerr << "normname tables add: --new " << a.new_type << " needs --label TEXT (a label for people)\n";
    return kExitUsage;
  }
  if (!a.file.empty()) {
    if (auto bad = bad_table_path(a.file)) {
      std::cerr << "normname tables add: " << *bad << '\n';
      return kExitUsage;
    }
  }
  std::error_code ec;
  if (fs::exists(o.dir, ec) && !fs::is_directory(o.dir, ec)) {
    std::cerr << "normname tables add: not a directory: " << o.dir << '\n';
    return kExitNoInput;
  }
  fs::create_directories(fs::path(o.dir) / "aliases", ec);
  if (ec) {
    std::cerr << "normname tables add: cannot create " << (fs::path(o.dir) / "aliases").string() << ": " << ec.message() << '\n';
    return kExitIoErr;
  }
  TableLock lock(o.dir, wait_ms(o));  // read under the lock: another writer may have just added a row
  const Tables tables = Tables::layered({o.dir}, o.layer);
  // The table that defines the entity; and whether the name is there already.
  fs::path target;
  std::string defined_in;
  for (const auto& r : read_aliases(tables)) {
    if (r.id != a.id) continue;
    const std::string origin = tables.origin(r.file);
    if (kTypes.count(r.kind)) {
      defined_in = origin == "built-in" ? "tables/" + r.file : origin;
      if (origin != "built-in") target = origin;
    }
    if (kNameKinds.count(r.kind) && r.value == a.name) {
      std::cout << "normname tables add: '" << a.name << "' is already a name of " << a.id << " ("
                << (origin == "built-in" ? "tables/" + r.file : origin) << ":" << r.line << "); nothing written\n";
      return kExitOk;
    }
  }
  if (create && !defined_in.empty()) {
    std::cerr << "normname tables add: " << a.id << " is already defined (" << defined_in << "); add names without --new\n";
    return kExitDataErr;
  }
  if (!a.file.empty()) target = fs::path(o.dir) / a.file;
  if (target.empty() && create) target = fs::path(o.dir) / kDefaultTable;
  if (target.empty()) {
    std::cerr << "normname tables add: no table in " << o.dir << " defines " << a.id
              << (defined_in.empty() ? "; create it with --new TYPE --label TEXT"
                                     : " (it is defined in " + defined_in + "); name the table to write with --file aliases/NAME.tsv")
              << '\n';
    return kExitUsage;
  }
  const std::string before = fs::exists(target, ec) ? slurp(target) : std::string();
  std::string rows;
  if (create) rows += a.id + "\t" + a.new_type + "\t" + a.label + "\n";
  rows += a.id + "\t" + kind + "\t" + a.name + "\t" + a.lang + "\t" + a.source + (a.note.empty() ? "" : "\t# " + a.note) + "\n";
  std::string after = before;
  if (!after.empty() && after.back() != '\n') after += '\n';
  after += rows;
  return apply_edits(o, "add", "added " + kind + " '" + a.name + "' to " + a.id, {{target, format_aliases(after)}});
}

int tables_merge(const TablesOptions& o, const std::string& from, const std::string& into) {
  if (!need_dir("merge", o.dir)) return kExitUsage;
  if (missing_dir("merge", o.dir)) return kExitNoInput;
  TableLock lock(o.dir, wait_ms(o));
  // FROM's names move to INTO (a preferred name becomes an alias: INTO keeps its own), and
  // FROM's entity row becomes a merge record, so that FROM still resolves.
  bool found = false;
  auto edits = edit_all(o.dir, [&](const std::vector<std::string>& f) -> std::optional<std::string> {
    if (f.size() < 3 || f[0] != from) return std::nullopt;
    found = true;
    std::vector<std::string> g = f;
    if (kTypes.count(g[1])) return from + "\tmerged\t" + into;
    if (g[1] == "merged") return std::nullopt;
    g[0] = into;
    if (g[1] == "preferred") g[1] = "alias";
    return join_fields(g);
  });
  if (!found) {
    std::cerr << "normname tables merge: no rows for " << from << " in " << o.dir << '\n';
    return kExitUsage;
  }
  return apply_edits(o, "merge", "merged " + from + " into " + into, edits);
}

int tables_rename(const TablesOptions& o, const std::string& old_id, const std::string& new_id) {
  if (!need_dir("rename", o.dir)) return kExitUsage;
  if (missing_dir("rename", o.dir)) return kExitNoInput;
  if (auto bad = bad_field("the new ID", new_id); bad || new_id.empty() || new_id.find(' ') != std::string::npos) {
    std::cerr << "normname tables rename: " << bad.value_or("an ID is one word") << '\n';
    return kExitDataErr;
  }
  TableLock lock(o.dir, wait_ms(o));
  // Every row and merge target of OLD now says NEW; a merge record keeps OLD resolving.
  bool found = false;
  auto edits = edit_all(
      o.dir,
      [&](const std::vector<std::string>& f) -> std::optional<std::string> {
        if (f.size() < 3) return std::nullopt;
        std::vector<std::string> g = f;
        if (g[0] == old_id && g[1] != "merged") {
          g[0] = new_id;
          found = true;
        } else if (g[1] == "merged" && g[2] == old_id) {
          g[2] = new_id;
        } else {
          return std::nullopt;
        }
        return join_fields(g);
      },
      [&](const fs::path& f) -> std::string {
        // The merge record goes into the table that held the entity.
        const std::string text = slurp(f);
        if (text.find(old_id + "\t") != 0 && text.find("\n" + old_id + "\t") == std::string::npos) return {};
        return (text.empty() || text.back() == '\n' ? "" : "\n") + old_id + "\tmerged\t" + new_id + "\n";
      });
  if (!found) {
    std::cerr << "normname tables rename: no rows for " << old_id << " in " << o.dir << '\n';
    return kExitUsage;
  }
  return apply_edits(o, "rename", "renamed " + old_id + " to " + new_id, edits);
}

int tables_split(const TablesOptions& o, const std::string& id, const std::string& new_id, const std::string& names_arg,
                 const std::string& type) {
  if (!need_dir("split", o.dir)) return kExitUsage;
  if (missing_dir("split", o.dir)) return kExitNoInput;
  if (auto bad = bad_field("the new ID", new_id); bad || new_id.empty() || new_id.find(' ') != std::string::npos) {
    std::cerr << "normname tables split: " << bad.value_or("an ID is one word") << '\n';
    return kExitDataErr;
  }
  std::set<std::string> names;
  std::size_t pos = 0;
  while (pos <= names_arg.size()) {
    std::size_t bar = names_arg.find('|', pos);
    if (bar == std::string::npos) bar = names_arg.size();
    if (bar > pos) names.insert(names_arg.substr(pos, bar - pos));
    pos = bar + 1;
  }
  TableLock lock(o.dir, wait_ms(o));
  // Which rows move, and whether each side keeps a preferred name.
  std::set<std::string> moved;
  bool moved_preferred = false, kept_preferred = false;
  std::string first_moved, first_kept;
  const Tables tables = Tables::layered({o.dir}, o.layer);
  for (const auto& r : read_aliases(tables)) {
    // The rows of DIR's own tables only: the names split moves are DIR's.
    if (r.id != id || !kNameKinds.count(r.kind) || tables.origin(r.file) == "built-in") continue;
    if (names.count(r.value)) {
      moved.insert(r.value);
      moved_preferred |= r.kind == "preferred";
      if (first_moved.empty()) first_moved = r.value;
    } else {
      kept_preferred |= r.kind == "preferred";
      if (first_kept.empty()) first_kept = r.value;
    }
  }
  if (moved.empty()) {
    std::cerr << "normname tables split: none of the names are names of " << id << " in " << o.dir << '\n';
    return kExitUsage;
  }
  // Each entity keeps one preferred name: the first name that moved becomes the new one's,
  // and the first that stayed becomes the old one's when its preferred name moved.
  bool declared = false;
  auto edits = edit_all(
      o.dir,
      [&](const std::vector<std::string>& f) -> std::optional<std::string> {
        if (f.size() < 3 || f[0] != id || !kNameKinds.count(f[1])) return std::nullopt;
        std::vector<std::string> g = f;
        if (names.count(f[2])) {
          g[0] = new_id;
          if (g[1] == "preferred" || (!moved_preferred && f[2] == first_moved)) g[1] = "preferred";
        } else if (!kept_preferred && f[2] == first_kept) {
          g[1] = "preferred";
        } else {
          return std::nullopt;
        }
        return join_fields(g);
      },
      [&](const fs::path& f) -> std::string {
        // Declare NEW once, in the first table names moved out of.
        if (declared) return {};
        const std::string text = slurp(f);
        bool here = false;
        for (const auto& n : names) here |= text.find(id + "\t") != std::string::npos && text.find("\t" + n) != std::string::npos;
        if (!here) return {};
        declared = true;
        return (text.empty() || text.back() == '\n' ? "" : "\n") + new_id + "\t" + type + "\t" + first_moved + "\n";
      });
  const int rc = apply_edits(o, "split", "split " + new_id + " from " + id, edits);
  if (rc == kExitOk && moved.size() != names.size()) {
    std::cerr << "normname tables split: " << names.size() - moved.size() << " of the names are not names of " << id << '\n';
  }
  return rc;
}

int tables_compile(const TablesOptions& o, const std::string& dir) {
  if (missing_dir("compile", dir)) return kExitNoInput;
  TableLock lock(dir, wait_ms(o));
  const Context ctx(Tables::layered({dir}, o.layer));
  fs::create_directories(fs::path(dir) / "index");
  for (const auto& file : alias_files(dir)) {
    const auto key = key_of(ctx.tables(), file);
    if (!key) continue;
    const fs::path out = (fs::path(dir) / "index" / file.stem()).string() + ".nnx";
    write_atomically(out, compile_index(ctx, *key));
    // The text index of earlier versions: read as a table of its own if it stayed.
    std::error_code ec;
    fs::remove(fs::path(dir) / "index" / file.filename(), ec);
    std::cout << out.string() << ": compiled\n";
  }
  return kExitOk;
}

int tables_diff(const TablesOptions& o, const std::string& old_dir, const std::string& new_dir) {
  if (missing_dir("diff", old_dir) || missing_dir("diff", new_dir)) return kExitNoInput;
  // What a reviewer needs: names added, removed, moved between IDs; merges added.
  auto names = [&](const std::string& dir) {
    std::map<std::string, std::set<std::string>> by_name;  // name -> IDs
    std::set<std::string> merges;
    for (const auto& r : read_aliases(Tables::layered({dir}, o.layer).without("translit/"))) {
      if (r.kind == "merged") merges.insert(r.id + " -> " + r.value);
      if (kNameKinds.count(r.kind)) by_name[r.value].insert(r.id);
    }
    return std::make_pair(by_name, merges);
  };
  auto [a, am] = names(old_dir);
  auto [b, bm] = names(new_dir);
  std::size_t n = 0;
  for (const auto& [name, ids] : b) {
    auto it = a.find(name);
    if (it == a.end()) {
      for (const auto& id : ids) std::cout << "+ " << id << "\t" << name << '\n', ++n;
    } else if (it->second != ids) {
      std::string from, to;
      for (const auto& id : it->second) from += (from.empty() ? "" : ",") + id;
      for (const auto& id : ids) to += (to.empty() ? "" : ",") + id;
      std::cout << "~ " << name << "\t" << from << " -> " << to << '\n', ++n;
    }
  }
  for (const auto& [name, ids] : a) {
    if (!b.count(name)) {
      for (const auto& id : ids) std::cout << "- " << id << "\t" << name << '\n', ++n;
    }
  }
  for (const auto& m : bm) {
    if (!am.count(m)) std::cout << "merge " << m << '\n', ++n;
  }
  std::cout.flush();  // the changes before the summary, also when both go to one pipe
  std::cerr << "normname tables diff: " << n << " change(s)\n";
  return n ? kExitFailure : kExitOk;  // as diff(1): 1 when they differ
}

int tables_stats(const TablesOptions& o, const std::string& dir) {
  if (!dir.empty() && missing_dir("stats", dir)) return kExitNoInput;
  const Tables tables = dir.empty() ? Tables::builtin() : Tables::layered({dir}, o.layer);
  const Context ctx(tables.without("aliases/"));
  const bool all = dir.empty() || o.with_builtin;
  std::map<std::string, std::size_t> types, langs, scripts, names_of;
  std::map<std::string, std::string> type_of;
  std::size_t aliases = 0;
  for (const auto& r : read_aliases(tables)) {
    if (!all && tables.origin(r.file) == "built-in") continue;  // DIR's own tables only
    if (kTypes.count(r.kind)) {
      ++types[r.kind];
      type_of[r.id] = r.kind;
    } else if (r.kind != "merged") {
      ++aliases;
      ++names_of[r.id];
      ++langs[r.lang.empty() ? "(none)" : r.lang];
      auto ts = ctx.detect_script(r.value);
      ++scripts[ts.empty() ? "none" : std::string(to_string(ts.front().script))];
    }
  }
  std::cout << "entities\t" << type_of.size() << "\nnames\t" << aliases << '\n';
  for (const auto& [k, v] : types) std::cout << "type\t" << k << '\t' << v << '\n';
  for (const auto& [k, v] : langs) std::cout << "lang\t" << k << '\t' << v << '\n';
  for (const auto& [k, v] : scripts) std::cout << "script\t" << k << '\t' << v << '\n';
  for (const auto& [id, t] : type_of) {
    if (names_of[id] < 2) std::cout << "few-names\t" << id << '\t' << names_of[id] << '\n';
  }
  return kExitOk;
}

int tables_list(const std::vector<std::string>& dirs, const LayerOptions& layer) {
  for (const auto& d : dirs) {
    if (missing_dir("list", d)) return kExitNoInput;
  }
  std::vector<fs::path> paths(dirs.begin(), dirs.end());
  const Tables tables = paths.empty() ? Tables::builtin() : Tables::layered(paths, layer);
  const bool any_index = std::any_of(paths.begin(), paths.end(), [](const fs::path& d) { return fs::is_directory(d / "index"); });
  std::optional<Context> ctx;
  if (any_index) ctx.emplace(tables);  // only then: loading a large table without its index is slow
  for (const auto& path : tables.paths()) {
    const std::string replaced = tables.replaced(path);
    std::cout << path << '\t' << tables.origin(path) << (replaced.empty() ? "" : "\treplaces " + replaced);
    // An alias table says whether its compiled index is the one resolve reads.
    if (ctx && path.rfind("aliases/", 0) == 0 && tables.origin(path) != "built-in") {
      std::cout << (!uses_compiled_index(*ctx, path)            ? "\tindex not used"
                    : compiled_runner_ups_current(*ctx, path) ? "\tindex current"
                                                              : "\tindex current, runner-ups stale (another alias table changed)");
    }
    std::cout << '\n';
  }
  return kExitOk;
}

}  // namespace normname::cli
