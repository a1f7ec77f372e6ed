#!/bin/sh
# specsync's pack reader (src/lib/git/pack*.c, libdeflate) against libgit2's
# (SPECSYNC_PACK_READER=libgit2): the cold audit's JSON and exit status are
# the same on a generated history stored as git's fast-import leaves it,
# repacked with deep delta chains, split into several packs, partly packed
# and partly loose, and borrowed through an alternates file; on a pack
# damaged in the middle both fail alike, naming the object. The unit tests
# (tests/unit/test_pack_read.c) compare every object's bytes.
set -eu
test_name=t0550
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

commits=400
[ -n "${SPECSYNC_E2E_LIGHT:-}" ] && commits=120
python3 "$SPECSYNC_SOURCE_DIR/bench/gen.py" --out "$tmp/gen" --commits "$commits" \
	--requirements 40 --files 8 --code-files 30 --profile dense --seed 5 >/dev/null

# audit_both DIR WHAT: the cold audit with each reader; same bytes, same status
audit_both() {
	run "$1" audit --format json --no-cache
	ours=$status
	sed 's/"age_days": *-*[0-9]*//' "$tmp/out" >"$tmp/ours.json"
	cp "$tmp/err" "$tmp/ours.err"
	SPECSYNC_PACK_READER=libgit2 run "$1" audit --format json --no-cache
	sed 's/"age_days": *-*[0-9]*//' "$tmp/out" >"$tmp/ref.json"
	expect_same "$tmp/ref.json" "$tmp/ours.json" "$2: the same JSON with both readers"
	expect_same "$tmp/err" "$tmp/ours.err" "$2: the same messages"
	if [ "$ours" -eq "$status" ]; then ok "$2: the same exit status ($status)"; else
		not_ok "$2: exit $ours with the pack reader, $status with libgit2's"; fi
}

# packs DIR: number of packs; loose DIR: number of loose objects
packs() { ls "$1"/.git/objects/pack/*.idx 2>/dev/null | wc -l | tr -d ' '; }
loose() { git -C "$1" count-objects -v | sed -n 's/^count: //p'; }

# as generated: one pack from git fast-import
audit_both "$tmp/gen" "fast-import's pack"
findings=$(grep -c '"requirement":' "$tmp/ours.json" || true)
if [ "$findings" -gt 10 ]; then ok "the audit reports findings ($findings)"; else
	not_ok "the audit reports findings ($findings)"; fi

# one pack, delta chains up to 50 deep
git clone -q --no-local "$tmp/gen" "$tmp/deep"
git -C "$tmp/deep" repack -adfq --depth=50 --window=250
depth=$(git -C "$tmp/deep" verify-pack -v "$tmp"/deep/.git/objects/pack/*.idx |
	sed -n 's/^chain length = \([0-9]*\):.*/\1/p' | sort -n | tail -1)
if [ "$depth" -ge 20 ]; then ok "delta chains $depth deep"; else not_ok "delta chains $depth deep (20 or more wanted)"; fi
audit_both "$tmp/deep" "deep delta chains"

# the history up to HEAD~$old in one pack, the next first-parent commits'
# objects up to HEAD~$mid in a second one, the last ones loose
old=$((commits * 3 / 8))
mid=$((commits / 8))
split() {
	dir=$1
	git clone -q --no-local --bare "$tmp/gen" "$dir"
	mkdir "$dir/fresh"
	git -C "$dir" rev-list --objects "HEAD~$old" |
		git -C "$dir" pack-objects -q --depth=50 --window=250 "$dir/fresh/old" >/dev/null
	git -C "$dir" rev-list --objects "HEAD~$mid" --not "HEAD~$old" |
		git -C "$dir" pack-objects -q "$dir/fresh/mid" >/dev/null
	git -C "$dir" rev-list --objects HEAD --not "HEAD~$mid" |
		git -C "$dir" pack-objects -q --stdout >"$dir/fresh/tail.pack"
	rm -f "$dir"/objects/pack/*
	mv "$dir"/fresh/old-* "$dir"/fresh/mid-* "$dir/objects/pack/"
	git -C "$dir" unpack-objects -q <"$dir/fresh/tail.pack"
	rm -rf "$dir/fresh"
}
split "$tmp/split.git"
p=$(ls "$tmp"/split.git/objects/pack/*.idx | wc -l | tr -d ' ')
l=$(git -C "$tmp/split.git" count-objects -v | sed -n 's/^count: //p')
if [ "$p" -eq 2 ] && [ "$l" -gt "$mid" ]; then ok "two packs and $l loose objects"; else
	not_ok "two packs and loose objects ($p packs, $l loose)"; fi
if git -C "$tmp/split.git" fsck --no-progress --connectivity-only 2>"$tmp/fsck"; then ok "the split repository is whole"; else
	not_ok "the split repository is whole: $(cat "$tmp/fsck")"; fi
audit_both "$tmp/split.git" "two packs and loose objects"

# a clone borrowing the split repository's objects (info/alternates)
git clone -q --shared "$tmp/split.git" "$tmp/borrow"
if [ -s "$tmp/borrow/.git/objects/info/alternates" ] && [ "$(packs "$tmp/borrow")" -eq 0 ] &&
	[ "$(loose "$tmp/borrow")" -eq 0 ]; then
	ok "the clone has no object of its own"
else
	not_ok "the clone has no object of its own"
fi
audit_both "$tmp/borrow" "objects through an alternates file"

# a pack damaged in the middle of the entry of a commit of the first-parent
# chain (every audit reads it): its zlib stream no longer checks out
cp -r "$tmp/deep" "$tmp/broken"
pack=$(ls "$tmp"/broken/.git/objects/pack/*.pack)
victim=$(git -C "$tmp/broken" rev-parse HEAD~5)
set -- $(git -C "$tmp/broken" verify-pack -v "${pack%.pack}.idx" | grep "^$victim ")
# id type size size-in-pack offset
chmod u+w "$pack"
printf '\377\377\377\377\377\377\377\377' |
	dd of="$pack" bs=1 seek=$(($5 + $4 / 2)) conv=notrunc 2>/dev/null
audit_both "$tmp/broken" "a damaged pack"
short=$(echo "$victim" | cut -c1-12)
if [ "$ours" -eq 2 ] && grep -q "commit $short" "$tmp/ours.err"; then
	ok "a damaged pack: exit 2, the message names the object"
else
	not_ok "a damaged pack: exit 2, the message names the object (exit $ours)"
	sed 's/^/#   /' "$tmp/ours.err" | head -5
fi

finish
