// normname: a line-oriented filter over the normname library. Every subcommand reads one
// record per input line and writes exactly one per line, in order (cluster reads all first).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
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
#include "tables.hpp"
#include "normname/limits.hpp"
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
  bool strict_scripts = false;  // refuse names with a word that mixes scripts
  bool replace_builtin = false;  // --replace-builtin
  std::string engine = "auto";   // --engine: auto (transducers) or icu (the reference)
};

// A name longer than kMaxNameBytes is refused (the library would read only its start).
// --strict-scripts: a word mixing Latin and Cyrillic letters (Vuсiс with a Cyrillic с) is
// refused instead of being read in one script.
void check_scripts(const Context& ctx, const Common& c, std::string_view name, bool is_name = true) {
  if (is_name && name.size() > kMaxNameBytes) {
    throw LineError{"a name is at most " + std::to_string(kMaxNameBytes) + " bytes; this one has " +
                    std::to_string(name.size()) + " (docs/cli.md, Limits)"};
  }
  if (!c.strict_scripts) return;
  for (const auto& t : ctx.detect_script(name)) {
    if (t.script == Script::mixed) {
      throw LineError{"'" + std::string(name.substr(t.offset, t.length)) + "' mixes Latin and Cyrillic letters (--strict-scripts)"};
    }
  }
}

std::string fmt_score(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

double rounded(double s) {
  if (s == 0.0 || s == 1.0) return s;  // most scores, and exact in any format
  return std::stod(fmt_score(s));
}

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
// One result: the same, and in the usual case (text, the whole line) the result itself,
// moved rather than copied twice.
std::string shaped(const Line& line, std::string result, Format f, const InputOptions& in) {
  if (line.blank()) return {};
  if (f == Format::text && !line.split) return result;
  return row_with(line, {std::move(result)}, in);
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
    check_scripts(ctx, c, line.input(), false);
    std::string out = ctx.transliterate(line.input(), scheme, opts);
    if (f == Format::jsonl) return json_line(line, {{"input", line.input()}, {"output", out}, {"scheme", scheme}});
    return shaped(line, std::move(out), f, c.input);
  });
}

int cmd_list(const Context& ctx, const Common& c) {
  const Format f = parse_format(c.format, Format::text);
  for (const auto& s : ctx.list_schemes()) {
    if (f == Format::jsonl) {
      std::cout << dump({{"id", s.id}, {"description", s.description}, {"standard", s.standard},
                         {"direction", s.direction}, {"source", s.source}, {"engine", ctx.scheme_engine(s.id)}})
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
  for (const auto& w : t.lookalikes) out += " | look-alikes: " + w.written + " read as " + w.read_as;
  if (!t.language.empty()) out += " | language: " + t.language + " (all words)";
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
  json lookalikes = json::array();
  for (const auto& w : t.lookalikes) lookalikes.push_back({{"written", w.written}, {"read_as", w.read_as}});
  return {{"normalized", t.normalized}, {"lookalikes", lookalikes}, {"language", t.language}, {"tokens", tokens}, {"romanized", t.romanized},
          {"ascii", t.ascii}, {"skeletons", skeletons}};
}

int cmd_key(const Context& ctx, const Common& c, bool explain) {
  const Format f = parse_format(c.format, Format::text);
  std::vector<std::string> columns{"key"};
  if (explain) columns.push_back("explanation");
  return run_filter(c.input, std::cout, std::cerr, shape_of(f, columns), [&](const Line& line) {
    check_scripts(ctx, c, line.input());
    if (explain) {
      const KeyTrace t = ctx.explain_key(line.input());
      if (f == Format::jsonl) return json_line(line, {{"input", line.input()}, {"key", t.key}, {"stages", explain_json(t)}});
      return shaped(line, {t.key, explain_text(t)}, f, c.input);
    }
    std::string k = ctx.key(line.input());
    if (f == Format::jsonl) return json_line(line, {{"input", line.input()}, {"key", k}});
    return shaped(line, std::move(k), f, c.input);
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
    check_scripts(ctx, c, a);
    check_scripts(ctx, c, b);
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

// A local ID from a key: X + its words, capitalized ("katya khazina" -> XKatyaKhazina).
std::string local_id(std::string_view key) {
  std::string id = "X";
  bool up = true;
  for (char ch : key) {
    if (ch == ' ') {
      up = true;
      continue;
    }
    id.push_back(up ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch);
    up = false;
  }
  return id;
}

// cluster --entity: each group's entity. The canonical ID most of its names resolve to; or,
// for a group the tables do not know, "new:" and a local ID from the smallest key among its
// names (so the same spellings get the same key whatever their order).
std::unordered_map<std::size_t, std::string> group_entities(const Context& ctx, const std::vector<std::string>& names,
                                                            const std::vector<std::size_t>& groups) {
  std::unordered_map<std::size_t, std::map<std::string, std::size_t>> votes;
  std::unordered_map<std::size_t, std::string> smallest;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string k = ctx.key(names[i]);
    if (k.empty()) continue;
    auto [it, fresh] = smallest.emplace(groups[i], k);
    if (!fresh && k < it->second) it->second = k;
    if (auto r = ctx.resolve(names[i]); r.id) ++votes[groups[i]][*r.id];
  }
  std::unordered_map<std::size_t, std::string> out;
  for (const auto& [g, k] : smallest) {
    auto v = votes.find(g);
    if (v == votes.end()) {
      out[g] = "new:" + local_id(k);
      continue;
    }
    const auto best = std::max_element(v->second.begin(), v->second.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    out[g] = best->first;
  }
  return out;
}

int cmd_cluster(const Context& ctx, const Common& c, bool entity) {
  const Format f = parse_format(c.format, Format::text);
  int status = kExitOk;
  auto lines = read_all(c.input, std::cerr, status);
  if (!lines) return status;
  std::vector<std::string> names;
  names.reserve(lines->size());
  std::vector<std::string> refused(lines->size());
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const Line& l = (*lines)[i];
    try {
      if (!l.header) check_scripts(ctx, c, l.input());
    } catch (const LineError& e) {
      refused[i] = e.message;
    }
    names.emplace_back(l.header || !refused[i].empty() ? std::string_view() : l.input());
  }
  std::vector<std::size_t> groups = ctx.cluster(names);
  const auto entities = entity ? group_entities(ctx, names, groups) : std::unordered_map<std::size_t, std::string>{};
  // Labels 1, 2, ... in order of first appearance among names (an empty line has no name,
  // so no group, and its output line is empty).
  std::unordered_map<std::size_t, std::size_t> label_of;
  for (std::size_t i = 0; i < lines->size() && std::cout; ++i) {
    const Line& l = (*lines)[i];
    if (l.header) {
      std::vector<std::string> cols{"label"};
      if (entity) cols.push_back("entity");
      std::vector<std::string> all = l.fields;
      all.insert(all.end(), cols.begin(), cols.end());
      std::cout << (f == Format::jsonl ? dump({{"header", all}}) : row_with(l, cols, c.input)) << '\n';
      continue;
    }
    if (l.blank() || !refused[i].empty()) {
      if (!refused[i].empty()) std::cerr << "normname: " << l.where() << ": " << refused[i] << '\n';
      std::cout << '\n';
      continue;
    }
    const std::size_t n = label_of.emplace(groups[i], label_of.size() + 1).first->second;
    const std::string label = std::to_string(n);
    auto e = entities.find(groups[i]);
    const std::string ent = e == entities.end() ? std::string() : e->second;
    if (f == Format::jsonl) {
      json j{{"input", l.input()}, {"label", n}};
      if (entity) j["entity"] = ent;
      std::cout << json_line(l, j) << '\n';
    } else if (f == Format::text && !l.split) {
      // Label first, so that sort groups them.
      std::cout << label << '\t' << (entity ? ent + "\t" : std::string()) << l.input() << '\n';
    } else {
      std::vector<std::string> cols{label};
      if (entity) cols.push_back(ent);
      std::cout << row_with(l, cols, c.input) << '\n';
    }
  }
  return status;
}

int cmd_parse(const Context& ctx, const Common& c) {
  const Format f = parse_format(c.format, c.input.field > 0 || c.input.csv ? Format::tsv : Format::jsonl);
  return run_filter(c.input, std::cout, std::cerr, shape_of(f, {"parts"}), [&](const Line& line) -> std::string {
    if (line.input().empty() && line.blank()) return {};
    check_scripts(ctx, c, line.input());
    ParsedName p = ctx.parse(line.input());
    if (f != Format::jsonl) {
      // "role:text" per part, then the gender: given:Pyotr family:Nikitin male
      std::string out;
      for (const auto& part : p.parts) out += std::string(to_string(part.role)) + ":" + part.text + " ";
      out += std::string(to_string(p.gender));
      for (const auto& w : p.lookalikes) out += " look-alikes:" + w.written + "=" + w.read_as;
      return shaped(line, std::move(out), f, c.input);
    }
    json parts = json::array();
    for (const auto& part : p.parts) {
      json j{{"text", part.text}, {"role", to_string(part.role)}, {"key", part.key}, {"skeleton", part.skeleton}};
      if (!part.lang.empty()) j["lang"] = part.lang;
      if (part.diminutive) j["diminutive"] = true;
      if (part.feminine_form) j["feminine_form"] = true;
      parts.push_back(j);
    }
    json j{{"input", line.input()}, {"parts", parts}, {"gender", to_string(p.gender)}};
    // Read as a declined name too: the nominatives resolve would try.
    if (const auto declined = ctx.declensions(line.input()); !declined.empty()) {
      json list = json::array();
      for (const auto& d : declined) {
        list.push_back({{"text", d.text}, {"case", d.grammatical_case}, {"gender", to_string(d.gender)}});
      }
      j["declined"] = std::move(list);
    }
    if (!p.lookalikes.empty()) {
      // Words written with look-alike letters of another script, and how they were read.
      json words = json::array();
      for (const auto& w : p.lookalikes) words.push_back({{"written", w.written}, {"read_as", w.read_as}});
      j["lookalikes"] = words;
    }
    return json_line(line, j);
  });
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
    if (r.id || r.ambiguous) continue;  // already resolves, or fits entities the tables hold
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
    std::string id = local_id(ctx.key(names.front()));
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

// resolve's and tag's JSON, written directly: a JSON tree per line cost more than resolving
// an exact name, and an article names dozens of entities. The same bytes as dump() writes (the CLI test
// compares them): strings escaped as nlohmann does, scores in their shortest form.
void put_string(std::string& out, std::string_view s) {
  out += '"';
  // Runs of bytes that need no escape are appended whole.
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void put_score(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, rounded(v));
  std::string_view n(buf, static_cast<std::size_t>(r.ptr - buf));
  out += n;
  if (n.find_first_of(".e") == std::string_view::npos) out += ".0";
}

// `,"ambiguous":true,"fits":[{"id", "alias", "score"}, ...]`: the entities a name fits.
void put_fits(std::string& out, const std::vector<EntityMatch>& fits) {
  out += ",\"ambiguous\":true,\"fits\":[";
  for (std::size_t k = 0; k < fits.size(); ++k) {
    out += k ? ",{\"id\":" : "{\"id\":";
    put_string(out, fits[k].id);
    out += ",\"alias\":";
    put_string(out, fits[k].alias);
    out += ",\"score\":";
    put_score(out, fits[k].score);
    out += '}';
  }
  out += ']';
}

// The JSON of a resolve line besides its strings: field names, scores, an ID and a runner-up.
constexpr std::size_t kResolveLineBytes = 128;

int cmd_resolve(const Context& ctx, const Common& c, bool explain) {
  const Format f = parse_format(c.format, c.input.field > 0 || c.input.csv ? Format::tsv : Format::jsonl);
  std::vector<std::string> columns{"id", "score", "alias"};
  if (explain) columns.push_back("explanation");
  return run_filter(c.input, std::cout, std::cerr, shape_of(f, columns), [&](const Line& line) -> std::string {
    if (line.blank()) return {};
    check_scripts(ctx, c, line.input());
    Resolution r = ctx.resolve(line.input());
    if (f == Format::jsonl) {
      std::string out;
      // Room for the usual line, so that it is not grown piece by piece.
      out.reserve(kResolveLineBytes + line.input().size() + r.alias.size() + (explain ? r.explanation.size() : 0));
      out += "{\"input\":";
      put_string(out, line.input());
      out += ",\"id\":";
      r.id ? put_string(out, *r.id) : void(out += "null");
      out += ",\"score\":";
      put_score(out, r.score);
      out += ",\"alias\":";
      r.id ? put_string(out, r.alias) : void(out += "null");
      // Another ID that also matched: the table may hold two entities this name fits.
      if (r.runner_up) {
        out += ",\"runner_up\":";
        put_string(out, *r.runner_up);
        out += ",\"runner_up_score\":";
        put_score(out, r.runner_up_score);
      }
      // A name that fits several entities (or a family name alone): which, not a guess.
      if (r.ambiguous) {
        put_fits(out, r.fits);
      }
      // A name that fitted only as a declined form: the case and gender it was read in.
      if (!r.reading.empty()) {
        out += ",\"reading\":";
        put_string(out, r.reading);
      }
      // On a miss, what came closest, named as what it is: not an answer.
      if (!r.id && r.candidate) {
        out += ",\"rejected\":{\"id\":";
        put_string(out, *r.candidate);
        out += ",\"alias\":";
        put_string(out, r.rejected_alias);
        out += ",\"score\":";
        put_score(out, r.rejected_score);
        out += '}';
      }
      if (explain) {
        out += ",\"explanation\":";
        put_string(out, r.explanation);
      }
      if (line.split) out += ",\"row\":" + dump(row_json(line));
      return out + '}';
    }
    std::vector<std::string> cols{r.id.value_or(""), fmt_score(r.score), r.alias};
    if (explain) cols.push_back(r.explanation);
    return shaped(line, cols, f, c.input);
  });
}

void put_mentions(std::string& out, const std::vector<Mention>& found, bool explain) {
  out += '[';
  for (std::size_t i = 0; i < found.size(); ++i) {
    const Mention& m = found[i];
    if (i) out += ',';
    out += "{\"begin\":" + std::to_string(m.begin) + ",\"end\":" + std::to_string(m.end) +
           ",\"char_begin\":" + std::to_string(m.char_begin) + ",\"char_end\":" + std::to_string(m.char_end) +
           ",\"text\":";
    put_string(out, m.text);
    out += ",\"id\":";
    if (m.id) {
      put_string(out, *m.id);
    } else {
      out += "null";
    }
    out += ",\"score\":";
    put_score(out, m.score);
    if (m.id) {
      out += ",\"alias\":";
      put_string(out, m.alias);
    }
    if (m.ambiguous) {
      put_fits(out, m.fits);
    }
    out += ",\"case\":";
    put_string(out, m.grammatical_case.empty() ? std::string_view("nominative") : std::string_view(m.grammatical_case));
    out += ",\"gender\":";
    put_string(out, to_string(m.gender));
    if (explain) {
      out += ",\"explanation\":";
      put_string(out, m.explanation);
    }
    out += '}';
  }
  out += ']';
}

// tag: one document per line (the filter's contract: one JSON line out per line in), or with
// --doc each input file whole, as one document.
int cmd_tag(const Context& ctx, const Common& c, bool whole_files, bool explain) {
  if (!whole_files) {
    return run_filter(c.input, std::cout, std::cerr, shape_of(Format::jsonl, {"mentions"}), [&](const Line& line) -> std::string {
      std::string out = "{\"mentions\":";
      put_mentions(out, ctx.tag(line.input()), explain);
      if (line.split) {
        // With columns, the row follows, as in every subcommand's JSON.
        out += ",\"row\":" + dump(row_json(line));
      }
      return out + '}';
    });
  }
  const std::vector<std::string> files = c.input.files.empty() ? std::vector<std::string>{"-"} : c.input.files;
  for (const std::string& file : files) {
    std::string bytes;
    if (file == "-") {
      bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::cerr << "normname: cannot read " << file << ": " << std::strerror(errno) << '\n';
        return kExitNoInput;
      }
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (in.bad()) {
        std::cerr << "normname: cannot read " << file << '\n';
        return kExitNoInput;
      }
    }
    // Offsets are those of the text as UTF-8: of the file itself when it is valid UTF-8.
    std::string text;
    std::size_t invalid = 0;
    if (is_utf8_charset(c.input.encoding)) {
      text = repair_utf8(bytes, &invalid);
    } else {
      std::vector<std::size_t> bad;
      Decoder(c.input.encoding).decode(bytes, true, text, &bad);
      invalid = bad.size();
    }
    const std::string name = file == "-" ? "standard input" : file;
    if (invalid) {
      if (c.input.strict) {
        std::cerr << "normname: " << name << ": not valid " << c.input.encoding << " text (--strict)\n";
        return kExitDataErr;
      }
      std::cerr << "normname: warning: " << name << ": " << invalid << " invalid sequence(s) replaced by U+FFFD\n";
    }
    std::string out = "{\"file\":";
    put_string(out, name);
    out += ",\"mentions\":";
    put_mentions(out, ctx.tag(text), explain);
    std::cout << out << "}\n";
    if (!std::cout) return kExitIoErr;
  }
  return kExitOk;
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
      ->check(check_column, "")
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
      ->check(check_encoding, "")
      ->type_name("CHARSET");
  app.add_flag("--strict", c.input.strict, "Stop at the first bad line (exit status 65) instead of replacing");
  app.add_option("--tables", c.tables, "Layer a directory of tables over the built-in ones (repeatable)")->type_name("DIR");
  app.add_flag("--line-buffered", c.input.line_buffered, "Write every output line at once (default when output is a terminal)");
  app.add_flag("--strict-scripts", c.strict_scripts,
               "Refuse a name with a word that mixes Latin and Cyrillic letters (default: read look-alikes in one script)");
  app.add_flag("--replace-builtin", c.replace_builtin,
               "A --tables file at the path of a built-in table replaces it (default: alias tables are added beside)");
  app.add_option("--engine", c.engine,
                 "What runs rule schemes: auto (compiled transducers, ICU's output byte for byte) or icu (ICU itself)")
      ->check(CLI::IsMember({"auto", "icu"}))
      ->type_name("ENGINE");
  c.input.jobs = default_jobs();
  app.add_option("--jobs", c.input.jobs,
                 "Threads that handle lines (default: the CPUs this process may use, at most " +
                     std::to_string(kMaxDefaultJobs) + "); output stays in input order, byte for byte as with one")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}))
      ->type_name("N");
  app.add_flag_callback("--progress", [&c] { c.input.progress = ProgressMode::on; },
                        "Show progress on stderr (default: when stderr is a terminal and the input passes 4 MB)");
  app.add_option("-o,--output", c.output, "Write to FILE instead of standard output")->type_name("FILE");
  app.add_option("files", c.input.files, "Input files, read in turn (default, or -: standard input)")->type_name("FILE");
}

}  // namespace

// Standard output, or -o FILE: every write checked (output.hpp).
OutputBuffer* g_output = nullptr;
Context* g_context = nullptr;  // the command's context (run)

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
  c.input.delimiter = '\0';  // not given yet (see after parsing)
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
  bool cluster_entity = false;
  cluster->add_flag("--entity", cluster_entity,
                    "Add each group's entity: its canonical ID where the alias tables know it, else new:X... from its smallest key");
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
  auto* tag = app.add_subcommand("tag", "Find mentions of known entities in text: JSON Lines {mentions} per line (--doc: per file)");
  bool tag_doc = false, tag_explain = false;
  tag->add_flag("--doc", tag_doc, "Read each input file whole, as one document (offsets into the file)");
  tag->add_flag("--explain", tag_explain, "Add how each mention fitted its entity");
  tag->footer("Example:\n  echo 'Predsednik Aleksandar Vučić razgovarao je sa Putinom.' | normname tag\n"
              "  normname tag --doc article.txt");
  auto* tables = app.add_subcommand(
      "tables", "Maintain alias tables: lint, fmt, add, merge, rename, split, diff, stats, list, compile, suggest (docs/tables.md)");
  tables->require_subcommand(1);
  tables->footer("Examples:\n"
                 "  normname tables lint my-tables/\n"
                 "  normname tables add XKhazinaKatya 'Katya Khazina' --new person --label 'Katya Khazina' --lang en --tables my-tables/\n"
                 "  normname tables add XKhazinaKatya 'Катя Хазина' --lang ru --source press --tables my-tables/\n"
                 "  normname tables fmt --check my-tables/\n"
                 "  normname tables diff old-tables/ my-tables/\n"
                 "  normname tables list --tables my-tables/\n"
                 "Docs: docs/tables.md");
  TablesOptions topts;

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
  auto* t_add = tables->add_subcommand("add", "Add a name to an entity (or a new entity), atomically and under a lock");
  t_add->add_option("id", add_args.id, "Entity ID")->required();
  t_add->add_option("name", add_args.name, "The name to add")->required();
  t_add->add_option("--lang", add_args.lang, "Language tag (ru, sr-Cyrl, sr-Latn, en, ...)");
  t_add->add_option("--new", add_args.new_type, "Declare the entity too, of this type (the name becomes its preferred name)")
      ->check(CLI::IsMember({"person", "place", "organisation"}))
      ->type_name("TYPE");
  t_add->add_option("--label", add_args.label, "With --new: the entity's label for people")->type_name("TEXT");
  t_add->add_option("--kind", add_args.kind, "preferred, alias, former or misspelling (default alias; preferred with --new)")
      ->check(CLI::IsMember({"preferred", "alias", "former", "misspelling"}));
  t_add->add_option("--source", add_args.source, "Where the spelling was seen");
  t_add->add_option("--note", add_args.note, "A note for reviewers");
  t_add->add_option("--file", add_args.file, "Table to write, aliases/NAME.tsv in the tables directory (default for --new: aliases/local.tsv)");
  t_add->footer("Examples:\n  normname tables add XVucicAleksandar 'Vuchich' --lang en --source press --tables my-tables/\n"
                "  normname tables add XKhazinaKatya 'Katya Khazina' --new person --label 'Katya Khazina' --tables my-tables/");
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
  t_stats->add_flag("--with-builtin", topts.with_builtin, "Count the built-in tables too (default: DIR's own)");
  t_stats->footer("Example:\n  normname tables stats my-tables/");
  auto* t_list = tables->add_subcommand("list", "The tables in force: path, where it was read from, what it replaces");
  t_list->footer("Example:\n  normname tables list --tables my-tables/");
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
  for (auto* sub : {tables, t_lint, t_fmt, t_add, t_merge, t_rename, t_diff, t_stats, t_suggest, t_split, t_compile, t_list}) {
    sub->fallthrough();
  }
  for (auto* sub : {t_fmt, t_add, t_merge, t_rename, t_split, t_compile}) {
    sub->add_option("--wait", topts.wait_seconds, "Seconds to wait for another writer's lock (default 60)")
        ->check(CLI::Range(0, 86400))
        ->type_name("SECONDS");
    sub->add_option("--tables", c.tables, "The tables directory to write")->type_name("DIR");
  }
  for (auto* sub : {translit, key, match, cluster, resolve, parse, tag, t_suggest}) {
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
  // The delimiter's default depends on --csv: '\0' until parsing says otherwise.
  if (c.input.delimiter == '\0') c.input.delimiter = c.input.csv ? ',' : '\t';
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
    topts.dir = c.tables.empty() ? std::string() : c.tables.back();
    topts.layer.replace_builtin = c.replace_builtin;
    if (*t_lint) return tables_lint(topts, lint_dir, lint_format);
    if (*t_fmt) return tables_fmt(topts, fmt_dir, fmt_check);
    if (*t_add) return tables_add(topts, add_args);
    if (*t_merge) return tables_merge(topts, merge_from, merge_into);
    if (*t_rename) return tables_rename(topts, rename_old, rename_new);
    if (*t_split) return tables_split(topts, split_id, split_new, split_names, split_type);
    if (*t_diff) return tables_diff(topts, diff_old, diff_new);
    if (*t_compile) return tables_compile(topts, compile_dir);
    if (*t_stats) return tables_stats(topts, stats_dir);
    if (*t_list) return tables_list(c.tables, topts.layer);
    for (const auto& d : c.tables) {
      std::error_code ec;
      if (!std::filesystem::is_directory(d, ec)) {
        std::cerr << "normname: tables directory not found: " << d << '\n';
        return kExitNoInput;
      }
    }
    std::vector<std::filesystem::path> dirs(c.tables.begin(), c.tables.end());
    // Never destroyed: freeing its caches as the process ends cost up to a tenth of a run,
    // and the process gives the memory back anyway. (Reachable from g_context, so the leak
    // checker does not count it.)
    g_context = new Context(dirs.empty() ? Tables::builtin() : Tables::layered(dirs, topts.layer));
    Context& ctx = *g_context;
    note_replacements(ctx.tables());
    // match and cluster also use the alias tables (an exonym, a former name) unless told
    // not to; --no-aliases measures what the name tables do alone (docs/matching.md).
    ctx.set_use_aliases(!no_aliases);
    if (c.engine == "icu") ctx.set_translit_engine(TranslitEngine::icu);
    if (*parse) return cmd_parse(ctx, c);
    if (*key) return cmd_key(ctx, c, key_explain);
    if (*match) return cmd_match(ctx, c, explain);
    if (*cluster) return cmd_cluster(ctx, c, cluster_entity);
    if (*resolve) return cmd_resolve(ctx, c, resolve_explain);
    if (*tag) return cmd_tag(ctx, c, tag_doc, tag_explain);
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
    return kExitFailure;
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
