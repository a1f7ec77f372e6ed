#!/bin/sh
# End-to-end: `specsync matrix` on a planted repository, in its four
# formats: CSV read back with Python's csv module (RFC 4180 quoting of
# commas, quotes and CRLF), Markdown (pipes escaped), JSON and HTML.
. "$(dirname "$0")/reports-lib.sh"

repo=$tmp/repo
raci_repo "$repo" <<'YML'
roles:
  amoa: { name: "Business, analysts", members: ["alice@example.org"] }
  amoe: { name: "Eng|ineering \"core\"", members: ["chloe@example.org"] }
  pm: { members: ["pauline@example.org"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: pm, C: [amoe] }
    technical: { R: amoe, A: pm, C: [amoa], I: [pm, amoa] }
  - scope: "REQ-003"
    functional: { R: amoa, A: pm }
YML
printf '# REQ-001 Login\n\nPassword.\n\n# REQ-002 Logout\n\nBye.\n' >func/login.md
printf '# Login (REQ-001)\n\nbcrypt.\n\n# Logout (REQ-002)\n\nCleared.\n' >'tech/a,"b".md'
commit alice "Login and logout"
printf '# REQ-001 Login\n\nPassword.\n\n# REQ-002 Logout\n\nBye now.\n' >func/login.md
printf '# Audit log (REQ-003)\n\nEvery login is logged.\n' >tech/audit.md
commit chloe "Logout wording; audit log"
cd "$tmp"

# ---- CSV ----------------------------------------------------------------------
run "$repo" matrix --format csv
expect_status 0 "matrix --format csv"
cp "$tmp/out" "$tmp/matrix.csv"
if python3 - "$tmp/matrix.csv" <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.count(b"\r\n") == 4 and raw.count(b"\n") == 4, "CRLF line ends"
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
want = [
    ["requirement", "state",
     "functional location", "functional R", "functional A", "functional C", "functional I",
     "technical location", "technical R", "technical A", "technical C", "technical I"],
    ["REQ-001", "synchronised", "func/login.md:1", "Business, analysts", "pm",
     'Eng|ineering "core"', "", 'tech/a,"b".md:1', 'Eng|ineering "core"', "pm",
     "Business, analysts", "pm; Business, analysts"],
    ["REQ-002", "pending: technical", "func/login.md:5", "Business, analysts", "pm",
     'Eng|ineering "core"', "", 'tech/a,"b".md:5', 'Eng|ineering "core"', "pm",
     "Business, analysts", "pm; Business, analysts"],
    ["REQ-003", "pending: functional", "missing", "Business, analysts", "pm", "", "",
     "tech/audit.md:1", "", "", "", ""],
]
for got, exp in zip(rows, want):
    assert got == exp, "\n got %r\nwant %r" % (got, exp)
assert len(rows) == len(want), len(rows)
assert b'"tech/a,""b"".md:1"' in raw, "quotes doubled inside a quoted field"
PY
then ok "CSV rows, quoting and line ends"; else not_ok "CSV rows, quoting and line ends"; fi

# ---- Markdown -------------------------------------------------------------------
run "$repo" matrix
expect_status 0 "matrix (markdown by default)"
expect_out "3 requirements, 1 synchronised, 2 pending." "markdown: the summary line"
expect_out '| REQ-002 | pending: technical | func/login.md:5 | Business, analysts | pm | Eng\|ineering &quot;core&quot; |  | tech/a,&quot;b&quot;.md:5 |' "markdown: a row, pipes escaped"
expect_out '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |' "markdown: the header rule has one cell per column"

# ---- JSON -----------------------------------------------------------------------
run "$repo" matrix --format json -o "$tmp/matrix.json"
expect_status 0 "matrix --format json -o FILE"
if python3 - "$tmp/matrix.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1 and d["sides"] == ["functional", "technical"]
reqs = {r["id"]: r for r in d["requirements"]}
assert list(reqs) == ["REQ-001", "REQ-002", "REQ-003"]
assert reqs["REQ-001"]["state"] == "synchronised" and reqs["REQ-001"]["pending"] == []
assert reqs["REQ-002"]["pending"] == ["technical"]
r3 = reqs["REQ-003"]
assert r3["state"] == "pending" and r3["pending"] == ["functional"]
assert r3["sides"]["functional"]["locations"] == []
assert r3["sides"]["technical"]["locations"] == [{"path": "tech/audit.md", "line": 1}]
assert r3["sides"]["technical"]["raci"] == {"R": [], "A": [], "C": [], "I": []}
t = reqs["REQ-001"]["sides"]["technical"]["raci"]
assert t["I"] == [{"role": "pm", "name": "pm"}, {"role": "amoa", "name": "Business, analysts"}], t
PY
then ok "JSON structure"; else not_ok "JSON structure"; fi

# ---- HTML -------------------------------------------------------------------------
run "$repo" matrix --format html
expect_status 0 "matrix --format html"
expect_out "Eng|ineering &quot;core&quot;" "html: names escaped"
expect_out "<code>tech/a,&quot;b&quot;.md:1</code>" "html: paths escaped"
expect_out "1 synchronised &middot; 2 pending" "html: the summary"
expect_no_out "<script" "html: no script"

# ---- errors ------------------------------------------------------------------------
run "$repo" matrix --format xml
expect_status 2 "matrix --format xml"
if grep -q "csv, markdown, json, html" "$tmp/err"; then ok "the error lists the formats"; else not_ok "the error lists the formats"; fi
run "$repo" matrix no-such-rev
expect_status 2 "matrix with an unknown revision"

# ---- at an older revision ------------------------------------------------------------
run "$repo" matrix HEAD~1 --format csv
expect_status 0 "matrix HEAD~1"
expect_out "REQ-002,synchronised," "matrix HEAD~1: REQ-002 was synchronised then"
expect_no_out "REQ-003" "matrix HEAD~1: REQ-003 did not exist yet"

finish t0301
