"""`grader handout OUTDIR`: the learners' copy of the project, a product of its own.

What goes in (a list of what is needed, so nothing new leaks by default):

    README.md            the learner's (grader/generate/handout_README.md, parts from the registry)
    pyproject.toml       the learner's: numpy, pytest, hypothesis; the optional groups of the
                         project's pyproject.toml (coursekit.course.GROUPS: `lenet`, `torch`)
    uv.lock              the project's lock, narrowed to those (`uv lock`, same versions)
    conftest.py          --impl and the `impl` fixture
    coursekit/           the seam, teaching checks, strategies, data, `lenet` and `pack`
    stages/s13_cnn/      the stubs, given layers, visible tests and the parts' READMEs

No grader code: the self-check is the visible tests (`uv run pytest stages/s13_cnn`), and
the grader's code, hidden suites, weights and torch references stay with the instructor.
Refused while a stub in stages/ is not what `grader stubs` generates. Symbolic links are
never followed (the project holds none).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

from coursekit.course import GROUPS, MARKERS, PARTS
from coursekit.seam import PROJECT_ROOT
from grader.generate.stubs import differing

INCLUDED = ("conftest.py", ".gitignore", "coursekit", "stages/s13_cnn")
IGNORED_NAMES = {"__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache"}
IGNORED_SUFFIXES = (".pyc",)
TEMPLATE = Path(__file__).resolve().parent / "handout_README.md"
CORE = ("numpy", "pytest", "hypothesis")  # what the visible tests need


def build_handout(outdir: Path, root: Path = PROJECT_ROOT, lock: bool = True) -> Path:
    outdir = outdir.expanduser().resolve()
    root = root.resolve()
    if outdir == root or root in outdir.parents:
        raise ValueError(f"the handout must go outside the project, not into {outdir}")
    if outdir.exists() and any(outdir.iterdir()):
        raise FileExistsError(f"{outdir} exists and is not empty")
    stale = differing(root)
    if stale:
        raise ValueError(f"stale stubs ({', '.join(stale)}): run `uv run grader stubs` first")
    outdir.mkdir(parents=True, exist_ok=True)
    for rel in INCLUDED:
        src = root / rel
        if src.is_dir():
            shutil.copytree(src, outdir / rel, ignore=_ignored)  # links become their files
        elif src.is_file():
            shutil.copy2(src, outdir / rel)
    (outdir / "pyproject.toml").write_text(learner_pyproject(root / "pyproject.toml"))
    (outdir / "README.md").write_text(learner_readme(root))
    if lock and (root / "uv.lock").is_file():
        shutil.copy2(root / "uv.lock", outdir / "uv.lock")
        narrow_lock(outdir)
    return outdir


def _ignored(folder: str, names: list[str]) -> set[str]:
    return {
        n for n in names
        if n in IGNORED_NAMES or n.endswith(IGNORED_SUFFIXES) or Path(folder, n).is_symlink()
    }  # fmt: skip


def _requirement(project: dict, name: str) -> str:
    """The project's own requirement string for `name` (its version bounds)."""
    for spec in project["project"]["dependencies"]:
        if re.match(rf"{re.escape(name)}\b", spec):
            return spec
    raise KeyError(f"pyproject.toml does not depend on {name}")


def learner_pyproject(pyproject: Path) -> str:
    project = tomllib.loads(pyproject.read_text())
    python = project["project"]["requires-python"]
    core = ",\n".join(f'    "{_requirement(project, n)}"' for n in CORE)
    declared = project["dependency-groups"]
    groups = "\n".join(  # a JSON list of strings is a TOML array
        f"# {why}\n{name} = {json.dumps(declared[name])}" for name, why in GROUPS.items()
    )
    warnings = project["tool"]["pytest"]["ini_options"].get("filterwarnings", [])
    filters = ", ".join(f'"{w}"' for w in warnings)
    return f'''[project]
name = "s13-cnn-handout"
version = "{project["project"]["version"]}"
description = "Stage 13: a convolutional network from scratch in NumPy (NHWC)."
readme = "README.md"
requires-python = "{python}"
dependencies = [
{core},
]

[project.scripts]
lenet = "coursekit.lenet_cli:main"

[dependency-groups]
{groups}

[build-system]
requires = ["hatchling>=1.24"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["coursekit"]

[tool.pytest.ini_options]
# the parts' markers are registered by conftest.py from coursekit/course.py
testpaths = ["stages/s13_cnn"]
addopts = "--import-mode=importlib -p no:cacheprovider"
filterwarnings = [{filters}]
'''


def learner_readme(root: Path) -> str:
    rows = [f"| {p.number} | [{p.name}]({p.readme}) | {p.title} |" for p in PARTS]
    text = TEMPLATE.read_text().replace("{parts}", "\n".join(rows))
    return text.replace("{markers}", " ".join(MARKERS))


def narrow_lock(outdir: Path) -> None:
    """Re-lock for the learner's dependencies, keeping the project's versions (uv prefers
    what the lock already holds); offline when uv's cache allows."""
    for offline in (["--offline"], []):
        done = subprocess.run(
            ["uv", "lock", "--quiet", *offline], cwd=outdir, capture_output=True, text=True
        )
        if done.returncode == 0:
            return
    raise RuntimeError(f"uv lock failed in {outdir}: {done.stderr.strip()[-800:]}")
