// Fuzz target: any bytes as a team's alias table (tables come from other teams). Checks:
// lint never crashes and reports invalid UTF-8 as an error; format_aliases is idempotent;
// loading the table either works or fails with normname::error (a message naming the file),
// and when it loads, each of its names resolves without throwing, with a score in [0, 1].
#include <cstdint>
#include <string>

#include "common.hpp"
#include "normname/tables_edit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2048) return 0;
  const std::string table(reinterpret_cast<const char*>(data), size);
  const normname::Tables tables = normname::Tables::builtin().with_file("aliases/fuzz.tsv", table, "fuzz.tsv");
  const auto diags = normname::lint_aliases(tables);
  if (!normname::is_valid_utf8(table)) {
    bool reported = false;
    for (const auto& d : diags) reported |= d.message.find("invalid UTF-8") != std::string::npos;
    fuzz::check(reported, "invalid UTF-8 in a table passed lint");
  }
  const std::string once = normname::format_aliases(table);
  fuzz::check(normname::format_aliases(once) == once, "format_aliases is not idempotent");
  try {
    const normname::Context ctx(tables);
    for (const auto& r : normname::read_aliases(tables)) {
      if (r.file != "aliases/fuzz.tsv") continue;
      const auto res = ctx.resolve(r.value);
      fuzz::check(res.score >= 0 && res.score <= 1, "resolve score out of range");
    }
  } catch (const normname::error&) {
    // A table that does not load is reported; that is the contract.
  }
  return 0;
}
