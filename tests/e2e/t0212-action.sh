#!/bin/sh
# The GitHub Action (action.yml): its structure as GitHub reads it
# (composite, the documented inputs, a shell on every run step, no
# expression interpolated into a script, the SARIF upload skipped for fork
# pull requests and never failing the job), then its steps run as the
# runner would (tests/e2e/action_steps.py) on a pull request and on a
# push, with the build cached: annotations, SARIF, the job summary, the
# extra formats, exit-code, and the verdict of fail-on.
set -eu
test_name=t0212
. "$(cd "$(dirname "$0")" && pwd)/ci-lib.sh"

action=$SPECSYNC_SOURCE_DIR/action.yml
if $PY - "$action" >"$tmp/structure" 2>&1 <<'PY'
import re, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
assert a["name"] and a["description"]
for i in ("base", "formats", "config", "fail-on"):
    assert i in a["inputs"] and a["inputs"][i]["description"], i
assert a["inputs"]["fail-on"]["default"] == "error"
assert a["runs"]["using"] == "composite"
steps = a["runs"]["steps"]
for s in steps:
    assert ("run" in s) != ("uses" in s), s
    if "run" in s:
        assert s["shell"] in ("sh", "bash"), s
        assert "${{" not in s["run"], "expression in a script: %r" % s["run"]
    else:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", s["uses"]), s["uses"]
up = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
assert len(up) == 1
assert up[0]["continue-on-error"] is True
assert "github.event.pull_request.head.repo.full_name == github.repository" in up[0]["if"]
assert up[0]["if"].startswith("always()")
cache = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
assert len(cache) == 1
for o in ("exit-code", "sarif-file"):
    assert o in a["outputs"], o
print("ok")
PY
then ok "action.yml: composite, inputs, shells, no interpolation in scripts, fork-safe upload, cache"
else not_ok "action.yml structure: $(cat "$tmp/structure")"; fi

validate_github "$action"
# a step without its shell: the validator is not a rubber stamp
sed 's/^      shell: sh$//' "$action" >"$tmp/action.yml"
if [ -x "${av:-}" ] && "$av" "$tmp/action.yml" >/dev/null 2>&1; then
	not_ok "action-validator refuses a run step without shell"
elif [ -x "${av:-}" ]; then
	ok "action-validator refuses a run step without shell"
fi

# the README's workflow: valid YAML, inputs the action has
if $PY - "$SPECSYNC_SOURCE_DIR/README.md" "$action" "$tmp/readme-workflow.yml" >"$tmp/readme" 2>&1 <<'PY'
import re, sys, yaml
readme = open(sys.argv[1]).read()
inputs = yaml.safe_load(open(sys.argv[2]))["inputs"]
blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "/specsync@" in b]
assert len(blocks) == 1, len(blocks)
wf = yaml.safe_load(blocks[0])
steps = wf["jobs"]["specsync"]["steps"]
use = [s for s in steps if "/specsync@" in s.get("uses", "")][0]
assert set(use.get("with", {})) <= set(inputs), use["with"]
assert wf["permissions"]["security-events"] == "write"
assert wf["jobs"]["specsync"]["container"] == "debian:12"
assert [s for s in steps if s.get("with", {}).get("fetch-depth") == 0]
assert "push" in wf[True] and "pull_request" in wf[True]
open(sys.argv[3], "w").write(blocks[0])
PY
then ok "README: the workflow using the action is valid and uses its inputs"
else not_ok "README's action workflow: $(cat "$tmp/readme")"; fi
validate_github "$tmp/readme-workflow.yml"

repo=$tmp/repo
make_one_sided_pr "$repo"

# the cache, restored: the build step must use it, not rebuild
mkdir -p "$tmp/runner/specsync/bin"
cp "$SPECSYNC" "$tmp/runner/specsync/bin/specsync"

# values EVENT FORMATS FAIL_ON: the expressions' values and the runner's env
values() {
	cat >"$tmp/values.json" <<JSON
{"runner.temp": "$tmp/runner",
 "github.event.pull_request.base.sha": "$([ "$1" = pull_request ] && echo "$base")",
 "github.event.pull_request.head.sha": "$([ "$1" = pull_request ] && echo "$head")",
 "inputs.formats": "$2", "inputs.fail-on": "$3",
 "env": {"GITHUB_ACTION_PATH": "$SPECSYNC_SOURCE_DIR", "GITHUB_EVENT_NAME": "$1",
         "GITHUB_WORKSPACE": "$repo", "GITHUB_STEP_SUMMARY": "$tmp/$1.summary"}}
JSON
}

# steps EVENT FORMATS FAIL_ON: runs the action in the repository; $status
steps() {
	values "$@"
	rm -f "$tmp/$1.summary"
	set +e
	(cd "$repo" && $PY "$here/action_steps.py" "$action" "$tmp/values.json") >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
}

steps pull_request "junit=specsync.xml json=specsync.json" error
expect_status 1 "pull request, fail-on error: the verdict fails the job"
expect_out "specsync: using the cached build (specsync 0.1.0)" "the build step uses the cache"
expect_out "::error file=specs/functional/invoicing.md,line=3," "pull request: annotations"
expect_out "run Run specsync -> 0" "pull request: the run step itself succeeds (the upload still runs)"
expect_out "uses Upload the SARIF report to code scanning github/codeql-action/upload-sarif@v3" "the upload step"
expect_out "run Verdict -> 1" "pull request: the verdict step fails"
ci_check sarif "$repo/specsync.sarif" "$tmp/lines"
ci_check junit "$repo/specsync.xml" "$tmp/lines"
expect_file_has "$repo/specsync.json" '"mode":"base"' "pull request: the json report of the check --base"
expect_file_has "$tmp/pull_request.summary" "## ❌ specsync: this change leaves 1 requirement unsynchronised" \
	"pull request: the job summary"
if git -C "$repo" status --porcelain | grep -qv '^?? specsync\.'; then
	not_ok "the action changes nothing in the work tree but its reports"
else
	ok "the action changes nothing in the work tree but its reports"
fi
expect_file_has "$HOME/.gitconfig" "directory = $repo" "the work tree is a safe.directory (container jobs)"

steps pull_request "" never
expect_status 0 "pull request, fail-on never: reports only"
expect_out "run Verdict -> 0" "fail-on never: the verdict passes"

rm -f "$repo/specsync.sarif"
steps push "markdown=specsync.md" error
expect_status 1 "push: the audit's open error fails the job"
expect_out "::error file=" "push: annotations"
ci_check sarif "$repo/specsync.sarif" "$tmp/lines"
expect_file_has "$tmp/lines" "unsynced error open REQ-003" "push: the audit's open finding in the SARIF file (the base line for pull requests)"
expect_file_has "$repo/specsync.md" "REQ-003" "push: the extra markdown report"
if [ -s "$tmp/push.summary" ]; then ok "push: the job summary"; else not_ok "push: the job summary"; fi

steps push "" sometimes
expect_status 2 "fail-on with an unknown value: exit 2"
expect_out "fail-on is 'sometimes'; expected error or never" "fail-on: the message names the values"

finish
