#pragma once
// Stage 5 (lib/match/): compare, resolve and cluster names.
#include <optional>
#include <string>
#include <vector>

#include "normname/names.hpp"

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

/// An entity a name fits, with its alias that fitted best.
struct EntityMatch {
  std::string id;
  std::string alias;
  double score = 0.0;
};

/// Result of resolving one name against the alias tables. A miss (no `id`) has no alias
/// and score 0: what came closest is reported apart, as `candidate`, `rejected_alias` and
/// `rejected_score`, so that a rejected name is never read as an answer. A name that fits
/// several entities, or is a family name alone, is `ambiguous`: no `id`, and the entities
/// it fits in `fits`, best first.
struct Resolution {
  std::optional<std::string> id;  ///< canonical ID, or nullopt when nothing is close enough
  double score = 0.0;             ///< 0..1, score of the alias that matched; 0 on a miss
  std::string alias;              ///< the alias that matched (empty on a miss)
  std::string explanation;        ///< how the best alias matched (or, on a miss, failed), part by part
  std::optional<std::string> runner_up;  ///< the next best other ID, when it also matched
  double runner_up_score = 0.0;
  std::optional<std::string> candidate;  ///< on a miss: the closest ID, which did not match (for suggestions)
  std::string rejected_alias;            ///< on a miss: that ID's closest alias
  double rejected_score = 0.0;           ///< on a miss: its score, below what a match needs
  bool ambiguous = false;                ///< fits several entities, or is a family name alone
  std::vector<EntityMatch> fits;         ///< when ambiguous: the entities it fits, best first
  /// When the name fitted only as a declined form (tables/morphology/cases.tsv): the case
  /// and gender it was read in and its words in the nominative ("genitive, male: Вучића =
  /// Вучић"); empty for a name read as written.
  std::string reading;
  /// The same reading's case ("genitive"; empty for a name read as written) and gender.
  std::string grammatical_case;
  Gender gender = Gender::unknown;
};

}  // namespace normname
