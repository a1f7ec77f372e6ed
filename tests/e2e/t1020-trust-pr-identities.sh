#!/bin/sh
# Trust: a pull request cannot change who is who nor weaken its own rules
# (issue 11, item 2).
#
# Attack 1, as reported: a pull request adds a .mailmap mapping Pauline Roux
# (Accountable of the technical side) to mallory's address; mallory's commit
# drifts the functional side and forges `Sync-Ack:`. Checked with the pull
# request checked out (as CI does), `check --base main` must refuse it: the
# .mailmap comes from the base branch's tip, like .specsync.yml.
#
# Attack 2, as reported: a branch from an old commit where
# `unsynced: off`; the drift passed because the rules came from the merge
# base. They now come from main's tip, which says `error`.
#
# Every output format names the revision the rules came from.
. "$(dirname "$0")/hooks-lib.sh"

mallory() {
	export GIT_AUTHOR_NAME="Mallory" GIT_AUTHOR_EMAIL="mallory@evil.org" \
		GIT_COMMITTER_NAME="Mallory" GIT_COMMITTER_EMAIL="mallory@evil.org"
}

# ---- attack 1: .mailmap in the pull request --------------------------------
r=$tmp/pr
new_repo "$r"
main_tip=$(head_of "$r")
git -C "$r" checkout -q -b feature
mallory
printf 'Pauline Roux <pauline@example.org> <mallory@evil.org>\n' >"$r/.mailmap"
git -C "$r" add .mailmap
run "$r" git commit -q -m "Add a mailmap"
func "$r" "Every customer receives two invoices per month."
git -C "$r" add -A
run "$r" git commit -q -m "Invoices: twice a month" -m "Sync-Ack: REQ-INV-001 no technical impact"

run "$r" "$SPECSYNC" check --base main --format json
expect_status 1 "forged ack through the pull request's .mailmap: refused"
/usr/bin/python3 - "$tmp/out" "$main_tip" <<'PY' && ok "json: the ack is invalid, the drift new, rules_from is main's tip" || not_ok "json: the ack is invalid, the drift new, rules_from is main's tip"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rules_from"] == sys.argv[2], d["rules_from"]
kinds = sorted((f["kind"], f["requirement"], f["status"]) for f in d["findings"])
assert ("unsynced", "REQ-INV-001", "new") in kinds, kinds
acks = sorted((f["requirement"], f["level"], f["author"]) for f in d["findings"] if f["kind"] == "invalid-ack")
# the forged ack, and the .mailmap line itself (a pull request may not change who is who)
assert acks == [(".mailmap", "error", "Mallory <mallory@evil.org>"),
                ("REQ-INV-001", "warning", "Mallory <mallory@evil.org>")], acks
PY
run "$r" "$SPECSYNC" check --base main
expect_status 1 "text: refused"
expect_line "specsync: rules and identities from commit $(printf %.12s "$main_tip")" \
	"text: names the commit the rules came from"
expect_has "Mallory <mallory@evil.org> may not acknowledge REQ-INV-001" \
	"text: mallory is mallory, whatever the pull request's .mailmap says"

# the same pull request once main itself maps mallory (an identity the
# project trusts) is accepted: the base's .mailmap does apply
git -C "$r" checkout -q main
run "$r" git show feature:.mailmap
cp "$tmp/out" "$r/.mailmap"
who pauline
git -C "$r" add .mailmap
run "$r" git commit -q -m "Pauline's second address"
git -C "$r" checkout -q feature
run "$r" "$SPECSYNC" check --base main
expect_status 0 "the base branch's own .mailmap applies"
expect_line "specsync: rules and identities from commit $(head_of "$r" main | cut -c1-12)" \
	"text: the base's new tip"

# ---- attack 2: a branch from an old commit where unsynced was off -------------
o=$tmp/old
new_repo "$o"
sed -i 's/unsynced: { technical: error, functional: error }/unsynced: off/' "$o/.specsync.yml"
git -C "$o" add -A
who pauline
run "$o" git commit -q -m "specsync: relaxed while we migrate"
old=$(head_of "$o")
write_config "$o"
git -C "$o" add -A
run "$o" git commit -q -m "specsync: unsynchronised requirements are errors again"
main_tip=$(head_of "$o")
git -C "$o" checkout -q -b drift "$old"
func "$o" "Every customer receives one invoice per quarter."
git -C "$o" add -A
who alice
run "$o" git commit -q -m "Invoices: quarterly"

run "$o" "$SPECSYNC" check --base main --format json
expect_status 1 "a branch from an old commit with unsynced: off: checked with main's rules"
/usr/bin/python3 - "$tmp/out" "$main_tip" <<'PY' && ok "json: the drift is new at level error, rules_from main" || not_ok "json: the drift is new at level error, rules_from main"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rules_from"] == sys.argv[2], d["rules_from"]
f = [f for f in d["findings"] if f["kind"] == "unsynced"]
assert [(x["requirement"], x["status"], x["level"]) for x in f] == [("REQ-INV-001", "new", "error")], f
PY
# --config-from head: the pull request's own rules, on request, and said so
run "$o" "$SPECSYNC" check --base main --config-from head --format json
expect_status 0 "--config-from head: the branch's rules (off)"
/usr/bin/python3 - "$tmp/out" "$(head_of "$o")" <<'PY' && ok "json: rules_from is the head" || not_ok "json: rules_from is the head"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rules_from"] == sys.argv[2], d["rules_from"]
PY

# ---- every format names the revision ----------------------------------------
short=$(printf %.12s "$main_tip")
for f in markdown sarif junit github html digest; do
	run "$o" "$SPECSYNC" check --base main --format "$f=$tmp/out.$f"
	expect_status 1 "format $f: refused"
done
expect_file_has "$tmp/out.markdown" "Rules and identities (\`.specsync.yml\`, \`.mailmap\`) from \`$short\`." "markdown names it"
expect_file_has "$tmp/out.sarif" "\"rules_from\":\"$main_tip\"" "sarif: a run property"
expect_file_has "$tmp/out.junit" "<property name=\"rules_from\" value=\"$main_tip\"/>" "junit: a property"
expect_file_has "$tmp/out.github" "specsync: rules and identities from commit $short" "github: in the text report"
expect_file_has "$tmp/out.html" "rules from <code>$short</code>" "html: in the header"
expect_file_has "$tmp/out.digest" "Rules and identities from commit $short." "digest: in the introduction"
finish
