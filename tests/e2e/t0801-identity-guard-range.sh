#!/bin/sh
# The identity guard of the checks reads the commits the check already read
# (all of them for --base, the first-parent ones for --range, the commits a
# merge brings in when the range holds one) and looks further only at those
# that change .mailmap. It finds the same lines as a walk of every commit:
# on a merged branch, a line added then removed again (still refused: it was
# pushed), one added and kept, the merge that brings it, one added on the
# first-parent line; on a linear range, the branch's own commits; never the
# commit that only removes a line, nor one that leaves .mailmap alone.
. "$(dirname "$0")/lib.sh"

r=$tmp/repo
raci_repo "$r" <<'YAML'
roles:
  amoa: { members: ["Alice Martin <alice@example.org>", "bruno@example.org"] }
  amoe: { members: ["Chloe Durand <chloe@example.org>"] }
  pm: { members: ["Pauline Roux <pauline@example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: pm }
    technical: { R: amoe, A: pm }
YAML
printf '# REQ-001 Login\n\nPassword.\n' >func/login.md
printf '# Login (REQ-001)\n\nbcrypt.\n' >tech/login.md
printf 'Chloe Durand <chloe@example.org> <chloe@old.example>\n' >.mailmap
commit_as "Pauline Roux" pauline@example.org "start"
base=$(git rev-parse HEAD)
git checkout -q -b side
echo "Pauline Roux <pauline@example.org> <mallory@evil.example>" >>.mailmap
commit_as Mallory mallory@evil.example "add pauline"
sed -i '$d' .mailmap
commit_as Mallory mallory@evil.example "remove pauline"
echo "Alice Martin <alice@example.org> <mal2@evil.example>" >>.mailmap
commit_as Mallory mallory@evil.example "add alice"
git checkout -q main
echo "readme" >README
commit_as "Pauline Roux" pauline@example.org "readme"
clock=$((clock + 3600))
GIT_AUTHOR_NAME=Mallory GIT_AUTHOR_EMAIL=mallory@evil.example GIT_AUTHOR_DATE="@$clock +0000" \
	GIT_COMMITTER_NAME=Mallory GIT_COMMITTER_EMAIL=mallory@evil.example \
	GIT_COMMITTER_DATE="@$clock +0000" git merge -q --no-ff -m "merge side" side
echo "Bruno <bruno@example.org> <mal3@evil.example>" >>.mailmap
commit_as Mallory mallory@evil.example "add bruno"
cd "$tmp"

# refusals FILE: "summary member" of each .mailmap refusal, in order
refusals() {
	/usr/bin/python3 - "$1" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for f in doc["findings"]:
    if f["kind"] == "invalid-ack" and f["requirement"] == ".mailmap":
        member = re.search(r"which names (\S+), a role member", f["message"]).group(1)
        print(f["commit_details"]["summary"], member, f["level"])
PY
}

# refused WHAT EXPECTED-FILE CHECK-ARGS...: the check's refusals, exactly
refused() {
	_what=$1 _want=$2
	shift 2
	run "$r" check "$@" --format json --no-cache
	expect_status 1 "$_what"
	refusals "$tmp/out" >"$tmp/got"
	expect_same "$_want" "$tmp/got" "$_what: the lines refused"
}

cat >"$tmp/merged.expected" <<'EOF'
add pauline pauline@example.org error
add alice alice@example.org error
merge side alice@example.org error
add bruno bruno@example.org error
EOF
refused "check --range over a merge (on the branch too)" "$tmp/merged.expected" \
	--range "$base..HEAD"
refused "check --base over a merge" "$tmp/merged.expected" --base "$base"

git -C "$r" checkout -q side
cat >"$tmp/linear.expected" <<'EOF'
add pauline pauline@example.org error
add alice alice@example.org error
EOF
refused "check --range, linear" "$tmp/linear.expected" --range "$base..HEAD"
finish
