#include "translit/registry.hpp"
#include "translit/gap_buffer.hpp"
#include "translit/protect.hpp"
#include "translit/transducer.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>

#include "normname/error.hpp"
#include "normname/text.hpp"
#include "normname/limits.hpp"
#include "script/detector.hpp"
#include "tables/tsv.hpp"
#include "text/utf8.hpp"

namespace normname::detail {

struct SchemeRegistry::Scheme {
  SchemeInfo info;
  std::string rules;                             // for rule schemes
  std::map<std::string, std::string, std::less<>> dispatch;  // for dispatch schemes
  bool is_dispatch = false;
  bool is_reverse = false;  // a .tsv with "# model: reverse": see reverse.hpp
  mutable std::once_flag model_once;
  mutable std::unique_ptr<ReverseModel> model;
  UTransDirection direction = UTRANS_FORWARD;  // UTRANS_REVERSE: the "<" side of the rules
  KeepRules keep;                    // spans left as they are (# keep:)
  std::string exceptions;            // table path of word exceptions (# exceptions:)
  std::vector<std::string> splits;   // its split stems ("in|jek", "^nad|ž")
  // A marked scheme (# base:, # read-back:, # marks:): base's output, with marks where the
  // read-back scheme would not return the input.
  std::string base, read_back, marks;
  std::map<std::string, std::string, std::less<>> one_marks;  // "nj" -> "ǌ"
  std::string apart_mark;                                     // put between two letters
  std::vector<std::string> apart_pairs;                       // lower case: "nj", "lj", "dž"
  mutable std::once_flag once;
  mutable std::unique_ptr<icu::Transliterator> compiled;
  mutable std::once_flag transducer_once;
  mutable std::unique_ptr<Transducer> transducer;  // null: runs through ICU (see why_icu)
  mutable std::string why_icu;
  // Rules that come with the library only (the scheme and its exceptions): CI has checked
  // them against ICU, so the transducer need not wait for ICU to compile them first.
  bool builtin = false;
  std::uint32_t number = 0;  // its place in the registry (word_scheme)
  mutable std::once_flag splits_once;
  mutable bool words_alone = false;  // splits_at_spaces, worked out once
};

namespace {
constexpr std::string_view kDir = "translit/";
constexpr std::string_view kCopy = "-";
constexpr std::string_view kLatinKey = "latin";
constexpr std::string_view kOtherKey = "other";
// Reverse models compare spellings folded to ASCII by this scheme.
constexpr std::string_view kAsciiScheme = "latn-ascii";
// The learned model of how Latin spellings of names are written in Cyrillic.
constexpr std::string_view kLearnedModel = "translit/learned/en-ru.tsv";

// Lower case, no middle dot, apostrophe look-alikes as ' and double primes as ".
std::string reverse_input(std::string_view text) {
  std::string out;
  for_each_codepoint(text, [&](char32_t cp, std::size_t, std::size_t) {
    switch (cp) {
      case U'\u00B7': return;
      case U'\u2019': case U'\u02BC': case U'\u02B9': case U'`': case U'\u2018': out.push_back('\''); return;
      case U'\u201D': case U'\u02BA': out.push_back('"'); return;
      default: append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))));
    }
  });
  return out;
}
std::string lower_utf8(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.toLower();
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Above this many UTF-16 units a text goes through a GapBuffer (see gap_buffer.hpp); below,
// a plain UnicodeString is as fast and avoids the virtual calls.
constexpr int32_t kLongText = 4096;
}  // namespace

SchemeRegistry::SchemeRegistry(const Tables& tables, const ScriptDetector& detector)
    : tables_(tables), detector_(detector) {
  for (const std::string& path : tables.paths()) {
    if (path.rfind(kDir, 0) != 0) continue;
    std::string_view name = std::string_view(path).substr(kDir.size());
    if (name.find('/') != std::string_view::npos) continue;
    const bool rules = name.ends_with(".txt");
    const bool dispatch = name.ends_with(".tsv");
    if (!rules && !dispatch) continue;
    const std::string& content = *tables.find(path);
    auto s = std::make_unique<Scheme>();
    s->info.id = std::string(name.substr(0, name.size() - 4));
    s->info.description = header_field(content, "description");
    s->info.standard = header_field(content, "standard");
    s->info.direction = header_field(content, "direction");
    s->info.source = path;
    if (s->info.description.empty() || s->info.standard.empty()) {
      table_error(path, 1, "a scheme file needs '# description:' and '# standard:' header lines");
    }
    std::string bad;
    if (!s->keep.parse(header_field(content, "keep"), bad)) {
      table_error(path, 1, "unknown '# keep:' item '" + bad + "' (known: url email roman foreign=LETTERS)");
    }
    if (dispatch && header_field(content, "model") == "reverse") {
      s->is_reverse = true;
    } else if (dispatch) {
      s->is_dispatch = true;
      for (const auto& row : read_tsv(path, content)) {
        if (row.fields.size() < 2) table_error(path, row.line, "expected: language <TAB> scheme");
        s->dispatch[std::string(row.fields[0])] = std::string(row.fields[1]);
      }
    } else if (!header_field(content, "base").empty()) {
      s->base = header_field(content, "base");
      s->read_back = header_field(content, "read-back");
      s->marks = std::string(kDir) + header_field(content, "marks");
      if (s->read_back.empty() || s->marks == kDir) {
        table_error(path, 1, "a scheme with '# base:' needs '# read-back:' and '# marks:' lines");
      }
      if (!tables.find(s->marks)) table_error(path, 1, "marks table not found: " + s->marks);
      load_marks(tables, *s);
    } else {
      s->rules = content;
      std::string exc = header_field(content, "exceptions");
      if (!exc.empty()) {
        s->exceptions = std::string(kDir) + exc;
        if (!tables.find(s->exceptions)) table_error(path, 1, "exceptions table not found: " + s->exceptions);
        load_exceptions(tables, *s);
      }
      // "# reverse: ID" registers the same rules run right to left under that ID, so a
      // reversible standard is written once (cyrl-latn-iso9 <-> latn-cyrl-iso9).
      std::string reverse = header_field(content, "reverse");
      if (!reverse.empty()) {
        auto r = std::make_unique<Scheme>();
        r->info.id = reverse;
        r->info.description = "Reverse of " + s->info.id + ": " + s->info.description;
        r->info.standard = s->info.standard;
        r->info.direction = "reverse of " + s->info.id + " (" + s->info.direction + ")";
        r->info.source = path;
        r->rules = content;
        r->direction = UTRANS_REVERSE;
        r->builtin = tables.origin(path) == "built-in";
        schemes_[reverse] = std::move(r);
      }
    }
    s->builtin = tables.origin(path) == "built-in" && (s->exceptions.empty() || tables.origin(s->exceptions) == "built-in");
    schemes_[s->info.id] = std::move(s);
  }
  std::uint32_t number = 0;
  for (auto& entry : schemes_) entry.second->number = number++;
  // A dispatch or marked scheme may only name schemes that exist: check now, not at the
  // first token.
  for (const auto& [id, s] : schemes_) {
    for (const std::string* named : {&s->base, &s->read_back}) {
      if (named->empty()) continue;
      auto it = schemes_.find(*named);
      if (it == schemes_.end() || it->second->is_dispatch || it->second->is_reverse || !it->second->base.empty()) {
        table_error(s->info.source, 1, "names unknown or unsuitable rule scheme '" + *named + "'");
      }
    }
    for (const auto& [lang, target] : s->dispatch) {
      if (target != kCopy && (!schemes_.count(target) || schemes_.at(target)->is_dispatch)) {
        table_error(s->info.source, 1, "language '" + lang + "' names unknown rule scheme '" + target + "'");
      }
    }
  }
}

SchemeRegistry::~SchemeRegistry() = default;

std::vector<SchemeInfo> SchemeRegistry::list() const {
  std::vector<SchemeInfo> out;
  for (const auto& [id, s] : schemes_) out.push_back(s->info);
  return out;
}

bool SchemeRegistry::has(std::string_view id) const { return schemes_.find(id) != schemes_.end(); }

std::optional<std::string> SchemeRegistry::dispatch_target(std::string_view dispatch, std::string_view key) const {
  auto it = schemes_.find(dispatch);
  if (it == schemes_.end()) return std::nullopt;
  auto t = it->second->dispatch.find(key);
  if (t == it->second->dispatch.end() || t->second == kCopy) return std::nullopt;
  return t->second;
}

const SchemeRegistry::Scheme& SchemeRegistry::get(std::string_view id) const {
  auto it = schemes_.find(id);
  if (it == schemes_.end()) {
    throw error(errc::unknown_scheme, "unknown scheme '" + std::string(id) + "' (see: normname translit --list)");
  }
  return *it->second;
}

namespace {

std::unique_ptr<icu::Transliterator> compile_rules(const std::string& id, const std::string& rules,
                                                   UTransDirection dir, const std::string& source) {
  UParseError perr{};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createFromRules(
      icu::UnicodeString::fromUTF8(id), icu::UnicodeString::fromUTF8(rules), dir, perr, status));
  if (U_FAILURE(status) || !t) {
    std::string context;
    icu::UnicodeString(perr.preContext).toUTF8String(context);
    throw error(errc::bad_rules, "tables/" + source + ": ICU cannot compile rule " + std::to_string(perr.line) +
                                     " near '" + context + "': " + u_errorName(status));
  }
  return t;
}

std::string run_compiled(const icu::Transliterator& t, const std::string& text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  t.transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

// Word exceptions (tables/translit/exceptions/*.tsv), rows "split <TAB> STEM" and
// "word <TAB> WORD". A split stem marks with '|' where two letters that usually form one
// (n+j, d+ž) are two ("in|jek": injekcija -> инјекција); a leading '^' binds it to the start
// of a word ("^nad|ž": nadživeti, not ... ). Words are Roman-numeral look-alikes that are
// words: "word" in any case (cd), "lowercase-word" only when not in capitals (vi, but Luj VI).
void SchemeRegistry::load_exceptions(const Tables& tables, Scheme& s) {
  for (const auto& row : read_tsv(s.exceptions, *tables.find(s.exceptions))) {
    if (row.fields.size() < 2) table_error(s.exceptions, row.line, "expected: kind <TAB> entry");
    std::string_view kind = row.fields[0], entry = row.fields[1];
    if (kind == "word") {
      s.keep.not_numerals.emplace(entry);
    } else if (kind == "lowercase-word") {
      s.keep.lowercase_words.emplace(entry);
    } else if (kind == "split") {
      if (entry.find('|') == std::string_view::npos) table_error(s.exceptions, row.line, "a split stem needs a '|'");
      s.splits.emplace_back(entry);
    } else {
      table_error(s.exceptions, row.line, "unknown kind '" + std::string(kind) + "' (split, word or lowercase-word)");
    }
  }
}

// Marks (tables/translit/marks/*.tsv), rows "one <TAB> SPELLING <TAB> U+XXXX" (a digraph
// written as one code point) and "apart <TAB> - <TAB> U+XXXX" (put between two letters that
// would be read as one of those digraphs).
void SchemeRegistry::load_marks(const Tables& tables, Scheme& s) {
  auto code_points = [&](std::string_view field, std::size_t line) {  // "U+0044 U+017D"
    std::string out;
    std::size_t pos = 0;
    while (pos < field.size()) {
      std::size_t end = field.find(' ', pos);
      if (end == std::string_view::npos) end = field.size();
      append_utf8(out, parse_code_point(s.marks, line, field.substr(pos, end - pos)));
      pos = end + 1;
    }
    return out;
  };
  for (const auto& row : read_tsv(s.marks, *tables.find(s.marks))) {
    if (row.fields.size() < 3) table_error(s.marks, row.line, "expected: kind <TAB> spelling <TAB> code points");
    std::string_view kind = row.fields[0];
    if (kind == "one") {
      s.one_marks[std::string(row.fields[1])] = code_points(row.fields[2], row.line);
      const std::string pair = lower_utf8(row.fields[1]);
      if (std::find(s.apart_pairs.begin(), s.apart_pairs.end(), pair) == s.apart_pairs.end()) s.apart_pairs.push_back(pair);
    } else if (kind == "apart") {
      s.apart_mark = code_points(row.fields[2], row.line);
    } else {
      table_error(s.marks, row.line, "unknown kind '" + std::string(kind) + "' (one or apart)");
    }
  }
}

// ICU rules for the split stems, in lower, Title and UPPER case, longest first so that no
// rule is masked by a shorter one. The Cyrillic side is derived by running the scheme's own
// rules on each piece, so the table holds only the Latin form.
std::string SchemeRegistry::exception_rules(const Scheme& s) const {
  auto base = compile_rules(s.info.id + "-base", s.rules, s.direction, s.info.source);
  struct Rule {
    std::string latin, cyrillic;
    bool word_start;
  };
  std::vector<Rule> rules;
  for (const std::string& stem : s.splits) {
    const bool word_start = !stem.empty() && stem.front() == '^';
    std::string body = word_start ? stem.substr(1) : stem;
    std::size_t bar = body.find('|');
    icu::UnicodeString left = icu::UnicodeString::fromUTF8(body.substr(0, bar));
    icu::UnicodeString right = icu::UnicodeString::fromUTF8(body.substr(bar + 1));
    for (int form = 0; form < 3; ++form) {
      icu::UnicodeString l = left, r = right;
      if (form == 1) {  // Title: first letter only
        icu::UnicodeString first = l.tempSubString(0, 1);
        l = first.toUpper() + l.tempSubString(1);
      } else if (form == 2) {
        l.toUpper();
        r.toUpper();
      }
      std::string ls, rs;
      l.toUTF8String(ls);
      r.toUTF8String(rs);
      rules.push_back({ls + rs, run_compiled(*base, ls) + run_compiled(*base, rs), word_start});
    }
  }
  std::stable_sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) { return a.latin.size() > b.latin.size(); });
  std::string out = "# generated from " + s.exceptions + "\n";
  for (const Rule& r : rules) {
    if (r.word_start) {
      out += "[^[:L:][:M:]] { " + r.latin + " > " + r.cyrillic + " ;\n";
    } else {
      out += r.latin + " > " + r.cyrillic + " ;\n";
    }
  }
  for (const Rule& r : rules) {
    if (r.word_start) out += "^ " + r.latin + " > " + r.cyrillic + " ;\n";
  }
  return out;
}

std::string SchemeRegistry::full_rules(const Scheme& s) const {
  std::string rules = s.rules;
  if (!s.splits.empty()) {
    // The generated rules go where the rule file says "# @exceptions".
    const std::string marker = "# @exceptions";
    std::size_t at = rules.find(marker);
    if (at == std::string::npos) {
      throw error(errc::bad_rules, "tables/" + s.info.source + ": has '# exceptions:' but no '# @exceptions' line");
    }
      rules.replace(at, marker.size(), exception_rules(s));
  }
  return rules;
}

const icu::Transliterator& SchemeRegistry::compiled(const Scheme& s) const {
  std::call_once(s.once, [&] { s.compiled = compile_rules(s.info.id, full_rules(s), s.direction, s.info.source); });
  return *s.compiled;
}

const Transducer* SchemeRegistry::transducer(const Scheme& s) const {
  std::call_once(s.transducer_once, [&] {
    // ICU first: rules it rejects are an error, whichever engine runs them.
    if (!s.builtin) compiled(s);
    s.transducer = Transducer::compile(full_rules(s), s.direction, &s.why_icu);
  });
  return s.transducer.get();
}

std::string SchemeRegistry::engine(std::string_view id) const {
  const Scheme& s = get(id);
  if (s.is_dispatch) return "dispatch";
  if (s.is_reverse) return "model";
  if (!s.base.empty()) return "marks over " + s.base;
  if (transducer(s)) return "transducer";
  return "icu (" + s.why_icu + ")";
}

bool SchemeRegistry::splits_at_spaces(std::string_view id) const {
  const Scheme& s = get(id);
  std::call_once(s.splits_once, [&] {
    if (s.is_dispatch) {
      s.words_alone = true;
    } else if (!s.base.empty()) {
      s.words_alone = splits_at_spaces(s.base) && splits_at_spaces(s.read_back);
    } else if (!s.is_reverse) {
      const Transducer* t = transducer(s);
      s.words_alone = t && t->splits_at_spaces();
    }
  });
  return s.words_alone;
}

std::optional<std::uint32_t> SchemeRegistry::word_scheme(std::string_view id) const {
  if (!splits_at_spaces(id)) return std::nullopt;
  return get(id).number;
}

bool SchemeRegistry::reads_alone(std::string_view word, std::string_view id) const {
  const Scheme& s = get(id);
  if (s.is_dispatch) return true;
  // The read-back scheme reads what the base wrote: Cyrillic ВИ is VI there.
  if (!s.base.empty()) return reads_alone(word, s.base) && reads_alone(run(word, s.base), s.read_back);
  if (!s.keep.roman) return true;
  const std::vector<Span> tokens = tokenize(word);
  return std::none_of(tokens.begin(), tokens.end(),
                      [&](const Span& t) { return is_roman_numeral(word.substr(t.offset, t.length)); });
}

const JointModel* SchemeRegistry::learned() const {
  std::call_once(learned_once_, [&] {
    if (const std::string* text = tables_.find(kLearnedModel)) learned_ = std::make_unique<JointModel>(*text, kLearnedModel);
  });
  return learned_.get();
}

const ReverseModel& SchemeRegistry::model(const Scheme& s) const {
  std::call_once(s.model_once, [&] {
    // The model learns how each forward scheme spells each letter, in lower case, with the
    // optional BGN/PCGN middle dot left out and apostrophe look-alikes unified.
    auto forward = [this](std::string_view text, std::string_view scheme) { return reverse_input(run(text, scheme)); };
    auto fold = [this](std::string_view text) { return run(text, kAsciiScheme); };
    s.model = std::make_unique<ReverseModel>(tables_, s.info.source, forward, fold, learned());
  });
  return *s.model;
}

// Case of the input word carried over to the Cyrillic: "Pyotr" -> "Пётр", "PYOTR" -> "ПЁТР".
namespace {

std::size_t letters(std::string_view text) { return count_code_points(text); }

std::string recase(const std::string& cyr, std::string_view latin) {
  std::size_t upper = 0, letters = 0;
  for_each_codepoint(latin, [&](char32_t cp, std::size_t, std::size_t) {
    if (!u_isalpha(static_cast<UChar32>(cp))) return;
    ++letters;
    if (u_isupper(static_cast<UChar32>(cp))) ++upper;
  });
  if (upper == 0) return cyr;
  const bool all = upper == letters && letters > 1;
  std::string out;
  bool first = true;
  for_each_codepoint(cyr, [&](char32_t cp, std::size_t, std::size_t) {
    append_utf8(out, (all || first) ? static_cast<char32_t>(u_toupper(static_cast<UChar32>(cp))) : cp);
    first = false;
  });
  return out;
}
}  // namespace

std::vector<ScoredText> SchemeRegistry::word_candidates(std::string_view token, const Scheme& s, std::size_t k) const {
  // Hyphenated names are read part by part (Rimsky-Korsakov); parts are combined below.
  std::vector<ScoredText> acc{{"", 0}};
  std::size_t pos = 0, parts = 0;
  while (pos <= token.size()) {
    std::size_t dash = token.find('-', pos);
    if (dash == std::string_view::npos) dash = token.size();
    std::string_view part = token.substr(pos, dash - pos);
    // A word no name is as long as is copied: the model's search grows with its length.
    // Past kMaxRankedWords parts, each part adds its best reading in place.
    const bool copy = letters(part) > kMaxReverseWordLetters;
    std::vector<ScoredText> readings;
    if (copy) {
      readings.push_back({std::string(part), 0.0});
    } else {
      readings = model(s).word(reverse_input(part), ++parts > kMaxRankedWords ? 1 : k);
      for (auto& r : readings) r.text = recase(r.text, part);
    }
    if (readings.size() == 1) {
      for (auto& a : acc) {
        if (pos) a.text += '-';
        a.text += readings.front().text;
        a.log_prob += readings.front().log_prob;
      }
      pos = dash + 1;
      continue;
    }
    std::vector<ScoredText> next;
    for (const auto& a : acc) {
      for (const auto& r : readings) {
        next.push_back({a.text + (pos ? "-" : "") + r.text, a.log_prob + r.log_prob});
      }
    }
    std::sort(next.begin(), next.end(), [](const auto& a, const auto& b) { return a.log_prob > b.log_prob; });
    if (next.size() > k) next.resize(k);
    acc = std::move(next);
    pos = dash + 1;
  }
  return acc;
}

namespace {

// Romanizations write ь and ъ with marks the tokenizer takes for punctuation (Yaroslavl’,
// Ob”yekt, Tal'). To read them back, such a mark right after a word belongs to the word and
// joins it to a word that follows at once, unless it closes a quotation its twin opened
// ('Tal').
std::vector<Span> reverse_tokens(std::string_view text) {
  auto at = [&](std::size_t pos, std::size_t& len) {
    char32_t cp = 0;
    bool ok;
    len = pos < text.size() ? decode_utf8(text, pos, cp, ok) : 0;
    return cp;
  };
  auto opener = [](char32_t mark) -> std::u32string_view {
    switch (mark) {
      case U'\u2019': return U"\u2018\u2019";
      case U'\u201D': return U"\u201C\u201D";
      case U'\'': return U"'";
      case U'"': return U"\"";
      case U'`': return U"`";
      default: return {};
    }
  };
  std::vector<Span> out;
  for (const Span& t : tokenize(text)) {
    if (!out.empty() && out.back().offset + out.back().length == t.offset) {
      out.back().length += t.length;  // joined through a mark taken in below
    } else {
      out.push_back(t);
    }
    Span& w = out.back();
    std::size_t len;
    const char32_t mark = at(w.offset + w.length, len);
    const std::u32string_view twins = opener(mark);
    if (twins.empty()) continue;
    if (w.offset > 0) {
      std::size_t prev = w.offset - 1;  // start of the code point before the word
      while (prev > 0 && (static_cast<unsigned char>(text[prev]) & 0xC0) == 0x80) --prev;
      std::size_t plen;
      if (twins.find(at(prev, plen)) != std::u32string_view::npos) continue;
    }
    w.length += len;
  }
  return out;
}

}  // namespace

std::vector<ScoredText> SchemeRegistry::candidates(std::string_view text, std::string_view id, std::size_t k) const {
  const Scheme& s = get(id);
  if (!s.is_reverse) return {{run(text, id), 0.0}};
  // Each token's readings, combined across tokens keeping the k best sums.
  std::vector<ScoredText> acc{{"", 0}};
  std::size_t copied = 0;
  const std::vector<Span> keep = protected_spans(text, s.keep);  // Pyotr I, URLs
  auto kept = [&](const Span& t) {
    return std::any_of(keep.begin(), keep.end(), [&](const Span& k) {
      return k.offset <= t.offset && t.offset + t.length <= k.offset + k.length;
    });
  };
  std::size_t ranked = 0;  // words whose alternatives were combined (kMaxRankedWords)
  for (const Span& t : reverse_tokens(text)) {
    if (t.offset < copied) continue;  // inside a kept span already copied
    const std::string_view between = text.substr(copied, t.offset - copied);
    copied = t.offset + t.length;
    const std::string_view token = text.substr(t.offset, t.length);
    std::vector<ScoredText> readings =
        kept(t) ? std::vector<ScoredText>{{std::string(token), 0.0}}
                : word_candidates(token, s, ranked < kMaxRankedWords ? k : 1);
    if (readings.size() > 1) ++ranked;
    if (readings.size() == 1) {
      // One reading: appended in place, so a long text costs time linear in its length.
      for (auto& a : acc) {
        a.text.append(between);
        a.text += readings.front().text;
        a.log_prob += readings.front().log_prob;
      }
      continue;
    }
    std::vector<ScoredText> next;
    for (const auto& r : readings) {
      for (const auto& a : acc) {
        std::string combined = a.text;
        combined.append(between);
        combined += r.text;
        next.push_back({std::move(combined), a.log_prob + r.log_prob});
      }
    }
    std::sort(next.begin(), next.end(), [](const auto& a, const auto& b) { return a.log_prob > b.log_prob; });
    if (next.size() > k) next.resize(k);
    acc = std::move(next);
  }
  for (auto& a : acc) a.text += std::string(text.substr(copied));
  return acc;
}

std::string SchemeRegistry::run(std::string_view text, std::string_view id) const {
  const Scheme& s = get(id);
  if (s.is_dispatch) return run_dispatch(text, s);
  if (!s.base.empty()) return run_read_back(text, s);
  if (s.is_reverse) return candidates(text, id, 1).front().text;
  if (s.keep.any()) {
    std::vector<Span> keep = protected_spans(text, s.keep);
    if (!keep.empty()) {
      std::string out;
      std::size_t done = 0;
      for (const Span& k : keep) {
        if (k.offset > done) out += run_rules(text.substr(done, k.offset - done), s);
        out.append(text.substr(k.offset, k.length));
        done = k.offset + k.length;
      }
      if (done < text.size()) out += run_rules(text.substr(done), s);
      return out;
    }
  }
  return run_rules(text, s);
}


std::string SchemeRegistry::run_rules(std::string_view text, const Scheme& s) const {
  // The transducer gives ICU's bytes (tests/conformance/transducer.sh) without the UTF-16
  // round trip. Its input is valid UTF-8: Context repairs text before any stage sees it.
  if (engine_ == TranslitEngine::automatic) {
    if (const Transducer* td = transducer(s)) {
      std::string out;
      out.reserve(text.size() + text.size() / 2);
      td->run(text, out);
      return out;
    }
  }
  const icu::Transliterator& t = compiled(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::string out;
  // One compiled instance serves every thread through the const transliterate();
  // tests/unit/translit_test.cpp exercises that from several threads.
  if (u.length() <= kLongText) {
    t.transliterate(u);
    u.toUTF8String(out);
    return out;
  }
  // Long text: ICU replaces in place, quadratic on a UnicodeString; linear on a GapBuffer.
  GapBuffer buf(u);
  t.transliterate(buf);
  return buf.to_utf8();
}

std::string SchemeRegistry::run_read_back(std::string_view text, const Scheme& s) const {
  std::string out = run(text, s.base);
  // Text the base leaves as it is (already Latin) has nothing a mark could tell apart, word
  // by word as marked_word says: half of a mixed archive, spared the read-back.
  if (out == text || run(out, s.read_back) == text) return out;  // nearly always: no marks needed
  std::string marked;
  std::size_t copied = 0;
  for (const Span& t : tokenize(text)) {
    marked += run(text.substr(copied, t.offset - copied), s.base);
    marked += marked_word(text.substr(t.offset, t.length), s);
    copied = t.offset + t.length;
  }
  return marked + run(text.substr(copied), s.base);
}

namespace {
std::vector<std::string> code_points_of(std::string_view text) {
  std::vector<std::string> out;
  for_each_codepoint(text, [&](char32_t, std::size_t off, std::size_t len) { out.emplace_back(text.substr(off, len)); });
  return out;
}
}  // namespace

// One word, marked where needed. The base output is cut into the pieces each input letter
// became; a site is a piece that is a digraph (mark: its one-code-point letter) or two
// neighbouring pieces that meet as one (mark: between them). Reading back, the first letter
// that differs from the input points at the site that was misread; that site is marked and
// the word read again, until it comes back or no site is left to mark (Latin letters in
// Cyrillic text: the base output is returned as it is).
std::string SchemeRegistry::marked_word(std::string_view word, const Scheme& s) const {
  const std::string plain = run(word, s.base);
  // A word the base leaves as it is (already Latin) has nothing a mark could tell apart: its
  // letters read back as Cyrillic however it is marked.
  if (plain == word) return plain;
  // Each pass below reads the whole word again: bounded by kMaxMarkedWordLetters.
  if (letters(word) > kMaxMarkedWordLetters || run(plain, s.read_back) == word) return plain;
  const std::vector<std::string> letters = code_points_of(word);
  const std::vector<std::string> out_cps = code_points_of(plain);
  std::vector<std::string> pieces;
  std::size_t at = 0;
  for (const std::string& letter : letters) {
    const std::size_t n = code_points_of(run(letter, s.base)).size();
    if (at + n > out_cps.size()) return plain;  // the base joined letters across pieces
    std::string piece;
    for (std::size_t i = 0; i < n; ++i) piece += out_cps[at + i];
    pieces.push_back(std::move(piece));
    at += n;
  }
  if (at != out_cps.size()) return plain;
  // Sites by input position: one[i] marks piece i, apart[i] goes between pieces i and i + 1.
  std::vector<bool> one_site(pieces.size()), apart_site(pieces.size());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    one_site[i] = s.one_marks.count(pieces[i]) > 0;
    if (i + 1 < pieces.size() && !s.apart_mark.empty() && !pieces[i].empty() && !pieces[i + 1].empty()) {
      const std::vector<std::string> a = code_points_of(pieces[i]), b = code_points_of(pieces[i + 1]);
      const std::string meet = lower_utf8(a.back() + b.front());
      apart_site[i] = std::find(s.apart_pairs.begin(), s.apart_pairs.end(), meet) != s.apart_pairs.end();
    }
  }
  std::vector<bool> one_marked(pieces.size()), apart_marked(pieces.size());
  for (;;) {
    std::string candidate;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      candidate += one_marked[i] ? s.one_marks.at(pieces[i]) : pieces[i];
      if (apart_marked[i]) candidate += s.apart_mark;
    }
    const std::vector<std::string> back = code_points_of(run(candidate, s.read_back));
    std::size_t d = 0;
    while (d < back.size() && d < letters.size() && back[d] == letters[d]) ++d;
    if (d == back.size() && d == letters.size()) return candidate;
    // The nearest unmarked site at or before the first difference.
    std::size_t i = std::min(d, pieces.size() - 1) + 1;
    bool found = false;
    while (i-- > 0) {
      if (one_site[i] && !one_marked[i]) {
        one_marked[i] = found = true;
      } else if (apart_site[i] && !apart_marked[i]) {
        apart_marked[i] = found = true;
      }
      if (found) break;
    }
    if (!found) return plain;
  }
}

std::string SchemeRegistry::dispatch_scheme(std::string_view dispatch, const TokenScript& t) const {
  return dispatch_scheme(get(dispatch), t);
}

std::string SchemeRegistry::dispatch_scheme(const Scheme& s, const TokenScript& t) const {
  std::string_view key;
  switch (t.script) {
    case Script::cyrillic: key = t.lang; break;
    case Script::latin: key = kLatinKey; break;
    case Script::none: key = kCopy; break;
    case Script::mixed:
    case Script::other: key = kOtherKey; break;
  }
  auto it = s.dispatch.find(key);
  if (it == s.dispatch.end() && t.script == Script::cyrillic) it = s.dispatch.find(kOtherKey);
  if (it == s.dispatch.end() || it->second == kCopy) return {};
  return it->second;
}

std::string SchemeRegistry::run_name(std::string_view text, std::string_view id, std::string* language,
                                     std::string_view prefer) const {
  const Scheme& s = get(id);
  if (!s.is_dispatch) return run(text, id);
  return run_dispatch(text, s, true, language, prefer);
}

std::string SchemeRegistry::run_dispatch(std::string_view text, const Scheme& s, bool one_language,
                                         std::string* language, std::string_view prefer) const {
  std::string out;
  std::size_t copied = 0;
  if (!one_language) {
    // Each token on its own: its output depends on the token alone, so it is kept by
    // scheme, engine and text (names repeat) and classified and transliterated once.
    thread_local std::string key;
    for (const Span& sp : tokenize(text)) {
      out.append(text.substr(copied, sp.offset - copied));
      copied = sp.offset + sp.length;
      const std::string_view token = text.substr(sp.offset, sp.length);
      key.assign(s.info.id);
      key.push_back('\0');
      key.push_back(engine_ == TranslitEngine::icu ? 'i' : 'a');
      key.append(token);
      const std::uint64_t h = FlatCache::hash(key);
      if (tokens_.append_to(key, h, out)) continue;
      const std::size_t at = out.size();
      const std::string scheme = dispatch_scheme(s, detector_.classify(token));
      if (scheme.empty()) {
        out.append(token);
      } else {
        out += run(token, scheme);
      }
      tokens_.set(key, h, std::string_view(out).substr(at));
    }
    out.append(text.substr(copied));
    return out;
  }
  std::vector<TokenScript> tokens = detector_(text);
  {
    std::string lang = detector_.one_language(tokens);
    for (auto& t : tokens) {
      if (!prefer.empty() && std::find(t.candidates.begin(), t.candidates.end(), prefer) != t.candidates.end()) {
        t.lang = std::string(prefer);
      }
    }
    if (language) *language = prefer.empty() ? std::move(lang) : std::string(prefer);
  }
  for (const TokenScript& t : tokens) {
    out.append(text.substr(copied, t.offset - copied));
    copied = t.offset + t.length;
    std::string_view token = text.substr(t.offset, t.length);
    const std::string scheme = dispatch_scheme(s, t);
    if (scheme.empty()) {
      out.append(token);
    } else {
      out += run(token, scheme);
    }
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace normname::detail
