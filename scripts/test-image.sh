#!/bin/sh
# The container image, built and run with a real container tool: podman
# builds the Dockerfile as written (buildah's chroot isolation: the crun of
# these sandboxed machines cannot start containers, it may not set rlimits
# nor cgroups), on a Debian 12 base that debootstrap makes from this
# machine's own apt source (no image registry is reachable here). The
# image's file system is then run in a chroot on the billing demo,
# owned by another user as a mounted repository is. Needs root, podman and
# debootstrap (scripts/deps.sh --test installs them). Prints
# "N passed, N failed" and exits 1 on any failure.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }

for tool in podman debootstrap; do
	command -v "$tool" >/dev/null 2>&1 || { echo "test-image: $tool is missing (sh scripts/deps.sh --test)" >&2; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { echo "test-image: needs root (debootstrap, chroot)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/specsync-image.XXXXXX")
image=localhost/specsync-image-test
# the build stage leaves an untagged image of about 800 MB: remove the ones
# this run made, and no other
podman images -q -f dangling=true | sort >"$tmp/dangling-before"
cleanup() {
	podman rmi -f "$image" >/dev/null 2>&1 || true
	podman images -q -f dangling=true | sort | comm -13 "$tmp/dangling-before" - |
		xargs -r podman rmi -f >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# The base the Dockerfile names, made once and kept between runs.
base=localhost/debian:12-slim
if ! podman image exists "$base"; then
	mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) bookworm .*/\2/p' \
		/etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -n 1)
	[ -n "$mirror" ] || { echo "test-image: no Debian source in /etc/apt" >&2; exit 2; }
	debootstrap --variant=minbase bookworm "$tmp/rootfs" "$mirror" >"$tmp/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$tmp/debootstrap.log" >&2; exit 2; }
	rm -rf "$tmp/rootfs/var/cache/apt/archives/"*.deb
	tar -C "$tmp/rootfs" -c . | podman import - "$base" >/dev/null
	rm -rf "$tmp/rootfs"
fi

if podman build --isolation=chroot --pull=never --network=host -t "$image" "$src" \
	>"$tmp/build.log" 2>&1; then
	ok "podman build of the Dockerfile"
else
	tail -n 30 "$tmp/build.log"
	not_ok "podman build of the Dockerfile"
	echo "test-image: $pass passed, $fail failed"
	exit 1
fi

# The runtime image's file system, as a container would see it.
root=$tmp/image
mkdir -p "$root"
ctr=$(podman create "$image")
podman export "$ctr" | tar -C "$root" -x
podman rm "$ctr" >/dev/null
in_image() { chroot "$root" /bin/sh -c "$1"; }

if in_image 'ldd /usr/bin/specsync' >"$tmp/ldd" 2>&1 && ! grep -q 'not found' "$tmp/ldd"; then
	ok "the runtime stage has every library specsync links"
else
	cat "$tmp/ldd"
	not_ok "the runtime stage has every library specsync links"
fi
if ! in_image 'command -v cmake gcc' >/dev/null 2>&1; then
	ok "the runtime stage has no build tools"
else
	not_ok "the runtime stage has no build tools"
fi

# The demo repository, owned by another user, at the image's WORKDIR.
sh examples/billing/create-repo.sh "$tmp/demo" >/dev/null
rm -rf "$root/repo"
cp -a "$tmp/demo" "$root/repo"
chown -R 65534:65534 "$root/repo"
run() {
	set +e
	in_image "cd /repo && HOME=/root $1 /usr/local/bin/specsync-entrypoint $2" >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
}

run "SPECSYNC_TRUST_WORKDIR=0" audit
if [ "$status" -eq 2 ] && grep -q "owned by another user" "$tmp/err" &&
	grep -q "safe.directory" "$tmp/err"; then
	ok "SPECSYNC_TRUST_WORKDIR=0: a repository of another user is refused, saying how to trust it"
else
	cat "$tmp/err"
	not_ok "SPECSYNC_TRUST_WORKDIR=0: refused with exit 2 (got $status)"
fi

run "" audit
if [ "$status" -eq 1 ] && grep -q "^specsync audit of [0-9a-f]*: 22 commits, 8 requirements" "$tmp/out"; then
	ok "the entrypoint trusts the mounted repository: the demo's audit (exit 1, its findings)"
else
	cat "$tmp/out" "$tmp/err"
	not_ok "the demo's audit in the image (got $status)"
fi
if [ "$(in_image 'git config --global --get-all safe.directory')" = /repo ]; then
	ok "the entrypoint added exactly the repository's root to safe.directory"
else
	not_ok "safe.directory holds /repo only once"
fi
run "" "audit --format json"
if [ "$status" -eq 1 ] && /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]' "$tmp/out" 2>/dev/null; then
	ok "JSON from the image"
else
	not_ok "JSON from the image (got $status)"
fi
run "" version
if [ "$status" -eq 0 ] && grep -q "^specsync " "$tmp/out"; then
	ok "specsync version in the image"
else
	not_ok "specsync version in the image"
fi

echo "test-image: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
