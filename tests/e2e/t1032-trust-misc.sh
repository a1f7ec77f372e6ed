#!/bin/sh
# Trust: nothing skipped in silence, and the smaller ones (issue 11, item 6).
#
# Documents that are not read (binary, UTF-16, over max_file_size) are
# named by audit and check (a warning line on stderr, `skipped` in JSON),
# cached or not; a lone CR ends a line; the invalid-acknowledgement reason
# names the author; commits libgit2 cannot read (an author line without
# e-mail, a bad timestamp: git accepts both) are named; `hooks run
# pre-receive` refuses a line without object ids with exit 2; `hooks
# uninstall` keeps a specsync hook the user edited.
. "$(dirname "$0")/robust-lib.sh"

# json_get EXPR: evaluates EXPR on the JSON of the last run (as `d`)
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$tmp/out" "$1"; }
expect_value() { # EXPR WANT DESCRIPTION
	got=$(json_get "$1" 2>&1) || true
	if [ "$got" = "$2" ]; then ok "$3"; else not_ok "$3: got '$got', expected '$2'"; fi
}

# ---- skipped documents ---------------------------------------------------------------------------
repo=$tmp/skip
config_repo "$repo"
(
	cd "$repo"
	printf 'max_file_size: 1K\n' >>.specsync.yml
	printf '# REQ-001 Login\n\nPassword.\n' >func/login.md
	printf '# Login (REQ-001)\n\nbcrypt.\n' >tech/login.md
	# "# REQ-002 Export" in UTF-16LE with a byte-order mark
	printf '\377\376#\000 \000R\000E\000Q\000-\0000\0000\0002\000\n\000' >func/export.md
	printf 'PNG\000\001\002' >func/diagram.png
	head -c 2000 /dev/zero | tr '\000' 'a' >tech/big.md
	commit alice "Specs, a diagram, a UTF-16 file and a big one"
)
want_skipped="[('func/diagram.png', 'functional', 'binary', 6), ('func/export.md', 'functional', 'utf-16', 22), ('tech/big.md', 'technical', 'too-large', 2000)]"
skipped_expr="[(s['path'], s['side'], s['reason'], s['size']) for s in d['skipped']]"
for round in "--no-cache" "" ""; do # the second and third runs come from the cache
	# shellcheck disable=SC2086
	run "$repo" audit --format json $round
	expect_status 0 "skipped documents (audit $round)"
	expect_value "$skipped_expr" "$want_skipped" "skipped documents (audit ${round:-cached}): listed in JSON"
	for f in 'func/diagram\.png: 6 bytes, binary' 'func/export\.md: 22 bytes, UTF-16' 'tech/big\.md: 2000 bytes, over max_file_size'; do
		expect_err "^specsync: warning: $f" "skipped documents (audit ${round:-cached}): warning for ${f%%:*}"
	done
done
run "$repo" audit
n=$(grep -c 'warning: ' "$tmp/err" || true)
[ "$n" -eq 3 ] && ok "text audit: one warning line per skipped document" || not_ok "text audit: $n warning lines"
run "$repo" check --staged --format json
expect_value "$skipped_expr" "$want_skipped" "check --staged: skipped documents listed"
run "$repo" check --base HEAD --format json
expect_value "$skipped_expr" "$want_skipped" "check --base: skipped documents listed"
run "$repo" lint
expect_out '^tech/big\.md: warning: 2000 bytes, over max_file_size \(1024\): specsync does not read it \[too-large\]$' \
	"lint: the configured max_file_size"
expect_out '^func/export\.md: warning: UTF-16 text' "lint: UTF-16 named"

# ---- a lone CR ends a line -----------------------------------------------------------------------
repo=$tmp/cr
config_repo "$repo"
(
	cd "$repo"
	printf '# REQ-001 One\rText.\r\r# REQ-002 Two\rText.\r' >func/a.md
	printf '# One (REQ-001)\n\n# Two (REQ-002)\n' >tech/a.md
	commit alice "Old Mac line endings"
)
run "$repo" audit --format json
expect_value "[(r['id'], r['locations']['functional'][0]['line']) for r in d['requirements']]" \
	"[('REQ-001', 1), ('REQ-002', 4)]" "lone CR: two sections, at lines 1 and 4"

# ---- the invalid-acknowledgement reason names the author -------------------------------------
repo=$tmp/ack
small_repo "$repo"
(cd "$repo" && commit chloe "Typo in an ack

Sync-Ack: REQ-999 nothing to do")
run "$repo" audit --format json
expect_value "[f['message'] for f in d['findings'] if f['kind'] == 'invalid-ack']" \
	"['Chloe Durand <chloe@example.org> acknowledges REQ-999, which no specification document defines']" \
	"invalid ack: the reason names the author"

# ---- commits git accepts and libgit2 does not read: named ---------------------------------------
repo=$tmp/bad
small_repo "$repo"
parent=$(git -C "$repo" rev-parse HEAD)
# the malformed commit changes a document, so its author matters
printf '# REQ-001 Login\n\nMalformed.\n' >"$repo/func/login.md"
git -C "$repo" add func/login.md
tree=$(git -C "$repo" write-tree)
for kind in email date; do
	case $kind in
	email) who='No Email 1735729200 +0000' ;;
	date) who='Bad Date <bad@example.org> notadate +0000' ;;
	esac
	bad=$(printf 'tree %s\nparent %s\nauthor %s\ncommitter %s\n\nmalformed\n' "$tree" "$parent" "$who" "$who" |
		git -C "$repo" hash-object -t commit -w --literally --stdin)
	top=$(git -C "$repo" commit-tree "$tree" -p "$bad" -m "on top")
	git -C "$repo" update-ref refs/heads/main "$top"
	short=$(printf %.12s "$bad")
	run "$repo" audit --no-cache
	expect_status 2 "a commit with a bad author line ($kind)"
	expect_err "^specsync: error: reading commit $short: failed to parse signature" \
		"a commit with a bad author line ($kind): the commit is named"
	expect_no_crash "a commit with a bad author line ($kind)"
	git -C "$repo" update-ref refs/heads/main "$parent"
	# the merge base walk meets it (libgit2 leaks there: tests/lsan.supp)
	run "$repo" check --base "$top"
	expect_status 2 "check --base whose merge base walk meets it ($kind)"
	expect_err "^specsync: error: finding the merge base: failed to parse signature" \
		"check --base whose merge base walk meets it ($kind): says so"
done

# ---- hooks run pre-receive: an unreadable line is exit 2 --------------------------------------
repo=$tmp/recv
small_repo "$repo"
for line in "0000 zzzz refs/heads/main" "not a line" "$(git -C "$repo" rev-parse HEAD) main"; do
	set +e
	(cd "$repo" && printf '%s\n' "$line" | timeout 60 "$SPECSYNC" hooks run pre-receive) >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
	expect_status 2 "pre-receive with '$line'"
	expect_err "^specsync: error: cannot read this line of the pre-receive input" \
		"pre-receive with '$line': says so"
done

# ---- hooks uninstall keeps an edited specsync hook ------------------------------------------
repo=$tmp/hooks
small_repo "$repo"
run "$repo" hooks install pre-commit commit-msg
expect_status 0 "hooks install"
printf '# my own addition\nexit 0\n' >>"$repo/.git/hooks/pre-commit"
cp "$repo/.git/hooks/pre-commit" "$tmp/edited"
run "$repo" hooks uninstall
expect_status 1 "uninstall with an edited hook"
expect_out '^  pre-commit   kept: it differs from the pre-commit specsync installs \(edited, or another version\); remove it by hand$' \
	"uninstall: says the edited hook is kept"
expect_out '^  commit-msg   removed$' "uninstall: the unedited hook is removed"
cmp -s "$repo/.git/hooks/pre-commit" "$tmp/edited" && ok "the edited hook is kept byte for byte" ||
	not_ok "the edited hook is kept byte for byte"

finish
