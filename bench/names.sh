# Sourced by bench/corpus.sh and bench/aliases.sh: the name lists both draw from.
#   family_names: surnames from Debian's hunspell word lists (ru, sr, uk: words with a
#                 surname ending), one a line, sorted, unique
#   given_names:  the Cyrillic one-word given names of tables/names/given.tsv
# Needs $root (the checkout) and LC_ALL=C.UTF-8 (grep -P reads \p{Lu} by code point).
dic=${HUNSPELL_DIR:-/usr/share/hunspell}
words() { tail -n +2 "$dic/$1.dic" | tr -d '\r' | cut -d/ -f1; }
family_names() {
  {
    words ru_RU | grep -P '^\p{Lu}\p{Ll}+(ов|ев|ёв|ин|ын|ский|цкий)$'
    words sr_RS | grep -P '^\p{Lu}\p{Ll}+(ић|ски|ов|ин)$'
    words uk_UA | grep -P '^\p{Lu}\p{Ll}+(енко|чук|юк|ський|ів)$'
  } | sort -u
}
given_names() {
  awk -F'\t' '!/^#/ && NF >= 3 { n = split($3 ", " $4, w, ", "); for (i = 1; i <= n; i++) if (w[i] ~ /^[^ ]+$/) print w[i] }' \
    "$root/tables/names/given.tsv" | grep -P '^\p{Cyrillic}+$' | sort -u
}
