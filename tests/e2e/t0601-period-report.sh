#!/bin/sh
# End-to-end: `specsync report --from WHEN [--to WHEN]`. A generated history
# with events planted in three periods (before the previous period, the
# previous period, the period) and one after it; exact counts, lists and
# orders asserted in JSON (validated against tests/data/period-report.schema.json),
# markdown and HTML; WHEN as revisions and dates; usage errors.
. "$(dirname "$0")/reports-lib.sh"

PY=/usr/bin/python3
if ! $PY -c 'import jsonschema' 2>/dev/null; then
	echo "$test_name: needs /usr/bin/python3 with jsonschema (sh scripts/deps.sh --test)" >&2
	exit 77
fi
schema=$SPECSYNC_SOURCE_DIR/tests/data/period-report.schema.json
base=1735718400 # 2025-01-01 08:00 UTC: day 0
# at DAY WHO MESSAGE: commits everything at base + DAY days
at() {
	clock=$((base + $1 * 86400 - 3600))
	commit "$2" "$3"
}
r=$tmp/repo
raci_repo "$r" <<'YAML'
roles:
  amoa: { name: "AMOA", members: ["Alice Martin <alice@example.org>"] }
  amoe: { name: "AMOE", members: ["Chloe Durand <chloe@example.org>"] }
  pm: { name: "Project lead", members: ["Pauline Roux <pauline@example.org>"] }
  sponsor: { name: "Sponsor", members: ["Sophie Blanc <sophie@example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe] }
    technical: { R: amoe, A: pm, C: [amoa] }
  - scope: "REQ-00[34]"
    functional: { R: amoa, A: sponsor }
    technical: { R: amoe, A: pm }
policy:
  unsynced: warning
  out_of_role: warning
  invalid_ack: warning
  escalate: { after: 14d, level: error }
YAML
for i in 1 2 3 4; do printf '# REQ-00%s Rule %s\n\nText %s.\n\n' $i $i $i; done >func/spec.md
at 0 alice "functional spec"
for i in 1 2 3 4; do printf '# Design of REQ-00%s\n\nDesign %s.\n\n' $i $i; done >tech/design.md
at 1 chloe "technical spec"
# the previous period: (day 0, day 20]
sed -i 's/Text 1\./Text 1, revised./' func/spec.md
at 12 alice "revise REQ-001"
sed -i 's/Design 1\./Design 1, revised./' tech/design.md
at 14 chloe "follow REQ-001"
sed -i 's/Text 2\./Text 2, revised./' func/spec.md
at 16 alice "revise REQ-002"
echo one >README
at 20 chloe "meeting one"
git tag m1
# the period: (day 20, day 40]
sed -i 's/Text 3\./Text 3, revised./' func/spec.md
at 22 alice "revise REQ-003"
at 25 chloe "no technical change for REQ-003

Sync-Ack: REQ-003 the design already covers it"
sed -i 's/Design 4\./Design 4, revised./' tech/design.md
at 27 chloe "redesign REQ-004"
sed -i 's/Design 1, revised\./Design 1, by Bob./' tech/design.md
at 28 bob "bob changes REQ-001's design"
at 30 david "acknowledge REQ-002

Sync-Ack: REQ-002 not needed"
echo two >README
at 40 alice "meeting two"
git tag m2
# after the period
sed -i 's/Text 1, revised\./Text 1, by Bob too./' func/spec.md
at 45 alice "follow REQ-001 on the functional side"
cd "$tmp"

check_json() {
	$PY - "$schema" "$tmp/out" "$1" >"$tmp/py" 2>&1 <<'PY' || true
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(d), key=str)
if errors:
    print("schema: %s at /%s" % (errors[0].message, "/".join(map(str, errors[0].absolute_path))))
    sys.exit(1)
exec(open(sys.argv[3]).read())
print("ok")
PY
	if grep -qx ok "$tmp/py"; then ok "$2"; else not_ok "$2: $(cat "$tmp/py")"; fi
}

m1=$(git -C "$r" rev-parse m1)
m2=$(git -C "$r" rev-parse m2)
c0=$(git -C "$r" rev-list --max-parents=0 HEAD)

cat >"$tmp/want.py" <<PY
p = d["period"]
assert p["from"] == "$m1" and p["to"] == "$m2", p
assert p["days"] == 20 and p["commits"] == 6, p
def ids(k): return [(x["requirement"], x.get("lagging_side") or x.get("side")) for x in d[k]]
assert ids("opened") == [("REQ-003", "technical"), ("REQ-004", "functional"), ("REQ-001", "functional")], ids("opened")
assert [x["scope"] for x in d["opened"]] == ["REQ-00[34]", "REQ-00[34]", "*"]
assert d["opened"][1]["must_act"] == ["Alice Martin <alice@example.org>"], d["opened"][1]
assert d["opened"][1]["accountable"] == ["Sophie Blanc <sophie@example.org>"]
res = d["resolved"]
assert [(x["requirement"], x["how"], x["by"], x["open_days"]) for x in res] == [("REQ-003", "acknowledged", "Chloe Durand <chloe@example.org>", 3)], res
end = d["open_at_end"]
assert [(x["requirement"], x["lagging_side"], x["age_days"]) for x in end] == [("REQ-002", "technical", 24), ("REQ-004", "functional", 13), ("REQ-001", "functional", 12)], end
assert end[0]["accountable"] == ["Pauline Roux <pauline@example.org>"]
assert end[0]["level"] == "error" and end[0]["escalation"]["age_days"] == 24
assert end[1]["level"] == "warning" and "escalation" not in end[1]
oor = d["out_of_role"]
assert [(x["requirement"], x["side"], x["author"]) for x in oor] == [("REQ-001", "technical", "bob <bob@example.org>")], oor
assert oor[0]["commit"] == d["opened"][2]["commits"][0]
assert [(x["requirement"], x["author"]) for x in d["invalid_ack"]] == [("REQ-002", "david <david@example.org>")]
assert [(x["kind"], x["requirement"], x["decides"]) for x in d["decisions"]] == [
    ("escalated", "REQ-002", ["Pauline Roux <pauline@example.org>"]),
    ("out-of-role", "REQ-001", ["Pauline Roux <pauline@example.org>"])], d["decisions"]
s = d["summary"]
assert (s["opened"], s["resolved"], s["median_resync_days"], s["open_at_start"], s["open_at_end"], s["out_of_role"], s["invalid_ack"], s["decisions"]) == (3, 1, 3.0, 1, 3, 1, 1, 2), s
pp = d["previous_period"]
assert (pp["from"], pp["to"], pp["opened"], pp["resolved"], pp["median_resync_days"]) == ("$c0", "$m1", 2, 5, 1.0), pp
PY

run "$r" report --from m1 --to m2 --format json
expect_status 0 "report --from m1 --to m2"
check_json "$tmp/want.py" "json: the planted events, exactly"

# The same period named by dates: at or before 2025-01-21 08:00 is m1 (day 20).
run "$r" report --from "2025-01-21 08:00" --to "2025-02-10T08:00:00" --format json
expect_status 0 "report by dates"
check_json "$tmp/want.py" "json by dates: the same report"
# 2025-01-21 (midnight) is before m1: the period starts at day 16.
run "$r" report --from 2025-01-21 --to m2 --format json
check_json /dev/stdin "json from 2025-01-21: starts after day 16" <<PY
assert d["period"]["from"] == "$(git -C "$r" rev-parse m1~1)"
assert [x["requirement"] for x in d["opened"]] == ["REQ-003", "REQ-004", "REQ-001"]
PY

# --to defaults to HEAD: REQ-001 resolved on day 45 (synchronised, 17 days).
run "$r" report --from m2 --format json
check_json /dev/stdin "json --from m2: the period after" <<PY
assert d["period"]["to"] == "$(git -C "$r" rev-parse HEAD)" and d["period"]["commits"] == 1
assert [(x["requirement"], x["how"], x["by"], x["open_days"]) for x in d["resolved"]] == [("REQ-001", "synchronised", "Alice Martin <alice@example.org>", 17)], d["resolved"]
assert d["opened"] == [] and d["out_of_role"] == []
assert d["summary"]["open_at_start"] == 3 and d["summary"]["open_at_end"] == 2
PY

# Before the root: the whole history, from null.
run "$r" report --from "1000 weeks ago" --to m1 --format json
check_json /dev/stdin "json from before the root: the whole history" <<PY
assert d["period"]["from"] is None and d["period"]["commits"] == 6, d["period"]
assert d["summary"]["opened"] == 6 and d["summary"]["resolved"] == 5, d["summary"]
assert d["previous_period"]["opened"] == 0
PY

# ---- markdown ---------------------------------------------------------------------------
run "$r" report --from m1 --to m2
expect_status 0 "markdown"
expect_out "# specsync: steering report, 2025-01-21 to 2025-02-10" "markdown: title"
expect_out "| Drift opened | 3 | 2 | +1 |" "markdown: trend of opened"
expect_out "| Drift resolved | 1 | 5 | -4 |" "markdown: trend of resolved"
expect_out "| Median time to resynchronise (days) | 3.0 | 1.0 | |" "markdown: median"
expect_out "### The technical side must follow, scope \`REQ-00\\[34\\]\`" "markdown: opened grouped by side and scope"
expect_out "| REQ-003 | technical | acknowledged | \`" "markdown: resolved row"
expect_out "### bob &lt;bob&#64;example.org&gt;, on the technical side" "markdown: out-of-role grouped by person and side"
expect_out "- **REQ-002** (technical side): still unsynchronised; open for 24 days, past the escalation age \\(14d\\): the Accountable, Project lead: Pauline Roux &lt;pauline&#64;example.org&gt;, decides: update the side or acknowledge." "markdown: the escalated decision"
n=$(grep -c '^| REQ-' "$tmp/out")
if [ "$n" = 7 ]; then ok "markdown: 7 requirement rows (3 opened, 1 resolved, 3 open)"; else not_ok "markdown: $n requirement rows"; fi

# ---- html --------------------------------------------------------------------------------
run "$r" report --from m1 --to m2 --format html -o "$tmp/p.html"
expect_status 0 "html"
expect_file_has "$tmp/p.html" "<h1>Steering report: 2025-01-21 to 2025-02-10</h1>" "html: title"
expect_file_has "$tmp/p.html" "Content-Security-Policy" "html: self-contained page"
expect_file_has "$tmp/p.html" "table.period{table-layout:fixed;width:100%}" "html: fixed tables (A4)"
expect_file_has "$tmp/p.html" "<h2>Drift opened in the period (3)</h2>" "html: opened"
expect_file_has "$tmp/p.html" "<h2>Still open at the end (3)</h2>" "html: open at end"
expect_file_has "$tmp/p.html" "<svg" "html: the audit report's charts"
if grep -q "<script" "$tmp/p.html"; then not_ok "html: no script"; else ok "html: no script"; fi

# ---- errors --------------------------------------------------------------------------------
run "$r" report
expect_status 2 "no --from"
run "$r" report --from "next tuesday"
expect_status 2 "--from neither a revision nor a date"
if grep -qF "'next tuesday' is neither a revision nor a date" "$tmp/err"; then ok "says why"; else not_ok "says why"; fi
run "$r" report --from m2 --to m1
expect_status 2 "--from after --to"
run "$r" report --from m1 --format sarif
expect_status 2 "unknown format"
finish
