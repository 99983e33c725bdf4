"""The footprint of one Gradescope run: wall time and peak memory of `run_autograder`.

    sudo uv run python benchmarks/autograder_footprint.py ROOT [--cpus 0] [--submission DIR]

ROOT is a fake /autograder tree in which setup.sh has run (tests/gradescope/test_bundle.py lays
one out; so can you: unzip the bundle into ROOT/source, then
`S13_AUTOGRADER_ROOT=ROOT bash ROOT/source/setup.sh`). With --submission, that s13_cnn
folder is graded (default: what is in ROOT/submission). run_autograder runs as Gradescope
runs it, as root without CAP_SYS_ADMIN (`capsh --drop=cap_sys_admin`), pinned to --cpus
(`taskset`; one core by default). Every 0.1 s the resident memory of every process below
it (the grader, its pytest, the workers) is summed; the peak of that sum is printed with
the wall time and the score.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from pathlib import Path


def tree_rss(root_pid: int) -> tuple[int, list[tuple[int, str]]]:
    """(sum of VmRSS in bytes, [(rss, name)] of each process) of root_pid and below."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parent[int(entry)] = int(fields.get("PPid", "0"))
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
        names[int(entry)] = _command(int(entry))
    members, todo = {root_pid}, [root_pid]
    while todo:
        pid = todo.pop()
        for child, ppid in parent.items():
            if ppid == pid and child not in members:
                members.add(child)
                todo.append(child)
    parts = sorted(((rss.get(p, 0), names.get(p, "?")) for p in members), reverse=True)
    return sum(r for r, _ in parts), parts


def _command(pid: int) -> str:
    """A short name: the program, and the module or script it runs."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    shown = [Path(words[0]).name] if words else ["?"]
    for i, word in enumerate(words[1:], 1):
        if word == "-m" and i + 1 < len(words):
            shown.append(words[i + 1])
            break
        if word.endswith(".py"):
            shown.append(Path(word).name)
            break
    return " ".join(shown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--cpus", default="0", help="taskset's CPU list (default: 0)")
    parser.add_argument("--submission", type=Path, help="an s13_cnn folder to grade")
    args = parser.parse_args()
    root = args.root.resolve()
    if args.submission:
        shutil.rmtree(root / "submission", ignore_errors=True)
        shutil.copytree(args.submission, root / "submission" / "s13_cnn")
    shutil.rmtree(root / "results", ignore_errors=True)
    command = ["taskset", "-c", args.cpus, "capsh", "--drop=cap_sys_admin", "--", "-c",
               f"exec {root}/source/run_autograder"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S13_", "PYTEST_"))}
    started = time.monotonic()
    proc = subprocess.Popen(command, env=env | {"S13_AUTOGRADER_ROOT": str(root)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    peak, at_peak = 0, []
    while proc.poll() is None:
        total, parts = tree_rss(proc.pid)
        if total > peak:
            peak, at_peak = total, parts
        time.sleep(0.1)
    wall = time.monotonic() - started
    results = json.loads((root / "results" / "results.json").read_text())
    full = results.get("extra_data", {}).get("max_score")
    print(
        f"run_autograder on CPUs {args.cpus}: {wall:.1f} s wall, peak RSS of all its "
        f"processes {peak / 2**20:.0f} MiB; score {results.get('score')} of {full}"
    )
    print("at the peak: " + ", ".join(f"{name} {rss / 2**20:.0f} MiB"
                                      for rss, name in at_peak if rss >= 5 << 20))  # fmt: skip


if __name__ == "__main__":
    main()
