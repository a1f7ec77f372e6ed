#!/bin/sh
# The man page and --help are tested against each other: every command of
# 'specsync --help' has its subsection in docs/specsync.1; every option of
# 'specsync <command> --help' is described in that subsection, and every
# option the subsection describes is in --help; every hook and environment
# variable the help names is in the man page.
. "$(dirname "$0")/hooks-lib.sh"

man=$SPECSYNC_SOURCE_DIR/docs/specsync.1
# the page as text: roff escapes and font changes removed
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/--/g' "$man" >"$tmp/man"

# section CMD: the lines of the subsection of CMD, up to the next one
section() {
	awk -v cmd="$1" '
		/^\.S[SH] / { inside = index($0, ".SS \"specsync " cmd) == 1 }
		inside' "$tmp/man"
}

# options TEXT-FILE: the options a help text mentions
options() {
	grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' "$1" | sed 's/^[^-]*//' | sort -u
}

# described: the options the .TP items of a section define (their first line)
described() {
	awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' | grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' |
		sed 's/^[^-]*//' | sort -u
}

"$SPECSYNC" --help >"$tmp/help"
commands=$(awk '/^Commands:/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' "$tmp/help")
expect_same "$(echo $commands)" "audit check codeowners explain help hooks init lint matrix report version" "specsync --help lists the commands"

for c in $commands; do
	if grep -q "^\.SS \"specsync $c" "$tmp/man"; then
		ok "man page: a subsection for '$c'"
	else
		not_ok "man page: a subsection for '$c'"
		continue
	fi
	# version has no options; help --help is the command list
	case $c in version | help) continue ;; esac
	"$SPECSYNC" "$c" --help >"$tmp/chelp"
	section "$c" >"$tmp/section"
	for o in $(options "$tmp/chelp"); do
		if grep -qe "$o" "$tmp/section"; then
			ok "man page: '$c $o' described"
		else
			not_ok "man page: '$c $o' is in --help but not in the man page's $c subsection"
		fi
	done
	for o in $(described <"$tmp/section"); do
		if options "$tmp/chelp" | grep -qxe "$o"; then
			ok "--help: '$c $o' listed"
		else
			not_ok "--help: '$c $o' is described in the man page but not in '$c --help'"
		fi
	done
done

# the subcommands and hooks of 'hooks'
section hooks >"$tmp/section"
for sub in install uninstall run; do
	if grep -Eq "^\.BI? $sub( |$)" "$tmp/section"; then ok "man page: 'hooks $sub' described"; else not_ok "man page: 'hooks $sub' described"; fi
done
set +e
"$SPECSYNC" hooks run no-such-hook 2>"$tmp/err"
set -e
names=$(sed -n 's/.*unknown hook .* (expected one of: \(.*\))$/\1/p' "$tmp/err" | tr -d ,)
expect_same "$names" "pre-commit commit-msg post-commit pre-push pre-receive update" "the hooks specsync knows"
for h in $names; do
	if grep -Eq "^\.BI? $h( |$)" "$tmp/section"; then ok "man page: 'hooks run $h' described"; else not_ok "man page: 'hooks run $h' described"; fi
	if [ -f "$SPECSYNC_SOURCE_DIR/hooks/$h" ]; then ok "hooks/$h exists"; else not_ok "hooks/$h exists"; fi
done

# environment variables named by any help text
cat "$tmp/help" >"$tmp/all"
for c in audit check explain matrix lint hooks; do "$SPECSYNC" "$c" --help >>"$tmp/all"; done
awk '/^\.SH ENVIRONMENT/ { on = 1; next } /^\.SH/ { on = 0 } on' "$tmp/man" >"$tmp/env"
for v in $(grep -oE '(SPECSYNC[A-Z_]*|NO_COLOR|GIT_[A-Z_]+|PRE_COMMIT_[A-Z_]+)' "$tmp/all" | sort -u); do
	if grep -qw "$v" "$tmp/env"; then ok "man page: environment variable $v"; else not_ok "man page: environment variable $v"; fi
done

# the page is well-formed roff
if command -v groff >/dev/null 2>&1; then
	if groff -man -Tutf8 -ww -z "$man" 2>"$tmp/groff" && [ ! -s "$tmp/groff" ]; then
		ok "groff formats the page without a warning"
	else
		not_ok "groff formats the page without a warning ($(head -3 "$tmp/groff"))"
	fi
fi
expect_same "$(cat "$SPECSYNC_SOURCE_DIR/docs/git-specsync.1")" ".so man1/specsync.1" \
	"git-specsync(1) is specsync(1)"

finish
