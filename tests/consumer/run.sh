#!/usr/bin/env bash
# Install normname from BUILD_DIR into a scratch prefix, build this consumer against it with
# CMake and with pkg-config, and check what it prints.
set -euo pipefail
build_dir=$1
src_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$src_dir" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="${CONSUMER_CXX_FLAGS:-}" -DCMAKE_EXE_LINKER_FLAGS="${CONSUMER_CXX_FLAGS:-}" >/dev/null
cmake --build "$work/build" >/dev/null
expected=$'Aleksandar Vučić\naleksandr vuchich\n1 1 same key \'vucic\' once transliterated\nQ3711'
actual=$("$work/build/consumer")
if [ "$actual" != "$expected" ]; then
  printf 'consumer printed:\n%s\nexpected:\n%s\n' "$actual" "$expected" >&2
  exit 1
fi
# pkg-config: the .pc file names the include dir and the library.
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig" \
  pkg-config --cflags --libs normname | grep -q -- '-lnormname'
echo "consumer: 1 passed, 0 failed"
