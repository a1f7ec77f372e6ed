#!/bin/sh
# End-to-end: what the command line does with mistakes and awkward
# repositories (exit status 2 and a useful message), plus `explain` and
# `audit -o FILE` on a small repository.
#
# Environment: SPECSYNC (the binary; default build/specsync beside the
# sources). Needs git and python3. Prints "ok - ..." per check.
set -eu

. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# expect_err REGEX DESCRIPTION (extended regex, case-insensitive, on stderr)
expect_err() {
	if grep -Eiq -- "$1" "$tmp/err"; then ok "$2"; else not_ok "$2 (stderr should match /$1/)"; fi
}

commit() { # who message
	case $1 in
	alice) commit_as "Alice Martin" alice@example.org "$2" ;;
	chloe) commit_as "Chloe Durand" chloe@example.org "$2" ;;
	esac
}

config() {
	cat <<'YML'
version: 1
requirements:
  id: '\bREQ-[0-9]{3}\b'
sides:
  functional:
    paths: ["func/**/*.md"]
  technical:
    paths: ["tech/**/*.md"]
policy:
  unsynced: { functional: error, technical: error }
YML
}

# A small repository: REQ-001 on both sides, then changed on the functional
# side only (technical lags: exit 1); REQ-002 on both sides, unchanged.
small=$tmp/small
mkdir -p "$small/func" "$small/tech"
cd "$small"
git init -q -b main .
git config core.autocrlf false
config >.specsync.yml
printf '# REQ-001 Login\n\nUsers log in with a password.\n\n# REQ-002 Logout\n\nBye.\n' >func/login.md
commit alice "Login and logout"
c1=$(git rev-parse HEAD)
printf '# Login (REQ-001)\n\nbcrypt.\n\n# Logout (REQ-002)\n\nSession cleared.\n' >tech/login.md
commit chloe "Login design"
c2=$(git rev-parse HEAD)
printf '# REQ-001 Login\n\nUsers log in with a passkey.\n\n# REQ-002 Logout\n\nBye.\n' >func/login.md
commit alice "Passkeys"
c3=$(git rev-parse HEAD)
printf 'x\n' >README
commit chloe "Readme"
cd "$tmp"

# ---- usage errors ----------------------------------------------------------
run "$small" frobnicate
expect_status 2 "unknown command"
expect_err "frobnicate" "unknown command: the message names it"

run "$small"
expect_status 2 "no command"

run "$small" audit --format nope
expect_status 2 "audit --format nope"
expect_err "format.*nope|nope.*format" "audit --format nope: the message names the format"

run "$small" audit --no-such-option
expect_status 2 "audit --no-such-option"

run "$small" audit --format
expect_status 2 "audit --format without a value"

# ---- repositories ----------------------------------------------------------
mkdir -p "$tmp/plain"
run "$tmp/plain" audit
expect_status 2 "not a git repository"
expect_err "not a git repository" "not a git repository: says so"

mkdir -p "$tmp/noconfig"
(cd "$tmp/noconfig" && git init -q -b main . && printf 'x\n' >f && commit alice "init")
run "$tmp/noconfig" audit
expect_status 2 "missing .specsync.yml"
expect_err '\.specsync\.yml' "missing .specsync.yml: the message names the file"

mkdir -p "$tmp/badyaml"
(
	cd "$tmp/badyaml" && git init -q -b main . &&
	printf 'version: 1\nrequirements:\n  id: "REQ-[0-9]+"\nsides:\n  functional: { paths: ["f/*.md"]\n  technical: { paths: ["t/*.md"] }\n' >.specsync.yml &&
	commit alice "init"
)
run "$tmp/badyaml" audit
expect_status 2 "config syntax error"
expect_err '\.specsync\.yml:[1-9][0-9]*:[1-9][0-9]*: ' "config syntax error: the message has file:line:column"

run "$small" audit NOPE-REV
expect_status 2 "audit NOPE-REV"
expect_err "NOPE-REV" "audit NOPE-REV: the message names the revision"

mkdir -p "$tmp/empty"
(cd "$tmp/empty" && git init -q -b main . && config >.specsync.yml)
run "$tmp/empty" audit
expect_status 2 "empty repository (no commits)"
# A clear message says the repository has no commits yet, not merely that a
# revision is missing.
expect_err "no commits|empty|unborn|any commits|yet" \
	"empty repository: the message says there are no commits"

git clone -q --depth 1 "file://$small" "$tmp/shallow" 2>/dev/null
run "$tmp/shallow" audit
expect_status 2 "shallow clone"
expect_err "fetch --unshallow" "shallow clone: the message says 'git fetch --unshallow'"

# ---- explain ---------------------------------------------------------------
run "$small" explain REQ-001
expect_status 0 "explain REQ-001"
missing=""
for c in "$c1" "$c2" "$c3"; do
	short=$(printf '%s' "$c" | cut -c1-7)
	grep -q "$short" "$tmp/out" || missing="$missing $short"
done
if [ -z "$missing" ] && grep -q "Passkeys" "$tmp/out" && grep -q "Login design" "$tmp/out"; then
	ok "explain REQ-001 lists its three commits with their summaries"
else
	not_ok "explain REQ-001 lists its three commits (missing:$missing)"
fi
if grep -q "Readme" "$tmp/out"; then
	not_ok "explain REQ-001 does not list a commit that did not touch it"
else
	ok "explain REQ-001 does not list a commit that did not touch it"
fi

run "$small" explain
expect_status 2 "explain without an ID"

# ---- -o FILE -----------------------------------------------------------------
rm -f "$small/report.json"
run "$small" audit --format json -o report.json
expect_status 1 "audit --format json -o report.json (REQ-001 lags on technical, policy error)"
if [ ! -s "$tmp/out" ]; then
	ok "audit -o FILE prints nothing on standard output"
else
	not_ok "audit -o FILE prints nothing on standard output"
fi
if [ -f "$small/report.json" ] && python3 - "$small/report.json" <<'PY'; then
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
open_ = sorted((f["requirement"], f["lagging_side"]) for f in doc["findings"]
               if f["kind"] == "unsynced" and f["status"] == "open")
sys.exit(0 if open_ == [("REQ-001", "technical")] else 1)
PY
	ok "audit -o FILE writes the JSON report (REQ-001 technical open)"
else
	not_ok "audit -o FILE writes the JSON report (REQ-001 technical open)"
fi
leftover=""
for f in "$small"/report.json.tmp*; do
	[ -e "$f" ] && leftover="$leftover $f"
done
if [ -z "$leftover" ]; then
	ok "audit -o FILE leaves no temporary file"
else
	not_ok "audit -o FILE leaves no temporary file ($leftover)"
fi

# The same report on standard output is the same document.
run "$small" audit --format json
cmp -s "$tmp/out" "$small/report.json" && same=1 || same=0
if [ "$same" -eq 1 ] || python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
for d in (a, b):
    for f in d["findings"]:
        for c in f.get("commit_details", []) if isinstance(f.get("commit_details"), list) else []:
            c.pop("age_days", None)
sys.exit(0 if a == b else 1)' "$tmp/out" "$small/report.json"; then
	ok "audit -o FILE writes what standard output would show"
else
	not_ok "audit -o FILE writes what standard output would show"
fi

if [ "$fail" -ne 0 ]; then
	echo "# t0003: FAILED" >&2
	exit 1
fi
echo "# t0003: all checks passed"
