#!/bin/sh
# End-to-end: `specsync init` on one generated repository per requirement
# format (sphinx-needs, StrictDoc, OpenFastTrace under headings and as bare
# item lines with IDs in code, Doorstop, AsciiDoc, wf__name IDs): the exact
# pattern, paths, attribution and section_start it proposes, and that lint
# then reports no error and the audit finds the requirements.
. "$(dirname "$0")/lib.sh"

alice() { commit_as "Alice Martin" alice@example.org "$1"; }
chloe() { commit_as "Chloé Durand" chloe@example.org "$1"; }

newrepo() {
	mkdir -p "$tmp/$1"
	cd "$tmp/$1"
	git init -q -b main .
}

# has NAME LINE: the proposal of repository NAME holds LINE, whole
has() {
	if grep -qxF -- "$2" "$tmp/$1.yml"; then
		ok "$1: $2"
	else
		not_ok "$1: the proposal lacks the line: $2"
		sed 's/^/#   /' "$tmp/$1.yml" | sed -n '1,60p'
	fi
}

# check NAME REQUIREMENTS: init writes, lint has no error, the audit sees them
check() {
	run "$tmp/$1" init --print
	expect_status 0 "$1: init --print"
	cp "$tmp/out" "$tmp/$1.yml"
	cp "$tmp/err" "$tmp/$1.summary"
	run "$tmp/$1" init
	expect_status 0 "$1: init"
	run "$tmp/$1" lint
	expect_status 0 "$1: lint of the proposal"
	expect_out ": 0 errors," "$1: lint reports no error"
	run "$tmp/$1" audit --no-cache
	expect_out "$2 requirements on 2 sides (functional, technical)" "$1: the audit finds $2 requirements"
}

# ---- sphinx-needs -----------------------------------------------------------
newrepo needs
mkdir -p docs/requirements docs/design
cat >docs/requirements/system.rst <<'RST'
System requirements
===================

.. req:: Login
   :id: REQ_001

   Users log in with a password.

.. req:: Logout
   :id: REQ_002

   Users log out from any page.
RST
alice "System requirements"
cat >docs/design/software.rst <<'RST'
Software design
===============

.. spec:: Password check
   :id: SPEC_001
   :links: REQ_001

   Passwords are checked with bcrypt.

.. spec:: Session end
   :id: SPEC_002
   :links: REQ_002

   The session cookie is cleared.
RST
chloe "Software design"
check needs 2
has needs "  id: '\\bREQ_[0-9]{3}\\b'"
has needs "      - 'docs/requirements/**/*.rst'"
has needs "      - 'docs/design/**/*.rst'"
has needs "    section_start: '^\\s*\\.\\. (?:req)::'"
has needs "    section_start: '^\\s*\\.\\. (?:spec)::'"
has needs "    attribution: defines"
has needs "      - 'Alice Martin <alice@example.org>'  # 1 commit"
has needs "      - 'Chloé Durand <chloe@example.org>'  # 1 commit"
if grep -qF "like SPEC_001                   2 IDs, 2 defined, 2 occurrences in 1 file: left out (defined on the technical side only" "$tmp/needs.summary"; then
	ok "needs: the technical items are left out, and said so"
else
	not_ok "needs: the summary should say why SPEC_ is left out"
fi

# ---- StrictDoc ----------------------------------------------------------------
newrepo sdoc
mkdir -p reqs design
cat >reqs/system.sdoc <<'SDOC'
[DOCUMENT]
TITLE: System requirements

[REQUIREMENT]
UID: SYS-001
TITLE: Export
STATEMENT: The tool shall export HTML.

[REQUIREMENT]
UID: SYS-002
TITLE: Import
STATEMENT: The tool shall import ReqIF.
SDOC
alice "System requirements"
cat >design/architecture.sdoc <<'SDOC'
[DOCUMENT]
TITLE: Architecture

[REQUIREMENT]
UID: ARC-001
TITLE: HTML generator
STATEMENT: Jinja templates render the pages.
RELATIONS:
- TYPE: Parent
  VALUE: SYS-001

[REQUIREMENT]
UID: ARC-002
TITLE: ReqIF reader
STATEMENT: A streaming XML parser reads ReqIF.
RELATIONS:
- TYPE: Parent
  VALUE: SYS-002
SDOC
chloe "Architecture"
check sdoc 2
has sdoc "  id: '\\bSYS-[0-9]{3}\\b'"
has sdoc "      - 'reqs/**/*.sdoc'"
has sdoc "      - 'design/**/*.sdoc'"
has sdoc "    section_start: '^\\[\\[?[A-Z][A-Z0-9_]*\\]\\]?\\s*\$'"
has sdoc "    attribution: defines"

# ---- OpenFastTrace: items under headings, IDs in code ---------------------------
newrepo oft
mkdir -p doc/spec src/main/java/org/example
cat >doc/spec/system_requirements.md <<'MD'
# System requirements

## Login
`req~login~1`

Users log in with a password.

Needs: dsn

## Logout
`req~logout~1`

Users log out from any page.

Needs: dsn
MD
alice "System requirements"
cat >doc/spec/design.md <<'MD'
# Design

## Password check
`dsn~password-check~1`

Passwords are checked with bcrypt.

Covers:

* `req~login~1`

Needs: impl

## Session end
`dsn~session-end~1`

Covers:

* `req~logout~1`

Needs: impl
MD
cat >src/main/java/org/example/Login.java <<'JAVA'
package org.example;

// [impl->req~login~1]
public class Login {
}
JAVA
chloe "Design and code"
check oft 2
has oft "  id: '\\breq~[\\w.-]+~[0-9]+\\b'"
has oft "      - 'doc/spec/system_requirements.md'"
has oft "      - 'doc/spec/design.md'"
has oft "      - 'src/**/*.java'"
has oft "    attribution: defines"

# ---- OpenFastTrace: bare item lines -------------------------------------------------
newrepo oftlines
mkdir -p requirements design
cat >requirements/features.md <<'MD'
# Features

feat~export~1

Export the report as HTML.

feat~import~1

Import items from ReqIF.
MD
alice "Features"
cat >design/design.md <<'MD'
# Design

dsn~html-export~1

Covers:

* feat~export~1

dsn~reqif-import~1

Covers:

* feat~import~1
MD
chloe "Design"
check oftlines 2
has oftlines "  id: '\\bfeat~[\\w.-]+~[0-9]+\\b'"
has oftlines "    section_start: '^\\s*\`?[a-z][a-zA-Z0-9]*~[\\w.-]+~[0-9]+\`?\\s*\$'"

# ---- Doorstop ---------------------------------------------------------------------
newrepo doorstop
mkdir -p reqs llr
printf 'settings:\n  digits: 3\n  prefix: REQ\n  sep: ""\n' >reqs/.doorstop.yml
printf 'active: true\nlevel: 1.1\nlinks: []\ntext: |\n  The tool shall export HTML.\n' >reqs/REQ001.yml
printf 'active: true\nlevel: 1.2\nlinks: []\ntext: |\n  The tool shall import ReqIF.\n' >reqs/REQ002.yml
alice "Requirements"
printf 'settings:\n  digits: 3\n  parent: REQ\n  prefix: LLR\n  sep: ""\n' >llr/.doorstop.yml
printf 'active: true\nlevel: 1\nlinks:\n- REQ001: null\ntext: |\n  Jinja templates.\n' >llr/LLR001.yml
printf 'active: true\nlevel: 2\nlinks:\n- REQ002: null\ntext: |\n  Streaming XML.\n' >llr/LLR002.yml
chloe "Low-level requirements"
check doorstop 2
has doorstop "  id: '\\bREQ[0-9]{3}\\b'"
has doorstop "      - 'reqs/**/*.yml'"
has doorstop "      - 'llr/**/*.yml'"
has doorstop "    attribution: path"

# ---- AsciiDoc, FR-12 style IDs -------------------------------------------------------
newrepo adoc
mkdir -p spec/business spec/architecture
cat >spec/business/orders.adoc <<'ADOC'
= Orders

== FR-1 Order entry

A clerk enters an order.

== FR-12 Order cancel

A clerk cancels an order before shipping.
ADOC
alice "Business rules"
cat >spec/architecture/orders.adoc <<'ADOC'
= Order service

== TR-1 Order API

POST /orders implements FR-1.

== TR-2 Cancel API

DELETE /orders/{id} implements FR-12.
ADOC
chloe "Architecture"
check adoc 2
has adoc "  id: '\\bFR-[0-9]+\\b'"
has adoc "      - 'spec/business/**/*.adoc'"
has adoc "      - 'spec/architecture/**/*.adoc'"
has adoc "    attribution: mentions"

# ---- wf__name IDs in Markdown --------------------------------------------------------
newrepo dunder
mkdir -p functional technical
printf '# Workflows\n\n## wf__checkout Checkout\n\nPay by card.\n\n## wf__refund Refund\n\nRefund within 14 days.\n' >functional/workflows.md
alice "Workflows"
printf '# Services\n\n## Payment service\n\nImplements wf__checkout.\n\n## Refund job\n\nImplements wf__refund.\n' >technical/services.md
chloe "Services"
check dunder 2
has dunder "  id: '\\bwf__\\w+\\b'"
has dunder "      - 'functional/**/*.md'"
has dunder "      - 'technical/**/*.md'"
finish
