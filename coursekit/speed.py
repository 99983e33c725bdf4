"""Speed feedback: ratios against the reference, and a verdict only where the timings
support one (hidden suites, lenet bench).

The learner's function runs through `impl` and the reference through `ref_peer`, the
same kind of seam (in the grader: two worker processes, so both pay the same cost of
moving the arguments in and the results out). `paired_rounds` calls the two alternately
with the same arguments, so both see the same load on a shared machine, in several
rounds, and keeps the fastest call of each side in each round. `report` records the
ratios as `record_property("speed", {...})` and one note.

Why the fastest and not the median: on a loaded machine a call of a few milliseconds
either runs through or is preempted, and takes 2-4 times longer; with about half the
calls preempted, the median jumps between the two and the reference timed against
itself read 0.6x to 4.8x (measured: the 2-core grading machine at load 6-11). The
fastest call of each side stayed within 0.6x-1.3x in the same runs.

Why rounds: one ratio of fastest calls can still land at 0.6x or 1.3x by chance, which
once told a learner whose code was the reference that it was "1.5x slower". So a note
says "slower" (or "faster") only when every round's ratio falls on that side of 1 by
MARGIN, in at least MIN_ROUNDS rounds; otherwise "about as fast". The note gives the
rounds and the spread of their ratios.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

SLOW_RATIO = 10.0  # beyond this the code is almost surely loop-bound ...
SLOW_EXCESS = 0.010  # ... when it also costs 10 ms more than the reference per call
README_HINT = "see 'Loop over the kernel, not the pixels' in stages/s13_cnn/im2col/README.md"
HINTS = {
    "conv_forward": "loops over pixels? im2col should loop over the kernel offsets "
    f"(KH*KW slice copies), not over N, H_out, W_out: {README_HINT}",
    "conv_backward": "loops over pixels? col2im should add back one strided slice per "
    f"kernel offset, and dw is one matrix product: {README_HINT}",
    "maxpool_forward": "loops over pixels? gather the windows with one strided slice per "
    "window offset (PH*PW copies), as im2col does, then take the argmax over them",
    "maxpool_backward": "loops over pixels? route dout with one strided slice per window "
    "offset (np.where(argmax == k, dout, 0)), not one window at a time",
    "avgpool_forward": "loops over pixels? sum one strided slice per window offset",
    "avgpool_backward": "loops over pixels? add dout / (PH*PW) to one strided slice per "
    "window offset",
}


def seconds(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


MARGIN = 1.5  # a round counts as slower past MARGIN x, as faster under 1 / MARGIN x
MIN_ROUNDS = 3  # fewer rounds support no verdict (unless the gap is past SLOW_RATIO)
SHARE = 1.0  # the share of the rounds that must fall on one side for a verdict: all
LIMIT = 10.0  # seconds: past this no new round starts, however few were done


@dataclass(frozen=True)
class Paired:
    """Per round, the fastest call of each side."""

    learner: list[float]
    reference: list[float]

    @property
    def ratios(self) -> list[float]:
        return [a / max(b, 1e-9) for a, b in zip(self.learner, self.reference, strict=True)]

    @property
    def ratio(self) -> float:
        """The median round's ratio."""
        return statistics.median(self.ratios)

    @property
    def verdict(self) -> str:
        """"slower", "faster", "about as fast", or "too few rounds"."""
        ratios, n = self.ratios, len(self.ratios)
        need = max(1, math.ceil(SHARE * n))
        if sum(r > MARGIN for r in ratios) >= need and (
            n >= MIN_ROUNDS or min(ratios) > SLOW_RATIO
        ):
            return "slower"
        if n >= MIN_ROUNDS and sum(r < 1 / MARGIN for r in ratios) >= need:
            return "faster"
        return "about as fast" if n >= MIN_ROUNDS else "too few rounds"

    def describe(self) -> str:
        """The verdict, the rounds and the spread, as a note says them."""
        n, ratios = len(self.ratios), self.ratios
        spread = (f"ratio {min(ratios):.2g}x to {max(ratios):.2g}x, median {self.ratio:.2g}x"
                  if n > 1 else f"ratio {ratios[0]:.2g}x")  # fmt: skip
        rounds = f"{n} round{'s' if n != 1 else ''}"
        if self.verdict == "slower":
            return f"{self.ratio:.2g}x slower in every one of {rounds} ({spread})"
        if self.verdict == "faster":
            return f"faster in every one of {rounds} ({spread})"
        if self.verdict == "too few rounds":
            return (f"no verdict: only {rounds} fit in the time, and a verdict needs "
                    f"{MIN_ROUNDS} ({spread})")  # fmt: skip
        return (f"about as fast: the rounds do not all fall beyond {MARGIN:g}x on one side "
                f"({rounds}, {spread})")  # fmt: skip


def paired_rounds(
    learner: Callable[[], object],
    reference: Callable[[], object],
    rounds: int = 5,
    calls: int = 3,
    warmup: int = 1,
    max_total: float = 1.0,
) -> Paired:
    """`rounds` rounds of up to `calls` calls of each side, alternately (learner,
    reference, learner, ...: every call follows one of the other side's; the learner goes
    first, so a stub fails before the reference runs), keeping each side's fastest call
    per round. A round ends early past max_total / rounds seconds; after MIN_ROUNDS
    rounds, no new round starts past max_total seconds, nor any past LIMIT."""
    for _ in range(warmup):
        learner()
        reference()
    own: list[float] = []
    peer: list[float] = []
    start = time.perf_counter()
    for _ in range(rounds):
        began, mine, theirs = time.perf_counter(), [], []
        for _ in range(calls):
            mine.append(seconds(learner))
            theirs.append(seconds(reference))
            if time.perf_counter() - began > max_total / rounds:
                break
        own.append(min(mine))
        peer.append(min(theirs))
        spent = time.perf_counter() - start
        if spent > LIMIT or (spent > max_total and len(own) >= MIN_ROUNDS):
            break
    return Paired(own, peer)


def paired_seconds(
    learner: Callable[[], object],
    reference: Callable[[], object],
    repeats: int = 11,
    warmup: int = 1,
    max_total: float = 0.5,
) -> tuple[float, float]:
    """The fastest wall times of learner() and reference(), called alternately (one
    round of paired_rounds; lenet bench's figures)."""
    paired = paired_rounds(learner, reference, 1, repeats, warmup, max_total)
    return paired.learner[0], paired.reference[0]


def report(
    record_property,
    part: str,
    timings: dict[str, Paired],
    kind: str | None = None,
) -> dict[str, float]:
    """Record {name: the median round's learner / reference} as "speed", and a note with
    the times (the median round's fastest call of each side), the verdict, the rounds and
    their spread and, for a function that is surely much slower, a hint. `kind` is the
    seam's ("worker": the times include moving the data to and from a worker, for both)."""
    ratios = {name: paired.ratio for name, paired in timings.items()}
    record_property("speed", {name: round(r, 2) for name, r in ratios.items()})
    lines = []
    for name, paired in timings.items():
        mine, theirs = statistics.median(paired.learner), statistics.median(paired.reference)
        line = (f"{part}: your {name} takes {mine * 1e3:.1f} ms, the reference "
                f"{theirs * 1e3:.1f} ms: {paired.describe()}")  # fmt: skip
        slow = min(paired.ratios) > SLOW_RATIO and mine - theirs > SLOW_EXCESS
        if paired.verdict == "slower" and slow:
            line += f": {HINTS.get(name, 'loops over pixels?')}"
        lines.append(line)
    note = "; ".join(lines)
    note += (" (times: the median over the rounds of each side's fastest call; the two "
             "sides called alternately")  # fmt: skip
    if kind == "worker":
        note += ", both through a grader's worker: moving the data in and out included"
    note += ")"
    record_property("note", note)
    return ratios
