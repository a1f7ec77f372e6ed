#!/bin/sh
# End-to-end: `specsync report` with WHEN as a relative date ("2 weeks
# ago", "1 month ago") on a history dated from today, days apart so that
# the few seconds a run takes never matter: the period starts at the last
# first-parent commit at or before the date; --to as a date; a date before
# the first commit or after the last; the markdown and HTML say how long
# drift was open in words ("1 day").
. "$(dirname "$0")/reports-lib.sh"

PY=/usr/bin/python3
now=$(date +%s)
day=86400
# ago N WHO MESSAGE: commits everything N days and an hour before now
ago() {
	clock=$((now - $1 * day - 7200))
	commit "$2" "$3"
}
r=$tmp/repo
raci_repo "$r" <<'YAML'
roles:
  amoa: { name: "AMOA", members: ["Alice Martin <alice@example.org>"] }
  amoe: { name: "AMOE", members: ["Chloe Durand <chloe@example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: amoa }
    technical: { R: amoe, A: amoe }
YAML
printf '# REQ-001 One\n\nText 1.\n\n# REQ-002 Two\n\nText 2.\n\n# REQ-003 Three\n\nText 3.\n' >func/spec.md
printf '# REQ-001\n\nDesign 1.\n\n# REQ-002\n\nDesign 2.\n\n# REQ-003\n\nDesign 3.\n' >tech/design.md
ago 60 alice "both sides"
sed -i 's/Text 1\./Text 1, revised./' func/spec.md
ago 40 alice "revise REQ-001"
c40=$(git rev-parse HEAD)
sed -i 's/Design 1\./Design 1, revised./' tech/design.md
ago 30 chloe "follow REQ-001"
c30=$(git rev-parse HEAD)
sed -i 's/Text 2\./Text 2, revised./' func/spec.md
ago 20 alice "revise REQ-002"
c20=$(git rev-parse HEAD)
sed -i 's/Design 2\./Design 2, revised./' tech/design.md
ago 13 chloe "follow REQ-002"
sed -i 's/Text 3\./Text 3, revised./' func/spec.md
ago 12 alice "revise REQ-003"
sed -i 's/Design 3\./Design 3, revised./' tech/design.md
ago 11 chloe "follow REQ-003"
sed -i 's/Text 1, revised\./Text 1, revised twice./' func/spec.md
ago 10 alice "revise REQ-001 again"
echo notes >README
ago 3 alice "notes"
# a patch written 50 days ago, applied 2 days ago: dates place commits by
# committer time (by author time "2 weeks ago" would be this last commit)
echo more notes >>README
git add -A
GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.org GIT_AUTHOR_DATE="@$((now - 50 * day)) +0000" \
GIT_COMMITTER_NAME=Chloe GIT_COMMITTER_EMAIL=chloe@example.org GIT_COMMITTER_DATE="@$((now - 2 * day - 3600)) +0000" \
	git commit -q -m "an old patch, applied"
c2=$(git rev-parse HEAD)
cd "$tmp"

# check EXPECTED-PY WHAT: the JSON in $tmp/out against the assertions
check() {
	printf '%s\n' "$1" >"$tmp/want.py"
	$PY - "$tmp/out" "$tmp/want.py" >"$tmp/py" 2>&1 <<'PY' || true
import json, sys
d = json.load(open(sys.argv[1]))
p = d["period"]
def ids(k): return [x["requirement"] for x in d[k]]
exec(open(sys.argv[2]).read())
print("ok")
PY
	if grep -qx ok "$tmp/py"; then ok "$2"; else not_ok "$2: $(cat "$tmp/py")"; fi
}

run "$r" report --from "2 weeks ago" --format json
expect_status 0 "--from '2 weeks ago'"
check "assert p['from'] == '$c20' and p['to'] == '$c2' and p['commits'] == 6, p
assert ids('opened') == ['REQ-003', 'REQ-001'], ids('opened')
assert [(x['requirement'], x['open_days']) for x in d['resolved']] == [('REQ-002', 7), ('REQ-003', 1)], d['resolved']
assert [(x['requirement'], x['age_days']) for x in d['open_at_end']] == [('REQ-001', 8)], d['open_at_end']" \
	"2 weeks ago: after the commit of 20 days ago"

run "$r" report --from "1 month ago" --to "2 weeks ago" --format json
expect_status 0 "--from '1 month ago' --to '2 weeks ago'"
check "assert p['from'] == '$c30' and p['to'] == '$c20' and p['commits'] == 1, p
assert ids('opened') == ['REQ-002'] and ids('resolved') == [] and ids('open_at_end') == ['REQ-002'], d
assert d['open_at_end'][0]['age_days'] == 0
pp = d['previous_period']
assert (pp['from'], pp['to'], pp['opened'], pp['resolved']) == ('$c40', '$c30', 0, 1), pp" \
	"1 month ago to 2 weeks ago: one unit; the previous period, as long, resolved REQ-001"

run "$r" report --from "6 weeks ago" --to "40 days ago" --format json
expect_status 0 "a period of one unit dated 40 days ago"
check "assert p['to'] == '$c40' and p['commits'] == 1, p
assert ids('opened') == ['REQ-001'], d" "a date an hour after a commit ends the period there"

run "$r" report --from "1 day ago" --format json
check "assert p['from'] == '$c2' and p['to'] == '$c2' and p['commits'] == 0, p
assert d['opened'] == [] and ids('open_at_end') == ['REQ-001'], d" "after the last commit: an empty period"

run "$r" report --from "10 years ago" --format json
check "assert p['from'] is None and p['commits'] == 10, p
assert ids('opened') == ['REQ-001', 'REQ-002', 'REQ-003', 'REQ-001'], ids('opened')" "before the first commit: the whole history"

run "$r" report --from "2 fortnights ago"
expect_status 2 "an unknown unit"
if grep -qF "'2 fortnights ago' is neither a revision nor a date" "$tmp/err"; then ok "an unknown unit: says why"; else not_ok "an unknown unit: says why"; fi

# one day of drift is "1 day", in markdown and HTML alike
run "$r" report --from "2 weeks ago"
expect_out "| REQ-003 | technical | synchronised | \`" "markdown: the resolved row"
expect_out " | 1 day |" "markdown: 1 day"
expect_out " | 8 days | " "markdown: 8 days"
run "$r" report --from "2 weeks ago" --format html -o "$tmp/p.html"
expect_file_has "$tmp/p.html" '<td class="num">1 day</td>' "html: 1 day"
expect_file_has "$tmp/p.html" '<td class="num">8 days</td>' "html: 8 days"
finish
