"""`lenet bench` shows where the learner stands against part 5's time-boxed MNIST training."""

from __future__ import annotations

import math

import pytest

from coursekit.course import BY_NAME, LENET_BOX
from coursekit.lenet_bench import budget_lines


@pytest.mark.parametrize(
    ("step_ms", "verdict"),
    [(10, "within the limit"), (200, "close to the limit"), (300, "TOO SLOW")],
)
def test_a_training_step_is_projected_against_the_time_limit(step_ms, verdict):
    text = "\n".join(budget_lines(step_ms / 1e3))
    budget = BY_NAME["lenet"].budget
    assert f"time box {budget} s of CPU time" in text
    assert f"projected past {LENET_BOX.stop_fraction * budget:.0f} s" in text
    assert f"about {step_ms / 1e3 * LENET_BOX.steps:.0f} s" in text and verdict in text


def test_an_unwritten_training_step_is_said_so():
    text = "\n".join(budget_lines(math.nan))
    assert "not implemented yet" in text and "about" not in text
