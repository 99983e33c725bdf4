"""Evidence on a raise of the learner's code (coursekit/evidence/raised.py): the call that
raised, found in the grader's message or in an in-process traceback, and its subject; the
witness lines added as a note, once, and nothing for a test's own assertion."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from commands import run_visible_suite
from mistakes.catalog import build_submission, load_catalog

from coursekit.evidence import raised
from coursekit.evidence.raised import learner_call, note_raise, subject_key


@pytest.mark.parametrize(
    ("call", "key"),
    [
        ("conv.conv_backward", "conv.conv_backward"),
        ("LeNet5.backward", "lenet.LeNet5.backward"),
        ("Conv2D.forward", "conv.Conv2D"),
        ("AvgPool2D.backward", "pooling.layers"),
        ("lenet_torch.forward", "lenet_torch.forward"),
        ("conv.a_helper_of_mine", None),
        ("Mine.forward", None),
    ],
)
def test_the_call_that_raised_has_its_subject(call, key):
    assert subject_key(call) == key


def test_the_call_is_read_from_the_graders_message_or_the_traceback(tmp_path):
    worker = ValueError("bad\n\n[ValueError raised by the implementation in conv.conv_backward]")
    assert learner_call(worker) == "conv.conv_backward"
    module = tmp_path / "s13_cnn" / "conv" / "conv.py"
    module.parent.mkdir(parents=True)
    module.write_text("class Conv2D:\n    def forward(self, x):\n        raise ValueError(x)\n")
    space: dict = {}
    exec(compile(module.read_text(), str(module), "exec"), space)
    with pytest.raises(ValueError) as info:
        space["Conv2D"]().forward("x")
    assert learner_call(info.value) == "Conv2D.forward"
    assert learner_call(ValueError("a test's own")) is None


def test_no_note_for_an_assertion_or_without_an_impl(monkeypatch):
    asked = []
    monkeypatch.setattr(raised, "Witness", lambda *a: asked.append(a))
    worker = "\n\n[ValueError raised by the implementation in conv.conv_backward]"
    cases = ((AssertionError("values differ" + worker), SimpleNamespace(funcargs={"impl": 1})),
             (ValueError(worker), SimpleNamespace(funcargs={})))  # fmt: skip
    for exc, item in cases:
        note_raise(item, exc)
        assert not getattr(exc, "__notes__", None)
    assert not asked


def test_the_lines_are_added_once_before_the_learners_traceback(monkeypatch):
    class Lines:
        def __init__(self, impl, key, output):
            self.output = output

        def lines(self):
            return [f"evidence: on 9 probes of conv_backward, {self.output} is wrong on 5"]

    monkeypatch.setattr(raised, "Witness", Lines)
    line = "  evidence: on 9 probes of conv_backward, dx is wrong on 5"
    tail = "\n\n[ValueError raised by the implementation in conv.conv_backward, at:]\n  File"
    exc = ValueError(f"x\n\n[y]{tail}")  # the learner's message may hold "[" too
    item = SimpleNamespace(funcargs={"impl": object()})
    note_raise(item, exc)
    note_raise(item, exc)
    assert str(exc) == f"x\n\n[y]\n{line}{tail}" and not getattr(exc, "__notes__", None)
    first = ValueError(f"z{tail}")  # hypothesis: distinct failures come as a group
    note_raise(item, ExceptionGroup("2 distinct failures", [first, TypeError("t")]))
    assert str(first) == f"z\n{line}{tail}"


@pytest.mark.slow
def test_a_backward_that_raises_at_stride_2_is_told_so(tmp_path):
    """The learner's loop, in-process: the raise says which probes fail, and what that
    singles out."""
    mistake = next(m for m in load_catalog() if m.name == "conv_backward_col2im_at_stride_1")
    root = build_submission(mistake, tmp_path)
    code, cases, out = run_visible_suite(str(root), tmp_path, "-m", "conv", "-k",
                                         "conv_backward_matches_numerical")  # fmt: skip
    failed = [c for c in cases if c.outcome == "failed"]
    assert code == 1 and failed, out
    message = failed[0].message
    assert "raised ValueError on" in message and "exactly those with stride > 1" in message, message
