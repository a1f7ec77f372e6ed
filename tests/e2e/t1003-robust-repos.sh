#!/bin/sh
# Robustness, repositories: empty, unborn, detached, shallow, partial,
# bare, linked worktree, owned by another user, corrupt objects, corrupt
# cache files, impossible dates. Each gives the right answer or exit 2 with
# a clear message, never a crash or a hang.
. "$(dirname "$0")/robust-lib.sh"

origin=$tmp/origin
small_repo "$origin"
run "$origin" audit --format json --no-cache
expect_status 1 "reference audit"
cp "$tmp/out" "$tmp/reference.json"

# same_answer DESCRIPTION: the last run's JSON is the reference's.
same_answer() {
	if cmp -s "$tmp/out" "$tmp/reference.json"; then ok "$1: same answer"; else not_ok "$1: a different answer"; fi
}

# ---- empty repository, unborn HEAD -------------------------------------------------
empty=$tmp/empty
mkdir -p "$empty"
git -C "$empty" init -q .
config >"$empty/.specsync.yml"
for cmd in "audit" "explain REQ-001" "check --range HEAD~1..HEAD" "check --base main"; do
	# shellcheck disable=SC2086
	run "$empty" $cmd
	expect_status 2 "empty repository ($cmd)"
	expect_err 'no commits yet|unborn|not found' "empty repository ($cmd): message"
	expect_no_crash "empty repository ($cmd)"
done
mkdir -p "$empty/func"
printf '# REQ-001\n' >"$empty/func/a.md"
git -C "$empty" add -A
run "$empty" check --staged
expect_status 1 "unborn HEAD: check --staged checks against the empty tree"

# ---- detached HEAD ----------------------------------------------------------------------
git -C "$origin" checkout -q --detach HEAD~1
run "$origin" audit --format json --no-cache
expect_status 0 "detached HEAD at the synchronised commit"
run "$origin" audit main --format json --no-cache
expect_status 1 "detached HEAD, audit main"
same_answer "detached HEAD, audit main"
git -C "$origin" checkout -q main

# ---- shallow clone --------------------------------------------------------------------------
git clone -q --depth 1 "file://$origin" "$tmp/shallow"
for cmd in "audit" "explain REQ-001" "check --staged" "check --base origin/main"; do
	# shellcheck disable=SC2086
	run "$tmp/shallow" $cmd
	expect_status 2 "shallow clone ($cmd)"
	expect_err 'shallow clone.*git fetch --unshallow' "shallow clone ($cmd): the unshallow hint"
done

# ---- partial clone (blobs missing) ---------------------------------------------------------
git -C "$origin" config uploadpack.allowFilter true
git -C "$origin" config uploadpack.allowAnySHA1InWant true
if git clone -q --filter=blob:none --no-checkout "file://$origin" "$tmp/partial" 2>/dev/null; then
	git -C "$tmp/partial" checkout -q main -- .specsync.yml 2>/dev/null || true
	for cmd in "audit" "audit --config $tmp/partial/.specsync.yml"; do
		# shellcheck disable=SC2086
		run_limited 30 "$tmp/partial" $cmd
		expect_status 2 "partial clone ($cmd)"
		expect_err 'partial clone' "partial clone ($cmd): says so"
		expect_no_crash "partial clone ($cmd)"
	done
else
	skip "partial clone: git cannot make one here"
fi

# ---- bare repository: the configuration from the revision's tree ------------------------------
git clone -q --bare "$origin" "$tmp/bare.git"
run "$tmp/bare.git" audit --format json --no-cache
expect_status 1 "bare repository"
# the same answer; the rules (and identities) came from HEAD's tree, and it says so
head=$(git -C "$tmp/bare.git" rev-parse HEAD)
if sed "s/\"rules_from\":\"$head\"/\"rules_from\":null/" "$tmp/out" | cmp -s - "$tmp/reference.json"; then
	ok "bare repository: same answer, rules_from its HEAD"
else
	not_ok "bare repository: a different answer"
fi
run "$tmp/bare.git" audit HEAD~1 --no-cache
expect_status 0 "bare repository, an older revision (its own configuration)"
# a bare repository whose tree has no configuration, or a link for one
git -C "$origin" checkout -q -b no-config
git -C "$origin" rm -q .specsync.yml
(cd "$origin" && commit alice "No configuration")
ln -s /etc/passwd "$origin/.specsync.yml"
(cd "$origin" && commit alice "Configuration is a link")
git -C "$origin" checkout -q main
git -C "$tmp/bare.git" fetch -q "$origin" no-config:no-config
run "$tmp/bare.git" audit no-config~1
expect_status 2 "bare repository, no configuration in the tree"
expect_err 'no \.specsync\.yml in the tree of no-config~1' "bare repository, no configuration: message"
run "$tmp/bare.git" audit no-config
expect_status 2 "bare repository, configuration is a symbolic link"
expect_err 'not a regular file' "bare repository, configuration is a link: message"
if grep -q 'root:' "$tmp/err"; then not_ok "bare repository, link: target not shown"; else ok "bare repository, link: target not shown"; fi

# ---- linked worktree --------------------------------------------------------------------------
git -C "$origin" worktree add -q "$tmp/linked" -b linked main
run "$tmp/linked" audit --format json
expect_status 1 "linked worktree"
same_answer "linked worktree"
if [ -d "$origin/.git/specsync" ] && [ ! -e "$tmp/linked/.git/specsync" ]; then
	ok "linked worktree: the cache is in the common git directory"
else
	not_ok "linked worktree: the cache is in the common git directory"
fi
run "$tmp/linked" audit --format json
same_answer "linked worktree, from the cache"

# ---- owned by another user ----------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ] && command -v useradd >/dev/null 2>&1; then
	user=specsync-e2e-owner
	id "$user" >/dev/null 2>&1 || useradd --no-create-home --system "$user" 2>/dev/null || true
	if id "$user" >/dev/null 2>&1; then
		git clone -q "$origin" "$tmp/foreign"
		chown -R "$user" "$tmp/foreign"
		git config --global --unset-all safe.directory
		run "$tmp/foreign" audit
		expect_status 2 "repository owned by another user"
		expect_err 'owned by another user.*safe\.directory' "another user's repository: names safe.directory"
		git config --global --add safe.directory "$tmp/foreign"
		run "$tmp/foreign" audit --no-cache
		expect_status 1 "another user's repository listed in safe.directory"
		git config --global --add safe.directory '*'
		chown -R "$(id -u)" "$tmp/foreign"
	else
		skip "repository owned by another user: useradd failed"
	fi
else
	skip "repository owned by another user: needs root"
fi

# ---- corrupt objects ----------------------------------------------------------------------------
corrupt_object() { # REPO OBJECT-ID HOW (truncate|garbage|remove)
	obj="$1/.git/objects/$(echo "$2" | cut -c1-2)/$(echo "$2" | cut -c3-)"
	chmod u+w "$obj"
	case $3 in
	truncate) head -c 10 "$obj" >"$obj.tmp" && mv "$obj.tmp" "$obj" ;;
	garbage) printf 'this is not zlib data at all' >"$obj" ;;
	remove) rm -f "$obj" ;;
	esac
}
for how in truncate garbage remove; do
	for what in blob tree commit; do
		r=$tmp/corrupt-$how-$what
		small_repo "$r"
		case $what in
		blob) id=$(git -C "$r" rev-parse HEAD~1:tech/login.md) ;;
		tree) id=$(git -C "$r" rev-parse HEAD~1^{tree}) ;;
		commit) id=$(git -C "$r" rev-parse HEAD~1) ;;
		esac
		corrupt_object "$r" "$id" "$how"
		run_limited 30 "$r" audit --no-cache
		expect_status 2 "$how $what object"
		expect_err '^specsync: error: .+' "$how $what object: a message"
		expect_no_crash "$how $what object"
	done
done

# ---- corrupt index and configuration -------------------------------------------------------------
broken=$tmp/broken
small_repo "$broken"
cp "$broken/.git/index" "$tmp/index.saved"
head -c 30 "$tmp/index.saved" >"$broken/.git/index"
run_limited 30 "$broken" check --staged
expect_status 2 "truncated index"
expect_err 'error: reading the index' "truncated index: message"
printf 'garbage' >"$broken/.git/index"
run_limited 30 "$broken" check --staged
expect_status 2 "garbage index"
cp "$tmp/index.saved" "$broken/.git/index"
cp "$broken/.git/config" "$tmp/config.saved"
printf '[core\n\tbroken' >"$broken/.git/config"
run_limited 30 "$broken" audit
expect_status 2 "unparsable .git/config"
expect_err 'error: opening the repository: failed to parse config file' "unparsable .git/config: message"
cp "$tmp/config.saved" "$broken/.git/config"
git -C "$broken" config core.repositoryformatversion 99
run_limited 30 "$broken" audit
expect_status 2 "unknown repository format version"
expect_err 'unsupported repository version 99' "unknown repository format version: message"
cp "$tmp/config.saved" "$broken/.git/config"

# ---- corrupt cache files: ignored, rebuilt, same answer ----------------------------------------------
cache=$tmp/cache
small_repo "$cache"
run "$cache" audit --format json
same_answer "cache: first run"
for how in truncate flip zero garbage empty; do
	for f in "$cache"/.git/specsync/cache/*.state; do
		size=$(wc -c <"$f")
		case $how in
		truncate) head -c $((size / 2)) "$f" >"$f.x" && mv "$f.x" "$f" ;;
		flip) python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
for i in range(60, len(b), 97):
    b[i] ^= 0x5a
open(p, "wb").write(b)
PY
			;;
		zero) head -c "$size" /dev/zero >"$f" ;;
		garbage) head -c "$size" /dev/urandom >"$f" ;;
		empty) : >"$f" ;;
		esac
	done
	run "$cache" audit --format json
	expect_status 1 "cache file damaged ($how)"
	same_answer "cache file damaged ($how)"
	expect_err "warning: cache: the state after [0-9a-f]{12} .* ignored, history walked from the root" "cache file damaged ($how): said so"
	run "$cache" audit --format json
	same_answer "cache file damaged ($how), next run"
done
# the cache directory unwritable, or a file where it should be
chmod -R a-w "$cache/.git/specsync"
run "$cache" audit --format json
same_answer "cache directory read-only"
chmod -R u+w "$cache/.git/specsync"
rm -rf "$cache/.git/specsync"
printf 'not a directory' >"$cache/.git/specsync"
run "$cache" audit --format json
same_answer "a file where the cache directory goes"
rm -f "$cache/.git/specsync"

# ---- impossible dates and time zones ---------------------------------------------------------------
# git stores any 64-bit time and any +HHMM offset; each odd commit here
# changes a document, so its date is printed.
n=0
for when in "99999999999999 +0000" "-99999999999 +0000" "0 +9959" "1735800000 -9959" \
	"9223372036854775807 +0000" "-9223372036854775808 -9959"; do
	n=$((n + 1))
	dates=$tmp/dates-$n
	small_repo "$dates"
	cd "$dates"
	printf 'odd\n' >>func/login.md
	git add -A
	commit=$(printf 'tree %s\nparent %s\nauthor Odd Date <odd@example.org> %s\ncommitter Odd Date <odd@example.org> %s\n\nOdd date\n' \
		"$(git write-tree)" "$(git rev-parse HEAD)" "$when" "$when" | git hash-object -t commit -w --literally --stdin)
	git update-ref refs/heads/main "$commit"
	cd "$tmp"
	run "$dates" audit --all --format json --no-cache
	expect_status 1 "date $when (json)"
	expect_json "date $when"
	expect_out '"date":"[0-9]{4}-[01][0-9]-[0-3][0-9]T' "date $when: a well-formed date"
	run "$dates" audit --all --no-cache
	expect_status 1 "date $when (text)"
	run "$dates" explain REQ-001
	expect_status 0 "date $when (explain)"
done
# beyond 64 bits: libgit2 refuses to parse the commit
small_repo "$tmp/dates-overflow"
cd "$tmp/dates-overflow"
commit=$(printf 'tree %s\nparent %s\nauthor Odd <odd@example.org> 18446744073709551616 +0000\ncommitter Odd <odd@example.org> 1 +0000\n\nOverflow\n' \
	"$(git write-tree)" "$(git rev-parse HEAD)" | git hash-object -t commit -w --literally --stdin)
git update-ref refs/heads/main "$commit"
cd "$tmp"
run "$tmp/dates-overflow" audit --no-cache
expect_status 2 "date beyond 64 bits"
expect_err 'error: .*(invalid Unix timestamp|signature)' "date beyond 64 bits: message"

finish
