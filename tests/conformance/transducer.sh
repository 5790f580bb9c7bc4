#!/usr/bin/env bash
# The compiled transducers (lib/translit/transducer.cpp) against ICU's own rule engine on
# the same rules: every scheme that has a transducer, and the match key, must give the
# same bytes with --engine auto as with --engine icu on every word of the hunspell word
# lists (Russian, Serbian Cyrillic and Latin, Ukrainian, Belarusian, Bulgarian) in their
# own case, in capitals and two by two, on the standards' example tables, and on random
# strings of Cyrillic, Latin, marks, apostrophes and punctuation. A difference fails the
# test and prints the words. The hot-path schemes must have a transducer at all.
# Usage: transducer.sh BUILD_DIR
# CONFORMANCE_SAMPLE=N checks every Nth line only: the sanitizer build sets it, since there
# the point is memory and undefined behaviour on every code path, not the full lists again
# (the normal build checks every line, and only its figures go to docs/transliteration.md).
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
nn="$build/cli/normname"
work="$build/conformance/transducer"
mkdir -p "$work"
dic=${HUNSPELL_DIR:-/usr/share/hunspell}
results="$build/conformance/transducer.tsv"
: > "$results"
status=0
export LC_ALL=C.UTF-8

# variants WORDS: the words as they are, in capitals, and joined two by two (contexts that
# reach across a space and into the next word).
variants() {
  cat "$1"
  sed 's/.*/\U&/' "$1"
  paste -d' ' - - < "$1"
}
for pair in ru:ru_RU sr:sr_RS srlatn:sr_Latn_RS uk:uk_UA be:be_BY bg:bg_BG; do
  name=${pair%%:*}
  dic_words "$dic/${pair#*:}.dic" | sed 's/[[:space:]]*$//' > "$work/$name.words"
  variants "$work/$name.words" > "$work/$name.txt"
done
for table in "$here"/data/*.tsv; do grep -v '^#' "$table" | cut -f1; done > "$work/samples.txt"
# Random strings, the same on every run.
awk 'BEGIN {
  srand(1)
  n = split("а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я А Б Е Ё Ж И Й Л Н С Т Ч Ш Щ Ъ Ы Ь Э Ю Я " \
            "ђ ј љ њ ћ џ Ђ Ј Љ Њ Ћ Џ і ї є ґ ў І Ї Є Ґ Ў ѓ ќ ѕ Ѓ Ќ Ѕ ѣ ѫ " \
            "a b c d e g h i j k l n o s t u y z A D E J L N S Z č ć š ž đ Č Ć Š Ž Đ Ð ð æ ß ø ł ı é ë ï ü " \
            "\xcc\x81 \xcc\x88 \xcc\x86 \xe2\x80\x8c '\'' ’ ʼ ” “ « » · - . , ( ) 1 7", a, " ")
  a[n + 1] = " "; a[n + 2] = " "; n += 2
  for (i = 0; i < 30000; i++) {
    len = 1 + int(rand() * 12); s = ""
    for (j = 0; j < len; j++) s = s a[1 + int(rand() * n)]
    print s
  }
}' > "$work/random.txt"

sample=${CONFORMANCE_SAMPLE:-1}
if [ "$sample" -gt 1 ]; then
  for f in "$work"/*.txt; do
    awk -v n="$sample" 'NR % n == 1' "$f" > "$f.sample" && mv "$f.sample" "$f"
  done
fi

# compare NAME ARGS... < INPUT: the same command under both engines.
compare() {
  local name=$1 input=$2
  shift 2
  "$nn" "$@" --engine auto < "$input" > "$work/$name.auto"
  "$nn" "$@" --engine icu < "$input" > "$work/$name.icu"
  local total diffs
  total=$(wc -l < "$input")
  paste -d'\t' "$input" "$work/$name.auto" "$work/$name.icu" | awk -F'\t' '$2 != $3' > "$work/$name.diff"
  diffs=$(wc -l < "$work/$name.diff")
  record "$results" "$name" "$total" $((total - diffs)) 1
  printf '%-34s %8d lines, %d differ\n' "$name" "$total" "$diffs"
  if [ "$diffs" -gt 0 ]; then
    awk -F'\t' '{ printf "    %s: transducer %s, ICU %s\n", $1, $2, $3 }' "$work/$name.diff" | head -40
    status=1
  fi
}

"$nn" translit --list --format jsonl > "$work/schemes.jsonl"
engine_of() { grep -F "\"id\":\"$1\"," "$work/schemes.jsonl" | sed 's/.*"engine":"\([^"]*\)".*/\1/'; }
# The schemes of the hot paths (match keys, auto-latn, the Serbian pair) must be compiled.
for s in ru-latn-bgn sr-latn sr-cyrl uk-latn-2010 be-latn-bgn be-latn-national mk-latn bg-latn-2009 latn-ascii \
         ru-latn-icao ru-latn-alalc ru-latn-gost779b ru-latn-press ru-latn-scholarly uk-latn-bgn bg-latn-bgn mk-latn-bgn; do
  e=$(engine_of "$s")
  if [ "$e" != transducer ]; then
    echo "$s has no transducer: $e"
    status=1
  fi
done

lists_for() {  # the word lists a scheme is checked on
  case "$1" in
    ru-*) echo ru ;;
    sr-cyrl) echo srlatn ;;
    sr-*) echo sr ;;
    uk-*) echo uk ;;
    be-*) echo be ;;
    bg-*) echo bg ;;
    mk-*) echo sr bg ;;
    cyrl-latn-*) echo ru sr uk be bg ;;
    latn-*) echo srlatn iso9 ;;
  esac
}
# Latin with every diacritic ISO 9 writes: input for latn-ascii and latn-cyrl-iso9.
cat "$work/ru.txt" "$work/uk.txt" "$work/bg.txt" | "$nn" translit --scheme cyrl-latn-iso9 > "$work/iso9.txt"
for s in $(grep -F '"engine":"transducer"' "$work/schemes.jsonl" | sed 's/.*"id":"\([^"]*\)".*/\1/'); do
  for list in $(lists_for "$s") samples random; do
    compare "$s-$list" "$work/$list.txt" translit --scheme "$s"
  done
done
# Schemes built on compiled ones: marks over sr-latn, and the per-token dispatch.
compare sr-latn-reversible-sr "$work/sr.txt" translit --scheme sr-latn-reversible
compare sr-latn-reversible-random "$work/random.txt" translit --scheme sr-latn-reversible
for list in ru sr srlatn uk be bg samples random; do
  compare "auto-latn-$list" "$work/$list.txt" translit --scheme auto-latn
  compare "key-$list" "$work/$list.txt" key
done

passed=$(awk -F'\t' '{ p += $3 } END { print p }' "$results")
failed=$(awk -F'\t' '{ f += $2 - $3 } END { print f }' "$results")
echo "transducer: $passed passed, $failed failed"
exit $status
