"""The grader catches common learner mistakes: every mutant of the catalog in tests/mistakes/,
graded through the CLI, loses points in the part it breaks.

One batch per part (tests/catalog_batches.py, the session's `catalog_batches` fixture,
shared with test_validation_mistakes.py: one batch per part for both): the part's mutants
plus an unmutated copy of the reference, graded by `grader run FOLDER --batch --jobs 2
--part P` in a subprocess, exactly as an instructor runs it. Then, per mutant: its score in
the part is below the part's maximum, and at least one of the tests that failed is a fast
one (not the MNIST training run), so the mistake is pinned down by a test that teaches; and
the reference copy gets full marks, so the drop is the mistake's doing.

The batches grade with MNIST_DIR pointing at an empty folder: the training test falls
back to scikit-learn's digits (seconds instead of tens of seconds per submission), and it
runs all the same.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from catalog_batches import REFERENCE, Batch, CatalogBatches, crashed_tests
from mistakes.catalog import (
    FROZEN_HALVES,
    KNOWN_MISSES,
    Mistake,
    build_submission,
    load_catalog,
    load_half,
    read_source,
)
from trees import ROOT

from coursekit.course import NAMES

# caught only by these = not caught
SLOW_TESTS = {"test_mnist_training_reaches_accuracy", "test_mnist_training_reaches_97_percent"}
# what this module's tests need graded in the shared batches (tests/catalog_batches.py)
GRADED_HALVES = ("tuning",)
MISTAKES = load_catalog()
# every half is held to the file format; only the tuning half is graded here (the frozen
# halves are graded and measured by tests/e2e/test_validation_mistakes.py)
ALL_HALVES = (*MISTAKES, *(m for half in FROZEN_HALVES for m in load_half(half)))

# the issue's list: each must be in the catalog, under these names
ISSUE_MISTAKES = {
    "off-by-one output size": "output_size_missing_plus_one",
    "flipped kernel": "conv_flipped_kernel",
    "missing bias gradient": "conv_bias_grad_missing",
    "averaged bias gradient": "conv_bias_grad_averaged",
    "wrong im2col row order": "im2col_rows_w_before_h",
    "wrong im2col column order": "im2col_columns_c_kh_kw",
    "col2im overwriting instead of summing": "col2im_overwrites",
    "max-pool gradient spread over the window": "maxpool_grad_spread_over_window",
    "average-pool gradient not divided": "avgpool_grad_not_divided",
    "stride ignored": "im2col_ignores_stride",
    "writing into an argument": "softmax_shifts_logits_in_place",
    "unstable softmax": "softmax_unstable",
    "wrong He scale": "conv_he_fan_in_without_channels",
    # issue 10: parts 6 and 7
    "a wrong C3 table entry": "c3_table_wrong_entry",
    "tanh without 2/3": "tanh_without_two_thirds",
    "the RBF codes trained": "rbf_codes_trained",
    "argmax instead of argmin": "predict_argmax",
    "subsampling averaged instead of summed times a coefficient": "subsampling_averaged",
    "the kernel layout not transposed in from_numpy": "from_numpy_kernel_hw_swapped",
    "nn.Conv2d used": "nn_conv2d_used",
    "a grad not zeroed in sgd_step": "sgd_grad_not_zeroed",
}


@pytest.fixture(scope="module")
def batch(catalog_batches: CatalogBatches) -> Callable[[str], Batch]:
    """batch(part): that part's graded batch, run on first use (tests go part by part)."""
    return catalog_batches


def test_the_catalog_covers_the_issue():
    names = {m.name for m in MISTAKES}
    assert len(MISTAKES) >= 30
    assert REFERENCE not in names
    for part in NAMES:
        assert sum(m.part == part for m in MISTAKES) >= 4, f"fewer than 4 mistakes in {part}"
    missing = {what: name for what, name in ISSUE_MISTAKES.items() if name not in names}
    assert not missing, f"issue mistakes not in the catalog: {missing}"
    assert set(KNOWN_MISSES) <= names
    for m in MISTAKES:
        assert (ROOT / "solutions" / "s13_cnn" / m.module).is_file(), m.name


def _bound(statements: list[ast.stmt]) -> set[str]:
    """The names that top-level statements bind (defs, classes, assignments, imports)."""
    names = set()
    for s in statements:
        if isinstance(s, ast.FunctionDef | ast.ClassDef):
            names.add(s.name)
        elif isinstance(s, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in s.names}
        elif isinstance(s, ast.Assign | ast.AnnAssign):
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            names |= {name for t in targets for name in _assigned(t)}
    return names


def _assigned(target: ast.expr) -> list[str]:
    """`a = ...` and `a, b = ...` bind names; `Conv2D.forward = ...` binds none."""
    if isinstance(target, ast.Tuple | ast.List):
        return [name for t in target.elts for name in _assigned(t)]
    return [target.id] if isinstance(target, ast.Name) else []


def _module_names(path: Path) -> set[str]:
    return _bound(ast.parse(path.read_text(encoding="utf-8")).body)


@pytest.mark.parametrize("mistake", ALL_HALVES, ids=[m.name for m in ALL_HALVES])
def test_mistake_file_is_a_patch_on_the_contract(tmp_path, mistake: Mistake):
    """Fast, without grading: the mutant compiles and differs from the reference. The
    mistake and its cores import only public names of the stubs, which stay the
    reference's (no body rebinds an imported name), and their helpers take no name of a
    private reference helper, nor of each other's."""
    module = build_submission(mistake, tmp_path) / "s13_cnn" / mistake.module
    text = module.read_text(encoding="utf-8")
    compile(text, str(module), "exec")
    assert text != (ROOT / "solutions" / "s13_cnn" / mistake.module).read_text(encoding="utf-8")
    reference = _module_names(ROOT / "solutions" / "s13_cnn" / mistake.module)
    imported, defined = set(), set()
    for source in [read_source(p) for p in (*mistake.cores, mistake.path)]:
        imports = [s for s in source.tree.body if isinstance(s, ast.Import | ast.ImportFrom)]
        own = _bound([s for s in source.tree.body if s not in imports])
        assert not own & defined, f"{source.path.name} rebinds {own & defined} of its core"
        private = {n for n in own if n.startswith("_")} & reference
        assert not private, f"{source.path.name} takes the reference's private names {private}"
        defined |= own
        imported |= _bound([s for s in imports if not getattr(s, "level", 0)])
        for s in imports:
            if isinstance(s, ast.ImportFrom) and (s.module or "").startswith("s13_cnn."):
                stub = ROOT / "stages" / Path(*s.module.split(".")).with_suffix(".py")
                names = {a.name for a in s.names}
                wrong = {n for n in names if n.startswith("_")} | (names - _module_names(stub))
                assert not wrong, f"{source.path.name}: {wrong} are not public names of {stub}"
    assert not imported & defined, f"{mistake.name} rebinds what it imports: {imported & defined}"


def _params():
    for m in MISTAKES:
        marks = []
        if m.name in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[m.name]))
        yield pytest.param(m, id=m.name, marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("mistake", list(_params()))
def test_mistake_loses_points_in_its_part(batch, mistake: Mistake):
    graded = batch(mistake.part)
    result = graded.result(mistake.name)
    part = result["parts"][mistake.part]
    failed = [
        t for t in result["tests"]
        if t["part"] == mistake.part and t["outcome"] != "passed" and not t["informational"]
    ]  # fmt: skip
    assert part["score"] < part["max_score"], (
        f"{mistake.name} ({mistake.description}) got full marks in {mistake.part}: "
        f"{part['score']}/{part['max_score']}, status {result['status']}"
    )
    assert float(graded.rows[mistake.name][mistake.part]) == pytest.approx(part["score"], abs=1e-3)
    assert result["status"] == "ok", f"{mistake.name}: {result['status']}: {result['why']}"
    fast = [t["nodeid"] for t in failed if t["function"] not in SLOW_TESTS]
    assert fast, f"{mistake.name} is caught only by {[t['nodeid'] for t in failed]}"
    # every failure explains itself, and no test crashed on the mutant's output
    assert all((t["feedback"] or "").strip() for t in failed), [t["nodeid"] for t in failed]
    assert not crashed_tests(result), f"{mistake.name}: tests crashed: {crashed_tests(result)}"


@pytest.mark.slow
@pytest.mark.parametrize("part", NAMES)
def test_reference_copy_gets_full_marks(batch, part: str):
    result = batch(part).result(REFERENCE)
    scored = result["parts"][part]
    failed = [t["nodeid"] for t in result["tests"] if t["outcome"] != "passed"]
    assert result["status"] == "ok", f"{result['status']}: {result['why']}"
    assert scored["score"] == scored["max_score"] > 0, failed
