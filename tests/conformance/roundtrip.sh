#!/usr/bin/env bash
# Conformance: ISO 9 is reversible, so cyrl-latn-iso9 then latn-cyrl-iso9 must give back
# every word of Debian's Russian (hunspell-ru) and Ukrainian (hunspell-uk) word lists.
# Usage: roundtrip.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
nn="$build/cli/normname"
work="$build/conformance/roundtrip"
mkdir -p "$work"
dic=${HUNSPELL_DIR:-/usr/share/hunspell}
results="$build/conformance/roundtrip.tsv"
: > "$results"
status=0
for lang in ru_RU uk_UA; do
  dic_words "$dic/$lang.dic" > "$work/$lang.txt"
  "$nn" translit --scheme cyrl-latn-iso9 < "$work/$lang.txt" | "$nn" translit --scheme latn-cyrl-iso9 > "$work/$lang.back"
  total=$(wc -l < "$work/$lang.txt")
  fails=$(paste -d'\t' "$work/$lang.txt" "$work/$lang.back" | awk -F'\t' '$1 != $2' | tee "$work/$lang.fail" | wc -l)
  record "$results" "iso9-roundtrip-$lang" "$total" $((total - fails)) 1
  printf 'iso9 round trip %-6s %7d of %7d\n' "$lang" $((total - fails)) "$total"
  awk -F'\t' '{ printf "    %s -> %s\n", $1, $2 }' "$work/$lang.fail"
  [ "$fails" -eq 0 ] || status=1
done
passed=$(awk -F'\t' '{ p += $3 } END { print p }' "$results")
failed=$(awk -F'\t' '{ f += $2 - $3 } END { print f }' "$results")
echo "roundtrip: $passed passed, $failed failed"
exit $status
