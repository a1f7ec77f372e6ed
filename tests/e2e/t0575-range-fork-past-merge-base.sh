#!/bin/sh
# check --range OLD..NEW walks NEW's first-parent commits back to the first
# one OLD contains, which need not be a merge base: here the feature branch
# merged main (OLD) after main went on, so the merge base is main's tip,
# yet the range starts where the feature left main. The feature's own edit
# (REQ-001, before the merge) is new in the range; REQ-002, edited on main
# before the merge and brought in by it, is new too; REQ-003, edited on main
# after the merge, is outside the range. The same holds the other way round
# (main merged the feature's first commit: the range starts there).
. "$(dirname "$0")/lib.sh"

# merge_as DIR MESSAGE REV: a merge by Dev at the next hour
merge_as() {
	clock=$((clock + 3600))
	GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.org GIT_AUTHOR_DATE="@$clock +0000" \
		GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.org \
		GIT_COMMITTER_DATE="@$clock +0000" git -C "$1" merge -q --no-ff -m "$2" "$3"
}

r=$tmp/repo
raci_repo "$r" <<'YAML'
policy:
  unsynced: { technical: error, functional: error }
YAML
for n in 1 2 3; do
	printf '# REQ-00%s Thing %s\n\nText.\n' $n $n >func/r$n.md
	printf '# Thing %s (REQ-00%s)\n\nDesign.\n' $n $n >tech/r$n.md
done
commit_as Dev dev@example.org "m1: start"
m1=$(git rev-parse HEAD)
git checkout -q -b feature
printf '# REQ-001 Thing 1\n\nMore text.\n' >func/r1.md
commit_as Dev dev@example.org "f1: REQ-001"
f1=$(git rev-parse HEAD)
echo notes >notes
commit_as Dev dev@example.org "f2: notes"
git checkout -q main
printf '# REQ-002 Thing 2\n\nMore text.\n' >func/r2.md
commit_as Dev dev@example.org "m2: REQ-002"
echo readme >README
commit_as Dev dev@example.org "m3: readme"
m3=$(git rev-parse HEAD)
git checkout -q feature
merge_as . "fm: main into feature" main
echo more >>notes
commit_as Dev dev@example.org "f3: notes"
git checkout -q main
printf '# REQ-003 Thing 3\n\nMore text.\n' >func/r3.md
commit_as Dev dev@example.org "m4: REQ-003"
cd "$tmp"

if [ "$(git -C "$r" merge-base main feature)" = "$m3" ]; then
	ok "the merge base is main's commit before the merge"
else
	not_ok "the merge base is not m3"
fi

# statuses FILE: "requirement status" of each unsynced finding, sorted
statuses() {
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["mode"] == "range", doc["mode"]
for f in sorted(doc["findings"], key=lambda f: f["requirement"]):
    if f["kind"] == "unsynced":
        print(f["requirement"], f["status"])
PY
}

run "$r" check --range main..feature --format json --no-cache
expect_status 1 "main..feature"
statuses "$tmp/out" >"$tmp/got"
printf 'REQ-001 new\nREQ-002 new\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got" "main..feature: the units from m1 on"

run "$r" check --range "$m1..feature" --format json --no-cache
statuses "$tmp/out" >"$tmp/got.m1"
expect_same "$tmp/got" "$tmp/got.m1" "main..feature is m1..feature"

# main merges f1: the range feature's chain passes f1, which main contains
git -C "$r" checkout -q main
merge_as "$r" "mb: f1 into main" "$f1"
run "$r" check --range main..feature --format json --no-cache
expect_status 1 "main (with f1)..feature"
statuses "$tmp/out" >"$tmp/got"
run "$r" check --range "$f1..feature" --format json --no-cache
statuses "$tmp/out" >"$tmp/got.f1"
expect_same "$tmp/got.f1" "$tmp/got" "main (with f1)..feature is f1..feature"
printf 'REQ-001 open\nREQ-002 new\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got" "main (with f1)..feature: REQ-001 was open before"

finish
