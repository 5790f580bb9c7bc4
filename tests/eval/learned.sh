#!/usr/bin/env bash
# Measures the learned transliteration model (tables/translit/learned/, lib/translit/joint.hpp)
# on the development slice of the Wikidata dictionary (tests/data/wikidata-en-ru/wd_russian_16),
# with a model trained here on the training slice (wd_russian_64) alone, so that no measured
# pair was seen in training (the shipped model is trained on both):
#   - latn-ru generation: how often the dictionary's Cyrillic is the first reading, or among
#     the first three, for the hand-written channel alone, the learned model alone and the
#     shipped mixture;
#   - token matching (`normname match`, one word against one word): recall on the
#     dictionary's pairs, and the false-match rate on hard negatives (the Latin word against
#     another entry's Cyrillic word whose BGN/PCGN romanization is one or two edits from it)
#     and on random ones (tests/eval/learned-pairs.mjs builds both), beside two baselines run
#     on the same pairs: equality after ICU "Any-Latin; Latin-ASCII; Lower", and
#     Jaro-Winkler >= 0.9 of that (tests/eval/jaro.mjs).
# "Slavic" rows: pairs whose Cyrillic ends as Slavic surnames and patronymics do
# (learned-pairs.mjs, kSlavic). Prints a Markdown section for docs/matching.md.
#   learned.sh BUILD_DIR                  print
#   learned.sh BUILD_DIR --write DOC      replace the section in DOC
#   learned.sh BUILD_DIR --check DOC      fail if DOC's section differs (CI)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/../conformance/lib.sh"
doc_args "$@"
nn="$build/cli/normname"
work="$build/eval/learned"
rm -rf "$work"
mkdir -p "$work/tables/translit/learned" "$work/channel/translit" "$work/alone/translit"
"$root/scripts/learn-translit.sh" "$build" --dev "$work/tables/translit/learned/en-ru.tsv" 2> "$work/train.log"
cp "$work/tables/translit/learned/en-ru.tsv" "$work/dev-model.tsv"
latn_ru="$root/tables/translit/latn-ru.tsv"
sed 's/^# learned-weight: .*/# learned-weight: 0/' "$latn_ru" > "$work/channel/translit/latn-ru.tsv"
sed 's/^# learned-weight: .*/# learned-weight: 0.999/; s/^# learned-evidence: .*/# learned-evidence: 0/' "$latn_ru" \
  > "$work/alone/translit/latn-ru.tsv"
dev() { "$nn" --replace-builtin --tables "$work/tables" "$@" 2>/dev/null; }

awk -F'\t' '{ c = $2; gsub(/ /, "", c); print $1 "\t" c }' "$root/tests/data/wikidata-en-ru/wd_russian_16" > "$work/dev.tsv"
cut -f1 "$work/dev.tsv" > "$work/latin.txt"

# --- generation ------------------------------------------------------------------------------
# candidates FILE -> "all-n all-1 all-3 slavic-n slavic-1 slavic-3 other-n other-1 other-3"
slavic='(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|ой|ич|вна|енко|ук|юк|ак)$'
generation() {
  paste -d'\t' "$work/dev.tsv" "$1" | awk -F'\t' -v re="$slavic" '
    { s = $2 ~ re ? "slavic" : "other"; n["all"]++; n[s]++
      for (i = 3; i <= 5; i++) if (tolower($i) == $2) { if (i == 3) { t1["all"]++; t1[s]++ } t3["all"]++; t3[s]++; break } }
    END { for (k = 1; k <= 3; k++) { s = k == 1 ? "all" : k == 2 ? "slavic" : "other"
            printf "%d %d %d ", n[s], t1[s], t3[s] } print "" }'
}
dev translit --scheme latn-ru --candidates 3 < "$work/latin.txt" > "$work/shipped.cand"
for v in channel alone; do
  mkdir -p "$work/$v/translit/learned"
  cp "$work/dev-model.tsv" "$work/$v/translit/learned/en-ru.tsv"
  "$nn" --replace-builtin --tables "$work/$v" translit --scheme latn-ru --candidates 3 < "$work/latin.txt" 2>/dev/null > "$work/$v.cand"
done

# --- token matching --------------------------------------------------------------------------
cut -f1 "$work/dev.tsv" | "$nn" translit --scheme latn-ascii | tr 'A-Z' 'a-z' > "$work/latin.fold"
cut -f2 "$work/dev.tsv" | "$nn" translit --scheme ru-latn-bgn | "$nn" translit --scheme latn-ascii | tr 'A-Z' 'a-z' > "$work/cyr.rom"
paste -d'\t' "$work/dev.tsv" "$work/latin.fold" "$work/cyr.rom" | node "$here/learned-pairs.mjs" > "$work/pairs.tsv"
cut -f3,4 "$work/pairs.tsv" > "$work/pairs.in"
dev match --no-aliases < "$work/pairs.in" | cut -f2 > "$work/normname.m"
cut -f3 "$work/pairs.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/a.icu"
cut -f4 "$work/pairs.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/b.icu"
paste -d'\t' "$work/a.icu" "$work/b.icu" | awk -F'\t' '{ print ($1 == $2 && $1 != "") ? "same" : "different" }' > "$work/icu.m"
paste -d'\t' "$work/a.icu" "$work/b.icu" | node "$here/jaro.mjs" | sed 's/^1$/same/; s/^0$/different/' > "$work/jw.m"
# verdicts FILE -> per kind/subset "n same"
rates() {
  paste -d'\t' "$work/pairs.tsv" "$1" | awk -F'\t' '
    { k = $1 "/" $2; n[k]++; if ($5 == "same") s[k]++ }
    END { split("pos/slavic pos/other hard/slavic hard/other random/slavic random/other", ks, " ")
          for (i = 1; i <= 6; i++) printf "%d %d ", n[ks[i]], s[ks[i]]; print "" }'
}

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", b ? 100 * a / b : 0 }'; }
pct2() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f%%", b ? 100 * a / b : 0 }'; }
section() {
  local pairs train
  pairs=$(wc -l < "$work/dev.tsv")
  train=$(grep -o '[0-9]* graphones, [0-9]* n-grams' "$work/train.log" | tail -1)
  echo "<!-- learned-eval:begin -->"
  echo "Generated by \`tests/eval/learned.sh BUILD --write docs/matching.md\` (CI checks it is current)."
  echo "Model trained on \`wd_russian_64\` alone ($train), measured on the $pairs pairs of"
  echo "\`wd_russian_16\`."
  echo
  echo "latn-ru generation (the dictionary's Cyrillic among the readings of its Latin word):"
  echo
  echo "| readings from | top-1 | top-3 | Slavic top-1 | Slavic top-3 | other top-1 | other top-3 |"
  echo "|---|---|---|---|---|---|---|"
  for v in channel alone shipped; do
    read -r an a1 a3 sn s1 s3 on o1 o3 <<< "$(generation "$work/$v.cand")"
    case $v in
      channel) label="hand-written channel alone (tables/translit/latn-ru.tsv)" ;;
      alone) label="learned model alone" ;;
      shipped) label="**latn-ru as shipped** (the two mixed)" ;;
    esac
    echo "| $label | $(pct "$a1" "$an") | $(pct "$a3" "$an") | $(pct "$s1" "$sn") | $(pct "$s3" "$sn") | $(pct "$o1" "$on") | $(pct "$o3" "$on") |"
  done
  echo
  read -r n1 _ _ _ _ _ _ _ _ <<< "$(generation "$work/shipped.cand")"
  read -r psn _ pon _ hsn _ hon _ rsn _ ron _ <<< "$(rates "$work/normname.m")"
  echo "Token matching: $psn Slavic and $pon other pairs; $hsn + $hon hard and $rsn + $ron random negatives."
  echo
  echo "| system | recall, Slavic | recall, other | false matches, hard | false matches, random |"
  echo "|---|---|---|---|---|"
  for m in normname icu jw; do
    read -r psn ps pon po hsn hs hon ho rsn rs ron ro <<< "$(rates "$work/$m.m")"
    case $m in
      normname) label="**normname match**" ;;
      icu) label="ICU Any-Latin; Latin-ASCII; Lower, equal" ;;
      jw) label="Jaro-Winkler >= 0.9 of that" ;;
    esac
    echo "| $label | $(pct "$ps" "$psn") | $(pct "$po" "$pon") | $(pct $((hs + ho)) $((hsn + hon))) | $(pct2 $((rs + ro)) $((rsn + ron))) |"
  done
  echo "<!-- learned-eval:end -->"
}
doc_section "$mode" "$doc" learned-eval section
