#include "translit/transducer.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/parsepos.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "text/utf8.hpp"

namespace normname::detail {

namespace {

// Code points below this get a direct bucket of rules and a bitmap in every set: Latin,
// Greek and Cyrillic, where nearly all the work is.
constexpr char32_t kLow = 0x800;
// Built-in transforms named inside rules ("::Latin-ASCII;") are expanded from ICU's own
// rules; one built-in naming another is followed this deep.
constexpr int kMaxDepth = 4;

struct CharSet {
  icu::UnicodeSet set;
  std::array<std::uint64_t, kLow / 64> low{};
  bool has_high = false;
  explicit CharSet(const icu::UnicodeSet& s) : set(s) {
    set.freeze();
    for (char32_t c = 0; c < kLow; ++c) {
      if (set.contains(static_cast<UChar32>(c))) low[c >> 6] |= std::uint64_t{1} << (c & 63);
    }
    has_high = set.size() > 0 && set.getRangeEnd(set.getRangeCount() - 1) >= static_cast<UChar32>(kLow);
  }
  bool has(char32_t c) const {
    return c < kLow ? ((low[c >> 6] >> (c & 63)) & 1) != 0 : set.contains(static_cast<UChar32>(c));
  }
};

struct Elem {
  char32_t cp = 0;
  const CharSet* set = nullptr;
  std::uint32_t min = 1, max = 1;
  bool matches(char32_t c) const { return set ? set->has(c) : c == cp; }
};

struct Rule {
  std::vector<Elem> ante, key, post;
  bool anchor_start = false, anchor_end = false;
  std::string output;
};

// The text around the run a step transforms: what lies before it (already converted, left
// to right) and after it (not yet converted). Contexts see through it, as ICU's do.
struct Around {
  std::span<const std::string_view> before, after;
};

// Reads code points forward: `first`, then each view of `rest`.
class Forward {
 public:
  Forward(std::string_view first, std::span<const std::string_view> rest) : cur_(first), rest_(rest) {}
  bool peek(char32_t& c, std::size_t& len) {
    while (cur_.empty()) {
      if (rest_.empty()) return false;
      cur_ = rest_.front();
      rest_ = rest_.subspan(1);
    }
    len = next_code_point(cur_, 0, c);
    return true;
  }
  void advance(std::size_t len) { cur_.remove_prefix(len); }
  bool at_end() {
    char32_t c;
    std::size_t len;
    return !peek(c, len);
  }
  std::size_t left_in_first() const { return cur_.size(); }

 private:
  std::string_view cur_;
  std::span<const std::string_view> rest_;
};

// Reads code points backward: `first` from its end, then the views of `rest` from the last.
class Backward {
 public:
  Backward(std::string_view first, std::span<const std::string_view> rest) : cur_(first), rest_(rest) {}
  bool peek(char32_t& c, std::size_t& len) {
    while (cur_.empty()) {
      if (rest_.empty()) return false;
      cur_ = rest_.back();
      rest_ = rest_.subspan(0, rest_.size() - 1);
    }
    std::size_t start = cur_.size() - 1;
    for (int i = 0; i < 3 && start > 0 && (static_cast<unsigned char>(cur_[start]) & 0xC0) == 0x80; ++i) --start;
    next_code_point(cur_, start, c);
    len = cur_.size() - start;
    return true;
  }
  void advance(std::size_t len) { cur_.remove_suffix(len); }
  bool at_end() {
    char32_t c;
    std::size_t len;
    return !peek(c, len);
  }

 private:
  std::string_view cur_;
  std::span<const std::string_view> rest_;
};

// ICU's quantifiers are greedy and never give back what they took.
template <class Reader>
bool match_elems(const std::vector<Elem>& elems, Reader& r, bool backward) {
  const std::size_t n = elems.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Elem& e = elems[backward ? n - 1 - i : i];
    std::uint32_t count = 0;
    char32_t c;
    std::size_t len;
    while (count < e.max && r.peek(c, len) && e.matches(c)) {
      r.advance(len);
      ++count;
    }
    if (count < e.min) return false;
  }
  return true;
}

struct RuleBlock {
  std::vector<std::unique_ptr<CharSet>> sets;
  std::vector<Rule> rules;
  // Rules that may match at a code point, in rule order (ICU tries them in that order and
  // the first that matches wins).
  std::vector<std::vector<std::uint32_t>> low = std::vector<std::vector<std::uint32_t>>(kLow);
  std::unordered_map<char32_t, std::vector<std::uint32_t>> high;
  std::vector<std::uint32_t> high_sets;
  // For a code point below kLow whose first candidate rule reads that one code point and
  // nothing around it, the rule (+1; 0: none): it wins wherever it is tried, so the step
  // writes its output without matching. Most letters of a scheme are such rules.
  std::vector<std::uint32_t> direct = std::vector<std::uint32_t>(kLow, 0);

  // Below kLow, the candidates once the next code point is known too: rules whose key is
  // one code point and then a literal one are listed under that second code point only
  // (merged in rule order with the rest), so a letter with many exception stems tries
  // just the stems that go on as the text does.
  struct ByNext {
    std::vector<std::pair<char32_t, std::vector<std::uint32_t>>> lists;  // sorted by code point
    std::vector<std::uint32_t> rest;  // any other next code point
  };
  std::vector<ByNext> by_next = std::vector<ByNext>(kLow);

  static bool literal_second(const Rule& r) {
    return r.key.size() >= 2 && r.key[0].min == 1 && r.key[0].max == 1 && r.key[1].min >= 1 && !r.key[1].set;
  }

  const std::vector<std::uint32_t>& candidates(char32_t c, bool has_next, char32_t next) const {
    if (c >= kLow) return candidates(c);
    const ByNext& b = by_next[c];
    if (has_next && !b.lists.empty()) {
      auto it = std::lower_bound(b.lists.begin(), b.lists.end(), next, [](const auto& e, char32_t x) { return e.first < x; });
      if (it != b.lists.end() && it->first == next) return it->second;
    }
    return b.rest;
  }

  void index() {
    index_candidates();
    for (char32_t c = 0; c < kLow; ++c) {
      ByNext& b = by_next[c];
      std::vector<char32_t> seconds;
      for (std::uint32_t i : low[c]) {
        if (literal_second(rules[i])) {
          seconds.push_back(rules[i].key[1].cp);
        } else {
          b.rest.push_back(i);
        }
      }
      std::sort(seconds.begin(), seconds.end());
      seconds.erase(std::unique(seconds.begin(), seconds.end()), seconds.end());
      for (char32_t x : seconds) {
        std::vector<std::uint32_t> list;
        for (std::uint32_t i : low[c]) {
          if (!literal_second(rules[i]) || rules[i].key[1].cp == x) list.push_back(i);
        }
        b.lists.emplace_back(x, std::move(list));
      }
    }
    for (char32_t c = 0; c < kLow; ++c) {
      if (low[c].empty()) continue;
      const Rule& r = rules[low[c].front()];
      if (r.key.size() == 1 && r.key.front().min == 1 && r.key.front().max == 1 && r.ante.empty() &&
          r.post.empty() && !r.anchor_start && !r.anchor_end) {
        direct[c] = low[c].front() + 1;
      }
    }
  }

  void index_candidates() {
    for (std::uint32_t i = 0; i < rules.size(); ++i) {
      const Elem& first = rules[i].key.front();
      if (first.set) {
        for (char32_t c = 0; c < kLow; ++c) {
          if (first.set->has(c)) low[c].push_back(i);
        }
        if (first.set->has_high) {
          high_sets.push_back(i);
          for (auto& [cp, list] : high) {
            if (first.set->has(cp)) list.push_back(i);
          }
        }
      } else if (first.cp < kLow) {
        low[first.cp].push_back(i);
      } else {
        auto [it, fresh] = high.try_emplace(first.cp);
        if (fresh) {  // earlier set rules that contain it come first, in order
          for (std::uint32_t j : high_sets) {
            if (rules[j].key.front().set->has(first.cp)) it->second.push_back(j);
          }
        }
        it->second.push_back(i);
      }
    }
  }

  const std::vector<std::uint32_t>& candidates(char32_t c) const {
    if (c < kLow) return low[c];
    auto it = high.find(c);
    return it == high.end() ? high_sets : it->second;
  }

  void apply(std::string_view in, const Around& around, std::string& out) const {
    const std::size_t base = out.size();
    std::size_t pos = 0;
    while (pos < in.size()) {
      char32_t c;
      const std::size_t len = next_code_point(in, pos, c);
      if (c < kLow && direct[c] != 0) {
        out += rules[direct[c] - 1].output;
        pos += len;
        continue;
      }
      bool done = false;
      // The code point after c, read once: it picks the candidates, and rules out those
      // whose second element (a set) does not take it.
      char32_t next = 0;
      const bool has_next = pos + len < in.size();
      if (has_next) next_code_point(in, pos + len, next);
      for (std::uint32_t i : candidates(c, has_next, next)) {
        const Rule& r = rules[i];
        if (r.key.size() >= 2 && r.key[0].min == 1 && r.key[0].max == 1 && r.key[1].min >= 1 &&
            (!has_next || !r.key[1].matches(next))) {
          continue;
        }
        Forward key(in.substr(pos), {});
        if (!match_elems(r.key, key, false)) continue;
        if (!r.ante.empty() || r.anchor_start) {
          Backward ante(std::string_view(out).substr(base), around.before);
          if (!match_elems(r.ante, ante, true)) continue;
          if (r.anchor_start && !ante.at_end()) continue;
        }
        const std::size_t end = in.size() - key.left_in_first();
        if (!r.post.empty() || r.anchor_end) {
          Forward post(in.substr(end), around.after);
          if (!match_elems(r.post, post, false)) continue;
          if (r.anchor_end && !post.at_end()) continue;
        }
        out += r.output;
        pos = end;
        done = true;
        break;
      }
      if (!done) {
        out.append(in.data() + pos, len);
        pos += len;
      }
    }
  }
};

}  // namespace

struct Step;

struct Transducer::Compound {
  std::unique_ptr<CharSet> filter;  // a global filter ("::[set];"): only its runs change
  std::vector<Step> steps;
  void apply(std::string_view in, const Around& around, std::string& out) const;
  bool splits_at_spaces() const;  // Transducer::splits_at_spaces
};

namespace {
struct StepBody {
  const icu::Normalizer2* norm = nullptr;
  std::unique_ptr<RuleBlock> block;
  std::unique_ptr<Transducer::Compound> sub;
};
}  // namespace

struct Step : StepBody {
  void apply(std::string_view in, const Around& around, std::string& out) const {
    if (norm) {
      UErrorCode status = U_ZERO_ERROR;
      const icu::StringPiece piece(in.data(), static_cast<int32_t>(in.size()));
      bool ascii = true;
      for (char ch : in) {
        if (static_cast<unsigned char>(ch) >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii || norm->isNormalizedUTF8(piece, status)) {
        out.append(in);
        return;
      }
      status = U_ZERO_ERROR;
      icu::StringByteSink<std::string> sink(&out);
      norm->normalizeUTF8(0, piece, sink, nullptr, status);
    } else if (block) {
      block->apply(in, around, out);
    } else if (sub) {
      sub->apply(in, around, out);
    }
  }
};

namespace {
// Buffers a compound's steps write into, per thread and per depth of compounds inside
// compounds: reused from call to call, so a warm transducer allocates nothing per word.
struct Scratch {
  std::string a, b, converted, piece;
  std::vector<std::string_view> before, after;
};
class ScratchLevel {
 public:
  ScratchLevel() {
    if (depth_ == pool_.size()) pool_.push_back(std::make_unique<Scratch>());
    s_ = pool_[depth_++].get();
  }
  ~ScratchLevel() { --depth_; }
  ScratchLevel(const ScratchLevel&) = delete;
  ScratchLevel& operator=(const ScratchLevel&) = delete;
  Scratch& operator*() const { return *s_; }

 private:
  static thread_local std::vector<std::unique_ptr<Scratch>> pool_;
  static thread_local std::size_t depth_;
  Scratch* s_;
};
thread_local std::vector<std::unique_ptr<Scratch>> ScratchLevel::pool_;
thread_local std::size_t ScratchLevel::depth_ = 0;
}  // namespace

void Transducer::Compound::apply(std::string_view in, const Around& around, std::string& out) const {
  const ScratchLevel level;
  Scratch& scratch = *level;
  auto run_steps = [&](std::string_view text, const Around& ctx, std::string& dest) {
    if (steps.empty()) {
      dest.append(text);
      return;
    }
    std::string& a = scratch.a;
    std::string& b = scratch.b;
    std::string_view cur = text;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (i + 1 == steps.size()) {
        steps[i].apply(cur, ctx, dest);
      } else {
        std::string& next = (i % 2 == 0) ? a : b;
        next.clear();
        steps[i].apply(cur, ctx, next);
        cur = next;
      }
    }
  };
  if (!filter) {
    run_steps(in, around, out);
    return;
  }
  // Runs of filtered code points are transformed one at a time; contexts see the converted
  // text before the run and the unconverted text after it.
  std::vector<std::string_view>& before = scratch.before;
  before.assign(around.before.begin(), around.before.end());
  before.emplace_back();
  std::vector<std::string_view>& after = scratch.after;
  after.assign(1, std::string_view());
  after.insert(after.end(), around.after.begin(), around.after.end());
  std::string& converted = scratch.converted;  // this level's output; appended to `out` at the end
  converted.clear();
  std::string& piece = scratch.piece;
  std::size_t pos = 0;
  while (pos < in.size()) {
    const std::size_t gap = pos;
    char32_t c;
    std::size_t len;
    while (pos < in.size() && (len = next_code_point(in, pos, c), !filter->has(c))) pos += len;
    converted.append(in.substr(gap, pos - gap));
    const std::size_t start = pos;
    while (pos < in.size() && (len = next_code_point(in, pos, c), filter->has(c))) pos += len;
    if (start == pos) continue;
    before.back() = converted;
    after.front() = in.substr(pos);
    piece.clear();
    run_steps(in.substr(start, pos - start), Around{before, after}, piece);
    converted += piece;
  }
  out += converted;
}

bool Transducer::Compound::splits_at_spaces() const {
  // A normalization step never moves a space nor composes across one (it is a starter that
  // composes with nothing); a global filter only cuts the text into runs, and contexts see
  // through those runs, so only the rules decide.
  auto space = [](const Elem& e) { return e.matches(U' '); };
  // A context read outward from the key: only its last element may see a space, once, and
  // not where the rule is anchored beyond it (^ [^$L] sees the space of " b", not of "a b").
  auto bounded = [&](auto first, auto last, bool anchored) {
    for (auto it = first; it != last; ++it) {
      if (!space(*it)) continue;
      if (std::next(it) != last || it->max != 1 || anchored) return false;
    }
    return true;
  };
  for (const Step& step : steps) {
    if (step.sub && !step.sub->splits_at_spaces()) return false;
    if (!step.block) continue;
    for (const Rule& r : step.block->rules) {
      if (std::any_of(r.key.begin(), r.key.end(), space) || !bounded(r.ante.rbegin(), r.ante.rend(), r.anchor_start) ||
          !bounded(r.post.begin(), r.post.end(), r.anchor_end)) {
        return false;
      }
    }
  }
  return true;
}

Transducer::Transducer() = default;
Transducer::~Transducer() = default;

void Transducer::run(std::string_view text, std::string& out) const { top_->apply(text, Around{}, out); }

// ---------------------------------------------------------------------------------------
// Parsing ICU rule syntax (the subset the transducer runs; anything else fails the compile).

namespace {

struct Fail {
  std::string why;
};

bool is_space(UChar32 c) { return u_hasBinaryProperty(c, UCHAR_PATTERN_WHITE_SPACE); }

// Statements split at unquoted ';' outside sets, comments ('#' to the end of the line) out.
std::vector<std::string> statements(std::string_view rules) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const char ch = rules[i];
    if (quoted) {
      cur += ch;
      if (ch == '\'') quoted = false;
      continue;
    }
    if (ch == '\\' && i + 1 < rules.size()) {
      cur += ch;
      cur += rules[++i];
      continue;
    }
    if (ch == '\'' && depth == 0) {  // inside a set, a quote is the set's business
      quoted = true;
      cur += ch;
      continue;
    }
    if (ch == '[') ++depth;
    if (ch == ']' && depth > 0) --depth;
    if (depth == 0 && ch == '#') {
      while (i < rules.size() && rules[i] != '\n' && rules[i] != '\r') ++i;
      cur += ' ';
      continue;
    }
    if (depth == 0 && ch == ';') {
      out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += ch;
  }
  out.push_back(std::move(cur));
  return out;
}

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r')) --b;
  return std::string(s.substr(a, b - a));
}

bool name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// $name replaced by its definition, outside quotes.
std::string substitute(const std::string& s, const std::unordered_map<std::string, std::string>& vars) {
  std::string out;
  bool quoted = false;
  int depth = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (ch == '[' && !quoted) ++depth;
    if (ch == ']' && !quoted && depth > 0) --depth;
    if (quoted) {
      out += ch;
      if (ch == '\'') quoted = false;
    } else if (ch == '\\' && i + 1 < s.size()) {
      out += ch;
      out += s[++i];
    } else if (ch == '\'' && depth == 0) {
      quoted = true;
      out += ch;
    } else if (ch == '$' && i + 1 < s.size() && name_start(s[i + 1])) {
      std::size_t j = i + 1;
      while (j < s.size() && name_char(s[j])) ++j;
      const std::string name = s.substr(i + 1, j - i - 1);
      auto it = vars.find(name);
      if (it == vars.end()) throw Fail{"undefined variable $" + name};
      out += it->second;
      i = j - 1;
    } else {
      out += ch;
    }
  }
  return out;
}

// The operator of a rule at depth 0: '>', '<' or '<>' (and their arrow spellings).
struct Split {
  std::string left, right;
  bool forward = false, backward = false;
};
Split split_rule(const std::string& s) {
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (quoted) {
      if (ch == '\'') quoted = false;
      continue;
    }
    if (ch == '\\') {
      ++i;
      continue;
    }
    if (ch == '\'' && depth == 0) {
      quoted = true;
      continue;
    }
    if (ch == '[') ++depth;
    if (ch == ']' && depth > 0) --depth;
    if (depth != 0) continue;
    auto at = [&](std::string_view op) { return s.compare(i, op.size(), op) == 0; };
    Split out;
    std::size_t oplen = 0;
    if (at("<>")) {
      out.forward = out.backward = true;
      oplen = 2;
    } else if (at("\u2194")) {
      out.forward = out.backward = true;
      oplen = 3;
    } else if (at(">") || at("\u2192")) {
      out.forward = true;
      oplen = at(">") ? 1 : 3;
    } else if (at("<") || at("\u2190")) {
      out.backward = true;
      oplen = at("<") ? 1 : 3;
    } else if (at("=")) {
      throw Fail{"'=' outside a variable definition"};
    }
    if (oplen) {
      out.left = s.substr(0, i);
      out.right = s.substr(i + oplen);
      return out;
    }
  }
  throw Fail{"a statement with no rule operator"};
}

icu::UnicodeSet parse_set(const icu::UnicodeString& u, int32_t& i) {
  icu::ParsePosition pp(i);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeSet set;
  set.applyPattern(u, pp, USET_IGNORE_SPACE, nullptr, status);
  if (U_FAILURE(status)) throw Fail{std::string("set: ") + u_errorName(status)};
  i = pp.getIndex();
  return set;
}

struct Side {
  std::vector<Elem> elems;
  int open = -1, close = -1;  // element counts at '{' and '}'
  bool anchor_start = false, anchor_end = false;
};

Side parse_side(const std::string& text, RuleBlock& block, bool output) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  Side side;
  auto literal = [&](UChar32 c) {
    if (side.anchor_end) throw Fail{"text after a '$' anchor"};
    side.elems.push_back(Elem{static_cast<char32_t>(c), nullptr, 1, 1});
  };
  int32_t i = 0;
  while (i < u.length()) {
    const UChar32 c = u.char32At(i);
    if (is_space(c)) {
      i += U16_LENGTH(c);
      continue;
    }
    if (c == '\'') {
      int32_t j = i + 1;
      if (j < u.length() && u.charAt(j) == '\'') {  // '' is an apostrophe
        literal('\'');
        i = j + 1;
        continue;
      }
      for (;;) {
        if (j >= u.length()) throw Fail{"unterminated quote"};
        if (u.charAt(j) == '\'') {
          if (j + 1 < u.length() && u.charAt(j + 1) == '\'') {
            literal('\'');
            j += 2;
            continue;
          }
          break;
        }
        const UChar32 q = u.char32At(j);
        literal(q);
        j += U16_LENGTH(q);
      }
      i = j + 1;
      continue;
    }
    if (c == '\\') {
      if (i + 1 < u.length() && !output && (u.charAt(i + 1) == 'p' || u.charAt(i + 1) == 'P' || u.charAt(i + 1) == 'N')) {
        block.sets.push_back(std::make_unique<CharSet>(parse_set(u, i)));
        side.elems.push_back(Elem{0, block.sets.back().get(), 1, 1});
        continue;
      }
      int32_t j = i + 1;
      const UChar32 e = u.unescapeAt(j);
      if (e < 0) throw Fail{"bad escape"};
      literal(e);
      i = j;
      continue;
    }
    if (output) {
      switch (c) {
        case '{': case '}': case '|': case '$': case '^': case '(': case ')': case '@': case '&': case '[':
        case '*': case '+': case '?': case '.':
          throw Fail{std::string("output uses '") + static_cast<char>(c) + "'"};
        default:
          literal(c);
          i += U16_LENGTH(c);
          continue;
      }
    }
    switch (c) {
      case '[':
        if (side.anchor_end) throw Fail{"text after a '$' anchor"};
        block.sets.push_back(std::make_unique<CharSet>(parse_set(u, i)));
        side.elems.push_back(Elem{0, block.sets.back().get(), 1, 1});
        continue;
      case '{':
        if (side.open >= 0) throw Fail{"two '{'"};
        side.open = static_cast<int>(side.elems.size());
        break;
      case '}':
        if (side.close >= 0) throw Fail{"two '}'"};
        side.close = static_cast<int>(side.elems.size());
        break;
      case '^':
        if (!side.elems.empty() || side.open >= 0) throw Fail{"'^' not at the start"};
        side.anchor_start = true;
        break;
      case '$':
        side.anchor_end = true;
        break;
      case '*': case '+': case '?': {
        if (side.elems.empty() || side.elems.back().min != 1 || side.elems.back().max != 1) throw Fail{"bad quantifier"};
        Elem& e = side.elems.back();
        e.min = c == '+' ? 1 : 0;
        e.max = c == '?' ? 1 : UINT32_MAX;
        break;
      }
      case '(': case ')': case '|': case '@': case '&': case '.':
        throw Fail{std::string("pattern uses '") + static_cast<char>(c) + "'"};
      default:
        literal(c);
        i += U16_LENGTH(c);
        continue;
    }
    ++i;
  }
  return side;
}

Rule make_rule(const std::string& pattern, const std::string& output, RuleBlock& block) {
  Side p = parse_side(pattern, block, false);
  Side o = parse_side(output, block, true);
  Rule r;
  const auto n = static_cast<int>(p.elems.size());
  const int open = p.open >= 0 ? p.open : 0;
  const int close = p.close >= 0 ? p.close : n;
  if (open > close) throw Fail{"'}' before '{'"};
  r.ante.assign(p.elems.begin(), p.elems.begin() + open);
  r.key.assign(p.elems.begin() + open, p.elems.begin() + close);
  r.post.assign(p.elems.begin() + close, p.elems.end());
  r.anchor_start = p.anchor_start;
  r.anchor_end = p.anchor_end;
  if (r.key.empty() || r.key.front().min == 0) throw Fail{"a key that can match nothing"};
  for (const Elem& e : o.elems) append_utf8(r.output, e.cp);
  return r;
}

std::unique_ptr<Transducer::Compound> compile_rules(std::string_view rules, UTransDirection dir, int depth);

// One "::ID" step, or nothing for Null.
void id_step(const std::string& id, std::vector<Step>& steps, int depth) {
  std::string name = id;
  if (name.rfind("Any-", 0) == 0) name = name.substr(4);
  if (name.empty() || name == "Null") return;
  UErrorCode status = U_ZERO_ERROR;
  Step step;
  if (name == "NFC") {
    step.norm = icu::Normalizer2::getNFCInstance(status);
  } else if (name == "NFD") {
    step.norm = icu::Normalizer2::getNFDInstance(status);
  } else {
    if (depth >= kMaxDepth) throw Fail{"built-ins nested too deep"};
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !t) throw Fail{"unknown transform " + id};
    icu::UnicodeString source;
    t->toRules(source, true);  // escaped: a space-like key must not read as white space
    std::string text;
    source.toUTF8String(text);
    step.sub = compile_rules(text, UTRANS_FORWARD, depth + 1);
  }
  if (U_FAILURE(status)) throw Fail{"no normalizer for " + id};
  steps.push_back(std::move(step));
}

std::unique_ptr<Transducer::Compound> compile_rules(std::string_view rules, UTransDirection dir, int depth) {
  const bool forward = dir == UTRANS_FORWARD;
  // Items in file order: an ID step or a rule (consecutive rules form one block).
  struct Item {
    bool is_id = false;
    std::string id;            // for this direction
    std::string filter;        // "[...]" of "::[set] ID"
    std::string pattern, output;
  };
  std::vector<Item> items;
  std::unordered_map<std::string, std::string> vars;
  std::string global_filter;
  const std::vector<std::string> stmts = statements(rules);
  for (std::size_t k = 0; k < stmts.size(); ++k) {
    std::string s = trim(stmts[k]);
    if (s.empty()) continue;
    if (s.rfind("::", 0) == 0) {
      std::string body = trim(s.substr(2));
      std::string filter;
      if (!body.empty() && body.front() == '[') {
        const icu::UnicodeString u = icu::UnicodeString::fromUTF8(body);
        int32_t end = 0;
        parse_set(u, end);
        std::string f;
        u.tempSubString(0, end).toUTF8String(f);
        filter = f;
        std::string rest;
        u.tempSubString(end).toUTF8String(rest);
        body = trim(rest);
      }
      std::string fwd = body, rev;
      bool has_rev = false;
      const std::size_t paren = body.find('(');
      if (paren != std::string::npos) {
        const std::size_t close = body.rfind(')');
        if (close == std::string::npos || close < paren) throw Fail{"bad '::' statement"};
        fwd = trim(body.substr(0, paren));
        rev = trim(body.substr(paren + 1, close - paren - 1));
        has_rev = true;
      }
      if (fwd.empty() && !has_rev && !filter.empty()) {  // "::[set];": the global filter
        if (!items.empty() || !global_filter.empty()) throw Fail{"a filter that is not first"};
        if (forward) global_filter = filter;
        continue;
      }
      if (fwd.empty() && has_rev && rev.front() == '[' && filter.empty()) {  // "::([set]);"
        if (!forward) global_filter = rev;
        continue;
      }
      if (!forward && !has_rev) throw Fail{"'::" + fwd + "' run in reverse"};
      if (!forward && !rev.empty() && rev.front() == '[') throw Fail{"a filter on a reverse step"};
      items.push_back(Item{true, forward ? fwd : rev, forward ? filter : std::string(), {}, {}});
      continue;
    }
    if (s.front() == '$' && s.size() > 1 && name_start(s[1])) {
      std::size_t j = 1;
      while (j < s.size() && name_char(s[j])) ++j;
      std::size_t e = j;
      while (e < s.size() && (s[e] == ' ' || s[e] == '\t')) ++e;
      if (e < s.size() && s[e] == '=') {
        vars[s.substr(1, j - 1)] = trim(substitute(s.substr(e + 1), vars));
        continue;
      }
    }
    Split sp;
    try {
      sp = split_rule(substitute(s, vars));
      if (forward && sp.forward) items.push_back(Item{false, {}, {}, sp.left, sp.right});
      if (!forward && sp.backward) items.push_back(Item{false, {}, {}, sp.right, sp.left});
    } catch (Fail& f) {
      f.why += " in '" + s + "'";
      throw;
    }
  }
  if (!forward) {
    // Run in reverse, the steps come in reverse order; the rules within a block keep theirs.
    std::vector<Item> reversed;
    std::size_t end = items.size();
    while (end > 0) {
      std::size_t start = end - 1;
      if (!items[start].is_id) {
        while (start > 0 && !items[start - 1].is_id) --start;
      }
      reversed.insert(reversed.end(), std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(start)),
                      std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(end)));
      end = start;
    }
    items = std::move(reversed);
  }

  auto c = std::make_unique<Transducer::Compound>();
  if (!global_filter.empty()) {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(global_filter);
    int32_t end = 0;
    c->filter = std::make_unique<CharSet>(parse_set(u, end));
  }
  std::unique_ptr<RuleBlock> block;
  auto close_block = [&] {
    if (!block) return;
    block->index();
    Step step;
    step.block = std::move(block);
    c->steps.push_back(std::move(step));
    block.reset();
  };
  for (const Item& it : items) {
    if (it.is_id) {
      close_block();
      if (it.filter.empty()) {
        id_step(it.id, c->steps, depth);
      } else {
        auto sub = std::make_unique<Transducer::Compound>();
        const icu::UnicodeString u = icu::UnicodeString::fromUTF8(it.filter);
        int32_t end = 0;
        sub->filter = std::make_unique<CharSet>(parse_set(u, end));
        id_step(it.id, sub->steps, depth);
        Step step;
        step.sub = std::move(sub);
        c->steps.push_back(std::move(step));
      }
      continue;
    }
    if (!block) block = std::make_unique<RuleBlock>();
    try {
      block->rules.push_back(make_rule(it.pattern, it.output, *block));
    } catch (Fail& f) {
      f.why += " in '" + it.pattern + "'";
      throw;
    }
  }
  close_block();
  return c;
}

}  // namespace

std::unique_ptr<Transducer> Transducer::compile(std::string_view rules, UTransDirection direction, std::string* why) {
  try {
    std::unique_ptr<Transducer> t(new Transducer());
    t->top_ = compile_rules(rules, direction, 0);
    t->splits_at_spaces_ = t->top_->splits_at_spaces();
    return t;
  } catch (const Fail& f) {
    if (why) *why = f.why;
    return nullptr;
  }
}

}  // namespace normname::detail
