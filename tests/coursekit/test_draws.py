"""How a wrong draw differs (coursekit/evidence/draws.py): its spread against the right
draw's, and a uniform shape where the contract draws normals, each said only when it
holds on every wrong probe."""

from __future__ import annotations

import numpy as np

from coursekit.evidence import subject
from coursekit.evidence.draws import draws
from coursekit.evidence.judge import Reading
from coursekit.evidence.observed import fingerprint
from coursekit.evidence.store import Evidence

S = subject("conv.Conv2D.init")
PROBES = [p.name for p in S.probes]
SHAPE = (5, 5, 4, 6)  # 600 numbers


def _right(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(SHAPE) * 0.1


def _said(make, printed: bool = False, named=None) -> list[str]:
    reference = {(p, "w"): (fingerprint(_right(i)) if printed else _right(i))
                 for i, p in enumerate(PROBES)}  # fmt: skip
    learner = {p: {"w": make(i)} for i, p in enumerate(PROBES)}
    reading = Reading("w", len(PROBES), tuple(PROBES), named, 0, "every")
    return draws(S, learner, Evidence(reference, {}), reading)


def test_a_uniform_draw_of_the_right_spread_is_said_as_such():
    def uniform(i):
        return np.random.default_rng(50 + i).uniform(-1, 1, SHAPE) * 0.1 * np.sqrt(3)

    said = _said(uniform)
    assert len(said) == 2
    assert said[0].startswith("w has the right spread")
    assert "spread like a uniform draw" in said[1] and "normal distribution" in said[1]
    assert _said(uniform, printed=True)[0].startswith("w has the right spread")


def test_a_scaled_draw_gives_the_ratio_and_its_name():
    said = _said(lambda i: np.random.default_rng(70 + i).standard_normal(SHAPE) * 0.1 * 2**0.5)
    assert len(said) == 1 and "about sqrt(2)" in said[0]
    assert "uniform" not in said[0]


def test_nothing_is_said_for_a_named_mistake_a_ratio_that_varies_or_another_subject():
    assert _said(lambda i: _right(90 + i), named="m") == []
    varied = _said(lambda i: np.random.default_rng(90 + i).standard_normal(SHAPE) * (i + 1) / 10)
    assert not any("spread is" in s or "right spread" in s for s in varied)
    other = subject("conv.conv_backward")
    reading = Reading("dx", 1, ("g0",), None, 0, "every")
    assert draws(other, {}, Evidence({}, {}), reading) == []


def test_draws_too_small_to_tell_are_left_out_not_a_reason_to_say_nothing():
    sizes = [(2, 3), SHAPE, (3, 2), SHAPE]  # two probes of 6 numbers among them

    def uniform(i):
        return np.random.default_rng(50 + i).uniform(-1, 1, sizes[i % 4]) * 0.1 * np.sqrt(3)

    reference = {(p, "w"): np.random.default_rng(i).standard_normal(sizes[i % 4]) * 0.1
                 for i, p in enumerate(PROBES)}  # fmt: skip
    learner = {p: {"w": uniform(i)} for i, p in enumerate(PROBES)}
    reading = Reading("w", len(PROBES), tuple(PROBES), None, 0, "every")
    said = draws(S, learner, Evidence(reference, {}), reading)
    assert any("spread like a uniform draw" in s for s in said), said
    small = [p for i, p in enumerate(PROBES) if sizes[i % 4] != SHAPE]
    only_small = Reading("w", len(PROBES), tuple(small), None, 0, "")
    assert draws(S, learner, Evidence(reference, {}), only_small) == []
