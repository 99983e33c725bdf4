"""The project's commands run in fresh processes, as a learner or an instructor would."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from coursekit.course import NAMES

PROJECT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Case:
    part: str
    name: str
    outcome: str  # passed | failed | error | skipped
    message: str


def run_visible_suite(impl: str, tmp: Path, *args: str) -> tuple[int, list[Case], str]:
    """`uv run pytest stages/s13_cnn --impl IMPL ARGS`, like a learner: (exit code, cases,
    output), the cases in the order they ran."""
    junit = tmp / f"visible-{Path(impl).name}.xml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S13_", "PYTEST_"))}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "stages/s13_cnn",
            "--impl",
            impl,
            "-q",
            f"--junitxml={junit}",
            "-o",
            "junit_family=xunit1",
            *args,
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    cases = []
    for tc in ET.parse(junit).getroot().iter("testcase"):
        path = tc.get("file") or tc.get("classname", "").replace(".", "/")
        part = next(
            (
                p
                for p in NAMES
                if f"/{p}/" in f"/{path}/"
                or path.endswith(f"test_{p}")
                or path.endswith(f"test_{p}.py")
            ),
            "?",
        )
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            node = tc.find(tag)
            if node is not None:
                outcome = "failed" if tag == "failure" else tag
                message = (node.get("message") or "") + "\n" + (node.text or "")
                break
        cases.append(Case(part, tc.get("name", ""), outcome, message))
    return proc.returncode, cases, proc.stdout + proc.stderr


@functools.cache
def bytecode_cache() -> dict[str, str]:
    """The variables under which the grader processes of this test session share their
    bytecode: PYTHONDONTWRITEBYTECODE (set in CI's environment) dropped, and every .pyc
    written to one folder of the session's own (PYTHONPYCACHEPREFIX), never into a tree.
    Each of the thousands of grading shards the tests start then imports the grader, the
    hidden and visible suites (rewritten by pytest) and the course compiled, not from
    source. The worker that runs learner code is untouched: it runs `python -I -B` with a
    scrubbed environment."""
    prefix = tempfile.mkdtemp(prefix="s13-test-pycache-")
    atexit.register(shutil.rmtree, prefix, ignore_errors=True)
    return {"PYTHONPYCACHEPREFIX": prefix}


def run_grader(
    *args: str, cwd: Path = PROJECT, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """`uv run grader ARGS` in a fresh process (env: variables to add or override)."""
    dropped = ("PYTEST_ADDOPTS", "PYTHONDONTWRITEBYTECODE")
    base = {k: v for k, v in os.environ.items() if k not in dropped} | bytecode_cache()
    return subprocess.run(
        [sys.executable, "-m", "grader.cli.main", *args],
        cwd=cwd, env=base | (env or {}), capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
