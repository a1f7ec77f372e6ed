#!/bin/sh
# Benchmark: specsync against `git log --first-parent -p` on a generated
# repository. Installs what is missing (as deps.sh does), builds specsync
# in build/ when it is not built yet, then runs bench/run.py with the
# arguments given, e.g.
#
#   sh bench/run.sh --commits 100000 --requirements 2000 --files 200
#
# See docs/performance.md.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --bench
specsync=build/specsync
prev=
for a in "$@"; do
  case $a in --specsync=*) specsync=${a#--specsync=} ;; esac
  [ "$prev" = --specsync ] && specsync=$a
  prev=$a
done
if [ "$specsync" = build/specsync ] && [ ! -x build/specsync ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target specsync_cli >/dev/null
fi
exec python3 bench/run.py "$@"
