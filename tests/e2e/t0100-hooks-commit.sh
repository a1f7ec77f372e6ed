#!/bin/sh
# End-to-end: the installed commit hooks with real git. A one-sided commit
# is refused with a message that says what to do; a Sync-Ack from the right
# person lets it through, from the wrong person does not; post-commit names
# whom to tell, also for a root commit.
. "$(dirname "$0")/hooks-lib.sh"

r=$tmp/repo
new_repo "$r"

# ---- install --------------------------------------------------------------
run "$r" "$SPECSYNC" hooks install
expect_status 0 "install"
expect_line "specsync: hooks in $r/.git/hooks" "install names the hooks directory"
for h in pre-commit commit-msg post-commit pre-push; do
	expect_line "  $(printf '%-12s' $h) installed" "install: $h installed"
	expect_cmp "$r/.git/hooks/$h" "$SPECSYNC_SOURCE_DIR/hooks/$h" \
		"$h is byte for byte hooks/$h, mode 755"
done
if [ -e "$r/.git/hooks/pre-receive" ]; then not_ok "no pre-receive in a working repository"; else ok "no pre-receive in a working repository"; fi
run "$r" "$SPECSYNC" hooks install
expect_status 0 "install again"
expect_line "  commit-msg   already installed" "install again changes nothing"

# ---- a one-sided commit is refused ----------------------------------------
before=$(head_of "$r")
func "$r" "Every customer receives one invoice per month, with late fees."
git -C "$r" add -A
who alice
run "$r" git commit -m "Invoices: late fees"
expect_status 1 "one-sided commit refused"
expect_same "$(head_of "$r")" "$before" "no commit was made"
expect_line "specsync: heads-up: this commit leaves requirements unsynchronised:" \
	"pre-commit gives a heads-up"
expect_line "  REQ-INV-001 changed on the functional side; the technical side must follow (specs/technical/invoicing.md:3)  [error]" \
	"heads-up names the requirement and the counterpart"
expect_line "specsync: this change leaves 1 requirement unsynchronised" "commit-msg refuses"
expect_line "  REQ-INV-001 changed on the functional side; the technical side must follow  [error]" \
	"the refusal names the requirement and the lagging side"
expect_line "    either update specs/technical/invoicing.md:3 and stage it in this commit" \
	"the refusal names the counterpart file:line"
expect_line "      its Responsible (AMOE): Chloe Durand <chloe@example.org>, David Nguyen <david@example.org>" \
	"the refusal names the Responsible"
expect_line "      or its Accountable (Project lead): Pauline Roux <pauline@example.org>" \
	"the refusal names the Accountable"
expect_line "        Sync-Ack: REQ-INV-001 <reason>" "the refusal gives the exact Sync-Ack line"
expect_line "To commit anyway (not recommended): git commit --no-verify" \
	"the refusal says how to bypass"

# ---- acknowledged by the wrong person ---------------------------------------
who alice
run "$r" git commit -m "Invoices: late fees" -m "Sync-Ack: REQ-INV-001 no technical impact"
expect_status 1 "Sync-Ack from the functional side's own Responsible refused"
expect_has "Alice Martin <alice@example.org> may not acknowledge REQ-INV-001" \
	"the refusal says the acknowledgement is not hers to make"
expect_same "$(head_of "$r")" "$before" "still no commit"

# ---- acknowledged by the right person -----------------------------------------
who david
run "$r" git commit -m "Invoices: late fees" -m "Sync-Ack: REQ-INV-001 no technical impact"
expect_status 0 "Sync-Ack from the technical Responsible accepted"
expect_same "$(git -C "$r" log -1 --format=%an)" "David Nguyen" "the commit is David's"
expect_not "Tell:" "post-commit: an acknowledged change concerns nobody"
expect_has "David Nguyen <david@example.org> changed the functional side of REQ-INV-001 without being its Responsible or Accountable  [warning]" \
	"his edit of the functional side is reported as out of role (a warning)"

# ---- acknowledged through Co-authored-by ------------------------------------------
func "$r" "Every customer receives one invoice per month, with late fees of 1%."
git -C "$r" add -A
who alice
run "$r" git commit -m "Invoices: late fee rate" -m "Sync-Ack: REQ-INV-001 rate only
Co-authored-by: Pauline Roux <pauline@example.org>"
expect_status 0 "Sync-Ack with the technical Accountable as co-author accepted"

# ---- both sides in one commit ---------------------------------------------------
func "$r" "Every customer receives one invoice per month."
tech "$r" "A nightly job generates the invoices; late fees are gone."
git -C "$r" add -A
who pauline
run "$r" git commit -m "Drop late fees on both sides"
expect_status 0 "a commit that changes both sides is accepted"
expect_not "this change leaves" "it leaves nothing unsynchronised"
expect_line "  REQ-INV-001 Pauline Roux <pauline@example.org> changed the functional side of REQ-INV-001 without being its Responsible or Accountable  [warning]" \
	"one author for both sides: the other side's edit is out of role (a warning)"

# ---- bypassed: post-commit names whom to tell -------------------------------------
cat >"$r/specs/functional/invoicing.md" <<'MD'
# Invoicing

## REQ-INV-001 Monthly invoice

Every customer receives one invoice per month.

## REQ-INV-002 VAT

VAT is computed per line, then rounded to the cent.
MD
git -C "$r" add -A
who alice
run "$r" git commit --no-verify -m "VAT per line"
expect_status 0 "git commit --no-verify bypasses the refusal"
expect_line "specsync: REQ-INV-002 changed on the functional side; the technical side must follow  [error]" \
	"post-commit names the requirement"
expect_line "  Tell: Sophie Laurent <sophie@example.org>  (Informed: Sponsor)" \
	"post-commit: tell the Informed"
expect_line "  Tell: Alice Martin <alice@example.org>  (Consulted: AMOA)" \
	"post-commit: tell the Consulted"
expect_line "  Act:  Chloe Durand <chloe@example.org>, David Nguyen <david@example.org>  (Responsible: AMOE)" \
	"post-commit: who must act"

# an unrelated commit afterwards: the pending requirement is not its doing
echo "more" >>"$r/README.md"
git -C "$r" add -A
who pauline
run "$r" git commit -m "README"
expect_status 0 "an unrelated commit passes while another requirement is pending"
expect_line "  1 requirement was already unsynchronised before this change: REQ-INV-002, technical side lags since 2025-01-01" \
	"and mentions what was already pending, in one line"
expect_not "Tell:" "post-commit: nothing new to tell"

# ---- the root commit --------------------------------------------------------------
r2=$tmp/fresh
mkdir -p "$r2/specs/functional"
git init -q "$r2"
write_config "$r2"
run "$r2" "$SPECSYNC" hooks install
expect_status 0 "install before the first commit"
func "$r2" "Every customer receives one invoice per month."
git -C "$r2" add -A
who alice
run "$r2" git commit -m "Functional specification first"
expect_status 1 "a one-sided root commit is refused"
expect_line "    either add it to the technical documents and stage it in this commit" \
	"the refusal says the requirement is missing on the other side"
run "$r2" git commit --no-verify -m "Functional specification first"
expect_status 0 "root commit with --no-verify"
expect_line "specsync: REQ-INV-001 changed on the functional side; the technical side must follow  [error]" \
	"post-commit checks the root commit"
expect_line "  Tell: Sophie Laurent <sophie@example.org>  (Informed: Sponsor)" \
	"post-commit of the root commit names whom to tell"

finish
