#pragma once
// Stage 6 (lib/tag/): mentions of known entities in running text.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "normname/match.hpp"
#include "normname/names.hpp"

namespace normname {

/// One mention of an entity of the alias tables in a text (Context::tag): a run of words
/// that names it, in any script and any grammatical case ("Вучића", "sa Milicom",
/// "Dr. Zoran Đinđić"), with the titles written directly before it.
struct Mention {
  std::size_t begin = 0, end = 0;            ///< byte offsets in the text: [begin, end)
  std::size_t char_begin = 0, char_end = 0;  ///< the same in code points
  std::string text;                          ///< the mention as written: text[begin, end)
  std::optional<std::string> id;             ///< the entity; nullopt when ambiguous
  double score = 0.0;                        ///< of the alias that fitted (Resolution::score)
  std::string alias;                         ///< that alias (empty when ambiguous)
  /// Fits several entities, or is a family name alone that the text did not name in full
  /// before: `fits` holds the entities, best first.
  bool ambiguous = false;
  std::vector<EntityMatch> fits;
  /// The case the words were read in ("genitive", "dative or locative"; empty: as
  /// written, the nominative) and the gender of the name that fitted.
  std::string grammatical_case;
  Gender gender = Gender::unknown;
  std::string explanation;  ///< how it fitted: the resolution, or the earlier full name
};

}  // namespace normname
