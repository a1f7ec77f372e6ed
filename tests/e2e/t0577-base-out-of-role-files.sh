#!/bin/sh
# check --base: the pull request is one unit; for each requirement it
# changes, the authors checked against the RACI are those of its commits
# that changed a file of that side carrying the requirement (found once per
# requirement, then looked up in each commit's changed paths). Several
# requirements in several files, several commits: exactly the out-of-role
# authors. The test is by file: Bob's commit changed func/a.md, which
# carries REQ-001 (changed in the unit by Alice) and REQ-002, so he is
# out of role on both; Chloe on REQ-003's functional file; nobody on the
# technical side (Chloe's), nor for Bob's notes.
. "$(dirname "$0")/lib.sh"

r=$tmp/repo
raci_repo "$r" <<'YAML'
roles:
  amoa: { members: ["Alice Martin <alice@example.org>"] }
  amoe: { members: ["Chloe Durand <chloe@example.org>"] }
  pm: { members: ["Pauline Roux <pauline@example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: pm }
    technical: { R: amoe, A: pm }
YAML
printf '# REQ-001 One\n\nText.\n\n# REQ-002 Two\n\nText.\n' >func/a.md
printf '# REQ-003 Three\n\nText.\n' >func/b.md
printf '# One (REQ-001)\n\nD.\n\n# Two (REQ-002)\n\nD.\n\n# Three (REQ-003)\n\nD.\n' >tech/all.md
commit_as "Pauline Roux" pauline@example.org "start"
git checkout -q -b pr
sed -i 's/^Text\.$/Text, by Chloe./' func/b.md
commit_as "Chloe Durand" chloe@example.org "chloe edits REQ-003 (functional)"
printf '# REQ-001 One\n\nText by Alice.\n\n# REQ-002 Two\n\nText.\n' >func/a.md
commit_as "Alice Martin" alice@example.org "alice edits REQ-001"
printf '# REQ-001 One\n\nText by Alice.\n\n# REQ-002 Two\n\nText by Bob.\n' >func/a.md
commit_as "Bob Stone" bob@example.org "bob edits REQ-002"
sed -i 's/^D\.$/Design./' tech/all.md
commit_as "Chloe Durand" chloe@example.org "chloe edits the design"
echo notes >notes
commit_as "Bob Stone" bob@example.org "bob's notes"
cd "$tmp"

run "$r" check --base main --head pr --format json --no-cache
expect_status 0 "check --base main --head pr"
/usr/bin/python3 - "$tmp/out" >"$tmp/got" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["mode"] == "base", doc["mode"]
for f in sorted(doc["findings"], key=lambda f: (f["requirement"], f["side"], f["author"])):
    if f["kind"] == "out-of-role":
        print(f["requirement"], f["side"], f["author"])
PY
cat >"$tmp/want" <<'EOF'
REQ-001 functional Bob Stone <bob@example.org>
REQ-002 functional Bob Stone <bob@example.org>
REQ-003 functional Chloe Durand <chloe@example.org>
EOF
expect_same "$tmp/want" "$tmp/got" "the out-of-role authors, per requirement and side"
finish
