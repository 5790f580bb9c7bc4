#pragma once
// The caps that keep every operation linear in its input (docs/cli.md, "Limits"). Names,
// tables and index files come from other people: no name is this long, and without a cap
// a few kilobytes of hostile text would cost minutes.
#include <cstddef>

namespace normname {

/// A name is analysed (key, parse, match, resolve, cluster) up to this many bytes; the rest
/// is ignored by the library, and the CLI rejects such a line with its line number.
/// Transliteration has no such cap: it is linear in its input.
inline constexpr std::size_t kMaxNameBytes = 1024;

/// UAX #15 stream-safe text: after this many combining marks in a row, normalization puts
/// U+034F COMBINING GRAPHEME JOINER before the next one, so canonical reordering never sorts
/// a run longer than this.
inline constexpr std::size_t kMaxCombiningRun = 30;

/// Reverse romanization (latn-ru) reads a word of at most this many letters; a longer word
/// is copied as it is. Ranked readings (--candidates) combine the alternatives of at most
/// kMaxRankedWords words; the words after them contribute their best reading.
inline constexpr std::size_t kMaxReverseWordLetters = 64;
inline constexpr std::size_t kMaxRankedWords = 16;

/// sr-latn-reversible marks digraphs in words of at most this many letters; a longer word is
/// written as sr-latn writes it.
inline constexpr std::size_t kMaxMarkedWordLetters = 256;

}  // namespace normname

namespace normname {

/// A compiled alias index (`normname tables compile`) addresses its strings and postings with
/// 32-bit offsets: a table whose names, keys and skeletons come to more than this many bytes
/// is refused by compile (and resolve builds its index in memory from the text instead).
inline constexpr std::size_t kMaxIndexBytes = 0xFFFFFFFFu;

}  // namespace normname
