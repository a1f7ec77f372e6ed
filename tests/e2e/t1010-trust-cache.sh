#!/bin/sh
# Trust: a damaged cache never produces a result (issue 11, item 1).
#
# Each case damages the cache of a generated repository, then runs audit
# and check: the answer must be exactly the one of --no-cache (never one
# computed from an empty or partial state), stderr must say once what was
# ignored, and a later run must give the same answer again (nothing wrong
# was stored). Cases: garbage in HEAD's state, a directory in its place
# (cannot be removed), an older state (HEAD~150) damaged, a FIFO (would
# block), a symbolic link to /dev/zero (would never end), a read-only
# git directory (with and without a damaged state in it), and what a crash
# can leave of an unsynced tip or history (empty, zeros, cut short).
. "$(dirname "$0")/robust-lib.sh"

repo=$tmp/repo
python3 "$here/../../bench/gen.py" --out "$repo" --commits 400 --requirements 40 --files 8 \
	--code-files 20 --merge-rate 0.05 --seed 11 >/dev/null
cache=$repo/.git/specsync/cache

# the JSON of the last run, without ages (they depend on the clock)
answer() { sed 's/"age_days":[-0-9]*//g' "$tmp/out"; }

run "$repo" audit --format json --no-cache
[ "$status" -eq 1 ] || not_ok "reference audit: exit $status"
answer >"$tmp/reference.json"
run "$repo" check --base HEAD~120 --format json --no-cache
check_status=$status
answer >"$tmp/reference-check.json"
run "$repo" check --staged --format json --no-cache
answer >"$tmp/reference-staged.json"
grep -q '"requirements"' "$tmp/reference.json" && ok "reference: a non-trivial audit" ||
	not_ok "reference: a non-trivial audit"

same_answer() { # DESCRIPTION [REFERENCE]
	ref=${2:-$tmp/reference.json}
	if answer | cmp -s - "$ref"; then
		ok "$1: same answer as --no-cache"
	else
		not_ok "$1: a different answer from --no-cache"
		answer | head -c 600 | sed 's/^/#   got: /'
	fi
}

once() { # EXTENDED-REGEX DESCRIPTION: exactly one stderr line matches
	n=$(grep -Ec -- "$1" "$tmp/err" || true)
	if [ "$n" -eq 1 ]; then ok "$2"; else not_ok "$2 ($n lines match /$1/)"; sed 's/^/#   stderr: /' "$tmp/err"; fi
}

# fresh_state [REV]: an empty cache, then the state after REV (default
# HEAD) as the only state file; prints its path
fresh_state() {
	rm -rf "$repo/.git/specsync"
	(cd "$repo" && "$SPECSYNC" audit ${1:+"$1"} --format json >/dev/null 2>&1) || true
	ls "$cache"/*.state
}

# audit_all DESCRIPTION REGEX [again]: audit twice and check, same
# answers; the warning once in the first run, and in the second with
# `again` (the damaged file could not be removed), else nothing
audit_all() {
	for round in 1 2; do
		run "$repo" audit --format json
		expect_status 1 "$1 (audit, run $round)"
		same_answer "$1 (audit, run $round)"
		if [ "$round" -eq 1 ] || [ "${3:-}" = again ]; then
			once "$2" "$1 (audit, run $round): said once on stderr"
		else
			expect_no_err "$1 (audit, run $round): rebuilt, nothing to say"
		fi
	done
	run "$repo" check --base HEAD~120 --format json
	expect_status "$check_status" "$1 (check --base)"
	same_answer "$1 (check --base)" "$tmp/reference-check.json"
}

# ---- garbage in place of HEAD's state ------------------------------------------------------------
f=$(fresh_state)
head -c 5000 /dev/urandom >"$f"
run "$repo" audit --format json
expect_status 1 "garbage state"
same_answer "garbage state"
once 'warning: cache: the state after [0-9a-f]{12} .* is not a valid state .*ignored, history walked from the root$' \
	"garbage state: said once"
run "$repo" audit --format json
same_answer "garbage state, next run (rebuilt)"
expect_no_err "garbage state, next run: nothing to say"

# ---- what a crash can leave (states are written without fsync): ----------------------------------
# an empty file, zeros of the same length, a file cut short; the tip or its history
for part in state hist; do
	for how in empty zeros short; do
		f=$(fresh_state)
		[ "$part" = hist ] && f=$(ls "$cache"/*.hist)
		size=$(wc -c <"$f")
		case $how in
		empty) : >"$f" ;;
		zeros) head -c "$size" /dev/zero >"$f.new" && mv "$f.new" "$f" ;;
		short) head -c $((size / 2)) "$f" >"$f.new" && mv "$f.new" "$f" ;;
		esac
		audit_all "$how $part file" 'warning: cache: .*(state|history).*ignored'
	done
done

# ---- a directory in place of HEAD's state: cannot be removed ------------------------------------
f=$(fresh_state)
rm -f "$f" && mkdir "$f" && : >"$f/x"
audit_all "a directory for the state" 'state after .* is not a regular file.*cannot be removed \(Is a directory\)' again
[ -d "$f" ] && ok "a directory for the state: left alone" || not_ok "a directory for the state: left alone"
rm -rf "$f"

# ---- an older state damaged: never a walk from an empty state -------------------------------------
f=$(fresh_state HEAD~150)
printf 'specsync-state\n\0garbage' >"$f"
audit_all "damaged state of HEAD~150" 'state after [0-9a-f]{12} .* is not a valid state'
rm -f "$f"
# the same with the file unremovable (the repro: it stayed, the walk
# started from it with nothing)
f=$(fresh_state HEAD~150)
rm -f "$f" && mkdir "$f"
for round in 1 2; do
	run "$repo" audit --format json
	same_answer "unremovable state of HEAD~150 (run $round)"
	rm -f "$cache"/[0-9a-f]*[0-9a-f].state 2>/dev/null || true # only the directory stays
done
rmdir "$f"

# ---- a FIFO (would block), a link to /dev/zero (would never end) ----------------------------------
f=$(fresh_state)
rm -f "$f" && mkfifo "$f"
run_limited 30 "$repo" audit --format json
expect_status 1 "a FIFO for the state: no hang"
same_answer "a FIFO for the state"
once 'state after .* is not a regular file' "a FIFO for the state: said once"
f=$(fresh_state)
rm -f "$f" && ln -s /dev/zero "$f"
run_limited 30 "$repo" audit --format json
expect_status 1 "a link to /dev/zero for the state: no endless read"
same_answer "a link to /dev/zero for the state"
once 'state after .* is a symbolic link' "a link to /dev/zero: said once"
f=$(fresh_state)
rm -f "$f" && ln -s "$tmp/reference.json" "$f"
run "$repo" audit --format json
same_answer "a link to another file for the state (not followed)"

# ---- a read-only git directory ------------------------------------------------------------------
# As root, permissions do not stop writes: a read-only bind mount in a
# private mount namespace does; else, as another user.
ro_run() { # ARGS...: specsync in the repository with .git read-only
	set +e
	if unshare -m true 2>/dev/null; then
		(cd "$repo" && exec timeout -k 5 $((60 * scale)) unshare -m sh -c \
			'mount --bind .git .git && mount -o remount,bind,ro .git && exec "$@"' sh "$SPECSYNC" "$@") \
			>"$tmp/out" 2>"$tmp/err" </dev/null
	else
		chmod -R a+rX "$tmp" && chmod -R a-w "$repo/.git"
		(cd "$repo" && exec timeout -k 5 $((60 * scale)) setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$SPECSYNC" "$@") >"$tmp/out" 2>"$tmp/err" </dev/null
	fi
	status=$?
	chmod -R u+w "$repo/.git" 2>/dev/null
	set -e
}
rm -rf "$repo/.git/specsync"
ro_run audit --format json
expect_status 1 "read-only .git, no cache"
same_answer "read-only .git, no cache"
once 'warning: cache: cannot write .*: nothing is cached' "read-only .git: says once that nothing is cached"
f=$(fresh_state)
head -c 300 /dev/urandom >"$f"
ro_run audit --format json
expect_status 1 "read-only .git, garbage state"
same_answer "read-only .git, garbage state"
once 'state after .* is not a valid state.*cannot be removed' "read-only .git, garbage state: said once"
ro_run check --staged --format json
same_answer "read-only .git, garbage state: check --staged" "$tmp/reference-staged.json"
ro_run check --base HEAD~120 --format json
same_answer "read-only .git, garbage state: check --base" "$tmp/reference-check.json"

finish
