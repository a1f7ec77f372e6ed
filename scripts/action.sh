#!/bin/sh
# The steps of the GitHub Action (action.yml at the root), kept here so
# that they are plain shell that tests/e2e/t0212 runs outside GitHub.
#
#   sh scripts/action.sh build    installs the build dependencies (Debian
#                                 12) and builds specsync into
#                                 $SPECSYNC_PREFIX/bin/specsync unless
#                                 that binary is there (a cache hit)
#   sh scripts/action.sh run      check (pull requests) or audit (other
#                                 events); writes the exit status to
#                                 $GITHUB_OUTPUT (exit-code=N) and never
#                                 fails itself but for usage errors
#   sh scripts/action.sh verdict  exits with the recorded status when
#                                 INPUT_FAIL_ON is "error"
#
# Environment (from action.yml; nothing is interpolated into the scripts):
# GITHUB_ACTION_PATH, GITHUB_EVENT_NAME, GITHUB_WORKSPACE, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, SPECSYNC_PREFIX, SPECSYNC_BASE / SPECSYNC_HEAD (the
# pull request's base and head), INPUT_BASE, INPUT_FORMATS, INPUT_CONFIG,
# INPUT_FAIL_ON, INPUT_SARIF, SPECSYNC_STATUS (verdict).
set -eu

src=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}
bin=${SPECSYNC_PREFIX:-}/bin/specsync

build() {
	sh "$src/scripts/deps.sh"
	if [ -x "$bin" ]; then
		echo "specsync: using the cached build ($("$bin" version))"
		return 0
	fi
	cmake -S "$src" -B "$SPECSYNC_PREFIX/build" -DSPECSYNC_TESTS=OFF >/dev/null
	cmake --build "$SPECSYNC_PREFIX/build" -j "$(nproc 2>/dev/null || echo 2)"
	cmake --install "$SPECSYNC_PREFIX/build" --prefix "$SPECSYNC_PREFIX" >/dev/null
	rm -rf "$SPECSYNC_PREFIX/build"
}

# the user's extra formats: "FMT=FILE" words, e.g. "junit=specsync.xml"
extra_formats() {
	for f in ${INPUT_FORMATS:-}; do
		printf ' --format %s' "$f"
	done
}

run_specsync() {
	# the work tree belongs to the runner's user; in a container the job is
	# root (libgit2 1.5 wants the exact path: '*' came with 1.6)
	git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$GITHUB_WORKSPACE" ||
		git config --global --add safe.directory "$GITHUB_WORKSPACE"
	set -- ${INPUT_CONFIG:+--config "$INPUT_CONFIG"}
	sarif=${INPUT_SARIF:-specsync.sarif}
	status=0
	if [ "$GITHUB_EVENT_NAME" = pull_request ] || [ "$GITHUB_EVENT_NAME" = pull_request_target ]; then
		base=${INPUT_BASE:-${SPECSYNC_BASE:-}}
		if [ -z "$base" ] || [ -z "${SPECSYNC_HEAD:-}" ]; then
			echo "::error::specsync: no base or head commit for this pull request (set the 'base' input)"
			exit 2
		fi
		# shellcheck disable=SC2046
		"$bin" check "$@" --base "$base" --head "$SPECSYNC_HEAD" --format github \
			--format "sarif=$sarif" $(extra_formats) || status=$?
	else
		"$bin" audit "$@" --format github || status=$?
		if [ "$status" -le 1 ]; then
			"$bin" audit "$@" --format sarif -o "$sarif" || [ $? -le 1 ]
			for f in ${INPUT_FORMATS:-}; do
				"$bin" audit "$@" --format "${f%%=*}" -o "${f#*=}" || [ $? -le 1 ]
			done
		fi
	fi
	echo "exit-code=$status" >>"$GITHUB_OUTPUT"
	echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
}

verdict() {
	case ${INPUT_FAIL_ON:-error} in
	error) exit "${SPECSYNC_STATUS:-0}" ;;
	never) [ "${SPECSYNC_STATUS:-0}" -le 1 ] || exit "$SPECSYNC_STATUS" ;;
	*)
		echo "::error::specsync: fail-on is '$INPUT_FAIL_ON'; expected error or never"
		exit 2
		;;
	esac
}

case ${1:-} in
build | run) [ -n "${SPECSYNC_PREFIX:-}" ] || { echo "specsync: SPECSYNC_PREFIX is not set" >&2; exit 2; } ;;
esac
case ${1:-} in
build) build ;;
run) run_specsync ;;
verdict) verdict ;;
*)
	echo "usage: sh scripts/action.sh build|run|verdict" >&2
	exit 2
	;;
esac
