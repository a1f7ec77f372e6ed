#!/bin/sh
# Smoke test of the benchmark harness (bench/, see docs/performance.md): on
# a tiny generated repository, every case runs once and the table is
# printed. No timing is asserted: this only proves the harness works end
# to end. Also: the generator is reproducible from its seed.
#
# Environment: SPECSYNC (the binary; default build/specsync beside the
# sources). Needs git, python3 and /usr/bin/time (scripts/deps.sh --test).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
SPECSYNC=${SPECSYNC:-$src/build/specsync}
case $SPECSYNC in /*) ;; *) SPECSYNC=$(pwd)/$SPECSYNC ;; esac
if [ ! -x "$SPECSYNC" ]; then
	echo "t0501: specsync binary not found at $SPECSYNC (set SPECSYNC)" >&2
	exit 2
fi
if [ ! -x /usr/bin/time ]; then
	echo "t0501: /usr/bin/time is missing (sh scripts/deps.sh --test installs it)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/specsync-t0501.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME="$tmp/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY 2>/dev/null || true

fail=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; fail=1; }

# ---- the generator -----------------------------------------------------------
gen() { python3 "$src/bench/gen.py" --commits 300 --requirements 10 --files 4 --code-files 20 "$@"; }
gen --out "$tmp/a" --seed 3 >"$tmp/gen.out"
gen --out "$tmp/b" --seed 3 >/dev/null
gen --out "$tmp/c" --seed 4 >/dev/null
a=$(git -C "$tmp/a" rev-parse HEAD)
if [ "$a" = "$(git -C "$tmp/b" rev-parse HEAD)" ] && [ "$a" != "$(git -C "$tmp/c" rev-parse HEAD)" ]; then
	ok "the generator is reproducible from its seed"
else
	not_ok "same seed, same repository; another seed, another one"
fi
fp=$(git -C "$tmp/a" rev-list --first-parent --count HEAD)
merges=$(git -C "$tmp/a" rev-list --first-parent --merges --count HEAD)
fun=$(git -C "$tmp/a" ls-files 'specs/functional/*.md' | wc -l)
tech=$(git -C "$tmp/a" ls-files 'specs/technical/*.md' | wc -l)
if [ "$fp" -eq 300 ] && [ "$merges" -gt 0 ] && [ "$fun" -eq 2 ] && [ "$tech" -eq 2 ] &&
	git -C "$tmp/a" cat-file -e HEAD:.specsync.yml &&
	git -C "$tmp/a" log --format=%B | grep -q '^Sync-Ack: REQ-'; then
	ok "300 first-parent commits, $merges merges, 2 + 2 spec files, acknowledgements, a configuration"
else
	not_ok "generated history: $fp first-parent commits, $merges merges, $fun + $tech spec files"
fi

# ---- the runner ----------------------------------------------------------------
if python3 "$src/bench/run.py" --commits 60 --requirements 12 --files 4 --code-files 20 \
	--runs 2 --work "$tmp/work" --specsync "$SPECSYNC" >"$tmp/run.out" 2>&1; then
	ok "bench/run.py runs every case"
else
	not_ok "bench/run.py failed"
	sed 's/^/#   /' "$tmp/run.out"
fi
missing=""
for row in "| git log --first-parent -p -- specs |" \
	"| floor: rev-list, diff-tree --stdin, cat-file --batch |" "| audit --no-cache (cold) |" \
	"| audit --no-cache, one thread |" \
	"| audit, cache + 1 commit (warm) |" "| check --staged (warm cache) |" \
	"command: sh bench/run.sh --commits 60 --requirements 12 --files 4 --code-files 20" \
	"machine: " "repository: 60 first-parent commits"; do
	grep -qF -- "$row" "$tmp/run.out" || missing="$missing [$row]"
done
rows=$(grep -c '^| .* | [0-9.]* \(ms\|s\) | .* MB |$' "$tmp/run.out" || true)
if [ -z "$missing" ] && [ "$rows" -eq 6 ]; then
	ok "the table has its six timed rows, the command and the machine"
else
	not_ok "table incomplete:$missing ($rows timed rows)"
	sed 's/^/#   /' "$tmp/run.out"
fi
# the dense profile: another repository, more of the specification activity
gen --out "$tmp/d" --seed 3 --profile dense >/dev/null
dense=$(git -C "$tmp/d" rev-list --count HEAD)
plain=$(git -C "$tmp/a" rev-list --count HEAD)
dspec=$(git -C "$tmp/d" rev-list --first-parent --count HEAD -- specs)
pspec=$(git -C "$tmp/a" rev-list --first-parent --count HEAD -- specs)
if [ "$(git -C "$tmp/d" rev-list --first-parent --count HEAD)" -eq 300 ] &&
	[ "$dense" -gt "$plain" ] && [ "$dspec" -gt "$pspec" ]; then
	ok "dense profile: more merges ($dense commits in all, $plain), more spec commits ($dspec, $pspec)"
else
	not_ok "dense profile: $dense commits in all ($plain), $dspec spec commits ($pspec)"
fi

# the git/git case is skipped, with a message, when no clone is given
if python3 "$src/bench/run.py" --profile git --git-repo "$tmp/nowhere" --runs 1 \
	--work "$tmp/work" --specsync "$SPECSYNC" >"$tmp/git.out" 2>&1 &&
	grep -q "^bench: git/git case skipped: no clone of git's repository" "$tmp/git.out"; then
	ok "--profile git without a clone is skipped"
else
	not_ok "--profile git without a clone"
	sed 's/^/#   /' "$tmp/git.out"
fi

# the runner leaves the repository as it found it
repo=$(find "$tmp/work" -maxdepth 1 -name 'repo-*' ! -name '*.cache')
if [ -z "$(git -C "$repo" status --porcelain)" ] &&
	[ "$(git -C "$repo" rev-parse HEAD)" = "$(git -C "$repo" rev-parse main)" ]; then
	ok "the benchmark repository is left clean at its base commit"
else
	not_ok "the benchmark repository was left dirty"
fi

if [ "$fail" -ne 0 ]; then
	echo "# t0501: FAILED" >&2
	exit 1
fi
echo "# t0501: all checks passed"
