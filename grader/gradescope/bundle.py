"""`grader gradescope OUT.zip`: the autograder bundle Gradescope takes.

    setup.sh, run_autograder     at the zip's root (grader/gradescope/): Gradescope runs
                                 setup.sh once when it builds the image, run_autograder
                                 once per submission
    autograder.json              the instructor's settings (grader/gradescope/autograder.py)
    pyproject.toml, uv.lock      the environment, built by setup.sh from the lock
    conftest.py, coursekit/, grader/ (hidden suites included), stages/s13_cnn/,
    solutions/s13_cnn/ (the hidden suites' reference), data/mnist/ (with --mnist)

Everything else of the project (tests/, docs/, benchmarks/, caches) stays out.
"""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

from coursekit.seam import PROJECT_ROOT
from grader.gradescope.settings import SETTINGS_FILE, Settings

SCRIPTS = Path(__file__).resolve().parent / "scripts"  # at the bundle's top, not in grader/
EXECUTABLES = ("setup.sh", "run_autograder")
INCLUDED = (
    "pyproject.toml", "uv.lock", "README.md", "conftest.py",
    "coursekit", "grader", "stages/s13_cnn", "solutions/s13_cnn",
)  # fmt: skip
SKIPPED_NAMES = {"__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache"}
MNIST_FILES = (
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
)  # fmt: skip
# fixed times: the same project and settings give the same zip, byte for byte
EPOCH = (2024, 1, 1, 0, 0, 0)


def build_bundle(
    out: Path, settings: Settings, mnist: Path | None = None, root: Path = PROJECT_ROOT
) -> list[str]:
    """Write the zip; returns its member names."""
    members: dict[str, Path] = {}
    for rel in INCLUDED:
        path = root / rel
        if path.is_file():
            members[rel] = path
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                parts = file.relative_to(root).parts
                skipped = SKIPPED_NAMES & set(parts) or file.is_relative_to(SCRIPTS)
                if file.is_file() and not skipped and file.suffix != ".pyc":
                    members[file.relative_to(root).as_posix()] = file
    if mnist is not None:
        for name in MNIST_FILES:
            if not (mnist / name).is_file():
                raise FileNotFoundError(f"--mnist {mnist}: {name} is missing")
            members[f"data/mnist/{name}"] = mnist / name
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in EXECUTABLES:
            _add(zf, name, (SCRIPTS / name).read_bytes(), 0o755)
        _add(zf, SETTINGS_FILE, json.dumps(settings.to_dict(), indent=2).encode() + b"\n")
        for name, path in sorted(members.items()):
            _add(zf, name, path.read_bytes())  # a link is stored as what it points to
    return [*EXECUTABLES, SETTINGS_FILE, *sorted(members)]


def _add(zf: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)
