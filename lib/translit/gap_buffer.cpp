#include "translit/gap_buffer.hpp"

#include <unicode/utf16.h>

#include <algorithm>

namespace normname::detail {

GapBuffer::GapBuffer(const icu::UnicodeString& text)
    : data_(text.getBuffer(), static_cast<std::size_t>(text.length())),
      gap_start_(data_.size()),
      gap_end_(data_.size()) {}

int32_t GapBuffer::getLength() const { return static_cast<int32_t>(data_.size() - gap_size()); }

char16_t GapBuffer::getCharAt(int32_t offset) const {
  if (offset < 0 || offset >= getLength()) return 0xFFFF;  // as UnicodeString::charAt
  auto i = static_cast<std::size_t>(offset);
  return i < gap_start_ ? data_[i] : data_[i + gap_size()];
}

UChar32 GapBuffer::getChar32At(int32_t offset) const {
  // Same contract as UnicodeString::char32At: a surrogate half that is part of a pair
  // yields the whole code point, from either half.
  char16_t c = getCharAt(offset);
  if (U16_IS_LEAD(c) && offset + 1 < getLength()) {
    char16_t d = getCharAt(offset + 1);
    if (U16_IS_TRAIL(d)) return U16_GET_SUPPLEMENTARY(c, d);
  } else if (U16_IS_TRAIL(c) && offset > 0) {
    char16_t b = getCharAt(offset - 1);
    if (U16_IS_LEAD(b)) return U16_GET_SUPPLEMENTARY(b, c);
  }
  return c;
}

void GapBuffer::move_gap(std::size_t pos) {
  if (pos < gap_start_) {
    std::size_t n = gap_start_ - pos;
    std::copy_backward(data_.begin() + static_cast<std::ptrdiff_t>(pos),
                       data_.begin() + static_cast<std::ptrdiff_t>(gap_start_),
                       data_.begin() + static_cast<std::ptrdiff_t>(gap_end_));
    gap_start_ -= n;
    gap_end_ -= n;
  } else if (pos > gap_start_) {
    std::size_t n = pos - gap_start_;
    std::copy(data_.begin() + static_cast<std::ptrdiff_t>(gap_end_),
              data_.begin() + static_cast<std::ptrdiff_t>(gap_end_ + n),
              data_.begin() + static_cast<std::ptrdiff_t>(gap_start_));
    gap_start_ += n;
    gap_end_ += n;
  }
}

void GapBuffer::reserve_gap(std::size_t n) {
  if (gap_size() >= n) return;
  // Grow geometrically so that a run of insertions costs amortized O(1) each.
  std::size_t grow = std::max(n - gap_size(), data_.size() / 2 + 16);
  data_.insert(data_.begin() + static_cast<std::ptrdiff_t>(gap_end_), grow, u'\0');
  gap_end_ += grow;
}

void GapBuffer::handleReplaceBetween(int32_t start, int32_t limit, const icu::UnicodeString& text) {
  auto s = static_cast<std::size_t>(std::clamp(start, 0, getLength()));
  auto l = static_cast<std::size_t>(std::clamp(limit, start, getLength()));
  move_gap(l);
  gap_start_ = s;  // the replaced text is now inside the gap
  auto n = static_cast<std::size_t>(text.length());
  reserve_gap(n);
  std::copy(text.getBuffer(), text.getBuffer() + n, data_.begin() + static_cast<std::ptrdiff_t>(gap_start_));
  gap_start_ += n;
}

void GapBuffer::extractBetween(int32_t start, int32_t limit, icu::UnicodeString& target) const {
  target.remove();
  for (int32_t i = std::max(start, 0); i < std::min(limit, getLength()); ++i) target.append(getCharAt(i));
}

void GapBuffer::copy(int32_t start, int32_t limit, int32_t dest) {
  icu::UnicodeString piece;
  extractBetween(start, limit, piece);
  handleReplaceBetween(dest, dest, piece);
}

std::string GapBuffer::to_utf8() const {
  icu::UnicodeString u(data_.data(), static_cast<int32_t>(gap_start_));
  u.append(data_.data() + gap_end_, static_cast<int32_t>(data_.size() - gap_end_));
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace normname::detail
