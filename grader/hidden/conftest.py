"""Fixtures of the hidden suites: `ref` and `ref_peer` (the reference solutions) and
`torch_device`.

`impl` (the implementation under test) comes from the root conftest; in the grader it
is a proxy to a confined worker. `ref` is the reference loaded in this process under a
private package name, so that it never collides with the `s13_cnn` a learner's code is
imported as (in process, with --impl). `ref_peer` is the reference behind the same kind
of seam as `impl` (a second worker when `impl` is one), for the speed feedback: a peer
run side by side under the same conditions, data movement included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from coursekit.seam import load_as
from grader.core.outcomes import Status
from grader.hidden import support, torch_ref

REFERENCE_PACKAGE = "_s13_reference"
REFERENCE_ROOT = Path(__file__).resolve().parents[2] / "solutions" / "s13_cnn"

support.load_hypothesis_profile()
_BLAS_LIMIT = support.limit_blas_threads()


def load_reference() -> SimpleNamespace:
    """The reference solutions as `_s13_reference`, with the parts as attributes."""
    return load_as(REFERENCE_ROOT.parent, REFERENCE_PACKAGE)


@pytest.fixture(scope="session")
def ref() -> SimpleNamespace:
    """The reference: ref.conv.conv_forward(...), ref.lenet.LeNet5(...), in this process."""
    return load_reference()


class InProcessPeer(SimpleNamespace):
    """The in-process reference with the seam's face: peer.conv.conv_forward(...)."""

    kind = "in-process"

    def close(self) -> None:
        pass


@pytest.fixture(scope="session")
def ref_peer(impl) -> Iterator[object]:
    """The reference through the same kind of seam as `impl`, for timing side by side.

    `impl` in a worker: a second WorkerImpl on a staged copy of solutions/ (staged as a
    submission is), with impl's call timeout and the default limits, closed at the end of
    the session. In process: the reference
    modules of `ref`, loaded in this process as `impl`'s are.
    """
    if getattr(impl, "kind", None) != "worker":
        yield InProcessPeer(**vars(load_reference()))
        return
    from grader.intake.stage import stage
    from grader.worker import WorkerImpl

    staged = stage("solutions", name="reference")
    try:
        if staged.status != Status.OK or staged.missing:
            raise RuntimeError(
                f"cannot stage the reference solutions: {staged.why or '; '.join(staged.notes)}"
            )
        peer = WorkerImpl(staged.root, call_timeout=getattr(impl, "call_timeout", 60.0))
        try:
            yield peer
        finally:
            peer.close()
    finally:
        staged.cleanup()


@pytest.fixture(scope="session")
def torch_device() -> str:
    """Where the torch references run: "cuda" or "cpu" (see grader.hidden.torch_ref.device)."""
    return torch_ref.device()
