#pragma once
// Stage 3 (lib/translit/): the scheme registry.
#include <string>

namespace normname {

/// One transliteration scheme, as described by the header of its rule file in tables/translit/.
struct SchemeInfo {
  std::string id;           ///< "ru-latn-bgn": <source>-<target>[-<standard>]
  std::string description;  ///< one line for people
  std::string standard;     ///< the standard it follows, as cited in the file
  std::string direction;    ///< "Cyrillic -> Latin; not reversible", as the file says
  std::string source;       ///< table path it came from ("translit/ru-latn-bgn.txt")
};

/// One reading of a text under a scheme, with its probability among the readings returned.
struct Candidate {
  std::string text;
  double probability = 1.0;
};

}  // namespace normname
