#!/bin/sh
# Nothing lost: apart from its cache (<git common dir>/specsync/), specsync
# writes nothing to the repository. Every read-only command (audit in every
# format, explain, check, lint, matrix, hooks run, version) runs on a
# repository with staged and unstaged changes, untracked files, a stash, a
# linked worktree and a bare clone; afterwards refs, index, work tree,
# configuration and objects are byte for byte what they were. (`hooks
# install` writes hooks on request and is tested by the hooks tests.)
. "$(dirname "$0")/robust-lib.sh"

repo=$tmp/repo
small_repo "$repo"
cd "$repo"
git checkout -q -b feature
printf '\n# REQ-003 New\n\nText.\n' >>func/login.md
commit alice "Feature work"
git checkout -q main
printf '# REQ-009 staged\n' >func/staged.md
git add func/staged.md
printf 'unstaged edit\n' >>tech/login.md
printf 'untracked\n' >func/untracked.md
git stash -q
printf '# REQ-009 staged\n' >func/staged.md
git add func/staged.md
printf 'unstaged edit\n' >>tech/login.md
printf 'untracked\n' >func/untracked.md
git worktree add -q "$tmp/linked" feature
cd "$tmp"
git clone -q --bare "$repo" "$tmp/bare.git"
printf 'A message\n\nSync-Ack: REQ-001 agreed\n' >"$tmp/message"

# fingerprint DIR: every file outside the cache, with its hash, mode and
# modification time; then the work tree's files (for non-bare).
fingerprint() {
	(
		cd "$1"
		find . -path ./.git/specsync -prune -o -path ./specsync -prune -o -type f -print |
			LC_ALL=C sort | while IFS= read -r f; do
				printf '%s %s %s\n' "$(sha256sum <"$f" | cut -c1-64)" "$(stat -c '%a %Y' "$f")" "$f"
			done
		find . -path ./.git/specsync -prune -o -path ./specsync -prune -o -print | LC_ALL=C sort
	)
}

# Each command runs without cache, then with it (cold, then warm; under
# valgrind, SPECSYNC_E2E_LIGHT, cold only). An empty word means "with".
cache_runs="--no-cache _ _"
[ "$light" = 1 ] && cache_runs="--no-cache _"
for dir in "$repo" "$tmp/linked" "$tmp/bare.git"; do
	fingerprint "$dir" >"$tmp/before"
	# the linked worktree's files are also in the main repository's .git
	[ "$dir" = "$tmp/linked" ] && fingerprint "$repo" >"$tmp/before-main"
	commands="audit|audit --format json|audit --all|audit main --since HEAD~1|explain REQ-001|explain REQ-001 HEAD~1|check --range HEAD~2..HEAD|check --range 0000000000000000000000000000000000000000..HEAD|check --base main --head feature --format json|check --base HEAD~1 --config-from head|version"
	for fmt in sarif junit github gitlab markdown html digest mbox; do
		commands="$commands|audit --format $fmt"
	done
	commands="$commands|lint|lint --format json|matrix|matrix --format csv|matrix --format json|matrix --format html|matrix HEAD~1 -o $tmp/matrix.md"
	[ "$dir" != "$tmp/bare.git" ] && commands="$commands|check --staged|check --staged --message-file $tmp/message|check --staged --format json --format text=$tmp/report.txt|hooks run pre-commit|hooks run post-commit"
	old_ifs=$IFS
	IFS='|'
	for cmd in $commands; do
		IFS=$old_ifs
		for cache in $cache_runs; do
			[ "$cache" = _ ] && cache=
			case $cmd in version | hooks* | lint* | matrix*) cache= ;; esac
			# shellcheck disable=SC2086
			run "$dir" $cmd $cache
			if [ "$status" -gt 2 ]; then not_ok "$dir: $cmd $cache: exit $status"; fi
		done
		IFS='|'
	done
	IFS=$old_ifs
	fingerprint "$dir" >"$tmp/after"
	if cmp -s "$tmp/before" "$tmp/after"; then
		ok "$(basename "$dir"): refs, index, work tree, config and objects unchanged"
	else
		not_ok "$(basename "$dir"): the repository changed"
		diff "$tmp/before" "$tmp/after" | head -20 | sed 's/^/#   /'
	fi
	if [ "$dir" = "$tmp/linked" ]; then
		fingerprint "$repo" >"$tmp/after-main"
		if cmp -s "$tmp/before-main" "$tmp/after-main"; then ok "linked: the main repository unchanged"; else not_ok "linked: the main repository changed"; fi
	fi
done
if [ -d "$repo/.git/specsync/cache" ]; then ok "the cache was written (so the test saw writes happen)"; else not_ok "no cache written"; fi
if [ -d "$tmp/bare.git/specsync/cache" ]; then ok "bare: the cache is in the git directory"; else not_ok "bare: no cache"; fi
git -C "$repo" fsck --no-progress --strict >/dev/null 2>&1 && ok "git fsck passes" || not_ok "git fsck fails"

finish
