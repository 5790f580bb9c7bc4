#include <algorithm>
#include <bit>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <utf8proc.h>

#include "normname/error.hpp"
#include "script/detector.hpp"
#include "tables/tsv.hpp"
#include "text/utf8.hpp"

namespace normname {

std::string_view to_string(Script s) noexcept {
  switch (s) {
    case Script::latin: return "latin";
    case Script::cyrillic: return "cyrillic";
    case Script::mixed: return "mixed";
    case Script::other: return "other";
    case Script::none: break;
  }
  return "none";
}

}  // namespace normname

namespace normname::detail {

namespace {

constexpr std::string_view kAlphabetTable = "script/alphabets.tsv";

bool is_word_char(char32_t cp) {
  auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
         (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
         (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

// Joiners that may sit inside a name token: apostrophes (O'Brien, d'Artagnan, Ukrainian
// п'ять) and hyphens (Rimsky-Korsakov), in their ASCII and typographic forms.
bool is_joiner(char32_t cp) {
  auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  if (cat == UTF8PROC_CATEGORY_PD) return true;  // every dash punctuation
  return cp == U'\'' || cp == U'\u2019' || cp == U'\u02BC' || cp == U'\u2018';
}

char32_t lower(char32_t cp) { return static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))); }

std::vector<char32_t> codepoints(std::string_view s) {
  std::vector<char32_t> out;
  for_each_codepoint(s, [&](char32_t cp, std::size_t, std::size_t) { out.push_back(cp); });
  return out;
}

}  // namespace

std::vector<Span> tokenize(std::string_view text) {
  // One pass with one code point of look-ahead (a joiner counts only before a word char).
  std::vector<Span> spans;
  auto at = [&](std::size_t pos, char32_t& cp) { return next_code_point(text, pos, cp); };
  auto word = [](char32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    return is_word_char(cp);
  };
  std::size_t pos = 0, start = 0;
  bool in_word = false;
  while (pos < text.size()) {
    char32_t cp;
    const std::size_t len = at(pos, cp);
    if (word(cp)) {
      if (!in_word) start = pos;
      in_word = true;
      pos += len;
      continue;
    }
    if (in_word && is_joiner(cp) && pos + len < text.size()) {
      char32_t next;
      const std::size_t nlen = at(pos + len, next);
      if (word(next)) {
        pos += len + nlen;
        continue;
      }
    }
    if (in_word) spans.push_back({start, pos - start});
    in_word = false;
    pos += len;
  }
  if (in_word) spans.push_back({start, pos - start});
  return spans;
}

ScriptDetector::ScriptDetector(const Tables& tables) {
  const std::string* content = tables.find(kAlphabetTable);
  if (!content) throw error(errc::bad_table, "missing table " + std::string(kAlphabetTable));
  for (const auto& row : read_tsv(kAlphabetTable, *content)) {
    if (row.fields.size() < 4) table_error(kAlphabetTable, row.line, "expected: lang <TAB> script <TAB> kind <TAB> letters");
    std::string lang(row.fields[0]);
    std::string_view script = row.fields[1], kind = row.fields[2], value = row.fields[3];
    if (script == "cyrillic" && kind == "alphabet") {
      Alphabet a{lang, {}};
      for (char32_t cp : codepoints(value)) {
        if (cp != U' ') a.letters.insert(lower(cp));
      }
      cyrillic_.push_back(std::move(a));
    } else if (script == "latin" && kind == "distinctive") {
      latin_lang_ = lang;
      for (char32_t cp : codepoints(value)) {
        if (cp != U' ') latin_marked_.insert(lower(cp));
      }
    } else if (script == "latin" && kind == "digraphs") {
      latin_lang_ = lang;
      std::size_t pos = 0;
      while (pos < value.size()) {
        std::size_t sp = value.find(' ', pos);
        std::string_view d = value.substr(pos, sp == std::string_view::npos ? sp : sp - pos);
        if (!d.empty()) latin_digraphs_.emplace_back(d);
        if (sp == std::string_view::npos) break;
        pos = sp + 1;
      }
    } else {
      table_error(kAlphabetTable, row.line, "unknown script/kind '" + std::string(script) + "/" + std::string(kind) + "'");
    }
  }
  build_lookalikes();
}

TokenScript ScriptDetector::classify(std::string_view token) const {
  TokenScript t;
  t.length = token.size();
  bool has_latin = false, has_cyrillic = false, has_other = false;
  std::vector<char32_t> cyr;
  bool latin_marked = false;
  for_each_codepoint(token, [&](char32_t cp, std::size_t, std::size_t) {
    if (!u_isalpha(static_cast<UChar32>(cp))) return;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &status);
    if (sc == USCRIPT_LATIN) {
      has_latin = true;
      if (latin_marked_.count(lower(cp))) latin_marked = true;
    } else if (sc == USCRIPT_CYRILLIC) {
      has_cyrillic = true;
      cyr.push_back(lower(cp));
    } else if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) {
      has_other = true;
    }
  });
  const int kinds = int(has_latin) + int(has_cyrillic) + int(has_other);
  if (kinds == 0) return t;
  if (kinds > 1) {
    t.script = Script::mixed;
    return t;
  }
  if (has_other) {
    t.script = Script::other;
    return t;
  }
  if (has_latin) {
    t.script = Script::latin;
    if (latin_marked) {
      t.lang = latin_lang_;
      t.certain = true;
    } else {
      std::string folded;
      for_each_codepoint(token, [&](char32_t cp, std::size_t, std::size_t) { append_utf8(folded, lower(cp)); });
      for (const auto& d : latin_digraphs_) {
        if (folded.find(d) != std::string::npos) {
          t.lang = latin_lang_;  // "nj" also occurs in English (Benjamin): a guess, not certain
          break;
        }
      }
    }
    if (!t.lang.empty()) t.candidates.push_back(t.lang);
    return t;
  }
  t.script = Script::cyrillic;
  // Languages whose alphabet spells every letter; if none does, those missing the fewest.
  std::size_t best_misses = SIZE_MAX;
  for (const auto& a : cyrillic_) {
    std::size_t misses = 0;
    for (char32_t cp : cyr) misses += a.letters.count(cp) ? 0 : 1;
    if (misses < best_misses) {
      best_misses = misses;
      t.candidates.clear();
    }
    if (misses == best_misses) t.candidates.push_back(a.lang);
  }
  if (!t.candidates.empty()) t.lang = t.candidates.front();
  t.certain = best_misses == 0 && t.candidates.size() == 1;
  return t;
}

namespace {
// The languages every Cyrillic token with candidates allows, the first by the table's order.
template <class Get>
std::string common_language(std::size_t n, Get&& get, const auto& alphabets) {
  std::vector<std::string> common;
  bool first = true;
  for (std::size_t i = 0; i < n; ++i) {
    const TokenScript& t = get(i);
    if (t.script != Script::cyrillic || t.candidates.empty()) continue;
    if (first) {
      common = t.candidates;
      first = false;
      continue;
    }
    std::erase_if(common, [&](const std::string& lang) {
      return std::find(t.candidates.begin(), t.candidates.end(), lang) == t.candidates.end();
    });
  }
  if (common.empty()) return {};
  // The table's order of preference decides among the languages left.
  for (const auto& a : alphabets) {
    if (std::find(common.begin(), common.end(), a.lang) != common.end()) return a.lang;
  }
  return common.front();
}
}  // namespace

std::string ScriptDetector::one_language(std::vector<TokenScript>& tokens) const {
  std::string lang = detail::common_language(tokens.size(), [&](std::size_t i) -> const TokenScript& { return tokens[i]; }, cyrillic_);
  if (lang.empty()) return lang;
  for (auto& t : tokens) {
    if (t.script == Script::cyrillic && !t.candidates.empty()) t.lang = lang;
  }
  return lang;
}

std::string ScriptDetector::common_language(std::size_t n,
                                            const std::function<const TokenScript&(std::size_t)>& get) const {
  return detail::common_language(n, get, cyrillic_);
}

std::optional<std::uint64_t> ScriptDetector::language_set(const TokenScript& t) const {
  if (cyrillic_.size() > 64) return std::nullopt;
  std::uint64_t set = 0;
  for (const std::string& lang : t.candidates) {
    const auto it = std::find_if(cyrillic_.begin(), cyrillic_.end(), [&](const Alphabet& a) { return a.lang == lang; });
    if (it == cyrillic_.end()) return std::nullopt;
    set |= std::uint64_t{1} << (it - cyrillic_.begin());
  }
  return set;
}

const std::string& ScriptDetector::language_of(std::uint64_t set) const {
  return cyrillic_[static_cast<std::size_t>(std::countr_zero(set))].lang;
}

std::vector<TokenScript> ScriptDetector::operator()(std::string_view text) const {
  std::vector<TokenScript> out;
  for (const Span& s : tokenize(text)) {
    TokenScript t = classify(text.substr(s.offset, s.length));
    t.offset = s.offset;
    t.length = s.length;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace normname::detail
