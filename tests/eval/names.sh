#!/usr/bin/env bash
# Measures name matching on the development set (tests/data/names-dev/): pairwise
# precision, recall and F1 of `normname cluster` and of `normname match`, recall by kind of
# variation, and two baselines run on the same data in the same run:
#   icu:  equal after ICU "Any-Latin; Latin-ASCII; Lower"
#   icu+metaphone: equal Double Metaphone codes (npm double-metaphone) of that
#   jaro-winkler: Jaro-Winkler >= 0.9 of that, tokens sorted (tests/eval/jaro.mjs; match only)
# and the pairs of the precision rules (tests/data/names-dev/precision.tsv), rule by rule.
# Prints a Markdown section for docs/matching.md.
#   names.sh BUILD_DIR                  print
#   names.sh BUILD_DIR --write DOC      replace the section in DOC
#   names.sh BUILD_DIR --check DOC      fail if DOC's section differs (CI)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../conformance/lib.sh"
doc_args "$@"
data="$here/../data/names-dev"
nn="$build/cli/normname"
work="$build/eval"
npm_package "$work/npm" double-metaphone 2.0.1

# Spellings in a fixed shuffled order (cluster must not depend on the file's grouping).
grep -v '^#' "$data/spellings.tsv" | awk 'BEGIN { srand(7) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2- > "$work/set.tsv"
cut -f3 "$work/set.tsv" > "$work/names.txt"
# Entity groups (hard negatives): id -> group.
awk -F'\t' '!/^#/ { for (i = 1; i <= NF; i++) if ($i ~ /^# group /) { sub(/^# group /, "", $i); print $1 "\t" $i } }' "$data/entities.tsv" > "$work/groups.tsv"

# --- labels per system -------------------------------------------------------------------
"$nn" cluster --no-aliases < "$work/names.txt" | cut -f1 > "$work/normname.lab"
"$nn" cluster < "$work/names.txt" | cut -f1 > "$work/aliases.lab"
uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' < "$work/names.txt" > "$work/icu.lab"
node "$here/metaphone.mjs" "$work/npm/node_modules" < "$work/icu.lab" > "$work/meta.lab"

# pairwise GOLD_PRED_FILE -> "precision recall f1" (pairs of spellings in one cluster)
pairwise() {
  awk -F'\t' '{ g[$1]++; p[$2]++; c[$1 SUBSEP $2]++ }
    function pairs(n) { return n * (n - 1) / 2 }
    END { for (k in c) tp += pairs(c[k]); for (k in g) gp += pairs(g[k]); for (k in p) pp += pairs(p[k]);
          P = pp ? tp / pp : 1; R = gp ? tp / gp : 1; F = P + R ? 2 * P * R / (P + R) : 0;
          printf "%.4f %.4f %.4f\n", P, R, F }' "$1"
}
# by_kind GOLD_KIND_PRED_FILE -> per kind: share of same-entity spellings in its cluster
by_kind() {
  awk -F'\t' '{ gold[NR] = $1; kind[NR] = $2; pred[NR] = $3; n[$1]++; same[$1 SUBSEP $3]++ }
    END { for (i = 1; i <= NR; i++) { if (n[gold[i]] < 2) continue;
            r = (same[gold[i] SUBSEP pred[i]] - 1) / (n[gold[i]] - 1); s[kind[i]] += r; m[kind[i]]++ }
          for (k in s) printf "%s\t%.3f\t%d\n", k, s[k] / m[k], m[k] }' "$1" | sort
}

declare -A CP CR CF
for sys in normname aliases icu meta; do
  paste -d'\t' <(cut -f1 "$work/set.tsv") "$work/$sys.lab" > "$work/$sys.gp"
  read -r CP[$sys] CR[$sys] CF[$sys] <<< "$(pairwise "$work/$sys.gp")"
  paste -d'\t' <(cut -f1,2 "$work/set.tsv") "$work/$sys.lab" | by_kind /dev/stdin > "$work/$sys.kind"
done

# Cluster figures for people and for places apart: pairs of spellings of one type.
awk -F'\t' '!/^#/ { print $1 "\t" $2 }' "$data/entities.tsv" > "$work/types.tsv"
declare -A TP TR TF
for sys in normname aliases icu; do
  for type in person place; do
    read -r TP[$sys$type] TR[$sys$type] TF[$sys$type] <<< "$(awk -F'\t' -v t="$type" -v types="$work/types.tsv" '
      BEGIN { while ((getline l < types) > 0) { split(l, a, "\t"); ty[a[1]] = a[2] } } ty[$1] == t' "$work/$sys.gp" | pairwise /dev/stdin)"
  done
done

# An outside place set: the names of CLDR's territories and time-zone cities in the built-in
# gazetteer (tables/aliases/places-cldr.tsv, eight languages), clustered by spelling alone
# (--no-aliases), against the gazetteer's IDs: each place's distinct names, but for names
# of several places.
awk -F'\t' '!/^#/ && NF >= 4 && $2 != "place" && !seen[$1 "\t" $3]++ { print $1 "\t" $3 }' "$here/../../tables/aliases/places-cldr.tsv" |
  awk -F'\t' '{ n[$2]++; row[NR] = $0 } END { for (i = 1; i <= NR; i++) { split(row[i], f, "\t"); if (n[f[2]] == 1) print row[i] } }' |
  awk 'BEGIN { srand(11) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2- > "$work/cldr.tsv"
cut -f2 "$work/cldr.tsv" | "$nn" cluster --no-aliases | cut -f1 > "$work/cldr.lab"
read -r GP GR GF <<< "$(paste -d'\t' <(cut -f1 "$work/cldr.tsv") "$work/cldr.lab" | pairwise /dev/stdin)"
cut -f2 "$work/cldr.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/cldr.icu"
read -r GIP GIR GIF <<< "$(paste -d'\t' <(cut -f1 "$work/cldr.tsv") "$work/cldr.icu" | pairwise /dev/stdin)"
ncldr=$(wc -l < "$work/cldr.tsv")
nplaces=$(cut -f1 "$work/cldr.tsv" | sort -u | wc -l)

# --- match: positive and negative pairs ----------------------------------------------------
# Positives: each entity's Russian form against each of its other spellings. Negatives: every
# spelling of an entity against the Russian form of each other entity of its group (hard),
# and each entity's Russian form against the next entity's (easy).
grep -v '^#' "$data/spellings.tsv" > "$work/ordered.tsv"
awk -F'\t' -v groups="$work/groups.tsv" '
  BEGIN { while ((getline l < groups) > 0) { split(l, a, "\t"); grp[a[1]] = a[2]; members[a[2]] = members[a[2]] " " a[1] } }
  { if (!($1 in ru)) { ru[$1] = $3; order[++n] = $1 } else { sp[$1] = sp[$1] "\x1f" $2 "\x1e" $3 } all[$1] = all[$1] "\x1f" $2 "\x1e" $3 }
  END {
    for (i = 1; i <= n; i++) { id = order[i]
      m = split(sp[id], s, "\x1f"); for (j = 2; j <= m; j++) { split(s[j], kv, "\x1e"); print "1\t" kv[1] "\t" ru[id] "\t" kv[2] }
      if (i < n) print "0\teasy\t" ru[id] "\t" ru[order[i + 1]]
      if (id in grp) { k = split(members[grp[id]], o, " "); for (x = 1; x <= k; x++) if (o[x] != id) {
          m2 = split(all[id], s2, "\x1f"); for (j = 2; j <= m2; j++) { split(s2[j], kv, "\x1e"); print "0\thard\t" kv[2] "\t" ru[o[x]] } } } }
  }' "$work/ordered.tsv" > "$work/pairs.tsv"
cut -f3,4 "$work/pairs.tsv" | "$nn" match --no-aliases | cut -f2 | sed 's/^same$/1/; s/^different$/0/' > "$work/normname.m"
cut -f3,4 "$work/pairs.tsv" | "$nn" match | cut -f2 | sed 's/^same$/1/; s/^different$/0/' > "$work/aliases.m"
cut -f3 "$work/pairs.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/a.icu"
cut -f4 "$work/pairs.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/b.icu"
paste -d'\t' "$work/a.icu" "$work/b.icu" | awk -F'\t' '{ print ($1 == $2) ? 1 : 0 }' > "$work/icu.m"
paste -d'\t' <(node "$here/metaphone.mjs" "$work/npm/node_modules" < "$work/a.icu") \
             <(node "$here/metaphone.mjs" "$work/npm/node_modules" < "$work/b.icu") |
  awk -F'\t' '{ print ($1 == $2) ? 1 : 0 }' > "$work/meta.m"
paste -d'\t' "$work/a.icu" "$work/b.icu" | node "$here/jaro.mjs" > "$work/jw.m"
declare -A MP MR MF
for sys in normname aliases icu meta jw; do
  read -r MP[$sys] MR[$sys] MF[$sys] <<< "$(paste -d'\t' <(cut -f1 "$work/pairs.tsv") "$work/$sys.m" | awk -F'\t' '
    { if ($1 && $2) tp++; else if (!$1 && $2) fp++; else if ($1 && !$2) fn++ }
    END { P = tp + fp ? tp / (tp + fp) : 1; R = tp + fn ? tp / (tp + fn) : 1; printf "%.4f %.4f %.4f\n", P, R, (P + R ? 2 * P * R / (P + R) : 0) }')"
  paste -d'\t' <(cut -f1,2 "$work/pairs.tsv") "$work/$sys.m" | awk -F'\t' '$1 == 1 { n[$2]++; if ($3) h[$2]++ } END { for (k in n) printf "%s\t%.3f\t%d\n", k, h[k] / n[k], n[k] }' | sort > "$work/$sys.mkind"
done
# --- precision rules: each system's verdict on the rule's pairs ----------------------------
grep -v '^#' "$data/precision.tsv" > "$work/precision.tsv"
cut -f3,4 "$work/precision.tsv" | "$nn" match --no-aliases | cut -f2 > "$work/p.normname"
cut -f3,4 "$work/precision.tsv" | "$nn" match | cut -f2 > "$work/p.aliases"
cut -f3 "$work/precision.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/pa.icu"
cut -f4 "$work/precision.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/pb.icu"
paste -d'\t' "$work/pa.icu" "$work/pb.icu" | awk -F'\t' '{ print ($1 != "" && $1 == $2) ? "same" : "different" }' > "$work/p.icu"
paste -d'\t' "$work/pa.icu" "$work/pb.icu" | node "$here/jaro.mjs" | sed 's/^1$/same/; s/^0$/different/' > "$work/p.jw"
# rule -> pairs, then the share right per system, hard negatives and positives apart
precision_rows() {
  paste -d'\t' <(cut -f1,2 "$work/precision.tsv") "$work/p.normname" "$work/p.aliases" "$work/p.icu" "$work/p.jw" |
    awk -F'\t' '{ r = $1; n[r]++; if ($2 == "different") neg[r]++
                   for (i = 3; i <= 6; i++) if ($i == $2) ok[r, i]++ }
      END { for (r in n) printf "| %s | %d | %d | %d/%d | %d/%d | %d/%d | %d/%d |\n", r, neg[r], n[r] - neg[r],
              ok[r, 3], n[r], ok[r, 4], n[r], ok[r, 5], n[r], ok[r, 6], n[r] }' | sort
}
# --- foreign spellings: recall by language ---------------------------------------------------
grep -v '^#' "$data/foreign.tsv" > "$work/foreign.tsv"
cut -f2,3 "$work/foreign.tsv" | "$nn" match --no-aliases | cut -f2 > "$work/f.normname"
cut -f2 "$work/foreign.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/fa.icu"
cut -f3 "$work/foreign.tsv" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII; Lower' > "$work/fb.icu"
paste -d'\t' "$work/fa.icu" "$work/fb.icu" | awk -F'\t' '{ print ($1 == $2) ? "same" : "different" }' > "$work/f.icu"
paste -d'\t' "$work/fa.icu" "$work/fb.icu" | node "$here/jaro.mjs" | sed 's/^1$/same/; s/^0$/different/' > "$work/f.jw"
foreign_rows() {
  paste -d'\t' <(cut -f1 "$work/foreign.tsv") "$work/f.normname" "$work/f.icu" "$work/f.jw" |
    awk -F'\t' '{ n[$1]++; for (i = 2; i <= 4; i++) if ($i == "same") ok[$1, i]++ }
      END { for (l in n) printf "| %s | %d | %.3f | %.3f | %.3f |\n", l, n[l], ok[l, 2] / n[l], ok[l, 3] / n[l], ok[l, 4] / n[l] }' | sort
}
npos=$(awk -F'\t' '$1 == 1' "$work/pairs.tsv" | wc -l)
nhard=$(awk -F'\t' '$2 == "hard"' "$work/pairs.tsv" | wc -l)
neasy=$(awk -F'\t' '$2 == "easy"' "$work/pairs.tsv" | wc -l)
nent=$(grep -vc '^#' "$data/entities.tsv")
nsp=$(wc -l < "$work/set.tsv")

section() {
  echo "<!-- names-eval:begin -->"
  echo "<!-- generated by tests/eval/names.sh; do not edit -->"
  echo
  echo "Development set: $nent entities, $nsp spellings (tests/data/names-dev/). Match pairs: $npos"
  echo "positive, $nhard hard negative (namesakes: same family, relatives, regnal numbers, similar"
  echo "place names), $neasy easy negative."
  echo
  echo "| system | cluster precision | cluster recall | cluster F1 | match precision | match recall | match F1 |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for sys in normname aliases icu meta jw; do
    case $sys in normname) label="normname --no-aliases (name tables only)" ;; aliases) label="normname (with the built-in alias tables)" ;; icu) label="ICU Any-Latin; Latin-ASCII; Lower, equal" ;; meta) label="the same + Double Metaphone, equal" ;; jw) label="the same, tokens sorted, Jaro-Winkler >= 0.9" ;; esac
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "${CP[$sys]:-—}" "${CR[$sys]:-—}" "${CF[$sys]:-—}" "${MP[$sys]}" "${MR[$sys]}" "${MF[$sys]}"
  done
  echo
  echo "Cluster figures by type (pairs of spellings of people, and of places, of the set):"
  echo
  echo "| system | people P | people R | people F1 | places P | places R | places F1 |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for sys in normname aliases icu; do
    case $sys in normname) label="normname --no-aliases" ;; aliases) label="normname (with the built-in alias tables)" ;; icu) label="ICU Any-Latin; Latin-ASCII; Lower, equal" ;; esac
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "${TP[${sys}person]}" "${TR[${sys}person]}" "${TF[${sys}person]}" \
      "${TP[${sys}place]}" "${TR[${sys}place]}" "${TF[${sys}place]}"
  done
  echo
  echo "CLDR's places, an outside set: $ncldr names of $nplaces territories and cities in en, ru,"
  echo "sr-Cyrl, sr-Latn, uk, be, mk and bg (the built-in gazetteer), clustered by spelling alone;"
  echo "exonyms (Germany, Немачка) cannot meet there, so recall is what spelling can reach:"
  echo
  echo "| system | cluster precision | cluster recall | cluster F1 |"
  echo "| --- | --- | --- | --- |"
  echo "| normname cluster --no-aliases | $GP | $GR | $GF |"
  echo "| ICU Any-Latin; Latin-ASCII; Lower, equal | $GIP | $GIR | $GIF |"
  echo
  echo "Recall by kind of variation (match: the Russian form against a spelling of this kind;"
  echo "cluster: share of the entity's other spellings in the same cluster):"
  echo
  echo "| kind | pairs | normname match | icu match | icu+metaphone match | normname cluster |"
  echo "| --- | --- | --- | --- | --- | --- |"
  join -t$'\t' "$work/normname.mkind" "$work/icu.mkind" | join -t$'\t' - "$work/meta.mkind" | join -t$'\t' -a1 -e - -o auto - "$work/normname.kind" |
    awk -F'\t' '{ printf "| %s | %d | %.3f | %.3f | %.3f | %s |\n", $1, $3, $2, $4, $6, $8 }'
  echo
  echo "Precision rules (tests/data/names-dev/precision.tsv: for each rule, real different names it"
  echo "must keep apart and pairs it must still join; verdicts right of all pairs):"
  echo
  echo "| rule | must differ | must match | normname --no-aliases | normname | ICU equal | Jaro-Winkler |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  precision_rows
  echo
  echo "Spellings of Russian names in other languages (tests/data/names-dev/foreign.tsv: German,"
  echo "French, Polish, Czech, Italian, Spanish and Dutch transcriptions against the Russian form;"
  echo "written while the conventions of tables/keys/skeleton-variants.tsv were, so a development"
  echo "figure), recall:"
  echo
  echo "| language | pairs | normname --no-aliases | ICU equal | Jaro-Winkler |"
  echo "| --- | --- | --- | --- | --- |"
  foreign_rows
  echo
  echo "<!-- names-eval:end -->"
}

doc_section "$mode" "$doc" names-eval section
