#!/bin/sh
# End-to-end: `changed:` (changed_locations) names the sections a finding's
# change edited, compared with the file before the finding's opening commit,
# for files that are read again at several revisions in one audit: a file
# shared by two findings opened at different commits, a file edited again
# after the opening commit, a section moved, a file renamed after opening,
# a file deleted and written again, a file added by the opening commit.
# The edited sections are split once per (blob, path): a reuse keyed on the
# path alone, or on the wrong revision, names other sections.
. "$(dirname "$0")/reports-lib.sh"

repo=$tmp/repo
mkdir -p "$repo/docs" "$repo/src"
git init -q -b main "$repo"
cd "$repo"
code_side_config
section() { printf '## %s\n\nText of %s.\n\n' "$1" "$1"; }
# func REQ NAME [VALUE]: one function implementing REQ
func() { printf '/* [impl->%s] */\nint %s(void) { return %s; }\n\n' "$1" "$2" "${3:-0}"; }
# the file FILE with function NAME returning VALUE
set_value() {
	sed "s/^int $2(void) { return [0-9]*; }/int $2(void) { return $3; }/" "$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}
docs() { for r in R1 R2 R3 R4 R5 R6 R7; do section "$r"; done >docs/a.md; }
docs
{ func R1 a1; func R1 a2; func R1 a3; func R2 b1; func R2 b2; func R2 b3; } >src/shared.c
{ func R3 c1; func R3 c2; func R3 c3; } >src/again.c
{ func R4 d1; func R4 d2; func R4 d3; } >src/moved.c
{ func R5 e1; func R5 e2; func R5 e3; } >src/old.c
{ func R6 g1; func R6 g2; func R6 g3; } >src/gone.c
func R7 h0 >src/seed.c
commit alice "Both sides"

# shared.c: R1 opens at A (a2), R2 is edited at A too (b1) but synced; R2
# opens again at B (b2): R2's file before B has b1 edited already
set_value src/shared.c a2 1
set_value src/shared.c b1 1
commit chloe "A: a2 and b1"
sed 's/^Text of R2\./Text of R2, revised./' docs/a.md >docs/a.tmp && mv docs/a.tmp docs/a.md
commit alice "R2 synced"
set_value src/shared.c b2 1
commit chloe "B: b2"

# again.c: c1 edited, then c3 after the opening commit
set_value src/again.c c1 1
commit chloe "c1"
set_value src/again.c c3 1
commit chloe "c3 again"

# moved.c: d1 edited and d3 moved to the top in one commit
{ func R4 d3; func R4 d1 1; func R4 d2; } >src/moved.c
commit chloe "d1 edited, d3 moved"

# old.c: e2 edited, then the file renamed
set_value src/old.c e2 1
commit chloe "e2"
git mv src/old.c src/new.c
commit chloe "old.c renamed new.c"

# gone.c: g3 edited, the file deleted, then written again with g1 edited
set_value src/gone.c g3 1
commit chloe "g3"
cp src/gone.c "$tmp/gone.c"
git rm -q src/gone.c
commit chloe "gone.c deleted"
cp "$tmp/gone.c" src/gone.c
set_value src/gone.c g1 2
commit chloe "gone.c back"

# added.c: R7 in a new file of two functions
{ func R7 h1; func R7 h2; } >src/added.c
commit chloe "added.c"
cd "$tmp"

# the changed sections of each open finding: a first audit (cold), then
# one after a commit out of the specs (warm: the state loaded, one commit
# walked, the files at the tip taken from the engine)
changed() {
	run "$repo" audit --format json
	expect_status 1 "audit ($1): R1-R7 lag on the functional side"
	/usr/bin/python3 - "$tmp/out" >"$tmp/actual" <<'PY' || not_ok "JSON read ($1)"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for f in d["findings"]:
    if f["kind"] == "unsynced" and f["status"] != "resolved":
        print(f["requirement"], " ".join("%s:%d" % (l["path"], l["line"])
                                         for l in f["changed_locations"]))
PY
	expect_same "$tmp/expected" "$tmp/actual" "changed_locations of each open finding ($1)"
}
cat >"$tmp/expected" <<'EOF'
R1 src/shared.c:4
R2 src/shared.c:13
R3 src/again.c:1 src/again.c:7
R4 src/moved.c:4
R5 src/new.c:1 src/new.c:4 src/new.c:7
R6 src/gone.c:1 src/gone.c:7
R7 src/added.c:1 src/added.c:4
EOF
changed cold
echo "notes" >"$repo/NOTES.txt"
(cd "$repo" && commit alice "Notes, out of the specs")
changed warm

# The narrowings are remembered (the memo file <salt>.narrow beside the
# states), keyed by the opening commit and the files at the revision:
# c3 put back as it was before R3 opened (R3 stays open, same opening
# commit, same three locations) now leaves c1 alone; a memo keyed on the
# finding alone would name c3 still.
memo=$(ls "$repo"/.git/specsync/cache/*.narrow)
[ -s "$memo" ] && ok "the narrowings are remembered in $(basename "$memo")" ||
	not_ok "no memo file of the narrowings"
set_value "$repo/src/again.c" c3 0
(cd "$repo" && commit chloe "c3 as it was")
sed -i 's|^R3 src/again.c:1 src/again.c:7$|R3 src/again.c:1|' "$tmp/expected"
changed "c3 put back, memo held"
# a damaged memo is not used, and is written again
printf 'garbage' >"$memo"
changed "damaged memo"
if cmp -s "$memo" /dev/null || grep -q garbage "$memo"; then
	not_ok "the damaged memo is written again"
else
	ok "the damaged memo is written again"
fi
[ ! -s "$tmp/err" ] && ok "a damaged memo: nothing said" || not_ok "a damaged memo: said $(cat "$tmp/err")"
# the same answer without any cache
run "$repo" audit --format json --no-cache
cp "$tmp/out" "$tmp/nocache.json"
run "$repo" audit --format json
expect_same "$tmp/nocache.json" "$tmp/out" "the memo changes nothing: same JSON as --no-cache"

run "$repo" audit
sed -n '/^  R2  /,/^$/p' "$tmp/out" | grep "changed:" >"$tmp/actual" || true
echo "    changed:   src/shared.c:13" >"$tmp/expected"
expect_same "$tmp/expected" "$tmp/actual" "text: R2's change names b2 only (not b1, edited before it opened)"

finish
