#pragma once
#include <string>
#include <string_view>
#include <unordered_map>

#include "normname/tables.hpp"
#include "normname/text.hpp"

namespace normname::detail {

/// Stage 1. Built once from tables/text/punctuation.tsv; stateless afterwards.
class Normalizer {
 public:
  explicit Normalizer(const Tables& tables);
  std::string operator()(std::string_view text, const NormalizeOptions& opts) const;

 private:
  std::unordered_map<char32_t, std::string> punctuation_;
};

}  // namespace normname::detail
