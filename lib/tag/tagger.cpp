#include "tag/tagger.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_set>

#include "keys/skeleton.hpp"
#include "match/matcher.hpp"
#include "names/cases.hpp"
#include "names/parser.hpp"
#include "normname/error.hpp"
#include "tables/tsv.hpp"

namespace normname::detail {

namespace {

// Words are read in batches of about this many, so that memory stays bounded on a text of
// any length; a batch ends before a word in lower case, which no run goes on through.
constexpr std::size_t kBatchWords = 4096;
// The words of an office that ends in a title (first deputy prime minister) looked back over.
constexpr std::size_t kMaxOfficeWords = 4;

// ICU's word iterator, one per thread: making one costs more than tagging a short text.
icu::BreakIterator& word_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !made) throw error(errc::bad_rules, std::string("ICU word break iterator: ") + u_errorName(status));
    return made;
  }();
  return *it;
}

UChar32 first_code_point(std::string_view s) {
  if (s.empty()) return 0;
  std::int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, static_cast<std::int32_t>(s.size()), c);
  return c;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Blank that may stand between two words of one name: spaces and tabs, no-break spaces.
// A line break, or any punctuation, ends a name.
std::size_t blank_at(std::string_view s, std::size_t i) {
  if (s[i] == ' ' || s[i] == '\t') return 1;
  if (s.compare(i, 2, "\u00A0") == 0) return 2;
  if (s.compare(i, 3, "\u202F") == 0 || s.compare(i, 3, "\u2009") == 0) return 3;
  return 0;
}

// A hyphen that joins the words of one name (Rimsky-Korsakov, Баня-Лука, г-н).
std::size_t hyphen_at(std::string_view s, std::size_t i) {
  if (s[i] == '-') return 1;
  if (s.compare(i, 3, "\u2010") == 0 || s.compare(i, 3, "\u2011") == 0) return 3;
  return 0;
}

}  // namespace

struct Tagger::Word {
  std::size_t begin = 0, end = 0;  // bytes of the text; an initial's end takes its '.'
  bool upper = false;              // begins with a capital letter
  bool initial = false;            // one capital letter and a '.'
  std::uint8_t flags = 0;          // analyse(), for words in upper case
};

namespace {
// What a key's last letter is, for the endings that need a consonant or a vowel before them.
bool key_vowel(char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; }
}  // namespace

Tagger::Tagger(const AliasIndex& aliases, const NameParser& parser, const Inflection& inflection,
               const Skeleton& skeleton, KeyFn key, ResolveFn resolve, GenderFn gender, GivenFn given)
    : aliases_(aliases),
      parser_(parser),
      inflection_(inflection),
      skeleton_(skeleton),
      key_(std::move(key)),
      resolve_(std::move(resolve)),
      gender_(std::move(gender)),
      given_(std::move(given)) {
  // The case endings, as the keys write them: a word's case form then is its key with one
  // ending in place of another (Вучић: vucic; Вучића: vucica), so the lexicon holds the
  // forms of every word of every name, in whatever script a text writes them, and a word of
  // a text is looked up as it stands. An ending is romanized after a consonant, as it is
  // written in a word (BGN writes е at the start of a word ye, after a consonant e).
  std::vector<KeyEnding> rules;
  auto ending_key = [&](const std::string& e) -> std::optional<std::string> {
    if (e.empty()) return std::string();
    const bool cyrillic = static_cast<unsigned char>(e[0]) >= 0x80;
    const std::string k = key_((cyrillic ? "б" : "b") + e);
    if (k.empty() || k[0] != 'b' || k.find(' ') != std::string::npos) return std::nullopt;
    return k.substr(1);
  };
  for (const Inflection::Ending& e : inflection.endings()) {
    const auto form = ending_key(e.form), nominative = ending_key(e.nominative);
    if (!form || !nominative || *form == *nominative) continue;
    KeyEnding r{*nominative, *form, e.needs_consonant, e.needs_vowel};
    if (std::find(rules.begin(), rules.end(), r) == rules.end()) rules.push_back(std::move(r));
  }
  auto add = [&](const std::string& word_key, std::uint8_t f, bool base) {
    lexicon_[skeleton_(word_key)] |= static_cast<std::uint8_t>(f | (base ? kBase : 0));
    for (const KeyEnding& r : rules) {
      // As the rules read: an ending that replaces one may leave one letter (Л+ев, Л+ьва).
      const std::size_t min_stem = r.nominative.empty() ? Inflection::kMinStem : 1;
      if (word_key.size() < r.nominative.size() + min_stem || !word_key.ends_with(r.nominative)) continue;
      const std::string_view stem = std::string_view(word_key).substr(0, word_key.size() - r.nominative.size());
      if ((r.needs_consonant && key_vowel(stem.back())) || (r.needs_vowel && !key_vowel(stem.back()))) continue;
      lexicon_[skeleton_(std::string(stem) + r.form)] |= f;
    }
  };

  std::unordered_map<std::string, bool> person;  // by entity ID
  std::unordered_set<std::string> done;           // word key and flags, added once
  aliases.for_each([&](std::string_view id, const Prepared& name) {
    auto [at, fresh] = person.try_emplace(std::string(id), false);
    if (fresh) at->second = aliases.is_person(id);
    std::size_t words = 0;
    for (const NamePart& p : name.parsed.parts) {
      if (p.role != Role::title && p.role != Role::suffix) words += split_spaces(p.key).size();
    }
    for (const NamePart& p : name.parsed.parts) {
      if (p.role == Role::title || p.role == Role::suffix) continue;
      // A person's given name alone names nobody; a family name, a patronymic, a place's
      // every word, and a name of one word (Porfirije) can.
      const bool anchor = !at->second || words == 1 || p.role == Role::family || p.role == Role::patronymic;
      const std::uint8_t f =
          static_cast<std::uint8_t>(kNameWord | (anchor ? kAnchor : 0) | (at->second ? kPerson : kPlace));
      for (const std::string& w : split_spaces(p.key)) {
        if (done.insert(w + static_cast<char>(f)).second) add(w, f, true);
      }
    }
    // A place's words may be written as one (Banja Luka, Banjaluka).
    if (!at->second && words > 1) {
      std::string run;
      for (const NamePart& p : name.parsed.parts) {
        for (const std::string& w : split_spaces(p.key)) run += w;
      }
      if (done.insert(run + static_cast<char>(kPlace)).second) add(run, kNameWord | kAnchor | kPlace, true);
    }
  });
  // Given names and titles, in their cases too (Аной: Ана; predsednika: predsednik).
  parser.for_each_given([&](const std::string& sk) { add(sk, kGiven, false); });
  parser.for_each_title([&](const std::string& k) {
    if (k.find(' ') == std::string::npos) add(k, kTitle, false);
  });
}

std::uint8_t Tagger::lexicon_flags(std::string_view word) const {
  std::uint8_t f = 0;
  for (const std::string& w : split_spaces(key_(word))) {
    if (auto it = lexicon_.find(skeleton_(w)); it != lexicon_.end()) f |= it->second;
  }
  return f;
}

bool Tagger::known_word(std::string_view word) const { return (lexicon_flags(word) & kBase) != 0; }

// What a word is: a word of an entity's name or a case form of one (Вучићем, Путину), a
// given name, a title (predsednika), all by one look-up of its key's skeleton. Kept per word
// as written.
std::uint8_t Tagger::analyse(std::string_view word) const {
  return words_.get(word, [&] { return static_cast<std::uint8_t>(lexicon_flags(word) | kAnalysed); });
}

bool Tagger::person(const std::optional<std::string>& id, const std::vector<EntityMatch>& fits) const {
  if (id) return aliases_.is_person(*id);
  return !fits.empty() && aliases_.is_person(fits.front().id);
}

// Resolves the words [from, to) of `text` as one name; a fit is a mention.
bool Tagger::try_span(std::string_view text, const std::vector<Word>& words, std::size_t from, std::size_t to,
                      bool allow_person, std::vector<Mention>& out) const {
  if (std::none_of(words.begin() + static_cast<std::ptrdiff_t>(from), words.begin() + static_cast<std::ptrdiff_t>(to),
                   [](const Word& w) { return (w.flags & kAnchor) != 0; })) {
    return false;
  }
  const std::size_t begin = words[from].begin, end = words[to - 1].end;
  const std::string_view span = text.substr(begin, end - begin);
  // Declined when no word of a name in it is written as a word of the tables (Вучића).
  const bool declined = std::none_of(words.begin() + static_cast<std::ptrdiff_t>(from),
                                     words.begin() + static_cast<std::ptrdiff_t>(to),
                                     [](const Word& w) { return (w.flags & kAnchor) && (w.flags & kBase); });
  Resolution r = resolve_(span, declined);
  if (!r.id && !r.ambiguous && from > 0) {
    // A place after a preposition (у Београду, u Beogradu): its case is read with it.
    const Word& before = words[from - 1];
    const std::string_view prep = text.substr(before.begin, before.end - before.begin);
    bool adjacent = before.end < begin;
    for (std::size_t i = before.end; adjacent && i < begin;) {
      const std::size_t n = blank_at(text, i);
      adjacent = n > 0;
      i += n;
    }
    if (adjacent && !before.upper && inflection_.preposition(prep)) {
      r = resolve_(text.substr(before.begin, end - before.begin), declined);
    }
  }
  if (!r.id && !r.ambiguous) return false;
  // A title is a person's: Президент России is no name of Russia, which России alone
  // names as well or better. A place whose name has such a word keeps it (St. Petersburg).
  const bool is_person = person(r.id, r.fits);
  if ((words[from].flags & kTitle) && !is_person) {
    std::size_t k = from;
    while (k < to && (words[k].flags & kTitle)) ++k;
    if (k == to) return false;
    const Resolution rest = resolve_(text.substr(words[k].begin, end - words[k].begin), declined);
    if (!r.id || (rest.id == r.id && rest.score > r.score)) return false;
  }
  if (is_person && !allow_person) return false;
  Mention m;
  m.begin = begin;
  m.end = end;
  m.text = std::string(span);
  m.id = r.id;
  m.score = r.score;
  m.alias = r.alias;
  m.ambiguous = r.ambiguous;
  m.fits = std::move(r.fits);
  m.grammatical_case = r.grammatical_case;
  // A place has no gender, whatever the case ending it was read by.
  m.gender = !is_person ? Gender::unknown : r.reading.empty() ? gender_(span) : r.gender;
  m.explanation = std::move(r.explanation);
  out.push_back(std::move(m));
  return true;
}

// The longest part of the run [from, to) that fits an entity is a mention (leftmost first
// among equals); the words on each side of it are tried again.
void Tagger::resolve_run(std::string_view text, const std::vector<Word>& words, std::size_t from, std::size_t to,
                         std::vector<Mention>& out) const {
  for (std::size_t len = to - from; len > 0; --len) {
    for (std::size_t s = from; s + len <= to; ++s) {
      // A family name alone is not found inside a longer name whose given name it leaves
      // out: Vera Nikolić, which fits nobody, is not Tomislav Nikolić.
      const bool after_given = len == 1 && s > from && (words[s - 1].initial || (words[s - 1].flags & kGiven)) &&
                               !(words[s - 1].flags & kTitle);
      if (!try_span(text, words, s, s + len, !after_given, out)) continue;
      if (s > from) resolve_run(text, words, from, s, out);
      if (s + len < to) resolve_run(text, words, s + len, to, out);
      return;
    }
  }
}

std::vector<Mention> Tagger::tag(std::string_view text) const {
  std::vector<Mention> out;
  if (text.empty()) return out;
  icu::BreakIterator& it = word_iterator();
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<std::int64_t>(text.size()), &status);
  if (U_FAILURE(status)) throw error(errc::invalid_utf8, std::string("tag: ") + u_errorName(status));
  it.setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    throw error(errc::invalid_utf8, std::string("tag: ") + u_errorName(status));
  }

  // Two words belong to one name when only blanks stand between them, or a '.' and blanks
  // after an initial or an abbreviated title (P. Nikitin, Dr. Đinđić).
  auto joinable = [&](const Word& a, const Word& b) {
    std::size_t i = a.end;
    if (i < b.begin && text[i] == '.' && (a.flags & kTitle)) ++i;
    if (i == b.begin) return a.initial || i > a.end;
    while (i < b.begin) {
      const std::size_t n = blank_at(text, i);
      if (!n) return false;
      i += n;
    }
    return true;
  };
  auto member = [](const Word& w) { return w.upper && (w.initial || (w.flags & (kNameWord | kGiven | kTitle))); };
  // A place's word next to a person's is two names (России Владимир Путин, Putin Beograd).
  auto place_only = [](const Word& w) { return (w.flags & kPlace) && !(w.flags & (kPerson | kGiven)) && !w.initial; };
  auto person_word = [](const Word& w) { return w.initial || (w.flags & (kPerson | kGiven)); };
  auto apart = [&](const Word& a, const Word& b) {
    return (place_only(a) && person_word(b) && !(b.flags & kPlace)) || (place_only(b) && person_word(a) && !(a.flags & kPlace));
  };

  auto finish = [&](Word& w) {
    if (w.upper && w.end - w.begin <= kMaxWordBytes) w.flags = analyse(text.substr(w.begin, w.end - w.begin));
  };
  std::vector<Word> words;
  std::vector<Word> given_alone;  // a given name written alone: who, the text may say
  auto process = [&](std::size_t count) {
    std::size_t i = 0;
    while (i < count) {
      if (!member(words[i])) {
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      if ((words[i].flags & kGiven) && !(words[i].flags & (kAnchor | kTitle)) && !words[i].initial &&
          (i + 1 >= count || !member(words[i + 1]) || !joinable(words[i], words[i + 1])) &&
          (i == 0 || !joinable(words[i - 1], words[i]) || !member(words[i - 1]))) {
        given_alone.push_back(words[i]);
        ++i;
        continue;
      }
      while (j < count && j - i < kMaxRunWords && member(words[j]) && joinable(words[j - 1], words[j]) &&
             !apart(words[j - 1], words[j])) {
        ++j;
      }
      // Titles in lower case before it (президент Путин, predsednik Vučić) are part of it.
      std::size_t s = i;
      while (s > 0 && i - s < kMaxRunWords - (j - i) && !words[s - 1].upper && joinable(words[s - 1], words[s])) {
        Word& w = words[s - 1];
        if (!(w.flags & kAnalysed) && w.end - w.begin <= kMaxWordBytes) w.flags = analyse(text.substr(w.begin, w.end - w.begin));
        if (!(w.flags & kTitle)) break;
        --s;
      }
      // A title that ends an office of several words is not the name's (Foreign Minister
      // Sergei Lavrov: Sergei Lavrov): the office is a description, not a title.
      for (std::size_t t = s; t < j && (words[t].flags & kTitle); ++t) {
        bool ends_office = false;
        for (std::size_t p = t >= kMaxOfficeWords ? t - kMaxOfficeWords : 0; p < t && !ends_office; ++p) {
          std::vector<std::string_view> span;
          for (std::size_t k = p; k <= t; ++k) span.push_back(text.substr(words[k].begin, words[k].end - words[k].begin));
          ends_office = parser_.descriptor_length(span) == span.size();
        }
        if (ends_office) s = t + 1;
      }
      if (s < j) resolve_run(text, words, s, j, out);
      i = j;
    }
    words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(count));
  };

  for (std::int32_t p = it.first(), q = it.next(); q != icu::BreakIterator::DONE; p = q, q = it.next()) {
    const std::int32_t rule = it.getRuleStatus();
    if (rule < UBRK_WORD_LETTER || rule >= UBRK_WORD_IDEO_LIMIT) continue;
    Word w;
    w.begin = static_cast<std::size_t>(p);
    w.end = static_cast<std::size_t>(q);
    // Rimsky-Korsakov, Баня-Лука: one word, its parts joined by a hyphen.
    if (!words.empty()) {
      Word& last = words.back();
      const std::size_t h = last.end < w.begin ? hyphen_at(text, last.end) : 0;
      if (h && last.end + h == w.begin && !last.initial) {
        last.end = w.end;
        continue;
      }
      // The word before is whole now: what it is can be asked.
      finish(last);
    }
    // Putin's, Vučić’s: the English possessive is not part of the name.
    for (std::string_view s : {std::string_view("'s"), std::string_view("\u2019s")}) {
      if (w.end - w.begin > s.size() && text.substr(w.end - s.size(), s.size()) == s) w.end -= s.size();
    }
    const UChar32 c = first_code_point(text.substr(w.begin, w.end - w.begin));
    w.upper = u_isupper(c) || u_istitle(c);
    if (w.upper && U8_LENGTH(c) == static_cast<std::int32_t>(w.end - w.begin) && w.end < text.size() &&
        text[w.end] == '.') {
      w.initial = true;
      ++w.end;
    }
    if (words.size() >= kBatchWords && !w.upper) process(words.size());
    words.push_back(w);
  }
  utext_close(ut);
  if (!words.empty()) finish(words.back());
  process(words.size());

  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  // A family name alone (or a name that fits several people) names the one of them the text
  // named before, when it names no other of them anywhere.
  std::unordered_set<std::string> named;
  std::unordered_map<std::string, std::size_t> first_of;  // ID -> its first mention
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!out[i].id) continue;
    named.insert(*out[i].id);
    first_of.emplace(*out[i].id, i);
  }
  std::unordered_set<std::string> before;
  for (Mention& m : out) {
    if (m.id) {
      before.insert(*m.id);
      continue;
    }
    const EntityMatch* earlier = nullptr;
    std::size_t in_text = 0;
    for (const EntityMatch& f : m.fits) {
      if (named.count(f.id)) ++in_text;
      if (before.count(f.id)) earlier = &f;
    }
    if (!earlier || in_text != 1) continue;
    const EntityMatch pick = *earlier;
    const Mention& first = out[first_of.at(pick.id)];
    m.id = pick.id;
    m.score = pick.score;
    m.alias = pick.alias;
    m.ambiguous = false;
    m.explanation = "named in full before, as '" + first.text + "'; " + m.explanation;
    m.fits.clear();
  }
  // A given name alone (Novak) names the one person of the text with that given name, when
  // the text named them in full before.
  if (!given_alone.empty()) {
    std::unordered_map<std::string, std::unordered_set<std::string>> whose;  // given key -> person IDs
    std::unordered_map<std::string, const Mention*> first;                 // person ID -> first mention
    for (const Mention& m : out) {
      if (!m.id || m.ambiguous || first.count(*m.id) || !aliases_.is_person(*m.id)) continue;
      first.emplace(*m.id, &m);
      for (const std::string_view name : {std::string_view(m.text), std::string_view(m.alias)}) {
        for (const std::string& k : given_(name, false)) whose[k].insert(*m.id);
      }
    }
    std::vector<Mention> more;
    for (const Word& g : given_alone) {
      const std::string_view word = text.substr(g.begin, g.end - g.begin);
      std::unordered_set<std::string> ids;
      for (const std::string& k : given_(word, true)) {
        if (auto it = whose.find(k); it != whose.end()) ids.insert(it->second.begin(), it->second.end());
      }
      if (ids.size() != 1) continue;
      const Mention* earlier = first.at(*ids.begin());
      if (earlier->begin > g.begin) continue;
      Mention m;
      m.begin = g.begin;
      m.end = g.end;
      m.text = std::string(word);
      m.id = earlier->id;
      m.score = earlier->score;
      m.alias = earlier->alias;
      m.gender = earlier->gender;
      m.explanation = "the given name of " + *earlier->id + ", named in full before as '" + earlier->text + "'";
      more.push_back(std::move(m));
    }
    out.insert(out.end(), more.begin(), more.end());
    std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  }
  // Offsets in code points, counted once along the text.
  std::size_t at = 0, chars = 0;
  for (Mention& m : out) {
    chars += code_points(text.substr(at, m.begin - at));
    m.char_begin = chars;
    chars += code_points(text.substr(m.begin, m.end - m.begin));
    m.char_end = chars;
    at = m.end;
  }
  return out;
}

}  // namespace normname::detail
