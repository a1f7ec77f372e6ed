#!/bin/sh
# End-to-end: the HTML report's timeline labels are readable whatever the
# length of the IDs (OpenFastTrace-style `dsn~name~1`): they start inside
# the picture (never cut at the left), the label column is as wide as the
# longest label shown (up to 48 characters; longer IDs end in "..."), and
# no label runs into the lanes. Geometry checked in the SVG (monospace
# labels: 7.5 units a character at most); with Chromium, a 1400 px
# screenshot is taken and must not be blank.
. "$(dirname "$0")/reports-lib.sh"

repo=$tmp/repo
mkdir -p "$repo/doc" "$repo/src"
git init -q -b main "$repo"
cd "$repo"
cat >.specsync.yml <<'EOF'
version: 1
requirements:
  id: '\bdsn~[\w.-]+~[0-9]+\b'
sides:
  design:
    paths: ["doc/*.md"]
    attribution: defines
  code:
    paths: ["src/*.java"]
    section_start: '^\s*// \[impl->'
roles:
  arch: { members: ["alice@example.org"] }
  dev: { members: ["chloe@example.org"] }
raci:
  - scope: "*"
    design: { R: arch, A: arch }
    code: { R: dev, A: dev }
policy:
  unsynced: warning
  out_of_role: off
  invalid_ack: off
EOF
ids="dsn~a~1 dsn~cli.tracing.exit-status~1 dsn~import.full-coverage-tag-with-revision-x~1 dsn~import.full-coverage-tag-with-needed-coverage-readable-names~1"
for id in $ids; do printf '## %s\n\nText.\n\n' "$id"; done >doc/design.md
{
	echo "class X {"
	for id in $ids; do printf '  // [impl->%s]\n  void f() { return; }\n\n' "$id"; done
	echo "}"
} >src/X.java
commit alice "Design and code"
sed -i 's/return;/return 1;/' src/X.java
commit chloe "Every function changes: the design lags"
cd "$tmp"

run "$repo" audit --format html -o "$tmp/report.html"
expect_status 0 "audit --format html (warnings only)"
if /usr/bin/python3 - "$tmp/report.html" <<'PY'; then
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
svg = re.search(r'<svg viewBox="0 0 (\d+) \d+" role="img" aria-label="Timeline[^"]*">(.*?)</svg>',
                page, re.S)
assert svg, "no timeline"
body = svg.group(2)
lanes = [int(x) for x in re.findall(r'<rect x="(\d+)" y="\d+" width="\d+" height="2" fill="#eef0f3"/>', body)]
assert lanes and len(set(lanes)) == 1, lanes
x0 = lanes[0]
labels = re.findall(r'<text x="(-?\d+)" y="\d+" font-size="12" font-family="([^"]*)" '
                    r'font-weight="\d+" fill="#111827"><title>([^<]*)</title>([^<]*)</text>', body)
assert len(labels) == 4, labels
shown = {}
for x, family, title, text in labels:
    text, title = html.unescape(text), html.unescape(title)
    assert "monospace" in family
    assert int(x) >= 0, (x, text)
    assert int(x) + len(text) * 7.5 <= x0, (x, text, x0)
    shown[title] = text
longest = "dsn~import.full-coverage-tag-with-needed-coverage-readable-names~1"
assert shown[longest] == longest[:45] + "...", shown[longest]
for t in shown:
    if t != longest:
        assert shown[t] == t, (t, shown[t])
# the column is as wide as 48 characters, not more
assert x0 == 2 * 6 + round(48 * 7.5), x0
assert 'text-anchor="end"' not in body.split("<text")[1]
PY
	ok "labels start inside, fit their column, long ones end in ..."
else
	not_ok "labels start inside, fit their column, long ones end in ..."
fi

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chromium" ]; then
	mkdir -p "$tmp/profile"
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
		--screenshot="$tmp/report.png" --window-size=1400,1000 "file://$tmp/report.html" \
		>/dev/null 2>"$tmp/chromium.err" || true
	expect_screenshot "$tmp/report.png" 1400 "the 1400 px screenshot is not blank"
else
	echo "# no chromium: screenshot skipped"
fi

finish
