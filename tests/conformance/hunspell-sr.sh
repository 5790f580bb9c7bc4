#!/usr/bin/env bash
# Conformance: Debian's hunspell-sr ships the same Serbian word list in Cyrillic (sr_RS.dic)
# and in Latin (sr_Latn_RS.dic), line for line (about 251,000 words). sr-latn must reproduce
# >= 99.99% of the Latin list from the Cyrillic one, sr-cyrl >= 99.95% of the Cyrillic list
# from the Latin one; the Cyrillic -> Latin -> Cyrillic round trip is measured through
# sr-latn (official) and must hold exactly through sr-latn-reversible, whose output must in
# turn equal sr-latn's once ICU's uconv folds it (NFKC, default-ignorables removed).
# Every remaining failure is printed. Usage: hunspell-sr.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
nn="$build/cli/normname"
work="$build/conformance/hunspell-sr"
mkdir -p "$work"
dic=${HUNSPELL_DIR:-/usr/share/hunspell}
dic_words "$dic/sr_RS.dic" > "$work/cyr.txt"
dic_words "$dic/sr_Latn_RS.dic" > "$work/lat.txt"
results="$build/conformance/hunspell-sr.tsv"
: > "$results"
status=0

check() {  # name input expected got threshold
  local name=$1 total fails
  total=$(wc -l < "$3")
  paste -d'\t' "$2" "$3" "$4" | awk -F'\t' '$2 != $3' > "$work/$name.fail"
  fails=$(wc -l < "$work/$name.fail")
  record "$results" "$name" "$total" $((total - fails)) "$5"
  printf '%-28s %7d of %7d  %s%%  (needs %s)\n' "$name" $((total - fails)) "$total" \
    "$(percent $((total - fails)) "$total")" "$5"
  awk -F'\t' '{ printf "    %s -> want %s, got %s\n", $1, $2, $3 }' "$work/$name.fail"
  meets $((total - fails)) "$total" "$5" || status=1
}

"$nn" translit --scheme sr-latn < "$work/cyr.txt" > "$work/got-lat.txt"
"$nn" translit --scheme sr-cyrl < "$work/lat.txt" > "$work/got-cyr.txt"
"$nn" translit --scheme sr-cyrl < "$work/got-lat.txt" > "$work/round.txt"
check sr-latn "$work/cyr.txt" "$work/lat.txt" "$work/got-lat.txt" 0.9999
check sr-cyrl "$work/lat.txt" "$work/cyr.txt" "$work/got-cyr.txt" 0.9995
check sr-roundtrip "$work/cyr.txt" "$work/cyr.txt" "$work/round.txt" -
# Where two different list entries have the same Latin form (VI and ВИ), no transliterator
# can give both back; measure the round trip on the entries whose Latin form is unique too.
paste -d'\t' "$work/cyr.txt" "$work/got-lat.txt" "$work/round.txt" | awk -F'\t' '
  { cyr[NR] = $1; lat[NR] = $2; back[NR] = $3; if (!((lat[NR], $1) in seen)) { seen[$2, $1] = 1; forms[$2]++ } }
  END {
    for (i = 1; i <= NR; i++) {
      if (forms[lat[i]] > 1) { shared++; if (back[i] != cyr[i]) clash++; continue }
      unique++; if (back[i] == cyr[i]) ok++
    }
    printf "sr-roundtrip-unique\t%d\t%d\t-\n", unique, ok > "/dev/stderr"
    printf "%-28s %7d of %7d  (entries whose Latin form no other entry has; %d share one, %d of them fail)\n",
      "sr-roundtrip-unique", ok, unique, shared, clash
  }' 2>> "$results"
# The exact round trip: sr-latn-reversible marks the words sr-cyrl would read back wrong.
# It is measured on the entries in Cyrillic letters only: the list also holds Roman numerals
# (c, liv), abbreviations and two words with a stray Latin letter (корејa), which are Latin
# before any transliteration, so nothing in the Latin output can say they were (measured
# on the whole list too, without a threshold).
"$nn" translit --scheme sr-latn-reversible < "$work/cyr.txt" > "$work/got-rev.txt"
"$nn" translit --scheme sr-cyrl < "$work/got-rev.txt" > "$work/round-rev.txt"
paste -d'\t' "$work/cyr.txt" "$work/round-rev.txt" | LC_ALL=C.UTF-8 grep -vP '^[^\t]*\p{Latin}' > "$work/cyrl-only.tsv"
cut -f1 "$work/cyrl-only.tsv" > "$work/cyrl-only.txt"
cut -f2 "$work/cyrl-only.tsv" > "$work/cyrl-only-round.txt"
check sr-roundtrip-reversible "$work/cyrl-only.txt" "$work/cyrl-only.txt" "$work/cyrl-only-round.txt" 1
check sr-roundtrip-reversible-all "$work/cyr.txt" "$work/cyr.txt" "$work/round-rev.txt" -
uconv -f utf-8 -t utf-8 -x '::NFKC; [:Default_Ignorable_Code_Point:] > ;' < "$work/got-rev.txt" > "$work/rev-folded.txt"
check sr-latn-reversible-folded "$work/cyr.txt" "$work/got-lat.txt" "$work/rev-folded.txt" 1
marked=$(paste -d'\t' "$work/got-lat.txt" "$work/got-rev.txt" | awk -F'\t' '$1 != $2' | wc -l)
echo "sr-latn-reversible marks $marked of $(wc -l < "$work/cyr.txt") entries; the rest are sr-latn's output unchanged"
passed=$(awk -F'\t' '{ p += $3 } END { print p }' "$results")
failed=$(awk -F'\t' '{ f += $2 - $3 } END { print f }' "$results")
echo "hunspell-sr: $passed passed, $failed failed"
exit $status
