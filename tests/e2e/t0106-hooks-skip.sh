#!/bin/sh
# End-to-end: SPECSYNC_SKIP=1 makes every hook skip specsync (in the
# scripts and in 'hooks run'), while chained hooks still run; a missing
# specsync program makes the blocking hooks fail loudly, never pass
# silently.
. "$(dirname "$0")/hooks-lib.sh"

r=$tmp/repo
new_repo "$r"
cat >"$r/.git/hooks/pre-commit" <<'SH'
#!/bin/sh
echo "foreign pre-commit ran"
SH
chmod 755 "$r/.git/hooks/pre-commit"
run "$r" "$SPECSYNC" hooks install
expect_status 0 "install"

# ---- SPECSYNC_SKIP=1 ------------------------------------------------------------------
func "$r" "Every customer receives one invoice per week."
git -C "$r" add -A
who alice
run "$r" env SPECSYNC_SKIP=1 git commit -m "Weekly invoices"
expect_status 0 "SPECSYNC_SKIP=1: the one-sided commit goes through"
expect_line "specsync: SPECSYNC_SKIP is set: pre-commit not checked" "pre-commit says it skipped"
expect_line "specsync: SPECSYNC_SKIP is set: commit-msg not checked" "commit-msg says it skipped"
expect_line "specsync: SPECSYNC_SKIP is set: post-commit not checked" "post-commit says it skipped"
expect_line "foreign pre-commit ran" "the chained hook still runs"
expect_not "this change leaves" "specsync did not check"

git init -q --bare "$tmp/remote.git"
git -C "$r" remote add origin "$tmp/remote.git"
run "$r" env SPECSYNC_SKIP=1 git push origin main
expect_status 0 "SPECSYNC_SKIP=1: push goes through"
expect_line "specsync: SPECSYNC_SKIP is set: pre-push not checked" "pre-push says it skipped"

# the program itself honours it too (hook managers call it directly)
printf 'Weekly invoices\n' >"$tmp/msg"
run "$r" env SPECSYNC_SKIP=1 "$SPECSYNC" hooks run commit-msg "$tmp/msg"
expect_status 0 "SPECSYNC_SKIP=1 specsync hooks run commit-msg"
expect_line "specsync: SPECSYNC_SKIP is set: commit-msg not checked" "hooks run says it skipped"
run "$r" env SPECSYNC_SKIP=0 git commit --allow-empty -m "Nothing"
expect_status 0 "SPECSYNC_SKIP=0 does not skip"
expect_not "SPECSYNC_SKIP" "SPECSYNC_SKIP=0: no skip message"
expect_line "  1 requirement was already unsynchronised before this change: REQ-INV-001, technical side lags since 2025-01-01" \
	"SPECSYNC_SKIP=0: specsync checked"

# ---- specsync cannot be found ------------------------------------------------------------
func "$r" "Every customer receives one invoice per fortnight."
git -C "$r" add -A
before=$(head_of "$r")
run "$r" env SPECSYNC="$tmp/nowhere/specsync" git commit -m "Fortnightly"
expect_status 1 "missing program: the commit is refused"
expect_line "specsync: cannot find '$tmp/nowhere/specsync' (set SPECSYNC to its path or add it to PATH): the pre-commit hook refuses to let the commit through unchecked" \
	"pre-commit says what is missing and how to fix it"
expect_line "specsync: to commit anyway: git commit --no-verify" "and how to bypass"
expect_same "$(head_of "$r")" "$before" "missing program: no commit"
run "$r" sh -c 'unset SPECSYNC; PATH=/usr/bin:/bin exec git commit -m Fortnightly'
expect_status 1 "not on PATH either: refused"
expect_has "specsync: cannot find 'specsync' (set SPECSYNC to its path or add it to PATH)" \
	"the default name is looked up on PATH"
run "$r" env SPECSYNC="$tmp/nowhere/specsync" git commit --no-verify -m "Fortnightly"
expect_status 0 "--no-verify gets past it"
expect_line "specsync: cannot find '$tmp/nowhere/specsync' (set SPECSYNC to its path or add it to PATH): nobody was told about this commit" \
	"post-commit says nobody was told"
run "$r" env SPECSYNC="$tmp/nowhere/specsync" git push origin main
expect_status 1 "missing program: the push is refused"
expect_has "the pre-push hook refuses to let the push through unchecked" "pre-push says so"

finish
