#!/bin/sh
# specsync.yml(5), the configuration reference an installed user has:
# every key the configuration loader accepts (the key lists of
# src/lib/config/config*.c) is described in it, it renders without groff warnings,
# and the messages that send users to documentation name it, not files of
# the source tree (examples/, the README) that an installed user lacks.
. "$(dirname "$0")/hooks-lib.sh"

page=$SPECSYNC_SOURCE_DIR/docs/specsync.yml.5
# the page as text: roff escapes and font changes removed
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$page" >"$tmp/page"

# the quoted strings of each `static const char *const X_keys[] = { ... };`
keys=$(awk '/^static const char \*const [a-z]+_keys\[\] = \{/ { on = 1 } on { print } on && /\};/ { on = 0 }' "$SPECSYNC_SOURCE_DIR"/src/lib/config/config*.c |
	grep -o '"[^"]*"' | tr -d '"' | sort -u)
n=0
for k in $keys; do
	n=$((n + 1))
	if grep -Eq "^\.(B|BR|IR|RB) \"?$k\b" "$tmp/page"; then ok "specsync.yml(5) describes '$k'"; else not_ok "specsync.yml(5) describes '$k'"; fi
done
if [ "$n" -ge 25 ]; then ok "$n configuration keys found in config*.c"; else not_ok "only $n configuration keys found in config*.c"; fi

if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$page" >"$tmp/groff" 2>&1 || true
	if [ -s "$tmp/groff" ]; then not_ok "specsync.yml(5) renders without warnings: $(cat "$tmp/groff")"; else ok "specsync.yml(5) renders without warnings"; fi
fi

r=$tmp/repo
mkdir -p "$r"
git init -q "$r"
run "$r" "$SPECSYNC" audit
expect_status 2 "audit without .specsync.yml"
if grep -qF "'specsync init' proposes one; its reference is 'man 5 specsync.yml'" "$tmp/out"; then
	ok "the message names specsync init and specsync.yml(5)"
else
	not_ok "the message names specsync init and specsync.yml(5)"
fi
if grep -rn 'see examples/\|see the README' "$SPECSYNC_SOURCE_DIR/src" >"$tmp/refs"; then
	not_ok "no message sends users to examples/ or the README: $(cat "$tmp/refs")"
else
	ok "no message sends users to examples/ or the README"
fi

finish
