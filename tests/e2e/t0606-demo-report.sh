#!/bin/sh
# End-to-end: the steering report the demo prints (scripts/demo.sh runs
# `specsync report --from 2025-01-15` in the billing demo): drift opened and
# resolved in its period, exactly, in JSON (against the schema) and in the
# markdown the demo shows.
. "$(dirname "$0")/reports-lib.sh"

PY=/usr/bin/python3
if ! $PY -c 'import jsonschema' 2>/dev/null; then
	echo "# $test_name: SKIP: needs /usr/bin/python3 with jsonschema (sh scripts/deps.sh --test)"
	exit 77
fi
demo=$tmp/demo
sh "$SPECSYNC_SOURCE_DIR/examples/billing/create-repo.sh" "$demo" >/dev/null
expect_file_has "$SPECSYNC_SOURCE_DIR/scripts/demo.sh" "../specsync report --from 2025-01-15 -o ../billing-steering.md" "the demo runs this report"

run "$demo" report --from 2025-01-15 --format json
expect_status 0 "report --from 2025-01-15"
$PY - "$SPECSYNC_SOURCE_DIR/tests/data/period-report.schema.json" "$tmp/out" >"$tmp/py" 2>&1 <<'PY' || true
import json, sys
import jsonschema
d = json.load(open(sys.argv[2]))
jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(d)
assert d["period"]["commits"] == 11, d["period"]
assert [(x["requirement"], x["lagging_side"], x["status"]) for x in d["opened"]] == [
    ("REQ-INV-003", "functional", "open"), ("REQ-CUS-001", "functional", "acknowledged"),
    ("REQ-CUS-002", "technical", "resolved"), ("REQ-INV-001", "technical", "open"),
    ("REQ-PAY-003", "technical", "open")], d["opened"]
assert [(x["requirement"], x["how"], x["by"], x["open_days"]) for x in d["resolved"]] == [
    ("REQ-CUS-001", "acknowledged", "Alice Martin <alice@example.org>", 1),
    ("REQ-CUS-002", "synchronised", "David Nguyen <david@example.org>", 1)], d["resolved"]
assert [(x["requirement"], x["age_days"], x["accountable"]) for x in d["open_at_end"]] == [
    ("REQ-INV-003", 8, ["Sophie Laurent <sophie@example.org>"]),
    ("REQ-INV-001", 1, ["Pauline Roux <pauline@example.org>"]),
    ("REQ-PAY-003", 0, ["Pauline Roux <pauline@example.org>"])], d["open_at_end"]
assert [(x["requirement"], x["side"]) for x in d["out_of_role"]] == [("REQ-PAY-002", "functional"), ("REQ-INV-003", "technical")], d["out_of_role"]
assert [x["requirement"] for x in d["invalid_ack"]] == ["REQ-INV-003"]
assert [(x["kind"], x["requirement"], x["decides"]) for x in d["decisions"]] == [
    ("out-of-role", "REQ-PAY-002", ["Sophie Laurent <sophie@example.org>"]),
    ("out-of-role", "REQ-INV-003", ["Pauline Roux <pauline@example.org>"])], d["decisions"]
pp = d["previous_period"]
assert (pp["opened"], pp["resolved"], pp["median_resync_days"]) == (5, 8, 1.0), pp
print("ok")
PY
if grep -qx ok "$tmp/py"; then ok "json: the demo's period, exactly"; else not_ok "json: $(cat "$tmp/py")"; fi

run "$demo" report --from 2025-01-15
expect_out "| Drift opened | 5 | 5 | +0 |" "markdown: opened, against the previous period"
expect_out "| Drift resolved | 2 | 8 | -6 |" "markdown: resolved, against the previous period"
expect_out "| REQ-CUS-001 | functional | acknowledged | \`" "markdown: the acknowledged resolution"
expect_out "| REQ-CUS-002 | technical | synchronised | \`" "markdown: the synchronised resolution"
finish
