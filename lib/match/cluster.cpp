#include <algorithm>
#include <unordered_map>

#include "match/matcher.hpp"
#include "names/parser.hpp"

namespace normname::detail {

std::vector<std::size_t> cluster_prepared(const std::vector<Prepared>& names, const std::vector<std::string>& ids,
                                          const NameParser& parser, const MatchOptions& opts) {
  std::vector<std::size_t> labels(names.size());
  std::vector<std::vector<std::size_t>> groups;                     // members of each group
  std::unordered_map<std::string, std::vector<std::size_t>> by_block;  // groups of each block
  std::unordered_map<std::string, std::size_t> by_id;               // group of each alias-table ID
  std::vector<std::string> group_id;                                // the ID a group stands for, if any
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::size_t chosen = groups.size();
    const std::string& id = i < ids.size() ? ids[i] : std::string();
    if (!id.empty() && by_id.count(id)) {
      chosen = by_id[id];
    } else if (!names[i].key.empty()) {
      // A name joins a group only if it is `same` as each member, so as one: the groups of
      // the blocks it looks up (narrow_blocks_of) are all the groups it can join.
      const std::vector<std::string> blocks = narrow_blocks_of(names[i], parser, BlockSide::query);
      std::vector<std::size_t> candidates;
      for (const auto& b : blocks) {
        auto it = by_block.find(b);
        if (it != by_block.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
      }
      // Groups in order of creation, each once (a sort, not a search per group: a block of
      // a common surname holds thousands).
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      double best = -1;
      for (std::size_t g : candidates) {
        // Names the alias tables hold as another entity are not candidates (Novgorod, Nizhny
        // Novgorod), however alike they are spelled.
        if (!id.empty() && !group_id[g].empty() && group_id[g] != id) continue;
        // Complete linkage: the name must be the same as every member, not just one.
        double total = 0;
        bool all = true;
        for (std::size_t member : groups[g]) {
          Match m = match_prepared(names[i], names[member], parser, opts, nullptr, /*explain=*/false);
          if (!m.same) {
            all = false;
            break;
          }
          total += m.score;
        }
        if (all && total / static_cast<double>(groups[g].size()) > best) {
          best = total / static_cast<double>(groups[g].size());
          chosen = g;
        }
      }
      // The group is found from now on through every block of its new member.
      // Groups are appended in creation order, so a group already in a block is its last.
      for (const auto& b : narrow_blocks_of(names[i], parser, BlockSide::stored)) {
        auto& in_block = by_block[b];
        if (in_block.empty() || in_block.back() != chosen) {
          if (std::find(in_block.begin(), in_block.end(), chosen) == in_block.end()) in_block.push_back(chosen);
        }
      }
    }
    if (chosen == groups.size()) {
      groups.emplace_back();
      group_id.emplace_back();
    }
    if (!id.empty()) {
      by_id.emplace(id, chosen);
      group_id[chosen] = id;
    }
    groups[chosen].push_back(i);
    labels[i] = chosen;
  }
  return labels;
}

}  // namespace normname::detail
