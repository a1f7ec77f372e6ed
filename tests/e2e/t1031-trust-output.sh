#!/bin/sh
# Trust: every output format is safe to display (issue 11, item 5).
#
# One repository carries hostile text where each format shows it: an author
# name with an OSC 8 link and a bare URL, a commit summary that clears the
# screen and rewrites its line with a CR, file names with a newline that
# forges a "path:line: error:" line, and names a spreadsheet would run as a
# formula. Each format is checked for its own rule: digest without control
# characters, text and lint with git-quoted names, CSV fields starting with
# = + - @ tab or CR prefixed with ', Markdown with no bare URL left live.
. "$(dirname "$0")/robust-lib.sh"

repo=$tmp/repo
mkdir -p "$repo/func" "$repo/tech"
cd "$repo"
git init -q .
cat >.specsync.yml <<'YML'
version: 1
requirements:
  id: '\bREQ-[0-9]{3}\b'
sides:
  functional:
    paths: ["func/**", "*.fun"]
  technical:
    paths: ["tech/**"]
roles:
  analysts: { members: ["alice@example.org"] }
  engineers: { members: ["chloe@example.org"] }
raci:
  - scope: "*"
    functional: { R: analysts }
    technical: { R: engineers }
policy:
  unsynced: { functional: error, technical: error }
  out_of_role: warning
YML
printf '# REQ-001 Login\n\nPassword.\n' >func/login.md
printf '# Login (REQ-001)\n\nbcrypt.\n' >tech/login.md
commit alice "Login"
esc=$(printf '\033')
cr=$(printf '\r')
nl='
'
forged="func/a${nl}x.md:1: error: forged"
printf '# REQ-002 Forged\n\nText.\n' >"$forged.md"
printf '# REQ-003 Formula\n\nText.\n' >'=1+2.fun'
printf '# REQ-004 Formula\n\nText.\n' >'@SUM(A1).fun'
printf '# REQ-005 Link\n\nText.\n' >'func/see www.evil.example now.md'
printf '# REQ-001 Login\n\nPasskey.\n' >func/login.md
git add -A
GIT_AUTHOR_NAME="Eve ${esc}]8;;https://evil.example/${esc}\\\\click${esc}]8;;${esc}\\\\ https://evil.example/x" \
	GIT_AUTHOR_EMAIL=eve@example.org GIT_AUTHOR_DATE="@1735729200 +0000" \
	GIT_COMMITTER_DATE="@1735729200 +0000" \
	git commit -q -m "Fix ${esc}[2J${esc}[31mred${cr}forged summary www.evil.example"
cd "$tmp"

# no_control FILE DESCRIPTION: no C0 control but LF and TAB, no DEL
no_control() {
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1"; then
		not_ok "$2: control characters left"
		LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" "$1" | od -c | head -5 | sed 's/^/#   /'
	else
		ok "$2: no control characters"
	fi
}

# ---- digest ---------------------------------------------------------------------------------------
run "$repo" audit --format digest
expect_status 1 "digest"
no_control "$tmp/out" "digest"
expect_out '^  - REQ-001: out-of-role edit in [0-9a-f]{7}, 2025-01-01 "Fix \?\[2J\?\[31mred"$' \
	"digest: the summary (up to its CR) is there, neutralised"
expect_out '^Eve \?\]8;;https://evil\.example/\?\\\\click\?\]8;;\?\\\\ https://evil\.example/x <eve@example\.org>$' \
	"digest: the name is there, neutralised"

# ---- text and lint: file names quoted as git quotes them ------------------------------------------
quoted='"func/a\nx.md:1: error: forged.md"'
run "$repo" audit
expect_status 1 "text"
if grep -q '^x\.md' "$tmp/out"; then not_ok "text: a forged line"; else ok "text: no forged line"; fi
expect_out "^    changed: +\"func/a\\\\nx\\.md:1: error: forged\\.md\":1$" "text: the name quoted"
no_control "$tmp/out" "text"
run "$repo" lint
if grep -q '^x\.md' "$tmp/out"; then not_ok "lint: a forged line"; else ok "lint: no forged line"; fi
grep -qF "$quoted:1: warning: REQ-002 (functional side) is not covered" "$tmp/out" &&
	ok "lint: the name quoted" || not_ok "lint: the name quoted"

# ---- CSV: no formula ------------------------------------------------------------------------------
run "$repo" matrix --format csv
expect_status 0 "matrix csv"
if python3 - "$tmp/out" <<'PY'; then ok "csv: formula fields prefixed with '"; else not_ok "csv: formula fields prefixed with '"; fi
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
loc = {r[0]: r[2] for r in rows[1:]}
assert loc["REQ-003"] == "'=1+2.fun:1", loc["REQ-003"]
assert loc["REQ-004"] == "'@SUM(A1).fun:1", loc["REQ-004"]
assert loc["REQ-001"] == "func/login.md:1", loc["REQ-001"]
for r in rows:
    for f in r:
        assert not f or f[0] not in "=+-@\t\r", f
PY

# ---- Markdown: no bare URL left live --------------------------------------------------------------
# bare_urls FILE: prints what GitHub would autolink (scheme:// or www.
# not broken by a backslash)
live_urls() { grep -Eo '(https?://|www\.)[^ |)]*' "$1" || true; }
for cmd in "audit --format markdown" "matrix --format markdown" "report --from HEAD~1 --format markdown"; do
	# shellcheck disable=SC2086
	run "$repo" $cmd
	[ "$status" -le 1 ] && ok "$cmd: exit $status" || not_ok "$cmd: exit $status"
	live=$(live_urls "$tmp/out")
	[ -z "$live" ] && ok "$cmd: no live URL" || not_ok "$cmd: live URLs: $live"
	no_control "$tmp/out" "$cmd"
done
run "$repo" matrix --format markdown
expect_out '\| func/see www\\\.evil\.example now\.md:1 \|' "matrix markdown: www. escaped"
run "$repo" audit --format markdown
expect_out 'https\\://evil\.example/x' "audit markdown: the URL escaped"
run "$repo" report --from HEAD~1 --format markdown
expect_out 'https\\://evil\.example/x' "report markdown: the URL escaped"

# ---- standard error: messages quote file names, neutralised too -----------------------------------
printf 'PNG\000' >"$repo/func/x${esc}[2J${cr}.png"
(cd "$repo" && commit alice "A binary file with an escape sequence in its name")
run "$repo" audit
expect_err '^specsync: warning: func/x\?\[2J\?\.png: 4 bytes, binary' "stderr: the skipped file named, neutralised"
no_control "$tmp/err" "stderr (warnings)"
sed "s/^  id: .*/  id: '(a+)+\$'/" "$repo/.specsync.yml" >"$tmp/cfg" && cp "$tmp/cfg" "$repo/.specsync.yml"
printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n' >"$repo/func/y${esc}[2J.md"
(cd "$repo" && commit alice "A hostile line in a file with an escape sequence in its name")
run "$repo" audit --no-cache
expect_status 2 "an error naming a file with an escape sequence"
expect_err "^specsync: error: func/y\?\[2J\.md:1: pattern" "stderr: the error names the file, neutralised"
no_control "$tmp/err" "stderr (errors)"

finish
