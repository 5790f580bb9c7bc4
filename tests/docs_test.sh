#!/usr/bin/env bash
# Runs every "$ command" in the ```console blocks of the given Markdown files with the built
# normname first on PATH, from the repository root, and compares stdout+stderr with the lines
# that follow it in the block. Keeps README.md and docs/ true to the program.
#   docs_test.sh BIN_DIR FILE...            check (CI)
#   docs_test.sh --update BIN_DIR FILE...   rewrite each block's output with the actual one
set -uo pipefail
update=0
if [ "${1:-}" = --update ]; then update=1; shift; fi
bin_dir=$1; shift
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$bin_dir:$PATH"
passed=0 failed=0

run_cmd() { bash -c "$1" 2>&1; }

for file in "$@"; do
  in_block=0 cmd="" cmd_line=0 expected="" n=0
  out=$(mktemp)
  flush() {
    [ -n "$cmd" ] || return 0
    local actual exp
    actual=$(run_cmd "$cmd")
    # Trailing newlines are not significant in a Markdown block.
    exp=$(printf '%s' "$expected" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
    if [ "$actual" == "$exp" ]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      printf '%s:%s: $ %s\n--- expected\n%s\n--- actual\n%s\n\n' "$file" "$cmd_line" "$cmd" "$exp" "$actual"
    fi
    [ -n "$actual" ] && printf '%s\n' "$actual" >> "$out"
    # Keep the blank line that separated this example from the next.
    [[ "$expected" == *$'\n\n' ]] && printf '\n' >> "$out"
    cmd=""
  }
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if [ $in_block -eq 0 ]; then
      printf '%s\n' "$line" >> "$out"
      [ "$line" == '```console' ] && in_block=1 cmd=""
      continue
    fi
    if [ "$line" == '```' ]; then
      flush
      printf '%s\n' "$line" >> "$out"
      in_block=0
    elif [[ $line == '$ '* ]]; then
      flush
      printf '%s\n' "$line" >> "$out"
      cmd=${line#\$ } cmd_line=$n expected=""
    else
      expected+="$line"$'\n'
      [ -z "$cmd" ] && printf '%s\n' "$line" >> "$out"
    fi
  done < "$file"
  if [ $update -eq 1 ]; then cat "$out" > "$file"; fi
  rm -f "$out"
done
echo "docs: $passed passed, $failed failed"
[ $update -eq 1 ] || [ $failed -eq 0 ]
