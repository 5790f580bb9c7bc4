#!/usr/bin/env bash
# normname against named peers, on the same inputs, in the same run; prints the Markdown
# report of docs/benchmarks.md on stdout (progress on stderr).
# Usage: bench/run.sh [--smoke] [BUILD_DIR]
#   --smoke  small inputs and one round: checks that every row runs (CI), not a measurement
# Whole-program rows run normname and its peer in turns (round-robin), ROUNDS times each, and
# report the median wall time and peak RSS (GNU time); "faster by" = peer time / normname
# time. In-process rows need BUILD_DIR/bench/normname_bench (scripts/dev bench builds it) and
# the any-ascii npm package, installed here into a temporary folder, never into the project.
set -euo pipefail
smoke=0
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
nn="$build/cli/normname"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8

if [ $smoke -eq 1 ]; then
  names=20000 people=2500 resolves=2000 rounds=1 big=0
else
  names=1000000 people=250000 resolves=100000 rounds=3 big=1
fi
say() { echo "bench: $*" >&2; }

# run OUT_PREFIX CMD...: one timed run, stdin from $input, stdout discarded;
# appends "seconds rss_kb" to OUT_PREFIX.times.
run() {
  local prefix=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time.out" "$@" < "$input" > /dev/null
  cat "$tmp/time.out" >> "$prefix.times"
}
# median FILE COLUMN
median() { sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }

row_no=0
# pair LABEL PEER_LABEL -- NORMNAME_CMD... -- PEER_CMD...: a round-robin comparison row.
pair() {
  local label=$1 peer_label=$2; shift 2
  [ "$1" = -- ] && shift
  local a=() b=()
  while [ "$1" != -- ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  row_no=$((row_no + 1))
  local p="$tmp/row$row_no"
  say "$label"
  for _ in $(seq "$rounds"); do
    run "$p.a" "${a[@]}"
    run "$p.b" "${b[@]}"
  done
  local ta tb ra rb bytes lines
  ta=$(median "$p.a.times" 1); tb=$(median "$p.b.times" 1)
  ra=$(median "$p.a.times" 2); rb=$(median "$p.b.times" 2)
  bytes=$(wc -c < "$input"); lines=$(wc -l < "$input")
  awk -v l="$label" -v pl="$peer_label" -v ta="$ta" -v tb="$tb" -v ra="$ra" -v rb="$rb" -v by="$bytes" -v n="$lines" 'BEGIN {
    if (ta < 0.005) ta = 0.005; if (tb < 0.005) tb = 0.005
    rate = n / ta / 1000; fmt = rate < 10 ? "%.2f" : "%.0f"
    printf "| %s | %.2f s | " fmt " k/s | %.1f MB/s | %.0f MB | %s | %.2f s | %.0f MB | %.2fx |\n",
      l, ta, rate, by / ta / 1e6, ra / 1024, pl, tb, rb / 1024, tb / ta }'
}

header() {
  echo
  echo "| what | normname | names/s | MB/s | peak RSS | peer | peer time | peer RSS | faster by |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
}

say "corpus of $names names"
"$root/bench/corpus.sh" "$names" "$tmp/corpus.txt" "$nn"
input="$tmp/corpus.txt"
corpus_mb=$(awk -v b="$(wc -c < "$tmp/corpus.txt")" 'BEGIN { printf "%.1f", b / 1e6 }')

echo "## Whole program, stdin to stdout"
echo
echo "On \`bench/corpus.sh $names\` ($names names, $corpus_mb MB: two tokens a line, half Cyrillic, half Latin),"
echo "median of $rounds round-robin runs each."
header
latin_key=(uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower')
cpus=$(nproc)
pair "\`key\` ($cpus threads, the default)" "uconv -x 'Any-Latin; Latin-ASCII; Lower'" -- "$nn" key -- "${latin_key[@]}"
pair "\`key --jobs 1\`" "the same" -- "$nn" key --jobs 1 -- "${latin_key[@]}"
row_key1=$row_no
pair "\`key --jobs 2\`" "the same" -- "$nn" key --jobs 2 -- "${latin_key[@]}"
row_key2=$row_no
pair "\`normname\` (the default filter, $cpus threads)" "the same" -- "$nn" -- "${latin_key[@]}"
pair "\`normname --jobs 1\`" "the same" -- "$nn" --jobs 1 -- "${latin_key[@]}"
pair "\`key --engine icu\` (the reference path)" "the same" -- "$nn" key --engine icu -- "${latin_key[@]}"
pair "\`translit --scheme ru-latn-bgn\`" "uconv -x Russian-Latin/BGN" -- "$nn" translit --scheme ru-latn-bgn -- \
  uconv -f utf-8 -t utf-8 -x Russian-Latin/BGN
pair "\`translit --scheme sr-latn\`" "uconv -x Serbian-Latin/BGN" -- "$nn" translit --scheme sr-latn -- \
  uconv -f utf-8 -t utf-8 -x Serbian-Latin/BGN
pair "\`translit --scheme sr-cyrl\`" "uconv -x Latin-Cyrillic" -- "$nn" translit --scheme sr-cyrl -- \
  uconv -f utf-8 -t utf-8 -x Latin-Cyrillic
pair "\`translit --scheme sr-latn-reversible\`" "uconv -x Any-Latin" -- "$nn" translit --scheme sr-latn-reversible -- \
  uconv -f utf-8 -t utf-8 -x Any-Latin
# Grouping has no transliteration peer; sort -u is the n log n floor of putting equal lines
# together.
saved_rounds=$rounds
[ $big -eq 1 ] && rounds=1
pair "\`cluster\`" "sort -u" -- "$nn" cluster -- sort -u
rounds=$saved_rounds

# Memory does not grow with the input: the same filter over ten times the corpus.
if [ $big -eq 1 ]; then
  for _ in $(seq 10); do cat "$tmp/corpus.txt"; done > "$tmp/corpus10.txt"
  input="$tmp/corpus10.txt"
  pair "\`key\` over the corpus 10 times ($((names * 10)) names)" "uconv -x 'Any-Latin; Latin-ASCII; Lower'" -- "$nn" key -- \
    "${latin_key[@]}"
  rm -f "$tmp/corpus10.txt"
fi

echo
echo "## Alias index"
echo
aliases=$((people * 4))
say "alias table of $people people"
mkdir -p "$tmp/t/aliases"
"$root/bench/aliases.sh" "$people" "$tmp/t/aliases/bench.tsv" "$nn"
awk -F'\t' 'NR > 1 && $2 != "person" { print $3 }' "$tmp/t/aliases/bench.tsv" > "$tmp/alias-names.txt"
echo "A table of $aliases aliases (\`bench/aliases.sh $people\`: $people people, four names each)."
header
input="$tmp/alias-names.txt"
pair "\`tables compile\` ($aliases aliases)" "uconv -x 'Any-Latin; Latin-ASCII; Lower' over the aliases" -- \
  "$nn" tables compile "$tmp/t" -- "${latin_key[@]}"
index_bytes=$(wc -c < "$tmp/t/index/bench.nnx")
: > "$tmp/empty.txt"
input="$tmp/empty.txt"
pair "start-up with the compiled index (no input)" "uconv -x 'Any-Latin; Latin-ASCII; Lower' start-up" -- \
  "$nn" resolve --tables "$tmp/t" -- "${latin_key[@]}"
load_rss=$(median "$tmp/row$row_no.a.times" 2)
startup_time=$(median "$tmp/row$row_no.a.times" 1)
# Names to resolve: from the corpus (most are not in the table, as in an archive) and spellings
# of the table's own people (hits), half each.
awk -v n=$((resolves / 2)) 'NR <= n' "$tmp/corpus.txt" > "$tmp/resolve.txt"
awk -v n=$((resolves / 2)) 'NR % 7 == 0 && ++k <= n' "$tmp/alias-names.txt" >> "$tmp/resolve.txt"
input="$tmp/resolve.txt"
pair "\`resolve\` ($(wc -l < "$tmp/resolve.txt") names, half in the table)" "uconv -x 'Any-Latin; Latin-ASCII; Lower'" -- \
  "$nn" resolve --tables "$tmp/t" -- "${latin_key[@]}"
pair "\`resolve --jobs 1\`" "the same" -- "$nn" resolve --jobs 1 --tables "$tmp/t" -- "${latin_key[@]}"
# Hits only: names spelled as names of the table, in any of its scripts (exact and
# transliterated spellings), in an order of their own (shuf from a fixed source).
hits=$((resolves * 5))
shuf -n "$hits" --random-source=<(yes) "$tmp/alias-names.txt" > "$tmp/hits.txt"
input="$tmp/hits.txt"
pair "\`resolve --jobs 1\`, $hits names spelled as names of the table" "uconv -x 'Any-Latin; Latin-ASCII; Lower'" -- \
  "$nn" resolve --jobs 1 --tables "$tmp/t" -- "${latin_key[@]}"
hits_time=$(median "$tmp/row$row_no.a.times" 1)
# Pairs: each of those names against the next one.
awk '{ line[NR] = $0 } END { for (i = 1; i <= NR; i++) print line[i] "\t" line[i % NR + 1] }' "$tmp/resolve.txt" > "$tmp/pairs.txt"
input="$tmp/pairs.txt"
pair "\`match --no-aliases\` ($(wc -l < "$tmp/pairs.txt") pairs)" "uconv -x 'Any-Latin; Latin-ASCII; Lower'" -- \
  "$nn" match --no-aliases -- "${latin_key[@]}"
pair "\`match --no-aliases --jobs 1\`" "the same" -- "$nn" match --no-aliases --jobs 1 -- "${latin_key[@]}"
echo
awk -v one="$(median "$tmp/row$row_key1.a.times" 1)" -v two="$(median "$tmp/row$row_key2.a.times" 1)" 'BEGIN {
  printf "`key --jobs 2` is %.2fx as fast as `key --jobs 1` (the same output bytes: tests/cli/io_test.cpp).\n", one / two }'
echo
awk -v n="$hits" -v t="$hits_time" -v s="$startup_time" 'BEGIN {
  if (t <= s) { printf "(%d names resolve faster than start-up can be told apart from them.)\n\n", n; exit }
  printf "On one core, resolve answers names spelled as names of the table at %.0f k names/s after start-up (%d names in %.2f s less %.2f s of start-up).\n\n",
    n / (t - s) / 1000, n, t, s }'
awk -v b="$index_bytes" -v n="$aliases" -v r="$load_rss" 'BEGIN {
  printf "The compiled index: %.1f MB, %.0f bytes per alias; peak RSS at start-up %.0f MB, %.0f bytes per alias (the table text is read too).\n",
    b / 1e6, b / n, r / 1024, r * 1024 / n }'

echo
echo "## Tagging running text"
echo
news_bytes=$([ $smoke -eq 1 ] && echo 300000 || echo 10500000)
say "news-like corpus of $news_bytes bytes"
"$root/bench/news.sh" "$news_bytes" "$tmp/news.txt" "$tmp/t/aliases/bench.tsv"
news_mb=$(awk -v b="$(wc -c < "$tmp/news.txt")" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "On \`bench/news.sh $news_bytes\` ($(wc -l < "$tmp/news.txt") documents, $news_mb MB: Russian and Serbian sentences naming"
echo "the people of the alias table above and the built-in places, one document a line); names/s is"
echo "documents/s here. The peer only normalizes the text (ICU's NFC), the least any tagger does."
header
nfc=(uconv -f utf-8 -t utf-8 -x 'Any-NFC')
input="$tmp/news.txt"
pair "\`tag --jobs 1\`, built-in tables" "uconv -x Any-NFC" -- "$nn" tag --jobs 1 -- "${nfc[@]}"
pair "\`tag\`, built-in tables, default threads" "uconv -x Any-NFC" -- "$nn" tag -- "${nfc[@]}"
pair "\`tag --jobs 1\`, $aliases aliases" "uconv -x Any-NFC" -- "$nn" tag --jobs 1 --tables "$tmp/t" -- "${nfc[@]}"
tag_big=$(median "$tmp/row$row_no.a.times" 1)
echo "Vučić" > "$tmp/one.txt"
input="$tmp/one.txt"
pair "\`tag\` start-up, $aliases aliases (one line)" "uconv -x Any-NFC start-up" -- "$nn" tag --jobs 1 --tables "$tmp/t" -- "${nfc[@]}"
tag_start=$(median "$tmp/row$row_no.a.times" 1)
echo
awk -v t="$tag_big" -v s="$tag_start" -v mb="$news_mb" 'BEGIN {
  if (t - s > 0.005) printf "With %s aliases loaded, tagging after start-up runs at %.1f MB/s on one core (%s MB in %.2f s less %.2f s of start-up: the alias index and the lexicon of its words).\n", "'"$aliases"'", mb / (t - s), mb, t, s }'

if [ -x "$build/bench/normname_bench" ]; then
  echo
  echo "## In process, on the corpus"
  echo
  say "in process: normname_bench and any-ascii"
  NORMNAME_BENCH_NAMES="$tmp/corpus.txt" "$build/bench/normname_bench" --benchmark_filter=corpus --benchmark_format=csv \
    --benchmark_min_time=1 2> /dev/null > "$tmp/corpus.csv"
  rate_of() {  # the items_per_second column of a benchmark's CSV row
    awk -F, -v b="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "items_per_second") c = i } $1 ~ b { print $c }' "$tmp/corpus.csv"
  }
  key_rate=$(rate_of corpus_key)
  ru_rate=$(rate_of corpus_ru)
  aa_rate=""
  if (cd "$tmp" && npm install --silent --no-audit --no-fund --no-save any-ascii > /dev/null 2>&1); then
    aa_rate=$(node "$root/bench/anyascii.mjs" "$tmp/node_modules" "$tmp/corpus.txt" | cut -f1)
  fi
  echo "| what | normname names/s | peer | peer names/s | normname is faster by |"
  echo "| --- | --- | --- | --- | --- |"
  for r in "key:$key_rate" "translit ru-latn-bgn:$ru_rate"; do
    awk -v w="${r%%:*}" -v a="${r#*:}" -v b="$aa_rate" 'BEGIN {
      if (b == "") printf "| %s | %.0f k | any-ascii (npm) | not installed | - |\n", w, a / 1000
      else printf "| %s | %.0f k | any-ascii (npm, Node %s) | %.0f k | %.2fx |\n", w, a / 1000, "'"$(node --version)"'", b / 1000, a / b }'
  done
  echo
  echo "## In process (Google Benchmark): time per pass over the built-in alias names"
  echo
  "$build/bench/normname_bench" --benchmark_filter=-corpus --benchmark_format=csv --benchmark_min_time=0.3 2> /dev/null > "$tmp/bench.csv"
  echo "| what | normname | peer | peer is | normname time / peer time |"
  echo "| --- | --- | --- | --- | --- |"
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
fi

echo
echo "Machine: $(nproc) cores, $(uname -m), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uconv --version | head -1 | sed 's/^uconv v[0-9.]* *//'), $(date -u +%Y-%m-%d)."
