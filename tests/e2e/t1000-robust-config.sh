#!/bin/sh
# Robustness, configuration: every broken .specsync.yml ends with exit 2 and
# one message naming the file (and line and column when there is one),
# through the command line, quickly: syntax errors, wrong types, unknown and
# duplicate keys, alias bombs, huge files, a directory, a FIFO, a symbolic
# link, NUL bytes, bad patterns.
. "$(dirname "$0")/robust-lib.sh"

repo=$tmp/repo
small_repo "$repo"

# with_config NAME < FILE: writes FILE as the repository's .specsync.yml,
# runs audit, check --staged and explain, and expects exit 2 and a message
# matching $want from each. (Fed by redirection, not a pipe: a function at
# the end of a pipe runs in a subshell and its results would be lost.)
with_config() {
	cat >"$repo/.specsync.yml"
	cmds="audit|audit --format json|check --staged|explain REQ-001"
	[ "$light" = 1 ] && cmds="audit --format json|check --staged"
	old_ifs=$IFS
	IFS='|'
	set -- "$1" $cmds
	IFS=$old_ifs
	what=$1
	shift
	for cmd in "$@"; do
		# shellcheck disable=SC2086
		run_limited 20 "$repo" $cmd
		expect_status 2 "$what ($cmd)"
		expect_err "$want" "$what ($cmd): message"
		expect_no_crash "$what ($cmd)"
	done
}

want='\.specsync\.yml:5:1: YAML syntax error: .*quoted scalar at line 3, column 7'
printf 'version: 1\nrequirements:\n  id: "REQ\n  x: [\n' >"$tmp/cfg"
with_config "YAML syntax error" <"$tmp/cfg"

want='\.specsync\.yml:2:[0-9]+: .*tab|\.specsync\.yml:2:[0-9]+: YAML syntax error'
printf 'version: 1\n\trequirements: 1\n' >"$tmp/cfg"
with_config "tab indentation" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: sides: expected a mapping'
{ printf 'version: 1\nrequirements: { id: "REQ-[0-9]+" }\n'; printf 'sides: [a, b]\n'; } >"$tmp/cfg"
with_config "wrong type" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: .*unknown top-level key "sieds" \(did you mean "sides"\?'
{ config; printf 'sieds: {}\n'; } >"$tmp/cfg"
with_config "unknown key" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: duplicate key "version" \(already defined at line 1\)'
{ config; printf 'version: 1\n'; } >"$tmp/cfg"
with_config "duplicate key" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: YAML anchors and aliases are not supported'
{
	config
	printf 'x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
	prev=a
	for n in b c d e f g h i j k l m n o p; do
		printf 'x%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $n $n $prev $prev $prev $prev $prev $prev $prev $prev $prev
		prev=$n
	done
} >"$tmp/cfg"
with_config "billion laughs" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: YAML tags'
printf 'version: !!int 1\n' >"$tmp/cfg"
with_config "YAML tag" <"$tmp/cfg"

want='\.specsync\.yml: file is [0-9]+ bytes, over the limit of 1048576 bytes'
{
	config
	i=0
	while [ $i -lt 20000 ]; do
		printf '# padding padding padding padding padding padding padding padding padding padding\n'
		i=$((i + 1))
	done
} >"$tmp/cfg"
with_config "2 MB file" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: YAML nested more than 64 levels'
python3 -c 'print("version: 1\nx: " + "[" * 200 + "]" * 200)' >"$tmp/cfg"
with_config "deep nesting" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: .*NUL|\.specsync\.yml:[0-9]+:[0-9]+: YAML syntax error'
{ config; printf 'ack_trailer: "A\\0B"\n'; } >"$tmp/cfg"
with_config "NUL in a value" <"$tmp/cfg"
printf 'version: 1\n\000\n' >"$tmp/cfg"
with_config "NUL byte in the file" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: YAML syntax error: invalid (leading )?UTF-8'
printf 'version: 1\nx: "\377\376"\n' >"$tmp/cfg"
with_config "invalid UTF-8" <"$tmp/cfg"

want='\.specsync\.yml:3:[0-9]+: requirements\.id: invalid regular expression: .*\(expected a PCRE2 pattern\)'
config | sed "s/id: .*/id: 'REQ-(['/" >"$tmp/cfg"
with_config "invalid PCRE2" <"$tmp/cfg"

want='\.specsync\.yml:3:[0-9]+: requirements\.id: the pattern can match an empty string'
config | sed "s/id: .*/id: 'REQ-[0-9]*|x?'/" >"$tmp/cfg"
with_config "pattern matching the empty string" <"$tmp/cfg"

want='\.specsync\.yml:[0-9]+:[0-9]+: .*empty configuration'
printf '# nothing here\n' >"$tmp/cfg"
with_config "empty file" <"$tmp/cfg"

want='\.specsync\.yml: file is 0 bytes|\.specsync\.yml.*empty configuration'
: >"$tmp/cfg"
with_config "zero bytes" <"$tmp/cfg"

# A byte-order mark and CRLF line ends are fine.
{ printf '\357\273\277'; config | sed 's/$/\r/'; } >"$repo/.specsync.yml"
run "$repo" audit
expect_status 1 "BOM and CRLF configuration: audit works"

# Not a regular file: a directory, a FIFO (which would block a reader for
# ever) and a symbolic link (a pull request could point it at any file of
# the machine that checks it) are refused at once.
rm -f "$repo/.specsync.yml"
mkdir "$repo/.specsync.yml"
run_limited 20 "$repo" audit
expect_status 2 "configuration is a directory"
expect_err '\.specsync\.yml.*(directory|not a regular file)' "configuration is a directory: message"
rmdir "$repo/.specsync.yml"
mkfifo "$repo/.specsync.yml"
run_limited 20 "$repo" audit
expect_status 2 "configuration is a FIFO: no hang"
expect_err '\.specsync\.yml.*not a regular file' "configuration is a FIFO: message"
rm -f "$repo/.specsync.yml"
printf 'secret: "top secret value"\n' >"$tmp/elsewhere.yml"
ln -s "$tmp/elsewhere.yml" "$repo/.specsync.yml"
run_limited 20 "$repo" audit
expect_status 2 "configuration is a symbolic link"
expect_err '\.specsync\.yml.*symbolic link.*--config' "configuration is a symbolic link: message"
if grep -q "top secret" "$tmp/err"; then not_ok "symbolic link: the target's content is not shown"; else ok "symbolic link: the target's content is not shown"; fi
rm -f "$repo/.specsync.yml"
# ... while --config may name one (and a pipe, as in --config <(...)).
config >"$tmp/real.yml"
ln -s "$tmp/real.yml" "$tmp/link.yml"
run "$repo" audit --config "$tmp/link.yml"
expect_status 1 "--config naming a symbolic link"
run "$repo" audit --config /dev/null
expect_status 2 "--config /dev/null"
expect_err '/dev/null.*empty configuration' "--config /dev/null: message"
run_limited 20 "$repo" audit --config /dev/zero
expect_status 2 "--config /dev/zero (endless): no hang"
expect_err 'over the limit' "--config /dev/zero: message"

# No configuration at all.
run "$repo" audit
expect_status 2 "no configuration"
expect_err 'no \.specsync\.yml at the root of the working tree' "no configuration: message"

finish
