# Shared by the robustness end-to-end scripts (tests/e2e/t1*.sh): sourced,
# never run. Gives a private temporary directory and HOME, a fixed git
# environment, `run` (with a time limit: a hang is a failure) and the
# expect_* checks that print TAP-like "ok"/"not ok" lines; the script ends
# with `finish`.
#
# Environment:
#   SPECSYNC            the binary, or a wrapper script such as the one the
#                       valgrind tests use (default build/specsync)
#   SPECSYNC_E2E_LIGHT  1: skip the heavy parts (big files, many rounds);
#                       the valgrind tests set it
#   SPECSYNC_TIME_SCALE multiplies every time limit (default 1)

set -eu

e2e_name=$(basename "$0" .sh)
here=$(cd "$(dirname "$0")" && pwd)
SPECSYNC=${SPECSYNC:-$here/../../build/specsync}
case $SPECSYNC in /*) ;; *) SPECSYNC=$(pwd)/$SPECSYNC ;; esac
if [ ! -x "$SPECSYNC" ]; then
	echo "$e2e_name: specsync binary not found at $SPECSYNC (set SPECSYNC)" >&2
	exit 2
fi
light=${SPECSYNC_E2E_LIGHT:-0}
scale=${SPECSYNC_TIME_SCALE:-1}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/specsync-$e2e_name.XXXXXX")
cleanup() {
	chmod -R u+rwX "$tmp" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME="$tmp/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR \
	GIT_ALTERNATE_OBJECT_DIRECTORIES 2>/dev/null || true
export TZ=UTC LC_ALL=C NO_COLOR=1
export GIT_CEILING_DIRECTORIES="$tmp"
git config --global init.defaultBranch main
git config --global core.autocrlf false
git config --global user.name "Test Runner"
git config --global user.email runner@example.org
# The repositories are created by this user; a test that changes owners
# says so itself.
git config --global --add safe.directory '*'

fail=0
checks=0
ok() {
	checks=$((checks + 1))
	echo "ok - $*"
}
not_ok() {
	checks=$((checks + 1))
	echo "not ok - $*"
	fail=1
	if [ -s "$tmp/out" ]; then head -c 2000 "$tmp/out" | sed 's/^/#   stdout: /'; fi
	if [ -s "$tmp/err" ]; then head -c 2000 "$tmp/err" | sed 's/^/#   stderr: /'; fi
}
skip() {
	echo "ok - # SKIP $*"
}

# run DIR ARGS...: runs specsync in DIR within 60 s (times the scale);
# sets $status, fills $tmp/out and $tmp/err. A hang is exit 124.
run() {
	run_dir=$1
	shift
	set +e
	(cd "$run_dir" && exec timeout -k 5 $((60 * scale)) "$SPECSYNC" "$@") >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	set -e
}

# run_limited SECONDS DIR ARGS...: the same with another time limit.
run_limited() {
	limit=$(($1 * scale))
	run_dir=$2
	shift 2
	set +e
	(cd "$run_dir" && exec timeout -k 5 "$limit" "$SPECSYNC" "$@") >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	set -e
}

expect_status() { # WANT DESCRIPTION
	if [ "$status" -eq "$1" ]; then
		ok "$2: exit $1"
	else
		not_ok "$2: exit $status, expected $1"
	fi
}

expect_err() { # EXTENDED-REGEX DESCRIPTION (case-insensitive, on stderr)
	if grep -Eiq -- "$1" "$tmp/err"; then
		ok "$2"
	else
		not_ok "$2 (stderr should match /$1/)"
	fi
}

expect_no_err() { # DESCRIPTION: stderr is empty
	if [ ! -s "$tmp/err" ]; then ok "$1"; else not_ok "$1 (stderr should be empty)"; fi
}

expect_out() { # EXTENDED-REGEX DESCRIPTION (on stdout)
	if grep -Eq -- "$1" "$tmp/out"; then
		ok "$2"
	else
		not_ok "$2 (stdout should match /$1/)"
	fi
}

# Sanitizer reports and crashes never count as a clean failure.
expect_no_crash() { # DESCRIPTION
	if [ "$status" -ge 3 ] || grep -Eq 'Sanitizer|runtime error|Segmentation|Aborted|==[0-9]+==' "$tmp/err"; then
		not_ok "$1: crashed (exit $status)"
	else
		ok "$1: no crash"
	fi
}

# JSON on stdout parses (python3's strict parser), and every string in it is
# valid Unicode (no lone surrogates).
expect_json() { # DESCRIPTION
	if python3 -c '
import json, sys
data = open(sys.argv[1], "rb").read()
doc = json.loads(data.decode("utf-8"))
def walk(v):
    if isinstance(v, str):
        v.encode("utf-8")
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, dict):
        for k, x in v.items(): walk(k); walk(x)
walk(doc)
' "$tmp/out" 2>"$tmp/json-err"; then
		ok "$1: valid JSON"
	else
		not_ok "$1: invalid JSON ($(head -c 300 "$tmp/json-err" | tr '\n' ' '))"
	fi
}

# Deterministic commits: `commit WHO MESSAGE` in the current directory.
clock=1735718400
commit() {
	case $1 in
	alice) n="Alice Martin" e=alice@example.org ;;
	chloe) n="Chloe Durand" e=chloe@example.org ;;
	*) n="Someone" e=someone@example.org ;;
	esac
	clock=$((clock + 3600))
	git add -A
	GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$e GIT_AUTHOR_DATE="@$clock +0000" \
	GIT_COMMITTER_NAME=$n GIT_COMMITTER_EMAIL=$e GIT_COMMITTER_DATE="@$clock +0000" \
		git commit -q --allow-empty -m "$2"
}

# The configuration of most tests: REQ-nnn on func/ and tech/, errors.
config() {
	cat <<'YML'
version: 1
requirements:
  id: '\bREQ-[0-9]{3}\b'
sides:
  functional:
    paths: ["func/**"]
  technical:
    paths: ["tech/**"]
policy:
  unsynced: { functional: error, technical: error }
YML
}

# config_repo DIR: an empty repository with func/, tech/ and config()
config_repo() {
	mkdir -p "$1/func" "$1/tech"
	git -C "$1" init -q .
	config >"$1/.specsync.yml"
}

# small_repo DIR: REQ-001 on both sides then changed on the functional side
# only (audit: exit 1); REQ-002 on both sides, unchanged.
small_repo() {
	mkdir -p "$1/func" "$1/tech"
	(
		cd "$1"
		git init -q .
		config >.specsync.yml
		printf '# REQ-001 Login\n\nUsers log in with a password.\n\n# REQ-002 Logout\n\nBye.\n' >func/login.md
		commit alice "Login and logout"
		printf '# Login (REQ-001)\n\nbcrypt.\n\n# Logout (REQ-002)\n\nSession cleared.\n' >tech/login.md
		commit chloe "Login design"
		printf '# REQ-001 Login\n\nUsers log in with a passkey.\n\n# REQ-002 Logout\n\nBye.\n' >func/login.md
		commit alice "Passkeys"
	)
}

finish() {
	echo "# $e2e_name: $checks checks"
	exit $fail
}
