"""Shared hypothesis strategies and settings profiles for the stage 13 tests.

Importing this module registers two profiles and loads one of them:

- "learner" (the default): 25 examples per property, quick enough to run often;
- "grading": 60 examples, what the grader runs.

Both are derandomized (the same examples on every run, no example database), have no
deadline, and shrink a failure to its simplest example. Choose with the environment
variable S13_HYPOTHESIS_PROFILE=grading, or call
`settings.load_profile("grading")` after importing this module.

Geometries are drawn as small dataclasses (always valid: the kernel fits the padded
input); arrays come from a seeded numpy Generator (`seeds` draws the seed), not from
element-by-element hypothesis floats, which keeps examples fast and readable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

_COMMON = dict(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # shrink to the simplest failing example, but skip the "explain" phase: it re-runs a
    # failing test for seconds, which every unfinished part would pay
    phases=[p for p in Phase if p != Phase.explain],
)
settings.register_profile("learner", max_examples=25, **_COMMON)
settings.register_profile("grading", max_examples=60, **_COMMON)
PROFILE = os.environ.get("S13_HYPOTHESIS_PROFILE", "learner")
settings.load_profile(PROFILE)

seeds = st.integers(0, 2**32 - 1)
float_dtypes = st.sampled_from([np.float32, np.float64])


@dataclass(frozen=True)
class ConvGeometry:
    """x: (N, H, W, C), w: (KH, KW, C, F), stride and a symmetric pad."""

    N: int
    H: int
    W: int
    C: int
    KH: int
    KW: int
    F: int
    stride: int
    pad: int

    @property
    def H_out(self) -> int:
        return (self.H + 2 * self.pad - self.KH) // self.stride + 1

    @property
    def W_out(self) -> int:
        return (self.W + 2 * self.pad - self.KW) // self.stride + 1

    @property
    def x_shape(self) -> tuple[int, int, int, int]:
        return (self.N, self.H, self.W, self.C)

    @property
    def w_shape(self) -> tuple[int, int, int, int]:
        return (self.KH, self.KW, self.C, self.F)

    @property
    def out_shape(self) -> tuple[int, int, int, int]:
        return (self.N, self.H_out, self.W_out, self.F)

    @property
    def cols_shape(self) -> tuple[int, int]:
        return (self.N * self.H_out * self.W_out, self.KH * self.KW * self.C)


@dataclass(frozen=True)
class PoolGeometry:
    """x: (N, H, W, C), a PH x PW window and a stride (None: the pool size)."""

    N: int
    H: int
    W: int
    C: int
    PH: int
    PW: int
    stride: int | None

    @property
    def pool(self) -> int | tuple[int, int]:
        """The pool argument as a caller writes it: 2, or (2, 3) when not square."""
        return self.PH if self.PH == self.PW else (self.PH, self.PW)

    @property
    def step(self) -> int:
        return self.PH if self.stride is None else self.stride

    @property
    def H_out(self) -> int:
        return (self.H - self.PH) // self.step + 1

    @property
    def W_out(self) -> int:
        return (self.W - self.PW) // self.step + 1

    @property
    def x_shape(self) -> tuple[int, int, int, int]:
        return (self.N, self.H, self.W, self.C)

    @property
    def out_shape(self) -> tuple[int, int, int, int]:
        return (self.N, self.H_out, self.W_out, self.C)


@st.composite
def conv_geometries(
    draw,
    max_batch: int = 2,
    max_size: int = 7,
    max_kernel: int = 4,
    max_channels: int = 3,
    max_filters: int = 3,
    max_stride: int = 3,
    max_pad: int = 2,
) -> ConvGeometry:
    """Valid convolution geometries: non-square inputs and kernels, stride >= 1, pad >= 0."""
    N = draw(st.integers(1, max_batch))
    H, W = draw(st.integers(1, max_size)), draw(st.integers(1, max_size))
    C, F = draw(st.integers(1, max_channels)), draw(st.integers(1, max_filters))
    pad = draw(st.integers(0, max_pad))
    KH = draw(st.integers(1, min(max_kernel, H + 2 * pad)))
    KW = draw(st.integers(1, min(max_kernel, W + 2 * pad)))
    stride = draw(st.integers(1, max_stride))
    return ConvGeometry(N, H, W, C, KH, KW, F, stride, pad)


@st.composite
def pool_geometries(
    draw,
    max_batch: int = 2,
    max_size: int = 7,
    max_pool: int = 3,
    max_channels: int = 3,
    max_stride: int = 3,
) -> PoolGeometry:
    """Pooling geometries whose windows need not divide the input; stride None (the pool
    size) is drawn for square pools only."""
    N, C = draw(st.integers(1, max_batch)), draw(st.integers(1, max_channels))
    PH, PW = draw(st.integers(1, max_pool)), draw(st.integers(1, max_pool))
    H, W = draw(st.integers(PH, max_size)), draw(st.integers(PW, max_size))
    strides = st.integers(1, max_stride)
    stride = draw(st.none() | strides if PH == PW else strides)
    return PoolGeometry(N, H, W, C, PH, PW, stride)


def normal_array(seed: int, shape: tuple, dtype=np.float64) -> np.ndarray:
    """Standard normal values from np.random.default_rng(seed), as `dtype`."""
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def distinct_array(seed: int, shape: tuple, dtype=np.float64) -> np.ndarray:
    """Values at least 0.5 apart, in random order (exact in float32 and float64): no ties,
    so every max is unique and max pooling has a well defined gradient."""
    size = int(np.prod(shape))
    perm = np.random.default_rng(seed).permutation(size)
    return ((perm - size // 2) * 0.5).reshape(shape).astype(dtype)


def arrays(shape: tuple, dtype=np.float64, *, distinct: bool = False) -> st.SearchStrategy:
    """A strategy for seeded arrays of a fixed shape: normal values, or distinct ones."""
    make = distinct_array if distinct else normal_array
    return seeds.map(lambda seed: make(seed, shape, dtype))
