#!/usr/bin/env bash
# Measures `normname tag` on the labelled sentences of tests/data/tagging/ (Serbian in both
# scripts, Russian, English; every case; titles, ambiguous family names, given names that are
# also common words) and prints a Markdown section for docs/tagging.md: span precision,
# recall and F1, overall, per language and script, per case.
#   tagging.sh BUILD_DIR                  print
#   tagging.sh BUILD_DIR --write DOC      replace the section in DOC
#   tagging.sh BUILD_DIR --check DOC      fail if DOC's section differs (CI)
#   tagging.sh BUILD_DIR --errors         list every miss and false find
set -euo pipefail
build=$(cd "$1" && pwd)
mode=${2:-print}
doc=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../conformance/lib.sh"
set="${TAGGING_SET:-dev}"
gold=("$here"/../data/tagging/$set/*.txt)
section() { node "$here/tagging.mjs" "$build/cli/normname" "${gold[@]}"; }
if [ "$mode" = --errors ]; then
  node "$here/tagging.mjs" "$build/cli/normname" "${gold[@]}" --errors
  exit
fi
doc_section "$mode" "$doc" tagging-eval section
