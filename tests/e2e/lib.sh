# The sandbox every end-to-end test starts from (sourced, not run; ctest
# runs t*.sh only): the binary under test, a temporary directory removed on
# exit, git isolated from the user's configuration with fixed time zone and
# locale, and the assertions the tests share.
#
# Environment: SPECSYNC (the binary; default build/specsync beside the
# sources), SPECSYNC_SOURCE_DIR (the sources; default two levels up),
# KEEP=1 to keep the temporary directory.
#
#   run DIR ARGS...            runs specsync in DIR: $status, $tmp/out, $tmp/err
#   expect_status N WHAT       checks $status
#   expect_out TEXT WHAT       $tmp/out contains the fixed string TEXT
#   expect_no_out TEXT WHAT
#   expect_file_has FILE TEXT WHAT, expect_file_lacks FILE TEXT WHAT
#   expect_same EXPECTED ACTUAL WHAT
#   ok / not_ok WHAT           a TAP-like line; not_ok marks the test failed
#   commit_as NAME EMAIL MSG   commits everything, one hour after the last one
#   raci_repo DIR [ID] <<YAML  a repository with roles and a RACI (see below)
#   finish                     ends the script with the right exit status
set -eu

e2e_dir=$(cd "$(dirname "$0")" && pwd)
here=$e2e_dir
test_name=${test_name:-$(basename "$0" .sh)}
SPECSYNC_SOURCE_DIR=${SPECSYNC_SOURCE_DIR:-$(cd "$e2e_dir/../.." && pwd)}
export SPECSYNC_SOURCE_DIR
SPECSYNC=${SPECSYNC:-$SPECSYNC_SOURCE_DIR/build/specsync}
case $SPECSYNC in /*) ;; *) SPECSYNC=$(pwd)/$SPECSYNC ;; esac
if [ ! -x "$SPECSYNC" ]; then
	echo "$test_name: specsync binary not found at $SPECSYNC (set SPECSYNC)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/specsync-$test_name.XXXXXX")
# A browser's helper processes may still write into its profile for a moment
# after it exits: retry the removal until the directory is gone.
e2e_cleanup() {
	[ -n "${KEEP:-}" ] && return
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		rm -rf "$tmp" 2>/dev/null || true
		[ -e "$tmp" ] || return 0
		sleep 0.5
	done
}
trap e2e_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME="$tmp/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE SPECSYNC_SKIP EMAIL \
	GITHUB_STEP_SUMMARY 2>/dev/null || true
export TZ=UTC LC_ALL=C NO_COLOR=1
# never find a repository above the sandbox
export GIT_CEILING_DIRECTORIES="$tmp"

fail=0
ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $*"
	fail=1
	if [ -s "$tmp/out" ]; then sed 's/^/#   stdout: /' "$tmp/out" | head -30; fi
	if [ -s "$tmp/err" ]; then sed 's/^/#   stderr: /' "$tmp/err" | head -30; fi
	return 0
}

finish() {
	if [ "$fail" -ne 0 ]; then
		echo "# $test_name: FAILED" >&2
		exit 1
	fi
	echo "# $test_name: all checks passed"
	exit 0
}

run() {
	_dir=$1
	shift
	set +e
	(cd "$_dir" && "$SPECSYNC" "$@") >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
}

expect_status() {
	if [ "$status" -eq "$1" ]; then ok "$2: exit $1"; else not_ok "$2: exit $status, expected $1"; fi
}

expect_out() {
	if grep -Fq -- "$1" "$tmp/out"; then ok "$2"; else not_ok "$2 (stdout should contain: $1)"; fi
}

expect_no_out() {
	if grep -Fq -- "$1" "$tmp/out"; then not_ok "$2 (stdout should not contain: $1)"; else ok "$2"; fi
}

expect_file_has() {
	if grep -qF -- "$2" "$1"; then
		ok "$3"
	else
		not_ok "$3 (no line of $(basename "$1") contains: $2)"
		sed 's/^/#   /' "$1" | head -40
	fi
}

expect_file_lacks() {
	if grep -qF -- "$2" "$1"; then not_ok "$3 ($(basename "$1") contains: $2)"; else ok "$3"; fi
}

expect_same() {
	if cmp -s "$1" "$2"; then
		ok "$3"
	else
		not_ok "$3"
		diff "$1" "$2" | sed 's/^/#   /' | head -40
	fi
}

clock=1735718400 # 2025-01-01 08:00 UTC
commit_as() {
	clock=$((clock + 3600))
	git add -A
	GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_AUTHOR_DATE="@$clock +0000" \
	GIT_COMMITTER_NAME=$1 GIT_COMMITTER_EMAIL=$2 GIT_COMMITTER_DATE="@$clock +0000" \
		git commit -q --allow-empty -m "$3"
}

# raci_repo DIR [ID] <<YAML: a repository with roles and a RACI, and cd
# into it: an empty repository (branch main) in DIR with func/ and tech/,
# and a .specsync.yml with the requirement pattern ID (default
# \bREQ-[0-9]{3}\b), the functional side in func/**/*.md, the technical
# side in tech/**/*.md, then the lines on standard input (roles, raci,
# policy...).
raci_repo() {
	_id='\bREQ-[0-9]{3}\b'
	[ $# -lt 2 ] || _id=$2
	mkdir -p "$1/func" "$1/tech"
	cd "$1"
	git init -q -b main .
	{
		printf "version: 1\nrequirements:\n  id: '%s'\nsides:\n" "$_id"
		printf '  functional: { paths: ["func/**/*.md"] }\n'
		printf '  technical: { paths: ["tech/**/*.md"] }\n'
		cat
	} >.specsync.yml
}

# skip_unless_plain_build: packaging tests read the binary itself and build
# programs against the library; they speak of the plain build (the README's
# test command), not of the valgrind wrapper or a sanitizer build.
skip_unless_plain_build() {
	if [ -n "${SPECSYNC_E2E_LIGHT:-}" ] || ! readelf -d "$SPECSYNC" >/dev/null 2>&1 ||
		readelf -d "$SPECSYNC" | grep -q 'libasan\|libubsan'; then
		echo "${test_name:-$0}: skipped: a packaging test, for the plain build" >&2
		exit 77
	fi
}
