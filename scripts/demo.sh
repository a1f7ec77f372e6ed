#!/bin/sh
# Quick start: installs what is missing, builds specsync, creates the
# billing demo repository in build/billing-demo and audits it.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
sh scripts/build.sh >/dev/null
rm -rf build/billing-demo
sh examples/billing/create-repo.sh build/billing-demo >/dev/null
echo "\$ cd build/billing-demo && specsync audit"
echo
status=0
(cd build/billing-demo && ../specsync audit) || status=$?
echo
# The steering report of the last ten days of the demo's history (Jan 15-25):
# drift was opened and resolved in that period (its trends and resolutions).
echo "\$ specsync report --from 2025-01-15 -o ../billing-steering.md   # and --format html"
(cd build/billing-demo && ../specsync report --from 2025-01-15 -o ../billing-steering.md &&
	../specsync report --from 2025-01-15 --format html -o ../billing-steering.html)
sed -n -e '/^| | This period/,/^Unsynchronised at the start/{/^Unsynchronised/G;p;}' \
	-e '/^## Drift resolved/,/^## Still open/{/^## Still open/!p;}' build/billing-steering.md
echo "(the whole report: build/billing-steering.md and build/billing-steering.html)"
echo
case $status in
  0) echo "specsync exited with 0: nothing the policy calls an error." ;;
  1) echo "specsync exited with 1: open findings that the policy calls errors (as planted in the demo)."
     echo "Try: (cd build/billing-demo && ../specsync explain REQ-INV-001)" ;;
  *) echo "specsync exited with $status: something went wrong (see above)."; exit "$status" ;;
esac
