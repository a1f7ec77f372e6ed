#!/bin/sh
# 'cmake --install' puts specsync, a git-specsync symbolic link beside it
# (so that 'git specsync' works), the man pages (specsync.yml(5) too), the
# hook scripts, the library (shared, exporting the public API only, and
# static), its header and specsync.pc, the examples and docs in place, also
# when staged with DESTDIR; a small program built against the installed
# library through pkg-config, shared and static, audits a repository.
. "$(dirname "$0")/hooks-lib.sh"
skip_unless_plain_build

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

expect_cmp "$p/share/man/man5/specsync.yml.5" "$SPECSYNC_SOURCE_DIR/docs/specsync.yml.5" "man page specsync.yml(5)"
expect_cmp "$p/include/specsync.h" "$SPECSYNC_SOURCE_DIR/include/specsync.h" "include/specsync.h"
expect_cmp "$p/share/doc/specsync/examples/billing/specsync.yml" "$SPECSYNC_SOURCE_DIR/examples/billing/specsync.yml" \
	"examples under share/doc/specsync"
expect_cmp "$p/share/doc/specsync/examples/ci/gitlab-ci.yml" "$SPECSYNC_SOURCE_DIR/examples/ci/gitlab-ci.yml" \
	"CI examples under share/doc/specsync"
pc=$(find "$p" -name specsync.pc)
libdir=$(dirname "$(dirname "$pc")")
for f in libspecsync.a libspecsync.so libspecsync.so.0 specsync.pc; do
	if [ -e "$libdir/$f" ] || [ -e "$libdir/pkgconfig/$f" ]; then ok "installed $f"; else not_ok "installed $f"; fi
done
# exported: the functions of the header, nothing else
nm -D --defined-only "$libdir/libspecsync.so" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort >"$tmp/exported"
grep -oE '^[a-z].*[ *]specsync_[a-z0-9_]+\(' "$SPECSYNC_SOURCE_DIR/include/specsync.h" |
	grep -oE 'specsync_[a-z0-9_]+\($' | tr -d '(' | sort >"$tmp/declared"
expect_cmp "$tmp/exported" "$tmp/declared" "libspecsync.so exports exactly the functions of specsync.h"

# a program of the library's user, through pkg-config
cat >"$tmp/count.c" <<'C'
#include <specsync.h>
#include <stdio.h>

/* Prints the number of findings of the audit of the repository at argv[1],
 * then each one's kind and requirement. */
int main(int argc, char **argv)
{
	specsync_error err = {0};
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_result *res = NULL;
	specsync_audit_options opts = SPECSYNC_AUDIT_OPTIONS_INIT;
	const specsync_finding *f;
	size_t n = 0;
	int rc = 2;

	opts.no_cache = true;
	if (argc == 2 && specsync_repo_open(&repo, argv[1], 0, &err) == 0 &&
	    specsync_repo_load_config(&cfg, repo, NULL, NULL, &err) == 0 &&
	    specsync_audit(&res, repo, cfg, &opts, &err) == 0) {
		f = specsync_result_findings(res, &n);
		printf("%zu\n", n);
		for (size_t i = 0; i < n; i++)
			printf("%s %s\n", specsync_finding_kind_name(f[i].kind), f[i].requirement);
		rc = 0;
	} else {
		fprintf(stderr, "count: %s\n", err.message);
	}
	specsync_result_free(res);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return rc;
}
C
export PKG_CONFIG_PATH="$libdir/pkgconfig"
expect_same "$(pkg-config --modversion specsync)" "0.1.0" "pkg-config: specsync's version"
cc -std=c11 -Wall -Wextra -Werror -o "$tmp/count" "$tmp/count.c" $(pkg-config --cflags --libs specsync) 2>"$tmp/err" &&
	ok "builds with pkg-config --cflags --libs specsync" || not_ok "builds with pkg-config --cflags --libs specsync"
# static: the archive, and the private requirements pkg-config --static lists
cc -std=c11 -o "$tmp/count-static" "$tmp/count.c" $(pkg-config --cflags specsync) \
	-L"$libdir" -Wl,-Bstatic -lspecsync -Wl,-Bdynamic $(pkg-config --static --libs specsync | sed 's/-lspecsync//') \
	2>"$tmp/err" && ok "builds against libspecsync.a (pkg-config --static)" ||
	not_ok "builds against libspecsync.a (pkg-config --static)"
if ldd "$tmp/count-static" | grep -q libspecsync; then not_ok "the static build does not load libspecsync.so"; else ok "the static build does not load libspecsync.so"; fi
if ldd "$tmp/count" | grep -q "libspecsync.so.0 => not found"; then ok "the shared build needs libspecsync.so.0"; else not_ok "the shared build needs libspecsync.so.0"; fi

lr=$tmp/librepo
new_repo "$lr"
func "$lr" "Every customer receives two invoices per month."
(cd "$lr" && git add -A && git -c user.name=A -c user.email=a@example.org commit -qm "Two invoices")
# what the command line finds, in the same order
run "$lr" "$SPECSYNC" audit --format json --no-cache
/usr/bin/python3 -c '
import json, sys
f = json.load(open(sys.argv[1]))["findings"]
print(len(f))
for x in f:
    print(x["kind"], x["requirement"])' "$tmp/out" >"$tmp/want"
if grep -qx "unsynced REQ-INV-001" "$tmp/want"; then ok "the repository has the unsynchronised REQ-INV-001"; else not_ok "the repository has the unsynchronised REQ-INV-001"; fi
for prog in count count-static; do
	set +e
	LD_LIBRARY_PATH="$libdir" "$tmp/$prog" "$lr" >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
	expect_status 0 "$prog: the audit through the installed library"
	expect_same "$(cat "$tmp/out")" "$(cat "$tmp/want")" "$prog: the findings of specsync audit"
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
if [ -f "$tmp/stage/usr/lib/x86_64-linux-gnu/pkgconfig/specsync.pc" ] || [ "$(uname -m)" != x86_64 ]; then
	ok "DESTDIR: specsync.pc in Debian's multiarch library directory"
else
	not_ok "DESTDIR: specsync.pc in Debian's multiarch library directory"
fi

finish
