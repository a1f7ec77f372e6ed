# Shared by the t02NN CI-format tests (sourced, not run): environment,
# reporting helpers, a deterministic committer and the pull-request
# repository they start from.
#
# Environment: SPECSYNC (the binary), SPECSYNC_SOURCE_DIR (the sources, for
# ci_check.py and the SARIF schema). Needs git and /usr/bin/python3 with
# python3-jsonschema.

here=$(cd "$(dirname "$0")" && pwd)
SPECSYNC_SOURCE_DIR=${SPECSYNC_SOURCE_DIR:-$here/../..}
export SPECSYNC_SOURCE_DIR
SPECSYNC=${SPECSYNC:-$SPECSYNC_SOURCE_DIR/build/specsync}
case $SPECSYNC in /*) ;; *) SPECSYNC=$(pwd)/$SPECSYNC ;; esac
if [ ! -x "$SPECSYNC" ]; then
	echo "$test_name: specsync binary not found at $SPECSYNC (set SPECSYNC)" >&2
	exit 2
fi
PY=/usr/bin/python3
CI_CHECK="$here/ci_check.py"
if ! $PY -c 'import jsonschema' 2>/dev/null; then
	echo "$test_name: needs /usr/bin/python3 with jsonschema (Debian python3-jsonschema; sh scripts/deps.sh --test)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/specsync-$test_name.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME="$tmp/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY 2>/dev/null || true
# the job summary is written only where a test asks for it
unset GITHUB_STEP_SUMMARY 2>/dev/null || true
export TZ=UTC LC_ALL=C NO_COLOR=1
export GIT_CEILING_DIRECTORIES="$tmp"

fail=0
ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $*"
	fail=1
}

# run DIR ARGS...: runs specsync in DIR; sets $status, fills $tmp/out, $tmp/err
run() {
	dir=$1
	shift
	set +e
	(cd "$dir" && "$SPECSYNC" "$@") >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
}

expect_status() {
	if [ "$status" -eq "$1" ]; then
		ok "$2: exit $1"
	else
		not_ok "$2: exit $status, expected $1"
		sed 's/^/#   stderr: /' "$tmp/err" | head -20
	fi
}

# expect_file_has FILE FIXED-STRING DESCRIPTION
expect_file_has() {
	if grep -qF -- "$2" "$1"; then
		ok "$3"
	else
		not_ok "$3 (no line of $(basename "$1") contains: $2)"
		sed 's/^/#   /' "$1" | head -40
	fi
}

expect_file_lacks() {
	if grep -qF -- "$2" "$1"; then
		not_ok "$3 ($(basename "$1") contains: $2)"
	else
		ok "$3"
	fi
}

# expect_same EXPECTED-FILE ACTUAL-FILE DESCRIPTION
expect_same() {
	if cmp -s "$1" "$2"; then
		ok "$3"
	else
		not_ok "$3"
		diff "$1" "$2" | sed 's/^/#   /' | head -40
	fi
}

# ci_check KIND FILE OUT: validates with ci_check.py; its lines go to OUT
ci_check() {
	if $PY "$CI_CHECK" "$1" "$2" >"$3" 2>"$tmp/ci_err"; then
		ok "$(basename "$2") is a valid $1 document"
		# e.g. "schema: absent": say what was not checked
		sed 's/^/# /' "$tmp/ci_err"
	else
		not_ok "$(basename "$2") is a valid $1 document: $(cat "$tmp/ci_err")"
	fi
}

clock=1735718400
# commit WHO MESSAGE: commits everything with a fixed identity and date
commit() {
	case $1 in
	alice) n="Alice Martin" e=alice@example.org ;;
	chloe) n="Chloe Durand" e=chloe@example.org ;;
	pauline) n="Pauline Roux" e=pauline@example.org ;;
	sophie) n="Sophie Laurent" e=sophie@example.org ;;
	mallory) n=${MALLORY_NAME:-Mallory} e=mallory@example.org ;;
	esac
	clock=$((clock + 3600))
	git add -A
	GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$e GIT_AUTHOR_DATE="@$clock +0000" \
	GIT_COMMITTER_NAME=$n GIT_COMMITTER_EMAIL=$e GIT_COMMITTER_DATE="@$clock +0000" \
		git commit -q --allow-empty -m "$2"
}

# The configuration: like examples/billing/specsync.yml, smaller.
ci_config() {
	cat <<'YML'
version: 1
requirements:
  id: '\bREQ-[0-9]{3}\b'
sides:
  functional:
    paths: ["specs/functional/**/*.md"]
  technical:
    paths: ["specs/technical/**/*.md"]
roles:
  amoa:
    name: "Business analysts"
    members: ["Alice Martin <alice@example.org>"]
  amoe:
    name: "Engineering"
    members: ["Chloe Durand <chloe@example.org>"]
  pm:
    name: "Project lead"
    members: ["Pauline Roux <pauline@example.org>"]
  sponsor:
    name: "Sponsor"
    members: ["Sophie Laurent <sophie@example.org>"]
raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe], I: [pm] }
    technical:  { R: amoe, A: pm, C: [amoa], I: [sponsor] }
policy:
  unsynced: { technical: error, functional: warning }
  out_of_role: warning
  invalid_ack: error
ack_trailer: Sync-Ack
YML
}

# spec SIDE WORD1 WORD2 WORD3: writes specs/SIDE/invoicing.md with REQ-001,
# REQ-002 and REQ-003 (headings on lines 3, 7 and 11), their bodies naming
# the words, so that changing a word changes that requirement only.
spec() {
	mkdir -p "specs/$1"
	printf '# Invoicing (%s)\n\n## REQ-001 Monthly invoice\n\nOne invoice per month, %s.\n\n## REQ-002 VAT\n\nVAT per line, %s.\n\n## REQ-003 Numbering\n\nSequential numbers, %s.\n' \
		"$1" "$2" "$3" "$4" >"specs/$1/invoicing.md"
}

# make_pr_repo DIR: main with REQ-001..003 on both sides (each written by
# its Responsible), then REQ-003 changed on the functional side only (open
# before any pull request: the technical side lags, policy error).
make_pr_repo() {
	mkdir -p "$1"
	cd "$1"
	git init -q -b main .
	git config core.autocrlf false
	ci_config >.specsync.yml
	spec functional a b c
	commit alice "Invoicing: functional specification"
	spec technical a b c
	commit chloe "Invoicing: technical specification"
	spec functional a b c2
	commit alice "Numbering: yearly sequences"
	cd "$tmp"
}

# all_formats DIR NAME ARGS...: one check writing every format to
# $tmp/NAME.{txt,json,sarif,xml,gh,cq,md}; sets $status
all_formats() {
	dir=$1 name=$2
	shift 2
	run "$dir" check "$@" --format text --format "json=$tmp/$name.json" \
		--format "sarif=$tmp/$name.sarif" --format "junit=$tmp/$name.xml" \
		--format "github=$tmp/$name.gh" --format "gitlab=$tmp/$name.cq" \
		--format "markdown=$tmp/$name.md"
	cp "$tmp/out" "$tmp/$name.txt"
}

finish() {
	if [ "$fail" -ne 0 ]; then
		echo "$test_name: FAILED" >&2
		exit 1
	fi
	echo "$test_name: all passed"
}
