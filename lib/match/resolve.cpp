#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "match/matcher.hpp"
#include "names/parser.hpp"
#include "normname/error.hpp"
#include "tables/tsv.hpp"

namespace normname::detail {

namespace {
constexpr std::string_view kAliasDir = "aliases/";
const std::set<std::string_view, std::less<>> kEntityTypes = {"person", "place", "organisation"};
const std::set<std::string_view, std::less<>> kAliasKinds = {"preferred", "alias", "former", "misspelling"};
constexpr std::string_view kMerged = "merged";
}  // namespace

std::string fingerprint(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a offset basis
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;  // FNV prime
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string rules_fingerprint(const Tables& tables) {
  std::string all;
  for (const auto& path : tables.paths()) {
    if (path.rfind(kAliasDir, 0) == 0 || path.rfind(kIndexDir, 0) == 0) continue;
    all += path + '\n' + fingerprint(*tables.find(path)) + '\n';
  }
  return fingerprint(all);
}

// Index row: key <TAB> gender <TAB> part <TAB> part ...; a part is
// role \x1f text \x1f key \x1f skeleton \x1f variant skeletons (comma-separated) \x1f lang \x1f
// flags (d: diminutive, f: feminine form).
namespace {
std::string join_variants(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out;
}
}  // namespace

std::string serialize_prepared(const Prepared& p) {
  std::string out = p.key + "\t" + std::string(to_string(p.parsed.gender));
  for (const auto& part : p.parsed.parts) {
    out += "\t" + std::string(to_string(part.role)) + "\x1f" + part.text + "\x1f" + part.key + "\x1f" + part.skeleton + "\x1f" +
           join_variants(part.variant_skeletons) + "\x1f" + part.lang + "\x1f" + (part.diminutive ? "d" : "") + (part.feminine_form ? "f" : "");
  }
  return out;
}

bool parse_prepared(std::string_view line, Prepared& out) {
  std::vector<std::string_view> f;
  std::size_t pos = 0;
  while (true) {
    std::size_t tab = line.find('\t', pos);
    f.push_back(line.substr(pos, tab == std::string_view::npos ? tab : tab - pos));
    if (tab == std::string_view::npos) break;
    pos = tab + 1;
  }
  if (f.size() < 2) return false;
  out.key = std::string(f[0]);
  out.parsed.gender = f[1] == "male" ? Gender::male : f[1] == "female" ? Gender::female : Gender::unknown;
  static const std::pair<std::string_view, Role> roles[] = {{"given", Role::given},   {"patronymic", Role::patronymic},
                                                            {"family", Role::family}, {"initial", Role::initial},
                                                            {"title", Role::title},   {"suffix", Role::suffix}};
  for (std::size_t i = 2; i < f.size(); ++i) {
    std::vector<std::string_view> g;
    std::size_t q = 0;
    while (true) {
      std::size_t sep = f[i].find('\x1f', q);
      g.push_back(f[i].substr(q, sep == std::string_view::npos ? sep : sep - q));
      if (sep == std::string_view::npos) break;
      q = sep + 1;
    }
    if (g.size() != 7) return false;  // another format: the index is not used
    NamePart part;
    bool known = false;
    for (const auto& [name, role] : roles) {
      if (g[0] == name) {
        part.role = role;
        known = true;
      }
    }
    if (!known) return false;
    part.text = std::string(g[1]);
    part.key = std::string(g[2]);
    part.skeleton = std::string(g[3]);
    if (!g[4].empty()) {
      std::size_t q = 0;
      while (true) {
        const std::size_t comma = g[4].find(',', q);
        part.variant_skeletons.emplace_back(g[4].substr(q, comma == std::string_view::npos ? comma : comma - q));
        if (comma == std::string_view::npos) break;
        q = comma + 1;
      }
    }
    part.lang = std::string(g[5]);
    part.diminutive = g[6].find('d') != std::string_view::npos;
    part.feminine_form = g[6].find('f') != std::string_view::npos;
    out.parsed.parts.push_back(std::move(part));
  }
  return true;
}

std::unordered_map<std::size_t, Prepared> AliasIndex::load_index(const Tables& tables, const std::string& table_path) {
  std::unordered_map<std::size_t, Prepared> out;
  const std::string index_path = std::string(kIndexDir) + table_path.substr(kAliasDir.size());
  const std::string* index = tables.find(index_path);
  if (!index) return out;
  // Stale (the table or the rules changed since compile): ignore it, the text is the truth.
  if (header_field(*index, "source-fingerprint") != fingerprint(*tables.find(table_path)) ||
      header_field(*index, "rules-fingerprint") != rules_fingerprint(tables)) {
    return out;
  }
  std::size_t pos = 0;
  while (pos < index->size()) {
    std::size_t end = index->find('\n', pos);
    if (end == std::string::npos) end = index->size();
    std::string_view line = std::string_view(*index).substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line.front() == '#') continue;
    std::size_t tab = line.find('\t');
    Prepared p;
    if (tab == std::string_view::npos || !parse_prepared(line.substr(tab + 1), p)) return {};  // damaged: ignore all
    out[std::strtoul(std::string(line.substr(0, tab)).c_str(), nullptr, 10)] = std::move(p);
  }
  return out;
}

AliasIndex::AliasIndex(const Tables& tables, const PrepareFn& prepare, const NameParser& parser) : parser_(parser) {
  for (const std::string& path : tables.paths()) {
    if (path.rfind(kAliasDir, 0) != 0 || !path.ends_with(".tsv")) continue;
    auto compiled = load_index(tables, path);
    // Messages name the file as the user knows it: its path on disk, or tables/... built in.
    const std::string origin = tables.origin(path);
    const std::string where = origin == "built-in" ? "tables/" + path : origin;
    for (const auto& row : read_tsv(where, *tables.find(path))) {
      if (row.fields.size() < 3) table_error(where, row.line, "expected at least: id <TAB> kind <TAB> value");
      std::string_view id = row.fields[0], kind = row.fields[1], value = row.fields[2];
      if (id.empty()) table_error(where, row.line, "empty id");
      if (kEntityTypes.count(kind)) {
        types_[std::string(id)] = std::string(kind);
        continue;
      }
      if (kind == kMerged) {
        merged_into_[std::string(id)] = std::string(value);
        continue;
      }
      if (!kAliasKinds.count(kind)) table_error(where, row.line, "unknown kind '" + std::string(kind) + "'");
      if (value.empty()) table_error(where, row.line, "empty name");
      const std::size_t idx = aliases_.size();
      auto pre = compiled.find(row.line);
      aliases_.push_back({std::string(id), std::string(value), pre != compiled.end() ? std::move(pre->second) : prepare(value),
                          kind == "preferred" || kind == "alias"});
      by_key_[aliases_.back().prepared.key].push_back(idx);
      for (const std::string& block : blocks_of(aliases_.back().prepared, parser)) by_block_[block].push_back(idx);
    }
  }
}

std::string AliasIndex::final_id(const std::string& id) const {
  std::string cur = id;
  // Follow merge records; a cycle would be a table error that lint reports, so cap the walk.
  for (std::size_t hops = 0; hops <= merged_into_.size(); ++hops) {
    auto it = merged_into_.find(cur);
    if (it == merged_into_.end()) break;
    cur = it->second;
  }
  return cur;
}

bool AliasIndex::is_person(const std::string& id) const {
  auto it = types_.find(final_id(id));
  if (it == types_.end()) it = types_.find(id);
  return it == types_.end() || it->second == "person";
}

std::size_t AliasIndex::word_count(const Prepared& p) {
  std::size_t n = 0;
  for (const auto& part : p.parsed.parts) {
    if (part.role != Role::title && part.role != Role::suffix) n += 1 + std::count(part.key.begin(), part.key.end(), ' ');
  }
  return n;
}

Resolution AliasIndex::resolve(const Prepared& name, const MatchOptions& opts) const {
  Resolution r;
  if (name.key.empty()) return r;
  // Candidates: the aliases spelled alike once transliterated, and those in the same block.
  std::set<std::size_t> candidates;
  if (auto it = by_key_.find(name.key); it != by_key_.end()) candidates.insert(it->second.begin(), it->second.end());
  for (const std::string& block : blocks_of(name, parser_)) {
    if (auto it = by_block_.find(block); it != by_block_.end()) candidates.insert(it->second.begin(), it->second.end());
  }
  // Best alias per ID, then the best ID and the next best other one.
  struct Best {
    double score = -1;
    const Alias* alias = nullptr;
    Match match;
    const Alias* contradicted_by = nullptr;  // a current name of the entity the input contradicts
    const Alias* exact = nullptr;            // one of its names spelled as the input
  };
  std::map<std::string, Best> by_id;
  std::vector<std::string> joined;  // of the name, when a place needs it
  for (std::size_t idx : candidates) {
    const Alias& a = aliases_[idx];
    PartTally tally;
    Match m = match_prepared(name, a.prepared, parser_, opts, &tally);
    Best& b = by_id[final_id(a.id)];
    // Vladimir Ilyich Putin fits the alias Vladimir Putin but contradicts Владимир
    // Владимирович Путин: an entity's current names are all facts about it.
    if (a.current && tally.contradicts() && !b.contradicted_by) b.contradicted_by = &a;
    if (m.same && !is_person(a.id) && word_count(name) != word_count(a.prepared)) {
      // A place has no optional given name: Novi Beograd is not Beograd, Nizhny Novgorod is
      // not Novgorod; unless the words differ only in where they break (Sankt Peterburg).
      if (joined.empty()) joined = parser_.joined_skeletons(name.parsed);
      if (!same_skeleton(joined, parser_.joined_skeletons(a.prepared.parsed))) {
        m.same = false;
        m.score = std::min(m.score, opts.same_threshold / 2);
        m.explanation += "; a place's words must all agree";
      }
    }
    if (a.prepared.key == name.key && !b.exact) {
      // The input spelled as one of the entity's names (same key once normalized and
      // romanized) is that entity, whatever else it is called: that name is the evidence,
      // not a tie with another of its names that happened to score as high.
      b.exact = &a;
      m.same = true;
      m.score = 1.0;
      m.explanation = "spelled as its name '" + a.name + "'";
      b.score = m.score;
      b.alias = &a;
      b.match = m;
      continue;
    }
    if (m.score > b.score && !b.exact) {
      b.score = m.score;
      b.alias = &a;
      b.match = m;
    }
  }
  for (auto& [id, b] : by_id) {
    if (!b.contradicted_by || !b.match.same || b.exact) continue;
    b.match.same = false;
    b.score = std::min(b.score, opts.same_threshold / 2);
    b.match.explanation += "; contradicts " + b.contradicted_by->name;
  }
  const std::pair<const std::string, Best>* best = nullptr;
  const std::pair<const std::string, Best>* second = nullptr;
  for (const auto& entry : by_id) {
    if (!best || entry.second.score > best->second.score) {
      second = best;
      best = &entry;
    } else if (!second || entry.second.score > second->second.score) {
      second = &entry;
    }
  }
  if (!best) return r;
  r.explanation = best->second.match.explanation;
  if (best->second.match.same && best->second.score >= opts.resolve_threshold) {
    r.id = best->first;
    r.score = best->second.score;
    r.alias = best->second.alias->name;
  } else {
    r.candidate = best->first;
    r.rejected_alias = best->second.alias->name;
    r.rejected_score = best->second.score;
  }
  if (r.id && second && second->second.match.same) {
    r.runner_up = second->first;
    r.runner_up_score = second->second.score;
  }
  return r;
}

}  // namespace normname::detail
