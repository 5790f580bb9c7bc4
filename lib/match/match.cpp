#include <algorithm>
#include <cstdio>
#include <vector>

#include "match/similarity.hpp"

namespace normname::detail {

double edit_similarity(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return 1.0 - static_cast<double>(row[b.size()]) / static_cast<double>(std::max(a.size(), b.size()));
}

std::string sorted_tokens(std::string_view key) {
  std::vector<std::string_view> tokens;
  std::size_t pos = 0;
  while (pos <= key.size()) {
    std::size_t sp = key.find(' ', pos);
    if (sp == std::string_view::npos) sp = key.size();
    if (sp > pos) tokens.push_back(key.substr(pos, sp - pos));
    pos = sp + 1;
  }
  std::sort(tokens.begin(), tokens.end());
  std::string out;
  for (auto t : tokens) {
    if (!out.empty()) out.push_back(' ');
    out.append(t);
  }
  return out;
}

double key_similarity(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  return std::max(edit_similarity(a, b), edit_similarity(sorted_tokens(a), sorted_tokens(b)));
}

}  // namespace normname::detail
