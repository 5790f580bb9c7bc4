#include "names/cases.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "tables/tsv.hpp"
#include "text/utf8.hpp"

namespace normname::detail {

namespace {

constexpr std::string_view kCasesTable = "morphology/cases.tsv";
// The stem left before an ending that is only dropped: at least this many letters (Ан+а is
// no reading of Ан).
constexpr std::size_t kMinStem = Inflection::kMinStem;

constexpr std::string_view kVocative = "vocative";

struct CaseName {
  std::string_view code, name;
};
constexpr CaseName kCases[] = {{"gen", "genitive"},     {"dat", "dative"},        {"acc", "accusative"},
                               {"ins", "instrumental"}, {"pre", "prepositional"}, {"loc", "locative"},
                               {"voc", kVocative}};

std::u32string lower(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& c : out) c = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
  return out;
}

bool ends_with(std::u32string_view s, std::u32string_view e) {
  return s.size() >= e.size() && s.substr(s.size() - e.size()) == e;
}

// A word of the name: letters (and marks), with what follows it up to the next word.
struct Word {
  std::u32string text, lower;
  std::u32string after;
  bool inert = false;  // an initial or abbreviation (P., г-н): never declined
};

}  // namespace

Inflection::Inflection(const Tables& tables) {
  const std::string* content = tables.find(kCasesTable);
  if (!content) return;  // a table set without it reads no cases
  for (const TsvRow& row : read_tsv(kCasesTable, *content)) {
    const auto& f = row.fields;
    auto fail = [&](std::string_view what) { table_error(kCasesTable, row.line, what); };
    if (f[0] == "consonants") {
      if (f.size() < 3) fail("consonants: expected consonants <TAB> script <TAB> letters");
      for (const std::string& letter : split_spaces(f[2])) {
        const std::u32string l = to_u32(letter);
        if (l.size() != 1) fail("consonants: one letter each");
        consonants_ += l;
      }
      continue;
    }
    if (f[0] == "surname") {
      if (f.size() < 3) fail("surname: expected surname <TAB> language <TAB> endings");
      for (const std::string& e : split_spaces(f[2])) surname_endings_.push_back(lower(to_u32(e)));
      continue;
    }
    if (f[0] == "prepositions") {
      if (f.size() < 3) fail("prepositions: expected prepositions <TAB> language <TAB> words");
      for (const std::string& word : split_spaces(f[2])) prepositions_.push_back(to_u32(word));
      continue;
    }
    if (f.size() < 6) fail("expected: kind <TAB> language <TAB> gender <TAB> cases <TAB> ending <TAB> nominative");
    const std::string_view g = f[2];
    if (g != "m" && g != "f" && g != "mf") fail("gender: m, f or mf");
    const bool male = g != "f", female = g != "m";
    const std::u32string ending = lower(to_u32(f[4]));
    if (f[0] == "fixed") {
      // C (upper case, unlike any letter of an ending): any consonant.
      fixed_.push_back({f[4] == "C" ? std::u32string() : ending, male, female});
      continue;
    }
    if (f[0] != "case") fail("kind: case, fixed or consonants");
    Rule r;
    r.ending = ending;
    r.nominative = f[5] == "-" ? std::u32string() : lower(to_u32(f[5]));
    r.male = male;
    r.female = female;
    r.needs_consonant = f.size() > 6 && f[6] == "C";
    r.needs_vowel = f.size() > 6 && f[6] == "V";
    if (f.size() > 6 && !f[6].empty() && !r.needs_consonant && !r.needs_vowel) fail("needs: C, V or nothing");
    if (r.ending.empty()) fail("an empty ending");
    std::string cases(f[3]);  // gen,acc
    std::replace(cases.begin(), cases.end(), ',', ' ');
    for (const std::string& c : split_spaces(cases)) {
      const auto it = std::find_if(std::begin(kCases), std::end(kCases), [&](const CaseName& k) { return k.code == c; });
      if (it == std::end(kCases)) fail("unknown case '" + c + "' (gen, dat, acc, ins, pre, loc, voc)");
      r.cases.emplace_back(it->name);
    }
    if (r.cases.empty()) fail("a case row needs cases");
    by_last_[r.ending.empty() ? U'\0' : r.ending.back()].push_back(static_cast<std::uint32_t>(rules_.size()));
    rules_.push_back(std::move(r));
  }
  std::sort(consonants_.begin(), consonants_.end());
}

bool Inflection::consonant(char32_t c) const { return std::binary_search(consonants_.begin(), consonants_.end(), c); }

bool Inflection::stays_lower(std::u32string_view lw, Gender g) const {
  if (lw.empty()) return false;
  for (const Fixed& f : fixed_) {
    if ((g == Gender::male && !f.male) || (g == Gender::female && !f.female)) continue;
    if (f.ending.empty() ? consonant(lw.back()) : ends_with(lw, f.ending)) return true;
  }
  return false;
}

std::vector<Inflection::Ending> Inflection::endings() const {
  std::vector<Ending> out;
  for (const Rule& r : rules_) {
    out.push_back({to_utf8(r.ending), to_utf8(r.nominative), r.needs_consonant, r.needs_vowel, r.cases, r.male, r.female});
  }
  return out;
}

bool Inflection::preposition(std::string_view word) const {
  const std::u32string w = to_u32(word);
  return std::find(prepositions_.begin(), prepositions_.end(), w) != prepositions_.end();
}

bool Inflection::surname_like(std::string_view word) const {
  const std::u32string lw = lower(to_u32(word));
  return std::any_of(surname_endings_.begin(), surname_endings_.end(),
                     [&](const std::u32string& e) { return lw.size() >= e.size() + kMinStem && ends_with(lw, e); });
}

bool Inflection::stays(std::string_view word, Gender g) const { return stays_lower(lower(to_u32(word)), g); }

Gender Inflection::nominative_gender(const ParsedName& name) const {
  if (name.gender != Gender::female) return Gender::unknown;
  // A woman's name is read as written when each of its family names is in a woman's
  // nominative form (Ivanova) or one that stays (Stojanović); Petra Ilića is not.
  for (const NamePart& p : name.parts) {
    if (p.role == Role::family && !p.feminine_form && !stays(p.text, Gender::female)) return Gender::unknown;
  }
  return Gender::female;
}

std::vector<CaseReading> Inflection::readings(std::string_view name, const Known& known) const {
  if (rules_.empty()) return {};
  // The name's words.
  std::u32string before;
  std::vector<Word> words;
  {
    const std::u32string all = to_u32(name);
    std::size_t i = 0;
    while (i < all.size() && !u_isalpha(static_cast<UChar32>(all[i]))) before.push_back(all[i++]);
    while (i < all.size()) {
      Word w;
      while (i < all.size() && (u_isalpha(static_cast<UChar32>(all[i])) || u_getCombiningClass(static_cast<UChar32>(all[i])) != 0 ||
                                u_charType(static_cast<UChar32>(all[i])) == U_NON_SPACING_MARK)) {
        w.text.push_back(all[i++]);
      }
      while (i < all.size() && !u_isalpha(static_cast<UChar32>(all[i]))) w.after.push_back(all[i++]);
      w.lower = lower(w.text);
      // Initials and abbreviations (P., г.), and regnal numbers (II): never declined.
      const bool roman = std::all_of(w.text.begin(), w.text.end(), [](char32_t c) { return std::u32string_view(U"IVXLCDM").find(c) != std::u32string_view::npos; });
      w.inert = w.text.size() < 2 || roman || (!w.after.empty() && w.after.front() == U'.');
      words.push_back(std::move(w));
      if (words.size() > kMaxWords) return {};
    }
  }
  // Prepositions before the name (у Београду): left out of every reading, and the rest
  // as written is a reading of its own.
  std::string dropped;
  while (words.size() > 1 && std::find(prepositions_.begin(), prepositions_.end(), words.front().text) != prepositions_.end()) {
    dropped += (dropped.empty() ? "" : " ") + to_utf8(words.front().text);
    words.erase(words.begin());
    before.clear();
  }
  if (words.empty()) return {};

  // Per word, the forms it can be the case form of: (case, gender) -> nominatives, and the
  // readings in the order their rules come in the table.
  using Key = std::pair<std::string, Gender>;
  std::vector<std::map<Key, std::vector<std::u32string>>> forms(words.size());
  std::vector<Key> order;
  for (std::size_t w = 0; w < words.size(); ++w) {
    if (words[w].inert) continue;
    const std::u32string& lw = words[w].lower;
    // The rules whose ending can fit: those of its last letter, and any with no ending, in
    // table order.
    const auto own = lw.empty() ? by_last_.end() : by_last_.find(lw.back());
    const auto any = by_last_.find(U'\0');
    static const std::vector<std::uint32_t> kNone;
    const auto& mine = own == by_last_.end() ? kNone : own->second;
    const auto& every = any == by_last_.end() ? kNone : any->second;
    std::vector<std::uint32_t> merged;
    if (!every.empty()) std::merge(mine.begin(), mine.end(), every.begin(), every.end(), std::back_inserter(merged));
    for (const std::uint32_t ri : every.empty() ? mine : merged) {
      const Rule& r = rules_[ri];
      // A rule that writes a nominative ending may leave one letter (Л+ьва = Л+ев).
      if (!ends_with(lw, r.ending) || lw.size() < r.ending.size() + (r.nominative.empty() ? kMinStem : 1)) continue;
      const std::size_t stem = lw.size() - r.ending.size();
      if (r.needs_consonant && !consonant(lw[stem - 1])) continue;
      if (r.needs_vowel && (consonant(lw[stem - 1]) || !u_isalpha(static_cast<UChar32>(lw[stem - 1])))) continue;
      // Upper-case words keep their case: ВУЧИЋА is ВУЧИЋ.
      const bool upper = std::all_of(words[w].text.begin(), words[w].text.end(),
                                     [](char32_t c) { return !u_islower(static_cast<UChar32>(c)); });
      std::u32string nominative = r.nominative;
      if (upper) {
        for (char32_t& c : nominative) c = static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
      }
      const std::u32string lemma = words[w].text.substr(0, stem) + nominative;
      for (const std::string& c : r.cases) {
        for (Gender g : {Gender::male, Gender::female}) {
          if ((g == Gender::male && !r.male) || (g == Gender::female && !r.female)) continue;
          auto& list = forms[w][{c, g}];
          if (std::find(list.begin(), list.end(), lemma) == list.end()) list.push_back(lemma);
          if (std::find(order.begin(), order.end(), Key{c, g}) == order.end()) order.push_back({c, g});
        }
      }
    }
  }
  auto stays = [&](const Word& w, Gender g) { return w.inert || stays_lower(w.lower, g); };

  std::vector<CaseReading> out;
  if (!dropped.empty()) {
    CaseReading r;
    std::u32string text;
    for (const Word& w : words) text += w.text + w.after;
    r.text = to_utf8(text);
    r.grammatical_case = "as written";
    r.after_preposition = true;
    r.changed = "'" + dropped + "' left out";
    for (const Word& w : words) r.lemmas.push_back(to_utf8(w.text));
    out.push_back(std::move(r));
  }
  auto emit = [&](const Key& key, const std::vector<const std::u32string*>& pick) {
    CaseReading r;
    r.after_preposition = !dropped.empty();
    r.grammatical_case = key.first;
    r.gender = key.second;
    std::u32string text = before;
    for (std::size_t w = 0; w < words.size(); ++w) {
      text += *pick[w] + words[w].after;
      if (*pick[w] != words[w].text) {
        if (!r.changed.empty()) r.changed += ", ";
        r.changed += to_utf8(words[w].text) + " = " + to_utf8(*pick[w]);
        r.lemmas.push_back(to_utf8(*pick[w]));
      }
    }
    if (r.changed.empty()) return;
    if (!dropped.empty()) r.changed = "'" + dropped + "' left out, " + r.changed;
    r.text = to_utf8(text);
    // One text in several cases (Вучића: genitive and accusative) is one reading.
    auto same = std::find_if(out.begin(), out.end(), [&](const CaseReading& o) { return o.text == r.text && o.gender == r.gender; });
    if (same != out.end()) {
      if (same->grammatical_case.find(r.grammatical_case) == std::string::npos) same->grammatical_case += " or " + r.grammatical_case;
    } else if (out.size() < kMaxReadings) {
      out.push_back(std::move(r));
    }
  };
  for (const Key& key : order) {
    // Each word's choices in this case and gender, likeliest first: a form that is a name
    // (`known`), then the other forms, then the word itself where it stays. The rules
    // propose many forms of one word (Анну: Анна, Анн, Анно); a reading takes each word's
    // first choice, and one more reading per word with a second name among its forms
    // (Белого: Белой, Белый) or that may stay (Шойгу: Шойг, or Шойгу as written).
    std::vector<std::vector<const std::u32string*>> choices(words.size());
    bool possible = true;
    for (std::size_t w = 0; w < words.size() && possible; ++w) {
      const auto it = forms[w].find(key);
      std::vector<const std::u32string*> named, other;
      if (it != forms[w].end()) {
        for (const std::u32string& f : it->second) (known && known(to_utf8(f)) ? named : other).push_back(&f);
      }
      auto& c = choices[w];
      c = named;
      c.insert(c.end(), other.begin(), other.end());
      if (stays(words[w], key.second)) c.push_back(&words[w].text);
      possible = !c.empty();
    }
    if (!possible) continue;
    std::vector<const std::u32string*> pick(words.size());
    for (std::size_t w = 0; w < words.size(); ++w) pick[w] = choices[w].front();
    emit(key, pick);
    for (std::size_t w = 0; w < words.size(); ++w) {
      for (std::size_t k = 1; k < choices[w].size(); ++k) {
        // The next name among its forms, or the word as it stands (Шойгу, not Шойг).
        if (!(known && known(to_utf8(*choices[w][k]))) && choices[w][k] != &words[w].text) continue;
        std::vector<const std::u32string*> alt = pick;
        alt[w] = choices[w][k];
        emit(key, alt);
        break;
      }
    }
  }
  return out;
}

bool Inflection::vocative_only(const CaseReading& r) { return r.grammatical_case == kVocative; }

}  // namespace normname::detail
