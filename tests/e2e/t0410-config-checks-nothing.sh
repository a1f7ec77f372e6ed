#!/bin/sh
# A configuration that checks nothing is an error (issue 12, item 3): in
# audit, check (--staged, --range, --base) and lint, a side whose paths
# match no file at the revision examined and an ID pattern that matches no
# requirement end with exit 2 and the exact message (side or pattern, files
# looked at, suggestion); `empty_ok: true` turns an empty side into a
# warning; an unborn HEAD only warns in check --staged; the index is what
# check --staged examines. Then lint's coverage per side, in text and JSON.
. "$(dirname "$0")/lib.sh"

# expect_err_is TEXT WHAT: standard error is exactly TEXT (one line)
expect_err_is() {
	if [ -n "$1" ]; then printf '%s\n' "$1" >"$tmp/want"; else : >"$tmp/want"; fi
	expect_same "$tmp/want" "$tmp/err" "$2: the exact message"
}

# config ID FUNCTIONAL_GLOB TECHNICAL_GLOB [EXTRA_TECHNICAL_LINE]
config() {
	{
		printf 'version: 1\nrequirements:\n  id: %s\n' "'$1'"
		printf 'sides:\n  functional:\n    paths: [%s]\n' "'$2'"
		printf '  technical:\n    paths: [%s]\n' "'$3'"
		[ -n "${4:-}" ] && printf '    %s\n' "$4"
		true
	} >.specsync.yml
}

repo=$tmp/repo
mkdir -p "$repo/spec/functional" "$repo/design"
cd "$repo"
git init -q .
printf '# Login\n\n## REQ-LOG-001 Password\n\nA password.\n\n## REQ-LOG-002 Lockout\n\nLocked.\n\n## REQ-LOG-003 Reset\n\nReset.\n' \
	>spec/functional/login.md
printf '# Design\n\nREQ-LOG-001 and REQ-LOG-002 use bcrypt.\n' >design/auth.md
config '\bREQ-LOG-[0-9]{3}\b' 'spec/functional/**' 'design/**'
commit_as "Alice Martin" alice@example.org "Specs"

# ---- sides whose paths match no file ------------------------------------------
config '\bREQ-LOG-[0-9]{3}\b' 'specs/functional/**' 'design'
commit_as "Alice Martin" alice@example.org "Paths mistyped"
sides_msg="specsync: error: .specsync.yml:5:3: sides.functional: its paths match no file at HEAD (3 files looked at): 'specs/functional/**' (did you mean 'spec/functional/**'? it matches 1 file); sides.technical: its paths match no file at HEAD (3 files looked at): 'design' ('design' is a directory: 'design/**' matches the files in it); a side empty for now says so with empty_ok: true"
for cmd in audit lint "check --range HEAD~1..HEAD"; do
	# shellcheck disable=SC2086
	run "$repo" $cmd
	expect_status 2 "sides matching no file ($cmd)"
	expect_err_is "$sides_msg" "sides matching no file ($cmd)"
	if [ -s "$tmp/out" ]; then not_ok "sides matching no file ($cmd): nothing on stdout"; else ok "sides matching no file ($cmd): nothing on stdout"; fi
done
run "$repo" check --base HEAD~1 --config-from head
expect_status 2 "sides matching no file (check --base, the head's configuration)"
# the configuration is named by the commit it was read from
head12=$(git -C "$repo" rev-parse --short=12 HEAD)
expect_err_is "$(printf '%s' "$sides_msg" | sed "s/error: \.specsync/error: $head12:.specsync/")" \
	"sides matching no file (check --base, the head's configuration)"
run "$repo" check --staged
expect_status 2 "sides matching no file (check --staged)"
expect_err_is "$(printf '%s' "$sides_msg" | sed 's/at HEAD/in the index/g')" \
	"sides matching no file (check --staged)"

# the revision examined is the one given
run "$repo" audit HEAD~1
expect_status 2 "audit HEAD~1"
expect_err_is "$(printf '%s' "$sides_msg" | sed 's/at HEAD/at HEAD~1/g')" "audit HEAD~1"
# check --base takes the base's configuration by default: it checks something
run "$repo" check --base HEAD~1
expect_status 0 "check --base with the base's configuration"
expect_err_is "" "check --base with the base's configuration: no message"

# a wildcard under a missing directory; a missing file; what a directory holds
config '\bREQ-LOG-[0-9]{3}\b' 'spec/functionl/*.md' 'design/auth.txt'
run "$repo" lint
expect_status 2 "mistyped directory and file"
expect_err_is "specsync: error: .specsync.yml:5:3: sides.functional: its paths match no file at HEAD (3 files looked at): 'spec/functionl/*.md' (did you mean 'spec/functional/*.md'? it matches 1 file); sides.technical: its paths match no file at HEAD (3 files looked at): 'design/auth.txt' ('design/' holds auth.md); a side empty for now says so with empty_ok: true" \
	"mistyped directory and file"
config '\bREQ-LOG-[0-9]{3}\b' 'spec/functional/**' 'docs/**/*.adoc'
run "$repo" lint
expect_status 2 "a side whose directory does not exist"
expect_err_is "specsync: error: .specsync.yml:7:3: sides.technical: its paths match no file at HEAD (3 files looked at): 'docs/**/*.adoc' (the root holds .specsync.yml, design/, spec/); a side empty for now says so with empty_ok: true" \
	"a side whose directory does not exist"

# ---- empty_ok: a warning ----------------------------------------------------------
config '\bREQ-LOG-[0-9]{3}\b' 'spec/functional/**' 'docs/**/*.adoc' 'empty_ok: true'
empty_warning="specsync: warning: sides.technical: its paths match no file at HEAD (3 files looked at): 'docs/**/*.adoc' (the root holds .specsync.yml, design/, spec/); the side says empty_ok: true, nothing is checked on it"
run "$repo" audit --format json
expect_status 1 "empty_ok: the audit goes on"
expect_err_is "$empty_warning" "empty_ok: audit warns"
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["summary"]["requirements"] == 3 else 1)' "$tmp/out"; then
	ok "empty_ok: the audit reads the functional side's 3 requirements"
else
	not_ok "empty_ok: the audit reads the functional side's 3 requirements"
fi
run "$repo" lint
expect_status 0 "empty_ok: lint"
expect_err_is "$empty_warning" "empty_ok: lint warns"
expect_out "coverage: functional 3 requirements (3 on this side only), technical 0 requirements (0 on this side only)" \
	"empty_ok: lint's coverage"
config '\bREQ-LOG-[0-9]{3}\b' 'spec/functional/**' 'design/**' 'empty_ok: maybe'
run "$repo" lint
expect_status 2 "empty_ok: maybe"
expect_err_is 'specsync: error: .specsync.yml:9:15: sides.technical.empty_ok: unknown empty_ok "maybe" (expected one of: false, true)' \
	"empty_ok takes true or false"

# ---- an ID pattern that matches nothing -------------------------------------------
config '\bFR-[0-9]+\b' 'spec/functional/**' 'design/**'
pattern_msg="specsync: error: .specsync.yml:3:7: requirements.id: the pattern '\\bFR-[0-9]+\\b' matches no requirement in the 2 files of the sides at HEAD (functional 1, technical 1); IDs found there: REQ-LOG-001 (3 IDs of this shape); a pattern for them: '\\bREQ-LOG-[0-9]{3}\\b'"
for cmd in audit lint; do
	run "$repo" $cmd
	expect_status 2 "pattern matching nothing ($cmd)"
	expect_err_is "$pattern_msg" "pattern matching nothing ($cmd)"
done
# ignored IDs are no requirements
{
	printf 'version: 1\nrequirements:\n  id: %s\n  ignore: ["REQ-LOG-*"]\n' "'\\bREQ-LOG-[0-9]{3}\\b'"
	printf 'sides:\n  functional:\n    paths: ["spec/**"]\n  technical:\n    paths: ["design/**"]\n'
} >.specsync.yml
run "$repo" lint
expect_status 2 "every match ignored"
expect_err_is "specsync: error: .specsync.yml:3:7: requirements.id: the pattern '\\bREQ-LOG-[0-9]{3}\\b' matches no requirement in the 2 files of the sides at HEAD (functional 1, technical 1); IDs found there: REQ-LOG-001 (3 IDs of this shape); a pattern for them: '\\bREQ-LOG-[0-9]{3}\\b'" \
	"every match ignored"
printf 'nothing here\n' >design/auth.md
printf 'nor here\n' >spec/functional/login.md
config '\bREQ-LOG-[0-9]{3}\b' 'spec/functional/**' 'design/**'
git add -A
run "$repo" check --staged
expect_status 2 "no ID-like token in the index"
expect_err_is "specsync: error: .specsync.yml:3:7: requirements.id: the pattern '\\bREQ-LOG-[0-9]{3}\\b' matches no requirement in the 2 files of the sides in the index (functional 1, technical 1); IDs found there: no ID-like token (such as REQ-001, FR-12 or req~name~1) is in them" \
	"no ID-like token in the index"
git reset -q --hard

# ---- check --staged examines the index ----------------------------------------------
config '\bREQ-LOG-[0-9]{3}\b' 'spec/functional/**' 'design/**'
commit_as "Alice Martin" alice@example.org "Paths fixed"
git rm -q design/auth.md
run "$repo" check --staged
expect_status 2 "a side emptied in the index"
expect_err_is "specsync: error: .specsync.yml:7:3: sides.technical: its paths match no file in the index (2 files looked at): 'design/**' (the root holds .specsync.yml, spec/); a side empty for now says so with empty_ok: true" \
	"a side emptied in the index"
git reset -q --hard
git rm -q design/auth.md
commit_as "Chloe Dubois" chloe@example.org "No design yet"
mkdir -p design
printf '# Design\n\nREQ-LOG-001 uses bcrypt.\n' >design/auth.md
git add design/auth.md
run "$repo" check --staged
expect_status 0 "a side empty at HEAD, filled in the index"
expect_err_is "" "a side filled in the index: no message"

# ---- unborn HEAD: the first commit --------------------------------------------------
first=$tmp/first
mkdir -p "$first/spec"
cd "$first"
git init -q .
printf '# R\n\n## REQ-LOG-001 One\n' >spec/r.md
config '\bREQ-LOG-[0-9]{3}\b' 'spec/**' 'design/**'
git add -A
run "$first" check --staged
expect_status 1 "unborn HEAD: check --staged (the functional requirement is new)"
expect_err_is "specsync: warning: sides.technical: its paths match no file in the index (2 files looked at): 'design/**' (the root holds .specsync.yml, spec/); the repository has no commit yet" \
	"unborn HEAD: a warning"

# ---- lint's coverage per side ---------------------------------------------------------
cd "$repo"
git reset -q --hard
mkdir -p design
printf '# Login\n\n## REQ-LOG-001 Password\n\nA password.\n\n## REQ-LOG-002 Lockout\n\nLocked.\n' \
	>spec/functional/login.md
printf '# Design\n\nREQ-LOG-001 and REQ-LOG-004 use bcrypt.\n' >design/auth.md
commit_as "Alice Martin" alice@example.org "Coverage"
run "$repo" lint
expect_status 0 "lint with coverage gaps"
expect_out "coverage: functional 2 requirements (1 on this side only), technical 2 requirements (1 on this side only)" \
	"lint's coverage line"
run "$repo" lint --format json
expect_status 0 "lint --format json"
if /usr/bin/python3 - "$tmp/out" <<'PY'; then ok "lint JSON: coverage per side"; else not_ok "lint JSON: coverage per side"; fi
import json, sys
d = json.load(open(sys.argv[1]))
want = [{"side": "functional", "requirements": 2, "one_side": 1},
        {"side": "technical", "requirements": 2, "one_side": 1}]
rules = sorted((f["rule"], f["requirement"]) for f in d["findings"] if f["requirement"])
sys.exit(0 if d["coverage"] == want and rules == [("orphan", "REQ-LOG-004"), ("uncovered", "REQ-LOG-002")] else 1)
PY

finish
