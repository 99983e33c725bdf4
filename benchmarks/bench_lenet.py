"""One epoch of LeNet-5 in NumPy (the reference and the fast one) and in PyTorch, side by side.

    uv run python benchmarks/bench_lenet.py [--threads 2] [--batch-size 64] [--limit N]
                                            [--device cpu|cuda]

Three sides train the same network (C1 conv 5x5x6 pad 2, S2 pool 2, C3 conv 5x5x16, S4
pool 2, C5 conv 5x5x120, F6 dense 84, F7 dense 10; the recipe's activation and pooling)
with the same batches, Adam, float32, on the same number of threads: the reference NumPy
LeNet-5 (--impl, solutions/ by default), the project's fastest NumPy one (fastnet/: the
same numbers, other layouts; tests/benchmarks/test_fast_lenet.py) and PyTorch's, on the
CPU or, with --device cuda, on the GPU (NumPy stays on the CPU). The epoch is run in
interleaved chunks (100 batches of each side in turn), so that all see the same load on
a shared machine; the times are the sums. The tables first show where the time goes,
then test accuracy after the epoch and each side's peak memory, measured in a process of
its own (lenet_rss.py). See benchmarks/README.md for how to read it. A figure, not a
test: nothing is asserted.
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
    p.add_argument("--device", default="cpu", help="PyTorch's: cpu | cuda | cuda:N")
    p.add_argument("--chunk", type=int, default=100, help="batches per interleaved chunk")
    p.add_argument("--repeats", type=int, default=30, help="repeats of the per-layer timings")
    p.add_argument("--rss-batches", type=int, default=200,
                   help="batches trained to measure peak memory (0: skip)")  # fmt: skip
    return p.parse_args(argv)


ARGS = parse_args()
# Thread counts must be fixed before NumPy (and its BLAS) or torch are imported.
for var in THREAD_VARS:
    os.environ[var] = str(ARGS.threads)
sys.path.insert(0, str(ROOT))

import lenet_rss  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from lenet_sides import batches, make_side, torch_lenet  # noqa: E402
from lenet_timings import PAUSE_S, Laps, by_kind, epoch_timings, layer_timings  # noqa: E402
from threadpoolctl import threadpool_info  # noqa: E402

from coursekit.datasets import load_dataset, normalize  # noqa: E402
from coursekit.seam import InProcessImpl  # noqa: E402
from coursekit.training import RECIPE  # noqa: E402

torch.set_num_threads(ARGS.threads)
SOURCE_EPOCH_S = 12 * 3600  # the from-scratch notebook: no epoch finished in 12 hours
NAMES = {"conv": "conv (c1, c3, c5)", "pool": "pool (s2, s4)", "dense": "dense (f6, f7)"}


def check_device(device: str) -> None:
    """SystemExit with the reason unless torch can use device."""
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise SystemExit(
            f"bench_lenet.py: --device {device}, but CUDA is not available to torch "
            f"{torch.__version__} (built for CUDA {torch.version.cuda or 'none'}; "
            f"{torch.cuda.device_count()} device(s) visible). Run with --device cpu."
        )
    if not device.startswith(("cpu", "cuda")):
        raise SystemExit(f"bench_lenet.py: --device must be cpu or cuda[:N], not {device!r}")


def row(label: str, *cells: str) -> None:
    print(f"{label:34s}" + "".join(f"{c:>10s}" for c in cells[:3])
          + "".join(f"{c:>13s}" for c in cells[3:]))  # fmt: skip


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}"


def main() -> int:
    args = ARGS
    check_device(args.device)
    activation = args.activation or RECIPE.activation
    pool = args.pool or RECIPE.pool
    impl = InProcessImpl(args.impl)
    data = load_dataset()
    x, y = normalize(data.x_train[: args.limit]), data.y_train[: args.limit]
    x_test, y_test = normalize(data.x_test), data.y_test
    B = args.batch_size
    pools = ", ".join(f"{p['internal_api']} {p['num_threads']} ({p.get('architecture')})"
                      for p in threadpool_info())  # fmt: skip  (what is really loaded)
    torch_on = args.device if args.device != "cpu" else "the CPU"
    print(f"LeNet-5 ({activation}, {pool} pool), batch {B}, float32, Adam; {len(x)} "
          f"{data.name} images; reference {impl.root}; fast benchmarks/fastnet; "
          f"PyTorch on {torch_on}")  # fmt: skip
    print(f"threads: torch {torch.get_num_threads()}; thread pools: {pools}; "
          f"numpy {np.__version__}, torch {torch.__version__}; "
          f"load average before: {os.getloadavg()[0]:.1f}")  # fmt: skip

    names = ("reference", "fast", "torch")
    rss = {}  # first, alone: every side in a process of its own
    if args.rss_batches:
        rss = {s: lenet_rss.measure(s, args, activation, pool) for s in names}
    sides = [make_side(s, impl, x, y, activation, pool, args.device, args.threads)
             for s in names]  # fmt: skip
    all_batches = batches(len(x), B)
    layer_model = impl.lenet.LeNet5(activation=activation, pool=pool, rng=0, dtype=np.float32)
    tmodel = torch_lenet(activation, pool).to(args.device)
    best = layer_timings(layer_model, tmodel, x[:B], args.repeats, args.device)
    probe = Laps()  # the fast side's layers: as many steps, in the same minute
    probe_step = probe.watch(make_side("fast", impl, x, y, activation, pool, threads=args.threads))
    time.sleep(PAUSE_S)
    for idx in all_batches[: args.repeats]:
        probe_step(idx)
    fast_kind = by_kind(probe.stages())
    laps = Laps()  # the fast side's stages, step by step, through the epoch
    steps = [sides[0].step, laps.watch(sides[1]), sides[2].step]
    wall, cpu, losses, chunks = epoch_timings(steps, all_batches, args.chunk)
    stages = laps.stages()
    accuracy = [float((s.predict(x_test) == y_test).mean()) for s in sides]

    print()
    row(f"forward + backward, batch {B}", "NumPy", "fast", "PyTorch", "NumPy/PyTorch",
        "fast/PyTorch")  # fmt: skip
    row("", "img/s", "img/s", "img/s")
    for kind, (t_np, t_torch) in best.items():
        t_fast = fast_kind[kind]
        label = NAMES.get(kind, f"activation (4 x {activation})")
        row(f"  {label}", f"{B / t_np:,.0f}", f"{B / t_fast:,.0f}", f"{B / t_torch:,.0f}",
            ratio(t_np, t_torch), ratio(t_fast, t_torch))  # fmt: skip
    step = [w / len(x) * B for w in wall]
    row("  train step (+ loss, Adam)", *(f"{B / s:,.0f}" for s in step),
        ratio(step[0], step[2]), ratio(step[1], step[2]))  # fmt: skip
    print("  (fast: the four tanh's backward is in pool's, fused with it)")
    if args.threads >= 2:
        print("  (fast on 2 threads: each trains half the batch, with one BLAS thread; the\n"
              "   layer figures are the main thread's half, img/s counting the whole batch)")
    print()
    row(f"one epoch, {len(x)} images", *(f"{w:.1f} s" for w in wall),
        ratio(wall[0], wall[2]), ratio(wall[1], wall[2]))  # fmt: skip
    spread = [chunks[:, i] / chunks[:, 2] for i in (0, 1)]
    row(f"  chunk ratios ({len(chunks)}): median", "", "", "",
        *(f"{np.median(r):.2f}" for r in spread))  # fmt: skip
    row("    min - max", "", "", "", *(f"{r.min():.2f}-{r.max():.2f}" for r in spread))
    row("  CPU time, all threads", *(f"{c:.1f} s" for c in cpu),
        ratio(cpu[0], cpu[2]), ratio(cpu[1], cpu[2]))  # fmt: skip
    row("  test accuracy after the epoch", *(f"{a:.2%}" for a in accuracy))
    row("  last batch loss", *(f"{loss:.3f}" for loss in losses))
    if rss:
        mib = {s: (r["setup"] / 2**20, r["peak"] / 2**20) for s, r in rss.items()}
        print(f"memory, each side in its own process ({rss['fast']['batches']} batches):")
        row("  resident after setup (MiB)", *(f"{mib[s][0]:,.0f}" for s in names),
            ratio(mib["reference"][0], mib["torch"][0]), ratio(mib["fast"][0], mib["torch"][0]))
        row("  peak while training (MiB)", *(f"{mib[s][1]:,.0f}" for s in names),
            ratio(mib["reference"][1], mib["torch"][1]), ratio(mib["fast"][1], mib["torch"][1]))
        row("  training's own (peak - setup)", *(f"{mib[s][1] - mib[s][0]:,.0f}" for s in names))
        if not all(r["reset"] for r in rss.values()):
            print("  (peaks of the whole process: /proc/self/clear_refs was not writable)")
        if "device_peak" in rss["torch"]:
            on_device = rss["torch"]["device_peak"] / 2**20
            print(f"  PyTorch's peak on {args.device}: {on_device:,.0f} MiB")
    if len(x) == 60000:
        print(f"  the source notebook's NumPy LeNet-5: no epoch in {SOURCE_EPOCH_S:,} s "
              f"(12 h), > {SOURCE_EPOCH_S / wall[1]:,.0f}x the fast one")  # fmt: skip

    median = {stage: float(np.median(s)) for stage, s in stages.items()}
    total = sum(median.values())
    print(f"\nthe fast step, stage by stage (median over the epoch's {len(stages['adam'])} steps, "
          f"{total * 1e3:.2f} ms in all):")  # fmt: skip
    for stage, seconds in sorted(median.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:28s}{seconds * 1e6:8.0f} us{seconds / total:8.0%}")
    print(f"load average after: {os.getloadavg()[0]:.1f} (on a shared machine, compare "
          "ratios, not absolute times)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
