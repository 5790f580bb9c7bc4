#!/usr/bin/env bash
# Conformance: every normname scheme that has an iuliia counterpart must reproduce 100% of
# that schema's samples (pairs taken from the standards). iuliia is installed from the npm
# registry into the build directory at test time; none of its files are committed.
# Usage: iuliia.sh BUILD_DIR   (writes BUILD_DIR/conformance/iuliia-results.tsv)
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
nn="$build/cli/normname"
work="$build/conformance"
. "$here/lib.sh"
npm_package "$work/npm" iuliia "$iuliia_version"
node "$here/iuliia-samples.js" "$work/npm/node_modules" > "$work/iuliia-samples.tsv"

results="$work/iuliia-results.tsv"
printf 'scheme\tiuliia\tsamples\tpassed\n' > "$results"
total_pass=0 total_fail=0
while IFS=$'\t' read -r ours theirs; do
  case "$ours" in ''|'#'*) continue ;; esac
  awk -F'\t' -v s="$theirs" '$1 == s { print $2 }' "$work/iuliia-samples.tsv" > "$work/in.txt"
  # iuliia's data writes Cyrillic ё (U+0451) where ISO 9, ALA-LC, the scientific system and
  # BGN/PCGN specify Latin ë (U+00EB); read that homoglyph as the letter the standards name.
  awk -F'\t' -v s="$theirs" '$1 == s { print $3 }' "$work/iuliia-samples.tsv" | sed 's/ё/ë/g; s/Ё/Ë/g' > "$work/want.txt"
  "$nn" translit --scheme "$ours" < "$work/in.txt" > "$work/got.txt"
  n=$(wc -l < "$work/want.txt")
  fails=$(paste -d'\t' "$work/in.txt" "$work/want.txt" "$work/got.txt" | awk -F'\t' '$2 != $3' | tee "$work/fail.txt" | wc -l)
  if [ "$fails" -gt 0 ]; then
    echo "FAIL $ours (iuliia $theirs): $fails of $n samples differ"
    awk -F'\t' '{ printf "  %s\n    want: %s\n    got:  %s\n", $1, $2, $3 }' "$work/fail.txt"
  fi
  printf '%s\t%s\t%d\t%d\n' "$ours" "$theirs" "$n" $((n - fails)) >> "$results"
  total_pass=$((total_pass + n - fails)) total_fail=$((total_fail + fails))
done < "$here/iuliia-schemes.tsv"
awk -F'\t' '{ printf "%-22s %-15s %8s %8s\n", $1, $2, $3, $4 }' "$results"
echo "iuliia: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
