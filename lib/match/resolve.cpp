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

AliasIndex::AliasIndex(const Tables& tables, const PrepareFn& prepare, const NameParser& parser) : parser_(parser) {
  for (const std::string& path : tables.paths()) {
    if (path.rfind(kAliasDir, 0) != 0 || !path.ends_with(".tsv")) continue;
    for (const auto& row : read_tsv(path, *tables.find(path))) {
      if (row.fields.size() < 3) table_error(path, row.line, "expected at least: id <TAB> kind <TAB> value");
      std::string_view id = row.fields[0], kind = row.fields[1], value = row.fields[2];
      if (id.empty()) table_error(path, row.line, "empty id");
      if (kEntityTypes.count(kind)) continue;
      if (kind == kMerged) {
        merged_into_[std::string(id)] = std::string(value);
        continue;
      }
      if (!kAliasKinds.count(kind)) table_error(path, row.line, "unknown kind '" + std::string(kind) + "'");
      if (value.empty()) table_error(path, row.line, "empty name");
      const std::size_t idx = aliases_.size();
      aliases_.push_back({std::string(id), std::string(value), prepare(value)});
      by_key_[aliases_.back().prepared.key].push_back(idx);
      by_block_[block_of(aliases_.back().prepared, parser)].push_back(idx);
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

Resolution AliasIndex::resolve(const Prepared& name, const MatchOptions& opts) const {
  Resolution r;
  if (name.key.empty()) return r;
  // Candidates: the aliases spelled alike once transliterated, and those in the same block.
  std::set<std::size_t> candidates;
  if (auto it = by_key_.find(name.key); it != by_key_.end()) candidates.insert(it->second.begin(), it->second.end());
  if (auto it = by_block_.find(block_of(name, parser_)); it != by_block_.end()) candidates.insert(it->second.begin(), it->second.end());
  // Best alias per ID, then the best ID and the next best other one.
  struct Best {
    double score = -1;
    const Alias* alias = nullptr;
    Match match;
  };
  std::map<std::string, Best> by_id;
  for (std::size_t idx : candidates) {
    const Alias& a = aliases_[idx];
    Match m = match_prepared(name, a.prepared, parser_, opts);
    Best& b = by_id[final_id(a.id)];
    if (m.score > b.score) b = {m.score, &a, m};
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
  r.score = best->second.score;
  r.alias = best->second.alias->name;
  r.explanation = best->second.match.explanation;
  r.candidate = best->first;
  if (best->second.match.same && r.score >= opts.resolve_threshold) r.id = best->first;
  if (second && second->second.match.same) {
    r.runner_up = second->first;
    r.runner_up_score = second->second.score;
  }
  return r;
}

}  // namespace normname::detail
