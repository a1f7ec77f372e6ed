#!/bin/sh
# The Dockerfile without a container tool (scripts/test-image.sh builds and
# runs it with podman): its stages are Debian 12 slim; the build stage's RUN commands run
# as they are, with /src, /build and /stage mapped to the sources and
# temporary directories, and must install what the runtime stage copies;
# the runtime stage installs exactly the Debian packages of the libraries
# the binary needs (readelf NEEDED -> dpkg -S), plus git, and no compiler;
# the entrypoint makes a repository owned by another user usable (as a
# mounted one is) and, with SPECSYNC_TRUST_WORKDIR=0, leaves specsync's
# message saying how to trust it.
set -eu
test_name=t0213
. "$(cd "$(dirname "$0")" && pwd)/ci-lib.sh"
skip_unless_plain_build

df=$SPECSYNC_SOURCE_DIR/Dockerfile
# stage N: the instructions of stage N (1 or 2), continuation lines joined
stage() {
	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$df" | grep -v '^ *#' |
		awk -v n="$1" '/^FROM /{s++} s==n && NF'
}
expect_str "FROM debian:12-slim AS build" "$(stage 1 | head -1)" "build stage: Debian 12 slim"
expect_str "FROM debian:12-slim" "$(stage 2 | head -1)" "runtime stage: Debian 12 slim"

# the runtime packages against the binary's libraries
want=$(readelf -d "$SPECSYNC" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
	while read -r lib; do
		path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|x86_64|64bit/ { print $NF; exit }')
		# by file name: with merged /usr, dpkg may know it under /lib
		dpkg -S "*/lib/*/$(basename "$(readlink -f "$path")")" 2>/dev/null | head -1 | cut -d: -f1
	done | grep -vx libc6 | sort -u | tr '\n' ' ')
got=$(stage 2 | grep 'apt-get install' | sed 's/.*--no-install-recommends//; s/&&.*//' | tr ' ' '\n' |
	grep -v '^$' | grep -vx 'git\|ca-certificates' | sort -u | tr '\n' ' ')
expect_str "$want" "$got" "runtime stage: the packages of the binary's shared libraries"
if stage 2 | grep -q 'apt-get install.* git '; then ok "runtime stage: git"; else not_ok "runtime stage: git"; fi
if stage 2 | grep -Eq -- '-dev|gcc|cmake'; then not_ok "runtime stage: no compiler nor headers"; else ok "runtime stage: no compiler nor headers"; fi

# the build stage's RUN commands, in its WORKDIR
stage 1 | sed -n 's/^RUN //p' | sed -e "s#/src#$SPECSYNC_SOURCE_DIR#g" -e "s#/build#$tmp/build#g" \
	-e "s#/stage#$tmp/stage#g" >"$tmp/build.sh"
set +e
(cd "$SPECSYNC_SOURCE_DIR" && sh -e "$tmp/build.sh") >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 0 "build stage: its RUN commands"
stage 2 | sed -n 's/^COPY --from=build \([^ ]*\) .*/\1/p' >"$tmp/copied"
expect_str 2 "$(wc -l <"$tmp/copied")" "runtime stage: copies the binary and the hook scripts"
while read -r path; do
	if [ -e "$tmp$path" ]; then ok "build stage installs $path"; else not_ok "build stage installs $path"; fi
done <"$tmp/copied"
bin=$tmp/stage/usr/bin/specsync
set +e
"$bin" version >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 0 "the image's specsync version"

# the entrypoint on a repository owned by another user
entry=$SPECSYNC_SOURCE_DIR/docker/entrypoint.sh
if [ "$(id -u)" -ne 0 ]; then
	echo "# not root: cannot give a repository to another user; entrypoint not tested"
	finish
fi
make_pr_repo "$tmp/repo"
mkdir -p "$tmp/repo/specs/functional"
chown -R nobody "$tmp/repo"
# entry DIR HOME ENV...: runs the entrypoint in DIR with "audit"; $status
entry() {
	dir=$1 home=$2
	shift 2
	mkdir -p "$home"
	set +e
	(cd "$dir" && env HOME="$home" SPECSYNC="$bin" "$@" sh "$entry" audit) >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
}
entry "$tmp/repo/specs/functional" "$tmp/home1" SPECSYNC_TRUST_WORKDIR=0
expect_status 2 "entrypoint, SPECSYNC_TRUST_WORKDIR=0: the ownership check stays"
expect_file_has "$tmp/err" "is owned by another user; if you trust it, run: git config --global --add safe.directory" \
	"entrypoint, SPECSYNC_TRUST_WORKDIR=0: specsync says how to trust it"
entry "$tmp/repo/specs/functional" "$tmp/home2"
expect_status 1 "entrypoint: the mounted repository is audited (its open error)"
expect_file_has "$tmp/out" "REQ-003" "entrypoint: the audit's report"
expect_str "$tmp/repo" "$(HOME=$tmp/home2 git config --global --get-all safe.directory)" \
	"entrypoint: the repository root (not the working directory below it) is trusted, once"
entry "$tmp/repo" "$tmp/home2"
expect_str "$tmp/repo" "$(HOME=$tmp/home2 git config --global --get-all safe.directory)" \
	"entrypoint: a second run adds nothing"

finish
