#pragma once
// Typed errors. normname reports failures by throwing normname::error, whose code() is an
// errc; see docs/decisions.md for why exceptions and not a result type.
#include <stdexcept>
#include <string>
#include <string_view>

namespace normname {

enum class errc {
  invalid_utf8 = 1,   ///< input is not UTF-8 and the caller asked not to repair it
  unknown_scheme,     ///< a transliteration scheme ID that no table defines
  bad_rules,          ///< an ICU rule file that ICU refuses to compile
  bad_table,          ///< a table line that does not parse (message names file:line)
  io_error,           ///< a file or directory that cannot be read
  unknown_encoding,   ///< an --encoding name that is not supported
};

/// Short, stable name of an error code ("unknown_scheme").
[[nodiscard]] std::string_view to_string(errc code) noexcept;

class error : public std::runtime_error {
 public:
  error(errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] errc code() const noexcept { return code_; }

 private:
  errc code_;
};

}  // namespace normname
