# Shared helpers for the conformance scripts (sourced).
# dic_words FILE: the words of a hunspell .dic file, one per line, flags and CR removed.
dic_words() {
  if [ ! -f "$1" ]; then
    echo "missing $1: install the Debian package that ships it (scripts/dev setup)" >&2
    exit 2
  fi
  tail -n +2 "$1" | tr -d '\r' | cut -d/ -f1
}
# npm_package PREFIX NAME VERSION: install NAME@VERSION from the npm registry under
# PREFIX/node_modules unless that version is there. Suites run in parallel, so under a lock.
npm_package() {
  mkdir -p "$1"
  (
    flock 9
    if ! grep -qs "\"version\": \"$3\"" "$1/node_modules/$2/package.json"; then
      npm install --silent --no-audit --no-fund --no-save --prefix "$1" "$2@$3" >/dev/null
    fi
  ) 9> "$1/.lock"
}
# The iuliia release the suites measure against (iuliia.sh, reverse-iuliia.sh).
iuliia_version=0.8.2
# record RESULTS NAME TOTAL PASSED THRESHOLD: one result row; THRESHOLD is a fraction or "-".
record() {
  printf '%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$5" >> "$1"
}
# percent PASSED TOTAL
percent() { awk -v p="$1" -v t="$2" 'BEGIN { printf "%.4f", (t ? 100 * p / t : 0) }'; }
# meets PASSED TOTAL THRESHOLD: exit 0 when PASSED/TOTAL >= THRESHOLD
meets() { awk -v p="$1" -v t="$2" -v m="$3" 'BEGIN { exit !(m == "-" || (t > 0 && p / t >= m)) }'; }

# doc_args BUILD_DIR [MODE [DOC]]: the arguments of a script that writes a section of a doc:
# sets build (absolute), mode (print unless given) and doc.
doc_args() {
  build=$(cd "$1" && pwd)
  mode=${2:-print}
  doc=${3:-}
}

# doc_section MODE DOC NAME FUNCTION: the generated section of DOC between the lines
# "<!-- NAME:begin -->" and "<!-- NAME:end -->", made by FUNCTION.
#   MODE print: print it; --write: replace it in DOC; --check: fail if DOC's differs (CI).
doc_section() {
  local mode=$1 doc=$2 name=$3 fn=$4 tmp
  case "$mode" in
    print) "$fn" ;;
    --write)
      tmp=$(mktemp)
      "$fn" > "$tmp.section"
      awk -v sec="$tmp.section" -v b="<!-- $name:begin -->" -v e="<!-- $name:end -->" '
        $0 == b { while ((getline line < sec) > 0) print line; skip = 1; next }
        $0 == e { skip = 0; next }
        !skip { print }' "$doc" > "$tmp"
      cat "$tmp" > "$doc"
      rm -f "$tmp" "$tmp.section" ;;
    --check)
      if diff <("$fn") <(sed -n "/^<!-- $name:begin -->\$/,/^<!-- $name:end -->\$/p" "$doc"); then
        echo "$name: 1 passed, 0 failed"
      else
        echo "$doc is out of date; regenerate with --write (see the script's header)"
        echo "$name: 0 passed, 1 failed"
        return 1
      fi ;;
    *) echo "usage: MODE is print, --write DOC or --check DOC" >&2; return 64 ;;
  esac
}
