#!/bin/sh
# Robustness, documents: binary files, NUL bytes, invalid UTF-8, byte-order
# marks, CRLF, 10 MB lines, 100 MB files (bounded memory), symbolic links
# and submodules under spec paths (ignored), hostile file names, author
# names and messages (text output stays free of control characters, JSON
# stays valid).
. "$(dirname "$0")/robust-lib.sh"

# Plain repository with a configuration whose ID pattern takes any
# non-blank run after REQ- (so IDs can carry invalid UTF-8 and escapes).
repo=$tmp/docs
mkdir -p "$repo/func" "$repo/tech"
cd "$repo"
git init -q .
config | sed "s/^  id: .*/  id: 'REQ-[^[:space:]]+'/" >.specsync.yml
printf '# REQ-001 Base\n\nText.\n' >func/base.md
printf '# REQ-001\n\nDesign.\n' >tech/base.md
commit alice "Base"

# ---- binary, NUL, invalid UTF-8, BOM, CRLF ---------------------------------------
printf '\211PNG\r\n\032\n\000\000\000\rIHDR REQ-BIN-1 \000\377' >func/image.md
head -c 9000 /dev/zero | tr '\0' 'x' >func/late-nul.md
printf '\n# REQ-NUL-1 late\n\000 REQ-NUL-2 after a NUL\n' >>func/late-nul.md
printf '# REQ-\377\376-1 invalid UTF-8\n\nText \377.\n' >func/latin1.md
printf '\357\273\277# REQ-BOM-1 with a byte-order mark\r\n\r\nText.\r\n' >func/bom-crlf.md
printf '# REQ-ESC-1\033]0;pwned\007\033[2J title\n\nText \033[31mred\r\n' >func/escapes.md
commit alice "Hostile documents"
cd "$tmp"

run "$repo" audit --format json
expect_status 1 "hostile documents (json)"
expect_json "hostile documents"
expect_no_crash "hostile documents (json)"
if grep -q 'REQ-BIN-1' "$tmp/out"; then not_ok "binary file: ignored"; else ok "binary file: ignored"; fi
expect_out '"REQ-NUL-1"' "NUL after the binary check window: IDs before it found"
expect_out '"REQ-BOM-1".*|"path":"func/bom-crlf.md","line":1' "BOM and CRLF: the ID on line 1"
expect_out '"REQ-\\ufffd\\ufffd-1"' "invalid UTF-8 in an ID: replaced in JSON"
run "$repo" audit
expect_status 1 "hostile documents (text)"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/out"; then
	not_ok "text output: no control characters but newlines and tabs"
else
	ok "text output: no control characters but newlines and tabs"
fi
expect_out 'REQ-ESC-1\?\]0;pwned\?\?\[2J' "escape sequences shown as '?'"
run "$repo" explain 'REQ-ESC-1]0;pwned'
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/out"; then
	not_ok "explain: no control characters"
else
	ok "explain: no control characters"
fi
run "$repo" audit --color always
if LC_ALL=C grep -q "$(printf '\033\\[2J')" "$tmp/out"; then
	not_ok "--color always: only colour sequences get through"
else
	ok "--color always: only colour sequences get through"
fi

# ---- hostile names and messages ------------------------------------------------------
cd "$repo"
mkdir -p "func/with space" "func/caf$(printf '\303\251')"
printf '# REQ-002 spaces\n' >"func/with space/a b.md"
printf '# REQ-003 accents\n' >"func/caf$(printf '\303\251')/r$(printf '\303\251')sum$(printf '\303\251').md"
printf '# REQ-004 newline\n' >"func/new
line.md"
printf '# REQ-005 raw bytes\n' >"func/$(printf 'bad\377\033[2Jname').md"
printf '# REQ-006 quote\n' >"func/q\"uo'te\\back.md"
git add -A
GIT_AUTHOR_NAME="$(printf 'Mallory \033[2J\r\377')" GIT_AUTHOR_EMAIL="$(printf 'm\033@x\377.org')" \
GIT_AUTHOR_DATE="@1735800000 +0000" GIT_COMMITTER_DATE="@1735800000 +0000" \
	git commit -q 2>/dev/null -m "$(printf 'Summary \033]0;title\007 \r\377 end\n\nBody \033[2J')"
cd "$tmp"
run "$repo" audit --format json
expect_status 1 "hostile names (json)"
expect_json "hostile names"
expect_out '"func/with space/a b.md"' "JSON: a name with spaces"
expect_out "\"func/caf$(printf '\303\251')/r$(printf '\303\251')sum$(printf '\303\251').md\"" "JSON: a UTF-8 name as is"
expect_out '"func/new\\nline.md"' "JSON: a newline in a name escaped"
expect_out '"func/bad\\ufffd\\u001b\[2Jname.md"' "JSON: raw bytes and ESC in a name escaped"
expect_out '"func/q\\"uo'"'"'te\\\\back.md"' "JSON: quotes and backslashes escaped"
run "$repo" audit --all
expect_status 1 "hostile names (text)"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/out"; then
	not_ok "text: no control characters from names, e-mails or messages"
else
	ok "text: no control characters from names, e-mails or messages"
fi
run "$repo" check --base HEAD~1 --format json
expect_json "check --base with hostile names"
run "$repo" matrix --format json
expect_json "matrix --format json with hostile names"
for fmt in markdown csv html sarif junit github gitlab digest; do
	case $fmt in sarif | junit | github | gitlab | digest) cmd=audit ;; *) cmd=matrix ;; esac
	run "$repo" $cmd --format $fmt
	expect_no_crash "$cmd --format $fmt with hostile names"
	if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$tmp/out"; then
		not_ok "$cmd --format $fmt: no control characters from the history"
	else
		ok "$cmd --format $fmt: no control characters from the history"
	fi
done
run "$repo" lint
expect_no_crash "lint with hostile names"

# ---- symbolic links and submodules are ignored ----------------------------------------
links=$tmp/links
mkdir -p "$links/func" "$links/tech" "$links/elsewhere"
cd "$links"
git init -q .
config >.specsync.yml
printf '# REQ-001\n' >func/a.md
printf '# REQ-001\n' >tech/a.md
printf '# REQ-077 only reachable through a link\n' >elsewhere/target.md
commit alice "Base"
ln -s ../elsewhere/target.md func/link.md
ln -s /etc/passwd tech/passwd.md
ln -s ../elsewhere func/dirlink
sub=$(git rev-parse HEAD)
git update-index --add --cacheinfo 160000,"$sub",func/submodule
git update-index --add --cacheinfo 160000,"$sub",tech/submodule
commit alice "Links and submodules"
cd "$tmp"
run "$links" audit --format json
expect_status 0 "symbolic links and submodules"
if grep -Eq 'REQ-077|passwd|submodule' "$tmp/out"; then
	not_ok "symbolic links and submodules: ignored"
else
	ok "symbolic links and submodules: ignored"
fi
run "$links" check --staged
expect_status 0 "symbolic links and submodules: check --staged"

# ---- long lines and big files -------------------------------------------------------------
if [ "$light" = 1 ]; then
	skip "10 MB lines and 100 MB files (SPECSYNC_E2E_LIGHT)"
	finish
fi
big=$tmp/big
mkdir -p "$big/func" "$big/tech"
cd "$big"
git init -q .
config >.specsync.yml
printf '# REQ-001\n\nbase\n' >tech/a.md
python3 -c '
import sys
sys.stdout.write("# REQ-001 a long line follows\n\n" + "lorem ipsum " * 900000 + "REQ-002\n")
' >func/long-line.md
commit alice "10 MB line"
cd "$tmp"
run_limited 60 "$big" audit --no-cache --format json
expect_status 1 "10 MB line"
expect_out '"REQ-002"' "10 MB line: the ID at its end"

# 100 MB: skipped unread by default (max_file_size 32 MiB), read when allowed.
cd "$big"
python3 -c '
import sys
out = sys.stdout
for i in range(1500000):
    out.write("## REQ-%03d section %d\n\nSome words about it, and more words.\n" % (i % 1000, i))
' >func/huge.md
commit alice "100 MB file"
size=$(wc -c <func/huge.md)
cd "$tmp"
measure() { # prints the peak RSS in KiB of the last run, when /usr/bin/time exists
	if [ -x /usr/bin/time ]; then
		set +e
		(cd "$big" && /usr/bin/time -f '%M' -o "$tmp/rss" timeout $((120 * scale)) "$SPECSYNC" "$@") >"$tmp/out" 2>"$tmp/err"
		status=$?
		set -e
		tail -n 1 "$tmp/rss"
	else
		run_limited 120 "$big" "$@"
		echo 0
	fi
}
rss=$(measure audit --no-cache)
expect_status 1 "100 MB file, default limit"
expect_err "warning: func/huge\.md: $size bytes, over max_file_size \(33554432\): skipped" \
	"100 MB file, default limit: warning"
if [ "${SPECSYNC_SANITIZED:-0}" = 1 ]; then skip "peak RSS (sanitizer build)"; elif [ "$rss" -lt 102400 ]; then ok "100 MB file skipped: peak RSS ${rss} KiB < 100 MiB"; else not_ok "100 MB file skipped: peak RSS ${rss} KiB"; fi
printf 'max_file_size: 200M\n' >>"$big/.specsync.yml"
rss=$(measure audit --no-cache --format json)
expect_status 1 "100 MB file, max_file_size 200M"
expect_out '"REQ-999"' "100 MB file read: its IDs found"
# libgit2 holds the blob (100 MB); the splitter adds little.
if [ "${SPECSYNC_SANITIZED:-0}" = 1 ]; then skip "peak RSS (sanitizer build)"; elif [ "$rss" -lt 358400 ]; then ok "100 MB file read: peak RSS ${rss} KiB < 350 MiB"; else not_ok "100 MB file read: peak RSS ${rss} KiB"; fi
echo "# 100 MB file read: peak RSS ${rss} KiB"

finish
