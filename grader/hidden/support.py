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

from coursekit.checks import readonly

PROFILE_ENV = "S13_HYPOTHESIS_PROFILE"
DEFAULT_PROFILE = "grading"  # the hidden suites are the grader's: derandomized by default


def _registered(name: str) -> bool:
    try:
        settings.get_profile(name)
    except Exception:
        return False
    return True


def load_hypothesis_profile() -> str:
    """Load the profile named by S13_HYPOTHESIS_PROFILE (default "grading").

    The profiles come from coursekit.strategies; where it is missing, equivalent ones are
    registered here so that the suites still run derandomized.
    """
    try:
        import coursekit.strategies  # noqa: F401  (registers "learner" and "grading")
    except ImportError:
        pass
    common = dict(deadline=None, database=None, print_blob=False,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    if not _registered("grading"):
        settings.register_profile("grading", derandomize=True, max_examples=100, **common)
    if not _registered("learner"):
        settings.register_profile("learner", max_examples=25, **common)
    name = os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE
    settings.load_profile(name)
    return name


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
    return readonly(np.random.default_rng(seed).standard_normal(shape).astype(dtype))


def distinct(seed: int, shape, dtype=np.float64, gap: float = 0.05) -> np.ndarray:
    """Read-only values that are all different (at least `gap` apart), centred on 0:
    no ties for max pooling, and no argmax change under a 1e-6 perturbation."""
    n = int(np.prod(shape))
    values = (np.random.default_rng(seed).permutation(n) - n / 2) * gap
    return readonly(values.reshape(shape).astype(dtype))


# ---------------------------------------------------------------- geometry

KERNELS = st.integers(1, 7)
STRIDES = st.integers(1, 3)
PADS = st.integers(0, 3)
BATCH = st.integers(1, 4)
CHANNELS = st.integers(1, 8)
SEEDS = st.integers(0, 2**31 - 1)


@st.composite
def conv_geometry(draw, max_size: int = 13, max_channels: int = 8) -> dict:
    """N, H, W, C, F, KH, KW, stride, pad such that at least one window fits.

    Kernels 1..7 (square or not), stride 1..3, pad 0..3, N 1..4, C and F 1..8; H and W
    mostly odd (where the off-by-ones of the output size live), at most max_size.
    """
    KH, KW = draw(KERNELS), draw(KERNELS)
    stride, pad = draw(STRIDES), draw(PADS)
    H = draw(_size(max(1, KH - 2 * pad), max_size))
    W = draw(_size(max(1, KW - 2 * pad), max_size))
    return dict(
        N=draw(BATCH), H=H, W=W, C=draw(st.integers(1, max_channels)),
        F=draw(st.integers(1, max_channels)), KH=KH, KW=KW, stride=stride, pad=pad,
    )


@st.composite
def pool_geometry(draw, max_size: int = 13) -> dict:
    """N, H, W, C, PH, PW, stride: windows 1..4 (square or not), stride 1..3 or None
    (= the window, square pools only); H and W need not be multiples of the stride."""
    PH = draw(st.integers(1, 4))
    square = draw(st.booleans())
    PW = PH if square else draw(st.integers(1, 4))
    stride = draw(st.one_of(st.none(), STRIDES)) if PH == PW else draw(STRIDES)
    H = draw(_size(PH, max_size))
    W = draw(_size(PW, max_size))
    pool = PH if PH == PW and draw(st.booleans()) else (PH, PW)
    return dict(N=draw(BATCH), H=H, W=W, C=draw(CHANNELS), PH=PH, PW=PW, pool=pool,
                stride=stride)


def _size(low: int, high: int) -> st.SearchStrategy[int]:
    """Sizes in [low, high], odd ones three times as likely as even ones."""
    high = max(low, high)
    odd = [v for v in range(low, high + 1) if v % 2]
    even = [v for v in range(low, high + 1) if not v % 2]
    choices = [st.sampled_from(odd)] * 3 if odd else []
    choices += [st.sampled_from(even)] if even else []
    return st.one_of(choices)


def out_size(size: int, kernel: int, stride: int, pad: int = 0) -> int:
    """The grader's own output size: floor((size + 2 pad - kernel) / stride) + 1."""
    return (size + 2 * pad - kernel) // stride + 1


# ---------------------------------------------------------------- contract errors


def summary(value) -> str:
    """A returned value in a few words (an array by its shape and dtype)."""
    if isinstance(value, np.ndarray):
        return f"an array {describe(value)}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def expect_value_error(fn, *args, what: str, why: str, **kwargs) -> None:
    """fn(*args, **kwargs) must raise ValueError; anything else fails with `why`."""
    try:
        got = fn(*args, **kwargs)
    except ValueError:
        return
    except Exception as exc:  # NotImplementedError, TypeError, ... arrive as builtins
        raise AssertionError(
            f"{what} must raise ValueError ({why}); it raised {type(exc).__name__}: {exc}"
        ) from exc
    raise AssertionError(f"{what} must raise ValueError ({why}); it returned {summary(got)}")
