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
import struct
import subprocess
import termios
import threading
import time

from grader.core import procs
from grader.worker import frames
from grader.worker.errors import WorkerCrashed, WorkerSetupError
from grader.worker.sandbox import Sandbox
from grader.worker.uids import end_uid

TAIL_BYTES = 4096
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


class OutputTail(threading.Thread):
    """Drains a worker's stdout and stderr, keeping the last TAIL_BYTES of each."""

    def __init__(self, fds: dict[str, int]):
        super().__init__(name="worker-output", daemon=True)
        self.fds = dict(fds)
        self.tails = {name: bytearray() for name in fds}
        self.lock = threading.Lock()

    def run(self) -> None:
        poller = select.poll()
        for fd in self.fds.values():
            poller.register(fd, select.POLLIN)
        while self.fds:
            ready = poller.poll()
            with self.lock:
                for fd, _ in ready:
                    name = next(n for n, f in self.fds.items() if f == fd)
                    chunk = os.read(fd, 1 << 16)
                    if not chunk:
                        poller.unregister(fd)
                        os.close(fd)
                        del self.fds[name]
                        continue
                    tail = self.tails[name]
                    tail += chunk
                    del tail[:-TAIL_BYTES]

    def text(self, name: str, settle: float = 0.2) -> str:
        """The tail so far, after waiting (up to `settle` s) for what is already in the pipe:
        whatever the worker wrote before its last response is then included."""
        end = time.monotonic() + settle
        while time.monotonic() < end:
            with self.lock:
                if all(_pending(fd) == 0 for fd in self.fds.values()):
                    break
            time.sleep(0.001)
        with self.lock:
            return bytes(self.tails[name]).decode("utf-8", "replace")


def _pending(fd: int) -> int:
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0]
    except OSError:
        return 0


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
        self.uid = sandbox.uid  # a uid of its own: without a pid namespace, swept on kill
        self.cgroup = sandbox.cgroup  # where there is one: every process of the worker
        self.output = OutputTail({"stdout": out_r, "stderr": err_r})
        self.output.start()
        try:
            os.set_blocking(self.req_w, False)
            os.set_blocking(self.resp_r, False)
            for fd in (self.req_w, self.resp_r):  # whole frames in one write, mostly
                try:
                    fcntl.fcntl(fd, F_SETPIPE_SZ, 1 << 20)
                except OSError:
                    pass
            self.report = self._wait_ready(sandbox.limits.start_timeout)
        except BaseException:  # including a grader's alarm mid-start: leave nothing running
            self.kill()
            raise
        self.start_seconds = time.monotonic() - self.started

    def _wait_ready(self, timeout: float) -> dict:
        try:
            header, blobs = frames.read_frame(self.resp_r, time.monotonic() + timeout, 1 << 20)
        except frames.FrameTimeout:
            self.kill()
            raise WorkerCrashed(f"the worker did not start within {timeout:g} s") from None
        except (frames.FrameEOF, frames.FrameError, OSError) as e:
            raise WorkerSetupError(f"the worker did not start: {e}; {self.death()}") from None
        if set(header) != {"ready"} or type(header["ready"]) is not dict or blobs:
            self.kill()
            raise WorkerCrashed("the worker did not start: its first frame is not 'ready'")
        return header["ready"]

    def exchange(self, header: dict, blobs: list, deadline: float, max_bytes: int):
        """One request, one response. Raises frames.FrameTimeout/FrameEOF/FrameError or
        BrokenPipeError; the caller kills the worker on any of them."""
        frames.write_frame(self.req_w, header, blobs, deadline)
        return frames.read_frame(self.resp_r, deadline, max_bytes)

    def kill(self, for_good: bool = False) -> None:
        """SIGKILL to the whole process group (the pid namespace takes the rest), then reap.
        for_good: no worker is started again under this uid (a closed WorkerImpl), so its
        processes' zombies need not be waited for (uids.end_uid)."""
        if self.dead:
            return
        self.dead = True
        # The worker may leave the launcher's process group (setpgid) and clear its
        # parent-death signal: kill it by pid first, while the launcher still holds it.
        # It is pid 1 of its own pid namespace, so its death takes all its descendants;
        # without one, the tree is frozen before it is killed (procs.end_tree).
        procs.end_tree(self.popen.pid)
        procs.kill_group(self.popen.pid)
        if self.cgroup is not None:
            self.cgroup.kill()
        try:
            self.popen.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover: SIGKILL never waits this long
            pass
        if self.uid is not None:
            end_uid(self.uid, zombies=not for_good)
        for fd in (self.req_w, self.resp_r):
            try:
                os.close(fd)
            except OSError:
                pass

    def cpu_seconds(self) -> float:
        """CPU time of the worker's processes so far, read from outside it (its cgroup, else
        its process tree in /proc): nothing the learner's code reports."""
        if self.cgroup is not None:
            return self.cgroup.cpu_seconds()
        return procs.tree_cpu_seconds(self.popen.pid)

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
