#!/bin/sh
# Robustness, patterns: catastrophic backtracking in the ID pattern or the
# section_start pattern, on a document or a commit message, ends within
# seconds with exit 2 and a message naming what was being scanned; invalid
# or refused patterns are configuration errors.
. "$(dirname "$0")/robust-lib.sh"

# bomb_repo DIR ID_PATTERN [SECTION_START]: a repository whose configuration
# uses the patterns; its documents do not trigger them (tech/b.md ends with
# "aa", a requirement for '(a+)+$': a pattern that matches nothing is a
# configuration error of its own).
bomb_repo() {
	mkdir -p "$1/func" "$1/tech"
	(
		cd "$1"
		git init -q .
		{
			printf 'version: 1\nrequirements:\n  id: %s\n' "'$2'"
			printf 'sides:\n  functional:\n    paths: ["func/**"]\n'
			[ -n "${3:-}" ] && printf '    section_start: %s\n' "'$3'"
			printf '  technical:\n    paths: ["tech/**"]\n'
		} >.specsync.yml
		printf '# Title\n\nNothing special here: bbb.\n' >func/a.md
		printf '# Title\n\nbbb\naa\n' >tech/b.md
		commit alice "Specs"
	)
}

evil=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab

# ---- in a document ------------------------------------------------------------
repo=$tmp/doc
bomb_repo "$repo" '(a+)+$'
printf '# Title\n\nNothing special here.\n%s\n' "$evil" >"$repo/func/a.md"
(cd "$repo" && commit alice "Evil line")
for cmd in "audit" "audit --no-cache" "audit --format json" "explain REQ-1" \
	"check --base HEAD~1" "check --range HEAD~1..HEAD"; do
	# shellcheck disable=SC2086
	run_limited 20 "$repo" $cmd
	expect_status 2 "backtracking in a document ($cmd)"
	expect_err '^specsync: error: func/a\.md:4: pattern .\(a\+\)\+\$. exceeded the match limit' \
		"backtracking in a document ($cmd): names the file and line"
done
printf '%s\n' "$evil" >"$repo/tech/b.md"
git -C "$repo" add tech/b.md
run_limited 20 "$repo" check --staged --no-cache
expect_status 2 "backtracking in a staged document"
expect_err 'error: (func/a\.md:4|tech/b\.md:1): pattern .* exceeded the match limit' \
	"backtracking in a staged document: names the file"

# ---- in a commit message ---------------------------------------------------------
repo=$tmp/msg
bomb_repo "$repo" '(a+)+$'
(cd "$repo" && printf 'x\n' >>func/a.md && commit chloe "Tweak

Sync-Ack: $evil")
run_limited 20 "$repo" audit
expect_status 2 "backtracking in a commit message"
expect_err '^specsync: error: the message of commit [0-9a-f]{12}: pattern .* exceeded the match limit' \
	"backtracking in a commit message: names the commit"
printf 'Tweak\n\nSync-Ack: %s\n' "$evil" >"$tmp/message"
repo=$tmp/msg-file
bomb_repo "$repo" '(a+)+$'
run_limited 20 "$repo" check --staged --message-file "$tmp/message"
expect_status 2 "backtracking in --message-file"
expect_err '^specsync: error: the commit message: pattern .* exceeded the match limit' \
	"backtracking in --message-file: says it is the message"

# ---- section_start -----------------------------------------------------------------
repo=$tmp/start
bomb_repo "$repo" 'REQ-[0-9]+' '^(x+x+)+[yz]'
printf '[R] REQ-1\n%s\n' "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" >"$repo/func/a.md"
(cd "$repo" && commit alice "Evil line")
run_limited 20 "$repo" audit
expect_status 2 "backtracking in section_start"
expect_err 'error: func/a\.md:2: pattern .\^\(x\+x\+\)\+\[yz\]. exceeded the match limit' \
	"backtracking in section_start: names the file and line"

# ---- refused patterns ------------------------------------------------------------------
repo=$tmp/refused
bomb_repo "$repo" 'REQ-[0-9]+'
refused() { # DESCRIPTION PATTERN REGEX
	sed "s/^  id: .*/  id: '$2'/" "$repo/.specsync.yml" >"$tmp/cfg"
	cp "$tmp/cfg" "$repo/.specsync.yml"
	run_limited 20 "$repo" audit
	expect_status 2 "$1"
	expect_err "$3" "$1: message"
	git -C "$repo" checkout -q .specsync.yml
}
refused "invalid PCRE2" 'REQ-(' '\.specsync\.yml:3:[0-9]+: requirements\.id: invalid regular expression: missing closing parenthesis'
refused "UTF mode" '(*UTF)REQ' '\.specsync\.yml:3:[0-9]+: requirements\.id: invalid regular expression: .*(UTF|not allowed)'
refused "matches the empty string" 'REQ-[0-9]*|' 'requirements\.id: the pattern can match an empty string'
refused "lookahead only" '(?=REQ)' 'requirements\.id: the pattern can match an empty string'
refused "\\\\K in a lookahead" '(?=REQ-\\K1)REQ-1' '\.specsync\.yml:3:[0-9]+: requirements\.id: invalid regular expression'
cat >"$tmp/cfg" <<'YML'
version: 1
requirements:
  id: 'REQ-[0-9]+'
sides:
  functional:
    paths: ["func/**"]
    section_start: '[x'
  technical:
    paths: ["tech/**"]
YML
cp "$tmp/cfg" "$repo/.specsync.yml"
run_limited 20 "$repo" audit
expect_status 2 "invalid section_start"
expect_err 'sides\.functional\.section_start: invalid regular expression' "invalid section_start: message"
git -C "$repo" checkout -q .specsync.yml

# A pattern of 200 KB (an alternation of 20,000 IDs) compiles or is refused
# quickly.
python3 -c '
import sys
alts = "|".join("REQ-%05d" % i for i in range(20000))
sys.stdout.write("version: 1\nrequirements:\n  id: \"(?:%s)\"\nsides:\n  functional:\n    paths: [\"func/**\"]\n  technical:\n    paths: [\"tech/**\"]\n" % alts)
' >"$repo/.specsync.yml"
run_limited 20 "$repo" audit
if [ "$status" -eq 0 ] || [ "$status" -eq 2 ]; then ok "200 KB pattern: exit $status"; else not_ok "200 KB pattern: exit $status"; fi
expect_no_crash "200 KB pattern"

finish
