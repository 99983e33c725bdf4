"""The handout, used as a learner would: its README's commands on a fresh copy.

Built with `grader handout`, copied elsewhere (a learner's download), then the commands of
its README's "Quick start" and "Submit" sections are run as written (uv offline, from its
cache). Checked too: nothing of the grader, the hidden suites, the solutions' bodies or
the weights is inside, and torch is not in its environment.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest
from trees import ROOT

from coursekit.course import GROUPS
from coursekit.pack import MODULES
from grader.cli.main import main
from grader.intake.stage import stage

pytestmark = pytest.mark.slow  # grades for real

SOLUTIONS = ROOT / "solutions" / "s13_cnn"
STAGES = ROOT / "stages" / "s13_cnn"


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "handout"
    assert main(["handout", str(out)]) == 0
    return out


def solution_only_lines() -> set[str]:
    """Code lines of the solutions' function bodies that no stub or given file has."""
    lines = set()
    stub = "\n".join(p.read_text() for p in STAGES.rglob("*.py"))
    for module in SOLUTIONS.rglob("*.py"):
        source = module.read_text()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = ast.get_source_segment(source, node) or ""
                for line in body.splitlines()[1:]:
                    text = line.strip()
                    if len(text) >= 30 and not text.startswith("#") and text not in stub:
                        lines.add(text)
    assert len(lines) > 50  # the check below has something to look for
    return lines


def test_nothing_of_the_grader_is_inside(handout):
    files = {p.relative_to(handout).as_posix() for p in handout.rglob("*") if p.is_file()}
    assert {"README.md", "pyproject.toml", "uv.lock", "conftest.py"} <= files
    assert all(f"stages/s13_cnn/{rel}" in files for rel in MODULES)
    for gone in ("grader", "solutions", "tests", "benchmarks", ".venv"):
        assert not (handout / gone).exists(), gone
    text = "\n".join((handout / f).read_text(errors="replace") for f in sorted(files))
    assert "test_conv_hidden" not in text and "WEIGHTS" not in text
    leaked = [line for line in solution_only_lines() if line in text]
    assert not leaked, leaked[:3]
    locked = re.findall(r'^name = "([^"]+)"', (handout / "uv.lock").read_text(), re.M)
    assert "numpy" in locked
    project = tomllib.loads((handout / "pyproject.toml").read_text())
    assert not [d for d in project["project"]["dependencies"] if d.startswith("torch")]
    groups = project["dependency-groups"]
    assert [g for g, deps in groups.items() if any(d.startswith("torch") for d in deps)] == [
        "torch"
    ]  # torch only for part 6, by `uv sync --group torch`
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    assert groups == {name: ours[name] for name in GROUPS}  # `lenet show` has matplotlib


def commands(readme: str, *sections: str) -> list[str]:
    """The `uv ...` lines of the code blocks in the README's named sections."""
    found = []
    for block in re.split(r"^## ", readme, flags=re.M)[1:]:
        title, _, body = block.partition("\n")
        if title.strip() in sections:
            for code in re.findall(r"^```\n(.*?)^```", body, re.S | re.M):
                found += [line.split("#")[0].strip() for line in code.splitlines()]
    return [c for c in found if c.startswith("uv ")]


def test_the_readme_quick_start_works_on_a_fresh_copy(handout, tmp_path):
    fresh = tmp_path / "download"
    shutil.copytree(handout, fresh)
    readme = (fresh / "README.md").read_text()
    assert "uv run grader" not in readme and "solutions" not in readme
    steps = commands(readme, "Quick start", "Submit")
    assert [s.split()[:3] for s in steps] == [
        ["uv", "sync"], ["uv", "run", "pytest"], ["uv", "run", "python"],
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "S13_"))}
    env |= {"UV_OFFLINE": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    done = [
        subprocess.run(shlex.split(step), cwd=fresh, env=env, capture_output=True, text=True,
                       timeout=600)
        for step in steps
    ]  # fmt: skip
    sync, tests, pack = done
    assert sync.returncode == 0, sync.stderr
    assert tests.returncode == 1 and "implement output_size" in tests.stdout  # the stubs
    torchless = subprocess.run(
        ["uv", "run", "pytest", "stages/s13_cnn", "-m", "lenet_torch"], cwd=fresh, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    summary = torchless.stdout.strip().splitlines()[-1]
    assert torchless.returncode in (0, 5) and "1 skipped" in summary, summary  # needs torch
    assert "part 6 (lenet_torch) skipped: part 6 needs PyTorch" in torchless.stdout
    assert "to run its tests: uv sync --group torch, then uv run pytest stages/s13_cnn -m " \
        "lenet_torch" in torchless.stdout  # the summary says why, and what enables it
    assert pack.returncode == 0, pack.stderr
    with zipfile.ZipFile(fresh / "submission.zip") as zf:
        assert sorted(zf.namelist()) == sorted(f"s13_cnn/{rel}" for rel in MODULES)
    staged = stage(fresh / "submission.zip")  # what the grader makes of it
    try:
        assert staged.status == "ok" and not staged.missing, staged.why
    finally:
        staged.cleanup()
    site = list((fresh / ".venv").glob("lib/python*/site-packages"))
    assert site and not (site[0] / "torch").exists()


def test_an_existing_handout_is_not_overwritten(handout):
    with pytest.raises(SystemExit) as exit_info:
        main(["handout", str(handout)])
    assert exit_info.value.code == 2
