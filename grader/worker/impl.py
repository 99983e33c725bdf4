"""WorkerImpl: the `impl` seam (coursekit/seam.py) with the implementation in a worker.

Same interface as InProcessImpl (padding, im2col, conv, pooling, lenet, layers, close),
plus set_deadline() for a per-test time budget and confinement() for what was applied.
One worker per WorkerImpl, reused across calls; one request at a time. A timeout, a
crash or a malformed response kills the worker (its whole process group and pid
namespace); the next call starts a fresh one, and handles from the old one are stale.
"""

from __future__ import annotations

import threading
import time
import weakref
from pathlib import Path

from coursekit.seam import MODULES, TARGETS, resolve_root
from grader.core import limits as said
from grader.core.limits import Limits
from grader.worker import frames
from grader.worker.codec import Decoder, Encoder
from grader.worker.errors import (
    NotConfined,
    ProtocolError,
    TimedOutEarlier,
    WorkerCrashed,
    WorkerTimeout,
    rebuild_exception,
)
from grader.worker.exposure import FIX, describe, exposed
from grader.worker.process import WorkerProcess
from grader.worker.proxy import Handle, ModuleProxy, RemoteFunction
from grader.worker.sandbox import PYTHON_FLAGS, Sandbox


class _State:
    """What must be cleaned up even if the WorkerImpl is never closed (see finalize)."""

    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox
        self.proc: WorkerProcess | None = None
        self.last: WorkerProcess | None = None

    def shutdown(self) -> None:
        if self.proc is not None:
            self.proc.kill(for_good=True)
            self.last, self.proc = self.proc, None
        self.sandbox.remove()


class WorkerImpl:
    """The submission under `submission_root`/s13_cnn, run in a confined worker process.

    call_timeout  wall-clock seconds per call (see also set_deadline: a test with a longer
                  budget of its own gives its calls that budget); on expiry the worker is
                  killed and WorkerTimeout raised
    limits        resource limits (Limits())
    sandbox       "auto": the strongest confinement this machine allows (namespaces,
                  else Landlock); a worker whose own probes get out of it is refused
                  (NotConfined); "require": also refuse to start without namespaces
                  or Landlock (WorkerCrashed); "none": limits and `python -I` only, for
                  debugging (nothing refused)
    remember_timeouts
                  after a call of a function (or method) times out having had at least
                  half of its budget, later calls of it fail at once ("timed out
                  earlier"): one hanging function costs its budget once, not per test.
                  `timed_out` (name -> seconds it was given) may be preset and read back.

    Raises ValueError at once for a submission with links out of it, or too large.
    """

    kind = "worker"

    def __repr__(self) -> str:  # shown in assertion messages: no address, no internals
        return "impl"

    def __init__(
        self,
        submission_root: Path,
        *,
        call_timeout: float = 60.0,
        limits: Limits | None = None,
        sandbox: str = "auto",
        remember_timeouts: bool = False,
    ):
        self.root = resolve_root(submission_root)
        self.remember_timeouts = remember_timeouts
        self.timed_out: dict[str, float] = {}
        self.call_timeout = float(call_timeout)
        self.limits = limits or Limits()
        self._state = _State(Sandbox(self.root, self.limits, sandbox))
        self._finalizer = weakref.finalize(self, self._state.shutdown)
        self._lock = threading.Lock()
        self._generation = 0
        self._seq = 0
        self._released: list[int] = []
        self._deadline: tuple[float, float] | None = None  # (monotonic end, seconds)
        self._closed = False
        for part in MODULES:
            setattr(self, part, ModuleProxy(self, part))
        with self._lock:
            self._ensure()

    def __getattr__(self, name: str):
        raise AttributeError(f"impl has no part {name!r}; parts: {', '.join(MODULES)}")

    # ------------------------------------------------------------------ public

    def set_deadline(self, seconds: float | None) -> None:
        """A wall-clock budget from now (None: none); each call gets min(call_timeout, left)."""
        self._deadline = None if seconds is None else (time.monotonic() + seconds, seconds)

    def confinement(self) -> dict:
        """What the current worker runs under (starting one if none is running)."""
        with self._lock:
            proc = self._ensure()
            return describe(proc.report, self._state.sandbox, PYTHON_FLAGS, proc.start_seconds)

    def cpu_seconds(self) -> float:
        """CPU seconds the current worker's processes have used (starting one if none is
        running), measured from outside it: a time box's clock that what else runs on the
        machine does not move. Compare two readings around calls of one worker."""
        with self._lock:
            return self._ensure().cpu_seconds()

    def output(self) -> dict[str, str]:
        """The last few KB of the current (or last) worker's stdout and stderr."""
        proc = self._state.proc or self._state.last
        if proc is None:
            return {"stdout": "", "stderr": ""}
        return {name: proc.output.text(name) for name in ("stdout", "stderr")}

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._finalizer()

    # ------------------------------------------------------------------ the proxies' side

    def _call(self, header: dict, what: str, args=(), kwargs=None, value=None, method=None):
        """One request -> the decoded result, or the learner's exception raised here."""
        with self._lock:
            if self._closed:
                raise WorkerCrashed(f"{what}: this WorkerImpl is closed")
            self._timeout(what)  # a spent budget fails before a worker is (re)started
            if what in self.timed_out:
                raise TimedOutEarlier(said.call_timed_out_earlier(what, self.timed_out[what]))
            proc = self._ensure()
            enc = Encoder(self._handle_id)
            if isinstance(header.get("h"), Handle):
                header["h"] = self._handle_id(header["h"])
            if args:
                header["args"] = [enc.value(a) for a in args]
            if kwargs:
                header["kwargs"] = {k: enc.value(v) for k, v in kwargs.items()}
            if value is not None:
                header["value"] = enc.value(value[0])
            timeout, budget = self._timeout(what)
            self._seq += 1
            header["seq"] = self._seq
            header["cpu"] = self.limits.cpu_budget(timeout)
            header["rel"], self._released = self._released, []
            deadline = time.monotonic() + timeout
            try:
                reply, blobs = proc.exchange(header, enc.blobs, deadline,
                                             self.limits.response_bytes)
            except frames.FrameTimeout:
                self._drop()
                if self.remember_timeouts and timeout >= 0.5 * self._full_budget():
                    self.timed_out[what] = timeout
                raise WorkerTimeout(said.call_timed_out(what, budget)) from None
            except (frames.FrameEOF, BrokenPipeError, ConnectionResetError):
                death = proc.death()
                self._drop()
                raise WorkerCrashed(f"{what}: {death}") from None
            except frames.FrameError as e:
                self._drop()
                raise ProtocolError(f"{what}: {e}") from None
            except BaseException:  # e.g. KeyboardInterrupt mid-frame: the pipe is unusable
                self._drop()
                raise
            try:
                return self._decode(reply, blobs, what, method)
            except ProtocolError:
                self._drop()
                raise

    def _decode(self, reply: dict, blobs: list, what: str, method):
        if reply.get("seq") != self._seq or type(reply.get("seq")) is not int:
            raise ProtocolError(f"{what}: response out of sequence")
        gen = self._generation
        if set(reply) == {"seq", "ok"}:
            decoder = Decoder(
                blobs,
                lambda hid, cls, c: Handle(self, gen, hid, cls, c),
                lambda mod, name, cls: RemoteFunction(self, mod, name, cls),
                method,
            )
            return decoder.result(reply["ok"])
        if set(reply) == {"seq", "err"} and not blobs:
            err = reply["err"]
            if (type(err) is dict and set(err) == {"type", "bases", "msg", "tb"}
                    and all(type(err[k]) is str for k in ("type", "msg", "tb"))
                    and type(err["bases"]) is list
                    and all(type(b) is str for b in err["bases"])):
                raise rebuild_exception(err, what)
        raise ProtocolError(f"{what}: malformed response with keys {sorted(reply)[:8]}")

    def _handle_id(self, h: Handle) -> int:
        if h._h_impl is not self:
            raise ValueError(f"{h!r} belongs to another WorkerImpl")
        if h._h_gen != self._generation or self._state.proc is None:
            raise WorkerCrashed(
                f"stale handle {h!r}: its worker was killed or crashed, and handles die "
                f"with their worker (the current worker is {self._generation})"
            )
        return h._h_id

    def _release(self, gen: int, hid: int) -> None:
        if gen == self._generation:
            self._released.append(hid)  # sent with the next request

    def _timeout(self, what: str) -> tuple[float, str]:
        """This call's timeout, and how to say it: the call's own, or what is left of the
        test's budget (all of it, in a test whose budget is longer than the call timeout:
        a time-boxed training is one long call, its box counted in CPU seconds)."""
        own = (self.call_timeout, said.call_budget(self.call_timeout))
        if self._deadline is None:
            return own
        end, seconds = self._deadline
        left = end - time.monotonic()
        if left <= 0:
            raise WorkerTimeout(said.budget_ran_out(what, seconds))
        if left >= self.call_timeout and seconds <= self.call_timeout:
            return own
        return left, said.call_budget(seconds, of_test=True)

    def _full_budget(self) -> float:
        """What a call gets at most: the call timeout, or the test's whole budget."""
        return self.call_timeout if self._deadline is None else self._deadline[1]

    def _ensure(self) -> WorkerProcess:
        state = self._state
        if state.proc is None:
            self._generation += 1
            self._released = []
            proc = WorkerProcess(state.sandbox)
            leaks = exposed(proc.report) if state.sandbox.mode != "none" else []
            if leaks:  # fail closed: no learner code runs in a worker that is not confined
                proc.kill()
                raise NotConfined(
                    "the worker is not confined on this machine; from inside it, before any "
                    f"learner code ran, it reached: {'; '.join(leaks)}. To fix: {FIX}")
            state.proc = proc
        return state.proc

    def _drop(self) -> None:
        state = self._state
        if state.proc is not None:
            state.proc.kill()
            state.last, state.proc = state.proc, None


def check_confinement() -> dict:
    """Starts one worker (on the stubs) and returns its confinement report; raises
    WorkerSetupError where it cannot start and NotConfined where its probes got out."""
    impl = WorkerImpl(resolve_root(Path(TARGETS["stages"])), call_timeout=30.0)
    try:
        return impl.confinement()
    finally:
        impl.close()
