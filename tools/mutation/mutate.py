#!/usr/bin/env python3
"""Hand-written mutation testing of go4j's channel engine (core/.../internal).

Each mutant is one textual edit (one or more exact, unique replacements) of an engine source
file. For each selected mutant the script:

  1. checks that the file is pristine (identical to its copy saved at start-up),
  2. applies the edit (every `old` text must occur exactly once, else the mutant is reported
     BROKEN and nothing runs),
  3. runs the selected stages, each in its own process group with a wall-clock limit:
       unit      mvn -pl core test (JUnit default timeout 20 s, so a hang fails fast)
       jcstress  mvn -pl stress-tests -am verify -DskipTests, jcstress tests by regex
       lincheck  mvn -pl stress-tests -am verify, ChannelLincheckTest only
     and records which tests failed (Surefire XML reports; jcstress's console report),
  4. restores the file from the pristine copy, in a `finally` block and from SIGINT/SIGTERM
     handlers; a run killed with SIGKILL leaves a marker (tools/mutation/.inflight) that the next
     run sees first: it restores the file before doing anything else.

A stage that ends on its time limit is killed as a whole process group (mvn and its forked
JVMs only: the group was created for it) and counts as a kill ("TIMEOUT").

Usage (from the repository root; never runs `mvn install`, never touches ~/.m2 beyond reading):

  python3 tools/mutation/mutate.py --list
  python3 tools/mutation/mutate.py [--only M01,M02] [--stages unit,jcstress,lincheck]
                                   [--jcstress-regex REGEX] [--out results.jsonl]
  python3 tools/mutation/mutate.py --restore      # restore an interrupted run's file
  python3 tools/mutation/mutate.py --check        # every mutant still applies (no tests run)

--check reads the sources only: it reports each mutant whose edit text no longer occurs exactly
once (the engine changed under it) and exits 1 if there is one; .ci/run runs it, so that the
catalogue cannot rot unseen.

Stages after the first that killed the mutant are still run only with --all-stages (the report
then says which kinds of test kill it); by default the script stops at the first kill.
Results are appended as JSON lines to --out (default: tools/mutation/results.jsonl, ignored by
git) and summarised on stdout. The mutant catalogue is engine_mutants.py next to this file.
"""

import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from engine_mutants import MUTANTS  # noqa: E402

PRISTINE = os.path.join(HERE, ".pristine")
INFLIGHT = os.path.join(HERE, ".inflight")

MVN = ["mvn", "-B", "-o", "-Dspotless.check.skip=true"]
STAGES = {
    "unit": {
        "cmd": MVN
        + ["-pl", "core", "test", "-Djunit.jupiter.execution.timeout.default=20s",
           # a mutant may spin forever in a loop that never checks for interrupts: a timed-out
           # test is abandoned in its own thread instead of holding up the whole run
           "-Djunit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD",
           "-Dsurefire.timeout=600", "-Djacoco.skip=true",
           # a kill is known at the first failing test: skip the rest (a hang costs 20 s per test)
           "-Dsurefire.skipAfterFailureCount=1"],
        "limit": 150,  # a surviving mutant runs the suite in 40-70 s; a slower run hangs somewhere
        "reports": "core/target/surefire-reports/TEST-*.xml",
    },
    "jcstress": {
        "cmd": MVN
        + ["-pl", "stress-tests", "-am", "verify", "-DskipTests", "-DskipBenchmarks=true",
           "-Djacoco.skip=true"],
        "limit": 1200,
    },
    "lincheck": {
        "cmd": MVN
        + ["-pl", "stress-tests", "-am", "verify", "-Djcstress.skip=true",
           "-DskipBenchmarks=true", "-Dtest=ChannelLincheckTest",
           "-Dsurefire.failIfNoSpecifiedTests=false", "-Djacoco.skip=true"],
        "limit": 900,
        "reports": "stress-tests/target/surefire-reports/TEST-*.xml",
    },
}
RUNNING = {"pgid": None}  # the process group of the stage now running (killed on SIGINT/TERM)
DEFAULT_JCSTRESS = r"io\.github\.go4j\.(stress\.chan|internal)\..*"


def pristine_path(rel):
    return os.path.join(PRISTINE, rel.replace("/", "__"))


def save_pristine():
    """Copies every file a mutant edits, from git HEAD, into .pristine (once per file)."""
    os.makedirs(PRISTINE, exist_ok=True)
    for rel in sorted({m["file"] for m in MUTANTS}):
        p = pristine_path(rel)
        head = subprocess.run(["git", "show", "HEAD:" + rel], cwd=ROOT, check=True,
                              capture_output=True).stdout
        with open(os.path.join(ROOT, rel), "rb") as f:
            current = f.read()
        if current != head:
            sys.exit(f"{rel} differs from HEAD: commit or restore it before a campaign")
        with open(p, "wb") as f:
            f.write(head)


def restore(rel):
    shutil.copyfile(pristine_path(rel), os.path.join(ROOT, rel))


def restore_inflight():
    if os.path.exists(INFLIGHT):
        with open(INFLIGHT) as f:
            rel = f.read().strip()
        if rel:
            restore(rel)
            print(f"restored {rel} left mutated by an interrupted run", flush=True)
        os.remove(INFLIGHT)


def edits_error(m, text):
    """Applies mutant m's edits to text (its file's): (None, the edited text), or (why an edit
    does not apply, text) if an edit's old text does not occur exactly once."""
    for old, new in m["edits"]:
        n = text.count(old)
        if n != 1:
            return f"edit text found {n} times: {old[:60]!r}", text
        text = text.replace(old, new)
    return None, text


def check_catalogue():
    """--check: 0 if every mutant applies to the sources as they are, else 1 (each one named)."""
    broken = 0
    for m in MUTANTS:
        with open(os.path.join(ROOT, m["file"])) as f:
            err, _ = edits_error(m, f.read())
        if err:
            broken += 1
            print(f"BROKEN {m['id']} ({m['file'].rsplit('/', 1)[-1]}): {err}")
    print(f"mutant catalogue: {len(MUTANTS) - broken} of {len(MUTANTS)} mutants apply")
    return 1 if broken else 0


def apply(m):
    path = os.path.join(ROOT, m["file"])
    with open(path) as f:
        err, text = edits_error(m, f.read())
    if err:
        return err
    with open(INFLIGHT, "w") as f:
        f.write(m["file"])
    with open(path, "w") as f:
        f.write(text)
    return None


def failed_tests(pattern):
    out = []
    for x in glob.glob(os.path.join(ROOT, pattern)):
        try:
            root = ET.parse(x).getroot()
        except ET.ParseError:
            continue
        for tc in root.iter("testcase"):
            if tc.find("failure") is not None or tc.find("error") is not None:
                cls = tc.get("classname", "").rsplit(".", 1)[-1]
                out.append(f"{cls}.{tc.get('name')}")
    return sorted(set(out))


def jcstress_failures(log):
    # jcstress prints "... FAILED ... <test>" style lines in its console report and
    # "[FAILED] <test>" / "[ERROR] <test>" lines while it runs.
    names = set()
    for line in log.splitlines():
        mm = re.search(r"\[(FAILED|ERROR|TIMEOUT)\]\s+(io\.github\.\S+)", line)
        if mm:
            names.add(mm.group(2).replace("io.github.go4j.", ""))
    return sorted(names)


def run_stage(name, stage, jregex, logdir, mid):
    cmd = list(stage["cmd"])
    if name == "jcstress":
        cmd.append(f"-Djcstress.tests={jregex}")
    if "reports" in stage:
        for x in glob.glob(os.path.join(ROOT, stage["reports"])):
            os.remove(x)
    log = os.path.join(logdir, f"{mid}-{name}.log")
    t0 = time.time()
    with open(log, "w") as out:
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
        RUNNING["pgid"] = p.pid
        try:
            rc = p.wait(timeout=stage["limit"])
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)  # the group made for this stage: mvn + its forks
            p.wait()
            rc, timed_out = -9, True
        RUNNING["pgid"] = None
    secs = round(time.time() - t0)
    with open(log, errors="replace") as f:
        text = f.read()
    if "reports" in stage:
        tests = failed_tests(stage["reports"])
    else:
        tests = jcstress_failures(text)
    if timed_out:
        verdict = "TIMEOUT"
    elif rc == 0:
        verdict = "survived"
    elif "COMPILATION ERROR" in text:
        verdict = "NO-COMPILE"
    elif "Could not resolve dependencies" in text:
        verdict = "BUILD-ERROR"  # the stage's build, not the mutant: no test ran
    else:
        verdict = "killed"
    return {"stage": name, "verdict": verdict, "rc": rc, "secs": secs, "failed": tests,
            "log": os.path.relpath(log, ROOT)}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--restore", action="store_true")
    ap.add_argument("--check", action="store_true",
                    help="report mutants whose edits no longer apply; run nothing")
    ap.add_argument("--only", default="")
    ap.add_argument("--stages", default="unit")
    ap.add_argument("--all-stages", action="store_true")
    ap.add_argument("--jcstress-regex", default=None,
                    help="default: the mutant's own regex, else " + DEFAULT_JCSTRESS)
    ap.add_argument("--out", default=os.path.join(HERE, "results.jsonl"))
    ap.add_argument("--logs", default=os.path.join(HERE, "logs"))
    a = ap.parse_args()

    ids = [m["id"] for m in MUTANTS]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:  # --only and the results name mutants by id
        sys.exit("engine_mutants.py: duplicate mutant ids: " + ", ".join(dup))
    unknown = [x for x in a.only.split(",") if x and x not in ids]
    if unknown:
        sys.exit("--only: no such mutant: " + ", ".join(unknown))
    if a.list:
        for m in MUTANTS:
            print(f"{m['id']}  {m['file'].rsplit('/', 1)[-1]:22} {m['desc']}")
        return
    if a.check:
        sys.exit(check_catalogue())
    restore_inflight()
    if a.restore:
        return
    save_pristine()
    only = {x for x in a.only.split(",") if x}
    todo = [m for m in MUTANTS if not only or m["id"] in only]
    if only:  # in the order given
        order = [x for x in a.only.split(",") if x]
        todo.sort(key=lambda m: order.index(m["id"]))
    stages = [s for s in a.stages.split(",") if s]
    os.makedirs(a.logs, exist_ok=True)

    current = {"file": None}

    def on_signal(signum, frame):
        if RUNNING["pgid"]:
            try:
                os.killpg(RUNNING["pgid"], signal.SIGKILL)
            except ProcessLookupError:
                pass
        if current["file"]:
            restore(current["file"])
            if os.path.exists(INFLIGHT):
                os.remove(INFLIGHT)
        sys.exit(128 + signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    for m in todo:
        err = apply(m)
        if err:
            rec = {"id": m["id"], "desc": m["desc"], "verdict": "BROKEN", "why": err}
        else:
            current["file"] = m["file"]
            results = []
            try:
                for s in stages:
                    r = run_stage(s, STAGES[s], a.jcstress_regex or m.get("jcstress",
                                  DEFAULT_JCSTRESS), a.logs, m["id"])
                    results.append(r)
                    print(f"  {m['id']} {s}: {r['verdict']} ({r['secs']} s) {r['failed'][:8]}",
                          flush=True)
                    if r["verdict"] != "survived" and not a.all_stages:
                        break
            finally:
                restore(m["file"])
                if os.path.exists(INFLIGHT):
                    os.remove(INFLIGHT)
                current["file"] = None
            killed = [r for r in results if r["verdict"] in ("killed", "TIMEOUT")]
            broken = [r for r in results if r["verdict"] == "NO-COMPILE"]
            errors = [r for r in results if r["verdict"] == "BUILD-ERROR"]
            verdict = ("NO-COMPILE" if broken else "KILLED" if killed
                       else "BUILD-ERROR" if errors else "SURVIVED")
            rec = {"id": m["id"], "desc": m["desc"], "verdict": verdict, "stages": results}
        print(f"{rec['id']}: {rec['verdict']}  {m['desc']}", flush=True)
        with open(a.out, "a") as f:
            f.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
