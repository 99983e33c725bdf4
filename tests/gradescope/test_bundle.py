"""The Gradescope bundle, proved in a fake /autograder tree, in the container's conditions.

`grader gradescope` builds the zip; it is unpacked into <root>/source, where root is a
fresh /tmp/s13-gs-* folder (the scripts honour S13_AUTOGRADER_ROOT); setup.sh builds the
environment from uv.lock (offline, from uv's cache, where it can); run_autograder grades
under `capsh --drop=cap_sys_admin`, as root without CAP_SYS_ADMIN, like Gradescope's
Docker. Checked: results.json per the schema, full marks for the reference, zero for the
stubs, the honest score for a hostile submission (no forged score, nothing of the hidden
tests or the solutions in the output), and the rate limit. One part (padding) keeps
those short.

The one full-course run (slow): the bundle `grader gradescope` builds with its default
settings (every part, the default timeout, budget and memory; MNIST in the bundle when
MNIST_DIR has it) grades the reference at full marks on every part, under the same
conditions, and says in results.json which memory bound was in force.
"""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from commands import run_grader
from schemas import check_gradescope
from trees import ROOT

from coursekit.course import NAMES
from grader.gradescope.settings import Settings

HOSTILE = ROOT / "tests" / "adversarial" / "gradescope" / "escape.py"


PART = "padding"


MAX_PER_DAY = 2


needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("capsh") or not shutil.which("uv"),
    reason="the container's conditions need root, capsh (libcap2-bin) and uv",
)


def unpack(archive: Path, dest: Path) -> None:
    """Like Gradescope's unzip: files with their modes."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = Path(zf.extract(info, dest))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                path.chmod(mode)


def lay_out(tmp_path_factory, *options: str) -> Path:
    """A fake /autograder with a bundle (`grader gradescope OPTIONS`) unpacked and setup.sh
    run."""
    archive = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    made = run_grader("gradescope", str(archive), *options)
    assert made.returncode == 0, made.stdout + made.stderr
    root = Path(tempfile.mkdtemp(prefix="s13-gs-", dir="/tmp"))
    root.chmod(0o755)
    unpack(archive, root / "source")
    setup = subprocess.run(
        ["bash", str(root / "source" / "setup.sh")],
        env=os.environ | {"S13_AUTOGRADER_ROOT": str(root)},
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stdout + setup.stderr
    return root


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    root = lay_out(tmp_path_factory, "--part", PART, "--timeout", "20", "--budget", "180",
                   "--max-per-day", str(MAX_PER_DAY))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def full_bundle(tmp_path_factory):
    mnist = os.environ.get("MNIST_DIR")
    has_mnist = mnist and Path(mnist, "t10k-images-idx3-ubyte.gz").is_file()
    root = lay_out(tmp_path_factory, *(["--mnist", mnist] if has_mnist else []))
    yield root  # every setting but --mnist: its default
    shutil.rmtree(root, ignore_errors=True)


def grade(root: Path, package: Path, previous: int = 0) -> dict:
    """Submit `package` (an s13_cnn folder) with `previous` submissions in the last day."""
    for name in ("submission", "results"):
        shutil.rmtree(root / name, ignore_errors=True)
    shutil.copytree(package, root / "submission" / "s13_cnn")
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    history = [
        {"submission_time": (now - timedelta(hours=i + 1)).isoformat(), "score": 7.0,
         "autograder_error": False, "results": {"score": 7.0, "tests": [], "output": "before"}}
        for i in range(previous)
    ]  # fmt: skip
    metadata = {"id": 1, "created_at": now.isoformat(), "previous_submissions": history}
    (root / "submission_metadata.json").write_text(json.dumps(metadata))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("S13_", "PYTEST_")) and k != "MNIST_DIR"}  # the bundle's own
    budget = json.loads((root / "source" / "autograder.json").read_text())["budget"]
    run = subprocess.run(
        ["capsh", "--drop=cap_sys_admin", "--", "-c", f"exec {root}/source/run_autograder"],
        env=env | {"S13_AUTOGRADER_ROOT": str(root)}, capture_output=True, text=True,
        timeout=budget + 120,  # run_autograder stops itself at the budget + 60 s
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads((root / "results" / "results.json").read_text())


def submission(tmp_path: Path, source: Path, appended: Path | None = None) -> Path:
    package = tmp_path / "s13_cnn"
    shutil.copytree(source, package, ignore=shutil.ignore_patterns("__pycache__", "test_*"))
    if appended is not None:
        with open(package / PART / f"{PART}.py", "a") as fh:
            fh.write("\n" + appended.read_text())
    return package


def hidden_code_lines() -> set[str]:
    """Lines of code (not docstrings) of the hidden suites, long enough to be telling."""
    lines = set()
    for path in (ROOT / "grader" / "hidden").glob("*.py"):
        source = path.read_text()
        tree = ast.parse(source)
        docs = {
            node.body[0].lineno
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module))
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }  # fmt: skip
        for number, line in enumerate(source.splitlines(), 1):
            text = line.strip()
            if number not in docs and len(text) >= 30 and not text.startswith(("#", '"', "'")):
                lines.add(text)
    return lines


@needs_root
def test_reference_stubs_and_a_hostile_submission(autograder, tmp_path):
    mode = stat.S_IMODE((autograder / "source").stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)  # the bundle is root's alone

    reference = grade(autograder, submission(tmp_path / "ref", ROOT / "solutions" / "s13_cnn"))
    check_gradescope(reference)
    full = reference["extra_data"]["max_score"]
    assert full > 0 and reference["score"] == full, reference["output"]
    assert "user switched" in reference["extra_data"]["sandbox"]
    visibility = {t["tags"][1]: t["visibility"] for t in reference["tests"]}
    assert visibility == {"visible": "visible", "hidden": "after_published"}

    stubs = grade(autograder, submission(tmp_path / "stub", ROOT / "stages" / "s13_cnn"), 1)
    check_gradescope(stubs)
    assert stubs["score"] == 0 and all(t["status"] == "failed" for t in stubs["tests"])

    hostile = grade(autograder, submission(tmp_path / "evil", ROOT / "solutions" / "s13_cnn",
                                           HOSTILE))  # fmt: skip
    check_gradescope(hostile)
    text = json.dumps(hostile)
    assert hostile["score"] == full, hostile["output"]  # it deserves the reference's score
    assert "FORGED" not in text and "LEAKED" not in text
    leaked = [line for line in hidden_code_lines() if line in text]
    assert not leaked, leaked[:3]
    for results in (reference, stubs):
        assert not [line for line in hidden_code_lines() if line in json.dumps(results)]


@pytest.mark.slow
@needs_root
def test_the_bundle_grades_the_reference_at_full_marks_on_every_part(full_bundle, tmp_path):
    """The whole course, the bundle's default settings, root without CAP_SYS_ADMIN: part 6
    imports torch in the worker (it failed under the old 1024 MiB address-space limit)."""
    settings = json.loads((full_bundle / "source" / "autograder.json").read_text())
    assert settings == Settings().to_dict()  # the defaults, nothing chosen
    reference = grade(full_bundle, submission(tmp_path, ROOT / "solutions" / "s13_cnn"))
    check_gradescope(reference)
    parts = reference["extra_data"]["parts"]
    assert list(parts) == list(NAMES), list(parts)
    short = {p: f"{r['score']}/{r['max_score']}" for p, r in parts.items()
             if r["score"] != r["max_score"] or not r["max_score"]}
    assert not short, (short, reference["output"], reference["extra_data"]["why"])
    assert reference["score"] == reference["extra_data"]["max_score"]
    assert "user switched" in reference["extra_data"]["sandbox"]
    assert re.search(r"memory=(cgroup memory\.max|RLIMIT_DATA) \d+ MiB",
                     reference["extra_data"]["sandbox"]), reference["extra_data"]["sandbox"]


@needs_root
def test_over_the_rate_limit_the_latest_result_is_shown_again(autograder, tmp_path):
    shown = grade(autograder, submission(tmp_path, ROOT / "stages" / "s13_cnn"), MAX_PER_DAY)
    assert shown["score"] == 7.0 and shown["extra_data"]["rate_limited"]
    assert shown["output"].startswith(f"Not graded: at most {MAX_PER_DAY} graded") and (
        "before" in shown["output"]
    )
