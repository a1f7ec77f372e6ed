#!/bin/sh
# 'cmake --install' puts specsync, a git-specsync symbolic link beside it
# (so that 'git specsync' works), the man pages and the hook scripts in
# place, also when staged with DESTDIR.
. "$(dirname "$0")/hooks-lib.sh"

build=${SPECSYNC_BUILD_DIR:-$(dirname "$SPECSYNC")}
if ! command -v cmake >/dev/null 2>&1; then
	echo "$name: cmake not found" >&2
	exit 2
fi

p=$tmp/prefix
run "$tmp" cmake --install "$build" --prefix "$p"
expect_status 0 "cmake --install --prefix"
if [ -x "$p/bin/specsync" ] && [ ! -L "$p/bin/specsync" ]; then ok "bin/specsync installed"; else not_ok "bin/specsync installed"; fi
if [ -L "$p/bin/git-specsync" ]; then ok "bin/git-specsync is a symbolic link"; else not_ok "bin/git-specsync is a symbolic link"; fi
expect_same "$(readlink "$p/bin/git-specsync")" "specsync" "git-specsync points at specsync beside it"
expect_cmp "$p/share/man/man1/specsync.1" "$SPECSYNC_SOURCE_DIR/docs/specsync.1" "man page specsync(1)"
expect_cmp "$p/share/man/man1/git-specsync.1" "$SPECSYNC_SOURCE_DIR/docs/git-specsync.1" "man page git-specsync(1)"
for h in pre-commit commit-msg post-commit pre-push pre-receive update; do
	expect_cmp "$p/share/specsync/hooks/$h" "$SPECSYNC_SOURCE_DIR/hooks/$h" "hook script $h"
done

run "$tmp" env PATH="$p/bin:$PATH" git specsync version
expect_status 0 "git specsync version"
expect_line "specsync 0.1.0" "git runs git-specsync as 'git specsync'"
r=$tmp/repo
new_repo "$r"
run "$r" env PATH="$p/bin:$PATH" git specsync check --staged
expect_status 0 "git specsync check --staged"
expect_line "specsync: no new unsynchronised requirement" "git specsync runs specsync's commands"

run "$tmp" env DESTDIR="$tmp/stage" cmake --install "$build" --prefix /usr
expect_status 0 "cmake --install with DESTDIR"
expect_same "$(readlink "$tmp/stage/usr/bin/git-specsync")" "specsync" "DESTDIR: the link is relative"
if [ -f "$tmp/stage/usr/share/man/man1/specsync.1" ]; then ok "DESTDIR: man page staged"; else not_ok "DESTDIR: man page staged"; fi

finish
