#!/bin/sh
# End-to-end: what a CI runner meets besides the findings themselves:
#  - incomplete history (a shallow clone, unrelated histories): exit 2 and
#    the hint to fetch everything (`fetch-depth: 0`);
#  - GitHub's limits: 10 error annotations per step (the rest counted in one
#    notice), the job summary ($GITHUB_STEP_SUMMARY, appended, kept under
#    1 MiB with a note);
#  - the CI formats on an audit and on range and staged checks.
set -eu
test_name=t0203
. "$(cd "$(dirname "$0")" && pwd)/ci-lib.sh"

repo=$tmp/repo
make_pr_repo "$repo"
cd "$repo"
git checkout -q -b pr-onesided main
spec functional a2 b c2
commit alice "Monthly invoice: issued on the first working day"
git checkout -q --orphan unrelated
git rm -q -r --cached . >/dev/null
rm -rf specs .specsync.yml
printf 'x\n' >README
commit pauline "Another project"
git checkout -q -f main
cd "$tmp"

# ---- incomplete history ----------------------------------------------------------
git clone -q --depth 1 --no-single-branch "file://$repo" "$tmp/shallow" 2>/dev/null
run "$tmp/shallow" check --base origin/main --head origin/pr-onesided --format github
expect_status 2 "shallow clone (actions/checkout without fetch-depth: 0)"
expect_file_has "$tmp/err" "fetch-depth: 0" "shallow clone: the hint names fetch-depth: 0"
expect_file_has "$tmp/err" "GIT_DEPTH: 0" "shallow clone: the hint names GitLab's GIT_DEPTH: 0"
expect_file_has "$tmp/out" "::error title=specsync could not check::this is a shallow clone" \
	"shallow clone: with --format github the error is also an annotation"

run "$repo" check --base main --head unrelated --format sarif
expect_status 2 "no merge base (unrelated histories)"
expect_file_has "$tmp/err" "have no common history" "unrelated histories: says so"
expect_file_has "$tmp/err" "fetch-depth: 0" "unrelated histories: the hint names fetch-depth: 0"

# ---- many findings: annotation limits and the job summary ------------------------
# 13 requirements, all changed on the functional side only in one pull request.
many=$tmp/many
mkdir -p "$many"
cd "$many"
git init -q -b main .
ci_config >.specsync.yml
many_spec() { # SIDE WORD
	mkdir -p "specs/$1"
	: >"specs/$1/m.md"
	for i in 01 02 03 04 05 06 07 08 09 10 11 12 13; do
		printf '## REQ-1%s Rule %s\n\nText %s.\n\n' "$i" "$i" "$2" >>"specs/$1/m.md"
	done
}
many_spec functional a
commit alice "Rules"
many_spec technical a
commit chloe "Rules: design"
git checkout -q -b pr main
many_spec functional b
commit alice "Every rule reworded"
git checkout -q main
cd "$tmp"

printf 'Output of an earlier command of this step.\n' >"$tmp/summary.md"
GITHUB_STEP_SUMMARY=$tmp/summary.md run "$many" check --base main --head pr --format github
expect_status 1 "13 new errors"
if [ "$(grep -c '^::error ' "$tmp/out")" -eq 10 ]; then
	ok "github: 10 error annotations (the runner's limit per step)"
else
	not_ok "github: 10 error annotations, got $(grep -c '^::error ' "$tmp/out")"
fi
expect_file_has "$tmp/out" "::notice title=specsync%3A more findings::3 more errors not annotated (GitHub shows 10 of each kind per step): see the job summary and the specsync report in the log" \
	"github: one notice counts the errors left out"
if [ "$(grep -c 'REQ-1[0-9]* changed on the functional side; the technical side must follow' "$tmp/out")" -eq 13 ]; then
	ok "github: the report in the log lists all 13"
else
	not_ok "github: the report in the log lists all 13"
fi
if [ "$(head -n 1 "$tmp/summary.md")" = "Output of an earlier command of this step." ] &&
	grep -qx '## ❌ specsync: this change leaves 13 requirements unsynchronised' "$tmp/summary.md" &&
	[ "$(grep -c '^| \*\*REQ-1' "$tmp/summary.md")" -eq 13 ]; then
	ok "job summary: markdown appended after what was there, all 13 rows"
else
	not_ok "job summary: markdown appended after what was there, all 13 rows"
	sed 's/^/#   /' "$tmp/summary.md" | head -20
fi

# A summary file already close to 1 MiB: what fits, then a note.
$PY -c 'import sys; sys.stdout.write("x" * (1048576 - 3000) + "\n")' >"$tmp/big.md"
GITHUB_STEP_SUMMARY=$tmp/big.md run "$many" check --base main --head pr --format github
expect_status 1 "13 new errors, nearly full job summary"
size=$(wc -c <"$tmp/big.md")
rows=$(grep -c '^| \*\*REQ-1' "$tmp/big.md" || true)
if [ "$size" -le 1048576 ] && [ "$rows" -gt 0 ] && [ "$rows" -lt 13 ] &&
	grep -q "^_$((13 - rows)) more findings left out to keep this under [0-9]* bytes" "$tmp/big.md"; then
	ok "job summary: stays within 1 MiB ($size bytes, $rows rows) and says how many were left out"
else
	not_ok "job summary: stays within 1 MiB ($size bytes, $rows rows) and says how many were left out"
	tail -n 5 "$tmp/big.md" | sed 's/^/#   /'
fi

$PY -c 'import sys; sys.stdout.write("x" * 1048000 + "\n")' >"$tmp/full.md"
GITHUB_STEP_SUMMARY=$tmp/full.md run "$many" check --base main --head pr --format github
expect_status 1 "full job summary: the exit status is the check's"
expect_file_has "$tmp/err" "no room left in the job summary" "full job summary: a warning says so"
if [ "$(wc -c <"$tmp/full.md")" -eq 1048001 ]; then ok "full job summary: left as it was"; else not_ok "full job summary: left as it was"; fi

GITHUB_STEP_SUMMARY=$tmp/none.md run "$many" check --base main --head pr --format sarif
if [ ! -e "$tmp/none.md" ]; then ok "job summary: written only with --format github"; else not_ok "job summary: written only with --format github"; fi

run "$many" check --base main --head pr --format "markdown=$tmp/many.md"
rows=$(grep -c '^| \*\*REQ-1' "$tmp/many.md" || true)
if [ "$rows" -eq 13 ] && [ "$(wc -c <"$tmp/many.md")" -le 65536 ]; then
	ok "markdown file: all 13 rows, within a GitHub comment's 65,536"
else
	not_ok "markdown file: all 13 rows, within a GitHub comment's 65,536"
fi

# ---- the CI formats on an audit ---------------------------------------------------
for f in sarif junit gitlab github markdown; do
	run "$repo" audit --format "$f"
	expect_status 1 "audit --format $f (REQ-003 open, policy error)"
	cp "$tmp/out" "$tmp/audit.$f"
done
ci_check sarif "$tmp/audit.sarif" "$tmp/lines"
echo "unsynced error open REQ-003 specs/functional/invoicing.md:11 related specs/technical/invoicing.md:11" >"$tmp/want"
expect_same "$tmp/want" "$tmp/lines" "audit sarif: REQ-003 open, an error"
ci_check junit "$tmp/audit.junit" "$tmp/lines"
cat >"$tmp/want" <<'EOF'
REQ-001 functional/technical pass
REQ-002 functional/technical pass
REQ-003 functional/technical failure:unsynced
EOF
expect_same "$tmp/want" "$tmp/lines" "audit junit: one test case per requirement"
ci_check gitlab "$tmp/audit.gitlab" "$tmp/lines"
echo "unsynced critical specs/functional/invoicing.md:11" >"$tmp/want"
expect_same "$tmp/want" "$tmp/lines" "audit code quality"
expect_file_has "$tmp/audit.github" "::error file=specs/functional/invoicing.md,line=11,title=specsync%3A REQ-003%2C technical side not updated::" \
	"audit github: REQ-003 annotated as an error"
expect_file_has "$tmp/audit.markdown" "## ❌ specsync audit: 1 unsynchronised requirement" "audit markdown heading"

# Fingerprints: the open finding has the same one in the audit of main and in
# a pull request's check (GitLab and code scanning match findings on them).
run "$repo" check --base main --head pr-onesided --format "gitlab=$tmp/pr.cq" --format "sarif=$tmp/pr.sarif"
ci_check sarif "$tmp/pr.sarif" "$tmp/lines"
ci_check gitlab "$tmp/pr.cq" "$tmp/lines"
if $PY - "$tmp/audit.gitlab" "$tmp/pr.cq" "$tmp/audit.sarif" "$tmp/pr.sarif" <<'PY'; then
import json, sys
a, p, sa, sp = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:])
assert a[0]["fingerprint"] in [i["fingerprint"] for i in p], (a, p)
fa = sa["runs"][0]["results"][0]["partialFingerprints"]
assert fa in [r["partialFingerprints"] for r in sp["runs"][0]["results"]], (fa, sp)
PY
	ok "fingerprints: the open finding keeps its fingerprint from the audit to the pull request"
else
	not_ok "fingerprints: the open finding keeps its fingerprint from the audit to the pull request"
fi

# ---- range and staged checks ----------------------------------------------------
run "$repo" check --range main..pr-onesided --format "sarif=$tmp/range.sarif" --format "junit=$tmp/range.xml"
expect_status 1 "check --range with sarif and junit"
ci_check sarif "$tmp/range.sarif" "$tmp/lines"
expect_file_has "$tmp/lines" "unsynced error new REQ-001 specs/functional/invoicing.md:3" "range sarif: REQ-001 new"
ci_check junit "$tmp/range.xml" "$tmp/lines"
cd "$repo"
spec technical a b2 c
git add -A
cd "$tmp"
GIT_AUTHOR_NAME="Chloe Durand" GIT_AUTHOR_EMAIL=chloe@example.org \
	run "$repo" check --staged --format "gitlab=$tmp/staged.cq" --format "junit=$tmp/staged.xml" --format "markdown=$tmp/staged.md"
expect_status 0 "check --staged (technical change: the functional side lags, policy warning)"
ci_check gitlab "$tmp/staged.cq" "$tmp/lines"
printf '%s\n' "unsynced minor specs/technical/invoicing.md:7" "unsynced info specs/functional/invoicing.md:11" >"$tmp/want"
expect_same "$tmp/want" "$tmp/lines" "staged code quality: the new warning is minor, the open one info"
ci_check junit "$tmp/staged.xml" "$tmp/lines"
printf '%s\n' "REQ-002 functional/technical pass out" "REQ-003 functional/technical pass out" >"$tmp/want"
expect_same "$tmp/want" "$tmp/lines" "staged junit: a warning does not fail"
expect_file_has "$tmp/staged.md" "## ⚠️ specsync: this change leaves 1 requirement unsynchronised" "staged markdown: warning heading"

finish
