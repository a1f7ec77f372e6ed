"""Runs the steps of action.yml (a composite GitHub Action) outside GitHub,
the way the runner would: each `run` step with `sh -e`, its `env:` with the
`${{ ... }}` expressions replaced from a table of values, $GITHUB_OUTPUT
collected into `steps.<id>.outputs`. `uses` steps are listed, not run.

usage: /usr/bin/python3 action_steps.py ACTION.yml VALUES.json
  VALUES.json: {"expr": "value", ...} for the expressions used (inputs.x,
  runner.temp, github.event...); "env": {...} added to every step.
Prints one line per step: "run NAME -> STATUS" or "uses NAME ACTION".
Exit status: that of the first failing step, else 0.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def evaluate(text, values, outputs):
    def one(m):
        e = m.group(1)
        if e in values:
            return values[e]
        m2 = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", e)
        if m2:
            return outputs.get(m2.group(1), {}).get(m2.group(2), "")
        sys.exit("action_steps: no value for ${{ %s }}" % e)
    return EXPR.sub(one, str(text))


def main():
    action = yaml.safe_load(open(sys.argv[1]))
    values = json.load(open(sys.argv[2]))
    defaults = {"inputs." + k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    values = {**defaults, **values}
    outputs = {}
    for step in action["runs"]["steps"]:
        name = step.get("name", "")
        if "uses" in step:
            print("uses %s %s" % (name, step["uses"]))
            continue
        env = dict(os.environ)
        env.update(values.get("env", {}))
        for k, v in step.get("env", {}).items():
            env[k] = evaluate(v, values, outputs)
        with tempfile.NamedTemporaryFile("r", delete=False) as out:
            env["GITHUB_OUTPUT"] = out.name
        p = subprocess.run([step["shell"], "-e", "-c", step["run"]], env=env)
        got = {}
        for line in open(env["GITHUB_OUTPUT"]):
            k, _, v = line.rstrip("\n").partition("=")
            got[k] = v
        os.unlink(env["GITHUB_OUTPUT"])
        if "id" in step:
            outputs[step["id"]] = got
        print("run %s -> %d" % (name, p.returncode), flush=True)
        if p.returncode:
            return p.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
