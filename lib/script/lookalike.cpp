// Look-alike letters of another script inside a word (Vuсiс with a Cyrillic с, Моsсоw with
// a Latin s and w), folded to the script the whole word can be written in. The pairs come
// from ICU's SpoofChecker data (Unicode's confusables, UTS #39): two letters are a pair when
// their confusable skeletons are the same one character. Only letters a name in these
// languages can hold are targets: Latin letters of ASCII, Latin-1 and Latin Extended-A, and
// the Cyrillic letters of tables/script/alphabets.tsv. Pёtr (Cyrillic ё, as some data sets
// write ë) is Pëtr; Vuсiс is Vucic.
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <algorithm>

#include "script/detector.hpp"
#include "text/utf8.hpp"

namespace normname::detail {

namespace {

// The confusable skeleton of `cp` (UTS #39), or empty.
std::string skeleton_of(USpoofChecker* sc, char32_t cp) {
  std::string in;
  append_utf8(in, cp);
  char out[64];
  UErrorCode st = U_ZERO_ERROR;
  const int32_t n = uspoof_getSkeletonUTF8(sc, 0, in.data(), static_cast<int32_t>(in.size()), out, sizeof out, &st);
  if (U_FAILURE(st) || n <= 0) return {};
  return std::string(out, static_cast<std::size_t>(n));
}

UScriptCode script_of(char32_t cp) {
  UErrorCode st = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(cp), &st);
}

}  // namespace

void ScriptDetector::build_lookalikes() {
  UErrorCode st = U_ZERO_ERROR;
  USpoofChecker* sc = uspoof_open(&st);
  if (U_FAILURE(st)) return;  // without the data there is nothing to fold; words stay as they are
  // Latin targets: ASCII letters, then Latin-1 and Latin Extended-A (ë for a Cyrillic ё);
  // the first letter with a skeleton keeps it.
  std::unordered_map<std::string, char32_t> latin_by_skeleton;
  for (char32_t cp = U'A'; cp <= U'\u017F'; ++cp) {
    if (cp > U'z' && cp < U'\u00C0') continue;
    if (!u_isalpha(static_cast<UChar32>(cp))) continue;
    if (std::string sk = skeleton_of(sc, cp); !sk.empty()) latin_by_skeleton.emplace(std::move(sk), cp);
  }
  std::unordered_set<char32_t> cyrillic_letters;
  for (const auto& a : cyrillic_) {
    for (char32_t lc : a.letters) {
      cyrillic_letters.insert(lc);
      cyrillic_letters.insert(static_cast<char32_t>(u_toupper(static_cast<UChar32>(lc))));
    }
  }
  for (char32_t cyr : cyrillic_letters) {
    const std::string sk = skeleton_of(sc, cyr);
    auto it = latin_by_skeleton.find(sk);
    if (sk.empty() || it == latin_by_skeleton.end()) continue;
    // Case must agree too: Cyrillic т looks like a small capital T, not like t.
    if (u_isupper(static_cast<UChar32>(cyr)) != u_isupper(static_cast<UChar32>(it->second))) continue;
    to_latin_[cyr] = it->second;
    to_cyrillic_[it->second] = cyr;
  }
  // Keys are compared case folded, where Моsсоw has become моsсоw and м alone looks like
  // no Latin letter: a lower-case letter without a pair of its own takes its capital's.
  auto lower_of = [](char32_t c) { return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))); };
  for (auto* map : {&to_latin_, &to_cyrillic_}) {
    std::vector<std::pair<char32_t, char32_t>> extra;
    for (const auto& [from, to] : *map) {
      if (u_isupper(static_cast<UChar32>(from)) && !map->count(lower_of(from))) extra.emplace_back(lower_of(from), lower_of(to));
    }
    map->insert(extra.begin(), extra.end());
  }
  uspoof_close(sc);
}

std::string ScriptDetector::fold_lookalikes(std::string_view text, std::vector<Lookalike>* found) const {
  // The common case, on every name, decided in one pass over the bytes: without a non-ASCII
  // byte there is no Cyrillic. (Whether a word folds must depend on the word alone: the key
  // is made piece by piece, and a word like сĐС folds whatever stands beside it.)
  const bool non_ascii = std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (!non_ascii) return std::string(text);
  std::string out;
  std::size_t done = 0;
  for (const Span& span : tokenize(text)) {
    const std::string_view word = text.substr(span.offset, span.length);
    // One script for certain, by the bytes: ASCII alone, or no ASCII letter and only the
    // lead bytes of U+0400..U+053F (Cyrillic, and Armenian, neither of them Latin).
    bool ascii_letter = false, other_lead = false, any_lead = false;
    for (char ch : word) {
      const auto c = static_cast<unsigned char>(ch);
      ascii_letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (c >= 0xC0) {
        any_lead = true;
        other_lead |= c < 0xD0 || c > 0xD4;
      }
    }
    if (!any_lead || (!ascii_letter && !other_lead)) continue;
    std::size_t latin = 0, cyrillic = 0;
    bool to_latin = true, to_cyrillic = true;
    for_each_codepoint(word, [&](char32_t cp, std::size_t, std::size_t) {
      const UScriptCode sc = script_of(cp);
      if (sc == USCRIPT_LATIN) {
        ++latin;
        to_cyrillic &= to_cyrillic_.count(cp) > 0;
      } else if (sc == USCRIPT_CYRILLIC) {
        ++cyrillic;
        to_latin &= to_latin_.count(cp) > 0;
      }
    });
    if (!latin || !cyrillic) continue;  // one script (or none): nothing to fold
    if (!to_latin && !to_cyrillic) continue;  // truly mixed: left as it is, read as mixed
    // Both possible (Сос, Сoc): the script most of its letters are in.
    const bool latin_target = to_latin && (!to_cyrillic || latin >= cyrillic);
    const auto& map = latin_target ? to_latin_ : to_cyrillic_;
    const UScriptCode from = latin_target ? USCRIPT_CYRILLIC : USCRIPT_LATIN;
    std::string folded;
    for_each_codepoint(word, [&](char32_t cp, std::size_t, std::size_t) {
      append_utf8(folded, script_of(cp) == from ? map.at(cp) : cp);
    });
    out.append(text.substr(done, span.offset - done));
    out += folded;
    done = span.offset + span.length;
    if (found) found->push_back({std::string(word), std::move(folded), latin_target ? Script::latin : Script::cyrillic});
  }
  if (done == 0) return std::string(text);
  out.append(text.substr(done));
  return out;
}

}  // namespace normname::detail
