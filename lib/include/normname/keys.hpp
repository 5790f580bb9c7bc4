#pragma once
// Stage 4 (lib/keys/): how a match key is made, stage by stage (normname key --explain).
#include <string>
#include <utility>
#include <vector>

#include "normname/script.hpp"

namespace normname {

/// A token of the normalized name and the scheme auto-latn romanized it with.
struct KeyToken {
  std::string text;    ///< as normalized ("пётр")
  Script script = Script::none;
  std::string lang;    ///< detected language, or empty
  std::string scheme;  ///< "ru-latn-bgn"; empty when the token is copied as it is
};

/// One token of the key with its skeleton (tables/keys/skeleton.tsv) and the skeletons it
/// also has under a convention of tables/keys/skeleton-variants.tsv ({"fr", "zukov"}).
struct KeySkeleton {
  std::string token;     ///< "khazina"
  std::string skeleton;  ///< "hazina"
  std::vector<std::pair<std::string, std::string>> variants;
};

/// Each stage's output, in pipeline order; `key` equals Context::key() of the same input.
/// A word written with look-alike letters of another script (Vuсiс with a Cyrillic с), and
/// how keys and matching read it (Vucic): in the one script all its letters can be read in.
struct LookalikeWord {
  std::string written;
  std::string read_as;
};

struct KeyTrace {
  std::string normalized;  ///< NFC, case folded, punctuation unified, spaces squashed; look-alikes folded
  std::vector<LookalikeWord> lookalikes;  ///< the words whose look-alike letters were folded
  /// The one language all the name's Cyrillic words were romanized in ("uk" for Віталій
  /// Кличко, decided by its first word); empty when they disagree or none is Cyrillic.
  std::string language;
  std::vector<KeyToken> tokens;
  std::string romanized;   ///< after auto-latn
  std::string ascii;       ///< after latn-ascii
  std::string key;         ///< a-z0-9 tokens joined by one space
  std::vector<KeySkeleton> skeletons;
};

}  // namespace normname
