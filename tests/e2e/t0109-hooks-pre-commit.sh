#!/bin/sh
# End-to-end with the real pre-commit framework (Debian 12 ships 3.0.4;
# scripts/deps.sh --test installs it), offline: the 'repo: local' snippet
# that 'specsync hooks install' prints, followed literally, and this
# repository's .pre-commit-hooks.yaml used through a local clone. A
# one-sided commit is refused, an acknowledged one goes through, the
# post-commit message is shown (verbose), and pushes are checked, the first
# one (root commit included) too.
. "$(dirname "$0")/hooks-lib.sh"

if ! command -v pre-commit >/dev/null 2>&1; then
	echo "not ok - pre-commit is not installed (sh scripts/deps.sh --test installs it)"
	exit 1
fi
echo "# $(pre-commit --version)"
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
# language: system runs 'specsync' from PATH
mkdir -p "$tmp/bin"
ln -s "$SPECSYNC" "$tmp/bin/specsync"
PATH=$tmp/bin:$PATH
export PATH

if pre-commit validate-manifest "$SPECSYNC_SOURCE_DIR/.pre-commit-hooks.yaml" >"$tmp/out" 2>&1; then
	ok "pre-commit validate-manifest accepts .pre-commit-hooks.yaml"
else
	not_ok "pre-commit validate-manifest accepts .pre-commit-hooks.yaml"
fi

# scenario DIR LABEL: the hooks of DIR's .pre-commit-config.yaml at work
scenario() {
	r=$1
	l=$2
	git -C "$r" add .pre-commit-config.yaml
	who pauline
	run "$r" git commit -q -m "pre-commit configuration"
	run "$r" pre-commit install --hook-type commit-msg --hook-type post-commit --hook-type pre-push
	expect_status 0 "$l: pre-commit install"
	if pre-commit validate-config "$r/.pre-commit-config.yaml" >/dev/null 2>&1; then
		ok "$l: pre-commit validate-config"
	else
		not_ok "$l: pre-commit validate-config"
	fi

	managed_scenario "$r" "$l"
}

# ---- 1. the snippet 'specsync hooks install' prints, followed literally ----
# (under valgrind, SPECSYNC_E2E_LIGHT: the second scenario only)
if [ -z "${SPECSYNC_E2E_LIGHT:-}" ]; then
r=$tmp/local
new_repo "$r"
printf 'repos: []\n' >"$r/.pre-commit-config.yaml"
run "$r" "$SPECSYNC" hooks install
expect_status 0 "hooks install defers to pre-commit"
sed -n '/^repos:$/,/^$/p' "$tmp/out" >"$r/.pre-commit-config.yaml"
if grep -q "repo: local" "$r/.pre-commit-config.yaml"; then ok "the snippet is a repo: local entry"; else not_ok "the snippet is a repo: local entry"; fi
scenario "$r" "repo: local"
fi

# ---- 2. this repository's manifest, through a local clone ------------------------
hooks_repo=$tmp/specsync-hooks
git init -q "$hooks_repo"
cp "$SPECSYNC_SOURCE_DIR/.pre-commit-hooks.yaml" "$hooks_repo/"
git -C "$hooks_repo" add .pre-commit-hooks.yaml
who pauline
run "$hooks_repo" git commit -q -m "manifest"
git -C "$hooks_repo" tag v0
r=$tmp/manifest
new_repo "$r"
cat >"$r/.pre-commit-config.yaml" <<YML
repos:
  - repo: $hooks_repo
    rev: $(git -C "$hooks_repo" rev-parse v0)
    hooks:
      - id: specsync-commit-msg
      - id: specsync-post-commit
      - id: specsync-pre-push
YML
scenario "$r" "manifest"

finish
