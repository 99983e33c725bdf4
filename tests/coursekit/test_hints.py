"""Issue 18, item 3: the visible suites name mistakes too. Every hint a hidden suite can
give is listed here with where the visible suite of the same part gives the same hint, or
why it cannot (no visible oracle for that property).

Most hints come from coursekit.evidence: a check given `evidence=evidence(impl, subject,
output)` names a mistake from the learner's code run on the subject's probes, with the
same words in either suite, whatever the check's own inputs. So the same name needs the
same subject in both suites. The few hand-written hints ("likely mistake: ..." in a
hidden suite's own message) are listed one by one.
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
    "lenet.train": "the hidden training test names its variants by hand (below)",
    "exercises.receptive_field_errors": "the hidden suite checks receptive_field's values "
    "by counting; the bad layers are the visible test's",
}
HAND_WRITTEN = {  # a hidden suite's own hint -> (visible file, its words there) or why not
    "the + 1 is missing": ("padding/test_padding.py", "one window short"),
    "rounded up instead of down": ("padding/test_padding.py", "one window too many"),
    "the padding is counted once": None,  # the visible hand cases carry no formula variants
    "the padding is ignored": None,
    "the stride is ignored": None,
    "large logit overflows": ("lenet/test_lenet.py", "lenet.softmax_cross_entropy"),
    "no shuffling": ("lenet/test_lenet.py", "lenet.train"),
    "new generator every epoch": ("lenet/test_lenet.py", "lenet.train"),
    "mean of batch means": ("lenet/test_lenet.py", "lenet.train"),
    "1/fan_in (LeCun)": ("conv/test_conv.py", "conv.Conv2D.init"),
}
WHY_NOT = ("output_size's variants are other formulas: a visible test that computed them "
           "would hold the formula itself, which it must not (it checks without solving)")


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


def test_every_hand_written_hidden_hint_is_listed():
    text = "".join(hidden(p).read_text(encoding="utf-8") for p in NAMES)
    text += (ROOT / "grader" / "hidden" / "support.py").read_text(encoding="utf-8")
    assert text.count("likely mistake") == 4  # a new hand-written hint must be listed here
    assert "alternatives=" not in text  # the old guesses: every check asks the evidence
    for words in HAND_WRITTEN:
        assert words in text, f"{words!r} is no longer a hidden hint: update HAND_WRITTEN"


@pytest.mark.parametrize("words", sorted(HAND_WRITTEN))
def test_the_visible_suite_gives_the_same_hint_where_it_can(words):
    where = HAND_WRITTEN[words]
    if where is None:
        assert WHY_NOT
        return
    path, visible_words = where
    source = (ROOT / "stages" / "s13_cnn" / path).read_text(encoding="utf-8")
    assert visible_words in source
