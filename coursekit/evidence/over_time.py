"""When in a run an output goes wrong: right for the first step (or epoch), wrong later.

A subject whose outputs are read after each step of a run (`Subject.stages`: "after step
1", "after step 2", ...) or hold one value per epoch (`Subject.per_epoch`) can say more
than "wrong": when the first step, or the first epoch, is right on every probe and a later
one is wrong, the code that runs once is right and what one step or epoch leaves for the
next is not (`Subject.carries` says what that is for this subject). Only that fact is
said, and only when it holds on every probe where the output is wrong.
"""

from __future__ import annotations

import numpy as np

from coursekit.evidence.judge import Reading
from coursekit.evidence.observed import agree
from coursekit.evidence.store import Evidence
from coursekit.evidence.subject import Subject


def _stages(subject: Subject, readings: dict[str, Reading]) -> str | None:
    stages = subject.stages
    wrong = [bool(readings[o].wrong) for o in stages]
    if len(stages) < 2 or wrong[0] or not any(wrong):
        return None
    first = stages[wrong.index(True)]
    return (f"{stages[0]} is right on every probe and {first} is not: the first step is "
            f"right, and what one step leaves for the next is wrong ({subject.carries})")


def _first_wrong_epoch(got, right, subject: Subject) -> int | None:
    """The index of the first epoch whose value differs (None: none, or not comparable)."""
    if not isinstance(got, np.ndarray) or not isinstance(right, np.ndarray):
        return None
    if got.shape != right.shape or got.ndim != 1:
        return None
    for i, (g, r) in enumerate(zip(got, right, strict=True)):
        if not agree(np.asarray(g), np.asarray(r), subject.rtol, subject.atol):
            return i
    return None


def _epochs(subject: Subject, learner, stored: Evidence, reading: Reading) -> str | None:
    if reading.output not in subject.per_epoch or not reading.wrong:
        return None
    firsts = [_first_wrong_epoch(learner[p][reading.output],
                                 stored.reference[(p, reading.output)], subject)
              for p in reading.wrong]  # fmt: skip
    if not firsts or any(i is None or i == 0 for i in firsts):
        return None
    return (f"on every probe where {reading.output} is wrong, the first epoch's value is "
            f"right and a later epoch's is not (from epoch {min(firsts) + 1} on): one epoch "
            f"is right, and what one epoch leaves for the next is wrong ({subject.carries})")


def over_time(subject: Subject, learner, stored: Evidence, readings: dict[str, Reading],
              output: str) -> list[str]:
    """The facts about when output goes wrong in a run (none for other subjects)."""
    if not subject.carries:
        return []
    said = [_stages(subject, readings) if output in subject.stages else None,
            _epochs(subject, learner, stored, readings[output])]
    return [s for s in said if s]
