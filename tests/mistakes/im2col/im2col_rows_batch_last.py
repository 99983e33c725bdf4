"""im2col loops over the images innermost: rows in (h_out, w_out, n) order."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

DIAGNOSIS = (
    "rows in (h_out, w_out, n) order, the image loop innermost: rows run in (n, h_out, w_out) "
    "order"
)


def im2col(x, kernel, stride=1, pad=0):
    cols = reference_im2col(x, kernel, stride, pad)
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out, W_out = output_size(H, KH, stride, pad), output_size(W, KW, stride, pad)
    return cols.reshape(N, H_out, W_out, -1).transpose(1, 2, 0, 3).reshape(cols.shape)
