#include "names/parser.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "normname/error.hpp"
#include "script/detector.hpp"
#include "tables/tsv.hpp"
#include "text/utf8.hpp"
#include "translit/joint.hpp"
#include "translit/protect.hpp"

namespace normname {

std::string_view to_string(Role r) noexcept {
  switch (r) {
    case Role::given: return "given";
    case Role::patronymic: return "patronymic";
    case Role::family: return "family";
    case Role::initial: return "initial";
    case Role::title: return "title";
    case Role::suffix: return "suffix";
  }
  return "family";
}

std::string_view to_string(Gender g) noexcept {
  switch (g) {
    case Gender::male: return "male";
    case Gender::female: return "female";
    case Gender::unknown: break;
  }
  return "unknown";
}

}  // namespace normname

namespace normname::detail {

namespace {

constexpr std::string_view kGiven = "names/given.tsv";
constexpr std::string_view kTitles = "names/titles.tsv";
constexpr std::string_view kSuffixes = "names/suffixes.tsv";
constexpr std::string_view kDescriptors = "names/descriptors.tsv";
constexpr std::string_view kHypocoristics = "names/hypocoristics.tsv";
constexpr std::string_view kInitials = "names/initials.tsv";

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t comma = s.find(',', pos);
    if (comma == std::string_view::npos) comma = s.size();
    std::string_view item = s.substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    pos = comma + 1;
  }
  return out;
}

// Letters of a token, and how many of them are capitals.
void count_case(std::string_view token, std::size_t& letters, std::size_t& upper) {
  letters = upper = 0;
  for_each_codepoint(token, [&](char32_t cp, std::size_t, std::size_t) {
    if (!u_isalpha(static_cast<UChar32>(cp))) return;
    ++letters;
    if (u_isupper(static_cast<UChar32>(cp))) ++upper;
  });
}

}  // namespace

double NameParser::learned_chance(const NamePart& a, const NamePart& b, double floor) const {
  // Words of one script each, Latin and Cyrillic: the first letter's script decides, the
  // model refuses letters it has never read.
  auto script_of = [](const NamePart& p) {
    char32_t cp = 0;
    if (p.text.empty()) return USCRIPT_INVALID_CODE;
    next_code_point(p.text, 0, cp);
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(static_cast<UChar32>(cp), &status);
  };
  const UScriptCode sa = script_of(a), sb = script_of(b);
  const NamePart* latin = sa == USCRIPT_LATIN && sb == USCRIPT_CYRILLIC ? &a : sb == USCRIPT_LATIN && sa == USCRIPT_CYRILLIC ? &b : nullptr;
  if (!latin || !learned_) return -1;
  const NamePart* cyrillic = latin == &a ? &b : &a;
  const JointModel* model = learned_();
  if (!model) return -1;
  std::string key = latin->text;
  key.push_back('\0');
  key += cyrillic->text;
  return learned_chances_.get(key, [&] {
    if (!model->writes(cyrillic->text) || !model->reads(latin->text)) return -1.0;
    const std::u32string l = JointModel::latin_letters(latin->text), c = JointModel::cyrillic_letters(cyrillic->text);
    const std::optional<double> joint = model->joint(l, c);
    if (!joint) return 0.0;  // no alignment: most pairs of a block, and they need no readings
    // The chance is shared with every other reading, so one likelier reading bounds it.
    const auto guess = learned_guess_.get(latin->text, [&]() -> std::shared_ptr<const JointModel::Reading> {
      std::vector<JointModel::Reading> one = model->best(l, 1, 1);
      return one.empty() ? nullptr : std::make_shared<const JointModel::Reading>(std::move(one.front()));
    });
    if (guess && guess->cyrillic != c) {
      const double bound = 1 / (1 + std::exp(guess->log_prob - *joint));
      if (bound < floor) return bound;
    }
    const auto readings = learned_readings_.get(latin->text, [&] {
      return std::make_shared<const std::vector<JointModel::Reading>>(model->best(l, kLearnedReadings));
    });
    return JointModel::posterior(*joint, c, *readings);
  });
}

NameParser::NameParser(const Tables& tables, KeyFn key, const Skeleton& skeleton, const ScriptDetector& detector,
                       LearnedFn learned)
    : key_(std::move(key)), learned_(std::move(learned)), skeleton_(skeleton), detector_(detector) {
  auto table = [&](std::string_view path) -> const std::string& {
    const std::string* t = tables.find(path);
    if (!t) throw error(errc::bad_table, "missing table " + std::string(path));
    return *t;
  };
  auto skel_in = [&](std::string_view form, std::string_view lang) {
    std::string k = key_(form, lang);
    std::string out;
    std::size_t pos = 0;
    while (pos <= k.size()) {  // a form of several words: skeletons joined by spaces
      std::size_t sp = k.find(' ', pos);
      if (sp == std::string::npos) sp = k.size();
      if (!out.empty()) out.push_back(' ');
      out += skeleton_(std::string_view(k).substr(pos, sp - pos));
      pos = sp + 1;
    }
    return out;
  };
  auto skel = [&](std::string_view form) { return skel_in(form, {}); };
  // A form under the class `id`: a Cyrillic form under its romanization in every language
  // its letters allow (in a name read as Ukrainian or Belarusian, Вольга Іванова, it is keyed
  // volha; alone volga).
  auto add = [&](std::string_view id, Gender g, const std::string& form, bool dim) {
    std::set<std::string> skeletons{skel_in(form, {})};
    for (const auto& lang : detector_.classify(form).candidates) skeletons.insert(skel_in(form, lang));
    for (const auto& sk : skeletons) {
      auto& v = given_[sk];
      const auto it = std::find_if(v.begin(), v.end(), [&](const GivenClass& c) { return c.id == id; });
      if (it != v.end()) {
        it->diminutive = it->diminutive && dim;  // a full form wins over a diminutive
      } else {
        v.push_back({std::string(id), g, dim});
      }
    }
  };
  for (const auto& row : read_tsv(kGiven, table(kGiven))) {
    if (row.fields.size() < 3) table_error(kGiven, row.line, "expected: class <TAB> gender <TAB> forms [<TAB> diminutives]");
    Gender g = row.fields[1] == "m" ? Gender::male : row.fields[1] == "f" ? Gender::female : Gender::unknown;
    if (g == Gender::unknown) table_error(kGiven, row.line, "gender must be m or f");
    for (const auto& f : split_list(row.fields[2])) add(row.fields[0], g, f, false);
    if (row.fields.size() > 3) {
      for (const auto& f : split_list(row.fields[3])) add(row.fields[0], g, f, true);
    }
  }
  // Short forms with the full names they stand for; a full name no class holds as a full form
  // becomes a class of its own, named by its skeleton.
  for (const auto& row : read_tsv(kHypocoristics, table(kHypocoristics))) {
    if (row.fields.size() < 5 || row.fields[0].empty() || row.fields[4].empty()) {
      table_error(kHypocoristics, row.line, "expected: short form <TAB> full names <TAB> m|f <TAB> language <TAB> source");
    }
    const Gender g = row.fields[2] == "m" ? Gender::male : row.fields[2] == "f" ? Gender::female : Gender::unknown;
    if (g == Gender::unknown) table_error(kHypocoristics, row.line, "gender must be m or f");
    const std::vector<std::string> full = split_list(row.fields[1]);
    if (full.empty()) table_error(kHypocoristics, row.line, "a short form needs the full names it stands for");
    for (const std::string& name : full) {
      const std::string sk = skel(name);
      std::vector<std::string> ids;
      for (const GivenClass& c : classes(sk)) {
        if (!c.diminutive) ids.push_back(c.id);
      }
      if (ids.empty()) {
        add(sk, g, name, false);
        ids.push_back(sk);
      }
      for (const std::string& id : ids) {
        const auto& cls = classes(sk);
        const auto it = std::find_if(cls.begin(), cls.end(), [&](const GivenClass& c) { return c.id == id; });
        add(id, it == cls.end() ? g : it->gender, std::string(row.fields[0]), true);
      }
    }
  }
  for (const auto& row : read_tsv(kTitles, table(kTitles))) {
    const std::string s = skel(row.fields.at(0));
    if (s.size() >= kTitleSkeletonMinLength) title_skeletons_.insert(s);
    title_keys_.insert(key_(row.fields.at(0), {}));
  }
  for (const auto& row : read_tsv(kInitials, table(kInitials))) initial_groups_.emplace_back(row.fields.at(0));
  for (const auto& row : read_tsv(kDescriptors, table(kDescriptors))) {
    Descriptor d;
    d.words = split_spaces(key_(row.fields.at(0), {}));
    if (d.words.empty()) table_error(kDescriptors, row.line, "a descriptor needs a word");
    descriptors_[d.words.front()].push_back(std::move(d));
  }
  // Longest first: Deputy Prime Minister before Prime Minister.
  for (auto& [first, list] : descriptors_) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Descriptor& a, const Descriptor& b) { return a.words.size() > b.words.size(); });
  }
  for (const auto& row : read_tsv(kSuffixes, table(kSuffixes))) {
    if (row.fields.size() < 2) table_error(kSuffixes, row.line, "expected: kind <TAB> ending [<TAB> value]");
    std::string_view kind = row.fields[0];
    Ending e{std::string(row.fields[1]), row.fields.size() > 2 ? std::string(row.fields[2]) : ""};
    if (kind == "patronymic") {
      patronymic_.push_back(e);
    } else if (kind == "feminine") {
      feminine_.push_back(e);
    } else if (kind == "masculine") {
      masculine_.push_back(e);
    } else if (kind == "generational") {
      generational_.insert(skel(e.ending));
    } else {
      table_error(kSuffixes, row.line, "unknown kind '" + std::string(kind) + "'");
    }
  }
  // Longest endings first, so that -ovic is read before -ic.
  for (auto* v : {&patronymic_, &feminine_, &masculine_}) {
    std::stable_sort(v->begin(), v->end(), [](const Ending& a, const Ending& b) { return a.ending.size() > b.ending.size(); });
  }
}

bool NameParser::initials_agree(char a, char b) const {
  if (a == b) return true;
  for (const auto& g : initial_groups_) {
    if (g.find(a) != std::string::npos && g.find(b) != std::string::npos) return true;
  }
  return false;
}

std::string NameParser::initial_letters(char c) const {
  std::string out(1, c);
  for (const auto& g : initial_groups_) {
    if (g.find(c) == std::string::npos) continue;
    for (char x : g) {
      if (out.find(x) == std::string::npos) out += x;
    }
  }
  return out;
}

const std::vector<GivenClass>& NameParser::classes(std::string_view skeleton) const {
  static const std::vector<GivenClass> none;
  auto it = given_.find(std::string(skeleton));
  return it == given_.end() ? none : it->second;
}

std::vector<std::string> NameParser::joined_skeletons(const ParsedName& name) const {
  std::string keys;
  for (const auto& p : name.parts) {
    if (p.role == Role::title || p.role == Role::suffix) continue;
    for (char c : p.key) {
      if (c != ' ' && c != '-') keys.push_back(c);
    }
  }
  std::vector<std::string> out{skeleton_(keys)};
  for (std::size_t c = 0; c < skeleton_.conventions().size(); ++c) {
    if (std::string v = skeleton_.variant(keys, c, out.front()); !v.empty()) out.push_back(std::move(v));
  }
  return out;
}

const std::vector<GivenClass>& NameParser::classes_of(const NamePart& part) const {
  return classes_of(part.skeleton, part.variant_skeletons);
}

const std::vector<GivenClass>& NameParser::classes_of(std::string_view skeleton,
                                                      const std::vector<std::string>& variants) const {
  const auto& cls = classes(skeleton);
  if (!cls.empty()) return cls;
  for (const std::string& v : variants) {
    if (v.empty()) continue;
    if (const auto& other = classes(v); !other.empty()) return other;
  }
  return cls;
}

const NameParser::Ending* NameParser::first_ending(const std::vector<Ending>& endings, std::string_view skeleton) const {
  for (const auto& e : endings) {
    if (ends_with(skeleton, e.ending)) return &e;
  }
  return nullptr;
}

std::shared_ptr<const NameParser::WordFacts> NameParser::word_facts(std::string_view text) const {
  return words_.get(text, [&] {
    auto w = std::make_shared<WordFacts>();
    w->script = detector_.classify(text);
    count_case(text, w->letters, w->upper);
    w->roman = is_roman_numeral(text);
    return std::shared_ptr<const WordFacts>(std::move(w));
  });
}

std::shared_ptr<const NameParser::TokenReading> NameParser::read_token(std::string_view text, std::string_view language) const {
  std::string cache_key;
  cache_key.reserve(language.size() + 1 + text.size());
  cache_key.append(language).push_back('\x1f');
  cache_key.append(text);
  return readings_.get(cache_key, [&] {
    auto r = std::make_shared<TokenReading>();
    r->key = key_(text, language);
    if (r->key.empty()) return std::shared_ptr<const TokenReading>(std::move(r));
    // Rimsky-Korsakov: one part, skeletons joined by '-'; the same per variant convention.
    const std::size_t conventions = skeleton_.conventions().size();
    std::vector<std::string> variants(conventions);
    std::vector<bool> differs(conventions, false);
    std::size_t pos = 0;
    while (pos <= r->key.size()) {
      std::size_t sp = r->key.find(' ', pos);
      if (sp == std::string::npos) sp = r->key.size();
      const std::string_view word = std::string_view(r->key).substr(pos, sp - pos);
      const std::string main = skeleton_(word);
      if (pos > 0) r->skeleton.push_back('-');
      r->skeleton += main;
      for (std::size_t c = 0; c < conventions; ++c) {
        const std::string other = skeleton_.variant(word, c, main);
        if (pos > 0) variants[c].push_back('-');
        variants[c] += other.empty() ? main : other;
        differs[c] = differs[c] || !other.empty();
      }
      pos = sp + 1;
    }
    for (std::size_t c = 0; c < conventions; ++c) {
      if (!differs[c]) variants[c].clear();
    }
    if (std::any_of(differs.begin(), differs.end(), [](bool d) { return d; })) r->variant_skeletons = std::move(variants);
    // What the tables say of this reading, which is all the parser asks of a token.
    r->title = title_keys_.count(r->key) > 0 ||
               (r->skeleton.size() >= kTitleSkeletonMinLength && title_skeletons_.count(r->skeleton) > 0);
    r->generational = generational_.count(r->skeleton) > 0;
    if (const auto& cls = classes(r->skeleton); !cls.empty()) r->known = &cls;
    r->classes = &classes_of(r->skeleton, r->variant_skeletons);
    r->patronymic = first_ending(patronymic_, r->skeleton);
    if ((r->feminine = first_ending(feminine_, r->skeleton))) {
      const Ending& e = *r->feminine;
      r->masculine_skeleton = r->skeleton.substr(0, r->skeleton.size() - e.ending.size()) + e.value;
      r->masculine_variants = r->variant_skeletons;
      for (std::string& v : r->masculine_variants) {
        if (ends_with(v, e.ending)) v = v.substr(0, v.size() - e.ending.size()) + e.value;
      }
    }
    r->masculine = first_ending(masculine_, r->skeleton) != nullptr;
    r->key_words = split_spaces(r->key);
    r->starts_descriptor = !r->key_words.empty() && descriptors_.count(r->key_words.front()) > 0;
    return std::shared_ptr<const TokenReading>(std::move(r));
  });
}

template <class Toks>
std::size_t NameParser::descriptor_at(const Toks& toks, std::size_t i) const {
  if (!toks[i].reading->starts_descriptor) return 0;
  const auto it = descriptors_.find(toks[i].reading->key_words.front());
  for (const Descriptor& d : it->second) {
    // The descriptor's words against the tokens' key words, token by token.
    std::size_t w = 0, j = i;
    while (j < toks.size() && w < d.words.size()) {
      const auto& kw = toks[j].reading->key_words;
      if (w + kw.size() > d.words.size() || !std::equal(kw.begin(), kw.end(), d.words.begin() + static_cast<std::ptrdiff_t>(w))) break;
      w += kw.size();
      ++j;
    }
    if (w == d.words.size()) return j - i;
  }
  return 0;
}

void NameParser::for_each_given(const std::function<void(const std::string&)>& f) const {
  for (const auto& entry : given_) f(entry.first);
}

void NameParser::for_each_title(const std::function<void(const std::string&)>& f) const {
  for (const std::string& k : title_keys_) f(k);
}

std::size_t NameParser::descriptor_length(const std::vector<std::string_view>& words) const {
  struct Tok {
    std::shared_ptr<const TokenReading> reading;
  };
  std::vector<Tok> toks;
  for (std::string_view w : words) toks.push_back({read_token(w, {})});
  if (toks.empty() || toks.front().reading->key_words.empty()) return 0;
  return descriptor_at(toks, 0);
}

ParsedName NameParser::operator()(std::string_view name) const {
  ParsedName out;
  // "Nikitin, Pyotr": a comma after the first word puts the family name first.
  const std::size_t comma = name.find(',');
  struct Tok {
    Span span;
    std::shared_ptr<const WordFacts> word;
    std::shared_ptr<const TokenReading> reading;
    Role role = Role::family;
    bool all_caps = false;
    bool dotted = false;  // followed by '.'
  };
  const std::vector<Span> spans = tokenize(name);
  std::vector<std::shared_ptr<const WordFacts>> words;
  words.reserve(spans.size());
  for (const Span& s : spans) words.push_back(word_facts(name.substr(s.offset, s.length)));
  // One language for the name's Cyrillic words, as the whole-name key has (Віталій Кличко:
  // Кличко is Ukrainian too).
  const std::string language =
      detector_.common_language(words.size(), [&](std::size_t i) -> const TokenScript& { return words[i]->script; });
  std::vector<Tok> toks;
  toks.reserve(spans.size());
  std::size_t caps_tokens = 0;
  bool comma_after_first = false;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    const Span& s = spans[k];
    Tok t;
    t.span = s;
    t.reading = read_token(name.substr(s.offset, s.length), language);
    if (t.reading->key.empty()) continue;
    t.word = std::move(words[k]);
    const std::size_t letters = t.word->letters, upper = t.word->upper;
    t.all_caps = letters > 1 && upper == letters;
    caps_tokens += t.all_caps;
    t.dotted = s.offset + s.length < name.size() && name[s.offset + s.length] == '.';
    // Initials: one letter, or two with a dot (Yu. for Юрий) unless the tables know them as
    // a title or a generation (Dr., Jr.).
    const bool word = t.reading->title || t.reading->generational;
    if (letters == 1 || (t.dotted && letters == 2 && upper >= 1 && t.reading->key.size() <= 2 && !word)) {
      t.role = Role::initial;
    }
    if (comma != std::string_view::npos && s.offset > comma && toks.size() == 1) comma_after_first = true;
    toks.push_back(std::move(t));
  }
  if (toks.empty()) return out;
  // Not the role's default, which is family: "Ivica Dačić, ministar" has its comma later.
  const bool family_first_by_comma = comma_after_first && toks.front().role != Role::initial;

  // Titles (leading or anywhere) and generational or regnal suffixes (not first).
  auto name_tokens = [&] {
    std::size_t n = 0;
    for (const auto& t : toks) n += t.role != Role::title && t.role != Role::suffix;
    return n;
  };
  // Offices and descriptors of several words, wherever they stand, while a name word is left.
  for (std::size_t i = 0; i < toks.size();) {
    const std::size_t n = descriptor_at(toks, i);
    if (n && n < name_tokens()) {
      for (std::size_t k = i; k < i + n; ++k) toks[k].role = Role::title;
      i += n;
    } else {
      ++i;
    }
  }
  for (auto& t : toks) {
    if (t.role != Role::initial && t.role != Role::title && t.reading->title && name_tokens() > 1) t.role = Role::title;
  }
  for (std::size_t i = 1; i < toks.size(); ++i) {
    auto& t = toks[i];
    // II, XIV, and a lone I (Alexander I); a dotted letter is an initial (P. I. Nikitin).
    const bool lone_i = t.span.length == 1 && name[t.span.offset] == 'I';
    if ((!t.dotted && t.word->roman && (t.all_caps || lone_i)) || t.reading->generational) {
      if (name_tokens() > 1 && t.role != Role::title) t.role = Role::suffix;
    }
  }
  std::vector<std::size_t> idx;  // the name tokens, in order
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].role != Role::title && toks[i].role != Role::suffix) idx.push_back(i);
  }
  auto known_given = [&](std::size_t i) { return toks[i].reading->known != nullptr; };
  // Patronymics: the middle of three or more name tokens, after a given name
  // (Vladimir Vladimirovich Putin), or the last, after given, in family-first order
  // (Nikitin Pyotr Ivanovich).
  std::string patronymic_g;
  if (idx.size() >= 3) {
    for (std::size_t k = 1; k < idx.size(); ++k) {
      std::size_t i = idx[k];
      if (toks[i].role == Role::initial || !known_given(idx[k - 1])) continue;
      const Ending* e = toks[i].reading->patronymic;
      if (e && !e->value.empty() && !known_given(i)) {
        toks[i].role = Role::patronymic;
        patronymic_g = e->value;
        break;
      }
    }
  }
  // The family name: first by comma or capitals (NIKITIN Pyotr), else the one name token
  // that is not a known given name, else the last.
  std::vector<std::size_t> open;
  for (std::size_t i : idx) {
    if (toks[i].role != Role::initial && toks[i].role != Role::patronymic) open.push_back(i);
  }
  std::size_t family = SIZE_MAX;
  if (family_first_by_comma) {
    family = 0;
  } else if (caps_tokens == 1 && toks.size() > 1) {
    for (std::size_t i : open) {
      if (toks[i].all_caps) family = i;
    }
  }
  if (family == SIZE_MAX && !open.empty()) {
    std::vector<std::size_t> unknown;
    for (std::size_t i : open) {
      if (!known_given(i)) unknown.push_back(i);
    }
    if (open.size() == 1) {
      family = known_given(open[0]) && idx.size() == 1 ? SIZE_MAX : open[0];
    } else if (unknown.size() == 1) {
      family = unknown[0];
    } else {
      family = unknown.empty() ? open.back() : unknown.back();
    }
  }
  for (std::size_t i : open) toks[i].role = i == family ? Role::family : Role::given;

  // The parts, and the gender: given name first, then patronymic, then the family name's
  // ending.
  out.parts.reserve(toks.size());
  Gender g = Gender::unknown;
  for (const Tok& t : toks) {
    const TokenReading& r = *t.reading;
    NamePart part;
    part.text = std::string(name.substr(t.span.offset, t.span.length));
    part.role = t.role;
    part.key = r.key;
    const TokenScript& ts = t.word->script;
    part.lang = ts.script == Script::cyrillic && !language.empty() ? language : ts.lang;
    part.languages = ts.candidates;
    if (t.role == Role::family && r.feminine) {
      part.skeleton = r.masculine_skeleton;
      part.variant_skeletons = r.masculine_variants;
      part.feminine_form = true;
    } else {
      part.skeleton = r.skeleton;
      part.variant_skeletons = r.variant_skeletons;
    }
    if (t.role == Role::given) {
      const auto& cls = *r.classes;
      part.diminutive = !cls.empty() && std::all_of(cls.begin(), cls.end(), [](const GivenClass& c) { return c.diminutive; });
      if (!cls.empty() && std::all_of(cls.begin(), cls.end(), [&](const GivenClass& c) { return c.gender == cls[0].gender; })) {
        if (g == Gender::unknown) g = cls[0].gender;
      }
    }
    out.parts.push_back(std::move(part));
  }
  if (g == Gender::unknown && !patronymic_g.empty()) g = patronymic_g == "f" ? Gender::female : Gender::male;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].role != Role::family) continue;
    if (out.parts[i].feminine_form) {
      if (g == Gender::unknown) g = Gender::female;
    } else if (g == Gender::unknown && toks[i].reading->masculine) {
      g = Gender::male;
    }
  }
  out.gender = g;
  return out;
}

}  // namespace normname::detail
