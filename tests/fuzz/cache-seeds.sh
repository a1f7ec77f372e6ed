#!/bin/sh
# Writes fuzz_cache's seeds (corpus/cache/state-1, state-2) from a real
# state of the running build: a small repository with two sides, roles,
# one-sided edits, out-of-role edits and an acknowledgement, audited once.
# Run it whenever the state format changes (cache.h, SPECSYNC_CACHE_FORMAT):
# seeds of an older layout stop at the first field and exercise nothing.
#
#   sh tests/fuzz/cache-seeds.sh build/specsync
#
# A seed is what the harness reads: the tip's payload length (4 bytes),
# the tip's payload without its history references (the harness appends
# them), then the history's payload; state-2 has its history cut short.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/specsync-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp" TZ=UTC LC_ALL=C
cd "$tmp"
git init -q -b main r
cd r
mkdir f t
cat >.specsync.yml <<'EOF'
version: 1
requirements: { id: 'REQ-[0-9]+' }
sides:
  f: { paths: ['f/**'] }
  t: { paths: ['t/**'] }
roles:
  biz: { members: ["Ann <ann@example.org>"] }
  eng: { members: ["Bob <bob@example.org>"] }
raci:
  - scope: "*"
    f: { R: biz, A: biz }
    t: { R: eng, A: eng }
EOF
commit() { # author message
	git -c user.name="${1% <*}" -c user.email="$(echo "$1" | sed 's/.*<\(.*\)>/\1/')" \
		commit -q -a -m "$2"
}
printf '# F\n\nREQ-1 the login.\n\nREQ-2 the logout.\n' >f/a.md
printf '# T\n\nREQ-1 a form.\n\nREQ-2 a button.\n' >t/a.md
git add -A
commit "Ann <ann@example.org>" "Both sides"
printf '\nREQ-1 the login, with a second factor.\n' >>f/a.md
commit "Ann <ann@example.org>" "Functional: REQ-1 second factor"
printf '\nREQ-2 the logout, \\"everywhere\\".\n' >>f/a.md
commit "Bob <bob@example.org>" "Functional: REQ-2 by an engineer"
printf '\nREQ-3 a new one.\n' >>t/a.md
commit "Cy <cy@example.org>" "Technical: REQ-3"
printf '\nREQ-2 a button on every page.\n' >>t/a.md
commit "Bob <bob@example.org>" "Technical: REQ-2

Sync-Ack: REQ-2"
"$bin" audit --format json >/dev/null || [ $? -eq 1 ]
python3 - .git/specsync/cache "$here/corpus/cache" <<'PY'
import glob, os, struct, sys
cache, out = sys.argv[1], sys.argv[2]
state = open(glob.glob(os.path.join(cache, "*.state"))[0], "rb").read()
hists = [open(p, "rb").read() for p in glob.glob(os.path.join(cache, "*.hist"))]
hist = [h for h in hists if h.startswith(b"specsync-hist\n")][0]
# state: magic 16, format 4, salt 16, commit 20, length 8 | payload | checksum 16
n = struct.unpack("<Q", state[56:64])[0]
tip = state[64:64 + n][:-48]  # without the history's and delta's references
# history: magic 16, format 4, salt 16, length 8 | payload | checksum 16
m = struct.unpack("<Q", hist[36:44])[0]
payload = hist[44:44 + m]
for name, h in (("state-1", payload), ("state-2", payload[: len(payload) * 2 // 3])):
    with open(os.path.join(out, name), "wb") as f:
        f.write(struct.pack("<I", len(tip)) + tip + h)
print("seeds: tip %d bytes, history %d bytes" % (len(tip), len(payload)))
PY
