"""Issue 18, item 3: the visible suites name mistakes too. Every hint a hidden suite can
give is listed here with where the visible suite of the same part gives the same hint, or
why it cannot (no visible oracle for that property).

Most hints come from coursekit.evidence: a check given `evidence=evidence(impl, subject,
output)` names a mistake from the learner's code run on the subject's probes, with the
same words in either suite, whatever the check's own inputs. So the same name needs the
same subject in both suites. No hint is hand-written.
"""

from __future__ import annotations

import re

import pytest
from trees import ROOT

from coursekit.course import NAMES
from coursekit.evidence import SUBJECTS

USES = re.compile(r'(?:evidence|witness)\(impl, "([^"]+)"')
HIDDEN_ONLY = {  # subject -> why the visible suite does not ask for it
    "lenet_torch.from_numpy": "the visible suite has no from_numpy test: the layouts are "
    "checked against the NumPy LeNet5, which only the hidden suite may run",
    "lenet_torch.gradients": "autograd's gradients are compared with the NumPy LeNet5's "
    "backward, the reference: no visible oracle",
    "lenet_torch.train": "the contract's training run comes from the reference: the "
    "visible test checks only that the loss goes down",
    "lenet_paper.bitmap_codes": "the visible suite checks the codes' properties (-1/+1, "
    "distinct), not their values: those are the reference's",
}
VISIBLE_ONLY = {  # subject -> the hidden suite's check of the same property
    "pooling.layers": "test_pool_layers compares each layer with torch; a wrong layer is a "
    "wrong function it wraps, whose own checks give the evidence",
    "exercises.receptive_field_errors": "the hidden suite checks receptive_field's values "
    "by counting; the bad layers are the visible test's",
}


def subjects_of(path) -> set[str]:
    return set(USES.findall(path.read_text(encoding="utf-8")))


def hidden(part: str):
    return ROOT / "grader" / "hidden" / f"test_{part}_hidden.py"


def visible(part: str):
    return ROOT / "stages" / "s13_cnn" / part / f"test_{part}.py"


@pytest.mark.parametrize("part", NAMES)
def test_every_hidden_subject_is_asked_by_the_visible_suite_or_says_why_not(part):
    h, v = subjects_of(hidden(part)), subjects_of(visible(part))
    assert h <= set(SUBJECTS) and v <= set(SUBJECTS), (h | v) - set(SUBJECTS)
    assert h - v == {s for s in HIDDEN_ONLY if s.startswith(f"{part}.")}
    assert v - h == {s for s in VISIBLE_ONLY if s.startswith(f"{part}.")}


def test_no_hint_is_hand_written():
    """A "likely mistake" comes from the evidence only (coursekit/evidence), the same words
    in either suite: no suite and no shared check writes one of its own."""
    paths = [hidden(p) for p in NAMES] + [visible(p) for p in NAMES]
    paths += [ROOT / "grader" / "hidden" / "support.py", *(ROOT / "coursekit").glob("*.py")]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "likely mistake:" not in text.replace('"likely mistake: ..."', ""), path
        assert "alternatives=" not in text, path  # the old guesses: checks ask the evidence
