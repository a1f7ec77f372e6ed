# Shared setup of the report, matrix and lint end-to-end tests (t03NN-*):
# sourced, not run. The sandbox and assertions come from lib.sh; this adds
# the helpers below.
#
#   commit WHO MESSAGE     commits everything, one hour after the previous one
#   expect_screenshot PNG WIDTH WHAT
#                          PNG was written, WIDTH pixels wide, and is not blank
#                          (50 colours or more, 5 % of it not white)
#   code_side_config       writes .specsync.yml here: R<n> IDs, docs/*.md the
#                          functional side (defines), src/*.c the technical one
#                          (sections start at "/* [impl->"), alice the BA and
#                          chloe the developer, only unsynced findings count
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

commit() {
	case $1 in
	alice) commit_as "Alice Martin" alice@example.org "$2" ;;
	chloe) commit_as "Chloe Durand" chloe@example.org "$2" ;;
	*) commit_as "$1" "$1@example.org" "$2" ;;
	esac
}



expect_screenshot() {
	if [ ! -s "$1" ]; then
		not_ok "$3: Chromium writes a screenshot"
		[ -f "$tmp/chromium.err" ] && sed 's/^/#   /' "$tmp/chromium.err" | tail -5
		return 0
	fi
	set -- "$@" $(python3 "$here/pngstat.py" "$1")
	echo "# screenshot: ${4}x${5}, $6 colours, $7 per mille not white"
	if [ "$4" -eq "$2" ] && [ "$6" -ge 50 ] && [ "$7" -ge 50 ]; then
		ok "$3"
	else
		not_ok "$3"
	fi
}

code_side_config() {
	cat >.specsync.yml <<'EOF'
version: 1
requirements:
  id: '\bR[0-9]+\b'
sides:
  functional:
    paths: ["docs/*.md"]
    attribution: defines
  technical:
    paths: ["src/*.c"]
    section_start: '^/\* \[impl->'
roles:
  ba: { members: ["alice@example.org"] }
  dev: { members: ["chloe@example.org"] }
raci:
  - scope: "*"
    functional: { R: ba, A: ba }
    technical: { R: dev, A: dev }
policy:
  unsynced: error
  out_of_role: off
  invalid_ack: off
EOF
}
