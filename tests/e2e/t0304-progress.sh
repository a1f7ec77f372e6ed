#!/bin/sh
# End-to-end: the progress line of a long audit is shown on standard error
# when it is a terminal (a pseudo-terminal here), erased at the end, and
# never written otherwise. History: 30,000 commits from git fast-import.
. "$(dirname "$0")/reports-lib.sh"

repo=$tmp/long
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
python3 - <<'PY' | git fast-import --quiet
import sys
out = sys.stdout.buffer
cfg = (b"version: 1\nrequirements:\n  id: '\\bREQ-[0-9]{3}\\b'\nsides:\n"
       b"  functional: { paths: [\"f/*.md\"] }\n  technical: { paths: [\"t/*.md\"] }\n")
def data(b):
    out.write(b"data %d\n" % len(b) + b + b"\n")
for i in range(30000):
    t = 1700000000 + i * 60
    out.write(b"commit refs/heads/main\n")
    out.write(b"author A <a@example.org> %d +0000\ncommitter A <a@example.org> %d +0000\n" % (t, t))
    data(b"c%d" % i)
    if i == 0:
        out.write(b"M 644 inline .specsync.yml\n")
        data(cfg)
    out.write(b"M 644 inline %s/r%d.md\n" % (b"ft"[i % 2:i % 2 + 1], i % 50))
    data(b"# REQ-%03d\n\nversion %d\n" % (i % 50, i))
    out.write(b"\n")
PY
git checkout -q main
cd "$tmp"

run "$repo" audit --no-cache
if [ "$status" -le 1 ] && [ ! -s "$tmp/err" ]; then
	ok "no progress when standard error is not a terminal"
else
	not_ok "no progress when standard error is not a terminal (exit $status)"
fi

if python3 - "$SPECSYNC" "$repo" <<'PY'
import os, pty, subprocess, sys, time
master, slave = pty.openpty()
start = time.time()
p = subprocess.Popen([sys.argv[1], "audit", "--no-cache"], cwd=sys.argv[2],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
os.close(slave)
data = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
p.wait()
elapsed = time.time() - start
print("# audit on a terminal: %.2f s, %d bytes on standard error" % (elapsed, len(data)))
if elapsed < 0.8 and not data:
    print("# too fast to show progress (shown after 0.5 s): nothing to check")
    sys.exit(0)
assert b"\rspecsync: walking the history " in data, data[:200]
assert b"/30000 commits (" in data, data[:200]
assert data.endswith(b"\r\x1b[K"), data[-40:]
assert p.returncode in (0, 1), p.returncode
PY
then ok "a progress line on a terminal, erased at the end"; else not_ok "a progress line on a terminal, erased at the end"; fi

finish t0304
