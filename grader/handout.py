"""`grader handout OUTDIR`: the learners' copy of the project.

Everything except solutions/, grader/hidden/, tests/, .git and local caches (virtual
environments, __pycache__, .hypothesis, build outputs). In the handout `uv run grader run
stages` still works, on the visible tests only. Refused while a stub in stages/ is not
what `grader stubs` generates.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from coursekit.seam import PROJECT_ROOT

from .stubs import differing

EXCLUDED = {"solutions", "grader/hidden", "tests", ".git"}
IGNORED_NAMES = {
    ".venv", "__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache", "build", "dist",
    "runs", ".whl", "grades",
}  # fmt: skip
IGNORED_SUFFIXES = (".pyc", ".egg-info")


def build_handout(outdir: Path, root: Path = PROJECT_ROOT) -> Path:
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
    _copy(root, outdir, root)
    pyproject = outdir / "pyproject.toml"
    if pyproject.is_file():  # there is no tests/ in a handout: a bare pytest runs the stage
        text = pyproject.read_text().replace('["tests"]', '["stages/s13_cnn"]')
        pyproject.write_text(text)
    return outdir


def _skip(path: Path, root: Path) -> bool:
    rel = path.relative_to(root).as_posix()
    return rel in EXCLUDED or path.name in IGNORED_NAMES or path.name.endswith(IGNORED_SUFFIXES)


def _copy(src: Path, dst: Path, root: Path) -> None:
    for path in sorted(src.iterdir()):
        if _skip(path, root):
            continue
        target = dst / path.name
        if path.is_symlink():  # the project holds none (tests/test_course.py); never follow one
            continue
        if path.is_dir():
            target.mkdir()
            _copy(path, target, root)
        elif path.is_file():
            shutil.copy2(path, target)
