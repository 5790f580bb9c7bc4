#pragma once
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "normname/normname.hpp"

namespace test {

/// One Context for the whole test binary: building it compiles nothing until first use.
inline const normname::Context& ctx() {
  static const normname::Context c;
  return c;
}

/// A copy of `s` in a heap buffer of exactly its size, so a read past the end trips ASan.
class ExactBuffer {
 public:
  explicit ExactBuffer(std::string_view s) : size_(s.size()), data_(new char[s.size() ? s.size() : 1]) {
    std::memcpy(data_.get(), s.data(), s.size());
  }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::size_t size_;
  std::unique_ptr<char[]> data_;
};

}  // namespace test
