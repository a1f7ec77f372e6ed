#!/bin/sh
# Trust: bounded work on hostile patterns (issue 11, item 4).
#
# PCRE2's match limit counts one start position, so a pattern that
# backtracks a little under it on every line used to run for minutes:
# `(a+)+$` on 2,000 lines of 22 a's and a b took 55 s. Now heavy
# backtracking is charged against a budget per document and per run: exit 2
# naming the pattern and the file. Patterns whose every match is empty (a
# \K with nothing needed after it) are refused as configuration errors
# naming the file, line and column. The time limits of `run` are only a
# guard against a hang, never what is tested.
. "$(dirname "$0")/robust-lib.sh"

# pattern_repo DIR ID_PATTERN: a repository with that ID pattern
pattern_repo() {
	mkdir -p "$1/func" "$1/tech"
	(
		cd "$1"
		git init -q .
		printf "version: 1\nrequirements:\n  id: '%s'\n" "$2" >.specsync.yml
		printf 'sides:\n  functional:\n    paths: ["func/**"]\n  technical:\n    paths: ["tech/**"]\n' \
			>>.specsync.yml
		# one requirement on both sides, so that the configuration checks
		# something (a pattern that matches nothing is an error of its own)
		printf '# Title\n\naa\n' >tech/b.md
		printf '# Title\n\naa\n' >func/ok.md
	)
}

# lines N A: N lines of A a's followed by a b
lines() { python3 -c 'import sys; sys.stdout.write(("a" * int(sys.argv[2]) + "b\n") * int(sys.argv[1]))' "$@"; }

# ---- one 48 KB document: the document budget --------------------------------------------------
repo=$tmp/doc
pattern_repo "$repo" '(a+)+$'
lines 2000 22 >"$repo/func/a.md"
[ "$(wc -c <"$repo/func/a.md")" -eq 48000 ] && ok "the document is 48,000 bytes" || not_ok "document size"
(cd "$repo" && commit alice "Hostile lines")
for cmd in "audit --no-cache" "audit --format json" "check --base HEAD"; do
	# shellcheck disable=SC2086
	run "$repo" $cmd
	expect_status 2 "(a+)+\$ on 2,000 lines ($cmd)"
	expect_err "^specsync: error: func/a\.md:[0-9]+: pattern '\(a\+\)\+\\\$' exceeded its work budget of 100000000 steps for one document" \
		"(a+)+\$ on 2,000 lines ($cmd): names the file, the pattern and the budget"
done
run "$repo" lint
expect_status 1 "(a+)+\$ on 2,000 lines (lint: a finding)"
expect_out "^func/a\.md:[0-9]+: error: cannot be split into sections: pattern .* exceeded its work budget of 100000000 steps for one document" \
	"(a+)+\$ on 2,000 lines (lint): the finding names the file and the budget"
repo=$tmp/staged
pattern_repo "$repo" '(a+)+$'
(cd "$repo" && commit alice "Nothing hostile yet")
lines 2000 22 >"$repo/tech/c.md"
git -C "$repo" add tech/c.md
run "$repo" check --staged --no-cache
expect_status 2 "(a+)+\$ on 2,000 staged lines"
expect_err "error: tech/c\.md:[0-9]+: pattern .* exceeded its work budget .* for one document" \
	"(a+)+\$ on 2,000 staged lines: names the staged file"

# ---- many documents, each under its budget: the run budget -------------------------------------
repo=$tmp/run
pattern_repo "$repo" '(a+)+$'
i=0
while [ $i -lt 40 ]; do
	{ echo "# Document $i"; lines 3 20; } >"$repo/func/d$i.md" # distinct blobs
	i=$((i + 1))
done
(cd "$repo" && commit alice "Forty hostile documents")
run "$repo" audit --no-cache
expect_status 2 "(a+)+\$ in 40 documents"
expect_err "^specsync: error: func/d[0-9]+\.md:[0-9]+: pattern .* exceeded its work budget of 1000000000 steps for the run" \
	"(a+)+\$ in 40 documents: the run budget, naming a file"
# one of those documents alone is within both budgets: no finding
one=$tmp/one
pattern_repo "$one" '(a+)+$'
cp "$repo/func/d0.md" "$one/func/"
(cd "$one" && commit alice "One hostile document")
run "$one" audit --no-cache --format json
expect_status 0 "(a+)+\$ in one document of 3 lines: within the budget"

# ---- patterns whose every match is empty -------------------------------------------------------
repo=$tmp/empty
pattern_repo "$repo" 'REQ-BIL-00(?=1)\K'
printf '# REQ-BIL-001 Invoices\n\nText.\n' >"$repo/func/a.md"
(cd "$repo" && commit alice "Specs")
refused() { # PATTERN COLUMN DESCRIPTION
	sed "s/^  id: .*/  id: '$1'/" "$repo/.specsync.yml" >"$tmp/cfg" && cp "$tmp/cfg" "$repo/.specsync.yml"
	run "$repo" audit
	expect_status 2 "$3"
	expect_err "^specsync: error: \.specsync\.yml:3:$2: requirements\.id: nothing after \\\\K need match, so every match is empty" \
		"$3: names the file, line and column of the \\K"
}
refused 'REQ-BIL-00(?=1)\\K' 23 "REQ-BIL-00(?=1)\\K"
refused '(?:REQ-[0-9]+\\K|BIL)' 21 "\\K ending one branch of a group"
refused 'REQ-[0-9]+\\K\\b' 18 "\\K followed by an assertion only"
accepted() { # PATTERN WANT-IDS DESCRIPTION (the ID changed on one side only: exit 1)
	sed "s/^  id: .*/  id: '$1'/" "$repo/.specsync.yml" >"$tmp/cfg" && cp "$tmp/cfg" "$repo/.specsync.yml"
	run "$repo" audit --format json --no-cache
	expect_status 1 "$3"
	got=$(python3 -c 'import json,sys; print(",".join(r["id"] for r in json.load(open(sys.argv[1]))["requirements"]))' "$tmp/out")
	[ "$got" = "$2" ] && ok "$3: IDs $2" || not_ok "$3: IDs '$got', expected '$2'"
}
accepted 'REQ-\\K[A-Z]+-[0-9]+' "BIL-001" "\\K before the ID: accepted"
accepted '(REQ-BIL-00(?=1))\\K' "REQ-BIL-00" "\\K after a capture group: the group is the ID"
accepted '[\\Q\\K\\E]?REQ-BIL-[0-9]+' "REQ-BIL-001" "\\K quoted in a class is two letters"
git -C "$repo" checkout -q .specsync.yml

finish
