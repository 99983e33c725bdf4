"""The mistake catalog: read the mistake files, build a mutant submission from each.

    from mistakes.catalog import build_submission, load_catalog, load_validation
    for mistake in load_catalog():          # parts in teaching order, then by name
        build_submission(mistake, tmp)      # -> tmp/<name>/s13_cnn, one module mutated

Three halves, in the same file format (tests/mistakes/__init__.py describes it and how a
mutant is built):

- the tuning half, load_catalog(): tests/mistakes/<part>/<name>.py, the mistakes the
  diagnoses are written and tuned against;
- the validation half, load_validation(): tests/mistakes/validation/<part>/<name>.py,
  written independently of the diagnosis code and frozen (validation/FROZEN): the
  diagnosis is never adjusted against them, so measuring it on them (measure.py) says how
  it does on mistakes it was not tuned on;
- the holdout half, load_holdout(): tests/mistakes/holdout/<part>/h_<name>.py, a second
  set written the same way (blind: from the READMEs, the stubs and the reference only) and
  frozen the same way (holdout/FROZEN), for a measurement the diagnosis was never tuned on;
- the unseen half, load_unseen(): tests/mistakes/unseen/<part>/u_<name>.py, a third set
  written blind the same way, in the round after the holdout half's figures (and the names
  of its silent mistakes) were published, and frozen before that round's diagnosis changes;
- the fresh half, load_fresh(): tests/mistakes/fresh/<part>/f_<name>.py, a fourth set
  written blind the same way, in the round after the unseen half's figures were published,
  and frozen before that round's diagnosis changes.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from coursekit import course
from coursekit.course import NAMES, PACKAGE

HERE = Path(__file__).resolve().parent
VALIDATION = HERE / "validation"
HOLDOUT = HERE / "holdout"
UNSEEN = HERE / "unseen"
FRESH = HERE / "fresh"
HALVES = ("tuning", "validation", "holdout", "unseen", "fresh")
FROZEN_HALVES = {"validation": VALIDATION, "holdout": HOLDOUT, "unseen": UNSEEN,
                 "fresh": FRESH}  # -> folder  # fmt: skip
SOLUTIONS = HERE.parents[1] / "solutions" / PACKAGE

# Mistakes that the visible and hidden suites do not catch yet (findings), with the test
# that would: tests/e2e/test_mistakes.py marks them xfail(strict=True), so the day a suite
# catches one, its XPASS says to delete the entry.
KNOWN_MISSES: dict[str, str] = {}


@dataclass(frozen=True)
class Mistake:
    name: str  # the file's stem: the submission's folder name and the test id
    part: str  # the file's folder: the part whose score must drop
    module: str  # the part's learner module, relative to s13_cnn/: "conv/conv.py"
    path: Path  # the mistake file
    description: str  # the docstring's first paragraph: the learner's mistake, one sentence
    meta: dict[str, object] = field(default_factory=dict)  # its UPPER_CASE = literal lines
    half: str = "tuning"  # "tuning" (tests/mistakes/<part>/), or one of FROZEN_HALVES

    @property
    def cores(self) -> tuple[Path, ...]:
        """The core files this mistake builds on: its `from ._core import ...` lines."""
        return tuple(self.path.with_name(f"{m}.py") for m in read_source(self.path).cores)

    def code(self) -> str:
        """What build_submission appends to the module: all imports first, then the cores'
        bodies, then the mistake's."""
        sources = [read_source(path) for path in (*self.cores, self.path)]
        for core in sources[:-1]:
            assert not core.cores, f"{core.path}: a core builds on no other core"
        imports = "".join(s.imports for s in sources)
        bodies = "".join(f"\n# -- {s.path.relative_to(HERE.parent)}\n{s.body}" for s in sources)
        return f"\n\n# ---- mistake {self.name}: {self.description}\n{imports}{bodies}"


@functools.cache
def load_catalog() -> tuple[Mistake, ...]:
    """The tuning half: every mistake file tests/mistakes/<part>/<name>.py (not _*.py:
    cores), in part order."""
    return _load(HERE, "tuning")


@functools.cache
def load_validation() -> tuple[Mistake, ...]:
    """The validation half: tests/mistakes/validation/<part>/<name>.py, in part order. Its
    names are unique across both halves."""
    mistakes = _load(VALIDATION, "validation")
    clash = {m.name for m in mistakes} & {m.name for m in load_catalog()}
    assert not clash, f"validation mistakes named like tuning ones: {sorted(clash)}"
    return mistakes


@functools.cache
def _load_blind(half: str) -> tuple[Mistake, ...]:
    """A blind half written after the validation half: tests/mistakes/<half>/<part>/<name>.py,
    in part order (none while its folder is missing). Its names are unique across the halves
    before it."""
    root = FROZEN_HALVES[half]
    if not root.is_dir():
        return ()
    mistakes = _load(root, half)
    before = HALVES[: HALVES.index(half)]
    others = {m.name for h in before for m in load_half(h)}
    clash = {m.name for m in mistakes} & others
    assert not clash, f"{half} mistakes named like those of {before}: {sorted(clash)}"
    return mistakes


def load_holdout() -> tuple[Mistake, ...]:
    """The holdout half: tests/mistakes/holdout/<part>/h_<name>.py, in part order."""
    return _load_blind("holdout")


def load_unseen() -> tuple[Mistake, ...]:
    """The unseen half: tests/mistakes/unseen/<part>/u_<name>.py, in part order."""
    return _load_blind("unseen")


def load_fresh() -> tuple[Mistake, ...]:
    """The fresh half: tests/mistakes/fresh/<part>/f_<name>.py, in part order."""
    return _load_blind("fresh")


def load_half(half: str) -> tuple[Mistake, ...]:
    """load_catalog() for "tuning", else the frozen half of that name."""
    assert half in HALVES, f"no half {half!r}; halves: {HALVES}"
    if half == "tuning":
        return load_catalog()
    return load_validation() if half == "validation" else _load_blind(half)


def _load(root: Path, half: str) -> tuple[Mistake, ...]:
    frozen = {p.name for p in FROZEN_HALVES.values()}
    skipped = {"__pycache__", *frozen} if root == HERE else {"__pycache__"}
    folders = {p.name for p in root.iterdir() if p.is_dir() and p.name not in skipped}
    assert folders <= set(NAMES), f"mistakes for unknown parts: {sorted(folders - set(NAMES))}"
    mistakes = tuple(
        _mistake(path, part, half)
        for part in NAMES
        for path in sorted((root / part).glob("[!_]*.py"))
    )
    names = [m.name for m in mistakes]
    assert len(names) == len(set(names)), "mistake names must be unique across parts"
    return mistakes


def build_submission(mistake: Mistake, dest: Path) -> Path:
    """Copy the reference into dest/<name>/s13_cnn and append the mistake; -> dest/<name>."""
    root = build_reference(dest, mistake.name)
    with (root / PACKAGE / mistake.module).open("a", encoding="utf-8") as f:
        f.write(mistake.code())
    return root


def build_reference(dest: Path, name: str = "reference") -> Path:
    """An unmutated copy of the reference, built the same way: dest/<name>/s13_cnn."""
    root = Path(dest) / name
    if root.exists():
        shutil.rmtree(root)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(SOLUTIONS, root / PACKAGE, ignore=ignore)  # links copied as files
    return root


def _mistake(path: Path, part: str, half: str = "tuning") -> Mistake:
    doc = read_source(path).doc
    assert doc, f"{path}: a mistake file starts with a docstring that describes the mistake"
    assert not path.stem.startswith("test"), f"{path}: pytest would collect it as a test file"
    first_paragraph = " ".join(doc.split("\n\n")[0].split())
    meta = read_meta(path)
    module = _learner_file(part, meta)
    return Mistake(path.stem, part, module, path, first_paragraph, meta, half)


def _learner_file(part: str, meta: dict[str, object]) -> str:
    """The module a mistake patches: its part's only learner module, or, in a part with
    several, the one its `MODULE = "<part>/<module>.py"` line names."""
    files = course.part(part).learner_files
    if len(files) == 1:
        return files[0]
    assert meta.get("MODULE") in files, f"{part} has learner modules {files}: set MODULE"
    return str(meta["MODULE"])


def read_meta(path: Path) -> dict[str, object]:
    """Its top-level `NAME = <literal>` lines with an upper-case NAME: data about the mistake
    for tools that read the catalog (none yet), e.g. `DIAGNOSIS = "kernel flipped"`."""
    meta = {}
    for s in read_source(path).tree.body:
        if isinstance(s, ast.Assign) and len(s.targets) == 1:
            name = getattr(s.targets[0], "id", "")
            with contextlib.suppress(ValueError):  # not a literal: code, not data
                if name.isupper():
                    meta[name] = ast.literal_eval(s.value)
    return meta


@dataclass(frozen=True)
class Source:
    """A mistake or core file, split into its top-level imports and its body."""

    path: Path
    tree: ast.Module
    doc: str | None
    imports: str  # the top-level import statements, relative ones left out
    body: str  # every line after the last top-level import
    cores: tuple[str, ...]  # the modules of its relative imports: `from ._core import x`


IMPORTS = ast.Import | ast.ImportFrom


@functools.cache
def read_source(path: Path) -> Source:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    lines = text.splitlines(keepends=True)
    doc = ast.get_docstring(tree)
    statements = tree.body[1:] if doc is not None else tree.body
    n = next((k for k, s in enumerate(statements) if not isinstance(s, IMPORTS)), len(statements))
    imports, rest = statements[:n], statements[n:]
    late = [s.lineno for s in rest if isinstance(s, IMPORTS)]
    assert not late, f"{path}: imports come first, before any other statement (lines {late})"
    kept, cores = [], []
    for s in imports:
        if isinstance(s, ast.ImportFrom) and s.level:
            assert s.level == 1 and "." not in (s.module or "."), f"{path}: `from ._core import`"
            cores.append(s.module)
        else:
            assert getattr(s, "module", None) != "__future__", f"{path}: no __future__ imports"
            kept.append("".join(lines[s.lineno - 1 : s.end_lineno]))
    end = imports[-1].end_lineno if imports else tree.body[0].end_lineno if doc is not None else 0
    return Source(path, tree, doc, "".join(kept), "".join(lines[end:]), tuple(cores))


MISTAKES: tuple[Mistake, ...] = load_catalog()
