#!/bin/sh
# End-to-end: `audit --format digest` (what each person must do or should
# know) and `--format mbox` (the same as one e-mail per person), the mbox
# read back with Python's mailbox and email modules: headers, RFC 2047
# names and subjects, UTF-8 bodies, unique Message-IDs, the sender from
# $EMAIL.
. "$(dirname "$0")/reports-lib.sh"

repo=$tmp/repo
raci_repo "$repo" '(?:REQ|EXIGÉ)-[0-9]{3}' <<'YML'
roles:
  amoa: { name: "Métier", members: ["Alice Martin <alice@example.org>"] }
  amoe: { name: "Engineering", members: ["Chloé Durand <chloe@example.org>", "dev@example.org"] }
  pm: { name: "Lead", members: ["Pauline Roux <pauline@example.org>"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: pm, C: [amoe] }
    technical: { R: amoe, A: pm, I: [amoa] }
YML
printf '# REQ-001 Login\n\nPassword.\n\n# EXIGÉ-002 Logout\n\nBye.\n' >func/login.md
printf '# Login (REQ-001)\n\nbcrypt.\n\n# Logout (EXIGÉ-002)\n\nCleared.\n' >tech/login.md
commit alice "Login and logout"
printf '# REQ-001 Login\n\nPasskey.\n\n# EXIGÉ-002 Logout\n\nBye now.\n' >func/login.md
commit alice "Passkeys; logout wording"
printf '# Login (REQ-001)\n\nbcrypt.\n\n# Logout (EXIGÉ-002)\n\nCleared, and the token revoked.\n' >tech/login.md
commit_as "Mallory" mallory@example.org "From the meeting: revoke tokens"
cd "$tmp"
# Now: REQ-001 lags on the technical side (Chloé and dev@ must act, Pauline is
# Accountable, Alice informed); EXIGÉ-002 was caught up by Mallory, who is not
# in the technical side's roles: an out-of-role edit.

# ---- digest -----------------------------------------------------------------
run "$repo" audit --format digest
expect_status 1 "audit --format digest (an open error)"
if python3 - "$tmp/out" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = {}
for block in text.split("\n\n")[1:]:
    head, _, body = block.partition("\n")
    parts[head] = body
assert list(parts) == ["Alice Martin <alice@example.org>", "Chloé Durand <chloe@example.org>",
                       "Mallory <mallory@example.org>", "Pauline Roux <pauline@example.org>",
                       "dev@example.org"], list(parts)
chloe = parts["Chloé Durand <chloe@example.org>"]
assert chloe.startswith("================================\nTo do, as Responsible or Accountable of the side that lags (1):\n"
                        "  - REQ-001: update the technical side at tech/login.md:1  [error]\n"), chloe
assert "you are Responsible (Engineering)" in chloe
assert "you are Accountable (Lead)" in parts["Pauline Roux <pauline@example.org>"]
alice = parts["Alice Martin <alice@example.org>"]
assert "To do" not in alice and "To know, as Consulted or Informed (1):\n  - REQ-001: the technical side must catch up" in alice, alice
assert "you are Informed (Métier)" in alice
mallory = parts["Mallory <mallory@example.org>"]
assert "Your own edits and acknowledgements (1):\n  - EXIGÉ-002: out-of-role edit in" in mallory, mallory
PY
then ok "digest: one part per person, to do, to know, own edits"; else not_ok "digest: one part per person, to do, to know, own edits"; fi

# ---- mbox -------------------------------------------------------------------------
check_mbox() { # FILE EXPECTED-FROM
	python3 - "$1" "$2" <<'PY'
import email, email.policy, mailbox, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"From "), raw[:40]
for line in raw.split(b"\n"):
    assert len(line) <= 998
box = mailbox.mbox(sys.argv[1])
msgs = [email.message_from_bytes(m.as_bytes(), policy=email.policy.default) for m in box]
to = [str(m["To"]) for m in msgs]
assert to == ["Alice Martin <alice@example.org>", "Chloé Durand <chloe@example.org>",
              "Mallory <mallory@example.org>", "Pauline Roux <pauline@example.org>",
              "dev@example.org"], to
ids = set()
for m in msgs:
    assert str(m["From"]) == sys.argv[2], m["From"]
    for h in ("Date", "Message-ID", "Subject"):
        assert m[h], h
    assert m["MIME-Version"] == "1.0"
    assert m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8"
    assert m["Content-Transfer-Encoding"] == "8bit"
    assert m["Date"].datetime is not None
    ids.add(str(m["Message-ID"]))
    body = m.get_content()
    assert body.startswith("Hello"), body[:40]
assert len(ids) == len(msgs), "unique Message-IDs"
chloe = msgs[1]
assert str(chloe["Subject"]) == "[specsync] 1 requirement waits for your update (REQ-001)", chloe["Subject"]
assert b"=?UTF-8?B?" in raw, "non-ASCII names are encoded words"
assert "Hello Chloé Durand," in chloe.get_content()
assert "  - REQ-001: update the technical side at tech/login.md:1  [error]" in chloe.get_content()
mallory = msgs[2]
assert str(mallory["Subject"]) == "[specsync] 1 of your edits needs attention (EXIGÉ-002)", mallory["Subject"]
assert "From the meeting" in mallory.get_content()
PY
}

run "$repo" audit --format mbox -o "$tmp/digest.mbox"
expect_status 1 "audit --format mbox -o FILE"
if check_mbox "$tmp/digest.mbox" "specsync <noreply@localhost>"; then ok "mbox: messages, headers, encodings (default sender)"; else not_ok "mbox: messages, headers, encodings (default sender)"; fi
if grep -q '^Subject: =?UTF-8?B?' "$tmp/digest.mbox"; then ok "mbox: a non-ASCII subject is an encoded word"; else not_ok "mbox: a non-ASCII subject is an encoded word"; fi

export EMAIL="Pauline Roux <pauline@example.org>"
run "$repo" audit --format mbox -o "$tmp/digest2.mbox"
unset EMAIL
if check_mbox "$tmp/digest2.mbox" "Pauline Roux <pauline@example.org>"; then ok "mbox: the sender from \$EMAIL"; else not_ok "mbox: the sender from \$EMAIL"; fi
if head -1 "$tmp/digest2.mbox" | grep -Eq '^From pauline@example\.org [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}$'; then
	ok "mbox: the separator line"
else
	not_ok "mbox: the separator line"
fi

export EMAIL="not an address"
run "$repo" audit --format mbox -o "$tmp/digest3.mbox"
unset EMAIL
if check_mbox "$tmp/digest3.mbox" "specsync <noreply@localhost>"; then ok "mbox: an unusable \$EMAIL falls back to the default"; else not_ok "mbox: an unusable \$EMAIL falls back to the default"; fi

finish t0302
