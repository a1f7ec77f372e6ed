#!/usr/bin/env python3
"""Generates a repository where source code is one side, reproducibly.

The shape of a project that tags its code with requirement IDs in comments
(OpenFastTrace style): the functional side is Markdown (docs/spec/*.md, one
heading per requirement, IDs such as `SPEC-0123`), the technical side is C
code (src/**/*.c) whose functions carry a tag comment `/* [impl->SPEC-0123] */`
and are split into sections on those comments (`section_start`). Most code
commits come from contributors outside the engineering role, so most of
them are out-of-role edits and leave the functional side lagging.

Written through `git fast-import` with fixed identities and dates: the same
arguments give the same commit ids. Only the standard library is used.

    python3 gen-code-side.py --out DIR [--commits N] [--requirements M]
                             [--code-files C] [--seed S]
"""

import argparse
import random
import subprocess

WORDS = ("the service shall parse validate export import report trace link "
         "item artifact coverage tag file line token cache index option "
         "command output format error warning status value field record").split()

SPEC_OWNERS = [("Alice Martin", "alice@example.org"), ("Bruno Petit", "bruno@example.org")]
ENGINEERS = [("Chloe Durand", "chloe@example.org"), ("David Nguyen", "david@example.org")]
OUTSIDERS = [("Contributor %02d" % i, "contrib%02d@example.org" % i) for i in range(1, 31)]

CONFIG = """\
# Code is the technical side: requirement IDs in comments, one section per
# tagged function (tests/e2e/gen-code-side.py).
version: 1
requirements:
  id: '\\bSPEC-[0-9]{4}\\b'
sides:
  functional:
    paths: ["docs/spec/*.md"]
    attribution: defines
  technical:
    paths: ["src/**/*.c"]
    section_start: '^/\\* \\[impl->'
roles:
  analysts: { name: "Analysts", members: ["alice@example.org", "bruno@example.org"] }
  engineers: { name: "Engineers", members: ["chloe@example.org", "david@example.org"] }
  lead: { name: "Project lead", members: ["lead@example.org"] }
raci:
  - scope: "*"
    functional: { R: analysts, A: lead, C: [engineers] }
    technical: { R: engineers, A: lead, C: [analysts] }
policy:
  unsynced: { technical: error, functional: warning }
  out_of_role: warning
  invalid_ack: warning
"""


class Gen:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.clock = 1577865600  # 2020-01-01 08:00 UTC
        self.mark = 0
        self.ids = ["SPEC-%04d" % (i + 1) for i in range(a.requirements)]
        n_docs = max(1, a.requirements // 20)
        self.docs = ["docs/spec/area-%02d.md" % j for j in range(n_docs)]
        self.doc_of = [i * n_docs // a.requirements for i in range(a.requirements)]
        self.spec_ver = [0] * a.requirements
        self.code = ["src/mod%02d/unit%03d.c" % (i % 12, i) for i in range(a.code_files)]
        # each code file: a list of functions [requirement, version]
        self.funcs = [[] for _ in self.code]
        for r in range(a.requirements):
            for _ in range(1 + (r % 3 == 0)):
                f = self.rng.randrange(len(self.code))
                self.funcs[f].append([r, 0])
        self.blobs = []

    def words(self, rng, n):
        return " ".join(rng.choice(WORDS) for _ in range(n))

    def doc_text(self, j):
        parts = ["# Specification, area %d\n\n" % j]
        for r, d in enumerate(self.doc_of):
            if d != j:
                continue
            rng = random.Random(r * 7919 + self.spec_ver[r] * 104729 + self.a.seed)
            parts.append("## %s %s\n\n" % (self.ids[r], self.words(rng, 3).capitalize()))
            for _ in range(3):
                parts.append(self.words(rng, 12).capitalize() + ".\n")
            parts.append("\n")
        return "".join(parts)

    def code_text(self, i):
        parts = ["/* %s */\n#include <stddef.h>\n\n" % self.code[i]]
        for k, (r, v) in enumerate(self.funcs[i]):
            parts.append("/* [impl->%s] */\nint f%d_%d(int x)\n{\n\treturn x * %d + %d;\n}\n\n"
                         % (self.ids[r], i, k, k + 1, v))
        return "".join(parts)

    # ---- stream -----------------------------------------------------------

    def emit(self, s):
        self.sink.write(s.encode("utf-8") if isinstance(s, str) else s)

    def data(self, text):
        b = text.encode("utf-8")
        self.emit(b"data %d\n" % len(b))
        self.emit(b + b"\n")

    def commit(self, ref, who, msg, files, parents=()):
        self.mark += 1
        self.clock += 3600
        self.emit("commit %s\nmark :%d\n" % (ref, self.mark))
        self.emit("author %s <%s> %d +0000\n" % (who[0], who[1], self.clock))
        self.emit("committer %s <%s> %d +0000\n" % (who[0], who[1], self.clock))
        self.data(msg)
        for k, p in enumerate(parents):
            self.emit("%s :%d\n" % ("from" if k == 0 else "merge", p))
        for path, text in files:
            self.emit("M 100644 inline %s\n" % path)
            self.data(text)
        self.emit("\n")
        return self.mark

    # ---- history ----------------------------------------------------------

    def initial(self):
        files = [(".specsync.yml", CONFIG)]
        files += [(p, self.doc_text(j)) for j, p in enumerate(self.docs)]
        files += [(p, self.code_text(i)) for i, p in enumerate(self.code)]
        return self.commit("refs/heads/main", ENGINEERS[0], "Initial import\n", files)

    def code_change(self, n_files, n_funcs):
        rng, touched = self.rng, []
        for i in rng.sample(range(len(self.code)), n_files):
            fs = self.funcs[i]
            for f in rng.sample(fs, min(n_funcs, len(fs))):
                f[1] += 1
            touched.append((self.code[i], self.code_text(i)))
        return touched

    def spec_change(self):
        r = self.rng.randrange(len(self.ids))
        self.spec_ver[r] += 1
        j = self.doc_of[r]
        return [(self.docs[j], self.doc_text(j))], self.ids[r]

    def run(self):
        a, rng = self.a, self.rng
        head = self.initial()
        n = 1
        while n < a.commits:
            roll = rng.random()
            if roll < 0.05 and n + 4 < a.commits:
                # a feature branch of three outsider commits, merged --no-ff
                tip, merged = head, {}
                for k in range(3):
                    who = rng.choice(OUTSIDERS)
                    files = self.code_change(2, 2)
                    merged.update(files)
                    tip = self.commit("refs/heads/main", who,
                                      "feature %d: step %d\n" % (n, k + 1), files,
                                      parents=(tip,))
                self.emit("reset refs/heads/main\nfrom :%d\n\n" % head)
                # the merge's tree: the first parent's plus the branch's files
                head = self.commit("refs/heads/main", ENGINEERS[1],
                                   "Merge branch 'feature-%d'\n" % n,
                                   sorted(merged.items()), parents=(head, tip))
                n += 4
            elif roll < 0.12:
                files, rid = self.spec_change()
                head = self.commit("refs/heads/main", rng.choice(SPEC_OWNERS),
                                   "Spec: revise %s\n" % rid, files, parents=(head,))
                n += 1
            else:
                who = rng.choice(OUTSIDERS if roll < 0.85 else ENGINEERS)
                head = self.commit("refs/heads/main", who,
                                   "Code change %d: %s\n" % (n, self.words(rng, 4)),
                                   self.code_change(rng.randint(2, 5), 5), parents=(head,))
                n += 1
        return n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--commits", type=int, default=2000)
    p.add_argument("--requirements", type=int, default=500)
    p.add_argument("--code-files", type=int, default=120)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    subprocess.run(["git", "init", "-q", "-b", "main", a.out], check=True)
    fi = subprocess.Popen(["git", "-C", a.out, "fast-import", "--quiet"],
                          stdin=subprocess.PIPE)
    g = Gen(a)
    g.sink = fi.stdin
    n = g.run()
    fi.stdin.close()
    if fi.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "-C", a.out, "checkout", "-q", "-f", "main"], check=True)
    print("commits: %d, requirements: %d, code files: %d" % (n, len(g.ids), len(g.code)))


if __name__ == "__main__":
    main()
