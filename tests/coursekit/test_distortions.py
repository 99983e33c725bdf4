"""The paper's random affine distortions (coursekit/distortions.py)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import assert_close
from coursekit.distortions import Ranges, distort, random_affine, warp


def images(n=3, size=8):
    return np.random.default_rng(0).uniform(0, 1, (n, size, size, 1)).astype(np.float32)


def test_identity_and_whole_pixel_shifts_copy_pixels():
    x = images()
    eye = np.tile(np.eye(2), (3, 1, 1))
    assert_close(warp(x, eye, np.zeros((3, 2)), -0.1), x, what="the identity map")
    out = warp(x, eye, np.array([[1.0, 0.0], [0.0, -2.0], [0.0, 0.0]]), -0.1)
    assert_close(out[0, 1:], x[0, :-1], what="moved down one pixel")
    assert_close(out[0, 0], np.full((8, 1), -0.1), what="the row uncovered: background")
    assert_close(out[1, :, :-2], x[1, :, 2:], what="moved left two pixels")
    assert out.dtype == np.float32


def test_far_outside_is_background_and_halfway_is_the_mean():
    x = images()
    eye = np.tile(np.eye(2), (3, 1, 1))
    assert np.all(warp(x, eye, np.full((3, 2), 50.0), -0.1) == np.float32(-0.1))
    half = warp(x, eye, np.array([[0.0, 0.5]] * 3), -0.1)
    assert_close(half[:, :, 1:], (x[:, :, 1:] + x[:, :, :-1]) / 2, rtol=1e-6,
                 what="half a pixel right: bilinear")


def test_random_maps_stay_in_their_ranges():
    rng = np.random.default_rng(1)
    M, t = random_affine(rng, 4000, Ranges(original=0.25))
    identity = np.all(M == np.eye(2), axis=(1, 2)) & np.all(t == 0, axis=1)
    assert 0.2 < identity.mean() < 0.3, "a quarter left undistorted"
    assert np.all(M[:, 0, 1] == 0), "shear is horizontal only: rows never move with columns"
    assert np.abs(t).max() <= 2.0 and np.abs(t).max() > 1.9
    det = np.linalg.det(M[~identity])
    assert det.min() > 0.9**2 * (1 - 0.1**2) - 1e-9 and det.max() < 1.1**2 + 1e-9


def test_distort_keeps_shape_and_dtype_and_follows_the_rng():
    x = images(5, 32)
    a, b = distort(x, np.random.default_rng(3), -0.1), distort(x, np.random.default_rng(3), -0.1)
    assert a.shape == x.shape and a.dtype == x.dtype and np.array_equal(a, b)
    assert not np.array_equal(a, distort(x, np.random.default_rng(4), -0.1))
