"""The project's trees as the tests see them, and copies of them."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

from coursekit.course import LEARNER_FILES
from grader.core.checkout import Checkout
from grader.intake.stage import GIVEN_FILES

ROOT = Path(__file__).resolve().parents[1]  # the project
SOLUTIONS = ROOT / "solutions" / "s13_cnn"
STAGES = ROOT / "stages" / "s13_cnn"
MODULES = sorted(LEARNER_FILES)  # what intake takes from a submission
GIVEN = sorted(GIVEN_FILES)  # what it takes from stages/, always


def copy_package(src: Path, dest: Path) -> Path:
    """src (an s13_cnn folder) -> dest/s13_cnn, links resolved, tests and READMEs left out."""
    target = dest / "s13_cnn"
    shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "test_*", "*.md"))
    return target


def worker_available() -> bool:
    try:
        from grader.worker import WorkerImpl  # noqa: F401
    except Exception:
        return False
    return True


def staged_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root / "s13_cnn").as_posix() for p in root.rglob("*") if p.is_file()
    )


def make_zip(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


def solution_members(prefix: str = "") -> dict[str, bytes]:
    return {f"{prefix}s13_cnn/{rel}": (SOLUTIONS / rel).read_bytes() for rel in MODULES}


def make_submission(root: Path, patch: dict[str, str] | None = None) -> Path:
    """A copy of the reference solutions under root/s13_cnn, with text appended to or
    replacing modules: {"padding/padding.py": "+<text to append>" | "<new content>"}."""
    shutil.copytree(SOLUTIONS, root / "s13_cnn", ignore=shutil.ignore_patterns("__pycache__"))
    for rel, text in (patch or {}).items():
        path = root / "s13_cnn" / rel
        if text.startswith("+"):
            path.write_text(path.read_text() + text[1:])
        else:
            path.write_text(text)
    return root


def course_copy(root: Path) -> Checkout:
    """A copy of the course files a grade (and a cache key) depends on, to edit freely."""
    for rel in ("stages/s13_cnn", "grader/hidden"):
        shutil.copytree(ROOT / rel, root / rel, ignore=shutil.ignore_patterns("__pycache__"))
    for rel in ("pyproject.toml", "conftest.py"):
        shutil.copy(ROOT / rel, root / rel)
    return Checkout(root=root)
