#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "normname/match.hpp"
#include "normname/tables.hpp"

namespace normname::detail {

/// Score two match keys (first version: edit similarity of keys).
Match score_keys(std::string_view ka, std::string_view kb, const MatchOptions& opts);

/// One alias row of tables/aliases/*.tsv, with its key.
struct Alias {
  std::string id;
  std::string name;
  std::string key;
};

/// The resolve index: every alias by key, and by key token for blocking, so that a name is
/// compared only with aliases that share at least one token with it.
class AliasIndex {
 public:
  template <class KeyFn>
  AliasIndex(const Tables& tables, KeyFn&& key_of);
  Resolution resolve(std::string_view key, const MatchOptions& opts) const;
  std::size_t size() const { return aliases_.size(); }

 private:
  void load(const Tables& tables, const std::function<std::string(std::string_view)>& key_of);
  std::string final_id(const std::string& id) const;

  std::vector<Alias> aliases_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_token_;
  std::unordered_map<std::string, std::string> merged_into_;
};

template <class KeyFn>
AliasIndex::AliasIndex(const Tables& tables, KeyFn&& key_of) {
  load(tables, std::function<std::string(std::string_view)>(std::forward<KeyFn>(key_of)));
}

/// Greedy clustering over keys: each name joins the first group whose first member it
/// matches, else starts a new group.
std::vector<std::size_t> cluster_keys(const std::vector<std::string>& keys, const MatchOptions& opts);

}  // namespace normname::detail
