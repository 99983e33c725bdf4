"""LeNet-5 as published, trained as published: SDLM, 20 passes, 3 seeds, with and without
the paper's distortions; each run's test error and time, and the mean of the seeds.

    uv run python benchmarks/bench_sdlm.py [--seeds 0 1 2] [--jobs 2] [--runs runs/sdlm]

Each run is one `lenet train --model paper --optimizer sdlm --seed S [--distort]` in its
own process (one BLAS thread), niced; its log goes to RUNS/<setting>-seed<S>.log, and a
log that already ends with the final line is read instead of run again (--force reruns).
Training time is the command's own (wall, evaluation excluded); CPU time is the process's
user + system time, the steadier figure on a shared machine. The paper's figures: 0.95%
test error without distortions, 0.8% with. A figure, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {"plain": (), "distort": ("--distort",)}
PAPER = {"plain": 0.95, "distort": 0.80}
FINAL = re.compile(r"trained (\d+) epoch\(s\) in ([\d.]+) s of training .* error ([\d.]+)%")
CPU = re.compile(r"^cpu ([\d.]+) s$", re.M)


@dataclass
class Run:
    setting: str
    seed: int
    log: Path
    extra: tuple[str, ...]

    def command(self) -> list[str]:
        return ["lenet", "train", "--model", "paper", "--optimizer", "sdlm",
                "--seed", str(self.seed), *SETTINGS[self.setting], *self.extra,
                "--quiet", "--runs", str(self.log.parent / f"{self.log.stem}-summary")]

    def result(self) -> tuple[float, float, float] | None:
        """(test error %, training s, CPU s) from a finished log, else None."""
        text = self.log.read_text() if self.log.is_file() else ""
        final, cpu = FINAL.search(text), CPU.search(text)
        if not final:
            return None
        return float(final.group(3)), float(final.group(2)), float(cpu.group(1)) if cpu else 0


def execute(run: Run) -> None:
    run.log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    with run.log.open("w") as out:
        out.write("$ " + " ".join(["uv", "run", *run.command()]) + "\n")
        out.flush()
        proc = subprocess.Popen(["nice", "-n", "5", sys.executable, "-m",
                                 "coursekit.lenet_cli", *run.command()[1:]],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        out.write(f"cpu {usage.ru_utime + usage.ru_stime:.1f} s\nexit {status}\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--settings", nargs="+", choices=list(SETTINGS), default=list(SETTINGS))
    p.add_argument("--jobs", type=int, default=2, help="runs at a time")
    p.add_argument("--runs", default="runs/sdlm", help="folder of the logs")
    p.add_argument("--force", action="store_true", help="rerun finished runs")
    p.add_argument("--collect", action="store_true", help="only read the logs, run nothing")
    p.add_argument("extra", nargs="*", help="more `lenet train` options, after --")
    args = p.parse_args(argv)
    runs = [Run(s, seed, Path(args.runs) / f"{s}-seed{seed}.log", tuple(args.extra))
            for s in args.settings for seed in args.seeds]
    todo = [r for r in runs if args.force or r.result() is None]
    if todo and not args.collect:
        print(f"running {len(todo)} of {len(runs)} runs, {args.jobs} at a time; logs in "
              f"{args.runs}/", flush=True)
        start = time.perf_counter()
        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(execute, todo))
        print(f"done in {(time.perf_counter() - start) / 60:.0f} min", flush=True)
    print(f"\n{'setting':8} {'seed':>4} {'test error':>10} {'train s':>8} {'cpu s':>7}  command")
    for setting in args.settings:
        errors = []
        for r in (r for r in runs if r.setting == setting):
            got = r.result()
            cmd = "uv run " + " ".join(r.command()[:-3])
            if got is None:
                print(f"{setting:8} {r.seed:>4} {'(none)':>10} {'':>8} {'':>7}  {cmd}")
                continue
            errors.append(got[0])
            print(f"{setting:8} {r.seed:>4} {got[0]:>9.2f}% {got[1]:>8.0f} {got[2]:>7.0f}  {cmd}")
        if errors:
            mean = sum(errors) / len(errors)
            print(f"{setting:8} {'mean':>4} {mean:>9.2f}%   over {len(errors)} seed(s); "
                  f"the paper: {PAPER[setting]:.2f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
