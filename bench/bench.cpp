// normname against its peers, same inputs, same run. Each normname benchmark has a peer
// named in the same family ("translit/ru/normname" vs "translit/ru/icu"); bench/run.sh
// turns the pairs into ratios. Inputs: every name in the built-in alias tables.
#include <benchmark/benchmark.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/ustring.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "normname/normname.hpp"

namespace {

const normname::Context& ctx() {
  static const normname::Context c;
  return c;
}

// Names of the built-in alias tables, and those of them in Russian Cyrillic.
struct Corpus {
  std::vector<std::string> all, cyrillic;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus k;
    for (const auto& r : normname::read_aliases(ctx().tables())) {
      if (r.kind != "preferred" && r.kind != "alias" && r.kind != "former" && r.kind != "misspelling") continue;
      k.all.push_back(r.value);
      auto scripts = ctx().detect_script(r.value);
      if (!scripts.empty() && scripts[0].script == normname::Script::cyrillic && scripts[0].lang == "ru") {
        k.cyrillic.push_back(r.value);
      }
    }
    return k;
  }();
  return c;
}

std::unique_ptr<icu::Transliterator> icu_transform(const char* id) {
  UParseError pe;
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(id, UTRANS_FORWARD, pe, st));
  if (U_FAILURE(st)) throw std::runtime_error(std::string("ICU transform ") + id + ": " + u_errorName(st));
  return t;
}

void translit_ru_normname(benchmark::State& state) {
  const auto& names = corpus().cyrillic;
  for (auto _ : state) {
    for (const auto& n : names) benchmark::DoNotOptimize(ctx().transliterate(n, "ru-latn-bgn"));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(names.size()));
}

// A peer run: an ICU transform over every name, UTF-8 in and out like normname's.
void icu_over(benchmark::State& state, const std::vector<std::string>& names, const char* id) {
  auto t = icu_transform(id);
  for (auto _ : state) {
    for (const auto& n : names) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(n);
      t->transliterate(u);
      std::string out;
      benchmark::DoNotOptimize(u.toUTF8String(out));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(names.size()));
}

// Peer: ICU's built-in Russian-Latin/BGN.
void translit_ru_icu(benchmark::State& state) { icu_over(state, corpus().cyrillic, "Russian-Latin/BGN"); }

void normalize_normname(benchmark::State& state) {
  const auto& names = corpus().all;
  for (auto _ : state) {
    for (const auto& n : names) benchmark::DoNotOptimize(ctx().normalize(n));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(names.size()));
}

// Peer: ICU NFC then full case folding, UTF-8 in and out (normname also unifies
// punctuation, strips controls and squashes spaces, so it does more work).
void normalize_icu(benchmark::State& state) {
  const auto& names = corpus().all;
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(st);
  for (auto _ : state) {
    for (const auto& n : names) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(n);
      UErrorCode s2 = U_ZERO_ERROR;
      icu::UnicodeString v = nfc->normalize(u, s2);
      v.foldCase();
      std::string out;
      benchmark::DoNotOptimize(v.toUTF8String(out));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(names.size()));
}

// Peer for a key: ICU's generic romanization pipeline, the usual one-liner baseline.
void key_normname(benchmark::State& state) {
  const auto& names = corpus().all;
  for (auto _ : state) {
    for (const auto& n : names) benchmark::DoNotOptimize(ctx().key(n));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(names.size()));
}

void key_icu(benchmark::State& state) { icu_over(state, corpus().all, "Any-Latin; Latin-ASCII; Lower"); }

// One long word: where ICU's in-place rewriting of a UnicodeString goes quadratic.
std::string long_word() {
  std::string s;
  for (int i = 0; i < 64 * 1024; ++i) s += "ж";
  return s;
}

void long_word_normname(benchmark::State& state) {
  const std::string w = long_word();
  for (auto _ : state) benchmark::DoNotOptimize(ctx().transliterate(w, "ru-latn-bgn"));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(w.size()));
}

void long_word_icu(benchmark::State& state) {
  const std::string w = long_word();
  auto t = icu_transform("Russian-Latin/BGN");
  for (auto _ : state) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
    t->transliterate(u);
    std::string out;
    benchmark::DoNotOptimize(u.toUTF8String(out));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(w.size()));
}

}  // namespace

BENCHMARK(translit_ru_normname)->Name("translit_ru/normname");
BENCHMARK(translit_ru_icu)->Name("translit_ru/icu");
BENCHMARK(normalize_normname)->Name("normalize/normname");
BENCHMARK(normalize_icu)->Name("normalize/icu");
BENCHMARK(key_normname)->Name("key/normname");
BENCHMARK(key_icu)->Name("key/icu");
BENCHMARK(long_word_normname)->Name("long_word_64k/normname")->Unit(benchmark::kMillisecond);
BENCHMARK(long_word_icu)->Name("long_word_64k/icu")->Unit(benchmark::kMillisecond);
// The names of a file (one a line), when NORMNAME_BENCH_NAMES names one (bench/run.sh: the
// benchmark corpus), for the in-process comparison with the any-ascii npm package: key and
// ru-latn-bgn over every line, names per second.
std::vector<std::string> corpus_lines() {
  std::vector<std::string> out;
  const char* path = std::getenv("NORMNAME_BENCH_NAMES");
  if (!path) return out;
  std::ifstream in(path, std::ios::binary);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

int main(int argc, char** argv) {
  static const std::vector<std::string> lines = corpus_lines();
  if (!lines.empty()) {
    benchmark::RegisterBenchmark("corpus_key/normname", [](benchmark::State& state) {
      for (auto _ : state) {
        for (const auto& n : lines) benchmark::DoNotOptimize(ctx().key(n));
      }
      state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(lines.size()));
    })->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("corpus_ru_latn_bgn/normname", [](benchmark::State& state) {
      for (auto _ : state) {
        for (const auto& n : lines) benchmark::DoNotOptimize(ctx().transliterate(n, "ru-latn-bgn"));
      }
      state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(lines.size()));
    })->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
