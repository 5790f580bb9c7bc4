#include "keys/key.hpp"

#include <algorithm>
#include <functional>

#include "script/detector.hpp"
#include "text/normalizer.hpp"
#include "translit/registry.hpp"

namespace normname::detail {

namespace {
constexpr std::string_view kMiddleDot = "\u00B7";

bool is_key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

void erase_dots(std::string& latin) {
  for (std::size_t at; (at = latin.find(kMiddleDot)) != std::string::npos;) latin.erase(at, kMiddleDot.size());
}

// The key, a piece of latn-ascii output at a time: lower case a-z0-9 tokens joined by one
// space. Apostrophes and the soft/hard sign marks vanish (O'Brien = OBrien, Ilʹich = Ilich),
// as does whatever latn-ascii could not spell in ASCII (U+FFFD, symbols); any other ASCII
// that is not a letter or digit separates tokens (Rimsky-Korsakov).
struct KeyWriter {
  std::string& key;
  bool pending_space = false;
  void operator()(std::string_view ascii) {
    for (char c : ascii) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c == '\'' || c == '"' || static_cast<unsigned char>(c) >= 0x80) continue;
      if (!is_key_char(c)) {
        pending_space = !key.empty();
        continue;
      }
      if (pending_space) key.push_back(' ');
      pending_space = false;
      key.push_back(c);
    }
  }
};

void finish(KeyTrace& trace) {
  trace.key.clear();
  trace.key.reserve(trace.ascii.size());
  KeyWriter{trace.key}(trace.ascii);
}

bool all_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}
}  // namespace

std::string make_key(const Normalizer& normalizer, const SchemeRegistry& schemes, std::string_view name,
                     std::string_view prefer_language) {
  KeyTrace trace;
  make_key(normalizer, schemes, name, trace, prefer_language);
  return std::move(trace.key);
}

void make_key(const Normalizer& normalizer, const SchemeRegistry& schemes, std::string_view name, KeyTrace& trace,
              std::string_view prefer_language) {
  NormalizeOptions opts;  // defaults: NFC, case fold, unified punctuation, squashed spaces
  std::vector<Lookalike> found;
  trace.normalized = schemes.detector().fold_lookalikes(normalizer.reference(name, opts), &found);
  trace.lookalikes.clear();
  for (auto& f : found) trace.lookalikes.push_back({std::move(f.word), std::move(f.folded)});
  std::string latin = schemes.run_name(trace.normalized, kKeyRomanize, &trace.language, prefer_language);
  // The optional BGN/PCGN middle dot (Иркутск -> Irkut·sk) is not a word break.
  erase_dots(latin);
  trace.romanized = std::move(latin);
  trace.ascii = schemes.run(trace.romanized, kKeyAscii);
  finish(trace);
}

KeyMaker::KeyMaker(const Normalizer& normalizer, const SchemeRegistry& schemes)
    : normalizer_(normalizer), schemes_(schemes) {}


KeyMaker::Piece KeyMaker::piece(std::string_view text, const std::string& scheme) const {
  Piece p;
  p.romanized = scheme.empty() ? std::string(text) : schemes_.run(text, scheme);
  erase_dots(p.romanized);
  p.ascii = all_ascii(p.romanized) ? p.romanized : schemes_.run(p.romanized, kKeyAscii);
  return p;
}

std::string KeyMaker::operator()(std::string_view name, std::string_view prefer_language) const {
  std::string key;
  if (schemes_.reference_engine() || !make(name, prefer_language, key)) {
    return make_key(normalizer_, schemes_, name, prefer_language);
  }
  return key;
}

void KeyMaker::operator()(std::string_view name, KeyTrace& trace, std::string_view prefer_language) const {
  if (schemes_.reference_engine() || !make_traced(name, prefer_language, trace)) {
    make_key(normalizer_, schemes_, name, trace, prefer_language);
  }
}

namespace {
// A cache entry, in bytes (integers little-endian):
//   u8 flags (kReferenceOnly: the name must take make_key), u16 token count, then per token
//   u8 votes (a Cyrillic token with candidates), u64 its language set, u8+bytes its own
//   language, u8 candidate count and u8+bytes each; then, to the end, the piece's keys:
//   u8+bytes the languages of its tokens joined by ',', u16+bytes the key.
constexpr unsigned char kReferenceOnly = 1;

void put_int(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_short(std::string& out, std::string_view s) {  // callers keep s under 256 bytes
  put_int(out, s.size(), 1);
  out.append(s);
}

// Reads what put_int/put_short wrote; the entries are the cache's own, never input.
struct EntryReader {
  const char* at;
  std::uint64_t num(int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(*at++)} << (8 * i);
    return v;
  }
  std::string_view text(int len_bytes) {
    const std::size_t n = num(len_bytes);
    std::string_view s(at, n);
    at += n;
    return s;
  }
};

struct CachedToken {
  bool votes = false;
  std::uint64_t set = 0;
  std::string_view lang;
  const char* candidates = nullptr;  // count, then u8+bytes each
  std::size_t count = 0;
  bool allows(std::string_view lang_wanted) const {
    EntryReader r{candidates};
    for (std::size_t i = 0; i < count; ++i) {
      if (r.text(1) == lang_wanted) return true;
    }
    return false;
  }
};

struct PieceRef {
  std::string_view text;     // as written in the name
  std::uint64_t hash = 0;
  std::size_t entry = 0;     // offset of its entry in the scratch buffer
  std::size_t size = 0;      // entry bytes
  std::size_t first = 0;     // its first token in the scratch token list
  std::size_t tokens = 0;
  const char* keys = nullptr;  // where its keys begin
};

// Languages and candidates are a handful of ASCII letters (tables/script/alphabets.tsv).
constexpr std::size_t kMaxLangBytes = 255;
constexpr std::size_t kMaxCandidates = 255;
}  // namespace

// Text as the reference path sees it (normalized, look-alikes folded), its tokens and their
// scripts; `found` gets the folded words.
KeyMaker::Analysis KeyMaker::analyse(std::string_view text, std::vector<Lookalike>* found) const {
  const ScriptDetector& detector = schemes_.detector();
  Analysis a;
  a.text = detector.fold_lookalikes(normalizer_(text, NormalizeOptions{}), found);
  a.spans = tokenize(a.text);
  a.scripts.reserve(a.spans.size());
  for (const Span& sp : a.spans) a.scripts.push_back(detector.classify(std::string_view(a.text).substr(sp.offset, sp.length)));
  return a;
}

// A middle dot between two tokens would join them once dots are erased: such a name takes
// the reference path.
bool KeyMaker::Analysis::dot_between_tokens() const {
  for (std::size_t i = 0, done = 0; i <= spans.size(); ++i) {
    const std::size_t end = i < spans.size() ? spans[i].offset : text.size();
    if (std::string_view(text).substr(done, end - done).find(kMiddleDot) != std::string_view::npos) return true;
    if (i < spans.size()) done = spans[i].offset + spans[i].length;
  }
  return false;
}

// Each gap and token of `a` in order, romanized (tokens by the language in a.scripts) and
// folded to ASCII: emit(romanized, ascii).
void KeyMaker::walk(const Analysis& a, const std::function<void(std::string_view, std::string_view)>& emit) const {
  auto gap = [&](std::string_view g) {
    if (all_ascii(g)) return emit(g, g);
    const Piece p = piece(g, {});
    emit(p.romanized, p.ascii);
  };
  std::size_t done = 0;
  for (std::size_t i = 0; i < a.spans.size(); ++i) {
    gap(std::string_view(a.text).substr(done, a.spans[i].offset - done));
    const std::string_view word = std::string_view(a.text).substr(a.spans[i].offset, a.spans[i].length);
    const Piece p = piece(word, schemes_.dispatch_scheme(kKeyRomanize, a.scripts[i]));
    emit(p.romanized, p.ascii);
    done = a.spans[i].offset + a.spans[i].length;
  }
  gap(std::string_view(a.text).substr(done));
}

std::string KeyMaker::piece_key(const Analysis& a) const {
  std::string key;
  KeyWriter write{key};
  walk(a, [&](std::string_view, std::string_view ascii) { write(ascii); });
  return key;
}

// A new entry: the tokens, and the key for each token in its own language (what most names
// ask for: one word's first candidate is usually the name's common language too).
std::string KeyMaker::entry_of(std::string_view piece_text) const {
  const ScriptDetector& detector = schemes_.detector();
  const Analysis a = analyse(piece_text);
  unsigned char flags = a.dot_between_tokens() || a.spans.size() > 0xFFFF ? kReferenceOnly : 0;
  std::string entry(1, '\0');
  put_int(entry, a.spans.size(), 2);
  std::string langs;
  for (std::size_t t = 0; t < a.scripts.size(); ++t) {
    const TokenScript& ts = a.scripts[t];
    const bool votes = ts.script == Script::cyrillic && !ts.candidates.empty();
    std::uint64_t set = 0;
    if (votes) {
      const auto s = detector.language_set(ts);
      if (!s) flags = kReferenceOnly;
      set = s.value_or(0);
    }
    if (ts.lang.size() > kMaxLangBytes || ts.candidates.size() > kMaxCandidates) flags = kReferenceOnly;
    put_int(entry, votes, 1);
    put_int(entry, set, 8);
    put_short(entry, std::string_view(ts.lang).substr(0, kMaxLangBytes));
    const std::size_t count = std::min(ts.candidates.size(), kMaxCandidates);
    put_int(entry, count, 1);
    for (std::size_t i = 0; i < count; ++i) put_short(entry, std::string_view(ts.candidates[i]).substr(0, kMaxLangBytes));
    if (t > 0) langs.push_back(',');
    langs += ts.lang;
  }
  entry[0] = static_cast<char>(flags);
  if (flags == 0 && langs.size() <= kMaxLangBytes) {
    const std::string key = piece_key(a);
    if (key.size() <= FlatCache::kMaxBytes) {
      put_short(entry, langs);
      put_int(entry, key.size(), 2);
      entry += key;
    }
  }
  return entry;
}

// False when the name must take the reference path (Analysis::dot_between_tokens).
bool KeyMaker::make(std::string_view name, std::string_view prefer, std::string& key) const {
  // Scratch space of this thread, reused from name to name: no allocation once warm.
  thread_local std::string entries;
  thread_local std::vector<PieceRef> pieces;
  thread_local std::vector<CachedToken> tokens;
  thread_local std::vector<std::string_view> langs;
  thread_local std::string lang_key;
  entries.clear();
  pieces.clear();
  tokens.clear();
  for (std::size_t at = 0; at < name.size();) {
    std::size_t end = name.find(' ', at);
    if (end == std::string_view::npos) end = name.size();
    if (end > at) {
      PieceRef p;
      p.text = name.substr(at, end - at);
      p.hash = FlatCache::hash(p.text);
      pieces_.prefetch(p.hash, 0);
      pieces.push_back(p);
    }
    at = end + 1;
  }
  // The pieces' look-ups overlap: each is two dependent loads, likely from L3 or memory.
  for (const PieceRef& p : pieces) pieces_.prefetch(p.hash, 1);
  for (PieceRef& p : pieces) {
    p.entry = entries.size();
    if (!pieces_.append_to(p.text, p.hash, entries)) {
      const std::string entry = entry_of(p.text);
      pieces_.set(p.text, p.hash, entry);
      entries += entry;
    }
    if (static_cast<unsigned char>(entries[p.entry]) & kReferenceOnly) return false;
    p.size = entries.size() - p.entry;
  }
  // Read the tokens (entries no longer moves) and the one language of the name.
  std::uint64_t common = ~std::uint64_t{0};
  bool voted = false;
  for (PieceRef& p : pieces) {
    EntryReader r{entries.data() + p.entry + 1};
    p.first = tokens.size();
    p.tokens = r.num(2);
    for (std::size_t i = 0; i < p.tokens; ++i) {
      CachedToken t;
      t.votes = r.num(1) != 0;
      t.set = r.num(8);
      t.lang = r.text(1);
      t.count = r.num(1);
      t.candidates = r.at;
      for (std::size_t c = 0; c < t.count; ++c) r.text(1);
      if (t.votes) {
        common &= t.set;
        voted = true;
      }
      tokens.push_back(t);
    }
    p.keys = r.at;
  }
  const std::string_view lang = voted && common != 0 ? std::string_view(schemes_.detector().language_of(common)) : "";
  key.clear();
  key.reserve(name.size());
  for (const PieceRef& p : pieces) {
    langs.clear();
    lang_key.clear();
    for (std::size_t i = p.first; i < p.first + p.tokens; ++i) {
      const CachedToken& t = tokens[i];
      std::string_view token_lang = t.lang;
      if (t.votes && !lang.empty()) token_lang = lang;
      if (!prefer.empty() && t.allows(prefer)) token_lang = prefer;
      langs.push_back(token_lang);
      if (i > p.first) lang_key.push_back(',');
      lang_key.append(token_lang);
    }
    std::string_view piece_key_text;
    bool found = false;
    const char* end = entries.data() + p.entry + p.size;
    for (EntryReader r{p.keys}; r.at < end;) {
      const std::string_view langs_of = r.text(1);
      const std::string_view k = r.text(2);
      if (langs_of == lang_key) {
        piece_key_text = k;
        found = true;
        break;
      }
    }
    std::string made;
    if (!found) {
      // First time with these languages: romanize, and keep it beside the others.
      Analysis a = analyse(p.text);
      for (std::size_t i = 0; i < a.scripts.size() && i < langs.size(); ++i) a.scripts[i].lang = std::string(langs[i]);
      made = piece_key(a);
      if (lang_key.size() <= kMaxLangBytes && made.size() <= FlatCache::kMaxBytes) {
        std::string entry(entries.data() + p.entry, p.size);
        put_short(entry, lang_key);
        put_int(entry, made.size(), 2);
        entry += made;
        pieces_.set(p.text, p.hash, entry);
      }
      piece_key_text = made;
    }
    if (piece_key_text.empty()) continue;
    if (!key.empty()) key.push_back(' ');
    key.append(piece_key_text);
  }
  return true;
}

// The same key, keeping each stage's output; for explain_key, so nothing is cached.
bool KeyMaker::make_traced(std::string_view name, std::string_view prefer, KeyTrace& trace) const {
  const ScriptDetector& detector = schemes_.detector();
  std::vector<Lookalike> found;
  Analysis a = analyse(name, &found);
  if (a.dot_between_tokens()) return false;
  const bool cyrillic =
      std::any_of(a.scripts.begin(), a.scripts.end(), [](const TokenScript& t) { return t.script == Script::cyrillic; });
  const std::string lang = cyrillic ? detector.one_language(a.scripts) : std::string();
  for (TokenScript& t : a.scripts) {
    if (!prefer.empty() && std::find(t.candidates.begin(), t.candidates.end(), prefer) != t.candidates.end()) {
      t.lang = std::string(prefer);
    }
  }
  trace.normalized = a.text;
  trace.lookalikes.clear();
  for (auto& f : found) trace.lookalikes.push_back({std::move(f.word), std::move(f.folded)});
  trace.language = prefer.empty() ? lang : std::string(prefer);
  trace.romanized.clear();
  trace.ascii.clear();
  walk(a, [&](std::string_view romanized, std::string_view ascii) {
    trace.romanized.append(romanized);
    trace.ascii.append(ascii);
  });
  finish(trace);
  return true;
}

}  // namespace normname::detail
