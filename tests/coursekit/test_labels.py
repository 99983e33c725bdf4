"""An accuracy is earned one image at a time: degenerate predictions fail, never score NaN."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit.labels import accuracy, check_labels

TRUTH = np.array([3, 1, 4, 1, 5])


@pytest.mark.parametrize(
    "predicted, message",
    [
        (np.zeros((0, 1), np.int64), "one label per image, shape \\(5,\\), got shape \\(0, 1\\)"),
        (np.zeros(0, np.int64), "got shape \\(0,\\)"),
        (TRUTH[:, None], "got shape \\(5, 1\\)"),
        (TRUTH.astype(float), "integer labels, got dtype float64"),
        (TRUTH.astype(object), "integer labels, got dtype object"),
        (np.array([3, 1, 4, 1, 10]), "1 labels are not classes 0..9, first at \\[4\\]: 10"),
        (np.array([-1, 1, 4, 1, 5]), "first at \\[0\\]: -1"),
        ([3, 1, 4, 1, 5], "expected an np.ndarray of 5 labels, got list"),
    ],
    ids=["empty-0x1", "empty", "column", "float", "object", "class-10", "negative", "list"],
)
def test_degenerate_predictions_fail(predicted, message):
    with pytest.raises(AssertionError, match=message):
        accuracy(predicted, TRUTH, what="predict")


def test_accuracy_counts_the_right_labels():
    assert accuracy(np.array([3, 1, 4, 0, 0]), TRUTH, what="predict") == pytest.approx(0.6)
    assert accuracy(np.zeros(5, np.int32), TRUTH, what="predict") == 0.0
    assert check_labels(TRUTH, 5, "predict") is TRUTH
