#!/bin/sh
# End-to-end: an audit after commits that changed no specification writes
# no new cache state (issue 14); its results are those of --no-cache, and a
# commit that changes a specification is stored again.
#
# Environment: SPECSYNC (the binary). Needs git and python3.
. "$(dirname "$0")/lib.sh"
fail=0

python3 "$SPECSYNC_SOURCE_DIR/bench/gen.py" --out "$tmp/repo" --commits 300 --requirements 30 \
	--files 6 --code-files 20 --seed 7 >/dev/null
repo=$tmp/repo
cd "$repo"
cache=$(git rev-parse --git-common-dir)/specsync/cache

states() { ls "$cache" | grep -c '\.state$' || true; }

# audit_same WHAT: the cached audit's JSON is the uncached one's (ages aside)
audit_same() {
	run "$repo" audit --format json
	sed 's/"age_days":-*[0-9]*//g' "$tmp/out" >"$tmp/cached.json"
	cached_status=$status
	run "$repo" audit --format json --no-cache
	sed 's/"age_days":-*[0-9]*//g' "$tmp/out" >"$tmp/uncached.json"
	if [ "$cached_status" -eq "$status" ]; then ok "$1: same exit status"; else
		not_ok "$1: exit $cached_status cached, $status uncached"; fi
	expect_same "$tmp/uncached.json" "$tmp/cached.json" "$1: same JSON as --no-cache"
}

code_commit() {
	echo "/* $1 */" >>"$(git ls-files 'src/*' | head -1)"
	commit_as "Dev One" dev@example.org "code: $1"
}

audit_same "first audit"
n0=$(states)
if [ "$n0" -eq 1 ]; then ok "first audit: one state stored"; else not_ok "first audit: $n0 states"; fi
ls -l --time-style=+%s.%N "$cache" >"$tmp/listing0"

code_commit one
audit_same "after a code-only commit"
ls -l --time-style=+%s.%N "$cache" >"$tmp/listing1"
expect_same "$tmp/listing0" "$tmp/listing1" "after a code-only commit: no state written"

code_commit two
code_commit three
audit_same "after two more code-only commits"
ls -l --time-style=+%s.%N "$cache" >"$tmp/listing2"
expect_same "$tmp/listing0" "$tmp/listing2" "after two more: still no state written"

spec=$(git ls-files 'specs/functional/*' | head -1)
printf '\nOne more sentence of requirement text.\n' >>"$spec"
commit_as "Ann Lyst" ann@example.org "Functional spec: one more sentence"
audit_same "after a specification edit"
n=$(states)
if [ "$n" -eq 2 ]; then ok "after a specification edit: its state is stored"; else
	not_ok "after a specification edit: $n states, expected 2"; fi

code_commit four
audit_same "after a code-only commit on the new state"
n=$(states)
if [ "$n" -eq 2 ]; then ok "after a code-only commit on the new state: nothing stored"; else
	not_ok "after a code-only commit on the new state: $n states, expected 2"; fi
finish
