"""A subject: one graded behaviour, the probes it is run on, and how to run it.

A probe is a small input chosen so that the known mistakes disagree on it (odd sizes,
strides 2 and 3, padding, non-square kernels, negative values, ties). Its `features` say
what it exercises ("stride > 1", "pad > 0", ...): when a learner's result is wrong on
exactly the probes with one feature, the feedback says so. `run(impl, probe)` calls the
implementation through the seam and returns {output name: value}; the same function runs
the reference and the known mistakes when the evidence files are written
(tests/mistakes/variants.py), so the three are always compared on the same calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from coursekit.evidence.observed import Outcome, Raised, builtin_name, plain


@dataclass(frozen=True)
class Probe:
    name: str  # short and unique within its subject: "g3"
    label: str  # what it is, for a message: "N=2, 5x5 image, 2x2 kernel, stride 2"
    features: frozenset[str]  # the feature names true for it
    args: tuple = ()  # what `run` builds the inputs from (geometry, seeds)
    scales: tuple[tuple[str, float], ...] = ()  # named sizes: (("N (the batch size)", 2),)


@dataclass(frozen=True)
class Subject:
    key: str  # "<part>.<name>", unique: "conv.conv_backward"
    title: str  # the call as a learner reads it: "conv_backward"
    outputs: tuple[str, ...]  # the names `run` returns
    probes: tuple[Probe, ...]
    run: Callable[[object, Probe], dict]
    features: tuple[str, ...] = ()  # every feature a probe may have, in the order to say them
    layouts: dict[str, str] = field(default_factory=dict)  # output -> "NHWC" | "HWCF" | ...
    rtol: float = 1e-6
    atol: float = 1e-9
    # maps of an output's positions the feedback may confine a mistake to, computed by the
    # writer of the evidence files through the reference: (ref, probe) -> {output: {name:
    # bool array (a region) or number array (a count per position)}}
    regions: Callable[[object, Probe], dict] | None = None
    min_support: int = 2  # probes that must set a mistake apart from the right result
    # a run read over time (coursekit/evidence/over_time.py): the outputs read after each
    # step, in order; the outputs holding one value per epoch; what one step or epoch
    # leaves for the next, as the feedback says it
    stages: tuple[str, ...] = ()
    per_epoch: tuple[str, ...] = ()
    carries: str = ""

    @property
    def part(self) -> str:
        return self.key.split(".", 1)[0]

    def probe(self, name: str) -> Probe:
        return next(p for p in self.probes if p.name == name)


def grader_error(exc: BaseException) -> bool:
    """An error of the grader's own (a worker that timed out or died): never evidence."""
    return type(exc).__module__.startswith("grader.")


def outcomes(subject: Subject, impl, probe: Probe) -> dict[str, Outcome]:
    """{output: outcome} of one probe; a call that raises gives every output that Raised."""
    try:
        with np.errstate(all="ignore"):  # a NaN a mistake makes is evidence, not noise
            found = subject.run(impl, probe)
    except Exception as exc:  # learner code may raise anything  # noqa: BLE001
        if grader_error(exc):
            raise
        return {o: Raised(builtin_name(exc)) for o in subject.outputs}
    return {o: plain(found[o]) if o in found else Raised("missing") for o in subject.outputs}


def separated(probes: tuple[Probe, ...], features: tuple[str, ...]) -> list[tuple[str, str]]:
    """Pairs of features that these probes cannot tell apart (the same probes have them);
    a feature true on every probe or on none is paired with itself."""
    have = {f: frozenset(p.name for p in probes if f in p.features) for f in features}
    every = frozenset(p.name for p in probes)
    bad = [(f, f) for f, s in have.items() if s in (frozenset(), every)]
    for i, f in enumerate(features):
        bad += [(f, g) for g in features[i + 1 :] if have[f] == have[g]]
    return bad


def raised(outcome: Outcome) -> bool:
    return isinstance(outcome, Raised)


def attempt(call: Callable[[], object]):
    """call(), or the Raised it ends in: one output of a probe that runs several calls."""
    try:
        return call()
    except Exception as exc:  # learner code may raise anything  # noqa: BLE001
        if grader_error(exc):
            raise
        return Raised(builtin_name(exc))
