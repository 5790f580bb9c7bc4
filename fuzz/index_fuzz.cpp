// Fuzz target: a compiled alias index (index/*.nnx, lib/index/image.hpp: a file on disk that may be corrupt or
// hostile) with any content, beside a small real table. Checks: loading never crashes; it
// either uses the index, falls back to the table's text, or fails with normname::error; the
// table's names then resolve with scores in [0, 1]. Seeds: a real compiled index (so that
// mutations keep matching fingerprints and reach the row parser), truncated and flipped.
#include <cstdint>
#include <string>

#include "common.hpp"
#include "normname/tables_edit.hpp"

namespace {
constexpr std::string_view kTable =
    "X1\tperson\tKatya Khazina\nX1\tpreferred\tKatya Khazina\ten\tpress\nX1\talias\tЕкатерина Хазина\tru\tpress\n"
    "X2\tplace\tNovi Sad\nX2\tpreferred\tNovi Sad\tsr-Latn\tx\nX2\talias\tНови Сад\tsr-Cyrl\tx\n";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  const std::string index(reinterpret_cast<const char*>(data), size);
  const normname::Tables base = normname::Tables::builtin().with_file("aliases/t.tsv", std::string(kTable), "t.tsv");
  const normname::Tables tables = base.with_file("index/t.nnx", index, "index/t.nnx");
  try {
    const normname::Context ctx(tables);
    for (const char* name : {"Katya Khazina", "Екатерина Хазина", "Нови Сад", "Novi Sad", "nobody"}) {
      const auto r = ctx.resolve(name);
      fuzz::check(r.score >= 0 && r.score <= 1, "resolve score out of range");
    }
  } catch (const normname::error&) {
  }
  return 0;
}
