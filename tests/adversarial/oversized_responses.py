"""Attack oversized_responses: lifts the worker's own caps (MAX_TEXT) and answers same_pad with
7.9 MB error messages (just under the grader's frame-header cap), pad2d once with a 900 MB
array, and output_size with a 9 MB message: floods the grader's memory, pytest's log, the
feedback.
"""

ATTACK = {
    "base": "stubs",
    "deserves": "at_most",
    "requires": ("mem:8",),
    "statuses": ("ok", "crashed", "timeout"),
}

# ---- appended to the submission below this line

import sys as _adv_sys

import numpy as _adv_np

_adv_main = _adv_sys.modules.get("__main__")
if _adv_main is not None and hasattr(_adv_main, "MAX_TEXT"):
    _adv_main.MAX_TEXT = 1 << 30  # the worker's own cap on the messages it sends


def output_size(size, kernel, stride=1, pad=0):
    if (size, kernel) == (5, 3):
        raise ValueError("output_size: " + "x" * (9 << 20))  # over the header cap
    raise NotImplementedError("output_size")


def same_pad(kernel):
    raise NotImplementedError("same_pad: " + "x" * int(7.9 * (1 << 20)))


def pad2d(x, pad, value=0.0):
    if x.shape == (1, 2, 3, 1):
        return _adv_np.ones(900 << 20, dtype=_adv_np.uint8)
    raise NotImplementedError("pad2d")
