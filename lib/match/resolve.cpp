#include <set>

#include "match/matcher.hpp"
#include "match/similarity.hpp"
#include "normname/error.hpp"
#include "tables/tsv.hpp"

namespace normname::detail {

namespace {
constexpr std::string_view kAliasDir = "aliases/";
const std::set<std::string_view, std::less<>> kEntityTypes = {"person", "place", "organisation"};
const std::set<std::string_view, std::less<>> kAliasKinds = {"preferred", "alias", "former", "misspelling"};
constexpr std::string_view kMerged = "merged";

std::vector<std::string_view> tokens_of(std::string_view key) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < key.size()) {
    std::size_t sp = key.find(' ', pos);
    if (sp == std::string_view::npos) sp = key.size();
    if (sp > pos) out.push_back(key.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return out;
}
}  // namespace

void AliasIndex::load(const Tables& tables, const std::function<std::string(std::string_view)>& key_of) {
  std::set<std::string, std::less<>> defined;
  for (const std::string& path : tables.paths()) {
    if (path.rfind(kAliasDir, 0) != 0 || !path.ends_with(".tsv")) continue;
    for (const auto& row : read_tsv(path, *tables.find(path))) {
      if (row.fields.size() < 3) table_error(path, row.line, "expected at least: id <TAB> kind <TAB> value");
      std::string_view id = row.fields[0], kind = row.fields[1], value = row.fields[2];
      if (id.empty()) table_error(path, row.line, "empty id");
      if (kEntityTypes.count(kind)) {
        defined.emplace(id);
      } else if (kAliasKinds.count(kind)) {
        if (value.empty()) table_error(path, row.line, "empty name");
        Alias a{std::string(id), std::string(value), key_of(value)};
        std::size_t idx = aliases_.size();
        by_key_[a.key].push_back(idx);
        for (auto tok : tokens_of(a.key)) {
          auto& v = by_token_[std::string(tok)];
          if (v.empty() || v.back() != idx) v.push_back(idx);
        }
        aliases_.push_back(std::move(a));
      } else if (kind == kMerged) {
        merged_into_[std::string(id)] = std::string(value);
      } else {
        table_error(path, row.line, "unknown kind '" + std::string(kind) + "'");
      }
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

Resolution AliasIndex::resolve(std::string_view key, const MatchOptions& opts) const {
  Resolution r;
  if (key.empty()) return r;
  auto exact = by_key_.find(std::string(key));
  if (exact != by_key_.end()) {
    const Alias& a = aliases_[exact->second.front()];
    r.id = final_id(a.id);
    r.score = 1.0;
    r.alias = a.name;
    return r;
  }
  std::set<std::size_t> candidates;
  for (auto tok : tokens_of(key)) {
    auto it = by_token_.find(std::string(tok));
    if (it != by_token_.end()) candidates.insert(it->second.begin(), it->second.end());
  }
  const Alias* best = nullptr;
  for (std::size_t idx : candidates) {
    double s = key_similarity(key, aliases_[idx].key);
    if (s > r.score) {
      r.score = s;
      best = &aliases_[idx];
    }
  }
  if (best) r.alias = best->name;
  if (best && r.score >= opts.resolve_threshold) r.id = final_id(best->id);
  return r;
}

}  // namespace normname::detail
