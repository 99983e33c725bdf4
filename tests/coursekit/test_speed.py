"""coursekit/speed.py: a speed note gives a verdict only when every round supports it, and
says the rounds and the spread."""

from __future__ import annotations

import itertools

import pytest

from coursekit import speed


def scripted(monkeypatch, learner: list[float], reference: list[float]) -> None:
    """speed.seconds returns the learner's and the reference's times in turn."""
    times = itertools.chain.from_iterable(zip(learner, reference, strict=True))
    monkeypatch.setattr(speed, "seconds", lambda fn: next(times))


def notes(timings: dict[str, speed.Paired]) -> tuple[dict, str]:
    recorded = {}
    speed.report(lambda k, v: recorded.__setitem__(k, v), "conv", timings, "worker")
    return recorded["speed"], recorded["note"]


def test_the_reference_against_itself_is_about_as_fast(monkeypatch):
    # a call preempted now on one side, now on the other: the first round alone reads 1.5x
    scripted(monkeypatch, [0.015, 0.010, 0.010, 0.014, 0.009],
             [0.010, 0.015, 0.010, 0.010, 0.010])  # fmt: skip
    paired = speed.paired_rounds(lambda: None, lambda: None, rounds=5, calls=1, warmup=0,
                                 max_total=1e9)  # fmt: skip
    assert [round(r, 2) for r in paired.ratios] == [1.5, 0.67, 1.0, 1.4, 0.9]
    assert paired.verdict == "about as fast"
    ratios, note = notes({"conv_forward": paired})
    assert "about as fast" in note and "(5 rounds, ratio 0.67x to 1.5x, median 1x)" in note
    assert "slower" not in note and "loops over pixels" not in note
    assert ratios == {"conv_forward": 1.0}


def test_slower_in_every_round_is_said_with_the_hint(monkeypatch):
    scripted(monkeypatch, [0.5, 0.6, 0.55, 0.52, 0.58], [0.01, 0.012, 0.011, 0.01, 0.013])
    paired = speed.paired_rounds(lambda: None, lambda: None, rounds=5, calls=1, warmup=0,
                                 max_total=1e9)  # fmt: skip
    assert paired.verdict == "slower"
    _, note = notes({"conv_forward": paired})
    assert "slower in every one of 5 rounds" in note and "im2col should loop" in note


@pytest.mark.parametrize("ratios, verdict", [
    ([2.0, 2.2, 1.8, 2.5, 1.9], "slower"),
    ([2.0, 2.2, 1.2, 2.5, 1.9], "about as fast"),  # one round on the fence: no verdict
    ([0.5, 0.4, 0.6], "faster"),
    ([0.5, 0.4, 1.0], "about as fast"),
    ([2.0, 2.0], "too few rounds"),
    ([40.0], "slower"),  # one slow round, but far past anything noise does
])  # fmt: skip
def test_verdicts(ratios, verdict):
    paired = speed.Paired([r * 0.01 for r in ratios], [0.01] * len(ratios))
    assert paired.verdict == verdict
    assert paired.describe().startswith(
        {"slower": "", "faster": "faster", "about as fast": "about as fast",
         "too few rounds": "no verdict"}[verdict])  # fmt: skip


def test_rounds_stop_at_the_time_limit(monkeypatch):
    scripted(monkeypatch, [1.0] * 50, [0.001] * 50)
    clock = itertools.count(0.0, 4.0)  # every reading 4 s later
    monkeypatch.setattr(speed.time, "perf_counter", lambda: next(clock))
    paired = speed.paired_rounds(lambda: None, lambda: None, rounds=5, calls=3, warmup=0)
    assert 1 <= len(paired.ratios) < 5
