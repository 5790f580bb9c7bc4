#!/usr/bin/env bash
# Runs every "$ command" in the ```console blocks of the given Markdown files with the built
# normname first on PATH, from the repository root, and compares stdout+stderr with the lines
# that follow it in the block. Keeps README.md and docs/ true to the program.
set -uo pipefail
bin_dir=$1; shift
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$bin_dir:$PATH"
passed=0 failed=0

check() {  # file line command expected
  local actual
  actual=$(bash -c "$3" 2>&1)
  local expected=$4
  # Trailing newlines are not significant in a Markdown block.
  expected=$(printf '%s' "$expected" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
  if [ "$actual" == "$expected" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf '%s:%s: $ %s\n--- expected\n%s\n--- actual\n%s\n\n' "$1" "$2" "$3" "$expected" "$actual"
  fi
}

for file in "$@"; do
  in_block=0 cmd="" cmd_line=0 expected="" n=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if [ $in_block -eq 0 ]; then
      [ "$line" == '```console' ] && in_block=1 cmd=""
      continue
    fi
    if [ "$line" == '```' ]; then
      [ -n "$cmd" ] && check "$file" "$cmd_line" "$cmd" "$expected"
      in_block=0 cmd=""
    elif [[ $line == '$ '* ]]; then
      [ -n "$cmd" ] && check "$file" "$cmd_line" "$cmd" "$expected"
      cmd=${line#\$ } cmd_line=$n expected=""
    else
      expected+="$line"$'\n'
    fi
  done < "$file"
done
echo "docs: $passed passed, $failed failed"
[ $failed -eq 0 ]
