#!/bin/sh
# End-to-end with the real husky (9, and 8 for the .husky layout of 5-8) and
# lefthook: the instructions 'specsync hooks install' prints, followed
# literally, give hooks that work (commit refused, acknowledged, post-commit
# message, pushes checked).
#
# The tools come from npm: scripts/deps.sh --test installs them into
# /usr/local/lib/specsync-test-npm (SPECSYNC_NPM_TOOLS overrides), so that
# the test runs offline; without that directory the test installs them into
# its sandbox (network needed). Skipped (77) only when npm is missing.
. "$(dirname "$0")/hooks-lib.sh"

tools=${SPECSYNC_NPM_TOOLS:-/usr/local/lib/specsync-test-npm}
if [ ! -f "$tools/node_modules/husky/bin.js" ] || [ ! -f "$tools/node_modules/husky8/lib/bin.js" ] ||
	[ ! -x "$tools/node_modules/.bin/lefthook" ]; then
	if ! command -v npm >/dev/null 2>&1; then
		echo "# npm is missing (sh scripts/deps.sh --test installs it): skipped"
		exit 77
	fi
	tools=$tmp/npm
	if ! npm install --prefix "$tools" --no-audit --no-fund --ignore-scripts \
		husky@9.1.7 husky8@npm:husky@8.0.3 lefthook@2.2.4 >"$tmp/out" 2>&1; then
		not_ok "npm install husky and lefthook (run sh scripts/deps.sh --test)"
		finish
	fi
fi
echo "# husky $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$tools/node_modules/husky/package.json"), husky $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$tools/node_modules/husky8/package.json"), lefthook $("$tools/node_modules/.bin/lefthook" version)"

mkdir -p "$tmp/bin"
ln -s "$SPECSYNC" "$tmp/bin/specsync"
PATH=$tmp/bin:$tools/node_modules/.bin:$PATH
export PATH

# printed_commands: the indented commands of the husky instructions
printed_commands() {
	sed -n 's/^  \(printf .*\|chmod .*\)$/\1/p' "$tmp/out"
}

# ---- husky 9: core.hooksPath=.husky/_, .husky/HOOK run by sh ------------------
# (under valgrind, SPECSYNC_E2E_LIGHT: husky 8 and lefthook only)
if [ -z "${SPECSYNC_E2E_LIGHT:-}" ]; then
r=$tmp/husky9
new_repo "$r"
printf '{ "name": "billing", "private": true, "scripts": { "test": "true" } }\n' >"$r/package.json"
run "$r" node "$tools/node_modules/husky/bin.js" init
expect_status 0 "husky 9: husky init"
expect_same "$(git -C "$r" config core.hooksPath)" ".husky/_" "husky 9: core.hooksPath is .husky/_"
run "$r" "$SPECSYNC" hooks install
expect_status 0 "husky 9: hooks install defers to husky"
expect_line "specsync: husky manages this repository's hooks (core.hooksPath is .husky/_): nothing installed." \
	"husky 9: detected"
printed_commands >"$tmp/husky.sh"
expect_same "$(wc -l <"$tmp/husky.sh")" "4" "husky: four commands printed"
run "$r" sh -e "$tmp/husky.sh"
expect_status 0 "husky 9: the printed commands run as they are"
git -C "$r" add -A
who pauline
run "$r" git commit -q -m "husky and specsync"
expect_status 0 "husky 9: commit the hooks"
managed_scenario "$r" "husky 9"
fi

# ---- husky 8 (the layout of 5-8): core.hooksPath=.husky, run by git -----------
r=$tmp/husky8
new_repo "$r"
run "$r" node "$tools/node_modules/husky8/lib/bin.js" install
expect_status 0 "husky 8: husky install"
expect_same "$(git -C "$r" config core.hooksPath)" ".husky" "husky 8: core.hooksPath is .husky"
run "$r" "$SPECSYNC" hooks install
expect_line "specsync: husky manages this repository's hooks (core.hooksPath is .husky): nothing installed." \
	"husky 8: detected"
printed_commands >"$tmp/husky.sh"
# without the chmod, git would skip the hooks: the printed commands must
# leave them executable
run "$r" sh -e "$tmp/husky.sh"
expect_status 0 "husky 8: the printed commands run as they are"
for h in commit-msg post-commit pre-push; do
	if [ -x "$r/.husky/$h" ]; then ok "husky 8: .husky/$h is executable"; else not_ok "husky 8: .husky/$h is executable"; fi
done
git -C "$r" add -A
who pauline
run "$r" git commit -q -m "husky and specsync"
expect_status 0 "husky 8: commit the hooks"
managed_scenario "$r" "husky 8"

# ---- lefthook -------------------------------------------------------------------
r=$tmp/lefthook
new_repo "$r"
printf 'pre-commit:\n  commands:\n    lint:\n      run: "true"\n' >"$r/lefthook.yml"
run "$r" "$SPECSYNC" hooks install
expect_line "specsync: lefthook manages this repository's hooks (lefthook.yml at the root of the working tree): nothing installed." \
	"lefthook: detected"
expect_line "Add this to lefthook.yml, then run 'lefthook install':" "lefthook: what to do"
# "add this": the printed block, appended as it is
sed -n '/^commit-msg:$/,$p' "$tmp/out" >>"$r/lefthook.yml"
run "$r" lefthook validate
expect_status 0 "lefthook: lefthook validate accepts the result"
run "$r" lefthook install
expect_status 0 "lefthook: lefthook install"
git -C "$r" add -A
who pauline
run "$r" git commit -q -m "lefthook and specsync"
expect_status 0 "lefthook: commit the configuration"
managed_scenario "$r" "lefthook"

finish
