#!/bin/sh
# End-to-end: the HTML period report printed on A4 by headless Chromium
# keeps every column: a history with long IDs, long RACI scopes, long
# names and e-mails, five Responsible people; the PDF's pages are A4 and
# every word pdftotext finds lies inside its page, over no other word, the
# last column of each table (Status, Open for, Level, Why) included.
. "$(dirname "$0")/reports-lib.sh"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] || ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
	echo "# $test_name: SKIP: needs chromium and poppler-utils (sh scripts/deps.sh --test)"
	exit 77
fi
PY=/usr/bin/python3

r=$tmp/repo
mkdir -p "$r/functional-specifications/payments-and-collections" "$r/technical-design/payment-gateway"
cd "$r"
git init -q -b main .
cat >.specsync.yml <<'YAML'
version: 1
requirements:
  id: '\bREQ-[A-Z-]+-[0-9]{4}\b'
sides:
  functional: { paths: ["functional-specifications/**/*.md"] }
  technical: { paths: ["technical-design/**/*.md"] }
roles:
  amoa:
    name: "AMOA - business analysts of the collections department"
    members: ["Maximilian von Hohenberg-Schwarzenbach <maximilian.von-hohenberg-schwarzenbach@collections.example.org>",
              "Alice Martin <alice@example.org>"]
  amoe:
    name: "AMOE - payment platform engineering"
    members: ["Chloe Durand <chloe.durand-lefebvre@payment-platform.example.org>",
              "David Nguyen <david.nguyen@payment-platform.example.org>",
              "Emmanuelle Fontaine-Beaumarchais <emmanuelle.fontaine-beaumarchais@payment-platform.example.org>",
              "Frederic Olivier <frederic.olivier@payment-platform.example.org>",
              "Gwendoline Kerhervé <gwendoline.kerherve@payment-platform.example.org>"]
  pm: { name: "Project lead", members: ["Pauline Roux-Delacroix <pauline.roux-delacroix@programme-office.example.org>"] }
  sponsor: { name: "Sponsor", members: ["Sophie Laurent <sophie.laurent@finance-directorate.example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor }
    technical: { R: amoe, A: pm }
  - scope: "REQ-PAYMENTS-SEPA-DIRECT-DEBIT-*"
    functional: { R: amoa, A: sponsor }
    technical: { R: amoe, A: pm }
policy:
  unsynced: warning
  escalate: { after: 7d, level: error }
YAML
f=functional-specifications/payments-and-collections/sepa-direct-debit-mandates.md
t=technical-design/payment-gateway/sepa-direct-debit-gateway-integration.md
for i in 1 2 3 4; do
	printf '# REQ-PAYMENTS-SEPA-DIRECT-DEBIT-000%s Mandate rule %s\n\nText %s.\n\n' $i $i $i
done >"$f"
for i in 1 2 3 4; do printf '# Design of REQ-PAYMENTS-SEPA-DIRECT-DEBIT-000%s\n\nDesign %s.\n\n' $i $i; done >"$t"
commit alice "both sides"
for i in 1 2 3 4; do
	sed -i "s/Text $i\\./Text $i, revised after the steering committee of the collections department./" "$f"
	clock=$((clock + 86400))
	commit_as "Maximilian von Hohenberg-Schwarzenbach" maximilian.von-hohenberg-schwarzenbach@collections.example.org "revise rule $i"
done
sed -i 's/Design 1\./Design 1, revised./' "$t"
clock=$((clock + 86400))
commit_as "Emmanuelle Fontaine-Beaumarchais" emmanuelle.fontaine-beaumarchais@payment-platform.example.org "follow rule 1"
sed -i 's/Design 2\./Design 2, with a cut-off time decided by engineering./' "$t"
sed -i 's/Text 2, revised/Text 2, revised again by engineering/' "$f"
clock=$((clock + 9 * 86400))
commit_as "Emmanuelle Fontaine-Beaumarchais" emmanuelle.fontaine-beaumarchais@payment-platform.example.org "decide the cut-off on both sides"
cd "$tmp"

run "$r" report --from "$(git -C "$r" rev-list --max-parents=0 HEAD)" --format html -o "$tmp/p.html"
expect_status 0 "report --format html"
expect_file_has "$tmp/p.html" "<h2>Still open at the end (2)</h2>" "two requirements still open"
expect_file_has "$tmp/p.html" "<h2>Edits outside one's role in the period (1)</h2>" "one out-of-role edit"

timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$tmp/profile" --no-pdf-header-footer --print-to-pdf="$tmp/p.pdf" \
	"file://$tmp/p.html" >/dev/null 2>"$tmp/chromium.err" || true
if [ -s "$tmp/p.pdf" ]; then ok "Chromium prints the page"; else not_ok "Chromium prints the page"; sed 's/^/#   /' "$tmp/chromium.err" | tail -5; fi
pdfinfo "$tmp/p.pdf" >"$tmp/out" 2>&1 || true
expect_out "(A4)" "the pages are A4"
pdftotext -bbox "$tmp/p.pdf" "$tmp/p.bbox.html" 2>/dev/null || true
$PY - "$tmp/p.bbox.html" >"$tmp/py" 2>&1 <<'PY' || true
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', text, re.S)
assert pages, "no page"
words, outside = [], []
for w, h, body in pages:
    for x0, y0, x1, y1, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body):
        words.append(word)
        if float(x1) > float(w) + 0.5 or float(y1) > float(h) + 0.5:
            outside.append(word)
assert not outside, "words outside their page: %r" % outside[:10]
# no word drawn over another (a column too narrow for an unbreakable ID)
overlaps = []
for w, h, body in pages:
    boxes = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            dx = min(a[2], b[2]) - max(a[0], b[0])
            dy = min(a[3], b[3]) - max(a[1], b[1])
            if dx > 1 and dy > 1:
                overlaps.append((a[4], b[4]))
assert not overlaps, "words drawn over each other: %r" % overlaps[:5]
joined = " ".join(words)
# the last column of each table, and a long value in it or before it
for want in ["Status", "Open for", "Level", "Why", "escalated", "resolved",
             "Roux-Delacroix", "Kerherv\u00e9", "SEPA-DIRECT-DEBIT-"]:
    assert want in joined, "missing on the printed pages: %r" % want
print("ok %d pages, %d words" % (len(pages), len(words)))
PY
if grep -q "^ok " "$tmp/py"; then ok "every word inside its page, every column printed ($(cat "$tmp/py"))"; else not_ok "printed columns: $(cat "$tmp/py")"; fi
finish
