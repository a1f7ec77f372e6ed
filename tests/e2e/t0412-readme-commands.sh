#!/bin/sh
# The commands the README tells a user to run on their repository work as
# written (issue 12, item 1), here on the demo repository: the line the demo
# suggests (explain), CODEOWNERS into a .github/ that does not exist yet and
# its --check once committed, the digests split for git send-email (the
# README's own line, run as written), the steering report, the matrix, lint,
# hooks install and uninstall.
. "$(dirname "$0")/lib.sh"

readme=$SPECSYNC_SOURCE_DIR/README.md
demo=$tmp/demo
sh "$SPECSYNC_SOURCE_DIR/examples/billing/create-repo.sh" "$demo" >/dev/null 2>&1
cd "$demo"
if [ -e .github ]; then not_ok "the demo has no .github"; else ok "the demo has no .github"; fi

# readme_line TEXT: the README line that starts with TEXT, its comment removed
readme_line() {
	grep -F -- "$1" "$readme" | head -1 | sed 's/  *#.*$//'
}

# run_readme TEXT WHAT: runs the README's line in the demo ("specsync" is the binary under test)
run_readme() {
	line=$(readme_line "$1")
	if [ -z "$line" ]; then
		not_ok "$2: the README has the line '$1'"
		status=99
		return
	fi
	set +e
	(specsync() { "$SPECSYNC" "$@"; } && eval "$line") >"$tmp/out" 2>"$tmp/err"
	status=$?
	set -e
}

run "$demo" explain REQ-INV-001
expect_status 0 "the demo's suggestion: explain REQ-INV-001"

run_readme "specsync codeowners -o .github/CODEOWNERS" "codeowners"
expect_status 0 "specsync codeowners -o .github/CODEOWNERS without .github"
if [ -s .github/CODEOWNERS ]; then ok ".github/CODEOWNERS written"; else not_ok ".github/CODEOWNERS written"; fi
commit_as "Pauline Roux" pauline@example.org "CODEOWNERS"
run_readme "specsync codeowners --check" "codeowners --check"
expect_status 0 "specsync codeowners --check once committed"

export EMAIL="Pauline Roux <pauline@example.org>"
run_readme "specsync audit --format mbox -o digest.mbox" "mbox"
expect_status 1 "specsync audit --format mbox (the demo's open findings)"
messages=$(grep -c '^From ' digest.mbox)
run_readme "mkdir -p digests && git mailsplit" "mailsplit"
expect_status 0 "the README's git mailsplit line"
split=$(find digests -type f | wc -l | tr -d ' ')
if [ "$messages" -gt 0 ] && [ "$split" = "$messages" ]; then
	ok "one file per message ($split)"
else
	not_ok "one file per message ($split files, $messages messages)"
fi

run_readme 'specsync report --from "2 weeks ago" --format html -o steering.html' "report"
expect_status 0 "the README's html steering report"
expect_file_has steering.html "<html" "steering.html is HTML"

run "$demo" matrix
expect_status 0 "specsync matrix"
run "$demo" lint
expect_status 0 "specsync lint"
expect_out "coverage: functional 8 requirements (1 on this side only), technical 7 requirements (0 on this side only)" \
	"lint: the demo's coverage"
run "$demo" hooks install
expect_status 0 "specsync hooks install"
run "$demo" hooks uninstall
expect_status 0 "specsync hooks uninstall"

finish
