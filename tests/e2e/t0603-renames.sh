#!/bin/sh
# End-to-end: renames followed (presentation only). A generated history
# shaped like xen's docs/fusa (an ID renamed on the product side with its
# text kept, the design side fixed later): the two open findings name each
# other (text, json, markdown, html, CI messages) while the pending states
# stay as they are; an unrelated new ID and a rewritten text are not taken
# for renames; once the design side follows, nothing is left.
. "$(dirname "$0")/reports-lib.sh"

r=$tmp/repo
mkdir -p "$r/prod" "$r/design"
cd "$r"
git init -q -b main .
cat >.specsync.yml <<'YAML'
version: 1
requirements:
  id: '\bProd~[a-z0-9_]+~[0-9]+\b'
sides:
  product: { paths: ["prod/**/*.rst"] }
  design: { paths: ["design/**/*.rst"] }
roles:
  prod: { members: ["alice@example.org"] }
  des: { members: ["chloe@example.org"] }
raci:
  - scope: "*"
    product: { R: prod, A: prod }
    design: { R: des, A: des }
YAML
cat >prod/reqs.rst <<'RST'
Emulated Timer
--------------

`Prod~emulated_timer~1`

Description:
Xen shall grant access to the generic timer for the domains.

Emulated UART
-------------

`Prod~emulated_uart~1`

Description:
Xen shall provide an SBSA UART to the domains.
RST
cat >>prod/reqs.rst <<'RST'

Console
-------

`Prod~console~1`

Description:
Xen shall provide a console to the domains, readable and writable by the
control domain, with a history of the last four kilobytes of output.
RST
printf 'Console\n-------\n\n`Swdgn~console~1`\n\nCovers:\n - `Prod~console~1`\n' >design/console.rst
cat >design/timer.rst <<'RST'
Probe
-----

`Swdgn~probe~1`

Covers:
 - `Prod~emulated_timer~1`
 - `Prod~emulated_uart~1`
RST
# two logging requirements, to be merged into one
cat >prod/log.rst <<'RST'
Error log
---------

`Prod~log_errors~1`

Description:
Xen shall log every hypercall error to the console ring.

Warning log
-----------

`Prod~log_warnings~1`

Description:
Xen shall log every guest warning to the console ring.
RST
printf 'Logging\n-------\n\n`Swdgn~log~1`\n\nCovers:\n - `Prod~log_errors~1`\n - `Prod~log_warnings~1`\n' >design/log.rst
commit alice "product and design"
# the product side renames the timer ID (text kept), rewrites the UART one
# under a new ID, and adds an unrelated requirement
sed -i -e 's/Prod~emulated_timer~1/Prod~arm64_emulated_timer~1/' \
	-e 's/`Prod~emulated_uart~1`/`Prod~uart_v2~1`/' \
	-e 's/Xen shall provide an SBSA UART to the domains\./Every console byte goes through a ring buffer of 16 KiB, flushed on each interrupt./' prod/reqs.rst
printf '\nSchedulers\n----------\n\n`Prod~schedulers~1`\n\nDescription:\nSeveral CPU pools, each with its own scheduler.\n' >>prod/reqs.rst
# and splits the console requirement in two
python3 - <<'PY'
p = "prod/reqs.rst"
s = open(p).read()
i = s.index("Console\n-------")
j = s.index("Schedulers\n")
s = s[:i] + s[j:] + '''
Console input
-------------

`Prod~console_in~1`

Description:
Xen shall provide a console to the domains, readable and writable by the
control domain.

Console history
---------------

`Prod~console_history~1`

Description:
Xen shall provide a console with a history of the last four kilobytes of output.
'''
open(p, "w").write(s)
PY
# a new requirement in another file, whose ID sorts before the renamed one
# (as xen's XenMkt~multiple_schedulers~1 in b9f9b39645): the old ID's text
# is still read where the new IDs are
printf 'Aardvark\n--------\n\n`Prod~aaa_first~1`\n\nDescription:\nXen shall boot.\n' >prod/aaa.rst
# the two logging requirements merged into one
cat >prod/log.rst <<'RST'
Logging
-------

`Prod~logging~1`

Description:
Xen shall log every hypercall error to the console ring.
Xen shall log every guest warning to the console ring.
Both are timestamped.
RST
commit alice "arm64 prefixes"
cd "$tmp"

run "$r" audit --format json
expect_status 1 "audit"
/usr/bin/python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY' || true
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["requirement"]: x for x in d["findings"] if x["kind"] == "unsynced" and x["status"] == "open"}
assert sorted(f) == ["Prod~aaa_first~1", "Prod~arm64_emulated_timer~1", "Prod~console_history~1", "Prod~console_in~1", "Prod~console~1", "Prod~emulated_timer~1", "Prod~emulated_uart~1", "Prod~log_errors~1", "Prod~log_warnings~1", "Prod~logging~1", "Prod~schedulers~1", "Prod~uart_v2~1"], sorted(f)
kinds = {k: (x.get("renamed_from"), x.get("renamed_to"), x.get("rename_kind")) for k, x in f.items() if "rename_kind" in x}
assert kinds == {
    "Prod~arm64_emulated_timer~1": ("Prod~emulated_timer~1", None, "renamed"),
    "Prod~emulated_timer~1": (None, "Prod~arm64_emulated_timer~1", "renamed"),
    "Prod~console_in~1": ("Prod~console~1", None, "split"),
    "Prod~console_history~1": ("Prod~console~1", None, "split"),
    "Prod~console~1": (None, "Prod~console_history~1", "split"),
    "Prod~log_errors~1": (None, "Prod~logging~1", "merged"),
    "Prod~log_warnings~1": (None, "Prod~logging~1", "merged"),
    "Prod~logging~1": ("Prod~log_errors~1", None, "merged"),
}, kinds
assert f["Prod~console_in~1"]["message"].endswith("(Prod~console_in~1 is a part of Prod~console~1, split on the product side; the design side still says Prod~console~1)")
assert f["Prod~console~1"]["message"].endswith("(Prod~console~1 was split on the product side, Prod~console_history~1 being one part; the design side still says Prod~console~1)")
assert f["Prod~log_warnings~1"]["message"].endswith("(Prod~log_warnings~1 was merged into Prod~logging~1 on the product side; the design side still says Prod~log_warnings~1)")
# a split: each part names the old ID, the old one names the first part
assert f["Prod~console_in~1"]["renamed_from"] == "Prod~console~1", f["Prod~console_in~1"]
assert f["Prod~console_history~1"]["renamed_from"] == "Prod~console~1", f["Prod~console_history~1"]
assert f["Prod~arm64_emulated_timer~1"]["renamed_from"] == "Prod~emulated_timer~1"
assert "renamed_to" not in f["Prod~arm64_emulated_timer~1"]
assert f["Prod~emulated_timer~1"]["renamed_to"] == "Prod~arm64_emulated_timer~1"
for k in ["Prod~emulated_uart~1", "Prod~uart_v2~1", "Prod~schedulers~1", "Prod~aaa_first~1"]:
    assert "renamed_from" not in f[k] and "renamed_to" not in f[k], (k, f[k])
# presentation only: the pending states are as without renames
p = {x["id"]: x["pending"] for x in d["requirements"]}
assert p["Prod~emulated_timer~1"] == ["design"] and p["Prod~arm64_emulated_timer~1"] == ["design"], p
assert "Prod~emulated_timer~1 was renamed Prod~arm64_emulated_timer~1 on the product side; the design side still says Prod~emulated_timer~1" in f["Prod~arm64_emulated_timer~1"]["message"]
print("ok")
PY
if grep -qx ok "$tmp/py"; then ok "json: renamed_from / renamed_to on the renamed pair only"; else not_ok "json: $(cat "$tmp/py")"; fi
run "$r" audit
n=$(grep -c "^    renamed:   Prod~emulated_timer~1 was renamed Prod~arm64_emulated_timer~1 on the product side; the design side still says Prod~emulated_timer~1$" "$tmp/out" || true)
if [ "$n" = 2 ]; then ok "text: both findings say it"; else not_ok "text: both findings say it ($n)"; fi
run "$r" audit --format markdown
expect_out "(Prod\\~emulated\\_timer\\~1 was renamed Prod\\~arm64\\_emulated\\_timer\\~1 on the product side; the design side still says Prod\\~emulated\\_timer\\~1)" "markdown"
run "$r" audit --format html -o "$tmp/r.html"
expect_file_has "$tmp/r.html" "Prod~emulated_timer~1 was renamed Prod~arm64_emulated_timer~1 on the product side" "html"
run "$r" audit --format github
expect_out "(Prod~emulated_timer~1 was renamed Prod~arm64_emulated_timer~1 on the product side; the design side still says Prod~emulated_timer~1)" "github"

run "$r" explain Prod~arm64_emulated_timer~1
expect_status 0 "explain the new ID"
expect_out "renamed: Prod~emulated_timer~1 was renamed Prod~arm64_emulated_timer~1 on the product side; the design side still says Prod~emulated_timer~1 (see 'specsync explain Prod~emulated_timer~1')" "explain: the rename, first"
run "$r" explain Prod~emulated_timer~1
expect_out "(see 'specsync explain Prod~arm64_emulated_timer~1')" "explain the old ID: points to the new one"
run "$r" explain Prod~schedulers~1
expect_no_out "renamed:" "explain: no rename for an unrelated ID"

# a pull request that renames: check --base says it on both findings
run "$r" check --base HEAD~1 --head HEAD
expect_status 1 "check --base: the rename leaves the design side behind"
n=$(grep -c "^    renamed:   Prod~emulated_timer~1 was renamed Prod~arm64_emulated_timer~1 on the product side; the design side still says Prod~emulated_timer~1$" "$tmp/out" || true)
if [ "$n" = 2 ]; then ok "check text: both findings say it"; else not_ok "check text: both findings say it ($n)"; fi
run "$r" check --base HEAD~1 --head HEAD --format json
if grep -q '"requirement":"Prod~arm64_emulated_timer~1","status":"new".*"renamed_from":"Prod~emulated_timer~1","rename_kind":"renamed"' "$tmp/out"; then ok "check json: renamed_from on the new finding"; else not_ok "check json: renamed_from on the new finding"; fi

# the design side follows: nothing left of the timer
cd "$r"
sed -i 's/Prod~emulated_timer~1/Prod~arm64_emulated_timer~1/' design/timer.rst
commit chloe "design: follow the rename"
cd "$tmp"
run "$r" audit --format json
/usr/bin/python3 - "$tmp/out" >"$tmp/py" 2>&1 <<'PY' || true
import json, sys
d = json.load(open(sys.argv[1]))
open_ = sorted(x["requirement"] for x in d["findings"] if x["kind"] == "unsynced" and x["status"] == "open")
assert open_ == ["Prod~aaa_first~1", "Prod~console_history~1", "Prod~console_in~1", "Prod~console~1", "Prod~log_errors~1", "Prod~log_warnings~1", "Prod~logging~1", "Prod~schedulers~1", "Prod~uart_v2~1"], open_  # the design section changed: the UART one answered too
assert not any(("renamed_from" in x or "renamed_to" in x) and "timer" in x["requirement"] for x in d["findings"])
print("ok")
PY
if grep -qx ok "$tmp/py"; then ok "after the design side follows: no rename left"; else not_ok "followed: $(cat "$tmp/py")"; fi
finish
