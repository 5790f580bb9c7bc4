#!/usr/bin/env bash
# Trains the learned transliteration model (lib/translit/joint.hpp) from the Wikidata
# English-Russian name dictionary (tests/data/wikidata-en-ru/, CC0).
#   scripts/learn-translit.sh BUILD          the shipped model, from both slices:
#                                            tables/translit/learned/en-ru.tsv
#   scripts/learn-translit.sh BUILD --dev F  a development model, from the training slice
#                                            (wd_russian_64) only, written to F: what
#                                            tests/eval measures on wd_russian_16
# BUILD is a build directory holding tools/normname-learn (cmake --build BUILD).
# The settings are the ones measured in docs/matching.md ("Learned transliteration").
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/learn-translit.sh BUILD [--dev FILE]}
learn="$build/tools/normname-learn"
[ -x "$learn" ] || { echo "learn-translit: $learn not built (cmake --build $build --target normname-learn)" >&2; exit 1; }
data=tests/data/wikidata-en-ru
settings=(--order 5 --cutoff 2 --iterations 8 --max-latin 2 --max-cyrillic 2 --drop-worst 0.03)
if [ "${2:-}" = "--dev" ]; then
  "$learn" train "${settings[@]}" --out "${3:?--dev needs a file}" "$data/wd_russian_64"
else
  "$learn" train "${settings[@]}" --out tables/translit/learned/en-ru.tsv "$data/wd_russian_64" "$data/wd_russian_16"
fi
