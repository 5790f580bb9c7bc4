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

 private:
  std::string once(std::string_view token) const;  // one left-to-right pass
  std::vector<std::pair<std::string, std::string>> rules_;  // longest "from" first
};

}  // namespace normname::detail
