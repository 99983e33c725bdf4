"""Speed feedback for the hidden suites: ratios against the reference, never a verdict.

The learner's function runs through `impl` (in the grader, across the worker boundary,
so a ratio near 1 can't be expected for tiny inputs: the suites time medium batches);
the reference runs in this process. Results go to the report as
`record_property("speed", {...})` and one note per slow function.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

SLOW_RATIO = 10.0  # beyond this the code is almost surely loop-bound
HINTS = {
    "conv_forward": "loops over pixels? im2col should loop over the kernel offsets "
    "(KH*KW slice copies), not over N, H_out, W_out: see the kernel loop in "
    "stages/s13_cnn/im2col/README.md",
    "conv_backward": "loops over pixels? col2im should add back one strided slice per "
    "kernel offset, and dw is one matrix product: see the kernel loop in "
    "stages/s13_cnn/im2col/README.md",
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


def report(record_property, part: str, learner: dict[str, float],
           reference: dict[str, float]) -> dict[str, float]:
    """Record {name: learner / reference} as "speed", and a note per slow function."""
    ratios = {name: learner[name] / max(reference[name], 1e-9) for name in learner}
    record_property("speed", {name: round(r, 2) for name, r in ratios.items()})
    lines = []
    for name, ratio in ratios.items():
        line = (f"{part}: your {name} takes {learner[name] * 1e3:.1f} ms, the reference "
                f"{reference[name] * 1e3:.1f} ms ({ratio:.1f}x)")
        if ratio > SLOW_RATIO:
            line += (f": your {name} is {ratio:.0f} x slower than the reference: "
                     f"{HINTS.get(name, 'loops over pixels?')}")
        lines.append(line)
    record_property("note", "; ".join(lines))
    return ratios
