#!/bin/sh
# Trust: acks.require_signature (issue 11, item 3). Authors and
# Co-authored-by lines are claims; with the option an acknowledgement
# counts only from a commit whose signature git verifies and whose signer
# (the principal of the allowed signers file read from the revision the
# rules came from) is a Responsible or Accountable of a lagging side.
# SSH signing keys are generated here: Pauline's (Accountable of the
# technical side) and Mallory's.
. "$(dirname "$0")/hooks-lib.sh"

command -v ssh-keygen >/dev/null || { echo "skip: no ssh-keygen"; exit 77; }
keys=$tmp/keys
mkdir -p "$keys"
ssh-keygen -q -t ed25519 -N '' -C pauline -f "$keys/pauline"
ssh-keygen -q -t ed25519 -N '' -C mallory -f "$keys/mallory"

r=$tmp/repo
new_repo "$r"
mkdir -p "$r/.specsync"
echo "pauline@example.org $(cat "$keys/pauline.pub")" >"$r/.specsync/allowed_signers"
cat >>"$r/.specsync.yml" <<'YML'
acks:
  require_signature: true
  allowed_signers: .specsync/allowed_signers
YML
git -C "$r" add -A
who pauline
run "$r" git commit -q -m "specsync: signed acknowledgements only"
base=$(head_of "$r")
git -C "$r" config gpg.format ssh

mallory() {
	export GIT_AUTHOR_NAME="Mallory" GIT_AUTHOR_EMAIL="mallory@evil.org" \
		GIT_COMMITTER_NAME="Mallory" GIT_COMMITTER_EMAIL="mallory@evil.org"
}

# branch NAME: a branch from the base where Alice drifts the functional side
branch() {
	git -C "$r" checkout -q -B "$1" "$base"
	func "$r" "Every customer receives one invoice per month ($1)."
	git -C "$r" add -A
	who alice
	run "$r" git commit -q -m "Invoices: $1"
}

# ack_commit KEY MESSAGE...: an empty commit, signed with KEY unless "none"
ack_commit() {
	key=$1
	shift
	if [ "$key" = none ]; then
		run "$r" git commit -q --allow-empty "$@"
	else
		run "$r" git -c user.signingkey="$keys/$key" commit -q -S --allow-empty "$@"
	fi
	[ "$status" -eq 0 ] || { cat "$tmp/out"; not_ok "commit made"; }
}

# verdict JSON-FILE: "<exit> <status of REQ-INV-001> <reasons of invalid acks>"
reasons() {
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
u = [f["status"] for f in d["findings"] if f["kind"] == "unsynced" and f["requirement"] == "REQ-INV-001"]
a = [f["message"] for f in d["findings"] if f["kind"] == "invalid-ack"]
print(" | ".join(u + a))' "$1"
}

# pauline_acks BRANCH KEY STATUS WHAT: on a new branch with Alice's drift,
# an ack commit authored by Pauline and signed with KEY ("none": unsigned),
# checked as a pull request: exit STATUS; $h is the ack's short id and
# $verdict the unsynced status and invalid-ack messages
pauline_acks() {
	branch "$1"
	who pauline
	ack_commit "$2" -m "Ack" -m "Sync-Ack: REQ-INV-001 no technical impact"
	h=$(head_of "$r" | cut -c1-12)
	run "$r" "$SPECSYNC" check --base main --format json
	expect_status "$3" "$4"
	verdict=$(reasons "$tmp/out" 2>/dev/null || echo "(no JSON document)")
}

# 1. signed by Pauline, the technical side's Accountable: counts
pauline_acks signed pauline 0 "an ack signed by the role member counts"
expect_same "$verdict" "" "nothing left, no invalid ack"

# 2. the same ack unsigned: refused, and says why
pauline_acks unsigned none 1 "an unsigned ack is refused"
expect_same "$verdict" "new | Pauline Roux <pauline@example.org> may not acknowledge REQ-INV-001: commit $h is not signed: with acks.require_signature an acknowledgement counts only from a signed commit" \
	"unsigned: invalid-ack with the reason"

# 3. Mallory claims to be Pauline (author) and signs with her own key: no
# allowed signer holds it
pauline_acks forged mallory 1 "an ack signed by mallory's key, claiming pauline, is refused"
expect_same "$verdict" "new | Pauline Roux <pauline@example.org> may not acknowledge REQ-INV-001: the signature of commit $h does not verify against an allowed signer (acks.require_signature)" \
	"forged: invalid-ack, the signature does not verify"

# 3b. the pull request adds mallory's key to the allowed signers as
# pauline@example.org: the file comes from the base, so it does not help
branch forged-signers
echo "pauline@example.org $(cat "$keys/mallory.pub")" >>"$r/.specsync/allowed_signers"
git -C "$r" add -A
mallory
run "$r" git commit -q -m "More signers"
ack_commit mallory -m "Ack" -m "Sync-Ack: REQ-INV-001 no technical impact"
run "$r" "$SPECSYNC" check --base main
expect_status 1 "the pull request's own allowed signers file does not count"

# 4. Co-authored-by: Pauline on a commit signed by Mallory, whose key is an
# allowed signer for her own address: never counts in this mode
git -C "$r" checkout -q main
echo "mallory@evil.org $(cat "$keys/mallory.pub")" >>"$r/.specsync/allowed_signers"
git -C "$r" add -A
who pauline
run "$r" git commit -q -m "Mallory signs too"
base=$(head_of "$r")
branch coauthor
mallory
ack_commit mallory -m "Ack" -m "Sync-Ack: REQ-INV-001 no technical impact
Co-authored-by: Pauline Roux <pauline@example.org>"
run "$r" "$SPECSYNC" check --base main --format json
expect_status 1 "Co-authored-by is ignored with require_signature"
expect_same "$(reasons "$tmp/out" 2>/dev/null || echo "(no JSON document)")" "new | Mallory may not acknowledge REQ-INV-001: commit signed by mallory@evil.org, who is not a Responsible or Accountable of a lagging side" \
	"coauthor: the signer is named"

# 5. the audit verifies too
run "$r" "$SPECSYNC" audit signed
expect_status 0 "audit: the signed ack counts"
run "$r" "$SPECSYNC" audit unsigned
expect_status 1 "audit: the unsigned one does not"
expect_has "is not signed: with acks.require_signature" "audit: says why"

# 5b. a server's pre-receive verifies in git's quarantine (the pushed
# objects are not in the repository yet): the signed ack is accepted, the
# unsigned one refused
server=$tmp/server.git
git init -q --bare "$server"
run "$server" "$SPECSYNC" hooks install
git -C "$r" push -q "$server" main
run "$r" git push "$server" unsigned:refs/heads/unsigned
expect_status 1 "pre-receive: the unsigned ack refused"
expect_has "is not signed: with acks.require_signature" "pre-receive: says why"
run "$r" git push "$server" signed:refs/heads/signed
expect_status 0 "pre-receive: the signed ack accepted"

# 6. lint: the allowed signers file must exist at the revision; a signer
# who holds no role is reported
git -C "$r" checkout -q main
run "$r" "$SPECSYNC" lint --format json
expect_status 0 "lint: warnings only"
/usr/bin/python3 - "$tmp/out" <<'PY' && ok "lint: mallory's key holds no role" || not_ok "lint: mallory's key holds no role"
import json, sys
d = json.load(open(sys.argv[1]))
f = [(x["rule"], x["level"], x["path"], x["line"], x["message"]) for x in d["findings"] if x["rule"].startswith("acks-")]
assert f == [("acks-signer-no-role", "warning", ".specsync/allowed_signers", 2,
              "the allowed signer mallory@evil.org holds no role: the acknowledgements it signs never count")], f
PY
git -C "$r" rm -q .specsync/allowed_signers
who pauline
run "$r" git commit -q -m "No signers"
run "$r" "$SPECSYNC" lint
expect_status 1 "lint: a missing allowed signers file is an error"
expect_has ".specsync.yml:24:1: error: acks.allowed_signers names .specsync/allowed_signers, which is not a regular file at $(head_of "$r" | cut -c1-12): no signature can be verified [acks-signers-missing]" \
	"lint: says where"
run "$r" "$SPECSYNC" audit signed
expect_status 2 "audit: an acknowledgement cannot be verified without the file"
expect_has "acks.allowed_signers: no file .specsync/allowed_signers in the work tree" "audit: says which file"
finish
