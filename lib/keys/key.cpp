#include "keys/key.hpp"

#include "script/detector.hpp"
#include "text/normalizer.hpp"
#include "translit/registry.hpp"

namespace normname::detail {

namespace {
constexpr std::string_view kMiddleDot = "\u00B7";

bool is_key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
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
  trace.normalized = schemes.detector().fold_lookalikes(normalizer(name, opts), &found);
  trace.lookalikes.clear();
  for (auto& f : found) trace.lookalikes.push_back({std::move(f.word), std::move(f.folded)});
  std::string latin = schemes.run_name(trace.normalized, kKeyRomanize, &trace.language, prefer_language);
  // The optional BGN/PCGN middle dot (Иркутск -> Irkut·sk) is not a word break.
  for (std::size_t at; (at = latin.find(kMiddleDot)) != std::string::npos;) latin.erase(at, kMiddleDot.size());
  trace.romanized = std::move(latin);
  trace.ascii = schemes.run(trace.romanized, kKeyAscii);
  const std::string& ascii = trace.ascii;
  std::string& key = trace.key;
  key.clear();
  key.reserve(ascii.size());
  bool pending_space = false;
  for (char c : ascii) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    // Apostrophes and the soft/hard sign marks vanish (O'Brien = OBrien, Ilʹich = Ilich), as
    // does whatever latn-ascii could not spell in ASCII (U+FFFD, symbols); any other ASCII
    // that is not a letter or digit separates tokens (Rimsky-Korsakov).
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

}  // namespace normname::detail
