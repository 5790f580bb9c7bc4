#include "keys/key.hpp"

#include <algorithm>

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
  if (schemes_.reference_engine() || !make(name, prefer_language, key, nullptr)) {
    KeyTrace trace;
    make_key(normalizer_, schemes_, name, trace, prefer_language);
    return std::move(trace.key);
  }
  return key;
}

void KeyMaker::operator()(std::string_view name, KeyTrace& trace, std::string_view prefer_language) const {
  if (schemes_.reference_engine() || !make(name, prefer_language, trace.key, &trace)) {
    make_key(normalizer_, schemes_, name, trace, prefer_language);
  }
}

// False when the name must take the reference path (a middle dot between two words would
// join them once dots are erased).
bool KeyMaker::make(std::string_view name, std::string_view prefer, std::string& key, KeyTrace* trace) const {
  const ScriptDetector& detector = schemes_.detector();
  NormalizeOptions opts;
  std::vector<Lookalike> found;
  const std::string text = detector.fold_lookalikes(normalizer_(name, opts), trace ? &found : nullptr);
  const std::vector<Span> spans = tokenize(text);
  for (std::size_t i = 0, done = 0; i <= spans.size(); ++i) {
    const std::size_t end = i < spans.size() ? spans[i].offset : text.size();
    if (std::string_view(text).substr(done, end - done).find(kMiddleDot) != std::string_view::npos) return false;
    if (i < spans.size()) done = spans[i].offset + spans[i].length;
  }
  std::vector<std::shared_ptr<const Token>> tokens;
  tokens.reserve(spans.size());
  for (const Span& sp : spans) {
    const std::string_view token = std::string_view(text).substr(sp.offset, sp.length);
    tokens.push_back(tokens_.get(token, [&] {
      auto t = std::make_shared<Token>();
      t->script = detector.classify(token);
      return std::shared_ptr<const Token>(std::move(t));
    }));
  }
  const std::string lang = [&] {
    std::vector<std::shared_ptr<const TokenScript>> scripts;
    bool cyrillic = false;
    for (const auto& t : tokens) cyrillic = cyrillic || (t->script.script == Script::cyrillic);
    if (!cyrillic) return std::string();
    for (const auto& t : tokens) scripts.emplace_back(t, &t->script);
    return detector.one_language(scripts);
  }();
  if (trace) {
    trace->normalized = text;
    trace->lookalikes.clear();
    for (auto& f : found) trace->lookalikes.push_back({std::move(f.word), std::move(f.folded)});
    trace->language = prefer.empty() ? lang : std::string(prefer);
    trace->romanized.clear();
    trace->ascii.clear();
  }
  key.clear();
  key.reserve(text.size());
  KeyWriter write{key};
  auto emit = [&](std::string_view romanized, std::string_view ascii) {
    if (trace) {
      trace->romanized.append(romanized);
      trace->ascii.append(ascii);
    }
    write(ascii);
  };
  auto gap = [&](std::string_view g) {
    if (all_ascii(g)) return emit(g, g);
    const auto p = gaps_.get(g, [&] { return std::make_shared<const Piece>(piece(g, {})); });
    emit(p->romanized, p->ascii);
  };
  std::size_t done = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    gap(std::string_view(text).substr(done, spans[i].offset - done));
    const std::string_view word = std::string_view(text).substr(spans[i].offset, spans[i].length);
    const TokenScript& ts = tokens[i]->script;
    std::string_view token_lang = ts.lang;
    if (ts.script == Script::cyrillic && !ts.candidates.empty() && !lang.empty()) token_lang = lang;
    if (!prefer.empty() && std::find(ts.candidates.begin(), ts.candidates.end(), prefer) != ts.candidates.end()) {
      token_lang = prefer;
    }
    const Piece* p = nullptr;
    for (const auto& [l, pc] : tokens[i]->pieces) {
      if (l == token_lang) p = &pc;
    }
    if (!p) {
      // First time in this language: romanize, and keep it beside the others.
      TokenScript t = ts;
      t.lang = std::string(token_lang);
      auto next = std::make_shared<Token>(*tokens[i]);
      next->pieces.emplace_back(t.lang, piece(word, schemes_.dispatch_scheme(kKeyRomanize, t)));
      tokens_.set(word, next);
      tokens[i] = std::move(next);
      p = &tokens[i]->pieces.back().second;
    }
    emit(p->romanized, p->ascii);
    done = spans[i].offset + spans[i].length;
  }
  gap(std::string_view(text).substr(done));
  if (trace) finish(*trace);
  return true;
}

}  // namespace normname::detail
