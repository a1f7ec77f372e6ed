#!/bin/sh
# End-to-end: the example CI configurations in examples/ci/ run specsync
# with options it accepts, and what they hand to GitHub and GitLab is
# valid. Their `--format` arguments are taken from the files themselves and
# used on a one-sided pull request.
set -eu
test_name=t0204
. "$(cd "$(dirname "$0")" && pwd)/ci-lib.sh"

examples=$SPECSYNC_SOURCE_DIR/examples/ci
repo=$tmp/repo
make_pr_repo "$repo"
cd "$repo"
git checkout -q -b pr main
spec functional a2 b c2
commit alice "Monthly invoice: issued on the first working day"
git checkout -q main
cd "$tmp"
base=$(git -C "$repo" rev-parse main)
head=$(git -C "$repo" rev-parse pr)

# formats FILE: the --format arguments of the example, one per line
formats() {
	grep -o -- '--format [^ ]*' "$1" | sed 's/^--format //'
}

for example in github-specsync.yml gitlab-ci.yml; do
	if [ ! -f "$examples/$example" ]; then
		not_ok "$example exists"
		continue
	fi
	expect_file_has "$examples/$example" "specsync check" "$example runs specsync check"
	mkdir -p "$tmp/$example"
	set --
	for f in $(formats "$examples/$example"); do
		set -- "$@" --format "$f"
	done
	if [ "$#" -lt 4 ]; then
		not_ok "$example: names at least two formats"
		continue
	fi
	set +e
	(cd "$tmp/$example" && "$SPECSYNC" check -C "$repo" --base "$base" --head "$head" "$@") \
		>"$tmp/$example/stdout" 2>"$tmp/err"
	status=$?
	set -e
	expect_status 1 "$example: its specsync command on a one-sided pull request"
done

expect_file_has "$examples/github-specsync.yml" "fetch-depth: 0" "github example: fetches the whole history"
expect_file_has "$examples/github-specsync.yml" "security-events: write" "github example: may upload SARIF"
expect_file_has "$examples/github-specsync.yml" "github/codeql-action/upload-sarif" "github example: uploads the SARIF file"
expect_file_has "$examples/github-specsync.yml" "--base \${{ github.event.pull_request.base.sha }}" "github example: base is the pull request's base"
expect_file_has "$examples/github-specsync.yml" "--head \${{ github.event.pull_request.head.sha }}" "github example: head is the pull request's head"
expect_file_has "$tmp/github-specsync.yml/stdout" "::error file=specs/functional/invoicing.md,line=3," "github example: annotations on standard output"
ci_check sarif "$tmp/github-specsync.yml/specsync.sarif" "$tmp/lines"
expect_file_has "$tmp/github-specsync.yml/specsync.md" "## ❌ specsync: this change leaves 1 requirement unsynchronised" \
	"github example: markdown report"

expect_file_has "$examples/gitlab-ci.yml" 'if: $CI_PIPELINE_SOURCE == "merge_request_event"' "gitlab example: merge request pipelines"
expect_file_has "$examples/gitlab-ci.yml" "GIT_DEPTH: 0" "gitlab example: fetches the whole history"
expect_file_has "$examples/gitlab-ci.yml" '--base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' \
	"gitlab example: the rules come from the target branch's tip, not the merge base"
expect_file_has "$examples/gitlab-ci.yml" 'codequality: gl-code-quality.json' "gitlab example: Code Quality report"
expect_file_has "$examples/gitlab-ci.yml" 'junit: specsync-junit.xml' "gitlab example: JUnit report"
ci_check gitlab "$tmp/gitlab-ci.yml/gl-code-quality.json" "$tmp/lines"
ci_check junit "$tmp/gitlab-ci.yml/specsync-junit.xml" "$tmp/lines"

finish
