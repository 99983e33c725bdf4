"""Reading a learner's outcomes on a subject's probes against the stored evidence.

For each output: on which probes it is wrong, which feature those probes share, and the
known mistake it agrees with on every probe, if one does. A mistake is named only then,
and only when at least `min_support` probes (two, unless a subject has a single probe)
set it apart from the right result: a mistake that agrees with the reference on most
probes is not named by one coincidence. Raising sets a mistake apart only where it raises
on some probes and not on others (the pattern is the evidence: "raises exactly when
stride > 1"); a mistake that raises on every probe is set apart by its values elsewhere or
not at all: two raises agree by their exception's class alone, and code that always
raises for one reason would match a known mistake that always raises for another (a LeNet
whose backward fails on a shared layer's cache is not "C1 without padding" because both
raise a ValueError).
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.evidence.observed import Outcome, Raised, agree, same
from coursekit.evidence.store import Evidence
from coursekit.evidence.subject import Subject


@dataclass(frozen=True)
class Reading:
    """One output of a subject, over all its probes."""

    output: str
    total: int  # probes
    wrong: tuple[str, ...]  # probes where the learner's outcome is not the reference's
    named: str | None = None  # the mistake it agrees with on every probe
    support: int = 0  # probes on which that mistake differs from the right result
    # "with stride > 1" (the wrong probes are exactly those with it), "without pad > 0",
    # "only with pad > 0" (they all have it, and most of those with it are wrong), "every", ""
    feature: str = ""


def support(evidence: Evidence, subject: Subject, mistake: str, output: str) -> int:
    """Probes on which a mistake's outcome of this output differs from the reference's (by
    raising only when it does not raise on every probe)."""
    stored = evidence.variants[mistake]
    always = all(isinstance(evidence.of(mistake, p.name, output), Raised)
                 for p in subject.probes)  # fmt: skip
    return sum(
        (p.name, output) in stored
        and not (always and isinstance(stored[(p.name, output)], Raised))
        and not same(stored[(p.name, output)], evidence.reference[(p.name, output)],
                     subject.rtol, subject.atol)
        for p in subject.probes
    )  # fmt: skip


def _agrees(learner, evidence: Evidence, subject: Subject, mistake: str, output: str) -> bool:
    return all(agree(learner[p.name][output], evidence.of(mistake, p.name, output),
                     subject.rtol, subject.atol) for p in subject.probes)  # fmt: skip


def named(learner, evidence: Evidence, subject: Subject, output: str) -> tuple[str | None, int]:
    """(the one mistake this output agrees with on every probe, its support), or (None, 0).
    Several candidates: the one that agrees on every other output too, if only one does."""
    found = {m: k for m in evidence.variants
             if (k := support(evidence, subject, m, output)) >= subject.min_support
             and _agrees(learner, evidence, subject, m, output)}  # fmt: skip
    if len(found) > 1:
        whole = {m: k for m, k in found.items()
                 if all(_agrees(learner, evidence, subject, m, o) for o in subject.outputs)}
        found = whole
    if len(found) != 1:
        return None, 0
    return next(iter(found.items()))


def feature_of(subject: Subject, wrong: set[str]) -> str:
    """The feature that the wrong probes, and only they, have: "with f" or "without f";
    "every" when all are wrong. Else the one feature the wrong probes all have, held by
    the fewest probes, when at least two and most of the probes with it are wrong: "only
    with f" (the mistake shows only with f, and not on every such probe: a formula can
    give the right number by chance). "" when no feature says it."""
    every = {p.name for p in subject.probes}
    if wrong == every:
        return "every"
    sides = []
    for f in subject.features:
        have = {p.name for p in subject.probes if f in p.features}
        for side, group in ((f"with {f}", have), (f"without {f}", every - have)):
            if wrong == group:
                return side
            if wrong < group and len(wrong) >= 2 and 2 * len(wrong) > len(group):
                sides.append((len(group), side))
    sides.sort()
    if sides and (len(sides) == 1 or sides[0][0] < sides[1][0]):
        return f"only {sides[0][1]}"
    return ""


def read(subject: Subject, learner: dict[str, dict[str, Outcome]], evidence: Evidence,
         output: str) -> Reading:
    """learner: {probe: {output: outcome}} of the learner's code."""
    wrong = tuple(p.name for p in subject.probes
                  if not agree(learner[p.name][output], evidence.reference[(p.name, output)],
                               subject.rtol, subject.atol))  # fmt: skip
    if not wrong:
        return Reading(output, len(subject.probes), ())
    mistake, k = named(learner, evidence, subject, output)
    return Reading(output, len(subject.probes), wrong, mistake, k, feature_of(subject, set(wrong)))


def learner_raised(learner, reading: Reading) -> dict[str, str]:
    """{probe: exception class} where the learner's call raised on a wrong probe."""
    return {p: o.name for p in reading.wrong
            if isinstance(o := learner[p][reading.output], Raised)}  # fmt: skip
