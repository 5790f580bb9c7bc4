#!/usr/bin/env bash
# Measures declined Serbian names (lib/names/cases.hpp, tables/morphology/cases.tsv) against an
# outside morphological resource: Debian's hunspell-sr dictionary. Its proper nouns (people's
# and places' names, capitalized entries) are expanded by the dictionary's own suffix rules
# into their forms; a form counts when its ending is a singular case ending for a word of
# that kind (after a consonant: -а -у -ом -ем; after -а: -е -и -у -ом; after -о or -е:
# -а -у -ом -ем; an adjectival -и: -ог -ога -ом -оме -им) and `hunspell -s` stems it back to
# the entry, so the dictionary, not normname, says what the form's nominative is. Then
# `normname resolve` reads each form against an alias table of the entries: right, the
# entry among those it fits (ambiguous), another entry (wrong), or nothing. The same again
# in Latin letters (sr-latn).
# Prints a Markdown section for docs/matching.md.
#   cases-sr.sh BUILD_DIR [print | --write DOC | --check DOC]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../conformance/lib.sh"
doc_args "$@"
nn="$build/cli/normname"
dic=${HUNSPELL_DIR:-/usr/share/hunspell}
work="$build/eval/cases-sr"
rm -rf "$work"
mkdir -p "$work"
export LC_ALL=C.UTF-8
if ! command -v hunspell > /dev/null; then
  echo "cases-sr: hunspell is not installed (scripts/dev setup installs it); skipped"
  exit 77
fi
# Every 40th proper noun of the dictionary with its flags, expanded by the suffix rules.
# (The dictionary's files end their lines in CR LF.)
tr -d '\r' < "$dic/sr_RS.aff" > "$work/sr.aff"
tail -n +2 "$dic/sr_RS.dic" | tr -d '\r' | grep -P '^\p{Lu}\p{Ll}+/' | awk 'NR % 40 == 0' > "$work/entries.txt"
awk '
  FNR == 1 { file++ }
  file == 1 && $1 == "SFX" && NF >= 4 && $3 != "Y" { n = ++count[$2]; strip[$2, n] = $3; add[$2, n] = $4; next }
  file == 2 {
    split($0, p, "/"); w = p[1]; nf = split(p[2], flags, ",")
    for (i = 1; i <= nf; i++) for (k = 1; k <= count[flags[i]]; k++) {
      s = strip[flags[i], k]; a = add[flags[i], k]
      if (s != "0" && substr(w, length(w) - length(s) + 1) != s) continue
      form = (s == "0" ? w : substr(w, 1, length(w) - length(s))) (a == "0" ? "" : a)
      if (form != w) print w "\t" form
    }
  }' "$work/sr.aff" "$work/entries.txt" | sort -u > "$work/expanded.tsv"
# Singular case forms only, by what the entry ends in (awk reads bytes: Cyrillic letters are two).
awk -F'\t' '
  function ends(s, e) { return length(s) > length(e) && substr(s, length(s) - length(e) + 1) == e }
  {
    w = $1; f = $2; last = substr(w, length(w) - 1)
    if (index(f, substr(w, 1, length(w) - 2)) != 1) next
    rest = substr(f, length(w) - 1)
    if (last == "а") ok = (rest == "е" || rest == "и" || rest == "у" || rest == "ом")
    else if (last == "о" || last == "е") ok = (rest == "а" || rest == "у" || rest == "ом" || rest == "ем")
    else if (last == "и") ok = (rest == "ог" || rest == "ога" || rest == "ом" || rest == "оме" || rest == "им")
    else ok = (substr(f, 1, length(w)) == w && (substr(f, length(w) + 1) == "а" || substr(f, length(w) + 1) == "у" || substr(f, length(w) + 1) == "ом" || substr(f, length(w) + 1) == "ем"))
    if (ok) print w "\t" f
  }' "$work/expanded.tsv" > "$work/singular.tsv"
# The dictionary stems each form back to its entry.
cut -f2 "$work/singular.tsv" | hunspell -d "$dic/sr_RS" -s 2> /dev/null |
  awk 'NF == 2 { print $2 "\t" $1 }' | sort -u > "$work/stems.tsv"
sort -u "$work/singular.tsv" | join -t$'\t' -j1 <(awk -F'\t' '{ print $1 " " $2 }' "$work/stems.tsv" | sort -u) \
  <(awk -F'\t' '{ print $1 " " $2 }' "$work/singular.tsv" | sort -u) > "$work/pairs.txt" || true
tr ' ' '\t' < "$work/pairs.txt" > "$work/checked.tsv"
latin() { "$nn" translit --scheme sr-latn; }
paste <(cut -f1 "$work/checked.tsv" | latin) <(cut -f2 "$work/checked.tsv" | latin) > "$work/checked-latn.tsv"
# An alias table of the entries alone, one entity each (as a team's table of these names would
# be), in Cyrillic; the built-in aliases left out.
mkdir -p "$work/tables/aliases"
cut -f1 "$work/checked.tsv" | sort -u | awk '{ print "H" NR "\tperson\t" $0; print "H" NR "\tpreferred\t" $0 "\tsr\thunspell-sr" }' \
  > "$work/tables/aliases/hunspell.tsv"
for t in people places places-cldr; do echo "# none: the hunspell entries only" > "$work/tables/aliases/$t.tsv"; done
awk -F'\t' '$2 == "person" { print $3 "\t" $1 }' "$work/tables/aliases/hunspell.tsv" > "$work/ids.tsv"
verdicts() {  # LEMMA<TAB>FORM lines (LEMMA in Cyrillic, as in the table) -> right | ambiguous | wrong | none
  cut -f2 "$1" | "$nn" --replace-builtin --tables "$work/tables" resolve 2> /dev/null | paste <(cut -f1 "$work/checked.tsv") - |
    node -e '
    const fs = require("fs");
    const ids = new Map(fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(l => l.split("\t")));
    const rl = require("readline").createInterface({ input: process.stdin });
    rl.on("line", l => {
      const [lemma, json] = l.split("\t");
      const r = JSON.parse(json), id = ids.get(lemma);
      // Right by a declined reading, or only as a spelling one letter from the entry.
      console.log(r.id === id ? (r.reading ? "right" : "variant") : r.id ? "wrong" : r.ambiguous && (r.fits || []).some(f => f.id === id) ? "ambiguous" : "none");
    });' "$work/ids.tsv"
}
verdicts "$work/checked.tsv" > "$work/cyrl.txt"
verdicts "$work/checked-latn.tsv" > "$work/latn.txt"
section() {
  echo "<!-- cases-sr-eval:begin -->"
  echo "Generated by \`tests/eval/cases-sr.sh BUILD --write docs/matching.md\` (CI checks it is current)."
  echo "Every 40th proper noun of Debian's hunspell-sr (its people's and places' names), expanded by"
  echo "the dictionary's own suffix rules into its singular case forms, kept where \`hunspell -s\`"
  echo "stems the form back to the entry. Each form is resolved against an alias table of the"
  echo "entries alone (one entity each, in Cyrillic). Read back: the entry's entity, through a"
  echo "declined reading; as a variant: the entry's entity, as a spelling one letter from it (no"
  echo "reading needed); ambiguous: no answer, the entry among those it fits; wrong: another"
  echo "entry; none: nothing. In Latin letters the forms are the sr-latn spelling of the same forms."
  echo
  echo "| script | forms | read back | as a variant | ambiguous | wrong | none |"
  echo "|---|---|---|---|---|---|---|"
  for s in cyrl latn; do
    awk -v s="$s" '{ n++; c[$1]++ } END { if (n) printf "| %s | %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% |\n", s == "cyrl" ? "Cyrillic" : "Latin (sr-latn)", n, 100 * c["right"] / n, 100 * c["variant"] / n, 100 * c["ambiguous"] / n, 100 * c["wrong"] / n, 100 * c["none"] / n }' "$work/$s.txt"
  done
  echo "<!-- cases-sr-eval:end -->"
}
doc_section "$mode" "$doc" cases-sr-eval section
