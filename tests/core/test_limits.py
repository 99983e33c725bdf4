"""grader/core/limits.py: a test's budget, the worker's limits, and each limit said once."""

from __future__ import annotations

from types import SimpleNamespace

from grader.core import limits
from grader.core.limits import Limits


def test_a_budget_marker_overrides_the_timeout():
    assert limits.test_budget(None, 60.0) == 60.0
    assert limits.test_budget(SimpleNamespace(args=(300,)), 60.0) == 300.0
    assert limits.test_budget(SimpleNamespace(args=()), 60.0) == 60.0


def test_the_worker_memory_is_set_only_when_given():
    assert Limits.with_memory(None) == Limits()
    assert Limits.with_memory(512).memory == 512 << 20
    assert "as" not in Limits().rlimits()  # address space is not what torch's libraries use
    assert Limits().cpu_budget(10.0) == 25.0


def test_each_limit_is_said_with_its_figure():
    assert limits.stopped(2.0, "x") == "ran past its time limit of 2 s and was stopped (x)"
    assert "time limit of 1.5 s and did not stop" in limits.did_not_stop(1.5)
    assert limits.capped_run(900.0) == "grading stopped at the whole-submission time limit of 900 s"
    assert limits.not_run_at_cap(6.0).startswith("not run: grading reached")
    assert "3 test(s) ran past their time limit (a, b)" == limits.tests_past_limit(3, "a, b")
    assert limits.call_budget(0.5) == "0.5 s"
    assert limits.call_budget(2.0, of_test=True) == "2 s (the test's time budget)"
    assert "timed out earlier (after 1 s)" in limits.call_timed_out_earlier("f", 1.0)
