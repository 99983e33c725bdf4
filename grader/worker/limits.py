"""The resource limits a worker runs under, and how a call's time budget is worked out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-worker limits, applied in the worker before exec (see child/launcher.py).

    address_space   RLIMIT_AS: numpy + the learner's arrays (MNIST training is ~200 MB)
    cpu_seconds     RLIMIT_CPU hard limit for the worker's whole life; each call also gets
                    a soft limit of its own (2 x its timeout + cpu_slack), a backstop for the
                    wall-clock timeout the grader enforces
    processes       RLIMIT_NPROC: processes and threads of the worker's own uid
    file_size       RLIMIT_FSIZE: the largest file the worker may write
    open_files      RLIMIT_NOFILE
    tmp_size        size of the worker's writable /tmp (a tmpfs, when the root is isolated)
    response_bytes  the largest response the grader reads; a bigger one is a ProtocolError
    start_timeout   seconds a fresh worker may take to report ready
    """

    address_space: int = 4 << 30
    cpu_seconds: int = 3600
    cpu_slack: float = 5.0
    processes: int = 64
    file_size: int = 64 << 20
    open_files: int = 64
    tmp_size: int = 64 << 20
    response_bytes: int = 1 << 30
    start_timeout: float = 30.0

    def rlimits(self) -> dict[str, list[int]]:
        """Launcher config: resource name -> [soft, hard]."""
        return {
            "cpu": [self.cpu_seconds, self.cpu_seconds],
            "as": [self.address_space, self.address_space],
            "nproc": [self.processes, self.processes],
            "fsize": [self.file_size, self.file_size],
            "nofile": [self.open_files, self.open_files],
            "core": [0, 0],
        }

    def cpu_budget(self, timeout: float) -> float:
        return 2 * timeout + self.cpu_slack
