#!/bin/sh
# End-to-end: a requirement missing on a side gets a hint naming the file of
# that side where its neighbours live (the requirements next to it in its
# own document), not the file of the ID with the longest common prefix
# (wrong for numeric IDs: R13 shares "R1" with R10-R12); with no neighbour
# in its document, the file of the requirement before it in ID order. Code
# is the technical side here (IDs in comments). And `changed:` names the
# sections the change edited, not every section of the requirement.
. "$(dirname "$0")/reports-lib.sh"

repo=$tmp/repo
mkdir -p "$repo/docs" "$repo/src"
git init -q -b main "$repo"
cd "$repo"
code_side_config
section() { printf '## %s\n\nText of %s.\n\n' "$1" "$1"; }
func() { printf '/* [impl->%s] */\nint f%s(void) { return 0; }\n\n' "$1" "$1"; }
{ section R7; section R8; section R9; } >docs/a.md
{ section R10; section R11; section R12; } >docs/b.md
{ func R7; func R8; func R9; } >src/x.c
{ func R10; func R11; func R12; } >src/y.c
commit alice "Both sides"
section R13 >>docs/a.md
section R20 >docs/c.md
commit alice "R13 next to R9, R20 alone"
cd "$tmp"

run "$repo" audit
expect_status 1 "audit: R13 and R20 missing in the code"
expect_out "    to update: missing on the technical side (add it, e.g. to src/x.c)" \
	"R13: where its neighbours R7-R9 are (not y.c, whose R10-R12 share its prefix)"
expect_out "    to update: missing on the technical side (add it, e.g. to src/y.c)" \
	"R20 (alone in its document): where R12, before it in ID order, is"
n=$(grep -c "e.g. to src/" "$tmp/out" || true)
[ "$n" -eq 2 ] && ok "two hints" || not_ok "two hints ($n)"
run "$repo" audit --format json
if /usr/bin/python3 - "$tmp/out" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
hints = {f["requirement"]: f["lagging_hint_path"] for f in d["findings"] if f["kind"] == "unsynced"}
assert hints == {"R13": "src/x.c", "R20": "src/y.c"}, hints
PY
	ok "JSON: lagging_hint_path agrees"
else
	not_ok "JSON: lagging_hint_path agrees"
fi

# a pull request adding R14 to a.md: the check says where
git -C "$repo" checkout -q -b pr
section R14 >>"$repo/docs/a.md"
(cd "$repo" && commit alice "R14")
run "$repo" check --base main
expect_status 1 "check --base: R14 missing in the code"
expect_out "    either add it on the technical side, e.g. in src/x.c, in a new commit" \
	"check: the hint names the file of R14's neighbours"

# ---- changed: the edited sections only ------------------------------------------------
r2=$tmp/sections
mkdir -p "$r2/docs" "$r2/src"
git init -q -b main "$r2"
cp "$repo/.specsync.yml" "$r2/"
cd "$r2"
section R1 >docs/a.md
{ func R1; func R1; func R1; } | sed 's/fR1/f/' >src/x.c
func R1 >src/y.c
commit chloe "R1 in four functions"
# the second function of x.c only
awk '/^int f/ { n++ } n == 2 && /return 0/ { sub(/return 0/, "return 2") } { print }' src/x.c >src/x.tmp
mv src/x.tmp src/x.c
commit chloe "One function of four"
cd "$tmp"
run "$r2" audit
expect_status 1 "audit: R1 lags on the functional side"
sed -n '/^  R1  /,/^$/p' "$tmp/out" | sed -n '3,4p' >"$tmp/actual"
cat >"$tmp/expected" <<'EOF'
    changed:   src/x.c:4
    to update: docs/a.md:1
EOF
expect_same "$tmp/expected" "$tmp/actual" "changed: the edited function only (of four sections in two files)"
run "$r2" audit --format json
if /usr/bin/python3 - "$tmp/out" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
(f,) = [f for f in d["findings"] if f["kind"] == "unsynced"]
assert f["changed_locations"] == [{"path": "src/x.c", "line": 4}], f["changed_locations"]
PY
	ok "JSON: changed_locations agrees"
else
	not_ok "JSON: changed_locations agrees"
fi

finish
