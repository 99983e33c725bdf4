"""The validation half is frozen: tests/mistakes/validation/FROZEN lists every file's sha256.

    uv run python tests/mistakes/frozen.py     # rewrite FROZEN (see the rule in HEADER)

tests/e2e/test_validation_mistakes.py fails when a file under validation/ is added, removed or
changed and FROZEN does not say so; the manifest and the files change in the same commit.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALIDATION = HERE / "validation"
MANIFEST = VALIDATION / "FROZEN"

HEADER = """\
# The validation half of the mistake catalog, frozen: sha256 of every file under
# tests/mistakes/validation/ (paths relative to it). tests/e2e/test_validation_mistakes.py
# fails when a file is added, removed or changed without this manifest.
#
# The rule: the diagnosis (coursekit/diagnose.py, checks.py, compare.py, expected.py, the
# hints of the hidden suites, tests/mistakes/named.py) is never adjusted against these
# mistakes. They were written from what a learner sees (the READMEs, the stubs, the
# reference), without reading the diagnosis code, and their NAMED_BY words were chosen
# before any feedback on them was read; they measure how the feedback names mistakes it
# was not tuned on (tests/mistakes/measure.py --half validation). Later tuning adds
# mistakes to the tuning half, tests/mistakes/<part>/, only. A file here changes only when
# it stops being a mistake (it no longer loses points), in its own commit that says so,
# never to move a figure.
#
# sha256  path
"""


def digests(root: Path = VALIDATION) -> dict[str, str]:
    """{path relative to root: sha256} of every file under root but the manifest and caches."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path != MANIFEST and "__pycache__" not in path.parts
    }


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """FROZEN's entries: {path: sha256}."""
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            entries[name] = digest
    return entries


def differences(root: Path = VALIDATION, path: Path = MANIFEST) -> dict[str, list[str]]:
    """What differs between the files and the manifest: added, removed, changed."""
    files, frozen = digests(root), read_manifest(path)
    return {
        "added": sorted(set(files) - set(frozen)),
        "removed": sorted(set(frozen) - set(files)),
        "changed": sorted(n for n in set(files) & set(frozen) if files[n] != frozen[n]),
    }


def write_manifest(root: Path = VALIDATION, path: Path = MANIFEST) -> None:
    body = "".join(f"{digest}  {name}\n" for name, digest in digests(root).items())
    path.write_text(HEADER + body, encoding="utf-8")


if __name__ == "__main__":
    write_manifest()
    print(f"wrote {MANIFEST} ({len(digests())} files)")
    sys.exit(0)
