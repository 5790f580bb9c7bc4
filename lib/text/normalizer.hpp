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
  std::string ascii(std::string_view text, const NormalizeOptions& opts) const;

  std::unordered_map<char32_t, std::string> punctuation_;
  char32_t ascii_punctuation_min_ = 0x110000;  // smallest code point in the table
};

}  // namespace normname::detail
