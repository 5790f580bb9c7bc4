#!/usr/bin/env bash
# Measures declined names (lib/names/cases.hpp) against an outside reference: the npm package
# petrovich declines the Russian form of every person of the development set
# (tests/data/names-dev/entities.tsv) in the five oblique cases, as a full name, without the
# patronymic, and as the family name alone; `normname resolve` then reads each against an
# alias table of the set's people alone (their Russian, Serbian and English forms). Counted:
# the right entity; a wrong entity, and of those the other gender's (a gender flip); an
# ambiguous answer (expected for a family name several people share); nothing. Names as
# written (the nominative) are counted too, as the baseline the readings must not lower.
# Then again with confusables: beside each person whose family name has a man's and a
# woman's form, a person of the other gender with it, so that a reading that flips the
# gender finds someone.
# Prints a Markdown section for docs/matching.md.
#   cases.sh BUILD_DIR                  print
#   cases.sh BUILD_DIR --write DOC      replace the section in DOC
#   cases.sh BUILD_DIR --check DOC      fail if DOC's section differs (CI)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../conformance/lib.sh"
doc_args "$@"
data="$here/../data/names-dev"
nn="$build/cli/normname"
work="$build/eval/cases"
rm -rf "$work"
mkdir -p "$work/tables/aliases"
npm_package "$build/eval/npm" petrovich 0.2.1

# People: id, gender (by normname's parse of the Russian nominative), Russian form.
awk -F'\t' '!/^#/ && $2 == "person" && $3 != "" { print $1 "\t" $3 }' "$data/entities.tsv" > "$work/people.tsv"
cut -f2 "$work/people.tsv" | "$nn" parse | node -e '
  const rl = require("readline").createInterface({ input: process.stdin });
  rl.on("line", l => console.log(JSON.parse(l).gender));' > "$work/gender.txt"
paste -d'\t' <(cut -f1 "$work/people.tsv") "$work/gender.txt" <(cut -f2 "$work/people.tsv") |
  awk -F'\t' '$2 == "male" || $2 == "female"' > "$work/input.tsv"
# The alias table: each person's forms, none of them declined.
{
  echo "# development people (tests/data/names-dev/entities.tsv), for tests/eval/cases.sh"
  awk -F'\t' '!/^#/ && $2 == "person" { print $1 "\tperson\t" ($5 != "" ? $5 : $3)
      if ($5 != "") print $1 "\tpreferred\t" $5 "\ten\tdev"; if ($3 != "") print $1 "\talias\t" $3 "\tru\tdev"
      if ($4 != "") print $1 "\talias\t" $4 "\tsr-Cyrl\tdev" }' "$data/entities.tsv"
} > "$work/tables/aliases/people.tsv"
for t in places places-cldr; do echo "# none: people only" > "$work/tables/aliases/$t.tsv"; done
node "$here/cases.mjs" "$build/eval/npm/node_modules" < "$work/input.tsv" > "$work/declined.tsv"
# The nominatives, as the baseline.
awk -F'\t' '{ n = split($3, w, " "); print $1 "\t" $2 "\tnominative\t" (n == 3 ? "full" : "first-last") "\t" $3
  if (n == 3) print $1 "\t" $2 "\tnominative\tfirst-last\t" w[1] " " w[3]; print $1 "\t" $2 "\tnominative\tlast\t" w[n] }' \
  "$work/input.tsv" > "$work/nominative.tsv"
cat "$work/nominative.tsv" "$work/declined.tsv" > "$work/all.tsv"
cut -f5 "$work/all.tsv" | "$nn" --replace-builtin --tables "$work/tables" resolve 2>/dev/null > "$work/resolved.jsonl"
awk -F'\t' '{ print $1 "\t" $2 }' "$work/input.tsv" > "$work/genders.tsv"
judge='
  const fs = require("fs");
  const gender = new Map(fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(l => l.split("\t")));
  const rl = require("readline").createInterface({ input: process.stdin });
  rl.on("line", l => {
    const f = l.split("\t"); const r = JSON.parse(f[5]);
    let v = r.id === f[0] ? "right" : r.id ? (gender.get(r.id) && gender.get(r.id) !== f[1] ? "flip" : "wrong")
          : r.ambiguous ? ((r.fits || []).some(x => x.id === f[0]) ? "ambiguous" : "wrong") : "none";
    console.log([f[2] === "nominative" ? "nominative" : "declined", f[3], v].join("\t"));
  });'
paste -d'\t' "$work/all.tsv" "$work/resolved.jsonl" | node -e "$judge" "$work/genders.tsv" > "$work/verdicts.tsv"

# Confusables: for each person whose family name has a man's and a woman's form (Смирнов,
# Смирнова; Толстой, Толстая), a person of the other gender with that family name (Анна
# Смирнова beside Иван Смирнов), in a second table with everyone. Their forms are read too:
# a reading that crosses the gender lands on the other one, a flip.
awk -F'\t' '{
  n = split($3, w, " "); f = w[n]; g = $2; o = ""
  if (g == "male") {
    if (f ~ /(ов|ев|ёв|ин|ын)$/) o = f "а"; else if (f ~ /ский$/) { o = f; sub(/ский$/, "ская", o) }
    else if (f ~ /цкий$/) { o = f; sub(/цкий$/, "цкая", o) } else if (f ~ /ой$/) { o = f; sub(/ой$/, "ая", o) }
    if (o != "") print "C" $1 "\tfemale\tАнна " o
  } else if (g == "female") {
    if (f ~ /(ова|ева|ёва|ина|ына)$/) { o = f; sub(/а$/, "", o) } else if (f ~ /ская$/) { o = f; sub(/ская$/, "ский", o) }
    if (o != "") print "C" $1 "\tmale\tИван " o
  }
}' "$work/input.tsv" > "$work/confusables.tsv"
mkdir -p "$work/tables2/aliases"
cp "$work/tables/aliases/"*.tsv "$work/tables2/aliases/"
awk -F'\t' '{ print $1 "\tperson\t" $3; print $1 "\talias\t" $3 "\tru\tconfusable" }' "$work/confusables.tsv" \
  >> "$work/tables2/aliases/people.tsv"
node "$here/cases.mjs" "$build/eval/npm/node_modules" < "$work/confusables.tsv" > "$work/confusables-declined.tsv"
awk -F'\t' '{ n = split($3, w, " "); print $1 "\t" $2 "\tnominative\tfirst-last\t" $3; print $1 "\t" $2 "\tnominative\tlast\t" w[n] }' \
  "$work/confusables.tsv" > "$work/confusables-nominative.tsv"
cat "$work/all.tsv" "$work/confusables-nominative.tsv" "$work/confusables-declined.tsv" > "$work/all2.tsv"
cut -f5 "$work/all2.tsv" | "$nn" --replace-builtin --tables "$work/tables2" resolve 2>/dev/null > "$work/resolved2.jsonl"
cat "$work/genders.tsv" <(cut -f1,2 "$work/confusables.tsv") > "$work/genders2.tsv"
paste -d'\t' "$work/all2.tsv" "$work/resolved2.jsonl" | node -e "$judge" "$work/genders2.tsv" > "$work/verdicts2.tsv"

# verdict_table VERDICTS: the share of each verdict per kind of form, as a Markdown table.
verdict_table() {
  echo "| forms | names | right | ambiguous | wrong | of which flips | none |"
  echo "|---|---|---|---|---|---|---|"
  for kind in nominative declined; do
    for form in full first-last last; do
      awk -F'\t' -v k="$kind" -v f="$form" '$1 == k && $2 == f { n++; c[$3]++ }
        END { if (!n) exit; printf "| %s, %s | %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% |\n", k, f, n,
          100 * c["right"] / n, 100 * c["ambiguous"] / n, 100 * (c["wrong"] + c["flip"]) / n, 100 * c["flip"] / n, 100 * c["none"] / n }' \
        "$1"
    done
  done
}

section() {
  echo "<!-- cases-eval:begin -->"
  echo "Generated by \`tests/eval/cases.sh BUILD --write docs/matching.md\` (CI checks it is current)."
  echo "The $(wc -l < "$work/input.tsv") people of the development set with a Russian form, declined by"
  echo "petrovich 0.2.1 in the genitive, dative, accusative, instrumental and prepositional, and"
  echo "resolved against an alias table of those people alone. Right: the entity; ambiguous: no"
  echo "answer, the entity among those it fits (a family name alone that several people share);"
  echo "wrong: another entity (flips: one of the other gender, counted in wrong too); none: nothing."
  echo
  verdict_table "$work/verdicts.tsv"
  echo
  echo "With same-surname people of the other gender: for each of the $(wc -l < "$work/confusables.tsv") people whose family name"
  echo "has a man's and a woman's form, a person of the other gender with it (Анна Смирнова beside"
  echo "Иван Смирнов, declined by petrovich too), all in one table; both are read."
  echo
  verdict_table "$work/verdicts2.tsv"
  echo "<!-- cases-eval:end -->"
}
doc_section "$mode" "$doc" cases-eval section
