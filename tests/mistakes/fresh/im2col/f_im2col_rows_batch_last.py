"""im2col stacks its rows in (h_out, w_out, n) order, the batch index varying fastest,
instead of (n, h_out, w_out).
"""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

CONCEPT = "rows in (h_out, w_out, n) order: batch index innermost"
NAMED_BY = ("(h_out, w_out, n)", "h_out, w_out, n", "batch index", "batch axis",
            "row order", "order of the rows", "n last", "rows in")
LISTED = False


def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out, W_out = output_size(H, KH, stride, pad), output_size(W, KW, stride, pad)
    cols = reference_im2col(x, kernel, stride, pad)
    return cols.reshape(N, H_out, W_out, -1).transpose(1, 2, 0, 3).reshape(cols.shape)
