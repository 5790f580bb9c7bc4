#!/usr/bin/env bash
# Conformance: the example tables of the standards (tests/conformance/data/*.tsv, each
# naming its scheme and source). Every example must be reproduced.
# Usage: samples.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
nn="$build/cli/normname"
work="$build/conformance/samples"
mkdir -p "$work"
results="$build/conformance/samples.tsv"
: > "$results"
status=0
for table in "$here"/data/*.tsv; do
  scheme=$(sed -n 's/^# scheme: *//p' "$table" | head -1)
  grep -v '^#' "$table" | cut -f1 > "$work/in.txt"
  grep -v '^#' "$table" | cut -f2 > "$work/want.txt"
  "$nn" translit --scheme "$scheme" < "$work/in.txt" > "$work/got.txt"
  total=$(wc -l < "$work/in.txt")
  fails=$(paste -d'\t' "$work/in.txt" "$work/want.txt" "$work/got.txt" | awk -F'\t' '$2 != $3' | tee "$work/fail.txt" | wc -l)
  record "$results" "$scheme" "$total" $((total - fails)) 1
  printf '%-20s %3d of %3d examples of %s\n' "$scheme" $((total - fails)) "$total" "$(basename "$table")"
  awk -F'\t' '{ printf "    %s -> want %s, got %s\n", $1, $2, $3 }' "$work/fail.txt"
  [ "$fails" -eq 0 ] || status=1
done
passed=$(awk -F'\t' '{ p += $3 } END { print p }' "$results")
failed=$(awk -F'\t' '{ f += $2 - $3 } END { print f }' "$results")
echo "samples: $passed passed, $failed failed"
exit $status
