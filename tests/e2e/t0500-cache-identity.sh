#!/bin/sh
# End-to-end: the persistent cache never changes a result.
#
# On a generated repository (bench/gen.py: merges, acknowledgements,
# renames, retired requirements), for many revisions and after appending
# commits, `audit --format json` from cached states must print exactly what
# `audit --no-cache --format json` prints (ages in days aside, and the date
# of check --staged's pseudo-commit: they depend on the clock); so must the
# checks. A damaged state file (truncated, bit-flipped, foreign, empty) is
# ignored and rebuilt, and concurrent runs leave only complete, correct
# state files.
#
# Environment: SPECSYNC (the binary; default build/specsync beside the
# sources). Needs git and python3. Prints "ok - ..." per check.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
SPECSYNC=${SPECSYNC:-$src/build/specsync}
case $SPECSYNC in /*) ;; *) SPECSYNC=$(pwd)/$SPECSYNC ;; esac
if [ ! -x "$SPECSYNC" ]; then
	echo "t0500: specsync binary not found at $SPECSYNC (set SPECSYNC)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/specsync-t0500.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME="$tmp/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_CEILING_DIRECTORIES \
	GIT_ALTERNATE_OBJECT_DIRECTORIES 2>/dev/null || true
export GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no TZ=UTC LC_ALL=C NO_COLOR=1

fail=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; fail=1; }

python3 "$src/bench/gen.py" --out "$tmp/repo" --commits 600 --requirements 60 --files 10 \
	--code-files 40 --merge-rate 0.08 --seed 5 >/dev/null
cd "$tmp/repo"
cache=$(git rev-parse --git-common-dir)/specsync/cache

# same DOC1 DOC2: the two JSON documents are equal once ages are removed
same() {
	python3 - "$1" "$2" <<'PY'
import json, sys

STAGED = "0" * 40

def strip(x):
    # ages, and the date of check --staged's pseudo-commit (the clock's
    # second), depend on when each run happened
    if isinstance(x, dict):
        staged = x.get("id") == STAGED
        return {k: strip(v) for k, v in x.items()
                if k != "age_days" and not (staged and k == "date")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x

a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
if a != b:
    import difflib
    da = json.dumps(a, indent=1, sort_keys=True).splitlines()
    db = json.dumps(b, indent=1, sort_keys=True).splitlines()
    for line in list(difflib.unified_diff(da, db, "no-cache", "cache", lineterm=""))[:40]:
        print("#   " + line)
    sys.exit(1)
PY
}

# audit_pair NAME REV...: audit --no-cache and from the cache, compared
audit_pair() {
	name=$1
	shift
	"$SPECSYNC" audit "$@" --format json --no-cache >"$tmp/cold.json" 2>"$tmp/err" || [ $? -eq 1 ]
	"$SPECSYNC" audit "$@" --format json >"$tmp/warm.json" 2>>"$tmp/err" || [ $? -eq 1 ]
	if same "$tmp/cold.json" "$tmp/warm.json"; then
		return 0
	fi
	echo "# differs: $name" && sed 's/^/#   /' "$tmp/err"
	return 1
}

state_count() { ls "$cache" 2>/dev/null | grep -c '\.state$' || true; }

# ---- many revisions, forwards and backwards -----------------------------
git rev-list --first-parent --reverse HEAD >"$tmp/chain"
total=$(wc -l <"$tmp/chain")
rm -rf "$cache"
bad=""
checked=0
# every 23rd first-parent commit going forwards: each warm audit starts
# from the state the previous one stored
for n in $(seq 1 23 "$total") "$total"; do
	rev=$(sed -n "${n}p" "$tmp/chain")
	audit_pair "rev #$n" "$rev" || bad="$bad $n"
	checked=$((checked + 1))
done
if [ -z "$bad" ]; then
	ok "audit from cached states = audit --no-cache at $checked revisions (forwards)"
else
	not_ok "audit from cached states differs at first-parent commits$bad"
fi

bad=""
for n in $((total - 5)) 400 333 100 2; do
	rev=$(sed -n "${n}p" "$tmp/chain")
	audit_pair "rev #$n" "$rev" || bad="$bad $n"
done
if [ -z "$bad" ]; then
	ok "audits of older revisions with newer states cached agree"
else
	not_ok "audits of older revisions differ at$bad"
fi

# second parents of merges: their first-parent line joins main's
bad=""
checked=0
for m in $(git rev-list --first-parent --merges HEAD | sed -n '1p;4p;9p;15p'); do
	audit_pair "branch of $m" "$m^2" || bad="$bad $m"
	checked=$((checked + 1))
done
if [ -z "$bad" ] && [ "$checked" -gt 0 ]; then
	ok "audits of merged branches (off the first-parent line) agree ($checked)"
else
	not_ok "audits of merged branches differ:$bad (checked $checked)"
fi

if "$SPECSYNC" audit --since "$(sed -n 300p "$tmp/chain")" --format json --no-cache \
	>"$tmp/cold.json" 2>/dev/null || [ $? -eq 1 ]; then :; fi
if "$SPECSYNC" audit --since "$(sed -n 300p "$tmp/chain")" --format json \
	>"$tmp/warm.json" 2>/dev/null || [ $? -eq 1 ]; then :; fi
if "$SPECSYNC" audit --since "$(sed -n 300p "$tmp/chain")" --format json \
	>"$tmp/warm2.json" 2>/dev/null || [ $? -eq 1 ]; then :; fi
if same "$tmp/cold.json" "$tmp/warm.json" && same "$tmp/cold.json" "$tmp/warm2.json"; then
	ok "audit --since agrees with and without the cache"
else
	not_ok "audit --since differs with the cache"
fi

# ---- appended commits ------------------------------------------------------
commit_as() { # name email message
	GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_COMMITTER_NAME=$1 GIT_COMMITTER_EMAIL=$2 \
		GIT_AUTHOR_DATE="@2000000000 +0000" GIT_COMMITTER_DATE="@2000000000 +0000" \
		git commit -q -a --allow-empty -m "$3"
}
fspec=$(git ls-files 'specs/functional/*' | head -1)
tspec=$(git ls-files 'specs/technical/*' | head -1)
rid=$(grep -o 'REQ-[A-Z]*-[0-9]*' "$fspec" | sed -n 2p)
"$SPECSYNC" audit --format json >/dev/null 2>&1 || true
bad=""
printf '\nAppended functional text.\n' >>"$fspec"
commit_as "Alice Martin" alice@example.org "Functional: appended text"
audit_pair "one-sided edit" || bad="$bad one-sided"
commit_as "Chloe Durand" chloe@example.org "No change needed

Sync-Ack: $rid the design already covers it"
audit_pair "acknowledgement" || bad="$bad ack"
git checkout -q -b topic HEAD~1
printf '\nAppended technical text.\n' >>"$tspec"
commit_as "Mallory" mallory@example.org "Technical: appended text"
git checkout -q main
GIT_AUTHOR_DATE="@2000000100 +0000" GIT_COMMITTER_DATE="@2000000100 +0000" \
	git merge -q --no-ff -m "Merge branch 'topic'" topic
audit_pair "merge" || bad="$bad merge"
for i in 1 2 3; do
	printf '\nEdit %s.\n' "$i" >>"$tspec"
	commit_as "David Nguyen" david@example.org "Technical: edit $i"
done
audit_pair "three more commits" || bad="$bad three"
if [ -z "$bad" ]; then
	ok "after appended commits (edit, ack, merge, three edits) warm = cold"
else
	not_ok "after appended commits, warm differs from cold:$bad"
fi

# ---- checks ------------------------------------------------------------------
check_pair() { # name args...
	name=$1
	shift
	"$SPECSYNC" check "$@" --format json --no-cache >"$tmp/cold.json" 2>"$tmp/err" || [ $? -eq 1 ]
	"$SPECSYNC" check "$@" --format json >"$tmp/warm.json" 2>>"$tmp/err" || [ $? -eq 1 ]
	"$SPECSYNC" check "$@" --format json >"$tmp/warm2.json" 2>>"$tmp/err" || [ $? -eq 1 ]
	if same "$tmp/cold.json" "$tmp/warm.json" && same "$tmp/cold.json" "$tmp/warm2.json"; then
		return 0
	fi
	echo "# differs: $name" && sed 's/^/#   /' "$tmp/err"
	return 1
}
bad=""
printf '\nStaged functional text.\n' >>"$fspec"
git add "$fspec"
check_pair "staged" --staged || bad="$bad staged"
git reset -q --hard
check_pair "range" --range "$(sed -n 500p "$tmp/chain")..HEAD" || bad="$bad range"
check_pair "base" --base "$(sed -n 550p "$tmp/chain")" || bad="$bad base"
if [ -z "$bad" ]; then
	ok "check --staged, --range and --base agree with and without the cache"
else
	not_ok "checks differ with the cache:$bad"
fi

# ---- damaged state files -------------------------------------------------------
rm -rf "$cache"
"$SPECSYNC" audit --format json >"$tmp/ref.json" 2>/dev/null || true
if [ "$(state_count)" -ne 1 ]; then
	not_ok "one audit stores one state (found $(state_count))"
fi
state=$(ls "$cache"/*.state)
cp "$state" "$tmp/ref.state"
size=$(wc -c <"$tmp/ref.state")

damage() { # how
	cp "$tmp/ref.state" "$state"
	case $1 in
	truncated) head -c $((size / 2)) "$tmp/ref.state" >"$state" ;;
	empty) : >"$state" ;;
	bitflip-payload | bitflip-header | bitflip-tail)
		case $1 in
		bitflip-payload) at=$((size / 2)) ;;
		bitflip-header) at=3 ;;
		*) at=$((size - 3)) ;;
		esac
		python3 - "$state" "$at" <<'PY'
import sys
p, at = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, "rb").read())
b[at] ^= 0x10
open(p, "wb").write(bytes(b))
PY
		;;
	foreign)
		# a state of another repository and configuration under this name
		cp "$tmp/foreign.state" "$state" ;;
	garbage) head -c "$size" /dev/urandom >"$state" ;;
	esac
}
python3 "$src/bench/gen.py" --out "$tmp/other" --commits 30 --requirements 5 --files 2 \
	--code-files 4 --seed 9 >/dev/null
(cd "$tmp/other" && "$SPECSYNC" audit >/dev/null 2>&1 || true)
cp "$(ls "$tmp/other/.git/specsync/cache/"*.state | head -1)" "$tmp/foreign.state"
for how in truncated empty bitflip-payload bitflip-header bitflip-tail foreign garbage; do
	damage "$how"
	if "$SPECSYNC" audit --format json >"$tmp/out.json" 2>"$tmp/err" || [ $? -eq 1 ]; then :; fi
	if ! same "$tmp/ref.json" "$tmp/out.json"; then
		not_ok "damaged state ($how): the audit differs"
		sed 's/^/#   /' "$tmp/err"
	elif [ "$(grep -c . "$tmp/err")" -ne 1 ] ||
		! grep -Eq '^specsync: warning: cache: the state after [0-9a-f]{12} .*: ignored, history walked from the root$' "$tmp/err"; then
		not_ok "damaged state ($how): the audit should say so, in one line"
		sed 's/^/#   /' "$tmp/err"
	elif ! cmp -s "$state" "$tmp/ref.state"; then
		not_ok "damaged state ($how): not rebuilt (the state file differs from a clean one)"
	else
		ok "damaged state ($how) is ignored and rebuilt"
	fi
done

# ---- concurrent runs ---------------------------------------------------------------
# Reference states, one per revision, built one at a time in a fresh cache:
# file names depend only on the configuration, the build and the commit.
revs=""
for n in 50 120 200 260 330 410 470 530 590; do
	revs="$revs $(sed -n "${n}p" "$tmp/chain")"
done
revs="$revs $(git rev-parse HEAD)"
mkdir -p "$tmp/refstates"
for r in $revs; do
	rm -rf "$cache"
	"$SPECSYNC" audit "$r" --format json >"$tmp/ref-$r.json" 2>/dev/null || true
	cp "$cache"/*.state "$cache"/*.hist "$tmp/refstates/"
done

rm -rf "$cache"
i=0
for round in 1 2; do
	for r in $revs $revs; do
		i=$((i + 1))
		("$SPECSYNC" audit "$r" --format json >"$tmp/par-$i-$r.json" 2>"$tmp/par-$i.err" ||
			[ $? -eq 1 ] || echo "exit $?" >>"$tmp/par-$i.err") &
	done
	wait
done
bad=""
for f in "$tmp"/par-*.json; do
	r=${f##*-}
	r=${r%.json}
	same "$tmp/ref-$r.json" "$f" >/dev/null || bad="$bad $(basename "$f")"
done
for f in "$tmp"/par-*.err; do
	[ -s "$f" ] && bad="$bad $(basename "$f")"
done
leftovers=$(ls -A "$cache" | grep -Ev '\.(state|hist|narrow)$' || true)
# A run may load a state another run has just written for an older
# revision and store its own as a delta against that one's history: its tip
# is then the reference's but for the history references at its end (a
# history's and a delta's length and checksum, then the payload's checksum:
# 64 bytes). Such a state must name a base history that is in the cache and
# is one of the references, and a delta that is in the cache with the
# delta's magic, that length and that checksum (a file ends with its
# payload's checksum); any other difference is a fault. The warm audits
# below check what such states give.
check_states() {
	python3 - "$cache" "$tmp/refstates" <<'PY'
import os, struct, sys
cache, refs = sys.argv[1], sys.argv[2]
def read(d, n):
    try:
        return open(os.path.join(d, n), "rb").read()
    except OSError:
        return None
names = sorted(n for n in os.listdir(cache) if n.endswith((".state", ".hist")))
got = {n: read(cache, n) for n in names}
ends = {b[-16:]: n for n, b in got.items() if n.endswith(".hist")}  # checksum -> file
bad, deltas, named = [], 0, set()
for n in names:
    b, ref = got[n], read(refs, n)
    if b == ref or not n.endswith(".state"):
        continue
    base = ends.get(b[-56:-40])
    dlen = struct.unpack("<Q", b[-40:-32])[0]
    dfile = ends.get(b[-32:-16])
    if (ref is None or len(b) != len(ref) or b[:-64] != ref[:-64] or not dlen or
            base is None or got[base] != read(refs, base) or dfile is None or
            not got[dfile].startswith(b"specsync-hdel\n") or
            struct.unpack("<Q", got[dfile][36:44])[0] != dlen):
        bad.append(n)
    else:
        deltas += 1
        named.add(dfile)
for n in names:
    if n.endswith(".hist") and got[n] != read(refs, n) and n not in named:
        bad.append(n)
print(deltas, " ".join(bad))
PY
}
set -- $(check_states)
deltas=$1
shift
bad="$bad${*:+ $*}"
if [ -z "$bad" ] && [ -z "$leftovers" ] && [ "$(state_count)" -ge 1 ]; then
	ok "$i concurrent audits of $(echo $revs | wc -w) revisions: identical outputs," \
		"$(state_count) intact state files ($deltas of them in delta form), no temporary" \
		"file left"
else
	not_ok "concurrent audits:$bad${leftovers:+ leftovers: $leftovers}"
fi

# and a warm audit of each revision from those files still agrees
bad=""
for r in $revs; do
	"$SPECSYNC" audit "$r" --format json >"$tmp/after.json" 2>/dev/null || true
	same "$tmp/ref-$r.json" "$tmp/after.json" >/dev/null || bad="$bad $r"
done
if [ -z "$bad" ]; then
	ok "audits after the concurrent runs agree"
else
	not_ok "audits after the concurrent runs differ:$bad"
fi

if [ "$fail" -ne 0 ]; then
	echo "# t0500: FAILED" >&2
	exit 1
fi
echo "# t0500: all checks passed"
