#include "translit/protect.hpp"

#include <algorithm>
#include <cctype>

namespace normname::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// "https://x.org/a," -> without the trailing punctuation that ends a sentence.
std::size_t trim_trailing_punct(std::string_view chunk) {
  std::size_t n = chunk.size();
  while (n > 0 && std::string_view(".,;:!?)]}\"'»").find(chunk[n - 1]) != std::string_view::npos) --n;
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
    for (const Span& t : tokenize(text)) {
      std::string_view tok = text.substr(t.offset, t.length);
      bool keep = false;
      if (!rules.foreign.empty()) {
        keep = std::any_of(tok.begin(), tok.end(), [&](char c) {
          return rules.foreign.find(static_cast<char>(std::tolower(static_cast<unsigned char>(c)))) != std::string::npos;
        });
      }
      if (!keep && rules.roman && tok.size() >= 2 && is_roman_numeral(tok)) {
        std::string lower(tok);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        keep = !rules.not_numerals.count(lower);
      }
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
