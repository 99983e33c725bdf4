"""The project's commands run in fresh processes, as a learner or an instructor would."""

from __future__ import annotations

import os
import subprocess
import sys
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
        part = next((p for p in NAMES if f"/{p}/" in f"/{path}/" or path.endswith(f"test_{p}")
                     or path.endswith(f"test_{p}.py")), "?")
        outcome, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            node = tc.find(tag)
            if node is not None:
                outcome = "failed" if tag == "failure" else tag
                message = (node.get("message") or "") + "\n" + (node.text or "")
                break
        cases.append(Case(part, tc.get("name", ""), outcome, message))
    return proc.returncode, cases, proc.stdout + proc.stderr


def run_grader(
    *args: str, cwd: Path = PROJECT, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """`uv run grader ARGS` in a fresh process (env: variables to add or override)."""
    base = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    return subprocess.run(
        [sys.executable, "-m", "grader.cli.main", *args],
        cwd=cwd, env=base | (env or {}), capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
