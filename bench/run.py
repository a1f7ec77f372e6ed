#!/usr/bin/env python3
"""Times specsync against `git log` on a synthetic repository (bench/gen.py).

In one run, on one repository, interleaved round by round so that a noisy
machine penalises every case alike:

  git      git log --first-parent -p -- <spec paths>  (> /dev/null), the reference
  cold     specsync audit --format json --no-cache
  cold1    the same with SPECSYNC_NO_WORKER=1 (no second thread)
  warm     specsync audit --format json, with the cache holding the state at
           the base commit B and ONE new commit (a functional edit) on top of B
  staged   specsync check --staged, a one-file staged change, cache at HEAD = B

Each case runs --runs times; the table gives the median, min and max wall time,
the ratio to the git reference and the peak resident memory (from
/usr/bin/time -v). Nothing is asserted: see docs/performance.md for targets.

    python3 bench/run.py [--commits N] [--requirements M] [--files K] [--seed S]
                         [--runs R] [--work DIR] [--specsync PATH]
"""

import argparse
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
        self.repo = os.path.join(a.work, "repo-c%d-r%d-f%d-k%d-s%d" % (
            a.commits, a.requirements, a.files, a.code_files, a.seed))
        self.snapshot = self.repo + ".cache"
        self.env = dict(os.environ, NO_COLOR="1", GIT_PAGER="cat", LC_ALL="C", **IDENT)
        self.env.pop("GIT_DIR", None)
        self.env.pop("GIT_INDEX_FILE", None)
        self.samples = {}
        self.rss = {}
        self.round = 0

    # ---- setup ----------------------------------------------------------------

    def generate(self):
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
                        "--code-files", str(self.a.code_files), "--seed", str(self.a.seed)],
                       check=True)
        print("bench: generated in %.1f s" % (time.perf_counter() - t))

    def git(self, *args, check=True):
        return sh(["git"] + list(args), self.repo, self.env, check)

    def cache_dir(self):
        common = self.git("rev-parse", "--git-common-dir").strip()
        return os.path.join(self.repo, common, "specsync")

    def prepare(self):
        self.git("reset", "-q", "--hard", "main")
        self.git("clean", "-qfdx")
        self.base = self.git("rev-parse", "HEAD").strip()
        shutil.rmtree(self.cache_dir(), ignore_errors=True)
        # the state at B, kept aside and put back before every warm run
        self.run_specsync(["audit", "--format", "json"])
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

    def run_specsync(self, args):
        r = subprocess.run([self.a.specsync] + args, cwd=self.repo, env=self.env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if r.returncode not in (0, 1):
            sys.exit("bench: specsync %s failed (%d): %s" % (" ".join(args), r.returncode,
                                                             r.stderr.strip()))

    # ---- measuring ------------------------------------------------------------

    def timed(self, name, args, env=None):
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

    def case_git(self):
        self.timed("git", ["git", "log", "--first-parent", "-p", "--"] + SPEC_PATHS)

    def case_cold(self):
        self.timed("cold", [self.a.specsync, "audit", "--format", "json", "--no-cache"])

    def case_cold1(self):
        self.timed("cold1", [self.a.specsync, "audit", "--format", "json", "--no-cache"],
                   dict(self.env, SPECSYNC_NO_WORKER="1"))

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

    def run(self):
        cases = [self.case_git, self.case_cold, self.case_cold1, self.case_warm,
                 self.case_staged]
        for r in range(self.a.runs):
            self.round = r
            # rotate the order: no case always runs right after another
            for c in cases[r % len(cases):] + cases[:r % len(cases)]:
                c()
            sys.stdout.write("bench: round %d/%d done\n" % (r + 1, self.a.runs))
            sys.stdout.flush()
        self.git("reset", "-q", "--hard", self.base)

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
        print("command: sh bench/run.sh --commits %d --requirements %d --files %d%s --seed %d "
              "--runs %d" % (a.commits, a.requirements, a.files,
                             " --code-files %d" % a.code_files if a.code_files != 1500 else "",
                             a.seed, a.runs))
        print("machine: %s" % self.machine())
        print("repository: %s first-parent commits (%s in all), pack %s KiB" % (
            self.git("rev-list", "--first-parent", "--count", "HEAD").strip(),
            self.git("rev-list", "--count", "HEAD").strip(),
            size[0].split()[1] if size else "?"))
        print()
        rows = [("git", "git log --first-parent -p -- specs"),
                ("cold", "audit --no-cache (cold)"),
                ("cold1", "audit --no-cache, one thread"),
                ("warm", "audit, cache + 1 commit (warm)"),
                ("staged", "check --staged (warm cache)")]
        ref = statistics.median(self.samples["git"])
        cold = statistics.median(self.samples["cold"])
        print("| case | median | min | max | vs git | vs cold | peak RSS |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for key, label in rows:
            s = self.samples[key]
            med = statistics.median(s)
            print("| %s | %s | %s | %s | %.2f | %s | %.0f MB |" % (
                label, fmt(med), fmt(min(s)), fmt(max(s)), med / ref,
                "%.1f %%" % (100 * med / cold) if key not in ("git", "cold1") else "",
                self.rss[key] / 1024))
        print()
        print("targets: cold <= git (vs git <= 1.00); warm <= 5 % of cold; check --staged "
              "< 100 ms; peak RSS < 200 MB")


def fmt(s):
    return "%.0f ms" % (s * 1000) if s < 1 else "%.2f s" % s


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--commits", type=int, default=100000)
    p.add_argument("--requirements", type=int, default=2000)
    p.add_argument("--files", type=int, default=200)
    p.add_argument("--code-files", type=int, default=1500)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", default=os.path.join(SOURCE, "bench", "work"),
                   help="where repositories are generated (and reused)")
    p.add_argument("--specsync", default=os.path.join(SOURCE, "build", "specsync"))
    a = p.parse_args()
    a.work = os.path.abspath(a.work)
    a.specsync = os.path.abspath(a.specsync)
    if a.runs < 1:
        p.error("--runs must be at least 1")
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("bench: /usr/bin/time is missing (Debian: apt-get install time, or "
                 "sh scripts/deps.sh --bench)")
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
