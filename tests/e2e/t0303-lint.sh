#!/bin/sh
# End-to-end: `specsync lint`, one planted repository per rule, each
# checked for the rule, its level, its place (file:line) and the exit
# status; then the JSON format and the configuration key
# lint.same_accountable. (role-no-members cannot be planted: the loader
# refuses a role without members; tests/unit/test_lint.c covers it.)
. "$(dirname "$0")/reports-lib.sh"

roles='roles:
  amoa: { members: ["alice@example.org"] }
  amoe: { members: ["chloe@example.org"] }
  pm: { members: ["pauline@example.org"] }
  sponsor: { members: ["sophie@example.org"] }'
raci='raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe] }
    technical: { R: amoe, A: pm, I: [amoa] }'
sides='sides:
  functional: { paths: ["func/**/*.md"] }
  technical: { paths: ["tech/**/*.md"] }'

default_id="'\\bREQ-[0-9]{3}\\b'"
# mkrepo NAME: a repository in $tmp/NAME with .specsync.yml from $sides,
# $roles, $raci and $extra, REQ-001 and REQ-002 on both sides; the caller
# adds files and commits.
mkrepo() {
	r=$tmp/$1
	mkdir -p "$r/func" "$r/tech"
	cd "$r"
	git init -q -b main .
	printf 'version: 1\nrequirements:\n  id: %s\n%s\n%s\n%s\n%s\n' "${idpat:-$default_id}" \
		"$sides" "$roles" "$raci" "${extra:-}" >.specsync.yml
	printf '# REQ-001 Login\n\nPassword.\n\n# REQ-002 Logout\n\nBye.\n' >func/login.md
	printf '# Login (REQ-001)\n\nbcrypt.\n\n# Logout (REQ-002)\n\nCleared.\n' >tech/login.md
}

# lint_case NAME EXIT RULE LINE-TEXT: commits, runs lint and checks that
# the output holds LINE-TEXT (a whole line, fixed string) and the exit.
lint_case() {
	commit alice "$1"
	cd "$tmp"
	run "$tmp/$1" lint
	expect_status "$2" "$1"
	if grep -Fxq -- "$4" "$tmp/out"; then ok "$1: $3 reported"; else not_ok "$1: $3 reported (want line: $4)"; fi
	extra=
}

# ---- a clean repository --------------------------------------------------------
mkrepo clean
commit alice "clean"
cd "$tmp"
run "$tmp/clean" lint
expect_status 0 "clean repository"
expect_out "specsync lint of" "clean: the summary line"
expect_out ": 0 errors, 0 warnings" "clean: no problem"

# ---- configuration rules ----------------------------------------------------------
raci_saved=$raci
raci='raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe] }
    technical: { R: amoe, A: pm, I: [amoa] }
  - scope: "REQ-9*"
    functional: { R: amoa, A: sponsor }'
mkrepo missing-side
lint_case missing-side 1 raci-missing-side \
	'.specsync.yml:16:5: error: raci[1] (scope "REQ-9*") names no roles for the technical side: the requirements it matches have no Responsible nor Accountable there (the last matching entry applies; entries do not add up) [raci-missing-side]'

raci='raci:
  - scope: "*"
    functional: { R: amoa, C: [amoe] }
    technical: { R: amoe, A: [pm, sponsor] }'
mkrepo accountable
lint_case accountable 1 raci-accountable \
	'.specsync.yml:14:5: error: raci[0].functional (scope "*"): no Accountable role (expected exactly one: the person who answers for this side) [raci-accountable]'
if grep -Fxq '.specsync.yml:15:5: error: raci[0].technical (scope "*"): 2 Accountable roles (pm, sponsor); expected exactly one [raci-accountable]' "$tmp/out"; then
	ok "accountable: two Accountable roles reported"
else
	not_ok "accountable: two Accountable roles reported"
fi

raci='raci:
  - scope: "*"
    functional: { R: [], A: sponsor, C: [amoe] }
    technical: { R: amoe, A: pm, I: [amoa] }'
mkrepo responsible
lint_case responsible 1 raci-responsible \
	'.specsync.yml:14:5: error: raci[0].functional (scope "*"): no Responsible role (expected at least one: the people who update this side) [raci-responsible]'

raci='raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe] }
    technical: { R: amoe, A: pm, I: [] }'
roles_saved=$roles
roles="$roles
  amoa2: { members: [\"alice@example.org\"] }"
mkrepo empty-list
lint_case empty-list 0 raci-empty-list \
	'.specsync.yml:16:5: warning: raci[0].technical.I (scope "*"): an empty list (leave the key out, or name the roles) [raci-empty-list]'
if grep -Fxq '.specsync.yml:12:3: warning: role amoa2 is named by no RACI entry [role-unused]' "$tmp/out"; then
	ok "role-unused reported"
else
	not_ok "role-unused reported"
fi
roles=$roles_saved

raci='raci:
  - scope: "*"
    functional: { R: amoa, A: pm, C: [amoe] }
    technical: { R: amoe, A: pm, I: [amoa] }'
mkrepo same-accountable
lint_case same-accountable 0 same-accountable \
	'.specsync.yml:13:5: warning: raci[0] (scope "*"): pauline@example.org is Accountable on both the functional and the technical side: nobody else answers for checking one against the other [same-accountable]'
extra='lint: { same_accountable: error }'
mkrepo same-accountable-error
lint_case same-accountable-error 1 "same-accountable as an error" \
	'.specsync.yml:13:5: error: raci[0] (scope "*"): pauline@example.org is Accountable on both the functional and the technical side: nobody else answers for checking one against the other [same-accountable]'
extra='lint: { same_accountable: off }'
mkrepo same-accountable-off
commit alice off
cd "$tmp"
run "$tmp/same-accountable-off" lint
expect_status 0 "same_accountable: off"
expect_no_out "same-accountable" "same_accountable: off: not reported"
extra='lint: { same_acountable: error }'
mkrepo lint-key-typo
commit alice typo
cd "$tmp"
run "$tmp/lint-key-typo" lint
expect_status 2 "a misspelt lint key"
if grep -q 'same_acountable.*did you mean.*same_accountable' "$tmp/err"; then ok "the loader suggests same_accountable"; else not_ok "the loader suggests same_accountable"; fi
extra='lint: { same_accountable: maybe }'
mkrepo lint-level
commit alice level
cd "$tmp"
run "$tmp/lint-level" lint
expect_status 2 "lint.same_accountable: maybe"
raci=$raci_saved
extra=

# ---- document rules -------------------------------------------------------------
sides='sides:
  functional: { paths: ["func/**/*.md", "shared/*.md"] }
  technical: { paths: ["tech/**/*.md", "shared/*.md"] }'
mkrepo two-sides
mkdir -p shared
printf '# REQ-001 Glossary\n' >shared/a.md
printf '# REQ-002 Glossary\n' >shared/b.md
lint_case two-sides 1 path-two-sides \
	'shared/a.md: error: matches the paths of the functional and technical sides: a file belongs to one side only, and the audit stops on it (narrow the sides'"'"' paths globs) [path-two-sides]'
if grep -q '^shared/b.md: error: .*\[path-two-sides\]$' "$tmp/out"; then ok "two-sides: every such file is listed"; else not_ok "two-sides: every such file is listed"; fi
run "$tmp/two-sides" audit
expect_status 2 "two-sides: the audit stops on it"

sides='sides:
  functional: { paths: ["func/**/*.md"], attribution: defines }
  technical: { paths: ["tech/**/*.md"] }'
mkrepo duplicate
printf '# REQ-001 Login again\n\nSee REQ-002.\n\n## Details\n\nMore.\n' >func/more.md
lint_case duplicate 1 duplicate-id \
	'func/more.md:1: error: REQ-001 is defined twice on the functional side (first at func/login.md:1): its sections count as one requirement [duplicate-id]'
if grep -q 'REQ-002.*duplicate-id' "$tmp/out"; then not_ok "duplicate: a mention is not a definition"; else ok "duplicate: a mention is not a definition"; fi
sides='sides:
  functional: { paths: ["func/**/*.md"] }
  technical: { paths: ["tech/**/*.md"] }'

mkrepo uncovered
printf '# REQ-003 Export\n\nCSV export.\n' >func/export.md
lint_case uncovered 0 uncovered \
	'func/export.md:1: warning: REQ-003 (functional side) is not covered on the technical side: no technical document mentions it [uncovered]'

mkrepo orphan
printf 'intro\n\n## Cache (REQ-004)\n\nRedis.\n' >tech/cache.md
lint_case orphan 0 orphan \
	'tech/cache.md:3: warning: REQ-004 (technical side) traces to no functional requirement: no functional document mentions it [orphan]'

raci='raci:
  - scope: "REQ-001"
    functional: { R: amoa, A: sponsor }
    technical: { R: amoe, A: pm }'
mkrepo no-entry
lint_case no-entry 0 raci-no-entry \
	'func/login.md:5: warning: no raci scope matches REQ-002: nobody is Responsible or Accountable for it [raci-no-entry]'
raci=$raci_saved

mkrepo binary
printf '# REQ-001\000binary' >tech/blob.md
lint_case binary 0 binary \
	'tech/blob.md: warning: a binary file (NUL byte at offset 9): specsync does not read it [binary]'

extra='max_file_size: 1M'
mkrepo too-large
head -c 1048577 /dev/zero | tr '\000' 'a' >func/huge.md
lint_case too-large 0 too-large \
	'func/huge.md: warning: 1048577 bytes, over max_file_size (1048576): specsync does not read it [too-large]'
# the configured size, not a fixed one: 10 MB + 1 byte is read by default (32 MiB)
mkrepo large-read
{ printf '# REQ-001 Login\n\n'; head -c 10485761 /dev/zero | tr '\000' 'a'; } >func/login.md
commit alice large-read
cd "$tmp"
run "$tmp/large-read" lint
expect_status 0 "large-read"
if grep -q 'too-large' "$tmp/out"; then not_ok "10 MB + 1 byte: read (max_file_size 32 MiB)"; else ok "10 MB + 1 byte: read (max_file_size 32 MiB)"; fi
mkrepo utf16
printf '\377\376#\000 \000R\000E\000Q\000-\0000\0000\0001\000\n\000' >tech/utf16.md
lint_case utf16 0 binary \
	'tech/utf16.md: warning: UTF-16 text (byte-order mark): specsync reads UTF-8 only and does not read it; save it as UTF-8 [binary]'

idpat="'(a+)+\$|\\bREQ-[0-9]{3}\\b'"
mkrepo unreadable
printf '# REQ-003 Export\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n' >func/bad.md
commit alice unreadable
idpat=
cd "$tmp"
run "$tmp/unreadable" lint
expect_status 1 "unreadable"
if grep -Eq '^func/bad.md:3: error: cannot be split into sections: .*match limit.* \[unreadable\]$' "$tmp/out"; then
	ok "unreadable: a regex limit is reported at its line"
else
	not_ok "unreadable: a regex limit is reported at its line"
fi

# ---- JSON ---------------------------------------------------------------------
run "$tmp/duplicate" lint --format json
expect_status 1 "lint --format json"
if python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1 and len(d["head"]) == 40
assert d["summary"] == {"errors": 1, "warnings": 0}, d["summary"]
f = d["findings"][0]
assert f == {"rule": "duplicate-id", "level": "error", "path": "func/more.md", "line": 1,
             "column": 0, "requirement": "REQ-001", "side": "functional",
             "message": f["message"]}, f
PY
then ok "lint --format json: fields"; else not_ok "lint --format json: fields"; fi

run "$tmp/clean" lint --format yaml
expect_status 2 "lint --format yaml"
run "$tmp/clean" lint HEAD~5
expect_status 2 "lint at a revision that does not exist"

finish t0303
