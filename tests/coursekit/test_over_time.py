"""When in a run an output goes wrong (coursekit/evidence/over_time.py): said only when the
first step or epoch is right on every probe and a later one is wrong."""

from __future__ import annotations

import numpy as np

from coursekit.evidence.judge import read
from coursekit.evidence.over_time import over_time
from coursekit.evidence.store import Evidence
from coursekit.evidence.subject import Probe, Subject

STAGES = ("after step 1", "after step 2", "after the last step")
PROBES = tuple(Probe(f"p{i}", f"probe {i}", frozenset()) for i in range(3))


def _subject(**kw) -> Subject:
    outputs = (*STAGES, "losses")
    return Subject("part.run", "run", outputs, PROBES, lambda impl, p: {},
                   layouts=dict.fromkeys(outputs, "vector"), carries="the state", **kw)


def _evidence(right: dict) -> Evidence:
    return Evidence({(p.name, o): np.asarray(v) for p in PROBES for o, v in right.items()}, {})


RIGHT = {"after step 1": [1.0, 2.0], "after step 2": [3.0, 4.0],
         "after the last step": [5.0, 6.0], "losses": [2.0, 1.5, 1.2]}  # fmt: skip


def _said(subject: Subject, mine: dict, output: str) -> list[str]:
    learner = {p.name: {o: np.asarray(v, dtype=float) for o, v in mine.items()} for p in PROBES}
    stored = _evidence(RIGHT)
    readings = {o: read(subject, learner, stored, o) for o in subject.outputs}
    return over_time(subject, learner, stored, readings, output)


def test_a_first_step_right_and_a_later_one_wrong_is_said():
    s = _subject(stages=STAGES)
    mine = RIGHT | {"after step 2": [3.0, 4.5], "after the last step": [5.0, 7.0]}
    said = _said(s, mine, "after the last step")
    assert len(said) == 1
    assert said[0].startswith("after step 1 is right on every probe and after step 2 is not")
    assert said[0].endswith("(the state)")


def test_nothing_is_said_when_the_first_step_is_wrong_or_nothing_is():
    s = _subject(stages=STAGES)
    assert _said(s, RIGHT | {"after step 1": [1.0, 9.0], "after step 2": [0.0, 4.0]},
                 "after step 2") == []  # fmt: skip
    assert _said(s, RIGHT, "after step 2") == []
    assert _said(_subject(), RIGHT | {"after step 2": [3.0, 4.5]}, "after step 2") == []


def test_a_right_first_epoch_and_a_wrong_later_one_is_said_with_the_epoch():
    s = _subject(per_epoch=("losses",))
    said = _said(s, RIGHT | {"losses": [2.0, 1.5, 1.0]}, "losses")
    assert len(said) == 1 and "(from epoch 3 on)" in said[0] and said[0].endswith("(the state)")
    assert _said(s, RIGHT | {"losses": [2.1, 1.5, 1.2]}, "losses") == []  # epoch 1 wrong
    assert _said(s, RIGHT | {"losses": [2.0, 1.5]}, "losses") == []  # another length
