#!/bin/sh
# Digests and mails go to people, not addresses: a role member written
# with two addresses (one name) gets one digest part and one e-mail, to
# both addresses; names are printed as written ("Dupont, Jean", quoted in
# the configuration as mail clients write it, is neither quoted twice nor
# left with its quotes in the text); addresses keep their case.
. "$(dirname "$0")/reports-lib.sh"

repo=$tmp/repo
raci_repo "$repo" 'REQ-[0-9]{3}' <<'YML'
roles:
  amoa: { name: "Business", members: ["Alice Martin <alice@example.org>"] }
  amoe: { name: "Engineering", members: ['"Dupont, Jean" <Jean.Dupont@Example.org>', "Chloé Durand <Chloe.Durand@Example.org>"] }
  pm: { name: "Lead", members: ["Dupont, Jean <jdupont@Corp.example>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: pm }
    technical: { R: amoe, A: pm }
YML
printf '# REQ-001 Login\n\nPassword.\n' >func/login.md
printf '# Login (REQ-001)\n\nbcrypt.\n' >tech/login.md
commit alice "Login"
printf '# REQ-001 Login\n\nPasskey.\n' >func/login.md
commit alice "Passkeys"
cd "$tmp"
# REQ-001 lags on the technical side: Jean is Responsible (Engineering,
# as Jean.Dupont@Example.org) and Accountable (Lead, as jdupont@Corp.example).

run "$repo" audit --format digest
expect_status 1 "audit --format digest"
cp "$tmp/out" "$tmp/digest.txt"
if /usr/bin/python3 - "$tmp/digest.txt" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
heads = [b.partition("\n")[0] for b in text.split("\n\n")[1:]]
assert heads == ["Alice Martin <alice@example.org>",
                 "Chloé Durand <Chloe.Durand@Example.org>",
                 "Dupont, Jean <Jean.Dupont@Example.org>, <jdupont@Corp.example>"], heads
jean = text.split("\n\n")[3]
assert "you are Responsible (Engineering), Accountable (Lead)" in jean, jean
assert jean.count("  - REQ-001:") == 1, jean
PY
then ok "digest: one part for Jean with both addresses, names and addresses as written"
else not_ok "digest: one part for Jean with both addresses, names and addresses as written"; fi
expect_file_lacks "$tmp/digest.txt" '"Dupont' "digest: no quotes added or kept around names"
expect_file_lacks "$tmp/digest.txt" 'jean.dupont@example.org' "digest: no lower-cased address"

run "$repo" audit --format mbox -o "$tmp/d.mbox"
expect_status 1 "audit --format mbox"
if /usr/bin/python3 - "$tmp/d.mbox" <<'PY'
import email, email.policy, email.utils, mailbox, sys
box = mailbox.mbox(sys.argv[1])
msgs = [email.message_from_bytes(m.as_bytes(), policy=email.policy.default) for m in box]
to = [email.utils.getaddresses([str(m["To"])]) for m in msgs]
assert to == [[("Alice Martin", "alice@example.org")],
              [("Chloé Durand", "Chloe.Durand@Example.org")],
              [("Dupont, Jean", "Jean.Dupont@Example.org"), ("Dupont, Jean", "jdupont@Corp.example")]], to
jean = msgs[2].get_content()
assert jean.startswith("Hello Dupont, Jean,\n"), jean[:40]
assert '"' not in jean.partition("\n")[0]
assert "jean.dupont@example.org" not in jean and "jdupont@corp.example" not in jean
PY
then ok "mbox: one message per person, to all their addresses, names as written"
else not_ok "mbox: one message per person, to all their addresses, names as written"; fi
if grep -q '^To: "Dupont, Jean" <Jean.Dupont@Example.org>, "Dupont, Jean"$' "$tmp/d.mbox" &&
	! grep -q '\\"' "$tmp/d.mbox"; then
	ok "mbox: the name quoted once in the header, as RFC 5322 wants"
else
	not_ok "mbox: the name quoted once in the header, as RFC 5322 wants"
	grep '^To:' "$tmp/d.mbox" | sed 's/^/#   /'
fi

finish t0211
