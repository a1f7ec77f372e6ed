#!/bin/sh
# End-to-end: escalation by age (policy.escalate). A history with two
# functional changes 20 and 10 days old at HEAD: with `after: 14d` only the
# older one is escalated (level error, the Accountable named), in every
# format; ages count to HEAD's commit time, never the clock (check
# --staged runs years after the history); per-side escalations; the
# durations lint and the loader refuse.
. "$(dirname "$0")/reports-lib.sh"

day=86400
mk() {
	r=$tmp/$1
	raci_repo "$r" <<YAML
roles:
  amoa: { name: "AMOA", members: ["Alice Martin <alice@example.org>"] }
  amoe: { name: "AMOE", members: ["Chloe Durand <chloe@example.org>"] }
  pm: { name: "Project lead", members: ["Pauline Roux <pauline@example.org>"] }
  sponsor: { name: "Sponsor", members: ["Sophie Blanc <sophie@example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe] }
    technical: { R: amoe, A: pm, C: [amoa] }
policy:
  unsynced: warning
  out_of_role: off
$2
YAML
	printf '# REQ-001 Login\n\nPassword.\n\n# REQ-002 Logout\n\nBye.\n' >func/login.md
	printf '# Login (REQ-001)\n\nbcrypt.\n\n# Logout (REQ-002)\n\nCleared.\n' >tech/login.md
	commit alice "both sides"
	sed -i 's/Password\./Password or passkey./' func/login.md
	commit alice "passkeys"
	clock=$((clock + 10 * day))
	sed -i 's/Bye\./Bye, all sessions./' func/login.md
	commit alice "logout everywhere"
	clock=$((clock + 10 * day))
	echo notes >README
	commit alice "readme"
	cd "$tmp"
}

# ---- one escalation for every side ----------------------------------------------
mk global '  escalate: { after: 14d, level: error }'
run "$tmp/global" audit
expect_status 1 "audit: the escalated finding is an error"
expect_out "  REQ-001  technical side lags behind functional  [error]" "audit: REQ-001 raised to error"
expect_out "  REQ-002  technical side lags behind functional  [warning]" "audit: REQ-002 (10 days) stays a warning"
expect_out "    escalated: open for 20 days, past the escalation age (14d): the Accountable, Project lead: Pauline Roux <pauline@example.org>, decides" "audit text: the Accountable decides"
n=$(grep -c "escalated:" "$tmp/out" || true)
expect_same_n() { if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3 (got $1, want $2)"; fi; }
expect_same_n "$n" 1 "audit text: one escalated finding"

run "$tmp/global" audit --format json
expect_status 1 "audit json"
/usr/bin/python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY' || not_ok "json: $(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["requirement"]: x for x in d["findings"] if x["kind"] == "unsynced"}
assert f["REQ-001"]["level"] == "error", f["REQ-001"]
assert f["REQ-001"]["escalation"] == {"after": "14d", "age_days": 20,
    "decides": ["Pauline Roux <pauline@example.org>"]}, f["REQ-001"]["escalation"]
assert "the Accountable, Project lead: Pauline Roux <pauline@example.org>, decides" in f["REQ-001"]["message"]
assert f["REQ-002"]["level"] == "warning" and "escalation" not in f["REQ-002"]
assert d["summary"]["errors"] == 1 and d["summary"]["warnings"] == 1, d["summary"]
print("ok")
PY
grep -qx ok "$tmp/py" && ok "json: escalation object, level and message"

# Every format says it, in its own words, on REQ-001 only.
esc='open for 20 days, past the escalation age (14d): the Accountable, Project lead: Pauline Roux'
for fmt in markdown sarif github gitlab junit html digest mbox; do
	run "$tmp/global" audit --format $fmt
	case $fmt in
	markdown) want="| **REQ-001** | functional (func/login.md line 1) | technical (tech/login.md line 1) | error (escalated: open for 20 days, past the escalation age \\(14d\\): the Accountable, Project lead: Pauline Roux &lt;pauline&#64;example.org&gt;, decides) |" ;;
	sarif) want='"level":"error","message":{"text":"REQ-001 changed on the functional side but not on the technical side; '"$esc"' <pauline@example.org>, decides.' ;;
	github) want='::error file=func/login.md,line=1,title=specsync%3A REQ-001%2C technical side not updated::REQ-001 changed on the functional side but not on the technical side; '"$esc"' <pauline@example.org>, decides.%0A' ;;
	gitlab) want='"description":"REQ-001 changed on the functional side but not on the technical side; '"$esc"' <pauline@example.org>, decides. Update' ;;
	junit) want='<failure type="unsynced" message="REQ-001 changed on the functional side but not on the technical side; '"$esc"' &lt;pauline@example.org&gt;, decides">' ;;
	html) want='<span class="lvl error">error</span><br><span class="note">escalated: '"$esc"' &lt;pauline@example.org&gt;, decides</span>' ;;
	digest|mbox) want="      escalated: $esc <pauline@example.org>, decides" ;;
	esac
	expect_out "$want" "$fmt: REQ-001 escalated, the Accountable named"
	n=$(grep -o "open for [0-9]* days, past the escalation age" "$tmp/out" | sort -u)
	expect_same_n "$n" "open for 20 days, past the escalation age" "$fmt: REQ-002 (10 days) not escalated"
done

# The clock is years after the history: check --staged measures at HEAD.
run "$tmp/global" check --staged --format json
expect_status 0 "check --staged: open findings are not this change's doing"
/usr/bin/python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY' || not_ok "staged json: $(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["requirement"]: x for x in d["findings"] if x["kind"] == "unsynced"}
assert f["REQ-001"]["escalation"]["age_days"] == 20, f["REQ-001"]
assert "escalation" not in f["REQ-002"], f["REQ-002"]
print("ok")
PY
grep -qx ok "$tmp/py" && ok "check --staged: ages at HEAD's commit time, not the clock"

# The age counts to the committer time of the revision examined: HEAD
# amended ten days later (its author time unchanged) escalates REQ-002 too.
(cd "$tmp/global" && GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.org GIT_COMMITTER_DATE="@$((clock + 10 * day)) +0000" git commit -q --amend --no-edit)
run "$tmp/global" audit --format json
/usr/bin/python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY' || not_ok "committer time: $(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["requirement"]: x for x in d["findings"] if x["kind"] == "unsynced"}
assert f["REQ-001"]["escalation"]["age_days"] == 30, f["REQ-001"]
assert f["REQ-002"]["escalation"]["age_days"] == 20 and f["REQ-002"]["level"] == "error", f["REQ-002"]
print("ok")
PY
grep -qx ok "$tmp/py" && ok "ages count to HEAD's committer time"
run "$tmp/global" check --staged --format json
if grep -q '"age_days":20,' "$tmp/out" && grep -q '"age_days":30,' "$tmp/out"; then ok "check --staged: HEAD's committer time"; else not_ok "check --staged: HEAD's committer time"; fi

# ---- per side ------------------------------------------------------------------------
mk perside '  escalate:
    functional: { after: 1d }
    technical: { after: 5d, level: warning }'
run "$tmp/perside" audit --format json
expect_status 0 "per side: technical escalates to warning only"
/usr/bin/python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY' || not_ok "per side json: $(cat "$tmp/py")"
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["requirement"]: x for x in d["findings"] if x["kind"] == "unsynced"}
assert f["REQ-001"]["escalation"]["after"] == "5d" and f["REQ-001"]["level"] == "warning"
assert f["REQ-002"]["escalation"]["age_days"] == 10
print("ok")
PY
grep -qx ok "$tmp/py" && ok "per side: the lagging side's escalation applies"

# ---- durations -------------------------------------------------------------------
for bad in 14x 0d 14 d 3651d 1.5d; do
	mk "bad$bad" "  escalate: { after: $bad }"
	run "$tmp/bad$bad" audit
	expect_status 2 "after: $bad refused"
	if grep -qF ".specsync.yml:19:22: policy.escalate.after: invalid duration \"$bad\"" "$tmp/err"; then ok "after: $bad: where and what"; else not_ok "after: $bad: where and what ($(cat "$tmp/err"))"; fi
	run "$tmp/bad$bad" lint
	expect_status 2 "lint: after: $bad refused"
done
mk nolevel '  escalate: { after: 2w, level: urgent }'
run "$tmp/nolevel" lint
expect_status 2 "lint: unknown escalation level"
mk noafter '  escalate: { level: error }'
run "$tmp/noafter" lint
expect_status 2 "lint: missing after"
if grep -qF 'missing required key "after"' "$tmp/err"; then ok "missing after: said"; else not_ok "missing after: said"; fi
mk noeffect '  escalate: { technical: { after: 2w, level: off } }'
run "$tmp/noeffect" lint
expect_status 0 "lint: an escalation below the level is a warning"
expect_out ".specsync.yml:19:35: warning: policy.escalate for the technical side names level off, below its policy.unsynced level warning: a level is never lowered, only the message changes [escalate-no-effect]" "lint: escalate-no-effect"
finish
