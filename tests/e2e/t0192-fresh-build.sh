#!/bin/sh
# A build for use never needs the test-only packages: on a copy of the
# sources, with cmocka hidden from pkg-config (a PKG_CONFIG_LIBDIR holding
# every .pc file of this machine but cmocka.pc), the README's first command
# (sh scripts/demo.sh) configures, builds and audits the demo, and
# 'cmake --install' installs what it built. The test suite is then not
# built, and both configure and ctest say how to get it; SPECSYNC_TESTS=ON
# refuses to configure without cmocka, saying why.
#
# Not under valgrind or the sanitizers (SPECSYNC_E2E_LIGHT, SPECSYNC_SANITIZED):
# it builds its own binary, so they would only repeat the same build.
. "$(dirname "$0")/lib.sh"

if [ "${SPECSYNC_E2E_LIGHT:-0}" = 1 ] || [ "${SPECSYNC_SANITIZED:-0}" = 1 ]; then
	echo "ok - # SKIP builds its own binary: nothing to check under valgrind or the sanitizers"
	finish
fi
for tool in cmake pkg-config git; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "$test_name: $tool not found (sh scripts/deps.sh installs it)" >&2
		exit 2
	fi
done

# The sources as a clone has them (work tree files, without build trees).
src=$tmp/src
mkdir -p "$src"
(cd "$SPECSYNC_SOURCE_DIR" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\0" "$f"; done' sh |
	xargs -0 tar -cf -) | (cd "$src" && tar -xf -)
if [ -f "$src/scripts/demo.sh" ] && [ -f "$src/CMakeLists.txt" ]; then ok "sources copied"; else not_ok "sources copied"; fi

# pkg-config without cmocka
pc=$tmp/pkgconfig
mkdir -p "$pc"
for d in $(pkg-config --variable pc_path pkg-config | tr ':' ' '); do
	[ -d "$d" ] || continue
	for f in "$d"/*.pc; do
		[ -e "$f" ] || continue
		b=$(basename "$f")
		[ "$b" = cmocka.pc ] && continue
		[ -e "$pc/$b" ] || ln -s "$f" "$pc/$b"
	done
done
export PKG_CONFIG_LIBDIR="$pc"
unset PKG_CONFIG_PATH CMAKE_PREFIX_PATH SPECSYNC_CMAKE_FLAGS 2>/dev/null || true
if pkg-config --exists cmocka; then not_ok "cmocka hidden from pkg-config"; else ok "cmocka hidden from pkg-config"; fi
if pkg-config --exists libgit2 yaml-0.1 libpcre2-8 zlib; then ok "build dependencies still visible"; else not_ok "build dependencies still visible"; fi

# The README's first command.
set +e
(cd "$src" && sh scripts/demo.sh) >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 0 "sh scripts/demo.sh without cmocka"
expect_out '$ cd build/billing-demo && specsync audit' "the demo audits its repository"
expect_out "specsync exited with 1: open findings that the policy calls errors (as planted in the demo)." "the demo's audit reports what it plants"
expect_out "REQ-INV-001" "the audit names the planted requirement"
if [ -x "$src/build/specsync" ]; then ok "build/specsync built"; else not_ok "build/specsync built"; fi
if [ -e "$src/build/tests/test_engine" ]; then not_ok "unit tests not built without cmocka"; else ok "unit tests not built without cmocka"; fi

# configure says how to get the tests
set +e
cmake -S "$src" -B "$src/build" >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 0 "re-configure without cmocka"
expect_out "specsync: cmocka not found: the test suite is not built" "configure says the tests are not built"
expect_out "sh scripts/test.sh installs the test-only packages" "configure says how to get them"

# ctest says it too, and fails (nothing was tested)
set +e
(cd "$src/build" && ctest --output-on-failure) >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
if [ "$status" -ne 0 ]; then ok "ctest fails in a build without tests"; else not_ok "ctest fails in a build without tests"; fi
expect_out "specsync: the test suite was not built: cmocka was not found at configure time." "ctest says why"
expect_out "-DSPECSYNC_TESTS=ON" "ctest says how"

# SPECSYNC_TESTS=ON needs cmocka, and says so
set +e
cmake -S "$src" -B "$tmp/build-on" -DSPECSYNC_TESTS=ON >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
if [ "$status" -ne 0 ]; then ok "SPECSYNC_TESTS=ON refuses without cmocka"; else not_ok "SPECSYNC_TESTS=ON refuses without cmocka"; fi
# CMake wraps messages: compare with the lines joined
tr -s ' \n' '  ' <"$tmp/err" >"$tmp/err1"
expect_file_has "$tmp/err1" "SPECSYNC_TESTS=ON but cmocka (pkg-config module 'cmocka') was not found" "the refusal names cmocka"
set +e
cmake -S "$src" -B "$tmp/build-bad" -DSPECSYNC_TESTS=maybe >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
if [ "$status" -ne 0 ]; then ok "SPECSYNC_TESTS=maybe refused"; else not_ok "SPECSYNC_TESTS=maybe refused"; fi
tr -s ' \n' '  ' <"$tmp/err" >"$tmp/err1"
expect_file_has "$tmp/err1" "expected AUTO, ON or OFF" "the refusal lists the values"

# cmake --install, as the README says
set +e
cmake --install "$src/build" --prefix "$tmp/prefix" >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 0 "cmake --install without cmocka"
set +e
"$tmp/prefix/bin/specsync" version >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 0 "the installed specsync runs"
expect_out "specsync " "the installed specsync prints its version"
if [ -f "$tmp/prefix/share/man/man1/specsync.1" ]; then ok "man page installed"; else not_ok "man page installed"; fi

finish
