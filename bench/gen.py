#!/usr/bin/env python3
"""Generates a large synthetic specsync repository, reproducibly from a seed.

Writes a `git fast-import` stream into a new repository:

  * N first-parent commits on `main` (the root commit included), most of
    them touching only code files under src/; the others edit the
    functional side (specs/functional/**/*.md), the technical side
    (specs/technical/**/*.md) or both, acknowledge requirements with
    `Sync-Ack: REQ-...` lines, add or retire requirements, rename spec
    files, or merge a short feature branch (--no-ff style, two parents);
  * M requirements over K spec files (about K/2 per side);
  * a `.specsync.yml` with roles and a RACI matrix, and a `.mailmap`.

The same arguments give the same repository, commit ids included (fixed
identities, dates and time zone). Only the standard library is used.

    python3 bench/gen.py --out DIR [--commits N] [--requirements M]
                         [--files K] [--code-files C] [--seed S]
"""

import argparse
import os
import random
import subprocess
import sys

DOMAINS = ["INV", "PAY", "CUS", "ORD", "TAX", "REP", "AUT", "NOT", "SHP", "CAT",
           "PRC", "DSC", "RET", "ACC", "AUD", "SUB", "CRM", "LOG", "SEC", "API"]

WORDS = ("the system shall invoice customer account payment reminder tax rate "
         "rounding ledger export report audit trail service batch nightly job "
         "queue retry timeout portal card refund discount order shipping "
         "catalogue price currency notification email template access role "
         "permission token session record archive retention period month "
         "year day week total line amount balance threshold limit event "
         "message schema field value status pending approved rejected").split()

AMOA = [("Alice Martin", "alice@example.org"), ("Bruno Petit", "bruno@example.org")]
AMOE = [("Chloe Durand", "chloe@example.org"), ("David Nguyen", "david@example.org")]
PM = ("Pauline Roux", "pauline@example.org")
SPONSOR = ("Sophie Laurent", "sophie@example.org")
LEAD = ("Lea Lead", "lead@example.org")  # in both sides' roles
DEVS = [("Dev %02d" % i, "dev%02d@example.org" % i) for i in range(1, 13)]
# Half of the developers belong to the engineering role (technical side).
DEVS_IN_AMOE = DEVS[:6]

CONFIG = """\
# Synthetic benchmark repository (bench/gen.py).
version: 1
requirements:
  id: '\\bREQ-[A-Z]{3}-[0-9]{4}\\b'
  ignore: ["REQ-XXX-*"]
sides:
  functional:
    paths: ["specs/functional/**/*.md"]
  technical:
    paths: ["specs/technical/**/*.md"]
roles:
  amoa:
    name: "AMOA - business analysts"
    members: [%(amoa)s]
  amoe:
    name: "AMOE - engineering"
    members: [%(amoe)s]
  pm: { name: "Project lead", members: ["%(pm)s"] }
  sponsor: { name: "Sponsor", members: ["%(sponsor)s"] }
raci:
  - scope: "*"
    functional: { R: amoa, A: sponsor, C: [amoe], I: [pm] }
    technical: { R: amoe, A: pm, C: [amoa], I: [sponsor] }
  - scope: "REQ-PAY-*"
    functional: { R: amoa, A: sponsor, C: [amoe, pm] }
    technical: { R: amoe, A: pm, C: [amoa], I: [sponsor, amoa] }
policy:
  unsynced: { technical: error, functional: warning }
  out_of_role: warning
  invalid_ack: warning
ack_trailer: Sync-Ack
"""


def person(p):
    return "%s <%s>" % p


class Gen:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.out = []
        self.size = 0
        self.mark = 0
        self.clock = 1420099200  # 2015-01-01 08:00 UTC
        self.stats = dict(commits=0, first_parent=0, merges=0, spec_commits=0,
                          acks=0, renames=0, retired=0, added=0)
        n_req, n_files = args.requirements, max(2, args.files)
        self.n_fun = max(1, n_files // 2)
        self.n_tech = max(1, n_files - self.n_fun)
        self.req_ids = ["REQ-%s-%04d" % (DOMAINS[i % len(DOMAINS)], i // len(DOMAINS) + 1)
                        for i in range(n_req)]
        # file paths per side; requirement -> file index per side
        self.paths = {
            "functional": ["specs/functional/area-%02d/%s-%03d.md"
                           % (j % 10, DOMAINS[j % len(DOMAINS)].lower(), j)
                           for j in range(self.n_fun)],
            "technical": ["specs/technical/component-%02d/design-%03d.md" % (j % 12, j)
                          for j in range(self.n_tech)],
        }
        self.home = {
            "functional": [i % self.n_fun for i in range(n_req)],
            "technical": [(i // 3 + i * 7) % self.n_tech for i in range(n_req)],
        }
        # file index -> ordered requirement indices present; section versions
        self.members = {s: [[] for _ in self.paths[s]] for s in self.paths}
        self.version = {}   # (req, side) -> int
        self.text_cache = {}
        self.owed = {"functional": [], "technical": []}  # reqs awaiting a side
        self.present = set()   # reqs present on the functional side
        self.code = ["src/mod%02d/file%03d.c" % (i % 50, i) for i in range(args.code_files)]
        self.code_ver = [0] * len(self.code)
        self.code_index = {p: i for i, p in enumerate(self.code)}
        self.msg_counter = 0

    # ---- stream helpers -------------------------------------------------------

    def emit(self, s):
        b = s.encode("utf-8") if isinstance(s, str) else s
        self.out.append(b)
        self.size += len(b)
        if self.size > (8 << 20):
            self.flush()

    def flush(self):
        if self.out:
            self.sink.write(b"".join(self.out))
            self.out = []
            self.size = 0

    def data(self, text):
        b = text.encode("utf-8")
        self.emit(b"data %d\n" % len(b))
        self.emit(b)
        self.emit(b"\n")

    def new_mark(self):
        self.mark += 1
        return self.mark

    # ---- content ---------------------------------------------------------------

    def words(self, rng, n):
        return " ".join(rng.choice(WORDS) for _ in range(n))

    def section(self, r, side):
        key = (r, side, self.version.get((r, side), 0))
        t = self.text_cache.get(key)
        if t is None:
            # no hash(): str hashes vary between runs
            rng = random.Random(((r * 2 + (side == "technical")) * 1000003 + key[2]) * 7919
                                + self.a.seed)
            rid = self.req_ids[r]
            title = self.words(rng, rng.randint(2, 5)).capitalize()
            if side == "functional":
                head = "## %s %s\n\n" % (rid, title)
            else:
                head = "## %s (%s)\n\n" % (title, rid)
            lines = []
            for _ in range(rng.randint(2, 5)):
                lines.append(self.words(rng, rng.randint(8, 13)) + ".")
            body = "\n".join(lines) + "\n"
            if rng.random() < 0.05:  # a cross-reference to a neighbour
                other = self.req_ids[(r + 1) % len(self.req_ids)]
                body += "\nSee also %s.\n" % other
            t = head + body
            if len(self.text_cache) > 200000:
                self.text_cache.clear()
            self.text_cache[key] = t
        return t

    def file_text(self, side, j):
        path = self.paths[side][j]
        title = os.path.splitext(os.path.basename(path))[0]
        kind = "Functional" if side == "functional" else "Technical"
        parts = ["# %s specification: %s\n\n" % (kind, title),
                 "Requirement identifiers look like REQ-XXX-0000.\n\n"]
        for r in self.members[side][j]:
            parts.append(self.section(r, side))
            parts.append("\n")
        return "".join(parts)

    def code_text(self, i):
        v = self.code_ver[i]
        return ("/* %s */\n#include \"common.h\"\n\nint f%d_v%d(int x)\n{\n\treturn x + %d;\n}\n"
                % (self.code[i], i, v, v))

    def message(self, subject, body_lines=None):
        rng = self.rng
        lines = [subject]
        n = rng.choice([0, 0, 1, 2, 3, 5]) if body_lines is None else body_lines
        if n:
            lines.append("")
            for _ in range(n):
                lines.append(self.words(rng, rng.randint(6, 11)))
        return "\n".join(lines) + "\n"

    # ---- commits ----------------------------------------------------------------

    def commit(self, ref, author, msg, changes, parent_mark=None, merge_mark=None):
        """changes: list of (path, text or None for deletion)."""
        m = self.new_mark()
        self.clock += self.rng.randint(300, 4200)
        who = person(author)
        self.emit("commit %s\nmark :%d\n" % (ref, m))
        self.emit("author %s %d +0100\ncommitter %s %d +0100\n" % (who, self.clock, who, self.clock))
        self.data(msg)
        if parent_mark is not None:
            self.emit("from :%d\n" % parent_mark)
        if merge_mark is not None:
            self.emit("merge :%d\n" % merge_mark)
        for path, text in changes:
            if text is None:
                self.emit("D %s\n" % path)
            else:
                self.emit("M 100644 inline %s\n" % path)
                self.data(text)
        self.emit("\n")
        self.stats["commits"] += 1
        return m

    def code_change(self, k=None):
        k = k or self.rng.choice([1, 1, 1, 2, 2, 3])
        out = []
        for i in self.rng.sample(range(len(self.code)), k):
            self.code_ver[i] += 1
            out.append((self.code[i], self.code_text(i)))
        return out

    def bump(self, r, side):
        self.version[(r, side)] = self.version.get((r, side), 0) + 1

    def spec_edit(self, side, reqs):
        """Edits (or adds) requirements `reqs` on `side`; returns changes."""
        files = {}
        for r in reqs:
            j = self.home[side][r]
            if r not in self.members[side][j]:
                self.members[side][j].append(r)
            self.bump(r, side)
            files[j] = True
        return [(self.paths[side][j], self.file_text(side, j)) for j in sorted(files)]

    def pick_present(self, k):
        pool = self.present_list()
        if not pool:
            return []
        return self.rng.sample(pool, min(k, len(pool)))

    def present_list(self):
        if getattr(self, "_plist_dirty", True):
            self._plist = sorted(self.present)
            self._plist_dirty = False
        return self._plist

    def pick_in_one_file(self, side, k):
        """Up to k present requirements sharing one file of `side`."""
        for _ in range(8):
            j = self.rng.randrange(len(self.paths[side]))
            pool = [r for r in self.members[side][j] if r in self.present]
            if pool:
                return self.rng.sample(pool, min(k, len(pool)))
        return self.pick_present(1)

    def take_owed(self, side):
        q = self.owed[side]
        while q:
            r = q.pop(0) if self.rng.random() < 0.7 else q.pop(self.rng.randrange(len(q)))
            if r in self.present:
                return r
        return None

    def kind_commit(self, ref, parent=None):
        """One ordinary (non-merge) commit of a random kind; returns (mark, spec?)."""
        rng = self.rng
        x = rng.random()
        self.msg_counter += 1
        pr = self.a.prof
        if x < pr["code"] or not self.present:
            author = rng.choice(DEVS + AMOE)
            return self.commit(ref, author, self.message("src: change %d" % self.msg_counter),
                               self.code_change(), parent), False
        x = rng.random()
        if x < 0.33:  # functional one-sided edit
            reqs = self.pick_in_one_file("functional", rng.choice(pr["fun_reqs"]))
            if rng.random() < 0.3:
                r = self.take_owed("functional")
                reqs = [r] if r is not None else reqs
            author = rng.choice(AMOA) if rng.random() < pr["fun_in_role"] \
                else rng.choice([SPONSOR] + DEVS)
            ch = self.spec_edit("functional", reqs)
            for r in reqs:
                self.owed["technical"].append(r)
            msg = self.message("Functional spec: update %s" % ", ".join(self.req_ids[r] for r in reqs))
        elif x < 0.63:  # technical edit, mostly a response
            r = self.take_owed("technical") if rng.random() < 0.7 else None
            reqs = [r] if r is not None else self.pick_in_one_file("technical",
                                                                   rng.choice(pr["tech_reqs"]))
            author = rng.choice(AMOE + DEVS_IN_AMOE) if rng.random() < pr["tech_in_role"] \
                else rng.choice([PM] + DEVS)
            ch = self.spec_edit("technical", reqs)
            if r is None:
                self.owed["functional"].extend(reqs)
            msg = self.message("Technical spec: %s" % ", ".join(self.req_ids[q] for q in reqs))
            ch += self.code_change(1) if rng.random() < 0.5 else []
        elif x < 0.78:  # co-edit: both sides in one commit
            reqs = self.pick_in_one_file("functional", rng.choice(pr["both_reqs"]))
            author = LEAD if rng.random() < pr["both_lead"] else rng.choice([PM] + AMOA + AMOE)
            ch = self.spec_edit("functional", reqs) + self.spec_edit("technical", reqs)
            msg = self.message("Specs: %s on both sides" % ", ".join(self.req_ids[q] for q in reqs))
        elif x < 0.90:  # acknowledgement in a code commit
            side = rng.choice(["technical", "functional"])
            r = self.take_owed(side)
            if r is None:
                r = self.pick_present(1)[0]
            ok = rng.random() < 0.8
            author = (rng.choice(AMOE) if side == "technical" else rng.choice(AMOA)) if ok \
                else rng.choice(DEVS[6:])
            msg = self.message("Chore %d" % self.msg_counter, 1)
            msg += "\nSync-Ack: %s no %s change needed\n" % (self.req_ids[r], side)
            self.stats["acks"] += 1
            return self.commit(ref, author, msg, self.code_change(1), parent), False
        elif x < 0.95:  # new requirements, functional first
            fresh = [r for r in range(len(self.req_ids)) if r not in self.present]
            if not fresh:
                return self.kind_commit(ref, parent)
            reqs = fresh[:rng.choice([1, 2, 3])]
            for r in reqs:
                self.present.add(r)
                self.owed["technical"].append(r)
            self._plist_dirty = True
            self.stats["added"] += len(reqs)
            author = rng.choice(AMOA)
            ch = self.spec_edit("functional", reqs)
            msg = self.message("Functional spec: new %s" % ", ".join(self.req_ids[q] for q in reqs))
        elif x < 0.98:  # retire a requirement on both sides
            r = self.pick_present(1)[0]
            ch = []
            for side in ("functional", "technical"):
                j = self.home[side][r]
                if r in self.members[side][j]:
                    self.members[side][j].remove(r)
                    ch.append((self.paths[side][j], self.file_text(side, j)))
            self.present.discard(r)
            self._plist_dirty = True
            self.stats["retired"] += 1
            author = LEAD
            msg = self.message("Retire %s" % self.req_ids[r])
        else:  # rename a spec file
            side = rng.choice(["functional", "technical"])
            j = rng.randrange(len(self.paths[side]))
            old = self.paths[side][j]
            base, ext = os.path.splitext(old)
            new = base.rsplit("-r", 1)[0] + "-r%d" % self.msg_counter + ext
            text = self.file_text(side, j)
            self.paths[side][j] = new
            ch = [(old, None), (new, text)]
            author = rng.choice(AMOA if side == "functional" else AMOE)
            msg = self.message("Rename %s" % os.path.basename(old))
            self.stats["renames"] += 1
        return self.commit(ref, author, msg, ch, parent), True

    def merge(self, tip):
        """A feature branch of 1-4 commits from `tip`, merged --no-ff."""
        rng = self.rng
        self.msg_counter += 1
        name = "feature/topic-%d" % self.msg_counter
        ref = "refs/heads/" + name
        mark = tip
        spec = False
        touched = set()
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            mark, s = self.kind_commit(ref, mark)
            spec |= s
            for p, _t in self.last_changes:
                touched.add(p)
        # main may have moved on by one code-only commit meanwhile
        fp = tip
        if rng.random() < 0.3:
            i = rng.randrange(len(self.code))
            while self.code[i] in touched:
                i = rng.randrange(len(self.code))
            self.code_ver[i] += 1
            fp = self.commit("refs/heads/main", rng.choice(DEVS),
                             self.message("src: hotfix %d" % self.msg_counter),
                             [(self.code[i], self.code_text(i))], tip)
            self.stats["first_parent"] += 1
        changes = self.current_contents(touched)
        who = rng.choice([PM] + AMOE)
        msg = "Merge branch '%s'\n" % name
        if rng.random() < 0.05 and self.owed["technical"]:
            r = self.take_owed("technical")
            if r is not None:
                msg += "\nSync-Ack: %s reviewed in the branch\n" % self.req_ids[r]
                self.stats["acks"] += 1
        m = self.commit("refs/heads/main", who, msg, changes, fp, mark)
        self.emit("reset %s\nfrom 0000000000000000000000000000000000000000\n\n" % ref)
        self.stats["merges"] += 1
        self.stats["first_parent"] += 1
        if spec:
            self.stats["spec_commits"] += 1
        return m

    def current_contents(self, paths):
        """(path, text) for the current content of `paths` (None: deleted)."""
        live = {}
        for side in self.paths:
            for j, p in enumerate(self.paths[side]):
                live[p] = (side, j)
        code_index = self.code_index
        out = []
        for p in sorted(paths):
            if p in live:
                out.append((p, self.file_text(*live[p])))
            elif p in code_index:
                out.append((p, self.code_text(code_index[p])))
            else:
                out.append((p, None))
        return out

    def run(self, sink):
        self.sink = sink
        a = self.a
        self.emit("feature done\n")
        # root: configuration, code, and a first share of the requirements
        initial = int(len(self.req_ids) * 0.6)
        for r in range(initial):
            self.present.add(r)
            for side in ("functional", "technical"):
                self.members[side][self.home[side][r]].append(r)
        ch = [(".specsync.yml", CONFIG % dict(
                   amoa=", ".join('"%s"' % person(p) for p in AMOA + [LEAD]),
                   amoe=", ".join('"%s"' % person(p) for p in AMOE + DEVS_IN_AMOE + [LEAD]),
                   pm=person(PM), sponsor=person(SPONSOR))),
              (".mailmap", "Chloe Durand <chloe@example.org> <chloe.durand@gmail.com>\n"),
              ("README.md", "# Synthetic benchmark project\n")]
        ch += [(p, self.code_text(i)) for i, p in enumerate(self.code)]
        for side in ("functional", "technical"):
            ch += [(self.paths[side][j], self.file_text(side, j)) for j in range(len(self.paths[side]))]
        tip = self.commit("refs/heads/main", LEAD, "Initial import of the specifications\n", ch)
        self.stats["first_parent"] = 1
        self.stats["spec_commits"] = 1
        # wrap commit() to remember the last change list (for branches)
        orig = self.commit

        def remembering(ref, author, msg, changes, parent_mark=None, merge_mark=None):
            self.last_changes = changes
            return orig(ref, author, msg, changes, parent_mark, merge_mark)
        self.commit = remembering
        while self.stats["first_parent"] < a.commits:
            if a.commits - self.stats["first_parent"] >= 2 and self.rng.random() < a.merge_rate:
                tip = self.merge(tip)
                continue
            tip, spec = self.kind_commit("refs/heads/main", tip)
            self.stats["first_parent"] += 1
            if spec:
                self.stats["spec_commits"] += 1
        self.emit("done\n")
        self.flush()


# Profiles: the shares that shape a history. "default" is the original
# generator (its repositories are unchanged); "dense" is the shape of a
# project with much more specification activity: a third of the commits
# touch the specifications, edits span more requirements, a third of them
# are made outside the author's role (many out-of-role findings), and one
# first-parent commit in eight merges a branch.
PROFILES = {
    "default": dict(code=0.86, fun_reqs=[1, 1, 2, 3], fun_in_role=0.95, tech_reqs=[1, 2],
                    tech_in_role=0.93, both_reqs=[1, 2], both_lead=0.8, merge_rate=0.05),
    "dense": dict(code=0.6, fun_reqs=[1, 2, 3, 4, 6, 8], fun_in_role=0.6,
                  tech_reqs=[1, 2, 3, 5], tech_in_role=0.6, both_reqs=[1, 2, 4],
                  both_lead=0.5, merge_rate=0.12),
}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="repository to create (must not exist)")
    p.add_argument("--commits", type=int, default=10000, help="first-parent commits")
    p.add_argument("--requirements", type=int, default=500)
    p.add_argument("--files", type=int, default=50, help="spec files, both sides together")
    p.add_argument("--code-files", type=int, default=1500)
    p.add_argument("--profile", choices=sorted(PROFILES), default="default",
                   help="shape of the history (see PROFILES)")
    p.add_argument("--merge-rate", type=float, default=None,
                   help="share of first-parent commits that merge a feature branch "
                   "(default: the profile's)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--stream", action="store_true",
                   help="write the fast-import stream to standard output instead")
    a = p.parse_args()
    a.prof = PROFILES[a.profile]
    if a.merge_rate is None:
        a.merge_rate = a.prof["merge_rate"]
    if a.commits < 1 or a.requirements < 1 or a.files < 2 or a.code_files < 4:
        p.error("need --commits >= 1, --requirements >= 1, --files >= 2, --code-files >= 4")
    g = Gen(a)
    if a.stream:
        g.run(sys.stdout.buffer)
        print(g.stats, file=sys.stderr)
        return 0
    if os.path.exists(a.out):
        p.error("%s already exists" % a.out)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", a.out], check=True, env=env)
    fi = subprocess.Popen(["git", "-C", a.out, "fast-import", "--quiet"],
                          stdin=subprocess.PIPE, env=env)
    g.run(fi.stdin)
    fi.stdin.close()
    if fi.wait() != 0:
        return 1
    subprocess.run(["git", "-C", a.out, "reset", "-q", "--hard", "main"], check=True, env=env)
    subprocess.run(["git", "-C", a.out, "config", "user.name", "Bench"], check=True)
    subprocess.run(["git", "-C", a.out, "config", "user.email", "bench@example.org"], check=True)
    s = g.stats
    print("gen: %(first_parent)d first-parent commits (%(commits)d in all, %(merges)d merges), "
          "%(spec_commits)d touching specs, %(acks)d acknowledgements, %(added)d requirements "
          "added, %(retired)d retired, %(renames)d renames" % s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
