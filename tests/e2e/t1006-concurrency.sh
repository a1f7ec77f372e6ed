#!/bin/sh
# Load: several specsync processes on one repository at once (audits and
# checks), and runs killed with SIGKILL at random points, never leave a
# corrupt cache or a wrong answer: after every round the cached audit's
# JSON equals the one computed without the cache.
. "$(dirname "$0")/robust-lib.sh"

repo=$tmp/repo
small_repo "$repo"
cd "$repo"
# a history long enough for a run to be caught in the middle
i=0
while [ $i -lt 60 ]; do
	printf '\n# REQ-%03d\n\nVersion %d.\n' $((i % 20 + 10)) $i >>func/grow.md
	[ $((i % 3)) -eq 0 ] && printf '\n# REQ-%03d\n\nDesign %d.\n' $((i % 20 + 10)) $i >>tech/grow.md
	commit alice "Step $i" >/dev/null
	i=$((i + 1))
done
cd "$tmp"

rounds=12
[ "$light" = 1 ] && rounds=2
seed=42
random() { # prints a pseudo-random number below $1 (deterministic)
	seed=$(((seed * 1103515245 + 12345) % 2147483648))
	echo $((seed % $1))
}

round=0
while [ $round -lt $rounds ]; do
	round=$((round + 1))
	# a new commit each round, so states are written as the runs go
	(cd "$repo" && printf '\nround %d REQ-010\n' $round >>func/grow.md && commit chloe "Round $round" >/dev/null)
	for k in 1 2 3; do
		(set +e; cd "$repo" && "$SPECSYNC" audit --format json >"$tmp/par-$k.json" 2>"$tmp/par-$k.err"; echo $? >"$tmp/par-$k.rc") &
	done
	(set +e; cd "$repo" && "$SPECSYNC" check --range HEAD~5..HEAD >/dev/null 2>"$tmp/chk.err"; echo $? >"$tmp/chk.rc") &
	(set +e; cd "$repo" && "$SPECSYNC" check --staged >/dev/null 2>"$tmp/stg.err"; echo $? >"$tmp/stg.rc") &
	# victims: killed after a random delay, while reading, walking or writing
	for k in 1 2; do
		(cd "$repo" && exec "$SPECSYNC" audit --format json >/dev/null 2>&1) &
		victim=$!
		sleep "0.0$(random 10)$(random 10)"
		kill -9 $victim 2>/dev/null || true
		wait $victim 2>/dev/null || true
	done
	wait || true
	run "$repo" audit --format json --no-cache
	cp "$tmp/out" "$tmp/truth.json"
	bad=0
	for k in 1 2 3; do
		if [ "$(cat "$tmp/par-$k.rc")" != 1 ] || ! cmp -s "$tmp/par-$k.json" "$tmp/truth.json" || [ -s "$tmp/par-$k.err" ]; then
			bad=1
		fi
	done
	if [ $bad -eq 0 ]; then ok "round $round: three parallel audits give the right answer"; else not_ok "round $round: a parallel audit went wrong"; fi
	for c in chk stg; do
		rc=$(cat "$tmp/$c.rc")
		if [ "$rc" -le 1 ] && [ ! -s "$tmp/$c.err" ]; then ok "round $round: parallel $c: exit $rc"; else not_ok "round $round: parallel $c: exit $rc ($(head -c 200 "$tmp/$c.err"))"; fi
	done
	run "$repo" audit --format json
	if cmp -s "$tmp/out" "$tmp/truth.json"; then ok "round $round: cached audit = audit without cache"; else not_ok "round $round: the cached audit differs"; fi
	expect_no_err "round $round: cached audit, nothing on stderr"
done
states=$(find "$repo/.git/specsync/cache" -name '*.state' | wc -l)
if [ "$states" -le 17 ]; then ok "the cache keeps at most about 16 states ($states)"; else not_ok "the cache grew to $states states"; fi
# a temporary file of a run killed long ago is removed by the next store
stale=$(ls "$repo/.git/specsync/cache"/*.state | head -1).tmp-STALE1
printf 'partial' >"$stale"
touch -d '@1700000000' "$stale"
(cd "$repo" && printf '\nlast\n' >>func/grow.md && commit chloe "Last" >/dev/null)
run "$repo" audit
if [ ! -e "$stale" ]; then ok "a stale temporary cache file is removed"; else not_ok "a stale temporary cache file stays"; fi

finish
