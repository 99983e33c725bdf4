"""The measurements behind bench_lenet.py: per layer type, per stage of the fast net's
step, and a whole epoch run side by side in interleaved chunks."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

# Idle worker threads spin before they sleep (OpenBLAS for ~2**28 cycles, about 0.1 s):
# right after NumPy's BLAS ran, its spinning threads would slow torch's, and the other
# way round. Each side therefore starts after a pause, which is not timed.
PAUSE_S = 0.3
KINDS = ("conv", "activation", "pool", "dense")
# the fast net's stages (fastnet/net.py's laps) by layer type; the rest is "step"
STAGE_KIND = {"tanh": "activation", "dense": "dense"}
STAGE_KIND |= {s: "conv" for s in ("c1 im2col", "c1 gemm", "c3 im2col", "c3 gemm", "c5 gemm",
                                   "c5 dw, dx gemms", "c3 dw gemm", "c3 dx gemm", "c3 col2im",
                                   "c1 dw gemm")}  # fmt: skip
STAGE_KIND |= {s: "pool" for s in ("s2 pool", "s4 pool", "s4 pool + tanh", "s2 pool + tanh")}


def kind_of(layer) -> str:
    """conv | pool | dense | activation | flatten, for either framework."""
    name = type(layer).__name__.lower()
    for kind, keys in (("conv", ("conv",)), ("pool", ("pool",)), ("dense", ("dense", "linear")),
                       ("flatten", ("flatten",))):  # fmt: skip
        if any(k in name for k in keys):
            return kind
    return "activation"


def layer_timings(model, tmodel, x: np.ndarray, repeats: int, device: str) -> dict:
    """Per layer type: seconds of forward + backward of one batch, [reference, torch].

    Each layer is timed on the input it sees in the network; the gradient flowing back
    is random. The fastest of the repeats is kept (the least disturbed by other load).
    """
    import torch

    sync = torch.cuda.synchronize if device.startswith("cuda") else (lambda: None)
    rng = np.random.default_rng(0)
    inputs, out = [], x
    for layer in model.layers:
        inputs.append(out)
        out = layer.forward(out)
    tinputs, tout = [], torch.from_numpy(x.transpose(0, 3, 1, 2).copy()).to(device)
    for layer in tmodel:
        tinputs.append(tout.detach())
        tout = layer(tout)

    def np_case(layer, inp):
        dout = rng.standard_normal(layer.forward(inp).shape).astype(np.float32)
        return lambda: (layer.forward(inp), layer.backward(dout))

    def torch_case(layer, inp, first):
        inp = inp.clone().requires_grad_(not first)  # C1 needs no input gradient, in both
        dout = torch.randn_like(layer(inp))
        return lambda: layer(inp).backward(dout)

    cases: dict[str, list] = {}
    for i, (layer, tlayer) in enumerate(zip(model.layers, tmodel, strict=True)):
        kind = kind_of(layer)
        assert kind == kind_of(tlayer), (layer, tlayer)
        if kind != "flatten":
            cases.setdefault(kind, [[], []])
            cases[kind][0].append(np_case(layer, inputs[i]))
            cases[kind][1].append(torch_case(tlayer, tinputs[i], first=i == 0))
    best = {kind: [float("inf"), float("inf")] for kind in cases}
    for kind, sides in cases.items():
        for side, runs in enumerate(sides):
            time.sleep(PAUSE_S)
            for _ in range(repeats):
                start = time.perf_counter()
                for run in runs:
                    run()
                if side == 1:
                    sync()  # torch's kernels may still be running on the GPU
                best[kind][side] = min(best[kind][side], time.perf_counter() - start)
    return best


class Laps:
    """A stopwatch for the fast net: lap(stage) adds the time since the last lap."""

    def __init__(self):
        self.steps: list[dict[str, float]] = []
        self.sizes: list[int] = []  # images in each step
        self.last = 0.0

    def new_step(self, size: int) -> None:
        self.steps.append({})
        self.sizes.append(size)
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        step = self.steps[-1]
        step[stage] = step.get(stage, 0.0) + now - self.last
        self.last = now


    def watch(self, side) -> Callable[[np.ndarray], float]:
        """side.step, with this stopwatch in side's net (a few microseconds a step)."""
        side.model.lap = self

        def step(idx: np.ndarray) -> float:
            self.new_step(len(idx))
            loss = side.step(idx)
            self("adam")  # since the net's last lap: the loss's gradient and Adam
            return loss

        return step

    def stages(self) -> dict[str, list[float]]:
        """Seconds of each stage, one per step of a full batch (not the last, shorter one)."""
        full = [step for step, size in zip(self.steps, self.sizes, strict=True)
                if size == self.sizes[0]]  # fmt: skip
        return {stage: [step.get(stage, 0.0) for step in full] for stage in full[0]}


def by_kind(stages: dict[str, list[float]]) -> dict[str, float]:
    """Per layer type, the time of its stages in the step where they took the least (as
    layer_timings keeps the fastest repeat of each layer type)."""
    kinds = {}
    for kind in KINDS:
        per_step = [stages[s] for s in stages if STAGE_KIND.get(s) == kind]
        kinds[kind] = float(np.sum(per_step, axis=0).min())
    return kinds


def epoch_timings(steps: Sequence[Callable], batches: Sequence[np.ndarray], chunk: int):
    """One epoch of every side, in interleaved chunks of batches ([A, B, C], then the next
    chunk, ...) -> (wall seconds, CPU seconds, last losses, per-chunk seconds), one per side.
    """
    n = len(steps)
    wall, cpu, losses, chunks = [0.0] * n, [0.0] * n, [0.0] * n, []
    for first in range(0, len(batches), chunk):
        spent = []
        for side, step in enumerate(steps):
            time.sleep(PAUSE_S)
            start, start_cpu = time.perf_counter(), time.process_time()
            for idx in batches[first : first + chunk]:
                losses[side] = step(idx)
            spent.append(time.perf_counter() - start)
            wall[side] += spent[-1]
            cpu[side] += time.process_time() - start_cpu
        chunks.append(spent)
    return wall, cpu, losses, np.array(chunks)
