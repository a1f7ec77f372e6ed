#!/bin/sh
# Installs the Debian 12 packages specsync needs to build (and, with
# --test, to run its test suite; --bench, the benchmark; --fuzz, the
# fuzzers), if any is missing. Needs root (or sudo) only when something
# must be installed. A build for use needs only the base list.
set -eu

pkgs="gcc make cmake pkg-config git libgit2-dev libyaml-dev libpcre2-dev zlib1g-dev libdeflate-dev libxxhash-dev"
case "${1:-}" in
  # chromium: the HTML report is rendered headless (tests/e2e/t0300);
  # poppler-utils: the steering report printed to PDF is read back (t0605);
  # time: the benchmark harness's smoke test and t1002's peak RSS;
  # valgrind: scripts/test-valgrind.sh and the benchmark's instruction counts;
  # pre-commit: the pre-commit framework (t0109); npm: husky and lefthook
  # (t0110, installed below); libxml2-utils: xmllint and the JUnit schema;
  # xxhash: xxhsum checks the fingerprint definition; dpkg-dev: cpack -G DEB
  # (dpkg-shlibdeps, t0214); podman, debootstrap: the container image built
  # and run (scripts/test-image.sh)
  --test)
    pkgs="$pkgs libcmocka-dev python3 python3-jsonschema chromium poppler-utils time valgrind pre-commit python3-yaml libxml2-utils xxhash dpkg-dev podman debootstrap fuse-overlayfs uidmap"
    # any npm will do (NodeSource's nodejs provides one and conflicts with Debian's)
    command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
    ;;
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
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  sudo="none"
fi

if [ -n "$missing" ]; then
  echo "specsync: installing$missing" >&2
  if [ "$sudo" = none ]; then
    echo "specsync: missing packages:$missing (run as root or install them)" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# --test: husky 9, husky 8 (the .husky layout of 5-8) and lefthook from npm,
# pinned, where tests/e2e/t0110 finds them (it then runs offline); and
# action-validator (GitHub's action and workflow schemas, t0204 and t0212).
npm_tools=/usr/local/lib/specsync-test-npm
npm_pkgs="husky@9.1.7 husky8@npm:husky@8.0.3 lefthook@2.2.4 @action-validator/cli@0.6.0 @action-validator/core@0.6.0"
if [ "${1:-}" = --test ] && ! grep -qxF "$npm_pkgs" "$npm_tools/specsync-versions" 2>/dev/null; then
  echo "specsync: installing $npm_pkgs into $npm_tools (npm)" >&2
  if [ "$sudo" = none ]; then
    echo "specsync: cannot write $npm_tools (run as root)" >&2
    exit 2
  fi
  $sudo mkdir -p "$npm_tools"
  # shellcheck disable=SC2086
  $sudo npm install --prefix "$npm_tools" --no-audit --no-fund --ignore-scripts --loglevel=error \
    $npm_pkgs >/dev/null
  printf '%s\n' "$npm_pkgs" | $sudo tee "$npm_tools/specsync-versions" >/dev/null
fi
