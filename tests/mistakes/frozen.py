"""The frozen halves (validation, holdout, unseen, fresh): <half>/FROZEN lists every file's
sha256.

    uv run python tests/mistakes/frozen.py [--half validation|holdout|unseen|fresh]
        # rewrite that half's FROZEN (default validation; see the rule in its header)

tests/e2e/test_validation_mistakes.py (validation) and tests/e2e/test_holdout_mistakes.py
(holdout, unseen, fresh) fail when a file under the half is added, removed or changed and
its FROZEN does not say so; the manifest and the files change in the same commit.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALIDATION = HERE / "validation"
HOLDOUT = HERE / "holdout"
MANIFEST = VALIDATION / "FROZEN"
HOLDOUT_MANIFEST = HOLDOUT / "FROZEN"
UNSEEN = HERE / "unseen"
FRESH = HERE / "fresh"
ROOTS = {"validation": VALIDATION, "holdout": HOLDOUT, "unseen": UNSEEN, "fresh": FRESH}

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

HOLDOUT_HEADER = """\
# The holdout half of the mistake catalog, frozen: sha256 of every file under
# tests/mistakes/holdout/ (paths relative to it). tests/e2e/test_holdout_mistakes.py fails
# when a file is added, removed or changed without this manifest.
#
# How it was written: blind, on 2026-12-07, before this round's diagnosis changes, from
# what a learner sees only: the parts' READMEs, the stubs and the reference solutions. Its
# author did not read the diagnosis code (coursekit/diagnose.py, evidence/, relations.py,
# checks.py, failure*.py), the hidden suites, the evidence and expected files, nor the
# other two halves (tests/mistakes/<part>/, validation/, named.py, variants.py); each
# file's NAMED_BY words were written before its mutant was first run,
# and no feedback on these mutants was read: a mutant was kept when the visible suite's
# counts (or else the grader's score) showed it loses points.
#
# The rule: the diagnosis is never adjusted against these mistakes; they measure how the
# feedback names mistakes it was not tuned on (tests/mistakes/measure.py --half holdout).
# A file here changes only when it stops being a mistake (it no longer loses points), in
# its own commit that says so, never to move a figure.
#
# sha256  path
"""
UNSEEN_HEADER = """\
# The unseen half of the mistake catalog, frozen: sha256 of every file under
# tests/mistakes/unseen/ (paths relative to it). tests/e2e/test_holdout_mistakes.py fails
# when a file is added, removed or changed without this manifest.
#
# How it was written: blind, on 2026-12-07, in the round after the holdout half's figures
# and the names of its silent mistakes were published, and before that round's diagnosis
# changes, from what a learner sees only: the parts' READMEs, the stubs and the reference
# solutions. Its author did not read the diagnosis code (coursekit/evidence/,
# relations.py, checks.py, failure*.py), the hidden suites, the evidence and expected
# files, any closing note, nor the other halves (tests/mistakes/<part>/, validation/,
# holdout/, named.py, variants.py); each file's NAMED_BY words were written before its
# mutant was first run, and no feedback on these mutants was read: a mutant was kept when
# the visible suite's counts (or else the grader's score) showed it loses points.
#
# The rule: the diagnosis is never adjusted against these mistakes; they measure how the
# feedback names mistakes it was not tuned on (tests/mistakes/measure.py --half unseen).
# A file here changes only when it stops being a mistake (it no longer loses points), in
# its own commit that says so, never to move a figure.
#
# sha256  path
"""
FRESH_HEADER = """\
# The fresh half of the mistake catalog, frozen: sha256 of every file under
# tests/mistakes/fresh/ (paths relative to it). tests/e2e/test_holdout_mistakes.py fails
# when a file is added, removed or changed without this manifest.
#
# How it was written: blind, on 2026-12-07, in the round after the unseen half's figures
# and the names of its silent mistakes were published, at the same time as that round's
# diagnosis changes and blind to them (and they to it), from what a learner sees only: the
# parts' READMEs, the stubs and the reference solutions. Its author did not read the
# diagnosis code (coursekit/evidence/, relations.py, checks.py, failure*.py), the hidden
# suites, the evidence and expected files, any closing note, nor the other halves
# (tests/mistakes/<part>/, validation/, holdout/, unseen/, named.py, variants.py); each
# file's NAMED_BY words were written before its mutant was first run, and no feedback on
# these mutants was read: a mutant was kept when the grader's score showed it loses points.
#
# The rule: the diagnosis is never adjusted against these mistakes; they measure how the
# feedback names mistakes it was not tuned on (tests/mistakes/measure.py --half fresh).
# A file here changes only when it stops being a mistake (it no longer loses points), in
# its own commit that says so, never to move a figure.
#
# sha256  path
"""
HEADERS = {"validation": HEADER, "holdout": HOLDOUT_HEADER, "unseen": UNSEEN_HEADER,
           "fresh": FRESH_HEADER}  # fmt: skip


def manifest_of(root: Path) -> Path:
    """The manifest of a frozen half: <root>/FROZEN."""
    return root / "FROZEN"


def digests(root: Path = VALIDATION) -> dict[str, str]:
    """{path relative to root: sha256} of every file under root but the manifest and caches."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path != manifest_of(root) and "__pycache__" not in path.parts
    }


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """FROZEN's entries: {path: sha256}."""
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            entries[name] = digest
    return entries


def differences(root: Path = VALIDATION, path: Path | None = None) -> dict[str, list[str]]:
    """What differs between the files under root and its manifest (default <root>/FROZEN):
    added, removed, changed."""
    files, frozen = digests(root), read_manifest(path or manifest_of(root))
    return {
        "added": sorted(set(files) - set(frozen)),
        "removed": sorted(set(frozen) - set(files)),
        "changed": sorted(n for n in set(files) & set(frozen) if files[n] != frozen[n]),
    }


def write_manifest(root: Path = VALIDATION, path: Path | None = None, header: str = HEADER) -> None:
    body = "".join(f"{digest}  {name}\n" for name, digest in digests(root).items())
    (path or manifest_of(root)).write_text(header + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rewrite a frozen half's manifest.")
    parser.add_argument("--half", choices=sorted(ROOTS), default="validation")
    half = parser.parse_args(argv).half
    root = ROOTS[half]
    write_manifest(root, header=HEADERS[half])
    print(f"wrote {manifest_of(root)} ({len(digests(root))} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
