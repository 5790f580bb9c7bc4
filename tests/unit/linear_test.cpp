// No input is super-linear (docs/cli.md, "Limits"): each hostile input of the kind that once
// took minutes is run at size n and 4n, and the larger must take at most a generous multiple
// of the smaller (see check_linear). A ratio of two times measured in the
// same process, not a wall-clock bound.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>

#include "helpers.hpp"
#include "normname/limits.hpp"

using namespace normname;
using test::ctx;

namespace {

double seconds(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// make(n) builds the input, run(input) the operation. The sizes are n and 4n: linear work
// takes about 4 times as long, quadratic about 16, so a bound of 8 separates them with room
// for a machine busy with other tests (CI runs them in parallel, also under ASan). The two
// sizes are timed in turns and the fastest of each kept, so that a pause of the machine hits
// both or neither; a time under a few milliseconds is noise, which the allowance covers.
template <class Make, class Run>
void check_linear(std::size_t n, Make make, Run run) {
  constexpr int kRounds = 5;
  constexpr double kRatio = 8.0, kAllowance = 0.005;
  const auto small = make(n), large = make(4 * n);
  double t1 = 1e9, t4 = 1e9;
  for (int i = 0; i < kRounds; ++i) {
    t1 = std::min(t1, seconds([&] { run(small); }));
    t4 = std::min(t4, seconds([&] { run(large); }));
  }
  INFO("n=" << n << ": " << t1 << " s, 4n: " << t4 << " s");
  CHECK(t4 <= kRatio * t1 + kAllowance);
}

}  // namespace

TEST_CASE("linear: match on two long words", "[linear]") {
  check_linear(40000, [](std::size_t n) { return std::make_pair(repeat("a", n), repeat("a", n - 1) + "b"); },
               [](const auto& p) { (void)ctx().match(p.first, p.second); });
}

TEST_CASE("linear: a name of many title words", "[linear]") {
  check_linear(20000, [](std::size_t n) { return repeat("President ", n) + "Ivan Petrov"; },
               [](const std::string& s) { (void)ctx().match(s, "Ivan Petrov"); });
  CHECK(ctx().parse(repeat("President ", 20000)).parts.size() <= kMaxNameBytes);
}

TEST_CASE("linear: combining marks of two classes in reverse order", "[linear]") {
  // U+0301 (class 230) before U+0316 (class 220): canonical reordering must swap every pair.
  check_linear(20000, [](std::size_t n) { return "a" + repeat("\u0301\u0316", n); },
               [](const std::string& s) { (void)ctx().transliterate(s, "ru-latn-bgn"); });
  check_linear(20000, [](std::size_t n) { return "a" + repeat("\u0301\u0316", n); },
               [](const std::string& s) { (void)ctx().normalize(s); });
  // Stream-safe: a joiner after kMaxCombiningRun marks in a row.
  const std::string out = ctx().normalize("a" + repeat("\u0301", 40));
  CHECK(out.find("\u034F") != std::string::npos);
}

TEST_CASE("linear: reverse romanization of a long word and of a long line", "[linear]") {
  check_linear(4000, [](std::size_t n) { return repeat("shch", n); },
               [](const std::string& s) { (void)ctx().transliterate(s, "latn-ru"); });
  check_linear(3000, [](std::size_t n) { return repeat("Pyotr Nikitin ", n); },
               [](const std::string& s) { (void)ctx().transliterate(s, "latn-ru"); });
  check_linear(3000, [](std::size_t n) { return repeat("Pyotr Nikitin ", n); },
               [](const std::string& s) { (void)ctx().transliterate_candidates(s, "latn-ru", 5); });
  check_linear(3000, [](std::size_t n) { return repeat("Rimsky-", n) + "Korsakov"; },
               [](const std::string& s) { (void)ctx().transliterate_candidates(s, "latn-ru", 5); });
}

TEST_CASE("linear: sr-latn-reversible on repeated marked digraphs", "[linear]") {
  check_linear(20000, [](std::size_t n) { return repeat("нј", n); },
               [](const std::string& s) { (void)ctx().transliterate(s, "sr-latn-reversible"); });
  check_linear(5000, [](std::size_t n) { return repeat("нјн ", n); },
               [](const std::string& s) { (void)ctx().transliterate(s, "sr-latn-reversible"); });
}

TEST_CASE("linear: transliteration and keys of long lines", "[linear]") {
  check_linear(100000, [](std::size_t n) { return repeat("Щукин ", n); },
               [](const std::string& s) { (void)ctx().transliterate(s, "ru-latn-bgn"); });
  check_linear(100000, [](std::size_t n) { return repeat("Vučić ", n); },
               [](const std::string& s) { (void)ctx().transliterate(s, "sr-cyrl"); });
  check_linear(100000, [](std::size_t n) { return repeat("Щукин ", n); },
               [](const std::string& s) { (void)ctx().key(s); });
  check_linear(100000, [](std::size_t n) { return repeat("Щукин ", n); },
               [](const std::string& s) { (void)ctx().parse(s); });
}

TEST_CASE("linear: cluster of many copies of a few spellings", "[linear]") {
  check_linear(5000,
               [](std::size_t n) {
                 std::vector<std::string> names;
                 for (std::size_t i = 0; i < n; ++i) {
                   for (const char* s : {"Zdravko Miloradović", "Здравко Милорадовић", "Zdravko Miloradovic", "Z. Miloradović"}) {
                     names.emplace_back(s);
                   }
                 }
                 return names;
               },
               [](const std::vector<std::string>& names) { (void)ctx().cluster(names); });
}

TEST_CASE("linear: tagging a long text, a long run of names, a long hyphenated word", "[linear][tag]") {
  // The family name alone and the given name alone are looked up among the text's people
  // by key, not compared with every mention before them.
  check_linear(2000, [](std::size_t n) { return repeat("Aleksandar Vučić je rekao da Vučić i Aleksandar žele mir u Beogradu. ", n); },
               [](const std::string& s) { (void)ctx().tag(s); });
  check_linear(5000, [](std::size_t n) { return repeat("Beograd Moskva Putin ", n); },
               [](const std::string& s) { (void)ctx().tag(s); });
  check_linear(20000, [](std::size_t n) { return repeat("Beograd-", n); },
               [](const std::string& s) { (void)ctx().tag(s); });
}
