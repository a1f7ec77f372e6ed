#!/bin/sh
# CI fingerprints (docs/ci.md, "Fingerprints") tell findings apart and stay
# put: on a history with many out-of-role edits of the same requirement,
# every SARIF result and every Code Quality issue has its own fingerprint;
# a second run gives the same ones; merging a topic branch or rebasing it
# (its commits, unrelated to the findings, get new ids) leaves the
# fingerprints of the findings alone; and the Code Quality report uses the
# SARIF file's fingerprints.
set -eu
test_name=t0210
. "$(cd "$(dirname "$0")" && pwd)/ci-lib.sh"

repo=$tmp/repo
make_pr_repo "$repo"
cd "$repo"
spec technical a b c2
commit chloe "Numbering: yearly sequences (technical)"
fork=$(git rev-parse HEAD)
# twelve edits of REQ-001 by someone in no role, each synchronised by the
# other side's Responsible: twelve out-of-role events, one requirement
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	spec functional "a$i" b c2
	commit mallory "Monthly invoice, take $i"
	spec technical "a$i" b c2
	commit chloe "Monthly invoice, take $i (technical)"
done
# a topic branch of unrelated commits, from before the edits
git checkout -q -b topic "$fork"
for i in 1 2 3; do
	echo "note $i" >>NOTES.txt
	commit pauline "Notes $i"
done
git checkout -q main
GIT_COMMITTER_NAME=Pauline GIT_COMMITTER_EMAIL=pauline@example.org GIT_COMMITTER_DATE="@1800000000 +0000" \
	GIT_AUTHOR_NAME=Pauline GIT_AUTHOR_EMAIL=pauline@example.org GIT_AUTHOR_DATE="@1800000000 +0000" \
	git merge -q --no-ff -m "Merge topic" topic
merged=$(git rev-parse HEAD)
cd "$tmp"

# fingerprints NAME: the audit of HEAD as SARIF and Code Quality; writes
# $tmp/NAME.fp (one "ruleId requirement commit fingerprint" per result)
fingerprints() {
	run "$repo" audit --format sarif -o "$tmp/$1.sarif"
	run "$repo" audit --format gitlab -o "$tmp/$1.cq"
	$PY - "$tmp/$1.sarif" "$tmp/$1.cq" >"$tmp/$1.fp" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
cq = {i["fingerprint"] for i in json.load(open(sys.argv[2]))}
for r in runs[0]["results"]:
    fp = r["partialFingerprints"]["specsyncFindingHash/v2"]
    p = r["properties"]
    assert fp in cq, fp
    print(r["ruleId"], p["requirement"], p.get("commit", "-"), fp)
PY
}

fingerprints first
ci_check sarif "$tmp/first.sarif" "$tmp/lines"
ci_check gitlab "$tmp/first.cq" "$tmp/lines"
results=$(wc -l <"$tmp/first.fp")
distinct=$(cut -d' ' -f4 "$tmp/first.fp" | sort -u | wc -l)
oor=$(grep -c '^out-of-role REQ-001 ' "$tmp/first.fp" || true)
expect_str 12 "$oor" "twelve out-of-role results for REQ-001"
expect_str "$results" "$distinct" "one fingerprint per result ($results results)"
expect_str 12 "$(grep '^out-of-role REQ-001 ' "$tmp/first.fp" | cut -d' ' -f3 | sort -u | wc -l)" \
	"each out-of-role result names its own commit"

fingerprints again
expect_str "$(cat "$tmp/first.fp")" "$(cat "$tmp/again.fp")" "a second run gives the same fingerprints"

# the topic rebased onto main instead of merged: new ids for its commits
git -C "$repo" reset -q --hard "$merged^1"
git -C "$repo" checkout -q topic
GIT_COMMITTER_DATE="@1900000000 +0000" GIT_COMMITTER_NAME=Pauline GIT_COMMITTER_EMAIL=pauline@example.org \
	git -C "$repo" rebase -q main
git -C "$repo" checkout -q main
git -C "$repo" merge -q --ff-only topic
if [ "$(git -C "$repo" rev-parse topic)" != "$(git -C "$repo" rev-parse "$merged^2")" ]; then
	ok "the topic's commits have new ids"
else
	not_ok "the topic's commits have new ids"
fi
fingerprints rebased
expect_str "$(cat "$tmp/first.fp")" "$(cat "$tmp/rebased.fp")" \
	"rebasing unrelated commits keeps every fingerprint"

# the first edit's finding, by the documented definition (xxhsum -H2)
if command -v xxhsum >/dev/null 2>&1; then
	c=$(git -C "$repo" log --format=%H --author=mallory --reverse main | head -1)
	printf 'out-of-role\000REQ-001\000functional\000%s\000' "$c" >"$tmp/key"
	want=$(xxhsum -H2 "$tmp/key" 2>/dev/null | cut -d' ' -f1)
	expect_str "out-of-role REQ-001 $c $want" "$(grep " $c " "$tmp/first.fp")" \
		"the fingerprint is XXH3-128 of the documented key (xxhsum -H2)"
else
	echo "# xxhsum not found (Debian xxhash): the definition is checked by tests/unit only"
fi

finish
