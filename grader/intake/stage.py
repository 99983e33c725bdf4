"""Intake: turn a submission (folder or .zip) into a fresh, trusted staging tree.

Only the learner's five implementation modules are taken from a submission; everything
else in the staged `s13_cnn/` package (the `__init__.py` files, the GIVEN `lenet/layers.py`,
the stub of any missing module) comes from the instructor's `stages/s13_cnn`. A
submission's tests, conftest.py, pytest.ini or extra files are never copied, so they
never run.

    staged = stage("submissions/ada.zip")
    staged.root        # <tmp>/staged, holds s13_cnn/
    staged.notes       # ["lenet/lenet.py is missing: the stub was used, its tests fail"]
    staged.cleanup()
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from coursekit import course as registry
from coursekit.course import LEARNER_FILES, PACKAGE
from grader.core.checkout import CHECKOUT, Checkout
from grader.core.outcomes import Status
from grader.intake.zips import SKIPPED_DIRS, InvalidSubmission, extract_zip, member_parts, wanted

# part -> the learner's modules inside s13_cnn/
LEARNER_MODULES = {p.name: p.learner_files for p in registry.PARTS}
# instructor files copied into every staged package (from stages/, equal to solutions/
# by `grader stubs --check`): a submission's copy of a given module is never read
GIVEN_FILES = (
    "__init__.py", *(f"{part}/__init__.py" for part in registry.NAMES), *registry.GIVEN_FILES
)

MAX_MODULE_BYTES = 1 << 20  # one learner module


NO_PACKAGE = f"no {PACKAGE} folder at the top of the submission or one level down"
FLAT_HINT = f" (found the part folders at the top: put them inside a folder named {PACKAGE})"




@dataclass
class Staged:
    """One submission, staged (Status.OK) or refused (Status.INVALID, root None)."""

    name: str
    source: Path
    status: Status = Status.OK
    why: str = ""
    root: Path | None = None
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # parts whose stub was used
    tmp: Path | None = None

    def cleanup(self) -> None:
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def submission_name(target: str | Path) -> str:
    path = Path(target)
    return path.stem if path.suffix.lower() == ".zip" else path.name or str(target)


def resolve_target(target: str | Path, course: Checkout = CHECKOUT) -> Path:
    """'solutions' | 'stages' (the project's trees) | a path -> an existing path."""
    if str(target) in ("solutions", "stages"):
        return course.root / str(target)
    return Path(target).expanduser().resolve()


def stage(
    target: str | Path,
    course: Checkout = CHECKOUT,
    *,
    name: str | None = None,
    workdir: str | Path | None = None,
) -> Staged:
    """Stage one submission into a new temporary folder; never raises for a bad one."""
    source = resolve_target(target, course)
    staged = Staged(name=name or submission_name(source), source=source)
    staged.tmp = Path(tempfile.mkdtemp(prefix="grader-", dir=workdir))
    try:
        if source.is_file() and source.suffix.lower() == ".zip":
            tree = staged.tmp / "extracted"
            names = extract_zip(source, tree)
            if not any(wanted(member_parts(n)) for n in names):
                flat = any(n.endswith(LEARNER_FILES) for n in names)
                raise InvalidSubmission(NO_PACKAGE + (FLAT_HINT if flat else ""))
        elif source.is_dir():
            tree = source
        elif source.exists():
            raise InvalidSubmission(f"{source.name} is neither a folder nor a .zip archive")
        else:
            raise InvalidSubmission(f"{source} does not exist")
        package = find_package(tree)
        staged.root = staged.tmp / "staged"
        _build(package, staged, course)
    except InvalidSubmission as exc:
        staged.status, staged.why, staged.root = Status.INVALID, str(exc), None
    return staged


# -- finding the package -------------------------------------------------------------------


def find_package(tree: Path) -> Path:
    """The s13_cnn/ folder at the root of `tree` or one level down (exactly one)."""
    direct = tree / PACKAGE
    if _is_real_dir(direct):
        return direct
    if direct.is_symlink():
        raise InvalidSubmission(f"{PACKAGE} is a symbolic link; submit the folder itself")
    found = [
        child / PACKAGE
        for child in _children(tree)
        if _is_real_dir(child) and _is_real_dir(child / PACKAGE)
    ]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(str(p.relative_to(tree)) for p in found)
        raise InvalidSubmission(f"several {PACKAGE} folders found ({names}); submit only one")
    flat = any((tree / rel).is_file() for rel in LEARNER_FILES)
    raise InvalidSubmission(NO_PACKAGE + (FLAT_HINT if flat else ""))


def _children(tree: Path) -> list[Path]:
    try:
        entries = sorted(tree.iterdir())
    except OSError as exc:
        raise InvalidSubmission(f"cannot read the submission: {exc.strerror}") from None
    return [p for p in entries if not p.name.startswith(".") and p.name not in SKIPPED_DIRS]


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


# -- building the staged package -----------------------------------------------------------


def _build(package: Path, staged: Staged, course: Checkout) -> None:
    pristine = course.stages_pkg
    target = staged.root / PACKAGE
    for rel in GIVEN_FILES:
        _install(pristine / rel, target / rel)
    for part, rels in LEARNER_MODULES.items():
        for rel in rels:
            try:
                data = read_module(package, rel)
            except InvalidSubmission as exc:
                if part not in staged.missing:
                    staged.missing.append(part)
                staged.notes.append(f"{rel}: {exc}: the stub was used, so its tests fail")
                _install(pristine / rel, target / rel)
            else:
                _write(target / rel, data)
    # readable by a worker that runs under another user; nothing in here is secret
    for dirpath, _, _ in os.walk(staged.root):
        os.chmod(dirpath, 0o755)
    os.chmod(staged.tmp, 0o755)


def read_module(package: Path, rel: str) -> bytes:
    """The bytes of package/rel: a regular file, reached through no symbolic link."""
    path = package
    for part in PurePosixPath(rel).parts[:-1]:
        path = path / part
        if not _is_real_dir(path):
            why = "is a symbolic link" if path.is_symlink() else "is missing"
            raise InvalidSubmission(f"folder {part}/ {why}")
    path = path / PurePosixPath(rel).name
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except FileNotFoundError:
        raise InvalidSubmission("is missing") from None
    except OSError:
        if path.is_symlink():
            raise InvalidSubmission("is a symbolic link, not accepted") from None
        raise InvalidSubmission("cannot be read") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InvalidSubmission("is not a regular file")
        data = fh.read(MAX_MODULE_BYTES + 1)
    if len(data) > MAX_MODULE_BYTES:
        raise InvalidSubmission(f"is larger than {MAX_MODULE_BYTES // 1024} KiB")
    return data


def _install(src: Path, dst: Path) -> None:
    _write(dst, src.read_bytes())


def _write(dst: Path, data: bytes) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    os.chmod(dst, 0o644)
