#!/bin/sh
# End-to-end: the commit hooks check what the commit will contain, not the
# index file: 'git commit -a' and 'git commit -- path' (git points
# GIT_INDEX_FILE at a temporary index), and 'git commit --amend'.
. "$(dirname "$0")/hooks-lib.sh"

r=$tmp/repo
new_repo "$r"
run "$r" "$SPECSYNC" hooks install
expect_status 0 "install"

# ---- git commit -a --------------------------------------------------------------
before=$(head_of "$r")
func "$r" "Every customer receives one invoice per month, by e-mail."
who alice
run "$r" git commit -a -m "Invoices by e-mail"
expect_status 1 "commit -a of an unstaged one-sided change refused"
expect_line "  REQ-INV-001 changed on the functional side; the technical side must follow  [error]" \
	"commit -a: the unstaged functional change is what is checked"
expect_same "$(head_of "$r")" "$before" "commit -a: no commit"
tech "$r" "A nightly job e-mails the invoices on the first day."
who chloe
run "$r" git commit -a -m "Invoices by e-mail" -m "Co-authored-by: Alice Martin <alice@example.org>"
expect_status 0 "commit -a with both sides accepted"
expect_not "this change leaves" "commit -a: nothing left behind"

# ---- git commit -- path -----------------------------------------------------------
# The technical change is staged, the functional one is not; committing only
# the functional file leaves the staged technical change out of the commit.
before=$(head_of "$r")
tech "$r" "A nightly job e-mails the invoices, in PDF."
git -C "$r" add specs/technical/invoicing.md
func "$r" "Every customer receives one invoice per month, by e-mail, in PDF."
who alice
run "$r" git commit -m "PDF" -- specs/functional/invoicing.md
expect_status 1 "commit -- path of a one-sided change refused"
expect_line "  REQ-INV-001 changed on the functional side; the technical side must follow  [error]" \
	"commit -- path: the named path is checked, not the index (where only the technical side changed)"
expect_same "$(head_of "$r")" "$before" "commit -- path: no commit"
who chloe
run "$r" git commit -m "PDF" -m "Co-authored-by: Alice Martin <alice@example.org>" -- \
	specs/functional/invoicing.md specs/technical/invoicing.md
expect_status 0 "commit -- both paths accepted"

# ---- git commit --amend --------------------------------------------------------------
# a one-sided commit made with --no-verify, then amended with the other side
func "$r" "Every customer receives one invoice per month, by e-mail, in PDF/A."
who alice
run "$r" git commit -a --no-verify -m "PDF/A"
expect_status 0 "one-sided commit with --no-verify"
one_sided=$(head_of "$r")
tech "$r" "A nightly job e-mails the invoices, in PDF/A."
git -C "$r" add -A
who alice
run "$r" git commit --amend --no-edit -m "PDF/A" -m "Co-authored-by: Chloe Durand <chloe@example.org>"
expect_status 0 "amend that adds the other side accepted"
expect_line "  resolved: REQ-INV-001 is synchronised again on the technical side" \
	"amend: checked against the commit amended, which it catches up with"
expect_not "Tell:" "post-commit: the amended commit is synchronised"
if [ "$(head_of "$r")" != "$one_sided" ]; then ok "amend replaced the commit"; else not_ok "amend replaced the commit"; fi

# a synchronised commit amended with a one-sided change
before=$(head_of "$r")
func "$r" "Every customer receives one invoice per month, in PDF/A-3."
git -C "$r" add -A
who alice
run "$r" git commit --amend --no-edit
expect_status 1 "amend that adds a one-sided change refused"
expect_line "  REQ-INV-001 changed on the functional side; the technical side must follow  [error]" \
	"amend: the one-sided change is reported"
expect_same "$(head_of "$r")" "$before" "amend refused: HEAD unchanged"
git -C "$r" checkout -q -- .
git -C "$r" reset -q --hard

# Known limit: commit hooks compare the index with HEAD, the commit being
# amended, so an amend that only drops an acknowledgement from the message
# passes; the post-commit hook (and pre-push, pre-receive) see the commit
# as it is.
func "$r" "Every customer receives one invoice per month, in PDF/A-3."
git -C "$r" add -A
who david
run "$r" git commit -m "PDF/A-3" -m "Sync-Ack: REQ-INV-001 format only"
expect_status 0 "acknowledged one-sided commit"
run "$r" git commit --amend -m "PDF/A-3"
expect_status 0 "amend dropping the acknowledgement passes the commit hooks (known limit)"
expect_line "  Tell: Sophie Laurent <sophie@example.org>  (Informed: Sponsor)" \
	"post-commit reports the amended commit as unsynchronised"

finish
