"""The validation half of the mistake catalog (tests/mistakes/validation/): frozen, every
mistake loses points, and the measurement of how the feedback names them, on it and on the
blind halves (tests/mistakes/holdout/, unseen/ and fresh/, written blind; their fast checks are
in test_holdout_mistakes.py).

The files are frozen by tests/mistakes/validation/FROZEN (its header says the rule: the
diagnosis is never adjusted against them). The slow test grades every validation and
blind mutant in its part (one `grader run --batch` per part for all three halves, shared
with the tuning half of test_mistakes.py: tests/catalog_batches.py), checks that each
loses points there, and prints one measurement table per half (`pytest -s`
shows them; the JSON goes under the test's tmp dir). It does not assert the targets
(named >= 80%, misnamed + mixed <= 5% per group): they are what the diagnosis work aims
at, not met yet. The classification itself is tested here on small synthetic messages.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from catalog_batches import CatalogBatches, crashed_tests
from mistakes import frozen, measure
from mistakes.catalog import Mistake, load_catalog, load_half, load_validation

from coursekit.course import NAMES

VALIDATION = load_validation()
BLIND_HALVES = ("holdout", "unseen", "fresh")
MEASURED = (*VALIDATION, *(m for half in BLIND_HALVES for m in load_half(half)))
# what this module's tests need graded in the shared batches (tests/catalog_batches.py)
GRADED_HALVES = ("validation", *BLIND_HALVES)
# Validation or blind mistakes that lose no point yet, with the reason: they stay in
# their frozen half and count as "not caught" (not named) in the measurement.
NOT_CAUGHT: dict[str, str] = {}


def test_the_manifest_freezes_the_validation_half():
    diff = frozen.differences()
    assert not any(diff.values()), (
        f"tests/mistakes/validation/ differs from its manifest FROZEN: {diff}. The validation "
        "half is frozen: the diagnosis is never tuned against it, and its files change only "
        "when one stops being a mistake, with FROZEN in the same commit (uv run python "
        "tests/mistakes/frozen.py); a new mistake for tuning goes to tests/mistakes/<part>/."
    )
    assert set(frozen.read_manifest()) >= {
        m.path.relative_to(frozen.VALIDATION).as_posix() for m in VALIDATION
    }


def test_the_validation_half_is_labelled_and_large_enough():
    level_1 = [m for m in VALIDATION if m.part in measure.LEVEL_1]
    assert len(level_1) >= 24 and len(VALIDATION) - len(level_1) >= 20
    for part in NAMES:
        assert any(m.part == part for m in VALIDATION), f"no validation mistake in {part}"
    assert not {m.name for m in VALIDATION} & {m.name for m in load_catalog()}
    for m in VALIDATION:
        assert m.name.startswith("v_"), m.name
        assert isinstance(m.meta.get("CONCEPT"), str) and m.meta["CONCEPT"], m.name
        words = m.meta.get("NAMED_BY")
        assert isinstance(words, tuple) and words, f"{m.name}: NAMED_BY = ('word', ...)"
        assert all(isinstance(w, str) and w.strip() for w in words), m.name
        assert isinstance(m.meta.get("LISTED"), bool), f"{m.name}: LISTED = True | False"
    unlisted = [m for m in VALIDATION if not m.meta["LISTED"]]
    assert 3 * len(unlisted) >= len(VALIDATION), "a third must be in no README's list"
    assert set(NOT_CAUGHT) <= {m.name for m in MEASURED}


WORDS = ("flipped", "rotated")


@pytest.mark.parametrize(
    ("lines", "verdict"),
    [
        (["values differ at [0, 1]", "likely mistake: the kernel is flipped"], "named"),
        (["values differ", "your kernel looks ROTATED by 180 degrees"], "named"),
        (["your result matches the 'kernel flipped' variant"], "named"),
        (["likely mistake: kernel flipped", "likely mistake: the bias left out"], "mixed"),
        (["the kernel looks flipped", "your result matches the 'bias left out' variant"],
         "mixed"),
        (["likely mistake: the bias left out"], "misnamed"),
        (["values differ", "your result matches the 'stride ignored' variant"], "misnamed"),
        (["values differ: max abs error 0.5 at [0, 2, 1, 0]", "expected 3, got 2"], "silent"),
        ([], "silent"),
    ],
)  # fmt: skip
def test_classify_on_synthetic_feedback(lines, verdict):
    assert measure.classify(WORDS, lines).verdict == verdict


def test_classify_reports_its_evidence():
    v = measure.classify(WORDS, ["likely mistake: bias left out", "kernel flipped here"])
    assert (v.verdict, v.evidence, v.wrong) == ("mixed", "kernel flipped here",
                                                ["bias left out"])  # fmt: skip
    v = measure.classify(WORDS, ["E likely mistake: bias left out"])
    assert (v.verdict, v.claims, v.evidence) == ("misnamed", ["bias left out"], "bias left out")


def test_feedback_lines_leave_out_source_and_locations():
    junit = (
        "AssertionError: values differ\n"
        "def test_flipped_kernel(impl):\n"
        ">       assert_close(out, expected, hint='kernel flipped')\n"
        "E       AssertionError: values differ\n"
        "E       likely mistake: the bias left out\n"
        "stages/s13_cnn/conv/test_conv.py:12: AssertionError"
    )
    lines = measure.feedback_lines(junit, "visible")
    assert lines == ["AssertionError: values differ", "AssertionError: values differ",
                     "likely mistake: the bias left out"]  # fmt: skip
    assert measure.classify(WORDS, lines).verdict == "misnamed"
    feedback = (
        "values differ at [0, 1]\n"
        "reproduce: uv run pytest 'stages/s13_cnn/conv/test_conv.py::test_flipped'\n"
        "grader/hidden/test_conv_hidden.py::test_rotated_kernel\n"
    )
    assert measure.feedback_lines(feedback, "grader") == ["values differ at [0, 1]"]
    clipped = "values differ\n  got [[0.1 0.2]]\n  likely mistake: you\n... (truncated)"
    assert measure.feedback_lines(clipped, "grader") == ["values differ", "got [[0.1 0.2]]"]
    assert measure.classify(WORDS, measure.feedback_lines(clipped, "grader")).verdict == "silent"


def test_not_caught_and_the_table_count_every_mistake():
    mistake = VALIDATION[0]
    missed = measure.judged(mistake, "grader", [], caught=False, score=1, max_score=1)
    assert missed.verdict == "not caught" and missed.failed == 0
    words = mistake.meta["NAMED_BY"]
    named = measure.judged(mistake, "grader", [f"likely mistake: {words[0]}"], caught=True)
    assert named.verdict == "named"
    table = measure.tally([missed, named])
    group = next(g for g, parts in measure.GROUPS.items() if mistake.part in parts)
    assert table[group]["n"] == 2
    assert table[group]["counts"]["not caught"] == table[group]["counts"]["named"] == 1
    assert table[group]["fractions"]["named"] == 0.5


def _ids(mistakes: tuple[Mistake, ...]) -> list[str]:
    return [m.name for m in mistakes]


@pytest.mark.slow
def test_validation_mistakes_lose_points_and_the_measurement(tmp_path, catalog_batches):
    """Grades every validation and blind mutant in its part (minutes); prints a table per
    half and writes <half>_measurement.json under the test's tmp dir."""
    batches: CatalogBatches = catalog_batches
    assert set(GRADED_HALVES) <= batches.halves
    for part in dict.fromkeys(m.part for m in MEASURED):
        graded = batches(part)  # the part's batch, graded now unless test_mistakes.py did
        for m in MEASURED:
            if m.part == part:  # graded in it (or says why not), and no test crashed on it
                crashed = crashed_tests(graded.result(m.name))
                assert not crashed, f"{m.name}: tests crashed on its output: {crashed}"
    # measure reads the results of those batches (their folders are laid out as its own)
    results = measure.measure_grader(MEASURED, jobs=2, workdir=batches.root, reuse=True)
    assert sorted(_ids(MEASURED)) == sorted(r.name for r in results)
    half_of = {m.name: m.half for m in MEASURED}
    for half in ("validation", *BLIND_HALVES):
        mine = [r for r in results if half_of[r.name] == half]
        report = {
            "half": half, "source": "grader", "table": measure.tally(mine),
            "wrong_claims": measure.wrong_claims(mine), "results": [asdict(r) for r in mine],
        }  # fmt: skip
        out = tmp_path / f"{half}_measurement.json"
        out.write_text(json.dumps(report, indent=1))
        title = f"{half} half, grader feedback (visible + hidden suites):"
        print(f"\n{measure.format_rows(mine)}\n\n{measure.format_table(mine, title)}")
        print(f"(every measurement in {out})")
    missed = {r.name: (r.score, r.max_score) for r in results if r.verdict == "not caught"}
    surprise = {n: s for n, s in missed.items() if n not in NOT_CAUGHT}
    assert not surprise, f"measured mistakes that lose no point in their part: {surprise}"
    fixed = set(NOT_CAUGHT) - set(missed)
    assert not fixed, f"now caught, delete them from NOT_CAUGHT: {sorted(fixed)}"
