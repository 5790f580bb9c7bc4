#include "translit/reverse.hpp"

#include "translit/joint.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <unordered_set>

#include "normname/error.hpp"
#include "tables/tsv.hpp"
#include "text/utf8.hpp"

namespace normname::detail {

namespace {

constexpr char32_t kWordStart = U'^';
constexpr char32_t kWordEnd = U'$';
// Beam width per input position, and the cost of an input character no option reads.
constexpr std::size_t kBeam = 48;
constexpr double kSkipLogP = -7.0;

std::vector<std::string> split_on(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t end = s.find(sep, pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace

ReverseModel::ReverseModel(const Tables& tables, const std::string& path, const Forward& forward, Fold fold,
                           const JointModel* learned)
    : fold_(std::move(fold)), learned_(learned) {
  const std::string& config = *tables.find(path);
  // Below 1: a weight of 1 would leave this model no say (log odds of infinity).
  learned_weight_ = std::clamp(std::strtod(header_field(config, "learned-weight").c_str(), nullptr), 0.0, 0.999);
  learned_evidence_ = std::clamp(std::strtod(header_field(config, "learned-evidence").c_str(), nullptr), 0.0, 10.0);
  use_learned_ = learned_ && learned_weight_ > 0;
  // Letters of Russian, from the alphabet table.
  std::u32string letters;
  const std::string* alphabets = tables.find("script/alphabets.tsv");
  if (alphabets) {
    for (const auto& row : read_tsv("script/alphabets.tsv", *alphabets)) {
      if (row.fields.size() >= 4 && row.fields[0] == "ru" && row.fields[2] == "alphabet") {
        for (char32_t c : to_u32(row.fields[3])) {
          if (c != U' ') letters.push_back(c);
        }
      }
    }
  }
  if (letters.empty()) throw error(errc::bad_table, path + ": no Russian alphabet in script/alphabets.tsv");
  vowel_context_ = to_u32(header_field(config, "vowel-context"));
  if (vowel_context_.empty()) table_error(path, 1, "needs a '# vowel-context:' header line");

  // Channel counts per convention: (context, Cyrillic unit) -> Latin -> weight.
  using Counts = std::map<std::u32string, std::map<std::string, double>>;
  struct Convention {
    std::string name;
    double prior = 1;
    Counts counts[kCtxCount];
  };
  std::vector<Convention> conventions;
  auto convention = [&](std::string_view name) -> Convention& {
    for (auto& c : conventions) {
      if (c.name == name) return c;
    }
    Convention c;
    c.name = std::string(name);
    conventions.push_back(std::move(c));
    return conventions.back();
  };
  Counts pooled[kCtxCount];  // every convention at its weight: the background all share
  std::map<std::u32string, bool> end_only;
  const std::vector<std::string> schemes = split_spaces(header_field(config, "derive"));
  if (schemes.empty()) table_error(path, 1, "needs a '# derive:' header line naming forward schemes");
  // The Latin a scheme writes for `letter` after `before` (empty: at the start of a word).
  auto latin_of = [&](const std::string& scheme, const std::u32string& before, const std::u32string& unit) -> std::optional<std::string> {
    std::string prefix = before.empty() ? "" : forward(to_utf8(before), scheme);
    std::string both = forward(to_utf8(before + unit), scheme);
    if (both.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    return both.substr(prefix.size());
  };
  const std::u32string after_vowel = U"а", after_consonant = U"б";
  const double ascii_weight = std::strtod(header_field(config, "ascii-weight").c_str(), nullptr);
  const double smoothing = std::strtod(header_field(config, "convention-smoothing").c_str(), nullptr);
  if (smoothing <= 0) table_error(path, 1, "needs a positive '# convention-smoothing:' header line");
  auto count = [&](Convention& conv, double weight, Ctx ctx, const std::u32string& unit, const std::optional<std::string>& latin) {
    if (!latin) return;
    conv.counts[ctx][unit][*latin] += 1;
    pooled[ctx][unit][*latin] += weight;
    std::string folded = fold_(*latin);
    if (folded != *latin) {
      conv.counts[ctx][unit][folded] += ascii_weight;
      pooled[ctx][unit][folded] += weight * ascii_weight;
    }
  };
  for (std::string scheme : schemes) {
    // SCHEME:WEIGHT
    double weight = 1;
    if (std::size_t colon = scheme.find(':'); colon != std::string::npos) {
      weight = std::strtod(scheme.c_str() + colon + 1, nullptr);
      scheme.resize(colon);
      if (weight <= 0) table_error(path, 1, "scheme weight must be positive in '# derive:'");
    }
    Convention& conv = convention(scheme);
    conv.prior = weight;
    for (char32_t x : letters) {
      const std::u32string unit(1, x);
      count(conv, weight, kStart, unit, latin_of(scheme, U"", unit));
      count(conv, weight, kAfterVowel, unit, latin_of(scheme, after_vowel, unit));
      count(conv, weight, kAfterConsonant, unit, latin_of(scheme, after_consonant, unit));
    }
    // Word endings some schemes spell as a whole (ий -> y in English press style).
    for (const std::string& e : split_spaces(header_field(config, "endings"))) {
      const std::u32string unit = to_u32(e);
      end_only[unit] = true;
      count(conv, weight, kAfterVowel, unit, latin_of(scheme, after_vowel, unit));
      count(conv, weight, kAfterConsonant, unit, latin_of(scheme, after_consonant, unit));
    }
  }
  // Conventions known only from rows (German, French, ...) and how often names come in them.
  for (const std::string& item : split_spaces(header_field(config, "conventions"))) {
    const std::size_t colon = item.find(':');
    const double prior = colon == std::string::npos ? 0 : std::strtod(item.c_str() + colon + 1, nullptr);
    if (prior <= 0) table_error(path, 1, "'# conventions:' items are NAME:WEIGHT with a positive weight");
    convention(item.substr(0, colon)).prior = prior;
  }
  for (const auto& row : read_tsv(path, config)) {
    if (row.fields.size() < 5) table_error(path, row.line, "expected: Latin <TAB> Cyrillic <TAB> weight <TAB> where <TAB> conventions");
    const std::string latin(row.fields[0]);
    const std::u32string cyr = to_u32(row.fields[1]);
    const double w = std::strtod(std::string(row.fields[2]).c_str(), nullptr);
    if (w <= 0) table_error(path, row.line, "weight must be a positive number");
    // where: "any", "end" (last letters of a word), or contexts: start vowel consonant.
    bool in_ctx[kCtxCount] = {false, false, false};
    bool end = false;
    for (const std::string& where : split_on(row.fields[3], ',')) {
      if (where == "any" || where == "end") {
        std::fill(std::begin(in_ctx), std::end(in_ctx), true);
        end = end || where == "end";
      } else if (where == "start") {
        in_ctx[kStart] = true;
      } else if (where == "vowel") {
        in_ctx[kAfterVowel] = true;
      } else if (where == "consonant") {
        in_ctx[kAfterConsonant] = true;
      } else {
        table_error(path, row.line, "where must be any, end, or a comma list of start, vowel, consonant");
      }
    }
    end_only[cyr] = end_only[cyr] || end;
    // conventions: a comma list of names, or "*" for a spelling every convention uses.
    for (int ctx = 0; ctx < kCtxCount; ++ctx) {
      if (in_ctx[ctx]) pooled[ctx][cyr][latin] += w;
    }
    for (const std::string& name : split_on(row.fields[4], ',')) {
      bool found = false;
      for (auto& c : conventions) {
        if (name != "*" && c.name != name) continue;
        found = true;
        for (int ctx = 0; ctx < kCtxCount; ++ctx) {
          if (in_ctx[ctx]) c.counts[ctx][cyr][latin] += w;
        }
      }
      if (!found) table_error(path, row.line, "convention '" + name + "' is neither derived nor in '# conventions:'");
    }
  }
  // P_c(Latin | unit) = (n_c(Latin) + s * P(Latin | unit)) / (n_c + s), P from the pooled
  // counts. A derived scheme is smoothed toward the pool, so a name may mix conventions at
  // a price; a convention known from a few rows is the pool where it has no rows.
  if (conventions.size() > kMaxConventions) {
    table_error(path, 1, "at most " + std::to_string(kMaxConventions) + " conventions");
  }
  for (const auto& c : conventions) prior_.push_back(c.prior);
  const double prior_total = std::accumulate(prior_.begin(), prior_.end(), 0.0);
  for (double& p : prior_) p /= prior_total;
  for (int ctx = 0; ctx < kCtxCount; ++ctx) {
    for (const auto& [cyr, by_latin] : pooled[ctx]) {
      double total = 0;
      for (const auto& [latin, n] : by_latin) total += n;
      for (const auto& [latin, n] : by_latin) {
        Option o{cyr, {}, end_only.count(cyr) && end_only[cyr]};
        const double background = n / total;
        for (const auto& c : conventions) {
          auto unit = c.counts[ctx].find(cyr);
          if (unit == c.counts[ctx].end()) {
            o.p.push_back(background);
            continue;
          }
          double own_total = 0;
          for (const auto& [l, m] : unit->second) own_total += m;
          auto own = unit->second.find(latin);
          const double mine = own == unit->second.end() ? 0 : own->second;
          o.p.push_back((mine + smoothing * background) / (own_total + smoothing));
        }
        if (latin.empty()) {
          silent_[ctx].push_back(std::move(o));
        } else {
          channel_[ctx][latin].push_back(std::move(o));
          max_latin_ = std::max(max_latin_, latin.size());
          for (char32_t c : to_u32(latin)) known_.insert(c);
        }
      }
    }
  }

  // Language model: letter trigrams of all words, mixed with those of proper names only.
  auto model_path = [&](std::string_view key) {
    std::string name = header_field(config, key);
    if (name.empty()) table_error(path, 1, "needs a '# " + std::string(key) + ":' header line");
    return "translit/" + name;
  };
  load_lexicon(tables, path, config, letters);
  words_.load(tables, model_path("language-model"));
  names_.load(tables, model_path("names-model"));
  names_prior_ = std::strtod(header_field(config, "names-prior").c_str(), nullptr);
  if (names_prior_ <= 0) table_error(path, 1, "names-prior must be a positive number");

  // Every trigram of the alphabet and the word marks, computed once: the search asks for
  // the same few thousand again and again.
  std::u32string symbols;
  for (char32_t c : letters) symbols.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
  symbols += kWordStart;
  symbols += kWordEnd;
  for (char32_t c : symbols) symbol_index_.emplace(c, symbol_index_.size());
  const std::size_t m = symbol_index_.size();
  lm_table_.resize(m * m * m);
  for (const auto& [a, i] : symbol_index_) {
    for (const auto& [b, j] : symbol_index_) {
      for (const auto& [c, k] : symbol_index_) lm_table_[(i * m + j) * m + k] = lm_uncached(a, b, c);
    }
  }
}

// Russian forms of given names and their diminutives: every Cyrillic form in the table made
// only of Russian letters (Serbian Драган is written so in Russian too; Јован is not).
void ReverseModel::load_lexicon(const Tables& tables, const std::string& path, const std::string& config,
                                const std::u32string& letters) {
  const std::string source = header_field(config, "lexicon");
  if (source.empty()) return;
  const double weight = std::strtod(header_field(config, "lexicon-weight").c_str(), nullptr);
  if (weight <= 0 || weight >= 1) table_error(path, 1, "'# lexicon-weight:' must be between 0 and 1");
  const std::string* table = tables.find(source);
  if (!table) throw error(errc::bad_table, path + ": lexicon not found: tables/" + source);
  std::u32string lower_letters;
  for (char32_t c : letters) lower_letters.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
  // Patronymic rules: ending -> (letters dropped, masculine, feminine); "*" for any other.
  struct Patronymic {
    std::u32string ending;
    std::size_t drop = 0;
    std::u32string masculine, feminine;
  };
  std::vector<Patronymic> patronymics;
  if (const std::string rules = header_field(config, "patronymics"); !rules.empty()) {
    const std::string* t = tables.find(rules);
    if (!t) throw error(errc::bad_table, path + ": patronymic rules not found: tables/" + rules);
    for (const auto& row : read_tsv(rules, *t)) {
      if (row.fields.size() < 4) table_error(rules, row.line, "expected: ending <TAB> dropped <TAB> masculine <TAB> feminine");
      patronymics.push_back({to_u32(row.fields[0]), static_cast<std::size_t>(std::strtoul(std::string(row.fields[1]).c_str(), nullptr, 10)),
                             to_u32(row.fields[2]), to_u32(row.fields[3])});
    }
  }
  auto add_patronymics = [&](const std::u32string& name) {
    std::size_t best = 0;
    bool any = false;
    for (const auto& p : patronymics) {  // the longest matching ending
      if (p.ending != U"*" && name.size() > p.ending.size() && name.ends_with(p.ending)) best = std::max(best, p.ending.size());
    }
    for (const auto& p : patronymics) {
      const bool fits = best ? p.ending.size() == best && name.ends_with(p.ending) : p.ending == U"*";
      if (!fits || p.masculine == U"-" || p.drop >= name.size()) continue;
      const std::u32string stem = name.substr(0, name.size() - p.drop);
      lexicon_.insert(stem + p.masculine);
      lexicon_.insert(stem + p.feminine);
      any = true;
    }
    return any;
  };
  for (const auto& row : read_tsv(source, *table)) {
    const bool male = row.fields.size() > 1 && row.fields[1] == "m";
    for (std::size_t col = 2; col < row.fields.size() && col < 4; ++col) {
      std::vector<std::u32string> words;
      for (std::string form : split_on(row.fields[col], ',')) {
        std::u32string word;
        for (char32_t c : to_u32(form)) {
          if (c != U' ') word.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
        }
        const bool russian = !word.empty() && std::all_of(word.begin(), word.end(), [&](char32_t c) {
          return lower_letters.find(c) != std::u32string::npos;
        });
        if (russian) words.push_back(std::move(word));
      }
      // A form that is another form of the row without its soft or hard signs is the
      // Serbian or Bulgarian spelling (Олга beside Ольга, Игор beside Игорь): Russian
      // writes the sign, so only the form with it is a Russian name.
      auto unsigned_form = [](const std::u32string& w) {
        std::u32string out;
        for (char32_t c : w) {
          if (c != U'ь' && c != U'ъ') out.push_back(c);
        }
        return out;
      };
      for (const std::u32string& word : words) {
        const bool shadowed = std::any_of(words.begin(), words.end(), [&](const std::u32string& other) {
          return other != word && unsigned_form(other) == word;
        });
        if (shadowed) continue;
        lexicon_.insert(word);
        if (male && col == 2) add_patronymics(word);  // from full forms, not diminutives
      }
    }
  }
  if (lexicon_.empty()) return;
  lexicon_log_p_ = std::log(weight / static_cast<double>(lexicon_.size()));
  letters_log_w_ = std::log(1 - weight);
}

void TrigramModel::load(const Tables& tables, const std::string& path) {
  const std::string* table = tables.find(path);
  if (!table) throw error(errc::bad_table, "language model not found: tables/" + path);
  for (const auto& row : read_tsv(path, *table)) {
    std::u32string t = to_u32(row.fields.at(0));
    if (t.size() != 3 || row.fields.size() < 2) table_error(path, row.line, "expected: trigram <TAB> count");
    double n = std::strtod(std::string(row.fields[1]).c_str(), nullptr);
    tri_[t] += n;
    ctx2_[t.substr(0, 2)] += n;
    types2_[t.substr(0, 2)] += 1;
    const std::u32string bc = t.substr(1, 2);
    if (bi_[bc] == 0) types1_[t.substr(1, 1)] += 1;
    bi_[bc] += n;
    ctx1_[t.substr(1, 1)] += n;
    uni_[t.substr(2, 1)] += n;
    uni_total_ += n;
  }
}

// Witten-Bell: each order is trusted in proportion to how often its context was seen,
// against how many different letters followed it (Witten & Bell, 1991; Chen & Goodman,
// 1998), down to an add-one unigram.
double TrigramModel::prob(char32_t a, char32_t b, char32_t c) const {
  auto get = [](const std::unordered_map<std::u32string, double>& m, const std::u32string& k) {
    auto it = m.find(k);
    return it == m.end() ? 0.0 : it->second;
  };
  const double p1 = (get(uni_, {c}) + 1) / (uni_total_ + static_cast<double>(uni_.size()) + 1);
  const double n1 = get(ctx1_, {b}), t1 = get(types1_, {b});
  const double p2 = n1 > 0 ? (get(bi_, {b, c}) + t1 * p1) / (n1 + t1) : p1;
  const double n2 = get(ctx2_, {a, b}), t2 = get(types2_, {a, b});
  return n2 > 0 ? (get(tri_, {a, b, c}) + t2 * p2) / (n2 + t2) : p2;
}

double TrigramModel::count(char32_t a, char32_t b, char32_t c) const {
  auto it = tri_.find({a, b, c});
  return it == tri_.end() ? 0 : it->second;
}

double TrigramModel::context(char32_t a, char32_t b) const {
  auto it = ctx2_.find({a, b});
  return it == ctx2_.end() ? 0 : it->second;
}

// Names are few, so their counts update the words model rather than replace it: the words
// model is a Dirichlet prior worth names_prior_ observations (MacKay & Peto, 1995). A
// context seen often among names (ий at the end) moves the estimate; a rare one (ны at the
// end, from a few plural place names) barely does.
double ReverseModel::lm(char32_t a, char32_t b, char32_t c) const {
  const auto i = symbol_index_.find(a), j = symbol_index_.find(b), k = symbol_index_.find(c);
  if (i == symbol_index_.end() || j == symbol_index_.end() || k == symbol_index_.end()) return lm_uncached(a, b, c);
  const std::size_t m = symbol_index_.size();
  return lm_table_[(i->second * m + j->second) * m + k->second];
}

double ReverseModel::lm_uncached(char32_t a, char32_t b, char32_t c) const {
  const double prior = words_.prob(a, b, c);
  return std::log((names_.count(a, b, c) + names_prior_ * prior) / (names_.context(a, b) + names_prior_));
}

ReverseModel::Ctx ReverseModel::ctx_after(char32_t last) const {
  if (last == kWordStart) return kStart;
  return vowel_context_.find(last) != std::u32string::npos ? kAfterVowel : kAfterConsonant;
}

std::vector<ScoredText> ReverseModel::word(std::string_view input, std::size_t k) const {
  // Names repeat (a news archive names the same people on every page), and a word costs a
  // beam search over every convention: remember recent answers.
  std::string key(input);
  key.push_back('\0');
  key += std::to_string(k);
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  std::vector<ScoredText> out = use_learned_ ? mix(input, k) : search(input, k);
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache_.size() >= kCacheWords) cache_.clear();  // bounded memory; refills from the text
  cache_.emplace(std::move(key), out);
  return out;
}

std::vector<ScoredText> ReverseModel::mix(std::string_view input, std::size_t k) const {
  // A mixture of the two models' readings, each as chances summing to one over its own
  // list, taken deep enough that a reading one model ranks low can still come first. The
  // learned model reads letters only: a word with a mark it has never seen (Ob”yekt,
  // Vi͡acheslav: romanization marks for ъ and a tie) is this model's alone, and so is a word
  // this model reads first as a known Russian name (Igor as Игорь, not the Serbian Игор):
  // the learned model knows spellings, not which Russian names exist.
  const std::size_t depth = std::max(k, kMixDepth);
  const std::vector<ScoredText> own = search(input, depth);
  std::vector<JointModel::Reading> learned;
  if (learned_->reads(input)) learned = learned_->best(JointModel::latin_letters(input), depth);
  const bool known = !own.empty() && lexicon_.count(to_u32(own.front().text));
  auto log_total = [](const auto& readings) {
    double z = -std::numeric_limits<double>::infinity();
    for (const auto& r : readings) z = std::max(z, r.log_prob);
    double sum = 0;
    for (const auto& r : readings) sum += std::exp(r.log_prob - z);
    return z + std::log(sum);
  };
  const double zo = own.empty() ? 0.0 : log_total(own), zl = learned.empty() ? 0.0 : log_total(learned);
  double w = 0;
  if (!learned.empty() && !known) {
    // Prior log odds of the learned model, moved by how much more likely it finds the Latin
    // spelling than this model does (a romanized Russian name is likelier under this one).
    const double prior = std::log(learned_weight_ / (1 - learned_weight_));
    const double odds = prior + (own.empty() ? 0.0 : learned_evidence_ * (zl - zo));
    w = 1 / (1 + std::exp(-std::clamp(odds, -700.0, 700.0)));
  }
  std::map<std::string, double> p;
  // Each model's readings as chances that sum to one over its own list.
  for (const auto& r : own) p[r.text] += (1 - w) * std::exp(r.log_prob - zo);
  for (const auto& r : learned) p[to_utf8(r.cyrillic)] += w * std::exp(r.log_prob - zl);
  std::vector<ScoredText> out;
  for (const auto& [text, chance] : p) out.push_back({text, std::log(std::max(chance, 1e-300))});
  std::sort(out.begin(), out.end(), [](const ScoredText& a, const ScoredText& b) {
    return a.log_prob != b.log_prob ? a.log_prob > b.log_prob : a.text < b.text;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

std::vector<ScoredText> ReverseModel::search(std::string_view input, std::size_t k) const {
  // Letters no spelling uses (é in "Dostoïevski" is fine as e) are folded to ASCII.
  std::string latin;
  for_each_codepoint(input, [&](char32_t cp, std::size_t off, std::size_t len) {
    if (known_.count(cp)) {
      latin.append(input.substr(off, len));
    } else {
      latin += fold_(input.substr(off, len));
    }
  });
  struct Hyp {
    std::u32string out;
    char32_t p2 = kWordStart, p1 = kWordStart;  // last two letters, for the trigram model
    // P(convention | Latin so far, Cyrillic so far), and log sum over conventions of
    // prior * P(Latin so far | Cyrillic so far): kept apart, the weights stay in range.
    std::array<double, kMaxConventions> weight{};
    double channel = 0;
    double lm = 0;     // log P(Cyrillic so far)
    double score = 0;  // lm + channel
    bool after_silent = false;
  };
  const std::size_t n = latin.size();
  const std::size_t convs = prior_.size();
  std::vector<std::vector<Hyp>> beams(n + 1);
  Hyp start;
  std::copy(prior_.begin(), prior_.end(), start.weight.begin());
  beams[0].push_back(start);
  auto extend = [&](const Hyp& h, const Option& o) {
    Hyp e = h;
    double sum = 0;
    for (std::size_t c = 0; c < convs; ++c) sum += (e.weight[c] *= o.p[c]);
    for (std::size_t c = 0; c < convs; ++c) e.weight[c] /= sum;
    e.channel += std::log(sum);
    for (char32_t c : o.cyrillic) {
      e.lm += lm(e.p2, e.p1, c);
      e.out.push_back(c);
      e.p2 = e.p1;
      e.p1 = c;
    }
    e.score = e.lm + e.channel;
    return e;
  };
  auto prune = [&](std::vector<Hyp>& beam) {
    std::sort(beam.begin(), beam.end(), [](const Hyp& a, const Hyp& b) { return a.score > b.score; });
    std::vector<Hyp> kept;
    std::unordered_set<std::u32string> seen;
    for (auto& h : beam) {
      if (kept.size() >= kBeam) break;
      if (seen.insert(h.out + (h.after_silent ? U"\u0001" : U"")).second) kept.push_back(std::move(h));
    }
    beam = std::move(kept);
  };
  for (std::size_t i = 0; i <= n; ++i) {
    auto& beam = beams[i];
    // Letters a romanization leaves out (ь ъ): once, after a consonant, not at the start.
    const std::size_t base = beam.size();
    for (std::size_t j = 0; j < base; ++j) {
      const Hyp h = beam[j];
      if (h.after_silent || h.out.empty()) continue;
      for (const Option& o : silent_[ctx_after(h.p1)]) {
        Hyp e = extend(h, o);
        e.after_silent = true;
        beam.push_back(std::move(e));
      }
    }
    prune(beam);
    if (i == n) break;
    for (const Hyp& h : beam) {
      const Ctx ctx = ctx_after(h.p1);
      bool read = false;
      for (std::size_t len = 1; len <= max_latin_ && i + len <= n; ++len) {
        auto it = channel_[ctx].find(std::string(latin.substr(i, len)));
        if (it == channel_[ctx].end()) continue;
        for (const Option& o : it->second) {
          if (o.end_only && i + len != n) continue;
          Hyp e = extend(h, o);
          e.after_silent = false;
          beams[i + len].push_back(std::move(e));
          read = true;
        }
      }
      if (!read) {  // a character no option reads (digit, stray mark): keep it, at a cost
        char32_t cp;
        bool ok;
        const std::size_t len = decode_utf8(latin, i, cp, ok);
        Hyp e = h;
        e.out.push_back(cp);
        e.lm += kSkipLogP;
        e.score += kSkipLogP;
        e.after_silent = false;
        beams[i + len].push_back(std::move(e));
      }
    }
  }
  std::vector<ScoredText> out;
  std::unordered_set<std::u32string> seen;
  auto& last = beams[n];
  for (auto& h : last) {
    h.lm += lm(h.p2, h.p1, kWordEnd);
    if (!lexicon_.empty()) {
      // P(word) = (1 - w) P_letters(word) + w [word is a known name] / |names|
      double p = h.lm + letters_log_w_;
      if (lexicon_.count(h.out)) p = std::max(p, lexicon_log_p_) + std::log1p(std::exp(-std::abs(p - lexicon_log_p_)));
      h.lm = p;
    }
    h.score = h.lm + h.channel;
  }
  std::sort(last.begin(), last.end(), [](const Hyp& a, const Hyp& b) { return a.score > b.score; });
  for (const Hyp& h : last) {
    if (out.size() >= k) break;
    if (seen.insert(h.out).second) out.push_back({to_utf8(h.out), h.score});
  }
  return out;
}

}  // namespace normname::detail
