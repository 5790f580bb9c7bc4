#!/usr/bin/env bash
# Measures the latn-ru reverse romanizer on spellings nobody on this project wrote: the
# Russian forms of the development set's names (tests/data/names-dev/entities.tsv), each
# romanized by every schema of the npm package iuliia (27 standards and conventions, from
# ALA-LC to Telegram and Yandex). Reports top-1 and top-5 (ё = е) per schema and in all.
# Fails if top-5 falls below 90%: a floor against regressions, not a target.
# Usage: reverse-iuliia.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
nn="$build/cli/normname"
work="$build/conformance/reverse-iuliia"
mkdir -p "$work"
npm_package "$build/conformance/npm" iuliia "$iuliia_version"
# Words of the Russian column that are Cyrillic only (not "I" in "Пётр I").
awk -F'\t' '!/^#/ && $3 != "" { print $3 }' "$here/../data/names-dev/entities.tsv" |
  tr ' ' '\n' | grep -v '[A-Za-z0-9]' | grep . | LC_ALL=C sort -u > "$work/words.txt"
# iuliia writes Cyrillic ё (U+0451) for the Latin ë of some standards; read it as ë.
node "$here/iuliia-romanize.js" "$build/conformance/npm/node_modules" < "$work/words.txt" |
  awk -F'\t' -v OFS='\t' '{ gsub(/ё/, "ë", $3); gsub(/Ё/, "Ë", $3); print }' > "$work/romanized.tsv"
# Schemas often agree, so each distinct spelling is read once.
cut -f3 "$work/romanized.tsv" | LC_ALL=C sort -u > "$work/latin.txt"
"$nn" translit --scheme latn-ru --candidates 5 < "$work/latin.txt" | paste -d'\t' "$work/latin.txt" - > "$work/candidates.tsv"
awk -F'\t' -v OFS='\t' 'NR == FNR { c = $2; for (i = 3; i <= NF; i++) c = c OFS $i; read[$1] = c; next }
  { print $0, read[$3] }' "$work/candidates.tsv" "$work/romanized.tsv" | sed 's/ё/е/g; s/Ё/Е/g' > "$work/joined.tsv"
# Columns: schema, truth, Latin, candidate 1..5.
awk -F'\t' '{ n[$1]++; N++; if ($4 == $2) { t1[$1]++; T1++ } for (i = 4; i <= 8; i++) if ($i == $2) { t5[$1]++; T5++; break } }
  END {
    for (s in n) printf "  %-16s %4d  top-1 %5.1f%%  top-5 %5.1f%%\n", s, n[s], 100 * t1[s] / n[s], 100 * t5[s] / n[s] | "sort"
    close("sort")
    printf "%d %d %d\n", N, T1, T5 > "/dev/stderr"
  }' "$work/joined.tsv" 2> "$work/totals" > "$work/by-schema.txt"
read -r n t1 t5 < "$work/totals"
results="$build/conformance/reverse-iuliia.tsv"
: > "$results"
record "$results" latn-ru-iuliia-top1 "$n" "$t1" -
record "$results" latn-ru-iuliia-top5 "$n" "$t5" -
record "$results" latn-ru-iuliia-words "$(wc -l < "$work/words.txt")" "$(wc -l < "$work/words.txt")" -
printf 'latn-ru on %d iuliia romanizations of %d words: top-1 %s%%, top-5 %s%% (ё = е)\n' "$n" \
  "$(wc -l < "$work/words.txt")" "$(percent "$t1" "$n")" "$(percent "$t5" "$n")"
echo "by schema (spellings, top-1, top-5):"
cat "$work/by-schema.txt"
echo "reverse-iuliia: $t5 passed, $((n - t5)) failed (in the top 5)"
meets "$t5" "$n" 0.90
