#include "normname/context.hpp"

#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <utf8proc.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "keys/cache.hpp"
#include "keys/key.hpp"
#include "keys/skeleton.hpp"
#include "names/cases.hpp"
#include "names/parser.hpp"
#include "normname/tables_edit.hpp"
#include "tables/tsv.hpp"
#include "match/matcher.hpp"
#include "normname/error.hpp"
#include "normname/limits.hpp"
#include "normname/version.hpp"
#include "script/detector.hpp"
#include "tag/tagger.hpp"
#include "text/normalizer.hpp"
#include "translit/registry.hpp"

namespace normname {

namespace {
// The first kMaxNameBytes bytes of a name, cut at a code point boundary (limits.hpp).
std::string_view capped(std::string_view name) {
  if (name.size() <= kMaxNameBytes) return name;
  std::size_t end = kMaxNameBytes;
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  return name.substr(0, end);
}
}  // namespace

std::string_view to_string(errc code) noexcept {
  switch (code) {
    case errc::invalid_utf8: return "invalid_utf8";
    case errc::unknown_scheme: return "unknown_scheme";
    case errc::bad_rules: return "bad_rules";
    case errc::bad_table: return "bad_table";
    case errc::io_error: return "io_error";
    case errc::unknown_encoding: return "unknown_encoding";
  }
  return "unknown";
}

// The stages, built in pipeline order; later stages hold references to earlier ones.
struct Context::Impl {
  // Tells this context's entries from another's in the per-thread word cache (a new
  // context may get a freed one's address, never its number).
  const std::uint64_t generation = next_generation();
  static std::uint64_t next_generation() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }
  Tables tables;
  MatchOptions options;
  detail::Normalizer normalizer;
  detail::ScriptDetector detector;
  detail::SchemeRegistry schemes;
  detail::KeyMaker keys;
  detail::Skeleton skeleton;
  // Built at first use: `key` and `translit` need neither, and the parser's tables (every
  // given name keyed) and the built-in alias index are most of a start-up.
  detail::Inflection inflection;
  detail::Lazy<detail::NameParser> parser_;
  detail::Lazy<detail::AliasIndex> aliases_;
  const detail::NameParser& parser() const { return parser_.get(); }
  const detail::AliasIndex& aliases() const { return aliases_.get(); }
  // The tagger's lexicon holds every word of every alias: built at the first tag().
  detail::Lazy<detail::Tagger> tagger_;
  bool use_aliases = true;
  // Names repeat in a registry or an archive (the same person on every page): a name's
  // resolution is kept and looked up. Bounded (BoundedCache), so memory does not grow with
  // the input.
  static constexpr std::size_t kCacheResolutions = std::size_t{1} << 15;
  detail::BoundedCache<std::shared_ptr<const Resolution>> resolved{kCacheResolutions};
  // Names that resolve only as declined forms (Context::resolve).
  detail::BoundedCache<std::shared_ptr<const Resolution>> declined{kCacheResolutions};
  // The same for a name's analysis (key and parsed parts), which match and parse read: a
  // file of pairs names each person many times.
  static constexpr std::size_t kCachePrepared = std::size_t{1} << 15;
  detail::BoundedCache<std::shared_ptr<const detail::Prepared>> prepared{kCachePrepared};
  std::shared_ptr<const detail::Prepared> cached(std::string_view name) const {
    return prepared.get(capped(name), [&] { return std::make_shared<const detail::Prepared>(prepare(name)); });
  }

  Impl(Tables t, MatchOptions o)
      : tables(std::move(t)),
        options(o),
        normalizer(tables),
        detector(tables),
        schemes(tables, detector),
        keys(normalizer, schemes),
        skeleton(tables),
        inflection(tables),
        parser_([this] {
          return std::make_unique<detail::NameParser>(
              tables, [this](std::string_view word, std::string_view lang) { return keys(word, lang); }, skeleton,
              detector, [this] { return schemes.learned(); });
        }),
        aliases_([this] {
          return std::make_unique<detail::AliasIndex>(tables, [this](std::string_view name) { return prepare(name); },
                                                      parser(), options);
        }),
        tagger_([this] {
          return std::make_unique<detail::Tagger>(
              aliases(), parser(), inflection, skeleton, [this](std::string_view name) { return key(name); },
              [this](std::string_view name, bool declined) { return resolve_any(name, ReadAs::tagged, declined); },
              [this](std::string_view name) { return cached(name)->parsed.gender; },
              [this](std::string_view name, bool word) { return given_keys(name, word); },
              [this](std::string_view key) { return aliases().exact_key(key); });
        }) {
    // Tables of the user's are checked as they load, whatever the command: a bad row is
    // reported now, not by the first command that happens to read it.
    for (const std::string& path : tables.paths()) {
      if (tables.origin(path) != "built-in") {
        aliases();
        break;
      }
    }
  }

  std::string key(std::string_view name) const { return keys(capped(name)); }
  // Context::transliterate: normalized first with *opts, or repaired only without. Word by
  // word, each word's output kept per thread, where that gives the same bytes; else
  // transliterate_whole.
  std::string transliterate(std::string_view text, std::string_view scheme, const NormalizeOptions* opts) const;
  std::string transliterate_whole(std::string_view text, std::string_view scheme, const NormalizeOptions* opts) const;
  // A declined name (Вучића, Петра Илића) read back to the nominative: its readings, with
  // the skeletons of the words each read back (as parts are skeletonized:
  // tables/keys/skeleton.tsv on the word's key), kept per name.
  struct Readings {
    std::vector<detail::CaseReading> list;
    std::vector<std::vector<std::string>> skeletons;  // per reading
  };
  detail::BoundedCache<std::shared_ptr<const Readings>> readings_cache{kCachePrepared};
  // How a name is read back: as one of a list's (match, whose names are mostly
  // nominatives: a woman's full name as written is not also read as a man's genitive), as
  // running text (resolve: Ивана Тургенева that names no woman of the tables is the
  // genitive of Иван Тургенев), or as a mention the tagger found, whose words may also be
  // read back to any word of an alias.
  enum class ReadAs { listed, text, tagged };
  std::shared_ptr<const Readings> readings_of(std::string_view name, ReadAs mode) const;
  bool worth_reading(const Readings& rs, std::size_t i, const detail::Prepared& other) const;
  std::optional<Match> match_declined(std::string_view a, std::string_view b) const;
  std::optional<Resolution> resolve_declined(std::string_view name, ReadAs mode) const;
  // Context::resolve (mode text) and the tagger's (mode tagged): as written, else as a
  // declined name; with `as_declined` (the tagger says the name's words are case forms),
  // its readings first, and the name as written only when none fits.
  Resolution resolve_any(std::string_view name, ReadAs mode, bool as_declined = false) const;
  // A name's given names as keys (skeletons, "class:" + name classes: Saša, Aleksandar);
  // for a word alone (`word`), also those of each case form it can be of.
  std::vector<std::string> given_keys(std::string_view name, bool word) const;
  detail::BoundedCache<std::shared_ptr<const Resolution>> declined_tagged{kCacheResolutions};
  // The tagger's declined mentions read back first: the resolution, or null for none.
  detail::BoundedCache<std::shared_ptr<const Resolution>> declined_first{kCacheResolutions};
  Match match_prepared(const detail::Prepared& pa, const detail::Prepared& pb, std::string_view a,
                       std::string_view b) const;
  // resolve(name) through the cache of resolutions; `p` is the name's analysis.
  // A name spelled as one entity's name is that entity, found by its key (no runner-up:
  // match and the readings read only the ID).
  Resolution resolve(std::string_view name, const detail::Prepared& p) const {
    if (auto e = aliases().exact_key(p.key)) return std::move(*e);
    return *resolved.get(capped(name), [&] { return std::make_shared<const Resolution>(aliases().resolve(p, options)); });
  }
  detail::Prepared prepare(std::string_view name) const {
    name = capped(name);
    // Parse the normalized text (case kept: capitals mark the family name in NIKITIN Pyotr).
    NormalizeOptions keep_case;
    keep_case.fold_case = false;
    std::vector<detail::Lookalike> found;
    detail::Prepared p{key(name), parser()(detector.fold_lookalikes(normalizer(name, keep_case), &found)), {}};
    for (auto& f : found) p.parsed.lookalikes.push_back({std::move(f.word), std::move(f.folded)});
    p.joined = parser().joined_skeletons(p.parsed);
    return p;
  }
};

Context::Context() : Context(Tables::builtin()) {}
Context::Context(Tables tables, MatchOptions options)
    : impl_(std::make_unique<Impl>(std::move(tables), options)) {}
Context::~Context() = default;
Context::Context(Context&&) noexcept = default;
Context& Context::operator=(Context&&) noexcept = default;

const Tables& Context::tables() const noexcept { return impl_->tables; }
const MatchOptions& Context::options() const noexcept { return impl_->options; }

std::string Context::normalize(std::string_view text, const NormalizeOptions& opts) const {
  return impl_->normalizer(text, opts);
}

std::vector<TokenScript> Context::detect_script(std::string_view text) const {
  if (!is_valid_utf8(text)) {
    // Offsets must stay valid for the caller's text, so classify a repaired copy span by span.
    std::vector<TokenScript> out;
    for (const auto& span : detail::tokenize(text)) {
      TokenScript t = impl_->detector.classify(repair_utf8(text.substr(span.offset, span.length)));
      t.offset = span.offset;
      t.length = span.length;
      out.push_back(std::move(t));
    }
    return out;
  }
  return impl_->detector(text);
}

namespace {
// The per-thread cache of words Context::transliterate keeps.
constexpr std::size_t kMemoWords = std::size_t{1} << 16;
constexpr std::size_t kMemoBytesPerWord = 48;
}  // namespace

std::string Context::Impl::transliterate_whole(std::string_view text, std::string_view scheme,
                                               const NormalizeOptions* opts) const {
  std::string normalized, valid, safe;
  if (opts) {
    normalized = normalizer(text, *opts);
    text = normalized;
  } else if (!is_valid_utf8(text)) {
    valid = repair_utf8(text);
    text = valid;
  }
  if (detail::stream_safe(text, safe)) text = safe;  // NFC inside a scheme stays linear
  return schemes.run(text, scheme);
}

std::string Context::Impl::transliterate(std::string_view text, std::string_view scheme, const NormalizeOptions* opts) const {
  // The last scheme this thread asked for, in which context: most callers ask for one.
  struct Last {
    std::uint64_t generation = 0;
    std::string scheme;
    std::optional<std::uint32_t> number;
  };
  thread_local Last last;
  if (last.generation != generation || last.scheme != scheme) {
    last.number = schemes.word_scheme(scheme);
    last.generation = generation;
    last.scheme.assign(scheme);
  }
  // Word by word is the same as the whole text when the scheme sees no further than the
  // space beside a word and normalizing keeps each space where it is (squash_whitespace
  // moves and drops them; repairing UTF-8, NFC, case folding and the rest work within a
  // word). The reference engine reads the whole text, so that
  // tests/conformance/transducer.sh compares the words looked up one by one with ICU on
  // the whole line.
  if ((opts && opts->squash_whitespace) || schemes.reference_engine() || !last.number) {
    return transliterate_whole(text, scheme, opts);
  }
  thread_local detail::LocalFlatCache memo(kMemoWords, kMemoWords * kMemoBytesPerWord);
  thread_local std::string keys, padded;
  struct Word {
    std::size_t at, size;          // in text; a space or the text's edge on each side
    std::size_t key_at, key_size;  // in keys
    std::uint64_t hash;
    bool before, after;  // a space before it, after it
  };
  thread_local std::vector<Word> words;
  // A word's key: this context, the scheme and how the text is normalized first, then
  // whether a space stands before and after it (a scheme may read "е" after a space as it
  // does at the text's start, but it need not), then the word.
  char prefix[sizeof generation + sizeof *last.number + 1];
  std::memcpy(prefix, &generation, sizeof generation);
  std::memcpy(prefix + sizeof generation, &*last.number, sizeof *last.number);
  prefix[sizeof prefix - 1] =
      static_cast<char>(!opts ? 0x40
                              : 0x20 | opts->fold_case | opts->strip_diacritics << 1 | opts->unify_punctuation << 2 |
                                    opts->strip_controls << 3 | opts->keep_joiners << 4);
  keys.clear();
  words.clear();
  for (std::size_t start = 0;;) {
    const std::size_t space = text.find(' ', start);
    const std::size_t end = space == std::string_view::npos ? text.size() : space;
    if (end > start) {
      Word w{start, end - start, keys.size(), 0, 0, start > 0, space != std::string_view::npos};
      keys.append(prefix, sizeof prefix);
      keys.push_back(static_cast<char>('0' + w.before + 2 * w.after));
      keys.append(text.substr(start, end - start));
      w.key_size = keys.size() - w.key_at;
      words.push_back(w);
    }
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  // The words' look-ups overlap: each is two dependent loads, likely from L3 or memory.
  for (Word& w : words) {
    w.hash = detail::LocalFlatCache::hash(std::string_view(keys).substr(w.key_at, w.key_size));
    memo.prefetch(w.hash, 0);
  }
  for (const Word& w : words) memo.prefetch(w.hash, 1);
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  std::size_t copied = 0;  // spaces between words are copied
  for (const Word& w : words) {
    out.append(w.at - copied, ' ');
    copied = w.at + w.size;
    const std::string_view key = std::string_view(keys).substr(w.key_at, w.key_size);
    if (memo.append_to(key, w.hash, out)) continue;
    const std::string_view word = text.substr(w.at, w.size);
    padded.assign(w.before ? " " : "");
    padded += opts ? normalizer(word, *opts) : is_valid_utf8(word) ? std::string(word) : repair_utf8(word);
    if (!schemes.reads_alone(std::string_view(padded).substr(w.before), scheme)) {
      return transliterate_whole(text, scheme, opts);  // a word read with its neighbours
    }
    if (w.after) padded.push_back(' ');
    const std::string made = transliterate_whole(padded, scheme, nullptr);
    // The spaces come back as they went in (no rule reads one): cut them off again.
    if (made.size() < std::size_t{w.before} + w.after || (w.before && made.front() != ' ') ||
        (w.after && made.back() != ' ')) {
      throw error(errc::bad_rules, "scheme '" + std::string(scheme) + "' did not copy a space");
    }
    const std::string_view inner = std::string_view(made).substr(w.before, made.size() - w.before - w.after);
    out.append(inner);
    memo.set(key, w.hash, inner);
  }
  out.append(text.size() - copied, ' ');
  return out;
}

std::string Context::transliterate(std::string_view text, std::string_view scheme) const {
  return impl_->transliterate(text, scheme, nullptr);
}

std::string Context::transliterate(std::string_view text, std::string_view scheme, const NormalizeOptions& opts) const {
  return impl_->transliterate(text, scheme, &opts);
}

std::vector<Candidate> Context::transliterate_candidates(std::string_view text, std::string_view scheme,
                                                        std::size_t k) const {
  std::string valid, safe;
  if (!is_valid_utf8(text)) {
    valid = repair_utf8(text);
    text = valid;
  }
  if (detail::stream_safe(text, safe)) text = safe;
  auto scored = impl_->schemes.candidates(text, scheme, std::max<std::size_t>(k, 1));
  std::vector<Candidate> out;
  double total = 0;
  for (const auto& s : scored) total += std::exp(s.log_prob - scored.front().log_prob);
  for (const auto& s : scored) out.push_back({s.text, std::exp(s.log_prob - scored.front().log_prob) / total});
  return out;
}

std::vector<SchemeInfo> Context::list_schemes() const { return impl_->schemes.list(); }
bool Context::has_scheme(std::string_view scheme) const { return impl_->schemes.has(scheme); }
std::optional<std::string> Context::default_scheme(std::string_view lang) const {
  return impl_->schemes.dispatch_target("auto-latn", lang);
}

std::string Context::key(std::string_view name) const { return impl_->key(name); }

KeyTrace Context::explain_key(std::string_view name) const {
  const Impl& m = *impl_;
  KeyTrace trace;
  m.keys(capped(name), trace);
  std::vector<TokenScript> tokens = m.detector(trace.normalized);
  m.detector.one_language(tokens);
  for (const TokenScript& t : tokens) {
    trace.tokens.push_back({trace.normalized.substr(t.offset, t.length), t.script, t.lang,
                            m.schemes.dispatch_scheme(detail::kKeyRomanize, t)});
  }
  std::size_t pos = 0;
  while (pos < trace.key.size()) {
    std::size_t end = trace.key.find(' ', pos);
    if (end == std::string::npos) end = trace.key.size();
    const std::string_view token = std::string_view(trace.key).substr(pos, end - pos);
    KeySkeleton k{std::string(token), m.skeleton(token), {}};
    for (std::size_t i = 0; i < m.skeleton.conventions().size(); ++i) {
      std::string v = m.skeleton.variant(token, i);
      if (!v.empty()) k.variants.emplace_back(m.skeleton.conventions()[i], std::move(v));
    }
    trace.skeletons.push_back(std::move(k));
    pos = end + 1;
  }
  return trace;
}

ParsedName Context::parse(std::string_view name) const { return impl_->cached(name)->parsed; }

std::vector<Declension> Context::declensions(std::string_view name) const {
  std::vector<Declension> out;
  for (const detail::CaseReading& r : impl_->readings_of(capped(name), Impl::ReadAs::text)->list) {
    out.push_back({r.text, r.grammatical_case, r.gender, r.changed});
  }
  return out;
}

void Context::set_use_aliases(bool on) noexcept { impl_->use_aliases = on; }
void Context::set_translit_engine(TranslitEngine engine) noexcept { impl_->schemes.set_engine(engine); }
std::string Context::scheme_engine(std::string_view scheme) const { return impl_->schemes.engine(scheme); }

namespace {
// What match --explain says of look-alike letters it read in one script.
std::string lookalike_note(const detail::Prepared& a, const detail::Prepared& b) {
  std::string out;
  for (const auto* p : {&a, &b}) {
    for (const auto& w : p->parsed.lookalikes) {
      out += (out.empty() ? "look-alike letters of another script read as one script: '" : ", '") + w.written + "' as '" +
             w.read_as + "'";
    }
  }
  return out;
}
}  // namespace

namespace {
constexpr double kDeclinedWeight = detail::Inflection::kDeclinedWeight;

// Two genders that are both known and differ: a reading never crosses them.
bool clash(Gender a, Gender b) { return a != Gender::unknown && b != Gender::unknown && a != b; }

std::string reading_note(const detail::CaseReading& r) {
  if (r.gender == Gender::unknown) return r.grammatical_case + ": " + r.changed;
  return r.grammatical_case + ", " + std::string(to_string(r.gender)) + ": " + r.changed;
}
}  // namespace

// A reading is worth a comparison only where a word it read back is then spelled as a word
// of the other name (by key or by skeleton): most names of a file are declined by no rule
// that makes them another's, and each comparison costs a parse.
bool Context::Impl::worth_reading(const Readings& rs, std::size_t i, const detail::Prepared& other) const {
  const std::vector<std::string>& mine = rs.skeletons[i];
  for (const NamePart& p : other.parsed.parts) {
    if (std::find(mine.begin(), mine.end(), p.skeleton) != mine.end() ||
        std::find(mine.begin(), mine.end(), skeleton(p.key)) != mine.end()) {
      return true;
    }
  }
  return false;
}

// The readings of a name; for match, not those of the other gender where it reads as a
// woman's nominative already (Aleksandra Ivanova is not the genitive of Aleksandr Ivanov).
std::shared_ptr<const Context::Impl::Readings> Context::Impl::readings_of(std::string_view name, ReadAs mode) const {
  const bool as_listed = mode == ReadAs::listed;
  std::string cache_key(name);
  cache_key.push_back(static_cast<char>('\1' + static_cast<int>(mode)));
  return readings_cache.get(cache_key, [&] {
    auto rs = std::make_shared<Readings>();
    // A nominative is a name when it ends as family names do or the tables know it as a
    // given name, by the skeleton of its key as the parser looks given names up (a proposed
    // form is not parsed: a word has many).
    auto known = [&](std::string_view lemma) {
      if (inflection.surname_like(lemma)) return true;
      // ... or it is spelled as a name of the alias tables (Србије: Србија).
      if (aliases().has_key(key(lemma))) return true;
      // ... or, in a mention the tagger found, a word of one (Додика: Milorad Dodik).
      if (mode == ReadAs::tagged && tagger_.get().known_word(lemma)) return true;
      for (const std::string& word : detail::split_spaces(key(lemma))) {
        if (!parser().classes(skeleton(word)).empty()) return true;
      }
      return false;
    };
    rs->list = inflection.readings(name, known);
    // A list of names (match) holds no one called by name: Petre there is the Georgian
    // name, not Petar's vocative.
    if (as_listed) std::erase_if(rs->list, detail::Inflection::vocative_only);
    if (rs->list.empty()) return std::shared_ptr<const Readings>(rs);
    const ParsedName& written = cached(name)->parsed;
    Gender g = as_listed ? inflection.nominative_gender(written) : Gender::unknown;
    // ... and whose given names are names the tables know (Владимира is none: Владимира
    // Путина is a man's genitive, though Путина alone could be a woman's nominative).
    for (const NamePart& p : written.parts) {
      if (p.role == Role::given && parser().classes_of(p).empty()) g = Gender::unknown;
    }
    if (g != Gender::unknown) {
      std::erase_if(rs->list, [&](const detail::CaseReading& r) { return r.gender != Gender::unknown && r.gender != g; });
    }
    // A word read back must then be a name: one the name tables know, or one ending as
    // family names do (Вучић, Путин); a foreign word that happens to end in a case ending
    // (Lyall for лалла, Амма for амму) is no reading, unless a preposition says the text
    // is running text (у Београду).
    // One such word is enough in a name of several (Льва Ландау: Лев).
    std::erase_if(rs->list, [&](const detail::CaseReading& r) {
      return !r.after_preposition && std::none_of(r.lemmas.begin(), r.lemmas.end(), known);
    });
    for (const detail::CaseReading& r : rs->list) {
      std::vector<std::string> sk;
      for (const std::string& lemma : r.lemmas) {
        for (const std::string& word : detail::split_spaces(key(lemma))) sk.push_back(skeleton(word));
        // A family name's skeleton is its masculine base (Смирнова: smirnov), as parts are.
        for (const NamePart& part : cached(lemma)->parsed.parts) sk.push_back(part.skeleton);
      }
      rs->skeletons.push_back(std::move(sk));
    }
    return std::shared_ptr<const Readings>(rs);
  });
}

std::optional<Match> Context::Impl::match_declined(std::string_view a, std::string_view b) const {
  const auto sa = readings_of(a, ReadAs::listed), sb = readings_of(b, ReadAs::listed);
  const std::vector<detail::CaseReading>&ra = sa->list, &rb = sb->list;
  if (ra.empty() && rb.empty()) return std::nullopt;
  const auto written_a = cached(a), written_b = cached(b);
  std::optional<Match> best;
  constexpr std::size_t kWritten = static_cast<std::size_t>(-1);  // the name as written
  auto attempt = [&](std::size_t i, std::size_t j) {
    const detail::CaseReading* x = i == kWritten ? nullptr : &ra[i];
    const detail::CaseReading* y = j == kWritten ? nullptr : &rb[j];
    const std::string_view ta = x ? std::string_view(x->text) : a, tb = y ? std::string_view(y->text) : b;
    if (x && y) {  // both read back (Петра Илића, Петру Илићу): a word of each must meet
      const auto &kx = sa->skeletons[i], &ky = sb->skeletons[j];
      if (std::none_of(kx.begin(), kx.end(), [&](const std::string& k) { return std::find(ky.begin(), ky.end(), k) != ky.end(); })) return;
      if (clash(x->gender, y->gender)) return;
    } else if ((x && !worth_reading(*sa, i, *written_b)) || (y && !worth_reading(*sb, j, *written_a))) {
      return;
    }
    const auto pa = cached(ta), pb = cached(tb);
    // The reading's gender is the name's: never the other gender's name (Смирновой is the
    // woman Смирнова, not the man Смирнов), nor a name read back as one gender that then
    // reads as the other's (Смирновой as a man's -а name: Смирнова is a woman's).
    for (const detail::CaseReading* r : {x, y}) {
      if (r && (clash(r->gender, pa->parsed.gender) || clash(r->gender, pb->parsed.gender))) return;
    }
    Match m = match_prepared(*pa, *pb, ta, tb);
    m.score *= kDeclinedWeight;
    m.same = m.score >= options.same_threshold;
    if (!m.same || (best && best->score >= m.score)) return;
    std::string how;
    for (const detail::CaseReading* r : {x, y}) {
      if (r) how += (how.empty() ? "" : "; ") + std::string("read as ") + reading_note(*r);
    }
    m.explanation = how + (m.explanation.empty() ? "" : "; ") + m.explanation;
    best = std::move(m);
  };
  for (std::size_t i = 0; i < ra.size(); ++i) attempt(i, kWritten);
  for (std::size_t j = 0; j < rb.size(); ++j) attempt(kWritten, j);
  for (std::size_t i = 0; i < ra.size(); ++i) {
    for (std::size_t j = 0; j < rb.size(); ++j) attempt(i, j);
  }
  return best;
}

std::optional<Resolution> Context::Impl::resolve_declined(std::string_view name, ReadAs mode) const {
  std::optional<Resolution> best;
  std::vector<EntityMatch> fits;
  const auto rs = readings_of(name, mode);
  for (std::size_t i = 0; i < rs->list.size(); ++i) {
    const detail::CaseReading& r = rs->list[i];
    const auto p = cached(r.text);
    if (clash(r.gender, p->parsed.gender)) continue;
    // Only aliases that have a word it read back: the reading is about that word.
    // A mention read back to a name of one entity is that entity (Милана Петровића).
    std::optional<Resolution> fast = mode == ReadAs::tagged ? aliases().exact(*p) : std::nullopt;
    Resolution got = fast ? std::move(*fast) : aliases().resolve(*p, options, &rs->skeletons[i]);
    // The entity's name must be of the reading's gender too (Смирновой is not Smirnov).
    auto gender_fits = [&](const std::string& alias) { return !clash(r.gender, cached(alias)->parsed.gender); };
    std::vector<EntityMatch> here;
    if (got.id && gender_fits(got.alias)) here.push_back({*got.id, got.alias, got.score * kDeclinedWeight});
    for (const EntityMatch& f : got.fits) {
      if (gender_fits(f.alias)) here.push_back({f.id, f.alias, f.score * kDeclinedWeight});
    }
    for (const EntityMatch& e : here) {
      auto it = std::find_if(fits.begin(), fits.end(), [&](const EntityMatch& f) { return f.id == e.id; });
      if (it == fits.end()) {
        fits.push_back(e);
      } else if (it->score < e.score) {
        *it = e;
      }
    }
    if (!here.empty() && (!best || best->score < here.front().score)) {
      if (got.id) got.score = here.front().score;
      got.reading = reading_note(r);
      got.grammatical_case = r.grammatical_case;
      got.gender = r.gender;
      got.explanation = "read as " + got.reading + (got.explanation.empty() ? "" : "; ") + got.explanation;
      best = std::move(got);
    }
  }
  if (!best) return std::nullopt;
  std::sort(fits.begin(), fits.end(), [](const EntityMatch& x, const EntityMatch& y) { return x.score > y.score; });
  if (fits.size() > 1) {
    // Readings that fit different entities (Смирнова: the woman, or the man's genitive):
    // the tables cannot decide, so neither is the answer.
    best->id.reset();
    best->score = 0;
    best->alias.clear();
    best->ambiguous = true;
    best->fits = std::move(fits);
  } else if (!best->id) {
    best->fits = std::move(fits);
  }
  return best;
}

Match Context::match(std::string_view a, std::string_view b) const {
  const auto cached_a = impl_->cached(a), cached_b = impl_->cached(b);
  const detail::Prepared &pa = *cached_a, &pb = *cached_b;
  Match m = impl_->match_prepared(pa, pb, a, b);
  if (!m.same) {
    if (auto declined = impl_->match_declined(capped(a), capped(b))) m = std::move(*declined);
  }
  // Say so when a name was written with look-alikes: the reader should know what was read.
  const std::string note = lookalike_note(pa, pb);
  if (!note.empty()) m.explanation += (m.explanation.empty() ? "" : "; ") + note;
  return m;
}

Match Context::Impl::match_prepared(const detail::Prepared& pa, const detail::Prepared& pb, std::string_view a,
                                    std::string_view b) const {
  detail::PartTally tally;
  Match direct = detail::match_prepared(pa, pb, parser(), options, &tally);
  if (!use_aliases) return direct;
  // Places are not people: a name the alias tables hold as a place is compared as a place.
  const Resolution ra = resolve(a, pa), rb = resolve(b, pb);
  if ((ra.id && !aliases().is_person(*ra.id)) || (rb.id && !aliases().is_person(*rb.id))) {
    direct = detail::match_places(pa, pb, parser(), options);
    tally = {};
  }
  // A name that agrees with the other in one part and conflicts in another is someone else
  // (two people who share a family name), whatever the alias tables say. Otherwise the alias
  // tables overrule the spelling both ways: two entities they hold apart are different
  // however alike they are spelled (Novgorod, Nizhny Novgorod), one entity's names are the
  // same however unlike (Moscow, Москва; Königsberg, Калининград).
  if (tally.contradicts()) return direct;
  if (ra.id && rb.id && *ra.id != *rb.id && pa.key != pb.key) {
    // The alias tables hold them as two entities: Novgorod and Nizhny Novgorod.
    Match m = direct;
    m.same = false;
    m.score = std::min(m.score, options.same_threshold / 2);
    m.explanation += (m.explanation.empty() ? "" : "; ") + std::string("the alias tables hold two entities (") + *ra.id +
                     ", " + *rb.id + ")";
    return m;
  }
  if (direct.same || !ra.id || ra.id != rb.id) {
    // Say when a side fits several entities of the tables, which therefore cannot decide:
    // the verdict is the spelling's alone.
    for (const auto& [name, r] : {std::pair{a, &ra}, std::pair{b, &rb}}) {
      if (r->ambiguous && r->fits.size() > 1) {
        direct.explanation += (direct.explanation.empty() ? "" : "; ") + ("'" + std::string(name) + "': " + r->explanation);
      }
    }
    return direct;
  }
  Match m;
  m.score = std::min(ra.score, rb.score);
  m.same = true;
  m.explanation = "both are names of " + *ra.id + " in the alias tables (" + ra.alias + "; " + rb.alias + ")";
  return m;
}

Resolution Context::Impl::resolve_any(std::string_view name, ReadAs mode, bool as_declined) const {
  // A mention spelled as a name of one entity is that entity: found by its key alone, as
  // resolve() would find it (which also names a runner-up; tag reports none).
  std::optional<Resolution> namesakes;  // spelled as names of several entities
  if (mode == ReadAs::text) {
    if (auto e = aliases().resolve_exact(key(name))) {
      if (!e->ambiguous) return std::move(*e);
      namesakes = std::move(e);
    }
  }
  if (mode == ReadAs::tagged) {
    if (auto e = aliases().exact(*cached(name))) return std::move(*e);
    if (as_declined) {
      const auto d = declined_first.get(capped(name), [&] {
        auto got = resolve_declined(capped(name), mode);
        return got ? std::make_shared<const Resolution>(std::move(*got)) : std::shared_ptr<const Resolution>();
      });
      if (d) return *d;
    }
  }
  Resolution r = namesakes ? std::move(*namesakes) : resolve(name, *cached(name));
  // An exact spelling of a name, or an ambiguous one, is the answer as written. A name
  // that fits nothing as written, or fits only as a spelling variant, may be declined
  // (Вучића, Путину; Москве, which is one letter from Москва): its readings, kept apart from
  // the resolutions as written, which match and the readings read. A reading that fits
  // better than the variant does is the answer.
  if (r.id && r.score >= 1.0) return r;
  auto& cache = mode == ReadAs::tagged ? declined_tagged : declined;
  if (r.ambiguous) {
    // Ambiguous as written, and maybe also a declined form of someone else: Смирнова is a
    // woman's nominative and a man's genitive. Both readings' entities are what it fits.
    return *cache.get(capped(name), [&] {
      auto out = std::make_shared<Resolution>(r);
      if (auto d = resolve_declined(capped(name), mode)) {
        std::vector<EntityMatch> more = d->fits;
        if (d->id) more.insert(more.begin(), EntityMatch{*d->id, d->alias, d->score});
        for (const EntityMatch& e : more) {
          auto it = std::find_if(out->fits.begin(), out->fits.end(), [&](const EntityMatch& f) { return f.id == e.id; });
          if (it == out->fits.end()) {
            out->fits.push_back(e);
          } else if (it->score < e.score) {
            *it = e;
          }
        }
        if (out->fits.size() > r.fits.size()) {
          std::stable_sort(out->fits.begin(), out->fits.end(), [](const EntityMatch& x, const EntityMatch& y) { return x.score > y.score; });
          out->explanation += "; or read as " + d->reading;
        }
      }
      return std::shared_ptr<const Resolution>(std::move(out));
    });
  }
  return *cache.get(capped(name), [&] {
    auto d = resolve_declined(capped(name), mode);
    if (d && (d->id || d->ambiguous) && (!r.id || (d->id && d->score > r.score))) {
      return std::make_shared<const Resolution>(std::move(*d));
    }
    if (!r.id && d) return std::make_shared<const Resolution>(std::move(*d));
    return std::make_shared<const Resolution>(std::move(r));
  });
}

std::vector<std::string> Context::Impl::given_keys(std::string_view name, bool word) const {
  std::vector<std::string> out;
  std::vector<std::string> forms{std::string(name)};
  if (word) {
    for (const detail::CaseReading& r : readings_of(name, ReadAs::tagged)->list) forms.push_back(r.text);
  }
  for (const std::string& form : forms) {
    const auto p = cached(form);
    if (word && p->parsed.parts.size() != 1) continue;
    for (const NamePart& g : p->parsed.parts) {
      // A word alone is a given name whatever role a lone word parses in.
      if (g.role != Role::given && !word) continue;
      out.push_back(g.skeleton);
      for (const detail::GivenClass& c : parser().classes_of(g)) out.push_back("class:" + c.id);
    }
  }
  return out;
}

Resolution Context::resolve(std::string_view name) const { return impl_->resolve_any(name, Impl::ReadAs::text); }

std::vector<Mention> Context::tag(std::string_view text) const { return impl_->tagger_.get().tag(text); }

std::vector<std::size_t> Context::cluster(const std::vector<std::string>& all) const {
  // A spelling that repeats is one name: clustered once, so its copies can never land in
  // two groups (and a registry's thousands of repeats cost nothing).
  std::unordered_map<std::string_view, std::size_t> index_of;
  std::vector<std::string_view> names;
  std::vector<std::size_t> unique_of(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto [it, fresh] = index_of.emplace(all[i], names.size());
    if (fresh) names.push_back(all[i]);
    unique_of[i] = it->second;
  }
  std::vector<detail::Prepared> prepared;
  prepared.reserve(names.size());
  for (const auto& n : names) prepared.push_back(impl_->prepare(n));
  std::vector<std::string> ids(names.size());
  if (impl_->use_aliases) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      const Resolution r = impl_->resolve(names[i], prepared[i]);
      if (r.id) ids[i] = *r.id;
    }
  }
  const std::vector<std::size_t> labels = detail::cluster_prepared(prepared, ids, impl_->parser(), impl_->options);
  std::vector<std::size_t> out(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) out[i] = labels[unique_of[i]];
  return out;
}

std::string compile_index(const Context& ctx, std::string_view table_path) {
  if (!ctx.tables().find(table_path)) throw error(errc::io_error, "no table " + std::string(table_path));
  // The context built this table's index when it loaded (or mapped a current one): those are
  // the bytes, so a table is prepared once, not once to load and again to compile.
  return ctx.impl_->aliases().compile(ctx.tables(), table_path);
}

bool uses_compiled_index(const Context& ctx, std::string_view table_path) {
  return ctx.impl_->aliases().mapped(table_path);
}

bool compiled_runner_ups_current(const Context& ctx, std::string_view table_path) {
  return ctx.impl_->aliases().mapped(table_path) && ctx.impl_->aliases().runner_ups_current(table_path);
}

std::string version_string() {
  UVersionInfo unicode;
  u_getUnicodeVersion(unicode);
  char uni[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(unicode, uni);
  return std::string("normname ") + NORMNAME_VERSION + ", ICU " + U_ICU_VERSION + " (Unicode " + uni +
         "), utf8proc " + utf8proc_version() + " (Unicode " + utf8proc_unicode_version() + "), tables sha256:" +
         std::string(Tables::builtin_digest());
}

}  // namespace normname
