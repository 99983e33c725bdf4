"""Dask against the local pool: the same batch graded both ways, alternately.

    uv run python benchmarks/bench_cluster.py [--submissions 20] [--rounds 2] [--part padding]

Builds a class (copies of the reference and of the catalogued mistakes, in turn), then
grades it with `grader run --batch --jobs 2` and with `--scheduler local:2`, alternating
(pool, dask, pool, dask, ...) so that both see the same background load. Each time is the
whole command, from start to exit (the LocalCluster's start and stop included). Prints
each round, the throughput ratio (pool time / Dask time: 1 = as fast, below 1 = Dask is
slower), the median seconds per submission from the gradebooks, and the scheduler's own
cost per task: trivial tasks sent through a LocalCluster of 2 workers the way the grader
sends them (one per `grading` slot in flight, the next sent when one completes).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from mistakes.catalog import MISTAKES, build_reference, build_submission  # noqa: E402


def build_class(dest: Path, n: int, parts: list[str]) -> None:
    """Copies of the reference and of mistakes, in turn, each made unique by a comment: in a
    real class no two submissions are byte-identical, and identical ones would be graded
    once (the regrade cache keys results by content), which would flatter either side."""
    mistakes = [m for m in MISTAKES if m.part in parts] or MISTAKES
    for i in range(n):
        if i % 2 == 0:
            built = build_reference(dest, f"reference-{i:02d}")
        else:
            mistake = mistakes[(i // 2) % len(mistakes)]
            built = build_submission(mistake, dest).rename(dest / f"{mistake.name}-{i:02d}")
        with open(built / "s13_cnn" / "padding" / "padding.py", "a") as fh:
            fh.write(f"\n# submission {i}\n")


def grade(subs: Path, out: Path, parts: list[str], how: list[str]) -> tuple[float, list[float]]:
    """Seconds of one whole `grader run --batch`, and the gradebook's seconds column."""
    args = [a for p in parts for a in ("--part", p)]
    cmd = [sys.executable, "-m", "grader.cli.main", "run", str(subs), "--batch", *args,
           "--out", str(out), "--no-progress", *how]  # fmt: skip
    start = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(how)} failed:\n{done.stdout}\n{done.stderr}")
    with open(out / "gradebook.csv") as fh:
        seconds = [float(row["seconds"]) for row in csv.DictReader(fh)]
    return wall, seconds


def _noop(i: int) -> int:
    return i


def scheduler_overhead(tasks: int) -> tuple[float, float]:
    """Seconds per trivial task: sent one per slot as the grader does, and all at once."""
    from distributed import as_completed

    from grader.batch.cluster import RESOURCE, connect

    with connect("local:2") as client:
        slots = 2
        client.gather(client.map(_noop, range(20), pure=False))  # warm up
        start = time.monotonic()
        todo, done = list(range(tasks)), as_completed()
        for _ in range(slots):
            done.add(client.submit(_noop, todo.pop(), resources={RESOURCE: 1}, pure=False))
        for _ in done:
            if todo:
                done.add(client.submit(_noop, todo.pop(), resources={RESOURCE: 1}, pure=False))
        throttled = (time.monotonic() - start) / tasks
        start = time.monotonic()
        client.gather(client.map(_noop, range(tasks), resources={RESOURCE: 1}, pure=False))
        bulk = (time.monotonic() - start) / tasks
    return throttled, bulk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--part", action="append", help="(repeatable; default: padding)")
    parser.add_argument("--tasks", type=int, default=500, help="trivial tasks, for overhead")
    args = parser.parse_args()
    parts = args.part or ["padding"]
    print(f"load average before: {os.getloadavg()[0]:.1f}; cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        subs = Path(tmp) / "subs"
        build_class(subs, args.submissions, parts)
        walls: dict[str, list[float]] = {"pool": [], "dask": []}
        per_sub: dict[str, list[float]] = {"pool": [], "dask": []}
        how = {"pool": ["--jobs", "2"], "dask": ["--scheduler", "local:2"]}
        print(f"{args.submissions} submissions, --part {' --part '.join(parts)}")
        for r in range(args.rounds):
            for side in ("pool", "dask"):
                wall, seconds = grade(subs, Path(tmp) / f"{side}-{r}", parts, how[side])
                walls[side].append(wall)
                per_sub[side] += seconds
                print(f"  round {r + 1}  {side:<4}  {wall:7.1f} s  ({' '.join(how[side])})")
            print(f"  round {r + 1}  ratio pool/dask {walls['pool'][-1] / walls['dask'][-1]:.3f}")
        ratio = sum(walls["pool"]) / sum(walls["dask"])
        print(f"throughput ratio, Dask local:2 / pool --jobs 2 (sums): {ratio:.3f}")
        for side in ("pool", "dask"):
            print(f"median seconds per submission ({side}): {statistics.median(per_sub[side]):.1f}")
    throttled, bulk = scheduler_overhead(args.tasks)
    print(
        f"scheduler overhead per task, {args.tasks} trivial tasks on local:2: "
        f"{throttled * 1e3:.1f} ms sent one per slot, {bulk * 1e3:.1f} ms sent at once"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
