#include "translit/joint.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "normname/error.hpp"
#include "normname/limits.hpp"
#include "text/utf8.hpp"

namespace normname::detail {

namespace {

// Hypotheses kept per Latin position while decoding, and per cell of the two words' grid
// while aligning a given pair: wide enough that the k best readings (k <= 10) survive.
constexpr std::size_t kBeam = 12;
constexpr std::size_t kPairBeam = 8;
// Graphones the decoder tries per group of Latin letters (see the constructor).
constexpr std::size_t kDecodeOptions = 20;
// The log chance of writing a letter the model has never seen as it is.
constexpr float kUnseenLetterLogP = -12.0f;
// A model file is somebody's data: caps on what it may declare.
constexpr std::size_t kMaxOrder = 12;
constexpr std::size_t kMaxGraphones = 1u << 20;
constexpr std::size_t kMaxGraphoneLetters = 8;
// Graphone ids with this bit set write one unseen Latin letter as it is (the low bits).
constexpr std::uint32_t kCopyBit = 0x80000000u;

std::u32string nfc_u32(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_SUCCESS(status)) s = nfc->normalize(s, status);
  std::u32string out;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

bool is_apostrophe(char32_t c) {
  switch (c) {
    case U'\'': case U'\u2019': case U'\u2018': case U'\u02BC': case U'\u02B9': case U'\u02BB':
    case U'`': case U'\u2032':
      return true;
    default:
      return false;
  }
}

std::string field_error(std::string_view name, std::size_t line, std::string_view what) {
  return std::string(name) + ":" + std::to_string(line) + ": " + std::string(what);
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', pos);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(pos));
      return out;
    }
    out.push_back(line.substr(pos, tab - pos));
    pos = tab + 1;
  }
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer: every bit of the key moves the slot
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr std::uint32_t kNoState = 0xffffffffu;

// An open-addressing map of 64-bit keys to states, kept at most half full.
class Slots {
 public:
  const std::uint32_t* find(std::uint64_t key) const {
    if (keys_.empty()) return nullptr;
    const std::size_t mask = keys_.size() - 1;
    for (std::size_t i = mix(key + 1) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key + 1) return &values_[i];
      if (keys_[i] == 0) return nullptr;
    }
  }
  void insert(std::uint64_t key, std::uint32_t value) {
    if (2 * (count_ + 1) > keys_.size()) grow();
    place(key + 1, value);
    ++count_;
  }

 private:
  void place(std::uint64_t stored, std::uint32_t value) {
    const std::size_t mask = keys_.size() - 1;
    std::size_t i = mix(stored) & mask;
    while (keys_[i] != 0) i = (i + 1) & mask;
    keys_[i] = stored;
    values_[i] = value;
  }
  void grow() {
    std::vector<std::uint64_t> keys = std::move(keys_);
    std::vector<std::uint32_t> values = std::move(values_);
    keys_.assign(std::max<std::size_t>(16, 2 * keys.size()), 0);
    values_.assign(keys_.size(), 0);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != 0) place(keys[i], values[i]);
    }
  }
  std::vector<std::uint64_t> keys_;  // key + 1: 0 is an empty slot
  std::vector<std::uint32_t> values_;
  std::size_t count_ = 0;
};

double log_add(double a, double b) {
  if (a < b) std::swap(a, b);
  if (b == -std::numeric_limits<double>::infinity()) return a;
  return a + std::log1p(std::exp(b - a));
}

}  // namespace

std::u32string JointModel::latin_letters(std::string_view text) {
  std::u32string out;
  for (char32_t c : nfc_u32(text)) {
    if (is_apostrophe(c)) {
      out.push_back(U'\'');
    } else if (u_isalpha(static_cast<UChar32>(c))) {
      out.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
    }
  }
  return out;
}

bool JointModel::reads(std::string_view text) const {
  std::u32string one;
  for (char32_t c : latin_letters(text)) {
    if (c == U'\'') continue;
    one.assign(1, c);
    if (!by_latin_.count(one)) return false;
  }
  return true;
}

bool JointModel::writes(std::string_view text) const {
  for (char32_t c : cyrillic_letters(text)) {
    if (!std::binary_search(cyrillic_alphabet_.begin(), cyrillic_alphabet_.end(), c)) return false;
  }
  return true;
}

std::u32string JointModel::cyrillic_letters(std::string_view text) { return latin_letters(text); }

JointModel::JointModel(std::string_view text, std::string_view name) {
  struct Line {
    std::uint32_t first, size;  // in `ids`
    float log_prob;
    std::optional<float> backoff;
  };
  std::vector<Line> lines;
  std::vector<std::uint32_t> ids;  // every line's graphone ids, one after another
  graphones_.push_back({});  // 0: the word boundary
  std::size_t number = 0, pos = 0;
  auto number_of = [&](std::string_view s, auto& value) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), value);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string_view> f = split_tabs(line);
    auto fail = [&](std::string_view what) { throw error(errc::bad_table, field_error(name, number, what)); };
    if (f[0] == "order") {
      if (f.size() != 2 || !number_of(f[1], order_) || order_ < 1 || order_ > kMaxOrder) fail("order: a number from 1 to 12");
    } else if (f[0] == "g") {
      if (f.size() != 3) fail("g: expected g <TAB> Latin <TAB> Cyrillic");
      Graphone g{to_u32(f[1]), to_u32(f[2])};
      if (g.latin.empty() || g.latin.size() > kMaxGraphoneLetters || g.cyrillic.size() > kMaxGraphoneLetters) {
        fail("g: Latin of 1 to 8 letters, Cyrillic of at most 8");
      }
      if (graphones_.size() >= kMaxGraphones) fail("too many graphones");
      max_latin_ = std::max(max_latin_, g.latin.size());
      cyrillic_alphabet_ += g.cyrillic;
      by_latin_[g.latin].push_back(static_cast<std::uint32_t>(graphones_.size()));
      graphones_.push_back(std::move(g));
    } else if (f[0] == "n") {
      if (order_ == 0) fail("n before order");
      if (f.size() != 3 && f.size() != 4) fail("n: expected n <TAB> ids <TAB> log chance [<TAB> back-off]");
      Line l{static_cast<std::uint32_t>(ids.size()), 0, 0, std::nullopt};
      std::size_t p = 0;
      const std::string_view field = f[1];
      while (p <= field.size()) {
        std::size_t sp = field.find(' ', p);
        if (sp == std::string_view::npos) sp = field.size();
        std::uint32_t id = 0;
        if (!number_of(field.substr(p, sp - p), id) || id >= graphones_.size()) fail("n: an id of no graphone above");
        if (++l.size > order_) fail("n: longer than the order");
        ids.push_back(id);
        p = sp + 1;
      }
      float v = 0;
      if (!number_of(f[2], v) || !std::isfinite(v) || v > 0) fail("n: log chance must be a number <= 0");
      l.log_prob = v;
      if (f.size() == 4) {
        if (!number_of(f[3], v) || !std::isfinite(v) || v > 0) fail("n: back-off must be a number <= 0");
        l.backoff = v;
      }
      lines.push_back(std::move(l));
    } else {
      fail("unknown line kind (order, g or n)");
    }
  }
  if (order_ == 0 || graphones_.size() < 2) throw error(errc::bad_table, std::string(name) + ": no model (order, g and n lines)");

  std::sort(cyrillic_alphabet_.begin(), cyrillic_alphabet_.end());
  cyrillic_alphabet_.erase(std::unique(cyrillic_alphabet_.begin(), cyrillic_alphabet_.end()), cyrillic_alphabet_.end());
  // States: every context an n-gram is read in, and every n-gram given a back-off weight,
  // as a trie (a state and one more graphone give the longer context): a model has some
  // hundred thousand of them, and keys of two numbers load several times faster than
  // contexts as strings.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> parent_of{{0, 0}};  // state: shorter context, last graphone
  Slots children;
  auto child = [&](std::uint32_t from, std::uint32_t g, bool add) -> std::uint32_t {
    const std::uint64_t key = std::uint64_t{from} << 32 | g;
    if (const std::uint32_t* to = children.find(key)) return *to;
    if (!add) return kNoState;
    const auto to = static_cast<std::uint32_t>(states_.size());
    states_.push_back({});
    parent_of.emplace_back(from, g);
    children.insert(key, to);
    return to;
  };
  states_.assign(1, State{});
  auto walk = [&](const std::uint32_t* g, std::size_t n, bool add) {
    std::uint32_t s = 0;
    for (std::size_t i = 0; i < n && s != kNoState; ++i) s = child(s, g[i], add);
    return s;
  };
  for (const Line& l : lines) {
    const std::uint32_t full = walk(&ids[l.first], l.size - (l.backoff ? 0 : 1), true);
    if (l.backoff) states_[full].backoff_weight = *l.backoff;
  }
  const std::uint32_t boundary = 0;
  start_ = walk(&boundary, 1, true);
  // The longest context the model knows that ends a sequence of graphones.
  auto longest_suffix = [&](const std::uint32_t* g, std::size_t n) -> std::uint32_t {
    for (std::size_t drop = 0; drop < n; ++drop) {
      if (const std::uint32_t s = walk(g + drop, n - drop, false); s != kNoState) return s;
    }
    return 0;
  };
  std::vector<std::uint32_t> context;
  for (std::uint32_t s = 1; s < states_.size(); ++s) {
    context.clear();
    for (std::uint32_t t = s; t != 0; t = parent_of[t].first) context.push_back(parent_of[t].second);
    std::reverse(context.begin(), context.end());
    states_[s].backoff = longest_suffix(context.data() + 1, context.size() - 1);
  }
  std::size_t slots = 16;
  while (slots < 2 * lines.size()) slots *= 2;
  arcs_.assign(slots, Arc{});
  for (const Line& l : lines) {
    const std::uint32_t* g = &ids[l.first];
    const std::uint32_t from = walk(g, l.size - 1, false);
    // After the n-gram, the context is its last order-1 graphones (or fewer, as known).
    const std::size_t drop = l.size >= order_ ? 1 : 0;
    const std::uint64_t key = (std::uint64_t{from} << 32 | g[l.size - 1]) + 1;
    for (std::size_t i = mix(key) & (slots - 1);; i = (i + 1) & (slots - 1)) {
      if (arcs_[i].key == 0 || arcs_[i].key == key) {
        arc_count_ += arcs_[i].key == 0;
        arcs_[i] = {key, l.log_prob, longest_suffix(g + drop, l.size - drop)};
        break;
      }
    }
  }
  // The decoder tries, for each group of Latin letters, its likeliest graphones only (by
  // their chance alone): the rest are alignment noise no reading needs.
  const std::size_t cap = kDecodeOptions;
  for (const auto& [latin, ids] : by_latin_) {
    std::vector<std::pair<float, std::uint32_t>> ranked;
    for (std::uint32_t g : ids) {
      std::uint32_t s = 0;
      ranked.emplace_back(step(s, g), g);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    if (ranked.size() > cap) ranked.resize(cap);
    auto& out = options_[latin];
    for (const auto& [lp, g] : ranked) out.push_back(g);
  }
}

const JointModel::Arc* JointModel::find_arc(std::uint64_t key) const {
  ++key;
  const std::size_t mask = arcs_.size() - 1;
  for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    if (arcs_[i].key == key) return &arcs_[i];
    if (arcs_[i].key == 0) return nullptr;
  }
}

float JointModel::step(std::uint32_t& state, std::uint32_t g) const {
  if (g & kCopyBit) {
    state = 0;
    return kUnseenLetterLogP;
  }
  float total = 0;
  for (;;) {
    if (const Arc* a = find_arc(std::uint64_t{state} << 32 | g)) {
      state = a->next;
      return total + a->log_prob;
    }
    if (state == 0) return total + kUnseenLetterLogP;  // a graphone without a unigram
    total += states_[state].backoff_weight;
    state = states_[state].backoff;
  }
}

std::vector<JointModel::Reading> JointModel::best(std::u32string_view latin, std::size_t k, std::size_t beam) const {
  if (latin.empty() || latin.size() > kMaxReverseWordLetters || k == 0) return {};
  if (beam == 0) beam = kBeam;
  struct Hyp {
    double score;
    std::uint32_t state;
    std::int32_t prev;
    std::uint32_t g;
    std::uint64_t hash;  // of the reading so far: hypotheses of one reading and state recombine
  };
  std::vector<Hyp> pool{{0, start_, -1, 0, 0}};
  std::vector<std::vector<std::int32_t>> at(latin.size() + 1);
  at[0].push_back(0);
  std::u32string key;
  auto prune = [&](std::vector<std::int32_t>& v) {
    std::sort(v.begin(), v.end(), [&](std::int32_t a, std::int32_t b) { return pool[a].score > pool[b].score; });
    std::vector<std::int32_t> kept;
    for (std::int32_t h : v) {
      if (kept.size() == beam) break;
      const bool dup = std::any_of(kept.begin(), kept.end(), [&](std::int32_t o) {
        return pool[o].state == pool[h].state && pool[o].hash == pool[h].hash;
      });
      if (!dup) kept.push_back(h);
    }
    v = std::move(kept);
  };
  auto extend = [&](std::int32_t h, std::uint32_t g, std::size_t to) {
    Hyp n = pool[h];
    n.score += step(n.state, g);
    n.prev = h;
    n.g = g;
    n.hash = n.hash * 1000003u + g + 1;
    at[to].push_back(static_cast<std::int32_t>(pool.size()));
    pool.push_back(n);
  };
  for (std::size_t i = 0; i < latin.size(); ++i) {
    prune(at[i]);
    bool covered = false;
    for (std::size_t a = 1; a <= max_latin_ && i + a <= latin.size(); ++a) {
      key.assign(latin.substr(i, a));
      const auto it = options_.find(key);
      if (it == options_.end()) continue;
      covered = true;
      for (std::int32_t h : at[i]) {
        for (std::uint32_t g : it->second) extend(h, g, i + a);
      }
    }
    if (!covered) {
      for (std::int32_t h : at[i]) extend(h, kCopyBit | static_cast<std::uint32_t>(latin[i]), i + 1);
    }
  }
  prune(at[latin.size()]);
  std::map<std::u32string, double> readings;
  for (std::int32_t h : at[latin.size()]) {
    std::uint32_t s = pool[h].state;
    const double score = pool[h].score + step(s, 0);
    std::u32string out;
    for (std::int32_t p = h; pool[p].prev >= 0; p = pool[p].prev) {
      const std::uint32_t g = pool[p].g;
      if (g & kCopyBit) {
        out.insert(out.begin(), static_cast<char32_t>(g & ~kCopyBit));
      } else {
        out.insert(0, graphones_[g].cyrillic);
      }
    }
    auto [it, added] = readings.try_emplace(std::move(out), score);
    if (!added) it->second = log_add(it->second, score);  // one reading by several alignments
  }
  std::vector<Reading> out;
  for (auto& [text, score] : readings) out.push_back({text, score});
  std::sort(out.begin(), out.end(), [](const Reading& a, const Reading& b) {
    return a.log_prob != b.log_prob ? a.log_prob > b.log_prob : a.cyrillic < b.cyrillic;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

std::optional<double> JointModel::joint(std::u32string_view latin, std::u32string_view cyrillic) const {
  if (latin.empty() || cyrillic.empty() || latin.size() > kMaxReverseWordLetters ||
      cyrillic.size() > 2 * kMaxReverseWordLetters) {
    return std::nullopt;
  }
  const std::size_t L = latin.size(), M = cyrillic.size();
  // Each cell keeps its kPairBeam best states as they come (the same as keeping all and
  // cutting to the best before reading the cell on, as scores in a cell only rise), in one
  // scratch grid per thread: a block of a registry asks this of thousands of pairs.
  using Hyp = std::pair<std::uint32_t, double>;  // state, best score
  thread_local std::vector<std::uint8_t> counts;
  thread_local std::vector<Hyp> hyps;  // kPairBeam per cell
  counts.assign((L + 1) * (M + 1), 0);
  if (hyps.size() < counts.size() * kPairBeam) hyps.resize(counts.size() * kPairBeam);
  struct Cell {
    std::uint8_t& n;
    Hyp* hyps;
  };
  auto cell = [&](std::size_t i, std::size_t j) {
    const std::size_t at = i * (M + 1) + j;
    return Cell{counts[at], &hyps[at * kPairBeam]};
  };
  auto add = [&](Cell c, std::uint32_t state, double score) {
    std::size_t worst = 0;
    for (std::size_t k = 0; k < c.n; ++k) {
      if (c.hyps[k].first == state) {
        c.hyps[k].second = std::max(c.hyps[k].second, score);
        return;
      }
      if (c.hyps[k].second < c.hyps[worst].second) worst = k;
    }
    if (c.n < kPairBeam) {
      c.hyps[c.n++] = {state, score};
    } else if (score > c.hyps[worst].second) {
      c.hyps[worst] = {state, score};
    }
  };
  add(cell(0, 0), start_, 0.0);
  std::u32string key;
  // The graphones of each group of Latin letters starting at i, looked up once per row.
  std::array<const std::vector<std::uint32_t>*, kMaxGraphoneLetters + 1> groups{};
  for (std::size_t i = 0; i < L; ++i) {
    for (std::size_t a = 1; a <= max_latin_ && i + a <= L; ++a) {
      key.assign(latin.substr(i, a));
      const auto it = by_latin_.find(key);
      groups[a] = it == by_latin_.end() ? nullptr : &it->second;
    }
    for (std::size_t j = 0; j <= M; ++j) {
      // Every step reads at least one Latin letter, so it writes into a later row, never
      // into this cell.
      const Cell c = cell(i, j);
      if (c.n == 0) continue;
      for (std::size_t a = 1; a <= max_latin_ && i + a <= L; ++a) {
        if (!groups[a]) {
          // An unseen letter is read as itself.
          if (a == 1 && j < M && latin[i] == cyrillic[j]) {
            for (std::size_t h = 0; h < c.n; ++h) {
              std::uint32_t t = c.hyps[h].first;
              const double lp = step(t, kCopyBit);
              add(cell(i + 1, j + 1), t, c.hyps[h].second + lp);
            }
          }
          continue;
        }
        for (std::uint32_t g : *groups[a]) {
          const std::u32string& cyr = graphones_[g].cyrillic;
          if (j + cyr.size() > M || cyrillic.substr(j, cyr.size()) != cyr) continue;
          for (std::size_t h = 0; h < c.n; ++h) {
            std::uint32_t t = c.hyps[h].first;
            const double lp = step(t, g);
            add(cell(i + a, j + cyr.size()), t, c.hyps[h].second + lp);
          }
        }
      }
    }
  }
  const Cell last = cell(L, M);
  if (last.n == 0) return std::nullopt;
  double best = -std::numeric_limits<double>::infinity();
  for (std::size_t h = 0; h < last.n; ++h) {
    std::uint32_t t = last.hyps[h].first;
    best = std::max(best, last.hyps[h].second + step(t, 0));
  }
  return best;
}

double JointModel::posterior(std::u32string_view latin, std::u32string_view cyrillic, std::size_t k) const {
  return posterior(latin, cyrillic, best(latin, k));
}

double JointModel::posterior(std::u32string_view latin, std::u32string_view cyrillic,
                             const std::vector<Reading>& readings) const {
  const std::optional<double> j = joint(latin, cyrillic);
  return j ? posterior(*j, cyrillic, readings) : 0;
}

double JointModel::posterior(double joint_log, std::u32string_view cyrillic, const std::vector<Reading>& readings) {
  double total = joint_log;
  for (const Reading& r : readings) {
    if (r.cyrillic != cyrillic) total = log_add(total, r.log_prob);
  }
  return std::exp(joint_log - total);
}

}  // namespace normname::detail
