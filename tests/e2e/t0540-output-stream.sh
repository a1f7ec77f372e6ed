#!/bin/sh
# End-to-end: the JSON report is streamed to its output (issue 14) with the
# same bytes whatever the destination, and a write that fails part-way
# (full device, file size limit) ends with exit 2 and a message, never a
# silent truncation; a file written with -o keeps its old contents then.
#
# Environment: SPECSYNC (the binary). Needs git and python3.
. "$(dirname "$0")/lib.sh"

python3 "$SPECSYNC_SOURCE_DIR/bench/gen.py" --out "$tmp/repo" --profile dense --commits 400 \
	--requirements 40 --files 6 --code-files 20 --seed 3 >/dev/null
repo=$tmp/repo

# ---- the same bytes to a pipe, a file and -o ---------------------------------
run "$repo" audit --format json --no-cache
expect_status 1 "audit --format json (open findings the policy calls errors)"
cp "$tmp/out" "$tmp/stdout.json"
size=$(wc -c <"$tmp/stdout.json")
# several of the 64 KiB pieces the renderer hands on
if [ "$size" -gt 300000 ]; then ok "a report of $size bytes"; else not_ok "report of $size bytes only"; fi
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["findings"]) > 100 else 1)' \
	"$tmp/stdout.json"; then ok "the streamed report is valid JSON"; else not_ok "invalid JSON"; fi
run "$repo" audit --format json --no-cache -o "$tmp/o.json"
expect_status 1 "audit -o FILE"
expect_same "$tmp/stdout.json" "$tmp/o.json" "-o FILE: the bytes of standard output"
(cd "$repo" && "$SPECSYNC" audit --format json --no-cache | cat >"$tmp/piped.json")
expect_same "$tmp/stdout.json" "$tmp/piped.json" "through a pipe: the same bytes"
run "$repo" audit --format json
expect_same "$tmp/stdout.json" "$tmp/out" "cached: the same bytes"

# ---- a full device -------------------------------------------------------------
if [ -c /dev/full ]; then
	set +e
	(cd "$repo" && "$SPECSYNC" audit --format json --no-cache >/dev/full 2>"$tmp/err")
	status=$?
	set -e
	expect_status 2 "audit --format json >/dev/full"
	echo "specsync: error: writing the output: No space left on device" >"$tmp/want"
	expect_same "$tmp/want" "$tmp/err" ">/dev/full: one clear message"
	run "$repo" audit --format json --no-cache -o /dev/full
	expect_status 2 "audit --format json -o /dev/full"
	expect_file_has "$tmp/err" "writing /dev/full: No space left on device" "-o /dev/full: message"
	run "$repo" check --range HEAD~5..HEAD --format json=/dev/full
	expect_status 2 "check --format json=/dev/full"
	expect_file_has "$tmp/err" "writing /dev/full: No space left on device" "check: message"
else
	echo "# skipped: /dev/full is not a character device here"
fi

# ---- a file size limit hit part-way (write fails with EFBIG) -----------------
# SIGXFSZ ignored (inherited through exec), so the write fails instead of
# killing the process; dash and bash count `ulimit -f` in 512-byte blocks.
echo "the old report" >"$tmp/keep.json"
set +e
(cd "$repo" && trap '' XFSZ && ulimit -f 200 &&
	"$SPECSYNC" audit --format json --no-cache -o "$tmp/keep.json" 2>"$tmp/err")
status=$?
set -e
expect_status 2 "-o FILE over the size limit"
expect_file_has "$tmp/err" "error: writing $tmp/keep.json: File too large" "-o FILE: message"
echo "the old report" >"$tmp/want"
expect_same "$tmp/want" "$tmp/keep.json" "-o FILE: the old file is kept"
left=$(find "$tmp" -maxdepth 1 -name 'keep.json.tmp-*' | wc -l)
if [ "$left" -eq 0 ]; then ok "-o FILE: no temporary file left"; else not_ok "$left temporary files left"; fi
set +e
(cd "$repo" && trap '' XFSZ && ulimit -f 200 &&
	"$SPECSYNC" audit --format json --no-cache >"$tmp/cut.json" 2>"$tmp/err")
status=$?
set -e
expect_status 2 ">FILE over the size limit"
echo "specsync: error: writing the output: File too large" >"$tmp/want"
expect_same "$tmp/want" "$tmp/err" ">FILE: one clear message"
cut=$(wc -c <"$tmp/cut.json")
if [ "$cut" -eq 102400 ]; then ok ">FILE: stopped at the limit"; else not_ok ">FILE: $cut bytes"; fi

# ---- a reader that goes away: as before, no error -----------------------------
set +e
(cd "$repo" && "$SPECSYNC" audit --format json --no-cache 2>"$tmp/err"; echo $? >"$tmp/rc") |
	head -c 100 >/dev/null
set -e
status=$(cat "$tmp/rc")
expect_status 1 "audit --format json | head -c 100: the findings' status"
expect_same /dev/null "$tmp/err" "| head: nothing on stderr"

finish
