#include "tag/tagger.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

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
#include "text/utf8.hpp"

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
// Cyrillic letters (U+0400..U+052F) begin with the bytes D0..D4 in UTF-8.
bool is_cyrillic(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0xD0 && b <= 0xD4;
  });
}
// What a key's last letter is, for the endings that need a consonant or a vowel before them.
bool key_vowel(char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; }
}  // namespace

Tagger::Tagger(const AliasIndex& aliases, const NameParser& parser, const Inflection& inflection,
               const Skeleton& skeleton, KeyFn key, ResolveFn resolve, GenderFn gender, GivenFn given, ExactFn exact)
    : aliases_(aliases),
      parser_(parser),
      inflection_(inflection),
      skeleton_(skeleton),
      key_(std::move(key)),
      resolve_(std::move(resolve)),
      gender_(std::move(gender)),
      given_(std::move(given)),
      exact_(std::move(exact)) {
  // The case endings, as the keys write them: a word's case form is its key with one ending
  // in place of another (Вучић: vucic; Вучића: vucica), so a word of a text in any script is
  // read back by its key. An ending is romanized after a consonant, as it is written in a
  // word (BGN writes е at the start of a word ye, after a consonant e), and a Cyrillic one
  // as Serbian and as Russian words romanize (ц: c, ts), after a letter only that language
  // has, so that the key takes the word for one of that language.
  auto ending_key = [&](const std::string& pre, const std::string& e) -> std::optional<std::string> {
    if (e.empty()) return std::string();
    const std::string head = key_(pre), k = key_(pre + e);
    if (head.empty() || !k.starts_with(head) || k.find(' ') != std::string::npos) return std::nullopt;
    return k.substr(head.size());
  };
  auto case_bit = [&](const std::string& c) {
    auto it = std::find(case_list_.begin(), case_list_.end(), c);
    if (it == case_list_.end()) it = case_list_.insert(case_list_.end(), c);
    return static_cast<std::uint8_t>(2u << (it - case_list_.begin()));
  };
  for (const Inflection::Ending& e : inflection.endings()) {
    std::uint8_t cases = 0;
    for (const std::string& c : e.cases) cases |= case_bit(c);
    const std::uint8_t genders = static_cast<std::uint8_t>((e.male ? kMale : 0) | (e.female ? kFemale : 0));
    const bool cyrillic = is_cyrillic(e.form);
    static const std::vector<std::string> kCyrillicBefore{"ђ", "щ", "б"}, kLatinBefore{"b"};
    for (const std::string& pre : cyrillic ? kCyrillicBefore : kLatinBefore) {
      const auto form = ending_key(pre, e.form), nominative = ending_key(pre, e.nominative);
      if (!form || !nominative || form->empty() || *form == *nominative) continue;
      // One ending in key space for rows of one script that romanize alike.
      auto same = std::find_if(endings_.begin(), endings_.end(), [&](const KeyEnding& k) {
        return k.form == *form && k.nominative == *nominative && k.needs_consonant == e.needs_consonant &&
               k.needs_vowel == e.needs_vowel && k.cyrillic == cyrillic;
      });
      if (same != endings_.end()) {
        same->cases |= cases;
        same->genders |= genders;
      } else {
        endings_.push_back({*nominative, *form, e.needs_consonant, e.needs_vowel, cases, genders, cyrillic});
      }
    }
  }

  // Words are gathered by key first and skeletonized once each: a table of a million aliases
  // has far fewer distinct words. Names are read in place from the index (no allocation
  // per alias but for what is new).
  std::unordered_map<std::string, std::uint8_t, Hash, std::equal_to<>> word_flags;  // key word -> flags
  std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>> word_people;  // family key word
  constexpr std::uint32_t kNotPerson = 0xFFFFFFFFu;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> entity;  // ID -> people_, or kNotPerson
  std::vector<std::vector<std::string>> family_words;                           // per person: its family key words
  auto each_word = [](std::string_view key, auto&& f) {
    for (std::size_t i = 0; i < key.size();) {
      const std::size_t sp = std::min(key.find(' ', i), key.size());
      if (sp > i) f(key.substr(i, sp - i));
      i = sp + 1;
    }
  };
  auto flag = [&](std::string_view w, std::uint8_t f) {
    if (auto it = word_flags.find(w); it != word_flags.end()) {
      it->second |= f;
    } else {
      word_flags.emplace(std::string(w), f);
    }
  };
  std::string run;
  aliases.for_each_parts([&](std::string_view id, const AliasIndex::AliasParts& name) {
    auto at = entity.find(id);
    if (at == entity.end()) {
      at = entity.emplace(std::string(id), kNotPerson).first;
      if (aliases.is_person(id)) {
        at->second = static_cast<std::uint32_t>(people_.size());
        Person p;
        p.id = std::string(id);
        for (const auto& [role, tk] : name.parts) p.alias += (p.alias.empty() ? "" : " ") + std::string(tk.first);
        p.gender = name.gender;
        people_.push_back(std::move(p));
        family_words.emplace_back();
      }
    }
    const std::uint32_t who = at->second;
    const bool is_person = who != kNotPerson;
    std::size_t words = 0;
    run.clear();
    for (const auto& [role, tk] : name.parts) {
      if (role == Role::title || role == Role::suffix) continue;
      each_word(tk.second, [&](std::string_view w) {
        ++words;
        run += w;
      });
    }
    if (is_person && people_[who].gender == Gender::unknown) people_[who].gender = name.gender;
    for (const auto& [role, tk] : name.parts) {
      if (role == Role::title || role == Role::suffix) continue;
      // A person's given name alone names nobody; a family name, a patronymic, a place's
      // every word, and a name of one word (Porfirije) can.
      const bool family = role == Role::family || role == Role::patronymic;
      const bool anchor = !is_person || words == 1 || family;
      const std::uint8_t f =
          static_cast<std::uint8_t>(kNameWord | kBase | (anchor ? kAnchor : 0) | (is_person ? kPerson : kPlace));
      each_word(tk.second, [&](std::string_view w) {
        flag(w, f);
        // Who has this family name: a family name alone fits them (not a name of one word,
        // which names its one person in full).
        if (!is_person || !family || words < 2) return;
        auto& mine = family_words[who];
        if (std::find(mine.begin(), mine.end(), w) != mine.end()) return;
        mine.emplace_back(w);
        auto it = word_people.find(w);
        if (it == word_people.end()) it = word_people.emplace(std::string(w), std::vector<std::uint32_t>{}).first;
        it->second.push_back(who);
      });
    }
    // A place's words may be written as one (Banja Luka, Banjaluka).
    if (!is_person && words > 1) flag(run, kNameWord | kBase | kAnchor | kPlace);
  });
  std::unordered_map<std::string, std::string> skeleton_of;  // key word -> skeleton
  for (const auto& [w, f] : word_flags) {
    const std::string sk = skeleton_(w);
    lexicon_[sk] |= f;
    skeleton_of.emplace(w, sk);
  }
  for (auto& [w, who] : word_people) {
    auto& list = families_[skeleton_of.at(w)];
    list.insert(list.end(), who.begin(), who.end());
  }
  for (std::uint32_t i = 0; i < people_.size(); ++i) {
    for (const std::string& w : family_words[i]) people_[i].families.push_back(skeleton_of.at(w));
    person_index_.emplace(people_[i].id, i);
  }
  // Given names and titles (their case forms are read back like a name's: Аной, predsednika).
  parser.for_each_given([&](const std::string& sk) { lexicon_[sk] |= kGiven; });
  parser.for_each_title([&](const std::string& k) {
    if (k.find(' ') == std::string::npos) lexicon_[skeleton_(k)] |= kTitle;
  });
}

// The nominatives a word can be the case form of, by its key: the word itself (any case
// where it stays as it is: a woman's Brnabić, Шойгу), and the key with each ending read back.
std::vector<Tagger::Link> Tagger::links(std::string_view word) const {
  std::vector<Link> out;
  const std::string k = key_(word);
  const std::vector<std::string> parts = split_spaces(k);
  constexpr std::uint8_t kAllCases = 0xFF;
  const bool cyrillic = is_cyrillic(word);
  for (const std::string& part : parts) {
    // A hyphenated word's parts (Санкт-Петербурге) are read each on its own.
    const std::string_view surface = parts.size() == 1 ? word : std::string_view(part);
    auto add = [&](std::string base, std::uint8_t cases, std::uint8_t genders) {
      if (auto it = lexicon_.find(skeleton_(base)); it != lexicon_.end()) {
        out.push_back({std::move(base), it->second, cases, genders});
      }
    };
    add(part, kNominative, kMale | kFemale);
    if (inflection_.stays(surface, Gender::male)) add(part, kAllCases, kMale);
    if (inflection_.stays(surface, Gender::female)) add(part, kAllCases, kFemale);
    for (const KeyEnding& r : endings_) {
      if (r.cyrillic != cyrillic) continue;
      // As the rules read: an ending that replaces one may leave one letter (Л+ев, Л+ьва).
      const std::size_t min_stem = r.nominative.empty() ? Inflection::kMinStem : 1;
      if (part.size() < r.form.size() + min_stem || !part.ends_with(r.form)) continue;
      const std::string_view stem = std::string_view(part).substr(0, part.size() - r.form.size());
      if ((r.needs_consonant && key_vowel(stem.back())) || (r.needs_vowel && !key_vowel(stem.back()))) continue;
      add(std::string(stem) + r.nominative, r.cases, r.genders);
    }
    if (parts.size() > 1) {
      // The parts of one word are one name word: a marker between them (see fast()).
      out.push_back({std::string(), 0, 0, 0});
    }
  }
  if (parts.size() > 1 && !out.empty()) out.pop_back();
  return out;
}

bool Tagger::known_word(std::string_view word) const {
  for (const std::string& w : split_spaces(key_(word))) {
    if (auto it = lexicon_.find(skeleton_(w)); it != lexicon_.end() && (it->second & kBase)) return true;
  }
  return false;
}

// What a word is: a word of an entity's name or a case form of one (Вучићем, Путину), a
// given name, a title (predsednika), by a few look-ups of skeletons. Kept per word as
// written.
std::uint8_t Tagger::analyse(std::string_view word) const { return analysis(word)->flags; }

std::shared_ptr<const Tagger::Analysis> Tagger::analysis(std::string_view word) const {
  return words_.get(word, [&] {
    auto a = std::make_shared<Analysis>();
    a->links = links(word);
    for (const Link& l : a->links) a->flags |= l.flags;
    a->flags |= kAnalysed;
    return std::shared_ptr<const Analysis>(std::move(a));
  });
}

std::string Tagger::case_names(std::uint8_t cases) const {
  std::string out;
  for (std::size_t i = 0; i < case_list_.size(); ++i) {
    if (cases & (2u << i)) out += (out.empty() ? "" : " or ") + case_list_[i];
  }
  return out;
}

// A mention found by key, without comparing it with aliases: its words read back to the
// nominative in one case and gender and spelled as a name of one entity (Петра Илића:
// petar ilic), or a family name alone, which fits the people of that family name. nullopt:
// resolve decides.
std::optional<Resolution> Tagger::fast(std::string_view text, const std::vector<Word>& words, std::size_t from,
                                       std::size_t to, std::vector<std::string>& families) const {
  // The name words, each with its readings; titles are left out (they are not compared).
  std::vector<std::vector<Link>> name;
  for (std::size_t i = from; i < to; ++i) {
    if (words[i].flags & kTitle) {
      if (name.empty()) continue;
      return std::nullopt;
    }
    if (words[i].initial) return std::nullopt;
    const auto a = analysis(text.substr(words[i].begin, words[i].end - words[i].begin));
    // A hyphenated word is its parts, in order.
    std::vector<Link> part;
    for (const Link& l : a->links) {
      if (l.base.empty()) {
        name.push_back(std::move(part));
        part.clear();
      } else {
        part.push_back(l);
      }
    }
    name.push_back(std::move(part));
  }
  if (name.empty() || std::any_of(name.begin(), name.end(), [](const auto& v) { return v.empty(); })) return std::nullopt;
  // Every reading of the whole, all its words in one case and gender, up to kMaxCombinations.
  std::optional<Resolution> found;
  std::uint8_t found_cases = 0;
  std::size_t tried = 0;
  std::vector<std::size_t> pick(name.size(), 0);
  while (tried < kMaxCombinations) {
    std::uint8_t cases = 0xFF, genders = kMale | kFemale;
    std::string key;
    for (std::size_t w = 0; w < name.size(); ++w) {
      const Link& l = name[w][pick[w]];
      cases &= l.cases;
      genders &= l.genders;
      key += (w ? " " : "") + l.base;
    }
    // Not in one case and gender: no reading.
    if (cases && genders) {
      ++tried;
      if (auto e = exact_(key)) {
        const Gender g = genders == kMale ? Gender::male : genders == kFemale ? Gender::female : Gender::unknown;
        const auto who = person_index_.find(*e->id);
        const Gender theirs = who == person_index_.end() ? Gender::unknown : people_[who->second].gender;
        if (g == Gender::unknown || theirs == Gender::unknown || theirs == g) {
          if (found && found->id != e->id) return std::nullopt;  // two entities: resolve says
          if (found && !(cases & kNominative) && found->grammatical_case.size()) {
            // The same name in another case too (Moskvi: dative or locative).
            found_cases |= cases;
            found->grammatical_case = case_names(found_cases);
          }
          if (!found && (cases & kNominative)) {
            found = std::move(e);  // as written
          } else if (!found) {
            found = std::move(e);
            found->score *= Inflection::kDeclinedWeight;
            found_cases = cases;
            found->grammatical_case = case_names(cases);
            found->gender = g;
            found->reading = found->grammatical_case + (g == Gender::unknown ? "" : ", " + std::string(to_string(g))) +
                             ": " + key;
            found->explanation = "read as " + found->reading + " (by key); " + found->explanation;
          }
        }
      }
    }
    // The next combination.
    std::size_t w = 0;
    while (w < name.size() && ++pick[w] == name[w].size()) pick[w++] = 0;
    if (w == name.size()) break;
  }
  if (found || name.size() != 1) return found;
  // A family name alone: the people of that family name, in each reading of its gender.
  Resolution r;
  std::vector<const Link*> used;
  std::size_t more = 0;
  for (const Link& l : name.front()) {
    if (!(l.flags & kPerson) || !(l.flags & kAnchor)) continue;
    const std::string sk = skeleton_(l.base);
    const auto it = families_.find(sk);
    if (it == families_.end()) continue;
    families.push_back(sk);
    for (std::uint32_t who : it->second) {
      const Person& p = people_[who];
      const bool male = p.gender != Gender::female, female = p.gender != Gender::male;
      if (!((male && (l.genders & kMale)) || (female && (l.genders & kFemale)))) continue;
      if (std::any_of(r.fits.begin(), r.fits.end(), [&](const EntityMatch& m) { return m.id == p.id; })) continue;
      if (r.fits.size() == kMaxFits) {
        ++more;
        continue;
      }
      r.fits.push_back({p.id, p.alias, l.cases == kNominative ? 1.0 : Inflection::kDeclinedWeight});
      used.push_back(&l);
    }
  }
  // A family of the tables whose people are all of the other gender: no reading fits, and
  // resolve would only compare it again (Малнарићем: a man's form; she is Малнарић).
  if (r.fits.empty()) return families.empty() ? std::nullopt : std::optional<Resolution>(Resolution{});
  r.ambiguous = true;
  std::string ids;
  for (const EntityMatch& e : r.fits) ids += (ids.empty() ? "" : ", ") + e.id + " ('" + e.alias + "')";
  r.explanation = "a family name alone fits " + ids + (more ? " and " + std::to_string(more) + " more" : "");
  const std::uint8_t g = used.front()->genders;
  r.gender = g == kMale ? Gender::male : g == kFemale ? Gender::female : Gender::unknown;
  if (used.front()->cases != kNominative) {
    r.grammatical_case = case_names(used.front()->cases & ~kNominative);
    r.reading = r.grammatical_case + ": " + used.front()->base;
  }
  return r;
}

bool Tagger::person(const std::optional<std::string>& id, const std::vector<EntityMatch>& fits) const {
  if (id) return aliases_.is_person(*id);
  return !fits.empty() && aliases_.is_person(fits.front().id);
}

// Resolves the words [from, to) of `text` as one name; a fit is a mention.
bool Tagger::try_span(std::string_view text, const std::vector<Word>& words, std::size_t from, std::size_t to,
                      bool allow_person, Found& out) const {
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
  const auto cached = runs_.get(span, [&] {
    auto q = std::make_shared<Quick>();
    q->resolution = fast(text, words, from, to, q->families);
    return std::shared_ptr<const Quick>(std::move(q));
  });
  std::vector<std::string> families = cached->families;
  std::optional<Resolution> quick = cached->resolution;
  Resolution r = quick ? std::move(*quick) : resolve_(span, declined);
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
    // Found by key, the title was no part of it.
    if (quick) return false;
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
  if (!families.empty() && m.ambiguous) out.families.emplace(m.begin, std::move(families));
  out.mentions.push_back(std::move(m));
  return true;
}

// The longest part of the run [from, to) that fits an entity is a mention (leftmost first
// among equals); the words on each side of it are tried again.
void Tagger::resolve_run(std::string_view text, const std::vector<Word>& words, std::size_t from, std::size_t to,
                         Found& out) const {
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
  Found found;
  std::vector<Mention>& out = found.mentions;
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
      if (s < j) resolve_run(text, words, s, j, found);
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
    char32_t cp = 0;
    const std::size_t first = next_code_point(text, w.begin, cp);
    const auto c = static_cast<UChar32>(cp);
    w.upper = u_isupper(c) || u_istitle(c);
    if (w.upper && first == w.end - w.begin && w.end < text.size() &&
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
  // The people named in the text, by each of their family names' skeletons.
  std::unordered_map<std::string, std::unordered_set<std::string>> named_by_family;
  for (const std::string& id : named) {
    if (const auto it = person_index_.find(id); it != person_index_.end()) {
      for (const std::string& f : people_[it->second].families) named_by_family[f].insert(id);
    }
  }
  std::unordered_set<std::string> before;
  for (Mention& m : out) {
    if (m.id) {
      before.insert(*m.id);
      continue;
    }
    std::optional<EntityMatch> pick;
    if (const auto fam = found.families.find(m.begin); fam != found.families.end()) {
      // Read as a family name: the people of the text with that family name.
      std::unordered_set<std::string> in_text;
      for (const std::string& f : fam->second) {
        if (const auto it = named_by_family.find(f); it != named_by_family.end()) in_text.insert(it->second.begin(), it->second.end());
      }
      if (in_text.size() == 1 && before.count(*in_text.begin())) {
        const std::string& id = *in_text.begin();
        const Mention& full = out[first_of.at(id)];
        const double score = m.fits.empty() ? Inflection::kDeclinedWeight : m.fits.front().score;
        pick = EntityMatch{id, full.alias, score};
      }
    } else {
      const EntityMatch* earlier = nullptr;
      std::size_t in_text = 0;
      for (const EntityMatch& f : m.fits) {
        if (named.count(f.id)) ++in_text;
        if (before.count(f.id)) earlier = &f;
      }
      if (earlier && in_text == 1) pick = *earlier;
    }
    if (!pick) continue;
    const Mention& first = out[first_of.at(pick->id)];
    m.id = pick->id;
    m.score = pick->score;
    m.alias = pick->alias;
    m.ambiguous = false;
    if (m.gender == Gender::unknown) m.gender = first.gender;  // the person's, as named in full
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
    chars += count_code_points(text.substr(at, m.begin - at));
    m.char_begin = chars;
    chars += count_code_points(text.substr(m.begin, m.end - m.begin));
    m.char_end = chars;
    at = m.end;
  }
  return out;
}

}  // namespace normname::detail
