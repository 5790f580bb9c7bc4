#pragma once
// A text buffer ICU transliterates in place in linear time.
#include <unicode/rep.h>
#include <unicode/unistr.h>

#include <string>

namespace normname::detail {

/// An icu::Replaceable over a gap buffer. ICU's rule engine replaces text at a cursor that
/// moves left to right; on a UnicodeString each replacement shifts the whole rest of the text
/// (quadratic: a 1 MiB token took seconds), here it only moves the gap to the cursor.
class GapBuffer final : public icu::Replaceable {
 public:
  explicit GapBuffer(const icu::UnicodeString& text);

  std::string to_utf8() const;

  int32_t getLength() const override;
  char16_t getCharAt(int32_t offset) const override;
  UChar32 getChar32At(int32_t offset) const override;
  void handleReplaceBetween(int32_t start, int32_t limit, const icu::UnicodeString& text) override;
  void extractBetween(int32_t start, int32_t limit, icu::UnicodeString& target) const override;
  void copy(int32_t start, int32_t limit, int32_t dest) override;
  UBool hasMetaData() const override { return false; }

 private:
  std::size_t gap_size() const { return gap_end_ - gap_start_; }
  void move_gap(std::size_t pos);
  void reserve_gap(std::size_t n);

  std::u16string data_;
  std::size_t gap_start_ = 0;  // logical text = data_[0, gap_start_) + data_[gap_end_, size)
  std::size_t gap_end_ = 0;
};

}  // namespace normname::detail
