"""Speed feedback for the hidden suites: ratios against the reference, never a verdict.

The learner's function runs through `impl`: in the grader that is a worker process, and
moving the arguments in and the results out costs time the learner's code does not spend
(milliseconds for a medium batch, as much as pooling itself). `transport_seconds`
measures that cost with the same data and a GIVEN layer used as a mailbox, and the ratio
compares what is left with the reference, run in this process. Results go to the report
as `record_property("speed", {...})` and one note.
"""

from __future__ import annotations

import statistics
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


def median_seconds(fn: Callable[[], object], repeats: int = 5, warmup: int = 1,
                   max_total: float = 5.0) -> float:
    """Median wall time of fn() over `repeats` runs (fewer if they exceed max_total s)."""
    for _ in range(warmup):
        fn()
    times: list[float] = []
    start = time.perf_counter()
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - start > max_total:
            break
    return statistics.median(times)


def transport_seconds(impl, args: tuple, result) -> float:
    """About what one call through `impl` with these arguments and this result costs apart
    from the work: half a round trip of each through an attribute of a GIVEN layer.
    0 in process (nothing is copied); 0 too if the mailbox can't be used."""
    try:
        box = impl.layers.Flatten()

        def round_trip(payload) -> None:
            box.payload = payload
            _ = box.payload

        return 0.5 * (median_seconds(lambda: round_trip(args))
                      + median_seconds(lambda: round_trip(result)))
    except Exception:
        return 0.0


def report(record_property, part: str, learner: dict[str, float],
           reference: dict[str, float], transport: dict[str, float] | None = None,
           ) -> dict[str, float]:
    """Record {name: learner / reference} as "speed" (the learner's time less `transport`),
    and a note with the times and, for a function that is much slower, a hint."""
    transport = transport or {}
    own = {name: max(learner[name] - transport.get(name, 0.0), 1e-4) for name in learner}
    ratios = {name: own[name] / max(reference[name], 1e-9) for name in learner}
    record_property("speed", {name: round(r, 2) for name, r in ratios.items()})
    lines = []
    for name, ratio in ratios.items():
        moved = transport.get(name, 0.0)
        line = (f"{part}: your {name} takes {own[name] * 1e3:.1f} ms"
                + (f" (+{moved * 1e3:.1f} ms moving data to and from the grader's worker)"
                   if moved > 1e-4 else "")
                + f", the reference {reference[name] * 1e3:.1f} ms ({ratio:.1f}x"
                + (", rough: mostly data movement" if moved > 0.5 * learner[name] else "")
                + ")")
        if ratio > SLOW_RATIO and own[name] - reference[name] > SLOW_EXCESS:
            line += (f": your {name} is {ratio:.0f} x slower than the reference: "
                     f"{HINTS.get(name, 'loops over pixels?')}")
        lines.append(line)
    record_property("note", "; ".join(lines))
    return ratios
