#!/bin/sh
# Robustness, output: a closed pipe, a full device, a missing directory, a
# directory, a device node: exit status and messages are sane, no partial
# file is left behind, devices are never replaced, and files get the mode
# 0666 less the umask.
. "$(dirname "$0")/robust-lib.sh"

repo=$tmp/repo
small_repo "$repo"
# Enough output to fill a pipe: many requirements.
i=3
{
	while [ $i -lt 3000 ]; do
		printf '# REQ-%03d\n\nText %d.\n\n' $((i % 1000)) $i
		i=$((i + 1))
	done
} >"$repo/func/many.md"
(cd "$repo" && commit alice "Many")

# ---- a closed pipe ------------------------------------------------------------
for fmt in text json; do
	set +e
	(cd "$repo" && timeout $((30 * scale)) "$SPECSYNC" audit --no-cache --format $fmt 2>"$tmp/err"; echo $? >"$tmp/rc") | head -c 100 >/dev/null
	set -e
	status=$(cat "$tmp/rc")
	if [ "$status" -eq 1 ] || [ "$status" -eq 0 ]; then ok "audit --format $fmt | head: exit $status"; else not_ok "audit --format $fmt | head: exit $status"; fi
	expect_no_err "audit --format $fmt | head: nothing on stderr"
done

# ---- unwritable destinations ------------------------------------------------------------
if [ -c /dev/full ]; then
	run "$repo" audit -o /dev/full
	expect_status 2 "-o /dev/full"
	expect_err 'writing /dev/full: No space left on device' "-o /dev/full: message"
	if [ -c /dev/full ]; then ok "-o /dev/full: still a device"; else not_ok "-o /dev/full: replaced by a file"; fi
	set +e
	(cd "$repo" && "$SPECSYNC" audit >/dev/full 2>"$tmp/err")
	status=$?
	set -e
	expect_status 2 "audit >/dev/full"
	expect_err 'writing the output: No space left on device' "audit >/dev/full: message"
	run "$repo" check --staged --format json=/dev/full
	expect_status 2 "check --format json=/dev/full"
else
	skip "/dev/full is not a character device here"
fi
run "$repo" audit -o /dev/null
expect_status 1 "-o /dev/null"
if [ -c /dev/null ]; then ok "-o /dev/null: still a device"; else not_ok "-o /dev/null: replaced"; fi
run "$repo" audit -o "$tmp/missing/dir/report.txt"
expect_status 2 "-o into a missing directory"
expect_err 'cannot create .*missing/dir/report\.txt: No such file or directory' "-o into a missing directory: message"
mkdir "$tmp/adir"
run "$repo" audit -o "$tmp/adir"
expect_status 2 "-o naming a directory"
expect_err 'is a directory' "-o naming a directory: message"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$tmp/ro" && chmod a-w "$tmp/ro"
	run "$repo" audit -o "$tmp/ro/report.txt"
	expect_status 2 "-o into a read-only directory"
	expect_err 'Permission denied' "-o into a read-only directory: message"
	chmod u+w "$tmp/ro"
fi
leftovers=$(find "$tmp" -name '*.tmp-*' | wc -l)
if [ "$leftovers" -eq 0 ]; then ok "no temporary file left behind"; else not_ok "$leftovers temporary files left behind"; fi

# ---- a written file: complete, with a normal mode -------------------------------------------------
for mask in 022 077 002; do
	rm -f "$tmp/report.json"
	set +e
	(cd "$repo" && umask $mask && "$SPECSYNC" audit --format json -o "$tmp/report.json")
	set -e
	want=$(printf '%o' $((0666 & ~0$mask)))
	got=$(stat -c '%a' "$tmp/report.json")
	if [ "$got" = "$want" ]; then ok "umask $mask: mode $got"; else not_ok "umask $mask: mode $got, expected $want"; fi
done
run "$repo" audit --format json
if cmp -s "$tmp/out" "$tmp/report.json"; then ok "-o FILE: same bytes as stdout"; else not_ok "-o FILE: differs from stdout"; fi
chmod 640 "$tmp/report.json"
run "$repo" audit --format json -o "$tmp/report.json"
got=$(stat -c '%a' "$tmp/report.json")
if [ "$got" = 640 ]; then ok "-o over an existing file keeps its mode"; else not_ok "-o over an existing file: mode $got"; fi
ln -s "$tmp/report.json" "$tmp/link.json"
run "$repo" audit -o "$tmp/link.json"
if [ -L "$tmp/link.json" ] && grep -q 'specsync audit' "$tmp/report.json"; then ok "-o through a symbolic link writes its target"; else not_ok "-o through a symbolic link"; fi

# ---- a run killed while writing leaves no temporary file ------------------------------------------
if [ -p /dev/stdin ] || true; then
	mkfifo "$tmp/fifo"
	set +e
	(cd "$repo" && "$SPECSYNC" audit --no-cache -o "$tmp/fifo-report" --format json) &
	pid=$!
	sleep 0.2
	kill -TERM $pid 2>/dev/null
	wait $pid
	set -e
	leftovers=$(find "$tmp" -name 'fifo-report.tmp-*' | wc -l)
	if [ "$leftovers" -eq 0 ]; then ok "SIGTERM while writing: no temporary file"; else not_ok "SIGTERM while writing: temporary file left"; fi
fi

finish
