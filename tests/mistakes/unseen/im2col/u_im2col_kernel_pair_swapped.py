"""im2col unpacks the kernel pair as (KW, KH), so a non-square kernel is taken with its height
and width exchanged.
"""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

CONCEPT = "non-square kernel: KH and KW swapped"
NAMED_BY = ("kh and kw", "kw and kh", "(kw, kh)", "height and width", "non-square",
            "kernel transposed")
LISTED = False


def im2col(x, kernel, stride=1, pad=0):
    KW, KH = kernel_pair(kernel)
    return reference_im2col(x, (KH, KW), stride, pad)
