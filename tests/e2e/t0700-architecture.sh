#!/bin/sh
# The shape of the library that docs/architecture.md promises, checked on
# the tree and on the built static library: no two objects need each
# other's symbols (scripts/check-cycles.sh), no library file over 900
# lines, src/lib/ at most 40 entries at its top level, libgit2 included
# only under src/lib/git/ and PCRE2, libyaml and libdeflate only in their
# adapters, revisions walked only in walk.c, and the command line built on
# the public header alone.
set -eu
test_name=t0700
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

src=$SPECSYNC_SOURCE_DIR/src
# same EXPECTED ACTUAL WHAT: two strings
same() {
	if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3 (expected '$1', got '$2')"; fi
}
build=${SPECSYNC_BUILD_DIR:-$(dirname "$SPECSYNC")}

if [ -f "$build/libspecsync.a" ]; then
	if sh "$SPECSYNC_SOURCE_DIR/scripts/check-cycles.sh" "$build/libspecsync.a" >"$tmp/cycles" 2>&1; then
		ok "no cycle between the library's objects"
	else
		cat "$tmp/cycles"
		not_ok "no cycle between the library's objects"
	fi
else
	not_ok "the static library is built ($build/libspecsync.a)"
fi

(cd "$src/lib" && find . -name '*.c' -exec wc -l {} + | awk '$2 != "total" && $1 > 900 { print $2 " " $1 }') >"$tmp/long"
same "" "$(cat "$tmp/long")" "no library file over 900 lines"

top=$(find "$src/lib" -mindepth 1 -maxdepth 1 | wc -l)
if [ "$top" -le 40 ]; then ok "src/lib holds $top entries (at most 40)"; else not_ok "src/lib holds $top entries (at most 40)"; fi

# includes FILE-PATTERN: the library files that include it, relative to src/lib
includes() { (cd "$src/lib" && grep -rl --include='*.c' --include='*.h' "^#include [<\"]$1" . | sort | tr '\n' ' '); }
same "./git/git.c ./git/git_internal.h ./git/git_tree.c ./git/pack_odb.c ./git/repo.c " "$(includes 'git2')" "libgit2 only behind src/lib/git/"
same "./git/pack.c " "$(includes 'libdeflate\.h')" "libdeflate only in the pack reader"
same "./util/regex.c " "$(includes 'pcre2')" "PCRE2 only in its adapter"
same "./util/yaml_tree.c " "$(includes 'yaml\.h')" "libyaml only in its adapter"

walkers=$(cd "$src/lib" && grep -rl --include='*.c' "git_revwalk_" . | sort | tr '\n' ' ')
same "./git/git.c " "$walkers" "libgit2's revision walk is wrapped in one file"
users=$(cd "$src/lib" && grep -rl --include='*.c' "specsync_git_branch_commits\|specsync_git_reach_" . |
	grep -v '^./git/' | sort | tr '\n' ' ')
same "./walk.c " "$users" "revisions are walked in walk.c only"

# the command line: its own headers and the public one, nothing of src/lib
cli=$(cd "$src/cli" && grep -h '^#include "' ./*.c ./*.h | sort -u | grep -v '"cli.h"\|"specsync.h"' || true)
same "" "$cli" "src/cli includes only the public header (and its own)"

finish
