#!/bin/sh
# End-to-end: `audit --format html` on the billing demo with hostile text
# planted in a role name, a commit summary, an author name and a file name,
# rendered by headless Chromium: the page is not blank, no script runs, the
# payloads read as text, and the file asks for nothing from the network.
#
# Skips (exit 77) when Chromium is not installed; `sh scripts/deps.sh --test`
# installs it, and CI runs that first.
. "$(dirname "$0")/reports-lib.sh"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "# t0300: SKIP: chromium is not installed (sh scripts/deps.sh --test installs it)"
	exit 77
fi

demo=$tmp/demo
sh "$SPECSYNC_SOURCE_DIR/examples/billing/create-repo.sh" "$demo" >/dev/null
cd "$demo"
# a role name, a file name, an author and a commit summary that are markup
sed -i 's|name: "AMOE - engineering"|name: "AMOE <script>document.title='"'"'PWNED'"'"'</script>"|' .specsync.yml
git add .specsync.yml
commit pauline "Role names"
cat >"specs/technical/<img src=x onerror=alert(1)>.md" <<'MD'
# Late fees (REQ-INV-001)

<script>document.title='PWNED'</script> late fees are computed nightly.

MD
# the credit notes' section moves there (not an edit): that file becomes
# where REQ-INV-005's neighbours live, so the missing-side hint names it
sed -n '/^## Credit notes (REQ-INV-004)/,$p' specs/technical/invoicing-service.md \
	>>"specs/technical/<img src=x onerror=alert(1)>.md"
sed -i '/^## Credit notes (REQ-INV-004)/,$d' specs/technical/invoicing-service.md
commit "eve" "<img src=x onerror=\"document.title='PWNED'\"> late fees"
printf '\n## REQ-INV-005 Refunds\n\nRefunds <script>alert(1)</script> within 30 days.\n' \
	>>specs/functional/invoicing.md
commit_as "Eve \"Co\" O'Neil & Sons" eve@example.org "Refunds"
cd "$tmp"

run "$demo" audit --format html -o "$tmp/report.html"
expect_status 1 "audit --format html -o FILE (open errors)"
if [ -s "$tmp/report.html" ]; then ok "the report is written"; else not_ok "the report is written"; fi
if grep -qi '<script' "$tmp/report.html"; then not_ok "no <script in the file"; else ok "no <script in the file"; fi
if grep -Eqi 'https?://|src=["'"'"']?//|@import|url\(' "$tmp/report.html"; then
	not_ok "the file refers to nothing on the network"
else
	ok "the file refers to nothing on the network"
fi
if grep -Fq "default-src 'none'" "$tmp/report.html"; then ok "a policy forbids scripts and fetches"; else not_ok "a policy forbids scripts and fetches"; fi

browse() { # ARGS...: runs Chromium headless on the report
	rm -rf "$tmp/profile"
	mkdir -p "$tmp/profile"
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile" "$@" "file://$tmp/report.html" 2>"$tmp/chromium.err"
}

browse --dump-dom >"$tmp/dom.html" || true
cp "$tmp/dom.html" "$tmp/out"
if grep -q '</html>' "$tmp/dom.html"; then ok "Chromium loads the page"; else not_ok "Chromium loads the page"; sed 's/^/#   /' "$tmp/chromium.err" | tail -5; fi
expect_out "<title>specsync report</title>" "the title is untouched (no script ran)"
expect_no_out "PWNED</title>" "no script changed the title"
if grep -qi '<script' "$tmp/dom.html"; then not_ok "the DOM holds no script element"; else ok "the DOM holds no script element"; fi
if grep -qi '<img' "$tmp/dom.html"; then not_ok "the DOM holds no img element"; else ok "the DOM holds no img element"; fi
expect_out "AMOE &lt;script&gt;document.title='PWNED'&lt;/script&gt;" "the role name reads as text"
expect_out "specs/technical/&lt;img src=x onerror=alert(1)&gt;.md</code>" "the file name reads as text"
expect_out "&lt;img src=x onerror=\"document.title='PWNED'\"&gt; late fees" "the commit summary reads as text"
expect_out "Eve \"Co\" O'Neil &amp; Sons" "the author name reads as text"
expect_out "REQ-INV-005" "the new requirement is listed"

browse --screenshot="$tmp/report.png" --window-size=1280,2000 >/dev/null || true
expect_screenshot "$tmp/report.png" 1280 "the screenshot is not blank"

finish t0300
