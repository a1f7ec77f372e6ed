#!/bin/sh
# End-to-end: `specsync init` on the billing demo with its configuration
# removed: the exact proposal (pattern, prose example, sides, roles), the
# summary, the refusal to overwrite, --force, --print, and that the
# result lints without errors and audits the demo's requirements.
. "$(dirname "$0")/lib.sh"

sh "$SPECSYNC_SOURCE_DIR/examples/billing/create-repo.sh" "$tmp/demo" >/dev/null 2>&1
cd "$tmp/demo"
git rm -q .specsync.yml
commit_as "Pauline Roux" pauline@example.org "Drop the configuration"
head=$(git rev-parse --short=12 HEAD)

run "$tmp/demo" init --print
expect_status 0 "init --print"
sed "s/$head/COMMIT/" "$tmp/out" >"$tmp/got.yml"
cat >"$tmp/want.yml" <<'YML'
# specsync configuration proposed by `specsync init` from commit COMMIT.
# Lines marked "guess" are proposals: check them, then run
# `specsync lint` and `specsync audit`.
version: 1

requirements:
  # guess: 8 IDs of 1 family, 8 of them defined (in a heading, an ID field
  # or a line of their own); `specsync init` prints the families it left out
  id: '\bREQ-[A-Z]{3}-[0-9]{3}\b'
  # guess: IDs that only occur as prose examples (never defined)
  ignore:
    - 'REQ-XXX-000'

# To adopt specsync on this history without reporting what is already out of
# step, uncomment: every requirement then counts as synchronised at this commit.
# since: COMMIT

sides:
  # guess: 3 files holding 8 requirements (8 defined there);
  # read as headings (Markdown, AsciiDoc, reStructuredText)
  functional:
    paths:
      - 'specs/functional/**/*.md'
    attribution: mentions
  # guess: 4 files holding 7 requirements (7 defined there);
  # read as headings (Markdown, AsciiDoc, reStructuredText)
  technical:
    paths:
      - 'docs/**/*.adoc'
      - 'specs/technical/**/*.md'
    attribution: mentions

roles:
  # guess: the most active authors of the functional files (commits that changed them)
  functional-authors:
    name: 'Functional side: authors'
    members:
      - 'Alice Martin <alice@example.org>'  # 5 commits
      - 'Bruno Petit <bruno@example.org>'  # 4 commits
  # TO CONFIRM: who is Accountable for the functional side (guess: its most active author)
  functional-owner:
    name: 'Functional side: accountable'
    members:
      - 'Alice Martin <alice@example.org>'
  # guess: the most active authors of the technical files (commits that changed them)
  technical-authors:
    name: 'Technical side: authors'
    members:
      - 'David Nguyen <david@example.org>'  # 6 commits
      - 'Chloé Durand <chloe@example.org>'  # 4 commits
  # TO CONFIRM: who is Accountable for the technical side (guess: its most active author)
  technical-owner:
    name: 'Technical side: accountable'
    members:
      - 'David Nguyen <david@example.org>'

raci:
  # guess: each side's authors Responsible and its owner Accountable;
  # the other side's authors Consulted and its owner Informed
  - scope: '*'
    functional: { R: functional-authors, A: functional-owner, C: [technical-authors], I: [technical-owner] }
    technical: { R: technical-authors, A: technical-owner, C: [functional-authors], I: [functional-owner] }

policy:
  # guess: a requirement left behind on either side is an error; edits outside
  # one's role and invalid acknowledgements warn
  unsynced: error
  out_of_role: warning
  invalid_ack: warning
YML
expect_same "$tmp/want.yml" "$tmp/got.yml" "init --print: the exact proposal"
cp "$tmp/out" "$tmp/printed.yml"
for line in \
	"  like REQ-CUS-001                8 IDs, 8 defined, 16 occurrences in 7 files: chosen" \
	"  pattern: \\bREQ-[A-Z]{3}-[0-9]{3}\\b" \
	"  prose example, ignored: REQ-XXX-000 (specs/functional/invoicing.md:4)" \
	"  functional  3 files, 8 requirements (8 defined there); attribution mentions" \
	"  technical   4 files, 7 requirements (7 defined there); attribution mentions" \
	"              docs/**/*.adoc" \
	"  functional  Alice Martin <alice@example.org> 5, Bruno Petit <bruno@example.org> 4, Chloé Durand <chloe@example.org> 1" \
	"  technical   David Nguyen <david@example.org> 6, Chloé Durand <chloe@example.org> 4, Alice Martin <alice@example.org> 1"; do
	if grep -qxF -- "$line" "$tmp/err"; then ok "summary: $line"; else not_ok "summary lacks: $line"; fi
done
[ -e .specsync.yml ] && not_ok "--print wrote .specsync.yml" || ok "--print writes no file"

run "$tmp/demo" init
expect_status 0 "init"
expect_out "Wrote .specsync.yml. Next: specsync lint, then specsync audit." "init says what it wrote"
expect_out "To review" "init lists what to review"
expect_same "$tmp/printed.yml" .specsync.yml "the file written is what --print shows"

printf 'mine\n' >.specsync.yml
run "$tmp/demo" init
expect_status 2 "init over an existing .specsync.yml"
if grep -qF ".specsync.yml already exists: not overwritten (--force replaces it, --print shows the proposal)" "$tmp/err"; then
	ok "the refusal says how to go on"
else
	not_ok "the refusal message"
fi
[ "$(cat .specsync.yml)" = mine ] && ok "the existing file is untouched" || not_ok "the existing file changed"
run "$tmp/demo" init --force
expect_status 0 "init --force"
expect_same "$tmp/printed.yml" .specsync.yml "--force replaced it"

run "$tmp/demo" lint
expect_status 0 "lint of the proposal"
expect_out "0 errors, 1 warning" "lint: no error, the one uncovered requirement"
run "$tmp/demo" audit --no-cache
expect_status 1 "audit with the proposal finds the open findings"
expect_out "8 requirements on 2 sides (functional, technical)" "audit: the demo's 8 requirements"
expect_out "REQ-PAY-003  technical side lags behind functional  [error]" "audit: the SEPA change waits for the engineers"

run "$tmp/demo" init --help
expect_status 0 "init --help"
expect_out "usage: specsync init [--print] [--force]" "init --help prints the usage"
run "$tmp/demo" init --bogus
expect_status 2 "init with an unknown option"

mkdir "$tmp/none"
cd "$tmp/none"
git init -q -b main .
printf '# Notes\n\nNothing to trace; UTF-8 and ISO-8601 only.\n' >notes.md
commit_as "Alice Martin" alice@example.org "Notes"
run "$tmp/none" init --print
expect_status 2 "init without requirement IDs"
if grep -qF "no requirement IDs found in the 1 tracked text files" "$tmp/err"; then ok "says no IDs were found"; else not_ok "no-ID message"; fi

git clone -q --bare "$tmp/demo" "$tmp/bare.git"
run "$tmp/bare.git" init
expect_status 2 "init in a bare repository"
run "$tmp/bare.git" init --print
expect_status 0 "init --print in a bare repository"
finish
