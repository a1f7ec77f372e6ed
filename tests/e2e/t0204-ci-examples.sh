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
make_one_sided_pr "$repo"

# formats FILE: the --format arguments of the example's check command, one
# per line
formats() {
	sed -n '/specsync check/,/^ *$\|- name:\|^ *#\|fi$/p' "$1" | grep -o -- '--format [^ ;]*' |
		sed 's/^--format //'
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

validate_github "$examples/github-specsync.yml"
expect_file_has "$examples/github-specsync.yml" "branches: [main]" "github example: also on pushes to the default branch"
expect_file_has "$examples/github-specsync.yml" "continue-on-error: true" "github example: a refused upload does not fail the job"
expect_file_has "$examples/github-specsync.yml" "github.event.pull_request.head.repo.full_name == github.repository" \
	"github example: no upload from forks"
expect_file_has "$examples/github-specsync.yml" "uses: actions/cache@v4" "github example: caches the build"
expect_file_has "$examples/gitlab-ci.yml" 'if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' "gitlab example: also on the default branch"
expect_file_has "$examples/gitlab-ci.yml" '.specsync-bin/' "gitlab example: caches the build"

# The examples' own scripts, run as the CI would with the built binary in
# the place they build it to.
mkdir -p "$repo/.specsync-bin" "$repo/.specsync-src/build"
ln -s "$SPECSYNC" "$repo/.specsync-bin/specsync"
ln -s "$SPECSYNC" "$repo/.specsync-src/build/specsync"
# yaml_script FILE JOB|STEP: the script of a GitLab job or a GitHub step
yaml_script() {
	$PY - "$1" "$2" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
if "jobs" in doc:
    steps = [s for j in doc["jobs"].values() for s in j["steps"] if s.get("name") == sys.argv[2]]
    print(steps[0]["run"])
else:
    print("\n".join(doc[sys.argv[2]]["script"]))
PY
}
# ci_run NAME SCRIPT-FILE ENV...: runs the script in the repository; $status
ci_run() {
	script=$2
	shift 2
	set +e
	(cd "$repo" && env "$@" sh -e "$script") >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
}
yaml_script "$examples/gitlab-ci.yml" specsync >"$tmp/gitlab.sh"
rm -f "$repo/gl-code-quality.json" "$repo/specsync-junit.xml"
# the job fetches the target branch from origin: the repository is its own
git -C "$repo" remote add origin "$repo"
ci_run mr "$tmp/gitlab.sh" CI_PIPELINE_SOURCE=merge_request_event \
	CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main CI_MERGE_REQUEST_DIFF_BASE_SHA="$base" \
	CI_COMMIT_SHA="$head"
expect_status 1 "gitlab example, merge request: the job fails on the unsynchronised requirement"
ci_check gitlab "$repo/gl-code-quality.json" "$tmp/lines"
expect_file_has "$tmp/lines" "unsynced critical specs/functional/invoicing.md:3" "gitlab example, merge request: its Code Quality report"
ci_check junit "$repo/specsync-junit.xml" "$tmp/lines"
rm -f "$repo/gl-code-quality.json" "$repo/specsync-junit.xml"
ci_run main "$tmp/gitlab.sh" CI_PIPELINE_SOURCE=push CI_COMMIT_BRANCH=main CI_DEFAULT_BRANCH=main
expect_status 0 "gitlab example, default branch: findings do not fail the job"
ci_check gitlab "$repo/gl-code-quality.json" "$tmp/lines"
expect_file_has "$tmp/lines" "unsynced critical specs/functional/invoicing.md:11" \
	"gitlab example, default branch: the target branch's Code Quality report"
ci_check junit "$repo/specsync-junit.xml" "$tmp/lines"

yaml_script "$examples/github-specsync.yml" "Audit the default branch" >"$tmp/github-audit.sh"
ci_run push "$tmp/github-audit.sh"
expect_status 0 "github example, push: findings do not fail the job"
expect_out "::error file=specs/functional/invoicing.md,line=11," "github example, push: annotations"
ci_check sarif "$repo/specsync.sarif" "$tmp/lines"
expect_file_has "$tmp/lines" "unsynced error open REQ-003" "github example, push: the base line's SARIF"

finish
