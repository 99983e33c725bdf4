"""The degenerate catalog: read its files, build a submission from each.

    from degenerate.catalog import DEGENERATE, build_submission
    for sub in DEGENERATE:                  # the generic ones first, then part by part
        build_submission(sub, tmp)          # -> tmp/<name>/s13_cnn, its modules patched

The file format is described in tests/degenerate/__init__.py; a patch is appended to its
module as tests/mistakes/catalog.py appends a mistake (imports hoisted, cores first).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from mistakes.catalog import Mistake, build_reference, read_meta, read_source

from coursekit import course
from coursekit.course import LEARNER_FILES, NAMES, PACKAGE

HERE = Path(__file__).resolve().parent
EVERYWHERE = "everywhere"  # the folder of the submissions that patch every learner module


@dataclass(frozen=True)
class Degenerate:
    name: str  # the file's stem: the submission's folder name and the test id
    parts: tuple[str, ...]  # the parts it is graded on: every part, or its folder's
    patches: tuple[Mistake, ...]  # one per module it patches
    bound: str | None  # the submission whose score (part by part) bounds its own
    also_earns: dict[str, str]  # test function -> why it may pass where its bound fails

    @property
    def description(self) -> str:
        return self.patches[0].description


@functools.cache
def load_catalog() -> tuple[Degenerate, ...]:
    """tests/degenerate/everywhere/<name>.py (every learner module), then
    tests/degenerate/<part>/<name>.py (its part's module), in part order; not _*.py (cores)."""
    folders = {p.name for p in HERE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    unknown = folders - set(NAMES) - {EVERYWHERE}
    assert not unknown, f"degenerate files for unknown parts: {unknown}"
    found = [_degenerate(path, None) for path in sorted((HERE / EVERYWHERE).glob("[!_]*.py"))]
    found += [_degenerate(path, part) for part in NAMES
              for path in sorted((HERE / part).glob("[!_]*.py"))]  # fmt: skip
    names = {d.name for d in found}
    assert len(names) == len(found), "degenerate names must be unique"
    for d in found:
        assert d.bound is None or d.bound in names, f"{d.name}: no submission {d.bound}"
    return tuple(found)


def build_submission(degenerate: Degenerate, dest: Path) -> Path:
    """A copy of the reference in dest/<name>/s13_cnn with each patch appended to its
    module; -> dest/<name>."""
    root = build_reference(dest, degenerate.name)
    for patch in degenerate.patches:
        with (root / PACKAGE / patch.module).open("a", encoding="utf-8") as f:
            f.write(patch.code())
    return root


def _degenerate(path: Path, part: str | None) -> Degenerate:
    source = read_source(path)
    assert source.doc, f"{path}: a degenerate file starts with a docstring that describes it"
    description = " ".join(source.doc.split("\n\n")[0].split())
    meta = read_meta(path)
    if part is None:
        modules = LEARNER_FILES
    else:
        files = course.part(part).learner_files
        modules = files if len(files) == 1 else (str(meta["MODULE"]),)
        assert set(modules) <= set(files), f"{path}: MODULE must be one of {files}"
    patches = tuple(
        Mistake(path.stem, module.split("/")[0], module, path, description, meta)
        for module in modules
    )
    also = meta.get("ALSO_EARNS", {})
    assert isinstance(also, dict), f"{path}: ALSO_EARNS maps test names to reasons"
    bound = meta.get("BOUND")
    return Degenerate(path.stem, NAMES if part is None else (part,), patches,
                      None if bound is None else str(bound), also)  # fmt: skip


DEGENERATE: tuple[Degenerate, ...] = load_catalog()
