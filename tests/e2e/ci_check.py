"""Validates specsync's CI documents and prints one line per item, for the
e2e scripts to compare with what they expect.

usage: /usr/bin/python3 ci_check.py sarif|junit|gitlab FILE

  sarif   validates FILE against the OASIS SARIF 2.1.0 schema (draft 4)
          and GitHub code scanning's rules (unique partialFingerprints
          among others), then prints
          "RULE LEVEL STATUS REQUIREMENT URI:LINE [related URI:LINE...]"
  junit   validates FILE against the Jenkins xUnit plugin's strict schema
          (tests/data/junit-10.xsd, with xmllint) and what GitLab's JUnit
          reader relies on (non-empty classname and name, unique together;
          numeric time; one failure at most, with a message; consistent
          counts), then prints "CLASSNAME NAME pass|failure[:TYPE] [out]"
  gitlab  checks the Code Quality fields and unique fingerprints, then
          prints "CHECK SEVERITY PATH:LINE"

The schema is looked up as $SPECSYNC_SOURCE_DIR/tests/data/sarif-schema-2.1.0.json,
then $SPECSYNC_SOURCE_DIR/../shared/data/sarif-schema-2.1.0.json; when neither
exists the SARIF checks other than the schema still run and "schema: absent"
is printed on stderr. Exit status 1 on any violation (with the reason on
stderr), 0 otherwise.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET


def fail(msg):
    sys.stderr.write("ci_check: " + msg + "\n")
    sys.exit(1)


def schema_path():
    src = os.environ.get("SPECSYNC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
    for p in (os.path.join(src, "tests", "data", "sarif-schema-2.1.0.json"),
              os.path.join(src, "..", "shared", "data", "sarif-schema-2.1.0.json")):
        if os.path.exists(p):
            return p
    return None


def loc_str(loc):
    phys = loc["physicalLocation"]
    uri = phys["artifactLocation"]["uri"]
    line = phys["region"]["startLine"]
    if not isinstance(line, int) or line < 1:
        fail("startLine %r is not >= 1" % line)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", uri) or uri.startswith("/"):
        fail("uri %r is not relative" % uri)
    return "%s:%d" % (uri, line)


def sarif(path):
    with open(path, "rb") as f:
        doc = json.loads(f.read().decode("utf-8"))
    sp = schema_path()
    if sp:
        import jsonschema
        with open(sp, "rb") as f:
            schema = json.loads(f.read().decode("utf-8"))
        errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
        if errors:
            e = errors[0]
            fail("schema: %s at /%s" % (e.message, "/".join(str(p) for p in e.absolute_path)))
    else:
        sys.stderr.write("ci_check: schema: absent (SARIF checked without the OASIS schema)\n")
    if doc.get("version") != "2.1.0" or "$schema" not in doc:
        fail("version or $schema missing")
    for run in doc["runs"]:
        driver = run["tool"]["driver"]
        if driver["name"] != "specsync" or not driver.get("version"):
            fail("driver name/version")
        rules = driver["rules"]
        ids = [r["id"] for r in rules]
        if ids != ["unsynced", "out-of-role", "invalid-ack"]:
            fail("rules %r" % ids)
        for r in rules:
            for k in ("shortDescription", "fullDescription", "help"):
                if not r[k]["text"]:
                    fail("rule %s lacks %s.text" % (r["id"], k))
            if not r["help"].get("markdown") or not r.get("name"):
                fail("rule %s lacks help.markdown or name" % r["id"])
            if r["defaultConfiguration"]["level"] not in ("none", "note", "warning", "error"):
                fail("rule level")
        results = run.get("results", [])
        if len(results) > 25000:
            fail("more than 25,000 results")
        # code scanning merges the results that share a fingerprint
        prints = [tuple(sorted(r["partialFingerprints"].items())) for r in results]
        if len(set(prints)) != len(prints):
            fail("two results share their partialFingerprints")
        for res in results:
            if rules[res["ruleIndex"]]["id"] != res["ruleId"]:
                fail("ruleIndex does not match ruleId")
            if res["level"] not in ("note", "warning", "error"):
                fail("level %r" % res["level"])
            if not res["message"]["text"] or not res["partialFingerprints"]:
                fail("message or fingerprint missing")
            for v in res["partialFingerprints"].values():
                if not re.match(r"^[0-9a-f]{32}$", v):
                    fail("fingerprint %r" % v)
            line = "%s %s %s %s %s" % (res["ruleId"], res["level"], res["properties"]["status"],
                                       res["properties"]["requirement"],
                                       loc_str(res["locations"][0]))
            rel = [loc_str(l) for l in res.get("relatedLocations", [])]
            if rel:
                line += " related " + " ".join(rel)
            print(line)


def junit_schema(path):
    src = os.environ.get("SPECSYNC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
    xsd = os.path.join(src, "tests", "data", "junit-10.xsd")
    if not shutil.which("xmllint"):
        fail("xmllint not found (Debian libxml2-utils; sh scripts/deps.sh --test)")
    p = subprocess.run(["xmllint", "--noout", "--schema", xsd, path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        fail("not valid against junit-10.xsd: " + p.stderr.strip())


def junit_case_for_gitlab(c):
    for attr in ("classname", "name"):
        if not c.get(attr):
            fail("test case without %s" % attr)
    if c.get("time") is not None:
        try:
            float(c.get("time"))
        except ValueError:
            fail("time %r is not a number" % c.get("time"))


def junit(path):
    junit_schema(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail("not well-formed XML: %s" % e)
    if root.tag != "testsuites":
        fail("root is %s" % root.tag)
    total = failures = 0
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        fails = [c for c in cases if c.find("failure") is not None]
        if int(suite.get("tests")) != len(cases) or int(suite.get("failures")) != len(fails):
            fail("testsuite counts do not match its test cases")
        total += len(cases)
        failures += len(fails)
        seen = set()
        for c in cases:
            junit_case_for_gitlab(c)
            key = (c.get("classname"), c.get("name"))
            if key in seen:
                fail("duplicate test case %r" % (key,))
            seen.add(key)
            fl = c.findall("failure")
            if len(fl) > 1:
                fail("more than one failure in %r" % (key,))
            state = "failure:" + fl[0].get("type") if fl else "pass"
            if fl and not fl[0].get("message"):
                fail("failure without a message")
            out = " out" if c.find("system-out") is not None else ""
            print("%s %s %s%s" % (key[0], key[1], state, out))
    if int(root.get("tests")) != total or int(root.get("failures")) != failures:
        fail("testsuites counts do not match")


def gitlab(path):
    with open(path, "rb") as f:
        doc = json.loads(f.read().decode("utf-8"))
    if not isinstance(doc, list):
        fail("not an array")
    prints = set()
    for issue in doc:
        for k in ("description", "check_name", "fingerprint", "severity", "location"):
            if k not in issue or issue[k] in ("", None):
                fail("issue lacks %s" % k)
        if issue["severity"] not in ("info", "minor", "major", "critical", "blocker"):
            fail("severity %r" % issue["severity"])
        if issue["fingerprint"] in prints:
            fail("duplicate fingerprint %s" % issue["fingerprint"])
        prints.add(issue["fingerprint"])
        loc = issue["location"]
        begin = loc["lines"]["begin"]
        if not isinstance(begin, int) or begin < 1 or not loc["path"]:
            fail("location %r" % loc)
        print("%s %s %s:%d" % (issue["check_name"], issue["severity"], loc["path"], begin))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("sarif", "junit", "gitlab"):
        fail("usage: ci_check.py sarif|junit|gitlab FILE")
    if not os.path.isfile(sys.argv[2]):
        fail("%s: no such file" % sys.argv[2])
    {"sarif": sarif, "junit": junit, "gitlab": gitlab}[sys.argv[1]](sys.argv[2])
