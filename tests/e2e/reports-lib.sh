# Shared setup of the report, matrix and lint end-to-end tests (t03NN-*):
# sourced, not run. Sets $SPECSYNC, $tmp (removed on exit), a quiet
# deterministic git environment, and the helpers below.
#
#   run DIR ARGS...        runs specsync in DIR: $status, $tmp/out, $tmp/err
#   expect_status N WHAT   checks $status
#   expect_out TEXT WHAT   $tmp/out contains the fixed string TEXT
#   expect_no_out TEXT WHAT
#   ok / not_ok WHAT       print a TAP-like line; not_ok marks the test failed
#   commit WHO MESSAGE     commits everything, one hour after the previous one
#   commit_as NAME EMAIL MESSAGE   same, with any author
#   finish NAME            ends the script with the right exit status
set -eu

here=$(cd "$(dirname "$0")" && pwd)
SPECSYNC=${SPECSYNC:-$here/../../build/specsync}
case $SPECSYNC in /*) ;; *) SPECSYNC=$(pwd)/$SPECSYNC ;; esac
SPECSYNC_SOURCE_DIR=${SPECSYNC_SOURCE_DIR:-$here/../..}
if [ ! -x "$SPECSYNC" ]; then
	echo "specsync binary not found at $SPECSYNC (set SPECSYNC)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/specsync-e2e.XXXXXX")
# A browser's helper processes may still write into its profile for a moment
# after it exits: retry the removal until the directory is gone.
cleanup() {
	[ -n "${KEEP:-}" ] && return
	for _try in 1 2 3 4 5 6 7 8 9 10; do
		rm -rf "$tmp" 2>/dev/null || true
		[ -e "$tmp" ] || return 0
		sleep 0.5
	done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME="$tmp/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY EMAIL 2>/dev/null || true
export TZ=UTC LC_ALL=C NO_COLOR=1
export GIT_CEILING_DIRECTORIES="$tmp"

fail=0
ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $*"
	fail=1
	if [ -s "$tmp/out" ]; then sed 's/^/#   stdout: /' "$tmp/out" | head -30; fi
	if [ -s "$tmp/err" ]; then sed 's/^/#   stderr: /' "$tmp/err" | head -30; fi
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

clock=1735718400
commit_as() {
	clock=$((clock + 3600))
	git add -A
	GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_AUTHOR_DATE="@$clock +0000" \
	GIT_COMMITTER_NAME=$1 GIT_COMMITTER_EMAIL=$2 GIT_COMMITTER_DATE="@$clock +0000" \
		git commit -q --allow-empty -m "$3"
}

commit() {
	case $1 in
	alice) commit_as "Alice Martin" alice@example.org "$2" ;;
	chloe) commit_as "Chloe Durand" chloe@example.org "$2" ;;
	*) commit_as "$1" "$1@example.org" "$2" ;;
	esac
}

finish() {
	if [ "$fail" -ne 0 ]; then
		echo "# $1: FAILED" >&2
		exit 1
	fi
	echo "# $1: all checks passed"
	exit 0
}
