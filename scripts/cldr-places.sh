#!/usr/bin/env bash
# Writes the built-in place gazetteer, tables/aliases/places-cldr.tsv, from the CLDR data of
# the ICU that BUILD links (tools/gazetteer), and the CLDR licence beside it.
#   scripts/cldr-places.sh BUILD          regenerate the table
#   scripts/cldr-places.sh BUILD --check  exit 1 if the committed table is not what this ICU
#                                         gives (places.tsv changed, or the generator); 77
#                                         (skipped) when the table was made by another ICU
# BUILD is a build directory holding tools/normname-gazetteer (cmake --build BUILD).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/cldr-places.sh BUILD [--check]}
gen="$build/tools/normname-gazetteer"
[ -x "$gen" ] || { echo "cldr-places: $gen not built (cmake --build $build --target normname-gazetteer)" >&2; exit 1; }
table=tables/aliases/places-cldr.tsv
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$gen" tables/aliases/places.tsv > "$tmp"
# In the canonical form of alias tables (normname tables fmt), as CI's tables_fmt_check wants.
nn="$build/cli/normname"
[ -x "$nn" ] || { echo "cldr-places: $nn not built" >&2; exit 1; }
fmtdir=$(mktemp -d)
trap 'rm -rf "$tmp" "$fmtdir"' EXIT
mkdir -p "$fmtdir/aliases"
cp "$tmp" "$fmtdir/aliases/places-cldr.tsv"
"$nn" --replace-builtin tables fmt "$fmtdir" > /dev/null 2>&1 || { echo "cldr-places: tables fmt failed" >&2; exit 1; }
cp "$fmtdir/aliases/places-cldr.tsv" "$tmp"
if [ "${2:-}" = --check ]; then
  version() { sed -n 's/^# icu-version: //p' "$1"; }
  if [ "$(version "$tmp")" != "$(version "$table")" ]; then
    echo "cldr-places: $table comes from ICU $(version "$table"), this build links ICU $(version "$tmp"): not compared" >&2
    exit 77
  fi
  if ! cmp -s "$tmp" "$table"; then
    echo "cldr-places: $table is not current; run scripts/cldr-places.sh $build" >&2
    diff "$table" "$tmp" | head -20 >&2
    exit 1
  fi
  exit 0
fi
# The licence: the Unicode data licence that ICU ships (its first section: the part that
# covers the CLDR data), from the ICU development files.
license=$(ls /usr/share/icu/*/LICENSE 2>/dev/null | head -1 || true)
[ -n "$license" ] || { echo "cldr-places: ICU's LICENSE not found (libicu-dev)" >&2; exit 1; }
awk '/^Third-Party Software Licenses/ { exit } { print }' "$license" | tac | awk 'f || !/^-*$/ { f = 1; print }' | tac > tables/aliases/LICENSE-CLDR.tmp
mv tables/aliases/LICENSE-CLDR.tmp tables/aliases/LICENSE-CLDR
mv "$tmp" "$table"
echo "cldr-places: wrote $table ($(grep -c $'\tplace\t' "$table") places declared, $(grep -vc '^#\|^$' "$table") rows)" >&2
