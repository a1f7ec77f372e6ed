#!/bin/sh
# End-to-end: pushes. A bare repository's pre-receive hook (installed there)
# refuses an unsynchronised push and accepts a synchronised one, with the
# rules of its own HEAD; the update hook refuses one ref; the client's
# pre-push refuses before anything is sent; deletions are not checked.
# (A push to a local path runs the server's hooks with the client's
# environment, so $SPECSYNC reaches them.)
. "$(dirname "$0")/hooks-lib.sh"

server=$tmp/server.git
git init -q --bare "$server"
run "$server" "$SPECSYNC" hooks install
expect_status 0 "install in a bare repository"
expect_line "specsync: hooks in $server/hooks" "into the bare repository's hooks"
expect_line "  pre-receive  installed" "pre-receive only"
for h in pre-commit commit-msg post-commit pre-push update; do
	if [ -e "$server/hooks/$h" ]; then not_ok "no $h in a bare repository"; else ok "no $h in a bare repository"; fi
done
expect_cmp "$server/hooks/pre-receive" "$SPECSYNC_SOURCE_DIR/hooks/pre-receive" "pre-receive is hooks/pre-receive"

c=$tmp/client
new_repo "$c"
git -C "$c" remote add origin "$server"

# ---- the first push into the empty repository -------------------------------------------
first=$(head_of "$c")
run "$c" git push origin main
expect_status 0 "first push (synchronised history) accepted"
# (git pads the lines it relays after "remote: ", so these match substrings)
expect_has "remote: specsync: refs/heads/main (new, up to $(echo "$first" | cut -c1-12))" \
	"pre-receive checks the new ref"
expect_not "this change leaves" "pre-receive: nothing unsynchronised"
expect_same "$(git -C "$server" rev-parse main)" "$first" "the server has main"

# ---- an unsynchronised push is refused ---------------------------------------------------
func "$c" "Every customer receives one invoice per month, with a QR code."
git -C "$c" add -A
who alice
run "$c" git commit -q --no-verify -m "QR codes on invoices"
run "$c" git push origin main
expect_status 1 "unsynchronised push refused by pre-receive"
expect_has "remote: specsync: refs/heads/main $(echo "$first" | cut -c1-12)..$(head_of "$c" | cut -c1-12)" \
	"pre-receive names the range"
expect_has "remote: specsync: this change leaves 1 requirement unsynchronised" "pre-receive says why"
expect_has "remote:   REQ-INV-001 changed on the functional side; the technical side must follow  [error]" \
	"pre-receive names the requirement"
expect_has "remote:     either update specs/technical/invoicing.md:3 in a new commit" \
	"pre-receive: update the counterpart in a new commit"
expect_has "remote:         Sync-Ack: REQ-INV-001 <reason>" "pre-receive gives the Sync-Ack line"
expect_has "remote: This repository refuses the push ('git push --no-verify' does not skip its checks):" \
	"pre-receive says --no-verify does not help"
expect_has "! [remote rejected] main -> main (pre-receive hook declined)" "git reports the refusal"
expect_same "$(git -C "$server" rev-parse main)" "$first" "the server's main did not move"

# ---- a rule weakened by the push itself does not apply -------------------------------------
sed 's/technical: error, functional: error/technical: off, functional: error/' \
	"$c/.specsync.yml" >"$c/.specsync.yml.new"
mv "$c/.specsync.yml.new" "$c/.specsync.yml"
git -C "$c" add -A
who pauline
run "$c" git commit -q --no-verify -m "Policy: technical lag is fine"
run "$c" git push origin main
expect_status 1 "a push that weakens .specsync.yml is checked with the server's HEAD rules"
expect_has "remote:   REQ-INV-001 changed on the functional side; the technical side must follow  [error]" \
	"the server's rules still call it an error"
git -C "$c" reset -q --hard HEAD~1

# ---- synchronised: accepted ------------------------------------------------------------------
tech "$c" "A nightly job generates the invoices, with a QR code."
git -C "$c" add -A
who chloe
run "$c" git commit -q --no-verify -m "QR codes in the invoice generator"
run "$c" git push origin main
expect_status 0 "the same push with the technical side caught up is accepted"
expect_has "remote: specsync: no new unsynchronised requirement" \
	"pre-receive: the push as a whole leaves nothing behind"
expect_same "$(git -C "$server" rev-parse main)" "$(head_of "$c")" "the server's main moved"

# ---- a new branch, then its deletion -----------------------------------------------------------
git -C "$c" checkout -q -b feature
func "$c" "Every customer receives one invoice per month, with a QR code and an IBAN."
git -C "$c" add -A
who alice
run "$c" git commit -q --no-verify -m "IBAN on invoices"
run "$c" git push origin feature
expect_status 1 "a new branch with an unsynchronised commit is refused"
expect_has "remote: specsync: refs/heads/feature (new, up to $(head_of "$c" | cut -c1-12))" \
	"new branch: checked from its merge base with the default branch"
expect_has "remote: specsync: this change leaves 1 requirement unsynchronised" \
	"new branch: only its own commit counts"
git -C "$c" reset -q --hard HEAD~1
echo "notes" >"$c/NOTES.md"
git -C "$c" add -A
run "$c" git commit -q --no-verify -m "Notes"
run "$c" git push origin feature
expect_status 0 "a new branch without specification changes is accepted"
run "$c" git push origin :feature
expect_status 0 "deleting a branch is accepted"
expect_not "remote: specsync: refs/heads/feature" "a deletion is not checked"

# ---- the update hook refuses one ref ------------------------------------------------------------
run "$server" "$SPECSYNC" hooks uninstall
expect_line "  pre-receive  removed" "uninstall in the bare repository"
run "$server" "$SPECSYNC" hooks install update
expect_status 0 "install the update hook by name"
expect_line "  update       installed" "update installed"
git -C "$c" checkout -q main
func "$c" "Every customer receives one invoice per month, with a QR code, in French."
git -C "$c" add -A
who alice
run "$c" git commit -q --no-verify -m "French invoices"
run "$c" git push origin main feature
expect_status 1 "update hook: the push of main is refused"
expect_has "! [remote rejected] main -> main (hook declined)" "update hook: main refused"
expect_has " * [new branch]      feature -> feature" "update hook: the other ref went through"
run "$server" "$SPECSYNC" hooks uninstall
expect_line "  update       removed" "uninstall removes update"

# ---- the client's pre-push ------------------------------------------------------------------------
run "$server" "$SPECSYNC" hooks install
run "$c" "$SPECSYNC" hooks install
expect_status 0 "install in the client"
server_main=$(git -C "$server" rev-parse main)
run "$c" git push origin main
expect_status 1 "pre-push refuses the unsynchronised push"
expect_line "specsync: refs/heads/main $(echo "$server_main" | cut -c1-12)..$(head_of "$c" | cut -c1-12)" \
	"pre-push names the range"
expect_line "specsync: this change leaves 1 requirement unsynchronised" "pre-push says why"
expect_line "To push anyway (not recommended): git push --no-verify" "pre-push says how to bypass"
expect_not "remote:" "nothing reached the server"
expect_same "$(git -C "$server" rev-parse main)" "$server_main" "the server's main did not move"
run "$c" git push --no-verify origin main
expect_status 1 "with --no-verify the server still refuses"
expect_has "(pre-receive hook declined)" "the server's pre-receive refused it"

finish
