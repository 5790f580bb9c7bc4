// Fuzz target: a list of names (one per line) through cluster and resolve, and the reverse
// romanizer (latn-ru) on each. Checks: one label per name, each a valid group index; equal
// names share a label; resolve scores in [0, 1] and an ID always comes with its alias;
// latn-ru gives valid UTF-8 and candidate probabilities that sum to 1.
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2048) return 0;
  const std::string text = normname::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (pos <= text.size() && names.size() < 24) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    names.push_back(normname::repair_utf8(text.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  const normname::Context& ctx = fuzz::context();
  const auto labels = ctx.cluster(names);
  fuzz::check(labels.size() == names.size(), "cluster: not one label per name");
  std::map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < names.size(); ++i) {
    fuzz::check(labels[i] < names.size(), "cluster: label out of range");
    auto [it, fresh] = first.emplace(names[i], labels[i]);
    if (!ctx.key(names[i]).empty()) fuzz::check(fresh || it->second == labels[i], "cluster: equal names in two groups");
    const auto r = ctx.resolve(names[i]);
    fuzz::check(r.score >= 0 && r.score <= 1, "resolve score out of range");
    fuzz::check(!r.id || !r.alias.empty(), "resolve: an ID without its alias");
    if (names[i].size() > 64) continue;  // the romanizer's beam is per word: keep the run short
    const auto cands = ctx.transliterate_candidates(names[i], "latn-ru", 3);
    double total = 0;
    for (const auto& c : cands) {
      fuzz::check(normname::is_valid_utf8(c.text), "latn-ru output is not valid UTF-8");
      total += c.probability;
    }
    if (!cands.empty()) fuzz::check(std::fabs(total - 1) < 1e-6, "latn-ru probabilities do not sum to 1");
  }
  return 0;
}
