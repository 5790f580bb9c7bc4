// normname: a line-oriented filter over the normname library. Every subcommand reads one
// record per input line and writes exactly one per line, in order (cluster reads all first).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "filter.hpp"
#include "output.hpp"
#include "normname/normname.hpp"

namespace {

using namespace normname;
using namespace normname::cli;

enum class Format { text, tsv, jsonl };

struct Common {
  InputOptions input;
  std::string format;  // empty: the subcommand's default
  std::vector<std::string> tables;
  std::string output;  // -o FILE; empty: standard output
};

std::string fmt_score(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

double rounded(double s) { return std::stod(fmt_score(s)); }

// The subcommand's default: the result alone to read, or with --field/--csv the row.
Format parse_format(const std::string& f, Format fallback) {
  if (f.empty()) return fallback;
  if (f == "text") return Format::text;
  if (f == "tsv") return Format::tsv;
  return Format::jsonl;
}

// Same-line JSON: invalid UTF-8 never reaches here (the filter repairs or rejects it).
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// One rule for every subcommand: text is the result alone (the row when the input has
// columns); tsv is the input (its columns, or the whole line) then the result columns.
std::string shaped(const Line& line, const std::vector<std::string>& results, Format f, const InputOptions& in) {
  if (line.blank()) return {};
  if (f == Format::text && !line.split) return joined(results);
  return row_with(line, results, in);
}

// A JSON object for the line: `fields` first, then the input row when it has columns.
std::string json_line(const Line& line, json fields) {
  if (line.split) fields["row"] = row_json(line);
  return dump(fields);
}

Shape shape_of(Format f, std::vector<std::string> columns) { return Shape{std::move(columns), f == Format::jsonl}; }

// Transliteration changes letters only: case, punctuation and white space stay as they came.
NormalizeOptions display_options() {
  NormalizeOptions o;
  o.fold_case = false;
  o.unify_punctuation = false;
  o.squash_whitespace = false;
  o.keep_joiners = true;  // sr-cyrl reads n\u200Cj as н + ј
  return o;
}

int cmd_translit(const Context& ctx, const Common& c, const std::string& scheme, std::size_t candidates) {
  if (!ctx.has_scheme(scheme)) {
    std::cerr << "normname: unknown scheme '" << scheme << "' (see: normname translit --list)\n";
    return kExitUsage;
  }
  const Format f = parse_format(c.format, Format::text);
  const NormalizeOptions opts = display_options();
  if (candidates > 0) {
    // Ranked readings: one column each (empty where there are fewer), with probabilities in jsonl.
    std::vector<std::string> names;
    for (std::size_t i = 1; i <= candidates; ++i) names.push_back("candidate " + std::to_string(i));
    return run_filter(c.input, std::cout, std::cerr, shape_of(f, names), [&](const Line& line) {
      std::vector<Candidate> cands;
      if (!line.input().empty()) cands = ctx.transliterate_candidates(ctx.normalize(line.input(), opts), scheme, candidates);
      if (f == Format::jsonl) {
        json list = json::array();
        for (const auto& cand : cands) list.push_back({{"text", cand.text}, {"probability", rounded(cand.probability)}});
        return json_line(line, {{"input", line.input()}, {"candidates", list}, {"scheme", scheme}});
      }
      std::vector<std::string> cols;
      for (const auto& cand : cands) cols.push_back(cand.text);
      if (line.split || f == Format::tsv) cols.resize(candidates);
      return shaped(line, cols, f, c.input);
    });
  }
  return run_filter(c.input, std::cout, std::cerr, shape_of(f, {scheme}), [&](const Line& line) {
    std::string out = line.input().empty() ? std::string() : ctx.transliterate(ctx.normalize(line.input(), opts), scheme);
    if (f == Format::jsonl) return json_line(line, {{"input", line.input()}, {"output", out}, {"scheme", scheme}});
    return shaped(line, {out}, f, c.input);
  });
}

int cmd_list(const Context& ctx, const Common& c) {
  const Format f = parse_format(c.format, Format::text);
  for (const auto& s : ctx.list_schemes()) {
    if (f == Format::jsonl) {
      std::cout << dump({{"id", s.id}, {"description", s.description}, {"standard", s.standard},
                         {"direction", s.direction}, {"source", s.source}})
                << '\n';
    } else if (f == Format::tsv) {
      std::cout << s.id << '\t' << s.description << '\t' << s.standard << '\t' << s.direction << '\t' << s.source
                << '\n';
    } else {
      std::cout << s.id << '\t' << s.description << '\t' << s.standard << '\n';
    }
  }
  return kExitOk;
}

int cmd_encodings() {
  for (const std::string& e : list_encodings()) std::cout << e << '\n';
  return kExitOk;
}

// key --explain in one line: each stage's output, in pipeline order, separated by " | ".
std::string explain_text(const KeyTrace& t) {
  std::string out = "normalize: " + t.normalized + " | tokens:";
  for (const auto& k : t.tokens) {
    out += (&k == &t.tokens.front() ? " " : ", ") + k.text + " [" + std::string(to_string(k.script)) + (k.lang.empty() ? "" : " " + k.lang) +
           (k.scheme.empty() ? ", copied" : " -> " + k.scheme) + "]";
  }
  out += " | romanize: " + t.romanized + " | ascii: " + t.ascii + " | key: " + t.key + " | skeletons:";
  for (const auto& s : t.skeletons) {
    out += (&s == &t.skeletons.front() ? " " : ", ") + s.token + (s.skeleton == s.token ? "" : " -> " + s.skeleton);
    for (const auto& [convention, variant] : s.variants) out += " (" + convention + ": " + variant + ")";
  }
  return out;
}

json explain_json(const KeyTrace& t) {
  json tokens = json::array();
  for (const auto& k : t.tokens) {
    tokens.push_back({{"text", k.text}, {"script", to_string(k.script)}, {"lang", k.lang}, {"scheme", k.scheme}});
  }
  json skeletons = json::array();
  for (const auto& s : t.skeletons) {
    json variants = json::object();
    for (const auto& [convention, variant] : s.variants) variants[convention] = variant;
    skeletons.push_back({{"token", s.token}, {"skeleton", s.skeleton}, {"variants", variants}});
  }
  return {{"normalized", t.normalized}, {"tokens", tokens}, {"romanized", t.romanized},
          {"ascii", t.ascii}, {"skeletons", skeletons}};
}

int cmd_key(const Context& ctx, const Common& c, bool explain) {
  const Format f = parse_format(c.format, Format::text);
  std::vector<std::string> columns{"key"};
  if (explain) columns.push_back("explanation");
  return run_filter(c.input, std::cout, std::cerr, shape_of(f, columns), [&](const Line& line) {
    if (explain) {
      const KeyTrace t = ctx.explain_key(line.input());
      if (f == Format::jsonl) return json_line(line, {{"input", line.input()}, {"key", t.key}, {"stages", explain_json(t)}});
      return shaped(line, {t.key, explain_text(t)}, f, c.input);
    }
    std::string k = ctx.key(line.input());
    if (f == Format::jsonl) return json_line(line, {{"input", line.input()}, {"key", k}});
    return shaped(line, {k}, f, c.input);
  });
}

int cmd_match(const Context& ctx, Common c, bool explain) {
  const Format f = parse_format(c.format, Format::text);
  c.input.columns = true;  // two names: the selected column and the one after it
  std::vector<std::string> columns{"score", "verdict"};
  if (explain) columns.push_back("explanation");
  return run_filter(c.input, std::cout, std::cerr, shape_of(f, columns), [&](const Line& line) -> std::string {
    if (line.blank()) return {};
    if (line.selected + 1 >= line.fields.size()) throw LineError{"expected two names separated by the delimiter"};
    const std::string& a = line.fields[line.selected];
    const std::string& b = line.fields[line.selected + 1];
    Match m = ctx.match(a, b);
    const char* verdict = m.same ? "same" : "different";
    if (f == Format::jsonl) {
      json j{{"a", a}, {"b", b}, {"score", rounded(m.score)}, {"same", m.same}};
      if (explain) j["explanation"] = m.explanation;
      return json_line(line, j);
    }
    std::vector<std::string> cols{fmt_score(m.score), verdict};
    if (explain) cols.push_back(m.explanation);
    // The input is two columns, so text shows the result alone unless --field picked them.
    if (f == Format::text && c.input.field == 0 && !c.input.csv) return joined(cols);
    return row_with(line, cols, c.input);
  });
}

int cmd_cluster(const Context& ctx, const Common& c) {
  const Format f = parse_format(c.format, Format::text);
  int status = kExitOk;
  auto lines = read_all(c.input, std::cerr, status);
  if (!lines) return status;
  std::vector<std::string> names;
  names.reserve(lines->size());
  for (const auto& l : *lines) names.emplace_back(l.header ? std::string_view() : l.input());
  std::vector<std::size_t> groups = ctx.cluster(names);
  // Labels 1, 2, ... in order of first appearance among names (an empty line has no name,
  // so no group, and its output line is empty).
  std::unordered_map<std::size_t, std::size_t> label_of;
  for (std::size_t i = 0; i < lines->size() && std::cout; ++i) {
    const Line& l = (*lines)[i];
    if (l.header) {
      std::cout << (f == Format::jsonl ? dump({{"header", l.fields}}) : row_with(l, {"label"}, c.input)) << '\n';
      continue;
    }
    if (l.blank()) {
      std::cout << '\n';
      continue;
    }
    const std::size_t n = label_of.emplace(groups[i], label_of.size() + 1).first->second;
    const std::string label = std::to_string(n);
    if (f == Format::jsonl) {
      std::cout << json_line(l, {{"input", l.input()}, {"label", n}}) << '\n';
    } else if (f == Format::text && !l.split) {
      std::cout << label << '\t' << l.input() << '\n';  // label first, so that sort groups them
    } else {
      std::cout << row_with(l, {label}, c.input) << '\n';
    }
  }
  return status;
}

int cmd_parse(const Context& ctx, const Common& c) {
  const Format f = parse_format(c.format, c.input.field > 0 || c.input.csv ? Format::tsv : Format::jsonl);
  return run_filter(c.input, std::cout, std::cerr, shape_of(f, {"parts"}), [&](const Line& line) -> std::string {
    if (line.input().empty() && line.blank()) return {};
    ParsedName p = ctx.parse(line.input());
    if (f != Format::jsonl) {
      // "role:text" per part, then the gender: given:Pyotr family:Nikitin male
      std::string out;
      for (const auto& part : p.parts) out += std::string(to_string(part.role)) + ":" + part.text + " ";
      return shaped(line, {out + std::string(to_string(p.gender))}, f, c.input);
    }
    json parts = json::array();
    for (const auto& part : p.parts) {
      json j{{"text", part.text}, {"role", to_string(part.role)}, {"key", part.key}, {"skeleton", part.skeleton}};
      if (!part.lang.empty()) j["lang"] = part.lang;
      if (part.diminutive) j["diminutive"] = true;
      if (part.feminine_form) j["feminine_form"] = true;
      parts.push_back(j);
    }
    return json_line(line, {{"input", line.input()}, {"parts", parts}, {"gender", to_string(p.gender)}});
  });
}

// --- normname tables ... -----------------------------------------------------------------

std::vector<std::filesystem::path> alias_files(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / "aliases", ec)) {
    if (e.is_regular_file() && e.path().extension() == ".tsv") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw normname::error(errc::io_error, "cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int cmd_tables_lint(const std::string& dir, const std::string& format) {
  auto diags = lint_aliases(dir.empty() ? Tables::builtin() : Tables::layered({dir}));
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
  std::cerr << "normname tables lint: " << errors << " error(s), " << diags.size() - errors << " warning(s)\n";
  return errors ? kExitFailure : kExitOk;
}

int cmd_tables_fmt(const std::string& dir, bool check) {
  std::size_t changed = 0;
  for (const auto& file : alias_files(dir)) {
    std::optional<TableLock> lock;
    if (!check) lock.emplace(file);
    const std::string before = slurp(file);
    const std::string after = format_aliases(before);
    if (after == before) continue;
    ++changed;
    if (check) {
      std::cout << file.string() << ": not in canonical form (run: normname tables fmt " << dir << ")\n";
    } else {
      write_atomically(file, after);
      std::cout << file.string() << ": formatted\n";
    }
  }
  return check && changed ? kExitFailure : kExitOk;
}

struct AddArgs {
  std::string id, name, lang, kind = "alias", source, note, file;
};

int cmd_tables_add(const std::string& dir, const AddArgs& a) {
  namespace fs = std::filesystem;
  if (dir.empty()) {
    std::cerr << "normname tables add: name the tables directory to write with --tables DIR\n";
    return kExitUsage;
  }
  // The file that defines the entity, unless --file names one (for a new entity).
  fs::path target;
  for (const auto& f : alias_files(dir)) {
    const std::string text = slurp(f);
    if (text.find(a.id + "\t") == 0 || text.find("\n" + a.id + "\t") != std::string::npos) target = f;
  }
  if (!a.file.empty()) target = fs::path(dir) / a.file;
  if (target.empty()) {
    std::cerr << "normname tables add: no table in " << dir << " defines " << a.id << "; name one with --file aliases/NAME.tsv\n";
    return kExitUsage;
  }
  TableLock lock(target);  // re-read under the lock: another writer may have just added a row
  const std::string before = fs::exists(target) ? slurp(target) : std::string();
  std::string row = a.id + "\t" + a.kind + "\t" + a.name + "\t" + a.lang + "\t" + a.source;
  if (!a.note.empty()) row += "\t# " + a.note;
  // After the entity's last row, so that every other line stays byte-identical.
  std::size_t insert_at = before.size(), pos = 0;
  while (pos < before.size()) {
    std::size_t end = before.find('\n', pos);
    std::size_t next = end == std::string::npos ? before.size() : end + 1;
    if (before.compare(pos, a.id.size() + 1, a.id + "\t") == 0) insert_at = next;
    pos = next;
  }
  std::string after = before;
  if (insert_at == after.size() && !after.empty() && after.back() != '\n') {
    after += '\n';
    insert_at = after.size();
  }
  after.insert(insert_at, row + "\n");
  // Refuse a write that lint rejects: check the new table set before replacing the file.
  const fs::path staged = fs::temp_directory_path() / ("normname-add-" + std::to_string(::getpid()));
  fs::remove_all(staged);
  fs::create_directories(staged / "aliases");
  for (const auto& f : alias_files(dir)) fs::copy_file(f, staged / "aliases" / f.filename());
  { std::ofstream(staged / "aliases" / target.filename(), std::ios::binary | std::ios::trunc) << after; }
  std::size_t errors = 0;
  for (const auto& d : lint_aliases(Tables::layered({staged}))) {
    if (d.severity != Diagnostic::Severity::error) continue;
    ++errors;
    std::cerr << "normname tables add: would make the table invalid: line " << d.line << ": " << d.message << '\n';
  }
  fs::remove_all(staged);
  if (errors) return kExitDataErr;
  write_atomically(target, after);
  std::cout << target.string() << ": added " << a.kind << " '" << a.name << "' to " << a.id << '\n';
  return kExitOk;
}

// Applies `edit` to every table of DIR, then lints the result and writes the changed files
// atomically, each under its lock. Nothing is written if lint finds an error.
int edit_tables(const std::string& dir, const char* what,
                const std::function<std::optional<std::string>(const std::vector<std::string>&)>& edit,
                const std::function<std::string(const std::filesystem::path&)>& append = {}) {
  namespace fs = std::filesystem;
  if (dir.empty()) {
    std::cerr << "normname tables " << what << ": name the tables directory to write with --tables DIR\n";
    return kExitUsage;
  }
  std::vector<std::unique_ptr<TableLock>> locks;
  std::vector<std::pair<fs::path, std::string>> changed;
  const fs::path staged = fs::temp_directory_path() / ("normname-" + std::string(what) + "-" + std::to_string(::getpid()));
  fs::remove_all(staged);
  fs::create_directories(staged / "aliases");
  for (const auto& f : alias_files(dir)) {
    locks.push_back(std::make_unique<TableLock>(f));
    const std::string before = slurp(f);
    std::string after = edit_rows(before, edit);
    if (append) after += append(f);
    if (after != before) changed.emplace_back(f, after);
    std::ofstream(staged / "aliases" / f.filename(), std::ios::binary) << after;
  }
  std::size_t errors = 0;
  for (const auto& d : lint_aliases(Tables::layered({staged}))) {
    if (d.severity != Diagnostic::Severity::error) continue;
    ++errors;
    std::cerr << "normname tables " << what << ": would make the tables invalid: " << fs::path(d.file).filename().string()
              << ":" << d.line << ": " << d.message << '\n';
  }
  fs::remove_all(staged);
  if (errors) return kExitDataErr;
  for (const auto& [file, content] : changed) {
    write_atomically(file, content);
    std::cout << file.string() << ": " << what << '\n';
  }
  return kExitOk;
}

int cmd_tables_merge(const std::string& dir, const std::string& from, const std::string& into) {
  // FROM's names move to INTO (a preferred name becomes an alias: INTO keeps its own), and
  // FROM's entity row becomes a merge record, so that FROM still resolves.
  bool found = false;
  int rc = edit_tables(dir, "merge", [&](const std::vector<std::string>& f) -> std::optional<std::string> {
    if (f.size() < 3 || f[0] != from) return std::nullopt;
    found = true;
    std::vector<std::string> g = f;
    if (g[1] == "person" || g[1] == "place" || g[1] == "organisation") return from + "\tmerged\t" + into;
    if (g[1] == "merged") return std::nullopt;
    g[0] = into;
    if (g[1] == "preferred") g[1] = "alias";
    std::string line;
    for (std::size_t i = 0; i < g.size(); ++i) line += (i ? "\t" : "") + g[i];
    return line;
  });
  if (!found && rc == kExitOk) {
    std::cerr << "normname tables merge: no rows for " << from << " in " << dir << '\n';
    return kExitUsage;
  }
  return rc;
}

int cmd_tables_rename(const std::string& dir, const std::string& old_id, const std::string& new_id) {
  // Every row and merge target of OLD now says NEW; a merge record keeps OLD resolving.
  bool found = false;
  std::filesystem::path home;
  int rc = edit_tables(
      dir, "rename",
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
        std::string line;
        for (std::size_t i = 0; i < g.size(); ++i) line += (i ? "\t" : "") + g[i];
        return line;
      },
      [&](const std::filesystem::path& f) -> std::string {
        // The merge record goes into the table that held the entity.
        const std::string text = slurp(f);
        if (text.find(old_id + "\t") != 0 && text.find("\n" + old_id + "\t") == std::string::npos) return {};
        return (text.empty() || text.back() == '\n' ? "" : "\n") + old_id + "\tmerged\t" + new_id + "\n";
      });
  if (!found && rc == kExitOk) {
    std::cerr << "normname tables rename: no rows for " << old_id << " in " << dir << '\n';
    return kExitUsage;
  }
  return rc;
}

int cmd_tables_split(const std::string& dir, const std::string& id, const std::string& new_id, const std::string& names_arg,
                     const std::string& type) {
  // The listed names of ID move to a new entity NEW (type TYPE), declared next to ID.
  std::set<std::string> names;
  std::size_t pos = 0;
  while (pos <= names_arg.size()) {
    std::size_t bar = names_arg.find('|', pos);
    if (bar == std::string::npos) bar = names_arg.size();
    if (bar > pos) names.insert(names_arg.substr(pos, bar - pos));
    pos = bar + 1;
  }
  std::set<std::string> moved;
  std::string first;
  bool declared = false;
  int rc = edit_tables(
      dir, "split",
      [&](const std::vector<std::string>& f) -> std::optional<std::string> {
        if (f.size() < 3 || f[0] != id || !names.count(f[2])) return std::nullopt;
        if (f[1] != "preferred" && f[1] != "alias" && f[1] != "former" && f[1] != "misspelling") return std::nullopt;
        std::vector<std::string> g = f;
        g[0] = new_id;
        if (first.empty()) first = f[2];
        moved.insert(f[2]);
        std::string line;
        for (std::size_t i = 0; i < g.size(); ++i) line += (i ? "\t" : "") + g[i];
        return line;
      },
      [&](const std::filesystem::path& f) -> std::string {
        // Called after each file's rows: declare NEW once, in the first file names moved in.
        if (declared || moved.empty()) return {};
        declared = true;
        const std::string text = slurp(f);
        return (text.empty() || text.back() == '\n' ? "" : "\n") + new_id + "\t" + type + "\t" + first + "\n";
      });
  if (rc == kExitOk && moved.size() != names.size()) {
    std::cerr << "normname tables split: " << names.size() - moved.size() << " of the names are not names of " << id << '\n';
    return moved.empty() ? kExitUsage : kExitOk;
  }
  return rc;
}

int cmd_tables_compile(const std::string& dir) {
  namespace fs = std::filesystem;
  const Context ctx(Tables::layered({dir}));
  fs::create_directories(fs::path(dir) / "index");
  for (const auto& file : alias_files(dir)) {
    TableLock lock(file);
    const std::string rel = "aliases/" + file.filename().string();
    write_atomically(fs::path(dir) / "index" / file.filename(), compile_index(ctx, rel));
    std::cout << (fs::path(dir) / "index" / file.filename()).string() << ": compiled\n";
  }
  return kExitOk;
}

int cmd_tables_diff(const std::string& old_dir, const std::string& new_dir) {
  // What a reviewer needs: names added, removed, moved between IDs; merges added.
  auto names = [](const std::string& dir) {
    std::map<std::string, std::set<std::string>> by_name;  // name -> IDs
    std::set<std::string> merges;
    for (const auto& r : read_aliases(Tables::layered({dir}).without("translit/"))) {
      if (r.kind == "merged") merges.insert(r.id + " -> " + r.value);
      if (r.kind == "preferred" || r.kind == "alias" || r.kind == "former" || r.kind == "misspelling") {
        by_name[r.value].insert(r.id);
      }
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
  return kExitOk;
}

int cmd_tables_stats(const std::string& dir, const Context& ctx) {
  const Tables tables = dir.empty() ? Tables::builtin() : Tables::layered({dir});
  std::map<std::string, std::size_t> types, langs, scripts, names_of;
  std::map<std::string, std::string> type_of;
  std::size_t aliases = 0;
  for (const auto& r : read_aliases(tables)) {
    if (r.kind == "person" || r.kind == "place" || r.kind == "organisation") {
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

// A name's language tag for a suggested row: the first word's, or none for a line that has
// no word at all (" ", "...", U+200B).
std::string lang_of(const Context& ctx, std::string_view name) {
  auto tokens = ctx.detect_script(name);
  return tokens.empty() ? std::string() : tokens.front().lang;
}

int cmd_tables_suggest(const Context& ctx, const Common& c, double min_score) {
  int status = kExitOk;
  auto lines = read_all(c.input, std::cerr, status);
  if (!lines) return status;
  const bool progress = isatty(STDERR_FILENO) && lines->size() > 100;
  std::vector<std::string> unresolved;
  std::set<std::string> seen;
  std::cout << "# Suggested additions for the alias tables (normname tables suggest). Review, then\n"
               "# copy the rows you accept into a table; nothing has been written.\n";
  for (std::size_t i = 0; i < lines->size(); ++i) {
    if (progress && (i % 50 == 0 || i + 1 == lines->size())) {
      std::cerr << "\rsuggest: " << i + 1 << "/" << lines->size() << std::flush;
    }
    const std::string name((*lines)[i].input());
    if (name.empty() || !seen.insert(name).second) continue;
    Resolution r = ctx.resolve(name);
    if (r.id) continue;  // already resolves
    if (r.candidate && r.rejected_score >= min_score) {
      std::cout << "\n# " << (*lines)[i].where() << ": '" << name << "' is close to " << *r.candidate << " ('" << r.rejected_alias
                << "', score " << fmt_score(r.rejected_score) << "): " << r.explanation << "\n"
                << *r.candidate << "\talias\t" << name << "\t" << lang_of(ctx, name) << "\tsuggest\n";
    } else {
      unresolved.push_back(name);
    }
  }
  if (progress) std::cerr << "\n";
  // Names that fit no entity: group them, one new entity per group.
  std::vector<std::size_t> groups = ctx.cluster(unresolved);
  std::map<std::size_t, std::vector<std::string>> by_group;
  for (std::size_t i = 0; i < unresolved.size(); ++i) by_group[groups[i]].push_back(unresolved[i]);
  std::size_t n = 0;
  for (const auto& [g, names] : by_group) {
    // A local ID from the first spelling's key (X + its words, capitalized).
    std::string id = "X";
    bool up = true;
    for (char ch : ctx.key(names.front())) {
      if (ch == ' ') {
        up = true;
        continue;
      }
      id.push_back(up ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch);
      up = false;
    }
    if (id == "X") id += std::to_string(++n);
    std::cout << "\n# new entity: " << names.size() << " spelling(s) that resolve to nothing and match each other\n"
              << id << "\tperson\t" << names.front() << "\t# type to check\n";
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::cout << id << '\t' << (i == 0 ? "preferred" : "alias") << '\t' << names[i] << '\t'
                << lang_of(ctx, names[i]) << "\tsuggest\n";
    }
  }
  return status;
}

int cmd_resolve(const Context& ctx, const Common& c, bool explain) {
  const Format f = parse_format(c.format, c.input.field > 0 || c.input.csv ? Format::tsv : Format::jsonl);
  std::vector<std::string> columns{"id", "score", "alias"};
  if (explain) columns.push_back("explanation");
  return run_filter(c.input, std::cout, std::cerr, shape_of(f, columns), [&](const Line& line) -> std::string {
    if (line.blank()) return {};
    Resolution r = ctx.resolve(line.input());
    if (f == Format::jsonl) {
      json j{{"input", line.input()},
             {"id", r.id ? json(*r.id) : json(nullptr)},
             {"score", rounded(r.score)},
             {"alias", r.id ? json(r.alias) : json(nullptr)}};
      // Another ID that also matched: the table may hold two entities this name fits.
      if (r.runner_up) {
        j["runner_up"] = *r.runner_up;
        j["runner_up_score"] = rounded(r.runner_up_score);
      }
      // On a miss, what came closest, named as what it is: not an answer.
      if (!r.id && r.candidate) {
        j["rejected"] = {{"id", *r.candidate}, {"alias", r.rejected_alias}, {"score", rounded(r.rejected_score)}};
      }
      if (explain) j["explanation"] = r.explanation;
      return json_line(line, j);
    }
    std::vector<std::string> cols{r.id.value_or(""), fmt_score(r.score), r.alias};
    if (explain) cols.push_back(r.explanation);
    return shaped(line, cols, f, c.input);
  });
}

// A column number: 1 or more, said plainly when it is not.
std::string check_column(const std::string& v) {
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos || std::stoul(v) == 0) {
    return "expects a column number, 1 or more (got '" + v + "')";
  }
  return {};
}

std::string check_encoding(const std::string& e) {
  if (e == "list" || is_utf8_charset(e)) return {};
  try {
    Decoder d(e);
  } catch (const normname::error&) {
    return "unknown encoding '" + e + "' (see: normname --encoding list)";
  }
  return {};
}

// Options every filter subcommand reads; registered on each so that its --help shows them.
void add_common(CLI::App& app, Common& c) {
  app.add_option("--field", c.input.field, "Read the name from column N (1-based) and append the result columns to the row")
      ->check(check_column, "N")
      ->type_name("N");
  app.add_option("--delimiter", c.input.delimiter, "Column delimiter for --field, --csv and match input (default: TAB; ',' with --csv)")
      ->type_name("C");
  app.add_flag("--csv", c.input.csv, "Read and write RFC 4180 CSV: quoted fields, \"\" escapes, delimiters and line breaks in quotes");
  app.add_flag("--header", c.input.header, "The first row names the columns: written back with the result columns' names appended");
  app.add_option("--format", c.format, "Output format: text (the result), tsv (the input row, then the result), jsonl")
      ->check(CLI::IsMember({"text", "tsv", "jsonl"}))
      ->type_name("FORMAT");
  app.add_option("--encoding", c.input.encoding,
                 "Input charset: utf-8 (default), or any ICU knows: windows-1251, koi8-u, cp866, iso-8859-2, UTF-16, ...; "
                 "'list' prints them")
      ->check(check_encoding, "CHARSET")
      ->type_name("CHARSET");
  app.add_flag("--strict", c.input.strict, "Stop at the first bad line (exit status 65) instead of replacing");
  app.add_option("--tables", c.tables, "Layer a directory of tables over the built-in ones (repeatable)")->type_name("DIR");
  app.add_flag("--line-buffered", c.input.line_buffered, "Write every output line at once (default when output is a terminal)");
  app.add_option("-o,--output", c.output, "Write to FILE instead of standard output")->type_name("FILE");
  app.add_option("files", c.input.files, "Input files, read in turn (default, or -: standard input)")->type_name("FILE");
}

}  // namespace

// Standard output, or -o FILE: every write checked (output.hpp).
OutputBuffer* g_output = nullptr;

int run(int argc, char** argv) {
  CLI::App app{"normname: reconcile spellings of names across Cyrillic, Serbian Latin and English.\n"
               "Reads one name per line on standard input and writes one result per line, in order."};
  app.footer(
      "Examples:\n"
      "  echo 'Пётр Никитин' | normname                 # Pëtr Nikitin\n"
      "  echo 'Vučić' | normname translit --scheme sr-cyrl   # Вучић\n"
      "  printf 'Vucic\\tВучић\\n' | normname match         # 1.000<TAB>same\n"
      "  normname resolve < names.txt                      # JSON Lines with canonical IDs\n"
      "Docs: docs/cli.md");
  app.set_version_flag("--version", [] { return version_string(); });
  // Every message starts with "normname:", parse errors too.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    const std::string what = e.what();
    return "normname: " + what + (what.find("(see:") == std::string::npos ? " (see: normname --help)\n" : "\n");
  });
  app.require_subcommand(0, 1);
  Common c;
  add_common(app, c);
  app.fallthrough();

  std::string scheme = "auto-latn";
  std::string from;
  std::size_t candidates = 0;
  bool list = false;
  auto* translit = app.add_subcommand("translit", "Transliterate each line under a named scheme (default auto-latn)");
  translit->add_option("--scheme", scheme, "Scheme ID (see --list)");
  translit->add_flag("--list", list, "List the schemes: ID, description, standard");
  translit->add_option("--from", from,
                       "Source language instead of --scheme: auto (per token, by detected language), ru, sr, uk, be, mk, bg; "
                       "or latn-ru for romanized Russian back to Cyrillic")
      ->excludes(translit->get_option("--scheme"));
  translit->add_option("--candidates", candidates, "Print up to K readings per line, best first (TAB-separated)")
      ->check(CLI::PositiveNumber);
  translit->footer("Examples:\n  echo 'Александар Вучић' | normname translit --scheme sr-latn   # Aleksandar Vučić\n"
                   "  echo 'Đorđe' | normname translit --scheme latn-ascii            # Djordje\n"
                   "  echo 'Vučić Вучич' | normname translit --from auto                # Vučić Vuchich\n"
                   "  echo 'Khazina' | normname translit --scheme latn-ru --candidates 3  # Хазина ...\n"
                   "  normname translit --list");
  auto* key = app.add_subcommand("key", "Print one match key per line");
  bool key_explain = false;
  key->add_flag("--explain", key_explain, "Append a column with each stage's output: normalize, tokens and schemes, romanize, ascii, key, skeletons");
  key->footer("Examples:\n  echo 'Александр Вучич' | normname key   # aleksandr vuchich\n"
              "  echo 'Пётр Хазина' | normname key --explain");
  bool explain = false;
  auto* match = app.add_subcommand("match", "Score pairs: input name1<TAB>name2, output score<TAB>same|different");
  match->add_flag("--explain", explain, "Append a third column that explains the score");
  bool no_aliases = false;
  const char* no_aliases_help = "Compare spellings only: ignore that the alias tables resolve both names to one ID";
  match->add_flag("--no-aliases", no_aliases, no_aliases_help);
  match->footer("Example:\n  printf 'Pyotr Nikitin\\tPetr Nikitin\\n' | normname match --explain");
  auto* cluster = app.add_subcommand("cluster", "Group names into entities: output label<TAB>name, in input order");
  cluster->add_flag("--no-aliases", no_aliases, no_aliases_help);
  cluster->footer("Reads the whole input before writing (it compares names with each other).\n"
                  "Example:\n  printf 'Vucic\\nВучић\\nPutin\\n' | normname cluster   # 1 Vucic / 1 Вучић / 2 Putin");
  auto* resolve = app.add_subcommand("resolve", "Resolve names to canonical IDs: JSON Lines {input,id,score,alias}");
  bool resolve_explain = false;
  resolve->add_flag("--explain", resolve_explain, "Add how the best alias matched, part by part");
  resolve->footer("Example:\n  echo 'Александар Вучић' | normname resolve\n"
                  "  normname resolve --tables my-tables/ < names.txt");
  auto* parse = app.add_subcommand("parse", "Split each name into parts with roles: JSON Lines {input, parts, gender}");
  parse->footer("Example:\n  echo 'NIKITIN, Pyotr Ivanovich' | normname parse --format text\n"
                "  # family:NIKITIN given:Pyotr patronymic:Ivanovich male");
  auto* tables = app.add_subcommand("tables", "Maintain alias tables: lint, fmt, add (see docs/tables.md)");
  tables->require_subcommand(1);
  std::string lint_dir, fmt_dir;
  bool fmt_check = false;
  auto* t_lint = tables->add_subcommand("lint", "Check alias tables: file:line: severity: message; exit 1 on errors");
  t_lint->add_option("dir", lint_dir, "Tables directory (default: the built-in tables)");
  std::string lint_format = "text";
  t_lint->add_option("--format", lint_format, "text (file:line: severity: message), json (one array) or jsonl")
      ->check(CLI::IsMember({"text", "json", "jsonl"}));
  t_lint->footer("Example:\n  normname tables lint my-tables/\n  normname tables lint --format json my-tables/");
  auto* t_fmt = tables->add_subcommand("fmt", "Rewrite alias tables into canonical order and spacing");
  t_fmt->add_option("dir", fmt_dir, "Tables directory")->required();
  t_fmt->add_flag("--check", fmt_check, "Only report files that are not in canonical form (exit 1)");
  t_fmt->footer("Example:\n  normname tables fmt --check tables/");
  AddArgs add_args;
  auto* t_add = tables->add_subcommand("add", "Add a name to an entity, atomically and under a lock");
  t_add->add_option("id", add_args.id, "Entity ID")->required();
  t_add->add_option("name", add_args.name, "The name to add")->required();
  t_add->add_option("--lang", add_args.lang, "Language tag (ru, sr-Cyrl, sr-Latn, en, ...)");
  t_add->add_option("--kind", add_args.kind, "preferred, alias, former or misspelling (default alias)")
      ->check(CLI::IsMember({"preferred", "alias", "former", "misspelling"}));
  t_add->add_option("--source", add_args.source, "Where the spelling was seen");
  t_add->add_option("--note", add_args.note, "A note for reviewers");
  t_add->add_option("--file", add_args.file, "Table to write, relative to the tables directory (for a new entity)");
  t_add->footer("Example:\n  normname tables add XVucicAleksandar 'Vuchich' --lang en --source press --tables my-tables/");
  std::string merge_from, merge_into, rename_old, rename_new, diff_old, diff_new, stats_dir;
  auto* t_merge = tables->add_subcommand("merge", "Move FROM's names to INTO and record FROM as merged into INTO");
  t_merge->add_option("from", merge_from, "ID merged away")->required();
  t_merge->add_option("into", merge_into, "ID that stays")->required();
  t_merge->footer("Example:\n  normname tables merge XVucic2 XVucicAleksandar --tables my-tables/");
  auto* t_rename = tables->add_subcommand("rename", "Change an ID everywhere; the old ID still resolves");
  t_rename->add_option("old", rename_old, "Old ID")->required();
  t_rename->add_option("new", rename_new, "New ID (e.g. the Wikidata Q-number)")->required();
  t_rename->footer("Example:\n  normname tables rename XVucicAleksandar Q57314 --tables my-tables/");
  auto* t_diff = tables->add_subcommand("diff", "Semantic diff of two tables directories: + added, - removed, ~ moved, merge");
  t_diff->add_option("old", diff_old, "Old tables directory")->required();
  t_diff->add_option("new", diff_new, "New tables directory")->required();
  t_diff->footer("Example:\n  normname tables diff old/ new/");
  auto* t_stats = tables->add_subcommand("stats", "Counts per type, language and script; entities with fewer than two names");
  t_stats->add_option("dir", stats_dir, "Tables directory (default: the built-in tables)");
  t_stats->footer("Example:\n  normname tables stats my-tables/");
  std::string split_id, split_new, split_names, split_type = "person";
  auto* t_split = tables->add_subcommand("split", "Move some names of an entity to a new entity");
  t_split->add_option("id", split_id, "Entity that keeps the other names")->required();
  t_split->add_option("new", split_new, "New entity ID")->required();
  t_split->add_option("--names", split_names, "The names to move, separated by |")->required();
  t_split->add_option("--type", split_type, "Type of the new entity (default person)")
      ->check(CLI::IsMember({"person", "place", "organisation"}));
  t_split->footer("Example:\n  normname tables split XRublev XRublevPainter --names 'Andrei Rublev|Андрей Рублёв' --tables t/");
  std::string compile_dir;
  auto* t_compile = tables->add_subcommand("compile", "Prebuild the index resolve loads, for large tables (DIR/index/)");
  t_compile->add_option("dir", compile_dir, "Tables directory")->required();
  t_compile->footer("Example:\n  normname tables compile my-tables/   # then: normname resolve --tables my-tables/");
  double suggest_min = 0.5;
  auto* t_suggest = tables->add_subcommand("suggest", "Propose table rows for names that do not resolve (a patch to review)");
  t_suggest->add_option("--min-score", suggest_min, "Lowest score for proposing an alias of an existing ID (default 0.5)");
  t_suggest->footer("Example:\n  normname tables suggest --tables my-tables/ < names.txt > proposal.tsv");
  for (auto* sub : {tables, t_lint, t_fmt, t_add, t_merge, t_rename, t_diff, t_stats, t_suggest, t_split, t_compile}) {
    sub->fallthrough();
  }
  for (auto* sub : {translit, key, match, cluster, resolve, parse, t_suggest}) {
    sub->fallthrough();
    add_common(*sub, c);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (c.input.encoding == "list") return cmd_encodings();
  if (c.input.csv && c.input.delimiter == '\t' && !app.get_option("--delimiter")->count()) {
    bool given = false;
    for (auto* sub : app.get_subcommands()) given |= sub->get_option_no_throw("--delimiter") && sub->get_option("--delimiter")->count();
    if (!given) c.input.delimiter = ',';
  }
  if (!c.output.empty() && c.output != "-") {
    // The output must not be one of the inputs: it is truncated before they are read.
    struct stat out_st {};
    const bool exists = ::stat(c.output.c_str(), &out_st) == 0;
    for (const auto& f : c.input.files) {
      struct stat in_st {};
      if (exists && f != "-" && ::stat(f.c_str(), &in_st) == 0 && in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino) {
        std::cerr << "normname: " << c.output << " is also an input; write the output elsewhere\n";
        return kExitUsage;
      }
    }
    const int fd = ::open(c.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
      std::cerr << "normname: cannot write " << c.output << ": " << std::strerror(errno) << '\n';
      return kExitIoErr;
    }
    g_output->retarget(fd, c.output);
  }
  if (!c.input.line_buffered && isatty(STDOUT_FILENO) && (c.output.empty() || c.output == "-")) c.input.line_buffered = true;

  try {
    if (*t_lint) return cmd_tables_lint(lint_dir, lint_format);
    if (*t_fmt) return cmd_tables_fmt(fmt_dir, fmt_check);
    const std::string write_dir = c.tables.empty() ? std::string() : c.tables.back();
    if (*t_add) return cmd_tables_add(write_dir, add_args);
    if (*t_merge) return cmd_tables_merge(write_dir, merge_from, merge_into);
    if (*t_rename) return cmd_tables_rename(write_dir, rename_old, rename_new);
    if (*t_split) return cmd_tables_split(write_dir, split_id, split_new, split_names, split_type);
    if (*t_diff) return cmd_tables_diff(diff_old, diff_new);
    if (*t_compile) return cmd_tables_compile(compile_dir);
    if (*t_stats) return cmd_tables_stats(stats_dir, Context());
    std::vector<std::filesystem::path> dirs(c.tables.begin(), c.tables.end());
    Context ctx(dirs.empty() ? Tables::builtin() : Tables::layered(dirs));
    // match and cluster also use the alias tables (an exonym, a former name) unless told
    // not to; --no-aliases measures what the name tables do alone (docs/matching.md).
    ctx.set_use_aliases(!no_aliases);
    if (*parse) return cmd_parse(ctx, c);
    if (*key) return cmd_key(ctx, c, key_explain);
    if (*match) return cmd_match(ctx, c, explain);
    if (*cluster) return cmd_cluster(ctx, c);
    if (*resolve) return cmd_resolve(ctx, c, resolve_explain);
    if (*t_suggest) return cmd_tables_suggest(ctx, c, suggest_min);
    if (*translit && list) return cmd_list(ctx, c);
    if (!from.empty()) {
      // --from LANG: the scheme auto-latn uses for that language; auto: auto-latn itself.
      scheme = from == "auto" ? "auto-latn" : from;
      if (from != "auto" && !ctx.has_scheme(from)) {
        auto target = ctx.default_scheme(from);
        if (!target) {
          std::cerr << "normname: no scheme for --from " << from << " (see: normname translit --list)\n";
          return kExitUsage;
        }
        scheme = *target;
      }
    }
    return cmd_translit(ctx, c, scheme, candidates);
  } catch (const normname::error& e) {
    std::cerr << "normname: " << e.what() << "\n";
    return e.code() == errc::io_error ? kExitNoInput : kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "normname: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);  // reading a line must not flush the output
  // A reader that goes away (| head -1) is a write error EPIPE, handled below, not a signal.
  std::signal(SIGPIPE, SIG_IGN);
  OutputBuffer out(STDOUT_FILENO, "standard output");
  std::streambuf* const original = std::cout.rdbuf(&out);
  g_output = &out;
  int status = run(argc, argv);
  std::cout.flush();
  const bool ok = out.finish();
  std::cout.rdbuf(original);
  if (out.broken_pipe()) return status == kExitIoErr ? kExitOk : status;  // the reader had what it wanted
  if (!ok) {
    std::cerr << "normname: cannot write " << out.name() << ": " << std::strerror(out.error()) << '\n';
    return kExitIoErr;
  }
  return status;
}
