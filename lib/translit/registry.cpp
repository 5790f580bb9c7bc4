#include "translit/registry.hpp"
#include "translit/gap_buffer.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "normname/error.hpp"
#include "script/detector.hpp"
#include "tables/tsv.hpp"

namespace normname::detail {

struct SchemeRegistry::Scheme {
  SchemeInfo info;
  std::string rules;                             // for rule schemes
  std::map<std::string, std::string, std::less<>> dispatch;  // for dispatch schemes
  bool is_dispatch = false;
  mutable std::once_flag once;
  mutable std::unique_ptr<icu::Transliterator> compiled;
};

namespace {
constexpr std::string_view kDir = "translit/";
constexpr std::string_view kCopy = "-";
constexpr std::string_view kLatinKey = "latin";
constexpr std::string_view kOtherKey = "other";
// Above this many UTF-16 units a text goes through a GapBuffer (see gap_buffer.hpp); below,
// a plain UnicodeString is as fast and avoids the virtual calls.
constexpr int32_t kLongText = 4096;
}  // namespace

SchemeRegistry::SchemeRegistry(const Tables& tables, const ScriptDetector& detector) : detector_(detector) {
  for (const std::string& path : tables.paths()) {
    if (path.rfind(kDir, 0) != 0) continue;
    std::string_view name = std::string_view(path).substr(kDir.size());
    if (name.find('/') != std::string_view::npos) continue;
    const bool rules = name.ends_with(".txt");
    const bool dispatch = name.ends_with(".tsv");
    if (!rules && !dispatch) continue;
    const std::string& content = *tables.find(path);
    auto s = std::make_unique<Scheme>();
    s->info.id = std::string(name.substr(0, name.size() - 4));
    s->info.description = header_field(content, "description");
    s->info.standard = header_field(content, "standard");
    s->info.source = path;
    if (s->info.description.empty() || s->info.standard.empty()) {
      table_error(path, 1, "a scheme file needs '# description:' and '# standard:' header lines");
    }
    if (dispatch) {
      s->is_dispatch = true;
      for (const auto& row : read_tsv(path, content)) {
        if (row.fields.size() < 2) table_error(path, row.line, "expected: language <TAB> scheme");
        s->dispatch[std::string(row.fields[0])] = std::string(row.fields[1]);
      }
    } else {
      s->rules = content;
    }
    schemes_[s->info.id] = std::move(s);
  }
  // A dispatch scheme may only name schemes that exist: check now, not at the first token.
  for (const auto& [id, s] : schemes_) {
    for (const auto& [lang, target] : s->dispatch) {
      if (target != kCopy && (!schemes_.count(target) || schemes_.at(target)->is_dispatch)) {
        table_error(s->info.source, 1, "language '" + lang + "' names unknown rule scheme '" + target + "'");
      }
    }
  }
}

SchemeRegistry::~SchemeRegistry() = default;

std::vector<SchemeInfo> SchemeRegistry::list() const {
  std::vector<SchemeInfo> out;
  for (const auto& [id, s] : schemes_) out.push_back(s->info);
  return out;
}

bool SchemeRegistry::has(std::string_view id) const { return schemes_.find(id) != schemes_.end(); }

const SchemeRegistry::Scheme& SchemeRegistry::get(std::string_view id) const {
  auto it = schemes_.find(id);
  if (it == schemes_.end()) {
    throw error(errc::unknown_scheme, "unknown scheme '" + std::string(id) + "' (see: normname translit --list)");
  }
  return *it->second;
}

const icu::Transliterator& SchemeRegistry::compiled(const Scheme& s) const {
  std::call_once(s.once, [&] {
    UParseError perr{};
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createFromRules(
        icu::UnicodeString::fromUTF8(s.info.id), icu::UnicodeString::fromUTF8(s.rules), UTRANS_FORWARD,
        perr, status));
    if (U_FAILURE(status) || !t) {
      std::string context;
      icu::UnicodeString(perr.preContext).toUTF8String(context);
      throw error(errc::bad_rules, "tables/" + s.info.source + ": ICU cannot compile rule " +
                                       std::to_string(perr.line) + " near '" + context + "': " +
                                       u_errorName(status));
    }
    s.compiled = std::move(t);
  });
  return *s.compiled;
}

std::string SchemeRegistry::run(std::string_view text, std::string_view id) const {
  const Scheme& s = get(id);
  if (s.is_dispatch) return run_dispatch(text, s);
  const icu::Transliterator& t = compiled(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::string out;
  // One compiled instance serves every thread through the const transliterate();
  // tests/unit/translit_test.cpp exercises that from several threads.
  if (u.length() <= kLongText) {
    t.transliterate(u);
    u.toUTF8String(out);
    return out;
  }
  // Long text: ICU replaces in place, quadratic on a UnicodeString; linear on a GapBuffer.
  GapBuffer buf(u);
  t.transliterate(buf);
  return buf.to_utf8();
}

std::string SchemeRegistry::run_dispatch(std::string_view text, const Scheme& s) const {
  std::string out;
  std::size_t copied = 0;
  for (const TokenScript& t : detector_(text)) {
    out.append(text.substr(copied, t.offset - copied));
    copied = t.offset + t.length;
    std::string_view token = text.substr(t.offset, t.length);
    std::string_view key;
    switch (t.script) {
      case Script::cyrillic: key = t.lang; break;
      case Script::latin: key = kLatinKey; break;
      case Script::none: key = kCopy; break;
      case Script::mixed:
      case Script::other: key = kOtherKey; break;
    }
    auto it = s.dispatch.find(key);
    if (it == s.dispatch.end() && t.script == Script::cyrillic) it = s.dispatch.find(kOtherKey);
    if (it == s.dispatch.end() || it->second == kCopy) {
      out.append(token);
    } else {
      out += run(token, it->second);
    }
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace normname::detail
