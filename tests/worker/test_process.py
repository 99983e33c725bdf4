"""grader/worker/process.py: the worker's CPU time, read from outside it (its cgroup, else
its process tree in /proc), counts what its own processes used, detached children
included, and nothing while it waits: the clock of the MNIST time boxes."""

from __future__ import annotations

import time


def test_cpu_seconds_count_the_workers_processes(impl):
    impl.padding.same_pad(3)  # started, imports done
    before = impl.cpu_seconds()
    impl.padding.probe_burn(0.6, children=2)  # 0.6 s here and in each of two children
    used = impl.cpu_seconds() - before
    assert 1.8 - 0.1 <= used <= 1.8 + 0.6, used  # clock ticks of 10 ms; the call's overhead
    idle = impl.cpu_seconds()
    time.sleep(0.5)
    assert impl.cpu_seconds() - idle < 0.05  # waiting for the next call costs nothing
