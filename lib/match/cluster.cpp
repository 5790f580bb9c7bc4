#include "match/matcher.hpp"
#include "match/similarity.hpp"

namespace normname::detail {

std::vector<std::size_t> cluster_keys(const std::vector<std::string>& keys, const MatchOptions& opts) {
  std::vector<std::size_t> labels(keys.size());
  std::vector<std::size_t> leaders;  // index of each group's first member
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::size_t label = leaders.size();
    if (!keys[i].empty()) {
      for (std::size_t g = 0; g < leaders.size(); ++g) {
        const std::string& lead = keys[leaders[g]];
        if (!lead.empty() && key_similarity(keys[i], lead) >= opts.same_threshold) {
          label = g;
          break;
        }
      }
    }
    if (label == leaders.size()) leaders.push_back(i);
    labels[i] = label;
  }
  return labels;
}

}  // namespace normname::detail
