# Shared setup of the report, matrix and lint end-to-end tests (t03NN-*):
# sourced, not run. The sandbox and assertions come from lib.sh; this adds
# the helpers below.
#
#   commit WHO MESSAGE     commits everything, one hour after the previous one
#   expect_screenshot PNG WIDTH WHAT
#                          PNG was written, WIDTH pixels wide, and is not blank
#                          (50 colours or more, 5 % of it not white)
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
