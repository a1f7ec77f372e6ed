# Sourced by the hook tests (t01xx-hooks-*.sh): a temporary sandbox, fixed
# identities and dates, a small specification repository, and assertions.
# Not a test itself (ctest runs t*.sh only).
#
# Environment: SPECSYNC (the binary; default build/specsync beside the
# sources), SPECSYNC_SOURCE_DIR (the sources; default two levels up).

. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
name=$test_name
# the hook scripts find specsync through $SPECSYNC
export SPECSYNC
unset PRE_COMMIT_FROM_REF PRE_COMMIT_TO_REF PRE_COMMIT_REMOTE_BRANCH 2>/dev/null || true
git config --global init.defaultBranch main
git config --global commit.gpgsign false
git config --global advice.detachedHead false
git config --global user.name "Demo"
git config --global user.email "demo@example.org"

clock=1735718400 # 2025-01-01 08:00 UTC; one hour more per command

# who NAME: sets the author and committer identity (and a fresh date) for
# the commands that follow.
who() {
	case $1 in
	alice) n="Alice Martin" e=alice@example.org ;;
	chloe) n="Chloe Durand" e=chloe@example.org ;;
	david) n="David Nguyen" e=david@example.org ;;
	pauline) n="Pauline Roux" e=pauline@example.org ;;
	sophie) n="Sophie Laurent" e=sophie@example.org ;;
	*) echo "who: unknown $1" >&2 && exit 2 ;;
	esac
	export GIT_AUTHOR_NAME="$n" GIT_AUTHOR_EMAIL="$e" GIT_COMMITTER_NAME="$n" \
		GIT_COMMITTER_EMAIL="$e"
}

# run DIR CMD ARGS...: runs a command in DIR with the next date; stdout and
# stderr together in $tmp/out (git shows hook output on stderr), status in
# $status.
run() {
	dir=$1
	shift
	clock=$((clock + 3600))
	set +e
	(cd "$dir" && GIT_AUTHOR_DATE="@$clock +0000" GIT_COMMITTER_DATE="@$clock +0000" \
		"$@") >"$tmp/out" 2>&1
	status=$?
	set -e
}

# run_in DIR INPUT CMD ARGS...: the same with INPUT on standard input.
run_in() {
	dir=$1
	input=$2
	shift 2
	clock=$((clock + 3600))
	set +e
	printf '%s' "$input" | (cd "$dir" && GIT_AUTHOR_DATE="@$clock +0000" \
		GIT_COMMITTER_DATE="@$clock +0000" "$@") >"$tmp/out" 2>&1
	status=$?
	set -e
}

expect_status() {
	if [ "$status" -eq "$1" ]; then ok "$2: exit $1"; else not_ok "$2: exit $status, expected $1"; fi
}

# expect_line LINE DESCRIPTION: LINE is one whole line of the output
expect_line() {
	if grep -Fxq -- "$1" "$tmp/out"; then ok "$2"; else not_ok "$2 (no line '$1')"; fi
}

# expect_has TEXT DESCRIPTION: TEXT occurs in the output
expect_has() {
	if grep -Fq -- "$1" "$tmp/out"; then ok "$2"; else not_ok "$2 (no '$1')"; fi
}

expect_not() {
	if grep -Fq -- "$1" "$tmp/out"; then not_ok "$2 ('$1' should not appear)"; else ok "$2"; fi
}

# expect_same A B DESCRIPTION: two strings are equal
expect_same() {
	if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3 ('$1' != '$2')"; fi
}

# expect_cmp FILE1 FILE2 DESCRIPTION: same bytes and same permissions
expect_cmp() {
	if cmp -s "$1" "$2" && [ "$(stat -c %a "$1")" = "$(stat -c %a "$2")" ]; then
		ok "$3"
	else
		not_ok "$3 ($1 and $2 differ in bytes or mode)"
	fi
}

# The configuration: functional and technical sides, RACI as in the billing
# demo, every unsynchronised requirement an error.
write_config() {
	cat >"$1/.specsync.yml" <<'YML'
version: 1
requirements:
  id: '\bREQ-[A-Z]{3}-[0-9]{3}\b'
sides:
  functional:
    paths: ["specs/functional/**/*.md"]
  technical:
    paths: ["specs/technical/**/*.md"]
roles:
  amoa: { name: "AMOA", members: ["Alice Martin <alice@example.org>"] }
  amoe:
    name: "AMOE"
    members: ["Chloe Durand <chloe@example.org>", "David Nguyen <david@example.org>"]
  pm: { name: "Project lead", members: ["Pauline Roux <pauline@example.org>"] }
  sponsor: { name: "Sponsor", members: ["Sophie Laurent <sophie@example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe], I: [pm] }
    technical: { R: amoe, A: pm, C: [amoa], I: [sponsor] }
policy:
  unsynced: { technical: error, functional: error }
  out_of_role: warning
  invalid_ack: warning
YML
}

# func DIR TEXT / tech DIR TEXT: rewrite the sentence of REQ-INV-001 on one
# side (its heading stays on line 3 of both files)
func() {
	cat >"$1/specs/functional/invoicing.md" <<MD
# Invoicing

## REQ-INV-001 Monthly invoice

$2

## REQ-INV-002 VAT

VAT is computed per rate, then rounded to the cent.
MD
}
tech() {
	cat >"$1/specs/technical/invoicing.md" <<MD
# Invoicing service

## REQ-INV-001 Monthly invoice

$2

## REQ-INV-002 VAT

Rates come from the tax table.
MD
}

# new_repo DIR: a repository with the configuration and both sides in step,
# committed by Pauline (no hooks installed yet).
new_repo() {
	mkdir -p "$1/specs/functional" "$1/specs/technical"
	git init -q "$1"
	write_config "$1"
	func "$1" "Every customer receives one invoice per month."
	tech "$1" "A nightly job generates the invoices on the first day."
	echo "# Billing" >"$1/README.md"
	git -C "$1" add -A
	who pauline
	run "$1" git commit -q -m "Specifications, both sides"
	[ "$status" -eq 0 ] || {
		cat "$tmp/out" >&2
		exit 2
	}
}

head_of() { git -C "$1" rev-parse "${2:-HEAD}"; }

# managed_scenario DIR LABEL: with the hooks of DIR installed through a hook
# manager (pre-commit, husky, lefthook), a one-sided commit is refused, an
# acknowledged one accepted, post-commit's message shown, the first push
# and a later one checked. Pushes go to DIR.remote.git.
managed_scenario() {
	r=$1
	l=$2
	# a one-sided commit is refused by specsync through the manager
	before=$(head_of "$r")
	func "$r" "Every customer receives one invoice per month, with late fees."
	git -C "$r" add -A
	who alice
	run "$r" git commit -m "Invoices: late fees"
	expect_status 1 "$l: one-sided commit refused"
	expect_same "$(head_of "$r")" "$before" "$l: no commit was made"
	expect_line "specsync: this change leaves 1 requirement unsynchronised" "$l: specsync's refusal is shown"
	expect_line "        Sync-Ack: REQ-INV-001 <reason>" "$l: with the exact Sync-Ack line"

	# acknowledged by the technical side's Responsible: accepted
	who david
	run "$r" git commit -m "Invoices: late fees" -m "Sync-Ack: REQ-INV-001 no technical impact"
	expect_status 0 "$l: acknowledged commit accepted"

	# post-commit informs even when the commit hooks were bypassed: its
	# output must be visible (verbose: true)
	tech "$r" "A nightly job generates the invoices, late fees included."
	git -C "$r" add -A
	who chloe
	run "$r" git commit --no-verify -m "Late fees in the nightly job"
	expect_status 0 "$l: commit --no-verify"
	expect_line "specsync: REQ-INV-001 changed on the technical side; the functional side must follow  [error]" \
		"$l: post-commit's message is shown"
	expect_line "  Tell: Pauline Roux <pauline@example.org>  (Informed: Project lead)" \
		"$l: post-commit names whom to tell"

	# the first push (root commit included) is checked: it carries the
	# unsynchronised change
	git init -q --bare "$r.remote.git"
	git -C "$r" remote add origin "$r.remote.git"
	run "$r" git push origin main
	if [ "$status" -ne 0 ] && grep -q "REQ-INV-001 changed on the technical side" "$tmp/out"; then
		ok "$l: the first push is checked and refused"
	else
		not_ok "$l: the first push is checked and refused (exit $status)"
	fi
	run "$r" git push --no-verify origin main
	expect_status 0 "$l: push --no-verify"

	# a later push: PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF. The functional
	# side catches up (accepted), then moves on alone (hooks bypassed).
	func "$r" "Every customer receives one invoice per month, with late fees (see the tariff)."
	git -C "$r" add -A
	who alice
	run "$r" git commit -q -m "Late fees, functional"
	expect_status 0 "$l: the functional side catches up"
	func "$r" "Every customer receives one invoice per month, with late fees after 30 days."
	git -C "$r" add -A
	run "$r" git commit --no-verify -q -m "Late fees after 30 days"
	run "$r" git push origin main
	if [ "$status" -ne 0 ] && grep -q "REQ-INV-001 changed on the functional side" "$tmp/out"; then
		ok "$l: a later push is checked and refused"
	else
		not_ok "$l: a later push is checked and refused (exit $status)"
	fi
	tech "$r" "A nightly job generates the invoices, late fees after 30 days."
	git -C "$r" add -A
	who chloe
	run "$r" git commit -q -m "Late fees after 30 days, technical"
	expect_status 0 "$l: the technical side follows"
	run "$r" git push origin main
	expect_status 0 "$l: the push that brings both sides goes through"
}
