#!/bin/sh
# The cache state in two files (issue 14, item 4): a tip (<key>.state: what
# a check or a walk needs) and a history (<hkey>.hist: what a report shows).
#
# - A check with nothing to walk reads the tip alone: with every history
#   file removed, `check --staged` gives the answer of --no-cache, says
#   nothing and writes nothing (no history rebuilt, the tip unchanged).
# - An audit reads both: a removed, damaged or foreign history (another
#   state's, under this state's name) is said once, never trusted (the
#   answer is --no-cache's) and rebuilt (the next run is silent).
# - Eviction keeps at most 16 tips and 16 histories, and never the history
#   of a kept recent tip.
# - A damaged tip is never trusted by a check either; a tip in the previous
#   format is refused.
# - A store after a few commits writes a delta against the loaded base
#   (the base touched, never rewritten), deltas are read back whole (the
#   answer is --no-cache's), and the history is written whole again once
#   the delta outgrows a quarter of its base.
. "$(dirname "$0")/robust-lib.sh"

repo=$tmp/repo
python3 "$here/../../bench/gen.py" --out "$repo" --commits 300 --requirements 30 --files 6 \
	--code-files 20 --merge-rate 0.05 --seed 5 >/dev/null
cache=$repo/.git/specsync/cache

# the JSON of the last run without what moves with the clock: ages, and the
# date of the staged changes (the time of the run)
answer() {
	sed -e 's/"age_days":[-0-9]*//g' \
		-e 's/"date":"[^"]*",*"summary":"(staged changes)"/"summary":"(staged changes)"/g' "$tmp/out"
}
same_answer() { # DESCRIPTION REFERENCE
	if answer | cmp -s - "$2"; then
		ok "$1: same answer as --no-cache"
	else
		not_ok "$1: a different answer from --no-cache"
	fi
}
once() { # EXTENDED-REGEX DESCRIPTION: exactly one stderr line matches
	n=$(grep -Ec -- "$1" "$tmp/err" || true)
	if [ "$n" -eq 1 ]; then ok "$2"; else not_ok "$2 ($n lines match /$1/)"; fi
}
listing() { (cd "$cache" && ls -l --time-style=+%s.%N) >"$1"; }

# a staged edit of one requirement's functional section (its first line)
spec=$(cd "$repo" && git ls-files 'specs/functional/*' | head -n 1)
sed -i '0,/^## REQ-/{/^## REQ-/a\
One more sentence for the staged check.
}' "$repo/$spec"
git -C "$repo" add "$spec"

run "$repo" audit --format json --no-cache
answer >"$tmp/ref-audit.json"
run "$repo" check --staged --format json --no-cache
expect_status 1 "reference check --staged"
answer >"$tmp/ref-staged.json"
grep -q '"status":"new"' "$tmp/ref-staged.json" && ok "reference check: reports the staged edit" ||
	not_ok "reference check: reports the staged edit"
grep -q '"status":"open"' "$tmp/ref-staged.json" && ok "reference check: reports open episodes" ||
	not_ok "reference check: reports open episodes"

# ---- the hook path reads the tip alone -------------------------------------------------------------
rm -rf "$repo/.git/specsync"
run "$repo" audit --format json
same_answer "warm-up audit" "$tmp/ref-audit.json"
n_state=$(ls "$cache" | grep -c '\.state$' || true)
n_hist=$(ls "$cache" | grep -c '\.hist$' || true)
[ "$n_state" -eq 1 ] && [ "$n_hist" -eq 1 ] && ok "one tip and one history stored" ||
	not_ok "one tip and one history stored ($n_state, $n_hist)"
rm -f "$cache"/*.hist
listing "$tmp/before"
for round in 1 2; do
	run "$repo" check --staged --format json
	expect_status 1 "history removed: check --staged (run $round)"
	same_answer "history removed: check --staged (run $round)" "$tmp/ref-staged.json"
	expect_no_err "history removed: check --staged (run $round): nothing to say"
done
listing "$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
	ok "history removed: check --staged wrote nothing (no history rebuilt, tip untouched)"
else
	not_ok "history removed: check --staged wrote nothing"
	diff "$tmp/before" "$tmp/after" | sed 's/^/#   /'
fi

# ---- an audit needs the history: absent, damaged, foreign -------------------------------------------
audit_twice() { # DESCRIPTION REGEX: said once, then rebuilt silently
	run "$repo" audit --format json
	expect_status 1 "$1: audit"
	same_answer "$1: audit" "$tmp/ref-audit.json"
	once "$2" "$1: said once"
	run "$repo" audit --format json
	same_answer "$1: next audit" "$tmp/ref-audit.json"
	expect_no_err "$1: next audit: rebuilt, nothing to say"
	[ "$(ls "$cache" | grep -c '\.hist$')" -eq 1 ] && ok "$1: the history is back" ||
		not_ok "$1: the history is back"
}
audit_twice "history removed" \
	'warning: cache: the state after [0-9a-f]{12} .* is without its history \(.*\.hist: absent\): ignored, history walked from the root$'

h=$(ls "$cache"/*.hist)
python3 - "$h" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0x40  # one bit inside the payload
open(p, "wb").write(bytes(b))
PY
audit_twice "history damaged" 'state after [0-9a-f]{12} .* is without its history \(.*\.hist: not a valid history, or not this state.s\)'

# another state's history under this state's name
rm -rf "$repo/.git/specsync"
run "$repo" audit HEAD~40 --format json
cp "$cache"/*.hist "$tmp/old.hist"
rm -rf "$repo/.git/specsync"
run "$repo" audit --format json
cp "$tmp/old.hist" "$(ls "$cache"/*.hist)"
audit_twice "another state's history" 'state after [0-9a-f]{12} .* is without its history \(.*: not a valid history, or not this state.s\)'

# ---- a damaged tip, a tip of the previous format ---------------------------------------------------
tip=$(ls "$cache"/*.state)
python3 - "$tip" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) - 40] ^= 0x01
open(p, "wb").write(bytes(b))
PY
run "$repo" check --staged --format json
expect_status 1 "tip damaged: check --staged"
same_answer "tip damaged: check --staged" "$tmp/ref-staged.json"
once 'state after [0-9a-f]{12} .* is not a valid state \(header or checksum\)' "tip damaged: said once"

rm -rf "$repo/.git/specsync"
run "$repo" audit --format json
tip=$(ls "$cache"/*.state)
python3 - "$tip" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[16:20] = (3).to_bytes(4, "little")  # format 3: one file, no history
open(p, "wb").write(bytes(b))
PY
run "$repo" check --staged --format json
same_answer "tip of format 3: check --staged" "$tmp/ref-staged.json"
once 'state after [0-9a-f]{12} .* is not a valid state' "tip of format 3: refused, said once"

# ---- eviction: 16 tips and 16 histories kept, each kept tip with its history ---------------------------
rm -rf "$repo/.git/specsync"
# every tenth first-parent commit: most of these steps edit a specification
git -C "$repo" rev-list --first-parent HEAD~250..HEAD | awk 'NR % 10 == 1' >"$tmp/revs"
for r in $(tac "$tmp/revs"); do
	(cd "$repo" && "$SPECSYNC" audit "$r" --format json >/dev/null 2>&1) || true
done
n_state=$(ls "$cache" | grep -c '\.state$' || true)
n_hist=$(ls "$cache" | grep -c '\.hist$' || true)
[ "$n_state" -le 16 ] && [ "$n_hist" -le 16 ] && [ "$n_state" -ge 10 ] &&
	ok "eviction: $n_state tips and $n_hist histories kept (at most 16 each)" ||
	not_ok "eviction: $n_state tips and $n_hist histories kept (at most 16 each)"
listing "$tmp/before"
said=""
for r in $(head -n 10 "$tmp/revs"); do
	run "$repo" audit "$r" --format json
	[ -s "$tmp/err" ] && said="$said $r"
done
listing "$tmp/after"
if [ -z "$said" ] && cmp -s "$tmp/before" "$tmp/after"; then
	ok "eviction: the 10 newest states load whole (tip and history), nothing said or rewritten"
else
	not_ok "eviction: the 10 newest states load whole:${said:+ said something at$said}"
fi

# ---- deltas ---------------------------------------------------------------------------------------
# refs STATE: "BASE-SUM DELTA-LEN" of a tip (its last 48 payload bytes)
refs() {
	python3 - "$1" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
refs = b[64:-16][-48:]
print(refs[8:24].hex(), int.from_bytes(refs[24:32], "little"))
PY
}
newest_state() { ls -t "$cache"/*.state | head -n 1; }
rm -rf "$repo/.git/specsync"
git -C "$repo" checkout -q -b deltas
run "$repo" audit --format json
base=$(ls "$cache"/*.hist)
cp "$base" "$tmp/base.hist"
base_sum=$(refs "$(newest_state)" | cut -d' ' -f1)
# edit REQ-n's functional section, commit, audit (warm: one commit walked)
edit_audit() {
	sed -i "0,/^## REQ-/{/^## REQ-/a\\
Delta edit $1.
}" "$repo/$spec"
	git -C "$repo" commit -q -a -m "Functional: delta edit $1"
	run "$repo" audit --format json
}
edit_audit 1
set -- $(refs "$(newest_state)")
[ "$1" = "$base_sum" ] && [ "$2" -gt 0 ] && ok "a warm store writes a delta against the loaded base" ||
	not_ok "a warm store writes a delta against the loaded base (refs: $*)"
edit_audit 2
edit_audit 3
set -- $(refs "$(newest_state)")
[ "$1" = "$base_sum" ] && [ "$2" -gt 0 ] && ok "three stores later: still a delta against that base" ||
	not_ok "three stores later: still a delta against that base (refs: $*)"
cmp -s "$base" "$tmp/base.hist" && ok "the base history is never rewritten" ||
	not_ok "the base history was rewritten"
run "$repo" audit --format json
answer >"$tmp/warm-delta.json"
[ ! -s "$tmp/err" ] && ok "a state with a delta loads whole: nothing said" ||
	not_ok "a state with a delta: said $(cat "$tmp/err")"
run "$repo" audit --format json --no-cache
answer >"$tmp/ref-delta.json"
cmp -s "$tmp/ref-delta.json" "$tmp/warm-delta.json" && ok "a state with a delta: same answer as --no-cache" ||
	not_ok "a state with a delta: a different answer"
# the delta removed: refused, said once, the answer still --no-cache's
delta_file=$(ls -t "$cache"/*.hist | head -n 1)
[ "$delta_file" != "$base" ] && rm -f "$delta_file"
run "$repo" audit --format json
once 'is without its history' "a missing delta: said once"
answer | cmp -s - "$tmp/ref-delta.json" && ok "a missing delta: same answer as --no-cache" ||
	not_ok "a missing delta: a different answer"
# many more edits: the history is written whole again, then deltas resume
compacted=no
for i in $(seq 4 80); do
	edit_audit "$i"
	set -- $(refs "$(newest_state)")
	if [ "$2" -eq 0 ] && [ "$1" != "$base_sum" ]; then
		compacted=$i
		break
	fi
done
[ "$compacted" != no ] && ok "the history is written whole again when the delta outgrows its base (edit $compacted)" ||
	not_ok "the history was never written whole again"
run "$repo" audit --format json --no-cache
answer >"$tmp/ref-delta.json"
run "$repo" audit --format json
answer | cmp -s - "$tmp/ref-delta.json" && ok "after the rewrite: same answer as --no-cache" ||
	not_ok "after the rewrite: a different answer"
git -C "$repo" checkout -q main

finish
