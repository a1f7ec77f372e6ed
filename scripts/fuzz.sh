#!/bin/sh
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for
# SECONDS (default 600) in turn, starting from its seed corpus. New inputs
# go to build-fuzz/corpus/<target>/ and crashes to
# build-fuzz/artifacts/<target>/: minimise one with
#   build-fuzz/tests/fuzz/fuzz_<target> -minimize_crash=1 -runs=10000 FILE
# then add it to tests/fuzz/corpus/<target>/ as a regression case.
#
# usage: sh scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: config sections message cache)
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --fuzz
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-config sections message cache}
CC=clang cmake -S . -B build-fuzz -DSPECSYNC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
for t in $targets; do
	cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" --target "fuzz_$t" >/dev/null
done
for t in $targets; do
	mkdir -p "build-fuzz/corpus/$t" "build-fuzz/artifacts/$t"
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	echo "fuzz_$t: ${seconds}s"
	# -fork with -ignore_crashes keeps going after a crash and collects them all.
	"build-fuzz/tests/fuzz/fuzz_$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
		-ignore_ooms=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=16384 $dict -artifact_prefix="build-fuzz/artifacts/$t/" \
		"build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" 2>"build-fuzz/fuzz-$t.log" || true
	tail -3 "build-fuzz/fuzz-$t.log"
	ls "build-fuzz/artifacts/$t" | sed 's/^/  artifact: /'
done
