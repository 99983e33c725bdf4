"""Speed feedback: ratios against the reference, never a verdict (hidden suites, lenet bench).

The learner's function runs through `impl` and the reference through `ref_peer`, the
same kind of seam (in the grader: two worker processes, so both pay the same cost of
moving the arguments in and the results out). `paired_seconds` calls the two
alternately with the same arguments, so both see the same load on a shared machine,
and keeps the fastest call of each. Results go to the report as
`record_property("speed", {...})` and one note.

Why the fastest and not the median: on a loaded machine a call of a few milliseconds
either runs through or is preempted, and takes 2-4 times longer; with about half the
calls preempted, the median jumps between the two and the reference timed against
itself read 0.6x to 4.8x (measured: the 2-core grading machine at load 6-11). The
fastest call of each side stayed within 0.6x-1.3x in the same runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

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


def paired_seconds(
    learner: Callable[[], object],
    reference: Callable[[], object],
    repeats: int = 11,
    warmup: int = 1,
    max_total: float = 0.5,
) -> tuple[float, float]:
    """The fastest wall times of learner() and reference(), called alternately.

    learner, reference, learner, reference, ...: every call follows one of the other
    side's (in pairs that alternate which goes first, the side that ran twice in a row
    more often came out faster). The learner goes first (a stub fails before the
    reference runs). At least one timed round after `warmup`,
    fewer than `repeats` if they take more than max_total seconds in all.
    """
    for _ in range(warmup):
        learner()
        reference()
    own: list[float] = []
    peer: list[float] = []
    start = time.perf_counter()
    for _ in range(repeats):
        own.append(seconds(learner))
        peer.append(seconds(reference))
        if time.perf_counter() - start > max_total:
            break
    return min(own), min(peer)


def report(
    record_property,
    part: str,
    learner: dict[str, float],
    reference: dict[str, float],
    kind: str | None = None,
) -> dict[str, float]:
    """Record {name: learner / reference} as "speed", and a note with the times and, for
    a function that is much slower, a hint. `kind` is the seam's ("worker": the times
    include moving the data to and from a worker, for both)."""
    ratios = {name: learner[name] / max(reference[name], 1e-9) for name in learner}
    record_property("speed", {name: round(r, 2) for name, r in ratios.items()})
    lines = []
    for name, ratio in ratios.items():
        line = (
            f"{part}: your {name} takes {learner[name] * 1e3:.1f} ms, "
            f"the reference {reference[name] * 1e3:.1f} ms ({ratio:.1f}x)"
        )
        if ratio > SLOW_RATIO and learner[name] - reference[name] > SLOW_EXCESS:
            line += (
                f": your {name} is {ratio:.0f} x slower than the reference: "
                f"{HINTS.get(name, 'loops over pixels?')}"
            )
        lines.append(line)
    note = "; ".join(lines)
    note += " (the fastest of repeated calls, the two sides alternately"
    if kind == "worker":
        note += ", both through a grader's worker: moving the data in and out included"
    note += ")"
    record_property("note", note)
    return ratios
