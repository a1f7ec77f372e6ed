# Shared setup of the report, matrix and lint end-to-end tests (t03NN-*):
# sourced, not run. The sandbox and assertions come from lib.sh; this adds
# the helpers below.
#
#   commit WHO MESSAGE     commits everything, one hour after the previous one
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

commit() {
	case $1 in
	alice) commit_as "Alice Martin" alice@example.org "$2" ;;
	chloe) commit_as "Chloe Durand" chloe@example.org "$2" ;;
	*) commit_as "$1" "$1@example.org" "$2" ;;
	esac
}


