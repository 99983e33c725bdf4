"""Peak memory of one side of bench_lenet.py, trained in a process of its own.

    python benchmarks/lenet_rss.py {reference,fast,torch} [--threads 2] [--batches 200] ...

It loads the data, builds the side, then trains on the epoch's first --batches batches
of --batch-size and on its last, shorter one (the same batches as bench_lenet.py's epoch)
and prints one JSON line, in bytes: "setup" (resident once data and model are ready) and
"peak" (the most resident while training: the kernel's high-water mark VmHWM, reset
after the setup where /proc/self/clear_refs allows, else the peak of the whole process,
and "reset" says which). The PyTorch side keeps only its own NCHW copy of the images.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("side", choices=("reference", "fast", "torch"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--batches", type=int, default=200)
    p.add_argument("--limit", type=int, default=None, help="images in the epoch (default: all)")
    p.add_argument("--impl", default="solutions")
    p.add_argument("--activation", default="tanh")
    p.add_argument("--pool", default="avg")
    p.add_argument("--device", default="cpu")
    return p.parse_args(argv)


def status_bytes(field: str) -> int:
    """A memory field of /proc/self/status (VmRSS, VmHWM), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def reset_peak() -> bool:
    """Restart VmHWM from the current VmRSS (Linux >= 4.0); False where not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def main(argv=None) -> int:
    args = parse_args(argv)
    for var in THREAD_VARS:
        os.environ[var] = str(args.threads)  # before NumPy or torch is imported
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    import numpy as np
    from lenet_sides import batches, make_side

    from coursekit.datasets import load_dataset, normalize
    from coursekit.seam import InProcessImpl

    data = load_dataset()
    x, y = normalize(data.x_train[: args.limit]), data.y_train[: args.limit]
    del data  # the test images are not needed here
    impl = None if args.side == "torch" else InProcessImpl(args.impl)
    if args.side == "torch":
        import torch

        torch.set_num_threads(args.threads)
    side = make_side(args.side, impl, x, y, args.activation, args.pool, args.device,
                     args.threads)  # fmt: skip
    if args.side == "torch":
        del x  # the side holds its own copy
    all_batches = batches(len(y), args.batch_size)
    run = all_batches[: args.batches] + all_batches[-1:]
    setup = status_bytes("VmRSS")
    reset = reset_peak()
    for idx in run:
        side.step(idx)
    report = {"side": args.side, "setup": setup, "peak": status_bytes("VmHWM"), "reset": reset,
              "batches": len(run), "numpy": np.__version__}  # fmt: skip
    if args.device.startswith("cuda"):
        report["device_peak"] = torch.cuda.max_memory_allocated()
    print(json.dumps(report))
    return 0


def measure(side: str, args: argparse.Namespace, activation: str, pool: str) -> dict:
    """Run this script for side in a fresh process with bench_lenet.py's settings."""
    cmd = [sys.executable, __file__, side, "--threads", str(args.threads),
           "--batch-size", str(args.batch_size), "--batches", str(args.rss_batches),
           "--impl", str(args.impl), "--activation", activation, "--pool", pool,
           "--device", args.device]  # fmt: skip
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"lenet_rss.py {side} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
