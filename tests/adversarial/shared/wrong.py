"""The learner's honest but wrong padding code: output sizes ignore kernel, stride and pad;
same_pad returns 0; pad2d loses x and value. It earns a little partial credit on its own
(the control), which the attack must neither add to nor take away.
"""

from s13_cnn.padding.padding import normalize_pad, np  # where it is appended

# ---- appended to the submission below this line

def output_size(size, kernel, stride=1, pad=0):
    return size  # wrong: kernel, stride and pad ignored


def same_pad(kernel):
    return 0  # wrong for every kernel but 1


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array, got shape {x.shape}")
    (top, bottom), (left, right) = normalize_pad(pad)
    n, h, w, c = x.shape
    return np.zeros((n, h + top + bottom, w + left + right, c), dtype=x.dtype)  # no x, no value
