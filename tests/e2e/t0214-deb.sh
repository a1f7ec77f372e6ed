#!/bin/sh
# cpack -G DEB makes a Debian 12 package whose dependencies are the
# packages of the libraries specsync links (dpkg-shlibdeps), git
# recommended; it holds the program, git-specsync, the library (shared and
# static), header, pkg-config file, man pages, hooks and examples under
# /usr; unpacked, its specsync runs; the container image's runtime packages
# are the same list.
set -eu
test_name=t0214
. "$(cd "$(dirname "$0")" && pwd)/ci-lib.sh"
skip_unless_plain_build

build=${SPECSYNC_BUILD_DIR:-$(dirname "$SPECSYNC")}
for tool in cpack dpkg-deb dpkg-shlibdeps; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "$test_name: $tool not found (Debian cmake, dpkg-dev)" >&2
		exit 2
	fi
done
set +e
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 0 "cpack -G DEB"
deb=$(ls "$tmp"/pkg/specsync_*.deb)
expect_str "specsync_0.1.0_$(dpkg --print-architecture).deb" "$(basename "$deb")" "the package's file name"
field() { dpkg-deb -f "$deb" "$1"; }
expect_str "specsync" "$(field Package)" "Package"
expect_str "0.1.0" "$(field Version)" "Version"
# Debian 12's packages, with the versions dpkg-shlibdeps derives from the symbols used
deps=$(field Depends | tr ',' '\n' | sed 's/^ *//; s/ (.*//' | sort | tr '\n' ' ')
expect_str "libc6 libdeflate0 libgit2-1.5 libpcre2-8-0 libyaml-0-2 zlib1g " "$deps" "Depends: the libraries' packages"
if field Depends | grep -q 'libgit2-1.5 (>= 1.5'; then ok "Depends: libgit2 1.5"; else not_ok "Depends: libgit2 1.5 ($(field Depends))"; fi
expect_str "git" "$(field Recommends)" "Recommends: git"

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's#^\./#/#' >"$tmp/contents"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
for f in /usr/bin/specsync /usr/bin/git-specsync /usr/include/specsync.h \
	"/usr/lib/$multiarch/libspecsync.a" "/usr/lib/$multiarch/libspecsync.so.0.1.0" \
	"/usr/lib/$multiarch/pkgconfig/specsync.pc" /usr/share/man/man1/specsync.1 \
	/usr/share/man/man5/specsync.yml.5 /usr/share/specsync/hooks/pre-commit \
	/usr/share/doc/specsync/examples/ci/github-specsync.yml; do
	if grep -qxF "$f" "$tmp/contents"; then ok "the package holds $f"; else not_ok "the package holds $f"; fi
done

dpkg-deb -x "$deb" "$tmp/root"
set +e
"$tmp/root/usr/bin/specsync" version >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 0 "the packaged specsync runs"
expect_str "specsync 0.1.0" "$(head -1 "$tmp/out")" "the packaged specsync's version"
expect_file_has "$tmp/root/usr/lib/$multiarch/pkgconfig/specsync.pc" "prefix=/usr" "specsync.pc: prefix /usr"

# the image's runtime list: the same packages (libc6 is in the base image)
img=$(sed -n 's/.*apt-get install .*--no-install-recommends \([^\\&]*\).*/\1/p' "$SPECSYNC_SOURCE_DIR/Dockerfile" |
	tr ' ' '\n' | grep -vx 'git\|ca-certificates\|'  | sort | tr '\n' ' ')
expect_str "$(echo "$deps" | sed 's/libc6 //')" "$img" "the Dockerfile's runtime packages are the package's Depends"

finish
