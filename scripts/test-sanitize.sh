#!/bin/sh
# Builds specsync with AddressSanitizer and UBSan (no recovery: the first
# report fails the test) in build-sanitize/ and runs the whole test suite,
# fuzz corpora included.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
rm -rf build-sanitize
cmake -S . -B build-sanitize -DSPECSYNC_WERROR=ON -DSPECSYNC_TESTS=ON -DSPECSYNC_SANITIZE=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-sanitize -j "$(nproc 2>/dev/null || echo 2)"
cd build-sanitize
# Slow unwinding at malloc: leak stacks then go through libgit2 (no frame
# pointers), which tests/lsan.supp needs to name the two leaks of libgit2
# 1.5.1 it knows.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:fast_unwind_on_malloc=0} \
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(cd .. && pwd)/tests/lsan.supp:print_suppressions=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)"
