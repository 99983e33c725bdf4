"""What the hidden suites share: safe calls into `impl`, seeded data, geometry, settings.

Assertions come from coursekit.checks (teaching messages); this module adds what only the
grader needs: a call wrapper that turns a write into a read-only argument into a
teaching failure, inputs drawn to avoid ties and kinks, hypothesis geometry for
convolution and pooling, and per-test example counts bounded by the loaded profile.
"""

from __future__ import annotations

import os

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from coursekit import strategies
from coursekit.checks import readonly

PROFILE_ENV = "S13_HYPOTHESIS_PROFILE"
DEFAULT_PROFILE = "grading"  # the hidden suites are the grader's: derandomized by default


def load_hypothesis_profile() -> str:
    """Load the profile named by S13_HYPOTHESIS_PROFILE (default "grading"); the profiles
    are registered by coursekit.strategies, imported above."""
    name = os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE
    settings.load_profile(name)
    return name


def limit_blas_threads(threads: int = 1):
    """One BLAS thread in the grader process (the reference, torch's CPU ops, in-process
    implementations): the suites multiply small matrices, and on a busy machine a
    multi-threaded OpenBLAS spin-waits (measured on the loaded 2-core grading machine:
    a (392, 676) @ (676, 8) product took 21.6 ms with 2 threads, 0.47 ms with 1)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # scikit-learn's dependency; without it, keep the defaults
        return None
    return threadpool_limits(limits=threads, user_api="blas")


def examples(n: int, **overrides) -> settings:
    """Settings for a test that needs about n examples: at most n, and at most what the
    loaded profile allows (so a quick profile stays quick); no deadline, since the
    implementation may sit behind a worker process."""
    return settings(
        max_examples=max(1, min(n, settings.default.max_examples)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **overrides,
    )


# ---------------------------------------------------------------- calling impl


def call(fn, *args, what: str, **kwargs):
    """fn(*args, **kwargs); a write into a read-only argument becomes a teaching failure."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        if "read-only" in str(exc):
            raise AssertionError(
                f"{what} wrote into one of its arguments (the grader passes them read-only): "
                f"{exc}. Never modify an input in place (x += ..., x[...] = ..., "
                "np.add(..., out=x)): build a new array, e.g. dx = np.zeros_like(x) or "
                "xp = x.copy()"
            ) from exc
        raise


def describe(*arrays: np.ndarray) -> str:
    """A short summary of hidden inputs: shapes and dtypes, not the values."""
    return ", ".join(f"{a.dtype}{tuple(a.shape)}" for a in arrays)


# ---------------------------------------------------------------- data


def normal(seed: int, shape, dtype=np.float64) -> np.ndarray:
    """Standard normal, read-only."""
    return readonly(strategies.normal_array(seed, shape, dtype))


# ---------------------------------------------------------------- geometry

KERNELS = st.integers(1, 7)
STRIDES = st.integers(1, 3)
PADS = st.integers(0, 3)
BATCH = st.integers(1, 4)
CHANNELS = st.integers(1, 8)
SEEDS = strategies.seeds


def conv_geometry(max_size: int = 13, max_channels: int = 8):
    """coursekit.strategies' ConvGeometry, wider than the visible tests draw: kernels
    1..7 (square or not), stride 1..3, pad 0..3, N 1..4, C and F 1..max_channels,
    H and W 1..max_size (odd and even), always at least one window."""
    return strategies.conv_geometries(
        max_batch=4, max_size=max_size, max_kernel=7, max_channels=max_channels,
        max_filters=max_channels, max_stride=3, max_pad=3,
    )


def pool_geometry(max_size: int = 13):
    """coursekit.strategies' PoolGeometry: windows 1..4 (square or not), stride 1..3 or
    None (square pools), windows that need not divide the input, N 1..4, C 1..8."""
    return strategies.pool_geometries(
        max_batch=4, max_size=max_size, max_pool=4, max_channels=8, max_stride=3
    )


def out_size(size: int, kernel: int, stride: int, pad: int = 0) -> int:
    """The grader's own output size: floor((size + 2 pad - kernel) / stride) + 1."""
    return (size + 2 * pad - kernel) // stride + 1


# ---------------------------------------------------------------- initialisation


def check_he(w, fan_in: int, what: str, fan_in_is: str = "KH*KW*C_in", witness=None) -> None:
    """w must look like standard normals times sqrt(2 / fan_in): std and mean within
    6 standard errors of the sample statistics (tight on big layers). `witness`
    (coursekit.evidence) says what is wrong, from the learner's code run on its probes."""
    w = np.asarray(w, dtype=np.float64)
    if w.size == 0 or not np.all(np.isfinite(w)):
        bad = int(np.count_nonzero(~np.isfinite(w)))
        raise AssertionError(f"{what}: expected finite weights, got {bad} NaN or inf of "
                             f"{w.size}" if w.size else f"{what}: no weights (an empty array)")
    n = w.size
    target = np.sqrt(2.0 / fan_in)
    std, mean = float(np.std(w)), float(np.mean(w))
    # sample std of n normals: relative standard error 1/sqrt(2n); allow 6 of them
    tol = 6 / np.sqrt(2 * n)
    ratio = std / target
    if abs(ratio - 1) > tol:
        said = witness.said() if witness else ""
        raise AssertionError(
            f"{what}: weight std {std:.5g}, expected sqrt(2 / fan_in) = sqrt(2 / {fan_in}) = "
            f"{target:.5g} (ratio {ratio:.4f}, allowed 1 +- {tol:.4f}; fan_in = {fan_in_is})"
            + said
        )
    if abs(mean) > 6 * target / np.sqrt(n):
        raise AssertionError(f"{what}: weight mean {mean:.4g}, expected about 0 "
                             f"(|mean| < {6 * target / np.sqrt(n):.3g}): use standard normals")


# ---------------------------------------------------------------- contract errors


def summary(value) -> str:
    """A returned value in a few words (an array by its shape and dtype)."""
    if isinstance(value, np.ndarray):
        return f"an array {describe(value)}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def expect_value_error(fn, *args, what: str, why: str, witness=None, **kwargs) -> None:
    """fn(*args, **kwargs) must raise ValueError; anything else fails with `why`, and the
    witness's lines (coursekit.evidence), when one is given."""
    try:
        got = fn(*args, **kwargs)
    except ValueError:
        return
    except Exception as exc:  # NotImplementedError, TypeError, ... arrive as builtins
        said = witness.said() if witness else ""
        raise AssertionError(
            f"{what} must raise ValueError ({why}); it raised {type(exc).__name__}: {exc}{said}"
        ) from exc
    said = witness.said() if witness else ""
    raise AssertionError(f"{what} must raise ValueError ({why}); it returned {summary(got)}"
                         f"{said}")
