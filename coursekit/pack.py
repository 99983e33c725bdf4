"""`uv run python -m coursekit.pack`: the zip a learner uploads.

It holds only what the grader takes, the learner's modules of every part (from the
registry, coursekit/course.py), under s13_cnn/: s13_cnn/padding/padding.py, ...,
s13_cnn/exercises/initialisation.py.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from .course import LEARNER_FILES, PACKAGE

MODULES = LEARNER_FILES  # relative to s13_cnn/


def pack(package: Path, out: Path) -> list[str]:
    """Zip the part modules of `package` (an s13_cnn folder) into `out`; their names."""
    missing = [rel for rel in MODULES if not (package / rel).is_file()]
    if missing:
        raise FileNotFoundError(f"not found in {package}: {', '.join(missing)}")
    names = [f"{PACKAGE}/{rel}" for rel in MODULES]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel, name in zip(MODULES, names, strict=True):
            zf.write(package / rel, name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.pack",
        description=f"Zip your {len(MODULES)} part modules for upload (only they are graded): "
        + ", ".join(MODULES) + ".",
    )
    parser.add_argument("--stages", default="stages/s13_cnn", help="your s13_cnn folder")
    parser.add_argument("--out", default="submission.zip", help="the zip to write")
    args = parser.parse_args(argv)
    try:
        names = pack(Path(args.stages), Path(args.out))
    except FileNotFoundError as exc:
        print(f"pack: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: " + ", ".join(names))
    print("Upload this file as your submission.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
