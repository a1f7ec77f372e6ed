#!/bin/sh
# End-to-end: a repository of about 300 commits with planted events over 48
# requirements, audited by the real binary; the findings must be exactly the
# ones worked out by hand below (EXPECTED_* in the Python check). The
# expected lists are literal: they come from the rules (see the top comment
# of src/lib/engine.c) applied by hand to the events, not from a second
# implementation of the rules.
#
# Environment: SPECSYNC (the binary; default build/specsync beside the
# sources); SPECSYNC_TEST_KEEP=DIR to keep the repository when a check
# fails. Needs git and python3. Prints "ok - ..." per check, a diff and a
# non-zero exit on mismatch.
#
# Every event is numbered (E1, E2, ...) with, in brackets, the pending set
# of the requirement after it: {} nothing owed, {T} technical owes an
# update, {F} functional owes one.
set -eu

. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
export GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no
die() { echo "t0002: $*" >&2; exit 2; }

repo=$tmp/repo
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
git config core.autocrlf false
git config commit.gpgsign false
git config user.name "Nobody"
git config user.email "nobody@example.org"

# ---- people --------------------------------------------------------------
# alice, bruno: business analysts (role amoa: functional R)
# sophie: sponsor (functional A)
# chloe, david: engineers (role amoe: technical R)
# pauline: project lead (role pm: technical A)
# hugo: product engineer, member of amoa and amoe (R on both sides)
# xavier: intern, in no role
# chloe-g, bruno-l: aliases that .mailmap maps to chloe and bruno
who() {
	case $1 in
	alice) n="Alice Martin" e=alice@example.org ;;
	bruno) n="Bruno Petit" e=bruno@example.org ;;
	bruno-l) n="bp" e=bp@laptop.local ;;
	sophie) n="Sophie Laurent" e=sophie@example.org ;;
	chloe) n="Chloé Durand" e=chloe@example.org ;;
	chloe-g) n="Chloe Durand" e=chloe.durand@gmail.com ;;
	david) n="David Nguyen" e=david@example.org ;;
	pauline) n="Pauline Roux" e=pauline@example.org ;;
	hugo) n="Hugo Blanc" e=hugo@example.org ;;
	xavier) n="Xavier Leroy" e=xavier@example.org ;;
	*) die "unknown person $1" ;;
	esac
}

clock=1735718400 # 2025-01-01T08:00:00Z; every commit one hour later
ncommits=0
tick() {
	clock=$((clock + 3600))
	ncommits=$((ncommits + 1))
}

commit() { # who message
	who "$1"
	tick
	git add -A
	GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$e GIT_AUTHOR_DATE="@$clock +0100" \
	GIT_COMMITTER_NAME=$n GIT_COMMITTER_EMAIL=$e GIT_COMMITTER_DATE="@$clock +0100" \
		git commit -q --allow-empty -m "$2"
}

merge() { # who branch message
	who "$1"
	tick
	GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$e GIT_AUTHOR_DATE="@$clock +0100" \
	GIT_COMMITTER_NAME=$n GIT_COMMITTER_EMAIL=$e GIT_COMMITTER_DATE="@$clock +0100" \
		git merge -q --no-ff -m "$3" "$2"
}

# mark NAME: remembers the id of HEAD as $id_NAME
mark() { eval "id_$1=\$(git rev-parse HEAD)"; }

# ---- editing Markdown sections ------------------------------------------
# A section is found by a substring of its heading line (a line starting
# with '#'); it runs to the next heading of any level (setsec, rewrap) or,
# with its subsections, to the next heading of the same or a higher level
# (extract, delsec).

# setsec FILE PATTERN BODY: replaces the body of the section, keeps its
# heading and its subsections.
setsec() {
	awk -v pat="$2" -v body="$3" '
		/^#/ { skipping = 0 }
		skipping { next }
		!done && /^#/ && index($0, pat) { print; print ""; print body; print "";
			skipping = 1; done = 1; next }
		{ print }
		END { if (!done) exit 3 }' "$1" >"$1.tmp" || die "setsec: no '$2' in $1"
	mv "$1.tmp" "$1"
}

# addsec FILE HEADING BODY: appends a new section.
addsec() {
	printf '\n%s\n\n%s\n' "$2" "$3" >>"$1"
}

_range() { # mode(print|drop) file pattern
	awk -v mode="$1" -v pat="$3" '
		function level(s) { match(s, /^#+/); return RLENGTH }
		/^#/ && inside && level($0) <= lvl { inside = 0 }
		!found && /^#/ && index($0, pat) { inside = 1; found = 1; lvl = level($0) }
		(mode == "print") == (inside == 1) { print }
		END { if (!found) exit 3 }' "$2"
}

# delsec FILE PATTERN: removes the section and its subsections.
delsec() {
	_range drop "$1" "$2" >"$1.tmp" || die "delsec: no '$2' in $1"
	mv "$1.tmp" "$1"
}

# movesec FROM TO PATTERN: moves the section (and subsections) to the end
# of another file, unchanged.
movesec() {
	{ echo; _range print "$1" "$3"; } >>"$2" || die "movesec: no '$3' in $1"
	delsec "$1" "$3"
}

# rewrap FILE PATTERN: re-wraps the body of the section to 30 columns
# (only line breaks change).
rewrap() {
	awk -v pat="$2" '
		/^#/ { inside = 0 }
		!done && /^#/ && index($0, pat) { print; inside = 1; done = 1; next }
		inside && NF {
			line = ""
			for (i = 1; i <= NF; i++) {
				if (line != "" && length(line) + length($i) + 1 > 30) {
					print line; line = $i
				} else {
					line = line == "" ? $i : line " " $i
				}
			}
			if (line != "") print line
			next
		}
		{ print }
		END { if (!done) exit 3 }' "$1" >"$1.tmp" || die "rewrap: no '$2' in $1"
	mv "$1.tmp" "$1"
}

# crlf FILE: every line ending becomes CR LF.
crlf() {
	awk '{ printf "%s\r\n", $0 }' "$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}

# trailing FILE: three trailing spaces on every non-empty line.
trailing() {
	awk '{ if (NF) print $0 "   "; else print }' "$1" >"$1.tmp"
	mv "$1.tmp" "$1"
}

# ---- commits that touch no specification ----------------------------------
nc=0
noise() { # count
	k=0
	while [ "$k" -lt "$1" ]; do
		k=$((k + 1))
		nc=$((nc + 1))
		case $((nc % 8)) in
		0) w=xavier ;; 1) w=david ;; 2) w=chloe ;; 3) w=hugo ;;
		4) w=xavier ;; 5) w=pauline ;; 6) w=chloe-g ;; 7) w=alice ;;
		esac
		case $((nc % 13)) in
		5)  # outside every side, yet mentions requirements
			printf 'Meeting %d: discussed REQ-INV-00%d.\n' "$nc" $((nc % 9 + 1)) >>docs/notes.md
			commit $w "notes: meeting $nc" ;;
		11) # under specs/functional/ but not *.md
			printf 'term %d: see REQ-PAY-001\n' "$nc" >>specs/functional/glossary.txt
			commit $w "glossary: term $nc" ;;
		*)
			f=src/module$((nc % 9)).c
			printf 'int step_%d(void) { return %d; }\n' "$nc" "$nc" >>"$f"
			commit $w "module$((nc % 9)): step $nc" ;;
		esac
	done
}

# ==== the history ==========================================================

mkdir -p specs/functional specs/technical src docs
cat >.specsync.yml <<'YML'
version: 1
requirements:
  id: '\bREQ-[A-Z]{3}-[0-9]{3}\b'
  ignore: ["REQ-XXX-*"]
sides:
  functional:
    paths: ["specs/functional/**/*.md"]
  technical:
    paths: ["specs/technical/**/*.md"]
roles:
  amoa: { name: "Business analysts", members: ["Alice Martin <alice@example.org>", "Bruno Petit <bruno@example.org>", "Hugo Blanc <hugo@example.org>"] }
  sponsor: { name: "Sponsor", members: ["Sophie Laurent <sophie@example.org>"] }
  amoe: { name: "Engineering", members: ["Chloé Durand <chloe@example.org>", "David Nguyen <david@example.org>", "hugo@example.org"] }
  pm: { name: "Project lead", members: ["Pauline Roux <pauline@example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe], I: [pm] }
    technical:  { R: amoe, A: pm, C: [amoa], I: [sponsor] }
  # Lab experiments: nobody is Responsible or Accountable for their
  # technical notes.
  - scope: "REQ-LAB-*"
    functional: { R: amoa, A: sponsor }
policy:
  unsynced: { technical: error, functional: warning }
  out_of_role: warning
  invalid_ack: warning
YML
cat >.mailmap <<'MAP'
Chloé Durand <chloe@example.org> Chloe Durand <chloe.durand@gmail.com>
Bruno Petit <bruno@example.org> <bp@laptop.local>
MAP
printf '# Billing\n\nSpecifications live in specs/.\n' >README.md
printf 'Notes (not a specification).\n' >docs/notes.md
printf 'Glossary (not Markdown: not a specification).\n' >specs/functional/glossary.txt
printf 'int main(void) { return 0; }\n' >src/main.c
commit pauline "Project charter: layout, specsync configuration, mailmap"
noise 3

# ---- bootstrap: every requirement on both sides ------------------------
# Functional first ({T} for each), then technical ({} for each).
cat >specs/functional/invoicing.md <<'MD'
# Invoicing

What the billing system must do for invoices. Identifiers follow the
pattern REQ-XXX-000 (an example, never tracked).

## REQ-INV-001 Monthly invoice

Every active customer receives one invoice per calendar month.

## REQ-INV-002 VAT computation

VAT is computed per invoice line and rounded to the cent.

## REQ-INV-003 Invoice numbering

Invoice numbers are sequential without gaps within a fiscal year.

## REQ-INV-004 Credit notes

A credit note cancels all or part of an invoice and references it.

## REQ-INV-005 Currency

Invoices are issued in euros.

## REQ-INV-006 Due date

An invoice is due thirty days after its issue date.

## REQ-INV-007 Invoice language

Invoices are written in the language of the customer account.

## REQ-INV-008 Discounts

A discount applies to one invoice line or to the whole invoice.

## REQ-INV-009 Export

Invoices can be exported as CSV by the accounting team.

## REQ-INV-010 PDF layout

The PDF shows the seller, the buyer, the lines and the totals.
MD
commit alice "Functional spec: invoicing"
noise 2

cat >specs/functional/payments.md <<'MD'
# Payments

## REQ-PAY-001 Card payments

Customers can pay an invoice by card from the customer portal.

## REQ-PAY-002 Payment reminders

A reminder is sent seven days after the due date.

## REQ-PAY-007 Refunds

A refund is paid back with the means of payment used.

## REQ-PAY-008 Partial payments

An invoice may be paid in several instalments.
MD
commit bruno-l "Functional spec: payments" # alias of bruno: in role
noise 2

cat >specs/functional/customers.md <<'MD'
# Customers

## REQ-CUS-001 Customer account

A customer account holds the legal name and the billing address.

## REQ-CUS-002 Paper invoices

Customers may ask for invoices on paper, sent by post.

## REQ-CUS-003 Fax numbers

A customer account may hold a fax number.

## REQ-CUS-004 Loyalty points

Customers earn loyalty points on every paid invoice.

## REQ-CUS-005 VAT number

Business customers give their VAT number.

## REQ-CUS-006 Contact persons

An account has one or more contact persons with an e-mail address.

## REQ-CUS-007 Account closure

A customer may close the account once every invoice is paid.
MD
commit bruno "Functional spec: customers"

cat >specs/functional/reporting.md <<'MD'
# Reporting

## REQ-RPT-001 Monthly exports

Finance receives a monthly export of issued invoices.

## REQ-RPT-003 Archive

Reports are archived for ten years.

## REQ-RPT-004 Refresh

Dashboards are refreshed every night.

## REQ-RPT-005 Forecast

A revenue forecast covers the next three months.

## REQ-RPT-006 Aging report

The aging report groups unpaid invoices by month of delay.

## REQ-RPT-007 Audit trail

Every report states when and from which data it was produced.
MD
commit alice "Functional spec: reporting"
noise 2

cat >specs/functional/security.md <<'MD'
# Security

Security requirements of the customer portal; this introduction belongs
to no requirement.

## REQ-SEC-001 Passwords

Customers log in with a password.

### Password rules

At least ten characters, one of them a digit.

## REQ-SEC-002 Session length

A portal session ends after thirty minutes without activity, and the
customer then has to log in again before any further action.

## REQ-SEC-003 API tokens

Partners call the API with a token.

## REQ-SEC-004 Token revocation

A customer can revoke a partner token at any time.

## REQ-SEC-005 Audit log

Security events are logged.

## REQ-SEC-006 Account lockout

Five failed logins lock the account for fifteen minutes.

## REQ-SEC-007 Encryption at rest

Customer data is encrypted at rest.
MD
commit alice "Functional spec: security"

cat >specs/functional/notifications.md <<'MD'
# Notifications

## REQ-NTF-001 Invoice e-mail

Customers receive their invoice by e-mail.

## REQ-NTF-002 Payment receipt

A receipt is sent when a payment is received.

## REQ-NTF-003 SMS reminders

Reminders can also be sent by SMS.

## REQ-NTF-004 Unsubscribe

Customers can unsubscribe from marketing messages.

## REQ-NTF-005 Notification language

Notifications use the language of the customer account.
MD
commit bruno "Functional spec: notifications"

cat >specs/functional/lab.md <<'MD'
# Lab

## REQ-LAB-001 Usage analytics

We measure which portal pages customers use.

## REQ-LAB-002 Invoice preview

Customers may preview the next invoice.
MD
commit alice "Functional spec: lab experiments"
noise 3

cat >specs/technical/invoicing-service.md <<'MD'
# Invoicing service

## Batch (REQ-INV-001)

A monthly batch selects the active customers and generates invoices.

## VAT engine (REQ-INV-002)

VAT is computed line by line with decimal arithmetic.

## Numbering (REQ-INV-003)

Numbers come from a database sequence per fiscal year.

## Credit notes (REQ-INV-004)

Credit notes are invoices with negative lines and a link to the original.

## Currency (REQ-INV-005)

Amounts are stored in cents of euro.

## Due dates (REQ-INV-006)

The due date is computed at issue time and stored.

## Templates (REQ-INV-007)

One template per language, chosen from the account locale.

## Discounts (REQ-INV-008)

Discount lines are negative lines linked to the discounted line.

## Export (REQ-INV-009)

A CSV endpoint streams the invoices of a period.

## PDF (REQ-INV-010)

PDFs are rendered from HTML templates.
MD
commit david "Technical spec: invoicing service"
noise 2

cat >specs/technical/payments-gateway.md <<'MD'
# Payments gateway

## Cards (REQ-PAY-001)

The portal redirects to the payment provider; its callback marks the
invoice paid.

## Reminder job (REQ-PAY-002)

A daily job sends the reminders at due date plus seven days.

## Refunds (REQ-PAY-007)

Refunds go through the provider's refund API.

## Instalments (REQ-PAY-008)

Payments are allocated to the oldest open amount first.
MD
commit chloe "Technical spec: payments gateway"

cat >specs/technical/crm-sync.md <<'MD'
# CRM synchronisation

## Accounts (REQ-CUS-001)

Accounts are mastered in the CRM and copied every hour.

## Mailing (REQ-CUS-002)

Paper invoices go to the mailing provider's API.

## Fax (REQ-CUS-003)

The fax number is copied from the CRM as is.

## Loyalty (REQ-CUS-004)

Points are computed by a nightly job.

## VAT numbers (REQ-CUS-005)

VAT numbers are checked against the VIES service.

## Contacts (REQ-CUS-006)

Contacts are synchronised from the CRM with their e-mail addresses.

## Closure (REQ-CUS-007)

Closing an account archives it in the CRM.
MD
commit david "Technical spec: CRM synchronisation"
noise 2

cat >specs/technical/reporting-warehouse.md <<'MD'
# Reporting warehouse

## Exports (REQ-RPT-001)

A monthly job writes the export to the finance share.

## Archive (REQ-RPT-003)

Reports are written to cold storage.

## Refresh (REQ-RPT-004)

The warehouse is loaded every night at two.

## Forecast (REQ-RPT-005)

The forecast is a moving average of the last twelve months.

## Aging (REQ-RPT-006)

The aging report is a view over open invoices.

## Lineage (REQ-RPT-007)

Each report records its query and the load it read.
MD
commit chloe "Technical spec: reporting warehouse"

cat >specs/technical/security-arch.md <<'MD'
# Security architecture

## Password storage (REQ-SEC-001)

Passwords are hashed with Argon2id.

## Sessions (REQ-SEC-002)

Sessions are server-side with a sliding expiry of thirty minutes.

## Token service (REQ-SEC-003, REQ-SEC-004)

Tokens are opaque, stored hashed, and can be revoked individually.

## Audit log (REQ-SEC-005)

Security events go to the central log platform.

## Lockout (REQ-SEC-006)

Failed logins are counted per account in the cache.

## Encryption (REQ-SEC-007)

Databases use transparent disk encryption.
MD
commit david "Technical spec: security architecture"
noise 2

cat >specs/technical/notifier.md <<'MD'
# Notifier

## E-mail (REQ-NTF-001)

Invoices are sent through the transactional e-mail provider.

## Receipts (REQ-NTF-002)

A receipt is queued by the payment callback.

## SMS (REQ-NTF-003)

SMS go through the telecom provider's API.

## Preferences (REQ-NTF-004)

Marketing consent is a flag on the account.

## Language (REQ-NTF-005)

The notifier reads the locale of the account.
MD
commit chloe "Technical spec: notifier"

cat >specs/technical/lab-notes.md <<'MD'
# Lab notes

## Analytics (REQ-LAB-001)

Page views are counted by the web server logs.

## Preview (REQ-LAB-002)

The preview runs the invoice batch in dry-run mode.
MD
commit david "Technical spec: lab notes"
noise 4

# ---- INV: one-sided edits, co-edits, acknowledgements --------------------
setsec specs/functional/invoicing.md REQ-INV-001 \
	"Every active customer receives one invoice per calendar month, on the first working day."
commit alice "Invoicing: issue on the first working day"           # E1 INV-001 {T}
noise 2
setsec specs/functional/invoicing.md REQ-INV-002 \
	"VAT is computed on the invoice total per VAT rate."
commit alice "Invoicing: VAT on totals per rate"                   # E2 INV-002 {T}
mark inv002_a
noise 1
setsec specs/technical/invoicing-service.md "(REQ-INV-003)" \
	"Numbers come from one sequence shared with the ERP."
commit chloe "Numbering: share the ERP sequence"                   # E3 INV-003 {F}
mark inv003
noise 2
setsec specs/technical/invoicing-service.md "(REQ-INV-001)" \
	"The monthly batch runs on the first working day, using the bank calendar."
commit david "Batch: run on the first working day"                 # E4 INV-001 {} (response)
noise 1
setsec specs/technical/invoicing-service.md "(REQ-INV-004)" \
	"Credit notes are documents of their own, linked to the original invoice."
commit chloe "Credit notes: separate documents"                    # E5 INV-004 {F}
noise 2
setsec specs/functional/invoicing.md REQ-INV-004 \
	"A credit note is a document of its own that cancels all or part of one invoice."
commit bruno "Credit notes: business wording follows the design"   # E6 INV-004 {}
noise 1
setsec specs/functional/invoicing.md REQ-INV-005 "Invoices are issued in euros or in Swiss francs."
setsec specs/technical/invoicing-service.md "(REQ-INV-005)" "Amounts are stored in minor units with an ISO currency code."
commit hugo "Currency: add Swiss francs on both sides"             # E7 INV-005 {} (co-edit, hugo in both roles)
noise 2
setsec specs/functional/invoicing.md REQ-INV-006 "An invoice is due forty-five days after its issue date."
setsec specs/technical/invoicing-service.md "(REQ-INV-006)" "The due date is issue date plus forty-five days, stored."
commit david "Due date: forty-five days"                           # E8 INV-006 {} ; out-of-role functional david
noise 3
setsec specs/functional/invoicing.md REQ-INV-007 \
	"Invoices are written in the language of the customer account, English by default."
commit alice "Invoice language: English by default"                # E9 INV-007 {T}
noise 1
commit pauline "Invoice language: templates already default to English

Sync-Ack: REQ-INV-007 the template fallback is English already"   # E10 INV-007 acknowledged (pauline: technical A)
noise 2
setsec specs/functional/invoicing.md REQ-INV-008 \
	"A discount applies to one invoice line, never to the whole invoice."
commit bruno "Discounts: per line only"                            # E11 INV-008 {T}
noise 1
commit alice "Acknowledge discount change

Sync-Ack: REQ-INV-008"                                             # E12 invalid-ack INV-008 alice (functional R; technical lags)
noise 2
setsec specs/technical/invoicing-service.md "(REQ-INV-008)" \
	"Discount lines are negative lines linked to one discounted line."
commit david "Discounts: one linked line"                          # E13 INV-008 {} (response)
noise 2
setsec specs/functional/invoicing.md REQ-INV-009 \
	"Invoices can be exported as CSV or as JSON by the accounting team."
commit alice "Export: JSON too"                                    # E14 INV-009 {T}
noise 1
printf 'int export_json(void) { return 1; }\n' >>src/export.c
commit xavier "Export: JSON writer

Pair-programmed with David; the endpoint already streams any format.

Sync-Ack: REQ-INV-009

Co-authored-by: David Nguyen <david@example.org>"                   # E15 INV-009 acknowledged (co-author david: technical R)
noise 3
setsec specs/functional/invoicing.md REQ-INV-010 \
	"The PDF shows the seller, the buyer, the lines, the VAT per rate and the totals."
commit alice "PDF: show VAT per rate"                              # E16 INV-010 {T}
noise 1
printf 'int pdf_vat_table(void) { return 2; }\n' >>src/pdf.c
commit pauline "Squashed commit of the following:

commit 4f1c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e
Author: David Nguyen <david@example.org>
Date:   Mon Feb 3 10:00:00 2025 +0100

    PDF: VAT table

    The HTML template prints the VAT per rate.
    -----
    Sync-Ack: REQ-INV-010 the template change is all it takes" # E17 INV-010 acknowledged (pauline, ack buried after an underline)
noise 2
setsec specs/functional/invoicing.md REQ-INV-002 \
	"VAT is computed on the invoice total per VAT rate, then rounded half up."
commit alice "VAT: rounding half up"                               # E18 INV-002 {T} (extends the episode of E2)
mark inv002_b
noise 2

# An "async-ack:" line and a mid-line mention are not acknowledgements.
printf 'int queue_retry(void) { return 3; }\n' >>src/queue.c
commit xavier "Queue: retry failed jobs

async-ack: REQ-INV-002 is now retried by the queue
A line such as Sync-Ack: REQ-INV-003 acknowledges a change."        # nothing
noise 2

# ---- PAY: whitespace, renames, aliases, added on one side, roles ---------
setsec specs/technical/payments-gateway.md "(REQ-PAY-001)" \
	"The portal redirects to the payment provider with 3-D Secure; its callback marks the invoice paid."
commit david "Cards: 3-D Secure"                                   # E19 PAY-001 {F}
noise 1
setsec specs/functional/payments.md REQ-PAY-001 \
	"Customers can pay an invoice by card from the customer portal, with strong authentication."
commit alice "Cards: strong authentication"                        # E20 PAY-001 {}
noise 2
crlf specs/functional/payments.md
commit xavier "payments.md: CRLF line endings"                     # E21 nothing (white space only; xavier in no role)
noise 1
mkdir -p specs/technical/payments
git mv specs/technical/payments-gateway.md specs/technical/payments/gateway.md
commit david "Move the gateway spec under payments/"               # E22 nothing (rename)
noise 2
setsec specs/functional/payments.md REQ-PAY-002 "A reminder is sent ten days after the due date."
commit alice "Reminders: ten days"                                 # E23 PAY-002 {T}
noise 1
setsec specs/technical/payments/gateway.md "(REQ-PAY-002)" "A daily job sends the reminder at due date plus ten days."
commit chloe-g "Reminder job: ten days"                            # E24 PAY-002 {} (alias of chloe: in role)
noise 2
addsec specs/functional/payments.md "## REQ-PAY-003 SEPA direct debit" \
	"Customers can authorise SEPA direct debit."
commit bruno "Payments: SEPA direct debit"                         # E25 PAY-003 {T} (new, functional only)
mark pay003
noise 1
addsec specs/functional/payments.md "## REQ-PAY-004 Bank transfer" \
	"Customers can pay by bank transfer with the invoice number as reference."
commit bruno "Payments: bank transfer"                             # E26 PAY-004 {T}
noise 2
addsec specs/technical/payments/gateway.md "## Wallets (REQ-PAY-005)" \
	"Wallet payments use the provider's hosted page."
commit chloe "Gateway: wallets"                                    # E27 PAY-005 {F} (new, technical only)
noise 1
addsec specs/technical/payments/gateway.md "## Transfers (REQ-PAY-004)" \
	"Incoming transfers are matched on the reference by the bank statement import."
commit david "Gateway: transfer matching"                          # E28 PAY-004 {} (added on the other side)
noise 2
addsec specs/functional/payments.md "## REQ-PAY-005 Wallets" \
	"Customers can pay with a mobile wallet."
commit alice "Payments: wallets"                                   # E29 PAY-005 {}
noise 1
addsec specs/technical/payments/gateway.md "## Payouts (REQ-PAY-006)" \
	"Payouts to marketplace sellers are batched daily."
commit david "Gateway: payouts"                                    # E30 PAY-006 {F} (technical only, to the end)
mark pay006
noise 2
setsec specs/technical/payments/gateway.md "(REQ-PAY-007)" \
	"Refunds must go through the ERP, never through the provider."
commit alice "Refunds must go through the ERP"                     # E31 PAY-007 {F} ; out-of-role technical alice
noise 1
setsec specs/functional/payments.md REQ-PAY-007 \
	"A refund is paid back through the ERP with the means of payment used."
commit bruno "Refunds: through the ERP"                            # E32 PAY-007 {}
noise 2
setsec specs/functional/payments.md REQ-PAY-008 \
	"An invoice may be paid in at most three instalments."
commit chloe-g "Instalments: at most three (simpler allocation)"  # E33 PAY-008 {T} ; out-of-role functional chloe (via .mailmap)
mark pay008
noise 3

# ---- CUS: retirements, no-op acks, moved sections ------------------------
delsec specs/functional/customers.md REQ-CUS-001
delsec specs/technical/crm-sync.md "(REQ-CUS-001)"
commit hugo "Drop customer accounts from billing (the CRM owns them)" # E34 CUS-001 retired in one step
noise 1
delsec specs/functional/customers.md REQ-CUS-002
commit bruno "Drop paper invoices"                                 # E35 CUS-002 {T}
noise 2
delsec specs/technical/crm-sync.md "(REQ-CUS-002)"
commit david "Remove the mailing provider integration"             # E36 CUS-002 retired ({}), second step
noise 1
delsec specs/functional/customers.md REQ-CUS-003
commit alice "Drop fax numbers"                                    # E37 CUS-003 {T} (technical never follows)
mark cus003
noise 2
delsec specs/technical/crm-sync.md "(REQ-CUS-004)"
commit chloe "Loyalty job removed"                                 # E38 CUS-004 {F}
noise 1
delsec specs/functional/customers.md REQ-CUS-004
commit alice "Drop loyalty points"                                 # E39 CUS-004 retired
noise 2
commit xavier "Nothing to do for these

Sync-Ack: REQ-CUS-005 REQ-CUS-004"                                  # E40 nothing (nothing pending: silent)
noise 1
mkdir -p specs/functional/customers specs/technical/crm
printf '# Customer contacts\n' >specs/functional/customers/contacts.md
movesec specs/functional/customers.md specs/functional/customers/contacts.md REQ-CUS-006
commit bruno "Contacts get a document of their own"                # E41 nothing (section moved)
noise 1
printf '# Contact synchronisation\n' >specs/technical/crm/contacts-sync.md
movesec specs/technical/crm-sync.md specs/technical/crm/contacts-sync.md "(REQ-CUS-006)"
commit david "Split contact synchronisation"                       # E42 nothing (section moved)
noise 2
setsec specs/functional/customers/contacts.md REQ-CUS-006 \
	"An account has one or more contact persons, each with an e-mail address and a phone number."
commit bruno "Contacts: phone numbers"                             # E43 CUS-006 {T}
noise 1
setsec specs/technical/crm/contacts-sync.md "(REQ-CUS-006)" \
	"Contacts are synchronised from the CRM with their e-mail addresses and phone numbers."
commit david "Contacts sync: phone numbers"                        # E44 CUS-006 {}
noise 2
delsec specs/functional/customers.md REQ-CUS-007
addsec specs/functional/customers/contacts.md "## REQ-CUS-007 Account closure" \
	"A customer may close the account once every invoice is paid and every contact is told."
commit bruno "Closure moves to contacts, contacts are told"        # E45 CUS-007 {T} (moved and edited)
mark cus007
noise 1
commit pauline "Acknowledge a requirement nobody wrote

Sync-Ack: REQ-ZZZ-999"                                              # E46 invalid-ack REQ-ZZZ-999 pauline (unknown ID)
noise 3

# ---- RPT: merged branches -----------------------------------------------
git checkout -q -b feature/rpt-exports
setsec specs/functional/reporting.md REQ-RPT-001 "Finance receives a weekly export of issued invoices."
commit alice "Exports: weekly (functional)"
setsec specs/technical/reporting-warehouse.md "(REQ-RPT-001)" "A weekly job writes the export to the finance share."
commit david "Exports: weekly job"
git checkout -q main
noise 3
merge pauline feature/rpt-exports "Merge branch 'feature/rpt-exports'" # E47 RPT-001 {} (both sides in one unit)
noise 2

git checkout -q -b feature/rpt-kpi
addsec specs/functional/reporting.md "## REQ-RPT-002 KPI dashboard" "Managers see a dashboard of billing KPIs."
commit bruno "KPI dashboard requirement"
printf '# KPI\n\n## Dashboard (REQ-RPT-002)\n\nKPIs are materialised views refreshed hourly.\n' \
	>specs/technical/kpi.md
commit chloe "KPI dashboard design"
git checkout -q main
noise 2
merge pauline feature/rpt-kpi "Merge branch 'feature/rpt-kpi'"     # E48 RPT-002 {} (new on both sides in one unit)
noise 2

git checkout -q -b feature/rpt-archive
setsec specs/functional/reporting.md REQ-RPT-003 "Reports are archived for twelve years."
commit alice "Archive: twelve years"
git checkout -q main
noise 2
merge pauline feature/rpt-archive "Merge branch 'feature/rpt-archive'" # E49 RPT-003 {T} (merged branch, one side)
mark rpt003
noise 2

git checkout -q -b feature/rpt-etl
setsec specs/technical/reporting-warehouse.md "(REQ-RPT-004)" "The warehouse is loaded every hour."
commit david "ETL: hourly loads"
git checkout -q main
noise 1
merge pauline feature/rpt-etl "Merge branch 'feature/rpt-etl'"     # E50 RPT-004 {F}
mark rpt004
noise 2

git checkout -q -b feature/rpt-forecast
setsec specs/functional/reporting.md REQ-RPT-005 "A revenue forecast covers the next six months."
commit alice "Forecast: six months"
setsec specs/technical/reporting-warehouse.md "(REQ-RPT-005)" "The forecast is a seasonal model over the last three years."
commit xavier "Forecast: seasonal model"
mark rpt005_x
git checkout -q main
noise 2
merge pauline feature/rpt-forecast "Merge branch 'feature/rpt-forecast'" # E51 RPT-005 {} ; out-of-role technical xavier (branch commit)
noise 2

git checkout -q -b feature/rpt-aging
setsec specs/technical/reporting-warehouse.md "(REQ-RPT-006)" "The aging report is a table rebuilt nightly, by month of delay."
commit david "Aging: nightly table"
git checkout -q main
setsec specs/functional/reporting.md REQ-RPT-006 "The aging report groups unpaid invoices by month of delay and by customer."
commit alice "Aging: by customer too"                              # E52a RPT-006 {T}
noise 2
merge pauline feature/rpt-aging "Merge branch 'feature/rpt-aging'" # E52b RPT-006 {} (the response comes with the merge)
noise 2

git checkout -q -b feature/rpt-trail
setsec specs/functional/reporting.md REQ-RPT-007 "Every report states when, by whom and from which data it was produced."
commit bruno "Audit trail: who produced it"
git checkout -q main
noise 1
merge pauline feature/rpt-trail "Merge branch 'feature/rpt-trail'

Sync-Ack: REQ-RPT-007 lineage already records the user"            # E53 RPT-007 {T} then acknowledged (pauline, in the merge)
noise 3

# ---- SEC: subsections, white space, shared sections, ack forms ----------
setsec specs/functional/security.md "### Password rules" "At least twelve characters, one of them a digit."
commit alice "Password rules: twelve characters"                   # E54 SEC-001 {T} (subsection inherits the ID)
mark sec001
noise 2
rewrap specs/functional/security.md REQ-SEC-002
commit xavier "security.md: re-wrap"                               # E55 nothing (re-wrap; xavier in no role)
noise 1
trailing specs/technical/security-arch.md
commit david "security-arch.md: trailing spaces"                   # E56 nothing
noise 2
setsec specs/technical/security-arch.md "Token service" \
	"Tokens are signed JWTs with a one-hour lifetime and a revocation list."
commit david "Token service: signed tokens"                        # E57 SEC-003 {F}, SEC-004 {F} (one section, two IDs)
mark sec004
noise 1
setsec specs/functional/security.md REQ-SEC-003 "Partners call the API with a token valid for one hour."
commit alice "API tokens: one hour"                                # E58 SEC-003 {} ; SEC-004 stays {F}
noise 2
awk '{ if ($0 ~ /^Security requirements/) print "Security requirements of the customer portal and of the partner API;"; else print }' \
	specs/functional/security.md >specs/functional/security.md.tmp
mv specs/functional/security.md.tmp specs/functional/security.md
commit xavier "security.md: introduction"                          # E59 nothing (no requirement's section)
noise 1
setsec specs/technical/security-arch.md "(REQ-SEC-005)" "Security events go to the central log platform, kept one year."
commit chloe "Audit log: one year"                                 # E60 SEC-005 {F}
noise 2
commit sophie "Audit log retention is not a business rule

Sync-Ack: REQ-SEC-005"                                              # E61 SEC-005 acknowledged (sophie: functional A)
noise 1
setsec specs/technical/security-arch.md "(REQ-SEC-006)" "Failed logins are counted per account and per address in the cache."
commit chloe "Lockout: count per address too

Sync-Ack: REQ-SEC-006"                                              # E62 SEC-006 {F} ; invalid-ack SEC-006 chloe (technical R; functional lags)
mark sec006
noise 2
setsec specs/functional/security.md REQ-SEC-007 \
	"Customer data is encrypted at rest with keys rotated yearly (not like REQ-XXX-123)."
commit alice "Encryption: yearly key rotation"                    # E63 SEC-007 {T}
noise 1
commit pauline "Release notes for 2.3

Key rotation is already done by the platform.
  sync-ack : REQ-SEC-007"                                           # E64 SEC-007 acknowledged (lower case, indented, space before colon)
noise 3

# ---- NTF: extended episodes, both directions, co-authors ----------------
setsec specs/functional/notifications.md REQ-NTF-001 "Customers receive their invoice by e-mail as a PDF."
commit alice "Invoice e-mail: PDF attached"                        # E65 NTF-001 {T}
noise 1
setsec specs/functional/notifications.md REQ-NTF-001 "Customers receive their invoice by e-mail as a PDF or a link."
commit bruno "Invoice e-mail: or a link"                           # E66 NTF-001 {T} (extends)
noise 2
setsec specs/technical/notifier.md "(REQ-NTF-001)" "Invoices are sent through the e-mail provider, attached or linked."
commit chloe "E-mail: attachment or link"                          # E67 NTF-001 {}
noise 1
setsec specs/technical/notifier.md "(REQ-NTF-001)" "Invoices are sent through the e-mail provider as signed links only."
commit david "E-mail: signed links only"                           # E68 NTF-001 {F}
noise 2
setsec specs/functional/notifications.md REQ-NTF-001 "Customers receive a link to their invoice by e-mail."
commit sophie "Invoice e-mail: link only"                          # E69 NTF-001 {} (sophie: functional A)
noise 1
setsec specs/functional/notifications.md REQ-NTF-002 "A receipt is sent when a payment is received, within one hour."
commit alice "Receipts within one hour"                            # E70 NTF-002 {T}
noise 2
setsec specs/functional/notifications.md REQ-NTF-002 "A receipt is sent within one hour of a payment."
setsec specs/technical/notifier.md "(REQ-NTF-002)" "A receipt is queued by the payment callback and sent within one hour."
commit hugo "Receipts: wording and queue"                          # E71 NTF-002 {} (both sides changed)
noise 1
setsec specs/functional/notifications.md REQ-NTF-003 "Reminders can also be sent by SMS, on request."
commit bruno "SMS on request"                                      # E72 NTF-003 {T}
noise 2
commit sophie "SMS reminders are fine

Sync-Ack: REQ-NTF-003"                                              # E73 invalid-ack NTF-003 sophie (functional A; technical lags)
noise 1
commit chloe-g "SMS: the provider handles opt-in already

Sync-Ack: REQ-NTF-003"                                              # E74 NTF-003 acknowledged (alias of chloe: technical R)
noise 2
setsec specs/functional/notifications.md REQ-NTF-004 "Customers can unsubscribe from marketing messages with one click."
commit bruno "Unsubscribe in one click"                            # E75 NTF-004 {T}
mark ntf004
noise 1
commit xavier "One-click unsubscribe is a link

Sync-Ack: REQ-NTF-004
Co-authored-by: Alice Martin <alice@example.org>"                   # E76 invalid-ack NTF-004 xavier (co-author alice: functional R only)
noise 2

# NTF-005 is checked on its own below (see "[BUG? mailmap on co-authors]").
setsec specs/functional/notifications.md REQ-NTF-005 "Notifications use the language of the account, else English."
commit bruno "Notification language: English fallback"             # E77a NTF-005 {T}
noise 1
commit xavier "Fallback exists in the notifier

Sync-Ack: REQ-NTF-005

Co-authored-by: Chloe Durand <chloe.durand@gmail.com>"              # E77b NTF-005 acknowledged (co-author is chloe by .mailmap)
noise 2

# ---- LAB: a side without R/A --------------------------------------------
setsec specs/technical/lab-notes.md "(REQ-LAB-001)" "Page views are counted by a tracking pixel."
commit xavier "Analytics: tracking pixel"                          # E78 LAB-001 {F} (technical has no R/A: not out of role)
noise 1
setsec specs/functional/lab.md REQ-LAB-002 "Customers may preview the next invoice and download it."
commit xavier "Preview: download"                                  # E79 LAB-002 {T} ; out-of-role functional xavier
mark lab002
noise 2
commit pauline "Preview download is trivial

Sync-Ack: REQ-LAB-002"                                              # E80 invalid-ack LAB-002 pauline (no R/A on the lagging side)
noise 2

# ---- NTF-006..008: two IDs in one acknowledgement, a setext heading ------
addsec specs/functional/notifications.md "## REQ-NTF-006 Digest e-mail" "A weekly digest lists the open invoices."
addsec specs/functional/notifications.md "## REQ-NTF-007 Quiet hours" "No SMS is sent at night."
# A setext heading: if it were not recognised, its text would belong to
# REQ-NTF-007's section and E90 would change REQ-NTF-007 too.
printf '\nREQ-NTF-008 Delivery report\n---------------------------\n\nA monthly report counts the messages delivered.\n' \
	>>specs/functional/notifications.md
addsec specs/technical/notifier.md "## Digest (REQ-NTF-006)" "A weekly job builds the digest."
addsec specs/technical/notifier.md "## Quiet hours (REQ-NTF-007)" "The SMS queue pauses from ten at night to seven in the morning."
addsec specs/technical/notifier.md "## Delivery report (REQ-NTF-008)" "Provider callbacks are counted per month."
commit hugo "Notifications: digest, quiet hours, delivery report"  # E86 NTF-006, -007, -008 {} (new on both sides at once)
noise 1
setsec specs/functional/notifications.md REQ-NTF-006 "A weekly digest lists the open and the overdue invoices."
commit alice "Digest: overdue invoices too"                        # E87 NTF-006 {T}
noise 1
setsec specs/technical/notifier.md "(REQ-NTF-007)" "The SMS queue pauses from nine at night to eight in the morning."
commit david "Quiet hours: nine to eight"                          # E88 NTF-007 {F}
mark ntf007
noise 1
commit pauline "Digest and quiet hours reviewed

Sync-Ack: REQ-NTF-006, REQ-NTF-007"                                 # E89 NTF-006 acknowledged (pauline: technical A) ; invalid-ack NTF-007 pauline (functional lags)
noise 1
awk '{ if ($0 == "A monthly report counts the messages delivered.") print "A monthly report counts the messages delivered and bounced."; else print }' \
	specs/functional/notifications.md >specs/functional/notifications.md.tmp
mv specs/functional/notifications.md.tmp specs/functional/notifications.md
commit alice "Delivery report: bounces"                            # E90 NTF-008 {T} (setext section)
mark ntf008
noise 2

# ---- more changes that change nothing ------------------------------------
rewrap specs/functional/invoicing.md REQ-INV-001
commit alice "invoicing.md: re-wrap"                               # E81 nothing
noise 1
mkdir -p specs/technical/notifications
git mv specs/technical/notifier.md specs/technical/notifications/notifier.md
commit chloe "Move the notifier spec"                              # E82 nothing (rename)
noise 2
printf '# Notifications (archive)\n' >specs/functional/notifications-archive.md
movesec specs/functional/notifications.md specs/functional/notifications-archive.md REQ-NTF-002
commit bruno "Archive the receipt requirement"                     # E83 nothing (section moved)
noise 1
crlf specs/technical/crm-sync.md
commit xavier "crm-sync.md: CRLF"                                  # E84 nothing
noise 1
trailing specs/functional/lab.md
commit xavier "lab.md: trailing spaces"                            # E85 nothing
noise 2
noise 10 # a tail of code-only history

total=$(git rev-list --count HEAD)
first_parent=$(git rev-list --first-parent --count HEAD)
echo "# built $total commits ($first_parent on the first-parent chain) in $repo"
[ "$total" -ge 250 ] || die "only $total commits"

# ==== the audit ==========================================================

# specsync keeps a cache of walk states in the git directory: a run with
# --no-cache neither reads nor writes it; the next run is cold, the text run
# and a second JSON run start from cached states, and a last JSON run,
# after a cold audit of an older revision, continues from that revision's
# state. All must agree.
cache_dir=$(git rev-parse --git-common-dir)/specsync
rm -rf "$cache_dir"
set +e
"$SPECSYNC" audit --no-cache --format json >"$tmp/audit-nocache.json" 2>"$tmp/audit-nocache.err"
nocache_status=$?
if [ -n "$(ls -A "$cache_dir/cache" 2>/dev/null)" ]; then
	not_ok "audit --no-cache writes no cache state"
else
	ok "audit --no-cache writes no cache state"
fi
"$SPECSYNC" audit --format json >"$tmp/audit.json" 2>"$tmp/audit.err"
json_status=$?
"$SPECSYNC" audit >"$tmp/audit.txt" 2>"$tmp/audit-text.err"
text_status=$?
"$SPECSYNC" audit --format json >"$tmp/audit-warm.json" 2>"$tmp/audit-warm.err"
warm_status=$?
rm -rf "$cache_dir"
"$SPECSYNC" audit "$id_cus007" --format json >/dev/null 2>"$tmp/audit-mid.err"
mid_status=$?
"$SPECSYNC" audit --format json >"$tmp/audit-incr.json" 2>"$tmp/audit-incr.err"
incr_status=$?
set -e

if [ "$json_status" -eq 1 ]; then
	ok "audit --format json exits 1 (open findings on the technical side, policy error)"
else
	not_ok "audit --format json exits $json_status, expected 1"
	sed 's/^/# /' "$tmp/audit.err"
fi
if [ "$text_status" -eq "$json_status" ]; then
	ok "audit (text) exits like audit --format json ($text_status)"
else
	not_ok "audit (text) exits $text_status, audit --format json $json_status"
	sed 's/^/# /' "$tmp/audit-text.err"
fi

if [ "$warm_status" -eq "$json_status" ] && [ "$incr_status" -eq "$json_status" ] &&
	[ "$nocache_status" -eq "$json_status" ] && [ "$mid_status" -le 1 ]; then
	ok "audits with --no-cache and from cached states exit like the cold audit ($json_status)"
else
	not_ok "audits: --no-cache $nocache_status, warm $warm_status," \
		"incremental $incr_status (older revision $mid_status), cold $json_status"
	cat "$tmp/audit-nocache.err" "$tmp/audit-warm.err" "$tmp/audit-mid.err" \
		"$tmp/audit-incr.err" | sed 's/^/# /'
fi

export id_inv002_a id_inv002_b id_inv003 id_pay003 id_pay006 id_pay008 id_cus003 id_cus007 \
	id_rpt003 id_rpt004 id_rpt005_x id_sec001 id_sec004 id_sec006 id_ntf004 id_ntf007 id_ntf008 \
	id_lab002
export first_parent

python3 - "$tmp/audit.json" "$tmp/audit.txt" "$tmp/audit-warm.json" "$tmp/audit-incr.json" \
	"$tmp/audit-nocache.json" <<'PY' || fail=1
import collections, json, os, re, sys

E = os.environ
bad = 0

def ok(msg):
    print("ok - " + msg)

def not_ok(msg, detail=""):
    global bad
    bad = 1
    print("not ok - " + msg)
    for line in detail.splitlines():
        print("#   " + line)

def compare(name, got, want):
    """Exact multiset comparison; prints what is missing and what is extra."""
    g, w = collections.Counter(got), collections.Counter(want)
    if g == w:
        ok("%s: %d as expected" % (name, sum(w.values())))
        return
    detail = []
    for k in sorted(w - g):
        detail.append("- missing:    %r" % (k,))
    for k in sorted(g - w):
        detail.append("+ unexpected: %r" % (k,))
    not_ok(name + " differ (- expected but absent, + reported but not expected)",
           "\n".join(detail))

# ---- the expected findings, worked out by hand from the events E1..E90 ----
# (requirement, lagging side) still open at HEAD
EXPECTED_OPEN = [
    ("REQ-INV-002", "technical"),   # E2, E18
    ("REQ-INV-003", "functional"),  # E3
    ("REQ-PAY-003", "technical"),   # E25 added on functional only
    ("REQ-PAY-006", "functional"),  # E30 added on technical only
    ("REQ-PAY-008", "technical"),   # E33
    ("REQ-CUS-003", "technical"),   # E37 removed from functional only
    ("REQ-CUS-007", "technical"),   # E45 moved and edited
    ("REQ-RPT-003", "technical"),   # E49 merged branch, functional only
    ("REQ-RPT-004", "functional"),  # E50 merged branch, technical only
    ("REQ-SEC-001", "technical"),   # E54 subsection
    ("REQ-SEC-004", "functional"),  # E57 shared technical section
    ("REQ-SEC-006", "functional"),  # E62 (its own ack was invalid)
    ("REQ-NTF-004", "technical"),   # E75 (the ack of E76 was invalid)
    ("REQ-NTF-007", "functional"),  # E88 (the ack of E89 was invalid for it)
    ("REQ-NTF-008", "technical"),   # E90 setext section
    ("REQ-LAB-001", "functional"),  # E78
    ("REQ-LAB-002", "technical"),   # E79 (the ack of E80 was invalid)
]
# (requirement, lagging side) closed by a valid Sync-Ack
EXPECTED_ACKNOWLEDGED = [
    ("REQ-INV-007", "technical"),   # E10 pauline
    ("REQ-INV-009", "technical"),   # E15 co-author david
    ("REQ-INV-010", "technical"),   # E17 squash message
    ("REQ-RPT-007", "technical"),   # E53 merge message
    ("REQ-SEC-005", "functional"),  # E61 sophie
    ("REQ-SEC-007", "technical"),   # E64 lower-case, indented key
    ("REQ-NTF-003", "technical"),   # E74 alias of chloe
    ("REQ-NTF-006", "technical"),   # E89 first of two IDs
]
# (requirement, lagging side) closed because the lagging side caught up or
# the requirement was retired: a spurious change (a move, a rename, white
# space) would open and close extra episodes and show here.
EXPECTED_RESOLVED = [
    # bootstrap: functional documents first ({T}), then technical ({})
    ("REQ-INV-001", "technical"), ("REQ-INV-002", "technical"),
    ("REQ-INV-003", "technical"), ("REQ-INV-004", "technical"),
    ("REQ-INV-005", "technical"), ("REQ-INV-006", "technical"),
    ("REQ-INV-007", "technical"), ("REQ-INV-008", "technical"),
    ("REQ-INV-009", "technical"), ("REQ-INV-010", "technical"),
    ("REQ-PAY-001", "technical"), ("REQ-PAY-002", "technical"),
    ("REQ-PAY-007", "technical"), ("REQ-PAY-008", "technical"),
    ("REQ-CUS-001", "technical"), ("REQ-CUS-002", "technical"),
    ("REQ-CUS-003", "technical"), ("REQ-CUS-004", "technical"),
    ("REQ-CUS-005", "technical"), ("REQ-CUS-006", "technical"),
    ("REQ-CUS-007", "technical"),
    ("REQ-RPT-001", "technical"), ("REQ-RPT-003", "technical"),
    ("REQ-RPT-004", "technical"), ("REQ-RPT-005", "technical"),
    ("REQ-RPT-006", "technical"), ("REQ-RPT-007", "technical"),
    ("REQ-SEC-001", "technical"), ("REQ-SEC-002", "technical"),
    ("REQ-SEC-003", "technical"), ("REQ-SEC-004", "technical"),
    ("REQ-SEC-005", "technical"), ("REQ-SEC-006", "technical"),
    ("REQ-SEC-007", "technical"),
    ("REQ-NTF-001", "technical"), ("REQ-NTF-002", "technical"),
    ("REQ-NTF-003", "technical"), ("REQ-NTF-004", "technical"),
    ("REQ-LAB-001", "technical"), ("REQ-LAB-002", "technical"),
    # the planted events
    ("REQ-INV-001", "technical"),   # E1 -> E4
    ("REQ-INV-004", "functional"),  # E5 -> E6
    ("REQ-INV-008", "technical"),   # E11 -> E13
    ("REQ-PAY-001", "functional"),  # E19 -> E20
    ("REQ-PAY-002", "technical"),   # E23 -> E24
    ("REQ-PAY-004", "technical"),   # E26 -> E28 (added on the other side)
    ("REQ-PAY-005", "functional"),  # E27 -> E29
    ("REQ-PAY-007", "functional"),  # E31 -> E32
    ("REQ-CUS-002", "technical"),   # E35 -> E36 (retired in two steps)
    ("REQ-CUS-004", "functional"),  # E38 -> E39 (retired in two steps)
    ("REQ-CUS-006", "technical"),   # E43 -> E44 (in the files it moved to)
    ("REQ-RPT-006", "technical"),   # E52a -> E52b (merge)
    ("REQ-SEC-003", "functional"),  # E57 -> E58
    ("REQ-NTF-001", "technical"),   # E65, E66 -> E67
    ("REQ-NTF-001", "functional"),  # E68 -> E69
    ("REQ-NTF-002", "technical"),   # E70 -> E71 (both sides changed)
]
# (requirement, side, author e-mail after .mailmap)
EXPECTED_OUT_OF_ROLE = [
    ("REQ-INV-006", "functional", "david@example.org"),   # E8 co-edit by an engineer
    ("REQ-PAY-007", "technical", "alice@example.org"),    # E31 business edits technical text
    ("REQ-PAY-008", "functional", "chloe@example.org"),   # E33 engineering edits functional text (alias)
    ("REQ-RPT-005", "technical", "xavier@example.org"),   # E51 via a merged branch commit
    ("REQ-LAB-002", "functional", "xavier@example.org"),  # E79
]
# (requirement, author e-mail)
EXPECTED_INVALID_ACK = [
    ("REQ-INV-008", "alice@example.org"),    # E12 wrong person
    ("REQ-ZZZ-999", "pauline@example.org"),  # E46 unknown ID
    ("REQ-SEC-006", "chloe@example.org"),    # E62 acknowledges her own change
    ("REQ-NTF-003", "sophie@example.org"),   # E73 wrong side's A
    ("REQ-NTF-004", "xavier@example.org"),   # E76 co-author in the wrong role
    ("REQ-LAB-002", "pauline@example.org"),  # E80 nobody may
    ("REQ-NTF-007", "pauline@example.org"),  # E89 second of two IDs: functional lags
]
# Commits of some open episodes (the units that opened or extended them).
EXPECTED_COMMITS = {
    ("REQ-INV-002", "technical"): [E["id_inv002_a"], E["id_inv002_b"]],
    ("REQ-INV-003", "functional"): [E["id_inv003"]],
    ("REQ-PAY-003", "technical"): [E["id_pay003"]],
    ("REQ-PAY-006", "functional"): [E["id_pay006"]],
    ("REQ-PAY-008", "technical"): [E["id_pay008"]],
    ("REQ-CUS-003", "technical"): [E["id_cus003"]],
    ("REQ-CUS-007", "technical"): [E["id_cus007"]],
    ("REQ-RPT-003", "technical"): [E["id_rpt003"]],
    ("REQ-RPT-004", "functional"): [E["id_rpt004"]],
    ("REQ-SEC-001", "technical"): [E["id_sec001"]],
    ("REQ-SEC-004", "functional"): [E["id_sec004"]],
    ("REQ-SEC-006", "functional"): [E["id_sec006"]],
    ("REQ-NTF-004", "technical"): [E["id_ntf004"]],
    ("REQ-NTF-007", "functional"): [E["id_ntf007"]],
    ("REQ-NTF-008", "technical"): [E["id_ntf008"]],
    ("REQ-LAB-002", "technical"): [E["id_lab002"]],
}
SIDE_LEVEL = {"technical": "error", "functional": "warning"}
# Checked on its own (see the end): kept out of the lists above.
SEPARATE = {"REQ-NTF-005"}

try:
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
except Exception as e:  # noqa: BLE001
    not_ok("audit --format json prints one JSON document", str(e))
    sys.exit(1)
ok("audit --format json prints one JSON document")

findings = doc.get("findings", [])
unsynced = [f for f in findings if f.get("kind") == "unsynced"]
oor = [f for f in findings if f.get("kind") == "out-of-role"]
inv = [f for f in findings if f.get("kind") == "invalid-ack"]
kinds = collections.Counter(f.get("kind") for f in findings)
if set(kinds) <= {"unsynced", "out-of-role", "invalid-ack"}:
    ok("finding kinds are unsynced, out-of-role, invalid-ack")
else:
    not_ok("unknown finding kinds", repr(kinds))

def email_of(author):
    m = re.search(r"<([^>]*)>\s*$", author or "")
    return (m.group(1) if m else (author or "")).lower()

def main_list(items):
    return [x for x in items if x[0] not in SEPARATE]

compare("open unsynced (requirement, lagging_side)",
        main_list((f["requirement"], f["lagging_side"]) for f in unsynced
                  if f["status"] == "open"),
        EXPECTED_OPEN)
compare("acknowledged (requirement, lagging_side)",
        main_list((f["requirement"], f["lagging_side"]) for f in unsynced
                  if f["status"] == "acknowledged"),
        EXPECTED_ACKNOWLEDGED)
compare("resolved (requirement, lagging_side)",
        main_list((f["requirement"], f["lagging_side"]) for f in unsynced
                  if f["status"] == "resolved"),
        EXPECTED_RESOLVED)
compare("out-of-role (requirement, side, author e-mail)",
        main_list((f["requirement"], f["side"], email_of(f["author"])) for f in oor),
        EXPECTED_OUT_OF_ROLE)
compare("invalid-ack (requirement, author e-mail)",
        main_list((f["requirement"], email_of(f["author"])) for f in inv),
        EXPECTED_INVALID_ACK)

statuses = collections.Counter(f["status"] for f in unsynced)
if set(statuses) <= {"open", "resolved", "acknowledged"}:
    ok("unsynced statuses are open, resolved or acknowledged (no baseline configured)")
else:
    not_ok("unexpected unsynced statuses", repr(statuses))

# Levels follow the policy of the lagging side; exit status follows them.
wrong = [(f["requirement"], f["lagging_side"], f["level"]) for f in unsynced
         if f["status"] == "open" and f["level"] != SIDE_LEVEL[f["lagging_side"]]]
if wrong:
    not_ok("open findings have the level of their lagging side's policy", repr(wrong))
else:
    ok("open findings have the level of their lagging side's policy")
wrong = [f["requirement"] for f in oor + inv if f["level"] != "warning"]
if wrong:
    not_ok("out-of-role and invalid-ack findings are warnings", repr(wrong))
else:
    ok("out-of-role and invalid-ack findings are warnings")

# Commit lists of open episodes: full ids, in history order.
by_pair = {(f["requirement"], f["lagging_side"]): f for f in unsynced if f["status"] == "open"}
problems = []
for pair, want in sorted(EXPECTED_COMMITS.items()):
    got = by_pair.get(pair, {}).get("commits")
    if got != want:
        problems.append("%s %s: got %r, expected %r" % (pair[0], pair[1], got, want))
for f in findings:
    for c in f.get("commits", []) + ([f["commit"]] if "commit" in f else []):
        if not re.fullmatch(r"[0-9a-f]{40}", c or ""):
            problems.append("%s: commit id %r is not a full id" % (f["requirement"], c))
if problems:
    not_ok("commits of the open episodes", "\n".join(problems))
else:
    ok("commits of the open episodes (%d checked, full ids)" % len(EXPECTED_COMMITS))

f = [x for x in oor if x["requirement"] == "REQ-RPT-005"]
if len(f) == 1 and f[0]["commit"] == E["id_rpt005_x"] and \
        f[0]["author"] == "Xavier Leroy <xavier@example.org>":
    ok("out-of-role through a merge names the merged branch commit and its author")
else:
    not_ok("out-of-role through a merge names the merged branch commit and its author",
           json.dumps(f, indent=1)[:2000])

f = [x for x in oor if x["requirement"] == "REQ-PAY-008"]
if len(f) == 1 and f[0]["author"] == "Chloé Durand <chloe@example.org>":
    ok(".mailmap gives the canonical name and e-mail of an alias")
else:
    not_ok(".mailmap gives the canonical name and e-mail of an alias",
           json.dumps(f, indent=1)[:2000])

# Roles of a lagging side: from the RACI ("*"), and none for REQ-LAB-*.
def role_keys(f):
    return {k: [r["role"] for r in v] for k, v in f["roles"].items()}

want = {"responsible": ["amoe"], "accountable": ["pm"], "consulted": ["amoa"],
        "informed": ["sponsor"]}
got = role_keys(by_pair.get(("REQ-INV-002", "technical"), {"roles": {}}))
if got == want:
    ok("roles of REQ-INV-002 (technical lags) from the RACI")
else:
    not_ok("roles of REQ-INV-002 (technical lags) from the RACI",
           "got %r\nexpected %r" % (got, want))
got = role_keys(by_pair.get(("REQ-LAB-002", "technical"), {"roles": {}}))
want = {"responsible": [], "accountable": [], "consulted": [], "informed": []}
if got == want:
    ok("roles of REQ-LAB-002 (technical lags): none named")
else:
    not_ok("roles of REQ-LAB-002 (technical lags): none named",
           "got %r\nexpected %r" % (got, want))
got = by_pair.get(("REQ-SEC-004", "functional"), {}).get("changed_sides")
if got == ["technical"]:
    ok("changed_sides of REQ-SEC-004")
else:
    not_ok("changed_sides of REQ-SEC-004", repr(got))

# The document's other parts agree with the findings.
if doc.get("commits_walked") == int(E["first_parent"]):
    ok("commits_walked is the length of the first-parent chain (%s)" % E["first_parent"])
else:
    not_ok("commits_walked", "got %r, expected %s" % (doc.get("commits_walked"),
                                                      E["first_parent"]))
ids = [r["id"] for r in doc.get("requirements", [])]
if any(i.startswith("REQ-XXX-") for i in ids) or "REQ-ZZZ-999" in ids:
    not_ok("ignored and unknown IDs are not requirements", repr(ids))
else:
    ok("ignored and unknown IDs are not requirements")
pending = main_list((r["id"], s) for r in doc.get("requirements", []) for s in r["pending"])
compare("requirements[].pending", pending, EXPECTED_OPEN)
if doc.get("summary", {}).get("unsynced") == sum(1 for f in unsynced if f["status"] == "open"):
    ok("summary.unsynced counts the open findings")
else:
    not_ok("summary.unsynced", repr(doc.get("summary")))

# The text report names every open requirement.
with open(sys.argv[2], encoding="utf-8") as fh:
    text = fh.read()
missing = sorted({r for r, _ in EXPECTED_OPEN if r not in text})
if missing:
    not_ok("text report mentions every open requirement", "missing: " + ", ".join(missing))
else:
    ok("text report mentions every open requirement (%d)" % len({r for r, _ in EXPECTED_OPEN}))
m = re.search(r"(\d+) unsynchronised", text)
if m and int(m.group(1)) == sum(1 for f in unsynced if f["status"] == "open"):
    ok("text report counts the open findings like the JSON")
else:
    not_ok("text report counts the open findings like the JSON", text[:400])

# Runs that start from cached states give the same document (ages aside).
def without_ages(x):
    if isinstance(x, dict):
        return {k: without_ages(v) for k, v in x.items() if k != "age_days"}
    if isinstance(x, list):
        return [without_ages(v) for v in x]
    return x

for path, what in ((sys.argv[3], "warm cache"), (sys.argv[4], "cache of an older revision"),
                   (sys.argv[5], "--no-cache run")):
    try:
        with open(path, encoding="utf-8") as fh:
            other = json.load(fh)
    except Exception as e:  # noqa: BLE001
        not_ok("audit from the %s prints one JSON document" % what, str(e))
        continue
    a, b = without_ages(doc), without_ages(other)
    if a == b:
        ok("audit from the %s gives the same report" % what)
        continue
    detail = []
    fa = [json.dumps(f, sort_keys=True) for f in a.get("findings", [])]
    fb = [json.dumps(f, sort_keys=True) for f in b.get("findings", [])]
    for k in sorted(set(fa) - set(fb))[:10]:
        detail.append("- cold only:   " + k[:300])
    for k in sorted(set(fb) - set(fa))[:10]:
        detail.append("+ %s only: %s" % (what, k[:300]))
    for k in sorted(set(a) | set(b)):
        if k != "findings" and a.get(k) != b.get(k):
            detail.append("field %s: cold %.200r, %s %.200r" % (k, a.get(k), what, b.get(k)))
    not_ok("audit from the %s gives the same report" % what, "\n".join(detail))

# ---- [BUG? mailmap on co-authors] ------------------------------------------
# .mailmap applies to people: a Co-authored-by alias of a technical R (E77b)
# makes the acknowledgement valid, exactly like an author alias (E74).
# Fails with the engine of 2026-11 (engine.c ack_allowed compares the raw
# Co-authored-by e-mail): reported, not fixed here.
n5 = {
    "open": sorted(f["lagging_side"] for f in unsynced
                   if f["requirement"] == "REQ-NTF-005" and f["status"] == "open"),
    "acknowledged": sorted(f["lagging_side"] for f in unsynced
                           if f["requirement"] == "REQ-NTF-005" and f["status"] == "acknowledged"),
    "invalid-ack": sorted(email_of(f["author"]) for f in inv if f["requirement"] == "REQ-NTF-005"),
}
want = {"open": [], "acknowledged": ["technical"], "invalid-ack": []}
if n5 == want:
    ok("[BUG? mailmap on co-authors] Co-authored-by alias of chloe acknowledges REQ-NTF-005")
else:
    not_ok("[BUG? mailmap on co-authors] Co-authored-by alias of chloe acknowledges "
           "REQ-NTF-005 (.mailmap not applied to Co-authored-by)",
           "got      %r\nexpected %r" % (n5, want))

sys.exit(bad)
PY

if [ "$fail" -ne 0 ]; then
	echo "# t0002: FAILED" >&2
	# SPECSYNC_TEST_KEEP=DIR keeps the repository for inspection.
	if [ -n "${SPECSYNC_TEST_KEEP:-}" ]; then
		rm -rf "$SPECSYNC_TEST_KEEP" && cp -R "$repo" "$SPECSYNC_TEST_KEEP" &&
			echo "# repository kept in $SPECSYNC_TEST_KEEP" >&2
	fi
	exit 1
fi
echo "# t0002: all checks passed"
