"""The paper's distortions (LeCun et al. 1998, section III.C): random planar affine maps.

"Combinations of the following planar affine transformations: horizontal and vertical
translations, scaling, squeezing (simultaneous horizontal compression and vertical
elongation, or the reverse), and horizontal shearing." The paper names the kinds, not
their ranges; RANGES are ours. It added 540,000 distorted images to the 60,000 originals
and kept 20 passes of 60,000: here each training image of a pass is distorted afresh,
except a share `original` (0.1 = 60,000 / 600,000) left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class Ranges:
    """Each parameter is drawn uniformly in +-its range, independently per image."""

    shift: float = 2.0  # pixels, along H and along W
    scale: float = 0.1  # both axes times 1 + s
    squeeze: float = 0.1  # H times 1 + q, W times 1 - q
    shear: float = 0.2  # w moves by shear * (h - centre)
    original: float = 0.1  # the share of images left undistorted


RANGES = Ranges()


def random_affine(rng: np.random.Generator, n: int, ranges: Ranges = RANGES):
    """-> (M: (n, 2, 2), t: (n, 2)) in (h, w) coordinates about the centre: a point p moves
    to M p + t. M = scale * diag(1 + q, 1 - q) @ [[1, 0], [shear, 1]]."""
    u = rng.uniform(-1.0, 1.0, size=(n, 6))
    s = 1 + ranges.scale * u[:, 0]
    q = ranges.squeeze * u[:, 1]
    k = ranges.shear * u[:, 2]
    M = np.zeros((n, 2, 2))
    M[:, 0, 0] = s * (1 + q)
    M[:, 1, 0] = s * (1 - q) * k
    M[:, 1, 1] = s * (1 - q)
    t = ranges.shift * u[:, 3:5]
    keep = u[:, 5] < 2 * ranges.original - 1          # probability `original`
    M[keep], t[keep] = np.eye(2), 0.0
    return M, t


@lru_cache(maxsize=8)
def _grid(H: int, W: int) -> np.ndarray:
    """(2, H*W): the (h, w) of every pixel, about the centre."""
    hh, ww = np.meshgrid(np.arange(H) - (H - 1) / 2, np.arange(W) - (W - 1) / 2, indexing="ij")
    return np.stack([hh.ravel(), ww.ravel()])


def warp(x: np.ndarray, M: np.ndarray, t: np.ndarray, fill: float) -> np.ndarray:
    """x: (B, H, W, C) -> each image moved by its affine map (M[b] p + t[b] about the
    centre), bilinear, with `fill` where the source falls outside. A new array, x's dtype."""
    B, H, W, C = x.shape
    det = M[:, 0, 0] * M[:, 1, 1] - M[:, 0, 1] * M[:, 1, 0]
    inv = np.stack([[M[:, 1, 1], -M[:, 0, 1]], [-M[:, 1, 0], M[:, 0, 0]]]) / det  # (2, 2, B)
    p = _grid(H, W)[:, None, :] - t.T[:, :, None]                    # (2, B, H*W)
    src = np.einsum("ijb,jbn->ibn", inv, p)                          # (2, B, H*W)
    src[0] += (H - 1) / 2
    src[1] += (W - 1) / 2
    low = np.floor(src)
    fh, fw = (src - low).astype(x.dtype)[..., None]                  # (B, H*W, 1) each
    # a ring of fill around the images: every index clipped into it reads the background
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)), constant_values=fill)
    xp = xp.reshape(B, (H + 2) * (W + 2), C)
    lh, lw = low.astype(np.int64) + 1
    h0, h1 = np.clip(lh, 0, H + 1) * (W + 2), np.clip(lh + 1, 0, H + 1) * (W + 2)
    w0, w1 = np.clip(lw, 0, W + 1), np.clip(lw + 1, 0, W + 1)

    def at(h, w):
        return np.take_along_axis(xp, (h + w)[..., None], axis=1)  # (B, H*W, C)

    out = ((1 - fh) * ((1 - fw) * at(h0, w0) + fw * at(h0, w1))
           + fh * ((1 - fw) * at(h1, w0) + fw * at(h1, w1)))
    return out.reshape(B, H, W, C).astype(x.dtype, copy=False)


def distort(x: np.ndarray, rng: np.random.Generator, fill: float,
            ranges: Ranges = RANGES) -> np.ndarray:
    """x: (B, H, W, C) -> every image under its own random affine map (see Ranges)."""
    M, t = random_affine(rng, len(x), ranges)
    return warp(x, M, t, fill)
