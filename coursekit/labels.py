"""Predicted labels, checked before they are scored: an accuracy is earned one image at a
time, so an empty, mis-shaped or non-integer prediction fails instead of scoring NaN.

    acc = accuracy(model.predict(x_test), y_test, what="LeNet5.predict(x_test)")
"""

from __future__ import annotations

import numpy as np

__all__ = ["accuracy", "check_labels"]


def check_labels(got, n: int, what: str, classes: int = 10) -> np.ndarray:
    """got must be an ndarray of n integer labels in 0..classes-1, shape (n,)."""
    __tracebackhide__ = True
    if not isinstance(got, np.ndarray):
        raise AssertionError(f"{what}: expected an np.ndarray of {n} labels, got "
                             f"{type(got).__name__}")
    if got.dtype.kind not in "iu":
        raise AssertionError(f"{what}: expected integer labels, got dtype {got.dtype}\n"
                             "  evidence: floats where integer labels are expected "
                             "(np.argmax returns integers)")
    if got.shape != (n,):
        raise AssertionError(f"{what}: expected one label per image, shape ({n},), got shape "
                             f"{got.shape}")
    outside = (got < 0) | (got >= classes)
    if outside.any():
        first = int(np.argmax(outside))
        raise AssertionError(f"{what}: {int(outside.sum())} labels are not classes "
                             f"0..{classes - 1}, first at [{first}]: {int(got[first])}")
    return got


def accuracy(got, labels, *, what: str, classes: int = 10) -> float:
    """The share of got (checked by check_labels) equal to labels, the true classes (n,)."""
    __tracebackhide__ = True
    labels = np.asarray(labels)
    check_labels(got, len(labels), what, classes)
    return float(np.mean(got == labels))
