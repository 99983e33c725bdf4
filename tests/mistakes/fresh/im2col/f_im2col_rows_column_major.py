"""im2col loops over the output columns before the output rows, so its rows come in
(n, w_out, h_out) order.
"""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

CONCEPT = "rows in (n, w_out, h_out) order"
NAMED_BY = ("(n, w_out, h_out)", "w_out, h_out", "row order", "order of the rows",
            "rows in", "h_out and w_out swapped", "loops swapped")
LISTED = True


def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out, W_out = output_size(H, KH, stride, pad), output_size(W, KW, stride, pad)
    cols = reference_im2col(x, kernel, stride, pad)
    return cols.reshape(N, H_out, W_out, -1).transpose(0, 2, 1, 3).reshape(cols.shape)
