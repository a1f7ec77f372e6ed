#!/bin/sh
# Runs the end-to-end tests with the binary under valgrind (memcheck, leak
# check; any error or leak is exit 99): build-test/ with
# -DSPECSYNC_VALGRIND=ON, ctest -L valgrind. Run scripts/test.sh first.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
cmake -S . -B build-test -DSPECSYNC_WERROR=ON -DSPECSYNC_TESTS=ON -DSPECSYNC_VALGRIND=ON >/dev/null
cmake --build build-test -j "$(nproc 2>/dev/null || echo 2)"
cd build-test
ctest --output-on-failure -L valgrind -j "$(nproc 2>/dev/null || echo 2)"
