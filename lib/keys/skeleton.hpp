#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "normname/tables.hpp"

namespace normname::detail {

/// The skeleton of a key token (tables/keys/skeleton.tsv): Khazina and Hazina -> "hazina".
class Skeleton {
 public:
  explicit Skeleton(const Tables& tables);
  /// `token`: one token of a match key (lower-case ASCII, no spaces).
  std::string operator()(std::string_view token) const;
  /// The token's skeleton under the conflicting conventions of keys/skeleton-variants.tsv
  /// (Jukov read with French j = ж), or "" where none of their rewrites applies.
  std::string variant(std::string_view token) const;

 private:
  using Rules = std::vector<std::pair<std::string, std::string>>;  // longest "from" first
  static std::string once(std::string_view token, const Rules& rules, bool squeeze);  // one pass
  Rules rules_, variants_;
};

}  // namespace normname::detail
