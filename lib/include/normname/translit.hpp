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

/// What runs a rule scheme. `automatic`: its compiled transducer over UTF-8 where the
/// scheme has one (byte for byte the same output as ICU, checked in CI), else ICU. `icu`:
/// always ICU's own rule-based transliterator, the reference.
enum class TranslitEngine { automatic, icu };

/// One reading of a text under a scheme, with its probability among the readings returned.
struct Candidate {
  std::string text;
  double probability = 1.0;
};

}  // namespace normname
