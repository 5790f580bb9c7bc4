# Shared helpers for the conformance scripts (sourced).
# dic_words FILE: the words of a hunspell .dic file, one per line, flags and CR removed.
dic_words() {
  if [ ! -f "$1" ]; then
    echo "missing $1: install the Debian package that ships it (scripts/dev setup)" >&2
    exit 2
  fi
  tail -n +2 "$1" | tr -d '\r' | cut -d/ -f1
}
# record RESULTS NAME TOTAL PASSED THRESHOLD: one result row; THRESHOLD is a fraction or "-".
record() {
  printf '%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$5" >> "$1"
}
# percent PASSED TOTAL
percent() { awk -v p="$1" -v t="$2" 'BEGIN { printf "%.4f", (t ? 100 * p / t : 0) }'; }
# meets PASSED TOTAL THRESHOLD: exit 0 when PASSED/TOTAL >= THRESHOLD
meets() { awk -v p="$1" -v t="$2" -v m="$3" 'BEGIN { exit !(m == "-" || (t > 0 && p / t >= m)) }'; }
