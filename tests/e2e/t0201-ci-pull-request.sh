#!/bin/sh
# End-to-end: `specsync check --base main --head BRANCH` on pull-request
# branches, with every output format at once (text, json, sarif, junit,
# github, gitlab, markdown): exit status, what each format says, and that
# each document is valid (SARIF against the OASIS schema, JUnit well-formed
# with the expected test cases, Code Quality fields and unique
# fingerprints).
#
# main: REQ-001..003 on both sides, then REQ-003 changed on the functional
# side only (open before every pull request; the technical side lags, policy
# error). See ci-lib.sh.
set -eu
test_name=t0201
. "$(cd "$(dirname "$0")" && pwd)/ci-lib.sh"

repo=$tmp/repo
make_pr_repo "$repo"
cd "$repo"
# one-sided: the functional side of REQ-001 changes, the technical does not
git checkout -q -b pr-onesided main
spec functional a2 b c2
commit alice "Monthly invoice: issued on the first working day"
# followed: the technical side follows in a later commit
git checkout -q -b pr-followed main
spec functional a2 b c2
commit alice "Monthly invoice: issued on the first working day"
spec technical a2 b c
commit chloe "Invoice batch: run on the first working day"
# acknowledged by the technical side's Responsible
git checkout -q -b pr-ack main
spec functional a2 b c2
commit alice "Monthly invoice: issued on the first working day"
commit chloe "Acknowledge the monthly invoice wording

Sync-Ack: REQ-001 the batch already runs on the first working day"
# acknowledged by the functional side's Accountable: not hers to acknowledge
git checkout -q -b pr-ack-wrong main
spec functional a2 b c2
commit alice "Monthly invoice: issued on the first working day"
commit sophie "Acknowledge the monthly invoice wording

Sync-Ack: REQ-001 nothing to do on the technical side"
# resolves what main left open
git checkout -q -b pr-resolve main
spec technical a b c2
commit chloe "Numbering: yearly sequences in the database"
# turns the technical policy off in the same pull request
git checkout -q -b pr-config main
sed 's/technical: error/technical: off/' .specsync.yml >.specsync.yml.new
mv .specsync.yml.new .specsync.yml
spec functional a2 b c2
commit alice "Monthly invoice wording; technical lag no longer blocks"
git checkout -q main
cd "$tmp"

# ---- a one-sided pull request fails, and every format says so ---------------
all_formats "$repo" one --base main --head pr-onesided
expect_status 1 "one-sided pull request"
expect_file_has "$tmp/one.txt" "specsync: this change leaves 1 requirement unsynchronised" \
	"one-sided: text says one requirement is left unsynchronised"
expect_file_has "$tmp/one.txt" "1 requirement was already unsynchronised before this change: REQ-003, technical side lags since" \
	"one-sided: text reports REQ-003 as open before the change, in one line"
if $PY - "$tmp/one.json" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(f["requirement"], f["status"], f["level"]) for f in d["findings"]]
assert got == [("REQ-001", "new", "error"), ("REQ-003", "open", "error")], got
assert d["mode"] == "base", d["mode"]
PY
	ok "one-sided: json has REQ-001 new and REQ-003 open"
else
	not_ok "one-sided: json has REQ-001 new and REQ-003 open"
fi

ci_check sarif "$tmp/one.sarif" "$tmp/one.sarif.lines"
cat >"$tmp/want" <<'EOF'
unsynced error new REQ-001 specs/functional/invoicing.md:3 related specs/technical/invoicing.md:3
unsynced note open REQ-003 specs/functional/invoicing.md:11 related specs/technical/invoicing.md:11
EOF
expect_same "$tmp/want" "$tmp/one.sarif.lines" "one-sided: sarif has REQ-001 as a new error, REQ-003 as an open note"
expect_file_has "$tmp/one.sarif" '"message":{"text":"REQ-001 changed on the functional side but not on the technical side.\nUpdate the technical side: specs/technical/invoicing.md:3.\nResponsible: Engineering: Chloe Durand <chloe@example.org>. Accountable: Project lead: Pauline Roux <pauline@example.org>.' \
	"one-sided: sarif message names the requirement, the Responsible and the Accountable"

ci_check junit "$tmp/one.xml" "$tmp/one.xml.lines"
cat >"$tmp/want" <<'EOF'
REQ-001 functional/technical failure:unsynced
REQ-003 functional/technical pass out
EOF
expect_same "$tmp/want" "$tmp/one.xml.lines" "one-sided: junit fails REQ-001 and passes REQ-003 with a note"
expect_file_has "$tmp/one.xml" 'Responsible: Engineering: Chloe Durand &lt;chloe@example.org&gt;. Accountable: Project lead: Pauline Roux &lt;pauline@example.org&gt;.' \
	"one-sided: the junit failure carries the roles"

ci_check gitlab "$tmp/one.cq" "$tmp/one.cq.lines"
cat >"$tmp/want" <<'EOF'
unsynced critical specs/functional/invoicing.md:3
unsynced info specs/functional/invoicing.md:11
EOF
expect_same "$tmp/want" "$tmp/one.cq.lines" "one-sided: code quality has REQ-001 critical, REQ-003 info"

grep '^::\(error\|warning\|notice\) ' "$tmp/one.gh" >"$tmp/one.gh.lines" || true
cat >"$tmp/want" <<'EOF'
::error file=specs/functional/invoicing.md,line=3,title=specsync%3A REQ-001%2C technical side not updated::REQ-001 changed on the functional side but not on the technical side.%0AUpdate the technical side: specs/technical/invoicing.md:3.%0AResponsible: Engineering: Chloe Durand <chloe@example.org>. Accountable: Project lead: Pauline Roux <pauline@example.org>.%0AIf the technical side needs no change, one of them acknowledges it in a commit message: "Sync-Ack: REQ-001 <reason>".%0AReviewers to request: Chloe Durand <chloe@example.org>.
::notice file=specs/functional/invoicing.md,line=11,title=specsync%3A REQ-003%2C technical side not updated (open before)::REQ-003 changed on the functional side but not on the technical side.%0AOpen before this change (not its doing).%0AUpdate the technical side: specs/technical/invoicing.md:11.%0AResponsible: Engineering: Chloe Durand <chloe@example.org>. Accountable: Project lead: Pauline Roux <pauline@example.org>.%0AIf the technical side needs no change, one of them acknowledges it in a commit message: "Sync-Ack: REQ-003 <reason>".
EOF
expect_same "$tmp/want" "$tmp/one.gh.lines" "one-sided: github annotates REQ-001 as an error, REQ-003 as a notice"
token=$(sed -n 's/^::stop-commands::\(specsync-[0-9a-f]\{32\}\)$/\1/p' "$tmp/one.gh")
if [ -n "$token" ] && grep -qx "::$token::" "$tmp/one.gh" &&
	sed -n "/^::stop-commands::/,/^::$token::\$/p" "$tmp/one.gh" | grep -qF "this change leaves 1 requirement unsynchronised"; then
	ok "one-sided: github wraps the text report in stop-commands"
else
	not_ok "one-sided: github wraps the text report in stop-commands"
fi

expect_file_has "$tmp/one.md" "## ❌ specsync: this change leaves 1 requirement unsynchronised" \
	"one-sided: markdown heading"
expect_file_has "$tmp/one.md" "| **REQ-001** | functional (specs/functional/invoicing.md line 3) | technical (specs/technical/invoicing.md line 3) | error | Engineering: Chloe Durand | Project lead: Pauline Roux | Business analysts: Alice Martin | Sponsor: Sophie Laurent |" \
	"one-sided: markdown row with Responsible, Accountable, Consulted and Informed"
expect_file_has "$tmp/one.md" "<details><summary>Still open, not this change's doing (1)</summary>" \
	"one-sided: markdown collapses what stays open"

# ---- the counterpart follows in a later commit: passes ----------------------
all_formats "$repo" followed --base main --head pr-followed
expect_status 0 "counterpart edited in a later commit"
expect_file_has "$tmp/followed.txt" "specsync: no new unsynchronised requirement" \
	"followed: text says nothing new"
ci_check junit "$tmp/followed.xml" "$tmp/followed.xml.lines"
cat >"$tmp/want" <<'EOF'
REQ-001 functional/technical pass
REQ-003 functional/technical pass out
EOF
expect_same "$tmp/want" "$tmp/followed.xml.lines" "followed: junit lists REQ-001 (changed, synchronised) as a passing test"
ci_check sarif "$tmp/followed.sarif" "$tmp/followed.sarif.lines"
echo "unsynced note open REQ-003 specs/functional/invoicing.md:11 related specs/technical/invoicing.md:11" >"$tmp/want"
expect_same "$tmp/want" "$tmp/followed.sarif.lines" "followed: sarif has only the open note"
ci_check gitlab "$tmp/followed.cq" "$tmp/followed.cq.lines"
echo "unsynced info specs/functional/invoicing.md:11" >"$tmp/want"
expect_same "$tmp/want" "$tmp/followed.cq.lines" "followed: code quality has only the open info"
expect_file_lacks "$tmp/followed.gh" "::error" "followed: github has no error annotation"
expect_file_has "$tmp/followed.md" "## ✅ specsync: no new unsynchronised requirement" "followed: markdown heading"

# ---- a valid acknowledgement passes -------------------------------------------
all_formats "$repo" ack --base main --head pr-ack
expect_status 0 "acknowledged by the technical side's Responsible"
ci_check junit "$tmp/ack.xml" "$tmp/ack.xml.lines"
cat >"$tmp/want" <<'EOF'
REQ-001 functional/technical pass
REQ-003 functional/technical pass out
EOF
expect_same "$tmp/want" "$tmp/ack.xml.lines" "ack: junit passes REQ-001"
ci_check sarif "$tmp/ack.sarif" "$tmp/ack.sarif.lines"
ci_check gitlab "$tmp/ack.cq" "$tmp/ack.cq.lines"
expect_file_lacks "$tmp/ack.gh" "::error" "ack: github has no error annotation"

# ---- an acknowledgement from the wrong person does not ----------------------
all_formats "$repo" wrong --base main --head pr-ack-wrong
expect_status 1 "acknowledged by someone who may not"
ci_check sarif "$tmp/wrong.sarif" "$tmp/wrong.sarif.lines"
cat >"$tmp/want" <<'EOF'
unsynced error new REQ-001 specs/functional/invoicing.md:3 related specs/technical/invoicing.md:3
invalid-ack error new REQ-001 specs/functional/invoicing.md:3
unsynced note open REQ-003 specs/functional/invoicing.md:11 related specs/technical/invoicing.md:11
EOF
expect_same "$tmp/want" "$tmp/wrong.sarif.lines" "wrong ack: sarif has the unsynced and the invalid acknowledgement as errors"
ci_check junit "$tmp/wrong.xml" "$tmp/wrong.xml.lines"
cat >"$tmp/want" <<'EOF'
REQ-001 functional/technical failure:unsynced
REQ-003 functional/technical pass out
EOF
expect_same "$tmp/want" "$tmp/wrong.xml.lines" "wrong ack: junit fails REQ-001"
expect_file_has "$tmp/wrong.xml" 'message="REQ-001 changed on the functional side but not on the technical side (and 1 more)"' \
	"wrong ack: the junit failure counts both findings"
expect_file_has "$tmp/wrong.xml" "Sophie Laurent &lt;sophie@example.org&gt; may not acknowledge REQ-001" \
	"wrong ack: the junit failure names who may not acknowledge"
ci_check gitlab "$tmp/wrong.cq" "$tmp/wrong.cq.lines"
cat >"$tmp/want" <<'EOF'
unsynced critical specs/functional/invoicing.md:3
unsynced info specs/functional/invoicing.md:11
invalid-ack critical specs/functional/invoicing.md:3
EOF
expect_same "$tmp/want" "$tmp/wrong.cq.lines" "wrong ack: code quality"
if [ "$(grep -c '^::error ' "$tmp/wrong.gh")" -eq 2 ]; then
	ok "wrong ack: github has two error annotations"
else
	not_ok "wrong ack: github has two error annotations"
fi
expect_file_has "$tmp/wrong.md" "### Invalid acknowledgements" "wrong ack: markdown lists the invalid acknowledgement"

# ---- pre-existing findings are open and do not fail; resolving one ----------
all_formats "$repo" resolve --base main --head pr-resolve
expect_status 0 "resolves the finding main left open"
expect_file_has "$tmp/resolve.txt" "resolved: REQ-003 is synchronised again on the technical side" \
	"resolve: text reports REQ-003 as resolved"
ci_check sarif "$tmp/resolve.sarif" "$tmp/resolve.sarif.lines"
if [ ! -s "$tmp/resolve.sarif.lines" ]; then
	ok "resolve: sarif reports nothing (code scanning closes the alert)"
else
	not_ok "resolve: sarif reports nothing"
fi
ci_check junit "$tmp/resolve.xml" "$tmp/resolve.xml.lines"
echo "REQ-003 functional/technical pass out" >"$tmp/want"
expect_same "$tmp/want" "$tmp/resolve.xml.lines" "resolve: junit passes REQ-003"
expect_file_has "$tmp/resolve.xml" "[resolved] REQ-003 changed on the functional side but not on the technical side." \
	"resolve: junit notes the resolution"
ci_check gitlab "$tmp/resolve.cq" "$tmp/resolve.cq.lines"
if [ "$(cat "$tmp/resolve.cq")" = "[]" ]; then ok "resolve: code quality is an empty array"; else not_ok "resolve: code quality is an empty array"; fi
expect_file_has "$tmp/resolve.md" "### Synchronised again by this change" "resolve: markdown section"
expect_file_has "$tmp/resolve.md" "- **REQ-003**: technical side (updated)" "resolve: markdown item"

# ---- a pull request cannot switch its own policy off -------------------------
all_formats "$repo" config --base main --head pr-config
expect_status 1 "pull request turning the technical policy off (checked with the base's)"
expect_file_has "$tmp/config.txt" "notice: this change edits .specsync.yml; it is checked with the base's configuration" \
	"config: text prints the notice"
expect_file_has "$tmp/config.gh" "::notice file=.specsync.yml,line=1,title=specsync%3A configuration::this change edits .specsync.yml; it is checked with the base's configuration" \
	"config: github annotates the notice"
expect_file_has "$tmp/config.md" "> **Note:** this change edits .specsync.yml; it is checked with the base's configuration" \
	"config: markdown carries the notice"
expect_file_has "$tmp/config.xml" "<system-out>this change edits .specsync.yml; it is checked with the base's configuration</system-out>" \
	"config: junit carries the notice"
ci_check sarif "$tmp/config.sarif" "$tmp/config.sarif.lines"
ci_check junit "$tmp/config.xml" "$tmp/config.xml.lines"
ci_check gitlab "$tmp/config.cq" "$tmp/config.cq.lines"
expect_file_has "$tmp/config.sarif.lines" "unsynced error new REQ-001 specs/functional/invoicing.md:3" \
	"config: sarif reports REQ-001 as an error (the base's policy)"
expect_file_has "$tmp/config.sarif" '"toolExecutionNotifications":[{"level":"note","message":{"text":"this change edits .specsync.yml; it is checked with the base'"'"'s configuration"}}]' \
	"config: sarif carries the notice"
run "$repo" check --base main --head pr-config --config-from head --format github
expect_status 0 "the same with --config-from head (the head's policy)"
expect_file_lacks "$tmp/out" "checked with the base's configuration" \
	"--config-from head: no notice that the base's configuration applies"

finish
