# Shared by the t02NN CI-format tests (sourced, not run): on top of lib.sh's
# sandbox and assertions, the CI document checker, a deterministic committer
# and the pull-request repository they start from.
#
# Environment: SPECSYNC (the binary), SPECSYNC_SOURCE_DIR (the sources, for
# ci_check.py and the SARIF schema). Needs git and /usr/bin/python3 with
# python3-jsonschema.

. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

PY=/usr/bin/python3
CI_CHECK="$here/ci_check.py"
if ! $PY -c 'import jsonschema' 2>/dev/null; then
	echo "$test_name: needs /usr/bin/python3 with jsonschema (Debian python3-jsonschema; sh scripts/deps.sh --test)" >&2
	exit 2
fi

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

# commit WHO MESSAGE: commits everything with a fixed identity and date
commit() {
	case $1 in
	alice) commit_as "Alice Martin" alice@example.org "$2" ;;
	chloe) commit_as "Chloe Durand" chloe@example.org "$2" ;;
	pauline) commit_as "Pauline Roux" pauline@example.org "$2" ;;
	sophie) commit_as "Sophie Laurent" sophie@example.org "$2" ;;
	mallory) commit_as "${MALLORY_NAME:-Mallory}" mallory@example.org "$2" ;;
	esac
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

# make_one_sided_pr DIR: make_pr_repo, then a branch `pr` that changes
# REQ-001 on the functional side only; sets $base (main) and $head (pr)
make_one_sided_pr() {
	make_pr_repo "$1"
	cd "$1"
	git checkout -q -b pr main
	spec functional a2 b c2
	commit alice "Monthly invoice: issued on the first working day"
	git checkout -q main
	cd "$tmp"
	base=$(git -C "$1" rev-parse main)
	head=$(git -C "$1" rev-parse pr)
}

# validate_github FILE: validates an action.yml or a workflow against the
# published schemas with action-validator (from scripts/deps.sh --test in
# /usr/local/lib/specsync-test-npm, SPECSYNC_NPM_TOOLS overrides; else
# installed into the sandbox; npm missing: said, not checked). The file's
# role comes from its name: action.yml is an action, anything else a
# workflow.
validate_github() {
	tools=${SPECSYNC_NPM_TOOLS:-/usr/local/lib/specsync-test-npm}
	av=$tools/node_modules/.bin/action-validator
	if [ ! -x "$av" ]; then
		av=$tmp/npm/node_modules/.bin/action-validator
		if [ ! -x "$av" ] && command -v npm >/dev/null 2>&1; then
			npm install --prefix "$tmp/npm" --no-audit --no-fund --ignore-scripts --loglevel=error \
				@action-validator/cli@0.6.0 @action-validator/core@0.6.0 >/dev/null 2>&1 || true
		fi
	fi
	if [ ! -x "$av" ]; then
		echo "# action-validator not available (sh scripts/deps.sh --test): $(basename "$1") not validated against the schema"
		return 0
	fi
	if "$av" "$1" >"$tmp/av" 2>&1; then
		ok "$(basename "$1") is valid against GitHub's schema (action-validator)"
	else
		not_ok "$(basename "$1") is valid against GitHub's schema (action-validator): $(head -c 2000 "$tmp/av")"
	fi
}

# expect_str EXPECTED ACTUAL WHAT: two strings are equal
expect_str() {
	if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3 (expected '$1', got '$2')"; fi
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
