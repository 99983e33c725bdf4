"""Hidden tests, exercises: receptive_field, xavier_init, he_init, activation_study."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit.checks import assert_close
from coursekit.evidence import evidence, fail
from grader.hidden.support import examples

pytestmark = pytest.mark.exercises

PART = "uv run pytest stages/s13_cnn/exercises"
LAYERS = st.lists(st.tuples(st.integers(1, 7), st.integers(1, 3), st.integers(0, 3)),
                  min_size=0, max_size=6)  # fmt: skip


def field_by_counting(layers) -> tuple[int, int, float]:
    """The oracle: follow the input pixels that output units 0 and 1 read, layer by layer
    (unit u of a layer reads units u*s - p .. u*s - p + k - 1 of the one below)."""

    def span(unit: int) -> tuple[int, int]:
        lo = hi = unit
        for kernel, stride, pad in reversed(layers):
            lo, hi = lo * stride - pad, hi * stride - pad + kernel - 1
        return lo, hi

    (lo0, hi0), (lo1, _) = span(0), span(1)
    return hi0 - lo0 + 1, lo1 - lo0, (lo0 + hi0) / 2


@pytest.mark.reproduce(f"{PART} -k receptive_field")
@examples(60)
@given(layers=LAYERS)
def test_receptive_field_matches_counting(impl, layers):
    got = impl.receptive_field.receptive_field(layers)
    expected = field_by_counting(layers)
    assert isinstance(got, tuple) and len(got) == 3, f"receptive_field returned {got!r}"
    for name, g, e in zip(("size", "jump", "start"), got, expected, strict=True):
        assert_close(g, e, what=f"receptive_field({layers}): {name}", rtol=1e-9, atol=1e-9,
                     evidence=evidence(impl, "exercises.receptive_field", name))


@pytest.mark.reproduce(f"{PART} -k init")
@pytest.mark.parametrize("name", ["xavier_init", "he_init"])
@pytest.mark.parametrize("shape", [(7, 5), (3, 3, 4, 6), (1, 1, 2, 3)])
def test_init_draws_as_documented(impl, ref, name, shape):
    for dtype in (np.float32, np.float64):
        got = getattr(impl.initialisation, name)(shape, rng=11, dtype=dtype)
        expected = getattr(ref.initialisation, name)(shape, rng=11, dtype=dtype)
        if getattr(got, "dtype", None) != dtype:
            fail(f"{name}({shape}, rng=11, dtype={dtype.__name__}): dtype "
                 f"{getattr(got, 'dtype', None)}", evidence(impl, "exercises.init", "float32 kept"))
        assert_close(got, expected, what=f"{name}({shape}, rng=11, dtype={dtype.__name__})",
                     dtype=dtype, evidence=evidence(impl, "exercises.init", name))  # fmt: skip


@pytest.mark.reproduce(f"{PART} -k activation_study")
@pytest.mark.parametrize("init", ["xavier", "he"])
@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
def test_activation_study_matches_the_reference(impl, ref, init, activation):
    got = impl.initialisation.activation_study(init, activation, depth=4, width=32, n=50, rng=3)
    expected = ref.initialisation.activation_study(init, activation, depth=4, width=32, n=50,
                                                   rng=3)  # fmt: skip
    if not (isinstance(got, list) and len(got) == 4):
        fail("activation_study returns depth arrays",
             evidence(impl, "exercises.activation_study", "depth"))
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert_close(g, e, what=f"activation_study({init!r}, {activation!r}) layer {i + 1}",
                     evidence=evidence(impl, "exercises.activation_study", "layers"))
