"""grader/worker/impl.py: a call that hangs, dies or prints costs only itself; a function
that timed out fails fast afterwards."""

from __future__ import annotations

import numpy as np
import pytest

from grader.worker import TimedOutEarlier, WorkerCrashed, WorkerTimeout


def test_an_infinite_loop_times_out_and_the_next_call_works(impl):
    layer = impl.conv.Conv2D(1, 1, 1, rng=0)
    impl.set_deadline(1.0)
    try:
        with pytest.raises(WorkerTimeout, match=r"timed out after 1 s \(the test's"):
            impl.padding.probe_spin()
    finally:
        impl.set_deadline(None)
    assert impl.padding.same_pad(3) == 1
    with pytest.raises(WorkerCrashed, match="stale handle"):
        layer.forward(np.zeros((1, 2, 2, 1)))


def test_the_call_timeout_applies_without_a_deadline(impl):
    impl.call_timeout = 0.5
    try:
        with pytest.raises(WorkerTimeout, match=r"timed out after 0.5 s"):
            impl.padding.probe_spin()
    finally:
        impl.call_timeout = 20.0


def test_a_test_with_a_longer_budget_gives_its_calls_that_budget(impl):
    assert impl.padding.same_pad(3) == 1  # a worker running: its start is not timed here
    impl.call_timeout = 0.5
    impl.set_deadline(8.0)  # a time-boxed test: budget 8 s, longer than the call timeout
    try:
        assert impl.padding.probe_sleep(1.0) is None  # one call past --timeout: allowed
        with pytest.raises(WorkerTimeout, match=r"the test's time budget"):
            impl.padding.probe_spin()  # and stopped when the test's budget is spent
    finally:
        impl.set_deadline(None)
        impl.call_timeout = 20.0


def test_a_function_that_timed_out_fails_fast_afterwards(fresh):
    impl = fresh(call_timeout=1.0, remember_timeouts=True)
    with pytest.raises(WorkerTimeout, match=r"timed out after 1 s"):
        impl.padding.probe_spin()
    with pytest.raises(TimedOutEarlier, match="probe_spin timed out earlier"):
        impl.padding.probe_spin()
    assert impl._state.proc is None  # failed before a worker was started: nothing ran
    assert impl.padding.same_pad(3) == 1  # other functions are called as before
    assert impl.timed_out == {"padding.probe_spin": 1.0}


def test_a_spent_deadline_fails_fast_without_starting_a_worker(impl):
    with pytest.raises(WorkerCrashed):
        impl.padding.probe_exit("os._exit")
    impl.set_deadline(0.0)
    try:
        with pytest.raises(WorkerTimeout, match="time budget"):
            impl.padding.same_pad(3)
        assert impl._state.proc is None
    finally:
        impl.set_deadline(None)


@pytest.mark.parametrize("how, status", [("os._exit", "status 0"), ("sys.exit", "status 3"),
                                         ("segfault", "SIGSEGV")])
def test_a_worker_that_dies_mid_call_is_a_crash(impl, how, status):
    with pytest.raises(WorkerCrashed, match=status):
        impl.padding.probe_exit(how)
    assert impl.padding.same_pad(3) == 1


def test_printing_does_not_corrupt_the_protocol(impl):
    assert impl.padding.probe_print(5000) == 5000
    out = impl.output()
    assert "raw bytes on fd 1" in out["stdout"] and "to stderr" in out["stderr"]
    assert len(out["stdout"]) <= 4096
