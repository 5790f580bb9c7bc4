#pragma once
// Shared by the fuzz targets: one Context on the built-in tables, and a check that aborts
// with a message, so that libFuzzer records the input that broke an invariant.
#include <cstdio>
#include <cstdlib>

#include "normname/normname.hpp"

namespace fuzz {

inline const normname::Context& context() {
  static const normname::Context ctx;
  return ctx;
}

inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

}  // namespace fuzz
