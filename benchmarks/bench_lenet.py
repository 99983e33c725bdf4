"""One epoch of LeNet-5 in NumPy (the reference) and in PyTorch on the CPU, side by side.

    uv run python benchmarks/bench_lenet.py [--threads 2] [--batch-size 64] [--limit N]

Both train the same network (C1 conv 5x5x6 pad 2, S2 pool 2, C3 conv 5x5x16, S4 pool 2,
C5 conv 5x5x120, F6 dense 84, F7 dense 10; the recipe's activation and pooling) with the
same batches, Adam, float32, on the same number of threads. The epoch is run in
interleaved chunks (100 NumPy batches, then the same 100 in PyTorch, ...), so that both
see the same load on a shared machine; the times are the sums. The table first shows
where the time goes: forward + backward of each layer type, in images per second.
See benchmarks/README.md for how to read it. A figure, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=2, help="threads for NumPy's BLAS and torch")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--limit", type=int, default=None, help="images in the epoch (default: all)")
    p.add_argument("--impl", default="solutions", help="solutions | stages | a folder")
    p.add_argument("--activation", default=None, help="default: the training recipe's")
    p.add_argument("--pool", default=None, help="default: the training recipe's")
    p.add_argument("--chunk", type=int, default=100, help="batches per interleaved chunk")
    p.add_argument("--repeats", type=int, default=30, help="repeats of the per-layer timings")
    return p.parse_args(argv)


ARGS = parse_args()
# Thread counts must be fixed before NumPy (and its BLAS) or torch are imported.
for var in THREAD_VARS:
    os.environ[var] = str(ARGS.threads)
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from threadpoolctl import threadpool_info  # noqa: E402
from torch import nn  # noqa: E402

from coursekit.datasets import load_dataset, normalize  # noqa: E402
from coursekit.seam import InProcessImpl  # noqa: E402
from coursekit.training import RECIPE  # noqa: E402

torch.set_num_threads(ARGS.threads)
SOURCE_EPOCH_S = 12 * 3600  # the from-scratch notebook: no epoch finished in 12 hours
# Idle worker threads spin before they sleep (OpenBLAS for ~2**28 cycles, about 0.1 s):
# right after NumPy's BLAS ran, its spinning threads would slow torch's, and the other
# way round. Each side therefore starts after a pause, which is not timed.
PAUSE_S = 0.3


# ------------------------------------------------------------------------ the models


def torch_lenet(activation: str, pool: str) -> nn.Sequential:
    """The same LeNet-5 in PyTorch, NCHW (torch's native layout on the CPU)."""
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[activation]
    pool_layer = {"avg": nn.AvgPool2d, "max": nn.MaxPool2d}[pool]
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), act(), pool_layer(2),     # C1, S2
        nn.Conv2d(6, 16, 5), act(), pool_layer(2),               # C3, S4
        nn.Conv2d(16, 120, 5), act(), nn.Flatten(),              # C5
        nn.Linear(120, 84), act(), nn.Linear(84, 10),            # F6, F7
    )  # fmt: skip


def kind_of(layer) -> str:
    """conv | pool | dense | activation | flatten, for either framework."""
    name = type(layer).__name__.lower()
    for kind, keys in (("conv", ("conv",)), ("pool", ("pool",)), ("dense", ("dense", "linear")),
                       ("flatten", ("flatten",))):  # fmt: skip
        if any(k in name for k in keys):
            return kind
    return "activation"


# --------------------------------------------------------------------------- timings


def layer_timings(impl, activation: str, pool: str, x: np.ndarray, repeats: int):
    """Per layer type: seconds of forward + backward for one batch, NumPy and torch.

    Each layer is timed on the input it sees in the network; the gradient flowing back
    is random. The fastest of the repeats is kept (the least disturbed by other load).
    """
    rng = np.random.default_rng(0)
    model = impl.lenet.LeNet5(activation=activation, pool=pool, rng=0, dtype=np.float32)
    inputs, out = [], x
    for layer in model.layers:
        inputs.append(out)
        out = layer.forward(out)
    tmodel = torch_lenet(activation, pool)
    tinputs, tout = [], torch.from_numpy(x.transpose(0, 3, 1, 2).copy())
    for layer in tmodel:
        tinputs.append(tout.detach())
        tout = layer(tout)

    def np_case(layer, inp):
        dout = rng.standard_normal(layer.forward(inp).shape).astype(np.float32)
        return lambda: (layer.forward(inp), layer.backward(dout))

    def torch_case(layer, inp, first):
        inp = inp.clone().requires_grad_(not first)  # C1 needs no input gradient, in both
        dout = torch.randn_like(layer(inp))

        def run():
            layer(inp).backward(dout)

        return run

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
                best[kind][side] = min(best[kind][side], time.perf_counter() - start)
    return best


def epoch_timings(impl, activation, pool, x, y, batch_size, chunk):
    """Seconds for one epoch, NumPy and torch, run in interleaved chunks of batches."""
    model = impl.lenet.LeNet5(activation=activation, pool=pool, rng=0, dtype=np.float32)
    opt = impl.layers.Adam(lr=1e-3)
    loss_fn = impl.lenet.softmax_cross_entropy
    tmodel = torch_lenet(activation, pool)
    topt = torch.optim.Adam(tmodel.parameters(), lr=1e-3)
    tx = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())  # (N, 1, 28, 28)
    ty = torch.from_numpy(y)
    order = np.random.default_rng(0).permutation(len(x))
    batches = [order[i : i + batch_size] for i in range(0, len(x), batch_size)]

    def np_step(idx):
        logits = model.forward(x[idx])
        loss, dlogits = loss_fn(logits, y[idx])
        model.backward(dlogits)
        opt.step(model.params())
        return loss

    def torch_step(idx):
        tidx = torch.from_numpy(idx)
        topt.zero_grad()
        loss = nn.functional.cross_entropy(tmodel(tx[tidx]), ty[tidx])
        loss.backward()
        topt.step()
        return loss.item()

    wall, cpu, ratios, losses = [0.0, 0.0], [0.0, 0.0], [], [0.0, 0.0]
    for first in range(0, len(batches), chunk):
        spent = []
        for side, step in enumerate((np_step, torch_step)):
            time.sleep(PAUSE_S)
            start, start_cpu = time.perf_counter(), time.process_time()
            for idx in batches[first : first + chunk]:
                losses[side] = step(idx)
            spent.append(time.perf_counter() - start)
            wall[side] += spent[-1]
            cpu[side] += time.process_time() - start_cpu
        ratios.append(spent[0] / spent[1])
    return wall, cpu, float(np.median(ratios)), losses


# ---------------------------------------------------------------------------- report


def main() -> int:
    args = ARGS
    recipe = RECIPE
    activation = args.activation or recipe.activation
    pool = args.pool or recipe.pool
    impl = InProcessImpl(args.impl)
    data = load_dataset()
    x = normalize(data.x_train[: args.limit])
    y = data.y_train[: args.limit]
    B = args.batch_size
    pools = ", ".join(
        f"{p['internal_api']} {p['num_threads']}" for p in threadpool_info()
    )  # what is really loaded, not what was asked
    print(f"LeNet-5 ({activation}, {pool} pool), batch {B}, float32, Adam; "
          f"{len(x)} {data.name} images; implementation {impl.root}")  # fmt: skip
    print(f"threads: torch {torch.get_num_threads()}; thread pools: {pools}; "
          f"numpy {np.__version__}, torch {torch.__version__}; "
          f"load average before: {os.getloadavg()[0]:.1f}")  # fmt: skip

    best = layer_timings(impl, activation, pool, x[:B], args.repeats)
    (np_s, torch_s), (np_cpu, torch_cpu), median_ratio, losses = epoch_timings(
        impl, activation, pool, x, y, B, args.chunk
    )

    def row(label: str, numpy: str, torch_: str, ratio: float | None) -> None:
        print(f"{label:36s}{numpy:>12s}{torch_:>12s}{'' if ratio is None else f'{ratio:.2f}':>15s}")

    print()
    row(f"forward + backward, batch {B}", "NumPy", "PyTorch", None)
    print(f"{'':36s}{'img/s':>12s}{'img/s':>12s}{'NumPy/PyTorch':>15s}")
    names = {"conv": "conv (c1, c3, c5)", "pool": "pool (s2, s4)", "dense": "dense (f6, f7)",
             "activation": f"activation (4 x {activation})"}  # fmt: skip
    for kind, (t_np, t_torch) in best.items():
        row(f"  {names.get(kind, kind)}", f"{B / t_np:,.0f}", f"{B / t_torch:,.0f}", t_np / t_torch)
    step_np, step_torch = np_s / len(x) * B, torch_s / len(x) * B
    row("  train step (+ loss, Adam)", f"{B / step_np:,.0f}", f"{B / step_torch:,.0f}",
        step_np / step_torch)  # fmt: skip
    print()
    row(f"one epoch, {len(x)} images", f"{np_s:.1f} s", f"{torch_s:.1f} s", np_s / torch_s)
    row(f"  median of {-(-len(x) // (B * args.chunk))} chunk ratios", "", "", median_ratio)
    row("  CPU time, all threads", f"{np_cpu:.1f} s", f"{torch_cpu:.1f} s", np_cpu / torch_cpu)
    print(f"  last batch loss: NumPy {losses[0]:.3f}, PyTorch {losses[1]:.3f}")
    if len(x) == 60000:
        print(f"  the source notebook's NumPy LeNet-5: no epoch in {SOURCE_EPOCH_S:,} s "
              f"(12 h), > {SOURCE_EPOCH_S / np_s:,.0f}x this one")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f} (on a shared machine, compare "
          "ratios, not absolute times)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
