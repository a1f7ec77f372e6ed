#!/bin/sh
# report --from REV where REV is a commit of a merged branch (off the
# first-parent chain of --to): the period starts at the first first-parent
# commit that contains REV, the merge that brought it, and not at the
# branch's fork nor at a later merge. A commit that --to does not contain
# is refused (exit 2) with the revision named.
. "$(dirname "$0")/lib.sh"

merge_as() {
	clock=$((clock + 3600))
	GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.org GIT_AUTHOR_DATE="@$clock +0000" \
		GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.org \
		GIT_COMMITTER_DATE="@$clock +0000" git merge -q --no-ff -m "$1" "$2"
}

r=$tmp/repo
raci_repo "$r" <<'YAML'
YAML
printf '# REQ-001 Thing\n\nText.\n' >func/r1.md
printf '# Thing (REQ-001)\n\nDesign.\n' >tech/r1.md
commit_as Dev dev@example.org "c1"
for k in 1 2 3; do
	git checkout -q -b side$k
	echo "side $k" >side$k
	commit_as Dev dev@example.org "s$k"
	git checkout -q main
	echo "main $k" >main$k
	commit_as Dev dev@example.org "m$k"
	merge_as "merge side$k" side$k
done
git checkout -q -b lone side1
echo lone >lone
commit_as Dev dev@example.org "lone"
git checkout -q main
cd "$tmp"

# from REV: the period's start for --from REV --to main
for k in 1 2 3; do
	run "$r" report --from "side$k" --to main --format json
	expect_status 0 "--from side$k"
	want=$(git -C "$r" rev-parse ":/merge side$k")
	got=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["period"]["from"])' "$tmp/out")
	if [ "$got" = "$want" ]; then
		ok "--from side$k starts at the merge of side$k"
	else
		not_ok "--from side$k starts at $got, expected $want"
	fi
done
run "$r" report --from lone --to main --format json
expect_status 2 "--from a commit main does not contain"
if grep -qF "'lone' is not in the history of the end of the period" "$tmp/err"; then
	ok "the refusal names the revision"
else
	not_ok "the refusal does not name 'lone'"
fi
finish
