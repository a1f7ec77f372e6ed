#!/bin/sh
# End-to-end: `explain ID` shows each change as a word diff windowed around
# what changed (six words of context, "..." for the rest), long runs and
# words shortened, wrapped to 80 columns when the output is not a terminal
# ($COLUMNS when set); --full shows the complete texts.
. "$(dirname "$0")/reports-lib.sh"

repo=$tmp/repo
mkdir -p "$repo/specs/functional" "$repo/specs/technical"
git init -q -b main "$repo"
cd "$repo"
cat >.specsync.yml <<'EOF'
version: 1
requirements:
  id: '\bREQ-[0-9]{3}\b'
sides:
  functional:
    paths: ["specs/functional/*.md"]
  technical:
    paths: ["specs/technical/*.md"]
roles:
  ba: { members: ["alice@example.org"] }
  dev: { members: ["chloe@example.org"] }
raci:
  - scope: "*"
    functional: { R: ba, A: ba }
    technical: { R: dev, A: dev }
policy:
  unsynced: warning
  out_of_role: off
  invalid_ack: off
EOF
words() { _i=$1; while [ "$_i" -le "$2" ]; do printf 'w%d ' "$_i"; _i=$((_i + 1)); done; }
printf '# Spec\n\n## REQ-001 Export\n\n%s\n' "$(words 1 60)" >specs/functional/spec.md
printf '# Design\n\n## Export (REQ-001)\n\nDone.\n' >specs/technical/design.md
commit alice "one"
# one word in the middle of 60
sed -i 's/ w31 / changed /' specs/functional/spec.md
commit alice "two"
# a 100-character word and a run of 100 words
printf '\n%s %s\n' "$(printf 'x%.0s' $(seq 1 100))" "$(words 100 199)" >>specs/functional/spec.md
commit alice "three"
cd "$tmp"

unset COLUMNS
run "$repo" explain REQ-001
expect_status 0 "explain REQ-001"
cat >"$tmp/expected" <<'EOF'
XXXXXXX 2025-01-01  Alice Martin <alice@example.org>  synchronised
  "one"
  functional: added
    {+## REQ-001 Export w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16
    w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 ...(23 more)... w51 w52 w53 w54
    w55 w56 w57 w58 w59 w60+}
  technical: added
    {+## Export (REQ-001) Done.+}
  pending after: nothing (synchronised)

XXXXXXX 2025-01-01  Alice Martin <alice@example.org>  initiated
  "two"
  functional:
    ... w25 w26 w27 w28 w29 w30 [-w31-] {+changed+} w32 w33 w34 w35 w36 w37 ...
  pending after: technical

XXXXXXX 2025-01-01  Alice Martin <alice@example.org>  initiated
  "three"
  functional:
    ... w55 w56 w57 w58 w59 w60
    {+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... w100 w101
    w102 w103 w104 w105 w106 w107 w108 w109 w110 w111 w112 w113 w114 w115 w116
    w117 w118 w119 w120 w121 w122 w123 w124 w125 w126 w127 w128 ...(61 more)...
    w190 w191 w192 w193 w194 w195 w196 w197 w198 w199+}
  pending after: technical

EOF
sed -E 's/^[0-9a-f]{7} /XXXXXXX /' "$tmp/out" >"$tmp/actual"
expect_same "$tmp/expected" "$tmp/actual" "windows of six words, long runs and words shortened, 80 columns"

longest() { awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1"; }
COLUMNS=120 run "$repo" explain REQ-001
n=$(longest "$tmp/out")
if [ "$n" -gt 80 ] && [ "$n" -le 120 ]; then ok "COLUMNS=120: lines up to 120 ($n)"; else not_ok "COLUMNS=120: lines up to 120 ($n)"; fi
COLUMNS=10 run "$repo" explain REQ-001
sed -E 's/^[0-9a-f]{7} /XXXXXXX /' "$tmp/out" >"$tmp/actual"
expect_same "$tmp/expected" "$tmp/actual" "COLUMNS out of range (10): 80 columns"

run "$repo" explain REQ-001 --full
expect_status 0 "explain --full"
expect_out "w40 w41 w42" "--full: the words the window left out"
expect_out "{+$(printf 'x%.0s' $(seq 1 100))" "--full: long words whole"
expect_out "    ## REQ-001 Export w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17" \
	"--full: the whole text, wrapped"
expect_no_out "more)..." "--full: no run shortened"

# the demo: the change of REQ-INV-001's text, windowed
demo=$tmp/demo
sh "$SPECSYNC_SOURCE_DIR/examples/billing/create-repo.sh" "$demo" >/dev/null
run "$demo" explain REQ-INV-001
sed -n '/"Invoicing: late fees on unpaid invoices"/,/pending after/p' "$tmp/out" >"$tmp/actual"
cat >"$tmp/expected" <<'EOF'
  "Invoicing: late fees on unpaid invoices"
  functional:
    ... customer receives one invoice per calendar [-month,-] {+month; unpaid
    invoices carry late fees of 1% per month. Invoices are+} issued on the first
    working [-day of the following month.-] {+day.+}
  pending after: technical
EOF
expect_same "$tmp/expected" "$tmp/actual" "the demo's late-fees change, windowed and wrapped"

finish
