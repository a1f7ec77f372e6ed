#!/usr/bin/env python3
"""Times specsync against `git log` on a synthetic repository (bench/gen.py).

In one run, on one repository, interleaved round by round so that a noisy
machine penalises every case alike:

  git      git log --first-parent -p -- <spec paths>  (> /dev/null), the reference
  floor    git rev-list --first-parent --parents | git diff-tree --stdin (each
           first-parent commit against its first parent, spec paths) and
           git cat-file --batch of the new spec blobs: the reads no tool can avoid
  cold     specsync audit --format json --no-cache
  cold1    the same with SPECSYNC_NO_WORKER=1 (no second thread)
  warm     specsync audit --format json, with the cache holding the state at
           the base commit B and ONE new commit (a functional edit) on top of B
  staged   specsync check --staged, a one-file staged change, cache at HEAD = B

Each case runs --runs times; the table gives the median, min and max wall time,
the ratio to the git reference and the peak resident memory (from
/usr/bin/time -v). With --callgrind each case also runs once under
`valgrind --tool=callgrind` (specsync with SPECSYNC_NO_WORKER=1, every
process of a pipeline counted): instructions, deterministic, beside the wall
time. Nothing is asserted: see docs/performance.md for targets.

Profiles (--profile): `default` and `dense` (bench/gen.py's PROFILES), and
`git`: the real history of a clone of git's own repository (--git-repo DIR;
the case is skipped, with a message, when no clone is given or found),
audited with a configuration written by this script (functional side:
Documentation/config*, technical side: builtin/*.c). The clone is used
read-only through an alternates file: a small repository in --work borrows
its objects and holds specsync's cache. Only git, floor, cold and cold1 run
on it (no work tree to commit or stage in).

    python3 bench/run.py [--profile default|dense|git] [--commits N]
                         [--requirements M] [--files K] [--seed S] [--runs R]
                         [--work DIR] [--specsync PATH] [--git-repo DIR]
                         [--git-rev REV] [--callgrind] [--keep-json DIR]
                         [--baseline PATH]

With --baseline PATH (another build, e.g. the branch point's), its cold, warm
and check cases run too, interleaved in the same rounds on the same
repository ("... (baseline)" rows): before and after, side by side.
"""

import argparse
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
SPEC_PATHS = ["specs/functional", "specs/technical"]
GIT_SPEC_PATHS = ["Documentation/config*", "builtin/*.c"]
# The git/git case: configuration keys are the requirements; the
# documentation of the configuration is the functional side, the builtins
# that read it the technical side. The roles name no real person: every edit
# in that history is out of role, the heaviest case for that rule.
GIT_CONFIG = """\
# specsync benchmark configuration for a clone of git's repository (bench/run.py).
version: 1
requirements:
  id: '\\b(?:core|gc|pack|fetch|push|pull|merge|rebase|diff|log|status|commit|branch|remote|submodule|color|http|receive|repack|index|init|advice|am|apply|blame|checkout|clone|grep|help|tag|worktree|transfer|user|sequence|stash|maintenance|format|interactive|notes|protocol|uploadpack|versionsort)\\.[a-z][a-zA-Z0-9]*\\b'
sides:
  functional:
    paths: ["Documentation/config.txt", "Documentation/config.adoc", "Documentation/config/*.txt", "Documentation/config/*.adoc"]
    section_start: '^[a-z][a-zA-Z0-9.<>*-]*::'
  technical:
    paths: ["builtin/*.c"]
roles:
  docs: { name: "Documentation", members: ["docs@example.org"] }
  dev: { name: "Developers", members: ["dev@example.org"] }
  maint: { name: "Maintainer", members: ["maint@example.org"] }
raci:
  - scope: "*"
    functional: { R: docs, A: maint, C: [dev] }
    technical: { R: dev, A: maint, C: [docs] }
policy:
  unsynced: { technical: error, functional: warning }
  out_of_role: warning
  invalid_ack: warning
ack_trailer: Sync-Ack
"""
IDENT = {
    "GIT_AUTHOR_NAME": "Alice Martin", "GIT_AUTHOR_EMAIL": "alice@example.org",
    "GIT_COMMITTER_NAME": "Alice Martin", "GIT_COMMITTER_EMAIL": "alice@example.org",
}


def sh(args, cwd, env=None, check=True):
    return subprocess.run(args, cwd=cwd, env=env, check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True).stdout


class Bench:
    def __init__(self, a):
        self.a = a
        self.real = a.profile == "git"
        self.spec_paths = GIT_SPEC_PATHS if self.real else SPEC_PATHS
        if self.real:
            self.repo = os.path.join(a.work, "git-git")
        else:
            self.repo = os.path.join(a.work, "repo-%sc%d-r%d-f%d-k%d-s%d" % (
                "" if a.profile == "default" else a.profile + "-", a.commits,
                a.requirements, a.files, a.code_files, a.seed))
        self.config = []
        self.snapshot = self.repo + ".cache"
        self.env = dict(os.environ, NO_COLOR="1", GIT_PAGER="cat", LC_ALL="C", **IDENT)
        self.env.pop("GIT_DIR", None)
        self.env.pop("GIT_INDEX_FILE", None)
        self.samples = {}
        self.rss = {}
        self.instr = {}
        self.counting = False
        self.round = 0
        self.suffix = ""  # " (baseline)" while the baseline build runs

    # ---- setup ----------------------------------------------------------------

    def generate(self):
        if self.real:
            return self.borrow()
        if os.path.isdir(os.path.join(self.repo, ".git")):
            print("bench: reusing %s" % self.repo)
            return
        if os.path.exists(self.repo):
            shutil.rmtree(self.repo)
        os.makedirs(self.a.work, exist_ok=True)
        t = time.perf_counter()
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--out", self.repo,
                        "--commits", str(self.a.commits), "--requirements",
                        str(self.a.requirements), "--files", str(self.a.files),
                        "--code-files", str(self.a.code_files), "--seed", str(self.a.seed),
                        "--profile", self.a.profile],
                       check=True)
        print("bench: generated in %.1f s" % (time.perf_counter() - t))

    def borrow(self):
        """A bare repository borrowing the objects of the git/git clone."""
        src = self.a.git_repo
        objects = os.path.join(src, "objects")
        if not os.path.isdir(objects):
            objects = os.path.join(src, ".git", "objects")
        tip = sh(["git", "--git-dir", os.path.dirname(objects), "rev-parse",
                  self.a.git_rev + "^{commit}"], self.a.work, self.env).strip()
        os.makedirs(self.repo, exist_ok=True)
        if not os.path.isfile(os.path.join(self.repo, "HEAD")):
            sh(["git", "init", "-q", "--bare", "-b", "main", self.repo], self.a.work, self.env)
        with open(os.path.join(self.repo, "objects", "info", "alternates"), "w") as f:
            f.write(os.path.abspath(objects) + "\n")
        sh(["git", "update-ref", "refs/heads/main", tip], self.repo, self.env)
        path = os.path.join(self.a.work, "git-git.specsync.yml")
        with open(path, "w") as f:
            f.write(GIT_CONFIG)
        self.config = ["--config", path]
        print("bench: git/git at %s (%s)" % (src, tip[:12]))

    def git(self, *args, check=True):
        return sh(["git"] + list(args), self.repo, self.env, check)

    def cache_dir(self):
        common = self.git("rev-parse", "--git-common-dir").strip()
        return os.path.join(self.repo, common, "specsync")

    def prepare(self):
        if self.real:
            self.base = self.git("rev-parse", "HEAD").strip()
            shutil.rmtree(self.cache_dir(), ignore_errors=True)
            return
        self.git("reset", "-q", "--hard", "main")
        self.git("clean", "-qfdx")
        self.base = self.git("rev-parse", "HEAD").strip()
        shutil.rmtree(self.cache_dir(), ignore_errors=True)
        # the state at B, kept aside and put back before every warm run
        self.run_specsync(["audit", "--format", "json"])
        if self.a.baseline:  # its own state files: the build is part of their key
            self.run_specsync(["audit", "--format", "json"], self.a.baseline)
        shutil.rmtree(self.snapshot, ignore_errors=True)
        shutil.copytree(self.cache_dir(), self.snapshot)
        files = sorted(os.listdir(os.path.join(self.repo, "specs", "functional")))
        area = os.path.join("specs", "functional", files[0])
        self.edit_path = os.path.join(area, sorted(os.listdir(os.path.join(self.repo, area)))[0])

    def restore(self):
        self.git("reset", "-q", "--hard", self.base)
        shutil.rmtree(self.cache_dir(), ignore_errors=True)
        shutil.copytree(self.snapshot, self.cache_dir())

    def edit(self, tag):
        with open(os.path.join(self.repo, self.edit_path), "a") as f:
            f.write("\nBenchmark edit %s: the threshold is reviewed monthly.\n" % tag)

    def run_specsync(self, args, binary=None):
        r = subprocess.run([binary or self.a.specsync] + args, cwd=self.repo, env=self.env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if r.returncode not in (0, 1):
            sys.exit("bench: specsync %s failed (%d): %s" % (" ".join(args), r.returncode,
                                                             r.stderr.strip()))

    # ---- measuring ------------------------------------------------------------

    def timed(self, name, args, env=None):
        name += self.suffix
        if self.counting:
            return self.counted(name, args, env)
        out = os.path.join(self.a.work, "time.txt")
        t = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-v", "-o", out] + args, cwd=self.repo,
                           env=env or self.env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, universal_newlines=True)
        wall = time.perf_counter() - t
        if r.returncode not in (0, 1):
            sys.exit("bench: %s failed (%d): %s" % (" ".join(args), r.returncode,
                                                    r.stderr.strip()))
        rss = 0
        with open(out) as f:
            for line in f:
                if "Maximum resident set size" in line:
                    rss = int(line.rsplit(":", 1)[1])
        self.samples.setdefault(name, []).append(wall)
        self.rss[name] = max(self.rss.get(name, 0), rss)

    def counted(self, name, args, env=None):
        """Instructions of `args` and every process it starts (callgrind)."""
        d = os.path.join(self.a.work, "callgrind")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        env = dict(env or self.env, SPECSYNC_NO_WORKER="1")
        r = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                            "--callgrind-out-file=" + os.path.join(d, "cg.%p")] + args,
                           cwd=self.repo, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, universal_newlines=True)
        if r.returncode not in (0, 1):
            sys.exit("bench: callgrind %s failed (%d): %s" % (" ".join(args), r.returncode,
                                                            r.stderr.strip()[-2000:]))
        total = 0
        for path in glob.glob(os.path.join(d, "cg.*")):
            with open(path) as f:
                for line in f:
                    if line.startswith(("summary:", "totals:")):
                        total += int(line.split()[1])
                        break
        self.instr[name] = total

    def case_git(self):
        self.timed("git", ["git", "log", "--first-parent", "-p", "--"] + self.spec_paths)

    def case_floor(self):
        paths = " ".join("'%s'" % p for p in self.spec_paths)
        self.timed("floor", ["sh", "-c",
                             "git rev-list --first-parent --parents HEAD | cut -d' ' -f1,2 | "
                             "git diff-tree --stdin -r --no-renames -- %s | "
                             "awk '/^:/ && $4 !~ /^0+$/ { print $4 }' | "
                             "git cat-file --batch > /dev/null" % paths])

    def case_cold(self):
        self.timed("cold", [self.a.specsync, "audit", "--format", "json", "--no-cache"]
                   + self.config)

    def case_cold1(self):
        self.timed("cold1", [self.a.specsync, "audit", "--format", "json", "--no-cache"]
                   + self.config, dict(self.env, SPECSYNC_NO_WORKER="1"))

    def case_warm(self):
        self.restore()
        self.edit("warm %d" % self.round)
        self.git("commit", "-q", "-a", "-m", "Functional: benchmark edit %d" % self.round)
        self.timed("warm", [self.a.specsync, "audit", "--format", "json"])
        self.restore()

    def case_staged(self):
        self.restore()
        self.edit("staged %d" % self.round)
        self.git("add", self.edit_path)
        self.timed("staged", [self.a.specsync, "check", "--staged"])
        self.restore()

    def baseline_case(self, case):
        """`case` run with the --baseline build, its rows named "... (baseline)"."""
        def run():
            saved = self.a.specsync
            self.a.specsync, self.suffix = self.a.baseline, " (baseline)"
            try:
                case()
            finally:
                self.a.specsync, self.suffix = saved, ""
        run.__name__ = case.__name__ + "_baseline"
        return run

    def cases(self):
        mine = [self.case_cold, self.case_cold1]
        if not self.real:
            mine += [self.case_warm, self.case_staged]
        if self.a.baseline:
            mine += [self.baseline_case(c) for c in mine]
        return [self.case_git, self.case_floor] + mine

    def run(self):
        cases = self.cases()
        for r in range(self.a.runs):
            self.round = r
            # rotate the order: no case always runs right after another
            for c in cases[r % len(cases):] + cases[:r % len(cases)]:
                c()
            sys.stdout.write("bench: round %d/%d done\n" % (r + 1, self.a.runs))
            sys.stdout.flush()
        if self.a.callgrind:
            self.counting = True
            for c in cases:
                # under callgrind cold runs with one thread: cold1 counts it
                if c.__name__.startswith("case_cold") and not c.__name__.startswith("case_cold1"):
                    continue
                c()
                sys.stdout.write("bench: counted %s\n" % c.__name__[5:])
                sys.stdout.flush()
            self.counting = False
            for sfx in ("", " (baseline)"):
                if "cold1" + sfx in self.instr:
                    self.instr["cold" + sfx] = self.instr["cold1" + sfx]
        if self.a.keep_json:
            self.keep_json()
        if not self.real:
            self.git("reset", "-q", "--hard", self.base)

    def keep_json(self):
        """The cold audit's JSON without age_days (which moves with the clock)."""
        os.makedirs(self.a.keep_json, exist_ok=True)
        out = os.path.join(self.a.keep_json, os.path.basename(self.repo) + ".json")
        r = subprocess.run([self.a.specsync, "audit", "--format", "json", "--no-cache"]
                           + self.config, cwd=self.repo, env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        doc = json.loads(r.stdout.decode("utf-8"))

        def strip(v):
            if isinstance(v, dict):
                return {k: strip(x) for k, x in v.items() if k != "age_days"}
            if isinstance(v, list):
                return [strip(x) for x in v]
            return v
        with open(out, "w") as f:
            json.dump(strip(doc), f, indent=1, sort_keys=False, ensure_ascii=False)
            f.write("\n")
        print("bench: cold audit JSON (exit %d, %d findings, %d bytes) without age_days in %s"
              % (r.returncode, len(doc.get("findings", [])), len(r.stdout), out))

    # ---- report ---------------------------------------------------------------

    def machine(self):
        cpu = "?"
        try:
            with open("/proc/cpuinfo") as f:
                for line in f:
                    if line.startswith("model name"):
                        cpu = line.split(":", 1)[1].strip()
                        break
        except OSError:
            pass
        mem = "?"
        try:
            with open("/proc/meminfo") as f:
                mem = "%.0f GiB" % (int(f.readline().split()[1]) / 1048576)
        except (OSError, ValueError, IndexError):
            pass
        lg2 = subprocess.run(["pkg-config", "--modversion", "libgit2"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True).stdout.strip()
        rev = subprocess.run(["git", "-C", SOURCE, "rev-parse", "--short", "HEAD"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             universal_newlines=True).stdout.strip()
        return ("%s, %d cores (%s), %s RAM; %s; libgit2 %s; sources at %s; binary %s"
                % (platform.platform(), os.cpu_count() or 0, cpu, mem,
                   self.git("--version").strip(), lg2 or "?", rev or "?", self.a.specsync))

    def report(self):
        a = self.a
        objs = self.git("count-objects", "-v")
        size = [l for l in objs.splitlines() if l.startswith("size-pack")]
        print()
        if self.real:
            print("command: sh bench/run.sh --profile git --git-repo %s%s --runs %d%s"
                  % (a.git_repo, " --git-rev %s" % a.git_rev if a.git_rev != "HEAD" else "",
                     a.runs, " --callgrind" if a.callgrind else ""))
        else:
            print("command: sh bench/run.sh %s--commits %d --requirements %d --files %d%s "
                  "--seed %d --runs %d%s"
                  % ("--profile %s " % a.profile if a.profile != "default" else "",
                     a.commits, a.requirements, a.files,
                     " --code-files %d" % a.code_files if a.code_files != 1500 else "",
                     a.seed, a.runs, " --callgrind" if a.callgrind else ""))
        print("machine: %s" % self.machine())
        print("repository: %s first-parent commits (%s in all), pack %s KiB" % (
            self.git("rev-list", "--first-parent", "--count", "HEAD").strip(),
            self.git("rev-list", "--count", "HEAD").strip(),
            size[0].split()[1] if size else "?"))
        print()
        rows = [("git", "git log --first-parent -p -- specs"),
                ("floor", "floor: rev-list, diff-tree --stdin, cat-file --batch"),
                ("cold", "audit --no-cache (cold)"),
                ("cold1", "audit --no-cache, one thread"),
                ("warm", "audit, cache + 1 commit (warm)"),
                ("staged", "check --staged (warm cache)")]
        ref = statistics.median(self.samples["git"])
        cold = statistics.median(self.samples["cold"])
        iref = self.instr.get("git")
        print("| case | median | min | max | vs git | vs cold | instructions | vs git | peak RSS |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        if self.a.baseline:
            rows = rows[:2] + [(k + " (baseline)", l + " (baseline)") for k, l in rows[2:]] \
                + rows[2:]
        for key, label in rows:
            if key not in self.samples:
                continue
            s = self.samples[key]
            med = statistics.median(s)
            ins = self.instr.get(key)
            print("| %s | %s | %s | %s | %.2f | %s | %s | %s | %.0f MB |" % (
                label, fmt(med), fmt(min(s)), fmt(max(s)), med / ref,
                "%.1f %%" % (100 * med / statistics.median(self.samples[cold_of(key)]))
                if key.split(" ")[0] in ("warm", "staged") else "",
                instructions(ins) if ins else "",
                "%.2f" % (ins / iref) if ins and iref else "",
                self.rss[key] / 1024))
        print()
        if self.real:
            print("targets: cold <= git (vs git <= 1.00); peak RSS < 200 MB")
        else:
            print("targets: cold <= 0.8 x git (vs git <= 0.80); warm <= 5 % of cold; "
                  "check --staged <= 50 ms; peak RSS < 150 MB")


def cold_of(key):
    """The cold case a warm or staged row compares with: its own build's."""
    return "cold (baseline)" if key.endswith(" (baseline)") else "cold"


def instructions(n):
    return "%.2f G" % (n / 1e9) if n >= 1e9 else "%.0f M" % (n / 1e6)


def fmt(s):
    return "%.0f ms" % (s * 1000) if s < 1 else "%.2f s" % s


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--profile", choices=["default", "dense", "git"], default="default",
                   help="generated history shape (bench/gen.py), or git's real history")
    p.add_argument("--git-repo", default=os.environ.get("SPECSYNC_BENCH_GIT_REPO", ""),
                   help="a clone of git's repository, for --profile git")
    p.add_argument("--git-rev", default="HEAD",
                   help="with --profile git, the revision audited (an older one: a shorter "
                   "history, e.g. for --callgrind)")
    p.add_argument("--callgrind", action="store_true",
                   help="also count each case's instructions once under callgrind")
    p.add_argument("--keep-json", metavar="DIR",
                   help="write the cold audit's JSON, age_days removed, into DIR")
    p.add_argument("--commits", type=int, default=100000)
    p.add_argument("--requirements", type=int, default=2000)
    p.add_argument("--files", type=int, default=200)
    p.add_argument("--code-files", type=int, default=1500)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", default=os.path.join(SOURCE, "bench", "work"),
                   help="where repositories are generated (and reused)")
    p.add_argument("--specsync", default=os.path.join(SOURCE, "build", "specsync"))
    p.add_argument("--baseline", metavar="PATH",
                   help="another specsync build measured in the same rounds (before/after)")
    a = p.parse_args()
    a.work = os.path.abspath(a.work)
    a.specsync = os.path.abspath(a.specsync)
    if a.baseline:
        a.baseline = os.path.abspath(a.baseline)
        if not os.access(a.baseline, os.X_OK):
            sys.exit("bench: --baseline %s is not an executable" % a.baseline)
    if a.runs < 1:
        p.error("--runs must be at least 1")
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("bench: /usr/bin/time is missing (Debian: apt-get install time, or "
                 "sh scripts/deps.sh --bench)")
    if a.callgrind and not shutil.which("valgrind"):
        sys.exit("bench: valgrind is missing (sh scripts/deps.sh --bench)")
    if a.profile == "git":
        gd = a.git_repo
        if not gd or not (os.path.isdir(os.path.join(gd, "objects"))
                          or os.path.isdir(os.path.join(gd, ".git", "objects"))):
            print("bench: git/git case skipped: no clone of git's repository "
                  "(--git-repo DIR or SPECSYNC_BENCH_GIT_REPO)")
            return 0
        a.git_repo = os.path.abspath(gd)
    if a.keep_json:
        a.keep_json = os.path.abspath(a.keep_json)
    if not os.access(a.specsync, os.X_OK):
        sys.exit("bench: %s is not built (cmake -S . -B build && cmake --build build)"
                 % a.specsync)
    b = Bench(a)
    b.generate()
    b.prepare()
    b.run()
    b.report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
