"""Expected values for the visible tests, precomputed from the reference.

A visible test may not hold a working implementation of what the learner writes (they
could paste it into the stub), so where it needs the right answer for random inputs it
reads it from `stages/s13_cnn/<part>/expected.npz`. The instructor's
`uv run python -m grader.hidden.expected_values` computes those files with the reference;
`tests/coursekit/test_expected.py` checks that they are current.

This module holds what both sides share: the cases (geometries, seeds and dtypes, no
answers), the inputs built from them, and the reader.

    case = CONV_CASES[0]
    x, w, b, dout = case.inputs()
    expected = lookup("conv", case.name, "out")
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from coursekit.checks import readonly
from coursekit.seam import PROJECT_ROOT
from coursekit.strategies import ConvGeometry, PoolGeometry, distinct_array, normal_array

STAGE = PROJECT_ROOT / "stages" / "s13_cnn"
DTYPES = (np.float64, np.float32)


def expected_file(part: str):
    return STAGE / part / "expected.npz"


@cache
def _load(part: str) -> dict[str, np.ndarray]:
    path = expected_file(part)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the expected values of the {part} tests")
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def lookup(part: str, case: str, quantity: str) -> np.ndarray:
    """The reference's `quantity` for `case` (read-only)."""
    return readonly(_load(part)[f"{case}.{quantity}"])


@dataclass(frozen=True)
class ConvCase:
    """One convolution (or im2col) geometry with seeded inputs."""

    name: str
    g: ConvGeometry
    seed: int
    dtype: type = np.float64

    def inputs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Read-only x, w, b and dout."""
        g, s, d = self.g, self.seed, self.dtype
        return readonly(
            normal_array(s, g.x_shape, d),
            normal_array(s + 1, g.w_shape, d),
            normal_array(s + 2, (g.F,), d),
            normal_array(s + 3, g.out_shape, d),
        )

    def cols(self) -> np.ndarray:
        """Read-only cols of im2col's shape, the input of col2im."""
        return readonly(normal_array(self.seed + 4, self.g.cols_shape, self.dtype))


@dataclass(frozen=True)
class PoolCase:
    """One pooling geometry with seeded inputs: distinct values, or many ties."""

    name: str
    g: PoolGeometry
    seed: int
    dtype: type = np.float64
    ties: bool = False

    def inputs(self) -> tuple[np.ndarray, np.ndarray]:
        """Read-only x and dout."""
        g, s, d = self.g, self.seed, self.dtype
        if self.ties:  # values from {0, 1, 2}: ties in most windows
            x = np.random.default_rng(s).integers(0, 3, g.x_shape).astype(d)
        else:
            x = distinct_array(s, g.x_shape, d)
        return readonly(x, normal_array(s + 1, g.out_shape, d))


def _conv_geometries(n: int, seed: int) -> list[ConvGeometry]:
    """Valid geometries like coursekit.strategies.conv_geometries, drawn by a seeded rng."""
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(n):
        N, H, W, C, F = rng.integers(1, [3, 8, 8, 4, 4])
        pad, stride = int(rng.integers(0, 3)), int(rng.integers(1, 4))
        KH = int(rng.integers(1, min(4, H + 2 * pad) + 1))
        KW = int(rng.integers(1, min(4, W + 2 * pad) + 1))
        found.append(ConvGeometry(int(N), int(H), int(W), int(C), KH, KW, int(F), stride, pad))
    return found


def _pool_geometries(n: int, seed: int) -> list[PoolGeometry]:
    """Geometries like coursekit.strategies.pool_geometries, drawn by a seeded rng."""
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(n):
        N, C, PH, PW = (int(v) for v in rng.integers(1, [3, 4, 4, 4]))
        H, W = int(rng.integers(PH, 8)), int(rng.integers(PW, 8))
        stride = int(rng.integers(1, 4))
        found.append(PoolGeometry(N, H, W, C, PH, PW, None if PH == PW and stride == 3 else stride))
    return found


def _random_conv_cases(prefix: str, n: int, seed: int) -> tuple[ConvCase, ...]:
    return tuple(
        ConvCase(f"{prefix}{i:02d}", g, seed + 10 * i, DTYPES[i % 2])
        for i, g in enumerate(_conv_geometries(n, seed))
    )


# im2col and col2im: random geometries (stride > 1, pad > 0, C = 1, N = 1 among them)
IM2COL_CASES = _random_conv_cases("random", 24, 2013)

# conv: random geometries, then the fixed ones the layer tests use
CONV_LAYER = ConvCase("layer", ConvGeometry(2, 7, 6, 3, 3, 2, 4, 2, 1), 3)
CONV_PARAMS = ConvCase("params", ConvGeometry(1, 5, 5, 2, 3, 3, 2, 1, 1), 4)
CONV_FIRST_LAYER = ConvCase("first_layer", ConvGeometry(2, 6, 5, 1, 3, 3, 2, 1, 0), 9)
CONV_LAYER_F32 = ConvCase("layer_f32", CONV_LAYER.g, 3, np.float32)
CONV_CASES = _random_conv_cases("random", 24, 3013) + (
    CONV_LAYER,
    CONV_LAYER_F32,
    CONV_PARAMS,
    CONV_FIRST_LAYER,
)
CONV2D_INIT = ((3, 5, (3, 2)), 7)  # Conv2D(3, 5, (3, 2), rng=7): its w is stored as "init.w"

# pooling: random geometries with distinct values, the same with ties, the layer case
POOL_LAYER = PoolGeometry(2, 7, 6, 3, 3, 2, 2)
POOL_CASES = (
    tuple(
        PoolCase(f"random{i:02d}", g, 4013 + 10 * i, DTYPES[i % 2])
        for i, g in enumerate(_pool_geometries(24, 4013))
    )
    + tuple(
        PoolCase(f"ties{i:02d}", g, 5013 + 10 * i, ties=True)
        for i, g in enumerate(_pool_geometries(12, 5013))
    )
    + tuple(PoolCase(f"layer_{np.dtype(d).name}", POOL_LAYER, 8, d) for d in DTYPES)
)
GLOBAL_POOL_SHAPES = ((1, 1, 1, 1), (2, 3, 4, 2), (1, 7, 5, 3), (2, 7, 6, 3))  # seeds 0, 1, ...

# lenet: LeNet5(rng=LENET_INIT_SEED), its c1.w and c3.w are stored, and its logits for
# lenet_images() ("forward.logits")
LENET_INIT_SEED = 3
# LeNet5's parameters, in the order params() yields them, and their shapes (README, part 5)
LENET_PARAM_SHAPES = {
    "c1.w": (5, 5, 1, 6),
    "c1.b": (6,),
    "c3.w": (5, 5, 6, 16),
    "c3.b": (16,),
    "c5.w": (5, 5, 16, 120),
    "c5.b": (120,),
    "f6.w": (120, 84),
    "f6.b": (84,),
    "f7.w": (84, 10),
    "f7.b": (10,),
}
LENET_IMAGES = (2, 4)  # (number of images, seed)


LENET_PREDICT = (0, 5, 8)  # LeNet5(rng=0).predict of lenet_images(5, 8) is stored: 3 classes


def lenet_images(n: int = LENET_IMAGES[0], seed: int = LENET_IMAGES[1]) -> np.ndarray:
    """Read-only float64 (n, 28, 28, 1) images; by default the input of the stored logits."""
    return readonly(normal_array(seed, (n, 28, 28, 1), np.float64))


def global_pool_inputs(i: int) -> tuple[np.ndarray, np.ndarray]:
    """Read-only x of GLOBAL_POOL_SHAPES[i] and dout (N, C)."""
    shape, dtype = GLOBAL_POOL_SHAPES[i], DTYPES[i % 2]
    dout_shape = (shape[0], shape[3])
    return readonly(normal_array(100 + i, shape, dtype), normal_array(200 + i, dout_shape, dtype))
