#!/usr/bin/env bash
# Writes a reproducible news-like corpus of about BYTES bytes to OUT, one document a line
# (10 to 20 sentences), for `normname tag`: Russian, Serbian Cyrillic and Serbian Latin
# sentences of words from Debian's hunspell word lists, in which people of the alias table
# TABLE (bench/aliases.sh: their Cyrillic names and national romanizations) and places of the
# built-in tables are named about once a sentence: full names, family names alone, and
# family names ending in a consonant with a case ending (-а, -у, -ом or -ем), the way a news
# archive names them. As in the press, and as words are used, a few people and words come
# very often and most rarely: item k of n is picked with a chance that falls as 1/k
# (log-uniform), so half the picks are among the first sqrt(n). Benchmark data only: the
# sentences mean nothing.
# Usage: bench/news.sh BYTES OUT TABLE
set -euo pipefail
bytes=$1
out=$2
table=$3
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
dic=${HUNSPELL_DIR:-/usr/share/hunspell}
words() { tail -n +2 "$dic/$1.dic" | tr -d '\r' | cut -d/ -f1 | grep -P '^\p{Ll}{2,}$' | awk 'NR % 5 == 0'; }
words ru_RU > "$tmp/ru.txt"
words sr_RS > "$tmp/sr-Cyrl.txt"
words sr_Latn_RS > "$tmp/sr-Latn.txt"
# People: Cyrillic name <TAB> national romanization.
awk -F'\t' '$2 == "preferred" { c[$1] = $3 } $2 == "alias" && $4 == "mul-Latn" && ($1 in c) { print c[$1] "\t" $3 }' \
  "$table" > "$tmp/people.tsv"
# Places: one-word Cyrillic and Latin names of the built-in places.
awk -F'\t' '!/^#/ && $2 == "alias" && $3 !~ / / { print $4 "\t" $3 }' "$root/tables/aliases/places.tsv" |
  awk -F'\t' '$1 == "sr-Latn" || $1 == "sr" || $1 == "ru" || $1 == "sr-Cyrl"' > "$tmp/places.tsv"
awk -F'\t' -v bytes="$bytes" -v seed=5 '
  FILENAME ~ /ru.txt$/ { w["ru", ++nw["ru"]] = $0; next }
  FILENAME ~ /sr-Cyrl.txt$/ { w["sc", ++nw["sc"]] = $0; next }
  FILENAME ~ /sr-Latn.txt$/ { w["sl", ++nw["sl"]] = $0; next }
  FILENAME ~ /people.tsv$/ { pc[++np] = $1; pl[np] = $2; next }
  FILENAME ~ /places.tsv$/ { if ($1 == "sr-Latn") pll[++nll] = $2; else plc[++nlc] = $2; next }
  function pick(n) { return int(exp(log(n) * rand())) }
  function any(n) { return 1 + int(n * rand()) }
  # awk reads bytes and knows no Cyrillic case: a first letter of two bytes is looked up
  # (every letter of `lower` is two bytes in UTF-8).
  function cap(s,   c, i) {
    c = substr(s, 1, 2)
    if ((i = index(lower, c)) > 0 && i % 2 == 1) return substr(upper, i, 2) substr(s, 3)
    return toupper(substr(s, 1, 1)) substr(s, 2)
  }
  function mention(lang,   p, name, n, parts, fam, e, x) {
    if (rand() < 0.2) { return lang == "sl" ? pll[pick(nll)] : plc[pick(nlc)] }
    p = pick(np); name = lang == "sl" ? pl[p] : pc[p]
    n = split(name, parts, " "); fam = parts[n]
    x = rand()
    if (x < 0.4) return name
    # A case ending on a family name that ends in a consonant (bytes: awk reads no UTF-8).
    if (x < 0.8 && fam ~ /(ић|ов|ев|ин|ић|ko|ov|ev|in|ić|ич)$/) {
      # (the instrumental is -ем, -em after ћ, ч, ć, č: Vučićem)
      e = 1 + int(3 * rand())
      soft = fam ~ /(ић|ич|ić)$/
      if (lang == "sl") fam = fam (e == 1 ? "a" : e == 2 ? "u" : soft ? "em" : "om")
      else fam = fam (e == 1 ? "а" : e == 2 ? "у" : soft ? "ем" : "ом")
    }
    return fam
  }
  END {
    lower = "абвгдђежзијклљмнњопрстћуфхцчџшщъыьэюяёčćđšž"
    upper = "АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШЩЪЫЬЭЮЯЁČĆĐŠŽ"
    srand(seed)
    split("ru sc sl", langs, " ")
    while (total < bytes) {
      lang = langs[any(3)]; doc = ""
      ns = 10 + int(11 * rand())
      for (s = 0; s < ns; s++) {
        nwords = 8 + int(10 * rand()); at = int(nwords * rand())
        sent = ""
        for (k = 0; k < nwords; k++) {
          t = (k == at) ? mention(lang) : w[lang, pick(nw[lang])]
          if (k == 0 && k != at) t = cap(t)
          sent = sent (k ? (rand() < 0.08 ? ", " : " ") : "") t
        }
        doc = doc (s ? " " : "") sent "."
      }
      print doc; total += length(doc) + 1
    }
  }' "$tmp/ru.txt" "$tmp/sr-Cyrl.txt" "$tmp/sr-Latn.txt" "$tmp/people.tsv" "$tmp/places.tsv" > "$out"
