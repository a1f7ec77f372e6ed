#!/bin/sh
# Configures and builds specsync in ./build (Release with debug info).
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build ${SPECSYNC_CMAKE_FLAGS:-} >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)"
