#include "keys/skeleton.hpp"

#include <algorithm>

#include "normname/error.hpp"
#include "tables/tsv.hpp"

namespace normname::detail {

namespace {
constexpr std::string_view kTable = "keys/skeleton.tsv";
}

Skeleton::Skeleton(const Tables& tables) {
  const std::string* content = tables.find(kTable);
  if (!content) throw error(errc::bad_table, "missing table " + std::string(kTable));
  for (const auto& row : read_tsv(kTable, *content)) {
    if (row.fields.size() < 2 || row.fields[0].empty()) table_error(kTable, row.line, "expected: from <TAB> to");
    rules_.emplace_back(row.fields[0], row.fields[1]);
  }
  std::stable_sort(rules_.begin(), rules_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string Skeleton::operator()(std::string_view token) const {
  // Every rule shortens or keeps the length, so a few passes reach the fixpoint.
  constexpr int kMaxPasses = 4;
  std::string cur(token);
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    std::string next = once(cur);
    if (next == cur) break;
    cur = std::move(next);
  }
  return cur;
}

std::string Skeleton::once(std::string_view token) const {
  std::string out;
  std::size_t i = 0;
  while (i < token.size()) {
    bool done = false;
    for (const auto& [from, to] : rules_) {
      // "off$": only where it ends the token.
      const bool at_end = !from.empty() && from.back() == '$';
      const std::size_t n = from.size() - (at_end ? 1 : 0);
      if (token.compare(i, n, from, 0, n) == 0 && (!at_end || i + n == token.size())) {
        out += to;
        i += n;
        done = true;
        break;
      }
    }
    if (!done) out.push_back(token[i++]);
  }
  // Doubled letters once: Rachmaninoff = Rachmaninof, Anna = Ana.
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace normname::detail
