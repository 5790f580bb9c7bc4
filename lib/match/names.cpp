// Matching two parsed names part by part, with the reason for each part.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string_view>
#include <vector>

#include "match/matcher.hpp"
#include "names/parser.hpp"

namespace normname::detail {

namespace {

// How much each kind of agreement is worth. A name's score is the product over its parts,
// so one weak agreement lowers it and a conflict (veto) caps it below any threshold.
struct Weights {
  double same_spelling = 1.0;
  double transliteration = 0.98;  // equal skeletons, different keys (Khazina, Hazina)
  double gender_form = 0.95;      // Kalashnikova ~ Kalashnikov
  double near_spelling = 0.88;    // one letter apart as tables/keys/letter-variants.tsv allows
  double name_class = 0.95;       // Pyotr ~ Peter ~ Petar
  double diminutive = 0.9;        // Katya ~ Yekaterina
  double language_fold = 0.95;    // Калеснікава ~ Колесникова (tables/keys/language-folds.tsv)
  double initial = 0.9;           // P. ~ Pyotr
  double given_missing = 0.88;    // Vucic ~ Aleksandar Vucic
  double family_missing = 0.8;    // John ~ John Smith: a given name alone is weak evidence
  double no_evidence = 0.5;       // no part agreed, none conflicted (Smith, John)
  double suffix_missing = 0.9;    // Nicholas ~ Nicholas II
  double veto = 0.2;              // Pyotr ~ Pavel, Ivanov ~ Ivanovsky, I ~ II
  double learned = 0.9;           // Froese ~ Фрезе by the learned model (tables/translit/learned)
  // The learned model's chance (NameParser::learned_chance) from which it is evidence: the
  // Cyrillic word is among the readings the model would give the Latin one, not a word one
  // or two letters from them (docs/matching.md, "Learned transliteration", measures it).
  double learned_min_chance = 0.03;
};
constexpr Weights kW;
std::vector<const NamePart*> parts_of(const ParsedName& n, Role r) {
  std::vector<const NamePart*> out;
  for (const auto& p : n.parts) {
    if (p.role == r) out.push_back(&p);
  }
  return out;
}

std::string join_text(const std::vector<const NamePart*>& v) {
  std::string s;
  for (auto* p : v) s += (s.empty() ? "" : " ") + p->text;
  return s;
}

std::string join_skeleton(const std::vector<const NamePart*>& v) {
  std::string s;
  for (auto* p : v) s += (s.empty() ? "" : " ") + p->skeleton;
  return s;
}

// Every skeleton of a run of parts: the main one, then one per variant convention where any
// part reads differently in it (Jukov: "ukov", and "zukov" in French).
std::vector<std::string> skeletons_of(const std::vector<const NamePart*>& v) {
  std::vector<std::string> out{join_skeleton(v)};
  std::size_t conventions = 0;
  for (auto* p : v) conventions = std::max(conventions, p->variant_skeletons.size());
  for (std::size_t c = 0; c < conventions; ++c) {
    std::string s;
    bool any = false;
    for (auto* p : v) {
      const bool has = c < p->variant_skeletons.size() && !p->variant_skeletons[c].empty();
      any = any || has;
      s += (s.empty() ? "" : " ") + (has ? p->variant_skeletons[c] : p->skeleton);
    }
    if (any) out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> skeletons_of(const NamePart& p) { return skeletons_of(std::vector<const NamePart*>{&p}); }

// Qualified: inside this namespace the NamePart overload hides the one in matcher.hpp.
bool same_skeleton(const NamePart& a, const NamePart& b) { return detail::same_skeleton(skeletons_of(a), skeletons_of(b)); }

// An initial agrees with a name when its letter can begin the name in some romanization:
// the first letter of the name's key or skeleton, or one the initials table puts with it
// (Y. for Юрий, Iurii; K. for Хабиб, Habib).
bool initial_agrees(const NamePart& initial, const NamePart& name, const NameParser& parser) {
  if (initial.key.empty()) return false;
  for (char n : {name.key.empty() ? '\0' : name.key[0], name.skeleton.empty() ? '\0' : name.skeleton[0]}) {
    if (n && parser.initials_agree(initial.key[0], n)) return true;
  }
  return false;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Whether a part is written in Cyrillic (its first letter's lead byte is in U+0400-U+052F).
bool cyrillic(const NamePart& p) {
  for (unsigned char c : p.text) {
    if (c >= 0xD0 && c <= 0xD4) return true;
    if (c >= 0x80 || std::isalpha(c)) return false;
  }
  return false;
}

// Skeletons of equal length that differ in one place, by letters that
// tables/keys/letter-variants.tsv lets vary between these two spellings: ё written o
// (Хрущёв, Hruščov), English a as э (David, Дэвид), Serbian vocalized l (Београд, Белград).
// A variant reading is already a looser one, so between variant skeletons too only those
// pairs count.
template <class In>
bool one_letter_apart(std::string_view a, std::string_view b, const Skeleton& sk, bool across, In&& in) {
  if (a.size() != b.size()) return false;
  std::size_t diffs = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (++diffs > 1 || !sk.letters_vary(a[i], b[i], across, in)) return false;
  }
  return diffs == 1;
}

bool one_letter_apart(const std::vector<std::string>& a, const NamePart& pa, const std::vector<std::string>& b,
                      const NamePart& pb, const Skeleton& sk) {
  // A language counts when either spelling is written in it (Харків: uk).
  auto in = [&](std::string_view lang) {
    for (const NamePart* p : {&pa, &pb}) {
      if (p->lang == lang || std::find(p->languages.begin(), p->languages.end(), lang) != p->languages.end()) return true;
    }
    return false;
  };
  const bool across = cyrillic(pa) != cyrillic(pb);
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (one_letter_apart(x, y, sk, across, in)) return true;
    }
  }
  return false;
}

// How two spellings of one part agree, if they do.
// True when a and b are at most `cap` edits apart (Levenshtein, rows cut at the cap: keys
// are capped in length, see kMaxNameBytes).
bool edit_distance_at_most(std::string_view a, std::string_view b, std::size_t cap) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > cap) return false;
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t best = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      best = std::min(best, cur[j]);
    }
    if (best > cap) return false;
    std::swap(prev, cur);
  }
  return prev[b.size()] <= cap;
}

enum class Spelling { none, same, transliteration, fold, letter, learned };

// Family names that agree once the spelling habits of a language one of them may be
// written in, and the other may not, are folded on both (Belarusian akanye: Калеснікава =
// Колесникова): "same name in be spelling", or "" when they do not.
std::string language_fold(const NamePart& a, std::string_view sa, const NamePart& b, std::string_view sb,
                          const NameParser& parser) {
  for (const NamePart* p : {&a, &b}) {
    const NamePart* other = p == &a ? &b : &a;
    for (const std::string& lang : p->languages) {  // Пратасевіч is Ukrainian by its letters too
      // Only across orthographies: Сазонов and Созонов could both be Belarusian, so their
      // a/o difference is a difference, not akanye.
      if (std::find(other->languages.begin(), other->languages.end(), lang) != other->languages.end()) continue;
      const std::string fa = parser.skeleton().fold(sa, lang);
      if (!fa.empty() && fa == parser.skeleton().fold(sb, lang)) return "same name in " + lang + " spelling";
    }
  }
  return {};
}

// Two spellings of one part (a family name, or a given name outside the name tables):
// equal skeletons, a language's spelling folds, or one letter apart as the letter table allows.
// `loose`: also the folds and letter variations, else equal skeletons only.
Spelling compare_spellings(const std::vector<const NamePart*>& pa, const std::vector<const NamePart*>& pb,
                           const NameParser& parser, std::string* fold_how, bool loose = true) {
  const std::vector<std::string> ka = skeletons_of(pa), kb = skeletons_of(pb);
  if (detail::same_skeleton(ka, kb)) {
    return pa[0]->key == pb[0]->key ? Spelling::same : Spelling::transliteration;
  }
  if (!loose) return Spelling::none;
  if (std::string how = language_fold(*pa[0], ka.front(), *pb[0], kb.front(), parser); !how.empty()) {
    if (fold_how) *fold_how = std::move(how);
    return Spelling::fold;
  }
  if (one_letter_apart(ka, *pa[0], kb, *pb[0], parser.skeleton())) return Spelling::letter;
  // A Latin and a Cyrillic word no rule relates: the learned model's chance that they are
  // one name (a German or Japanese name as Russian Wikipedia writes it; -1 where it cannot
  // say). Asked only of words whose keys are at most half their length apart
  // (Schwarzenegger, shvartsenegger: 4 of 14): reading a word costs a beam search, and a
  // registry's blocks put many unrelated words side by side.
  if (pa.size() != 1 || pb.size() != 1 || cyrillic(*pa[0]) == cyrillic(*pb[0]) ||
      !edit_distance_at_most(pa[0]->key, pb[0]->key, std::max(pa[0]->key.size(), pb[0]->key.size()) / 2)) {
    return Spelling::none;
  }
  const double p = parser.learned_chance(*pa[0], *pb[0], kW.learned_min_chance);
  if (p < kW.learned_min_chance) return Spelling::none;
  if (fold_how) {
    char chance[16];
    std::snprintf(chance, sizeof chance, "%.2f", p);
    *fold_how = std::string("learned: ") + pa[0]->text + " ~ " + pb[0]->text + " (p=" + chance + ")";
  }
  return Spelling::learned;
}

}  // namespace

bool same_skeleton(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) != b.end()) return true;
  }
  return false;
}

namespace {
std::size_t name_words(const ParsedName& n) {
  return static_cast<std::size_t>(std::count_if(n.parts.begin(), n.parts.end(), [](const NamePart& p) {
    return p.role != Role::title && p.role != Role::suffix;
  }));
}
template <class Name>
auto* only_word(Name& n) {
  for (auto& p : n.parts) {
    if (p.role != Role::title && p.role != Role::suffix) return &p;
  }
  return static_cast<decltype(&n.parts.front())>(nullptr);
}
}  // namespace

Match match_names(const ParsedName& a, const ParsedName& b, const NameParser& parser, const MatchOptions& opts,
                  PartTally* tally, const std::vector<std::string>* joined_a, const std::vector<std::string>* joined_b,
                  bool explain) {
  PartTally local;
  PartTally& t = tally ? *tally : local;
  Match m;
  // Nothing is never evidence: an empty or invisible name is the same as no other.
  if (name_words(a) == 0 || name_words(b) == 0) {
    if (explain) m.explanation = "nothing to compare: one side has no name";
    return m;
  }
  // One word each: whether a lone word is a given or a family name is the parser's guess
  // (a known given name, or not), and a guess must not decide; the two words are compared
  // as given names are, by the name tables or else by their spelling (Smith / Иван differ,
  // David = Дэвид).
  if (name_words(a) == 1 && name_words(b) == 1) {
    const NamePart* wa = only_word(a);
    const NamePart* wb = only_word(b);
    if (wa->role != wb->role && wa->role != Role::initial && wb->role != Role::initial) {
      ParsedName a1 = a, b1 = b;
      for (ParsedName* n : {&a1, &b1}) {
        NamePart* w = only_word(*n);
        if (w->role == Role::family && w->feminine_form) continue;  // Smirnova stays a family name
        w->role = Role::given;
      }
      if (only_word(a1)->role == only_word(b1)->role) {
        return match_names(a1, b1, parser, opts, tally, joined_a, joined_b, explain);
      }
    }
  }
  double score = 1.0;
  bool veto = false;
  bool suffix_veto = false;
  int evidence = 0;  // parts that agreed: a verdict of same needs one
  std::vector<std::string> why;
  // The reasons are built only when asked for: resolve compares a name with many aliases and
  // explains only the one it reports, and the strings cost more than the comparison.
  auto note = [&](auto&& make) {
    if (explain) why.push_back(make());
  };

  // Family names: equal skeletons (after the masculine base), a language's spelling, or one
  // letter apart as tables/keys/letter-variants.tsv allows.
  auto fa = parts_of(a, Role::family), fb = parts_of(b, Role::family);
  if (!fa.empty() && !fb.empty()) {
    auto ta = [&] { return join_text(fa); };
    auto tb = [&] { return join_text(fb); };
    const bool fem = fa[0]->feminine_form != fb[0]->feminine_form;
    std::string fold_how;
    const Spelling sp = compare_spellings(fa, fb, parser, &fold_how);
    if (sp == Spelling::same || sp == Spelling::transliteration) {
      double w = sp == Spelling::same ? kW.same_spelling : kW.transliteration;
      if (fem) w = std::min(w, kW.gender_form);
      score *= w;
      ++t.agree;
      ++evidence;
      note([&] {
        const std::string how = fem                          ? "same family name, one in its feminine form"
                                : sp == Spelling::transliteration ? "transliteration variant"
                                : ta() == tb()                   ? "same spelling"
                                                                 : "same once transliterated";
        return "family: " + ta() + " = " + tb() + " (" + how + ")";
      });
    } else if (sp == Spelling::fold) {
      score *= fem ? std::min(kW.language_fold, kW.gender_form) : kW.language_fold;
      ++t.agree;
      ++evidence;
      note([&] { return "family: " + ta() + " = " + tb() + " (" + fold_how + (fem ? ", one in its feminine form" : "") + ")"; });
    } else if (sp == Spelling::letter) {
      score *= kW.near_spelling;
      ++t.agree;
      ++evidence;
      note([&] { return "family: " + ta() + " ~ " + tb() + " (one letter apart, a known variation)"; });
    } else if (sp == Spelling::learned) {
      score *= fem ? std::min(kW.learned, kW.gender_form) : kW.learned;
      ++t.agree;
      ++evidence;
      note([&] { return "family: " + fold_how; });
    } else {
      veto = true;
      ++t.conflict;
      note([&] { return "family: " + ta() + " / " + tb() + " differ"; });
    }
  } else if ((!fa.empty() || !fb.empty()) &&
             !(!parts_of(fa.empty() ? a : b, Role::suffix).empty() && parts_of(fa.empty() ? b : a, Role::suffix).empty())) {
    // A family name on one side only: the other is a given name alone (John Smith, John),
    // which many people share. Not where an epithet stands for a ruler's regnal number (Пётр
    // I, Peter the Great); but beside a number of its own it is a house or a territory that
    // tells two rulers apart (Peter I of Serbia, Пётр I).
    score *= kW.family_missing;
    note([&] { return "family: only one side has one (" + join_text(fa.empty() ? fb : fa) + ")"; });
  }

  // Given names: the same name class, a diminutive, or an initial.
  auto ga = parts_of(a, Role::given), gb = parts_of(b, Role::given);
  auto ia = parts_of(a, Role::initial), ib = parts_of(b, Role::initial);
  auto first_given = [](const std::vector<const NamePart*>& g, const std::vector<const NamePart*>& i) -> const NamePart* {
    if (!g.empty()) return g[0];
    if (!i.empty()) return i[0];
    return nullptr;
  };
  const NamePart* x = first_given(ga, ia);
  const NamePart* y = first_given(gb, ib);
  if (x && y) {
    const bool xi = x->role == Role::initial, yi = y->role == Role::initial;
    if (xi || yi) {
      // Two initials: either may stand for the other's name (found by fuzz/names_fuzz: X. and
      // G. agree one way through the skeleton of x, so they must the other way too).
      const bool agree = xi && yi ? initial_agrees(*x, *y, parser) || initial_agrees(*y, *x, parser)
                         : xi     ? initial_agrees(*x, *y, parser)
                                  : initial_agrees(*y, *x, parser);
      if (agree) {
        score *= kW.initial;
        ++t.agree;
        ++evidence;
        note([&] { return "given: " + x->text + " ~ " + y->text + " (initial)"; });
      } else {
        veto = true;
        note([&] { return "given: " + x->text + " / " + y->text + " (different initials)"; });
      }
    } else {
      const std::vector<const NamePart*> px{x}, py{y};
      const auto& cx = parser.classes_of(*x);
      const auto& cy = parser.classes_of(*y);
      const GivenClass* shared = nullptr;
      bool dim = false;
      for (const auto& c1 : cx) {
        for (const auto& c2 : cy) {
          if (c1.id == c2.id && (!shared || (dim && !(c1.diminutive || c2.diminutive)))) {
            shared = &c1;
            dim = c1.diminutive || c2.diminutive;
          }
        }
      }
      // Spelled alike, or one name by the tables; a name the tables do not know is compared
      // by its spelling alone (David, Дэвид), never declared another name by their silence.
      Spelling sp = compare_spellings(px, py, parser, nullptr, /*loose=*/false);
      // The looser readings only for a name the tables do not know, and only when needed.
      std::string how;
      if (sp == Spelling::none && !shared && (cx.empty() || cy.empty())) sp = compare_spellings(px, py, parser, &how);
      if (sp == Spelling::same || sp == Spelling::transliteration) {
        score *= sp == Spelling::same ? kW.same_spelling : kW.transliteration;
        ++t.agree;
        ++evidence;
        note([&] {
          return "given: " + x->text + " = " + y->text +
                 (sp == Spelling::transliteration ? " (transliteration variant)"
                  : x->text == y->text            ? " (same spelling)"
                                                  : " (same once transliterated)");
        });
      } else if (shared) {
        score *= dim ? kW.diminutive : kW.name_class;
        ++t.agree;
        ++evidence;
        note([&] { return "given: " + x->text + " ~ " + y->text + (dim ? " (diminutive of " : " (same name, ") + shared->id + ")"; });
      } else if ((cx.empty() || cy.empty()) && sp != Spelling::none) {
        score *= sp == Spelling::learned ? kW.learned : kW.near_spelling;
        ++t.agree;
        ++evidence;
        note([&] {
          if (sp == Spelling::learned) return "given: " + how;
          return "given: " + x->text + " ~ " + y->text +
                 (sp == Spelling::fold ? " (same name in another spelling)" : " (one letter apart, a known variation)");
        });
      } else {
        veto = true;
        ++t.conflict;
        note([&] { return "given: " + x->text + " / " + y->text + " are different names"; });
      }
    }
  } else if (x || y) {
    score *= kW.given_missing;
    note([&] { return std::string("given: only one side has one (") + (x ? x->text : y->text) + ")"; });
  }

  // The middle name as an initial: A. S. Pushkin is Aleksandr Sergeyevich Pushkin and
  // Пушкин А. С., not A. M. Pushkin. The middle is a patronymic, else the second given name
  // or initial; compared when both have one and one of them is an initial (two patronymics
  // are compared below), and, as for the first, an initial is no evidence by itself.
  auto middle_of = [](const ParsedName& n, const NamePart* first) -> const NamePart* {
    for (const auto& p : n.parts) {
      if (p.role == Role::patronymic) return &p;
    }
    for (const auto& p : n.parts) {
      if ((p.role == Role::given || p.role == Role::initial) && &p != first) return &p;
    }
    return nullptr;
  };
  bool middle_compared = false;
  if (x && y) {
    const NamePart* mx = middle_of(a, x);
    const NamePart* my = middle_of(b, y);
    if (mx && my && (mx->role == Role::initial || my->role == Role::initial)) {
      middle_compared = true;
      const bool both = mx->role == Role::initial && my->role == Role::initial;
      const bool agree = both ? initial_agrees(*mx, *my, parser) || initial_agrees(*my, *mx, parser)
                         : mx->role == Role::initial ? initial_agrees(*mx, *my, parser)
                                                     : initial_agrees(*my, *mx, parser);
      if (agree) {
        note([&] { return "middle: " + mx->text + " ~ " + my->text + " (initial)"; });
      } else {
        veto = true;
        ++t.conflict;
        note([&] { return "middle: " + mx->text + " / " + my->text + " (different initials)"; });
      }
    }
  }

  // Patronymics: compared when both have one; leaving it out is common and costs nothing.
  auto pa = parts_of(a, Role::patronymic), pb = parts_of(b, Role::patronymic);
  if (!pa.empty() && !pb.empty()) {
    if (same_skeleton(*pa[0], *pb[0])) {
      ++t.agree;
      ++evidence;
      note([&] { return "patronymic: " + pa[0]->text + " = " + pb[0]->text; });
    } else {
      veto = true;
      ++t.conflict;
      note([&] { return "patronymic: " + pa[0]->text + " / " + pb[0]->text + " differ"; });
    }
  } else if ((!pa.empty() || !pb.empty()) && !middle_compared) {
    note([&] { return "patronymic: dropped on one side (" + (pa.empty() ? pb[0]->text : pa[0]->text) + ")"; });
  }

  // Regnal and generational suffixes: Nicholas I and Nicholas II are different people.
  auto sa = parts_of(a, Role::suffix), sb = parts_of(b, Role::suffix);
  if (!sa.empty() && !sb.empty()) {
    // By key, not skeleton: the skeleton writes doubled letters once, and II is not I.
    if (sa[0]->key == sb[0]->key) {
      ++t.agree;
      note([&] { return "suffix: " + sa[0]->text + " = " + sb[0]->text; });
    } else {
      veto = true;
      suffix_veto = true;
      ++t.conflict;
      note([&] { return "suffix: " + sa[0]->text + " / " + sb[0]->text + " differ"; });
    }
  } else if (!sa.empty() || !sb.empty()) {
    score *= kW.suffix_missing;
    note([&] { return "suffix: only one side has one (" + (sa.empty() ? sb[0]->text : sa[0]->text) + ")"; });
  }

  for (const auto* n : {&a, &b}) {
    for (const auto& p : n->parts) {
      if (p.role == Role::title) note([&] { return "title: " + p.text + " (not compared)"; });
    }
  }
  // Word breaks differ between languages (Баня-Лука, Banja Luka; Петрович-Негош, Petrović
  // Njegoš), and so does the parse: run together, the words may still be one name. Not
  // across different suffixes (Petar I, Petar II).
  if ((veto || score < opts.same_threshold || evidence == 0) && !suffix_veto) {
    std::vector<std::string> made_a, made_b;
    const auto& ja = joined_a ? *joined_a : (made_a = parser.joined_skeletons(a));
    const auto& jb = joined_b ? *joined_b : (made_b = parser.joined_skeletons(b));
    if (!ja.front().empty() && same_skeleton(ja, jb)) {
      veto = false;
      score = kW.transliteration;
      evidence = 1;
      auto words = [](const ParsedName& n) {
        std::string t;
        for (const auto& p : n.parts) {
          if (p.role != Role::title && p.role != Role::suffix) t += (t.empty() ? "" : " ") + p.text;
        }
        return t;
      };
      why.clear();
      note([&] { return "same name once word breaks are ignored: " + words(a) + " = " + words(b); });
    }
  }
  if (evidence == 0 && !veto) {
    // No part agreed (their roles never met: Smith, John; or a title was all one side had):
    // the absence of a contradiction is not evidence.
    score = std::min(score, kW.no_evidence);
    note([] { return std::string("no part agreed"); });
  }
  if (veto) score = std::min(score, kW.veto);
  m.score = score;
  m.same = !veto && evidence > 0 && score >= opts.same_threshold;
  for (const auto& w : why) m.explanation += (m.explanation.empty() ? "" : "; ") + w;
  return m;
}

Match match_places(const Prepared& a, const Prepared& b, const NameParser& parser, const MatchOptions& opts,
                   bool explain) {
  Match m;
  auto words = [](const ParsedName& n) {
    std::string t;
    for (const auto& p : n.parts) {
      if (p.role != Role::title && p.role != Role::suffix) t += (t.empty() ? "" : " ") + p.text;
    }
    return t;
  };
  if (name_words(a.parsed) == 0 || name_words(b.parsed) == 0) {
    if (explain) m.explanation = "nothing to compare: one side has no name";
    return m;
  }
  if (!a.key.empty() && a.key == b.key) {
    m.score = 1.0;
    m.same = true;
    if (explain) m.explanation = "place: same key '" + a.key + "' once transliterated";
    return m;
  }
  std::vector<std::string> made_a, made_b;
  const auto& ja = !a.joined.empty() ? a.joined : (made_a = parser.joined_skeletons(a.parsed));
  const auto& jb = !b.joined.empty() ? b.joined : (made_b = parser.joined_skeletons(b.parsed));
  // The languages of either side's words decide which letter variations apply (Београд: sr).
  NamePart all_a, all_b;
  for (const auto& [n, all] : {std::pair{&a.parsed, &all_a}, std::pair{&b.parsed, &all_b}}) {
    for (const auto& p : n->parts) {
      if (all->text.empty()) all->text = p.text;
      if (all->lang.empty()) all->lang = p.lang;
      all->languages.insert(all->languages.end(), p.languages.begin(), p.languages.end());
    }
  }
  if (!ja.front().empty() && same_skeleton(ja, jb)) {
    m.score = kW.transliteration;
    m.same = true;
    if (explain) m.explanation = "place: " + words(a.parsed) + " = " + words(b.parsed) + " (same once transliterated)";
  } else if (!ja.front().empty() && one_letter_apart(ja, all_a, jb, all_b, parser.skeleton())) {
    m.score = kW.near_spelling;
    m.same = m.score >= opts.same_threshold;
    if (explain) m.explanation = "place: " + words(a.parsed) + " ~ " + words(b.parsed) + " (one letter apart, a known variation)";
  } else {
    m.score = kW.veto;
    if (explain) m.explanation = "place: " + words(a.parsed) + " / " + words(b.parsed) + " differ";
  }
  return m;
}

Match match_prepared(const Prepared& a, const Prepared& b, const NameParser& parser, const MatchOptions& opts,
                     PartTally* tally, bool explain) {
  if (!a.key.empty() && a.key == b.key) {
    if (tally) ++tally->agree;
    Match m;
    m.score = 1.0;
    m.same = true;
    if (explain) m.explanation = "same key '" + a.key + "' once transliterated";
    return m;
  }
  return match_names(a.parsed, b.parsed, parser, opts, tally, a.joined.empty() ? nullptr : &a.joined,
                     b.joined.empty() ? nullptr : &b.joined, explain);
}

namespace {

std::string consonants(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!is_vowel(c) && c != '-' && c != ' ') out.push_back(c);
  }
  return out;
}

}  // namespace

namespace {
void add_unique(std::vector<std::string>& out, std::string b) {
  if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(std::move(b));
}

const NamePart* first_of(const ParsedName& n, Role r) {
  for (const auto& part : n.parts) {
    if (part.role == r) return &part;
  }
  return nullptr;
}

std::vector<std::string> family_blocks(const NamePart& family) {
  std::vector<std::string> out;
  // The consonants of the last word of the family name: Нови-Сад (one hyphenated token)
  // and Нови Сад (two tokens) meet in block "sd"; so do spellings one vowel apart
  // (Gorbacov, Gorbachev: "grbcv"), which match() then tells apart or joins.
  for (const std::string& s : skeletons_of(family)) add_unique(out, "f:" + consonants(s.substr(s.rfind('-') + 1)));
  return out;
}

void add_joined_blocks(std::vector<std::string>& out, const Prepared& p, const NameParser& parser) {
  // The whole name run together, for names whose words break differently (Banja Luka).
  const std::vector<std::string> joined = p.joined.empty() ? parser.joined_skeletons(p.parsed) : p.joined;
  for (const std::string& j : joined) {
    if (!j.empty()) add_unique(out, "w:" + consonants(j));
  }
}

// The letters an initial or a name's first letter agrees with (NameParser::initials_agree).
std::string letters_of(const NamePart& part, const NameParser& parser) {
  std::string out;
  for (char c : {part.key.empty() ? '\0' : part.key[0], part.skeleton.empty() ? '\0' : part.skeleton[0]}) {
    if (!c) continue;
    for (char l : parser.initial_letters(c)) {
      if (out.find(l) == std::string::npos) out += l;
    }
  }
  return out;
}
}  // namespace

std::vector<std::string> blocks_of(const Prepared& p, const NameParser& parser) {
  std::vector<std::string> out;
  const NamePart* family = first_of(p.parsed, Role::family);
  const NamePart* given = first_of(p.parsed, Role::given);
  if (family) {
    out = family_blocks(*family);
  } else if (given) {
    // No family name (Peter I, Nicholas II): the given name's class, so that Пётр I, Peter I
    // and Petar I meet.
    const auto& classes = parser.classes_of(*given);
    add_unique(out, classes.empty() ? "g:" + given->skeleton : "c:" + classes.front().id);
  } else {
    add_unique(out, "k:" + p.key);
  }
  add_joined_blocks(out, p, parser);
  return out;
}

std::vector<std::string> narrow_blocks_of(const Prepared& p, const NameParser& parser, BlockSide side) {
  const NamePart* family = first_of(p.parsed, Role::family);
  if (!family) return blocks_of(p, parser);  // blocks without a family name are small
  // The part match_names compares: the first given name, else the first initial.
  const NamePart* x = first_of(p.parsed, Role::given);
  if (!x) x = first_of(p.parsed, Role::initial);
  std::vector<std::string> sigs;
  if (x && x->role == Role::given) {
    for (const std::string& s : skeletons_of(*x)) add_unique(sigs, "s:" + s);
    for (const auto& c : parser.classes_of(*x)) add_unique(sigs, "c:" + c.id);
    if (side == BlockSide::query) {
      for (char l : letters_of(*x, parser)) add_unique(sigs, std::string("i:") + l);
      add_unique(sigs, "-");
    }
  } else if (x && side == BlockSide::stored) {
    // Its own letter, which a name it stands for has among its letters, and the letters it
    // stands for, which another initial may be.
    const std::string own(1, x->key.empty() ? '\0' : x->key[0]);
    for (char l : own + letters_of(*x, parser)) {
      if (l) add_unique(sigs, std::string("i:") + l);
    }
  } else if (!x && side == BlockSide::stored) {
    add_unique(sigs, "-");
  }
  std::vector<std::string> out;
  for (const std::string& f : family_blocks(*family)) {
    // Stored: also the plain block, which a name with an initial or none looks up.
    if (side == BlockSide::stored || sigs.empty()) add_unique(out, f);
    for (const std::string& s : sigs) add_unique(out, f + "|" + s);
  }
  add_joined_blocks(out, p, parser);
  return out;
}

}  // namespace normname::detail
