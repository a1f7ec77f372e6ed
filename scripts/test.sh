#!/bin/sh
# Installs what is missing, builds specsync from scratch with warnings as
# errors and runs the complete test suite through ctest.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
rm -rf build-test
cmake -S . -B build-test -DSPECSYNC_WERROR=ON -DSPECSYNC_TESTS=ON ${SPECSYNC_CMAKE_FLAGS:-} >/dev/null
cmake --build build-test -j "$(nproc 2>/dev/null || echo 2)"
(cd build-test && ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)")
# the container image, with podman (minutes: a Debian base, then the build)
sh scripts/test-image.sh
