#include "keys/skeleton.hpp"

#include <algorithm>

#include "normname/error.hpp"
#include "tables/tsv.hpp"

namespace normname::detail {

namespace {
constexpr std::string_view kTable = "keys/skeleton.tsv";
constexpr std::string_view kVariants = "keys/skeleton-variants.tsv";
constexpr std::string_view kFolds = "keys/language-folds.tsv";
constexpr std::string_view kLetters = "keys/letter-variants.tsv";

const std::string& content_of(const Tables& tables, std::string_view path) {
  const std::string* content = tables.find(path);
  if (!content) throw error(errc::bad_table, "missing table " + std::string(path));
  return *content;
}

void longest_first(std::vector<std::pair<std::string, std::string>>& rules) {
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}
}  // namespace

void Skeleton::Rules::index() {
  longest_first(list);
  for (auto& b : by_first) b.clear();
  for (std::uint32_t i = 0; i < list.size(); ++i) {
    // "^jo": indexed by its first letter, tried only at the start of the token.
    const std::string& from = list[i].first;
    const char first = from.front() == '^' && from.size() > 1 ? from[1] : from.front();
    by_first[static_cast<unsigned char>(first)].push_back(i);
  }
}

Skeleton::Skeleton(const Tables& tables) {
  for (const auto& row : read_tsv(kTable, content_of(tables, kTable))) {
    if (row.fields.size() < 2 || row.fields[0].empty()) table_error(kTable, row.line, "expected: from <TAB> to");
    rules_.list.emplace_back(row.fields[0], row.fields[1]);
  }
  rules_.index();
  for (const auto& row : read_tsv(kVariants, content_of(tables, kVariants))) {
    if (row.fields.size() < 3 || row.fields[0].empty() || row.fields[1].empty()) {
      table_error(kVariants, row.line, "expected: convention <TAB> from <TAB> to");
    }
    auto it = std::find(convention_names_.begin(), convention_names_.end(), row.fields[0]);
    if (it == convention_names_.end()) {
      convention_names_.emplace_back(row.fields[0]);
      variants_.emplace_back();
      it = convention_names_.end() - 1;
    }
    variants_[static_cast<std::size_t>(it - convention_names_.begin())].list.emplace_back(row.fields[1], row.fields[2]);
  }
  for (auto& v : variants_) v.index();
  for (const auto& row : read_tsv(kFolds, content_of(tables, kFolds))) {
    if (row.fields.size() < 3 || row.fields[0].empty() || row.fields[1].empty()) {
      table_error(kFolds, row.line, "expected: language <TAB> from <TAB> to");
    }
    auto it = std::find_if(folds_.begin(), folds_.end(), [&](const auto& f) { return f.first == row.fields[0]; });
    if (it == folds_.end()) it = folds_.emplace(folds_.end(), std::string(row.fields[0]), Rules{});
    it->second.list.emplace_back(row.fields[1], row.fields[2]);
  }
  for (auto& f : folds_) f.second.index();
  for (const auto& row : read_tsv(kLetters, content_of(tables, kLetters))) {
    if (row.fields.size() < 3 || row.fields[0].size() != 1 || row.fields[1].size() != 1 || row.fields[2].empty()) {
      table_error(kLetters, row.line, "expected: letter <TAB> letter <TAB> any|across|language");
    }
    letters_.push_back({row.fields[0][0], row.fields[1][0], std::string(row.fields[2])});
  }
}

std::string Skeleton::fold(std::string_view skeleton, std::string_view lang) const {
  for (const auto& [language, rules] : folds_) {
    if (language == lang) return once(skeleton, rules, false);
  }
  return {};
}

std::string Skeleton::variant(std::string_view token, std::size_t i) const {
  const std::string rewritten = once(token, variants_.at(i), false);
  if (rewritten == token) return {};
  std::string skel = (*this)(rewritten);
  return skel == (*this)(token) ? std::string() : skel;
}

std::string Skeleton::variant(std::string_view token, std::size_t i, std::string_view main) const {
  const std::string rewritten = once(token, variants_.at(i), false);
  if (rewritten == token) return {};
  std::string skel = (*this)(rewritten);
  return skel == main ? std::string() : skel;
}

std::string Skeleton::operator()(std::string_view token) const {
  // Every rule shortens or keeps the length, so a few passes reach the fixpoint.
  constexpr int kMaxPasses = 4;
  std::string cur(token);
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    std::string next = once(cur, rules_, true);
    if (next == cur) break;
    cur = std::move(next);
  }
  return cur;
}

std::string Skeleton::once(std::string_view token, const Rules& rules, bool squeeze) {
  std::string out;
  std::size_t i = 0;
  while (i < token.size()) {
    bool done = false;
    for (std::uint32_t r : rules.by_first[static_cast<unsigned char>(token[i])]) {
      const auto& [from, to] = rules.list[r];
      // "off$": only where it ends the token; "^jo": only where it starts it.
      const bool at_end = from.size() > 1 && from.back() == '$';
      const bool at_start = from.size() > 1 && from.front() == '^';
      const std::size_t skip = at_start ? 1 : 0;
      const std::size_t n = from.size() - skip - (at_end ? 1 : 0);
      if ((!at_start || i == 0) && token.compare(i, n, from, skip, n) == 0 && (!at_end || i + n == token.size())) {
        out += to;
        i += n;
        done = true;
        break;
      }
    }
    if (!done) out.push_back(token[i++]);
  }
  // Doubled letters once: Rachmaninoff = Rachmaninof, Anna = Ana.
  if (squeeze) out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace normname::detail
