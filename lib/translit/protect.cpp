#include "translit/protect.hpp"

#include <algorithm>
#include <cctype>

namespace normname::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// "https://x.org/a," -> without the trailing punctuation that ends a sentence.
// Whole characters only: » is two bytes, and its last byte (BB) also ends ѻ (D1 BB).
std::size_t trim_trailing_punct(std::string_view chunk) {
  std::size_t n = chunk.size();
  while (n > 0) {
    if (std::string_view(".,;:!?)]}\"'").find(chunk[n - 1]) != std::string_view::npos) {
      --n;
    } else if (chunk.substr(0, n).ends_with("\u00BB")) {
      n -= std::string_view("\u00BB").size();
    } else {
      break;
    }
  }
  return n;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

bool looks_like_url(std::string_view chunk) {
  std::size_t colon = chunk.find("://");
  if (colon != std::string_view::npos && colon > 0) {
    return std::all_of(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    });
  }
  return starts_with_ci(chunk, "www.");
}

bool looks_like_email(std::string_view chunk) {
  std::size_t at = chunk.find('@');
  return at != std::string_view::npos && at > 0 && chunk.find('.', at) != std::string_view::npos &&
         chunk.find('.', at) + 1 < chunk.size();
}

int roman_value(char c) {
  switch (std::toupper(static_cast<unsigned char>(c))) {
    case 'I': return 1;
    case 'V': return 5;
    case 'X': return 10;
    case 'L': return 50;
    case 'C': return 100;
    case 'D': return 500;
    case 'M': return 1000;
    default: return 0;
  }
}

std::string to_roman(int n) {
  static const std::pair<int, const char*> table[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
                                                      {90, "XC"},  {50, "L"},   {40, "XL"}, {10, "X"},   {9, "IX"},
                                                      {5, "V"},    {4, "IV"},   {1, "I"}};
  std::string out;
  for (const auto& [v, s] : table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

enum class Case { lower, title, upper, other };

Case case_of(std::string_view tok) {
  bool any_upper = false, any_lower = false;
  for (char c : tok) {
    any_upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
    any_lower |= std::islower(static_cast<unsigned char>(c)) != 0;
  }
  // Non-ASCII letters (Š, č) count through their ASCII neighbours; a token of only
  // non-ASCII letters is "other", which no rule below relies on.
  if (any_upper && !any_lower) return Case::upper;
  if (any_lower && !any_upper) return Case::lower;
  if (any_upper && std::isupper(static_cast<unsigned char>(tok[0]))) return Case::title;
  return Case::other;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Whether the numeral-shaped token tokens[i] is a numeral here. Capitals decide most of it:
// Serbian writes numerals in capitals (XIV, Petar I) and the look-alike words in lower case
// (vi, i, li), so the case a word is written in is the evidence, read with its neighbours.
bool numeral_here(std::string_view text, const std::vector<Span>& tokens, std::size_t i, const KeepRules& rules) {
  std::string_view tok = text.substr(tokens[i].offset, tokens[i].length);
  const std::string lower = ascii_lower(tok);
  if (rules.not_numerals.count(lower)) return false;
  if (case_of(tok) == Case::lower) return tok.size() >= 2 && !rules.lowercase_words.count(lower);
  const std::size_t end = tokens[i].offset + tokens[i].length;
  auto neighbour = [&](std::size_t j) { return text.substr(tokens[j].offset, tokens[j].length); };
  // A neighbour on another line is no neighbour: lines are separate texts (the CLI reads
  // them one by one, and a library caller must get the same).
  auto same_line = [&](std::size_t j) {
    const std::size_t from = std::min(tokens[i].offset, tokens[j].offset);
    const std::size_t to = std::max(tokens[i].offset, tokens[j].offset);
    return text.substr(from, to - from).find_first_of("\n\r") == std::string_view::npos;
  };
  // In text set in capitals (a headline) a capital look-alike is the word: ŠTA VI MISLITE.
  auto capitals_around = [&] {
    for (std::size_t j : {i - 1, i + 1}) {
      if (j >= tokens.size() || !same_line(j)) continue;  // i - 1 wraps past 0
      std::string_view w = neighbour(j);
      if (w.size() >= 2 && case_of(w) == Case::upper && !is_roman_numeral(w)) return true;
    }
    return false;
  };
  if (tok.size() == 1) {
    // One capital letter is an initial (V. Popović), a letter (vitamin C) or a numeral after
    // a name (Petar I, Pio V): only the last keeps its Latin letter.
    if (end < text.size() && text[end] == '.') return false;
    if (i == 0 || !same_line(i - 1) || case_of(neighbour(i - 1)) != Case::title) return false;
    return !(rules.lowercase_words.count(lower) && capitals_around());
  }
  return !(rules.lowercase_words.count(lower) && capitals_around());
}

}  // namespace

bool KeepRules::parse(std::string_view header, std::string& bad_item) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && header[pos] == ' ') ++pos;
    std::size_t end = header.find(' ', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    pos = end;
    if (item.empty()) continue;
    if (item == "url") {
      url = true;
    } else if (item == "email") {
      email = true;
    } else if (item == "roman") {
      roman = true;
    } else if (item.substr(0, 8) == "foreign=") {
      foreign = std::string(item.substr(8));
      for (int b = 0; b < 256; ++b) {
        foreign_byte[static_cast<std::size_t>(b)] =
            foreign.find(static_cast<char>(std::tolower(b))) != std::string::npos;
      }
    } else {
      bad_item = std::string(item);
      return false;
    }
  }
  return true;
}

bool is_roman_numeral(std::string_view token) {
  if (token.empty() || token.size() > 15) return false;
  const bool upper = std::isupper(static_cast<unsigned char>(token[0]));
  int total = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    int v = roman_value(token[i]);
    if (v == 0 || bool(std::isupper(static_cast<unsigned char>(token[i]))) != upper) return false;
    int next = i + 1 < token.size() ? roman_value(token[i + 1]) : 0;
    total += v < next ? -v : v;
  }
  if (total <= 0 || total >= 4000) return false;
  // Well-formed means canonical: the numeral of its own value (rejects IIII, IC, VX).
  std::string canon = to_roman(total);
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(token[i])) != canon[i]) return false;
  }
  return canon.size() == token.size();
}

std::vector<Span> protected_spans(std::string_view text, const KeepRules& rules) {
  std::vector<Span> spans;
  if (!rules.any()) return spans;
  // Whole whitespace-separated chunks: URLs and e-mail addresses.
  if (rules.url || rules.email) {
    std::size_t pos = 0;
    while (pos < text.size()) {
      while (pos < text.size() && is_space(text[pos])) ++pos;
      std::size_t end = pos;
      while (end < text.size() && !is_space(text[end])) ++end;
      std::string_view chunk = text.substr(pos, end - pos);
      if (!chunk.empty() && ((rules.url && looks_like_url(chunk)) || (rules.email && looks_like_email(chunk)))) {
        spans.push_back({pos, trim_trailing_punct(chunk)});
      }
      pos = end;
    }
  }
  // Word tokens: foreign letters, Roman numerals.
  if (rules.roman || !rules.foreign.empty()) {
    const std::vector<Span> tokens = tokenize(text);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const Span& t = tokens[i];
      std::string_view tok = text.substr(t.offset, t.length);
      bool keep = false;
      if (!rules.foreign.empty()) {
        keep = std::any_of(tok.begin(), tok.end(),
                           [&](char c) { return rules.foreign_byte[static_cast<unsigned char>(c)]; });
      }
      if (!keep && rules.roman && is_roman_numeral(tok)) keep = numeral_here(text, tokens, i, rules);
      if (keep) spans.push_back(t);
    }
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.offset < b.offset; });
  // Drop spans inside an earlier one (a word inside a URL).
  std::vector<Span> out;
  for (const Span& s : spans) {
    if (!out.empty() && s.offset < out.back().offset + out.back().length) continue;
    out.push_back(s);
  }
  return out;
}

}  // namespace normname::detail
