#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "normname/error.hpp"
#include "normname/limits.hpp"
#include "tables/tsv.hpp"
#include "text/normalizer.hpp"
#include "text/utf8.hpp"

namespace normname::detail {

namespace {

constexpr std::string_view kPunctuationTable = "text/punctuation.tsv";

bool is_mark(utf8proc_category_t c) {
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

bool is_latin(char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(cp), &status) == USCRIPT_LATIN;
}

// NFC, optionally with full case folding, through utf8proc (the hot path: no ICU call).
std::string nfc(std::string_view s, bool fold_case, bool drop_ignorables) {
  int options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
  if (fold_case) options |= UTF8PROC_CASEFOLD;
  if (drop_ignorables) options |= UTF8PROC_IGNORE;
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &out,
                                    static_cast<utf8proc_option_t>(options));
  if (n < 0) {
    // Input was repaired before, so this is an internal error, not bad input.
    throw error(errc::invalid_utf8, std::string("utf8proc: ") + utf8proc_errmsg(n));
  }
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

// Vučić -> Vucic; й and ё stay (their marks sit on Cyrillic bases).
std::string strip_latin_marks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool after_latin = false;
  for_each_codepoint(s, [&](char32_t cp, std::size_t off, std::size_t len) {
    auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    if (is_mark(cat)) {
      if (!after_latin) out.append(s.substr(off, len));
      return;
    }
    after_latin = is_latin(cp);
    if (!after_latin || cp < 0x80) {
      out.append(s.substr(off, len));
      return;
    }
    utf8proc_int32_t buf[8];
    int last_class = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buf, 8,
                                                 UTF8PROC_DECOMPOSE, &last_class);
    if (n <= 0 || n > 8) {
      out.append(s.substr(off, len));
      return;
    }
    for (utf8proc_ssize_t i = 0; i < n; ++i) {
      if (!is_mark(utf8proc_category(buf[i]))) append_utf8(out, static_cast<char32_t>(buf[i]));
    }
  });
  return out;
}

std::string squash_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

bool stream_safe(std::string_view text, std::string& out) {
  std::size_t run = 0;
  bool changed = false;
  std::size_t copied = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      run = 0;
      ++pos;
      continue;
    }
    char32_t cp;
    bool ok;
    const std::size_t n = decode_utf8(text, pos, cp, ok);
    if (ok && utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0) {
      if (++run > kMaxCombiningRun) {
        if (!changed) out.clear();
        changed = true;
        out.append(text.substr(copied, pos - copied));
        out += "\u034F";
        copied = pos;
        run = 1;
      }
    } else {
      run = 0;
    }
    pos += n;
  }
  if (changed) out.append(text.substr(copied));
  return changed;
}

Normalizer::Normalizer(const Tables& tables) {
  const std::string* content = tables.find(kPunctuationTable);
  if (!content) throw error(errc::bad_table, std::string("missing table ") + std::string(kPunctuationTable));
  for (const auto& row : read_tsv(kPunctuationTable, *content)) {
    if (row.fields.size() < 2) table_error(kPunctuationTable, row.line, "expected: code point <TAB> replacement");
    char32_t cp = parse_code_point(kPunctuationTable, row.line, row.fields[0]);
    punctuation_[cp] = std::string(row.fields[1]);
    ascii_punctuation_min_ = std::min(ascii_punctuation_min_, cp);
  }
  // A code point is simple when it and its case fold are made of characters that are NFC
  // quick-check Yes with combining class 0 (so no neighbour composes or reorders with
  // them), that are no space, control or format character, and that the punctuation table
  // does not list: for text of such characters, NFC of the folded text is the folded
  // characters one after another.
  auto stable = [&](char32_t cp) {
    const auto c = static_cast<UChar32>(cp);
    const auto cat = utf8proc_category(c);
    return u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES && u_getCombiningClass(c) == 0 &&
           cat != UTF8PROC_CATEGORY_ZS && cat != UTF8PROC_CATEGORY_ZL && cat != UTF8PROC_CATEGORY_ZP &&
           cat != UTF8PROC_CATEGORY_CC && cat != UTF8PROC_CATEGORY_CF && cat != UTF8PROC_CATEGORY_CN &&
           !punctuation_.count(cp);
  };
  for (char32_t cp = 0x80; cp < kSimpleLimit; ++cp) {
    if (!stable(cp)) continue;
    std::string one;
    append_utf8(one, cp);
    std::string fold = nfc(one, true, false);
    bool ok = true;
    for_each_codepoint(fold, [&](char32_t f, std::size_t, std::size_t) { ok = ok && (f < 0x80 ? f >= 0x20 && f != 0x7F && !punctuation_.count(f) : stable(f)); });
    if (!ok || nfc(one, false, false) != one) continue;
    simple_[cp] = true;
    folded_[cp] = std::move(fold);
  }
}

bool Normalizer::simple(std::string_view text, const NormalizeOptions& opts, std::string& out) const {
  out.clear();
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      const bool is_space = c == ' ' || (c >= '\t' && c <= '\r');
      if (is_space) {
        out.push_back(opts.squash_whitespace ? ' ' : static_cast<char>(c));
      } else if (opts.strip_controls && (c < 0x20 || c == 0x7F)) {
      } else if (opts.unify_punctuation && c >= ascii_punctuation_min_ && punctuation_.count(c)) {
        out += punctuation_.at(c);
      } else {
        out.push_back(static_cast<char>(opts.fold_case && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      }
      ++pos;
      continue;
    }
    char32_t cp;
    bool ok;
    const std::size_t n = decode_utf8(text, pos, cp, ok);
    if (!ok || cp >= kSimpleLimit || !simple_[cp]) return false;
    if (opts.fold_case) {
      out += folded_[cp];
    } else {
      out.append(text.substr(pos, n));
    }
    pos += n;
  }
  if (opts.squash_whitespace) out = squash_spaces(out);
  return true;
}

std::string Normalizer::ascii(std::string_view text, const NormalizeOptions& opts) const {
  // Same steps as operator() for text that is all ASCII: NFC is the identity there, case
  // folding is A-Z -> a-z, and there are no Latin diacritics to strip.
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    const bool is_space = c == ' ' || (c >= '\t' && c <= '\r');
    if (is_space) {
      // Kept verbatim unless squashing: a tab may be a field separator the caller relies on.
      out.push_back(opts.squash_whitespace ? ' ' : static_cast<char>(c));
      continue;
    }
    if (opts.strip_controls && (c < 0x20 || c == 0x7F)) continue;
    if (opts.unify_punctuation && c >= ascii_punctuation_min_) {
      auto it = punctuation_.find(c);
      if (it != punctuation_.end()) {
        out += it->second;
        continue;
      }
    }
    if (opts.fold_case && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    out.push_back(static_cast<char>(c));
  }
  return opts.squash_whitespace ? squash_spaces(out) : out;
}

std::string Normalizer::operator()(std::string_view text, const NormalizeOptions& opts) const {
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return ascii(text, opts);
  }
  std::string out;
  if (!opts.strip_diacritics && simple(text, opts, out)) return out;
  return reference(text, opts);
}

std::string Normalizer::reference(std::string_view text, const NormalizeOptions& opts) const {
  std::string valid;
  if (!is_valid_utf8(text)) {
    valid = repair_utf8(text);
    text = valid;
  }

  // Pass 1, per code point: controls, punctuation look-alikes, white space.
  std::string pass1;
  pass1.reserve(text.size());
  for_each_codepoint(text, [&](char32_t cp, std::size_t off, std::size_t len) {
    auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    const bool is_space = cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
                          cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
                          cat == UTF8PROC_CATEGORY_ZP;
    if (is_space) {
      if (opts.squash_whitespace) {
        pass1.push_back(' ');
      } else {
        pass1.append(text.substr(off, len));
      }
      return;
    }
    const bool joiner = cp == U'\u200C' || cp == U'\u200D';
    if (opts.strip_controls && (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF) &&
        !(joiner && opts.keep_joiners)) {
      return;
    }
    // What utf8proc's IGNORE would drop, dropped here: the joiners stream_safe() puts in
    // below must stay.
    if (opts.strip_controls && !opts.keep_joiners && utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->ignorable) {
      return;
    }
    if (opts.unify_punctuation) {
      auto it = punctuation_.find(cp);
      if (it != punctuation_.end()) {
        pass1 += it->second;
        return;
      }
    }
    pass1.append(text.substr(off, len));
  });
  // Canonical reordering sorts each run of combining marks: runs are cut to a bounded
  // length first (UAX #15 stream-safe), so that it stays linear.
  std::string safe;
  if (stream_safe(pass1, safe)) pass1 = std::move(safe);
  std::string out = nfc(pass1, opts.fold_case, false);
  if (opts.unify_punctuation) {
    // NFC can make a look-alike out of a character the table does not list (Greek ano
    // teleia U+0387 is canonically U+00B7): map again, so that normalizing is idempotent.
    auto listed = [&](char32_t cp) { return cp >= ascii_punctuation_min_ && punctuation_.count(cp); };
    bool any = false;
    for_each_codepoint(out, [&](char32_t cp, std::size_t, std::size_t) { any = any || listed(cp); });
    if (any) {
      std::string again;
      for_each_codepoint(out, [&](char32_t cp, std::size_t off, std::size_t len) {
        if (listed(cp)) {
          again += punctuation_.at(cp);
        } else {
          again.append(out, off, len);
        }
      });
      // A mapping to nothing (U+00B7) can bring a combining mark next to a letter it
      // composes with (j + U+030C): compose again.
      out = nfc(again, opts.fold_case, false);
    }
  }
  if (opts.strip_diacritics) out = strip_latin_marks(out);
  if (opts.squash_whitespace) out = squash_spaces(out);
  return out;
}

}  // namespace normname::detail
