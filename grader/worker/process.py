"""One running worker process: its pipes, the tail of its output, and how it ended.

The grader side of the pipes is non-blocking and every read or write has a deadline
(frames.py). The worker's stdout and stderr are read by a thread that keeps only their
last few KB, for feedback: they are never parsed. The exit status is likewise only
described in messages, never trusted for a verdict.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
import threading
import time

from . import frames
from .errors import WorkerCrashed
from .sandbox import Sandbox

TAIL_BYTES = 4096
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


class OutputTail(threading.Thread):
    """Drains a worker's stdout and stderr, keeping the last TAIL_BYTES of each."""

    def __init__(self, fds: dict[str, int]):
        super().__init__(name="worker-output", daemon=True)
        self.fds = fds
        self.tails = {name: bytearray() for name in fds}

    def run(self) -> None:
        poller = select.poll()
        names = {fd: name for name, fd in self.fds.items()}
        for fd in names:
            poller.register(fd, select.POLLIN)
        while names:
            for fd, _ in poller.poll():
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    poller.unregister(fd)
                    os.close(fd)
                    del names[fd]
                    continue
                tail = self.tails[names[fd]]
                tail += chunk
                del tail[:-TAIL_BYTES]

    def text(self, name: str) -> str:
        return bytes(self.tails[name]).decode("utf-8", "replace")


class WorkerProcess:
    """Starts the launcher (which confines and execs the worker) and waits for 'ready'."""

    def __init__(self, sandbox: Sandbox):
        req_r, self.req_w = os.pipe()
        self.resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            self.popen = subprocess.Popen(
                sandbox.command([req_r, resp_w]),
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=err_w,
                pass_fds=(req_r, resp_w),
                start_new_session=True,  # its own process group: killpg reaches its forks
                cwd=sandbox.dir,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            )
        finally:
            for fd in (req_r, resp_w, out_w, err_w):
                os.close(fd)
        self.started = time.monotonic()
        self.dead = False
        os.set_blocking(self.req_w, False)
        os.set_blocking(self.resp_r, False)
        try:
            fcntl.fcntl(self.req_w, F_SETPIPE_SZ, 1 << 20)
        except OSError:
            pass
        self.output = OutputTail({"stdout": out_r, "stderr": err_r})
        self.output.start()
        self.report = self._wait_ready(sandbox.limits.start_timeout)
        self.start_seconds = time.monotonic() - self.started

    def _wait_ready(self, timeout: float) -> dict:
        try:
            header, blobs = frames.read_frame(self.resp_r, time.monotonic() + timeout, 1 << 20)
        except frames.FrameTimeout:
            self.kill()
            raise WorkerCrashed(f"the worker did not start within {timeout:g} s") from None
        except (frames.FrameEOF, frames.FrameError, OSError) as e:
            raise WorkerCrashed(f"the worker did not start: {e}; {self.death()}") from None
        if set(header) != {"ready"} or type(header["ready"]) is not dict or blobs:
            self.kill()
            raise WorkerCrashed("the worker did not start: its first frame is not 'ready'")
        return header["ready"]

    def exchange(self, header: dict, blobs: list, deadline: float, max_bytes: int):
        """One request, one response. Raises frames.FrameTimeout/FrameEOF/FrameError or
        BrokenPipeError; the caller kills the worker on any of them."""
        frames.write_frame(self.req_w, header, blobs, deadline)
        return frames.read_frame(self.resp_r, deadline, max_bytes)

    def kill(self) -> None:
        """SIGKILL to the whole process group (the pid namespace takes the rest), then reap."""
        if self.dead:
            return
        self.dead = True
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.popen.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover: SIGKILL never waits this long
            pass
        for fd in (self.req_w, self.resp_r):
            try:
                os.close(fd)
            except OSError:
                pass

    def death(self) -> str:
        """Kills what is left and says how the worker ended, with its last stderr lines."""
        try:  # a worker that died on its own: let its launcher pass the status on first
            self.popen.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass
        self.kill()
        code = self.popen.returncode
        if code is None:
            how = "did not exit"
        elif code < 0:
            how = f"was killed by {signal.Signals(-code).name}"
        elif code > 128 and code - 128 in signal.valid_signals():
            how = f"exited with status {code} (signal {signal.Signals(code - 128).name}?)"
        else:
            how = f"exited with status {code}"
        self.output.join(timeout=1.0)
        err = self.output.text("stderr").strip().splitlines()[-15:]
        return f"the worker {how}" + ("; last stderr lines:\n" + "\n".join(err) if err else "")
