#!/bin/sh
# End-to-end: where the hooks go. core.hooksPath (relative to the working
# tree root, wherever install runs from; absolute), and linked worktrees,
# which share the common git directory's hooks.
. "$(dirname "$0")/hooks-lib.sh"

# ---- core.hooksPath, relative, install run from a subdirectory -----------------------
r=$tmp/repo
new_repo "$r"
git -C "$r" config core.hooksPath githooks
run "$r/specs/functional" "$SPECSYNC" hooks install
expect_status 0 "install with a relative core.hooksPath, from a subdirectory"
expect_line "specsync: hooks in $r/githooks" "the hooks go to the path relative to the working tree root"
for h in pre-commit commit-msg post-commit pre-push; do
	expect_cmp "$r/githooks/$h" "$SPECSYNC_SOURCE_DIR/hooks/$h" "githooks/$h installed"
done
if ls "$r/.git/hooks" | grep -qv '\.sample$'; then not_ok ".git/hooks untouched"; else ok ".git/hooks untouched"; fi
func "$r" "Every customer receives one invoice per month, or none."
git -C "$r" add specs
who alice
run "$r/specs" git commit -m "None"
expect_status 1 "git runs the hooks from core.hooksPath: one-sided commit refused"
expect_line "  REQ-INV-001 changed on the functional side; the technical side must follow  [error]" \
	"core.hooksPath: the refusal"
git -C "$r" reset -q --hard
expect_cmp "$r/githooks/pre-commit" "$SPECSYNC_SOURCE_DIR/hooks/pre-commit" "the hooks are still there"
run "$r" "$SPECSYNC" hooks uninstall
expect_status 0 "uninstall from core.hooksPath"
expect_line "  commit-msg   removed" "uninstall removes them from core.hooksPath"
if [ -d "$r/githooks" ] && [ -z "$(ls -A "$r/githooks")" ]; then ok "core.hooksPath emptied"; else not_ok "core.hooksPath emptied"; fi

# ---- core.hooksPath, absolute --------------------------------------------------------
git -C "$r" config core.hooksPath "$tmp/shared-hooks"
run "$r" "$SPECSYNC" hooks install commit-msg
expect_status 0 "install one hook into an absolute core.hooksPath"
expect_line "specsync: hooks in $tmp/shared-hooks" "the absolute path is used"
expect_line "  commit-msg   installed" "only the hook named"
if [ -e "$tmp/shared-hooks/pre-commit" ]; then not_ok "only commit-msg"; else ok "only commit-msg"; fi
func "$r" "Every customer receives one invoice per month, or none."
git -C "$r" add specs
who alice
run "$r" git commit -m "None"
expect_status 1 "absolute core.hooksPath: one-sided commit refused"
git -C "$r" reset -q --hard
git -C "$r" config --unset core.hooksPath

# ---- a linked worktree -------------------------------------------------------------
git -C "$r" worktree add -q "$tmp/wt" -b topic
run "$tmp/wt" "$SPECSYNC" hooks install
expect_status 0 "install from a linked worktree"
expect_line "specsync: hooks in $r/.git/hooks" "the hooks go to the common git directory"
run "$r" "$SPECSYNC" hooks install
expect_line "  pre-commit   already installed" "the main worktree sees the same hooks"

func "$tmp/wt" "Every customer receives one invoice per month, in the worktree."
git -C "$tmp/wt" add -A
who alice
before=$(head_of "$tmp/wt")
run "$tmp/wt" git commit -m "Worktree change"
expect_status 1 "linked worktree: one-sided commit refused"
expect_line "    either update specs/technical/invoicing.md:3 and stage it in this commit" \
	"linked worktree: the refusal names the counterpart"
expect_same "$(head_of "$tmp/wt")" "$before" "linked worktree: no commit"
tech "$tmp/wt" "A nightly job generates the invoices, in the worktree."
who chloe
run "$tmp/wt" git commit -a -m "Worktree change" -m "Co-authored-by: Alice Martin <alice@example.org>"
expect_status 0 "linked worktree: commit -a with both sides accepted"
expect_same "$(git -C "$r" rev-parse topic)" "$(head_of "$tmp/wt")" "the topic branch moved"
expect_same "$(head_of "$r")" "$(git -C "$r" rev-parse main)" "the main worktree stayed on main"

finish
