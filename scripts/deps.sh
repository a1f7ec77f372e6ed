#!/bin/sh
# Installs the Debian 12 packages specsync needs to build (and, with
# --test, to run its test suite; --bench, the benchmark; --fuzz, the
# fuzzers), if any is missing. Needs root (or sudo) only when something
# must be installed. A build for use needs only the base list.
set -eu

pkgs="gcc make cmake pkg-config git libgit2-dev libyaml-dev libpcre2-dev zlib1g-dev"
case "${1:-}" in
  # chromium: the HTML report is rendered headless (tests/e2e/t0300);
  # time: the benchmark harness's smoke test and t1002's peak RSS;
  # valgrind: scripts/test-valgrind.sh and the benchmark's instruction counts
  --test) pkgs="$pkgs libcmocka-dev python3 python3-jsonschema chromium time valgrind" ;;
  --bench) pkgs="$pkgs python3 time valgrind" ;;
  # scripts/fuzz.sh: libFuzzer
  --fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
  "") ;;
  *) echo "usage: sh scripts/deps.sh [--test|--bench|--fuzz]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "specsync: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "specsync: missing packages:$missing (run as root or install them)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
