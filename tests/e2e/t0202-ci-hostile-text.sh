#!/bin/sh
# End-to-end: text from the repository (role names, file paths, author
# names, commit summaries) that tries to break out of the CI formats:
# workflow commands (`::error::injected`, `%`, CR/LF, `,` and `:` in
# properties), XML (control characters, invalid UTF-8, `<`), Markdown and
# HTML (`<b>`, `@mention`, `|`, `$math$`). Asserts the exact escaped
# strings, that the only lines starting with `::` in the github output are
# specsync's own, and that every document stays valid.
set -eu
test_name=t0202
. "$(cd "$(dirname "$0")" && pwd)/ci-lib.sh"

# The Responsible of the functional side has a hostile display name.
hostile_config() {
	cat <<'YML'
version: 1
requirements:
  id: '\bREQ-[0-9]{3}\b'
sides:
  functional:
    paths: ["specs/functional/**/*.md"]
  technical:
    paths: ["specs/technical/**/*.md"]
roles:
  amoa:
    name: "Ops %0A,::error::injected\n::warning::role <b>@octocat</b> | $x$"
    members: ["Alice Martin <alice@example.org>"]
  amoe:
    name: "Engineering"
    members: ["Chloe Durand <chloe@example.org>"]
raci:
  - scope: "*"
    functional: { R: amoa, A: amoe }
    technical:  { R: amoe, A: amoe }
policy:
  unsynced: { technical: error, functional: error }
  out_of_role: warning
  invalid_ack: error
YML
}

comma_path='specs/technical/a,b:c%25 d.md'
nl_path=$(printf 'specs/technical/x\n::error::path.md')
# git keeps a path's bytes as they are (it re-encodes commit messages)
bad_path=$(printf 'specs/technical/t\001\377.md')

repo=$tmp/repo
mkdir -p "$repo/specs/functional" "$repo/specs/technical"
cd "$repo"
git init -q -b main .
git config core.autocrlf false
hostile_config >.specsync.yml
printf '# F\n\n## REQ-001 One\n\nfirst\n\n## REQ-002 Two\n\nsecond\n\n## REQ-003 Three\n\nthird\n' \
	>specs/functional/f.md
printf '# REQ-001\n\none\n' >"$comma_path"
printf '# REQ-002\n\ntwo\n' >"$nl_path"
printf '# REQ-003\n\nthree\n' >"$bad_path"
commit chloe "Specifications"
git checkout -q -b pr main
printf '# REQ-001\n\none, changed\n' >"$comma_path"
printf '# REQ-002\n\ntwo, changed\n' >"$nl_path"
commit chloe "Technical changes"
printf '# REQ-003\n\nthree, changed by someone outside the RACI\n' >"$bad_path"
MALLORY_NAME='Mallory %25 ::warning::name' commit mallory "$(printf '::error::injected %%0A, summary \001\033[31m red end')"
git checkout -q main
cd "$tmp"

all_formats "$repo" h --base main --head pr
expect_status 1 "hostile pull request (three one-sided changes)"

# ---- github -------------------------------------------------------------------
# Every line starting with "::" must be one of specsync's: an annotation
# whose properties hold no raw ':' or ',', or the group/stop-commands lines.
token=$(sed -n 's/^::stop-commands::\(specsync-[0-9a-f]\{32\}\)$/\1/p' "$tmp/h.gh")
bad=$(grep '^[[:space:]]*::' "$tmp/h.gh" |
	grep -Ev '^::(error|warning|notice) (file=[^:,]*,line=[0-9]+,)?title=[^:,]*::' |
	grep -Ev "^::(group::specsync report|stop-commands::$token|$token::|endgroup::)\$" || true)
if [ -n "$token" ] && [ -z "$bad" ]; then
	ok "github: every line starting with :: is specsync's own"
else
	not_ok "github: every line starting with :: is specsync's own (token '$token'; others: $bad)"
fi
if grep -q '##\[' "$tmp/h.gh" && ! sed -n "/^::stop-commands::/,/^::$token::\$/p" "$tmp/h.gh" | grep -q '##\['; then
	not_ok "github: no legacy ##[ command outside the stop-commands block"
else
	ok "github: no legacy ##[ command outside the stop-commands block"
fi
if [ "$(grep -c '^::error ' "$tmp/h.gh")" -eq 3 ] && [ "$(grep -c '^::warning ' "$tmp/h.gh")" -eq 1 ]; then
	ok "github: three error annotations and one warning"
else
	not_ok "github: three error annotations and one warning"
fi
expect_file_has "$tmp/h.gh" '::error file=specs/technical/a%2Cb%3Ac%2525 d.md,line=1,title=specsync%3A REQ-001%2C functional side not updated::' \
	"github: ',' ':' '%' escaped in the file property"
expect_file_has "$tmp/h.gh" '::error file=specs/technical/x%0A%3A%3Aerror%3A%3Apath.md,line=1,title=specsync%3A REQ-002%2C functional side not updated::' \
	"github: a newline in a path cannot end the property"
expect_file_has "$tmp/h.gh" 'Responsible: Ops %250A,::error::injected%0A::warning::role <b>@octocat</b> | $x$: Alice Martin <alice@example.org>.' \
	"github: '%' and LF escaped in the message, the rest as written"
expect_file_has "$tmp/h.gh" 'Mallory %2525 ::warning::name <mallory@example.org> changed the technical side of REQ-003' \
	"github: an author name is escaped like any text"
expect_file_has "$tmp/h.gh" 'Commit ' "github: the out-of-role annotation names the commit"
grep '^::warning ' "$tmp/h.gh" >"$tmp/h.warn"
expect_file_has "$tmp/h.warn" '"::error::injected %250A, summary ��[31m red end".' \
	"github: control characters of a summary become U+FFFD"
expect_file_has "$tmp/h.warn" '::warning file=specs/technical/t��.md,line=1,' \
	"github: control characters and invalid UTF-8 of a path become U+FFFD"
inside=$(sed -n "/^::stop-commands::/,/^::$token::\$/p" "$tmp/h.gh")
if printf '%s\n' "$inside" | grep -qF '> ::warning::role <b>@octocat</b>'; then
	ok "github: a report line that looks like a command is defused with '> '"
else
	not_ok "github: a report line that looks like a command is defused with '> '"
fi

# ---- sarif, junit, gitlab -------------------------------------------------------
ci_check sarif "$tmp/h.sarif" "$tmp/h.sarif.lines"
cat >"$tmp/want" <<'EOF'
unsynced error new REQ-001 specs/technical/a%2Cb%3Ac%2525%20d.md:1 related specs/functional/f.md:3
unsynced error new REQ-002 specs/technical/x%0A%3A%3Aerror%3A%3Apath.md:1 related specs/functional/f.md:7
unsynced error new REQ-003 specs/technical/t%01%FF.md:1 related specs/functional/f.md:11
out-of-role warning new REQ-003 specs/technical/t%01%FF.md:1
EOF
expect_same "$tmp/want" "$tmp/h.sarif.lines" "sarif: paths percent-encoded as relative URIs"

ci_check junit "$tmp/h.xml" "$tmp/h.xml.lines"
cat >"$tmp/want" <<'EOF'
REQ-001 functional/technical failure:unsynced
REQ-002 functional/technical failure:unsynced
REQ-003 functional/technical failure:unsynced out
EOF
expect_same "$tmp/want" "$tmp/h.xml.lines" "junit: well-formed despite control characters and invalid UTF-8"
expect_file_has "$tmp/h.xml" 'Responsible: Ops %0A,::error::injected
::warning::role &lt;b&gt;@octocat&lt;/b&gt; | $x$: Alice Martin &lt;alice@example.org&gt;.' \
	"junit: < > & escaped in text"
expect_file_lacks "$tmp/h.xml" ' file="' \
	"junit: no file attribute on test cases (junit-10.xsd rejects it), so no hostile path in one"
expect_file_has "$tmp/h.xml" '"::error::injected %0A, summary ��[31m red end"' \
	"junit: control characters become U+FFFD"

ci_check gitlab "$tmp/h.cq" "$tmp/h.cq.lines"
if $PY - "$tmp/h.cq" "$nl_path" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
paths = [i["location"]["path"] for i in d]
assert paths == ["specs/technical/a,b:c%25 d.md", sys.argv[2], "specs/technical/t\x01\ufffd.md",
                 "specs/technical/t\x01\ufffd.md"], paths
assert "summary \x01\x1b[31m red end" in d[3]["description"], d[3]["description"]
PY
	ok "gitlab: paths kept exactly; bad bytes as U+FFFD"
else
	not_ok "gitlab: paths kept exactly; bad bytes as U+FFFD"
fi

# ---- markdown -----------------------------------------------------------------
expect_file_has "$tmp/h.md" '| Ops %0A,::error::injected ::warning::role &lt;b&gt;&#64;octocat&lt;/b&gt; \| \$x\$: Alice Martin |' \
	"markdown: HTML, mention, table pipe and math escaped; newline as space"
expect_file_has "$tmp/h.md" '| **REQ-002** | technical (specs/technical/x ::error::path.md line 1) |' \
	"markdown: a newline in a path stays inside its table cell"
if grep -q '<b>' "$tmp/h.md" || grep -q '@octocat' "$tmp/h.md"; then
	not_ok "markdown: no raw <b> or @mention"
else
	ok "markdown: no raw <b> or @mention"
fi

finish
