#!/bin/sh
# Builds the billing demo repository in DIR (default: ./billing-demo).
# Its history shows every case specsync knows: one-sided edits on both
# sides, synchronised edits, a merged feature branch, whitespace-only edits,
# a renamed file, a section moved between files, a valid and an invalid
# acknowledgement, edits outside one's role, a requirement retired, and
# findings still open at the end. Dates and identities are fixed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-billing-demo}
if [ -e "$dir" ]; then
  echo "create-repo.sh: $dir already exists; remove it or name another directory" >&2
  exit 2
fi
mkdir -p "$dir"
cd "$dir"
git init -q -b main .
git config user.name "Demo"
git config user.email "demo@example.org"
git config commit.gpgsign false

clock=1735714800   # 2025-01-01 08:00 +01:00; each commit is a day later

commit() { # who message
  case $1 in
    alice)   n="Alice Martin";   e=alice@example.org ;;
    bruno)   n="Bruno Petit";    e=bruno@example.org ;;
    chloe)   n="Chloé Durand";   e=chloe@example.org ;;
    chloe-g) n="Chloe Durand";   e=chloe.durand@gmail.com ;;
    david)   n="David Nguyen";   e=david@example.org ;;
    pauline) n="Pauline Roux";   e=pauline@example.org ;;
    sophie)  n="Sophie Laurent"; e=sophie@example.org ;;
  esac
  clock=$((clock + 86400))
  git add -A
  GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$e GIT_AUTHOR_DATE="@$clock +0100" \
  GIT_COMMITTER_NAME=$n GIT_COMMITTER_EMAIL=$e GIT_COMMITTER_DATE="@$clock +0100" \
    git commit -q --allow-empty -m "$2"
}

merge() { # who branch message
  case $1 in pauline) n="Pauline Roux"; e=pauline@example.org ;; esac
  clock=$((clock + 86400))
  GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$e GIT_AUTHOR_DATE="@$clock +0100" \
  GIT_COMMITTER_NAME=$n GIT_COMMITTER_EMAIL=$e GIT_COMMITTER_DATE="@$clock +0100" \
    git merge -q --no-ff -m "$3" "$2"
}

# Replaces the first occurrence of a line containing $2 in file $1 by $3.
edit() {
  awk -v pat="$2" -v rep="$3" 'done != 1 && index($0, pat) { print rep; done = 1; next } { print }' "$1" > "$1.tmp"
  mv "$1.tmp" "$1"
}

mkdir -p specs/functional specs/technical docs/adr
cp "$here/specsync.yml" .specsync.yml
cat > README.md <<'MD'
# Billing modernisation

Functional specifications (AMOA) live in `specs/functional/`, technical
specifications (AMOE) in `specs/technical/` and `docs/adr/`. specsync keeps
them in step: see `.specsync.yml`.
MD
printf 'Chloé Durand <chloe@example.org> Chloe Durand <chloe.durand@gmail.com>\n' > .mailmap
commit pauline "Project charter: specification layout and specsync roles"

cat > specs/functional/invoicing.md <<'MD'
# Invoicing

This document describes what the billing system must do for invoices.
Requirement identifiers follow the pattern REQ-XXX-000.

## REQ-INV-001 Monthly invoice

Every active customer receives one invoice per calendar month, issued on
the first working day of the following month.

## REQ-INV-002 VAT computation

VAT is computed per invoice line and rounded to the cent, half up.

## REQ-INV-003 Invoice numbering

Invoice numbers are sequential without gaps within a fiscal year.
MD
commit alice "Functional spec: invoicing (monthly invoice, VAT, numbering)"

cat > specs/technical/invoicing-service.md <<'MD'
# Invoicing service

## Batch scheduling (REQ-INV-001)

A nightly job selects the customers active during the previous month and
generates their invoices on the first working day, using the bank calendar.

## VAT engine (REQ-INV-002)

VAT is computed line by line with decimal arithmetic (scale 2, ROUND_HALF_UP).

## Numbering (REQ-INV-003)

Numbers come from a database sequence per fiscal year; a failed transaction
never consumes a number (the sequence is read at commit time).
MD
commit chloe "Technical spec: invoicing service design"

edit specs/functional/invoicing.md "VAT is computed per invoice line" \
  "VAT is computed on the invoice total per VAT rate, then rounded to the cent, half up."
commit alice "Invoicing: compute VAT on totals per rate (finance decision)"

edit specs/technical/invoicing-service.md "VAT is computed line by line" \
  "Lines are grouped by VAT rate; VAT is computed on each group total (scale 2, ROUND_HALF_UP)."
commit david "VAT engine: group lines by rate before computing VAT"

cat > specs/functional/payments.md <<'MD'
# Payments

## REQ-PAY-001 Card payments

Customers can pay an invoice by card from the customer portal.

## REQ-PAY-002 Payment reminders

A reminder is sent 7 days after the due date, a second one 15 days after.
MD
commit bruno "Functional spec: card payments and reminders"

cat > specs/technical/payments-gateway.md <<'MD'
# Payments gateway

## Card payments: REQ-PAY-001

The portal redirects to the payment service provider (3-D Secure); the
callback marks the invoice paid after signature verification.

## Reminders: REQ-PAY-002

A daily job sends the reminders at due date + 7 and + 15 days.
MD
commit chloe "Technical spec: payments gateway and reminder job"

cat > specs/functional/customers.md <<'MD'
# Customers

## REQ-CUS-001 Customer account

A customer account holds the legal name, the billing address and the VAT
number of the customer.

## REQ-CUS-002 Paper invoices

Customers may ask for invoices on paper, sent by post.
MD
commit bruno "Customer requirements, agreed in the 2025-01 workshop"
cat > docs/adr/0001-customer-store.adoc <<'ADOC'
= ADR 0001: Customer store

== REQ-CUS-001 Customer account storage

Customer accounts are stored in the CRM; billing keeps a read-only copy
refreshed every hour.

== REQ-CUS-002 Paper invoices

Paper invoices are printed and posted by the mailing provider via its API.
ADOC
commit david "ADR 0001: customer store"

# Whitespace-only: re-wrapping a paragraph is not an edit.
cat > specs/functional/invoicing.md.new <<'MD'
# Invoicing

This document describes what the billing system must do for invoices.
Requirement identifiers follow the pattern REQ-XXX-000.

## REQ-INV-001 Monthly invoice

Every active customer receives one invoice per calendar month,
issued on the first working day of the following month.

## REQ-INV-002 VAT computation

VAT is computed on the invoice total per VAT rate, then rounded to the cent, half up.

## REQ-INV-003 Invoice numbering

Invoice numbers are sequential    without gaps within a fiscal year.
MD
mv specs/functional/invoicing.md.new specs/functional/invoicing.md
commit alice "Invoicing: re-wrap paragraphs"

# A feature branch that updates both sides, merged by the project lead.
git checkout -q -b feature/credit-notes
cat >> specs/functional/invoicing.md <<'MD'

## REQ-INV-004 Credit notes

A credit note cancels all or part of an invoice; it references the invoice.
MD
commit alice "Credit notes: functional rule"
cat >> specs/technical/invoicing-service.md <<'MD'

## Credit notes (REQ-INV-004)

Credit notes are invoices with negative lines and a link to the original.
MD
commit chloe "Credit notes: technical design"
git checkout -q main
merge pauline feature/credit-notes "Merge branch 'feature/credit-notes'"

# A file renamed and a section moved between files: not edits.
mkdir -p specs/technical/payments
git mv -f specs/technical/payments-gateway.md specs/technical/payments/gateway.md
commit david "Move the payments gateway spec under payments/"

# The engineering side changes a business rule (case 2 of the article),
# committing from a personal address that .mailmap maps to her work one.
edit specs/functional/payments.md "A reminder is sent 7 days" \
  "A reminder is sent 10 days after the due date; no second reminder."
edit specs/technical/payments/gateway.md "A daily job sends the reminders" \
  "A daily job sends the reminder at due date + 10 days."
commit chloe-g "Reminders: send one reminder only (less load on the mail relay)"

# The business side dictates a technical solution (case 1).
edit specs/technical/invoicing-service.md "Numbers come from a database sequence" \
  "Numbers must come from an Oracle sequence shared with the ERP; a failed transaction"
commit alice "Numbering must use the ERP's Oracle sequence"

# An engineer tries to acknowledge it for the business side: not his role.
commit david "Acknowledge the numbering change

Sync-Ack: REQ-INV-003 the ERP sequence works for us"

# A section moved to a file of its own: not an edit.
awk '/^## Numbering/ {skip = 1} /^## Credit notes/ {skip = 0} skip != 1 {print}' \
  specs/technical/invoicing-service.md > t && mv t specs/technical/invoicing-service.md
cat > specs/technical/numbering.md <<'MD'
# Invoice numbering

## Numbering (REQ-INV-003)

Numbers must come from an Oracle sequence shared with the ERP; a failed transaction
never consumes a number (the sequence is read at commit time).
MD
commit david "Split numbering into its own document"

# A technical-only change, acknowledged by the business side's Responsible.
edit docs/adr/0001-customer-store.adoc "refreshed every hour" \
  "refreshed every 10 minutes through the CRM's change feed."
commit david "Customer store: refresh through the CRM change feed"
commit alice "Customer store refresh: no functional impact

Sync-Ack: REQ-CUS-001 refresh frequency is invisible to users"

# A requirement retired in two steps.
awk '/REQ-CUS-002/ {skip = 1} skip != 1 {print}' specs/functional/customers.md > t && mv t specs/functional/customers.md
commit bruno "Drop paper invoices (decided by the steering committee)"
awk '/REQ-CUS-002/ {skip = 1} skip != 1 {print}' docs/adr/0001-customer-store.adoc > t && mv t docs/adr/0001-customer-store.adoc
commit david "Remove the mailing provider integration"

# Still open at the end: late fees (technical lags), a new payment method
# (technical missing).
edit specs/functional/invoicing.md "Every active customer receives one invoice" \
  "Every active customer receives one invoice per calendar month; unpaid invoices"
edit specs/functional/invoicing.md "issued on the first working day" \
  "carry late fees of 1% per month. Invoices are issued on the first working day."
commit alice "Invoicing: late fees on unpaid invoices"

cat >> specs/functional/payments.md <<'MD'

## REQ-PAY-003 SEPA direct debit

Customers can authorise SEPA direct debit; invoices are then collected on
their due date.
MD
commit bruno "Payments: SEPA direct debit"

echo "created $(pwd) with $(git rev-list --count HEAD) commits"
