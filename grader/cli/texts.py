"""The help texts of `uv run grader` (what --help prints, and nothing else)."""

import textwrap

from coursekit.course import LEARNER_FILES

DESCRIPTION = """\
Grade stage 13 (a CNN from scratch in NumPy, NHWC) against the visible tests in
stages/s13_cnn and the hidden suites in grader/hidden. Learner code runs in a confined
worker process; the verdict is computed in a separate, trusted pytest process.
"""

EXAMPLES = """\
examples:
  uv run grader run solutions                  grade the reference solutions (full marks)
  uv run grader run stages --part padding      grade the working copy, padding part only
  uv run grader run ada.zip --json ada.json --gradescope results.json --junit ada.xml
  uv run grader run submissions/ --batch --jobs 2 --out grades/
  uv run grader handout ../s13-handout         build the learners' distribution
  uv run grader gradescope autograder.zip      the autograder bundle to upload to Gradescope
  uv run grader report grades/                 class analytics of a batch (HTML, PNG, CSV)
  uv run grader similar submissions/           pairs of suspiciously alike submissions
  uv run grader diff grades/ grades-v2/        before publishing a regrade: who changes, why
  uv run grader stubs --check                  are the stubs in stages/ generated and current?

Run `uv run grader run --help` for every option of a grading run.
"""

INTAKE = textwrap.fill(
    "Grade TARGET: `solutions` (the reference), `stages` (the working copy), or a "
    "submission: a folder or .zip holding an s13_cnn/ folder at its top or one level down. "
    f"Only the learner's modules ({', '.join(LEARNER_FILES)}) are taken from a submission; "
    "a missing one is replaced by the stub (its tests fail, and the report says so). A "
    "submission's own tests, conftest.py, pytest.ini or other files are never copied and "
    "never run. Zips with absolute paths, `..`, symbolic links, or too many/too large "
    'members are refused (status "invalid").',
    width=88,
)

RUN_DESCRIPTION = INTAKE + """

Points come from grader/hidden/weights.py (default 1 per test function, split equally over a
parametrized test's cases; weight 0 = informational; a skipped test is not scored). A part
scores the sum of its passed tests' points (partial credit). Per-test limit: --timeout, or
a test's @pytest.mark.budget; a test past it is stopped, reported "timeout", and grading
goes on.

Status: ok | timeout (a test, or the whole submission, ran past its limit; finished tests
still count) | crashed (the grading process died, or the worker crashed repeatedly) |
invalid (the submission could not be staged; score 0).

With --batch, TARGET is a folder in which each subfolder or .zip is one submission. They
are graded --jobs at a time, each in its own processes, with a progress bar; OUT (default
TARGET/../grades) receives gradebook.csv (submission, part scores, total, max, status,
why, seconds, cached), results/<name>.json and feedback/<name>.txt. Results are cached
in OUT/.cache by a hash of the submission's modules, the grader's code, the hidden suites,
the weights and the options: a second run grades only what changed (new or edited
submissions; everyone after an edit to the grader or a hidden test); --force grades all.
With --scheduler, each submission is a task on a Dask cluster (tcp://HOST:8786, or local:N
for N worker processes here), one per `grading` slot of a worker; the outputs are the same
(README: Grading on a cluster).

exit status:
  0  the target got full marks (--batch: every submission got full marks)
  1  it did not (a score below the maximum, or a status other than ok)
  2  usage or setup error: a bad option, a target that does not exist; a worker that
     cannot start, or is not confined on this machine (before grading, a worker probes
     its own confinement from the inside; the message names what is exposed and how to
     fix it). Only an explicit --sandbox none grades unconfined, and every output says so.
"""

RUN_EXAMPLES = """\
examples:
  uv run grader run solutions
  uv run grader run stages --part padding --part im2col --timeout 20
  uv run grader run ada.zip --json out/ada.json --gradescope /autograder/results/results.json
  uv run grader run submissions/ --batch --jobs 2 --out grades/ --junit grades/junit.xml
  uv run grader run submissions/ --batch --scheduler tcp://HOST:8786
  uv run grader run solutions --sandbox none        (unconfined: measures the worker's cost)

result JSON (--json, and results/<name>.json in a batch):
  {"schema", "submission", "target", "status", "why", "score", "max_score",
   "parts": {part: {"score", "max_score", "tests", "passed", "informational", "duration"}},
   "notes": [...], "sandbox": {"mode", "confinement"}, "execution_time", "options",
   "tests": [{"nodeid", "name", "file", "function", "part", "suite" (visible|hidden),
              "outcome" and "status" (passed|failed|error|timeout|skipped), "points",
              "max_points", "informational", "duration", "feedback", "reproduce", "doc",
              "notes", "speed", "properties", "crashed", "scored_max"}]}
"""


GRADESCOPE_DESCRIPTION = """\
Write OUT.zip, the autograder to upload to Gradescope (Autograder Settings: zip file
upload). setup.sh builds the grader's environment from this project's uv.lock when
Gradescope builds the image; run_autograder grades each submission (the learner uploads
the zip of their s13_cnn/ folder) with the confined worker and writes results.json:
visible tests visible, hidden tests shown after grades are published.

Limits: --timeout per test, --budget for the whole submission (keep it a few minutes
under Gradescope's timeout, 10 min by default: grading stops there and what finished
counts), --memory for the learner's worker; --max-per-day graded submissions per
--window-hours (from the submission's history; over it, the latest result is shown
again). Figures to choose them by are in README.md ("Gradescope").
"""


