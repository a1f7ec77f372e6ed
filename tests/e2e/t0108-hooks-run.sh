#!/bin/sh
# End-to-end: 'specsync hooks run' called directly, as hook managers do:
# usage errors, the pre-push input (deletions, unknown remote commits,
# malformed lines), the pre-commit framework's environment, the commit
# message file (comments, scissors), a repository without configuration and
# a broken configuration.
. "$(dirname "$0")/hooks-lib.sh"

r=$tmp/repo
new_repo "$r"
base=$(head_of "$r")
zero=0000000000000000000000000000000000000000

# ---- usage ---------------------------------------------------------------------------
run "$r" "$SPECSYNC" hooks
expect_status 2 "hooks without a subcommand"
expect_line "specsync: hooks needs install, uninstall or run" "hooks: says what is expected"
run "$r" "$SPECSYNC" hooks frobnicate
expect_status 2 "unknown hooks subcommand"
run "$r" "$SPECSYNC" hooks run
expect_status 2 "hooks run without a hook name"
run "$r" "$SPECSYNC" hooks run post-merge
expect_status 2 "hooks run with an unknown hook"
expect_line "specsync: unknown hook 'post-merge' (expected one of: pre-commit, commit-msg, post-commit, pre-push, pre-receive, update)" \
	"unknown hook: the known ones are listed"
run "$r" "$SPECSYNC" hooks run commit-msg
expect_status 2 "commit-msg without the message file"
run "$r" "$SPECSYNC" hooks run update refs/heads/main "$base"
expect_status 2 "update with two arguments"
run "$r" "$SPECSYNC" hooks install post-merge
expect_status 2 "install of an unknown hook"
run "$r" "$SPECSYNC" hooks install --frobnicate
expect_status 2 "install with an unknown option"
run "$r" "$SPECSYNC" hooks --help
expect_status 0 "hooks --help"
expect_line "usage: specsync hooks install [--force] [-C DIR] [HOOK...]" "hooks --help: usage"

# ---- the commit message file -----------------------------------------------------------
func "$r" "Every customer receives one invoice per month, signed."
git -C "$r" add -A
cat >"$tmp/msg" <<'MSG'
Signed invoices

Sync-Ack: REQ-INV-001 signature only
# Please enter the commit message for your changes. Lines starting
# with '#' will be ignored.
MSG
run "$r" env GIT_AUTHOR_NAME="David Nguyen" GIT_AUTHOR_EMAIL=david@example.org \
	"$SPECSYNC" hooks run commit-msg "$tmp/msg"
expect_status 0 "commit-msg: a valid acknowledgement above git's comments"
cat >"$tmp/msg" <<'MSG'
Signed invoices

# ------------------------ >8 ------------------------
# Do not modify or remove the line above.
diff --git a/specs/technical/invoicing.md b/specs/technical/invoicing.md
 Sync-Ack: REQ-INV-001 quoted from a diff
MSG
run "$r" env GIT_AUTHOR_NAME="David Nguyen" GIT_AUTHOR_EMAIL=david@example.org \
	"$SPECSYNC" hooks run commit-msg "$tmp/msg"
expect_status 1 "commit-msg: nothing below git's scissors line counts (commit -v)"
expect_line "To commit anyway (not recommended): git commit --no-verify" "commit-msg: how to bypass"
run "$r" "$SPECSYNC" hooks run pre-commit
expect_status 0 "pre-commit never refuses for findings"
expect_line "specsync: unless this commit updates those sides or its message acknowledges them, the commit-msg hook will refuse it and say how." \
	"pre-commit: heads-up"
run "$r" "$SPECSYNC" hooks run commit-msg "$tmp/no-such-file"
expect_status 2 "commit-msg: a missing message file"
git -C "$r" reset -q --hard

# ---- pre-push input ------------------------------------------------------------------------
func "$r" "Every customer receives one invoice per month, stamped."
git -C "$r" add -A
who alice
run "$r" git commit -q -m "Stamped invoices"
tip=$(head_of "$r")
run_in "$r" "refs/heads/main $tip refs/heads/main $base
" "$SPECSYNC" hooks run pre-push origin url
expect_status 1 "pre-push: the range refused"
expect_line "specsync: refs/heads/main $(echo "$base" | cut -c1-12)..$(echo "$tip" | cut -c1-12)" \
	"pre-push: the range is named"
expect_line "To push anyway (not recommended): git push --no-verify" "pre-push: how to bypass"
run_in "$r" "(delete) $zero refs/heads/old $base
" "$SPECSYNC" hooks run pre-push origin url
expect_status 0 "pre-push: a deletion is not checked"
if [ -s "$tmp/out" ]; then not_ok "pre-push: a deletion prints nothing"; else ok "pre-push: a deletion prints nothing"; fi
run_in "$r" "refs/heads/main $base refs/heads/main $base
refs/tags/v1 $tip refs/tags/v1 $zero
" "$SPECSYNC" hooks run pre-push origin url
expect_status 0 "pre-push: nothing new on main, a new tag from the default branch"
run_in "$r" "refs/heads/main $tip refs/heads/main 1234567890123456789012345678901234567890
" "$SPECSYNC" hooks run pre-push origin url
expect_status 0 "pre-push: a remote commit unknown here"
expect_line "specsync: refs/heads/main: 123456789012 is not in this repository: checking from the merge base with the default branch" \
	"pre-push: says where it checks from"
run_in "$r" "refs/heads/main $tip
" "$SPECSYNC" hooks run pre-push origin url
expect_status 2 "pre-push: a malformed line"
expect_line "specsync: error: cannot read this line of the pre-push input: refs/heads/main $tip" \
	"pre-push: the malformed line is shown"
run_in "$r" "$base $tip refs/heads/main
" "$SPECSYNC" hooks run pre-receive
expect_status 1 "pre-receive input, read in a working repository too"
run "$r" "$SPECSYNC" hooks run update refs/heads/main "$base" "$tip"
expect_status 1 "update arguments"
expect_line "This repository refuses the push ('git push --no-verify' does not skip its checks):" \
	"update: server wording"

# the pre-commit framework reads pre-push's input itself and exports the range
run "$r" env PRE_COMMIT_FROM_REF="$base" PRE_COMMIT_TO_REF="$tip" \
	PRE_COMMIT_REMOTE_BRANCH=refs/heads/main "$SPECSYNC" hooks run pre-push origin url
expect_status 1 "pre-push under the pre-commit framework: the exported range is checked"
expect_line "specsync: refs/heads/main $(echo "$base" | cut -c1-12)..$(echo "$tip" | cut -c1-12)" \
	"pre-commit framework: the range from its environment"

# ---- post-commit --------------------------------------------------------------------------
run "$r" "$SPECSYNC" hooks run post-commit
expect_status 0 "post-commit exits 0"
expect_line "  Tell: Alice Martin <alice@example.org>  (Consulted: AMOA)" "post-commit: whom to tell"

# ---- no configuration; a broken configuration --------------------------------------------------
n=$tmp/none
mkdir -p "$n"
git init -q "$n"
echo "x" >"$n/file"
git -C "$n" add -A
run "$n" "$SPECSYNC" hooks run commit-msg "$tmp/msg"
expect_status 0 "no .specsync.yml: commit-msg lets the commit through"
expect_line "specsync: no .specsync.yml in this repository: nothing to check" "no .specsync.yml: says so"
run "$n" "$SPECSYNC" hooks install
expect_status 0 "install without .specsync.yml"
expect_line "note: there is no .specsync.yml at the root of the working tree yet: the hooks check nothing until there is one" \
	"install warns that there is nothing to check yet"

echo "version: [" >"$r/.specsync.yml"
run "$r" "$SPECSYNC" hooks run pre-commit
expect_status 2 "a broken configuration stops the commit at pre-commit"
expect_has "specsync: error: .specsync.yml:" "pre-commit: the configuration error names the file"
run "$r" "$SPECSYNC" hooks run commit-msg "$tmp/msg"
expect_status 2 "a broken configuration: commit-msg exit 2"
run "$r" "$SPECSYNC" hooks run post-commit
expect_status 0 "a broken configuration: post-commit still exits 0"

finish
