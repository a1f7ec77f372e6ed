#!/bin/sh
# End-to-end: hooks that were there before specsync keep running (first,
# with the same arguments and standard input; their failure stops the
# chain), install is idempotent, --force only replaces specsync's own
# scripts, and uninstall restores the hooks directory byte for byte.
. "$(dirname "$0")/hooks-lib.sh"

r=$tmp/repo
new_repo "$r"
hooks=$r/.git/hooks
git init -q --bare "$tmp/remote.git"
git -C "$r" remote add origin "$tmp/remote.git"

# ---- foreign hooks, with different modes ---------------------------------------------
cat >"$hooks/pre-commit" <<'SH'
#!/bin/sh
# the team's own pre-commit hook
echo "foreign pre-commit ran" >"$(git rev-parse --git-dir)/foreign-pre-commit"
SH
chmod 755 "$hooks/pre-commit"
cat >"$hooks/commit-msg" <<'SH'
#!/bin/sh
# refuses work-in-progress commits
if grep -q WIP "$1"; then
	echo "foreign commit-msg: no WIP commits" >&2
	exit 1
fi
SH
chmod 700 "$hooks/commit-msg"
cat >"$hooks/pre-push" <<'SH'
#!/bin/sh
# records what it is given, refuses pushes to refs/heads/frozen
echo "args: $*" >>"$(git rev-parse --git-dir)/foreign-pre-push"
while read -r lref lsha rref rsha; do
	echo "$lref $lsha $rref $rsha" >>"$(git rev-parse --git-dir)/foreign-pre-push"
	if [ "$rref" = refs/heads/frozen ]; then
		echo "foreign pre-push: frozen is frozen" >&2
		exit 3
	fi
done
SH
chmod 750 "$hooks/pre-push"
mkdir "$tmp/orig"
cp -p "$hooks/pre-commit" "$hooks/commit-msg" "$hooks/pre-push" "$tmp/orig/"
(cd "$hooks" && ls -A | sort) >"$tmp/listing-before"

# ---- install chains them ---------------------------------------------------------------
run "$r" "$SPECSYNC" hooks install
expect_status 0 "install over foreign hooks"
expect_line "  pre-commit   installed; the pre-commit hook that was there runs first (kept as pre-commit.specsync-chained)" \
	"install says the foreign pre-commit is chained"
expect_line "  post-commit  installed" "install: post-commit was free"
for h in pre-commit commit-msg pre-push; do
	expect_cmp "$hooks/$h.specsync-chained" "$tmp/orig/$h" "$h kept as $h.specsync-chained, same bytes and mode"
	expect_cmp "$hooks/$h" "$SPECSYNC_SOURCE_DIR/hooks/$h" "$h is specsync's script"
done

run "$r" "$SPECSYNC" hooks install
expect_status 0 "install again"
for h in pre-commit commit-msg post-commit pre-push; do
	expect_line "  $(printf '%-12s' $h) already installed" "install again: $h unchanged"
done
expect_cmp "$hooks/pre-commit.specsync-chained" "$tmp/orig/pre-commit" "install again leaves the chained hook alone"

# ---- the chain runs ---------------------------------------------------------------------
echo "more" >>"$r/README.md"
git -C "$r" add -A
who pauline
run "$r" git commit -m "README"
expect_status 0 "a clean commit passes both"
if [ -f "$r/.git/foreign-pre-commit" ]; then ok "the chained pre-commit ran"; else not_ok "the chained pre-commit ran"; fi
expect_line "specsync: no new unsynchronised requirement" "specsync's commit-msg ran after the chained one"

before=$(head_of "$r")
echo "even more" >>"$r/README.md"
git -C "$r" add -A
run "$r" git commit -m "WIP readme"
expect_status 1 "the chained commit-msg's refusal stops the commit"
expect_line "foreign commit-msg: no WIP commits" "its message is shown"
expect_not "specsync: no new unsynchronised requirement" "specsync's commit-msg did not run after it failed"
expect_same "$(head_of "$r")" "$before" "no commit"

func "$r" "Every customer receives one invoice per month, or a quarterly one."
git -C "$r" add -A
who alice
run "$r" git commit -m "Quarterly invoices"
expect_status 1 "the chained hooks pass, specsync refuses a one-sided commit"
expect_line "specsync: this change leaves 1 requirement unsynchronised" "specsync's refusal"
git -C "$r" reset -q --hard

# ---- pre-push: both read the same standard input ----------------------------------------------
rm -f "$r/.git/foreign-pre-push"
run "$r" git push -q origin main
expect_status 0 "push through the chained pre-push and specsync's"
main=$(head_of "$r")
expect_same "$(cat "$r/.git/foreign-pre-push")" "args: origin $tmp/remote.git
refs/heads/main $main refs/heads/main 0000000000000000000000000000000000000000" \
	"the chained pre-push got git's arguments and standard input"
expect_line "specsync: refs/heads/main (new, up to $(echo "$main" | cut -c1-12), from the first commit: the remote has none of them)" \
	"specsync's pre-push read the same standard input (the first push: every commit checked)"
run "$r" git push origin main:frozen
expect_status 1 "the chained pre-push's refusal stops the push"
expect_line "foreign pre-push: frozen is frozen" "its message is shown"
expect_not "specsync: refs/heads/frozen" "specsync's pre-push did not run after it failed"
if git -C "$tmp/remote.git" rev-parse -q --verify refs/heads/frozen >/dev/null; then
	not_ok "nothing pushed to frozen"
else
	ok "nothing pushed to frozen"
fi

# ---- --force replaces only specsync's own scripts -----------------------------------------
echo "# edited by hand" >>"$hooks/post-commit"
run "$r" "$SPECSYNC" hooks install
expect_status 1 "install leaves an edited specsync script alone"
expect_line "  post-commit  left alone: a different specsync post-commit is there (another version, or edited); --force replaces it" \
	"and says --force replaces it"
if grep -q "edited by hand" "$hooks/post-commit"; then ok "the edited script is untouched"; else not_ok "the edited script is untouched"; fi
run "$r" "$SPECSYNC" hooks install --force
expect_status 0 "install --force"
expect_line "  post-commit  updated to this version" "install --force replaces specsync's script"
expect_line "  pre-commit   already installed" "install --force leaves the others as they are"
expect_cmp "$hooks/post-commit" "$SPECSYNC_SOURCE_DIR/hooks/post-commit" "post-commit is this version again"
expect_cmp "$hooks/pre-commit.specsync-chained" "$tmp/orig/pre-commit" "--force keeps the chained hook"

# ---- uninstall restores everything ------------------------------------------------------
run "$r" "$SPECSYNC" hooks uninstall
expect_status 0 "uninstall"
expect_line "  pre-commit   removed; the hook that was there before is back" "uninstall restores pre-commit"
expect_line "  post-commit  removed" "uninstall removes post-commit"
for h in pre-commit commit-msg pre-push; do
	expect_cmp "$hooks/$h" "$tmp/orig/$h" "$h restored byte for byte, same mode"
done
(cd "$hooks" && ls -A | sort) >"$tmp/listing-after"
if cmp -s "$tmp/listing-before" "$tmp/listing-after"; then
	ok "the hooks directory lists exactly what it did before install"
else
	not_ok "the hooks directory lists exactly what it did before install ($(diff "$tmp/listing-before" "$tmp/listing-after" | tr '\n' ' '))"
fi
run "$r" "$SPECSYNC" hooks uninstall
expect_status 0 "uninstall again"
expect_line "specsync: no specsync hook in $hooks" "uninstall again: nothing to do"

# ---- a hook and a chained hook both there: nothing is touched ------------------------------
printf '#!/bin/sh\necho older\n' >"$hooks/pre-commit.specsync-chained"
chmod 755 "$hooks/pre-commit.specsync-chained"
cp -p "$hooks/pre-commit.specsync-chained" "$tmp/older"
run "$r" "$SPECSYNC" hooks install pre-commit
expect_status 1 "install refuses to chain over an existing chained hook"
expect_line "  pre-commit   not installed: pre-commit and pre-commit.specsync-chained both exist; move one of them away and run install again" \
	"and says what to do"
expect_cmp "$hooks/pre-commit" "$tmp/orig/pre-commit" "the hook is untouched"
expect_cmp "$hooks/pre-commit.specsync-chained" "$tmp/older" "the chained hook is untouched"
run "$r" "$SPECSYNC" hooks uninstall
expect_status 1 "uninstall with a foreign hook in front of a chained one"
expect_line "  pre-commit   not specsync's: left alone (pre-commit.specsync-chained is still there)" \
	"uninstall leaves both alone and says so"
expect_cmp "$hooks/pre-commit" "$tmp/orig/pre-commit" "uninstall: the hook is untouched"

finish
