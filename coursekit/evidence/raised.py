"""Evidence for a test that failed because the learner's code raised.

A check that compares values asks its witness for evidence (coursekit/evidence). When the
learner's function raises instead of returning, the test never reaches its check, and the
failure said only the exception and the learner's traceback. Yet the raise is evidence
too: run on the subject's probes, the function raises on some and returns on others, and
the probes it fails on share a feature ("exactly those with stride > 1") that points at
the part of the contract the code gets wrong.

`note_raise(item, exc)` adds those lines to the exception, for the subject of the learner's
function that raised: in the grader, between the learner's message and its traceback (so
that a short rendering keeps them); in-process, as a note (printed under the message). The
subject is that of the call named in "... raised by the implementation in conv.conv_backward"
(the grader's worker), or else the outermost frame of the learner's package in the
traceback (an implementation imported in-process). Nothing is added when the function has
no subject, when the test raised it itself, or when the evidence cannot be read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursekit.course import PACKAGE
from coursekit.evidence import SUBJECTS, Witness, examine
from coursekit.evidence.judge import read
from coursekit.evidence.observed import Raised

# "Class.method" -> the subject of that class (its key when "part.Class.method" is none)
CLASSES = {
    "Conv2D": "conv.Conv2D",
    "MaxPool2D": "pooling.layers",
    "AvgPool2D": "pooling.layers",
    "GlobalAvgPool2D": "pooling.layers",
    "LeNet5": "lenet.LeNet5.structure",
    "Subsampling": "lenet_paper.Subsampling",
    "SparseConv2D": "lenet_paper.SparseConv2D",
    "RBFOutput": "lenet_paper.RBFOutput",
    "LeNet5Paper": "lenet_paper.LeNet5Paper",
}
_WORKER = re.compile(r"raised by the implementation in ([\w.]+)")
_TRACEBACK = re.compile(r"\n\n\[\S+ raised by the implementation in ")
_NOT_EVIDENCE = (AssertionError, NotImplementedError, KeyboardInterrupt)
# a network's forward: when it raises on every probe, the shapes through it, layer by layer
SHAPES = ("{forward} raises on every probe: follow the shapes layer by layer, N images: "
          "{chain}; the first layer whose output shape differs from these is the one to fix")
LENET_CHAIN = ("x (N, 28, 28, 1); C1 (5x5, pad 2) keeps 28x28 with 6 maps; pool 2 -> 14x14; "
               "C3 (5x5, no pad) -> 10x10 with 16; pool 2 -> 5x5; C5 (5x5) -> 1x1 with 120; "
               "flatten -> (N, 120); F6 -> (N, 84); F7 -> (N, 10)")
CHAINS = {"lenet.LeNet5.forward": LENET_CHAIN, "lenet_torch.forward": LENET_CHAIN}
# a network's backward -> its forward: when the forward is right on every probe and the
# backward raises on every one, what lies between them is each layer's cache
FORWARD_OF = {"lenet.LeNet5.backward": "lenet.LeNet5.forward"}
CACHES = ("{forward} is right on every probe and {backward} raises on every one: the backward "
          "pass reads what the forward pass left in each layer (its cached input, mask or "
          "argmax, and their shapes): look there, and at each layer object being used at one "
          "place only (a layer object used at two places keeps the cache of its last forward)")


def subject_key(call: str) -> str | None:
    """The subject of a learner call: "conv.conv_backward" itself, "LeNet5.backward" as
    "lenet.LeNet5.backward", else its class's subject; None when it has none."""
    head, _, _ = call.partition(".")
    if call in SUBJECTS:
        return call
    whole = next((k for k in SUBJECTS if k.endswith(f".{call}") and k.count(".") == 2), None)
    return whole or CLASSES.get(head)


def learner_call(exc: BaseException) -> str | None:
    """The learner's call that raised exc: "conv.conv_backward", "LeNet5.backward"."""
    found = _WORKER.search(str(exc))
    if found:
        return found.group(1)
    tb = exc.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if PACKAGE in path.parts and not path.name.startswith("test_"):
            self = tb.tb_frame.f_locals.get("self")
            owner = type(self).__name__ if self is not None else path.stem
            return f"{owner}.{tb.tb_frame.f_code.co_name}"
        tb = tb.tb_next
    return None


def raise_lines(impl, exc: BaseException) -> list[str]:
    """The evidence on the subject of the learner's call that raised exc (none when it has
    none, or when none of its outputs is wrong on a probe)."""
    if isinstance(exc, _NOT_EVIDENCE) or impl is None:
        return []
    call = learner_call(exc)
    key = subject_key(call) if call else None
    if key is None:
        return []
    for output in SUBJECTS[key].outputs:
        lines = Witness(impl, key, output).lines()
        if not any(line.startswith(f"evidence: {output} is right") for line in lines):
            return lines + _caches(impl, key) + _shapes(impl, key)
    return []


def _always_raises(impl, key: str) -> bool:
    """The learner's call raised on every probe of the subject, for every output."""
    learner, _ = examine(impl, key)
    s = SUBJECTS[key]
    return all(isinstance(learner[p.name][o], Raised) for p in s.probes for o in s.outputs)


def _shapes(impl, key: str) -> list[str]:
    """The shapes through a network whose forward raises on every probe."""
    if key not in CHAINS or not _always_raises(impl, key):
        return []
    return ["evidence: " + SHAPES.format(forward=SUBJECTS[key].title, chain=CHAINS[key])]


def _caches(impl, key: str) -> list[str]:
    """The line on caches, when a network's forward is right and its backward always raises."""
    if key not in FORWARD_OF or not _always_raises(impl, key):
        return []
    back, forward = SUBJECTS[key], SUBJECTS[FORWARD_OF[key]]
    learner, stored = examine(impl, forward.key)
    if any(read(forward, learner, stored, o).wrong for o in forward.outputs):
        return []
    return ["evidence: " + CACHES.format(forward=forward.title, backward=back.title)]


def note_raise(item: pytest.Item, exc: BaseException) -> None:
    """Add the evidence on the learner's raise to exc (to the first of a group's, as the
    feedback shows that one), once."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    if getattr(exc, "_evidence_noted", False):
        return
    try:
        exc._evidence_noted = True
    except AttributeError:  # an exception that takes no attributes: no evidence
        return
    try:
        lines = raise_lines(getattr(item, "funcargs", {}).get("impl"), exc)
    except Exception:  # noqa: BLE001  the evidence is a help: never a failure of its own
        return
    if not lines:
        return
    text = "\n".join(f"  {line}" for line in lines)
    message = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else ""
    found = list(_TRACEBACK.finditer(message))
    if found:  # the grader's worker: before "[ValueError raised by the implementation in"
        at = found[-1].start()
        exc.args = (f"{message[:at]}\n{text}{message[at:]}",)
    else:
        exc.add_note(text)
