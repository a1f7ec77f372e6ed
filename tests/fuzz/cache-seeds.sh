#!/bin/sh
# Writes fuzz_cache's seeds (corpus/cache/state-1, -2, -3) from real states
# of the running build: a small repository with two sides, roles,
# one-sided edits, out-of-role edits and an acknowledgement, audited; then
# one commit more, audited again (a state whose history is a base and a
# delta).
# Run it whenever the state format changes (cache.h, SPECSYNC_CACHE_FORMAT):
# seeds of an older layout stop at the first field and exercise nothing.
#
#   sh tests/fuzz/cache-seeds.sh build/specsync
#
# A seed is what the harness reads: the lengths (4 bytes each) of the
# tip's payload and of the history's, the tip's payload without its
# history references (the harness appends them), the history's payload,
# then the delta's (state-3; none in the others). state-2 has its history
# cut short.
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
i=0
while [ $i -lt 30 ]; do
	i=$((i + 1))
	printf '\nREQ-1 note %d.\n' $i >>f/a.md
	commit "Ann <ann@example.org>" "Functional: REQ-1, note $i"
done
"$bin" audit --format json >/dev/null || [ $? -eq 1 ]
cp -r .git/specsync/cache "$tmp/first"
printf '\nREQ-2 a button, blue.\n' >>t/a.md
commit "Bob <bob@example.org>" "Technical: REQ-2 in blue"
"$bin" audit --format json >/dev/null || [ $? -eq 1 ]
python3 - "$tmp/first" .git/specsync/cache "$here/corpus/cache" <<'PY'
import glob, os, struct, sys
first, cache, out = sys.argv[1], sys.argv[2], sys.argv[3]

def files(d):
    return {os.path.basename(p): open(p, "rb").read() for p in glob.glob(os.path.join(d, "*"))}

def payload(blob, header):
    n = struct.unpack("<Q", blob[header - 8:header])[0]
    return blob[header:header + n]

def seed(tip, hist, delta=b""):
    return struct.pack("<II", len(tip), len(hist)) + tip + hist + delta

def state(d):
    fs = files(d)
    # a tip: magic 16, format 4, salt 16, commit 20, length 8 | payload | checksum 16;
    # a history or delta: magic 16, format 4, salt 16, length 8 | payload | checksum 16
    tips = [b for b in fs.values() if b.startswith(b"specsync-state\n")]
    hists = [payload(b, 44) for b in fs.values() if b.startswith(b"specsync-hist\n")]
    deltas = [payload(b, 44) for b in fs.values() if b.startswith(b"specsync-hdel\n")]
    return tips, hists, deltas

tips, hists, _ = state(first)
tip = payload(tips[0], 64)[:-48]  # without the history's and delta's references
with open(os.path.join(out, "state-1"), "wb") as f:
    f.write(seed(tip, hists[0]))
with open(os.path.join(out, "state-2"), "wb") as f:
    f.write(seed(tip, hists[0][: len(hists[0]) * 2 // 3]))
tips, hists, deltas = state(cache)
new = [t for t in tips if t not in state(first)[0]]
if len(new) != 1 or len(deltas) != 1 or len(hists) != 1:
    sys.exit("cache-seeds: expected one new state, stored as a delta")
with open(os.path.join(out, "state-3"), "wb") as f:
    f.write(seed(payload(new[0], 64)[:-48], hists[0], deltas[0]))
print("seeds: tip %d bytes, history %d bytes, delta %d bytes" % (len(tip), len(hists[0]), len(deltas[0])))
PY
