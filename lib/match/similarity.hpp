#pragma once
#include <string>
#include <string_view>

namespace normname::detail {

/// 1 - Levenshtein distance / length of the longer string; 1.0 for two empty strings.
double edit_similarity(std::string_view a, std::string_view b);

/// Similarity of two keys: the better of the keys as given and with their tokens sorted,
/// so that "nikitin petr" and "petr nikitin" score 1.0.
double key_similarity(std::string_view a, std::string_view b);

/// The key's tokens sorted and joined by one space.
std::string sorted_tokens(std::string_view key);

}  // namespace normname::detail
