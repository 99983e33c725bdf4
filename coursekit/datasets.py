"""Datasets ready for the CNN: MNIST, or scikit-learn's digits when MNIST is absent.

Images are float32 NHWC ``(N, 28, 28, 1)`` with pixel values scaled to [0, 1]
(MNIST: ``x / 255``; digits: ``x / 16``); labels are int64 digits 0..9. Call
:func:`normalize` to standardise with MNIST's mean and standard deviation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from coursekit.mnist import MnistNotFoundError, load_mnist, mnist_dir

__all__ = ["MNIST_MEAN", "MNIST_STD", "Dataset", "load_dataset", "load_digits_28", "normalize"]

MNIST_MEAN = 0.1307  # mean of the [0, 1]-scaled MNIST training pixels
MNIST_STD = 0.3081  # their standard deviation
DIGITS_SEED = 0
DIGITS_TEST_FRACTION = 0.2


@dataclass(frozen=True, eq=False)
class Dataset:
    """Train and test arrays with a name (``"mnist"`` or ``"digits"``) and a note."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    note: str


def normalize(x: np.ndarray) -> np.ndarray:
    """Standardise [0, 1] images with MNIST's mean and std; returns float32."""
    return ((np.asarray(x, dtype=np.float32) - MNIST_MEAN) / MNIST_STD).astype(np.float32)


def load_dataset(
    prefer: str = "mnist",
    allow_fallback: bool = True,
    download: bool = False,
    *,
    data_dir: str | os.PathLike[str] | None = None,
) -> Dataset:
    """Load MNIST (``prefer="mnist"``) or the 28x28 digits (``prefer="digits"``).

    Only when MNIST is absent (:class:`~coursekit.mnist.MnistNotFoundError`) and
    ``allow_fallback`` is true are the digits returned instead, with a note saying so.
    A corrupt MNIST file raises; it never falls back.
    """
    if prefer == "digits":
        return load_digits_28("scikit-learn's 8x8 digits upscaled to 28x28, as requested.")
    if prefer != "mnist":
        raise ValueError(f"prefer must be 'mnist' or 'digits', not {prefer!r}")
    try:
        x_train, y_train = load_mnist("train", data_dir, download=download)
        x_test, y_test = load_mnist("test", data_dir, download=download)
    except MnistNotFoundError as exc:
        if not allow_fallback:
            raise
        return load_digits_28(
            f"MNIST was not found (looked in {mnist_dir(data_dir)}; set MNIST_DIR to a "
            "folder with the IDX files). Using scikit-learn's 8x8 digits upscaled to "
            "28x28 instead: accuracy reported here is on those digits, not on MNIST. "
            f"Details: {exc}"
        )
    return Dataset(
        name="mnist",
        x_train=_to_nhwc(x_train, 255.0),
        y_train=y_train.astype(np.int64),
        x_test=_to_nhwc(x_test, 255.0),
        y_test=y_test.astype(np.int64),
        note=f"MNIST from {mnist_dir(data_dir)} ({len(y_train)} train, {len(y_test)} test).",
    )


def load_digits_28(
    note: str = "scikit-learn's 8x8 digits upscaled to 28x28, not MNIST.",
) -> Dataset:
    """scikit-learn's 1,797 digits as 28x28 images, split 80/20 with a fixed seed.

    Each 8x8 image is upscaled 3x by pixel repetition to 24x24 and padded by 2 pixels
    of zeros on each side; the split is stratified by label.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    big = np.kron(digits.images, np.ones((1, 3, 3)))  # (N, 24, 24), values 0..16
    images = np.pad(big, ((0, 0), (2, 2), (2, 2)))
    labels = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        images,
        labels,
        test_size=DIGITS_TEST_FRACTION,
        random_state=DIGITS_SEED,
        stratify=labels,
    )
    return Dataset(
        name="digits",
        x_train=_to_nhwc(x_train, 16.0),
        y_train=y_train,
        x_test=_to_nhwc(x_test, 16.0),
        y_test=y_test,
        note=note,
    )


def _to_nhwc(images: np.ndarray, scale: float) -> np.ndarray:
    return (images.astype(np.float32) / np.float32(scale))[..., None]
