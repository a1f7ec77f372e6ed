#!/bin/sh
# Trust: a push may not change who is who (issue 11, item 2), on a server
# with specsync's pre-receive hook.
#
# The attack as reported: Mallory pushes a .mailmap mapping her address to
# Pauline Roux (Accountable of the technical side) first (it touches no
# spec), then a forged `Sync-Ack:` for a drift Alice left. Both pushes
# passed. The identities come from the server's HEAD, so the second push
# only works if the first one lands: the first is now refused, and the
# second, pushed anyway, too. Pauline may add her own address, and an
# Accountable anyone's. In one push both commits were already refused; so
# they still are. A pushed allowed signers file is guarded the same way.
. "$(dirname "$0")/hooks-lib.sh"

mallory() {
	export GIT_AUTHOR_NAME="Mallory" GIT_AUTHOR_EMAIL="mallory@evil.org" \
		GIT_COMMITTER_NAME="Mallory" GIT_COMMITTER_EMAIL="mallory@evil.org"
}

server=$tmp/server.git
git init -q --bare "$server"
run "$server" "$SPECSYNC" hooks install
expect_status 0 "pre-receive installed"
c=$tmp/clone
new_repo "$c"
git -C "$c" remote add origin "$server"
run "$c" git push -q origin main
expect_status 0 "first push"

# Alice's drift, acknowledged by nobody yet: kept aside
func "$c" "Every customer receives one invoice per week."
git -C "$c" add -A
who alice
run "$c" git commit -q -m "Invoices: weekly"
drift=$(head_of "$c")
git -C "$c" reset -q --hard HEAD~1

# ---- push 1: the .mailmap alone ---------------------------------------------
printf 'Pauline Roux <pauline@example.org> <mallory@evil.org>\n' >"$c/.mailmap"
git -C "$c" add .mailmap
mallory
run "$c" git commit -q -m "Add a mailmap"
mailmap_commit=$(head_of "$c" | cut -c1-12)
run "$c" git push origin main
expect_status 1 "push 1 (a .mailmap making mallory pauline) refused"
expect_has "remote:   .mailmap Mallory <mallory@evil.org> changes who is who: .mailmap gains \"Pauline Roux <pauline@example.org> <mallory@evil.org>\", which names pauline@example.org, a role member; in a push or a pull request only that person or an Accountable may (refused whatever the policy)  [error]" \
	"push 1: says why"
expect_has "(pre-receive hook declined)" "push 1: git reports the refusal"

# ---- push 2: the forged ack on top, pushed anyway ---------------------------------
git -C "$c" cherry-pick "$drift" >/dev/null
run "$c" git commit -q --allow-empty -m "Ack" -m "Sync-Ack: REQ-INV-001 no technical impact"
run "$c" git push origin main
expect_status 1 "push 2 (mailmap + drift + forged ack in one push) refused"
expect_has "remote:   REQ-INV-001 Mallory <mallory@evil.org> may not acknowledge REQ-INV-001" \
	"push 2: the ack is mallory's, not pauline's"

# ---- the same .mailmap line by Pauline herself is accepted ---------------------
git -C "$c" reset -q --hard origin/main
printf 'Pauline Roux <pauline@example.org> <pauline@laptop.local>\n' >"$c/.mailmap"
git -C "$c" add .mailmap
who pauline
run "$c" git commit -q -m "My laptop's address"
run "$c" git push origin main
expect_status 0 "pauline maps her own second address"
# ... and by an Accountable (Sophie, of the functional side) for someone else
printf 'Alice Martin <alice@example.org> <alice@old.example.org>\n' >>"$c/.mailmap"
git -C "$c" add .mailmap
who sophie
run "$c" git commit -q -m "Alice's old address"
run "$c" git push origin main
expect_status 0 "an Accountable maps a member's address"
# a line naming no role member is nobody's business
printf 'Bob <bob@example.org> <bob@old.example.org>\n' >>"$c/.mailmap"
git -C "$c" add .mailmap
mallory
run "$c" git commit -q -m "Bob's address"
run "$c" git push origin main
expect_status 0 "a line naming no role member is accepted from anyone"

# ---- the allowed signers file is guarded the same way ---------------------------
mkdir -p "$c/.specsync"
echo "pauline@example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPaulinePaulinePaulinePaulinePaulinePauline" \
	>"$c/.specsync/allowed_signers"
cat >>"$c/.specsync.yml" <<'YML'
acks:
  allowed_signers: .specsync/allowed_signers
YML
git -C "$c" add -A
who pauline
run "$c" git commit -q -m "specsync: allowed signers"
run "$c" git push origin main
expect_status 0 "pauline adds her own key"
echo "pauline@example.org,mallory@evil.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMalloryMalloryMalloryMalloryMalloryMalloryMal" \
	>>"$c/.specsync/allowed_signers"
git -C "$c" add -A
mallory
run "$c" git commit -q -m "More signers"
run "$c" git push origin main
expect_status 1 "mallory's key for pauline@example.org refused"
expect_has "remote:   .specsync/allowed_signers Mallory <mallory@evil.org> changes who is who: .specsync/allowed_signers gains" \
	"the signers file is named"

# ---- the same guard in pull requests --------------------------------------------------
git -C "$c" reset -q --hard origin/main
git -C "$c" checkout -q -b pr
printf 'Pauline Roux <pauline@example.org> <mallory@evil.org>\n' >>"$c/.mailmap"
git -C "$c" add -A
mallory
run "$c" git commit -q -m "Add a mailmap"
run "$c" "$SPECSYNC" check --base main --format json
expect_status 1 "check --base: the pull request's .mailmap change refused"
/usr/bin/python3 - "$tmp/out" <<'PY' && ok "json: an invalid-ack named .mailmap at level error" || not_ok "json: an invalid-ack named .mailmap at level error"
import json, sys
d = json.load(open(sys.argv[1]))
f = [(x["kind"], x["requirement"], x["level"], x["author"]) for x in d["findings"]]
assert f == [("invalid-ack", ".mailmap", "error", "Mallory <mallory@evil.org>")], f
PY
finish
