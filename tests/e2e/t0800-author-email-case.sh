#!/bin/sh
# Authors' e-mail addresses are printed as the commit wrote them (after
# .mailmap) in every format, while role members still match whatever the
# case: an outsider committing as Zoe.Outsider@Example.ORG is named so, a
# .mailmap that maps an address to Kim.Mapped@Example.ORG gives that
# address, and a member committing as ALICE@EXAMPLE.ORG is still a member
# (no out-of-role edit) and is named as written as well. Machine formats
# are validated.
. "$(dirname "$0")/ci-lib.sh"

repo=$tmp/repo
mkdir -p "$repo/specs/functional" "$repo/specs/technical"
cd "$repo"
git init -q .
ci_config >.specsync.yml
printf 'Kim Mapped <Kim.Mapped@Example.ORG> <kim@old.example>\n' >.mailmap
printf '# REQ-001 Login\n\nPassword.\n\n# REQ-002 Logout\n\nBye.\n' >specs/functional/login.md
commit alice "Login"
printf '# Login (REQ-001)\n\nbcrypt.\n\n# Logout (REQ-002)\n\nSession.\n' >specs/technical/login.md
commit chloe "Login design"
printf '# REQ-001 Login\n\nPasskey.\n\n# REQ-002 Logout\n\nBye.\n' >specs/functional/login.md
commit_as "Zoé Outsider" Zoe.Outsider@Example.ORG "Outsider edit"
printf '# REQ-001 Login\n\nPasskey.\n\n# REQ-002 Logout\n\nBye now.\n' >specs/functional/login.md
commit_as "kim" kim@old.example "Kim edit"
printf '# REQ-001 Login\n\nPasskey, WebAuthn.\n\n# REQ-002 Logout\n\nBye now.\n' >specs/functional/login.md
commit_as "ALICE" ALICE@EXAMPLE.ORG "Member edit, upper-case address"
cd "$tmp"

# shows FILE TEXT WHAT: TEXT (as written) is in FILE, no lower-cased copy
shows() {
	expect_file_has "$1" "$2" "$3: as written"
	lower=$(printf '%s' "$2" | tr 'A-Z' 'a-z')
	expect_file_lacks "$1" "$lower" "$3: not lower-cased"
}

run "$repo" audit --format json -o "$tmp/audit.json"
expect_status 1 "audit (json)"
$PY - "$tmp/audit.json" >"$tmp/oor" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for f in doc["findings"]:
    if f["kind"] == "out-of-role":
        print(f["requirement"], f["author"], f["author_email"])
PY
cat >"$tmp/oor.expected" <<'EOF'
REQ-001 Zoé Outsider <Zoe.Outsider@Example.ORG> Zoe.Outsider@Example.ORG
REQ-002 Kim Mapped <Kim.Mapped@Example.ORG> Kim.Mapped@Example.ORG
EOF
expect_same "$tmp/oor.expected" "$tmp/oor" "json: outsiders as written, the member matched"

for f in text markdown html digest mbox github gitlab sarif junit; do
	EMAIL=lead@example.org run "$repo" audit --format $f -o "$tmp/audit.$f"
	expect_status 1 "audit --format $f"
done
for f in text digest mbox github gitlab sarif junit; do
	shows "$tmp/audit.$f" "Zoe.Outsider@Example.ORG" "audit $f (outsider)"
	shows "$tmp/audit.$f" "Kim.Mapped@Example.ORG" "audit $f (mapped)"
done
for f in markdown; do
	shows "$tmp/audit.$f" "Zoe.Outsider&#64;Example.ORG" "audit $f (outsider)"
	shows "$tmp/audit.$f" "Kim.Mapped&#64;Example.ORG" "audit $f (mapped)"
done
shows "$tmp/audit.html" "Zoe.Outsider@Example.ORG" "audit html (outsider)"
shows "$tmp/audit.html" "Kim.Mapped@Example.ORG" "audit html (mapped)"
# the member's own commit is named as written too
shows "$tmp/audit.text" "by ALICE <ALICE@EXAMPLE.ORG>" "audit text (member)"
ci_check sarif "$tmp/audit.sarif" "$tmp/sarif.lines"
ci_check junit "$tmp/audit.junit" "$tmp/junit.lines"
ci_check gitlab "$tmp/audit.gitlab" "$tmp/gitlab.lines"
cat >"$tmp/gitlab.expected" <<'EOF'
unsynced critical specs/functional/login.md:1
unsynced critical specs/functional/login.md:5
out-of-role minor specs/functional/login.md:1
out-of-role minor specs/functional/login.md:5
EOF
expect_same "$tmp/gitlab.expected" "$tmp/gitlab.lines" "gitlab: the member's edit is no finding"

for f in markdown html json; do
	run "$repo" report --from HEAD~3 --format $f -o "$tmp/report.$f"
	expect_status 0 "report --format $f"
done
shows "$tmp/report.markdown" "Zoe.Outsider&#64;Example.ORG" "report markdown"
shows "$tmp/report.html" "Zoe.Outsider@Example.ORG" "report html"
shows "$tmp/report.json" "Zoe.Outsider@Example.ORG" "report json"

# a warm run (state from the cache) says the same
run "$repo" audit --format json -o "$tmp/warm.json"
expect_same "$tmp/audit.json" "$tmp/warm.json" "warm audit: the cached state keeps the addresses"
finish
