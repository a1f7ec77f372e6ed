#!/bin/sh
# The container image's entrypoint: runs specsync with its arguments, after
# adding the repository that holds the working directory to git's
# safe.directory list (libgit2 1.5 refuses a repository owned by another
# user, as a mounted one is, and does not understand '*'). Mounting a
# directory is trusting it; SPECSYNC_TRUST_WORKDIR=0 keeps the check.
set -eu

# repo_root DIR: the closest directory at or above DIR that is a work tree
# (has .git) or a bare repository (HEAD and objects/); empty when none
repo_root() {
	d=$1
	while :; do
		if [ -e "$d/.git" ] || { [ -f "$d/HEAD" ] && [ -d "$d/objects" ]; }; then
			echo "$d"
			return
		fi
		[ "$d" = / ] && return
		d=$(dirname "$d")
	done
}

if [ "${SPECSYNC_TRUST_WORKDIR:-1}" != 0 ]; then
	root=$(repo_root "$(pwd -P)")
	if [ -n "$root" ] && ! git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$root"; then
		# a read-only HOME (docker run --user) only loses the convenience
		git config --global --add safe.directory "$root" 2>/dev/null ||
			echo "specsync-entrypoint: could not add $root to safe.directory (HOME not writable)" >&2
	fi
fi
exec "${SPECSYNC:-specsync}" "$@"
