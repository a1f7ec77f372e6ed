#!/bin/sh
# End-to-end: merge commits through the hooks. Concluding a merge (git
# merge, or git commit after resolving a conflict) counts the merged
# commits' acknowledgements, as the audit does for a merge commit.
. "$(dirname "$0")/hooks-lib.sh"

r=$tmp/repo
new_repo "$r"
run "$r" "$SPECSYNC" hooks install
expect_status 0 "install"

# a feature branch with a one-sided change, acknowledged by a technical
# Responsible as co-author
git -C "$r" checkout -q -b feature
func "$r" "Every customer receives one invoice per month, on paper or by e-mail."
git -C "$r" add -A
who alice
run "$r" git commit -m "Invoices on paper or by e-mail" -m "Sync-Ack: REQ-INV-001 delivery only
Co-authored-by: David Nguyen <david@example.org>"
expect_status 0 "acknowledged one-sided commit on the branch"

# main moves on meanwhile
git -C "$r" checkout -q main
echo "Contact: billing@example.org" >>"$r/README.md"
git -C "$r" add -A
who pauline
run "$r" git commit -m "README: contact"
expect_status 0 "unrelated commit on main"

# ---- git merge (no conflict) ------------------------------------------------------
who pauline
run "$r" git merge --no-ff -m "Merge feature" feature
expect_status 0 "merging an acknowledged branch is accepted"
expect_line "specsync: no new unsynchronised requirement" "the merged commit's acknowledgement counts"
expect_not "Pauline Roux <pauline@example.org> changed the functional side" \
	"the person merging does not answer for the merged edits"
expect_same "$(git -C "$r" rev-list --parents -1 HEAD | wc -w)" "3" "a merge commit was made"
expect_not "Tell:" "post-commit: the merge leaves nothing unsynchronised"

# ---- a branch with an unacknowledged one-sided change ---------------------------------
git -C "$r" checkout -q -b feature2
cat >"$r/specs/functional/invoicing.md" <<'MD'
# Invoicing

## REQ-INV-001 Monthly invoice

Every customer receives one invoice per month, on paper or by e-mail.

## REQ-INV-002 VAT

VAT is computed per line.
MD
git -C "$r" add -A
who alice
run "$r" git commit --no-verify -m "VAT per line"
expect_status 0 "one-sided commit on a branch with --no-verify"
git -C "$r" checkout -q main
before=$(head_of "$r")
who pauline
run "$r" git merge --no-ff -m "Merge feature2" feature2
expect_status 1 "merging an unsynchronised branch is refused"
expect_line "  REQ-INV-002 changed on the functional side; the technical side must follow  [error]" \
	"the refusal names the requirement"
expect_same "$(head_of "$r")" "$before" "no merge commit"
git -C "$r" merge --abort

# ---- a conflict, resolved, then git commit --------------------------------------------
git -C "$r" checkout -q -b feature3
echo "Contact: invoices@example.org" >"$r/README.md"
func "$r" "Every customer receives one invoice per month, by e-mail only."
git -C "$r" add -A
who alice
run "$r" git commit -m "E-mail only" -m "Sync-Ack: REQ-INV-001 delivery only
Co-authored-by: Chloe Durand <chloe@example.org>"
expect_status 0 "acknowledged commit on a third branch"
git -C "$r" checkout -q main
echo "Contact: accounts@example.org" >"$r/README.md"
git -C "$r" add -A
who pauline
run "$r" git commit -m "README: accounts"
expect_status 0 "conflicting commit on main"
run "$r" git merge --no-ff -m "Merge feature3" feature3
expect_status 1 "the merge stops on the conflict"
expect_has "CONFLICT (content): Merge conflict in README.md" "git reports the conflict"
echo "Contact: accounts@example.org" >"$r/README.md"
git -C "$r" add README.md
run "$r" git commit --no-edit
expect_status 0 "git commit concluding the merge is accepted"
expect_line "specsync: no new unsynchronised requirement" \
	"the merged acknowledgement counts after a conflict too"
expect_same "$(git -C "$r" rev-list --parents -1 HEAD | wc -w)" "3" "the merge commit was made"

finish
