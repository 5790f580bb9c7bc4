#pragma once
// A scheme's ICU transform rules compiled into a transducer that runs over UTF-8. Internal.
//
// ICU runs a rule-based transliterator on UTF-16 text in a Replaceable, so every call
// converts UTF-8 to UTF-16 and back and edits a buffer in place. The transducer reads the
// same rules and applies them with ICU's semantics (rules tried in order at the cursor,
// before-contexts over the text already converted, after-contexts over the text not yet
// converted, ^ and $ anchors, greedy quantifiers, global filters splitting the text into
// runs, NFC/NFD steps, built-in transforms expanded from ICU's own rules), appending to
// one output string. ICU stays the reference: tests/conformance/transducer.sh proves the
// two give the same bytes on every word of the conformance lists, and rules that use a
// feature the transducer does not implement (segments, cursor positioning, functions) get
// no transducer and run through ICU.
#include <unicode/utrans.h>

#include <memory>
#include <string>
#include <string_view>

namespace normname::detail {

class Transducer {
 public:
  /// nullptr (and the reason in *why) when the rules use a feature it does not implement.
  static std::unique_ptr<Transducer> compile(std::string_view rules, UTransDirection direction, std::string* why);
  ~Transducer();

  /// Appends the transliteration of valid UTF-8 `text` to `out`.
  void run(std::string_view text, std::string& out) const;

  /// True when no rule of any step can match a space (U+0020) in its key, and a context
  /// sees at most the space next to it: only a context's outermost element may match a
  /// space, and then one code point, in a rule not anchored on that side. A space is then
  /// copied, and a word is transliterated as it is with a space (or the text's edge) on each
  /// side, whatever lies beyond: run(a + " " + b) is run(a + " ") then run(" " + b) without
  /// their second space, and words can be looked up one by one (Context::transliterate).
  bool splits_at_spaces() const noexcept { return splits_at_spaces_; }

  struct Compound;

 private:
  Transducer();
  std::unique_ptr<Compound> top_;
  bool splits_at_spaces_ = false;
};

}  // namespace normname::detail
