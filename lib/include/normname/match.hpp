#pragma once
// Stage 5 (lib/match/): compare, resolve and cluster names.
#include <optional>
#include <string>

namespace normname {

/// Thresholds for match/resolve/cluster, in one place so the CLI and library agree.
struct MatchOptions {
  /// Score at or above which two names are the same entity.
  double same_threshold = 0.85;
  /// A resolve whose best score is below this returns no ID.
  double resolve_threshold = 0.85;
};

/// Result of comparing two names.
struct Match {
  double score = 0.0;       ///< 0..1
  bool same = false;        ///< score >= MatchOptions::same_threshold
  std::string explanation;  ///< how the score came about, for people
};

/// Result of resolving one name against the alias tables.
struct Resolution {
  std::optional<std::string> id;  ///< canonical ID, or nullopt when nothing is close enough
  double score = 0.0;             ///< 0..1, score of the best alias
  std::string alias;              ///< the alias that matched best (empty if none)
  std::string explanation;        ///< how the best alias matched, part by part
  std::optional<std::string> runner_up;  ///< the next best other ID, when it also matched
  std::optional<std::string> candidate;  ///< the best ID even when it did not match (for suggestions)
  double runner_up_score = 0.0;
};

}  // namespace normname
