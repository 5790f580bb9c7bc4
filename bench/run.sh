#!/usr/bin/env bash
# Runs the in-process benchmarks and a whole-program comparison with ICU's uconv, and prints
# a Markdown report of ratios (normname time / peer time: below 1 means normname is faster).
# Usage: bench/run.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$build/bench/normname_bench" --benchmark_format=csv --benchmark_min_time=0.3 2>/dev/null > "$tmp/bench.csv"

echo "## In-process (Google Benchmark): time per pass over the built-in alias names"
echo
echo "| what | normname | peer | peer is | ratio |"
echo "| --- | --- | --- | --- | --- |"
# CSV: name,iterations,real_time,cpu_time,time_unit,...
awk -F, 'NR > 1 {
  gsub(/"/, "", $1); split($1, p, "/"); fam = p[1]; who = p[2];
  t[fam, who] = $4; unit[fam] = $5; if (!(fam in seen)) { seen[fam] = 1; order[++n] = fam }
}
END {
  peer["translit_ru"] = "ICU Russian-Latin/BGN"; peer["normalize"] = "ICU NFC + foldCase";
  peer["key"] = "ICU Any-Latin; Latin-ASCII; Lower"; peer["long_word_64k"] = "ICU Russian-Latin/BGN";
  for (i = 1; i <= n; i++) { f = order[i];
    printf "| %s | %.1f %s | %.1f %s | %s | %.2f |\n", f, t[f, "normname"], unit[f], t[f, "icu"], unit[f], peer[f], t[f, "normname"] / t[f, "icu"] }
}' "$tmp/bench.csv"

# Whole program: 100,000 Cyrillic names through the CLI and through uconv.
awk -F'\t' '!/^#/ && NF >= 4 && $4 == "ru" { print $3 }' "$root"/tables/aliases/*.tsv > "$tmp/ru.txt"
: > "$tmp/names.txt"
while [ "$(wc -l < "$tmp/names.txt")" -lt 100000 ]; do cat "$tmp/ru.txt" >> "$tmp/names.txt"; done
lines=$(wc -l < "$tmp/names.txt")
time_of() {  # best of 3, in ms
  local best=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s%N); "$@" < "$tmp/names.txt" > /dev/null; e=$(date +%s%N)
    local ms=$(( (e - s) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
nn=$(time_of "$build/cli/normname" translit --scheme ru-latn-bgn)
uc=$(time_of uconv -f utf-8 -t utf-8 -x Russian-Latin/BGN)
echo
echo "## Whole program (best of 3)"
echo
echo "| what | normname | peer | peer is | ratio |"
echo "| --- | --- | --- | --- | --- |"
awk -v a="$nn" -v b="$uc" -v n="$lines" 'BEGIN { printf "| translit --scheme ru-latn-bgn, %d Cyrillic names | %d ms | %d ms | uconv -x Russian-Latin/BGN | %.2f |\n", n, a, b, a / b }'

# Reverse romanization: the same names romanized under several schemes, each spelling once
# (every word new to normname's cache), then repeated to 100,000 lines as in an archive.
for scheme in ru-latn-press ru-latn-bgn ru-latn-icao ru-latn-scholarly ru-latn-gost779b ru-latn-alalc-ascii; do
  "$build/cli/normname" translit --scheme "$scheme" < "$tmp/ru.txt"
done | sort -u > "$tmp/latin-once.txt"
: > "$tmp/latin.txt"
while [ "$(wc -l < "$tmp/latin.txt")" -lt 100000 ]; do cat "$tmp/latin-once.txt" >> "$tmp/latin.txt"; done
once=$(wc -l < "$tmp/latin-once.txt")
cp "$tmp/latin-once.txt" "$tmp/names.txt"
rn1=$(time_of "$build/cli/normname" translit --scheme latn-ru)
ru1=$(time_of uconv -f utf-8 -t utf-8 -x Latin-Russian/BGN)
cp "$tmp/latin.txt" "$tmp/names.txt"
rn=$(time_of "$build/cli/normname" translit --scheme latn-ru)
ru=$(time_of uconv -f utf-8 -t utf-8 -x Latin-Russian/BGN)
awk -v a="$rn1" -v b="$ru1" -v n="$once" 'BEGIN { printf "| translit --scheme latn-ru, %d distinct romanized names | %d ms | %d ms | uconv -x Latin-Russian/BGN | %.1f |\n", n, a, b, a / b }'
awk -v a="$rn" -v b="$ru" -v n="$(wc -l < "$tmp/latin.txt")" 'BEGIN { printf "| the same names repeated to %d lines | %d ms | %d ms | uconv -x Latin-Russian/BGN | %.1f |\n", n, a, b, a / b }'
echo
echo "Machine: $(nproc) cores, $(uname -m), $(uconv --version | head -1 | sed 's/^uconv v[0-9.]* *//'), $(date -u +%Y-%m-%d)."
