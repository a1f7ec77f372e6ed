#!/bin/sh
# `specsync init` on the shape of a real OpenFastTrace project (issue 12,
# item 2), generated: the layout and trace style found when init was tried
# on a clone of OpenFastTrace's own repository (itsallcode/openfasttrace),
# with text written for this test. What went wrong there and is pinned
# here: feat items, covered by req items in the same document and never
# mentioned on the technical side, made every feat "uncovered" (now left
# out, with the reason); a test helper under src/main (FooTest.java) full of
# fixture IDs became a technical file (now test code by its name gets no
# side); one person was Accountable on both sides (now another person when
# there is one). Then the bullets of item 2: the summary, the file, the
# refusal to overwrite (exit 2), --force, --print, lint without errors and
# an audit that finds the requirements.
. "$(dirname "$0")/lib.sh"

repo=$tmp/oft
mkdir -p "$repo/doc/spec" "$repo/core/src/main/java/org/example/trace" \
	"$repo/importer/src/main/java/org/example/importer"
cd "$repo"
git init -q .

# system_requirements.md: features, then requirements covering them
feature() { # NAME TITLE
	printf '### %s\n`feat~%s~1`\n\nThe tool offers %s.\n\nNeeds: req\n\n' "$2" "$1" "$2"
}
requirement() { # NAME FEATURE TITLE
	printf '### %s\n`req~%s~1`\n\nThe tool supports %s.\n\nCovers:\n\n* `feat~%s~1`\n\nNeeds: dsn\n\n' \
		"$3" "$1" "$3" "$2"
}
{
	printf '# System Requirement Specification\n\n## Features\n\n'
	feature tracing "Requirement tracing"
	feature markdown-import "Markdown import"
	feature plain-report "Plain text report"
	printf '## Requirements\n\n'
	requirement link-check tracing "Link checking"
	requirement item-revision tracing "Item revisions"
	requirement md-title markdown-import "Markdown titles"
	requirement md-covers markdown-import "Markdown coverage lists"
	requirement report-summary plain-report "Report summary"
	requirement report-colors plain-report "Report colours"
} >doc/spec/system_requirements.md
commit_as "Sebastian Keller" sebastian@example.org "System requirements"

# design.md: design items covering the requirements
design() { # NAME REQ TITLE
	printf '## %s\n`dsn~%s~1`\n\nThe %s is done by a dedicated component.\n\nCovers:\n\n* `req~%s~1`\n\nNeeds: impl, utest\n\n' \
		"$3" "$1" "$3" "$2"
}
{
	printf '# Design\n\n'
	design linker link-check "Linker"
	design revision-compare item-revision "Revision comparison"
	design md-title-parser md-title "Title parser"
	design md-covers-parser md-covers "Coverage list parser"
	design summary-writer report-summary "Summary writer"
} >doc/spec/design.md
commit_as "Christoph Lang" christoph@example.org "Design"

# code tagged with its design items; a test helper under src/main
printf 'package org.example.trace;\n\n// [impl->dsn~linker~1]\nclass Linker {\n}\n' \
	>core/src/main/java/org/example/trace/Linker.java
{
	printf 'package org.example.importer;\n\nabstract class AbstractImporterTest {\n'
	printf '    static final String INPUT = "`req~item-a~2` covers `feat~item-b~1`";\n'
	printf '    static final String OTHER = "`req~foo~1` needs `req~bar~2`";\n}\n'
} >importer/src/main/java/org/example/importer/AbstractImporterTest.java
commit_as "Christoph Lang" christoph@example.org "Linker and importer tests"

# the functional owner is also the most active author of the design
for n in 1 2 3; do
	printf '\n<!-- reviewed %s -->\n' "$n" >>doc/spec/design.md
	commit_as "Sebastian Keller" sebastian@example.org "Design: review $n"
done

run "$repo" init
expect_status 0 "init"
expect_out '  pattern: \breq~[\w.-]+~[0-9]+\b' "the pattern: req items only"
expect_out "  like feat~tracing~1             3 IDs, 3 defined, 9 occurrences in 1 file: left out (never mentioned on the technical side: traced within the functional documents)" \
	"feat items left out, with the reason"
expect_out "  like dsn~linker~1               5 IDs, 5 defined, 6 occurrences in 2 files: left out (defined on the technical side only: its items trace to the requirements, they are not requirements themselves)" \
	"dsn items left out, with the reason"
expect_out "  functional  1 file, 6 requirements (6 defined there); attribution defines" "the functional side"
expect_out "  technical   1 file, 5 requirements (0 defined there); attribution mentions" "the technical side"
expect_out "guessed as its most active author (another person on each side), Sebastian Keller <sebastian@example.org> and Christoph Lang <christoph@example.org>" \
	"another Accountable on each side"
expect_no_out "AbstractImporterTest" "the test helper is on no side"
expect_file_has .specsync.yml "  id: '\\breq~[\\w.-]+~[0-9]+\\b'" "the file's pattern"
expect_file_has .specsync.yml "      - 'doc/spec/system_requirements.md'" "the file's functional path"
expect_file_has .specsync.yml "      - 'doc/spec/design.md'" "the file's technical path"
expect_file_lacks .specsync.yml "importer/" "no importer path"

cp .specsync.yml "$tmp/first.yml"
run "$repo" init
expect_status 2 "init again"
printf 'specsync: %s/.specsync.yml already exists: not overwritten (--force replaces it, --print shows the proposal)\n' \
	"$repo" >"$tmp/want"
expect_same "$tmp/want" "$tmp/err" "init again: refuses to overwrite"
run "$repo" init --print
expect_status 0 "init --print"
expect_same "$tmp/first.yml" "$tmp/out" "--print writes the same proposal to stdout"
printf 'edited\n' >.specsync.yml
run "$repo" init --force
expect_status 0 "init --force"
expect_same "$tmp/first.yml" .specsync.yml "--force replaces the file"

run "$repo" lint
expect_status 0 "lint of the proposal"
expect_no_out ": error:" "lint: no error"
expect_out "coverage: functional 6 requirements (1 on this side only), technical 5 requirements (0 on this side only)" \
	"lint: the coverage"
expect_out "doc/spec/system_requirements.md:" "lint: a finding in the requirements"
expect_out "warning: req~report-colors~1 (functional side) is not covered on the technical side: no technical document mentions it [uncovered]" \
	"lint: the requirement no design covers"

run "$repo" audit --format json
expect_status 1 "audit with the proposal"
if /usr/bin/python3 - "$tmp/out" <<'PY'; then ok "audit: the 6 requirements"; else not_ok "audit: the 6 requirements"; fi
import json, sys
d = json.load(open(sys.argv[1]))
ids = sorted(r["id"] for r in d["requirements"])
want = ["req~item-revision~1", "req~link-check~1", "req~md-covers~1", "req~md-title~1",
        "req~report-colors~1", "req~report-summary~1"]
sys.exit(0 if ids == want and d["summary"]["requirements"] == 6 else 1)
PY

finish
