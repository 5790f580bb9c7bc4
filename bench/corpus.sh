#!/usr/bin/env bash
# Writes a reproducible corpus of N person names to OUT: "Given Family", two tokens a line,
# half in Cyrillic (Russian, Serbian, Ukrainian), half in Latin (Serbian Latin, and English
# spellings by ICU's Any-Latin; Latin-ASCII). Names repeat the way they do in registries:
# a few common ones very often, most rarely (picked with a skewed random index).
# Given names come from tables/names/given.tsv; family names from the hunspell word lists
# (Debian's hunspell-ru, -sr, -uk: words with a surname ending) and the alias tables.
# Usage: bench/corpus.sh N OUT [NNBIN]
set -euo pipefail
n=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
nn=${3:-$root/build/cli/normname}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
. "$root/bench/names.sh"
{
  family_names
  awk -F'\t' '!/^#/ && NF >= 3 { n = split($3, w, " "); if (n >= 2) print w[n] }' "$root"/tables/aliases/people.tsv |
    grep -P '^\p{Cyrillic}+$'
} | sort -u > "$tmp/family.txt"
given_names > "$tmp/given.txt"
awk -v n="$n" -v seed=7 '
  FILENAME == ARGV[1] { g[++ng] = $0; next }
  { f[++nf] = $0 }
  END {
    srand(seed)
    for (i = 0; i < n; i++) {
      # rand()^3: the first names of each list are drawn far more often than the last
      a = 1 + int(ng * rand() ^ 3); b = 1 + int(nf * rand() ^ 3)
      print g[a] " " f[b]
    }
  }' "$tmp/given.txt" "$tmp/family.txt" > "$tmp/cyrillic.txt"
# Every other line romanized: by the national standard of its language (auto-latn), or as
# English writes it.
awk 'NR % 2 == 0' "$tmp/cyrillic.txt" > "$tmp/even.txt"
awk 'NR % 4 == 2' "$tmp/cyrillic.txt" | "$nn" translit --scheme auto-latn > "$tmp/sr.txt"
awk 'NR % 4 == 0' "$tmp/cyrillic.txt" | uconv -f utf-8 -t utf-8 -x 'Any-Latin; Latin-ASCII' > "$tmp/en.txt"
awk -v sr="$tmp/sr.txt" -v en="$tmp/en.txt" '
  NR % 2 == 1 { print; next }
  NR % 4 == 2 { getline l < sr; print l; next }
  { getline l < en; print l }' "$tmp/cyrillic.txt" > "$out"
