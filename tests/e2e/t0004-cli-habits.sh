#!/bin/sh
# End-to-end: the command line as users of GNU-style tools expect it.
# Mistyped commands, options, formats and hook names get "did you mean";
# 'specsync help CMD' is 'specsync CMD --help'; getopt_long's forms
# (-oFILE, --opt=value, unambiguous prefixes, options after operands, --)
# all work.
set -eu

. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# err_is TEXT WHAT: the first line of stderr is exactly TEXT
err_is() {
	if [ "$(head -1 "$tmp/err")" = "$1" ]; then ok "$2"; else not_ok "$2 (first stderr line should be: $1)"; fi
}

repo=$tmp/repo
mkdir -p "$repo/func" "$repo/tech"
cd "$repo"
git init -q -b main .
cat >.specsync.yml <<'YML'
version: 1
requirements:
  id: '\bREQ-[0-9]{3}\b'
sides:
  functional:
    paths: ["func/**/*.md"]
  technical:
    paths: ["tech/**/*.md"]
YML
printf '# REQ-001 Login\n\nUsers log in.\n' >func/login.md
printf '# REQ-001 Login\n\nbcrypt.\n' >tech/login.md
commit_as "Alice Martin" alice@example.org "Login"
cd "$tmp"

# ---- did you mean -------------------------------------------------------------
run "$repo" audti
expect_status 2 "mistyped command"
err_is "specsync: 'audti' is not a specsync command (did you mean 'audit'?)" "mistyped command: did you mean audit"

run "$repo" frobnicate
expect_status 2 "unknown command, nothing close"
err_is "specsync: 'frobnicate' is not a specsync command" "unknown command: no suggestion when nothing is close"

run "$repo" audit --fromat json
expect_status 2 "mistyped option"
err_is "specsync: unknown option '--fromat' (did you mean '--format'?)" "mistyped option: did you mean --format"

run "$repo" check --stagged
expect_status 2 "mistyped check option"
err_is "specsync: unknown option '--stagged' (did you mean '--staged'?)" "mistyped check option: did you mean --staged"

run "$repo" audit --format jsno
expect_status 2 "mistyped format"
err_is "specsync: unknown format 'jsno' (did you mean 'json'? expected one of: text, json, sarif, junit, github, gitlab, markdown, html, digest, mbox)" \
	"mistyped format: did you mean json"

run "$repo" check --staged --format=sarfi=out.sarif
expect_status 2 "mistyped check format"
err_is "specsync: unknown format 'sarfi' (did you mean 'sarif'? expected one of: text, json, sarif, junit, github, gitlab, markdown, html, digest, mbox)" \
	"mistyped check format: did you mean sarif"

run "$repo" matrix --format cvs
expect_status 2 "mistyped matrix format"
err_is "specsync: unknown format 'cvs' (did you mean 'csv'? expected one of: csv, markdown, json, html)" \
	"mistyped matrix format: did you mean csv"

run "$repo" hooks instal
expect_status 2 "mistyped hooks command"
err_is "specsync: unknown hooks command 'instal' (did you mean 'install'? expected one of: install, uninstall, run)" \
	"mistyped hooks command: did you mean install"

run "$repo" hooks install pre-comit
expect_status 2 "mistyped hook name"
err_is "specsync: unknown hook 'pre-comit' (did you mean 'pre-commit'? expected one of: pre-commit, commit-msg, post-commit, pre-push, pre-receive, update)" \
	"mistyped hook name: did you mean pre-commit"

run "$repo" audit --color allways
expect_status 2 "mistyped --color value"
err_is "specsync: unknown --color value 'allways' (did you mean 'always'? expected one of: auto, always, never)" \
	"mistyped --color value: did you mean always"

run "$repo" audit --co x
expect_status 2 "ambiguous prefix"
err_is "specsync: option '--co' is ambiguous (it could be --config, --color)" "ambiguous prefix: both candidates named"

run "$repo" audit --all=yes
expect_status 2 "a value given to a flag"
err_is "specsync: option '--all' takes no value" "a value given to a flag: said so"

run "$repo" audit -o
expect_status 2 "-o without a value"
err_is "specsync: option '-o' needs a value" "-o without a value: named as typed"

run "$repo" audit -x
expect_status 2 "unknown short option"
err_is "specsync: unknown option '-x'" "unknown short option: named"
if grep -qxF "Try 'specsync audit --help'." "$tmp/err"; then ok "usage errors say where the help is"; else not_ok "usage errors say where the help is"; fi

# ---- help CMD = CMD --help -----------------------------------------------------
for c in audit check explain hooks lint matrix; do
	"$SPECSYNC" help "$c" >"$tmp/a"
	"$SPECSYNC" "$c" --help >"$tmp/b"
	"$SPECSYNC" "$c" -h >"$tmp/c"
	if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/a" "$tmp/c"; then
		ok "specsync help $c = specsync $c --help = specsync $c -h"
	else
		not_ok "specsync help $c = specsync $c --help = specsync $c -h"
	fi
done
"$SPECSYNC" help >"$tmp/a"
"$SPECSYNC" --help >"$tmp/b"
if grep -q '^Commands:' "$tmp/a" && cmp -s "$tmp/a" "$tmp/b"; then ok "specsync help = specsync --help"; else not_ok "specsync help = specsync --help"; fi
run "$repo" help audti
expect_status 2 "help of a mistyped command"
err_is "specsync: 'audti' is not a specsync command (did you mean 'audit'?)" "help audti: did you mean audit"

# ---- getopt_long forms -----------------------------------------------------------
run "$repo" audit --format json
cp "$tmp/out" "$tmp/reference.json"
expect_status 0 "audit --format json"

for form in "-oFILE" "-o FILE" "--output=FILE" "--output FILE" "--out=FILE" "--outp FILE"; do
	rm -f "$repo/r.json"
	# shellcheck disable=SC2086
	run "$repo" audit --format=json $(echo "$form" | sed 's/FILE/r.json/')
	if [ "$status" -eq 0 ] && cmp -s "$repo/r.json" "$tmp/reference.json" && [ ! -s "$tmp/out" ]; then
		ok "audit --format=json $form writes the report to the file"
	else
		not_ok "audit --format=json $form writes the report to the file (exit $status)"
	fi
done

rm -f "$repo/r.json"
run "$repo" audit HEAD --form json -or.json
if [ "$status" -eq 0 ] && cmp -s "$repo/r.json" "$tmp/reference.json"; then
	ok "options after the operand, a prefix and a bundled value"
else
	not_ok "options after the operand, a prefix and a bundled value (exit $status)"
fi

run "$tmp" audit -C "$repo" --format json
if [ "$status" -eq 0 ] && cmp -s "$tmp/out" "$tmp/reference.json"; then ok "-C DIR"; else not_ok "-C DIR"; fi
run "$tmp" audit -C"$repo" --format json
if [ "$status" -eq 0 ] && cmp -s "$tmp/out" "$tmp/reference.json"; then ok "-CDIR"; else not_ok "-CDIR"; fi

# -- ends the options: a revision that looks like an option
run "$repo" audit -- --format
expect_status 2 "after --, '--format' is a revision"
if grep -q -- "--format" "$tmp/err" && ! grep -q "needs a value" "$tmp/err"; then
	ok "after --, '--format' is taken for a revision, not an option"
else
	not_ok "after --, '--format' is taken for a revision, not an option"
fi

run "$repo" audit HEAD HEAD
expect_status 2 "two revisions"
err_is "specsync: unexpected argument 'HEAD'" "two revisions: the second one is refused"

# POSIXLY_CORRECT: options stop at the first operand, as getopt documents
set +e
(cd "$repo" && POSIXLY_CORRECT=1 "$SPECSYNC" audit HEAD --format json) >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
expect_status 2 "POSIXLY_CORRECT: an option after the operand is an operand"

finish
