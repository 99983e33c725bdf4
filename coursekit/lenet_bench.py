"""`uv run lenet bench --impl stages`: your conv, pooling and training step against the
reference's, side by side in one process.

Each case runs the same call on the same data for both sides, alternately (the fastest of
repeated calls of each is kept: see coursekit.speed for why), on one batch of 64 images
in float32: C3's convolution (14x14x6 -> 10x10x16, 5x5), forward and backward; max and
average pooling of C1's output (28x28x6, 2x2), forward and backward; and one training
step of LeNet-5 (forward, loss, backward, Adam). Ratios are yours / the reference's; one
far above 1 comes with the usual cause (a loop over pixels where a loop over the kernel
would do). Without solutions/ (a learner's handout), only your own times are printed.
Last, the training step's time projects part 5's time-boxed MNIST training test
(coursekit.course.LENET_BOX) against the time the grader allows it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from coursekit import speed
from coursekit.course import BY_NAME, LENET_BOX, MACHINE, TEST_SECONDS
from coursekit.seam import InProcessImpl, load_as

REFERENCE = "_s13_bench_reference"
BATCH = 64


def _conv_case(impl) -> Callable[[], object]:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, 14, 14, 6)).astype(np.float32)
    w = (0.1 * rng.standard_normal((5, 5, 6, 16))).astype(np.float32)
    b = np.zeros(16, np.float32)
    dout = rng.standard_normal((BATCH, 10, 10, 16)).astype(np.float32)

    def run():
        _, cache = impl.conv.conv_forward(x, w, b)
        return impl.conv.conv_backward(dout, cache)

    return run


def _pool_case(impl, kind: str) -> Callable[[], object]:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((BATCH, 28, 28, 6)).astype(np.float32)
    dout = rng.standard_normal((BATCH, 14, 14, 6)).astype(np.float32)
    forward = getattr(impl.pooling, f"{kind}pool_forward")
    backward = getattr(impl.pooling, f"{kind}pool_backward")

    def run():
        _, cache = forward(x, 2)
        return backward(dout, cache)

    return run


def _train_step_case(impl) -> Callable[[], object]:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((BATCH, 28, 28, 1)).astype(np.float32)
    y = rng.integers(0, 10, BATCH)
    model = impl.lenet.LeNet5(activation="tanh", pool="avg", rng=0, dtype=np.float32)
    opt = impl.layers.Adam(lr=1e-3)

    def run():
        _, dlogits = impl.lenet.softmax_cross_entropy(model.forward(x), y)
        model.backward(dlogits)
        opt.step(model.params())

    return run


TRAIN_STEP = "train step (LeNet-5, batch 64)"
CASES = {  # name -> (how to build it, the speed hint's key)
    "conv forward + backward (C3)": (_conv_case, "conv_forward"),
    "max pool forward + backward (S2)": (lambda impl: _pool_case(impl, "max"), "maxpool_forward"),
    "avg pool forward + backward (S2)": (lambda impl: _pool_case(impl, "avg"), "avgpool_forward"),
    TRAIN_STEP: (_train_step_case, None),
}


def reference_or_none():
    try:
        return load_as("solutions", REFERENCE)
    except FileNotFoundError:
        return None


def bench(impl, reference, repeats: int = 7) -> list[tuple[str, float, float | None, str]]:
    """(case, your seconds, the reference's or None, hint) for every case."""
    rows = []
    for name, (build, hint_key) in CASES.items():
        try:
            mine = build(impl)
            mine()
        except NotImplementedError as exc:
            rows.append((name, float("nan"), None, f"not implemented yet: {exc}"))
            continue
        if reference is None:
            best = min(speed.seconds(mine) for _ in range(repeats))
            rows.append((name, best, None, ""))
            continue
        own, ref = speed.paired_seconds(mine, build(reference), repeats=repeats, max_total=20)
        hint = ""
        if own / ref > speed.SLOW_RATIO and own - ref > speed.SLOW_EXCESS:
            hint = speed.HINTS.get(hint_key, "loops over pixels?")
        rows.append((name, own, ref, hint))
    return rows


def print_table(rows, impl_root, reference_found: bool) -> None:
    print(f"your code: {impl_root}; float32, batch {BATCH}; the fastest of repeated calls")
    print(f"{'':36s}{'yours':>10s}{'reference':>11s}{'ratio':>8s}")
    for name, own, ref, hint in rows:
        mine = "-" if own != own else f"{own * 1e3:.1f} ms"
        theirs = "-" if ref is None else f"{ref * 1e3:.1f} ms"
        ratio = "-" if ref is None or own != own else f"{own / ref:.1f}x"
        print(f"{name:36s}{mine:>10s}{theirs:>11s}{ratio:>8s}")
        if hint:
            print(f"    {hint}")
    if not reference_found:
        print("(no solutions/ here: only your own times)")
    print("ratios, not times, are what to compare: the machine's load moves both sides")


def budget_lines(step_seconds: float) -> list[str]:
    """Where a training step of `step_seconds` puts part 5's time-boxed MNIST training."""
    box, budget = LENET_BOX, BY_NAME["lenet"].budget
    stop = box.stop_fraction * budget
    lines = [
        f"part 5's graded MNIST training: {box.epochs} epochs on {box.images:,} images (batch "
        f"{box.batch}), then {box.test_images:,} predictions;",
        f"    time box {budget} s of CPU time; stopped at once when projected past {stop:.0f} s",
    ]
    if step_seconds != step_seconds:
        return lines + ["    your training step is not implemented yet"]
    projected = step_seconds * box.steps
    verdict = "within the limit" if projected <= stop / 2 else (
        "close to the limit: the grader's machine may be slower than this one" if
        projected <= stop else "TOO SLOW: it would be stopped and score nothing")
    return lines + [
        f"    with your code, here: about {projected:.0f} s ({box.steps:.0f} steps of "
        f"{step_seconds * 1e3:.0f} ms): {verdict}",
        f"    (timed here by the wall clock, which a busy machine slows; the grader counts CPU "
        f"time. Limits are set for {MACHINE}; every other test has {TEST_SECONDS} s)",
    ]


def cmd_bench(args) -> int:
    impl = InProcessImpl(args.impl)
    reference = reference_or_none()
    rows = bench(impl, reference, args.repeats)
    print_table(rows, impl.root, reference is not None)
    print("\n".join(budget_lines(next(own for name, own, _, _ in rows if name == TRAIN_STEP))))
    return 0
