"""The confined worker: learner code runs only in a worker process; the grader talks to
it in data (see docs/ARCHITECTURE.md, "The seam", and coursekit/seam.py).

    from grader.worker import WorkerImpl
    impl = WorkerImpl(submission_root, call_timeout=60.0)   # a folder holding s13_cnn/
    out, cache = impl.conv.conv_forward(x, w, b, stride=2)  # arrays in, arrays out
    impl.confinement()                                      # what was applied, as a dict
    check_confinement()          # a fresh worker's report; raises unless it is confined
    impl.close()

Modules, one concept each:

    impl.py      WorkerImpl: the seam object, restarts, deadlines
    proxy.py     ModuleProxy, RemoteFunction, RemoteMethod, Handle: the grader's view
    codec.py     values <-> JSON + .npy blobs; strict decoding of everything received
    frames.py    the wire format (shared with the worker: stdlib + numpy only)
    process.py   one worker process: pipes, output tail, kill, how it died
    sandbox.py   the worker's folder, uid and root; the launcher command
    exposure.py  confinement(): what was applied, and what got out
    errors.py    WorkerTimeout, WorkerCrashed, ProtocolError; learner exceptions rebuilt
    child/       launcher.py and worker_main.py: copied into the sandbox, run there
"""

from grader.core.limits import Limits
from grader.worker.errors import (
    NotConfined,
    ProtocolError,
    TimedOutEarlier,
    WorkerCrashed,
    WorkerError,
    WorkerSetupError,
    WorkerTimeout,
)
from grader.worker.impl import WorkerImpl, check_confinement
from grader.worker.proxy import Handle

__all__ = [
    "Handle",
    "Limits",
    "NotConfined",
    "ProtocolError",
    "TimedOutEarlier",
    "WorkerCrashed",
    "WorkerError",
    "WorkerImpl",
    "WorkerSetupError",
    "WorkerTimeout",
    "check_confinement",
]
